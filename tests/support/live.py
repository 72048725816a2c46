"""Test support: waiting for live events, counting client tasks, comparing registries with the
emulator plant's true state. Shared by tests/live and tests/faults."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from aiocamedomotic.connection import ReconnectPolicy
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.events import LiveEvent
from aiocamedomotic.live import LiveOptions, LivePlant
from aiocamedomotic.models.catalogue import CATALOGUE

#: Fast reconnection so that recovery tests finish quickly (no timing is asserted).
FAST = LiveOptions(poll_timeout=30, reconnect=ReconnectPolicy(base=0.005, cap=0.02))


@pytest.fixture(autouse=True)
async def asyncio_debug() -> None:
    """Autouse fixture (import it into a conftest): asyncio debug mode for every test
    (unawaited coroutines, slow callbacks)."""
    asyncio.get_running_loop().set_debug(True)


def expect(
    live: LivePlant, match: Callable[[LiveEvent], bool], *, within: float = 5.0
) -> Coroutine[Any, Any, LiveEvent]:
    """Start listening now; the returned coroutine waits for the first matching event.

    The subscription is made before this function returns, so an event published by
    whatever the test does next cannot be missed (no yielding to the loop needed).
    """
    stream = live.events()

    async def wait() -> LiveEvent:
        try:
            async with asyncio.timeout(within):
                async for event in stream:
                    if match(event):
                        return event
            raise AssertionError("the live plant stopped before the expected event")
        finally:
            stream.close()

    return wait()


def client_tasks() -> set[asyncio.Task[Any]]:
    """The running tasks, minus the emulator's own (its HTTP server runs in the same loop)."""

    def server_side(task: asyncio.Task[Any]) -> bool:
        code = getattr(task.get_coro(), "cr_code", None)
        filename = code.co_filename if code is not None else ""
        return "aiohttp/web_" in filename or "/emulator/" in filename

    return {task for task in asyncio.all_tasks() if not server_side(task)}


def true_items(emulator: CameEmulator, family: str, username: str) -> dict[int, dict[str, Any]]:
    """The emulator's true state of a family, in wire form, keyed by id.

    Read straight from the plant (no HTTP, no session), then parsed with the catalogue's
    id rule: the expected content of the live registry.
    """
    spec = CATALOGUE[family]
    if spec.feature not in emulator.plant.features:
        return {}
    # families listed per parent entity (loads per controller, PROTOCOL.md §4.13)
    parents = [None] if spec.parent is None else list(true_items(emulator, spec.parent, username))
    items: dict[int, dict[str, Any]] = {}
    for parent_id in parents:
        request = spec.build_request(username, parent_id)
        response = emulator.plant.handle(spec.list_cmd, request, username=username)
        assert response is not None
        items.update(
            (entity.key, entity.raw_data) for entity in spec.parse_response(response, NoSender())
        )
    return items


class NoSender:
    """Placeholder session for entities built only to be read or compared (never sends)."""

    async def async_send_command(
        self,
        command: dict[str, Any],
        *,
        response_command: str | None = None,
        timeout: int | None = None,  # noqa: ASYNC109 (the CommandSender signature)
    ) -> dict[str, Any]:
        raise AssertionError("an entity built for comparison must not send anything")


def plant_differences(live: LivePlant, emulator: CameEmulator, username: str) -> list[str]:
    """Where the registries differ from the plant: ``[]`` when every registry holds exactly
    the plant's entities, each available and with the plant's values."""
    differences: list[str] = []
    for family, registry in live.registries.items():
        truth = true_items(emulator, family, username)
        if set(registry) != set(truth):
            differences.append(f"{family}: ids {sorted(registry)} != {sorted(truth)}")
            continue
        for entity_id, raw in truth.items():
            entity = registry[entity_id]
            if not entity.available:
                differences.append(f"{family}/{entity_id}: unavailable")
            for key, value in raw.items():
                held = entity.raw_data.get(entity._WIRE_ALIASES.get(key, key))
                if held != value:
                    differences.append(f"{family}/{entity_id}.{key}: {held!r} != {value!r}")
    return differences


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
