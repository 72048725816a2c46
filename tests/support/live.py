"""Test support: waiting for live events, counting client tasks, comparing registries with the
emulator plant's true state (on top of :mod:`aiocamedomotic.testing`). Shared by tests/live
and tests/faults."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import pytest

from aiocamedomotic.connection import ReconnectPolicy
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.live import LiveOptions, LivePlant
from aiocamedomotic.models.base import CameEntity
from aiocamedomotic.testing import NoSender, expect_event, plant_differences

__all__ = ["NoSender", "expect", "plant_differences"]

#: Fast reconnection so that recovery tests finish quickly (no timing is asserted).
FAST = LiveOptions(poll_timeout=30, reconnect=ReconnectPolicy(base=0.005, cap=0.02))


@pytest.fixture(autouse=True)
async def asyncio_debug() -> None:
    """Autouse fixture (import it into a conftest): asyncio debug mode for every test
    (unawaited coroutines, slow callbacks)."""
    asyncio.get_running_loop().set_debug(True)


#: Start listening now; the returned coroutine waits for the first matching event.
expect = expect_event


def client_tasks() -> set[asyncio.Task[Any]]:
    """The running tasks, minus the emulator's own (its HTTP server runs in the same loop)."""

    def server_side(task: asyncio.Task[Any]) -> bool:
        code = getattr(task.get_coro(), "cr_code", None)
        filename = code.co_filename if code is not None else ""
        return "aiohttp/web_" in filename or "/emulator/" in filename

    return {task for task in asyncio.all_tasks() if not server_side(task)}


class RecordingOwner:
    """A holder of entities (the models' ``EntityOwner``) that merges what a held entity
    hands it, as a live plant's controller does, and records each call as
    ``(entity, changed, source)``."""

    def __init__(self) -> None:
        self.calls: list[tuple[CameEntity, frozenset[str], str]] = []

    def apply(self, entity: CameEntity, raw: Mapping[str, Any], source: str) -> frozenset[str]:
        changed = entity.merge_wire(raw)
        self.calls.append((entity, changed, source))
        return changed


def assert_matches_plant(live: LivePlant, emulator: CameEmulator, username: str = "admin") -> None:
    """Every registry holds exactly the plant's entities, each with the plant's values."""
    assert plant_differences(live, emulator, username) == []


class FakeClock:
    """A :class:`~aiocamedomotic.live.LiveClock` whose time moves only when the plant sleeps
    (by exactly the delay asked, recorded in :attr:`sleeps`) or when the test advances it."""

    def __init__(self) -> None:
        self.time = 0.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.time

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        self.time += delay
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass (e.g. while a poll is held)."""
        self.time += seconds
