"""Emulator layer: a small alarm system, PROTOCOL.md §4.19 - experimental, [reverse-engineered].

Nothing here was checked against a real server (§8.19); the status codes are those of
§7.14 (first panel family). The emulator's choices:

* every command needing the user code checks it against the plant file's ``code``; a
  wrong or missing code is refused with ACK 11 ("wrong application data"). The code is
  never put in an error message or a log line;
* arming takes effect at once (no exit delay): area status 42 armed, 40 ready, 32 not
  ready (one of its inputs is open), 38 intrusion alarm, 44 alarm memory;
* an input opening in an armed area raises an alarm: input 25, area 38, every output
  (siren) on, central 11520; silencing turns the outputs off (central 11264); disarming
  leaves the alarm memory (44); ``sicu_reset_req`` clears it;
* a security scenario arms exactly its areas and disarms the others;
* every change emits the indications of §5.5: one ``sicu_areas_status_ind`` with the
  changed areas only (a delta), one ``sicu_input_status_ind`` / ``sicu_output_status_ind``
  per changed input / output, then one ``sicu_central_status_ind`` when the central's
  status changed.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ...const import UpdateIndicator
from .base import AppDataError, Family, Handler, Host, Record, pick, register_family, req_int

AREA_READY, AREA_NOT_READY, AREA_ARMED, AREA_ALARM, AREA_MEMORY = 40, 32, 42, 38, 44
INPUT_CLOSED, INPUT_OPEN, INPUT_ALARM, INPUT_MEMORY = 1, 17, 25, 9
CENTRAL_DISARMED, CENTRAL_ARMED, CENTRAL_ALARM = 0, 9216, 11520
CENTRAL_SILENCED, CENTRAL_MEMORY = 11264, 10240


@register_family
class Security(Family):
    """The alarm central with its areas, inputs, outputs and scenarios.

    Plant file form (key ``security``, an object)::

        {"name": "Alarm", "code": "1234",
         "areas": [{"area_id": 1, "name": "Ground floor", "armed": 0}],
         "inputs": [{"input_id": 1, "name": "Front door", "type": 0, "areas": [1], "open": 0}],
         "outputs": [{"output_id": 1, "name": "Siren", "type": 0, "status": 0}],
         "scenarios": [{"scenario_id": 1, "name": "Night", "areas": [1]}]}

    Areas also store ``alarm`` and ``memory`` flags, inputs ``alarm``/``memory``; the wire
    status codes are derived from these flags.
    """

    key = "security"
    feature = "sicu"

    def __init__(self, host: Host, data: Any) -> None:
        super().__init__(host, [])
        config: Record = copy.deepcopy(data) if isinstance(data, dict) else {}
        self.name = str(config.get("name", "Alarm central"))
        self._code = str(config.get("code", "0000"))
        self.areas: list[Record] = list(config.get("areas", []))
        self.inputs: list[Record] = list(config.get("inputs", []))
        self.outputs: list[Record] = list(config.get("outputs", []))
        self.scenarios: list[Record] = list(config.get("scenarios", []))
        for records, id_key in (
            (self.areas, "area_id"),
            (self.inputs, "input_id"),
            (self.outputs, "output_id"),
            (self.scenarios, "scenario_id"),
        ):
            if any(not isinstance(r, dict) or not isinstance(r.get(id_key), int) for r in records):
                raise ValueError(f"security: every record needs an integer {id_key!r}")
        self.areas.sort(key=lambda area: area["area_id"])
        self._central_status = self._central()

    def dump(self) -> Any:
        """See :meth:`Family.dump` (the plant file keeps the code)."""
        return {
            "name": self.name,
            "code": self._code,
            "areas": copy.deepcopy(self.areas),
            "inputs": copy.deepcopy(self.inputs),
            "outputs": copy.deepcopy(self.outputs),
            "scenarios": copy.deepcopy(self.scenarios),
        }

    def device(self, ident: int) -> Record:
        """A copy of area ``ident`` (inputs and outputs: :meth:`input`, :meth:`output`).

        Raises:
            KeyError: no such area.
        """
        return copy.deepcopy(self._find(self.areas, "area_id", ident, KeyError))

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {
            "sicu_areas_list_req": self._list("sicu_areas_list_resp", self.areas, self.area_wire),
            "sicu_inputs_list_req": self._list(
                "sicu_inputs_list_resp", self.inputs, self.input_wire
            ),
            "sicu_outputs_list_req": self._list(
                "sicu_outputs_list_resp", self.outputs, self.output_wire
            ),
            "sicu_scenarios_list_req": self._list(
                "sicu_scenarios_list_resp",
                self.scenarios,
                lambda r: pick(r, ("scenario_id", "name", "areas")),
            ),
            "sicu_events_list_req": self._events,
            "sicu_areas_set_status_req": self._set_areas,
            "sicu_scenario_set_req": self._scenario,
            "sicu_reset_req": self._reset,
            "sicu_silence_req": self._silence,
        }

    # --- projections -------------------------------------------------------------------

    def area_wire(self, area: Record) -> Record:
        """An area as listed: ``area_id``, ``name``, ``status`` (§7.14)."""
        if area.get("alarm"):
            status = AREA_ALARM
        elif area.get("armed"):
            status = AREA_ARMED
        elif area.get("memory"):
            status = AREA_MEMORY
        elif any(i.get("open") and area["area_id"] in i.get("areas", []) for i in self.inputs):
            status = AREA_NOT_READY
        else:
            status = AREA_READY
        return {"area_id": area["area_id"], "name": area.get("name", ""), "status": status}

    def input_wire(self, record: Record) -> Record:
        """An input as listed (status 1 closed, 17 open, 25 alarm, 9 alarm memory)."""
        if record.get("alarm"):
            status = INPUT_ALARM
        elif record.get("open"):
            status = INPUT_OPEN
        elif record.get("memory"):
            status = INPUT_MEMORY
        else:
            status = INPUT_CLOSED
        out = pick(record, ("input_id", "name", "type", "areas"))
        out["status"] = status
        return out

    @staticmethod
    def output_wire(record: Record) -> Record:
        """An output as listed (``status`` 1 active, 0 idle)."""
        out = pick(record, ("output_id", "name", "status", "type"))
        out.setdefault("status", 0)
        out["extra"] = 0
        return out

    def _central(self) -> int:
        if any(a.get("alarm") for a in self.areas):
            sounding = any(o.get("status") for o in self.outputs)
            return CENTRAL_ALARM if sounding else CENTRAL_SILENCED
        if any(a.get("memory") for a in self.areas):
            return CENTRAL_MEMORY
        return CENTRAL_ARMED if any(a.get("armed") for a in self.areas) else CENTRAL_DISARMED

    def central_wire(self) -> Record:
        """The ``sicu_central_status_ind`` fields (§5.5)."""
        return {
            "central_id": 0,
            "name": self.name,
            "status": self._central_status,
            "areas_num": len(self.areas),
            "inputs_num": len(self.inputs),
            "outputs_num": len(self.outputs),
            "scenarios_num": len(self.scenarios),
            "extra": 0,
        }

    # --- commands ------------------------------------------------------------------------

    def _list(self, name: str, records: list[Record], project: Any) -> Handler:
        def handler(msg: Record) -> Record:
            self._central_id(msg)
            items = [] if self.list_gated() else [project(r) for r in records]
            return self.host.list_response(name, items)

        return handler

    def _events(self, msg: Record) -> Record:
        """``sicu_events_list_req``: the central's event log (PROTOCOL.md §4.19).

        Its shape is unknown [reverse-engineered]; PYCAME calls it and expects an ordinary
        answer, so the emulator answers an empty ``array`` (inventing event fields would
        mislead clients) instead of ACK 9. No ``central_id`` is required.
        """
        return self.host.list_response("sicu_events_list_resp", [])

    @staticmethod
    def _central_id(msg: Record) -> None:
        req_int(msg, "central_id", 0, 0)

    def _check_code(self, msg: Record) -> None:
        self._central_id(msg)
        # never echo the code: the message names the field only
        if msg.get("code") != self._code:
            raise AppDataError("code: wrong or missing user code")

    def _set_areas(self, msg: Record) -> Record:
        self._check_code(msg)
        vector = msg.get("status_vector")
        if (
            not isinstance(vector, str)
            or len(vector) != len(self.areas)
            or set(vector) - {"0", "1"}
        ):
            raise AppDataError(
                f"status_vector: expected {len(self.areas)} characters, each '0' or '1'"
            )
        self._apply({a["area_id"]: c == "1" for a, c in zip(self.areas, vector, strict=True)})
        return {"cmd_name": "generic_reply"}

    def _scenario(self, msg: Record) -> Record:
        self._check_code(msg)
        ident = req_int(msg, "scenario_id")
        scenario = self._find(self.scenarios, "scenario_id", ident, AppDataError)
        armed = set(scenario.get("areas", []))
        self._apply({a["area_id"]: a["area_id"] in armed for a in self.areas})
        return {"cmd_name": "generic_reply"}

    def _reset(self, msg: Record) -> Record:
        self._check_code(msg)
        with self._changes():
            for area in self.areas:
                area["alarm"] = area["memory"] = False
            for record in self.inputs:
                record["alarm"] = record["memory"] = False
            for output in self.outputs:
                output["status"] = 0
        return {"cmd_name": "generic_reply"}

    def _silence(self, msg: Record) -> Record:
        self._check_code(msg)
        with self._changes():
            for output in self.outputs:
                output["status"] = 0
        return {"cmd_name": "generic_reply"}

    def _apply(self, wanted: Mapping[int, bool]) -> None:
        with self._changes():
            for area in self.areas:
                arm = wanted[area["area_id"]]
                if area.get("armed") and not arm and area.get("alarm"):
                    area["alarm"], area["memory"] = False, True  # disarming keeps the memory
                area["armed"] = arm

    # --- physical events (PROTOCOL.md §6.11) -------------------------------------------

    def set_input(self, input_id: int, is_open: bool) -> None:
        """Open or close an input; opening it in an armed area raises the alarm.

        Raises:
            KeyError: no such input.
        """
        record = self._find(self.inputs, "input_id", input_id, KeyError)
        with self._changes():
            record["open"] = is_open
            if not is_open and record.get("alarm"):
                record["alarm"], record["memory"] = False, True
            armed = [
                a for a in self.areas if a["area_id"] in record.get("areas", []) and a.get("armed")
            ]
            if is_open and armed:
                record["alarm"] = True
                for area in armed:
                    area["alarm"] = True
                for output in self.outputs:
                    output["status"] = 1

    def output(self, output_id: int) -> Record:
        """A copy of an output's wire form.

        Raises:
            KeyError: no such output.
        """
        return self.output_wire(self._find(self.outputs, "output_id", output_id, KeyError))

    def input(self, input_id: int) -> Record:
        """A copy of an input's wire form.

        Raises:
            KeyError: no such input.
        """
        return self.input_wire(self._find(self.inputs, "input_id", input_id, KeyError))

    # --- change tracking ---------------------------------------------------------------

    def _changes(self) -> _Changes:
        return _Changes(self)

    def _snapshot(self) -> tuple[list[Record], list[Record], list[Record], int]:
        return (
            [self.area_wire(a) for a in self.areas],
            [self.input_wire(i) for i in self.inputs],
            [self.output_wire(o) for o in self.outputs],
            self._central(),
        )

    def _publish(self, before: tuple[list[Record], list[Record], list[Record], int]) -> None:
        areas, inputs, outputs, central = self._snapshot()
        changed_areas = [new for old, new in zip(before[0], areas, strict=True) if old != new]
        if changed_areas:
            self.host.changed(
                self.key,
                0,
                {"cmd_name": UpdateIndicator.SECURITY_AREAS.value, "array": changed_areas},
            )
        for old, new in zip(before[1], inputs, strict=True):
            if old != new:
                ind = {"cmd_name": UpdateIndicator.SECURITY_INPUT.value, **new}
                self.host.changed(self.key, new["input_id"], ind)
        for old, new in zip(before[2], outputs, strict=True):
            if old != new:
                ind = {"cmd_name": UpdateIndicator.SECURITY_OUTPUT.value, **new}
                self.host.changed(self.key, new["output_id"], ind)
        if central != self._central_status:
            self._central_status = central
            ind = {"cmd_name": UpdateIndicator.SECURITY_CENTRAL.value, **self.central_wire()}
            self.host.changed(self.key, 0, ind)

    @staticmethod
    def _find(records: list[Record], id_key: str, ident: int, error: type[Exception]) -> Record:
        for record in records:
            if record[id_key] == ident:
                return record
        raise error(f"{id_key}: no security record with id {ident}")


class _Changes:
    """Context manager publishing the indications of what changed inside the block."""

    def __init__(self, family: Security) -> None:
        self._family = family
        self._before = family._snapshot()

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc_info: object) -> None:
        if exc_info[0] is None:
            self._family._publish(self._before)
