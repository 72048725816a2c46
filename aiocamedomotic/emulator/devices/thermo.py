"""Emulator layer: thermoregulation zones, plant season and top-level sensors (§4.8, §6.3)."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Mapping
from typing import Any

from ...const import UpdateIndicator
from .base import (
    AppDataError,
    Family,
    Handler,
    Host,
    Record,
    in_scope,
    opt_int,
    pick,
    register_family,
    req_int,
    req_str,
    to_int,
)

OFF, MANUAL, AUTO, JOLLY = range(4)
SEASONS = ("winter", "summer", "plant_off")
#: Keys of the top-level analog sensors of ``thermo_list_resp`` (§4.8.5).
SENSOR_KEYS = ("temperature", "humidity", "pressure")
#: Zone set-point limits of the user interfaces (§4.8), in tenths of °C.
SET_POINT_RANGE = (50, 340)
_EXTENDED_ONLY = ("antifreeze", "profile_data")
_IND_FIELDS = (
    "act_id",
    "name",
    "floor_ind",
    "room_ind",
    "temp",
    "status",
    "mode",
    "set_point",
    "season",
    "antifreeze",
    "t1",
    "t2",
    "t3",
    "thermo_algo",
    "reason",
    "fan_speed",
    "dehumidifier",
    "hygro",
    "f3a",
)
#: Profile level digit -> ``reason`` (which of T1/T2/T3 is the target), HSA's reading.
_LEVEL_REASON = {"1": 1, "2": 1, "3": 2, "4": 2, "5": 3}
_PROFILE_LEN = 96
#: A profile level lasts a quarter hour of the plant clock (Unix seconds; every real time
#: zone offset is a whole number of quarter hours, so UTC and local boundaries coincide).
_QUARTER = 900.0
#: The quarter-hour timer fires this long after the boundary, so that a timer fired a
#: little early still reads the new quarter.
_TICK_MARGIN = 0.05
_TICK_KEY = ("thermo", "quarter hour")


def analog_wire(sensor: Record, host: Host) -> Record:
    """Project an analog probe (top-level thermo sensor or analog input) to the wire.

    The Celsius unit string follows :attr:`Variants.temperature_unit` (§6.8).
    """
    out = pick(sensor, ("name", "act_id", "value", "unit"))
    if out.get("unit") in ("C", "°C"):
        out["unit"] = host.variants.temperature_unit
    return out


@register_family
class Thermo(Family):
    """Thermo zones plus the plant season and the top-level sensors.

    Plant-file form: ``{"season": ..., "zones": [zone records], "temperature": {...},
    "humidity": {...}, "pressure": {...}}``. A zone record is the wire zone object with the
    measured temperature under ``temp`` and every optional field it has (``antifreeze``,
    ``profile_data``, ``t1``-``t3``, ``fan_speed``, ``dehumidifier``, ``hygro``...).
    """

    key = "thermo"
    feature = "thermoregulation"

    def __init__(self, host: Host, data: Any) -> None:
        data = dict(data or {})
        super().__init__(host, data.get("zones"))
        self.season: str = data.get("season") or next(
            (z["season"] for z in self.records if z.get("season") in SEASONS), "winter"
        )
        for zone in self.records:
            zone["season"] = self.season
        self.sensors: dict[str, Record] = {
            k: copy.deepcopy(data[k]) for k in SENSOR_KEYS if isinstance(data.get(k), dict)
        }

    def dump(self) -> Any:
        """See :meth:`Family.dump`."""
        return {
            "season": self.season,
            "zones": copy.deepcopy(self.records),
            **copy.deepcopy(self.sensors),
        }

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {
            "thermo_list_req": self._list,
            "nested_thermo_list_req": self._nested_list,
            "thermo_zone_config_req": self._config,
            "thermo_season_req": self._season,
        }

    # --- lists ------------------------------------------------------------------------

    def _zone_wire(self, zone: Record, extended: bool) -> Record:
        # Variant B names the measured temperature `temp_dec` in lists too (§6.8).
        temp_key = self.host.variants.zone_temp_key
        out = {
            temp_key if k == "temp" else k: copy.deepcopy(v)
            for k, v in zone.items()
            if extended or k not in _EXTENDED_ONLY
        }
        out["leaf"] = True
        return out

    def _zones(self, msg: Record, *, scoped: bool) -> list[Record]:
        self._arm_clock()
        if self.list_gated():
            return []
        extended = msg.get("extended_infos") == 2
        return [
            self._zone_wire(z, extended) for z in self.records if not scoped or in_scope(msg, z)
        ]

    def _list(self, msg: Record) -> Record:
        resp = self.host.list_response("thermo_list_resp", self._zones(msg, scoped=True))
        if not self.list_gated():
            for key, sensor in self.sensors.items():
                resp[key] = analog_wire(sensor, self.host)
        return resp

    def _nested_list(self, msg: Record) -> Record:
        groups: dict[Any, Record] = {}
        for zone in self._zones(msg, scoped=False):
            floor_ind = zone.get("floor_ind")
            group = groups.get(floor_ind)
            if group is None:
                name = self.host.floor_name(floor_ind) if isinstance(floor_ind, int) else ""
                group = groups[floor_ind] = {"name": name, "floor_ind": floor_ind, "array": []}
            group["array"].append(zone)
        return self.host.list_response("thermo_list_resp", list(groups.values()))

    # --- commands ---------------------------------------------------------------------

    def _config(self, msg: Record) -> Record:
        # Validate everything before changing anything, so a rejected request has no effect.
        zone = self.get(req_int(msg, "act_id"))
        mode = req_int(msg, "mode", OFF, JOLLY)
        set_point = req_int(msg, "set_point", *SET_POINT_RANGE)
        opt_int(msg, "extended_infos", 0, 2)
        if "season" in msg:
            # HACAME sends a per-zone season; AIO (live-verified) says the season is
            # plant-wide only, so the emulator validates and ignores it (§4.8).
            req_str(msg, "season", SEASONS)
        fan_speed = opt_int(msg, "fan_speed", 0, 4)
        temps = {k: opt_int(msg, k, *SET_POINT_RANGE) for k in ("t1", "t2", "t3")}
        antifreeze = opt_int(msg, "antifreeze", 0, SET_POINT_RANGE[1])
        algo = self._algo(msg["thermo_algo"]) if msg.get("thermo_algo") is not None else None
        profile = self._profile(msg)

        zone["mode"] = mode
        if mode == MANUAL:
            # A set point is applied only when the zone ends up in MANUAL (§6.3).
            zone["set_point"] = set_point
        if fan_speed is not None and "fan_speed" in zone:
            # Only fan-coil zones have a fan; others silently ignore it (emulator choice).
            zone["fan_speed"] = fan_speed
        zone.update({k: v for k, v in temps.items() if v is not None})
        if antifreeze is not None:
            zone["antifreeze"] = antifreeze
        if algo is not None:
            zone["thermo_algo"] = {**zone.get("thermo_algo", {}), **algo}
        if profile is not None:
            rows = zone.setdefault("profile_data", ["1" * _PROFILE_LEN] * 8)
            rows[profile[0]] = profile[1]
        self.publish(zone, profile_id=None if profile is None else profile[0])
        return {"cmd_name": "generic_reply"}

    @staticmethod
    def _algo(value: Any) -> Record:
        if not isinstance(value, dict):
            raise AppDataError("thermo_algo: expected an object")
        algo: Record = {}
        if "type" in value:
            algo["type"] = req_str(value, "type", ("D", "P"))
        if "diff_t_dec" in value:
            algo["diff_t_dec"] = to_int(value["diff_t_dec"], "thermo_algo.diff_t_dec", 0, 100)
        if "pi_set_in_use" in value:
            algo["pi_set_in_use"] = to_int(
                value["pi_set_in_use"], "thermo_algo.pi_set_in_use", 1, 4
            )
        return algo

    @staticmethod
    def _profile(msg: Record) -> tuple[int, str] | None:
        if msg.get("profile_id") is None and msg.get("profile_data") is None:
            return None
        profile_id = req_int(msg, "profile_id", 0, 7)
        data = req_str(msg, "profile_data")
        if len(data) != _PROFILE_LEN or any(c not in "12345" for c in data):
            raise AppDataError("profile_data: expected 96 digits 1-5")
        return profile_id, data

    def _season(self, msg: Record) -> Record:
        self.set_season(req_str(msg, "season", SEASONS))
        return {"cmd_name": "generic_reply"}

    def set_season(self, season: str) -> None:
        """Change the plant season and publish one indication per zone (§6.3).

        ``plant_off`` forces every zone to OFF; going back to winter/summer does not
        restore the previous modes.

        Args:
            season: ``"winter"``, ``"summer"`` or ``"plant_off"``.
        """
        self.season = season
        for zone in self.records:
            zone["season"] = season
            if season == "plant_off":
                zone["mode"] = OFF
            self.publish(zone)

    def set_measure(self, zone: Record, temp: int | None, humidity: int | None) -> None:
        """Set a zone's measured temperature (tenths of °C) and/or humidity, and publish."""
        if temp is not None:
            zone["temp"] = temp
        if humidity is not None:
            zone["hygro"] = humidity
        self.publish(zone)

    # --- state --------------------------------------------------------------------------

    def _profile_reason(self, zone: Record) -> int | None:
        """Which of T1/T2/T3 the profile selects now (AUTO/JOLLY zones), else ``None``.

        In AUTO the digit of the current quarter hour in today's profile row selects it
        (JOLLY uses row 7) [reverse-engineered].
        """
        mode, rows = zone.get("mode"), zone.get("profile_data")
        if mode not in (AUTO, JOLLY) or not isinstance(rows, list) or len(rows) != 8:
            return None
        now = self.host.local_now()
        row = rows[7 if mode == JOLLY else now.weekday()]
        quarter = (now.hour * 60 + now.minute) // 15
        return _LEVEL_REASON.get(str(row)[quarter : quarter + 1])

    def target(self, zone: Record) -> int | None:
        """The temperature a zone aims at now, in tenths of °C (``None`` when OFF).

        The set point in MANUAL; in AUTO/JOLLY the T1/T2/T3 its profile selects (§6.3).
        """
        if zone.get("mode") == OFF:
            return None
        target = zone.get("set_point")
        reason = self._profile_reason(zone)
        if reason is not None:
            target = zone.get(f"t{reason}", target)
        return target if isinstance(target, int) else None

    def _refresh(self, zone: Record) -> None:
        """Recompute ``reason`` and the demand ``status`` of a zone (§6.3).

        The zone demands heat in winter when below its :meth:`target`, cooling in summer
        when above. Computed on every change and at every quarter-hour boundary of the
        plant clock (:meth:`on_clock`).
        """
        reason = self._profile_reason(zone)
        if reason is not None:
            zone["reason"] = reason
        temp, season, target = zone.get("temp"), zone.get("season"), self.target(zone)
        demand = False
        if isinstance(temp, int) and target is not None:
            demand = (season == "winter" and temp < target) or (
                season == "summer" and temp > target
            )
        zone["status"] = int(demand)

    # --- the plant clock ---------------------------------------------------------------

    @staticmethod
    def _follows_profile(zone: Record) -> bool:
        rows = zone.get("profile_data")
        return zone.get("mode") in (AUTO, JOLLY) and isinstance(rows, list) and len(rows) == 8

    def _arm_clock(self) -> None:
        """Arm the timer of the next quarter-hour boundary of the plant clock.

        Armed (through the plant, so ``aclose`` cancels it) whenever a zone follows its
        profile, from the first thermo request or change made inside the event loop.
        """
        if not any(self._follows_profile(zone) for zone in self.records):
            self.host.cancel(_TICK_KEY)
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # plain unit use without a loop: nothing to arm
            return
        now = self.host.now()
        boundary = (now // _QUARTER + 1) * _QUARTER
        self.host.schedule(_TICK_KEY, boundary - now + _TICK_MARGIN, self.on_clock)

    def on_clock(self) -> None:
        """Re-evaluate the zones that follow their profile after the plant clock moved.

        Called by the quarter-hour timer; tests that move :attr:`Plant.clock` call it
        directly (the emulator's ``advance_clock`` moves the session clock only, not the
        plant clock). A zone whose ``reason`` (hence its target) or demand changed emits
        ``thermo_zone_info_ind``; the timer is re-armed for the next boundary.
        """
        for zone in self.records:
            if not self._follows_profile(zone):
                continue
            before = (zone.get("reason"), zone.get("status"))
            self._refresh(zone)
            if (zone.get("reason"), zone.get("status")) != before:
                self.publish(zone)
        self._arm_clock()

    def publish(self, zone: Record, *, profile_id: int | None = None) -> None:
        """Refresh a zone and emit ``thermo_zone_info_ind`` (§5.5).

        The indication names the temperature ``temp_dec``, never carries ``profile_data``,
        and carries ``profile_info``: the row just written, else the row in force.
        """
        self._refresh(zone)
        ind: Record = {"cmd_name": UpdateIndicator.THERMOSTAT.value}
        for key, value in pick(zone, _IND_FIELDS).items():
            # Indications name the measured temperature `temp_dec` (§6.3).
            ind["temp_dec" if key == "temp" else key] = value
        rows = zone.get("profile_data")
        if isinstance(rows, list) and len(rows) == 8:
            if profile_id is None:
                profile_id = 7 if zone.get("mode") == JOLLY else self.host.local_now().weekday()
            ind["profile_info"] = {"profile_id": profile_id, "profile_data": rows[profile_id]}
        self.host.changed(self.key, zone["act_id"], ind)
        self._arm_clock()

    def action_target(self, msg: Record) -> int | None:
        """See :meth:`Family.action_target`."""
        if msg.get("cmd_name") == "thermo_zone_config_req" and isinstance(msg.get("act_id"), int):
            return int(msg["act_id"])
        return None

    def scenario_state(self, ident: int) -> object:
        """See :meth:`Family.scenario_state`: mode, manual set point and fan speed."""
        zone = self.find(ident) or {}
        manual = zone.get("mode") == MANUAL
        return (zone.get("mode"), zone.get("set_point") if manual else None, zone.get("fan_speed"))
