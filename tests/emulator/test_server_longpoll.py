"""Emulator core, long poll (PROTOCOL.md §5.2, §5.4): per-session queues drained by
``status_update_req``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from aiocamedomotic.emulator import CameEmulator

from .server_raw import RawClient, connect, scripted_plant


def ind(n: int) -> dict[str, Any]:
    return {"cmd_name": "test_ind", "n": n}


@pytest.fixture
async def emu() -> AsyncIterator[CameEmulator]:
    async with CameEmulator(scripted_plant()) as emulator:
        yield emulator


@pytest.fixture
async def raw(emu: CameEmulator) -> AsyncIterator[RawClient]:
    async with connect(emu) as client:
        yield client


async def test_pending_indications_are_returned_at_once(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    emu.inject_indication(ind(1))
    emu.inject_indication(ind(2))
    reply = await raw.poll(session_id, cseq=30)
    assert reply == {
        "cmd_name": "status_update_resp",
        "cseq": 30,
        "result": [ind(1), ind(2)],  # chronological order
        "sl_data_ack_reason": 0,
    }
    assert len(emu.sessions[session_id].queue) == 0
    assert emu.stats.requests["status_update_req"] == 1


async def test_an_idle_poll_is_held_until_an_indication(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    poll = asyncio.create_task(raw.poll(session_id))
    await emu.wait_for_pending_poll(session_id)
    # Other requests (other connections) do not release it.
    assert (await raw.session_cmd("sl_keep_alive_req", session_id))["sl_data_ack_reason"] == 0
    assert (await raw.data(session_id, "echo_req"))["sl_data_ack_reason"] == 0
    assert not poll.done()
    assert emu.stats.pending_polls == 1
    emu.inject_indication(ind(1))
    assert (await poll)["result"] == [ind(1)]
    assert emu.stats.pending_polls == 0


async def test_related_indications_share_one_response(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    poll = asyncio.create_task(raw.poll(session_id))
    await emu.wait_for_pending_poll(session_id)
    for n in range(3):
        emu.inject_indication(ind(n))  # within the coalescing delay
    assert (await poll)["result"] == [ind(0), ind(1), ind(2)]


async def test_every_session_gets_every_indication_including_its_own(
    emu: CameEmulator, raw: RawClient
) -> None:
    issuer, other = await raw.login(), await raw.login()
    polls = [asyncio.create_task(raw.poll(s)) for s in (issuer, other)]
    await emu.wait_until(lambda: emu.stats.pending_polls == 2)
    reply = await raw.data(issuer, "emit_req", n=7)  # the plant emits one indication
    assert reply["cmd_name"] == "generic_reply"
    for poll in polls:
        assert (await poll)["result"] == [{"cmd_name": "test_ind", "n": 7}]
    assert emu.stats.indications == 1


async def test_a_second_poll_releases_the_first(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    first = asyncio.create_task(raw.poll(session_id, cseq=1))
    await emu.wait_for_pending_poll(session_id)
    second = asyncio.create_task(raw.poll(session_id, cseq=2))
    assert await first == {
        "cmd_name": "status_update_resp",
        "cseq": 1,
        "result": [],
        "sl_data_ack_reason": 0,
    }
    await emu.wait_for_pending_poll(session_id)
    emu.inject_indication(ind(1))
    assert (await second)["result"] == [ind(1)]


async def test_nothing_is_lost_when_the_client_gives_up(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    with pytest.raises(asyncio.TimeoutError):
        await raw.poll(session_id, seconds=0.1)
    # The server notices the disconnection: the poll is no longer pending...
    await emu.wait_until(lambda: emu.stats.pending_polls == 0)
    emu.inject_indication(ind(1))
    # ...and what arrives meanwhile waits for the next poll.
    assert (await raw.poll(session_id))["result"] == [ind(1)]


async def test_an_abandoned_poll_does_not_drain_the_queue(
    emu: CameEmulator, raw: RawClient
) -> None:
    """Indications that arrive while a dead poll is still held stay queued."""
    session_id = await raw.login()
    dead = asyncio.create_task(raw.poll(session_id))
    await emu.wait_for_pending_poll(session_id)
    dead.cancel()  # the client goes away without an answer
    with pytest.raises(asyncio.CancelledError):
        await dead
    emu.inject_indication(ind(1))
    await emu.wait_until(lambda: emu.stats.pending_polls == 0)
    assert (await raw.poll(session_id))["result"] == [ind(1)]


async def test_the_queue_is_bounded_dropping_the_oldest() -> None:
    async with CameEmulator(scripted_plant(), queue_limit=3) as emu, connect(emu) as raw:
        session_id = await raw.login()
        for n in range(5):
            emu.inject_indication(ind(n))
        assert emu.sessions[session_id].dropped == 2
        assert (await raw.poll(session_id))["result"] == [ind(2), ind(3), ind(4)]


async def test_the_queue_is_dropped_with_its_session(emu: CameEmulator, raw: RawClient) -> None:
    first, second = await raw.login(), await raw.login()
    emu.inject_indication(ind(1))
    await raw.session_cmd("sl_logout_req", first)
    emu.expire_sessions(second)
    assert emu.stats.sessions == 0
    fresh = await raw.login()
    assert (await raw.poll(fresh, timeout=0))["result"] == []  # nothing inherited
    emu.inject_indication(ind(2))
    emu.advance_clock(900)  # expiry drops the queue too
    assert await raw.poll(fresh) == {"sl_data_ack_reason": 8}


async def test_the_wait_is_capped() -> None:
    async with CameEmulator(poll_max_wait=0.05) as emu, connect(emu) as raw:
        session_id = await raw.login()
        reply = await raw.poll(session_id, cseq=9)
    assert reply == {
        "cmd_name": "status_update_resp",
        "cseq": 9,
        "result": [],
        "sl_data_ack_reason": 0,
    }


async def test_a_timeout_field_shortens_the_wait(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    assert (await raw.poll(session_id, timeout=0))["result"] == []
    assert (await raw.poll(session_id, timeout=0.05))["result"] == []
    # An invalid timeout is ignored: the poll is held.
    poll = asyncio.create_task(raw.poll(session_id, timeout="soon"))
    await emu.wait_for_pending_poll(session_id)
    emu.inject_indication(ind(1))
    assert (await poll)["result"] == [ind(1)]


async def test_a_pending_poll_keeps_its_session_alive(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    poll = asyncio.create_task(raw.poll(session_id))
    await emu.wait_for_pending_poll(session_id)
    emu.advance_clock(5000)
    assert session_id in emu.sessions
    emu.inject_indication(ind(1))
    assert (await poll)["result"] == [ind(1)]
    emu.advance_clock(899)  # the end of the poll counted as activity
    assert (await raw.session_cmd("sl_keep_alive_req", session_id))["sl_data_ack_reason"] == 0


async def test_logout_elsewhere_answers_the_pending_poll_ack_8(
    emu: CameEmulator, raw: RawClient
) -> None:
    session_id = await raw.login()
    poll = asyncio.create_task(raw.poll(session_id))
    await emu.wait_for_pending_poll(session_id)
    await raw.session_cmd("sl_logout_req", session_id)
    assert await poll == {"sl_data_ack_reason": 8}


async def test_restart_wipes_sessions_and_answers_polls_ack_8(
    emu: CameEmulator, raw: RawClient
) -> None:
    session_id, poll_session = await raw.login(), await raw.login()
    await raw.session_cmd(
        "sl_add_user_req", session_id, sl_login="guest", sl_pwd="pw", sl_group="*"
    )
    emu.inject_indication(ind(1))  # queued for session_id: wiped by the restart
    held = asyncio.create_task(raw.poll(poll_session))
    assert (await held)["result"] == [ind(1)]
    held = asyncio.create_task(raw.poll(poll_session))
    await emu.wait_for_pending_poll(poll_session)
    emu.restart()
    assert await held == {"sl_data_ack_reason": 8}
    assert emu.stats.sessions == 0
    assert await raw.data(session_id, "echo_req") == {"sl_data_ack_reason": 8}
    assert "guest" in emu.plant.users  # the plant's state is kept
    new_id = await raw.login("guest", "pw")
    assert new_id not in (session_id, poll_session)
    assert (await raw.poll(new_id, timeout=0))["result"] == []
    assert emu.stats.restarts == 1


async def test_restart_can_drop_connections(emu: CameEmulator, raw: RawClient) -> None:
    session_id = await raw.login()
    held = asyncio.create_task(raw.poll(session_id))
    await emu.wait_for_pending_poll(session_id)
    emu.restart(drop_connections=True)
    with pytest.raises(aiohttp.ClientError):
        await held
    assert (await raw.data(session_id, "echo_req")) == {"sl_data_ack_reason": 8}


async def test_stop_answers_pending_polls(raw: RawClient, emu: CameEmulator) -> None:
    session_id = await raw.login()
    held = asyncio.create_task(raw.poll(session_id))
    await emu.wait_for_pending_poll(session_id)
    await emu.stop()
    assert (await held)["result"] == []
