"""Emulator layer: energy meters, PROTOCOL.md §4.12, §5.6 and §6.7."""

from __future__ import annotations

from collections.abc import Mapping

from ...const import UpdateIndicator
from .base import Family, Handler, Record, pick, register_family

_FIELDS = ("name", "id", "meter_type", "produced", "instant_power", "unit", "energy_unit",
           "last_24h_avg", "last_month_avg")  # fmt: skip


@register_family
class Meters(Family):
    """The plant's energy meters.

    A record is the wire object of ``meters_list_resp``. Power changes come from the
    :meth:`set_power` hook (PROTOCOL.md §6.7 guidance): each emits one complete
    ``meter_instant_power_ind`` and lets the load controllers watching the meter react.
    """

    key = "energy_meters"
    feature = "energy"
    id_key = "id"

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {
            "meters_list_req": self._list,
            "energy_reset_store_req": self._reset,
        }

    def _list(self, msg: Record) -> Record:
        items = [] if self.list_gated() else [pick(r, _FIELDS) for r in self.records]
        return self.host.list_response("meters_list_resp", items)

    def _reset(self, msg: Record) -> Record:
        # Clears the stored history of all meters; instant power is unaffected (§4.12).
        # No indication is documented for it, so none is emitted.
        for record in self.records:
            record["last_24h_avg"] = record["last_month_avg"] = 0
        return {}  # a bare ack (§3.3)

    def set_power(self, record: Record, watts: int) -> None:
        """Set a meter's instant power; emits ``meter_instant_power_ind`` if it changed."""
        if record.get("instant_power") == watts:
            return
        record["instant_power"] = watts
        ind = {"cmd_name": UpdateIndicator.ENERGY_METER.value, **pick(record, _FIELDS)}
        self.host.changed(self.key, record["id"], ind)
