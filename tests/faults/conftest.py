"""Fixtures of the fault matrix: an emulator whose user has a distinctive password."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from support.live import asyncio_debug

from aiocamedomotic.emulator.server import CameEmulator

#: The test user; the password is distinctive so that a leak is easy to spot.
USERNAME = "owner"
PASSWORD = "Fault-Pw-7c2e-never-shown"

__all__ = ["PASSWORD", "USERNAME", "asyncio_debug"]


@pytest.fixture
async def emulator() -> AsyncIterator[CameEmulator]:
    """The demo plant with the test user, no indication coalescing."""
    async with CameEmulator(username=USERNAME, password=PASSWORD, coalesce_delay=0.0) as emu:
        yield emu
