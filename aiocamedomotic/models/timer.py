"""Models layer: timers - weekly schedules with up to four start times (PROTOCOL.md §4.11)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ..utils import EntityValidator
from ._checks import check_int
from ._fields import (
    Field,
    FieldModel,
    bool_field,
    int_field,
    str_field,
    time_of_day,
    to_int,
    to_list,
    warn_once,
)
from ._reexport import auth_on_access
from .base import AuthEntity, CameEntity
from .command import Command

if TYPE_CHECKING:
    from ..auth import Auth
else:
    __getattr__ = auth_on_access(__name__)  # upstream re-exports Auth here

__all__ = ["Auth", "CameEntity", "EntityValidator", "Timer", "TimerTimeSlot"]

#: Day names by index (0 = Monday, PROTOCOL.md §7.11).
DAY_NAMES: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
#: Number of slots of every timer (PROTOCOL.md §4.11).
SLOT_COUNT = 4


def _part(key: str, index: int) -> Field[int | None]:
    def read(raw: Mapping[str, Any]) -> int | None:
        value = time_of_day(raw.get(key)) if raw.get(key) is not None else None
        return None if value is None else value[index]

    return Field(key, read=read, default=None, label=f"timer slot {key}")


class TimerTimeSlot(FieldModel):
    """A single time window within a timer's timetable.

    On some firmware versions, the ``stop`` and ``active`` fields may be absent. Properties
    return None for missing optional fields.

    Args:
        raw_data: Dictionary from a single timetable array entry.

    Raises:
        ValueError: If index or start keys are missing.
    """

    _REQUIRED: ClassVar[tuple[str, ...]] = ("index", "start")
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("index", "start", "stop", "active")

    index = int_field("index", doc="Zero-based slot position in the timetable (0-3).")
    _start_hour = _part("start", 0)
    _start_min = _part("start", 1)
    _start_sec = _part("start", 2)
    stop_hour = _part("stop", 0)
    stop_min = _part("stop", 1)
    stop_sec = _part("stop", 2)
    active: Field[bool | None] = Field(
        "active",
        lambda value: bool(to_int(value)),
        default=None,
        doc="Whether this time window is active, or None if absent.",
    )

    @property
    def start_hour(self) -> int:
        """Start time hour (0-23). Defaults to 0 if missing."""
        return self._start_hour or 0

    @property
    def start_min(self) -> int:
        """Start time minute (0-59). Defaults to 0 if missing."""
        return self._start_min or 0

    @property
    def start_sec(self) -> int:
        """Start time second (0-59). Defaults to 0 if missing."""
        return self._start_sec or 0

    @property
    def start(self) -> tuple[int, int, int]:
        """Start time as ``(hour, min, sec)``."""
        return self.start_hour, self.start_min, self.start_sec

    @property
    def stop(self) -> tuple[int, int, int] | None:
        """Stop time as ``(hour, min, sec)``, or None if absent."""
        if self.stop_hour is None or self.stop_min is None or self.stop_sec is None:
            return None
        return self.stop_hour, self.stop_min, self.stop_sec

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TimerTimeSlot):
            return NotImplemented
        return self.raw_data == other.raw_data

    __hash__ = None  # type: ignore[assignment]


def _is_slot(entry: Any) -> bool:
    """Whether a timetable entry is well-formed (§4.11); an all -1 start is an empty slot."""
    if not isinstance(entry, dict) or "index" not in entry or "start" not in entry:
        return False
    try:
        index = to_int(entry["index"])
        start = time_of_day(entry["start"])
    except (TypeError, ValueError, OverflowError):
        return False
    return 0 <= index < SLOT_COUNT and start is not None


def _timetable(value: Any) -> list[TimerTimeSlot]:
    entries = to_list(value)
    good = [TimerTimeSlot(entry) for entry in entries if _is_slot(entry)]
    malformed = [
        entry
        for entry in entries
        if not _is_slot(entry)
        and not (isinstance(entry, dict) and _is_empty_slot(entry.get("start")))
    ]
    if malformed:
        # one warning for the whole timetable, and only once per distinct payload
        warn_once("timer timetable", malformed, "Skipping malformed %s entries %s")
    return good


def _is_empty_slot(start: Any) -> bool:
    try:
        return time_of_day(start) is None
    except (TypeError, ValueError, OverflowError):
        return False


def _active_days(value: Any) -> list[str]:
    days = to_int(value)
    return [name for bit, name in enumerate(DAY_NAMES) if days >> bit & 1]


class TimerFields:
    """Fields shared by :class:`Timer` and :class:`~aiocamedomotic.models.TimerUpdate`."""

    id = int_field("id", doc="Unique timer identifier.")
    enabled = bool_field("enabled", doc="Whether the timer is globally enabled.")
    days = int_field("days", doc="Bitmask of active days (bit 0 = Monday, ..., bit 6 = Sunday).")
    bars = int_field("bars", doc="Number of timetable bars reported by the server.")


def _check_day(day: Any) -> int:
    return check_int(day, "day (0=Monday, 6=Sunday)", 0, 6)


_SLOT_RANGES = (("hour", 23), ("minute", 59), ("second", 59))


def _check_slots(slots: Any) -> list[tuple[int, int, int] | None]:
    if not isinstance(slots, Sequence) or isinstance(slots, str | bytes):
        raise ValueError(f"slots must be a list of exactly 4 entries, got {type(slots).__name__}")
    if len(slots) != SLOT_COUNT:
        raise ValueError(f"slots must contain exactly 4 entries, got {len(slots)}")
    checked: list[tuple[int, int, int] | None] = []
    for position, slot in enumerate(slots):
        if slot is None:
            checked.append(None)
            continue
        if not isinstance(slot, Sequence) or isinstance(slot, str | bytes) or len(slot) != 3:
            raise ValueError(
                f"slots[{position}] must be None or an (hour, minute, second) tuple, got {slot!r}"
            )
        for part, (unit, top) in zip(slot, _SLOT_RANGES, strict=True):
            check_int(part, f"slots[{position}] {unit}", 0, top)
        checked.append((slot[0], slot[1], slot[2]))
    return checked


def _day_effect(timer: Timer, message: Mapping[str, Any], _reply: object) -> dict[str, Any]:
    day = 1 << message["day"]
    return {"days": timer.days | day if message["value"] else timer.days & ~day}


def _timetable_effect(_timer: Timer, message: Mapping[str, Any], _reply: object) -> dict[str, Any]:
    # the server reports configured slots only, with their index (§6.7)
    timetable = [
        {"start": entry["start"], "index": index}
        for index, entry in enumerate(message["timetable"])
        if entry["start"]["hour"] != -1
    ]
    return {"timetable": timetable, "bars": len(timetable)}


#: Enable (``value`` 1) or disable (0) a timer (PROTOCOL.md §4.11).
ENABLE = Command("timers_enable_req", fields=("id", "value"), effect={"enabled": "value"})
#: Enable (``value`` 1) or disable (0) a timer on one day, 0 = Monday (§4.11).
ENABLE_DAY = Command("timers_enable_day_req", fields=("id", "day", "value"), effect=_day_effect)
#: Write the whole timetable, four slots, ``-1`` fields for an empty one (§4.11).
SET_TIMETABLE = Command("timers_set_req", fields=("id", "timetable"), effect=_timetable_effect)


class Timer(TimerFields, AuthEntity):
    """Timer entity in the CameDomotic API.

    Represents a scheduling timer with time-based activation windows. Supports
    enabling/disabling, day-of-week toggling, and timetable configuration via the CAME API.

    The days field is a 7-bit bitmask (bit 0 = Monday, ..., bit 6 = Sunday). For example,
    days=85 (binary 1010101) means Monday, Wednesday, Friday, and Sunday.

    Args:
        raw_data: a ``timers_list_resp`` array item.
        auth: the session used to send commands.

    Raises:
        ValueError: If name or id keys are missing from the input data or the auth argument
            cannot send commands.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name", "enabled", "active_days")

    name = str_field("name", doc="Display name of the timer.")
    active_days: Field[list[str]] = Field(
        "days",
        _active_days,
        default_factory=list,
        doc="Human-readable names of the days the timer is active on.",
    )
    timetable: Field[list[TimerTimeSlot]] = Field(
        "timetable",
        _timetable,
        default_factory=list,
        doc="Scheduled time slots (empty slots are absent).\n\nMalformed entries are "
        "skipped with a warning.",
    )

    def is_active_on_day(self, day_index: int) -> bool:
        """Check whether the timer is active on a specific day.

        Args:
            day_index: Day index (0=Monday, 1=Tuesday, ..., 6=Sunday).

        Returns:
            True if the timer is scheduled for this day, False otherwise (including when
            day_index is out of range).
        """
        if isinstance(day_index, bool) or not isinstance(day_index, int):
            return False
        return 0 <= day_index <= 6 and bool(self.days >> day_index & 1)

    async def _async_enable(self, value: int) -> None:
        await self._async_send(ENABLE, id=self.id, value=value)

    async def async_enable(self) -> None:
        """Enable the timer.

        Raises:
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_enable(1)

    async def async_disable(self) -> None:
        """Disable the timer.

        Raises:
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_enable(0)

    async def _async_day(self, day: int, value: int) -> None:
        await self._async_send(ENABLE_DAY, id=self.id, day=_check_day(day), value=value)

    async def async_enable_day(self, day: int) -> None:
        """Enable the timer for a specific day of the week.

        Args:
            day: Day index (0=Monday, 1=Tuesday, ..., 6=Sunday).

        Raises:
            ValueError: ``day`` is not an int in range 0-6 (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_day(day, 1)

    async def async_disable_day(self, day: int) -> None:
        """Disable the timer for a specific day of the week.

        Args:
            day: Day index (0=Monday, 1=Tuesday, ..., 6=Sunday).

        Raises:
            ValueError: ``day`` is not an int in range 0-6 (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_day(day, 0)

    async def async_set_timetable(self, slots: list[tuple[int, int, int] | None]) -> None:
        """Set the timer's timetable.

        Sends the complete timetable to the server. The list must contain exactly 4 entries -
        one per available slot. Use None for empty slots (sent as ``-1`` fields, PROTOCOL.md
        §4.11).

        Args:
            slots: List of 4 entries. Each entry is either a (hour, min, sec) tuple for an
                active slot, or None for an empty slot.

        Raises:
            ValueError: ``slots`` is not 4 entries of None or valid (0-23, 0-59, 0-59) int
                tuples (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        checked = _check_slots(slots)
        empty = {"hour": -1, "min": -1, "sec": -1}
        wire = [
            {"start": empty if s is None else {"hour": s[0], "min": s[1], "sec": s[2]}}
            for s in checked
        ]
        await self._async_send(SET_TIMETABLE, id=self.id, timetable=wire)
