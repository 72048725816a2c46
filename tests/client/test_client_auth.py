"""Auth against the emulator over real HTTP: lazy login, session lifetime, retries, locking."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from cryptography.fernet import Fernet, InvalidToken

from aiocamedomotic.auth import Auth, handle_came_domotic_errors
from aiocamedomotic.const import KEEP_ALIVE_CLAMP_SEC
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.errors import (
    CameDomoticAuthError,
    CameDomoticError,
    CameDomoticServerError,
    CameDomoticServerNotFoundError,
    CameDomoticServerTimeoutError,
)

from .conftest import PASSWORD, USERNAME

FEATURES = {"cmd_name": "feature_list_req"}


async def test_create_validates_host_and_login_is_lazy(emulator: CameEmulator, auth: Auth) -> None:
    assert emulator.stats.logins == 0
    assert emulator.stats.http_requests == 0  # only the GET probe so far
    assert not auth.is_session_valid()
    assert auth.client_id == ""


async def test_first_command_logs_in_and_wraps_the_message(
    emulator: CameEmulator, auth: Auth
) -> None:
    response = await auth.async_send_command(FEATURES, response_command="feature_list_resp")
    assert response["cmd_name"] == "feature_list_resp"
    assert response["cseq"] == 1  # §2.9: cseq starts at 1 after login and is echoed
    assert emulator.stats.logins == 1
    assert auth.is_session_valid()
    assert auth.client_id in emulator.sessions
    second = await auth.async_send_command(FEATURES)
    assert second["cseq"] == 2
    assert emulator.stats.logins == 1


async def test_login_logout_and_keep_alive(emulator: CameEmulator, auth: Auth) -> None:
    await auth.async_login()
    assert emulator.stats.logins == 1
    assert emulator.stats.sessions == 1
    await auth.async_keep_alive()
    assert emulator.stats.session_commands["sl_keep_alive_req"] == 1
    await auth.async_logout()
    assert emulator.stats.logouts == 1
    assert emulator.stats.sessions == 0
    assert not auth.is_session_valid()
    await auth.async_logout()  # not logged in: nothing is sent
    assert emulator.stats.session_commands["sl_logout_req"] == 1


async def test_keep_alive_logs_in_when_needed(emulator: CameEmulator, auth: Auth) -> None:
    await auth.async_keep_alive()
    assert emulator.stats.logins == 1
    assert auth.is_session_valid()


async def test_get_valid_client_id(emulator: CameEmulator, auth: Auth) -> None:
    client_id = await auth.async_get_valid_client_id()
    assert client_id == auth.client_id
    assert client_id in emulator.sessions
    assert await auth.async_get_valid_client_id() == client_id
    assert emulator.stats.logins == 1


async def test_concurrent_commands_cause_exactly_one_login(
    emulator: CameEmulator, auth: Auth
) -> None:
    results = await asyncio.gather(*(auth.async_send_command(FEATURES) for _ in range(20)))
    assert len(results) == 20
    assert emulator.stats.logins == 1
    assert len({r["cseq"] for r in results}) == 20


async def test_expired_session_relogs_in_and_retries_a_read(
    emulator: CameEmulator, auth: Auth
) -> None:
    await auth.async_send_command(FEATURES)
    old_id = auth.client_id
    assert emulator.expire_sessions() == 1
    response = await auth.async_send_command(FEATURES, response_command="feature_list_resp")
    assert response["sl_data_ack_reason"] == 0
    assert emulator.stats.logins == 2
    assert emulator.stats.acks[8] == 1
    assert auth.client_id not in ("", old_id)


async def test_many_concurrent_commands_after_expiry_relogin_once(
    emulator: CameEmulator, auth: Auth
) -> None:
    await auth.async_send_command(FEATURES)
    emulator.expire_sessions()
    await asyncio.gather(*(auth.async_send_command(FEATURES) for _ in range(10)))
    assert emulator.stats.logins == 2


async def test_toggle_flagged_command_is_not_retried(emulator: CameEmulator, auth: Auth) -> None:
    await auth.async_send_command(FEATURES)
    emulator.expire_sessions()
    before = emulator.stats.requests["feature_list_req"]
    with pytest.raises(CameDomoticServerError, match="not retried") as info:
        await auth.async_send_command_once(FEATURES)
    assert info.value.ack_code == 8
    assert emulator.stats.logins == 1, "no login was made for the failed toggle"
    assert emulator.stats.requests["feature_list_req"] == before + 1
    # The session was forgotten: the next call logs in again by itself.
    await auth.async_send_command(FEATURES)
    assert emulator.stats.logins == 2


async def test_ack_7_or_8_from_the_server_is_retried_once(
    emulator: CameEmulator, auth: Auth
) -> None:
    emulator.fail_next(7, cmd_name="feature_list_req")
    await auth.async_send_command(FEATURES)
    assert emulator.stats.logins == 2
    emulator.fail_next(8, count=2, cmd_name="feature_list_req")
    with pytest.raises(CameDomoticServerError) as info:
        await auth.async_send_command(FEATURES)
    assert info.value.ack_code == 8
    assert emulator.stats.logins == 3, "exactly one retry"


async def test_other_ack_codes_raise_server_error(emulator: CameEmulator, auth: Auth) -> None:
    emulator.fail_next(11, cmd_name="feature_list_req")
    with pytest.raises(CameDomoticServerError, match="Wrong application data") as info:
        await auth.async_send_command(FEATURES)
    assert info.value.ack_code == 11
    assert not isinstance(info.value, CameDomoticAuthError)
    assert auth.is_session_valid(), "an application error does not drop the session"


async def test_skip_ack_check_returns_the_raw_answer(emulator: CameEmulator, auth: Auth) -> None:
    emulator.fail_next(9, cmd_name="feature_list_req")
    response = await auth.async_send_command(FEATURES, skip_ack_check=True)
    assert response["sl_data_ack_reason"] == 9


async def test_unexpected_response_name(auth: Auth) -> None:
    with pytest.raises(CameDomoticServerError, match="expected 'other_resp'"):
        await auth.async_send_command(FEATURES, response_command="other_resp")


async def test_session_commands_use_command_type_and_additional_payload(
    emulator: CameEmulator, auth: Auth
) -> None:
    response = await auth.async_send_command(
        {}, command_type="sl_users_list_req", response_command="sl_users_list_resp"
    )
    assert {"name": USERNAME} in response["sl_users_list"]
    await auth.async_send_command(
        {"sl_login": "guest"},
        command_type="sl_add_user_req",
        additional_payload={"sl_pwd": "pw-1", "sl_group": "*"},
    )
    assert emulator.plant.users["guest"] == "pw-1"


async def test_caller_holding_the_lock_does_not_deadlock(
    emulator: CameEmulator, auth: Auth
) -> None:
    async with auth._lock:
        response = await asyncio.wait_for(
            auth.async_send_command(FEATURES, _caller_holds_lock=True), timeout=10
        )
    assert response["cmd_name"] == "feature_list_resp"
    assert emulator.stats.logins == 1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"command": {}}, "cmd_name"),
        ({"command": {"cmd_name": ""}}, "cmd_name"),
        ({"command": FEATURES, "timeout": 0}, "timeout must be a number of seconds > 0"),
        ({"command": FEATURES, "timeout": -1}, "timeout must be a number of seconds > 0"),
    ],
)
async def test_invalid_arguments_raise_before_sending(
    emulator: CameEmulator, auth: Auth, kwargs: dict[str, object], match: str
) -> None:
    command = kwargs.pop("command")
    with pytest.raises(ValueError, match=match):
        await auth.async_send_command(command, **kwargs)  # type: ignore[arg-type]
    assert emulator.stats.http_requests == 0


async def test_session_is_renewed_once_the_local_deadline_passes(
    emulator: CameEmulator, auth: Auth
) -> None:
    await auth.async_send_command(FEATURES)
    # 900 s announced; trusted for 900 - 30 s after the last successful answer (§2.10).
    remaining = auth.session_expiration_timestamp - time.monotonic()
    assert 800 < remaining <= 870
    auth.session_expiration_timestamp = time.monotonic() - 1  # the deadline has passed
    assert not auth.is_session_valid()
    await auth.async_send_command(FEATURES)
    assert emulator.stats.logins == 2
    assert emulator.stats.acks[8] == 0, "renewed before the server expired it"


@pytest.mark.parametrize(
    ("announced", "expected"), [(5, KEEP_ALIVE_CLAMP_SEC[0]), (10**6, KEEP_ALIVE_CLAMP_SEC[1])]
)
async def test_keep_alive_timeout_is_clamped(
    websession: aiohttp.ClientSession, announced: int, expected: int
) -> None:
    async with CameEmulator(keep_alive_timeout=announced) as emu:
        auth = await Auth.async_create(websession, emu.host, USERNAME, PASSWORD)
        await auth.async_login()
        assert auth.keep_alive_timeout_sec == expected
        assert auth.is_session_valid(), "even the shortest timeout leaves a usable window"
        await auth.async_dispose()


async def test_credentials_backup_restore_and_update(auth: Auth) -> None:
    assert auth.current_username == USERNAME
    await auth.async_login()
    backup = auth.backup_auth_credentials()
    assert backup[2] == auth.client_id
    assert PASSWORD.encode() not in b"".join(p for p in backup[:2] if p is not None)
    auth.update_auth_credentials("someone", "else")
    assert auth.current_username == "someone"
    assert auth.is_session_valid(), "updating credentials keeps the current session"
    auth.restore_auth_credentials(backup)
    assert auth.current_username == USERNAME
    assert auth.backup_auth_credentials() == backup


@pytest.mark.parametrize(("username", "password"), [("", "x"), (None, "x"), ("u", None)])
def test_update_credentials_rejects_bad_values(
    auth: Auth, username: object, password: object
) -> None:
    with pytest.raises(ValueError, match="must be"):
        auth.update_auth_credentials(username, password)  # type: ignore[arg-type]


def test_create_cypher_suite_is_a_fresh_fernet() -> None:
    first, second = Auth.create_cypher_suite(), Auth.create_cypher_suite()
    assert isinstance(first, Fernet)
    token = first.encrypt(b"secret")
    assert first.decrypt(token) == b"secret"
    with pytest.raises(InvalidToken):
        second.decrypt(token)


async def test_dispose_logs_out_and_clears_credentials(
    emulator: CameEmulator, websession: aiohttp.ClientSession
) -> None:
    auth = await Auth.async_create(websession, emulator.host, USERNAME, PASSWORD)
    await auth.async_login()
    await auth.async_dispose()
    assert emulator.stats.logouts == 1
    assert auth.current_username is None
    assert auth.cipher_suite is None
    assert auth.client_id == ""
    assert auth.backup_auth_credentials()[:2] == (None, None)
    assert not websession.closed, "a caller-owned session is kept by default"
    with pytest.raises(CameDomoticError, match="disposed"):
        await auth.async_send_command(FEATURES)
    await auth.async_dispose()  # idempotent


async def test_dispose_closes_the_websession_only_when_asked(emulator: CameEmulator) -> None:
    session = aiohttp.ClientSession()
    auth = await Auth.async_create(
        session, emulator.host, USERNAME, PASSWORD, close_websession_on_disposal=True
    )
    await auth.async_dispose()
    assert session.closed


async def test_failed_host_check_closes_an_owned_websession(closed_port_host: str) -> None:
    session = aiohttp.ClientSession()
    with pytest.raises(CameDomoticServerNotFoundError):
        await Auth.async_create(
            session, closed_port_host, USERNAME, PASSWORD, close_websession_on_disposal=True
        )
    assert session.closed


@pytest.mark.parametrize("host_form", ["{host}", "http://{host}", "http://{host}/"])
async def test_host_forms(
    emulator: CameEmulator, websession: aiohttp.ClientSession, host_form: str
) -> None:
    auth = await Auth.async_create(
        websession, host_form.format(host=emulator.host), USERNAME, PASSWORD
    )
    assert auth.get_endpoint_url() == emulator.url
    await auth.async_send_command(FEATURES)
    await auth.async_dispose()


def test_plain_host_gives_port_80_endpoint(websession: aiohttp.ClientSession) -> None:
    auth = Auth(websession, "192.168.1.3", USERNAME, PASSWORD)
    assert auth.get_endpoint_url() == "http://192.168.1.3/domo/"
    https = Auth(websession, "https://came.example:8443/", USERNAME, PASSWORD)
    assert https.get_endpoint_url() == "https://came.example:8443/domo/"


def test_constructor_rejects_bad_arguments(websession: aiohttp.ClientSession) -> None:
    with pytest.raises(ValueError, match="host"):
        Auth(websession, "", USERNAME, PASSWORD)
    with pytest.raises(ValueError, match="username"):
        Auth(websession, "192.168.1.3", "", PASSWORD)


async def test_create_rejects_bad_command_timeout(
    emulator: CameEmulator, websession: aiohttp.ClientSession
) -> None:
    with pytest.raises(ValueError, match="command_timeout"):
        await Auth.async_create(websession, emulator.host, USERNAME, PASSWORD, command_timeout=0)


async def test_validate_host(
    emulator: CameEmulator, auth: Auth, websession: aiohttp.ClientSession, closed_port_host: str
) -> None:
    await auth.async_validate_host(timeout=5)
    other = Auth(websession, closed_port_host, USERNAME, PASSWORD)
    with pytest.raises(CameDomoticServerNotFoundError, match="no CAME Domotic server"):
        await other.async_validate_host()


async def test_repr_shows_no_secret(auth: Auth) -> None:
    await auth.async_login()
    for text in (repr(auth), str(auth)):
        assert auth.client_id not in text
        assert PASSWORD not in text.replace("admin/", "")
        assert "logged in" in text


async def test_raise_for_status_and_ack(
    emulator: CameEmulator, websession: aiohttp.ClientSession
) -> None:
    good = '{"sl_cmd":"sl_registration_req","sl_login":"admin","sl_pwd":"admin"}'
    bad = '{"sl_cmd":"sl_registration_req","sl_login":"admin","sl_pwd":"nope"}'
    async with websession.post(emulator.url, data={"command": good}) as response:
        await Auth.async_raise_for_status_and_ack(response)
    async with websession.post(emulator.url, data={"command": bad}) as response:
        with pytest.raises(CameDomoticAuthError):
            await Auth.async_raise_for_status_and_ack(response)
    emulator.http_error(500)
    async with websession.post(emulator.url, data={"command": good}) as response:
        with pytest.raises(CameDomoticServerError, match="500"):
            await Auth.async_raise_for_status_and_ack(response)
    emulator.invalid_json()
    async with websession.post(emulator.url, data={"command": good}) as response:
        with pytest.raises(CameDomoticServerError, match="invalid JSON"):
            await Auth.async_raise_for_status_and_ack(response)


async def test_handle_came_domotic_errors_decorator(
    websession: aiohttp.ClientSession, closed_port_host: str
) -> None:
    @handle_came_domotic_errors
    async def connect() -> None:
        async with websession.get(f"http://{closed_port_host}/domo/"):
            pass

    @handle_came_domotic_errors
    async def time_out() -> None:
        raise TimeoutError

    @handle_came_domotic_errors
    async def bad_argument() -> None:
        raise ValueError("level must be in 0-100")

    @handle_came_domotic_errors
    async def unforeseen() -> None:
        raise KeyError("boom")

    with pytest.raises(CameDomoticServerNotFoundError):
        await connect()
    with pytest.raises(CameDomoticServerTimeoutError):
        await time_out()
    with pytest.raises(ValueError, match="0-100"):
        await bad_argument()
    with pytest.raises(CameDomoticError, match="KeyError"):
        await unforeseen()
