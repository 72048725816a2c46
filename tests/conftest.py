"""Fixtures shared by every test directory (keep this minimal; put others in sub-directory
conftests)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
from hypothesis import settings

from aiocamedomotic.emulator import CameEmulator

# Property-based tests: reproducible runs in CI (HYPOTHESIS_PROFILE=ci, or CI set).
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)


@pytest.fixture
async def emulator() -> AsyncIterator[CameEmulator]:
    """A running emulator with the demo plant on 127.0.0.1 (user admin/admin)."""
    async with CameEmulator() as emu:
        yield emu
