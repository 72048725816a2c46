"""Emulator layer: generic relays, PROTOCOL.md §4.6 and §6.6."""

from __future__ import annotations

from collections.abc import Mapping

from ...const import UpdateIndicator
from .base import (
    AppDataError,
    Family,
    Handler,
    Record,
    in_scope,
    opt_int,
    pick,
    register_family,
    req_int,
    req_str,
)

_LIST_FIELDS = ("act_id", "name", "floor_ind", "room_ind", "status", "icon_id")
_IND_FIELDS = ("act_id", "name", "floor_ind", "room_ind", "status")


@register_family
class Relays(Family):
    """The plant's generic relays; a record is the wire object of ``relays_list_resp``."""

    key = "relays"
    feature = "relays"

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {
            "relays_list_req": self._list,
            # HACAME refreshes one relay with the singular name (§4.21) [reverse-engineered].
            "relay_list_req": self._list,
            "relay_activation_req": self._activate,
            "relay_timed_req": self._timed,
        }

    def _list(self, msg: Record) -> Record:
        items = (
            []
            if self.list_gated()
            else [pick(r, _LIST_FIELDS) for r in self.records if in_scope(msg, r)]
        )
        return self.host.list_response("relays_list_resp", items)

    def _target(self, msg: Record) -> Record:
        """The relay addressed by ``act_id`` or, failing that, by exact ``name`` (§4.6)."""
        if "act_id" in msg or "name" not in msg:
            return self.get(req_int(msg, "act_id"))
        name = req_str(msg, "name")
        for record in self.records:
            if record.get("name") == name:
                return record
        raise AppDataError("name: no relay with that name")

    def _activate(self, msg: Record) -> Record:
        record = self._target(msg)
        # Field-used clients spell the wanted state `wanted_status` or `status` (§6.9).
        status = opt_int(msg, "wanted_status", 0, 1)
        if status is None:
            status = req_int(msg, "status", 0, 1)
        self.switch(record, status)
        return {"cmd_name": "generic_reply"}

    def _timed(self, msg: Record) -> Record:
        record = self._target(msg)
        interval = req_int(msg, "interval", 1)
        self.switch(record, 1)
        ident = record["act_id"]
        delay = interval * self.host.variants.relay_interval_unit
        self.host.schedule(("relay", ident), delay, lambda: self._timed_off(ident))
        return {"cmd_name": "generic_reply"}

    def _timed_off(self, ident: int) -> None:
        record = self.find(ident)
        if record is not None:
            self.switch(record, 0)

    def switch(self, record: Record, status: int) -> None:
        """Set a relay and publish ``relay_status_ind``; cancels a pending timed switch-off.

        Args:
            record: the live record.
            status: 0 off, 1 on.
        """
        self.host.cancel(("relay", record["act_id"]))
        record["status"] = status
        ind = {"cmd_name": UpdateIndicator.RELAY.value, **pick(record, _IND_FIELDS)}
        self.host.changed(self.key, record["act_id"], ind)

    def action_target(self, msg: Record) -> int | None:
        """See :meth:`Family.action_target`."""
        if msg.get("cmd_name") not in ("relay_activation_req", "relay_timed_req"):
            return None
        try:
            return int(self._target(msg)["act_id"])
        except AppDataError:
            return None

    def scenario_state(self, ident: int) -> object:
        """See :meth:`Family.scenario_state`."""
        return (self.find(ident) or {}).get("status")
