"""Models layer: argument checks shared by the command methods (nothing is sent on failure).

Every check raises ``ValueError`` naming the argument and what is allowed. Types are strict:
a bool is not an int, a string is not a bool, NaN and infinities are not numbers, a string
is not a list. Messages never echo a value that could be a secret (see :func:`check_code`).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

#: Longest user code accepted by :func:`check_code` (a bound against pasting junk; the
#: panels' real limit is unknown, PROTOCOL.md §4.19).
MAX_CODE_LENGTH = 32

#: Largest integer sent where upstream's reference sets no bound: the 32-bit range (a bound
#: of this library, no larger value being documented; COMPATIBILITY.md, row 12).
WIRE_INT_MAX = 2**31 - 1


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an int too long to print: show its type only
        return f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def check_int(value: Any, argument: str, lo: int, hi: int) -> int:
    """Return ``value`` if it is an int (not a bool) in ``lo..hi``.

    Raises:
        ValueError: otherwise, naming ``argument`` and the range.
    """
    if not _is_int(value) or not lo <= value <= hi:
        raise ValueError(f"{argument} must be an int in range {lo}-{hi}, got {_shown(value)}")
    return int(value)


def check_ints(values: Any, argument: str, lo: int, hi: int) -> list[int]:
    """Return the ints of an iterable (not a string or a mapping), each in ``lo..hi``.

    Raises:
        ValueError: ``values`` is not such an iterable, or an item is not such an int.
    """
    if isinstance(values, str | bytes | dict) or not isinstance(values, Iterable):
        raise ValueError(f"{argument} must be a list of ints, got {_shown(values)}")
    return [check_int(value, f"{argument} item", lo, hi) for value in values]


def check_number(value: Any, argument: str, lo: float, hi: float) -> float:
    """Return ``value`` as a float if it is a finite int or float (not a bool) in ``lo..hi``.

    Raises:
        ValueError: otherwise, naming ``argument`` and the range.
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not lo <= value <= hi
    ):
        raise ValueError(f"{argument} must be a number in range {lo}-{hi}, got {_shown(value)}")
    return float(value)


def clamp_int(value: Any, argument: str, lo: int, hi: int) -> int:
    """Round a finite number (int or float, not a bool) and clamp it into ``lo..hi``.

    Raises:
        ValueError: ``value`` is not a finite number.
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{argument} must be a finite number, got {_shown(value)}")
    return min(hi, max(lo, round(value)))


def check_bool(value: Any, argument: str) -> bool:
    """Return ``value`` if it is ``True`` or ``False`` (``"false"``, 0 and 1 are refused).

    Raises:
        ValueError: otherwise.
    """
    if not isinstance(value, bool):
        raise ValueError(f"{argument} must be True or False, got {_shown(value)}")
    return value


def check_str(value: Any, argument: str) -> str:
    """Return ``value`` if it is a string with something else than whitespace in it.

    Raises:
        ValueError: otherwise (the message does not show the value).
    """
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{argument} must be a non-empty string")
    return value


def check_type(value: Any, argument: str, expected: type[T]) -> T:
    """Return ``value`` if it is an instance of ``expected``.

    Raises:
        ValueError: otherwise.
    """
    if not isinstance(value, expected):
        raise ValueError(f"{argument} must be a {expected.__name__}, not {type(value).__name__}")
    return value


def check_member(value: Any, argument: str, allowed: Collection[E]) -> E:
    """Return ``value`` if it is one of the enum members ``allowed`` (by identity: a raw
    value or another enum's member is refused).

    Raises:
        ValueError: otherwise, listing the allowed members.
    """
    if not isinstance(value, Enum) or not any(value is member for member in allowed):
        names = ", ".join(f"{type(m).__name__}.{m.name}" for m in allowed)
        raise ValueError(f"{argument} must be one of {names}, got {_shown(value)}")
    return value  # type: ignore[return-value]


def check_code(code: Any) -> str:
    """Return the security user code if well-formed; the message never shows the code.

    Raises:
        ValueError: ``code`` is not a non-empty string of at most 32 characters without
            whitespace.
    """
    if (
        not isinstance(code, str)
        or not code
        or len(code) > MAX_CODE_LENGTH
        or any(char.isspace() for char in code)
    ):
        raise ValueError(
            f"code must be a non-empty string of at most {MAX_CODE_LENGTH} characters "
            "without whitespace (the value is not shown)"
        )
    return code
