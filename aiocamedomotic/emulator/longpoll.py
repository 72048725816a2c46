"""Emulator layer: holding a ``status_update_req`` until indications arrive (PROTOCOL.md §5.2).

The waiting half of the long poll; the session table owns the queues and the server drains
them into the response.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Mapping
from typing import Any

from .sessions import Poll, PollEnd


async def wait_event(event: asyncio.Event, seconds: float) -> bool:
    """Wait for ``event`` at most ``seconds``; ``True`` if it was set."""
    if event.is_set():
        return True
    if seconds <= 0:
        return False
    try:
        async with asyncio.timeout(seconds):
            await event.wait()
    except TimeoutError:
        return False
    return True


def requested_wait(appl_msg: Mapping[str, Any], poll_max_wait: float) -> float:
    """How long a poll may be held: ``poll_max_wait``, or less if the request says so.

    Some clients put ``"timeout": <seconds>`` in the message (PROTOCOL.md §5.1); a valid one
    shortens the wait (0 makes the poll non-blocking), an invalid one is ignored.
    """
    timeout = appl_msg.get("timeout")
    if (
        isinstance(timeout, int | float)
        and not isinstance(timeout, bool)
        and math.isfinite(timeout)
        and timeout >= 0
    ):
        return min(poll_max_wait, float(timeout))
    return poll_max_wait


async def hold(poll: Poll, wait: float, coalesce_delay: float) -> PollEnd | None:
    """Hold a poll until an indication is queued, the wait runs out, or the poll is ended.

    Once the first indication arrives the poll stays open ``coalesce_delay`` seconds more, so
    that related indications (e.g. a scenario and the devices it moved) share one response.

    Returns:
        Why the poll was ended early, or ``None`` when the queue may now be drained (an
        indication arrived, or the wait ran out).
    """
    if not await wait_event(poll.wakeup, wait) or poll.ended is not None:
        return poll.ended
    loop = asyncio.get_running_loop()
    deadline = loop.time() + coalesce_delay
    while poll.ended is None and (remaining := deadline - loop.time()) > 0:
        poll.wakeup.clear()
        await wait_event(poll.wakeup, remaining)
    return poll.ended
