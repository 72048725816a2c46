"""Emulator layer: the web panel - the plant as people see it, pushed live to a browser.

Served by the emulator under :data:`~.control.CONTROL_PATH` (``/emulator/``): a static page
(``static/``: plain HTML, CSS and JavaScript, no build step and nothing fetched from the
internet), its state (``GET /emulator/api/state``) and a stream of server-sent events
(``GET /emulator/api/events``) carrying every change as it happens, so the page never
polls. The page acts through the control API's hooks (:mod:`.control`), as the physical
world would: each device view lists its controls as hook calls, and the fault forms are
drawn from the hook catalogue itself.

This module turns the plant into *views* (one JSON object per device: name, place, state
in words, controls) and fans changes out to the open pages (:class:`Hub`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

from aiohttp import web

from .control import CONTROL_PATH, ControlAccess, ControlError
from .devices.base import Record
from .hooks import Hook
from .plant import Plant

__all__ = ["PANEL_PATH", "Hub", "Panel", "RequestLog", "family_views", "plant_views"]

_LOGGER = logging.getLogger(__name__)

#: The panel's URL path.
PANEL_PATH = CONTROL_PATH
_STATIC = Path(__file__).parent / "static"
#: The files the panel is made of (nothing else is served from the directory).
_ASSETS = {
    "panel.css": "text/css",
    "panel.js": "text/javascript",
}
#: Pushes a page may lag behind before it is dropped (it reconnects and gets a snapshot).
_QUEUE_LIMIT = 2000
#: An idle event stream sends a comment this often, so that a dead page is noticed.
_HEARTBEAT = 20.0
_LOG_LENGTH = 200
#: How soon a page that lost its event stream tries again, in ms.
_RETRY_MS = 500
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

View = dict[str, Any]

#: What the page calls each kind of view (devices without a room are grouped by it).
_KINDS = {
    "lights": "Lights",
    "openings": "Covers",
    "relays": "Relays",
    "thermo": "Thermo zones",
    "sensor": "Sensors",
    "analog_inputs": "Analog inputs",
    "digital_inputs": "Digital inputs",
    "energy_meters": "Energy meters",
    "loadsctrl_loads": "Loads",
    "loadsctrl_controllers": "Load controllers",
    "scenarios": "Scenarios",
    "timers": "Timers",
    "irrigation": "Irrigation",
    "sound": "Sound zones",
    "security": "Alarm",
}


# --- device views -------------------------------------------------------------------------


def _button(label: str, hook: str, **args: Any) -> Record:
    return {"label": label, "hook": hook, "args": args}


def _hold(label: str, hook: str, release: str, **args: Any) -> Record:
    """A button acting while held: ``hook`` on press, ``release`` when let go."""
    return {"label": label, "hook": hook, "release": release, "args": args}


def _field(
    label: str,
    hook: str,
    name: str,
    value: float,
    *,
    lo: float,
    hi: float,
    step: float = 1,
    scale: int = 1,
    unit: str = "",
    **args: Any,
) -> Record:
    """A value to type or slide; the page sends ``round(value * scale)`` as ``name``."""
    return {
        "label": label,
        "hook": hook,
        "args": args,
        "input": {
            "name": name,
            "value": value,
            "min": lo,
            "max": hi,
            "step": step,
            "scale": scale,
            "unit": unit,
        },
    }


def _view(
    family: str,
    record: Record,
    state: str,
    *,
    ident: Any = None,
    active: bool = False,
    controls: Iterable[Record] = (),
) -> View:
    """One device's view; ``ident`` defaults to the record's ``act_id`` (else ``id``)."""
    if ident is None:
        ident = record.get("act_id", record.get("id"))
    return {
        "key": f"{family}/{ident}",
        "family": family,
        "kind": _KINDS[family],
        "name": str(record.get("name") or f"#{ident}"),
        "floor": record.get("floor_ind"),
        "room": record.get("room_ind"),
        "state": state,
        "active": active,
        "controls": list(controls),
    }


def _celsius(tenths: Any) -> str:
    return f"{tenths / 10:.1f} °C" if isinstance(tenths, int | float) else "?"


def _words(table: Mapping[Any, str], value: Any) -> str:
    return table.get(value, f"status {value}")


def _lights(plant: Plant) -> Iterator[View]:
    for r in plant.family("lights").records:
        on = r.get("status") != 0
        state = _words({0: "off", 1: "on", 4: "auto"}, r.get("status", 0))
        controls = [_button("Toggle", "toggle_light", act_id=r["act_id"])]
        if r.get("type") in ("DIMMER", "RGB"):
            perc = int(r.get("perc", 0))
            state += f", {perc} %" if on else ""
            brightness = _field(
                "Brightness",
                "set_light",
                "perc",
                perc,
                lo=0,
                hi=100,
                unit="%",
                act_id=r["act_id"],
                status=1,
            )
            controls.append(brightness)
        yield _view("lights", r, state, active=on, controls=controls)


_MOTION = {0: "stopped", 1: "opening", 2: "closing", 3: "slats opening", 4: "slats closing"}
_MOVES = (("Open", 1), ("Stop", 0), ("Close", 2), ("Slats open", 3), ("Slats close", 4))


def _openings(plant: Plant) -> Iterator[View]:
    for r in plant.family("openings").records:
        ident = r["open_act_id"]
        moves = _MOVES if r.get("slats") else _MOVES[:3]
        controls = [_button(label, "move_opening", act_id=ident, direction=d) for label, d in moves]
        status = r.get("status", 0)
        yield _view(
            "openings",
            r,
            _words(_MOTION, status),
            ident=ident,
            active=status != 0,
            controls=controls,
        )


def _relays(plant: Plant) -> Iterator[View]:
    for r in plant.family("relays").records:
        on = bool(r.get("status"))
        toggle = _button("Toggle", "toggle_relay", act_id=r["act_id"])
        yield _view("relays", r, "on" if on else "off", active=on, controls=[toggle])


_MODES = {0: "off", 1: "manual", 2: "auto", 3: "jolly"}


def _thermo(plant: Plant) -> Iterator[View]:
    thermo: Any = plant.family("thermo")
    for z in thermo.records:
        demand = bool(z.get("status"))
        doing = ("heating" if z.get("season") == "winter" else "cooling") if demand else "idle"
        target = thermo.target(z)  # what the zone aims at now (a profile level in AUTO)
        state = f"{_celsius(z.get('temp'))}, {_words(_MODES, z.get('mode', 0))}"
        state += f", target {_celsius(target)}, {doing}" if target is not None else ""
        if "hygro" in z:
            state += f", {z['hygro']} %"
        room = _field(
            "Room temperature",
            "set_zone_temperature",
            "temp",
            z.get("temp", 200) / 10,
            lo=-10,
            hi=50,
            step=0.1,
            scale=10,
            unit="°C",
            act_id=z["act_id"],
        )
        yield _view("thermo", z, state, active=demand, controls=[room])
    analog_ids = {r["act_id"] for r in plant.family("analog_inputs").records}
    for sensor in thermo.sensors.values():
        if sensor.get("act_id") not in analog_ids:  # the same probe is shown once
            yield _probe_view("sensor", sensor)


#: Band of the value field of a probe, by unit: (lowest, highest, step, scale).
_PROBE_FIELDS = {
    "C": (-40, 80, 0.1, 10),
    "°C": (-40, 80, 0.1, 10),
    "%": (0, 100, 1, 1),
    "hPa": (800, 1100, 1, 1),
}


def _probe_view(family: str, record: Record) -> View:
    """An analog probe: its value in words and a field that sets it (°C in tenths)."""
    unit = str(record.get("unit", ""))
    lo, hi, step, scale = _PROBE_FIELDS.get(unit, (-100000, 100000, 1, 1))
    raw = record.get("value")
    number = raw / scale if isinstance(raw, int | float) else 0
    shown = "°C" if scale == 10 else unit
    text = f"{number:.1f} °C" if scale == 10 else f"{raw} {unit}".strip()
    control = _field(
        "Value",
        "set_analog_value",
        "value",
        number,
        lo=lo,
        hi=hi,
        step=step,
        scale=scale,
        unit=shown,
        act_id=record["act_id"],
    )
    return _view(family, record, text, controls=[control])


def _analog(plant: Plant) -> Iterator[View]:
    for r in plant.family("analog_inputs").records:
        yield _probe_view("analog_inputs", r)


def _digital(plant: Plant) -> Iterator[View]:
    for r in plant.family("digital_inputs").records:
        active = r.get("status") == 0
        state = "active" if active else "idle" if "status" in r else "never fired"
        if r.get("ack") == 0:
            state += ", unacknowledged"
        press = _hold("Press", "press_input", "release_input", act_id=r["act_id"])
        yield _view("digital_inputs", r, state, active=active, controls=[press])


def _meters(plant: Plant) -> Iterator[View]:
    for r in plant.family("energy_meters").records:
        power = int(r.get("instant_power", 0))
        state = f"{power} {r.get('unit', 'W')} {'produced' if r.get('produced') else 'used'}"
        field = _field(
            "Power",
            "set_meter_power",
            "watts",
            power,
            lo=0,
            hi=100000,
            step=10,
            unit="W",
            meter_id=r["id"],
        )
        yield _view("energy_meters", r, state, active=power > 0, controls=[field])


def _loads(plant: Plant) -> Iterator[View]:
    for r in plant.family("loadsctrl_loads").records:
        state = "shed" if r.get("detached") else "on" if r.get("status") else "off"
        if not r.get("enabled"):
            state += ", not managed"
        yield _view("loadsctrl_loads", r, state, active=bool(r.get("status")))
    for r in plant.family("loadsctrl_controllers").records:
        state = f"{r.get('power', 0)} W of {r.get('max_power', 0)} W"
        yield _view("loadsctrl_controllers", r, state)


def _scenarios(plant: Plant) -> Iterator[View]:
    for r in plant.family("scenarios").records:
        status = r.get("scenario_status", 0)
        state = _words({0: "off", 1: "triggered", 2: "active"}, status)
        yield _view("scenarios", r, state, active=status != 0)


def _timers(plant: Plant) -> Iterator[View]:
    for r in plant.family("timers").records:
        slots = [
            f"{s['start']['hour']:02d}:{s['start']['min']:02d}" for s in r.get("timetable", [])
        ]
        state = ", ".join(["enabled" if r.get("enabled") else "disabled", *slots])
        yield _view("timers", r, state, active=bool(r.get("enabled")))


def _irrigation(plant: Plant) -> Iterator[View]:
    for r in plant.family("irrigation").records:
        watering = bool(r.get("forced") or r.get("status"))
        yield _view("irrigation", r, "watering" if watering else "idle", active=watering)


def _sound(plant: Plant) -> Iterator[View]:
    for r in plant.family("sound").records:
        state = "standby" if r.get("standby") else f"volume {r.get('volume', 0)}"
        if r.get("mute"):
            state += ", muted"
        yield _view("sound", r, state, active=not r.get("standby"))


_CENTRAL = {
    0: "disarmed",
    9216: "armed",
    11520: "alarm",
    11264: "alarm silenced",
    10240: "alarm memory",
}
_AREA = {40: "ready", 32: "not ready", 42: "armed", 38: "alarm", 44: "alarm memory"}
_INPUT = {1: "closed", 17: "open", 25: "alarm", 9: "alarm memory"}
_OUTPUT = {0: "idle", 1: "sounding"}


def _security(plant: Plant) -> Iterator[View]:
    security: Any = plant.family("security")
    if not (security.areas or security.inputs):
        return
    central = security.central_wire()["status"]
    yield _view(
        "security",
        {"name": security.name},
        _words(_CENTRAL, central),
        ident="central",
        active=central != 0,
    )
    parts = (
        ("area", security.areas, security.area_wire, _AREA, (38, 42)),
        ("input", security.inputs, security.input_wire, _INPUT, (17, 25)),
        ("output", security.outputs, security.output_wire, _OUTPUT, (1,)),
    )
    for part, records, wire, words, alarming in parts:
        for record in records:
            ident = record[f"{part}_id"]
            status = wire(record)["status"]
            controls = (
                [
                    _button("Trip", "open_security_input", input_id=ident),
                    _button("Close", "close_security_input", input_id=ident),
                ]
                if part == "input"
                else []
            )
            yield _view(
                "security",
                record,
                _words(words, status),
                ident=f"{part}-{ident}",
                active=status in alarming,
                controls=controls,
            )


#: Views of each plant family; a change in a family re-renders its views. Cameras and
#: maps have no state to show.
_FAMILY_VIEWS: dict[str, Callable[[Plant], Iterator[View]]] = {
    "lights": _lights,
    "openings": _openings,
    "relays": _relays,
    "thermo": _thermo,
    "analog_inputs": _analog,
    "digital_inputs": _digital,
    "energy_meters": _meters,
    "loadsctrl_loads": _loads,
    "loadsctrl_controllers": _loads,
    "scenarios": _scenarios,
    "timers": _timers,
    "irrigation": _irrigation,
    "sound": _sound,
    "security": _security,
}


def family_views(plant: Plant, family: str) -> list[View]:
    """The views of one family (a top-level thermo probe belongs to ``thermo``)."""
    views = _FAMILY_VIEWS.get(family)
    return [] if views is None else list(views(plant))


def plant_views(plant: Plant) -> list[View]:
    """Every device view of the plant, family by family."""
    seen: set[Callable[[Plant], Iterator[View]]] = set()
    out: list[View] = []
    for views in _FAMILY_VIEWS.values():
        if views not in seen:
            seen.add(views)
            out += views(plant)
    return out


def plant_layout(plant: Plant) -> Record:
    """Floors and rooms in plant order, for grouping the views."""
    data = plant.to_dict()
    return {
        "floors": [
            {"floor_ind": f.get("floor_ind"), "name": f.get("name")} for f in data["floors"]
        ],
        "rooms": [
            {"room_ind": r.get("room_ind"), "floor_ind": r.get("floor_ind"), "name": r.get("name")}
            for r in data["rooms"]
        ],
    }


# --- the request log and the hub -------------------------------------------------------------


class RequestLog:
    """The last requests, as the panel shows them (already redacted by the caller)."""

    def __init__(self, length: int = _LOG_LENGTH) -> None:
        self._entries: deque[Record] = deque(maxlen=length)

    def add(self, method: str, summary: str, outcome: str) -> Record:
        """Record one request; returns the entry."""
        entry = {"time": time.time(), "method": method, "summary": summary, "outcome": outcome}
        self._entries.append(entry)
        return entry

    def entries(self) -> list[Record]:
        """The entries, oldest first."""
        return list(self._entries)


class Hub:
    """Fans pushes out to every open page; a page that lags too far is dropped."""

    _CLOSE = ("close", None)

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[tuple[str, Any]]] = set()

    def __len__(self) -> int:
        return len(self._queues)

    def subscribe(self) -> asyncio.Queue[tuple[str, Any]]:
        """A new page's queue of ``(event, data)``."""
        queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue(_QUEUE_LIMIT)
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[tuple[str, Any]]) -> None:
        """Forget a page."""
        self._queues.discard(queue)

    def push(self, event: str, data: Any) -> None:
        """Send one event to every page."""
        for queue in list(self._queues):
            try:
                queue.put_nowait((event, data))
            except asyncio.QueueFull:  # it will reconnect and start from a snapshot
                self._drop(queue)

    def close(self) -> None:
        """End every page's stream."""
        for queue in list(self._queues):
            self._drop(queue)

    def _drop(self, queue: asyncio.Queue[tuple[str, Any]]) -> None:
        self._queues.discard(queue)
        while not queue.empty():
            queue.get_nowait()
        queue.put_nowait(self._CLOSE)


class _Source(Protocol):
    """What the panel needs of the emulator."""

    @property
    def plant(self) -> Plant:
        """The plant being served."""

    def status(self) -> Record:
        """Listening state, sessions (redacted), statistics, faults."""


class Panel:
    """The panel's routes and its live state for one emulator.

    Args:
        source: the emulator.
        hooks: the hook catalogue (the page draws its fault forms from it).
        access: who may read the state and the events (as for the control API).
    """

    def __init__(self, source: _Source, hooks: Iterable[Hook], access: ControlAccess) -> None:
        self._source = source
        self._hooks = [h.as_json() for h in hooks]
        self._access = access
        self._hub = Hub()
        self._shown: dict[str, str] = {}
        self._status_pending = False
        self.log = RequestLog()

    @property
    def pages(self) -> int:
        """Pages currently following the events."""
        return len(self._hub)

    def routes(self) -> list[web.RouteDef]:
        """The aiohttp routes of the panel."""
        return [
            web.get(PANEL_PATH, self._index),
            web.get(PANEL_PATH + "static/{name}", self._asset),
            web.get(PANEL_PATH + "api/state", self._state),
            web.get(PANEL_PATH + "api/events", self._events),
        ]

    # --- what the emulator reports -------------------------------------------------------

    def device_changed(self, family: str) -> None:
        """A device of ``family`` changed: push the views of that family that differ."""
        if not len(self._hub):
            return
        for view in family_views(self._source.plant, family):
            text = json.dumps(view, sort_keys=True)
            if self._shown.get(view["key"]) != text:
                self._shown[view["key"]] = text
                self._hub.push("device", view)

    def plant_replaced(self) -> None:
        """The plant was swapped or re-programmed: every page starts again."""
        self._shown.clear()
        if len(self._hub):
            self._hub.push("snapshot", self.snapshot())

    def status_changed(self) -> None:
        """Sessions, statistics or faults changed: push the status once this loop turn."""
        if self._status_pending or not len(self._hub):
            return
        self._status_pending = True
        asyncio.get_running_loop().call_soon(self._push_status)

    def logged(self, method: str, summary: str, outcome: str) -> None:
        """One request was answered (``summary`` already redacted)."""
        entry = self.log.add(method, summary, outcome)
        self._hub.push("log", entry)

    def close(self) -> None:
        """End every page's event stream (the emulator is stopping)."""
        self._hub.close()

    def snapshot(self) -> Record:
        """Everything a page shows (``GET .../api/state``)."""
        plant = self._source.plant
        views = plant_views(plant)
        self._shown.update({v["key"]: json.dumps(v, sort_keys=True) for v in views})
        return {
            "layout": plant_layout(plant),
            "devices": views,
            "status": self._source.status(),
            "log": self.log.entries(),
            "hooks": self._hooks,
        }

    def _push_status(self) -> None:
        self._status_pending = False
        self._hub.push("status", self._source.status())

    # --- HTTP --------------------------------------------------------------------------------

    async def _index(self, request: web.Request) -> web.Response:
        return self._file("index.html", "text/html")

    async def _asset(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in _ASSETS:
            raise web.HTTPNotFound
        return self._file(name, _ASSETS[name])

    @staticmethod
    def _file(name: str, content_type: str) -> web.Response:
        response = web.Response(
            body=(_STATIC / name).read_bytes(), content_type=content_type, charset="utf-8"
        )
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    async def _state(self, request: web.Request) -> web.Response:
        try:
            self._access.check(request, write=False)
        except ControlError as err:
            return err.response()
        return web.json_response(self.snapshot())

    async def _events(self, request: web.Request) -> web.StreamResponse:
        try:
            self._access.check(request, write=False)
        except ControlError as err:
            return err.response()
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        queue = self._hub.subscribe()
        try:
            # A page that loses the stream (a restart dropping connections) is back soon.
            await response.write(f"retry: {_RETRY_MS}\n\n".encode())
            await _send(response, "snapshot", self.snapshot())
            while True:
                try:
                    async with asyncio.timeout(_HEARTBEAT):
                        event, data = await queue.get()
                except TimeoutError:
                    await response.write(b": heartbeat\n\n")
                    continue
                if event == "close":
                    break
                await _send(response, event, data)
        finally:
            self._hub.unsubscribe(queue)
        return response


async def _send(response: web.StreamResponse, event: str, data: Any) -> None:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    await response.write(f"event: {event}\ndata: {payload}\n\n".encode())
