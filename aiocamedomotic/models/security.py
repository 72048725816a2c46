"""Models layer: the security system ("sicu") - experimental (PROTOCOL.md §4.19, §7.14).

**Experimental, [reverse-engineered].** Evidence: PROTOCOL.md §4.19 (list and command
names with their fields, from HSA and HACAME; no published capture), §5.5 (the four
``sicu_*_status_ind`` indications), §7.14 (HSA's decoding of the status codes), §7.12
(feature ``"sicu"``). Every request carries ``"appl_msg_type": "sicu"`` and addresses the
alarm central with ``central_id`` 0.

The user code (PIN) is passed to each command call only. It is never stored on an object,
logged (the traffic logger redacts ``code``), shown in a ``repr`` or put in an exception
message.

Choices and unknowns (§8.19):

* the central has no documented list or status request: :class:`SecurityCentral` (id 0) is
  listed with the areas and learns its name and status from ``sicu_central_status_ind``
  only, so its :attr:`~SecurityCentral.status_code` is ``None`` until the first one;
* ``status_vector`` holds one character per area; this library orders the areas by
  ``area_id`` (the order of the list on every known plant). Arming some areas keeps the
  others as they are (armed ones stay armed);
* the state after a command is not guessed (exit delays, two panel families with different
  codes): it arrives with the server's indications;
* status codes not in §7.14 read as ``UNKNOWN``; the raw code is always available.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import IntEnum
from typing import Any, ClassVar, TypeVar

from ._checks import WIRE_INT_MAX, check_code, check_ints
from ._fields import (
    Field,
    FieldModel,
    enum_field,
    int_field,
    opt_int_field,
    str_field,
    to_int,
    to_list,
)
from .base import AuthEntity, CameEntity, CommandSender
from .command import Command
from .update import DeviceUpdate

_S = TypeVar("_S", bound=IntEnum)

#: Fields every security request carries (§4.19).
SICU_REQUEST: dict[str, Any] = {"appl_msg_type": "sicu", "central_id": 0}


class SecurityCentralStatus(IntEnum):
    """Status of the alarm central (bit-coded, HSA's decoding, PROTOCOL.md §7.14).

    Codes with the same meaning keep their number in the name (``TRANSITION_3328``).
    ``UNKNOWN`` (-1) stands for any other code; ``UNDEFINED`` is HSA's own "unknown" (2048).
    """

    UNKNOWN = -1
    DISARMED = 0
    TRANSITION = 256
    UNARMED_INPUTS_OPEN = 1024
    ARMED_EXCLUDED_INPUTS_OPEN = 1280
    UNDEFINED = 2048
    VIOLATION = 2304
    INTRUSION_ALARM_SILENCED = 3072
    TRANSITION_3328 = 3328
    EXIT_TIME_INPUTS_OPEN = 4096
    EXIT_TIME_AREAS_OPEN = 4352
    READY = 8192
    TRANSITION_8448 = 8448
    ARMED = 9216
    ALARM_MEMORY = 10240
    VIOLATION_10496 = 10496
    ALARM_SILENCED = 11264
    ALARM_TRIGGERED = 11520
    ARMING = 12288
    EXIT_TIME_STORED_EVENTS = 14336


class SecurityAreaStatus(IntEnum):
    """Status of an area (two panel families, PROTOCOL.md §7.14); ``UNKNOWN`` otherwise.

    Members of the second family end in ``_B``.
    """

    UNKNOWN = -1
    NOT_READY = 32
    ARMING_INPUTS_OPEN = 33
    ENTRY_DELAY = 34
    INTRUSION_INPUTS_OPEN = 36
    INTRUSION_ALARM = 38
    READY = 40
    ARMING = 41
    ARMED = 42
    ALARM_MEMORY = 44
    INTRUSION_DETECTED = 46
    INPUTS_OPEN_EXCLUDED = 96
    READY_EXCLUDED_INPUTS = 104
    NOT_READY_B = 48
    READY_B = 56
    ARMED_B = 58
    ALARM_MEMORY_B = 60
    INTRUSION_ALARM_B = 182
    UNDEFINED_B = 190


#: Area states that imply the area is armed (arming, armed, or in alarm while armed) - an
#: inference from the names of §7.14.
_ARMED_AREA = frozenset(
    {
        SecurityAreaStatus.ARMING_INPUTS_OPEN,
        SecurityAreaStatus.ENTRY_DELAY,
        SecurityAreaStatus.INTRUSION_INPUTS_OPEN,
        SecurityAreaStatus.INTRUSION_ALARM,
        SecurityAreaStatus.ARMING,
        SecurityAreaStatus.ARMED,
        SecurityAreaStatus.INTRUSION_DETECTED,
        SecurityAreaStatus.ARMED_B,
        SecurityAreaStatus.INTRUSION_ALARM_B,
    }
)


class SecurityInputStatus(IntEnum):
    """Status of a security input (PROTOCOL.md §7.14); ``UNKNOWN`` for other codes."""

    UNKNOWN = -1
    CLOSED = 1
    EXCLUDED = 5
    ALARM_MEMORY = 9
    UNDEFINED = 16
    OPEN = 17
    ALARM = 25
    LOW_BATTERY = 65


def _area_armed(code: int) -> bool:
    try:
        return SecurityAreaStatus(code) in _ARMED_AREA
    except ValueError:
        return False


def _areas(value: Any) -> list[int]:
    return [to_int(item) for item in to_list(value)]


#: The raw ``status`` code of areas and inputs, shared by their field tables.
_RAW_STATUS = int_field("status", default=-1, doc="Raw status code (-1 when absent).")


def _decoded(unknown: _S, label: str) -> Field[_S]:
    """The ``status`` code decoded into ``unknown``'s enum (§7.14); UNKNOWN otherwise."""
    return enum_field(
        "status",
        type(unknown),
        unknown=unknown,
        label=label,
        doc="Decoded status (§7.14); UNKNOWN for other codes or when not reported.",
    )


#: Arm or disarm the areas: ``status_vector`` holds one 0/1 per area, by ``area_id``.
SET_AREAS = Command(
    "sicu_areas_set_status_req", fixed=SICU_REQUEST, fields=("status_vector", "code")
)
#: Reset the alarm memory.
RESET = Command("sicu_reset_req", fixed=SICU_REQUEST, fields=("code",))
#: Silence the sirens.
SILENCE = Command("sicu_silence_req", fixed=SICU_REQUEST, fields=("code",))
#: Activate a security scenario.
ACTIVATE_SCENARIO = Command(
    "sicu_scenario_set_req", fixed=SICU_REQUEST, fields=("scenario_id", "code")
)


# --- fields shared by the entities and their typed updates ------------------------------


class SecurityCentralFields:
    """Fields of the alarm central (``sicu_central_status_ind``)."""

    central_id = int_field("central_id", doc="Central id (0).")
    name = str_field("name", doc="Name of the central (empty until reported).")
    status_code: Field[int | None] = opt_int_field(
        "status", doc="Raw status code, or None until the server reported one."
    )
    status = _decoded(SecurityCentralStatus.UNKNOWN, "security central status")
    areas_num = int_field("areas_num", doc="Number of areas reported by the central.")
    inputs_num = int_field("inputs_num", doc="Number of inputs reported by the central.")
    outputs_num = int_field("outputs_num", doc="Number of outputs reported by the central.")
    scenarios_num = int_field("scenarios_num", doc="Number of scenarios reported.")


class SecurityAreaFields:
    """Fields of an area (list item and item of ``sicu_areas_status_ind``)."""

    area_id = int_field("area_id", doc="Area id.")
    name = str_field("name", doc="Name of the area.")
    status_code = _RAW_STATUS
    status = _decoded(SecurityAreaStatus.UNKNOWN, "security area status")


class SecurityInputFields:
    """Fields of an input (list item and ``sicu_input_status_ind``)."""

    input_id = int_field("input_id", doc="Input id.")
    name = str_field("name", doc="Name of the input.")
    type = int_field("type", doc="Raw input type (meaning unknown).")
    areas: Field[list[int]] = Field(
        "areas", _areas, default_factory=list, doc="Ids of the areas the input belongs to."
    )
    status_code = _RAW_STATUS
    status = _decoded(SecurityInputStatus.UNKNOWN, "security input status")


class SecurityOutputFields:
    """Fields of an output, e.g. a siren (list item and ``sicu_output_status_ind``)."""

    output_id = int_field("output_id", doc="Output id.")
    name = str_field("name", doc="Name of the output.")
    status_code = int_field("status", doc="Raw status code (no decoding is documented).")
    active = Field(
        "status",
        lambda value: to_int(value) != 0,
        default=False,
        doc="Whether the output is active (status not 0; an inference, §7.14 has no table).",
    )


# --- entities ----------------------------------------------------------------------------


class SecurityCentral(SecurityCentralFields, AuthEntity):
    """The alarm central - experimental, [reverse-engineered] (PROTOCOL.md §4.19).

    Every command needs the user code, passed for that call only.

    Args:
        raw_data: the central's fields (``{"central_id": 0}`` until an indication).
        auth: the session used to send commands.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("central_id", "name", "status", "status_code")

    async def _async_areas(self) -> list[SecurityArea]:
        from .catalogue import SECURITY_AREAS  # noqa: PLC0415 (the catalogue imports us)

        areas: list[SecurityArea] = await SECURITY_AREAS.async_fetch(self.auth)
        return sorted(areas, key=lambda area: area.area_id)

    async def _async_set_areas(self, code: str, areas: Iterable[int] | None, arm: bool) -> None:
        code = check_code(code)
        wanted = None if areas is None else check_ints(areas, "areas", 0, WIRE_INT_MAX)
        current = await self._async_areas()
        known = [area.area_id for area in current]
        if wanted is not None:
            unknown = [a for a in wanted if a not in known]
            if not wanted or unknown:
                raise ValueError(f"areas must be a non-empty list of area ids among {known}")
        vector = "".join(
            ("1" if arm else "0")
            if wanted is None or area.area_id in wanted
            else ("1" if area.armed else "0")
            for area in current
        )
        await self._async_send(SET_AREAS, status_vector=vector, code=code)

    async def async_arm(self, code: str, areas: Iterable[int] | None = None) -> None:
        """Arm every area, or only ``areas`` (the others keep their state).

        The current areas are read first: ``status_vector`` needs one character per area.

        Args:
            code: the user code (never stored or logged).
            areas: area ids to arm; None arms all.

        Raises:
            ValueError: malformed ``code``, ``areas`` not a list of ints, or unknown area
                ids (nothing is sent).
            CameDomoticServerError: the server refused the command (e.g. a wrong code).
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_set_areas(code, areas, arm=True)

    async def async_disarm(self, code: str, areas: Iterable[int] | None = None) -> None:
        """Disarm every area, or only ``areas`` (the others keep their state).

        Args:
            code: the user code (never stored or logged).
            areas: area ids to disarm; None disarms all.

        Raises:
            ValueError: malformed ``code``, ``areas`` not a list of ints, or unknown area
                ids (nothing is sent).
            CameDomoticServerError: the server refused the command (e.g. a wrong code).
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_set_areas(code, areas, arm=False)

    async def async_reset(self, code: str) -> None:
        """Reset the alarm memory (``sicu_reset_req``).

        Args:
            code: the user code (never stored or logged).

        Raises:
            ValueError: malformed ``code`` (nothing is sent).
            CameDomoticServerError: the server refused the command (e.g. a wrong code).
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_send(RESET, code=check_code(code))

    async def async_silence(self, code: str) -> None:
        """Silence the sirens (``sicu_silence_req``).

        Args:
            code: the user code (never stored or logged).

        Raises:
            ValueError: malformed ``code`` (nothing is sent).
            CameDomoticServerError: the server refused the command (e.g. a wrong code).
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_send(SILENCE, code=check_code(code))


class SecurityArea(SecurityAreaFields, AuthEntity):
    """An area of the security system (arm and disarm it through :class:`SecurityCentral`).

    Args:
        raw_data: a ``sicu_areas_list_resp`` array item.
        auth: the session.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("area_id", "name", "status")

    armed = Field(
        "status",
        lambda value: _area_armed(to_int(value)),
        default=False,
        doc="Whether the area is armed (arming, armed or in alarm; inferred from §7.14).",
    )


class SecurityInput(SecurityInputFields, CameEntity):
    """A security input (detector, contact) - read-only.

    Args:
        raw_data: a ``sicu_inputs_list_resp`` array item.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("input_id", "name", "status")


class SecurityOutput(SecurityOutputFields, CameEntity):
    """A security output (siren, flashing light) - read-only.

    Args:
        raw_data: a ``sicu_outputs_list_resp`` array item.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("output_id", "name", "active")


class SecurityScenario(AuthEntity):
    """A security scenario (a preset of armed areas).

    Args:
        raw_data: a ``sicu_scenarios_list_resp`` array item.
        auth: the session used to send commands.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("scenario_id", "name", "areas")

    scenario_id = int_field("scenario_id", doc="Scenario id.")
    name = str_field("name", doc="Name of the scenario.")
    areas: Field[list[int]] = Field(
        "areas", _areas, default_factory=list, doc="Ids of the areas the scenario involves."
    )

    async def async_activate(self, code: str) -> None:
        """Activate the scenario (``sicu_scenario_set_req``).

        Args:
            code: the user code (never stored or logged).

        Raises:
            ValueError: malformed ``code`` (nothing is sent).
            CameDomoticServerError: the server refused the command (e.g. a wrong code).
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        code = check_code(code)
        await self._async_send(ACTIVATE_SCENARIO, scenario_id=self.scenario_id, code=code)


def parse_central(response: Mapping[str, Any], auth: CommandSender) -> list[SecurityCentral]:
    """The central listed with the areas (``sicu_areas_list_resp``): central 0.

    No request lists the central (§4.19); its name and status come from
    ``sicu_central_status_ind`` only.
    """
    if not isinstance(response.get("array"), list):
        return []  # not a usable areas list: no security system to address
    return [SecurityCentral({"central_id": 0}, auth)]


def split_areas(indication: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The changed areas carried by one ``sicu_areas_status_ind`` (a delta, §5.5)."""
    items = indication.get("array")
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


# --- typed updates -----------------------------------------------------------------------


class SecurityCentralUpdate(SecurityCentralFields, DeviceUpdate):
    """Typed ``sicu_central_status_ind`` (experimental)."""

    _REPR_FIELDS = ("central_id", "name", "status")

    device_id = opt_int_field("central_id", doc="central_id.")


class SecurityAreaUpdateItem(SecurityAreaFields, FieldModel):
    """One area of a :class:`SecurityAreasUpdate`."""

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("area_id", "name", "status")


class SecurityAreasUpdate(DeviceUpdate):
    """Typed ``sicu_areas_status_ind``: the areas that changed (experimental)."""

    _REPR_FIELDS = ("cmd_name", "areas")

    areas: Field[list[SecurityAreaUpdateItem]] = Field(
        "array",
        lambda value: [
            SecurityAreaUpdateItem(dict(item)) for item in split_areas({"array": value})
        ],
        default_factory=list,
        doc="The changed areas.",
    )


class SecurityInputUpdate(SecurityInputFields, DeviceUpdate):
    """Typed ``sicu_input_status_ind`` (experimental)."""

    _REPR_FIELDS = ("input_id", "name", "status")

    device_id = opt_int_field("input_id", doc="input_id.")


class SecurityOutputUpdate(SecurityOutputFields, DeviceUpdate):
    """Typed ``sicu_output_status_ind`` (experimental)."""

    _REPR_FIELDS = ("output_id", "name", "active")

    device_id = opt_int_field("output_id", doc="output_id.")
