"""Emulator layer: scenarios (activation, status transitions, recording), §4.7 and §6.4."""

from __future__ import annotations

import copy
import logging
from collections.abc import Mapping
from typing import Any

from ...const import UpdateIndicator
from .base import (
    AppDataError,
    Family,
    Handler,
    Host,
    Record,
    pick,
    register_family,
    req_int,
    req_str,
)

_LOGGER = logging.getLogger(__name__)

OFF, TRIGGERED, ACTIVE = range(3)
#: User-defined (recorded) scenarios get ids from here upward (§4.7).
FIRST_USER_ID = 65536
_FIELDS = ("id", "name", "status", "scenario_status", "icon_id", "user-defined")
#: Envelope fields not worth keeping in a recorded action.
_ENVELOPE = ("client", "cseq", "sl_appl_msg_type", "appl_msg_type")


@register_family
class Scenarios(Family):
    """The plant's scenarios.

    A record is the wire object of ``scenarios_list_resp`` (note the hyphen in
    ``"user-defined"``) plus ``actions``: a list of application messages (e.g.
    ``{"cmd_name": "light_switch_req", "act_id": 3, "wanted_status": 0}``) executed in
    order on activation, each producing its own device indications.

    Status transitions follow the emulator guidance of §6.4: TRIGGERED at once, ACTIVE
    after the actions ran (:attr:`Variants.scenario_delay` later), OFF as soon as a device
    involved leaves the state the scenario set.
    """

    key = "scenarios"
    feature = "scenarios"
    id_key = "id"

    def __init__(self, host: Host, data: Any) -> None:
        super().__init__(host, data)
        # Active scenario id -> {(family, device id): state the scenario set}.
        self._expected: dict[int, dict[tuple[str, int], object]] = {}
        self.recording: str | None = None
        self._recorded: list[Record] = []
        for record in self.records:
            # A scenario cannot be in effect before the emulator has run it.
            record["scenario_status"] = OFF

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {
            "scenarios_list_req": self._list,
            "scenario_activation_req": self._activate_by_id,
            "scenario_activation_by_name_req": self._activate_by_name,
            "scenario_registration_start": self._record_start,
            "scenario_registration_done": self._record_done,
            "scenario_rename_req": self._rename,
            "scenario_delete_req": self._delete,
        }

    @staticmethod
    def wire(record: Record) -> Record:
        """Project a scenario; user-defined ones never carry ``icon_id`` (§4.7)."""
        out = pick(record, _FIELDS)
        if out.get("user-defined"):
            out.pop("icon_id", None)
        return out

    def _list(self, msg: Record) -> Record:
        items = [] if self.list_gated() else [self.wire(r) for r in self.records]
        return self.host.list_response("scenarios_list_resp", items)

    # --- activation ----------------------------------------------------------------------

    def _activate_by_id(self, msg: Record) -> Record:
        self.activate(self.get(req_int(msg, "id"), "id"))
        return {"cmd_name": "generic_reply"}

    def _activate_by_name(self, msg: Record) -> Record:
        # Exact-name match; no match = nothing happens, still ack 0 (§4.7).
        name = req_str(msg, "name")
        record = next((r for r in self.records if r.get("name") == name), None)
        if record is not None:
            self.activate(record)
        return {"cmd_name": "generic_reply"}

    def activate(self, record: Record) -> None:
        """Trigger a scenario: TRIGGERED now, actions and ACTIVE after the scenario delay."""
        ident = record["id"]
        self._expected.pop(ident, None)
        self._set_status(record, TRIGGERED)
        self.host.schedule(
            ("scenario", ident), self.host.variants.scenario_delay, lambda: self._run(ident)
        )

    def _run(self, ident: int) -> None:
        record = self.find(ident)
        if record is None:
            return
        targets: list[tuple[str, int]] = []
        for action in record.get("actions", []):
            try:
                if self.host.dispatch(copy.deepcopy(action)) is None:
                    raise AppDataError(f"unknown command {action.get('cmd_name')!r}")
            except AppDataError as err:
                # A broken action in the plant file must not stop the others.
                _LOGGER.warning("Scenario %s: action skipped: %s", ident, err)
                continue
            target = self.host.action_target(action)
            if target is not None and target not in targets:
                targets.append(target)
        self._set_status(record, ACTIVE)
        self._expected[ident] = {t: self.host.family(t[0]).scenario_state(t[1]) for t in targets}

    def watch(self, family: str, ident: int) -> None:
        """Turn OFF every active scenario whose device ``(family, ident)`` left its state."""
        key = (family, ident)
        for scenario_id, expected in list(self._expected.items()):
            if key in expected and (
                self.host.family(family).scenario_state(ident) != expected[key]
            ):
                del self._expected[scenario_id]
                record = self.find(scenario_id)
                if record is not None:
                    self._set_status(record, OFF)

    def _set_status(self, record: Record, status: int) -> None:
        record["scenario_status"] = status
        ind = {
            "cmd_name": UpdateIndicator.SCENARIO_STATUS.value,
            **pick(record, ("id", "name", "scenario_status")),
        }
        self.host.changed(self.key, record["id"], ind)

    # --- recording ---------------------------------------------------------------------

    def record(self, msg: Record) -> None:
        """Append an accepted device action to the scenario being recorded, if any."""
        if self.recording is not None:
            self._recorded.append(
                {k: copy.deepcopy(v) for k, v in msg.items() if k not in _ENVELOPE}
            )

    def _record_start(self, msg: Record) -> Record:
        name = req_str(msg, "name")
        # A second start while recording is unknown on a real plant: refuse it (§6.4).
        started = self.recording is None
        if started:
            self.recording, self._recorded = name, []
        return {"cmd_name": "scenario_registration_resp", "result": int(started)}

    def _record_done(self, msg: Record) -> Record:
        if self.recording is None:
            return {"cmd_name": "scenario_registration_done_resp", "result": 0}
        ident = max([FIRST_USER_ID - 1, *(r["id"] for r in self.records)]) + 1
        self.records.append(
            {
                "id": ident,
                "name": self.recording,
                "status": 0,
                "scenario_status": OFF,
                "user-defined": 1,
                "actions": self._recorded,
            }
        )
        self.recording, self._recorded = None, []
        return {"cmd_name": "scenario_registration_done_resp", "result": 1}

    def _rename(self, msg: Record) -> Record:
        record = self.get(req_int(msg, "id"), "id")
        record["name"] = req_str(msg, "name")
        return {"cmd_name": "generic_reply"}

    def _delete(self, msg: Record) -> Record:
        record = self.get(req_int(msg, "id"), "id")
        self.host.cancel(("scenario", record["id"]))
        self._expected.pop(record["id"], None)
        self.records.remove(record)
        return {"cmd_name": "generic_reply"}
