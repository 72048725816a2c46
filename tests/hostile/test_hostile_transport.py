"""A hostile server at the transport: redirects are never followed (nothing reaches the other
host), replies are capped, endless bodies end within the timeout, and every timeout argument
is checked before anything is sent."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from support.hostile import (
    LOGIN,
    HostileServer,
    announced_length,
    endless,
    raw_reply,
    redirect,
)

from aiocamedomotic import Auth, CameDomoticAPI, async_is_came_endpoint
from aiocamedomotic._transport import MAX_REPLY_BYTES, MAX_TIMEOUT_SEC
from aiocamedomotic.connection import ReconnectPolicy
from aiocamedomotic.errors import (
    CameDomoticServerError,
    CameDomoticServerNotFoundError,
    CameDomoticServerTimeoutError,
)

from .conftest import PASSWORD, USERNAME, make_auth

FEATURES = {"cmd_name": "feature_list_req"}


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_a_redirected_login_is_an_error_and_the_other_host_gets_nothing(
    websession: aiohttp.ClientSession, server: HostileServer, other: HostileServer, status: int
) -> None:
    server.script(LOGIN, redirect(other.url, status=status))
    auth = await make_auth(websession, server)
    with pytest.raises(CameDomoticServerError, match=rf"redirect \(HTTP status {status}\)") as info:
        await auth.async_send_command(FEATURES)
    assert PASSWORD not in str(info.value)
    assert other.requests == [], "the password went to the other host"
    assert server.count(LOGIN) == 1
    await auth.async_dispose()


async def test_a_redirected_command_does_not_send_the_session_id_away(
    websession: aiohttp.ClientSession, server: HostileServer, other: HostileServer
) -> None:
    server.script("feature_list_req", redirect(other.url))
    auth = await make_auth(websession, server)
    with pytest.raises(CameDomoticServerError, match="redirect"):
        await auth.async_send_command(FEATURES)
    assert other.requests == []
    await auth.async_dispose()


async def test_a_redirected_host_probe_is_not_a_came_server(
    websession: aiohttp.ClientSession, server: HostileServer, other: HostileServer
) -> None:
    server.script("GET", redirect(other.url, status=302))
    with pytest.raises(CameDomoticServerNotFoundError, match="redirect"):
        await make_auth(websession, server)
    server.script("GET", redirect(other.url, status=302))
    assert not await async_is_came_endpoint(server.host, websession)
    assert other.requests == []


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(announced_length(100 * MAX_REPLY_BYTES), id="content-length"),
        pytest.param(raw_reply(b'{"pad":"' + b"x" * MAX_REPLY_BYTES + b'"}'), id="whole"),
        pytest.param(endless(), id="endless"),
    ],
)
async def test_a_reply_over_the_cap_is_refused(
    websession: aiohttp.ClientSession, server: HostileServer, reply: Any
) -> None:
    server.script("feature_list_req", reply)
    auth = await make_auth(websession, server)
    with pytest.raises(CameDomoticServerError, match=f"larger than {MAX_REPLY_BYTES} bytes"):
        await auth.async_send_command(FEATURES)
    # the session survives a bad reply: the next command works on it
    await auth.async_send_command(FEATURES)
    assert server.count(LOGIN) == 1
    await auth.async_dispose()


async def test_a_reply_just_under_the_cap_is_read(
    websession: aiohttp.ClientSession, server: HostileServer
) -> None:
    body = b'{"sl_data_ack_reason":0,"pad":"' + b"x" * (MAX_REPLY_BYTES - 100) + b'"}'
    server.script("feature_list_req", raw_reply(body))
    auth = await make_auth(websession, server)
    response = await auth.async_send_command(FEATURES)
    assert len(response["pad"]) == MAX_REPLY_BYTES - 100
    await auth.async_dispose()


async def test_a_body_that_never_ends_times_out(
    websession: aiohttp.ClientSession, server: HostileServer
) -> None:
    server.script("feature_list_req", endless(trickle=True))
    auth = await make_auth(websession, server, command_timeout=0.5)
    with pytest.raises(CameDomoticServerTimeoutError) as info:
        await auth.async_send_command(FEATURES)
    assert isinstance(info.value, CameDomoticServerError)
    await auth.async_dispose()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"a":' * 100_000 + b"1" + b"}" * 100_000, id="deeply-nested-object"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="deeply-nested-array"),
        pytest.param(b'{"sl_data_ack_reason":' + b"9" * 5000 + b"}", id="5000-digit-number"),
        pytest.param(b"\xff\xfe{}", id="not-utf-8"),
        pytest.param(b"[1, 2]", id="not-an-object"),
    ],
)
async def test_pathological_bodies_are_server_errors(
    websession: aiohttp.ClientSession, server: HostileServer, body: bytes
) -> None:
    server.script("feature_list_req", raw_reply(body))
    auth = await make_auth(websession, server)
    with pytest.raises(CameDomoticServerError, match="invalid JSON"):
        await auth.async_send_command(FEATURES)
    await auth.async_dispose()


BAD_TIMEOUTS = [math.inf, -math.inf, math.nan, 1e19, MAX_TIMEOUT_SEC + 1, 0, -1, True, "5", None]


@pytest.mark.parametrize("bad", BAD_TIMEOUTS, ids=repr)
async def test_every_timeout_argument_is_checked_before_anything_is_sent(
    websession: aiohttp.ClientSession, server: HostileServer, bad: Any
) -> None:
    auth = await make_auth(websession, server)
    api = CameDomoticAPI(auth)
    sent = server.count()
    calls: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
        (
            "command_timeout",
            lambda: Auth.async_create(
                websession, server.host, USERNAME, PASSWORD, command_timeout=bad
            ),
        ),
        ("timeout", lambda: auth.async_validate_host(timeout=bad)),
    ]
    if bad is not None:  # None means "the default" for these
        calls += [
            ("timeout", lambda: auth.async_send_command(FEATURES, timeout=bad)),
            ("timeout", lambda: api.async_get_updates(timeout=bad)),
        ]
    for name, call in calls:
        with pytest.raises(ValueError, match=rf"^{name} must be a number of seconds"):
            await call()
    with pytest.raises(ValueError, match="command_timeout must be"):
        auth.command_timeout = bad
    with pytest.raises(ValueError, match="command_timeout must be"):
        CameDomoticAPI(auth, command_timeout=bad)
    with pytest.raises(ValueError, match="command_timeout must be"):
        api.command_timeout = bad
    assert not await async_is_came_endpoint(server.host, websession, timeout=bad)
    assert server.count() == sent, "nothing was sent"
    assert auth.command_timeout == api.command_timeout == 30
    await auth.async_dispose()


@pytest.mark.parametrize(
    ("fields", "name"),
    [
        ({"base": math.inf}, "base"),
        ({"base": "1"}, "base"),
        ({"cap": math.inf}, "cap"),
        ({"cap": 1e19}, "cap"),
        ({"factor": math.nan}, "factor"),
        ({"factor": 10**400}, "factor"),
        ({"jitter": "0.1"}, "jitter"),
        ({"jitter": True}, "jitter"),
    ],
)
def test_every_reconnect_field_is_checked(fields: dict[str, Any], name: str) -> None:
    with pytest.raises(ValueError, match=rf"^{name} must"):
        ReconnectPolicy(**fields)
