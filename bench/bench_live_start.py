"""Benchmark 5: starting the live plant on a 500-entity plant.

The emulator runs in its own process with a generated plant (``benchlib.PLANT_500``: 200
lights, 80 openings, 60 relays, 40 thermo zones, 50 digital inputs, 27 analog inputs + 3
thermo sensors, 25 scenarios, 15 timers). Measured (wall time, median of several runs):
each family's list call alone, and ``api.async_start_live()`` (the server info together with
every list, then the registries; the session is already open). Target: the start <= 2x the
slowest single list call. A second configuration gives every reply 50 ms of latency (an
in-process emulator with ``delay_replies``), the situation of a real server, where the fetch
is latency-bound (target <= 2.1x); a third adds the demo's load control, energy, irrigation
and security, whose loads are asked per controller: one round trip more (<= 3.1x).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

from benchlib import (
    PLANT_500,
    USER,
    EmulatorProcess,
    add_demo_families,
    make_plant,
    print_table,
    verdict,
    write_plant,
)

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator import CameEmulator
from aiocamedomotic.emulator.plant import Plant
from aiocamedomotic.models.catalogue import CATALOGUE

TARGET = 2.0
#: With latency: two round trips (the login, then the features with every list) plus the
#: client's parsing (issue 15).
LATENCY_TARGET = 2.1
RUNS = 9
#: Reply latency of the second configuration (a real server takes tens to hundreds of ms
#: per list; the emulator holds each reply this long without using CPU).
LATENCY = 0.05


async def wall(call: Callable[[], Awaitable[object]]) -> float:
    """Median wall time of ``RUNS`` calls (after one warm-up call)."""
    await call()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        await call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


async def measure(host: str) -> tuple[dict[str, float], float, float, int]:
    """Median wall of each list call alone and of a start; client CPU per start; entities."""
    async with await CameDomoticAPI.async_create(host, "admin", "admin") as api:
        features = set((await api.async_get_server_info()).features)
        lists: dict[str, float] = {}
        for spec in CATALOGUE.values():
            if spec.feature in features and spec.parent is None:
                lists[spec.list_cmd] = await wall(
                    partial(api.auth.async_send_command, spec.build_request(USER))
                )

        async def start_and_stop() -> None:
            plant = await api.async_start_live()
            await plant.async_stop()

        start = await wall(start_and_stop)
        cpu = time.process_time()
        plant = await api.async_start_live()
        cpu = time.process_time() - cpu
        entities = sum(len(registry) for registry in plant.registries.values())
        await plant.async_stop()
    return lists, start, cpu, entities


def rows(
    label: str, lists: dict[str, float], start: float, cpu: float, target: float = TARGET
) -> list[list[str]]:
    slowest_cmd, slowest = max(lists.items(), key=lambda item: item[1])
    ratio = start / slowest
    return [
        *([f"{label}: {cmd}", f"{t * 1e3:.1f} ms", "", "", ""] for cmd, t in lists.items()),
        [f"{label}: sum of the list calls", f"{sum(lists.values()) * 1e3:.1f} ms", "", "", ""],
        [f"{label}: client CPU of one start", f"{cpu * 1e3:.1f} ms", "", "", ""],
        [
            f"{label}: async_start_live() vs slowest list ({slowest_cmd})",
            f"{start * 1e3:.1f} ms",
            f"{ratio:.2f}x",
            f"<= {target}x",
            verdict(ratio <= target),
        ],
    ]


async def with_latency(plant: Plant) -> tuple[dict[str, float], float, float, int]:
    """The same against an in-process emulator holding every reply ``LATENCY`` seconds."""
    async with CameEmulator(plant) as emulator:
        emulator.delay_replies(LATENCY, cmd_name=None)
        return await measure(emulator.host)


def main() -> None:
    data = make_plant(PLANT_500)
    with tempfile.TemporaryDirectory() as tmp, EmulatorProcess(write_plant(data, Path(tmp))) as emu:
        lists, start, cpu, entities = asyncio.run(measure(emu.host))
    table = rows("emulator process", lists, start, cpu)
    lists, start, cpu, _ = asyncio.run(with_latency(Plant(data)))
    table += rows(f"{LATENCY * 1e3:.0f} ms latency", lists, start, cpu, LATENCY_TARGET)
    # With load control the loads are listed per controller, once the controllers are
    # known: a third round trip (the per-controller list is measured with the others).
    lists, start, cpu, _ = asyncio.run(
        with_latency(Plant(add_demo_families(make_plant(PLANT_500))))
    )
    table += rows("50 ms, + load control", lists, start, cpu, LATENCY_TARGET + 1)
    print_table(
        f"bench_live_start: async_start_live() on a {entities}-entity plant, wall time "
        f"(median of {RUNS})",
        ["measure", "wall", "ratio", "target", "result"],
        table,
    )


if __name__ == "__main__":
    main()
