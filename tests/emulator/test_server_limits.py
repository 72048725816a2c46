"""Emulator core as a LAN service, over real sockets: connection caps per peer and in all,
the request-head and body timeouts, HTTP 413 for an oversized body, ACK 4 for a
pathologically nested one, and ended sessions forgotten."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest

from aiocamedomotic.emulator import CameEmulator, Limits
from aiocamedomotic.emulator.sessions import SessionTable

from .server_raw import connect

LOGIN = {"sl_cmd": "sl_registration_req", "sl_login": "admin", "sl_pwd": "admin"}
#: A request head cut short: the blank line that ends it never comes.
PARTIAL_HEAD = b"POST /domo/ HTTP/1.1\r\nHost: emulator\r\nContent-Type: text/pl"


async def closed_by_server(reader: asyncio.StreamReader) -> bytes:
    """Everything the server sends until it closes the connection (bounded wait)."""
    async with asyncio.timeout(20):
        return await reader.read()


async def login_ok(emu: CameEmulator) -> bool:
    async with connect(emu) as raw:
        reply = await raw.post(LOGIN)
    return bool(reply["sl_data_ack_reason"] == 0)


async def test_slow_heads_from_one_peer_neither_stay_nor_lock_others_out() -> None:
    limits = Limits(header_timeout=0.5, max_connections_per_peer=4)
    async with CameEmulator(limits=limits) as emu:
        slow = []
        for _ in range(4):
            reader, writer = await asyncio.open_connection(
                "127.0.0.1", emu.port, local_addr=("127.0.0.2", 0)
            )
            writer.write(PARTIAL_HEAD)
            slow.append((reader, writer))
        await emu.wait_until(lambda: emu.stats.open_connections == 4)
        # A fifth connection from the same peer is closed at once, unanswered...
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", emu.port, local_addr=("127.0.0.2", 0)
        )
        writer.write(b"GET /domo/ HTTP/1.1\r\nHost: emulator\r\n\r\n")
        assert await closed_by_server(reader) == b""
        writer.close()
        assert emu.stats.connections_refused == 1
        # ...while another peer is served.
        assert await login_ok(emu)
        # The slow ones are closed once their head is overdue.
        for reader, writer in slow:
            assert await closed_by_server(reader) == b""
            writer.close()
        assert emu.stats.connections_timed_out == 4
        await emu.wait_until(lambda: emu.stats.open_connections == 0)
        # The peer may connect again afterwards.
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", emu.port, local_addr=("127.0.0.2", 0)
        )
        writer.write(b"GET /domo/ HTTP/1.1\r\nHost: emulator\r\nConnection: close\r\n\r\n")
        assert (await closed_by_server(reader)).startswith(b"HTTP/1.1 200")
        writer.close()


async def test_total_connection_cap() -> None:
    async with CameEmulator(limits=Limits(max_connections=3)) as emu:
        idle = [
            await asyncio.open_connection("127.0.0.1", emu.port, local_addr=(f"127.0.0.{n}", 0))
            for n in (2, 3, 4)
        ]
        await emu.wait_until(lambda: emu.stats.open_connections == 3)
        reader, writer = await asyncio.open_connection("127.0.0.1", emu.port)
        assert await closed_by_server(reader) == b""
        writer.close()
        assert emu.stats.connections_refused == 1
        idle[0][1].close()
        await emu.wait_until(lambda: emu.stats.open_connections == 2)
        assert await login_ok(emu)
        for _reader, writer in idle[1:]:
            writer.close()


async def test_peak_and_opened_connections_are_counted_and_reset() -> None:
    async with CameEmulator() as emu:
        conns = [await asyncio.open_connection("127.0.0.1", emu.port) for _ in range(3)]
        await emu.wait_until(lambda: emu.stats.open_connections == 3)
        conns[0][1].close()
        conns[1][1].close()
        await emu.wait_until(lambda: emu.stats.open_connections == 1)
        assert (emu.stats.peak_connections, emu.stats.connections_opened) == (3, 3)
        assert emu.status()["stats"]["peak_connections"] == 3
        # A reset keeps what is still open as the peak, and counts new connections only.
        emu.stats.reset()
        assert (emu.stats.peak_connections, emu.stats.connections_opened) == (1, 0)
        more = await asyncio.open_connection("127.0.0.1", emu.port)
        await emu.wait_until(lambda: emu.stats.open_connections == 2)
        assert (emu.stats.peak_connections, emu.stats.connections_opened) == (2, 1)
        for _reader, writer in (conns[2], more):
            writer.close()


async def test_an_idle_keep_alive_connection_is_closed_after_the_head_timeout() -> None:
    async with CameEmulator(limits=Limits(header_timeout=0.5)) as emu:
        reader, writer = await asyncio.open_connection("127.0.0.1", emu.port)
        writer.write(b"GET /domo/ HTTP/1.1\r\nHost: emulator\r\n\r\n")
        answer = await closed_by_server(reader)  # answered, then closed once idle
        writer.close()
    assert answer.startswith(b"HTTP/1.1 200")
    assert emu.stats.connections_timed_out == 1


async def test_a_body_that_does_not_arrive_gets_408() -> None:
    async with CameEmulator(limits=Limits(body_timeout=0.3)) as emu:
        reader, writer = await asyncio.open_connection("127.0.0.1", emu.port)
        writer.write(
            b"POST /domo/ HTTP/1.1\r\nHost: emulator\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 50\r\n\r\n"
            b"command={"
        )
        answer = await closed_by_server(reader)
        writer.close()
        assert answer.startswith(b"HTTP/1.1 408")
        assert emu.stats.bodies_refused == 1
        assert await login_ok(emu)


async def test_oversized_bodies_get_413_without_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="aiocamedomotic")
    async with CameEmulator(limits=Limits(max_body=1024)) as emu:
        big = {**LOGIN, "pad": "x" * 2000}
        async with aiohttp.ClientSession() as http:
            # A declared length beyond the cap...
            async with http.post(emu.url, data={"command": json.dumps(big)}) as resp:
                assert resp.status == 413

            # ...and a chunked body that grows beyond it.
            async def chunks() -> AsyncIterator[bytes]:
                yield b"command="
                for _ in range(10):
                    yield b"x" * 200

            async with http.post(emu.url, data=chunks()) as resp:
                assert resp.status == 413
        # A declared length alone is refused before any body byte is sent.
        reader, writer = await asyncio.open_connection("127.0.0.1", emu.port)
        writer.write(b"POST /domo/ HTTP/1.1\r\nHost: emulator\r\nContent-Length: 99999999\r\n\r\n")
        assert (await closed_by_server(reader)).startswith(b"HTTP/1.1 413")
        writer.close()
        assert emu.stats.bodies_refused == 3
        assert emu.stats.acks[10] == 0
        assert await login_ok(emu)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


@pytest.mark.parametrize("depth", [40, 20_000])
async def test_a_pathologically_nested_body_is_ack_4(
    caplog: pytest.LogCaptureFixture, depth: int
) -> None:
    caplog.set_level(logging.DEBUG, logger="aiocamedomotic")
    nested = "[" * depth + "]" * depth
    command = json.dumps(LOGIN)[:-1] + f', "x": {nested}}}'
    async with CameEmulator(limits=Limits(max_body=1024 * 1024)) as emu, connect(emu) as raw:
        status, _ctype, body = await raw.send({"command": command})
        assert status == 200
        assert json.loads(body) == {"sl_data_ack_reason": 4}
        # Ordinary nesting is fine.
        shallow = json.dumps({**LOGIN, "x": [[[{"a": [1]}]]]})
        _status, _ctype, body = await raw.send({"command": shallow})
        assert json.loads(body)["sl_data_ack_reason"] == 0
    assert emu.stats.logins == 1
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


def test_ended_sessions_are_forgotten() -> None:
    """A server running for months must not keep every session id it ever issued."""
    table = SessionTable(
        keep_alive_timeout=900,
        max_sessions=5,
        queue_limit=10,
        clock=lambda: 0.0,
        on_change=lambda: None,
    )
    ended = []
    for _ in range(200):
        session = table.create("admin")
        assert session is not None
        ended.append(session.id)
        table.remove(session.id)
    kept = table.create("admin")
    assert kept is not None
    held = repr(vars(table))
    assert not [sid for sid in ended if sid in held and sid != kept.id]
    assert len(table) == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"header_timeout": 0},
        {"body_timeout": float("inf")},
        {"max_body": 0},
        {"max_connections": True},
        {"max_depth": 1.5},
    ],
)
def test_unusable_limits_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=next(iter(changes))):
        Limits(**changes)  # type: ignore[arg-type]
