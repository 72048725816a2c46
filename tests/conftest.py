"""Fixtures shared by every test directory (keep this minimal; put others in sub-directory
conftests)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from aiocamedomotic.emulator import CameEmulator


@pytest.fixture
async def emulator() -> AsyncIterator[CameEmulator]:
    """A running emulator with the demo plant on 127.0.0.1 (user admin/admin)."""
    async with CameEmulator() as emu:
        yield emu
