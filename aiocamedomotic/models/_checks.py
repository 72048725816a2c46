"""Models layer: argument checks shared by the command methods (nothing is sent on failure).

Every check raises ``ValueError`` naming the argument and the allowed values, and never
echoes a value that could be a secret (see :func:`check_code`).
"""

from __future__ import annotations

from typing import Any

#: Longest user code accepted by :func:`check_code` (a bound against pasting junk; the
#: panels' real limit is unknown, PROTOCOL.md §4.19).
MAX_CODE_LENGTH = 32


def check_int(value: Any, argument: str, lo: int, hi: int) -> int:
    """Return ``value`` if it is an int (not a bool) in ``lo..hi``.

    Raises:
        ValueError: otherwise, naming ``argument`` and the range.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(f"{argument} must be an int in range {lo}-{hi}, got {value!r}")
    return value


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
