"""Fixtures of the fault matrix: the plugin's emulator, with a user whose password is
distinctive and no indication coalescing."""

from __future__ import annotations

from typing import Any

import pytest
from support.live import asyncio_debug

#: The test user; the password is distinctive so that a leak is easy to spot.
USERNAME = "owner"
PASSWORD = "Fault-Pw-7c2e-never-shown"

__all__ = ["PASSWORD", "USERNAME", "asyncio_debug"]


@pytest.fixture
def credentials() -> tuple[str, str]:
    """The plugin's emulators get the test user."""
    return USERNAME, PASSWORD


@pytest.fixture
def emulator_options() -> dict[str, Any]:
    """No indication coalescing."""
    return {"coalesce_delay": 0.0}
