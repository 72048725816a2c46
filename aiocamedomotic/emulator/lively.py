"""Emulator layer: the lively plant, a small seeded model of the world around a plant.

A real plant changes by itself: rooms warm up while the heating runs and cool down when it
stops, probes wander, meters follow what is switched on, people press buttons, timers fire.
An emulated plant left alone never changes, so a long poll on an idle emulator waits
forever. :class:`Lively` gives the plant that life, opt-in (``CameEmulator(lively=True)``,
``--lively``), through the plant's own physical-event hooks, so every change is an ordinary
indication.

The model advances in fixed steps of the *plant clock* (:attr:`Plant.clock`), catching up
whole steps at each :meth:`Lively.advance`: given the seed, the plant's state at a plant
time depends only on that time and on what clients and hooks did meanwhile, not on when
``advance`` happened to run. Tests inject the clock and call ``advance`` (no sleeping).

Rates are emulator choices (PROTOCOL.md §6.3 and §6.7 leave them open): a zone with demand
moves 0.2 °C a minute toward its target, one without drifts 0.05 °C a minute toward the
season's outdoor level (15 °C in winter, 28 °C in summer); a probe moves one unit now and
then, pulled back toward where it started and kept within a plausible band; a consumption
meter reads a standby base plus every light, relay and managed load that is on (a device
record may set its own ``watts``, *file only*), a production meter a daylight curve; about
every 90 s a digital input is pressed and released; a timer fires (one ``timer_info_ind``)
when the plant clock passes one of its slot starts on an enabled day.
"""

from __future__ import annotations

import functools
import math
import random
from typing import Any

from .devices.base import Record
from .devices.inputs import DigitalInputs
from .devices.thermo import SENSOR_KEYS, Thermo
from .devices.timers import Timers
from .plant import Plant

__all__ = ["STEP", "Lively"]

#: Seconds of plant time per model step.
STEP = 2.0
#: At most this many steps are caught up at once (a clock jump skips the rest).
_MAX_CATCH_UP = 1800
_HEAT_PER_MIN = 2.0  # tenths of °C
_DRIFT_PER_MIN = 0.5
_OUTDOOR = {"winter": 150, "summer": 280}
#: Probability per step that a probe moves one unit.
_WANDER = 0.15
#: Half-width of a probe's band around where it started, by unit.
_BAND = {"C": 30, "°C": 30, "%": 8, "hPa": 6}
_BOUNDS = {"%": (0, 100)}
_PRESS_EVERY = 90.0  # seconds, on average
#: Nominal power of what is on, in W (``watts`` in a record overrides it).
_WATTS = {"base": 180, "lights": 60, "relays": 300, "loads": 1000, "solar_peak": 3000}


class Lively:
    """The lively model of one plant.

    Args:
        plant: the plant it animates (through its hooks).
        seed: seed of the model's random choices.
        step: seconds of plant time per step.
    """

    def __init__(self, plant: Plant, *, seed: int = 0, step: float = STEP) -> None:
        if not step > 0:
            raise ValueError("step must be positive")
        self.plant = plant
        self.seed = seed
        self._step = step
        self._rng = random.Random(seed)
        self._time: float | None = None
        self._temps: dict[int, float] = {}
        self._centres: dict[int, int] = {}
        self._pressed: list[int] = []
        self._sun = 1.0

    def advance(self) -> int:
        """Run the steps due by the plant clock; the first call only starts the clock.

        Returns:
            How many steps ran.
        """
        now = self.plant.now()
        if self._time is None:
            self._time = now
            return 0
        due = int((now - self._time) // self._step)
        if due > _MAX_CATCH_UP:
            self._time += (due - _MAX_CATCH_UP) * self._step
            due = _MAX_CATCH_UP
        clock = self.plant.clock
        try:
            for _ in range(due):
                previous = self._time
                step_time = self._time = self._time + self._step
                # Each step happens at its own time: an input pressed then carries that
                # time, and a profile reads that quarter hour.
                self.plant.clock = functools.partial(float, step_time)
                self._tick(previous, step_time)
        finally:
            self.plant.clock = clock
        return max(due, 0)

    def _tick(self, previous: float, now: float) -> None:
        self._release()
        self._zones()
        self._probes()
        self._meters(now)
        self._press()
        self._timers(previous, now)

    # --- the parts of the world ----------------------------------------------------------

    def _zones(self) -> None:
        thermo = self.plant.family(Thermo.key)
        assert isinstance(thermo, Thermo)
        minutes = self._step / 60
        for zone in thermo.records:
            measured = zone.get("temp")
            if not isinstance(measured, int):
                continue
            temp = self._temps.get(zone["act_id"])
            if temp is None or round(temp) != measured:  # new, or set by someone else
                temp = float(measured)
            target = thermo.target(zone)
            if zone.get("status") and target is not None:
                temp = _toward(temp, target, _HEAT_PER_MIN * minutes)
            else:
                outdoor = _OUTDOOR.get(str(zone.get("season")), _OUTDOOR["winter"])
                temp = _toward(temp, outdoor, _DRIFT_PER_MIN * minutes)
            self._temps[zone["act_id"]] = temp
            if round(temp) != measured:
                self.plant.set_zone_temperature(zone["act_id"], round(temp))

    def _probe_records(self) -> dict[int, Record]:
        probes = {r["act_id"]: r for r in self.plant.family("analog_inputs").records}
        thermo = self.plant.family(Thermo.key)
        assert isinstance(thermo, Thermo)
        for key in SENSOR_KEYS:
            sensor = thermo.sensors.get(key)
            if sensor is not None and isinstance(sensor.get("act_id"), int):
                probes.setdefault(sensor["act_id"], sensor)
        return probes

    def _probes(self) -> None:
        for act_id, record in sorted(self._probe_records().items()):
            value = record.get("value")
            if not isinstance(value, int) or self._rng.random() >= _WANDER:
                continue
            centre = self._centres.setdefault(act_id, value)
            unit = str(record.get("unit", ""))
            band = _BAND.get(unit, max(1, abs(centre) // 20))
            up = 0.5 - 0.4 * max(-1.0, min(1.0, (value - centre) / band))
            lo, hi = _BOUNDS.get(unit, (centre - band, centre + band))
            new = min(
                max(value + (1 if self._rng.random() < up else -1), lo, centre - band),
                hi,
                centre + band,
            )
            if new != value:
                self.plant.set_analog_value(act_id, new)

    def _load(self) -> float:
        """Watts of everything that is on (a consumption meter's reading, noise apart)."""
        watts = float(_WATTS["base"])
        for light in self.plant.family("lights").records:
            if light.get("status"):
                share = light.get("perc", 100) / 100 if light.get("type") != "STEP_STEP" else 1
                watts += _watts(light, "lights") * share
        for relay in self.plant.family("relays").records:
            if relay.get("status"):
                watts += _watts(relay, "relays")
        for load in self.plant.family("loadsctrl_loads").records:
            if load.get("status") and not load.get("detached"):
                watts += _watts(load, "loads")
        return watts

    def _meters(self, now: float) -> None:
        meters = self.plant.family("energy_meters").records
        if not meters:
            return
        load = self._load()
        local = self.plant.local_at(now)
        hour = local.hour + local.minute / 60
        self._sun = min(1.0, max(0.4, self._sun + self._rng.uniform(-0.03, 0.03)))
        daylight = max(0.0, math.sin(math.pi * (hour - 6) / 12))
        for meter in list(meters):
            noise = 1 + self._rng.uniform(-0.02, 0.02)
            if meter.get("produced"):
                watts = _watts(meter, "solar_peak") * daylight * self._sun * noise
            else:
                watts = load * noise
            self.plant.set_meter_power(meter["id"], round(watts))

    def _press(self) -> None:
        inputs = self.plant.family(DigitalInputs.key).records
        if inputs and self._rng.random() < self._step / _PRESS_EVERY:
            act_id = self._rng.choice(inputs)["act_id"]
            self.plant.press_input(act_id)
            self._pressed.append(act_id)

    def _release(self) -> None:
        family = self.plant.family(DigitalInputs.key)
        for act_id in self._pressed:
            if family.find(act_id) is not None:
                self.plant.release_input(act_id)
        self._pressed.clear()

    def _timers(self, previous: float, now: float) -> None:
        timers = self.plant.family(Timers.key)
        assert isinstance(timers, Timers)
        before, after = self.plant.local_at(previous), self.plant.local_at(now)
        for record in timers.records:
            if not record.get("enabled") or not int(record.get("days", 0)) >> after.weekday() & 1:
                continue
            for slot in record.get("timetable", []):
                start = slot["start"]
                at = after.replace(
                    hour=int(start["hour"]),
                    minute=int(start["min"]),
                    second=int(start["sec"]),
                    microsecond=0,
                )
                if before < at <= after:
                    timers.publish(record)
                    break


def _toward(value: float, target: float, amount: float) -> float:
    """``value`` moved ``amount`` toward ``target``, without overshooting it."""
    if value < target:
        return min(target, value + amount)
    return max(target, value - amount)


def _watts(record: Record, kind: str) -> float:
    value: Any = record.get("watts", _WATTS[kind])
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0
