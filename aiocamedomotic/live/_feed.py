"""Live layer: the copy of the indication stream behind ``async_get_updates``.

While a live plant runs it owns the session's long poll; :class:`RawFeed` keeps the raw
indications it receives so that the compatible
:meth:`~aiocamedomotic.came_domotic_api.CameDomoticAPI.async_get_updates` keeps working.
"""

from __future__ import annotations

import asyncio
import collections
from typing import Any

from ..errors import CameDomoticServerTimeoutError, CameDomoticStateError
from ..models.update import UpdateList

#: Most raw indications kept for :meth:`LivePlant.async_get_updates
#: <aiocamedomotic.live.LivePlant.async_get_updates>` between two calls (the oldest are
#: dropped first, like the server's own queue, PROTOCOL.md §5.2).
RAW_BUFFER_SIZE = 500


class RawFeed:
    """A bounded buffer of raw indications, drained by :meth:`async_take`.

    The dispatcher appends to :attr:`buffer` directly (the hot path), then calls
    :meth:`wake` once per batch.

    Attributes:
        buffer: the kept indications, oldest first (at most :data:`RAW_BUFFER_SIZE`).
    """

    def __init__(self) -> None:
        self.buffer: collections.deque[dict[str, Any]] = collections.deque(maxlen=RAW_BUFFER_SIZE)
        self._ready = asyncio.Event()
        self._closed = False

    def wake(self) -> None:
        """Wake the waiting :meth:`async_take` calls (something was appended)."""
        self._ready.set()

    def close(self) -> None:
        """No more indications will come: waiting and later calls fail once it is empty."""
        self._closed = True
        self._ready.set()

    async def async_take(self, wait: float) -> UpdateList:
        """Return (and forget) the kept indications, waiting up to ``wait`` s for one.

        Raises:
            CameDomoticServerTimeoutError: if nothing arrives within ``wait``.
            CameDomoticStateError: if the feed is closed and empty.
        """
        buffer = self.buffer
        try:
            async with asyncio.timeout(wait):
                while not buffer:
                    if self._closed:
                        raise CameDomoticStateError("the live plant is stopped")
                    self._ready.clear()
                    await self._ready.wait()
        except TimeoutError:
            raise CameDomoticServerTimeoutError(
                f"no status update within {wait} s (served by the live plant)"
            ) from None
        updates = UpdateList(buffer)
        buffer.clear()
        return updates
