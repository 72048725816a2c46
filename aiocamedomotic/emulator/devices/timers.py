"""Emulator layer: timers, PROTOCOL.md §4.11, §5.6 and §6.7."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...const import UpdateIndicator
from .base import AppDataError, Family, Handler, Record, pick, register_family, req_int, to_int

SLOTS = 4
_FIELDS = ("name", "id", "enabled", "days", "bars")
_UNSET = {"hour": -1, "min": -1, "sec": -1}


def _seconds(t: Record) -> int:
    return int(t["hour"]) * 3600 + int(t["min"]) * 60 + int(t["sec"])


def _clock(seconds: int) -> Record:
    seconds = min(seconds, 24 * 3600 - 1)
    return {"hour": seconds // 3600, "min": seconds // 60 % 60, "sec": seconds % 60}


@register_family
class Timers(Family):
    """The plant's timers.

    A record is the 3.0.1 wire object of ``timers_list_resp``: ``timetable`` holds only the
    configured slots, each ``{"index", "start"}`` and optionally a stored ``stop`` used by
    variant B. ``bars`` is kept equal to the number of configured slots.
    """

    key = "timers"
    feature = "timers"
    id_key = "id"

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {
            "timers_list_req": self._list,
            "timers_enable_req": self._enable,
            "timers_enable_day_req": self._enable_day,
            "timers_set_req": self._set,
        }

    def wire(self, record: Record) -> Record:
        """Project a timer: 3.0.1 form (``start`` + ``index``) or, in variant B, with
        ``stop`` and ``active`` (inside the slot now, on an enabled day) added (§6.8)."""
        out = pick(record, _FIELDS)
        variant_b = self.host.variants.timer_stop_active
        now = self.host.local_now()
        days = int(record.get("days", 0))
        today = bool(record.get("enabled")) and bool(days >> now.weekday() & 1)
        now_s = now.hour * 3600 + now.minute * 60 + now.second
        slots = []
        for slot in record.get("timetable", []):
            item: Record = {"start": dict(slot["start"]), "index": slot["index"]}
            if variant_b:
                start = _seconds(slot["start"])
                stop = slot.get("stop") or _clock(
                    start + 60 * self.host.variants.timer_slot_minutes
                )
                item["stop"] = dict(stop)
                item["active"] = int(today and start <= now_s < _seconds(stop))
            slots.append(item)
        out["timetable"] = slots
        return out

    def _list(self, msg: Record) -> Record:
        items = [] if self.list_gated() else [self.wire(r) for r in self.records]
        return self.host.list_response("timers_list_resp", items)

    def _timer(self, msg: Record) -> Record:
        return self.get(req_int(msg, "id"), "id")

    def _enable(self, msg: Record) -> Record:
        record = self._timer(msg)
        record["enabled"] = req_int(msg, "value", 0, 1)
        self.publish(record)
        return {"cmd_name": "generic_reply"}

    def _enable_day(self, msg: Record) -> Record:
        record = self._timer(msg)
        day = req_int(msg, "day", 0, 6)
        bit = 1 << day
        days = int(record.get("days", 0))
        record["days"] = days | bit if req_int(msg, "value", 0, 1) else days & ~bit
        self.publish(record)
        return {"cmd_name": "generic_reply"}

    def _set(self, msg: Record) -> Record:
        record = self._timer(msg)
        table = msg.get("timetable")
        if not isinstance(table, list) or len(table) != SLOTS:
            raise AppDataError(f"timetable: expected exactly {SLOTS} slots")
        slots = []
        for index, entry in enumerate(table):
            start = self._start(entry, index)
            if start is not None:
                previous = next(
                    (
                        s
                        for s in record.get("timetable", [])
                        if s["index"] == index and s["start"] == start
                    ),
                    None,
                )
                slot: Record = {"start": start, "index": index}
                if previous is not None and "stop" in previous:
                    slot["stop"] = previous["stop"]
                slots.append(slot)
        record["timetable"] = slots
        record["bars"] = len(slots)
        self.publish(record)
        return {"cmd_name": "generic_reply"}

    @staticmethod
    def _start(entry: Any, index: int) -> Record | None:
        """Validate one slot of ``timers_set_req``; ``None`` for an empty slot (all -1)."""
        field = f"timetable[{index}].start"
        start = entry.get("start") if isinstance(entry, dict) else None
        if not isinstance(start, dict):
            raise AppDataError(f"{field}: missing")
        if all(start.get(k) == -1 for k in _UNSET):
            return None
        return {
            "hour": to_int(start.get("hour"), field + ".hour", 0, 23),
            "min": to_int(start.get("min"), field + ".min", 0, 59),
            "sec": to_int(start.get("sec"), field + ".sec", 0, 59),
        }

    def publish(self, record: Record) -> None:
        """Emit one complete ``timer_info_ind`` (§5.6)."""
        ind = {"cmd_name": UpdateIndicator.TIMER.value, **self.wire(record)}
        self.host.changed(self.key, record["id"], ind)
