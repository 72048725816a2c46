"""Soak run: the live plant against the emulator under random physical events and faults.

For ``--seconds`` (default 120) an in-process emulator (a generated plant of about 100
devices) receives random physical events through its plant hooks and random faults through
its hooks (restart, expire_sessions, http_error, invalid_json, reset_connection,
delay_replies, stop/start_listening, fill/free the session table), while the live plant
keeps its registries and also sends commands of its own. Then the faults stop, the plant
settles, and every entity of every registry is compared field by field with the emulator's
current state. Memory (tracemalloc and RSS) and the number of asyncio tasks are reported at
the start (after a short warm-up), the middle and the end. Exit status 1 if the state
diverged.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import resource
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import USER, ids_of, make_plant, print_table

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.connection import ConnectionState, ReconnectPolicy
from aiocamedomotic.emulator import CameEmulator
from aiocamedomotic.emulator.plant import Plant
from aiocamedomotic.errors import CameDomoticError
from aiocamedomotic.live import LiveOptions, LivePlant
from aiocamedomotic.models import LightStatus
from aiocamedomotic.models.catalogue import CATALOGUE

COUNTS = {
    "lights": 30,
    "openings": 10,
    "relays": 10,
    "zones": 8,
    "digital_inputs": 10,
    "analog_inputs": 6,
    "scenarios": 5,
    "timers": 5,
}
EVENTS_PER_SECOND = 40
SETTLE_SECONDS = 60.0


def rss_kib() -> int:
    """Current resident set size in KiB (Linux /proc), else the peak from getrusage."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return pages * resource.getpagesize() // 1024


def sample(label: str, emulator: CameEmulator) -> list[str]:
    gc.collect()
    return [
        label,
        f"{tracemalloc.get_traced_memory()[0] / 1024:.0f} KiB",
        f"{rss_kib()} KiB",
        str(len(asyncio.all_tasks())),
        str(emulator.stats.sessions),
    ]


def differences(live: LivePlant, emulator: CameEmulator) -> list[str]:
    """Every difference between the registries and the emulator's own list replies."""
    found = []
    for key, registry in live.registries.items():
        spec = CATALOGUE[key]
        if not emulator.plant.has_feature(str(spec.feature)):
            continue
        reply = emulator.plant.handle(spec.list_cmd, spec.build_request(USER), username=USER)
        truth = {entity.key: entity for entity in spec.parse_response(reply or {}, live_auth(live))}
        if set(truth) != set(registry):
            found.append(f"{key}: ids {sorted(set(truth) ^ set(registry))} differ")
        for ident in set(truth) & set(registry):
            held, real = registry[ident], truth[ident]
            for name, field in type(real)._fields.items():
                if field.parse(held.raw_data) != field.parse(real.raw_data):
                    found.append(
                        f"{key}/{ident}.{name}: registry {field.parse(held.raw_data)!r}, "
                        f"emulator {field.parse(real.raw_data)!r}"
                    )
    return found


def live_auth(live: LivePlant) -> Any:
    return live._api.auth


class Soak:
    def __init__(self, emulator: CameEmulator, live: LivePlant, plant: dict[str, Any]) -> None:
        self.emulator = emulator
        self.live = live
        self.ids = {family: ids_of(plant, family) for family in COUNTS}
        self.rng = random.Random(20_24)
        self.counts: Counter[str] = Counter()

    def physical_event(self) -> None:
        hooks = self.emulator.plant
        rng, ids = self.rng, self.ids
        kind = rng.choice(["light", "relay", "opening", "input", "zone", "analog"])
        if kind == "light":
            hooks.toggle_light(rng.choice(ids["lights"]))
        elif kind == "relay":
            hooks.toggle_relay(rng.choice(ids["relays"]))
        elif kind == "opening":
            hooks.move_opening(rng.choice(ids["openings"]), rng.choice([0, 1, 2]))
        elif kind == "input":
            ident = rng.choice(ids["digital_inputs"])
            (hooks.press_input if rng.random() < 0.5 else hooks.release_input)(ident)
        elif kind == "zone":
            hooks.set_zone_temperature(rng.choice(ids["zones"]), rng.randint(150, 260))
        else:
            hooks.set_analog_value(rng.choice(ids["analog_inputs"]), rng.randint(0, 999))
        self.counts[f"event {kind}"] += 1

    async def command(self) -> None:
        light = self.live.lights.get(self.rng.choice(self.ids["lights"]))
        if light is None:
            return
        try:
            async with asyncio.timeout(10):
                await light.async_set_status(self.rng.choice([LightStatus.ON, LightStatus.OFF]))
            self.counts["command ok"] += 1
        except (CameDomoticError, TimeoutError):
            self.counts["command failed"] += 1

    async def fault(self) -> None:
        emu, rng = self.emulator, self.rng
        faults: dict[str, Callable[[], object]] = {
            "restart": lambda: emu.restart(drop_connections=rng.random() < 0.5),
            "expire_sessions": emu.expire_sessions,
            "http_error": lambda: emu.http_error(rng.choice([500, 503]), count=rng.randint(1, 3)),
            "invalid_json": lambda: emu.invalid_json(count=rng.randint(1, 3)),
            "reset_connection": lambda: emu.reset_connection(count=rng.randint(1, 3)),
            "delay_replies": lambda: emu.delay_replies(
                rng.uniform(0.2, 3.0), count=rng.randint(1, 5)
            ),
            "stop_listening": self.outage,
            "fill_session_table": self.full_table,
        }
        name = rng.choice(list(faults))
        self.counts[f"fault {name}"] += 1
        result = faults[name]()
        if asyncio.iscoroutine(result):
            await result

    async def outage(self) -> None:
        await self.emulator.stop_listening()
        await asyncio.sleep(self.rng.uniform(0.5, 3.0))
        await self.emulator.start_listening()

    async def full_table(self) -> None:
        self.emulator.fill_session_table()
        await asyncio.sleep(self.rng.uniform(0.5, 3.0))
        self.emulator.free_session_table()

    async def load(self, seconds: float, on_middle: Callable[[], None]) -> None:
        end = time.monotonic() + seconds
        middle = time.monotonic() + seconds / 2
        next_fault = time.monotonic() + 1.0
        commands: set[asyncio.Task[None]] = set()
        while (now := time.monotonic()) < end:
            if middle and now >= middle:
                on_middle()
                middle = 0.0
            self.physical_event()
            if self.rng.random() < 0.1 and len(commands) < 20:
                task = asyncio.create_task(self.command())
                commands.add(task)
                task.add_done_callback(commands.discard)
            if now >= next_fault:
                await self.fault()
                next_fault = time.monotonic() + self.rng.uniform(0.5, 2.5)
            await asyncio.sleep(1 / EVENTS_PER_SECOND)
        await asyncio.gather(*commands)

    async def settle(self) -> list[str]:
        """Stop the faults, then wait until the registries equal the emulator (or time out)."""
        emu = self.emulator
        emu.clear_faults()
        emu.free_session_table()
        await emu.start_listening()
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            found = differences(self.live, emu)
            connected = self.live.connection_state is ConnectionState.CONNECTED
            if (connected and not found) or time.monotonic() > deadline:
                return found if connected else ["the live plant is not connected", *found]
            await asyncio.sleep(0.5)


async def run(seconds: float) -> int:
    tracemalloc.start()
    plant = make_plant(COUNTS)
    options = LiveOptions(poll_timeout=5, reconnect=ReconnectPolicy(base=0.2, cap=2.0))
    samples: list[list[str]] = []
    started = time.monotonic()
    async with (
        CameEmulator(Plant(plant), max_sessions=10) as emulator,
        await CameDomoticAPI.async_create(emulator.host, USER, "admin", command_timeout=10) as api,
        api.live(options=options) as live,
    ):
        soak = Soak(emulator, live, plant)
        warm_up = min(5.0, seconds / 10)
        await soak.load(warm_up, lambda: None)
        samples.append(sample("start", emulator))
        await soak.load(seconds - warm_up, lambda: samples.append(sample("middle", emulator)))
        settle_started = time.monotonic()
        found = await soak.settle()
        settled = time.monotonic() - settle_started
        samples.append(sample("end (settled)", emulator))
        entities = sum(len(registry) for registry in live.registries.values())
        stats = emulator.stats
        print_table(
            f"soak: {seconds:g} s of random events and faults, then settle "
            f"({time.monotonic() - started:.0f} s in all)",
            ["moment", "tracemalloc", "RSS", "asyncio tasks", "emulator sessions"],
            samples,
        )
        print(f"\nactions: {dict(sorted(soak.counts.items()))}")
        print(
            f"emulator: {stats.http_requests} requests, {stats.logins} logins, "
            f"{stats.indications} indications, faults {dict(stats.faults)}"
        )
        print(
            f"settled in {settled:.1f} s; {entities} entities compared field by field: "
            + ("state EQUAL" if not found else f"{len(found)} DIFFERENCES")
        )
        for line in found[:20]:
            print("  ", line)
    return 1 if found else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="load duration (s)")
    args = parser.parse_args()
    sys.exit(asyncio.run(run(max(args.seconds, 2.0))))


if __name__ == "__main__":
    main()
