"""Fixtures of the hostile-server tests: a scripted server, a second one to redirect to, and a
caller-owned HTTP session."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from support.hostile import LOGIN, Held, HostileServer
from support.live import asyncio_debug

from aiocamedomotic import Auth

__all__ = ["asyncio_debug"]

USERNAME = "admin"
PASSWORD = "Hostile-Pw-5e1a"


@pytest.fixture
async def server() -> AsyncIterator[HostileServer]:
    """The server under the test's script."""
    async with HostileServer() as srv:
        yield srv


@pytest.fixture
async def other() -> AsyncIterator[HostileServer]:
    """Another host, where redirects point: it must never receive anything."""
    async with HostileServer() as srv:
        yield srv


@pytest.fixture
async def websession() -> AsyncIterator[aiohttp.ClientSession]:
    """A caller-owned aiohttp session."""
    async with aiohttp.ClientSession() as session:
        yield session


async def make_auth(
    websession: aiohttp.ClientSession, server: HostileServer, command_timeout: float = 30
) -> Auth:
    """An Auth on ``server`` (its host probe done, not logged in)."""
    auth = await Auth.async_create(websession, server.host, USERNAME, PASSWORD)
    auth.command_timeout = command_timeout
    return auth


async def held_login(
    websession: aiohttp.ClientSession, server: HostileServer, command_timeout: float = 30
) -> tuple[Held, Auth]:
    """An Auth on ``server`` whose next login is held until the test releases it."""
    held = Held()
    server.script(LOGIN, held)
    return held, await make_auth(websession, server, command_timeout)
