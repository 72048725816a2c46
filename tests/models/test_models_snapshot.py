"""Snapshot tests (syrupy): what each model parses from the emulator's demo plant."""

from __future__ import annotations

from enum import Enum
from typing import Any

from syrupy.assertion import SnapshotAssertion

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.models import CATALOGUE, Timer
from aiocamedomotic.models._fields import FieldModel


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return str(value)
    if isinstance(value, FieldModel):
        return describe(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def describe(obj: FieldModel) -> dict[str, Any]:
    """Every field-table property of a model (camera URIs without their credentials)."""
    described = {name: _plain(getattr(obj, name)) for name in sorted(obj._fields)}
    if isinstance(obj, Timer):
        described["timetable"] = [
            {"index": s.index, "start": s.start, "stop": s.stop, "active": s.active}
            for s in obj.timetable
        ]
    for uri in ("uri", "uri_still"):
        if uri in described:  # keep credentials out of the snapshot file
            described[uri] = described[uri].rsplit("@", 1)[-1]
    if hasattr(obj, "sensor_type"):
        described["sensor_type"] = _plain(obj.sensor_type)
    return {k: v for k, v in described.items() if not k.startswith("_")}


async def test_demo_plant_models(api: CameDomoticAPI, snapshot: SnapshotAssertion) -> None:
    parsed: dict[str, Any] = {}
    for key in CATALOGUE:
        entities = await api.async_get_family(key)
        parsed[key] = [describe(entity) for entity in entities]
    parsed["floors"] = [describe(f) for f in await api.async_get_floors()]
    parsed["rooms"] = [describe(r) for r in await api.async_get_rooms()]
    topology = await api.async_get_topology()
    parsed["topology"] = [
        {"id": f.id, "name": f.name, "rooms": [(r.id, r.name) for r in f.rooms]}
        for f in topology.floors
    ]
    assert all(parsed[key] for key in CATALOGUE), "the demo plant has every family"
    assert parsed == snapshot
