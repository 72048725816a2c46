"""Fixtures of the live-layer tests: an emulator, an API on it and a running live plant."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from support.live import FAST, assert_matches_plant, asyncio_debug, client_tasks, expect

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.live import LivePlant

__all__ = [
    "FAST",
    "PASSWORD",
    "USERNAME",
    "assert_matches_plant",
    "asyncio_debug",
    "client_tasks",
    "expect",
]

USERNAME = "admin"
PASSWORD = "admin"


@pytest.fixture
async def emulator() -> AsyncIterator[CameEmulator]:
    """A demo-plant emulator on 127.0.0.1 with a free port."""
    async with CameEmulator(coalesce_delay=0.0) as emu:
        yield emu


@pytest.fixture
async def api(emulator: CameEmulator) -> AsyncIterator[CameDomoticAPI]:
    """An API on the emulator, owning its websession."""
    api = await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD)
    yield api
    await api.async_dispose()


@pytest.fixture
async def live(api: CameDomoticAPI) -> AsyncIterator[LivePlant]:
    """A running live plant with fast reconnection."""
    plant = await api.async_start_live(options=FAST)
    yield plant
    await plant.async_stop()
