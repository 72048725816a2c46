"""Fuzzing the emulator: any ``command`` body gets HTTP 200 and a JSON object with an integer
``sl_data_ack_reason`` - never a traceback or HTTP 500 - and the server keeps serving."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aiocamedomotic.emulator as emulator_pkg
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.emulator.wire import SESSION_ACKS

from .strategies import FUZZ, values

USERNAME = "fuzz-owner"
PASSWORD = "Fuzz-Pw-31d9"

#: Field names the emulator reads from application messages, found in its source so that a
#: new family's fields are fuzzed too.
_SOURCES = [
    *Path(emulator_pkg.__file__).parent.glob("*.py"),
    *Path(emulator_pkg.__file__).parent.glob("devices/*.py"),
]
FIELDS = sorted(
    {
        match
        for path in _SOURCES
        for match in re.findall(r'msg(?:\.get\(|\[|, )"(\w+)"', path.read_text(encoding="utf-8"))
    }
    | {"timeout", "client", "cseq", "username"}
)


@pytest.fixture
async def emulator() -> AsyncIterator[CameEmulator]:
    """The demo plant; long polls answer at once (a fuzzed poll must not hang the test)."""
    async with CameEmulator(
        username=USERNAME, password=PASSWORD, poll_max_wait=0.0, coalesce_delay=0.0
    ) as emu:
        yield emu


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


class Client:
    """Raw POSTs to one emulator, and a session id kept valid between examples."""

    def __init__(self, http: aiohttp.ClientSession, emulator: CameEmulator) -> None:
        self.http = http
        self.url = emulator.url
        self.emulator = emulator

    async def post(self, data: Any) -> tuple[int, bytes]:
        async with self.http.post(self.url, data=data) as response:
            return response.status, await response.read()

    async def reply(self, data: Any) -> dict[str, Any]:
        status, body = await self.post(data)
        assert status == 200, body[:200]
        reply = json.loads(body)
        assert isinstance(reply, dict), reply
        ack = reply.get("sl_data_ack_reason")
        assert isinstance(ack, int), reply
        assert not isinstance(ack, bool), reply
        return reply

    async def session(self) -> str:
        """A valid session id (logged in again if a fuzzed logout ended it)."""
        for session_id, session in self.emulator.sessions.items():
            if session.username == USERNAME:
                return session_id
        login = {"sl_cmd": "sl_registration_req", "sl_login": USERNAME, "sl_pwd": PASSWORD}
        reply = await self.reply({"command": json.dumps(login)})
        assert reply["sl_data_ack_reason"] == 0, reply
        session_id = reply["sl_client_id"]
        assert isinstance(session_id, str)
        return session_id


def _cmd_names(emulator: CameEmulator) -> list[str]:
    return sorted(emulator.plant.command_names)


def messages(cmd_names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Session-layer messages: known or junk sl_cmd, client id, application message; half of
    them well-formed data requests of a valid session, so that the plant's handlers see
    fuzzed fields."""
    appl = st.fixed_dictionaries(
        {},
        optional={
            "cmd_name": st.sampled_from([*cmd_names, "status_update_req"]) | values,
            **dict.fromkeys(FIELDS, values),
        },
    )
    data_request = st.fixed_dictionaries(
        {"sl_cmd": st.just("sl_data_req"), "sl_client_id": st.just("<valid>"), "sl_appl_msg": appl}
    )
    return data_request | st.fixed_dictionaries(
        {},
        optional={
            "sl_cmd": st.sampled_from(sorted(SESSION_ACKS)) | values,
            "sl_client_id": st.just("<valid>") | values,
            "sl_appl_msg": appl | values,
            "sl_login": st.sampled_from([USERNAME, "admin"]) | values,
            "sl_pwd": values,
            "sl_new_pwd": values,
            "sl_group": values,
        },
    )


def bodies(cmd_names: list[str]) -> st.SearchStrategy[Any]:
    """What a POST may carry: raw bytes, any text, any JSON, or a fuzzed message."""
    return st.one_of(
        st.binary(max_size=200),
        st.fixed_dictionaries({"command": st.text(max_size=80)}),
        st.fixed_dictionaries(
            {"command": st.dictionaries(st.text(max_size=8), values, max_size=5).map(json.dumps)}
        ),
        messages(cmd_names),
    )


@settings(FUZZ, max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
async def test_any_command_gets_an_ack(
    emulator: CameEmulator,
    http: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
    data: st.DataObject,
) -> None:
    client = Client(http, emulator)
    body = data.draw(bodies(_cmd_names(emulator)), label="body")
    if isinstance(body, dict) and "command" not in body:
        if body.get("sl_client_id") == "<valid>":
            body["sl_client_id"] = await client.session()
        body = {"command": json.dumps(body, allow_nan=True)}
    with caplog.at_level(logging.WARNING, logger="aiocamedomotic.emulator"):
        await client.reply(body)
        # still serving: a valid session answers a keep-alive
        keep_alive = {"sl_cmd": "sl_keep_alive_req", "sl_client_id": await client.session()}
        assert (await client.reply({"command": json.dumps(keep_alive)}))["sl_data_ack_reason"] == 0
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors[0].getMessage()
