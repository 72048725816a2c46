"""CLI layer: the experimental families in ``snapshot`` (irrigation, sound, security).

Read through the public API and written in the emulator's plant-file form (PLANT_FORMAT.md).
The alarm user code cannot be read and is never written: the file gets the placeholder
:data:`PLACEHOLDER_CODE`. Inputs that report open (or in alarm) are written open.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import Any

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.models import SecurityInputStatus

from ..families import family_named

#: The alarm code written into snapshots (the real one cannot be read, and must not be).
PLACEHOLDER_CODE = "0000"

_SECTOR = ("id", "name", "enabled", "status", "forced", "days", "perc", "start")
_ZONE = ("id", "name", "standby", "mute", "volume", "min_volume", "max_volume")
_OUTPUT = ("output_id", "name", "type", "status")
_OPEN = (SecurityInputStatus.OPEN, SecurityInputStatus.ALARM)


def pick(raw: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The listed wire fields of ``raw`` that are present (a plant-file record)."""
    return {key: raw[key] for key in fields if key in raw}


async def read_extras(api: CameDomoticAPI, features: set[str]) -> dict[str, Any]:
    """The ``irrigation``, ``sound`` and ``security`` keys of a plant file (when present)."""
    extras: dict[str, Any] = {}
    if "irrig" in features:
        extras["irrigation"] = [
            {
                **pick(sector.raw_data, _SECTOR),
                "sprinklers": [
                    {"act_id": s.act_id, **pick(s.raw_data, ("name", "enabled", "active", "duty"))}
                    for s in sector.sprinkler_list
                ],
            }
            for sector in await api.async_get_irrigation_sectors()
        ]
    zones = await family_named("sound_zones").fetch(api)  # best effort: no feature string
    if zones:
        extras["sound"] = [
            {
                **pick(zone.raw_data, _ZONE),
                "source": zone.source_id,
                "sources": [{"id": s["id"], "name": s["name"]} for s in zone.sources],
                "sources_format": "array" if "sources" in zone.raw_data else "flat",
            }
            for zone in zones
        ]
    if "sicu" in features:
        centrals, areas, inputs, outputs, scenarios = await asyncio.gather(
            api.async_get_security_centrals(),
            api.async_get_security_areas(),
            api.async_get_security_inputs(),
            api.async_get_security_outputs(),
            api.async_get_security_scenarios(),
        )
        extras["security"] = {
            "name": centrals[0].name if centrals else "",
            "code": PLACEHOLDER_CODE,
            "areas": [{"area_id": a.area_id, "name": a.name, "armed": int(a.armed)} for a in areas],
            "inputs": [
                {
                    "input_id": i.input_id,
                    "name": i.name,
                    "type": i.type,
                    "areas": i.areas,
                    "open": int(i.status in _OPEN),
                }
                for i in inputs
            ],
            "outputs": [pick(o.raw_data, ("output_id", "name", "type", "status")) for o in outputs],
            "scenarios": [
                {"scenario_id": s.scenario_id, "name": s.name, "areas": s.areas} for s in scenarios
            ],
        }
    return extras


#: Where the records of the experimental families are: (path, id key, anonymous noun).
_RECORDS = (
    (("irrigation",), "id", "Sector"),
    (("sound",), "id", "Sound zone"),
    (("security", "areas"), "area_id", "Area"),
    (("security", "inputs"), "input_id", "Alarm input"),
    (("security", "outputs"), "output_id", "Alarm output"),
    (("security", "scenarios"), "scenario_id", "Alarm scenario"),
)


def _records(plant: Mapping[str, Any], path: tuple[str, ...]) -> list[dict[str, Any]]:
    node: Any = plant
    for key in path:
        node = node.get(key, {}) if isinstance(node, Mapping) else {}
    return node if isinstance(node, list) else []


def sort_extras(plant: dict[str, Any]) -> None:
    """Sort the experimental families' records by id (deterministic files)."""
    for path, id_key, _noun in _RECORDS:
        _records(plant, path).sort(key=lambda record: record[id_key])
    for sector in plant.get("irrigation", []):
        sector["sprinklers"].sort(key=lambda sprinkler: sprinkler["act_id"])


def anonymize_extras(plant: dict[str, Any]) -> None:
    """Replace the experimental families' names by neutral ones (``Area 1``...)."""
    for path, id_key, noun in _RECORDS:
        records = sorted(_records(plant, path), key=lambda record: record[id_key])
        for number, record in enumerate(records, start=1):
            record["name"] = f"{noun} {number}"
    for sector in plant.get("irrigation", []):
        for number, sprinkler in enumerate(sector["sprinklers"], start=1):
            sprinkler["name"] = f"Sprinkler {number}"
    for zone in plant.get("sound", []):
        for source in zone["sources"]:
            source["name"] = f"Source {source['id']}"
    if "security" in plant:
        plant["security"]["name"] = "Alarm central"
