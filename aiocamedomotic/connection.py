"""Public data of the live layer's connection: its state and its reconnection policy.

Layer: public, pure data (no I/O). :class:`~aiocamedomotic.live.LivePlant` exposes its
current :class:`ConnectionState` as ``live.connection_state`` (with the reason of the last
change in ``live.connection_reason``) and publishes every change as a
:class:`~aiocamedomotic.events.ConnectionChanged` event. How fast it retries after a failure
is set by a :class:`ReconnectPolicy`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum

from ._transport import check_timeout

__all__ = ["ConnectionState", "ReconnectPolicy"]


class ConnectionState(StrEnum):
    """State of the live plant's link with the server.

    The normal life cycle is ``CONNECTING`` -> ``CONNECTED`` -> ``CLOSED``; any network
    failure or lost session moves ``CONNECTED`` to ``RECONNECTING`` until a full resync
    succeeds. ``AUTH_FAILED`` is terminal: the server rejected the credentials and the live
    plant stopped retrying (a full session table is *not* an auth failure: it is retried).
    """

    CONNECTING = "connecting"
    """The initial fetch of the plant is running."""
    CONNECTED = "connected"
    """The registries are current and the long poll is running."""
    RECONNECTING = "reconnecting"
    """The link was lost; retrying with capped exponential backoff."""
    AUTH_FAILED = "auth_failed"
    """The server rejected the credentials; no further attempt is made."""
    CLOSED = "closed"
    """The live plant was stopped (or never fully started)."""


@dataclass(frozen=True, slots=True)
class ReconnectPolicy:
    """Capped exponential backoff with jitter used between reconnection attempts.

    The delay before attempt ``n`` (1-based) is ``min(cap, base * factor ** (n - 1))``,
    then multiplied by a random factor in ``[1 - jitter, 1 + jitter]`` so that many clients
    restarted together do not hammer the server in lockstep.

    Attributes:
        base: delay in seconds before the first retry (in (0, 86400]).
        cap: upper bound in seconds of the delay before jitter (>= base, at most 86400).
        factor: growth factor between attempts (a number in [1, 100]).
        jitter: relative jitter in ``[0, 1)``.

    Raises:
        ValueError: if a field is not a number (a bool is refused) or is out of its range.
    """

    base: float = 1.0
    cap: float = 60.0
    factor: float = 2.0
    jitter: float = 0.2

    def __post_init__(self) -> None:
        check_timeout(self.base, "base")
        check_timeout(self.cap, "cap")
        if not self.cap >= self.base:
            raise ValueError(f"cap must be >= base ({self.base!r}), got {self.cap!r}")
        if not _is_number(self.factor) or not 1 <= self.factor <= 100:
            raise ValueError(f"factor must be a number in [1, 100], got {self.factor!r}")
        if not _is_number(self.jitter) or not 0 <= self.jitter < 1:
            raise ValueError(f"jitter must be a number in [0, 1), got {self.jitter!r}")

    def delay(self, attempt: int) -> float:
        """Return the delay in seconds to wait before attempt ``attempt``.

        Args:
            attempt: 1 for the first retry after a failure, 2 for the next, and so on.

        Returns:
            The jittered delay in seconds, never negative.

        Raises:
            ValueError: if ``attempt`` is lower than 1.
        """
        if attempt < 1:
            raise ValueError(f"attempt must be >= 1, got {attempt!r}")
        # Cap the exponent too, so that a very long outage cannot overflow the float.
        exponent = min(attempt - 1, 64)
        raw = min(self.cap, self.base * self.factor**exponent)
        return max(0.0, raw * random.uniform(1 - self.jitter, 1 + self.jitter))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
