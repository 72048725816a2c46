"""The emulator refuses every data and session command without a valid session, and binds
loopback unless told otherwise."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from aiocamedomotic.emulator import CameEmulator

from .conftest import PASSWORD, USERNAME, secure_plant

#: Session commands that need a session (PROTOCOL.md §2.1); the login and the password
#: change authenticate themselves.
SESSION_COMMANDS = (
    "sl_keep_alive_req",
    "sl_logout_req",
    "sl_users_list_req",
    "sl_add_user_req",
    "sl_del_user_req",
)


@pytest.fixture
async def emulator() -> AsyncIterator[CameEmulator]:
    async with CameEmulator(
        secure_plant(), username=USERNAME, password=PASSWORD, poll_max_wait=0.0
    ) as emu:
        yield emu


async def post(http: aiohttp.ClientSession, emulator: CameEmulator, message: Any) -> Any:
    async with http.post(emulator.url, data={"command": json.dumps(message)}) as response:
        assert response.status == 200
        return json.loads(await response.read())


def requests(emulator: CameEmulator) -> list[dict[str, Any]]:
    """Every data command the plant knows (and the long poll), and every session command
    that needs a session, each with plausible fields."""
    data = [
        {"sl_cmd": "sl_data_req", "sl_appl_msg": {"cmd_name": name, "act_id": 1, "id": 1}}
        for name in sorted({*emulator.plant.command_names, "status_update_req"})
    ]
    session = [
        {"sl_cmd": name, "sl_login": "admin", "sl_pwd": "intruder-pw", "sl_group": "*"}
        for name in SESSION_COMMANDS
    ]
    return data + session


@pytest.mark.parametrize(("client_id", "ack"), [(None, 7), ("", 8), ("0badc0de", 8), (42, 8)])
async def test_nothing_is_served_without_a_valid_session(
    emulator: CameEmulator, client_id: Any, ack: int
) -> None:
    before = emulator.plant.to_dict()
    sessions = dict(emulator.sessions)
    async with aiohttp.ClientSession() as http:
        for request in requests(emulator):
            if client_id is not None:
                request["sl_client_id"] = client_id
                if "sl_appl_msg" in request:
                    request["sl_appl_msg"]["client"] = client_id
            reply = await post(http, emulator, request)
            assert reply["sl_data_ack_reason"] == ack, request
            assert set(reply) <= {"sl_cmd", "sl_data_ack_reason"}, reply  # nothing else told
    assert len(requests(emulator)) > 40
    assert emulator.plant.to_dict() == before  # nothing changed: no user added or deleted
    assert emulator.sessions.keys() == sessions.keys()


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on ``port`` (Linux ``/proc/net``)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if fields[3] == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


#: 127.0.0.1 as /proc/net/tcp writes it (little-endian hex).
LOOPBACK = "0100007F"

needs_proc = pytest.mark.skipif(
    not Path("/proc/net/tcp").exists(), reason="reads the socket table of Linux"
)


@needs_proc
async def test_emulator_binds_loopback_by_default() -> None:
    async with CameEmulator() as emulator:
        assert listening_addresses(emulator.port) == {LOOPBACK}
        assert emulator.host.startswith("127.0.0.1:")


@needs_proc
def test_standalone_emulator_binds_loopback_by_default() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "aiocamedomotic.emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "listening on http://127.0.0.1:" in line, line
        port = int(line.rsplit(":", 1)[1].split("/")[0])
        assert listening_addresses(port) == {LOOPBACK}
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
    finally:
        proc.terminate()
        proc.communicate(timeout=20)
