"""Emulator core, session layer (PROTOCOL.md §2, §6.1): login, keep-alive, logout, expiry,
the session limit, the sl_data_req envelope and every ACK with its shape and precedence."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from aiocamedomotic.emulator import CameEmulator

from .server_raw import connect, scripted_plant


@pytest.fixture
async def emu() -> AsyncIterator[CameEmulator]:
    async with CameEmulator(scripted_plant()) as emulator:
        yield emulator


# --------------------------------------------------------------------------- login


async def test_login_answers_a_fresh_session(emu: CameEmulator) -> None:
    async with connect(emu) as raw:
        first = await raw.post(
            {"sl_cmd": "sl_registration_req", "sl_login": "admin", "sl_pwd": "admin"}
        )
        second_id = await raw.login()
    assert set(first) == {
        "sl_cmd",
        "sl_client_id",
        "sl_keep_alive_timeout_sec",
        "sl_data_ack_reason",
    }
    assert first["sl_cmd"] == "sl_registration_ack"
    assert re.fullmatch(r"[0-9a-f]{8}", first["sl_client_id"])
    assert first["sl_keep_alive_timeout_sec"] == 900
    assert first["sl_data_ack_reason"] == 0
    assert second_id != first["sl_client_id"]  # same user, independent sessions
    assert set(emu.sessions) == {first["sl_client_id"], second_id}
    assert emu.sessions[second_id].username == "admin"
    assert emu.stats.logins == 2


async def test_login_with_extra_envelope_fields(emu: CameEmulator) -> None:
    async with connect(emu) as raw:
        reply = await raw.post(
            {
                "sl_cmd": "sl_registration_req",
                "sl_login": "admin",
                "sl_pwd": "admin",
                "sl_appl_msg_type": "domo",
                "sl_appl_msg": {},
                "sl_client_id": "",
            }
        )
    assert reply["sl_data_ack_reason"] == 0


async def test_announced_keep_alive_timeout_is_configurable() -> None:
    async with CameEmulator(keep_alive_timeout=120) as emu, connect(emu) as raw:
        reply = await raw.session_cmd("sl_registration_req", None, sl_login="admin", sl_pwd="admin")
    assert reply["sl_keep_alive_timeout_sec"] == 120


@pytest.mark.parametrize(
    "fields",
    [
        {"sl_login": "admin", "sl_pwd": "wrong"},
        {"sl_login": "nobody", "sl_pwd": "admin"},
        {"sl_login": "admin"},
        {},
        {"sl_login": 1, "sl_pwd": "admin"},
    ],
)
async def test_wrong_credentials_are_ack_1(emu: CameEmulator, fields: dict[str, Any]) -> None:
    async with connect(emu) as raw:
        reply = await raw.session_cmd("sl_registration_req", None, **fields)
    assert reply == {"sl_cmd": "sl_registration_ack", "sl_data_ack_reason": 1}
    assert emu.stats.logins == 0
    assert emu.stats.failed_logins == 1
    assert emu.stats.sessions == 0


async def test_constructor_user_is_added_to_the_plant() -> None:
    async with CameEmulator(username="tester", password="pw-1") as emu, connect(emu) as raw:
        await raw.login("tester", "pw-1")
        await raw.login("admin", "admin")  # the factory user is still there
    assert emu.plant.users["tester"] == "pw-1"
    with pytest.raises(ValueError, match="together"):
        CameEmulator(username="tester")


# --------------------------------------------------------------------------- keep-alive, logout


async def test_keep_alive(emu: CameEmulator) -> None:
    async with connect(emu) as raw:
        session_id = await raw.login()
        reply = await raw.session_cmd("sl_keep_alive_req", session_id)
    assert reply == {
        "sl_cmd": "sl_keep_alive_ack",
        "sl_data_ack_reason": 0,
        "sl_client_id": session_id,
    }


async def test_logout_invalidates_the_session(emu: CameEmulator) -> None:
    async with connect(emu) as raw:
        session_id = await raw.login()
        reply = await raw.session_cmd("sl_logout_req", session_id)
        assert reply == {"sl_cmd": "sl_logout_ack", "sl_ack_reason": 0, "sl_data_ack_reason": 0}
        assert session_id not in emu.sessions
        assert await raw.session_cmd("sl_keep_alive_req", session_id) == {
            "sl_cmd": "sl_keep_alive_ack",
            "sl_data_ack_reason": 8,
        }
        assert await raw.data(session_id, "feature_list_req") == {"sl_data_ack_reason": 8}
    assert emu.stats.logouts == 1


# --------------------------------------------------------------------------- expiry


async def test_sessions_expire_after_inactivity(emu: CameEmulator) -> None:
    async with connect(emu) as raw:
        session_id = await raw.login()
        emu.advance_clock(899)
        # Any accepted request refreshes the timer: a keep-alive, or an application message.
        assert (await raw.session_cmd("sl_keep_alive_req", session_id))["sl_data_ack_reason"] == 0
        emu.advance_clock(899)
        assert (await raw.data(session_id, "echo_req"))["sl_data_ack_reason"] == 0
        emu.advance_clock(899)
        assert session_id in emu.sessions
        emu.advance_clock(1)
        assert session_id not in emu.sessions
        assert await raw.data(session_id, "echo_req") == {"sl_data_ack_reason": 8}


async def test_expire_sessions_hook(emu: CameEmulator) -> None:
    async with connect(emu) as raw:
        first, second, third = [await raw.login() for _ in range(3)]
        assert emu.expire_sessions(first) == 1
        assert emu.expire_sessions(first) == 0
        assert await raw.session_cmd("sl_keep_alive_req", first) == {
            "sl_cmd": "sl_keep_alive_ack",
            "sl_data_ack_reason": 8,
        }
        assert set(emu.sessions) == {second, third}
        assert emu.expire_sessions() == 2
    assert emu.stats.sessions == 0


# --------------------------------------------------------------------------- session limit


async def test_full_session_table_is_ack_3_until_a_slot_frees() -> None:
    async with CameEmulator(max_sessions=2) as emu, connect(emu) as raw:
        first = await raw.login()
        await raw.login()
        full = {"sl_cmd": "sl_registration_ack", "sl_data_ack_reason": 3}
        assert (
            await raw.session_cmd("sl_registration_req", None, sl_login="admin", sl_pwd="admin")
            == full
        )
        # Credentials are checked first: a wrong password is still ACK 1 when the table is full.
        wrong = await raw.session_cmd("sl_registration_req", None, sl_login="admin", sl_pwd="x")
        assert wrong["sl_data_ack_reason"] == 1
        await raw.session_cmd("sl_logout_req", first)  # logout frees a slot
        third = await raw.login()
        assert (
            await raw.session_cmd("sl_registration_req", None, sl_login="admin", sl_pwd="admin")
            == full
        )
        emu.advance_clock(900)  # expiry frees every slot
        await raw.login()
        assert third not in emu.sessions
    assert emu.stats.failed_logins == 3


async def test_fill_and_free_the_session_table() -> None:
    async with CameEmulator(max_sessions=3) as emu, connect(emu) as raw:
        mine = await raw.login()
        assert emu.fill_session_table() == 2
        assert emu.stats.sessions == 3
        refused = await raw.session_cmd(
            "sl_registration_req", None, sl_login="admin", sl_pwd="admin"
        )
        assert refused["sl_data_ack_reason"] == 3
        assert (await raw.session_cmd("sl_keep_alive_req", mine))["sl_data_ack_reason"] == 0
        assert emu.free_session_table() == 2
        assert set(emu.sessions) == {mine}
        await raw.login()
        # Phantoms expire like any session.
        emu.fill_session_table()
        emu.advance_clock(900)
        assert emu.stats.sessions == 0


# --------------------------------------------------------------------------- sl_data_req envelope


async def test_data_req_routes_to_the_plant_with_the_session_user(emu: CameEmulator) -> None:
    async with connect(emu) as raw:
        session_id = await raw.login()
        reply = await raw.data(session_id, "echo_req", cseq=41, act_id=8)
    assert list(reply)[:2] == ["cmd_name", "cseq"]
    assert list(reply)[-1] == "sl_data_ack_reason"
    assert reply["cmd_name"] == "echo_resp"
    assert reply["cseq"] == 41
    assert reply["sl_data_ack_reason"] == 0
    assert reply["username"] == "admin"
    assert reply["msg"]["act_id"] == 8
    assert "sl_cmd" not in reply
    assert "sl_client_id" not in reply
    assert emu.stats.requests["echo_req"] == 1
    assert emu.stats.session_commands["sl_data_req"] == 1


async def test_data_req_tolerances(emu: CameEmulator) -> None:
    """No sl_appl_msg_type, no client, no cseq, empty client, appl_msg_type (§2.9, §6.9)."""
    async with connect(emu) as raw:
        session_id = await raw.login()
        bare = await raw.post(
            {
                "sl_cmd": "sl_data_req",
                "sl_client_id": session_id,
                "sl_appl_msg": {"cmd_name": "echo_req"},
            }
        )
        assert bare["sl_data_ack_reason"] == 0
        assert bare["cseq"] == 0  # no cseq sent: 0
        odd = await raw.data(session_id, "echo_req", client="", appl_msg_type="sicu", cseq=2**40)
        assert odd["sl_data_ack_reason"] == 0
        assert odd["cseq"] == 2**40
        repeated = await raw.data(session_id, "echo_req", cseq=2**40)
        assert repeated["sl_data_ack_reason"] == 0  # cseq is never validated


async def test_bare_ack_from_the_plant(emu: CameEmulator) -> None:
    async with connect(emu) as raw:
        session_id = await raw.login()
        assert await raw.data(session_id, "bare_req", cseq=7) == {
            "cseq": 7,
            "sl_data_ack_reason": 0,
        }


async def test_plant_commands_pass_through(emu: CameEmulator) -> None:
    async with connect(emu) as raw:
        session_id = await raw.login()
        reply = await raw.data(session_id, "feature_list_req")
    assert reply["cmd_name"] == "feature_list_resp"
    assert reply["keycode"] == emu.plant.server["keycode"]


# --------------------------------------------------------------------------- ACK codes


async def _send(emu: CameEmulator, message: Any) -> dict[str, Any]:
    async with connect(emu) as raw:
        status, _, body = await raw.send({"command": json.dumps(message)})
    assert status == 200
    reply: dict[str, Any] = json.loads(body)
    return reply


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ([1, 2], {"sl_data_ack_reason": 4}),
        ("text", {"sl_data_ack_reason": 4}),
        ({"sl_login": "admin"}, {"sl_data_ack_reason": 5}),
        ({"sl_cmd": "sl_bogus_req", "sl_client_id": "x"}, {"sl_data_ack_reason": 6}),
        ({"sl_cmd": 3}, {"sl_data_ack_reason": 6}),
        # 6 before 7: the unknown sl_cmd wins over the missing session id.
        ({"sl_cmd": "sl_bogus_req"}, {"sl_data_ack_reason": 6}),
        ({"sl_cmd": "sl_keep_alive_req"}, {"sl_cmd": "sl_keep_alive_ack", "sl_data_ack_reason": 7}),
        # An empty id is a wrong one (8), not a missing one (§2.12).
        (
            {"sl_cmd": "sl_keep_alive_req", "sl_client_id": ""},
            {"sl_cmd": "sl_keep_alive_ack", "sl_data_ack_reason": 8},
        ),
        (
            {"sl_cmd": "sl_users_list_req"},
            {"sl_cmd": "sl_users_list_resp", "sl_data_ack_reason": 7},
        ),
        ({"sl_cmd": "sl_logout_req"}, {"sl_cmd": "sl_logout_ack", "sl_data_ack_reason": 7}),
        ({"sl_cmd": "sl_add_user_req"}, {"sl_cmd": "sl_add_user_ack", "sl_data_ack_reason": 7}),
        ({"sl_cmd": "sl_del_user_req"}, {"sl_cmd": "sl_del_user_ack", "sl_data_ack_reason": 7}),
        # 7 before 9: no session id and an unknown cmd_name.
        (
            {"sl_cmd": "sl_data_req", "sl_appl_msg": {"cmd_name": "nope_req"}},
            {"sl_data_ack_reason": 7},
        ),
        # 8 before 9: a wrong session id and an unknown cmd_name.
        (
            {"sl_cmd": "sl_data_req", "sl_client_id": "0badc0de", "sl_appl_msg": {"cmd_name": "x"}},
            {"sl_data_ack_reason": 8},
        ),
        (
            {"sl_cmd": "sl_data_req", "sl_client_id": 12345678, "sl_appl_msg": {}},
            {"sl_data_ack_reason": 8},
        ),
        (
            {"sl_cmd": "sl_logout_req", "sl_client_id": "0badc0de"},
            {"sl_cmd": "sl_logout_ack", "sl_data_ack_reason": 8},
        ),
    ],
)
async def test_ack_codes_before_the_session_is_known(
    emu: CameEmulator, message: Any, expected: dict[str, Any]
) -> None:
    assert await _send(emu, message) == expected


@pytest.mark.parametrize(
    ("appl", "expected_ack"),
    [
        ({"cmd_name": "nope_req", "cseq": 1}, 9),
        ({"cseq": 1}, 9),
        ({"cmd_name": 5}, 9),
        ({"cmd_name": "bad_data_req", "cseq": 1}, 11),
        (None, 11),
        ("feature_list_req", 11),
    ],
)
async def test_application_errors(emu: CameEmulator, appl: Any, expected_ack: int) -> None:
    async with connect(emu) as raw:
        session_id = await raw.login()
        message: dict[str, Any] = {"sl_cmd": "sl_data_req", "sl_client_id": session_id}
        if appl is not None:
            message["sl_appl_msg"] = appl
        reply = await raw.post(message)
    assert reply == {"sl_data_ack_reason": expected_ack}  # no cmd_name (§2.13)


async def test_a_plant_crash_is_ack_10_not_http_500(
    emu: CameEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    async with connect(emu) as raw:
        session_id = await raw.login()
        with caplog.at_level(logging.ERROR, logger="aiocamedomotic.emulator"):
            reply = await raw.data(session_id, "crash_req")
        assert reply == {"sl_data_ack_reason": 10}
        assert "plant bug" in caplog.text
        # The session is unharmed.
        assert (await raw.data(session_id, "echo_req"))["sl_data_ack_reason"] == 0
    assert emu.stats.acks[10] == 1


async def test_request_log_lines_name_the_command_but_never_a_password(
    emu: CameEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    async with connect(emu) as raw:
        with caplog.at_level(logging.DEBUG, logger="aiocamedomotic.emulator"):
            session_id = await raw.login("admin", "admin")
            await raw.data(session_id, "echo_req", act_id=8, wanted_status=1)
            await raw.session_cmd(
                "sl_user_pwd_change_req",
                None,
                sl_login="admin",
                sl_pwd="admin",
                sl_new_pwd="s3cr3t-new",
            )
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert "POST sl_registration_req sl_login=admin -> ack 0" in info
    assert "POST sl_data_req echo_req act_id=8 wanted_status=1 -> ack 0" in info
    assert "s3cr3t-new" not in caplog.text
    assert '"sl_pwd": "admin"' not in caplog.text
