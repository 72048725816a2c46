"""Fixtures of the hostile-server tests: a scripted server, a second one to redirect to, and a
caller-owned HTTP session."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from support.hostile import HostileServer
from support.live import asyncio_debug

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
