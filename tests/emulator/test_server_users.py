"""Emulator core, user commands (PROTOCOL.md §2.5-§2.8): list, add, delete, password change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from aiocamedomotic.emulator import CameEmulator

from .server_raw import RawClient, connect, scripted_plant

GROUPS = [{"group_name": "Residents", "group_id": 3}, {"group_name": "ETI/Domo", "group_id": 1}]


@pytest.fixture
async def raw() -> AsyncIterator[RawClient]:
    plant = scripted_plant(users={"admin": "admin", "family": "pw-f"}, terminal_groups=GROUPS)
    async with CameEmulator(plant) as emu, connect(emu) as client:
        yield client


async def _names(raw: RawClient, session_id: str) -> list[str]:
    reply = await raw.session_cmd("sl_users_list_req", session_id)
    return [user["name"] for user in reply["sl_users_list"]]


async def test_users_list(raw: RawClient) -> None:
    session_id = await raw.login()
    reply = await raw.session_cmd("sl_users_list_req", session_id)
    assert reply == {
        "sl_cmd": "sl_users_list_resp",
        "sl_data_ack_reason": 0,
        "sl_client_id": session_id,
        "sl_users_list": [{"name": "admin"}, {"name": "family"}],  # never a password
    }


@pytest.mark.parametrize("group", [{"sl_group": "Residents"}, {"sl_group": "*"}, {}])
async def test_add_user_then_log_in(raw: RawClient, group: dict[str, str]) -> None:
    session_id = await raw.login()
    reply = await raw.session_cmd(
        "sl_add_user_req", session_id, sl_login="guest", sl_pwd="pw-guest-1", **group
    )
    assert reply == {"sl_cmd": "sl_add_user_ack", "sl_data_ack_reason": 0}
    assert await _names(raw, session_id) == ["admin", "family", "guest"]
    await raw.login("guest", "pw-guest-1")


@pytest.mark.parametrize(
    "fields",
    [
        {"sl_login": "family", "sl_pwd": "x", "sl_group": "*"},  # duplicate
        {"sl_login": "guest", "sl_pwd": "x", "sl_group": "Nobody"},  # unknown group
        {"sl_login": "guest", "sl_group": "*"},  # no password
        {"sl_pwd": "x", "sl_group": "*"},  # no login
        {"sl_login": "", "sl_pwd": "x"},
    ],
)
async def test_add_user_refused(raw: RawClient, fields: dict[str, Any]) -> None:
    session_id = await raw.login()
    reply = await raw.session_cmd("sl_add_user_req", session_id, **fields)
    assert reply == {"sl_cmd": "sl_add_user_ack", "sl_data_ack_reason": 11}
    assert await _names(raw, session_id) == ["admin", "family"]


async def test_delete_user(raw: RawClient) -> None:
    session_id = await raw.login()
    family_session = await raw.login("family", "pw-f")
    reply = await raw.session_cmd("sl_del_user_req", session_id, sl_login="family")
    assert reply == {"sl_cmd": "sl_del_user_ack", "sl_data_ack_reason": 0}
    assert await _names(raw, session_id) == ["admin"]
    refused = await raw.session_cmd("sl_registration_req", None, sl_login="family", sl_pwd="pw-f")
    assert refused["sl_data_ack_reason"] == 1
    # Its live session is kept until it expires (emulator choice, PROTOCOL.md §8.22).
    ka = await raw.session_cmd("sl_keep_alive_req", family_session)
    assert ka["sl_data_ack_reason"] == 0
    unknown = await raw.session_cmd("sl_del_user_req", session_id, sl_login="family")
    assert unknown == {"sl_cmd": "sl_del_user_ack", "sl_data_ack_reason": 11}


async def test_password_change_needs_no_session(raw: RawClient) -> None:
    family_session = await raw.login("family", "pw-f")
    reply = await raw.session_cmd(
        "sl_user_pwd_change_req", None, sl_login="family", sl_pwd="pw-f", sl_new_pwd="pw-f2"
    )
    assert reply == {
        "sl_cmd": "sl_user_pwd_change_ack",
        "sl_user_pwd_change_ack_reason": 0,
        "sl_ack_reason": 0,
        "sl_data_ack_reason": 0,
    }
    old = await raw.session_cmd("sl_registration_req", None, sl_login="family", sl_pwd="pw-f")
    assert old["sl_data_ack_reason"] == 1
    await raw.login("family", "pw-f2")
    # Live sessions survive the change.
    ka = await raw.session_cmd("sl_keep_alive_req", family_session)
    assert ka["sl_data_ack_reason"] == 0
    # With a session id (the JS manual's variant) it works too.
    again = await raw.session_cmd(
        "sl_user_pwd_change_req",
        family_session,
        sl_login="family",
        sl_pwd="pw-f2",
        sl_new_pwd="pw-f3",
    )
    assert again["sl_data_ack_reason"] == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"sl_login": "family", "sl_pwd": "wrong"},
        {"sl_login": "nobody", "sl_pwd": "pw-f"},
        {"sl_pwd": "pw-f"},
    ],
)
async def test_password_change_with_a_wrong_current_password(
    raw: RawClient, fields: dict[str, Any]
) -> None:
    reply = await raw.session_cmd("sl_user_pwd_change_req", None, sl_new_pwd="new", **fields)
    assert reply == {
        "sl_cmd": "sl_user_pwd_change_ack",
        "sl_user_pwd_change_ack_reason": 1,
        "sl_ack_reason": 0,
        "sl_data_ack_reason": 1,
    }
    await raw.login("family", "pw-f")  # unchanged


async def test_password_change_without_a_new_password(raw: RawClient) -> None:
    reply = await raw.session_cmd("sl_user_pwd_change_req", None, sl_login="family", sl_pwd="pw-f")
    assert reply == {"sl_cmd": "sl_user_pwd_change_ack", "sl_data_ack_reason": 11}
