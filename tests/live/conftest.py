"""Fixtures of the live-layer tests: the plugin's ``emulator``, ``api`` and ``live``, tuned
(no indication coalescing, fast reconnection)."""

from __future__ import annotations

from typing import Any

import pytest
from support.live import FAST, assert_matches_plant, asyncio_debug, client_tasks, expect

from aiocamedomotic.live import LiveOptions

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
def emulator_options() -> dict[str, Any]:
    """The plugin's ``emulator`` without indication coalescing."""
    return {"coalesce_delay": 0.0}


@pytest.fixture
def live_options() -> LiveOptions:
    """The plugin's ``live`` with fast reconnection."""
    return FAST
