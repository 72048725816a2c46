"""Benchmark: what a live plant costs the server over a simulated day (issue 15, point 5).

A real CAME server is a small embedded box shared with the official app and the wall panels:
every request, login and held connection of ours is load on it. This script runs the live
plant against the in-process emulator (the demo plant: every family, load control included)
for 24 simulated hours and counts, **at the server**: HTTP requests (per idle hour, per
active hour), logins, keep-alives, TCP connections opened and the most open at once (the
emulator's connection guard).

Time is simulated: the whole run uses an event loop whose clock jumps to the next timer
whenever nothing is ready (:class:`JumpingLoop`), so a 120 s idle poll takes a few
milliseconds, and every timer in the loop - the emulator's poll hold and head timeout,
aiohttp's client timeouts and connection pool, the live plant's clock - sees simulated time.
Each jump also moves the emulator's session clock (``advance_clock``), so its sessions
expire on simulated time. Not simulated: the client's own session deadline
(``Auth``, ``time.monotonic()``), which therefore never runs out here; in a real day it is
pushed forward by every answer, i.e. every idle poll (120 s) of the 900 s timeout, so it
never runs out there either while the plant polls.

The day: idle from 00:00 to 07:00 and from 22:00 to 24:00; from 07:00 to 22:00 a wall
switch is operated every 10 minutes (a physical event: one indication) and the user sends
a command from the client every 30 minutes. Targets: one connection for the poll plus at
most one for commands; no keep-alive while polls run; one login in the day (no faults).
"""

from __future__ import annotations

import asyncio
import selectors
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from benchlib import PASSWORD, USER, print_table, verdict

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator import CameEmulator
from aiocamedomotic.emulator.plant import Plant
from aiocamedomotic.models import LightStatus

HOURS = 24
IDLE_HOURS = frozenset(range(7)) | {22, 23}
EVENT_EVERY = 600.0  # simulated seconds between wall-switch events in an active hour
COMMAND_EVERY = 1800.0  # simulated seconds between user commands in an active hour
#: Real seconds the loop still waits for socket activity before it jumps the clock: on
#: loopback an answer is readable as soon as it is written, this only absorbs scheduling.
SETTLE = 0.002
LIGHTS = (1, 2, 3)


class _JumpingSelector:
    """A selector that, when it would block, waits ``SETTLE`` and then jumps the clock."""

    def __init__(self, inner: selectors.BaseSelector, jump: Callable[[float], None]) -> None:
        self._inner = inner
        self._jump = jump

    def select(self, timeout: float | None = None) -> list[Any]:
        ready = self._inner.select(0)
        if ready or timeout == 0:
            return ready
        wait = SETTLE if timeout is None else min(timeout, SETTLE)
        ready = self._inner.select(wait)
        if ready or timeout is None or timeout <= SETTLE:
            return ready
        self._jump(timeout - SETTLE)
        return []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class JumpingLoop(asyncio.SelectorEventLoop):
    """An event loop on simulated time: idle waits are skipped, sockets stay real."""

    def __init__(self) -> None:
        super().__init__()
        self.offset = 0.0
        self.jumps = 0
        self.on_jump: Callable[[float], None] | None = None
        inner: Any = self._selector  # type: ignore[has-type]
        self._selector = _JumpingSelector(inner, self._advance)

    def time(self) -> float:
        return time.monotonic() + self.offset

    def _advance(self, seconds: float) -> None:
        self.offset += seconds
        self.jumps += 1
        if self.on_jump is not None:
            self.on_jump(seconds)


class Hour:
    """What the server saw in one simulated hour."""

    def __init__(self, index: int, emulator: CameEmulator) -> None:
        stats = emulator.stats
        self.index = index
        self.idle = index in IDLE_HOURS
        self.http = stats.http_requests
        self.requests = Counter(stats.requests)
        self.session = Counter(stats.session_commands)
        self.logins = stats.logins
        self.opened = stats.connections_opened
        self.peak = stats.peak_connections

    @property
    def keep_alives(self) -> int:
        return self.session["sl_keep_alive_req"]


async def active_hour(api: CameDomoticAPI, emulator: CameEmulator, hour: int) -> None:
    """One active hour: wall-switch events and user commands, interleaved in time."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    plans: list[tuple[float, str]] = [
        (n * EVENT_EVERY, "event") for n in range(int(3600 / EVENT_EVERY))
    ] + [(n * COMMAND_EVERY + 300.0, "command") for n in range(int(3600 / COMMAND_EVERY))]
    lights = api.live_plant.lights if api.live_plant is not None else None
    assert lights is not None
    for n, (at, what) in enumerate(sorted(plans)):
        await asyncio.sleep(max(0.0, start + at - loop.time()))
        light = LIGHTS[(hour + n) % len(LIGHTS)]
        if what == "event":
            emulator.plant.toggle_light(light)
        else:
            await lights[light].async_set_status(LightStatus.ON if n % 2 else LightStatus.OFF)
    await asyncio.sleep(max(0.0, start + 3600 - loop.time()))


async def simulate() -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, JumpingLoop)
    plant = Plant.demo()
    epoch = time.time() - loop.time()
    plant.clock = lambda: epoch + loop.time()
    async with CameEmulator(plant) as emulator:
        loop.on_jump = emulator.advance_clock
        stats = emulator.stats
        api = await CameDomoticAPI.async_create(emulator.host, USER, PASSWORD)
        async with api:
            stats.reset()
            live = await api.async_start_live()
            await emulator.wait_for_pending_poll()
            start = Hour(-1, emulator)
            entities = sum(len(r) for r in live.registries.values())
            # The start's list connections stay in the pools until an idle timeout (the
            # emulator's head timeout, aiohttp's keep-alive: 15 s each): count how long.
            settled = loop.time()
            await emulator.wait_until(lambda: stats.open_connections <= 1)
            settled = loop.time() - settled
            events = 0
            hours: list[Hour] = []
            real = time.perf_counter()
            for hour in range(HOURS):
                stats.reset()
                if hour in IDLE_HOURS:
                    await asyncio.sleep(3600)
                else:
                    await active_hour(api, emulator, hour)
                hours.append(Hour(hour, emulator))
                events += stats.indications
            real = time.perf_counter() - real
            same = all(
                live.lights[ident].raw_data.get("status")
                == emulator.plant.device("lights", ident).get("status")
                for ident in LIGHTS
            )
            await live.async_stop()
    return {
        "start": start,
        "hours": hours,
        "entities": entities,
        "real": real,
        "jumps": loop.jumps,
        "events": events,
        "settled": settled,
        "same": same,
    }


def report(result: dict[str, Any]) -> None:
    start: Hour = result["start"]
    hours: list[Hour] = result["hours"]
    idle = [h for h in hours if h.idle]
    active = [h for h in hours if not h.idle]
    logins = start.logins + sum(h.logins for h in hours)
    keep_alives = start.keep_alives + sum(h.keep_alives for h in hours)
    day_peak = max(h.peak for h in hours)
    polls = [h.requests["status_update_req"] for h in idle]
    rows = [
        [
            "start: requests (server info, lists, first poll)",
            str(start.http),
            ", ".join(
                f"{n} {what}"
                for what, n in Counter(
                    "lists" if k.endswith("_list_req") and k != "feature_list_req" else k
                    for k in start.requests.elements()
                ).items()
            ),
            "",
            "",
        ],
        [
            "start: connections opened / most open at once",
            f"{start.opened} / {start.peak}",
            f"idle ones closed {result['settled']:.0f} s later",
            "",
            "",
        ],
        [
            "idle hour: HTTP requests (mean, max)",
            f"{statistics.mean(h.http for h in idle):.1f}, {max(h.http for h in idle)}",
            f"polls {statistics.mean(polls):.1f}/h",
            "",
            "",
        ],
        [
            "idle hour: connections opened (mean, max)",
            f"{statistics.mean(h.opened for h in idle):.1f}, {max(h.opened for h in idle)}",
            "",
            "",
            "",
        ],
        [
            "active hour: HTTP requests (mean, max)",
            f"{statistics.mean(h.http for h in active):.1f}, {max(h.http for h in active)}",
            f"{int(3600 / EVENT_EVERY)} events + {int(3600 / COMMAND_EVERY)} commands/h",
            "",
            "",
        ],
        [
            "active hour: connections opened (mean, max)",
            f"{statistics.mean(h.opened for h in active):.1f}, {max(h.opened for h in active)}",
            "",
            "",
            "",
        ],
        [
            "day (from the settled start): most connections open at once",
            str(day_peak),
            "poll + commands",
            "<= 2",
            verdict(day_peak <= 2),
        ],
        ["day: keep-alives", str(keep_alives), "", "0", verdict(keep_alives == 0)],
        ["day: logins", str(logins), "", "1", verdict(logins == 1)],
        [
            "day: HTTP requests in all",
            str(start.http + sum(h.http for h in hours)),
            f"{result['events']} indications broadcast",
            "",
            "",
        ],
        ["day: lights equal at the end", str(result["same"]), "", "True", verdict(result["same"])],
    ]
    print_table(
        f"bench_presence: a live plant ({result['entities']} entities, demo plant) for "
        f"{HOURS} simulated hours ({len(idle)} idle), counted at the emulator; "
        f"{result['real']:.1f} s real, {result['jumps']} clock jumps",
        ["measure", "figure", "detail", "target", "result"],
        rows,
    )


def main() -> None:
    loop = JumpingLoop()
    try:
        report(loop.run_until_complete(simulate()))
    finally:
        loop.close()


if __name__ == "__main__":
    main()
