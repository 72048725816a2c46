"""Fixtures of the live-layer tests: an emulator, an API on it and a running live plant."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import pytest

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.connection import ReconnectPolicy
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.events import LiveEvent
from aiocamedomotic.live import LiveOptions, LivePlant
from aiocamedomotic.models.catalogue import CATALOGUE

USERNAME = "admin"
PASSWORD = "admin"

#: Fast reconnection so that recovery tests finish quickly (no timing is asserted).
FAST = LiveOptions(poll_timeout=30, reconnect=ReconnectPolicy(base=0.005, cap=0.02))


@pytest.fixture(autouse=True)
async def _asyncio_debug() -> None:
    """Run every live test with asyncio debug mode (slow callbacks, unawaited coroutines)."""
    asyncio.get_running_loop().set_debug(True)


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


def true_items(emulator: CameEmulator, family: str) -> dict[int, dict[str, Any]]:
    """The emulator's true state of a family, in wire form, keyed by id.

    Read straight from the plant (no HTTP, no session), then parsed with the catalogue's
    id rule: the expected content of the live registry.
    """
    spec = CATALOGUE[family]
    if spec.feature not in emulator.plant.features:
        return {}
    response = emulator.plant.handle(spec.list_cmd, spec.build_request(USERNAME), username=USERNAME)
    assert response is not None
    return {entity.key: entity.raw_data for entity in spec.parse_response(response, _NoAuth())}


class _NoAuth:
    """Placeholder session for entities built only to be compared."""

    async def async_send_command(
        self,
        command: dict[str, Any],
        *,
        response_command: str | None = None,
        timeout: int | None = None,  # noqa: ASYNC109 (the CommandSender signature)
    ) -> dict[str, Any]:
        raise AssertionError("not used")


def assert_matches_plant(live: LivePlant, emulator: CameEmulator) -> None:
    """Every registry holds exactly the plant's entities, each with the plant's values."""
    for family, registry in live.registries.items():
        truth = true_items(emulator, family)
        assert set(registry) == set(truth), family
        for entity_id, raw in truth.items():
            entity = registry[entity_id]
            assert entity.available, (family, entity_id)
            for key, value in raw.items():
                held = entity._WIRE_ALIASES.get(key, key)
                assert entity.raw_data.get(held) == value, (family, entity_id, key)
