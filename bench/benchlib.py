"""Shared helpers of the benchmark scripts (not part of the library).

* :func:`make_plant` builds an emulator plant file of any size from the demo plant's records;
* :func:`canned_replies` asks the emulator's :class:`Plant` (offline, no server) for the exact
  wire replies of PROTOCOL.md, so that a canned server answers in the real shapes;
* :class:`CannedServer` serves pre-encoded replies from its own process (a tiny aiohttp.web
  app), so that the client process measured by the benchmarks pays for the client only;
* :class:`EmulatorProcess` runs ``python -m aiocamedomotic.emulator`` in its own process;
* :class:`Floor` sends the same HTTP requests as the library with plain aiohttp + json.loads;
* :func:`cpu_per_call`, :func:`compare` and :func:`print_table` measure and report.

Everything binds and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import copy
import json
import multiprocessing
import os
import platform
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import aiohttp
from aiohttp import web

from aiocamedomotic import testing
from aiocamedomotic.emulator.plant import Plant

LOOPBACK = "127.0.0.1"
USER = "admin"
PASSWORD = "admin"
#: Session id announced by the canned server (8 lower-case hex digits, PROTOCOL.md §2.2).
CANNED_CLIENT_ID = "5eed0001"
_HEADERS = {"Accept": "application/json, text/plain, */*"}
_DEMO = Path(__file__).resolve().parent.parent / "aiocamedomotic/emulator/plants/demo.json"

# --------------------------------------------------------------------------- plants

#: Entity counts of the 500-entity plant (the three thermo sensors of the demo come on top
#: of the analog inputs, hence 27 + 3).
PLANT_500 = {
    "lights": 200,
    "openings": 80,
    "relays": 60,
    "zones": 40,
    "digital_inputs": 50,
    "analog_inputs": 27,
    "scenarios": 25,
    "timers": 15,
}

#: Server features of a generated plant (PROTOCOL.md §7.12).
FEATURES = (
    "lights",
    "openings",
    "relays",
    "thermoregulation",
    "scenarios",
    "digitalin",
    "analogin",
    "timers",
)

# family -> (plant-file key, id keys, first id, id step)
_LAYOUT: dict[str, tuple[str, tuple[str, ...], int, int]] = {
    "lights": ("lights", ("act_id",), 1000, 1),
    "openings": ("openings", ("open_act_id", "close_act_id"), 2000, 2),
    "relays": ("relays", ("act_id",), 3000, 1),
    "zones": ("thermo", ("act_id",), 4000, 1),
    "digital_inputs": ("digital_inputs", ("act_id",), 5000, 1),
    "analog_inputs": ("analog_inputs", ("act_id",), 6000, 1),
    "scenarios": ("scenarios", ("id",), 7000, 1),
    "timers": ("timers", ("id",), 8000, 1),
}


def make_plant(counts: Mapping[str, int]) -> dict[str, Any]:
    """A plant file (PLANT_FORMAT.md) with ``counts[family]`` devices per family.

    Devices are copies of the demo plant's records, renamed and renumbered (ids in disjoint
    ranges per family, see ``_LAYOUT``). Scenarios get no actions; the demo's users, topology
    and thermo sensors are kept; cameras and maps are dropped.
    """
    demo = json.loads(_DEMO.read_text(encoding="utf-8"))
    data = {key: demo[key] for key in ("server", "timezone", "users", "floors", "rooms")}
    # the features of the generated families only, whatever else the demo plant offers
    data["features"] = list(FEATURES)
    for family, (key, id_keys, first, step) in _LAYOUT.items():
        templates = demo["thermo"]["zones"] if family == "zones" else demo[key]
        records = []
        for i in range(counts.get(family, 0)):
            record = copy.deepcopy(templates[i % len(templates)])
            ident = first + i * step
            for offset, id_key in enumerate(id_keys):
                record[id_key] = ident + offset
            record["name"] = f"{family} {i}"
            if family == "scenarios":
                record["actions"] = []
            records.append(record)
        if family == "zones":
            data["thermo"] = {**demo["thermo"], "zones": records}
        else:
            data[key] = records
    return data


#: Plant-file keys and features of the demo plant's newer families (energy meters, load
#: control, irrigation, security), copied as they are by :func:`add_demo_families`.
DEMO_FAMILIES = {
    "energy_meters": "energy",
    "loadsctrl_controllers": "loadsctrl",
    "loadsctrl_loads": "loadsctrl",
    "irrigation": "irrig",
    "security": "sicu",
}


def add_demo_families(plant: dict[str, Any]) -> dict[str, Any]:
    """Add the demo plant's energy, load-control, irrigation and security records (and
    their features) to a plant made by :func:`make_plant`; return it."""
    demo = json.loads(_DEMO.read_text(encoding="utf-8"))
    for key, feature in DEMO_FAMILIES.items():
        plant[key] = copy.deepcopy(demo[key])
        if feature not in plant["features"]:
            plant["features"].append(feature)
    return plant


def ids_of(plant: Mapping[str, Any], family: str) -> list[int]:
    """The primary ids of one family of a plant made by :func:`make_plant`."""
    key, id_keys, _first, _step = _LAYOUT[family]
    records = plant["thermo"]["zones"] if family == "zones" else plant[key]
    return [int(record[id_keys[0]]) for record in records]


def write_plant(data: Mapping[str, Any], directory: Path) -> Path:
    """Write a plant file into ``directory`` and return its path."""
    path = directory / "plant.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def canned_replies(plant: Mapping[str, Any], commands: Sequence[str]) -> dict[str, bytes]:
    """The emulator plant's own reply to each application command, JSON-encoded.

    Args:
        plant: a plant file content.
        commands: application ``cmd_name`` values, e.g. ``"light_list_req"``.

    Returns:
        ``cmd_name -> body`` in the exact wire shape (``cseq`` 1, ACK 0).
    """
    source = Plant(dict(plant))
    replies = {}
    for cmd_name in commands:
        fields = source.handle(cmd_name, {"cmd_name": cmd_name}, username=USER)
        if fields is None:
            raise ValueError(f"the emulator plant does not answer {cmd_name}")
        replies[cmd_name] = encode_reply(fields)
    return replies


def encode_reply(fields: Mapping[str, Any]) -> bytes:
    """An application reply body: the plant fields, ``cseq`` and ACK 0 (PROTOCOL.md §3.2)."""
    return json.dumps({**fields, "cseq": 1, "sl_data_ack_reason": 0}).encode()


async def indications(plant: Mapping[str, Any], count: int) -> list[dict[str, Any]]:
    """``count`` real indications of a varied mix, produced by the emulator plant's hooks.

    The mix cycles over lights, openings, relays, thermo zones, digital and analog inputs,
    each event changing the device's state (so the live plant reports real changes). Runs
    in an event loop because openings schedule their end of travel.
    """
    source = Plant(dict(plant))
    out: list[dict[str, Any]] = []
    source.emit = out.append
    actions: list[Callable[[int], None]] = [
        lambda i: source.toggle_light(ids_of(plant, "lights")[i % 200]),
        lambda i: source.move_opening(ids_of(plant, "openings")[i % 80], 1 + i % 2),
        lambda i: source.toggle_relay(ids_of(plant, "relays")[i % 60]),
        lambda i: source.set_zone_temperature(ids_of(plant, "zones")[i % 40], 150 + i % 100),
        lambda i: (source.press_input if i % 2 else source.release_input)(
            ids_of(plant, "digital_inputs")[i % 50]
        ),
        lambda i: source.set_analog_value(ids_of(plant, "analog_inputs")[i % 27], i % 1000),
    ]
    i = 0
    while len(out) < count:
        actions[i % len(actions)](i // len(actions))
        i += 1
    await source.aclose()
    return out[:count]


# --------------------------------------------------------------------------- servers


def _canned_app(replies: Mapping[str, bytes]) -> web.Application:
    login = json.dumps(
        {
            "sl_cmd": "sl_registration_ack",
            "sl_client_id": CANNED_CLIENT_ID,
            "sl_keep_alive_timeout_sec": 900,
            "sl_data_ack_reason": 0,
        }
    ).encode()
    session_ack = json.dumps({"sl_data_ack_reason": 0, "sl_client_id": CANNED_CLIENT_ID}).encode()
    generic = encode_reply({"cmd_name": "generic_reply"})

    async def get(_request: web.Request) -> web.Response:
        return web.Response(text="ETI/Domo", content_type="text/html")

    async def post(request: web.Request) -> web.Response:
        form = await request.post()
        message = json.loads(str(form["command"]))
        sl_cmd = message.get("sl_cmd")
        if sl_cmd == "sl_registration_req":
            body = login
        elif sl_cmd == "sl_data_req":
            body = replies.get(message["sl_appl_msg"]["cmd_name"], generic)
        else:
            body = session_ack
        return web.Response(body=body, content_type="application/json", charset="utf-8")

    app = web.Application()
    app.router.add_get("/domo/", get)
    app.router.add_post("/domo/", post)
    return app


def _serve_canned(replies: dict[str, bytes], conn: Connection) -> None:
    """Child process: serve ``replies`` on a free loopback port until the pipe closes."""

    async def main() -> None:
        runner = web.AppRunner(_canned_app(replies), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, LOOPBACK, 0)
        await site.start()
        conn.send(int(runner.addresses[0][1]))
        loop = asyncio.get_running_loop()
        closed = loop.create_future()

        def on_readable() -> None:  # the parent closed its end: stop
            if not closed.done():
                closed.set_result(None)

        loop.add_reader(conn.fileno(), on_readable)
        await closed
        await runner.cleanup()

    asyncio.run(main())


class CannedServer:
    """A canned CAME server in its own process: fixed replies, no state, no long-poll hold.

    Login answers a fixed session id, every ``sl_data_req`` answers the canned body of its
    ``cmd_name`` (``generic_reply`` for the others), a long poll answers at once.
    """

    def __init__(self, replies: Mapping[str, bytes]) -> None:
        self._replies = dict(replies)
        self._parent, child = multiprocessing.get_context("spawn").Pipe()
        self._process = multiprocessing.get_context("spawn").Process(
            target=_serve_canned, args=(self._replies, child), daemon=True
        )
        self.host = ""

    def __enter__(self) -> Self:
        self._process.start()
        if not self._parent.poll(30):
            raise RuntimeError("the canned server did not start")
        self.host = f"{LOOPBACK}:{self._parent.recv()}"
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._parent.close()
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()

    @property
    def url(self) -> str:
        """The API endpoint."""
        return f"http://{self.host}/domo/"


class EmulatorProcess(testing.EmulatorProcess):
    """The test kit's standalone emulator (:class:`aiocamedomotic.testing.EmulatorProcess`)
    with a plant file and a session limit, and the CPU time it has used."""

    def __init__(self, plant_file: Path, *, max_sessions: int = 25) -> None:
        super().__init__(plant_file, args=["--max-sessions", str(max_sessions)])

    def cpu_seconds(self) -> float:
        """User + system CPU time consumed so far by the emulator process (Linux /proc)."""
        assert self.pid is not None
        return process_cpu_seconds(self.pid)


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process, read from ``/proc/<pid>/stat`` (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- the floor


class Floor:
    """The same requests as the library, sent with plain aiohttp and decoded with json.loads.

    It logs in once (as the library does) and then wraps each application message in the
    ``sl_data_req`` envelope with ``client`` and an increasing ``cseq`` (PROTOCOL.md §2.9).
    """

    def __init__(self, host: str, *, connections: int = 100) -> None:
        self.url = f"http://{host}/domo/"
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections))
        self.client_id = ""
        self.cseq = 0

    async def __aenter__(self) -> Self:
        reply = await self.post(
            {"sl_cmd": "sl_registration_req", "sl_login": USER, "sl_pwd": PASSWORD}
        )
        self.client_id = reply["sl_client_id"]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.session.close()

    async def post(self, message: Mapping[str, Any], timeout: float = 30) -> Any:  # noqa: ASYNC109
        form = {"command": json.dumps(message, separators=(",", ":"), ensure_ascii=False)}
        async with (
            asyncio.timeout(timeout),
            self.session.post(self.url, data=form, headers=_HEADERS) as response,
        ):
            return json.loads((await response.read()).decode("utf-8"))

    def envelope(self, application_message: Mapping[str, Any]) -> dict[str, Any]:
        """One application message in its ``sl_data_req`` envelope, with the next cseq."""
        self.cseq += 1
        return {
            "sl_cmd": "sl_data_req",
            "sl_client_id": self.client_id,
            "sl_appl_msg_type": "domo",
            "sl_appl_msg": {**application_message, "client": self.client_id, "cseq": self.cseq},
        }

    async def command(self, application_message: Mapping[str, Any], timeout: float = 30) -> Any:  # noqa: ASYNC109
        """Send one application message in its envelope; return the decoded answer."""
        return await self.post(self.envelope(application_message), timeout)


# --------------------------------------------------------------------------- measuring


async def cpu_per_call(call: Callable[[], Awaitable[object]], count: int) -> float:
    """Client CPU seconds per call (``time.process_time`` of this process), ``count`` calls."""
    started = time.process_time()
    for _ in range(count):
        await call()
    return (time.process_time() - started) / count


async def compare(
    library: Callable[[], Awaitable[object]],
    floor: Callable[[], Awaitable[object]],
    *,
    count: int,
    rounds: int = 7,
) -> tuple[float, float]:
    """Median CPU per call of ``library`` and ``floor``, measured in alternating rounds.

    One warm-up round of each comes first. Alternating the two in the same run makes them
    share whatever the machine is doing at the time.
    """
    await cpu_per_call(library, max(1, count // 5))
    await cpu_per_call(floor, max(1, count // 5))
    lib: list[float] = []
    flo: list[float] = []
    for _ in range(rounds):
        lib.append(await cpu_per_call(library, count))
        flo.append(await cpu_per_call(floor, count))
    return statistics.median(lib), statistics.median(flo)


def machine() -> str:
    """One line describing the machine and the versions."""
    return (
        f"{os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, aiohttp {aiohttp.__version__}"
    )


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a plain-text table (columns padded to their widest cell)."""
    cells = [list(header), *([str(cell) for cell in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"\n{title}\n{machine()}")
    for n, row in enumerate(cells):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * width for width in widths))


def verdict(ok: bool) -> str:
    """``"met"`` or ``"MISSED"``."""
    return "met" if ok else "MISSED"


def us(seconds: float) -> str:
    """Seconds as microseconds, for tables."""
    return f"{seconds * 1e6:.0f} µs"
