"""Benchmark 6: the emulator fanning indications out to 100 long-polling sessions.

``python -m aiocamedomotic.emulator`` runs in its own process with 200 lights. 100 sessions
(plain aiohttp, so that the client side stays cheap) long-poll in a loop while one more
session sends ``light_switch_req`` at 500 commands per second for 10 s (open loop:
each command leaves at its scheduled time, over at most 16 connections);
``--sessions``, ``--rate`` and ``--seconds`` change the load. Every command changes a
light, so the emulator broadcasts one ``light_switch_ind`` per command to every session
(PROTOCOL.md §5.4).
Reported: indications received per session (expected: one per command), delivery latency
from sending the command to the poll answer carrying it (includes the emulator's 50 ms
coalescing delay, §5.2), and the emulator process's CPU during the load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchlib import (
    PASSWORD,
    USER,
    EmulatorProcess,
    Floor,
    ids_of,
    make_plant,
    print_table,
    verdict,
    write_plant,
)

SESSIONS = 100
RATE = 500
SECONDS = 10.0
GRACE = 5.0
#: Connections the commanding session may open (the pollers hold one each).
COMMAND_CONNECTIONS = 64
POLLER_ADDRESS = "127.0.0.2"


class RawPoller:
    """One session's long polls over one kept-alive socket, HTTP/1.1 written by hand.

    A hundred aiohttp clients in one process cost more CPU than the emulator they load; this
    sends the same form POST (PROTOCOL.md §1.2) and reads the answer by its Content-Length.
    """

    def __init__(self, host: str, client_id: str) -> None:
        self.host = host
        self.client_id = client_id
        self.cseq = 0
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        address, port = self.host.rsplit(":", 1)
        # From another loopback address than the commander: the emulator caps connections
        # per peer address (128 by default).
        self.reader, self.writer = await asyncio.open_connection(
            address, int(port), local_addr=(POLLER_ADDRESS, 0)
        )

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    async def poll(self) -> Any:
        assert self.reader is not None
        assert self.writer is not None
        self.cseq += 1
        message = {
            "sl_cmd": "sl_data_req",
            "sl_client_id": self.client_id,
            "sl_appl_msg_type": "domo",
            "sl_appl_msg": {
                "cmd_name": "status_update_req",
                "timeout": 2,
                "client": self.client_id,
                "cseq": self.cseq,
            },
        }
        body = urlencode({"command": json.dumps(message, separators=(",", ":"))}).encode()
        self.writer.write(
            b"POST /domo/ HTTP/1.1\r\nHost: emulator\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        return json.loads(await self.reader.readexactly(length))


async def poller(
    raw: RawPoller, stop: asyncio.Event, sent: dict[tuple[int, int], float], latencies: list[float]
) -> int:
    """Long-poll until ``stop``; match each indication to its command; return the count."""
    seen: dict[int, int] = defaultdict(int)
    received = 0
    while not stop.is_set():
        async with asyncio.timeout(5):
            reply = await raw.poll()
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
    commander = Floor(host, connections=COMMAND_CONNECTIONS)
    floors = [commander]
    await commander.__aenter__()
    login = {"sl_cmd": "sl_registration_req", "sl_login": USER, "sl_pwd": PASSWORD}
    raws = [RawPoller(host, (await commander.post(login))["sl_client_id"]) for _ in range(SESSIONS)]
    for raw in raws:
        await raw.open()
    try:
        tasks = [asyncio.create_task(poller(raw, stop, sent, latencies)) for raw in raws]
        await asyncio.sleep(0.5)  # every poll is held
        cpu0 = emulator.cpu_seconds()
        client0 = time.process_time()
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
        client_cpu = time.process_time() - client0
        wall = time.perf_counter() - wall0
        stop.set()
        counts = await asyncio.gather(*tasks)
    finally:
        for raw in raws:
            raw.close()
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
                "load generator CPU (this process: pollers + commander)",
                f"{client_cpu:.2f} s ({client_cpu / wall * 100:.0f}% of a core)",
                "",
                "",
            ],
            [
                f"emulator CPU per command (incl. its {SESSIONS} deliveries)",
                f"{cpu / total * 1e6:.0f} µs",
                "",
                "",
            ],
        ],
    )


def main() -> None:
    global SESSIONS, RATE, SECONDS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    parser.add_argument("--rate", type=int, default=RATE, help="commands per second")
    parser.add_argument("--seconds", type=float, default=SECONDS)
    args = parser.parse_args()
    SESSIONS, RATE, SECONDS = args.sessions, args.rate, args.seconds
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
