"""Models layer: energy meters and the energy counter integrated from their power (§4.12)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, ClassVar

from ..utils import EntityValidator
from ._fields import enum_field, int_field, number_field, str_field
from .base import CameEntity
from .command import Command

__all__ = ["CameEntity", "EnergyCounter", "EnergyMeter", "EnergyMeterType", "EntityValidator"]


#: Clear the stored energy history of every meter at once: plant-level, answered by a bare
#: ack (PROTOCOL.md §4.12) [reverse-engineered].
RESET_COUNTERS = Command("energy_reset_store_req")


class EnergyMeterType(Enum):
    """Type of an energy meter (PROTOCOL.md §7.9).

    Allowed values are:
        * POWER (1): a power meter (the only value seen)
        * UNKNOWN (-1): a value this library does not know
    """

    POWER = 1
    UNKNOWN = -1


class EnergyMeterFields:
    """Fields shared by :class:`EnergyMeter` and :class:`EnergyMeterUpdate`.

    Units are kept as the server reports them (``"W"`` and ``"Wh"`` seen, §7.9).
    """

    id = int_field("id", doc="ID of the meter (meters have no act_id).")
    name = str_field("name", doc="Name of the meter.")
    meter_type = enum_field(
        "meter_type",
        EnergyMeterType,
        unknown=EnergyMeterType.UNKNOWN,
        label="meter type",
        doc="Type of the meter: POWER (1); UNKNOWN otherwise.",
    )
    produced = int_field(
        "produced",
        doc="The server's raw ``produced`` field (0 on consumption meters; its meaning on "
        "production meters is unknown, PROTOCOL.md §4.12).",
    )
    instant_power = number_field(
        "instant_power",
        doc="Current power in :attr:`unit`, passed through as the server reports it (no "
        "unit conversion).",
    )
    unit = str_field("unit", doc="Unit of :attr:`instant_power` as the server reports it.")
    last_24h_avg = number_field(
        "last_24h_avg",
        doc="Raw energy figure of the last 24 hours, in :attr:`energy_unit` (passed through; "
        "its exact semantics are unknown, PROTOCOL.md §4.12).",
    )
    last_month_avg = number_field(
        "last_month_avg",
        doc="Raw energy figure of the last month, in :attr:`energy_unit` (passed through; "
        "semantics unknown).",
    )
    energy_unit = str_field("energy_unit", doc='Unit of the energy figures (``"Wh"`` seen).')


class EnergyCounter:
    """Energy integrated from instant-power samples, in kWh since the counter started.

    The server gives no cumulative total (PROTOCOL.md §4.12), only the instant power,
    pushed by ``meter_instant_power_ind`` whenever it changes (§5.6). Power is therefore a
    step function of time, and the counter integrates it with a **zero-order hold**: each
    sample's power is assumed to hold until the next sample (trapezoidal integration would
    smear each step over the interval before it). :attr:`kwh` includes the running interval
    up to now.

    Limits: samples are timestamped on reception (the indications carry no time), so
    long-poll latency shifts each step slightly; while the link is down the last power is
    assumed to hold until the resync brings a fresh value; the counter only knows what
    happened since it started and is lost when the process stops.

    Args:
        clock: monotonic time source in seconds (default :func:`time.monotonic`).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._wh = 0.0
        self._watts: float | None = None
        self._since = clock()

    def add_sample(self, watts: float) -> None:
        """Close the running interval at the previous power and start one at ``watts``.

        A value that is not a finite number (a malformed server value) stops counting
        until the next valid sample.
        """
        now = self._clock()
        self._wh += self._running_wh(now)
        try:
            value: float | None = float(watts)
        except (TypeError, ValueError, OverflowError):
            value = None
        if value is not None and not math.isfinite(value):
            value = None
        self._watts, self._since = value, now

    def _running_wh(self, now: float) -> float:
        if self._watts is None:
            return 0.0
        return self._watts * max(0.0, now - self._since) / 3600

    @property
    def kwh(self) -> float:
        """Energy in kWh since the counter started, up to now."""
        return (self._wh + self._running_wh(self._clock())) / 1000

    def __repr__(self) -> str:
        return f"EnergyCounter(kwh={self.kwh:.4f}, watts={self._watts})"


class EnergyMeter(EnergyMeterFields, CameEntity):
    """Energy meter entity (PROTOCOL.md §4.12) [real traffic] (swver 3.0.1).

    Read-only. In the live plant each meter also counts the energy used since the plant
    started (:attr:`energy_kwh`, see :class:`EnergyCounter`); a meter fetched once with
    ``async_get_energy_meters()`` never updates, so its counter stays near zero.

    Args:
        raw_data: a ``meters_list_resp`` array item.

    Raises:
        ValueError: If name or id keys are missing from the input data, or if id is not an
            integer.
    """

    _TYPED: ClassVar[Mapping[str, type]] = {"id": int}
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name", "instant_power", "unit")

    def __init__(self, raw_data: dict[str, Any]) -> None:
        super().__init__(raw_data)
        #: The energy counter fed by every power value this object receives.
        self.energy_counter = EnergyCounter()
        self.energy_counter.add_sample(self.instant_power)

    @property
    def energy_kwh(self) -> float:
        """Energy in kWh integrated from the instant power since this object was created
        (in the live plant: since it started), up to now. See :class:`EnergyCounter`."""
        return self.energy_counter.kwh

    def merge_wire(self, raw: Mapping[str, Any]) -> frozenset[str]:
        """See :meth:`CameEntity.merge_wire`; every power value is also a counter sample."""
        changed = super().merge_wire(raw)
        if "instant_power" in raw:
            self.energy_counter.add_sample(self.instant_power)
        return changed
