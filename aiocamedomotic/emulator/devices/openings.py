"""Emulator layer: openings (shutters, blinds, awnings, gates), PROTOCOL.md §4.5 and §6.5."""

from __future__ import annotations

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
    nest_by_room,
    pick,
    register_family,
    req_int,
)

_LIST_FIELDS = (
    "open_act_id",
    "close_act_id",
    "name",
    "floor_ind",
    "room_ind",
    "status",
    "type",
    "partial",
)
_IND_FIELDS = ("open_act_id", "close_act_id", "name", "floor_ind", "room_ind", "status")
STOP, OPEN, CLOSE, SLAT_OPEN, SLAT_CLOSE = range(5)


@register_family
class Openings(Family):
    """The plant's openings.

    A record is the wire object of ``openings_list_resp`` plus two plant-file-only fields:
    ``slats`` (bool, the blind has adjustable slats: the emulator's panel offers the slat
    moves for it; every opening accepts them, §4.5) and ``travel_time`` (seconds, overrides
    :attr:`Variants.opening_travel_time`). The server reports only the motor direction,
    never a position (§6.5).
    """

    key = "openings"
    feature = "openings"
    id_key = "open_act_id"

    def __init__(self, host: Host, data: Any) -> None:
        super().__init__(host, data)
        # The last direction commanded (by API, hook or scenario), not cleared when the
        # travel ends by itself: what a scenario "set" for the opening.
        self._commanded: dict[int, int] = {r["open_act_id"]: STOP for r in self.records}

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {
            "openings_list_req": self._list,
            # HACAME refreshes one cover with the singular name (§4.21) [reverse-engineered].
            "opening_list_req": self._list,
            "nested_openings_list_req": self._nested_list,
            "opening_move_req": self._move,
        }

    def _list(self, msg: Record) -> Record:
        items = (
            []
            if self.list_gated()
            else [pick(r, _LIST_FIELDS) for r in self.records if in_scope(msg, r, "open_act_id")]
        )
        return self.host.list_response("openings_list_resp", items)

    def _nested_list(self, msg: Record) -> Record:
        items = [] if self.list_gated() else [pick(r, _LIST_FIELDS) for r in self.records]
        return self.host.list_response("openings_list_resp", nest_by_room(self.host, items))

    def by_actuator(self, act_id: int) -> Record | None:
        """The opening whose ``open_act_id`` or ``close_act_id`` is ``act_id`` (§6.5)."""
        for record in self.records:
            if act_id in (record["open_act_id"], record.get("close_act_id")):
                return record
        return None

    def _move(self, msg: Record) -> Record:
        act_id = req_int(msg, "act_id")
        record = self.by_actuator(act_id)
        if record is None:
            raise AppDataError(f"act_id: no opening with actuator {act_id}")
        # Every opening accepts the slat moves 3/4, as §4.5's guidance says: upstream's
        # ordinary open/stop/close/slat sequence sends them to plain shutters too.
        self.move(record, req_int(msg, "wanted_status", STOP, SLAT_CLOSE))
        return {"cmd_name": "generic_reply"}

    def move(self, record: Record, status: int) -> None:
        """Start or stop an opening and publish ``opening_move_ind``.

        Following PROTOCOL.md §4.5 emulator guidance: 1/2 move for the travel time and then
        stop by themselves with a second indication; 0 stops at once; 3/4 (slats) last
        :attr:`Variants.slat_time` and then stop.

        Args:
            record: the live record.
            status: 0 stop, 1 open, 2 close, 3 slat open, 4 slat close.
        """
        ident = record["open_act_id"]
        self.host.cancel(("opening", ident))
        self._commanded[ident] = status
        record["status"] = status
        self.publish(record)
        if status == STOP:
            return
        variants = self.host.variants
        if status in (OPEN, CLOSE):
            delay = float(record.get("travel_time", variants.opening_travel_time))
        else:
            delay = variants.slat_time
        self.host.schedule(("opening", ident), delay, lambda: self._end_of_travel(ident))

    def _end_of_travel(self, ident: int) -> None:
        record = self.find(ident)
        if record is not None and record["status"] != STOP:
            record["status"] = STOP
            self.publish(record)

    def publish(self, record: Record) -> None:
        """Emit the opening's state as ``opening_move_ind`` (§5.5)."""
        ind = {"cmd_name": UpdateIndicator.OPENING.value, **pick(record, _IND_FIELDS)}
        self.host.changed(self.key, record["open_act_id"], ind)

    def action_target(self, msg: Record) -> int | None:
        """See :meth:`Family.action_target`."""
        if msg.get("cmd_name") == "opening_move_req" and isinstance(msg.get("act_id"), int):
            record = self.by_actuator(msg["act_id"])
            return None if record is None else int(record["open_act_id"])
        return None

    def scenario_state(self, ident: int) -> object:
        """See :meth:`Family.scenario_state`: the last commanded direction."""
        return self._commanded.get(ident)
