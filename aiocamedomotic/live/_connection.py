"""Live layer: the connection - the one background long poll and its state machine.

:class:`LiveConnection` owns the live plant's :class:`~aiocamedomotic.connection.ConnectionState`
and the poll task::

    CLOSED -> CONNECTING -(initial fetch)-> CONNECTED <-(failure / resync)-> RECONNECTING
    CONNECTED or RECONNECTING -> AUTH_FAILED (credentials rejected: no more attempts)
    any -> CLOSED (stopped, or the API was disposed)

Each round first catches up - a resync when a gap, a login, a plant reload or an unknown id
made the registries stale - then polls once and hands the batch to the dispatcher. Failures
are handled by kind: a lost session (ACK 7/8) is healed by a silent re-login, rejected
credentials end the loop, anything else (network, server, a full session table, a bug) is
retried with capped exponential backoff and jitter. An empty poll answered at once is paced
to ``min_poll_interval``. Time comes from the options' :class:`~aiocamedomotic.live.LiveClock`,
so all of this runs without real sleeps under a test clock.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Collection
from typing import Any, Protocol, TypeAlias

from ..connection import ConnectionState
from ..const import SESSION_LOST_ACKS
from ..errors import (
    CameDomoticAuthError,
    CameDomoticError,
    CameDomoticServerError,
    CameDomoticServerTimeoutError,
    CameDomoticTooManySessionsError,
)
from ..events import ConnectionChanged, LiveEvent, PlantReloaded
from ..models.command import POLL, poll_results
from ._options import LiveOptions
from ._session import LiveSession

_LOGGER = logging.getLogger(__name__)

#: Applies one poll's indications; returns (plant reloaded?, families to fetch again).
Dispatch: TypeAlias = Callable[[list[dict[str, Any]]], tuple[bool, set[str]]]


class SyncTarget(Protocol):
    """What the connection resyncs: the registries (see :class:`~._resync.PlantSync`)."""

    @property
    def synced_session(self) -> str:
        """The session id whose indications the registries reflect."""
        ...

    async def async_resync(
        self, families: Collection[str] | None, *, initial: bool = False
    ) -> tuple[int, int]:
        """Fetch the lists of ``families`` (``None``: everything); return (added, removed)."""
        ...

    def mark_unavailable(self) -> None:
        """Mark every entity unavailable."""
        ...


class LiveConnection:
    """The poll loop of a live plant, with its pacing, backoff and connection state.

    Args:
        session: the session the long polls are sent through.
        options: the plant's options (poll timeout and grace, pacing, backoff, clock).
        sync: what is resynced after a gap.
        dispatch: applies each poll's batch.
        publish: where :class:`ConnectionChanged` and :class:`PlantReloaded` go.

    Attributes:
        state: the current connection state (change it with :meth:`set_state` only).
        reason: the reason of the last state change (no secrets), or ``None``.
    """

    def __init__(
        self,
        session: LiveSession,
        options: LiveOptions,
        sync: SyncTarget,
        dispatch: Dispatch,
        publish: Callable[[LiveEvent], None],
    ) -> None:
        self._session = session
        self._options = options
        self._sync = sync
        self._dispatch = dispatch
        self._publish = publish
        self.state = ConnectionState.CLOSED
        self.reason: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._failures = 0  # consecutive failed rounds (drives the backoff and the log level)
        self._losses = 0  # consecutive session losses without a successful poll in between
        self._need_full = False  # a full resync is due before the next poll
        self._plant_reload = False  # ... because of plant_update_ind: publish PlantReloaded
        self._dirty: set[str] = set()  # families to fetch again before the next poll
        self._poll_started: float | None = None  # when the current poll was sent

    @property
    def running(self) -> bool:
        """Whether the poll task is alive."""
        return self._task is not None and not self._task.done()

    def set_state(self, state: ConnectionState, reason: str | None) -> None:
        """Move to ``state`` and publish the change (nothing if the state is the same)."""
        if state == self.state:
            return
        previous, self.state, self.reason = self.state, state, reason
        self._publish(ConnectionChanged(state=state, previous=previous, reason=reason))

    async def async_open(self) -> None:
        """Fetch the whole plant (``CONNECTING``), then start polling (``CONNECTED``).

        Raises:
            CameDomoticError: what the initial fetch raises (the state is then ``CLOSED``).
        """
        self.set_state(ConnectionState.CONNECTING, "starting")
        try:
            await self._sync.async_resync(None, initial=True)
        except BaseException:
            self.set_state(ConnectionState.CLOSED, "start failed")
            raise
        self.set_state(ConnectionState.CONNECTED, "started")
        self._task = asyncio.create_task(self._async_run(), name="aiocamedomotic-live-poll")

    async def async_close(self) -> None:
        """Cancel the poll task and wait for its end; the state becomes ``CLOSED``."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait([task])
        self.set_state(ConnectionState.CLOSED, "stopped")

    async def _async_run(self) -> None:
        """Poll until cancelled, AUTH_FAILED or the API's disposal; survive everything else."""
        while True:
            self._poll_started = None
            try:
                await self._async_catch_up()
                await self._async_poll_round()
            except asyncio.CancelledError:
                raise
            except Exception as err:  # the poll task must never die
                if not await self._async_recover(err):
                    return

    async def _async_catch_up(self) -> None:
        """Resync whatever went stale since the last poll, then report ``CONNECTED``."""
        if self._session.client_id != self._sync.synced_session:
            # A login happened since the last resync (session lost, re-login by a
            # concurrent command): the old session's queued indications are gone, so the
            # registries may be stale (PROTOCOL.md §2.10, §5.2).
            self._need_full = True
        if self._need_full or self._dirty:
            added, removed = await self._sync.async_resync(None if self._need_full else self._dirty)
            if self._session.client_id != self._sync.synced_session:
                # A login during the fetch: lists answered under the old session may miss
                # what only that session was told. Fetch again now, once, rather than after
                # the next poll, which may be held for minutes.
                more = await self._sync.async_resync(None)
                added, removed = added + more[0], removed + more[1]
            if self._plant_reload:
                self._publish(PlantReloaded(added=added, removed=removed))
            self._need_full = self._plant_reload = False
            self._dirty.clear()
        if self._failures:
            _LOGGER.info("Connection to the CAME server restored; plant resynced")
            self._failures = 0
        self.set_state(ConnectionState.CONNECTED, "resynced")

    async def _async_poll_round(self) -> None:
        """Poll once and dispatch the batch; pace an empty answer that came at once."""
        clock = self._options.clock
        started = self._poll_started = clock.now()
        batch = await self._async_poll()
        self._losses = 0
        reload_plant, families = self._dispatch(batch)
        if reload_plant:
            self._need_full = self._plant_reload = True
        self._dirty |= families
        if not batch:
            # No indication (an idle poll, or junk) answered at once: wait out the minimum
            # interval rather than poll again in a busy loop. A poll that brought
            # indications is followed by the next one without delay.
            remaining = started + self._options.min_poll_interval - clock.now()
            if remaining > 0:
                _LOGGER.debug("Empty poll answered at once: next in %.2f s", remaining)
                await clock.sleep(remaining)

    async def _async_poll(self) -> list[dict[str, Any]]:
        """Run one long poll; an idle poll (timeout or empty answer) gives ``[]``."""
        server_timeout = math.ceil(self._options.poll_timeout)
        try:
            # Sent once: a lost session is reported to the loop, which resyncs after the
            # new login (a silent resend would hide the gap, PROTOCOL.md §2.10).
            response = await self._session.async_send_command_once(
                POLL.message(timeout=server_timeout),
                timeout=server_timeout + self._options.poll_grace,
            )
        except CameDomoticServerTimeoutError:
            _LOGGER.debug("Idle long poll: polling again")
            return []
        return poll_results(response)

    async def _async_recover(self, err: Exception) -> bool:
        """Handle a failed round by the kind of failure; False when the loop must end."""
        if isinstance(err, CameDomoticServerError):
            started = self._poll_started
            held = (
                started is not None
                and self._options.clock.now() - started >= self._options.min_poll_interval
            )
            if err.ack_code in SESSION_LOST_ACKS and (self._losses == 0 or held):
                # Session expired or server rebooted (ACK 7/8): log in again and resync,
                # silently. A loss answered at once to the poll that follows a re-login
                # goes through the backoff, so a misbehaving server cannot make us spin;
                # one reported by a held poll is a new, genuine loss.
                _LOGGER.debug("Session lost (ACK %s): logging in again", err.ack_code)
                self._losses += 1
                self._need_full = True
                return True
            await self._async_backoff(_describe(err))
            return True
        if isinstance(err, CameDomoticAuthError):
            if isinstance(err, CameDomoticTooManySessionsError):
                await self._async_backoff("the server's session table is full")
                return True
            _LOGGER.error(
                "The CAME server rejected the credentials: the live plant stops "
                "retrying; update the credentials and start it again"
            )
            self._end(ConnectionState.AUTH_FAILED, "credentials rejected")
            return False
        if self._session.closed:
            _LOGGER.debug("The API was disposed: the live plant stops polling")
            self._end(ConnectionState.CLOSED, "API disposed")
            return False
        if not isinstance(err, CameDomoticError):
            _LOGGER.error("Unexpected error in the live plant loop", exc_info=err)
        await self._async_backoff(_describe(err))
        return True

    async def _async_backoff(self, reason: str) -> None:
        """Count a failed round, report ``RECONNECTING`` and wait the policy's delay."""
        self._failures += 1
        self._need_full = True
        delay = self._options.reconnect.delay(self._failures)
        if self._failures == 1:
            _LOGGER.warning(
                "Lost the connection to the CAME server (%s); retrying in %.1f s",
                reason,
                delay,
            )
            self._sync.mark_unavailable()
        else:
            _LOGGER.debug(
                "Reconnection attempt %d failed (%s); next in %.1f s",
                self._failures,
                reason,
                delay,
            )
        self.set_state(ConnectionState.RECONNECTING, reason)
        await self._options.clock.sleep(delay)

    def _end(self, state: ConnectionState, reason: str) -> None:
        """The loop ends for good: every entity becomes unavailable."""
        self._sync.mark_unavailable()
        self.set_state(state, reason)


def _describe(err: BaseException) -> str:
    """A short reason for logs and events: the error's class and message (no secrets)."""
    text = str(err)
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
