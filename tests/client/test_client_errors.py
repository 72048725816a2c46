"""Every failure surfaces as a documented error with a clear message (real HTTP)."""

from __future__ import annotations

from collections.abc import Callable

import aiohttp
import pytest

from aiocamedomotic import CameDomoticAPI, async_is_came_endpoint
from aiocamedomotic._transport import parse_json_body
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.errors import (
    CameDomoticAuthError,
    CameDomoticConnectionError,
    CameDomoticError,
    CameDomoticProtocolError,
    CameDomoticServerError,
    CameDomoticServerNotFoundError,
    CameDomoticServerTimeoutError,
    CameDomoticTooManySessionsError,
)

from .conftest import PASSWORD, USERNAME


async def test_wrong_password_is_an_auth_error(emulator: CameEmulator) -> None:
    async with await CameDomoticAPI.async_create(emulator.host, USERNAME, "wrong") as api:
        with pytest.raises(CameDomoticAuthError, match="wrong user name or password") as info:
            await api.async_get_server_info()
    assert not isinstance(info.value, CameDomoticTooManySessionsError)
    assert info.value.ack_code == 1
    assert "wrong" not in str(info.value).replace("wrong user", "")


async def test_full_session_table_is_too_many_sessions(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    assert emulator.fill_session_table() > 0
    with pytest.raises(CameDomoticTooManySessionsError, match="session table is full") as info:
        await api.async_get_server_info()
    assert isinstance(info.value, CameDomoticAuthError)
    assert info.value.ack_code == 3
    emulator.free_session_table()
    assert (await api.async_get_server_info()).keycode


async def test_http_500_is_a_server_error(emulator: CameEmulator, api: CameDomoticAPI) -> None:
    await api.auth.async_login()
    emulator.http_error(500)
    with pytest.raises(CameDomoticServerError, match="HTTP status 500") as info:
        await api.async_get_server_info()
    assert info.value.ack_code is None


@pytest.mark.parametrize("fault", ["invalid_json", "truncated_json"])
async def test_garbage_or_truncated_body_is_invalid_json(
    emulator: CameEmulator, api: CameDomoticAPI, fault: str
) -> None:
    await api.auth.async_login()
    getattr(emulator, fault)(cmd_name="feature_list_req")
    with pytest.raises(CameDomoticServerError, match="invalid JSON from server") as info:
        await api.async_get_server_info()
    assert type(info.value) is CameDomoticProtocolError
    assert (await api.async_get_server_info()).keycode, "the client recovers"


def test_ack_code_is_none_unless_the_error_comes_from_an_ack() -> None:
    assert CameDomoticError.ack_code is None  # as upstream: a class attribute
    assert CameDomoticError("boom").ack_code is None
    assert CameDomoticServerNotFoundError("gone").ack_code is None
    assert CameDomoticServerTimeoutError("slow").ack_code is None
    for code in (1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 99, -1):
        error = CameDomoticServerError.create_ack_error(code)
        assert error.ack_code == code
        assert str(code) in str(error)


@pytest.mark.parametrize("body", [b"[1, 2]", b'"text"', b"42", b"\xff\xfe{}"])
def test_json_that_is_not_an_object_is_rejected(body: bytes) -> None:
    with pytest.raises(CameDomoticServerError, match="invalid JSON from server"):
        parse_json_body(body, what="command 'x'")


async def test_connection_reset_is_a_server_error(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    await api.auth.async_login()
    emulator.reset_connection(cmd_name="feature_list_req")
    with pytest.raises(CameDomoticServerError, match="connection lost") as info:
        await api.async_get_server_info()
    assert type(info.value) is CameDomoticConnectionError
    assert info.value.ack_code is None


async def test_nothing_listening_is_server_not_found(closed_port_host: str) -> None:
    with pytest.raises(CameDomoticServerNotFoundError):
        await CameDomoticAPI.async_create(closed_port_host, USERNAME, PASSWORD)


async def test_dns_failure_is_server_not_found() -> None:
    with pytest.raises(CameDomoticServerNotFoundError):
        await CameDomoticAPI.async_create("no-such-host.invalid", USERNAME, PASSWORD)


async def test_server_gone_after_creation_is_server_not_found(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    await api.auth.async_login()
    await emulator.stop_listening()
    # The pooled keep-alive connection was dropped by the server: the first request may
    # see that (CameDomoticConnectionError, a CameDomoticServerError: "connection lost")
    # unless the client noticed the close first; a new connection is then refused.
    with pytest.raises(CameDomoticError) as first:
        await api.async_get_server_info()
    assert type(first.value) in (CameDomoticConnectionError, CameDomoticServerNotFoundError)
    with pytest.raises(CameDomoticServerNotFoundError, match="cannot connect"):
        await api.async_get_server_info()
    await emulator.start_listening()
    assert (await api.async_get_server_info()).keycode


async def test_slow_reply_is_a_timeout_error(emulator: CameEmulator) -> None:
    api = await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD, command_timeout=1)
    await api.auth.async_login()
    emulator.delay_replies(30, cmd_name="feature_list_req")
    with pytest.raises(CameDomoticServerTimeoutError) as info:
        await api.async_get_server_info()
    assert isinstance(info.value, TimeoutError)
    assert "feature_list_req" in str(info.value)
    assert "after 1 s" in str(info.value)
    emulator.clear_faults()
    await api.async_dispose()


async def test_facade_rejects_bad_command_timeout(emulator: CameEmulator) -> None:
    with pytest.raises(ValueError, match="command_timeout"):
        await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD, command_timeout=0)


async def test_invalid_host_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="host"):
        await CameDomoticAPI.async_create("ftp://x", USERNAME, PASSWORD)


async def test_errors_are_always_library_errors(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    await api.auth.async_login()
    arms: tuple[Callable[[], None], ...] = (
        lambda: emulator.http_error(503),
        emulator.invalid_json,
        emulator.truncated_json,
        emulator.reset_connection,
        lambda: emulator.fail_next(10),
    )
    for arm in arms:
        arm()
        with pytest.raises(CameDomoticError):
            await api.async_get_server_info()


async def test_is_came_endpoint(
    emulator: CameEmulator, websession: aiohttp.ClientSession, closed_port_host: str
) -> None:
    assert await async_is_came_endpoint(emulator.host)
    assert await async_is_came_endpoint(emulator.host, websession, timeout=5)
    assert not websession.closed, "a provided websession is never closed"
    assert not await async_is_came_endpoint(closed_port_host, websession)
    assert not await async_is_came_endpoint("")
    assert not await async_is_came_endpoint(emulator.host, timeout=0)


async def test_reset_mid_answer_says_connection_lost(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    await api.auth.async_login()
    emulator.reset_connection()
    with pytest.raises(CameDomoticServerError, match="connection lost") as info:
        await api.async_get_server_info()
    assert "JSON" not in str(info.value)
