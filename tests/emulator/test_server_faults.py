"""Emulator core, test hooks (PROTOCOL.md §6.11): faults, listening, injected indications,
plant reloads and statistics."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from aiocamedomotic.emulator import CameEmulator, Variants

from .server_raw import RawClient, ScriptedPlant, connect, scripted_plant


@pytest.fixture
async def emu() -> AsyncIterator[CameEmulator]:
    async with CameEmulator(scripted_plant()) as emulator:
        yield emulator


@pytest.fixture
async def raw(emu: CameEmulator) -> AsyncIterator[RawClient]:
    async with connect(emu) as client:
        yield client


# --------------------------------------------------------------------------- fail_next


async def test_fail_next_answers_the_ack_in_the_shape_of_the_request(
    emu: CameEmulator, raw: RawClient
) -> None:
    session_id = await raw.login()
    emu.fail_next(8)
    assert await raw.data(session_id, "echo_req") == {"sl_data_ack_reason": 8}
    emu.fail_next(3, cmd_name="sl_registration_req")
    refused = await raw.session_cmd("sl_registration_req", None, sl_login="admin", sl_pwd="admin")
    assert refused == {"sl_cmd": "sl_registration_ack", "sl_data_ack_reason": 3}
    # Not processed: the session is still valid and no login was counted.
    assert (await raw.data(session_id, "echo_req"))["sl_data_ack_reason"] == 0
    assert emu.stats.logins == 1
    assert emu.stats.faults["ack"] == 2


async def test_fail_next_count_and_cmd_name_filter(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    emu.fail_next(11, count=2, cmd_name="bare_req")
    assert (await raw.data(session_id, "echo_req"))["sl_data_ack_reason"] == 0
    assert await raw.data(session_id, "bare_req") == {"sl_data_ack_reason": 11}
    assert await raw.data(session_id, "bare_req") == {"sl_data_ack_reason": 11}
    assert (await raw.data(session_id, "bare_req"))["sl_data_ack_reason"] == 0
    assert emu.armed_faults == []


async def test_faults_apply_in_the_order_they_were_armed(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    emu.fail_next(9)
    emu.http_error(503)
    assert await raw.data(session_id, "echo_req") == {"sl_data_ack_reason": 9}
    assert (await raw.send({"command": "{}"}))[0] == 503
    emu.fail_next(9, count=None)
    assert await raw.data(session_id, "echo_req") == {"sl_data_ack_reason": 9}
    assert await raw.data(session_id, "echo_req") == {"sl_data_ack_reason": 9}
    emu.clear_faults()
    assert (await raw.data(session_id, "echo_req"))["sl_data_ack_reason"] == 0


# --------------------------------------------------------------------------- broken replies


async def test_http_error(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    emu.http_error(500, count=2)
    for _ in range(2):
        status, _, _ = await raw.send({"command": json.dumps({"sl_cmd": "sl_keep_alive_req"})})
        assert status == 500
    assert (await raw.session_cmd("sl_keep_alive_req", session_id))["sl_data_ack_reason"] == 0
    with pytest.raises(ValueError, match="400-599"):
        emu.http_error(200)


async def test_invalid_json(emu: CameEmulator, raw: RawClient) -> None:
    await raw.login()
    emu.invalid_json()
    status, ctype, body = await raw.send({"command": json.dumps({"sl_cmd": "sl_keep_alive_req"})})
    assert (status, ctype) == (200, "application/json; charset=utf-8")
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)
    assert emu.stats.session_commands["sl_keep_alive_req"] == 1


async def test_truncated_json_is_processed_then_cut(emu: CameEmulator, raw: RawClient) -> None:
    emu.truncated_json(cmd_name="sl_registration_req")
    login = {"sl_cmd": "sl_registration_req", "sl_login": "admin", "sl_pwd": "admin"}
    status, _, body = await raw.send({"command": json.dumps(login)})
    assert status == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)
    assert body.startswith(b'{"sl_cmd":"sl_registration_ack"')
    assert emu.stats.logins == 1  # the login happened: a slot is taken
    assert emu.stats.sessions == 1


async def test_reset_connection_mid_body(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    emu.reset_connection()
    with pytest.raises(aiohttp.ClientPayloadError):
        await raw.data(session_id, "emit_req", n=1)
    # Processed before the connection dropped: the indication was emitted.
    assert emu.stats.indications == 1
    assert (await raw.data(session_id, "echo_req"))["sl_data_ack_reason"] == 0


# --------------------------------------------------------------------------- faults on long polls


async def test_faults_hit_long_polls_and_lose_nothing_when_not_processed(
    emu: CameEmulator, raw: RawClient
) -> None:
    session_id = await raw.login()
    emu.inject_indication({"cmd_name": "test_ind", "n": 1})
    emu.http_error(502, cmd_name="status_update_req")
    emu.fail_next(8, cmd_name="status_update_req")
    emu.invalid_json(cmd_name="status_update_req")
    assert (await raw.send(_poll_form(session_id)))[0] == 502
    assert await raw.poll(session_id) == {"sl_data_ack_reason": 8}
    assert (await raw.send(_poll_form(session_id)))[2].startswith(b"<html>")
    # None of those drained the queue.
    assert (await raw.poll(session_id))["result"] == [{"cmd_name": "test_ind", "n": 1}]


async def test_reset_connection_on_a_held_poll(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    emu.reset_connection(cmd_name="status_update_req")
    held = asyncio.create_task(raw.poll(session_id))
    await emu.wait_for_pending_poll(session_id)
    emu.inject_indication({"cmd_name": "test_ind", "n": 1})
    with pytest.raises(aiohttp.ClientPayloadError):
        await held


def _poll_form(session_id: str) -> dict[str, str]:
    message = {
        "sl_cmd": "sl_data_req",
        "sl_client_id": session_id,
        "sl_appl_msg": {"cmd_name": "status_update_req", "cseq": 1},
    }
    return {"command": json.dumps(message)}


# --------------------------------------------------------------------------- delays


async def test_delay_replies_for_a_count(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    emu.delay_replies(30, count=1)
    with pytest.raises(asyncio.TimeoutError):
        await raw.data(session_id, "echo_req", seconds=0.1)
    # The delay was used up by that request: the next one is answered at once.
    assert (await raw.data(session_id, "echo_req"))["sl_data_ack_reason"] == 0
    assert emu.stats.faults["delay"] == 1


async def test_delay_replies_until_cleared(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    emu.delay_replies(30, cmd_name="echo_req")
    for _ in range(2):
        with pytest.raises(asyncio.TimeoutError):
            await raw.data(session_id, "echo_req", seconds=0.1)
    assert (await raw.data(session_id, "bare_req"))["sl_data_ack_reason"] == 0  # not matched
    emu.delay_replies(0)
    assert (await raw.data(session_id, "echo_req"))["sl_data_ack_reason"] == 0


async def test_delay_on_a_poll_keeps_the_queue(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    emu.inject_indication({"cmd_name": "test_ind", "n": 1})
    emu.delay_replies(30, count=1, cmd_name="status_update_req")
    with pytest.raises(asyncio.TimeoutError):
        await raw.poll(session_id, seconds=0.1)
    assert (await raw.poll(session_id))["result"] == [{"cmd_name": "test_ind", "n": 1}]


# --------------------------------------------------------------------------- listening


async def test_stop_and_start_listening(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    port = emu.port
    await emu.stop_listening()
    # The kept-alive connection is closed (a request on it may race the close and see a
    # disconnection); a new connection is refused.
    with pytest.raises(aiohttp.ClientConnectionError):
        await raw.session_cmd("sl_keep_alive_req", session_id)
    async with connect(emu) as fresh:
        with pytest.raises(aiohttp.ClientConnectorError):
            await fresh.session_cmd("sl_keep_alive_req", session_id)
    await emu.start_listening()
    assert emu.port == port
    # An outage is not a reboot: the session is still there.
    assert (await raw.session_cmd("sl_keep_alive_req", session_id))["sl_data_ack_reason"] == 0


async def test_stop_listening_drops_a_held_poll(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    held = asyncio.create_task(raw.poll(session_id))
    await emu.wait_for_pending_poll(session_id)
    await emu.stop_listening()
    with pytest.raises(aiohttp.ClientError):
        await held
    emu.inject_indication({"cmd_name": "test_ind", "n": 1})
    await emu.start_listening()
    assert (await raw.poll(session_id))["result"] == [{"cmd_name": "test_ind", "n": 1}]


# --------------------------------------------------------------------------- indications, plants


async def test_inject_indication_accepts_any_name(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    variant = {"cmd_name": "light_update_ind", "act_id": 1, "status": 1}
    emu.inject_indication(variant)
    variant["status"] = 0  # later changes by the caller do not leak into the queue
    assert (await raw.poll(session_id))["result"] == [
        {"cmd_name": "light_update_ind", "act_id": 1, "status": 1}
    ]


async def test_reload_plant_swaps_the_plant_and_signals_it(
    emu: CameEmulator, raw: RawClient
) -> None:
    session_id = await raw.login()
    old = emu.plant
    new = scripted_plant(users={"admin": "admin", "newbie": "pw-n"})
    emu.reload_plant(new)
    assert emu.plant is new
    assert (await raw.poll(session_id))["result"] == [{"cmd_name": "plant_update_ind"}]
    await raw.login("newbie", "pw-n")
    old.emit({"cmd_name": "stale_ind"})  # the old plant is no longer heard
    await raw.data(session_id, "emit_req", n=2)  # the new one is
    assert (await raw.poll(session_id))["result"] == [{"cmd_name": "test_ind", "n": 2}]


async def test_plants_from_files_with_variants(tmp_path: Path) -> None:
    path = tmp_path / "plant.json"
    path.write_text(json.dumps({"users": {"admin": "admin", "filed": "pw"}}), encoding="utf-8")
    variants = Variants()
    async with CameEmulator(path, variants=variants) as emu, connect(emu) as raw:
        assert emu.plant.variants is variants
        await raw.login("filed", "pw")
        other = tmp_path / "other.json"
        other.write_text(json.dumps({"users": {"second": "pw2"}}), encoding="utf-8")
        emu.reload_plant(str(other))
        assert emu.plant.variants is variants
        await raw.login("second", "pw2")
    with pytest.raises(ValueError, match="variants"):
        CameEmulator(ScriptedPlant(), variants=variants)


# --------------------------------------------------------------------------- statistics


async def test_stats_count_requests(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    await raw.data(session_id, "echo_req")
    await raw.data(session_id, "echo_req")
    await raw.data(session_id, "nope_req")
    await raw.session_cmd("sl_keep_alive_req", session_id)
    await raw.send(b"command=broken")
    stats = emu.stats
    assert stats.logins == 1
    assert stats.http_requests == 6
    assert stats.requests == {"echo_req": 2, "nope_req": 1}
    assert stats.session_commands == {
        "sl_registration_req": 1,
        "sl_data_req": 3,
        "sl_keep_alive_req": 1,
    }
    assert stats.acks == {0: 4, 9: 1, 4: 1}
    assert stats.sessions == 1
    assert stats.pending_polls == 0
    stats.reset()
    assert (stats.logins, stats.http_requests, stats.requests) == (0, 0, {})
    assert stats.sessions == 1  # live figures are not counters


async def test_wait_until_wakes_on_requests(emu: CameEmulator, raw: RawClient) -> None:
    task = asyncio.create_task(raw.login())
    await emu.wait_until(lambda: emu.stats.logins == 1)
    assert await task in emu.sessions
