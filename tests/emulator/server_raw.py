"""Helpers of the emulator core's tests: plain aiohttp POSTs (form field ``command``), no
client library, and a plant with a few scripted commands."""

from __future__ import annotations

import asyncio
import json
import re
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from aiocamedomotic.emulator import AppDataError, CameEmulator, Plant

Json = dict[str, Any]

#: The plant's factory credentials (PROTOCOL.md §1.7).
FACTORY_USER = FACTORY_PASSWORD = "admin"


class ScriptedPlant(Plant):
    """The plant, plus commands that let the core's tests provoke each plant outcome."""

    def handle(self, cmd_name: str, msg: Json, *, username: str) -> Json | None:
        if cmd_name == "echo_req":  # what the plant received, and from whom
            return {"cmd_name": "echo_resp", "msg": msg, "username": username}
        if cmd_name == "bare_req":  # a bare ack (PROTOCOL.md §3.3)
            return {}
        if cmd_name == "bad_data_req":
            raise AppDataError("bad fields")
        if cmd_name == "crash_req":
            raise RuntimeError("plant bug")
        if cmd_name == "emit_req":  # a state change: one indication to every session
            self.emit({"cmd_name": "test_ind", "n": msg.get("n")})
            return {"cmd_name": "generic_reply"}
        if cmd_name == "accent_req":
            return {"cmd_name": "accent_resp", "name": "Camera di Niccolò"}
        return super().handle(cmd_name, msg, username=username)


def scripted_plant(**data: Any) -> ScriptedPlant:
    """A scripted plant; ``data`` as in a plant file (users default to admin/admin)."""
    return ScriptedPlant(data)


class RawClient:
    """Speaks the wire protocol by hand to one emulator."""

    def __init__(self, http: aiohttp.ClientSession, emulator: CameEmulator) -> None:
        self.http = http
        self.emulator = emulator

    async def send(
        self,
        data: Any = None,
        *,
        params: dict[str, str] | None = None,
        seconds: float | None = None,
        path: str = "/domo/",
    ) -> tuple[int, str, bytes]:
        """POST anything; returns (status, content type header, body)."""
        timeout = aiohttp.ClientTimeout(total=seconds)
        url = f"http://{self.emulator.host}{path}"
        async with self.http.post(url, data=data, params=params, timeout=timeout) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), await resp.read()

    async def post(self, message: Json, *, seconds: float | None = None) -> Json:
        """POST one message as the form field ``command``; returns the JSON reply."""
        status, _ctype, body = await self.send({"command": json.dumps(message)}, seconds=seconds)
        assert status == 200
        reply = json.loads(body)
        assert isinstance(reply, dict)
        return reply

    async def login(self, user: str = FACTORY_USER, pwd: str = FACTORY_PASSWORD) -> str:
        """Log in; returns the session id."""
        reply = await self.post({"sl_cmd": "sl_registration_req", "sl_login": user, "sl_pwd": pwd})
        assert reply["sl_data_ack_reason"] == 0, reply
        session_id = reply["sl_client_id"]
        assert isinstance(session_id, str)
        return session_id

    async def session_cmd(self, sl_cmd: str, session_id: str | None, **fields: Any) -> Json:
        """A session-layer command."""
        message: Json = {"sl_cmd": sl_cmd, **fields}
        if session_id is not None:
            message["sl_client_id"] = session_id
        return await self.post(message)

    async def data(
        self, session_id: str | None, cmd_name: str, *, seconds: float | None = None, **fields: Any
    ) -> Json:
        """An application message, in the official app's envelope (PROTOCOL.md §2.9)."""
        appl: Json = {"cmd_name": cmd_name, "cseq": 1, **fields}
        message: Json = {"sl_cmd": "sl_data_req", "sl_appl_msg_type": "domo", "sl_appl_msg": appl}
        if session_id is not None:
            message["sl_client_id"] = session_id
            appl.setdefault("client", session_id)
        return await self.post(message, seconds=seconds)

    async def poll(self, session_id: str, *, seconds: float | None = None, **fields: Any) -> Json:
        """One ``status_update_req``."""
        return await self.data(session_id, "status_update_req", seconds=seconds, **fields)


class RawSession:
    """One logged-in session of a :class:`RawClient`: application messages and polls."""

    def __init__(self, client: RawClient, session_id: str) -> None:
        self.client = client
        self.session_id = session_id

    async def app(self, cmd_name: str, **fields: Any) -> Json:
        """One application message of this session."""
        return await self.client.data(self.session_id, cmd_name, **fields)

    async def updates_until(self, cmd_name: str, **match: Any) -> list[Json]:
        """Poll until an indication ``cmd_name`` with the given fields arrives; all seen."""
        seen: list[Json] = []
        while True:
            resp = await self.client.poll(self.session_id)
            assert resp["cmd_name"] == "status_update_resp"
            seen += resp["result"]
            for ind in resp["result"]:
                if ind["cmd_name"] == cmd_name and all(ind.get(k) == v for k, v in match.items()):
                    return seen


@asynccontextmanager
async def connect(emulator: CameEmulator) -> AsyncIterator[RawClient]:
    """A raw client with its own HTTP session."""
    async with aiohttp.ClientSession() as http:
        yield RawClient(http, emulator)


@asynccontextmanager
async def emulator_process(
    *args: str,
) -> AsyncIterator[tuple[asyncio.subprocess.Process, str]]:
    """Run ``python <args> --port 0`` (an emulator entry point) until its ``listening`` line.

    Yields the process (stdout and stderr piped) and the API URL it printed; the process is
    killed on the way out if it is still running.
    """
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        "--port",
        "0",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    try:
        async with asyncio.timeout(30):
            line = (await proc.stdout.readline()).decode()
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+/domo/)", line)
        assert match, line
        yield proc, match.group(1)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
