"""``Auth`` used the way upstream aiocamedomotic's own tests and its users use it (``from
aiocamedomotic import Auth``, upstream's signatures and module names), against the emulator;
and the clean-up paths that must never raise."""

from __future__ import annotations

import asyncio
import inspect
import logging

import aiohttp
import pytest
from support.hostile import Held, HostileServer, json_reply

import aiocamedomotic
import aiocamedomotic.auth
from aiocamedomotic import Auth, CameDomoticAPI
from aiocamedomotic.emulator.server import CameEmulator

from .conftest import PASSWORD, USERNAME

#: Upstream 1.15.2's parameters (name, default) of the Auth methods a caller may pass
#: by keyword; ``inspect.Parameter.empty`` for a required one.
EMPTY = inspect.Parameter.empty
UPSTREAM_PARAMETERS = {
    "__init__": [
        ("self", EMPTY), ("websession", EMPTY), ("host", EMPTY), ("username", EMPTY),
        ("password", EMPTY), ("close_websession_on_disposal", False),
    ],
    "async_create": [
        ("websession", EMPTY), ("host", EMPTY), ("username", EMPTY), ("password", EMPTY),
        ("close_websession_on_disposal", False), ("command_timeout", 30),
    ],
    "async_send_command": [
        ("self", EMPTY), ("command", EMPTY), ("response_command", None), ("timeout", None),
        ("skip_ack_check", False), ("command_type", "sl_data_req"),
        ("additional_payload", None), ("_caller_holds_lock", False),
    ],
    "async_validate_host": [("self", EMPTY), ("timeout", 10)],
    "async_raise_for_status_and_ack": [("response", EMPTY)],
    "restore_auth_credentials": [("self", EMPTY), ("backup_state", EMPTY)],
    "update_auth_credentials": [("self", EMPTY), ("username", EMPTY), ("password", EMPTY)],
    "__aexit__": [("self", EMPTY), ("exc_type", EMPTY), ("exc_val", EMPTY), ("exc_tb", EMPTY)],
}  # fmt: skip


@pytest.mark.parametrize("method", sorted(UPSTREAM_PARAMETERS))
def test_auth_signatures_are_upstreams(method: str) -> None:
    parameters = inspect.signature(getattr(Auth, method)).parameters.values()
    assert [(p.name, p.default) for p in parameters] == UPSTREAM_PARAMETERS[method]


def test_the_auth_module_exports_upstreams_names() -> None:
    from aiocamedomotic import const, errors

    assert aiocamedomotic.Auth is aiocamedomotic.auth.Auth
    assert "Auth" in aiocamedomotic.__all__
    for name in (
        "CameDomoticAuthError",
        "CameDomoticServerError",
        "CameDomoticServerNotFoundError",
        "CameDomoticServerTimeoutError",
    ):
        assert getattr(aiocamedomotic.auth, name) is getattr(errors, name)
    assert aiocamedomotic.auth.AckErrorCode is const.AckErrorCode
    assert callable(aiocamedomotic.auth.handle_came_domotic_errors)


async def test_upstream_style_session(emulator: CameEmulator) -> None:
    async with aiohttp.ClientSession() as session:
        async with await Auth.async_create(
            session, emulator.host, USERNAME, PASSWORD, command_timeout=10
        ) as auth:
            assert auth.get_endpoint_url() == f"http://{emulator.host}/domo/"
            assert not auth.is_session_valid()
            await auth.async_login()
            assert auth.is_session_valid()
            client_id = await auth.async_get_valid_client_id()
            assert client_id == auth.client_id
            response = await auth.async_send_command(
                {"cmd_name": "feature_list_req"},
                response_command="feature_list_resp",
                timeout=5,
                skip_ack_check=False,
                command_type="sl_data_req",
                additional_payload=None,
            )
            assert "lights" in response["list"]
            users = await auth.async_send_command(
                {}, command_type="sl_users_list_req", response_command="sl_users_list_resp"
            )
            assert {"name": USERNAME} in users["sl_users_list"]
            async with auth._lock:
                await auth.async_send_command(
                    {"cmd_name": "feature_list_req"}, _caller_holds_lock=True
                )
            await auth.async_keep_alive()
            backup = auth.backup_auth_credentials()
            auth.update_auth_credentials("someone", "else")
            auth.restore_auth_credentials(backup)
            assert auth.current_username == USERNAME
            api = CameDomoticAPI(auth)
            assert (await api.async_get_server_info()).keycode
        # leaving the block disposed the Auth: logged out, credentials gone
        assert emulator.stats.logouts == 1
        assert auth.cipher_suite is None
        assert auth.current_username is None
        assert not session.closed, "the caller's session is kept"
    assert emulator.stats.logins == 1


async def test_async_with_auth_closes_an_owned_websession(emulator: CameEmulator) -> None:
    session = aiohttp.ClientSession()
    async with Auth(session, emulator.host, USERNAME, PASSWORD, close_websession_on_disposal=True):
        pass
    assert session.closed


@pytest.mark.parametrize(
    "host",
    [
        "{host}/came",
        "http://{host}/came/",
        "http://{host}/domo/",
        "http://{host}/../domo/",
        "admin:pw@{host}",
        "{host}?x=1",
        "{host}#top",
    ],
)
async def test_a_host_with_a_path_or_extras_is_refused_before_any_connection(
    websession: aiohttp.ClientSession, host: str
) -> None:
    async with HostileServer() as server:
        with pytest.raises(ValueError, match="host"):
            await Auth.async_create(websession, host.format(host=server.host), USERNAME, "pw")
        with pytest.raises(ValueError, match="host"):
            await CameDomoticAPI.async_create(host.format(host=server.host), USERNAME, "pw")
        assert server.requests == []


def logout_breaks(server: HostileServer) -> None:
    # "²" passes str.isdigit() but not int(): a malformed ACK on the logout
    server.script(
        "sl_logout_req", json_reply({"sl_cmd": "sl_logout_ack", "sl_data_ack_reason": "²"})
    )


async def test_dispose_and_aexit_never_raise_from_the_logout(
    websession: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="aiocamedomotic")
    async with HostileServer() as server:
        auth = await Auth.async_create(websession, server.host, USERNAME, PASSWORD)
        await auth.async_login()
        logout_breaks(server)
        await auth.async_dispose()
        assert auth.cipher_suite is None
        assert auth.client_id == ""

        api = await CameDomoticAPI.async_create(server.host, USERNAME, PASSWORD)
        async with api:
            await api.auth.async_login()
            logout_breaks(server)
        assert api.auth.websession.closed, "the owned websession is closed all the same"
        assert server.count("sl_logout_req") == 2
    assert [r for r in caplog.records if "Logout during disposal failed" in r.getMessage()]


async def test_dispose_when_the_server_is_gone(emulator: CameEmulator) -> None:
    api = await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD)
    await api.auth.async_login()
    await emulator.stop_listening()
    await api.async_dispose()
    assert api.auth.websession.closed
    await api.async_dispose()  # idempotent


async def test_a_cancelled_dispose_still_clears_the_credentials(
    websession: aiohttp.ClientSession,
) -> None:
    async with HostileServer() as server:
        auth = await Auth.async_create(websession, server.host, USERNAME, PASSWORD)
        await auth.async_login()
        held = Held()  # the logout is never answered
        server.script("sl_logout_req", held)
        dispose = asyncio.ensure_future(auth.async_dispose())
        async with asyncio.timeout(10):
            await held.arrived.wait()
        dispose.cancel()
        with pytest.raises(asyncio.CancelledError):
            await dispose
        assert auth.cipher_suite is None
        assert auth.client_id == ""
        await auth.async_dispose()  # a later call finishes quietly
