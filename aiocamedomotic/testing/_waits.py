"""Test kit: waiting on a live plant (event-driven, never by sleeping) and comparing its
registries with the emulator plant's true state."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from ..emulator import CameEmulator
from ..events import LiveEvent
from ..live import LivePlant
from ..models.catalogue import CATALOGUE

__all__ = ["NoSender", "async_wait_synced", "expect_event", "plant_differences", "true_items"]


def expect_event(
    live: LivePlant, match: Callable[[LiveEvent], object], *, timeout: float = 5.0
) -> Coroutine[Any, Any, LiveEvent]:
    """Start listening now; the returned coroutine waits for the first matching event.

    The subscription is made before this function returns, so an event caused by whatever
    the test does next cannot be missed::

        turned_on = expect_event(live, lambda e: e.key == "lights/1")
        emulator.plant.set_light(1, 1)
        event = await turned_on

    Args:
        live: the running live plant.
        match: which event to wait for.
        timeout: seconds to wait at most.

    Returns:
        The coroutine; it returns the event.

    Raises:
        TimeoutError: (from the coroutine) no matching event within ``timeout``.
        AssertionError: (from the coroutine) the live plant stopped first.
    """
    stream = live.events()

    async def wait() -> LiveEvent:
        try:
            async with asyncio.timeout(timeout):
                async for event in stream:
                    if match(event):
                        return event
            raise AssertionError("the live plant stopped before the expected event")
        finally:
            stream.close()

    return wait()


def true_items(emulator: CameEmulator, family: str, username: str) -> dict[int, dict[str, Any]]:
    """The emulator's true state of a client family, in wire form, keyed by id.

    Read straight from the plant (no HTTP, no session) and parsed with the catalogue's id
    rule: the expected content of the live registry of ``family``.

    Args:
        emulator: the emulator.
        family: a catalogue key (``"lights"``...).
        username: the user whose view is read (some lists depend on it).
    """
    spec = CATALOGUE[family]
    if spec.feature is not None and spec.feature not in emulator.plant.features:
        return {}
    # families listed per parent entity (loads per controller, PROTOCOL.md §4.13)
    parents = [None] if spec.parent is None else list(true_items(emulator, spec.parent, username))
    items: dict[int, dict[str, Any]] = {}
    for parent_id in parents:
        request = spec.build_request(username, parent_id)
        response = emulator.plant.handle(spec.list_cmd, request, username=username)
        assert response is not None, f"the emulator does not answer {spec.list_cmd}"
        items.update(
            (entity.key, entity.raw_data) for entity in spec.parse_response(response, NoSender())
        )
    return items


def plant_differences(live: LivePlant, emulator: CameEmulator, username: str) -> list[str]:
    """Where the live registries differ from the emulator's plant.

    Returns:
        ``[]`` when every registry holds exactly the plant's entities, each available and
        with the plant's values; otherwise one line per difference.
    """
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


async def async_wait_synced(
    live: LivePlant,
    emulator: CameEmulator,
    *,
    username: str = "admin",
    timeout: float = 5.0,  # noqa: ASYNC109 (as LivePlant.async_wait_for)
) -> None:
    """Wait until the live plant's registries match the emulator's plant exactly.

    Checked now and after every event of the live plant (no polling, no sleep).

    Args:
        live: the running live plant.
        emulator: the emulator it is connected to.
        username: the user the live plant logged in as.
        timeout: seconds to wait at most.

    Raises:
        AssertionError: still different after ``timeout`` (the message lists the
            differences).
    """
    try:
        await live.async_wait_for(
            lambda: not plant_differences(live, emulator, username), timeout=timeout
        )
    except TimeoutError:
        raise AssertionError(
            "the live plant does not match the emulator: "
            + "; ".join(plant_differences(live, emulator, username)[:10])
        ) from None


class NoSender:
    """A session for entities built only to be read or compared (``Light(raw, NoSender())``):
    sending anything through it is a bug, reported as an :class:`AssertionError`."""

    async def async_send_command(
        self,
        command: dict[str, Any],
        *,
        response_command: str | None = None,
        timeout: int | None = None,  # noqa: ASYNC109 (the CommandSender signature)
    ) -> dict[str, Any]:
        raise AssertionError("an entity built for comparison must not send anything")
