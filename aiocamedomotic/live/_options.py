"""Live layer: the tuning of a live plant (:class:`LiveOptions`) and its time source.

The clock is injected so that the poll loop's pacing and backoff can be driven by a test or a
simulation without real sleeps.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from .._transport import check_timeout
from ..connection import ReconnectPolicy
from ._bus import check_queue_size


@runtime_checkable
class LiveClock(Protocol):
    """The time source of a live plant: when it is, and how to wait.

    The plant reads it to pace polls and to tell a held poll from an immediate answer, and
    waits on it between reconnection attempts and paced polls. The default is the event
    loop's own clock; tests and simulations pass one whose time they control.
    """

    def now(self) -> float:
        """Return the current time in seconds (any origin, never going backwards)."""
        ...

    async def sleep(self, delay: float) -> None:
        """Wait ``delay`` seconds."""
        ...


class _LoopClock:
    """The event loop's clock (``loop.time()``, ``asyncio.sleep``)."""

    def now(self) -> float:
        return asyncio.get_running_loop().time()

    async def sleep(self, delay: float) -> None:
        await asyncio.sleep(delay)

    def __repr__(self) -> str:
        return "LOOP_CLOCK"


#: The default :class:`LiveClock`: the running event loop's time.
LOOP_CLOCK: LiveClock = _LoopClock()


@dataclass(frozen=True, slots=True)
class LiveOptions:
    """Tuning of a :class:`~aiocamedomotic.live.LivePlant`; every field is checked when the
    options are built.

    Attributes:
        poll_timeout: seconds the server is asked to hold an idle long poll (sent as the
            request's ``timeout`` field, honoured by some firmware - PROTOCOL.md §5.1,
            [reverse-engineered]); the client waits ``poll_grace`` seconds more before
            treating the poll as idle. An idle poll is normal, never an error. In
            (0, 86400], and ``poll_timeout`` (rounded up) plus ``poll_grace`` at most 86400.
        poll_grace: extra seconds the client waits for a long poll beyond ``poll_timeout``
            (rounded up) before treating it as idle: room for a server that answers an idle
            poll a little late, or ignores ``timeout``. In [0, 86400].
        min_poll_interval: shortest time in seconds between the starts of two polls when
            the first one brought no indication: a server that answers an idle poll at once
            (with nothing) is polled at most this often instead of in a busy loop. A poll
            that brings indications is followed by the next one at once. A poll that lasted
            at least this long counts as *held*: a session loss reported by a held poll is
            healed by a silent re-login however soon it follows the previous one. In
            (0, 86400].
        reconnect: backoff between reconnection attempts (a
            :class:`~aiocamedomotic.connection.ReconnectPolicy`).
        events_maxsize: default queue size of
            :meth:`~aiocamedomotic.live.LivePlant.events` streams, an int in 1..1000000.
        clock: the time source (default: the event loop's clock, :data:`LOOP_CLOCK`).

    Raises:
        ValueError: if a field is of the wrong type or out of its range.
    """

    poll_timeout: float = 120.0
    poll_grace: float = 10.0
    reconnect: ReconnectPolicy = field(default_factory=ReconnectPolicy)
    events_maxsize: int = 256
    min_poll_interval: float = 1.0
    clock: LiveClock = LOOP_CLOCK

    def __post_init__(self) -> None:
        timeout = check_timeout(self.poll_timeout, "poll_timeout")
        grace = check_timeout(self.poll_grace, "poll_grace", allow_zero=True)
        check_timeout(math.ceil(timeout) + grace, "poll_timeout + poll_grace")
        check_timeout(self.min_poll_interval, "min_poll_interval")
        if not isinstance(self.reconnect, ReconnectPolicy):
            raise ValueError(f"reconnect must be a ReconnectPolicy, got {self.reconnect!r}")
        check_queue_size(self.events_maxsize, "events_maxsize")
        if not isinstance(self.clock, LiveClock):
            raise ValueError(
                f"clock must have now() and async sleep(delay) methods, got {self.clock!r}"
            )
