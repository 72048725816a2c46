"""CLI layer: ``snapshot``, a plant read through the public API, written as a plant file.

The output is the emulator's plant file format (``aiocamedomotic/emulator/PLANT_FORMAT.md``),
so ``camedomotic emulate --plant plant.json`` serves a copy of the installation. Secrets and
identifiers never reach the file: the keycode and serial become fixed fake values, camera
URIs lose their credentials, and since user passwords cannot be read each user gets its own
name as password. The file is deterministic (sorted records and keys): a snapshot of an
emulated snapshot is the same file.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.anonymizer import anonymize_uri
from aiocamedomotic.models import AnalogSensorType
from aiocamedomotic.models.catalogue import CATALOGUE

from ..app import App, async_command, cli
from ..errors import CliError, ExitCode
from ..families import family_named
from ..output import say, spinner
from .snapshot_extras import anonymize_extras, pick, read_extras, sort_extras

#: Fixed stand-ins for the identifiers of the installation (PLANT_FORMAT.md shapes).
FAKE_KEYCODE = "0000000000000000"
FAKE_SERIAL = "00000000"

_LIGHT = ("act_id", "name", "floor_ind", "room_ind", "status", "type", "perc", "rgb")
_OPENING = ("open_act_id", "close_act_id", "name", "floor_ind", "room_ind", "status", "type",
            "partial")  # fmt: skip
_RELAY = ("act_id", "name", "floor_ind", "room_ind", "status", "icon_id")
_SCENARIO = ("id", "name", "status", "icon_id", "user-defined")
_ZONE = ("act_id", "name", "floor_ind", "room_ind", "status", "temp", "mode", "set_point",
         "season", "thermo_algo", "antifreeze", "t1", "t2", "t3", "reason", "profile_data",
         "fan_speed", "dehumidifier", "hygro", "f3a")  # fmt: skip
_DIGITAL = ("act_id", "name", "type", "addr", "ack", "status", "radio_node_id",
            "rf_radio_link_quality", "utc_time")  # fmt: skip
_ANALOG = ("name", "act_id", "value", "unit")
_TIMER = ("name", "id", "enabled", "days", "bars")
_METER = ("name", "id", "meter_type", "produced", "instant_power", "unit", "energy_unit",
          "last_24h_avg", "last_month_avg")  # fmt: skip
_CONTROLLER = ("name", "id", "meter_id", "power", "max_power", "hysteresis", "profile_data")
_LOAD = ("name", "id", "priority", "enabled", "act_id", "detached", "status", "loadtype")
_CAMERA_URIS = ("uri", "uri_still", "uri2", "proxy1", "proxy2", "proxy_still")
#: Map element keys the server fills from the live device state (not configuration).
_MAP_LIVE = ("status", "perc", "temp", "mode", "thermo_status")
_SENSOR_KEYS = {
    AnalogSensorType.TEMPERATURE: "temperature",
    AnalogSensorType.HUMIDITY: "humidity",
    AnalogSensorType.PRESSURE: "pressure",
}
#: Opening types with slats (venetian blinds, docs/protocol.md §7.3): the API cannot tell
#: whether an opening accepts slat commands, the type is the best hint.
_SLATTED_TYPES = (2,)
#: Opening statuses of a movement; a snapshot is a still picture, so movements are stopped.
_MOVING = (1, 2, 3, 4)


def _celsius_unit(unit: Any) -> Any:
    # Variant B spells the Celsius unit "°C"; the plant file stores "C" (PLANT_FORMAT.md).
    return "C" if unit == "°C" else unit


async def read_plant_file(api: CameDomoticAPI) -> dict[str, Any]:
    """Read the whole plant through the public API, in plant-file form (names kept)."""
    server = await api.async_get_server_info()
    features = set(server.features)

    fetchers: dict[str, tuple[str | None, Callable[[], Awaitable[Sequence[Any]]]]] = {
        "lights": ("lights", api.async_get_lights),
        "openings": ("openings", api.async_get_openings),
        "relays": ("relays", api.async_get_relays),
        "scenarios": ("scenarios", api.async_get_scenarios),
        "zones": ("thermoregulation", api.async_get_thermo_zones),
        "sensors": ("thermoregulation", api.async_get_analog_sensors),
        "digital": ("digitalin", api.async_get_digital_inputs),
        "analog": ("analogin", api.async_get_analog_inputs),
        "timers": ("timers", api.async_get_timers),
        "meters": ("energy", api.async_get_energy_meters),
        "controllers": ("loadsctrl", api.async_get_loadsctrl_meters),
        "loads": ("loadsctrl", lambda: family_named("loadsctrl_loads").fetch(api)),
        "cameras": (None, api.async_get_cameras),
        "pages": (None, api.async_get_map_pages),
    }

    async def fetch(feature: str | None, get: Callable[[], Awaitable[Sequence[Any]]]) -> list[Any]:
        # Families the server does not offer are not asked for (docs/protocol.md §3.7).
        return list(await get()) if feature is None or feature in features else []

    (users, groups, topology), lists = await asyncio.gather(
        asyncio.gather(
            api.async_get_users(), api.async_get_terminal_groups(), api.async_get_topology()
        ),
        asyncio.gather(*(fetch(*entry) for entry in fetchers.values())),
    )
    got = dict(zip(fetchers, lists, strict=True))

    plant: dict[str, Any] = {
        "server": {
            "keycode": FAKE_KEYCODE,
            "serial": FAKE_SERIAL,
            **{
                key: value
                for key, value in (
                    ("swver", server.swver),
                    ("type", server.type),
                    ("board", server.board),
                )
                if value is not None
            },
        },
        "features": list(server.features),
        # Passwords cannot be read: each user gets its name as password.
        "users": {user.name: user.name for user in users},
        "terminal_groups": [{"group_name": g.name, "group_id": g.id} for g in groups],
        "floors": [{"floor_ind": f.id, "name": f.name} for f in topology.floors],
        "rooms": [
            {"room_ind": room.id, "name": room.name, "floor_ind": floor.id}
            for floor in topology.floors
            for room in floor.rooms
        ],
        "lights": [_light(light.raw_data) for light in got["lights"]],
        "openings": [_opening(opening.raw_data) for opening in got["openings"]],
        "relays": [pick(relay.raw_data, _RELAY) for relay in got["relays"]],
        # Scenario actions are not readable through the API: an emulated copy does nothing.
        "scenarios": [
            {**pick(s.raw_data, _SCENARIO), "scenario_status": 0, "actions": []}
            for s in got["scenarios"]
        ],
        "digital_inputs": [pick(di.raw_data, _DIGITAL) for di in got["digital"]],
        "analog_inputs": [_analog(a.raw_data) for a in got["analog"]],
        "timers": [_timer(timer.raw_data) for timer in got["timers"]],
        "energy_meters": [pick(meter.raw_data, _METER) for meter in got["meters"]],
        "loadsctrl_controllers": [pick(c.raw_data, _CONTROLLER) for c in got["controllers"]],
        # the wire item does not name its controller: the plant file does (PLANT_FORMAT.md)
        "loadsctrl_loads": [
            {**pick(load.raw_data, _LOAD), "controller_id": load.controller_id}
            for load in got["loads"]
        ],
        "cameras": [_camera(camera.raw_data) for camera in got["cameras"]],
        "maps": [_page(page) for page in got["pages"]],
    }
    zones, sensors = got["zones"], got["sensors"]
    if zones or sensors:
        thermo: dict[str, Any] = {"zones": [_zone(zone.raw_data) for zone in zones]}
        if zones:
            thermo["season"] = zones[0].raw_data.get("season", "winter")
        for sensor in sensors:
            key = _SENSOR_KEYS.get(sensor.sensor_type)
            if key is not None:
                thermo[key] = _analog(sensor.raw_data)
        plant["thermo"] = thermo
    plant.update(await read_extras(api, features))  # irrigation, sound, security
    return plant


def _light(raw: Mapping[str, Any]) -> dict[str, Any]:
    record = pick(raw, _LIGHT)
    if isinstance(record.get("type"), str):
        record["type"] = record["type"].upper()  # variant B sends "rgb"
    return record


def _opening(raw: Mapping[str, Any]) -> dict[str, Any]:
    record = pick(raw, _OPENING)
    if record.get("status") in _MOVING:
        record["status"] = 0
    if record.get("type") in _SLATTED_TYPES:
        record["slats"] = True
    return record


def _zone(raw: Mapping[str, Any]) -> dict[str, Any]:
    record = pick(raw, _ZONE)
    if "temp" not in record and "temp_dec" in raw:
        record["temp"] = raw["temp_dec"]  # variant B (docs/protocol.md §4.8)
    return record


def _analog(raw: Mapping[str, Any]) -> dict[str, Any]:
    record = pick(raw, _ANALOG)
    if "unit" in record:
        record["unit"] = _celsius_unit(record["unit"])
    return record


def _timer(raw: Mapping[str, Any]) -> dict[str, Any]:
    record = pick(raw, _TIMER)
    record["timetable"] = [
        pick(slot, ("start", "stop", "index"))
        for slot in raw.get("timetable") or []
        if isinstance(slot, Mapping)
    ]
    return record


def _camera(raw: Mapping[str, Any]) -> dict[str, Any]:
    record = pick(raw, ("id", "name", "stream_type", *_CAMERA_URIS))
    for key in _CAMERA_URIS:
        if isinstance(record.get(key), str):
            record[key] = anonymize_uri(record[key])
    return record


def _page(page: Any) -> dict[str, Any]:
    return {
        "page_id": page.page_id,
        "page_label": page.page_label,
        "page_scale": page.page_scale,
        "background": page.background,
        "array": [
            {key: value for key, value in element.items() if key not in _MAP_LIVE}
            for element in page.elements
        ],
    }


#: Family key (also its plant-file key) -> noun used for anonymised names.
_NAMED: dict[str, str] = {
    "lights": "Light",
    "openings": "Cover",
    "relays": "Relay",
    "scenarios": "Scenario",
    "digital_inputs": "Input",
    "analog_inputs": "Sensor",
    "timers": "Timer",
    "energy_meters": "Meter",
    "loadsctrl_controllers": "Controller",
    "loadsctrl_loads": "Load",
    "cameras": "Camera",
}


def _id_key(family: str) -> str:
    """The wire id of a family's records (its catalogue entry's primary id key)."""
    return CATALOGUE[family].id_keys[0]


def anonymize_names(plant: dict[str, Any]) -> None:
    """Replace every name by a neutral one (``Light 3``), consistently across the file.

    Numbers follow the id order, so the result is deterministic; map labels showing a
    device's name follow the device.
    """
    renamed: dict[str, str] = {}

    def rename(records: list[dict[str, Any]], id_key: str, noun: str) -> None:
        for number, record in enumerate(sorted(records, key=lambda r: r[id_key]), start=1):
            new = f"{noun} {number}"
            renamed.setdefault(str(record.get("name")), new)
            record["name"] = new

    rename(plant["floors"], "floor_ind", "Floor")
    rename(plant["rooms"], "room_ind", "Room")
    for key, noun in _NAMED.items():
        rename(plant[key], _id_key(key), noun)
    thermo = plant.get("thermo", {})
    rename(thermo.get("zones", []), "act_id", "Zone")
    probes = [thermo[key] for key in ("temperature", "humidity", "pressure") if key in thermo]
    rename(probes, "act_id", "Probe")
    plant["users"] = {f"user{n}": f"user{n}" for n in range(1, len(plant["users"]) + 1)}
    for number, page in enumerate(sorted(plant["maps"], key=lambda p: p["page_id"]), start=1):
        page["page_label"] = f"Page {number}"
        page["background"] = f"maps/page_{page['page_id']}.png"
        for element in page["array"]:
            if "label" in element:
                element["label"] = renamed.get(str(element["label"]), "Element")
    anonymize_extras(plant)


def _sort(plant: dict[str, Any]) -> None:
    """Sort every list of records by its id, so the file does not depend on server order."""
    ids = {"floors": "floor_ind", "rooms": "room_ind", "terminal_groups": "group_id",
           "maps": "page_id", **{key: _id_key(key) for key in _NAMED}}  # fmt: skip
    for key, id_key in ids.items():
        plant[key].sort(key=lambda record: record[id_key])
    if "thermo" in plant:
        plant["thermo"]["zones"].sort(key=lambda zone: zone["act_id"])
    for timer in plant["timers"]:
        timer["timetable"].sort(key=lambda slot: slot.get("index", 0))
    sort_extras(plant)


#: Nicer words for some plant-file keys in the summary (other keys are shown as they are).
_LABELS = {
    "maps": "map pages",
    "irrigation": "irrigation sectors",
    "sound": "sound zones",
    "loadsctrl controllers": "load controllers",
    "loadsctrl loads": "loads",
}


def summary(plant: Mapping[str, Any]) -> dict[str, int]:
    """How many records of each kind the plant file holds, found by walking it.

    A list of records (objects) counts as one kind, named by its path (``thermo zones``,
    ``security areas``); a single record holding a reading (``value`` and ``unit``, like
    the thermo probes) counts as an analog sensor. Nothing is listed by hand, so every
    family written is counted; empty ones are left out.
    """
    counts: dict[str, int] = {}

    def walk(node: Mapping[str, Any], path: tuple[str, ...]) -> None:
        for key, value in node.items():
            label = " ".join((*path, key)).replace("_", " ")
            if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
                label = _LABELS.get(label, label)
                counts[label] = counts.get(label, 0) + len(value)
            elif isinstance(value, Mapping) and {"value", "unit"} <= value.keys():
                counts["analog sensors"] = counts.get("analog sensors", 0) + 1
            elif isinstance(value, Mapping):
                walk(value, (*path, key))

    walk(plant, ())
    return counts


def dumps(plant: Mapping[str, Any]) -> str:
    """The plant file text: stable key order, two-space indent, UTF-8, final newline."""
    return json.dumps(plant, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@cli.command()
@click.option(
    "--out", "-o", "out", required=True, type=click.Path(dir_okay=False, allow_dash=True,
                                                         path_type=Path),
    help="Plant file to write ('-' for stdout).",
)  # fmt: skip
@click.option(
    "--anonymize-names", "anonymize", is_flag=True, help="Replace every name by a neutral one."
)
@async_command
async def snapshot(app: App, out: Path, anonymize: bool) -> None:
    """Save the plant as a plant file for 'camedomotic emulate --plant FILE'.

    Keycode, serial and camera credentials are never written; users get their own name as
    password (real passwords cannot be read).
    """
    async with app.connect() as api:
        with spinner("Reading the plant…"):
            plant = await read_plant_file(api)
    if anonymize:
        anonymize_names(plant)
    _sort(plant)
    text = dumps(plant)
    if str(out) == "-":
        sys.stdout.write(text)
        return
    try:
        await asyncio.to_thread(out.write_text, text, encoding="utf-8")
    except OSError as err:
        raise CliError(f"cannot write {out}: {err.strerror}", ExitCode.ERROR) from None
    counts = ", ".join(
        f"{count} {label.removesuffix('s') if count == 1 else label}"
        for label, count in summary(plant).items()
    )
    say(f"Wrote {out}: {counts}", err=True)
