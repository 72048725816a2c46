"""Emulator layer: armed faults (slow replies, HTTP errors, broken bodies, dropped connections).

Faults are test hooks outside the CAME protocol. Each is armed for a number of requests,
optionally only for one ``cmd_name`` (or ``sl_cmd``), and applies to ordinary requests and long
polls alike: every POST on the API path, not the GET liveness probe.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FaultKind(StrEnum):
    """What an armed fault does to the request it hits.

    * ``ACK``: answered at once with an ACK code; the request is not processed.
    * ``HTTP_ERROR``: answered with an HTTP status; not processed.
    * ``INVALID_JSON``: HTTP 200 whose body is not JSON; not processed.
    * ``TRUNCATED_JSON``: processed, then the JSON body is cut in half (HTTP framing intact).
    * ``RESET``: processed, then the TCP connection is reset half-way through the body.
    """

    ACK = "ack"
    HTTP_ERROR = "http_error"
    INVALID_JSON = "invalid_json"
    TRUNCATED_JSON = "truncated_json"
    RESET = "reset_connection"


@dataclass
class Fault:
    """One armed fault.

    Attributes:
        kind: what it does.
        value: the ACK code or the HTTP status (unused otherwise).
        remaining: requests it still applies to; ``None`` means until cleared.
        cmd_name: only requests with this ``cmd_name`` (or ``sl_cmd``) match; ``None``: all.
    """

    kind: FaultKind
    value: int = 0
    remaining: int | None = 1
    cmd_name: str | None = None

    def matches(self, names: tuple[str | None, str | None]) -> bool:
        """Whether a request named ``(sl_cmd, cmd_name)`` is hit."""
        return self.cmd_name is None or self.cmd_name in names


@dataclass
class _Delay:
    seconds: float
    remaining: int | None
    cmd_name: str | None


def _check_count(count: int | None) -> None:
    if count is not None and count < 1:
        raise ValueError("count must be at least 1 (or None)")


class FaultPlan:
    """The faults armed on an emulator, consumed in the order they were armed."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._delay: _Delay | None = None

    def arm(self, fault: Fault) -> None:
        """Arm one fault after those already armed."""
        _check_count(fault.remaining)
        self._faults.append(fault)

    def set_delay(self, seconds: float, count: int | None, cmd_name: str | None) -> None:
        """Delay replies by ``seconds`` (replacing any previous delay; 0 clears it)."""
        _check_count(count)
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        self._delay = _Delay(seconds, count, cmd_name) if seconds > 0 else None

    def clear(self) -> None:
        """Disarm every fault and the delay."""
        self._faults.clear()
        self._delay = None

    @property
    def armed(self) -> list[Fault]:
        """A copy of the armed faults, in order."""
        return list(self._faults)

    def delay_json(self) -> list[dict[str, object]]:
        """The delay in effect, as a one-item list (empty without one), for status reports."""
        delay = self._delay
        if delay is None:
            return []
        return [
            {
                "kind": "delay",
                "value": delay.seconds,
                "remaining": delay.remaining,
                "cmd_name": delay.cmd_name,
            }
        ]

    def take_delay(self, names: tuple[str | None, str | None]) -> float:
        """Seconds to hold a request named ``names`` before processing it (0: none)."""
        delay = self._delay
        if delay is None or (delay.cmd_name is not None and delay.cmd_name not in names):
            return 0.0
        if delay.remaining is not None:
            delay.remaining -= 1
            if delay.remaining == 0:
                self._delay = None
        return delay.seconds

    def take(self, names: tuple[str | None, str | None]) -> Fault | None:
        """Consume the first armed fault that hits a request named ``names``."""
        for fault in self._faults:
            if fault.matches(names):
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._faults.remove(fault)
                return fault
        return None
