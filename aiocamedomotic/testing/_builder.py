"""Test kit: a small fluent builder of emulator plants (the plant file format of
``aiocamedomotic/emulator/PLANT_FORMAT.md``)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from ..emulator import Plant, Variants
from ..emulator.devices.base import REGISTRY

__all__ = ["PlantBuilder"]

#: Plant-file families whose records sit in a room (``floor_ind``/``room_ind``).
_PLACED = frozenset({"lights", "openings", "relays"})
#: The id keys whose values share the actuator id space of a plant; families keyed by
#: another id (``id``: scenarios, timers, meters...) number their records on their own.
_ID_KEYS = ("act_id", "open_act_id", "close_act_id", "addr")


class PlantBuilder:
    """Build a plant with the devices a test needs, one call per device.

    Every call returns the builder, so calls chain; :meth:`build` gives the
    :class:`~aiocamedomotic.emulator.Plant`, :meth:`to_dict` its plant-file form. Each
    device family added turns its server feature on. Ids are given in order (1, 2, ...)
    unless passed; devices go in the room declared last by :meth:`room`, if any.

    Example::

        plant = (
            PlantBuilder()
            .floor("Ground floor").room("Kitchen")
            .light("Ceiling").light("Worktop", dimmer=True, perc=40, on=True)
            .opening("Shutter")
            .build()
        )

    Args:
        base: a plant (or plant-file mapping) to start from, e.g. ``Plant.demo()``; by
            default an empty plant with the user ``admin``/``admin``.
    """

    def __init__(self, base: Plant | Mapping[str, Any] | None = None) -> None:
        source = base.to_dict() if isinstance(base, Plant) else (base or {})
        self._data: dict[str, Any] = copy.deepcopy(dict(source))
        self._data.setdefault("users", {"admin": "admin"})
        self._data.setdefault("features", [])
        self._place: dict[str, int] = {}
        # the next free id: of devices (one id space), of floors, of rooms
        self._next = {
            "device": _after(r.get(k) for r in self._records() for k in _ID_KEYS),
            "floor_ind": _after(f.get("floor_ind") for f in self._data.get("floors", [])),
            "room_ind": _after(r.get("room_ind") for r in self._data.get("rooms", [])),
        }

    # ----------------------------------------------------------------- topology / users

    def floor(self, name: str, *, ind: int | None = None) -> PlantBuilder:
        """Add a floor; the rooms added next belong to it.

        Args:
            name: the floor's name.
            ind: its ``floor_ind`` (default: the next free id).
        """
        ind = self._take(ind, "floor_ind")
        self._data.setdefault("floors", []).append({"floor_ind": ind, "name": name})
        self._place = {"floor_ind": ind}
        return self

    def room(self, name: str, *, ind: int | None = None) -> PlantBuilder:
        """Add a room on the last floor (a floor is made if there is none); the devices
        added next are placed in it.

        Args:
            name: the room's name.
            ind: its ``room_ind`` (default: the next free id).
        """
        if "floor_ind" not in self._place:
            self.floor("Ground floor")
        ind = self._take(ind, "room_ind")
        floor = self._place["floor_ind"]
        self._data.setdefault("rooms", []).append(
            {"room_ind": ind, "name": name, "floor_ind": floor}
        )
        self._place = {"floor_ind": floor, "room_ind": ind}
        return self

    def user(self, name: str, password: str) -> PlantBuilder:
        """Add a user (or change its password)."""
        self._data["users"][name] = password
        return self

    # ------------------------------------------------------------------------ devices

    def add(self, family: str, record: Mapping[str, Any]) -> PlantBuilder:
        """Add one record of any registered family, in its plant-file form.

        The family's feature is turned on; its id key gets the next free id when the record
        has none; a light, opening or relay goes in the current room unless placed.

        Args:
            family: the plant-file key (``"lights"``, ``"timers"``...).
            record: the record, in the wire form PLANT_FORMAT.md describes.

        Raises:
            ValueError: the family is unknown, or not a list of records (``thermo``:
                use :meth:`thermo_zone`; ``security``: pass a ``base``).
        """
        spec = REGISTRY.get(family)
        if spec is None or family in {"thermo", "security"}:
            raise ValueError(f"{family!r} is not a plant family made of records")
        item = dict(record)
        if spec.id_key not in item:
            space = "device" if spec.id_key in _ID_KEYS else family
            item[spec.id_key] = self._take(None, space)
        if family in _PLACED:
            for key, value in self._place.items():
                item.setdefault(key, value)
        self._data.setdefault(family, []).append(item)
        self._feature(spec.feature)
        return self

    def light(
        self,
        name: str,
        *,
        dimmer: bool = False,
        rgb: bool = False,
        on: bool = False,
        perc: int = 100,
        act_id: int | None = None,
    ) -> PlantBuilder:
        """Add a light: on/off by default, a dimmer or an RGB light on request.

        Args:
            name: its name.
            dimmer: a dimmable light (``perc`` applies).
            rgb: an RGB light (white, ``perc`` applies).
            on: switched on.
            perc: brightness of a dimmer or RGB light, in %.
            act_id: its id (default: the next free id).
        """
        kind = "RGB" if rgb else "DIMMER" if dimmer else "STEP_STEP"
        record: dict[str, Any] = {"name": name, "status": int(on), "type": kind}
        if kind != "STEP_STEP":
            record["perc"] = perc
        if rgb:
            record["rgb"] = [255, 255, 255]
        return self.add("lights", _with_id(record, "act_id", act_id))

    def opening(
        self,
        name: str,
        *,
        kind: Literal["shutter", "awning", "blind", "gate"] = "shutter",
        act_id: int | None = None,
    ) -> PlantBuilder:
        """Add a stopped opening (shutter by default); its close id is ``act_id + 1``.

        Args:
            name: its name.
            kind: what it is.
            act_id: its (open) id (default: the next free id).
        """
        open_id = self._take(act_id)
        close_id = self._take(open_id + 1)
        types = {"shutter": 0, "awning": 1, "blind": 2, "gate": 3}
        record = {
            "open_act_id": open_id,
            "close_act_id": close_id,
            "name": name,
            "status": 0,
            "type": types[kind],
            "partial": [],
        }
        return self.add("openings", record)

    def relay(self, name: str, *, on: bool = False, act_id: int | None = None) -> PlantBuilder:
        """Add a relay (off by default)."""
        return self.add("relays", _with_id({"name": name, "status": int(on)}, "act_id", act_id))

    def scenario(
        self,
        name: str,
        *,
        actions: Iterable[Mapping[str, Any]] = (),
        scenario_id: int | None = None,
    ) -> PlantBuilder:
        """Add a scenario.

        Args:
            name: its name.
            actions: the application messages it runs, as a client would send them
                (``{"cmd_name": "light_switch_req", "act_id": 1, "wanted_status": 1}``).
            scenario_id: its id (default: the next free id).
        """
        record = {
            "name": name,
            "status": 0,
            "scenario_status": 0,
            "user-defined": 0,
            "actions": [dict(action) for action in actions],
        }
        if scenario_id is not None:
            record["id"] = scenario_id
        return self.add("scenarios", record)

    def digital_input(self, name: str, *, act_id: int | None = None) -> PlantBuilder:
        """Add a digital input (a button or contact) that never fired."""
        ident = self._take(act_id)
        record = {
            "act_id": ident,
            "name": name,
            "type": 1,
            "addr": ident,
            "ack": 1,
            "radio_node_id": "00000000",
            "rf_radio_link_quality": 0,
            "utc_time": 0,
        }
        return self.add("digital_inputs", record)

    def thermo_zone(
        self,
        name: str,
        *,
        temp: float = 20.0,
        set_point: float = 20.0,
        season: Literal["winter", "summer", "plant_off"] = "winter",
        act_id: int | None = None,
    ) -> PlantBuilder:
        """Add a thermo zone in manual mode.

        Args:
            name: its name.
            temp: the measured temperature, in °C.
            set_point: the wanted temperature, in °C.
            season: the plant's season (applies to every zone).
            act_id: its id (default: the next free id).
        """
        thermo = self._data.setdefault("thermo", {"zones": []})
        thermo["season"] = season
        zone = {
            "act_id": self._take(act_id),
            "name": name,
            **self._place,
            "status": 0,
            "temp": round(temp * 10),
            "mode": 1,
            "set_point": round(set_point * 10),
            "season": season,
            "thermo_algo": {"type": "D", "diff_t_dec": 3, "pi_set_in_use": 1},
        }
        thermo.setdefault("zones", []).append(zone)
        self._feature("thermoregulation")
        return self

    # --------------------------------------------------------------------------- result

    def to_dict(self) -> dict[str, Any]:
        """The plant-file content built so far (a copy)."""
        return copy.deepcopy(self._data)

    def build(self, *, variants: Variants | None = None) -> Plant:
        """The plant.

        Args:
            variants: firmware variants and timings (e.g. short opening travel times).

        Raises:
            ValueError: the plant file is invalid (see :class:`~aiocamedomotic.emulator.Plant`).
        """
        return Plant(self.to_dict(), variants=variants)

    # -------------------------------------------------------------------------- helpers

    def _records(self) -> Iterable[Mapping[str, Any]]:
        for key, value in self._data.items():
            if key in REGISTRY and isinstance(value, list):
                yield from (item for item in value if isinstance(item, Mapping))
        yield from self._data.get("thermo", {}).get("zones", [])

    def _take(self, ident: int | None, space: str = "device") -> int:
        if space not in self._next:  # a family numbered on its own: after its records
            records = self._data.get(space, [])
            id_key = REGISTRY[space].id_key
            self._next[space] = _after(record.get(id_key) for record in records)
        if ident is None:
            ident = self._next[space]
        self._next[space] = max(self._next[space], ident + 1)
        return ident

    def _feature(self, feature: str | None) -> None:
        if feature is not None and feature not in self._data["features"]:
            self._data["features"].append(feature)


def _after(values: Iterable[object]) -> int:
    """One more than the largest integer of ``values`` (1 when there is none)."""
    return max([0, *(v for v in values if isinstance(v, int) and not isinstance(v, bool))]) + 1


def _with_id(record: dict[str, Any], key: str, ident: int | None) -> dict[str, Any]:
    return record if ident is None else {key: ident, **record}
