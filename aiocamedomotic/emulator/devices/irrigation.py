"""Emulator layer: irrigation sectors, PROTOCOL.md §4.14 - experimental, [reverse-engineered].

Nothing here was checked against a real server (§8.19). Choices: a forced cycle (the
``irrigation_force_req`` toggle) waters every enabled sprinkler for
:attr:`Variants.irrigation_time` seconds, then ends by itself; ``end`` is ``start`` plus the
sum of the enabled sprinklers' ``active`` times scaled by ``perc``; every change emits one
complete ``irrigation_detail_ind`` (§5.5). The weekly schedule is stored, never run.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...const import UpdateIndicator
from .base import AppDataError, Family, Handler, Record, pick, register_family, req_int, to_int

_FIELDS = ("id", "name", "enabled", "status", "forced", "days", "perc", "start")
_SPRINKLER_ASPECTS = {"enabled": (0, 1), "active": (0, 86400), "duty": (0, 100)}
_UNSET = {"hour": -1, "min": -1, "sec": -1}


@register_family
class Irrigation(Family):
    """The plant's irrigation sectors (records in the wire form of §4.14, ``end`` derived)."""

    key = "irrigation"
    feature = "irrig"
    id_key = "id"

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {
            "irrigation_list_req": self._list,
            "irrigation_force_req": self._force,
            "irrigation_set_req": self._set,
        }

    def wire(self, record: Record) -> Record:
        """Project a sector: ``end`` computed, sprinklers as objects or ids (variant)."""
        out = pick(record, _FIELDS)
        out.setdefault("start", dict(_UNSET))
        sprinklers = record.get("sprinklers", [])
        out["end"] = self._end(record)
        if self.host.variants.irrigation_sprinklers == "ids":
            out["sprinklers"] = [s["act_id"] for s in sprinklers]
        else:
            out["sprinklers"] = [dict(s) for s in sprinklers]
        return out

    @staticmethod
    def _end(record: Record) -> Record:
        start = record.get("start") or _UNSET
        if int(start.get("hour", -1)) < 0:
            return dict(_UNSET)
        seconds = sum(
            int(s.get("active", 0)) for s in record.get("sprinklers", []) if s.get("enabled", 1)
        )
        total = int(start["hour"]) * 3600 + int(start["min"]) * 60 + int(start["sec"])
        total = (total + seconds * int(record.get("perc", 100)) // 100) % 86400
        return {"hour": total // 3600, "min": total // 60 % 60, "sec": total % 60}

    def _list(self, msg: Record) -> Record:
        items = [] if self.list_gated() else [self.wire(r) for r in self.records]
        return self.host.list_response("irrigation_list_resp", items)

    def _force(self, msg: Record) -> Record:
        record = self.get(req_int(msg, "id"), "id")
        self.water(record, not record.get("forced"))
        return {"cmd_name": "generic_reply"}

    def water(self, record: Record, on: bool) -> None:
        """Start (forced cycle, ends after :attr:`Variants.irrigation_time`) or stop watering."""
        record["forced"] = record["status"] = int(on)
        for sprinkler in record.get("sprinklers", []):
            sprinkler["status"] = int(on and bool(sprinkler.get("enabled", 1)))
        timer = ("irrigation", record["id"])
        if on:
            self.host.schedule(
                timer, self.host.variants.irrigation_time, lambda: self.water(record, False)
            )
        else:
            self.host.cancel(timer)
        self.publish(record)

    def _set(self, msg: Record) -> Record:
        record = self.get(req_int(msg, "id"), "id")
        aspects = [k for k in ("enabled", "perc", "days", "start", "sprinklers") if k in msg]
        if len(aspects) != 1:
            raise AppDataError("irrigation_set_req: expected exactly one aspect per message")
        aspect = aspects[0]
        if aspect == "enabled":
            record["enabled"] = req_int(msg, "enabled", 0, 1)
        elif aspect == "perc":
            record["perc"] = req_int(msg, "perc", 0, 200)
        elif aspect == "days":
            record["days"] = req_int(msg, "days", 0, 127)
        elif aspect == "start":
            start = msg["start"]
            if not isinstance(start, dict):
                raise AppDataError("start: expected {hour, min, sec}")
            record["start"] = {
                "hour": to_int(start.get("hour"), "start.hour", 0, 23),
                "min": to_int(start.get("min"), "start.min", 0, 59),
                "sec": to_int(start.get("sec", 0), "start.sec", 0, 59),
            }
        else:
            self._set_sprinklers(record, msg["sprinklers"])
        self.publish(record)
        return {"cmd_name": "generic_reply"}

    @staticmethod
    def _set_sprinklers(record: Record, items: object) -> None:
        if not isinstance(items, list) or not items:
            raise AppDataError("sprinklers: expected a non-empty list")
        for item in items:
            if not isinstance(item, dict):
                raise AppDataError("sprinklers: expected objects")
            act_id = to_int(item.get("act_id"), "sprinklers.act_id")
            target = next((s for s in record["sprinklers"] if s["act_id"] == act_id), None)
            if target is None:
                raise AppDataError(f"sprinklers.act_id: no sprinkler {act_id} in the sector")
            changes = [k for k in _SPRINKLER_ASPECTS if k in item]
            if len(changes) != 1:
                raise AppDataError("sprinklers: expected exactly one aspect per sprinkler")
            lo, hi = _SPRINKLER_ASPECTS[changes[0]]
            target[changes[0]] = to_int(item[changes[0]], f"sprinklers.{changes[0]}", lo, hi)

    def publish(self, record: Record) -> None:
        """Emit one complete ``irrigation_detail_ind`` (§5.5)."""
        ind = {"cmd_name": UpdateIndicator.IRRIGATION.value, **self.wire(record)}
        self.host.changed(self.key, record["id"], ind)
