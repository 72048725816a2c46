"""Emulator layer: limits of the emulator as a LAN service (connections, timeouts, bodies).

A developer's emulator runs for days on a LAN, where a misbehaving client or a port
scanner must not lock every other client out. :class:`ConnectionGuard` sits between the
listening socket and aiohttp's protocol: it refuses connections beyond a cap (per peer
address and in all) and closes a connection whose next request head does not arrive in
time. :func:`read_body` reads a request body within a size cap and a timeout. None of this
is CAME protocol: PROTOCOL.md says nothing about how a real server bounds its clients.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

_LOGGER = logging.getLogger(__name__)

__all__ = ["BodyTimeout", "BodyTooLarge", "ConnectionGuard", "Limits", "read_body"]


@dataclass(frozen=True)
class Limits:
    """What the emulator accepts from its clients.

    Attributes:
        header_timeout: seconds a connection may stay without a complete request head,
            from when it opens and from the end of each answer (an idle keep-alive
            connection is closed after this long, as a real web server does).
        body_timeout: seconds to receive a request body once its head arrived.
        max_body: largest request body on the CAME endpoint, in bytes (HTTP 413 beyond).
        max_control_body: largest request body of the control API (plant files), in bytes.
        max_connections: open connections in all; more are closed at once.
        max_connections_per_peer: open connections from one peer address.
        max_depth: deepest JSON nesting of a command (ACK 4 beyond, as unparseable).
    """

    header_timeout: float = 15.0
    body_timeout: float = 15.0
    max_body: int = 64 * 1024
    max_control_body: int = 8 * 1024 * 1024
    max_connections: int = 512
    max_connections_per_peer: int = 128
    max_depth: int = 32

    def __post_init__(self) -> None:
        for name in ("header_timeout", "body_timeout"):
            value = getattr(self, name)
            if not 0 < value < 86400:
                raise ValueError(f"{name} must be between 0 and 86400 seconds, not {value!r}")
        for name in (
            "max_body",
            "max_control_body",
            "max_connections",
            "max_connections_per_peer",
            "max_depth",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, not {value!r}")


class BodyTooLarge(Exception):
    """A request body beyond its cap (answered HTTP 413)."""


class BodyTimeout(Exception):
    """A request body that did not arrive in time (answered HTTP 408)."""


async def read_body(request: web.BaseRequest, limit: int, seconds: float) -> bytes:
    """Read a whole request body, at most ``limit`` bytes, within ``seconds``.

    A declared ``Content-Length`` beyond the cap is refused before anything is read.

    Raises:
        BodyTooLarge: the body is (or says it is) longer than ``limit``.
        BodyTimeout: the body did not arrive within ``seconds``.
    """
    declared = request.content_length
    if declared is not None and declared > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(seconds):
            while chunk := await request.content.readany():
                size += len(chunk)
                if size > limit:
                    raise BodyTooLarge
                chunks.append(chunk)
    except TimeoutError:
        raise BodyTimeout from None
    return b"".join(chunks)


class _Connection:
    """One admitted connection: its peer and the deadline of its next request head."""

    __slots__ = ("deadline", "peer", "transport")

    def __init__(self, transport: asyncio.BaseTransport, peer: str) -> None:
        self.transport = transport
        self.peer = peer
        self.deadline: asyncio.TimerHandle | None = None


class ConnectionGuard:
    """Connection caps and the request-head timeout for one server.

    Args:
        limits: the caps and timeouts.
        on_event: called with ``"refused"`` or ``"timed_out"`` each time the guard closes
            a connection, and with ``"closed"`` when an admitted connection ends (the
            emulator counts them).
    """

    def __init__(self, limits: Limits, on_event: Callable[[str], None]) -> None:
        self._limits = limits
        self._on_event = on_event
        self._connections: dict[asyncio.BaseTransport, _Connection] = {}
        self._per_peer: Counter[str] = Counter()
        self.peak_connections = 0
        self.admitted = 0

    @property
    def open_connections(self) -> int:
        """Connections currently admitted."""
        return len(self._connections)

    def reset_counts(self) -> None:
        """Start counting afresh: no connection admitted yet, the peak is what is open now.

        ``peak_connections`` is the most connections open at once since the last reset and
        ``admitted`` the connections admitted since then: what a client costs the server.
        """
        self.peak_connections = len(self._connections)
        self.admitted = 0

    def protocol_factory(
        self, inner: Callable[[], asyncio.Protocol]
    ) -> Callable[[], asyncio.Protocol]:
        """Wrap aiohttp's protocol factory (``runner.server``) for ``loop.create_server``."""
        return lambda: _GuardedProtocol(self, inner())

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """aiohttp middleware: a request head arrived; the clock restarts after the answer."""
        connection = self._connections.get(request.transport) if request.transport else None
        if connection is not None:
            self._disarm(connection)
        try:
            return await handler(request)
        finally:
            if connection is not None and connection.transport in self._connections:
                self._arm(connection)

    # --- called by the protocol wrapper ------------------------------------------------

    def admit(self, transport: asyncio.BaseTransport) -> bool:
        """Register a new connection, or close it if a cap is reached."""
        peername: Any = transport.get_extra_info("peername")
        peer = str(peername[0]) if isinstance(peername, tuple) and peername else ""
        if (
            len(self._connections) >= self._limits.max_connections
            or self._per_peer[peer] >= self._limits.max_connections_per_peer
        ):
            _LOGGER.info("Refused a connection from %s: too many open connections", peer)
            transport.close()
            self._on_event("refused")
            return False
        connection = _Connection(transport, peer)
        self._connections[transport] = connection
        self._per_peer[peer] += 1
        self.admitted += 1
        self.peak_connections = max(self.peak_connections, len(self._connections))
        self._arm(connection)
        return True

    def release(self, transport: asyncio.BaseTransport) -> None:
        """Forget a closed connection."""
        connection = self._connections.pop(transport, None)
        if connection is None:
            return
        self._disarm(connection)
        self._per_peer[connection.peer] -= 1
        if self._per_peer[connection.peer] <= 0:
            del self._per_peer[connection.peer]
        self._on_event("closed")

    # --- the request-head deadline -------------------------------------------------------

    def _arm(self, connection: _Connection) -> None:
        self._disarm(connection)
        loop = asyncio.get_running_loop()
        connection.deadline = loop.call_later(self._limits.header_timeout, self._expire, connection)

    @staticmethod
    def _disarm(connection: _Connection) -> None:
        if connection.deadline is not None:
            connection.deadline.cancel()
            connection.deadline = None

    def _expire(self, connection: _Connection) -> None:
        connection.deadline = None
        _LOGGER.info(
            "Closed a connection from %s: no request within %g s",
            connection.peer,
            self._limits.header_timeout,
        )
        connection.transport.close()
        self._on_event("timed_out")


class _GuardedProtocol(asyncio.Protocol):
    """aiohttp's protocol behind the guard: refused connections never reach it."""

    def __init__(self, guard: ConnectionGuard, inner: asyncio.Protocol) -> None:
        self._guard = guard
        self._inner: asyncio.Protocol | None = inner
        self._transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if self._inner is None or not self._guard.admit(transport):
            self._inner = None
            return
        self._transport = transport
        self._inner.connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._inner is None or self._transport is None:
            return
        self._guard.release(self._transport)
        self._inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._inner is not None:
            self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received() if self._inner is not None else None

    def pause_writing(self) -> None:
        if self._inner is not None:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if self._inner is not None:
            self._inner.resume_writing()
