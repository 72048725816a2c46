"""Emulator layer: shared plumbing of the device families (variants, validation, base class).

Every device family of the emulated plant (lights, openings, ...) is a :class:`Family`
subclass. A family owns the records of its devices, kept close to their wire form so that
list responses are plain projections, and answers the application commands of its domain.
It reaches the rest of the plant only through the small :class:`Host` protocol implemented
by :class:`~aiocamedomotic.emulator.plant.Plant`.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Literal, Protocol, TypeVar

#: A device record or an application message: a JSON object.
Record = dict[str, Any]

#: A command handler: takes the application message, returns the response fields.
Handler = Callable[[Record], Record]


class AppDataError(Exception):
    """Raised by :meth:`Plant.handle` when the application data is invalid (-> ACK 11).

    PROTOCOL.md §8.11 says the real server's reaction to bad data (missing or ill-typed
    fields, out-of-range values, unknown ids) is unknown; the emulator chooses ACK 11,
    "Wrong application data". The message names the offending field and never carries
    a secret.
    """


@dataclass
class Variants:
    """Firmware variants and timings of the emulated server (PROTOCOL.md §6.8).

    The defaults reproduce variant A, i.e. the swver 3.0.1 reference plant, and the timings
    proposed by PROTOCOL.md's emulator guidance. Tests shrink the timings (e.g. to 0.05 s).

    Attributes:
        zone_temp_key: key of the measured zone temperature in thermo list responses,
            ``"temp"`` (A) or ``"temp_dec"`` (B). Indications always use ``temp_dec``.
        timer_stop_active: B: timer timetable entries also carry ``stop`` and ``active``.
        sound_sources: ``"array"`` (A) or ``"flat"`` (B) sound sources, for zones whose
            plant record does not choose (``sources_format``).
        digitalin_status_always: B: a digital input that never fired reports ``status: 1``
            instead of omitting the key.
        rgb_type: type string of RGB lights, ``"RGB"`` (A) or ``"rgb"`` (B).
        temperature_unit: unit string of Celsius analog probes, ``"C"`` (A) or ``"°C"`` (B).
        feature_optional_fields: A: ``feature_list_resp`` carries ``swver``/``type``/
            ``board``; B (False): they are missing.
        empty_list: how an empty list is sent: ``"array"`` (A, ``[]``), ``"missing"`` (key
            absent) or ``"null"``.
        legacy_indication_names: emit the never-observed names of §5.8
            (``light_update_ind``...) instead of those of §5.5.
        dimmer_step: dimmer quantisation step in % (§6.6); 1 = none (default), 4 reports a
            requested 50 % as 52 %.
        opening_travel_time: seconds an opening moves before stopping by itself (§4.5).
        slat_time: seconds a slat movement (status 3/4) lasts.
        scenario_delay: seconds between a scenario's TRIGGERED indication and the execution
            of its actions (followed at once by ACTIVE), §6.4.
        relay_interval_unit: seconds per unit of ``relay_timed_req.interval`` (§4.6: the
            unit is probably seconds; tests shrink it).
        irrigation_sprinklers: ``"objects"`` (HSA) or ``"ids"`` (plain integer list, AIO's
            test data) for the ``sprinklers`` of irrigation sectors (§4.14).
        irrigation_time: seconds a forced irrigation cycle waters before ending by itself.
        timer_slot_minutes: length of a timer slot, used only to synthesise ``stop`` in
            variant B when a slot has none stored.
    """

    zone_temp_key: Literal["temp", "temp_dec"] = "temp"
    timer_stop_active: bool = False
    sound_sources: Literal["array", "flat"] = "array"
    digitalin_status_always: bool = False
    rgb_type: str = "RGB"
    temperature_unit: str = "C"
    feature_optional_fields: bool = True
    empty_list: Literal["array", "missing", "null"] = "array"
    legacy_indication_names: bool = False
    dimmer_step: int = 1
    opening_travel_time: float = 30.0
    slat_time: float = 2.0
    scenario_delay: float = 0.5
    relay_interval_unit: float = 1.0
    timer_slot_minutes: int = 60
    irrigation_sprinklers: Literal["objects", "ids"] = "objects"
    irrigation_time: float = 60.0


class Host(Protocol):
    """What a family may ask of the plant that hosts it."""

    @property
    def variants(self) -> Variants:
        """The firmware variants presented by the plant."""

    def now(self) -> float:
        """Current Unix time of the plant clock."""

    def local_now(self) -> datetime:
        """Current wall-clock time in the plant's time zone."""

    def changed(self, family: str, ident: int, indication: Record) -> None:
        """Publish the indication of a device change and re-check scenario states."""

    def schedule(self, key: Hashable, delay: float, callback: Callable[[], None]) -> None:
        """Run ``callback`` after ``delay`` seconds, replacing any timer under ``key``."""

    def cancel(self, key: Hashable) -> None:
        """Cancel the timer under ``key`` if any."""

    def has_feature(self, feature: str) -> bool:
        """Whether ``feature`` is advertised by ``feature_list_resp``."""

    def list_response(self, cmd_name: str, items: list[Record], key: str = "array") -> Record:
        """Build a list response, honouring the empty-list variant."""

    def family(self, key: str) -> Family:
        """The family stored under plant-file key ``key``."""

    def dispatch(self, msg: Record) -> Record | None:
        """Execute an application message as if a client had sent it (scenario actions)."""

    def action_target(self, msg: Record) -> tuple[str, int] | None:
        """``(family, device id)`` addressed by a device action, ``None`` otherwise."""

    def floor_name(self, floor_ind: int) -> str:
        """Display name of a floor."""

    def room_name(self, room_ind: int) -> str:
        """Display name of a room."""


class Family:
    """Base class of a device family.

    Subclasses set :attr:`key` (the plant-file key, also the family name accepted by
    :meth:`Plant.device`) and :attr:`feature`, load their records in ``__init__`` and list
    their commands in :meth:`commands`.
    """

    key: ClassVar[str]
    feature: ClassVar[str | None] = None
    #: Name of the id field of a device record.
    id_key: ClassVar[str] = "act_id"

    def __init__(self, host: Host, data: Any) -> None:
        self.host = host
        self.records: list[Record] = [copy.deepcopy(r) for r in (data or [])]
        for record in self.records:
            if not isinstance(record, dict) or not isinstance(record.get(self.id_key), int):
                raise ValueError(f"{self.key}: every record needs an integer {self.id_key!r}")

    def commands(self) -> Mapping[str, Handler]:
        """Application commands answered by this family.

        Returns:
            A mapping ``cmd_name`` -> handler.
        """
        return {}

    def dump(self) -> Any:
        """The family's part of the plant file (current state included).

        Returns:
            A JSON-compatible value.
        """
        return copy.deepcopy(self.records)

    def find(self, ident: int) -> Record | None:
        """The live record of device ``ident`` (not a copy), or ``None``."""
        for record in self.records:
            if record[self.id_key] == ident:
                return record
        return None

    def get(self, ident: int, field: str = "act_id") -> Record:
        """The live record of device ``ident``, for a command.

        Raises:
            AppDataError: no such device.
        """
        record = self.find(ident)
        if record is None:
            raise AppDataError(f"{field}: no {self.key} device with id {ident}")
        return record

    def device(self, ident: int) -> Record:
        """A copy of the true state of device ``ident``.

        Raises:
            KeyError: no such device.
        """
        record = self.find(ident)
        if record is None:
            raise KeyError(f"no {self.key} device with id {ident}")
        return copy.deepcopy(record)

    def action_target(self, msg: Record) -> int | None:
        """Id of the device of this family that action ``msg`` addresses, if any."""
        return None

    def scenario_state(self, ident: int) -> object:
        """The part of a device's state a scenario sets (compared to detect leaving it)."""
        return None

    def list_gated(self) -> bool:
        """Whether list commands must answer empty because the feature is not advertised."""
        return self.feature is not None and not self.host.has_feature(self.feature)


F = TypeVar("F", bound=type[Family])

#: The device families of every plant made from now on, by plant-file key, in registration
#: order. Change it with :func:`register_family` and :func:`unregister_family` only.
REGISTRY: dict[str, type[Family]] = {}


def register_family(cls: F) -> F:
    """Class decorator: make a device family part of every plant created afterwards.

    Each module of :mod:`aiocamedomotic.emulator.devices` registers its families so; a
    family defined elsewhere (a test, a plug-in) registers the same way. The plant file
    then accepts the family's key (its records), and the plant answers its commands.

    Args:
        cls: the :class:`Family` subclass (its :attr:`~Family.key` names it).

    Returns:
        ``cls``.

    Raises:
        ValueError: another family is registered under the same key.
    """
    if REGISTRY.get(cls.key, cls) is not cls:
        raise ValueError(f"a device family {cls.key!r} is already registered")
    REGISTRY[cls.key] = cls
    return cls


def unregister_family(key: str) -> type[Family]:
    """Remove a family added with :func:`register_family`; plants already made keep it.

    Raises:
        KeyError: no family has that key.
    """
    return REGISTRY.pop(key)


# --- validation of application data (every failure -> AppDataError -> ACK 11) ---------


def to_int(
    value: Any,
    field: str,
    lo: int | None = None,
    hi: int | None = None,
    *,
    allow_float: bool = False,
) -> int:
    """Validate one integer field.

    Args:
        value: the raw JSON value.
        field: the field name, for the error message.
        lo: smallest allowed value, if any.
        hi: largest allowed value, if any.
        allow_float: accept a JSON float and round it (PYCAME sends ``perc`` as ``60.0``,
            PROTOCOL.md §6.9).

    Returns:
        The integer.

    Raises:
        AppDataError: not an integer, or out of range.
    """
    if isinstance(value, bool):
        raise AppDataError(f"{field}: expected an integer")
    if isinstance(value, float) and allow_float and math.isfinite(value):
        value = round(value)
    if not isinstance(value, int):
        raise AppDataError(f"{field}: expected an integer")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise AppDataError(f"{field}: {value} outside {lo}..{hi}")
    return value


def req_int(
    msg: Record,
    field: str,
    lo: int | None = None,
    hi: int | None = None,
    *,
    allow_float: bool = False,
) -> int:
    """Validate a required integer field of ``msg`` (see :func:`to_int`).

    Raises:
        AppDataError: missing, not an integer, or out of range.
    """
    if field not in msg:
        raise AppDataError(f"{field}: missing")
    return to_int(msg[field], field, lo, hi, allow_float=allow_float)


def opt_int(
    msg: Record,
    field: str,
    lo: int | None = None,
    hi: int | None = None,
    *,
    allow_float: bool = False,
) -> int | None:
    """Validate an optional integer field of ``msg``; ``None`` when absent or null.

    Raises:
        AppDataError: not an integer, or out of range.
    """
    if msg.get(field) is None:
        return None
    return to_int(msg[field], field, lo, hi, allow_float=allow_float)


def req_str(msg: Record, field: str, choices: Iterable[str] | None = None) -> str:
    """Validate a required string field of ``msg``.

    Raises:
        AppDataError: missing, not a string, or not one of ``choices``.
    """
    value = msg.get(field)
    if not isinstance(value, str):
        raise AppDataError(f"{field}: expected a string")
    if choices is not None and value not in choices:
        raise AppDataError(f"{field}: {value!r} not one of {sorted(choices)}")
    return value


def rgb_value(value: Any, field: str = "rgb") -> list[int]:
    """Validate an ``[R, G, B]`` colour (0-255 each).

    Raises:
        AppDataError: not a list of three integers in range.
    """
    if not isinstance(value, list) or len(value) != 3:
        raise AppDataError(f"{field}: expected [R, G, B]")
    return [to_int(v, field, 0, 255) for v in value]


def in_scope(msg: Record, record: Record, id_key: str = "act_id") -> bool:
    """Whether ``record`` belongs to the scope of a list request (PROTOCOL.md §4.21).

    ``"act"`` keeps the device whose ``id_key`` equals ``value``; ``"floor"``/``"room"``
    keep the devices of that floor/room; anything else (``"plant"``, missing) keeps all.

    Raises:
        AppDataError: a restricting scope without an integer ``value``.
    """
    scope = msg.get("topologic_scope")
    key = {"act": id_key, "floor": "floor_ind", "room": "room_ind"}.get(str(scope))
    if key is None:
        return True
    return bool(record.get(key) == req_int(msg, "value"))


#: Value types a wire object may share with the record it is projected from.
_IMMUTABLE = frozenset({int, float, str, bool, type(None)})


def pick(record: Record, fields: Iterable[str]) -> Record:
    """Copy the listed fields of ``record`` that are present (deep copies of containers:
    the reply must not change with the plant's state once built)."""
    out: Record = {}
    for field in fields:
        if field in record:
            value = record[field]
            out[field] = value if value.__class__ in _IMMUTABLE else copy.deepcopy(value)
    return out


def nest_by_room(host: Host, leaves: list[Record]) -> list[Record]:
    """Group device objects into the three-level floor -> room -> device tree (§3.6).

    Floors and rooms appear in the order of their first device; each device gets
    ``"leaf": true``.

    Args:
        host: the plant, for floor and room names.
        leaves: projected device objects carrying ``floor_ind`` and ``room_ind``.

    Returns:
        The floor group nodes.
    """
    floors: dict[Any, Record] = {}
    rooms: dict[tuple[Any, Any], Record] = {}
    for leaf in leaves:
        floor_ind, room_ind = leaf.get("floor_ind"), leaf.get("room_ind")
        floor = floors.get(floor_ind)
        if floor is None:
            name = host.floor_name(floor_ind) if isinstance(floor_ind, int) else ""
            floor = floors[floor_ind] = {
                "name": name,
                "floor_ind": floor_ind,
                "status": 0,
                "array": [],
            }
        room = rooms.get((floor_ind, room_ind))
        if room is None:
            name = host.room_name(room_ind) if isinstance(room_ind, int) else ""
            room = rooms[(floor_ind, room_ind)] = {
                "name": name,
                "room_ind": room_ind,
                "status": 0,
                "array": [],
            }
            floor["array"].append(room)
        room["array"].append({**leaf, "leaf": True})
    return list(floors.values())
