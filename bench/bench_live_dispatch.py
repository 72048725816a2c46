"""Benchmark 4: the live plant applying and dispatching indications to subscribers.

A live plant is started against an in-process emulator serving a 500-entity plant; then its
indication handler (``LivePlant._dispatch``, what the poll loop calls with each poll's
batch) is fed directly, in batches of 100, with real indications made by the emulator
plant's hooks (lights, openings, relays, thermo zones, digital and analog inputs; the
sequence toggles every device twice, so repeating it keeps changing the state). Three
subscribers listen: one to everything, one to the lights, one to a single light.
Target: >= 150,000 indications (issue 15) per second on one core (rate = indications / CPU seconds
of this single-threaded process, so that other processes on the machine do not count).
Also printed: the Python function calls per indication (one pass under cProfile), a figure
that does not depend on the machine's load, to compare two versions of the dispatch path.
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import time

from benchlib import PLANT_500, indications, make_plant, print_table, verdict

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator import CameEmulator
from aiocamedomotic.emulator.plant import Plant
from aiocamedomotic.events import EntityUpdated, LiveEvent

TARGET = 150_000
BATCH = 100
SECONDS = 3.0


async def run() -> None:
    plant_data = make_plant(PLANT_500)
    stream = await indications(plant_data, 2400)
    batches = [stream[i : i + BATCH] for i in range(0, len(stream), BATCH)]
    counts = {"all": 0, "lights": 0, "one light": 0, "changed": 0}

    def on_all(event: LiveEvent) -> None:
        counts["all"] += 1
        if isinstance(event, EntityUpdated) and event.changed:
            counts["changed"] += 1

    def on_lights(_event: LiveEvent) -> None:
        counts["lights"] += 1

    def on_one(_event: LiveEvent) -> None:
        counts["one light"] += 1

    async with (
        CameEmulator(Plant(plant_data)) as emulator,
        await CameDomoticAPI.async_create(emulator.host, "admin", "admin") as api,
        api.live() as live,
    ):
        live.subscribe(on_all)
        live.subscribe(on_lights, family="lights")
        live.subscribe(on_one, entity=live.lights[1000])
        for batch in batches:  # warm-up
            live._dispatch(batch)
        for key in counts:
            counts[key] = 0
        done = 0
        wall0, cpu0 = time.perf_counter(), time.process_time()
        while time.perf_counter() - wall0 < SECONDS:
            for batch in batches:
                live._dispatch(batch)
            done += len(stream)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        seen = dict(counts)  # the events of the timed runs only
        profile = cProfile.Profile()
        profile.enable()
        for batch in batches:
            live._dispatch(batch)
        profile.disable()
    calls = pstats.Stats(profile).total_calls / len(stream)  # type: ignore[attr-defined]
    rate = done / cpu  # one core's throughput: CPU time, immune to other processes
    print_table(
        "bench_live_dispatch: indications applied to the registries and dispatched to 3 "
        "subscribers",
        ["indications", "wall", "CPU", "CPU per indication", "rate (CPU)", "target", "result"],
        [
            [
                done,
                f"{wall:.2f} s",
                f"{cpu:.2f} s",
                f"{cpu / done * 1e6:.2f} µs",
                f"{rate:,.0f}/s",
                f">= {TARGET:,}/s",
                verdict(rate >= TARGET),
            ]
        ],
    )
    print(
        f"events: {seen['all']} to the catch-all subscriber ({seen['changed']} with "
        f"changes), {seen['lights']} to the lights subscriber, {seen['one light']} to "
        "the one-light subscriber"
    )
    print(f"function calls per indication (one pass under cProfile): {calls:.2f}")


if __name__ == "__main__":
    asyncio.run(run())
