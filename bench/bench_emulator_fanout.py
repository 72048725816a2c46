"""Benchmark 6: the emulator fanning indications out to 25 long-polling sessions.

``python -m aiocamedomotic.emulator`` runs in its own process with 200 lights. 25 sessions
(plain aiohttp, so that the client side stays cheap) long-poll in a loop while one more
session sends ``light_switch_req`` at 200 commands per second for ``SECONDS`` (open loop:
each command leaves at its scheduled time). Every command changes a light, so the emulator
broadcasts one ``light_switch_ind`` per command to every session (PROTOCOL.md §5.4).
Reported: indications received per session (expected: one per command), delivery latency
from sending the command to the poll answer carrying it (includes the emulator's 50 ms
coalescing delay, §5.2), and the emulator process's CPU during the load.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchlib import EmulatorProcess, Floor, ids_of, make_plant, print_table, verdict, write_plant

SESSIONS = 25
RATE = 200
SECONDS = 10.0
GRACE = 5.0


async def poller(
    floor: Floor, stop: asyncio.Event, sent: dict[tuple[int, int], float], latencies: list[float]
) -> int:
    """Long-poll until ``stop``; match each indication to its command; return the count."""
    seen: dict[int, int] = defaultdict(int)
    received = 0
    while not stop.is_set():
        reply = await floor.command({"cmd_name": "status_update_req", "timeout": 2}, timeout=5)
        now = time.perf_counter()
        for indication in reply.get("result", []):
            if indication.get("cmd_name") != "light_switch_ind":
                continue
            act_id = int(indication["act_id"])
            occurrence = seen[act_id]
            seen[act_id] += 1
            received += 1
            latencies.append(now - sent[(act_id, occurrence)])
    return received


async def run(host: str, lights: list[int], emulator: EmulatorProcess) -> None:
    total = int(RATE * SECONDS)
    sent: dict[tuple[int, int], float] = {}
    latencies: list[float] = []
    stop = asyncio.Event()
    floors = [Floor(host) for _ in range(SESSIONS + 1)]
    for floor in floors:
        await floor.__aenter__()
    commander, pollers = floors[0], floors[1:]
    try:
        tasks = [asyncio.create_task(poller(f, stop, sent, latencies)) for f in pollers]
        await asyncio.sleep(0.5)  # every poll is held
        cpu0 = emulator.cpu_seconds()
        wall0 = time.perf_counter()
        commands: list[asyncio.Task[object]] = []
        for i in range(total):
            delay = wall0 + i / RATE - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            act_id = lights[i % len(lights)]
            occurrence = i // len(lights)
            sent[(act_id, occurrence)] = time.perf_counter()
            commands.append(
                asyncio.create_task(
                    commander.command(
                        {
                            "cmd_name": "light_switch_req",
                            "act_id": act_id,
                            "wanted_status": (occurrence + 1) % 2,
                        }
                    )
                )
            )
        await asyncio.gather(*commands)
        send_wall = time.perf_counter() - wall0
        deadline = time.perf_counter() + GRACE
        while len(latencies) < total * SESSIONS and time.perf_counter() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)  # bounded wait for the last deliveries
        cpu = emulator.cpu_seconds() - cpu0
        wall = time.perf_counter() - wall0
        stop.set()
        counts = await asyncio.gather(*tasks)
    finally:
        for floor in floors:
            await floor.__aexit__()
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    complete = all(count == total for count in counts)
    print_table(
        f"bench_emulator_fanout: {SESSIONS} long-polling sessions, {RATE} commands/s for "
        f"{SECONDS:g} s (emulator in its own process)",
        ["measure", "value", "expected", "result"],
        [
            ["commands sent", f"{total} in {send_wall:.2f} s", f"{total} in {SECONDS:g} s", ""],
            [
                "indications per session (min / max)",
                f"{min(counts)} / {max(counts)}",
                str(total),
                verdict(complete),
            ],
            ["deliveries", f"{len(latencies)}", f"{total * SESSIONS}", verdict(complete)],
            [
                "delivery latency p50 / p99 / max",
                f"{p50 * 1e3:.1f} / {p99 * 1e3:.1f} / {ordered[-1] * 1e3:.1f} ms",
                "(50 ms coalescing)",
                "",
            ],
            [
                "emulator CPU during the load",
                f"{cpu:.2f} s in {wall:.2f} s ({cpu / wall * 100:.0f}% of a core)",
                "",
                "",
            ],
            [
                "emulator CPU per command (incl. its 25 deliveries)",
                f"{cpu / total * 1e6:.0f} µs",
                "",
                "",
            ],
        ],
    )


def main() -> None:
    plant = make_plant({"lights": 200})
    for record in plant["lights"]:
        record["status"] = 0
    with (
        tempfile.TemporaryDirectory() as tmp,
        EmulatorProcess(write_plant(plant, Path(tmp)), max_sessions=SESSIONS + 5) as emulator,
    ):
        asyncio.run(run(emulator.host, ids_of(plant, "lights"), emulator))


if __name__ == "__main__":
    main()
