"""Soak run: the live plant against the emulator under random physical events and faults.

For ``--seconds`` (default 120) an in-process emulator (a generated plant of about 100
devices plus the demo plant's energy meter, load controller and its loads, irrigation
sectors and security system) receives random physical events through its plant hooks
(lights, relays, openings, inputs, zones, analog values, meter power, which makes the load
controller shed and re-attach loads, security inputs, forced irrigation) and faults
(restart, expire_sessions, http_error, invalid_json, truncated_json, reset_connection,
delay_replies, fail_next with ACK 3/4/7/8/9/10/11 in turn, stop/start_listening, fill/free
the session table, bursts of ``plant_update_ind`` with a plant reload; drawn from shuffled
decks holding each kind once and fail_next three times), while the live plant keeps its
registries and sends commands of its own (lights, irrigation).

A warm-up (a sixth of the run, at most 20 s, same load) is followed by a settle, then the
"start" sample; the load runs, the faults stop, the plant settles again, then the "end"
sample. After each settle every entity of every registry is compared field by field with
the emulator's current state. Checks (exit status 1 when one fails):

* state: no difference after the final settle (within 60 s);
* tasks: the client's asyncio tasks (the emulator's and aiohttp server's tasks, which run in
  the same loop, and this script's own are excluded by their coroutine's file, aiohttp's
  request-body writer of an in-flight request by its name) are as many at the end as at
  the start, exactly (both samples are taken connected, right after a settle);
* memory: the client's traced memory (tracemalloc; allocations with the emulator's or the
  aiohttp server's code anywhere in their traceback excluded) grows by at most
  ``max(256 KiB, 20 %)`` from start to end. RSS and the whole process's traced memory are
  reported, not checked.
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

from benchlib import USER, add_demo_families, ids_of, make_plant, print_table

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
#: ACK codes armed by the fail_next fault (PROTOCOL.md §2.13).
FAIL_ACKS = (3, 4, 7, 8, 9, 10, 11)
#: Allowed growth of the client's traced memory from start to end.
MEMORY_TOLERANCE_KIB = 256
MEMORY_TOLERANCE_RATIO = 0.20
#: Coroutine files of tasks that are not the client's.
_NOT_CLIENT = ("/aiocamedomotic/emulator/", "/aiohttp/web_", str(Path(__file__).resolve()))
#: Frames kept per traced allocation: enough to see whether the emulator or the aiohttp
#: server (which run in this process) made it, even through json or asyncio.
TRACE_FRAMES = 25
#: Tasks that live only while one request is in flight (aiohttp's request-body writer): a
#: sample may catch one of the long poll's, so they are not counted.
_TRANSIENT = frozenset({"ClientRequest.write_bytes"})
#: Traced allocations not counted as the client's (the emulator runs in this process).
_MEMORY_FILTERS = [
    tracemalloc.Filter(False, "*/aiocamedomotic/emulator/*", all_frames=True),
    tracemalloc.Filter(False, "*/aiohttp/web_*", all_frames=True),
    tracemalloc.Filter(False, tracemalloc.__file__),
]


def rss_kib() -> int:
    """Current resident set size in KiB (Linux /proc), else the peak from getrusage."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return pages * resource.getpagesize() // 1024


def client_tasks() -> list[asyncio.Task[Any]]:
    """The running tasks of the client (not the emulator's, aiohttp server's or ours)."""

    def filename(task: asyncio.Task[Any]) -> str:
        code = getattr(task.get_coro(), "cr_code", None)
        return code.co_filename if code is not None else ""

    return [
        task
        for task in asyncio.all_tasks()
        if not any(part in filename(task) for part in _NOT_CLIENT)
        and getattr(task.get_coro(), "__qualname__", "") not in _TRANSIENT
    ]


def task_names(tasks: list[asyncio.Task[Any]]) -> list[str]:
    return sorted(getattr(task.get_coro(), "__qualname__", task.get_name()) for task in tasks)


class Sample:
    """Memory and tasks at one moment."""

    def __init__(self, label: str, emulator: CameEmulator) -> None:
        gc.collect()
        self.label = label
        self.snapshot = tracemalloc.take_snapshot().filter_traces(_MEMORY_FILTERS)
        self.client_kib = sum(stat.size for stat in self.snapshot.statistics("filename")) / 1024
        self.traced_kib = tracemalloc.get_traced_memory()[0] / 1024
        self.rss_kib = rss_kib()
        self.tasks = task_names(client_tasks())
        self.all_tasks = len(asyncio.all_tasks())
        self.sessions = emulator.stats.sessions

    def row(self) -> list[str]:
        return [
            self.label,
            f"{self.client_kib:.0f} KiB",
            f"{self.traced_kib:.0f} KiB",
            f"{self.rss_kib} KiB",
            str(len(self.tasks)),
            str(self.all_tasks),
            str(self.sessions),
        ]


def differences(live: LivePlant, emulator: CameEmulator) -> list[str]:
    """Every difference between the registries and the emulator's own list replies."""
    found = []
    for key, registry in live.registries.items():
        truth = true_entities(key, live, emulator)
        if set(truth) != set(registry):
            found.append(f"{key}: ids {sorted(set(truth) ^ set(registry))} differ")
        for ident in set(truth) & set(registry):
            held, real = registry[ident], truth[ident]
            for name, field in type(real)._fields.items():
                mine, theirs = wire(field.parse(held.raw_data)), wire(field.parse(real.raw_data))
                if mine != theirs:
                    found.append(f"{key}/{ident}.{name}: registry {mine!r}, emulator {theirs!r}")
    return found


def wire(value: Any) -> Any:
    """A value comparable by ``==``: nested objects (e.g. sprinklers) by their raw data."""
    if isinstance(value, list | tuple):
        return [wire(item) for item in value]
    return getattr(value, "raw_data", value)


def true_entities(key: str, live: LivePlant, emulator: CameEmulator) -> dict[Any, Any]:
    """The emulator's current entities of one registry, read from its plant (no HTTP).

    Families listed per parent (loads per load controller, PROTOCOL.md §4.13) are listed
    once per parent id.
    """
    spec = CATALOGUE[key]
    if spec.feature is None or not emulator.plant.has_feature(str(spec.feature)):
        return {}
    parents: list[Any] = [None]
    if spec.parent is not None:
        parents = list(true_entities(spec.parent, live, emulator))
    truth: dict[Any, Any] = {}
    for parent in parents:
        request = spec.build_request(USER, parent)
        reply = emulator.plant.handle(spec.list_cmd, request, username=USER)
        truth.update(
            (entity.key, entity) for entity in spec.parse_response(reply or {}, live_auth(live))
        )
    return truth


def live_auth(live: LivePlant) -> Any:
    return live._session


class Soak:
    def __init__(self, emulator: CameEmulator, live: LivePlant, plant: dict[str, Any]) -> None:
        self.emulator = emulator
        self.live = live
        self.ids = {family: ids_of(plant, family) for family in COUNTS}
        self.meters = [int(meter["id"]) for meter in plant["energy_meters"]]
        self.security_inputs = [int(item["input_id"]) for item in plant["security"]["inputs"]]
        self.sectors = [int(sector["id"]) for sector in plant["irrigation"]]
        self.rng = random.Random(20_24)
        self.deck: list[str] = []
        self.next_ack = 0
        self.counts: Counter[str] = Counter()

    def physical_event(self) -> None:
        hooks = self.emulator.plant
        rng, ids = self.rng, self.ids
        kind = rng.choice(
            ["light", "relay", "opening", "input", "zone", "analog", "meter", "security"]
        )
        if kind == "meter" and rng.random() < 0.1:
            kind = "irrigation"  # a forced cycle lasts a while: now and then only
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
        elif kind == "analog":
            hooks.set_analog_value(rng.choice(ids["analog_inputs"]), rng.randint(0, 999))
        elif kind == "meter":
            # around the controller's 4500 W limit: loads are shed and re-attached
            hooks.set_meter_power(rng.choice(self.meters), rng.randint(0, 7000))
        elif kind == "security":
            ident = rng.choice(self.security_inputs)
            if rng.random() < 0.5:
                hooks.open_security_input(ident)
            else:
                hooks.close_security_input(ident)
        else:  # a hand-forced irrigation cycle, as the keypad would
            message = {"cmd_name": "irrigation_force_req", "id": rng.choice(self.sectors)}
            hooks.handle("irrigation_force_req", message, username="")
        self.counts[f"event {kind}"] += 1

    async def command(self) -> None:
        rng = self.rng
        sectors = list(self.live.registries.get("irrigation_sectors", {}).values())
        try:
            async with asyncio.timeout(10):
                if sectors and rng.random() < 0.2:
                    await rng.choice(sectors).async_set_perc(rng.randint(10, 100))
                else:
                    light = self.live.lights.get(rng.choice(self.ids["lights"]))
                    if light is None:
                        return
                    await light.async_set_status(rng.choice([LightStatus.ON, LightStatus.OFF]))
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
            "truncated_json": lambda: emu.truncated_json(count=rng.randint(1, 3)),
            "fail_next": self.fail_next,
            "plant_update_burst": self.plant_update_burst,
            "reset_connection": lambda: emu.reset_connection(count=rng.randint(1, 3)),
            "delay_replies": lambda: emu.delay_replies(
                rng.uniform(0.2, 3.0), count=rng.randint(1, 5)
            ),
            "stop_listening": self.outage,
            "fill_session_table": self.full_table,
        }
        if not self.deck:  # every kind once per deck, fail_next three times, shuffled
            self.deck = [*faults, "fail_next", "fail_next"]
            rng.shuffle(self.deck)
        name = self.deck.pop()
        self.counts[f"fault {name}"] += 1
        result = faults[name]()
        if asyncio.iscoroutine(result):
            await result

    def fail_next(self) -> None:
        ack = FAIL_ACKS[self.next_ack % len(FAIL_ACKS)]  # in turn: every code comes up
        self.next_ack += 1
        self.counts[f"fail_next ack {ack}"] += 1
        self.emulator.fail_next(ack, count=self.rng.randint(1, 3))

    async def plant_update_burst(self) -> None:
        """A configuration reload (same devices, current state) and a burst of
        ``plant_update_ind`` right after it."""
        self.emulator.reload_plant(Plant(self.emulator.plant.to_dict()))
        for _ in range(self.rng.randint(2, 6)):
            await asyncio.sleep(self.rng.uniform(0.0, 0.05))
            self.emulator.inject_indication({"cmd_name": "plant_update_ind"})

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
    tracemalloc.start(TRACE_FRAMES)
    plant = add_demo_families(make_plant(COUNTS))
    options = LiveOptions(poll_timeout=5, reconnect=ReconnectPolicy(base=0.2, cap=2.0))
    samples: list[Sample] = []
    started = time.monotonic()
    async with (
        CameEmulator(Plant(plant), max_sessions=10) as emulator,
        await CameDomoticAPI.async_create(emulator.host, USER, "admin", command_timeout=10) as api,
        api.live(options=options) as live,
    ):
        soak = Soak(emulator, live, plant)
        warm_up = min(20.0, seconds / 6)
        await soak.load(warm_up, lambda: None)
        warm_found = await soak.settle()
        samples.append(Sample("start (warmed up, settled)", emulator))
        await soak.load(
            seconds - warm_up, lambda: samples.append(Sample("middle (under load)", emulator))
        )
        settle_started = time.monotonic()
        found = await soak.settle()
        settled = time.monotonic() - settle_started
        samples.append(Sample("end (settled)", emulator))
        entities = {key: len(registry) for key, registry in live.registries.items() if registry}
        stats = emulator.stats
    first, last = samples[0], samples[-1]
    allowed = max(MEMORY_TOLERANCE_KIB, MEMORY_TOLERANCE_RATIO * first.client_kib)
    growth = last.client_kib - first.client_kib
    failures = [f"after the warm-up: {line}" for line in warm_found]
    failures += found
    if len(last.tasks) != len(first.tasks):
        failures.append(f"client tasks {first.tasks} at the start, {last.tasks} at the end")
    if growth > allowed:
        failures.append(f"client memory grew by {growth:.0f} KiB (allowed {allowed:.0f} KiB)")
    print_table(
        f"soak: {seconds:g} s of random events and faults, then settle "
        f"({time.monotonic() - started:.0f} s in all)",
        [
            "moment",
            "client traced memory",
            "all traced",
            "RSS",
            "client tasks",
            "all tasks",
            "emulator sessions",
        ],
        [sample.row() for sample in samples],
    )
    print(f"\nclient tasks at the end: {last.tasks}")
    print(
        f"client memory: {growth:+.0f} KiB from start to end (allowed {allowed:.0f} KiB); "
        f"client tasks: {len(first.tasks)} -> {len(last.tasks)} (must be equal)"
    )
    print("largest client memory changes from start to end (file:line):")
    for stat in last.snapshot.compare_to(first.snapshot, "lineno")[:5]:
        print(f"  {stat.size_diff / 1024:+.1f} KiB  {stat.traceback}")
    print(f"actions: {dict(sorted(soak.counts.items()))}")
    print(
        f"emulator: {stats.http_requests} requests, {stats.logins} logins, "
        f"{stats.indications} indications, faults {dict(stats.faults)}"
    )
    print(
        f"settled in {settled:.1f} s; {sum(entities.values())} entities compared field by "
        f"field ({entities}): " + ("state EQUAL" if not found else f"{len(found)} DIFFERENCES")
    )
    for line in failures[:20]:
        print("  FAIL", line)
    print("result:", "FAILED" if failures else "passed (state equal, memory and tasks flat)")
    return 1 if failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="load duration (s)")
    args = parser.parse_args()
    sys.exit(asyncio.run(run(max(args.seconds, 2.0))))


if __name__ == "__main__":
    main()
