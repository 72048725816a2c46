"""Models layer: weekly level profiles as immutable typed values (PROTOCOL.md §4.8.6, §4.13).

Two profiles travel as rows of digit strings, each digit ``1``-``5`` selecting a level:

* :class:`ThermoProfile`: a thermo zone's set-point profile, 8 rows (Monday ... Sunday,
  then the JOLLY row) of 96 quarter hours [real traffic] (swver 3.0.1);
* :class:`LoadsctrlProfile`: a load controller's threshold profile, 7 rows of 24 hours
  [real traffic] (swver 3.0.1).

Both validate on construction (``ValueError`` naming the argument and the allowed range),
round-trip to the wire unchanged with :meth:`~LevelProfile.to_wire`, and are edited by
building a new value (:meth:`~LevelProfile.with_row`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar, Self

from ._checks import check_int

#: Lowest and highest level digit of every profile.
LEVEL_MIN = 1
LEVEL_MAX = 5
#: The characters of a valid wire row (one digit per slot).
_LEVEL_CHARS = frozenset(str(level) for level in range(LEVEL_MIN, LEVEL_MAX + 1))

#: Row index of the JOLLY profile of a thermo zone (PROTOCOL.md §4.8.6, §7.11).
JOLLY_ROW = 7


def _check_index(value: Any, argument: str, count: int) -> int:
    return check_int(value, argument, 0, count - 1)


class LevelProfile:
    """A weekly profile: :attr:`ROWS` rows of :attr:`SLOTS` levels (1-5) each.

    Immutable and hashable; two profiles with the same levels are equal.

    Args:
        rows: one sequence of :attr:`SLOTS` levels per row (ints 1-5), or the wire strings.

    Raises:
        ValueError: wrong number of rows or slots, or a level outside 1-5.
    """

    ROWS: ClassVar[int]
    SLOTS: ClassVar[int]
    #: Minutes covered by one slot.
    SLOT_MINUTES: ClassVar[int]

    __slots__ = ("_rows",)
    _rows: tuple[str, ...]

    def __init__(self, rows: Sequence[Sequence[int] | str]) -> None:
        if isinstance(rows, str) or not isinstance(rows, Sequence) or len(rows) != self.ROWS:
            raise ValueError(
                f"rows must be a sequence of {self.ROWS} rows of {self.SLOTS} levels "
                f"({LEVEL_MIN}-{LEVEL_MAX}), got {_short(rows)}"
            )
        object.__setattr__(
            self, "_rows", tuple(self.check_row(row, f"rows[{n}]") for n, row in enumerate(rows))
        )

    @classmethod
    def check_row(cls, row: Any, argument: str) -> str:
        """Validate one row (a digit string or a sequence of ints) and return its wire string.

        Raises:
            ValueError: not :attr:`SLOTS` levels in range 1-5 (naming ``argument``).
        """
        if isinstance(row, str):
            if len(row) == cls.SLOTS and _LEVEL_CHARS.issuperset(row):
                return row  # the wire form, already valid: the common case, kept cheap
            levels: list[Any] = list(row)
            ok = all(len(c) == 1 and c.isdigit() for c in levels)
            levels = [int(c) for c in levels] if ok else levels
        elif isinstance(row, Sequence):
            levels = list(row)
        else:
            levels = []
        if len(levels) != cls.SLOTS or any(
            isinstance(v, bool) or not isinstance(v, int) or not LEVEL_MIN <= v <= LEVEL_MAX
            for v in levels
        ):
            raise ValueError(
                f"{argument} must hold {cls.SLOTS} levels in range {LEVEL_MIN}-{LEVEL_MAX}, "
                f"got {_short(row)}"
            )
        return "".join(str(v) for v in levels)

    @classmethod
    def from_wire(cls, value: Any) -> Self:
        """Build a profile from the wire ``profile_data`` (a list of digit strings).

        Raises:
            ValueError: the value is not a well-formed profile.
        """
        if not isinstance(value, list) or not all(isinstance(row, str) for row in value):
            raise ValueError(f"profile_data must be a list of {cls.ROWS} digit strings")
        return cls(value)

    def to_wire(self) -> list[str]:
        """The wire ``profile_data``: one digit string per row."""
        return list(self._rows)

    def row(self, index: int) -> tuple[int, ...]:
        """The levels of one row.

        Raises:
            ValueError: ``index`` is outside the rows.
        """
        return tuple(int(c) for c in self._rows[_check_index(index, "index", self.ROWS)])

    def row_wire(self, index: int) -> str:
        """The wire string of one row (what a one-row write sends).

        Raises:
            ValueError: ``index`` is outside the rows.
        """
        return self._rows[_check_index(index, "index", self.ROWS)]

    def level_at(self, row: int, time: dt.time) -> int:
        """The level in force in row ``row`` at wall-clock ``time``.

        Raises:
            ValueError: ``row`` is outside the rows or ``time`` is not a ``datetime.time``.
        """
        if not isinstance(time, dt.time):
            raise ValueError(f"time must be a datetime.time, got {time!r}")
        slot = (time.hour * 60 + time.minute) // self.SLOT_MINUTES
        return int(self._rows[_check_index(row, "row", self.ROWS)][slot])

    def with_row(self, index: int, levels: Sequence[int] | str) -> Self:
        """A copy with row ``index`` replaced.

        Raises:
            ValueError: ``index`` or ``levels`` is invalid.
        """
        _check_index(index, "index", self.ROWS)
        row = self.check_row(levels, "levels")
        if row == self._rows[index]:
            return self
        copy = object.__new__(type(self))  # the other rows are already valid
        object.__setattr__(copy, "_rows", (*self._rows[:index], row, *self._rows[index + 1 :]))
        return copy

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._rows == self._rows

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._rows))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self._rows)!r})"


class ThermoProfile(LevelProfile):
    """A thermo zone's weekly set-point profile (PROTOCOL.md §4.8.6) [real traffic].

    Rows 0-6 are Monday ... Sunday, row 7 (:data:`JOLLY_ROW`) the profile used in JOLLY
    mode; each row has 96 quarter hours from 00:00. Levels 1-2 select T1, 3-4 T2 and 5 T3
    (see :meth:`temperature_index`) [reverse-engineered].
    """

    ROWS = 8
    SLOTS = 96
    SLOT_MINUTES = 15

    def day(self, weekday: int) -> tuple[int, ...]:
        """The 96 quarter-hour levels of a day (0 Monday ... 6 Sunday, 7 JOLLY).

        Raises:
            ValueError: ``weekday`` is outside 0-7.
        """
        return self.row(_check_index(weekday, "weekday", self.ROWS))

    @property
    def jolly(self) -> tuple[int, ...]:
        """The levels of the JOLLY row."""
        return self.row(JOLLY_ROW)

    def level_on(self, when: dt.datetime, *, jolly: bool = False) -> int:
        """The level in force at ``when`` (its weekday's row, or the JOLLY row).

        Raises:
            ValueError: ``when`` is not a ``datetime.datetime``.
        """
        if not isinstance(when, dt.datetime):
            raise ValueError(f"when must be a datetime.datetime, got {when!r}")
        return self.level_at(JOLLY_ROW if jolly else when.weekday(), when.time())

    @staticmethod
    def temperature_index(level: int) -> int:
        """Which comfort temperature a level selects: 1 (T1), 2 (T2) or 3 (T3).

        HSA's reading of the levels (PROTOCOL.md §4.8.6) [reverse-engineered].

        Raises:
            ValueError: ``level`` is outside 1-5.
        """
        check_int(level, "level", LEVEL_MIN, LEVEL_MAX)
        return (level + 1) // 2 if level < 5 else 3

    @staticmethod
    def hourly(levels: Sequence[int]) -> list[int]:
        """Expand 24 hourly levels to the 96 quarter hours of a row (the official app edits
        per hour, PROTOCOL.md §4.8.6).

        Raises:
            ValueError: ``levels`` is not 24 levels in range 1-5.
        """
        if isinstance(levels, str) or not isinstance(levels, Sequence) or len(levels) != 24:
            raise ValueError(f"levels must be 24 hourly levels in range 1-5, got {levels!r}")
        return [level for level in levels for _ in range(4)]


class LoadsctrlProfile(LevelProfile):
    """A load controller's weekly threshold profile (PROTOCOL.md §4.13) [real traffic].

    Rows 0-6 are Monday ... Sunday, each with 24 hourly levels. A level selects the
    threshold in force as a fraction of ``max_power``; the exact mapping is unknown.
    """

    ROWS = 7
    SLOTS = 24
    SLOT_MINUTES = 60

    def day(self, weekday: int) -> tuple[int, ...]:
        """The 24 hourly levels of a day (0 Monday ... 6 Sunday).

        Raises:
            ValueError: ``weekday`` is outside 0-6.
        """
        return self.row(_check_index(weekday, "weekday", self.ROWS))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
