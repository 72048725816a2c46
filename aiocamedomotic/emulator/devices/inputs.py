"""Emulator layer: digital inputs (§4.9) and standalone analog inputs (§4.10)."""

from __future__ import annotations

from collections.abc import Mapping

from ...const import UpdateIndicator
from .base import AppDataError, Family, Handler, Record, in_scope, pick, register_family, req_int
from .thermo import analog_wire

_DIGITAL_FIELDS = (
    "act_id",
    "name",
    "type",
    "addr",
    "ack",
    "status",
    "radio_node_id",
    "rf_radio_link_quality",
    "utc_time",
)
ACTIVE, IDLE = 0, 1  # digital input status values (§7.7)


@register_family
class DigitalInputs(Family):
    """The plant's digital inputs; a record is the wire object of ``digitalin_list_resp``.

    An input that never fired has no ``status`` key (variant A, §6.8).
    """

    key = "digital_inputs"
    feature = "digitalin"

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {"digitalin_list_req": self._list, "digitalin_ack_req": self._ack}

    def wire(self, record: Record) -> Record:
        """Project a record to its wire object (list item, indication, ack response)."""
        out = pick(record, _DIGITAL_FIELDS)
        if self.host.variants.digitalin_status_always:
            out.setdefault("status", IDLE)
        return out

    def _list(self, msg: Record) -> Record:
        items = (
            [] if self.list_gated() else [self.wire(r) for r in self.records if in_scope(msg, r)]
        )
        return self.host.list_response("digitalin_list_resp", items)

    def _ack(self, msg: Record) -> Record:
        # Keyed on the bus address, not act_id (§4.9) [reverse-engineered]; clears the
        # pending-acknowledgement flag. An indication follows only if the flag changed.
        addr = req_int(msg, "addr")
        record = next((r for r in self.records if r.get("addr") == addr), None)
        if record is None:
            raise AppDataError(f"addr: no digital input at address {addr}")
        if record.get("ack") != 1:
            record["ack"] = 1
            self.publish(record)
        return {"cmd_name": "digitalin_ack_resp", **self.wire(record)}

    def set_status(self, record: Record, status: int) -> None:
        """Record an event of the input (0 active/pressed, 1 idle/released) and publish it.

        The event time becomes ``utc_time``; an activation leaves an acknowledgement
        pending (``ack`` 0).
        """
        record["status"] = status
        record["utc_time"] = int(self.host.now())
        if status == ACTIVE:
            record["ack"] = 0
        self.publish(record)

    def publish(self, record: Record) -> None:
        """Emit ``digitalin_status_ind`` with the input's full field set (§5.5)."""
        ind = {"cmd_name": UpdateIndicator.DIGITAL_INPUT.value, **self.wire(record)}
        self.host.changed(self.key, record["act_id"], ind)


@register_family
class AnalogInputs(Family):
    """Standalone analog inputs; a record is the wire object of ``analogin_list_resp``."""

    key = "analog_inputs"
    feature = "analogin"

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {"analogin_list_req": self._list}

    def _list(self, msg: Record) -> Record:
        items = (
            []
            if self.list_gated()
            else [analog_wire(r, self.host) for r in self.records if in_scope(msg, r)]
        )
        return self.host.list_response("analogin_list_resp", items)
