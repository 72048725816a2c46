"""Models layer: weekly level profiles as immutable typed values (PROTOCOL.md §4.8.6, §4.13).

Two profiles travel as rows of digit strings, each digit ``1``-``5`` selecting a level:

* :class:`ThermoProfile`: a thermo zone's set-point profile, 8 rows (Monday ... Sunday,
  then the JOLLY row) of 96 quarter hours [real traffic] (swver 3.0.1);
* :class:`LoadsCtrlProfile`: a load controller's threshold profile, 7 rows of 24 hours
  [real traffic] (swver 3.0.1).

Both are :class:`WeeklyProfile` values: validated on construction (``ValueError`` naming the
argument and the allowed range), round-tripped to the wire unchanged by
:meth:`~WeeklyProfile.to_wire`, read per day and moment, and edited by building a new value.
Editing speaks in hours (the official app edits per hour); the grid keeps the wire
resolution, so an unedited profile serialises to the server's bytes exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, ClassVar, Self

from ._fields import warn_once


class ProfileDay(IntEnum):
    """A row of a weekly profile grid.

    ``MONDAY`` ... ``SUNDAY`` are 0 ... 6, the wire row order and
    :meth:`datetime.date.weekday`, so ``ProfileDay(some_date.weekday())`` is the row of that
    date. ``JOLLY`` (7) is the thermo profile used while a zone is in JOLLY mode, the 8th row
    of thermo profiles (PROTOCOL.md §4.8.6, §7.11); it is not a row of load-control profiles.
    """

    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6
    JOLLY = 7


#: Monday ... Sunday (every row but JOLLY): pass it as ``days`` to edit the week only.
WEEKDAYS: tuple[ProfileDay, ...] = tuple(day for day in ProfileDay if day is not ProfileDay.JOLLY)

_HOURS_PER_DAY = 24
_MINUTES_PER_DAY = 24 * 60

#: What a caller may pass where a row is expected.
DaySpec = ProfileDay | int


@dataclass(frozen=True, slots=True)
class ProfileSpan:
    """A run of consecutive slots sharing one level (a read-only view from
    :meth:`WeeklyProfile.spans`).

    The range is half-open: ``start`` is included, ``end`` is not; an ``end`` of
    ``time(0)`` means "through midnight".

    Attributes:
        start: first moment of the run.
        end: first moment after the run (``time(0)``: the end of the day).
        level: the level of every slot of the run.
    """

    start: dt.time
    end: dt.time
    level: int


class WeeklyProfile:
    """Immutable weekly grid of levels (abstract base of the two profile types).

    Subclasses set the grid's shape with :attr:`DAYS` and :attr:`WIRE_SLOTS_PER_DAY`; the
    parsing, reading and editing live here. Values are immutable and hashable: editing
    methods return a new profile, and two profiles of the same class with the same grid are
    equal. Build them with :meth:`from_wire` or :meth:`constant` (or from a grid of ints).

    Args:
        rows: exactly ``len(DAYS)`` rows of exactly ``WIRE_SLOTS_PER_DAY`` levels each (ints
            in :attr:`LEVELS`, or the wire digit strings).

    Raises:
        TypeError: called on ``WeeklyProfile`` itself.
        ValueError: the grid's shape or a level is invalid.
    """

    #: The valid levels.
    LEVELS: ClassVar[frozenset[int]] = frozenset({1, 2, 3, 4, 5})
    #: The rows of this profile type, in wire order.
    DAYS: ClassVar[tuple[ProfileDay, ...]] = ()
    #: Slots per row on the wire.
    WIRE_SLOTS_PER_DAY: ClassVar[int] = 0
    #: Int value of each day of :attr:`DAYS` -> its row index (derived from it).
    _ROW_INDEX: ClassVar[dict[int, int]] = {}

    __slots__ = ("_rows",)
    _rows: tuple[str, ...]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._ROW_INDEX = {int(day): index for index, day in enumerate(cls.DAYS)}

    def __init__(self, rows: Sequence[Sequence[int] | str]) -> None:
        cls = self._concrete()
        if isinstance(rows, str) or not isinstance(rows, Sequence) or len(rows) != len(cls.DAYS):
            raise ValueError(
                f"rows must be a sequence of {len(cls.DAYS)} rows of "
                f"{cls.WIRE_SLOTS_PER_DAY} levels (1-5), got {_short(rows)}"
            )
        checked = tuple(cls.check_row(row, f"rows[{n}]") for n, row in enumerate(rows))
        object.__setattr__(self, "_rows", checked)

    @classmethod
    def _concrete(cls) -> type[Self]:
        if not cls.DAYS:
            raise TypeError("WeeklyProfile is abstract: use LoadsCtrlProfile or ThermoProfile")
        return cls

    @classmethod
    def _slot_minutes(cls) -> int:
        return _MINUTES_PER_DAY // cls.WIRE_SLOTS_PER_DAY

    @classmethod
    def check_row(cls, row: Any, argument: str) -> str:
        """Validate one row (a digit string or a sequence of ints) and return its wire string.

        Args:
            row: the row.
            argument: the name used in the error message.

        Returns:
            The row as a wire digit string.

        Raises:
            ValueError: not ``WIRE_SLOTS_PER_DAY`` levels in :attr:`LEVELS`.
        """
        slots = cls.WIRE_SLOTS_PER_DAY
        chars = _LEVEL_CHARS
        if isinstance(row, str):
            if len(row) == slots and chars.issuperset(row):
                return row  # the wire form, already valid: the common case, kept cheap
            levels: list[Any] = list(row)
            if all(len(c) == 1 and c.isdigit() for c in levels):
                levels = [int(c) for c in levels]
        elif isinstance(row, Sequence):
            levels = list(row)
        else:
            levels = []
        if len(levels) != slots or not all(_is_level(v) for v in levels):
            raise ValueError(f"{argument} must hold {slots} levels in range 1-5, got {_short(row)}")
        return "".join(str(v) for v in levels)

    @classmethod
    def constant(cls, level: int) -> Self:
        """A profile with every slot of every row set to ``level``.

        Raises:
            TypeError: called on ``WeeklyProfile`` itself.
            ValueError: ``level`` is not in :attr:`LEVELS`.
        """
        concrete = cls._concrete()
        row = str(_check_level(level)) * concrete.WIRE_SLOTS_PER_DAY
        return concrete._from_rows((row,) * len(concrete.DAYS))

    @classmethod
    def from_wire(cls, data: Sequence[str]) -> Self:
        """Parse a profile from the wire ``profile_data`` (one digit string per row).

        ``cls.from_wire(x).to_wire() == x``: nothing is normalised. On thermo profiles
        (sub-hour slots), a row whose hours are not uniform is unexpected (the official app
        edits per hour): a warning is logged once per row, and the data is kept as it is.

        Args:
            data: the rows, e.g. a server response's ``profile_data``.

        Raises:
            TypeError: called on ``WeeklyProfile`` itself.
            ValueError: the shape or a character is invalid.
        """
        concrete = cls._concrete()
        if (
            isinstance(data, str)
            or not isinstance(data, Sequence)
            or len(data) != len(concrete.DAYS)
            or not all(isinstance(row, str) for row in data)
        ):
            raise ValueError(
                f"profile_data must be a list of {len(concrete.DAYS)} digit strings of "
                f"{concrete.WIRE_SLOTS_PER_DAY} levels (1-5), got {_short(data)}"
            )
        profile = concrete(data)
        per_hour = concrete.WIRE_SLOTS_PER_DAY // _HOURS_PER_DAY
        if per_hour > 1:
            for row in profile._rows:
                hours = (row[h * per_hour : (h + 1) * per_hour] for h in range(_HOURS_PER_DAY))
                if any(len(set(hour)) > 1 for hour in hours):
                    warn_once(
                        f"{concrete.__name__} row", row, "Non-hourly %s %s from the server (kept)"
                    )
        return profile

    @classmethod
    def _from_rows(cls, rows: tuple[str, ...]) -> Self:
        """Build from rows already validated (no copy, no checks)."""
        profile = object.__new__(cls)
        object.__setattr__(profile, "_rows", rows)
        return profile

    def to_wire(self) -> list[str]:
        """Serialise to the wire ``profile_data``: a fresh list of digit strings.

        For a profile obtained with :meth:`from_wire` and not edited, this is exactly the
        original input.
        """
        return list(self._rows)

    @classmethod
    def day_index(cls, day: Any, argument: str = "day") -> int:
        """The wire row index of ``day`` in this profile type.

        Args:
            day: a :class:`ProfileDay` or its int value.
            argument: the name used in the error message.

        Raises:
            ValueError: ``day`` is not a row of this profile type.
        """
        if isinstance(day, int) and not isinstance(day, bool):
            index = cls._ROW_INDEX.get(day)
            if index is not None:
                return index
        names = ", ".join(d.name for d in cls.DAYS)
        raise ValueError(
            f"{argument} must be one of {names} (or 0-{len(cls.DAYS) - 1}), got {_short(day)}"
        )

    @classmethod
    def _days(cls, days: Any, argument: str) -> list[int]:
        if isinstance(days, Iterable) and not isinstance(days, str | bytes):
            indexes = [cls.day_index(day, argument) for day in days]
            if not indexes:
                raise ValueError(f"{argument} must name at least one day")
            return indexes
        return [cls.day_index(days, argument)]

    def row(self, day: DaySpec) -> tuple[int, ...]:
        """The levels of one row, at wire resolution.

        Raises:
            ValueError: ``day`` is not a row of this profile type.
        """
        return tuple(int(c) for c in self._rows[self.day_index(day)])

    def level_at(self, day: DaySpec, at: dt.time | dt.datetime | int) -> int:
        """The level in force on ``day`` at the moment ``at``.

        Args:
            day: the row (a :class:`ProfileDay` or its int value).
            at: an hour (int 0-23), a :class:`datetime.time`, or a
                :class:`datetime.datetime` (its time of day only; its date does not pick the
                row). Any moment resolves to the wire slot containing it.

        Raises:
            ValueError: ``day`` is not a row of this profile type, or ``at`` is not a moment
                of the day.
        """
        row = self._rows[self.day_index(day)]
        if isinstance(at, dt.datetime):
            at = at.time()
        if isinstance(at, dt.time):
            minute = at.hour * 60 + at.minute
        elif not isinstance(at, bool) and isinstance(at, int) and 0 <= at < _HOURS_PER_DAY:
            minute = at * 60
        else:
            raise ValueError(f"at must be an hour 0-23, a time or a datetime, got {at!r}")
        return int(row[minute // self._slot_minutes()])

    def spans(self, day: DaySpec) -> list[ProfileSpan]:
        """The row of ``day`` as runs of consecutive equal levels.

        Each :class:`ProfileSpan` is half-open; the last one ends at ``time(0)`` ("through
        midnight"). For data written by the official app the boundaries are whole hours.

        Raises:
            ValueError: ``day`` is not a row of this profile type.
        """
        row = self._rows[self.day_index(day)]
        minutes = self._slot_minutes()
        result: list[ProfileSpan] = []
        first = 0
        for slot in range(1, len(row) + 1):
            if slot == len(row) or row[slot] != row[first]:
                result.append(
                    ProfileSpan(_clock(first * minutes), _clock(slot * minutes), int(row[first]))
                )
                first = slot
        return result

    def with_day_copied(self, source: DaySpec, to: DaySpec | Iterable[DaySpec]) -> Self:
        """A copy with the whole row of ``source`` copied over the row(s) ``to``.

        Rows are copied at wire resolution, so nothing is lost; this profile is unchanged.

        Args:
            source: the row to copy.
            to: one row or an iterable of rows to overwrite.

        Raises:
            ValueError: ``source`` or a target is not a row of this profile type.
        """
        row = self._rows[self.day_index(source, "source")]
        targets = set(self._days(to, "to"))
        return self._from_rows(
            tuple(row if n in targets else old for n, old in enumerate(self._rows))
        )

    def with_level(
        self,
        level: int,
        *,
        days: DaySpec | Iterable[DaySpec] | None = None,
        start: dt.time | int = 0,
        end: dt.time | int | None = None,
    ) -> Self:
        """A copy with the hours ``[start, end)`` of ``days`` set to ``level``.

        The whole week is kept (and later sent): only the chosen cells of the copy change.

        Args:
            level: the new level (in :attr:`LEVELS`).
            days: a row, an iterable of rows, or None (the default) for every row of this
                profile type - JOLLY included on thermo profiles; pass :data:`WEEKDAYS` for
                Monday ... Sunday only.
            start: first hour, included: an int 0-23 or a whole-hour :class:`datetime.time`
                (default midnight).
            end: hour where the change stops, excluded: an int 1-24, a whole-hour
                :class:`datetime.time` (``time(0)`` is the end of the day), or None (the
                default) for the end of the day. Edits are hour-based and cannot cross
                midnight: split such an edit in two calls.

        Raises:
            ValueError: ``level``, ``days``, ``start`` or ``end`` is invalid, or ``start`` is
                not before ``end``.
        """
        digit = str(_check_level(level))
        rows = range(len(self.DAYS)) if days is None else self._days(days, "days")
        first = _hour(start, "start", 0, _HOURS_PER_DAY - 1, midnight=0)
        last = (
            _HOURS_PER_DAY
            if end is None
            else _hour(end, "end", 1, _HOURS_PER_DAY, midnight=_HOURS_PER_DAY)
        )
        if first >= last:
            raise ValueError(f"start ({first}) must be before end ({last})")
        per_hour = self.WIRE_SLOTS_PER_DAY // _HOURS_PER_DAY
        lo, hi = first * per_hour, last * per_hour
        changed = list(self._rows)
        for n in rows:
            changed[n] = changed[n][:lo] + digit * (hi - lo) + changed[n][hi:]
        return self._from_rows(tuple(changed))

    def with_row(self, day: DaySpec, levels: Sequence[int] | str) -> Self:
        """A copy with the row ``day`` replaced, at wire resolution.

        Args:
            day: the row to replace.
            levels: ``WIRE_SLOTS_PER_DAY`` levels (ints or a digit string).

        Raises:
            ValueError: ``day`` or ``levels`` is invalid.
        """
        index = self.day_index(day)
        row = self.check_row(levels, "levels")
        if row == self._rows[index]:
            return self
        return self._from_rows((*self._rows[:index], row, *self._rows[index + 1 :]))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._rows == self._rows

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._rows))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self._rows)!r})"


class ThermoProfile(WeeklyProfile):
    """A thermo zone's weekly set-point profile (PROTOCOL.md §4.8.6) [real traffic].

    Rows are Monday ... Sunday, then :attr:`ProfileDay.JOLLY` (the profile used in JOLLY
    mode); each row has 96 quarter hours from 00:00. Levels select one of the five set-point
    levels of the official app; HSA reads 1-2 as T1, 3-4 as T2 and 5 as T3 (see
    :meth:`temperature_index`) [reverse-engineered]. A row is written back with
    :meth:`~aiocamedomotic.models.ThermoZone.async_set_profile_row` (experimental).
    """

    DAYS = (*WEEKDAYS, ProfileDay.JOLLY)
    WIRE_SLOTS_PER_DAY = 96

    @staticmethod
    def temperature_index(level: int) -> int:
        """Which comfort temperature a level selects: 1 (T1), 2 (T2) or 3 (T3).

        HSA's reading of the levels (PROTOCOL.md §4.8.6) [reverse-engineered].

        Raises:
            ValueError: ``level`` is outside 1-5.
        """
        level = _check_level(level)
        return (level + 1) // 2 if level < 5 else 3


class LoadsCtrlProfile(WeeklyProfile):
    """A load controller's weekly threshold profile (PROTOCOL.md §4.13) [real traffic].

    Rows are Monday ... Sunday, each of 24 hourly levels. A level selects the threshold in
    force as a fraction of the controller's ``max_power`` (the five levels of the official
    app; the exact mapping is unknown). Read from
    :attr:`~aiocamedomotic.models.LoadsCtrlMeter.profile`, written with
    :meth:`~aiocamedomotic.models.LoadsCtrlMeter.async_set_config`.
    """

    DAYS = WEEKDAYS
    WIRE_SLOTS_PER_DAY = 24


#: Deprecated alias of :class:`LoadsCtrlProfile` (this library's earlier name).
LoadsctrlProfile = LoadsCtrlProfile

_LEVEL_CHARS = frozenset(str(level) for level in WeeklyProfile.LEVELS)


def _is_level(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and value in WeeklyProfile.LEVELS


def _check_level(level: Any) -> int:
    if not _is_level(level):
        raise ValueError(f"level must be an int in range 1-5, got {level!r}")
    return int(level)


def _hour(value: Any, argument: str, lo: int, hi: int, *, midnight: int) -> int:
    """An hour given as an int in ``lo..hi`` or a whole-hour time (``time(0)`` is
    ``midnight``)."""
    if isinstance(value, dt.time):
        if value.minute or value.second or value.microsecond:
            raise ValueError(f"{argument} must be a whole hour, got {value.isoformat()}")
        return value.hour or midnight
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(
            f"{argument} must be an hour {lo}-{hi} or a whole-hour time, got {value!r}"
        )
    return value


def _clock(minutes: int) -> dt.time:
    minutes %= _MINUTES_PER_DAY
    return dt.time(minutes // 60, minutes % 60)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
