"""Shared helpers of the plant unit tests (no tests here)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiocamedomotic.emulator.plant import Plant, Variants

#: 2026-01-05 10:00:00 UTC, a Monday (11:00 in Europe/Rome).
MONDAY_10_UTC = 1767607200.0


def fast_variants(**changes: Any) -> Variants:
    """Variant A with timings short enough for tests."""
    base: dict[str, Any] = {
        "opening_travel_time": 0.05,
        "slat_time": 0.05,
        "scenario_delay": 0.01,
        "relay_interval_unit": 0.05,
    }
    base.update(changes)
    return Variants(**base)


class Recorder:
    """An ``emit`` that records indications and lets a test await one."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._event = asyncio.Event()

    def __call__(self, indication: dict[str, Any]) -> None:
        self.items.append(indication)
        self._event.set()

    def named(self, cmd_name: str) -> list[dict[str, Any]]:
        """Indications with this ``cmd_name``, in order."""
        return [i for i in self.items if i.get("cmd_name") == cmd_name]

    def clear(self) -> None:
        """Forget what was recorded."""
        self.items.clear()

    async def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], *, limit: float = 5.0
    ) -> dict[str, Any]:
        """The first recorded indication matching ``predicate``, waiting for it if needed."""
        async with asyncio.timeout(limit):
            while True:
                for item in self.items:
                    if predicate(item):
                        return item
                self._event.clear()
                await self._event.wait()


@asynccontextmanager
async def open_plant(
    data: dict[str, Any] | None = None, **variant_changes: Any
) -> AsyncIterator[tuple[Plant, Recorder]]:
    """The demo plant (or ``data``) with fast timings, a fixed clock and a recorder."""
    variants = fast_variants(**variant_changes)
    plant = Plant(data, variants=variants) if data is not None else Plant.demo(variants=variants)
    plant.clock = lambda: MONDAY_10_UTC
    recorder = Recorder()
    plant.emit = recorder
    try:
        yield plant, recorder
    finally:
        await plant.aclose()


def ask(plant: Plant, cmd_name: str, **fields: Any) -> dict[str, Any]:
    """Send one application message as user admin; fails on an unknown command."""
    resp = plant.handle(cmd_name, {"cmd_name": cmd_name, **fields}, username="admin")
    assert resp is not None, cmd_name
    return resp
