"""Emulator layer: lights (on/off, dimmers, RGB), PROTOCOL.md §4.4 and §6.6."""

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
    opt_int,
    pick,
    register_family,
    req_int,
    rgb_value,
)

_FIELDS = ("act_id", "name", "floor_ind", "room_ind", "status", "type", "perc", "rgb")
_STATUSES = (0, 1, 4)  # off, on, auto (§7.2)


@register_family
class Lights(Family):
    """The plant's lights.

    A record is the wire object of ``light_list_resp`` (``type`` stored as ``"STEP_STEP"``,
    ``"DIMMER"`` or ``"RGB"``; the RGB spelling on the wire follows
    :attr:`Variants.rgb_type`).
    """

    key = "lights"
    feature = "lights"

    def __init__(self, host: Host, data: Any) -> None:
        super().__init__(host, data)
        for record in self.records:
            if str(record.get("type", "")).upper() == "RGB":
                record["type"] = "RGB"

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {
            "light_list_req": self._list,
            "nested_light_list_req": self._nested_list,
            "light_switch_req": self._switch,
        }

    def wire(self, record: Record) -> Record:
        """Project a record to its wire object (list item and indication payload)."""
        out = pick(record, _FIELDS)
        if out.get("type") == "RGB":
            out["type"] = self.host.variants.rgb_type
        return out

    def _list(self, msg: Record) -> Record:
        items = (
            [] if self.list_gated() else [self.wire(r) for r in self.records if in_scope(msg, r)]
        )
        return self.host.list_response("light_list_resp", items)

    def _nested_list(self, msg: Record) -> Record:
        items = [] if self.list_gated() else [self.wire(r) for r in self.records]
        return self.host.list_response("light_list_resp", nest_by_room(self.host, items))

    def _switch(self, msg: Record) -> Record:
        record = self.get(req_int(msg, "act_id"))
        status = req_int(msg, "wanted_status")
        if status not in _STATUSES:
            raise AppDataError(f"wanted_status: {status} not one of {_STATUSES}")
        perc = opt_int(msg, "perc", 0, 100, allow_float=True)
        rgb = rgb_value(msg["rgb"]) if msg.get("rgb") is not None else None
        self.apply(record, status, perc=perc, rgb=rgb)
        return {"cmd_name": "generic_reply"}

    def apply(
        self, record: Record, status: int, *, perc: int | None = None, rgb: list[int] | None = None
    ) -> None:
        """Change a light's state and publish ``light_switch_ind``.

        Brightness and colour are applied only to a light that ends up on: switching off
        keeps the last ``perc`` (HSA sends ``perc: 0`` with ``wanted_status: 0``), and a
        later switch-on without ``perc`` re-uses it (§6.6). On/off lights ignore both.
        RGB lights follow the emulator guidance of §4.4: ``rgb`` alone sets
        ``perc = round(max(rgb) * 100 / 255)``.

        Args:
            record: the live record.
            status: 0 off, 1 on, 4 auto.
            perc: new brightness, or ``None`` to keep it.
            rgb: new colour (RGB lights), or ``None`` to keep it.
        """
        record["status"] = status
        kind = record.get("type")
        if status != 0 and kind in ("DIMMER", "RGB"):
            if kind == "RGB" and rgb is not None:
                record["rgb"] = rgb
                if perc is None:
                    perc = round(max(rgb) * 100 / 255)
            if perc is not None:
                step = max(1, self.host.variants.dimmer_step)
                if kind == "DIMMER" and step > 1:
                    # Dimmer hardware quantises brightness (§6.6): 50 -> 52 with step 4.
                    perc = min(100, int(perc / step + 0.5) * step)
                record["perc"] = perc
        self.publish(record)

    def publish(self, record: Record) -> None:
        """Emit the light's full state as ``light_switch_ind`` (§5.5)."""
        ind = {"cmd_name": UpdateIndicator.LIGHT.value, **self.wire(record)}
        self.host.changed(self.key, record["act_id"], ind)

    def action_target(self, msg: Record) -> int | None:
        """See :meth:`Family.action_target`."""
        if msg.get("cmd_name") == "light_switch_req" and isinstance(msg.get("act_id"), int):
            return int(msg["act_id"])
        return None

    def scenario_state(self, ident: int) -> object:
        """See :meth:`Family.scenario_state`."""
        record = self.find(ident) or {}
        rgb = record.get("rgb")
        return (record.get("status"), record.get("perc"), tuple(rgb) if rgb else None)
