"""No secret ever reaches logs, reprs or error messages; the traffic log is redacted."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

import pytest

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.errors import CameDomoticError

from .conftest import USERNAME

SECRET_PASSWORD = "Sup3r-S3cret-Pw"
NEW_PASSWORD = "N3w-S3cret-Pw!"


def _traffic_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "aiocamedomotic.traffic"]


def _payloads(line: str) -> list[dict[str, Any]]:
    """The request and response JSON objects of one traffic line."""
    result = []
    for part in re.split(r" (?:-->|<--) ", line)[1:]:
        if part.startswith("{"):
            result.append(json.loads(part))
    return result


async def test_secrets_never_appear_in_logs_reprs_or_errors(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="aiocamedomotic")
    async with CameEmulator(username="owner", password=SECRET_PASSWORD) as emulator:
        keycode = emulator.plant.server["keycode"]
        serial = emulator.plant.server["serial"]
        session_ids: set[str] = set()
        texts: list[str] = []
        api = await CameDomoticAPI.async_create(emulator.host, "owner", SECRET_PASSWORD)
        info = await api.async_get_server_info()
        session_ids.add(api.auth.client_id)
        texts += [repr(info), str(info), repr(api), repr(api.auth), str(api.auth)]
        await api.async_ping()
        users = await api.async_get_users()
        owner = next(u for u in users if u.name == "owner")
        await owner.async_change_password(SECRET_PASSWORD, NEW_PASSWORD)
        emulator.expire_sessions()
        await api.async_get_server_info()
        session_ids.add(api.auth.client_id)
        texts += [repr(api.auth), repr(users)]

        arms: tuple[Callable[[], None], ...] = (
            lambda: emulator.fail_next(8, count=2),
            lambda: emulator.http_error(500),
            emulator.invalid_json,
            lambda: emulator.delay_replies(30, count=1),
        )
        for arm in arms:
            arm()
            api.auth.command_timeout = 1
            with pytest.raises(CameDomoticError) as info_err:
                await api.async_get_server_info()
            texts += [str(info_err.value), repr(info_err.value)]
            session_ids.add(api.auth.client_id)
        emulator.clear_faults()
        bad = await CameDomoticAPI.async_create(emulator.host, "owner", SECRET_PASSWORD)
        with pytest.raises(CameDomoticError) as info_err:  # old password now refused
            await bad.async_get_server_info()
        texts.append(str(info_err.value))
        await bad.async_dispose()
        await api.async_dispose()

    assert _traffic_lines(caplog), "the traffic log was enabled"
    # The emulator (server side, not the client library) keeps its own logs out of scope.
    client_logs = [
        f"{r.getMessage()} {r.exc_text or ''}"
        for r in caplog.records
        if not r.name.startswith("aiocamedomotic.emulator")
    ]
    everything = "\n".join(client_logs + texts)
    session_ids.discard("")
    assert session_ids
    for secret in (SECRET_PASSWORD, NEW_PASSWORD, keycode, serial, *session_ids):
        assert secret not in everything


async def test_traffic_log_redacts_each_listed_field(
    emulator: CameEmulator, api: CameDomoticAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="aiocamedomotic.traffic")
    await api.async_get_server_info()
    client_id = api.auth.client_id
    await api.async_get_users()
    guest = await api.async_add_user("guest", "pw-guest-1")
    await guest.async_change_password("pw-guest-1", "pw-guest-2")

    lines = _traffic_lines(caplog)
    port = emulator.port
    assert all(f"http://127.0.0.***:{port}/domo/ [status=" in line for line in lines)
    payloads = [p for line in lines for p in _payloads(line)]
    by_cmd = {str(p.get("sl_cmd") or p.get("cmd_name")): p for p in payloads}

    login = by_cmd["sl_registration_req"]
    assert login["sl_login"] == USERNAME[:2] + "***"
    assert login["sl_pwd"] == "***"
    ack = by_cmd["sl_registration_ack"]
    assert ack["sl_client_id"] == client_id[:3] + "***"
    data = by_cmd["sl_data_req"]
    assert data["sl_client_id"] == client_id[:3] + "***"
    assert data["sl_appl_msg"]["client"] == client_id[:3] + "***"
    features = by_cmd["feature_list_resp"]
    keycode = emulator.plant.server["keycode"]
    assert features["keycode"] == keycode[:8] + "*" * (len(keycode) - 8)
    assert features["serial"] == emulator.plant.server["serial"][:3] + "***"
    users = by_cmd["sl_users_list_resp"]["sl_users_list"]
    assert users
    assert all(str(u["name"]).endswith("***") for u in users)
    add = by_cmd["sl_add_user_req"]
    assert (add["sl_login"], add["sl_pwd"]) == ("gu***", "***")
    change = by_cmd["sl_user_pwd_change_req"]
    assert (change["sl_pwd"], change["sl_new_pwd"]) == ("***", "***")
    assert "pw-guest" not in caplog.text


async def test_traffic_log_is_silent_unless_enabled(
    api: CameDomoticAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="aiocamedomotic.traffic")
    await api.async_get_server_info()
    assert not _traffic_lines(caplog)
