"""Emulator layer: load control - controllers and their loads, PROTOCOL.md §4.13 and §6.7.

Shedding follows §4.13: when the bound meter's power exceeds ``max_power`` the controller
detaches one enabled load, lowest ``priority`` first; when power falls below
``max_power - hysteresis`` it re-attaches one load, the last one shed first. One load per
power change, like a real controller acting one load at a time (the timing is unknown).
A power change of the bound meter also pushes ``loadsctrl_meter_ind`` (emulator choice:
the real trigger is undocumented). The weekly threshold profile is stored and returned but
not applied: the level-to-fraction mapping is unknown (§4.13), so ``max_power`` is always
the threshold (emulator choice).
"""

from __future__ import annotations

from collections.abc import Mapping

from ...const import UpdateIndicator
from .base import AppDataError, Family, Handler, Record, pick, register_family, req_int

_CONTROLLER = ("name", "id", "hysteresis", "max_power", "profile_data", "meter_id", "power")
_LOAD = ("name", "id", "priority", "enabled", "act_id", "detached", "status", "loadtype")


@register_family
class Loads(Family):
    """Loads managed by the controllers.

    A record is the wire object of ``loadsctrl_relay_list_resp`` plus ``controller_id``
    (plant file only: the wire item does not carry it).
    """

    key = "loadsctrl_loads"
    feature = "loadsctrl"
    id_key = "id"

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {
            "loadsctrl_relay_list_req": self._list,
            "loadsctrl_relay_set_req": self._set,
        }

    def of(self, controller_id: int) -> list[Record]:
        """The loads of a controller, in plant-file order."""
        return [r for r in self.records if r.get("controller_id") == controller_id]

    def _list(self, msg: Record) -> Record:
        controllers = self.host.family(Controllers.key)
        controller = controllers.get(req_int(msg, "id"), "id")
        gated = self.list_gated()
        items = [] if gated else [pick(r, _LOAD) for r in self.of(controller["id"])]
        return self.host.list_response("loadsctrl_relay_list_resp", items)

    def _set(self, msg: Record) -> Record:
        # The full triple is required (§4.13); validate it all before changing anything.
        record = self.get(req_int(msg, "id"), "id")
        enabled = req_int(msg, "enabled", 0, 1)
        priority = req_int(msg, "priority", 0, 65535)
        record["enabled"], record["priority"] = enabled, priority
        if not enabled and record.get("detached"):
            self.attach(record, publish=False)  # a load out of the game is not kept shed
        self.publish(record)
        return {}  # a bare ack (§3.3)

    def detach(self, record: Record) -> None:
        """Shed a load: ``detached`` 1, output off; emits ``loadsctrl_relay_ind``."""
        record["detached"], record["status"] = 1, 0
        self.publish(record)

    def attach(self, record: Record, *, publish: bool = True) -> None:
        """Re-attach a shed load: ``detached`` 0, output on; emits ``loadsctrl_relay_ind``."""
        record["detached"], record["status"] = 0, 1
        if publish:
            self.publish(record)

    def publish(self, record: Record) -> None:
        """Emit one complete ``loadsctrl_relay_ind`` (§5.6)."""
        ind = {"cmd_name": UpdateIndicator.LOADSCTRL_RELAY.value, **pick(record, _LOAD)}
        self.host.changed(self.key, record["id"], ind)


@register_family
class Controllers(Family):
    """Load controllers; a record is the wire object of ``loadsctrl_meter_list_resp``."""

    key = "loadsctrl_controllers"
    feature = "loadsctrl"
    id_key = "id"

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {
            "loadsctrl_meter_list_req": self._list,
            "loadsctrl_meter_set_req": self._set,
        }

    def _list(self, msg: Record) -> Record:
        items = [] if self.list_gated() else [pick(r, _CONTROLLER) for r in self.records]
        return self.host.list_response("loadsctrl_meter_list_resp", items)

    def _set(self, msg: Record) -> Record:
        # The full set is required (§4.13); validate it all before changing anything.
        record = self.get(req_int(msg, "id"), "id")
        max_power = req_int(msg, "max_power", 1)
        hysteresis = req_int(msg, "hysteresis", 0, max_power)
        profile = msg.get("profile_data")
        if (
            not isinstance(profile, list)
            or len(profile) != 7
            or not all(isinstance(r, str) and len(r) == 24 and set(r) <= set("12345")
                       for r in profile)
        ):  # fmt: skip
            raise AppDataError("profile_data: expected 7 strings of 24 digits 1-5")
        record.update(max_power=max_power, hysteresis=hysteresis, profile_data=list(profile))
        self.publish(record)
        self.evaluate(record)
        return {}  # a bare ack (§3.3)

    def meter_changed(self, meter_id: int, power: int) -> None:
        """Follow a meter's new power in every controller bound to it, then shed/attach."""
        for record in self.records:
            if record.get("meter_id") == meter_id:
                if record.get("power") != power:
                    record["power"] = power
                    # Emulator choice: the trigger of loadsctrl_meter_ind on a power change
                    # is undocumented (§5.6); pushing it keeps clients' `power` current.
                    self.publish(record)
                self.evaluate(record)

    def publish(self, record: Record) -> None:
        """Emit one complete ``loadsctrl_meter_ind`` (§5.6)."""
        ind = {"cmd_name": UpdateIndicator.LOADSCTRL_METER.value, **pick(record, _CONTROLLER)}
        self.host.changed(self.key, record["id"], ind)

    def evaluate(self, record: Record) -> None:
        """Shed or re-attach one load of a controller according to its power (§4.13)."""
        loads = self.host.family(Loads.key)
        assert isinstance(loads, Loads)
        mine = loads.of(record["id"])
        power, limit = int(record.get("power", 0)), int(record.get("max_power", 0))
        if power > limit:
            candidates = [r for r in mine if r.get("enabled") and not r.get("detached")]
            if candidates:
                loads.detach(min(candidates, key=lambda r: int(r.get("priority", 0))))
        elif power < limit - int(record.get("hysteresis", 0)):
            shed = [r for r in mine if r.get("detached")]
            if shed:
                loads.attach(max(shed, key=lambda r: int(r.get("priority", 0))))
