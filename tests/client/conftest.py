"""Fixtures of the client tests: an Auth against the plugin's ``emulator`` fixture (``api``
comes from the plugin too)."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest

from aiocamedomotic.auth import Auth
from aiocamedomotic.emulator.server import CameEmulator

#: The emulator's factory user (PROTOCOL.md §1.7).
USERNAME = "admin"
PASSWORD = "admin"


@pytest.fixture
async def websession() -> AsyncIterator[aiohttp.ClientSession]:
    """A caller-owned aiohttp session."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def auth(emulator: CameEmulator, websession: aiohttp.ClientSession) -> AsyncIterator[Auth]:
    """An Auth on the emulator (not logged in yet)."""
    auth = await Auth.async_create(websession, emulator.host, USERNAME, PASSWORD)
    yield auth
    await auth.async_dispose()


@pytest.fixture
def closed_port_host() -> str:
    """``127.0.0.1:<port>`` where nothing listens (the port was just released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"127.0.0.1:{port}"
