"""A hostile server at the session layer: malformed session fields are server errors, and a
login is single-flight - concurrent commands share one login and its outcome, failure
included (one login on the wire, every command failed at once)."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from support.hostile import LOGIN, HostileServer, ack, json_reply, login_ack, raw_reply

from aiocamedomotic import Auth
from aiocamedomotic.errors import (
    CameDomoticAuthError,
    CameDomoticError,
    CameDomoticServerError,
    CameDomoticServerTimeoutError,
    CameDomoticTooManySessionsError,
)

from .conftest import held_login, make_auth

FEATURES = {"cmd_name": "feature_list_req"}


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(ack("²"), id="superscript-digit"),
        pytest.param(ack("１"), id="fullwidth-digit"),
        pytest.param(ack("9" * 5000), id="5000-digit-string"),
        pytest.param(ack(" "), id="blank"),
        pytest.param(ack(1.5), id="float"),
        pytest.param(ack([0]), id="list"),
        pytest.param(ack(None), id="null"),
        pytest.param(login_ack(sl_client_id=""), id="empty-client-id"),
        pytest.param(login_ack(sl_client_id=None), id="no-client-id"),
        pytest.param(login_ack(sl_client_id=12345678), id="numeric-client-id"),
        pytest.param(login_ack(sl_client_id="x" * 1000), id="huge-client-id"),
        pytest.param(login_ack(sl_client_id="ab cd"), id="client-id-with-space"),
        pytest.param(login_ack(sl_client_id="ab\ncd"), id="client-id-with-newline"),
    ],
)
async def test_malformed_login_fields_are_server_errors(
    websession: aiohttp.ClientSession, server: HostileServer, reply: dict[str, Any]
) -> None:
    server.script(LOGIN, json_reply(reply))
    auth = await make_auth(websession, server)
    with pytest.raises(CameDomoticServerError) as info:
        await auth.async_send_command(FEATURES)
    assert not isinstance(info.value, CameDomoticAuthError)
    assert auth.client_id == ""
    await auth.async_dispose()


@pytest.mark.parametrize("code", ["²", "9" * 5000, 2.5])
async def test_a_malformed_ack_on_a_command_is_a_server_error(
    websession: aiohttp.ClientSession, server: HostileServer, code: Any
) -> None:
    server.script("feature_list_req", json_reply(ack(code)))
    auth = await make_auth(websession, server)
    with pytest.raises(CameDomoticServerError, match="malformed sl_data_ack_reason"):
        await auth.async_send_command(FEATURES)
    await auth.async_dispose()


@pytest.mark.parametrize(
    ("announced", "kept"),
    [
        (b"NaN", 900),
        (b"Infinity", 900),
        (b"-Infinity", 900),
        (b"1e400", 900),  # parsed as an infinity
        (b"1" + b"0" * 400, 3600),  # an exact int, clamped
        (b'"900"', 900),
    ],
)
async def test_a_non_finite_keep_alive_timeout_counts_as_the_default(
    websession: aiohttp.ClientSession, server: HostileServer, announced: bytes, kept: int
) -> None:
    body = b'{"sl_cmd":"sl_registration_ack","sl_client_id":"0badc0de","sl_data_ack_reason":0,'
    server.script(LOGIN, raw_reply(body + b'"sl_keep_alive_timeout_sec":' + announced + b"}"))
    auth = await make_auth(websession, server)
    await auth.async_login()
    assert auth.keep_alive_timeout_sec == kept
    assert auth.is_session_valid()
    await auth.async_dispose()


async def concurrent_commands(auth: Auth, count: int) -> list[BaseException | dict[str, Any]]:
    return await asyncio.gather(
        *(auth.async_send_command(FEATURES) for _ in range(count)), return_exceptions=True
    )


@pytest.mark.parametrize(
    ("code", "expected"), [(1, CameDomoticAuthError), (3, CameDomoticTooManySessionsError)]
)
async def test_a_refused_login_fails_every_waiting_command_with_one_login(
    websession: aiohttp.ClientSession,
    server: HostileServer,
    code: int,
    expected: type[CameDomoticAuthError],
) -> None:
    held, auth = await held_login(websession, server)
    commands = asyncio.ensure_future(concurrent_commands(auth, 200))
    async with asyncio.timeout(10):
        await held.arrived.wait()
    held.release(json_reply(ack(code, sl_cmd="sl_registration_ack")))
    results = await commands
    assert all(type(result) is expected for result in results), results[:3]
    assert len({id(result) for result in results}) == 1, "every caller got the same error"
    assert results[0].ack_code == code  # type: ignore[union-attr]
    assert server.count(LOGIN) == 1
    assert server.count("feature_list_req") == 0
    # the failure is not remembered: the next command logs in again (and succeeds)
    await auth.async_send_command(FEATURES)
    assert server.count(LOGIN) == 2
    await auth.async_dispose()


async def test_a_login_that_never_answers_fails_every_command_within_one_timeout(
    websession: aiohttp.ClientSession, server: HostileServer
) -> None:
    _held, auth = await held_login(websession, server, command_timeout=0.5)  # never released
    results = await concurrent_commands(auth, 20)
    assert all(isinstance(result, CameDomoticServerTimeoutError) for result in results)
    assert len({id(result) for result in results}) == 1, "one login, one timeout"
    assert server.count(LOGIN) == 1
    await auth.async_dispose()


async def test_a_successful_login_is_shared_by_every_waiting_command(
    websession: aiohttp.ClientSession, server: HostileServer
) -> None:
    held, auth = await held_login(websession, server)
    commands = asyncio.ensure_future(concurrent_commands(auth, 50))
    login = asyncio.ensure_future(auth.async_login())  # an explicit login joins it too
    async with asyncio.timeout(10):
        await held.arrived.wait()
    held.release(json_reply(login_ack()))
    results = await commands
    await login
    assert all(isinstance(result, dict) for result in results)
    assert server.count(LOGIN) == 1
    assert server.count("feature_list_req") == 50
    await auth.async_dispose()


async def test_a_cancelled_waiter_does_not_cancel_the_login_of_the_others(
    websession: aiohttp.ClientSession, server: HostileServer
) -> None:
    held, auth = await held_login(websession, server)
    first = asyncio.ensure_future(auth.async_send_command(FEATURES))
    second = asyncio.ensure_future(auth.async_send_command(FEATURES))
    async with asyncio.timeout(10):
        await held.arrived.wait()
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    held.release(json_reply(login_ack()))
    assert (await second)["sl_data_ack_reason"] == 0
    assert server.count(LOGIN) == 1
    await auth.async_dispose()


async def test_dispose_abandons_a_login_in_flight(
    websession: aiohttp.ClientSession, server: HostileServer
) -> None:
    held, auth = await held_login(websession, server)  # never released
    waiting = asyncio.ensure_future(auth.async_send_command(FEATURES))
    async with asyncio.timeout(10):
        await held.arrived.wait()
        await auth.async_dispose()
        with pytest.raises(CameDomoticError, match="disposed"):
            await waiting
    assert not isinstance(waiting.exception(), asyncio.CancelledError)
    assert auth.cipher_suite is None
