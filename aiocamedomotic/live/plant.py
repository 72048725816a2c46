"""Live layer: :class:`LivePlant`, the registries kept current by one background long poll.

Start it with :meth:`CameDomoticAPI.async_start_live()
<aiocamedomotic.came_domotic_api.CameDomoticAPI.async_start_live>` (or ``async with
api.live() as plant``), stop it with :meth:`LivePlant.async_stop`. In between:

* one :class:`~aiocamedomotic.live.Registry` per family (``plant.lights``,
  ``plant.openings``...) holds exactly one model object per entity for the whole session,
  updated in place by every indication (PROTOCOL.md §5), command and resync;
* :meth:`LivePlant.subscribe` / :meth:`LivePlant.events` deliver the
  :mod:`aiocamedomotic.events`;
* ``plant.connection_state`` (:class:`~aiocamedomotic.connection.ConnectionState`) tells
  whether the registries can be trusted. The poll task never dies: network failures are
  retried with capped exponential backoff and jitter, a lost session (ACK 7/8) is replaced
  silently by a new login, and every gap ends with a full resync that diffs the fresh lists
  into the registries. Only rejected credentials stop it (``AUTH_FAILED``).

While the live plant runs it owns the session's indication stream: the compatible
:meth:`~aiocamedomotic.came_domotic_api.CameDomoticAPI.async_get_updates` is then served from
a copy of that stream (see :meth:`LivePlant.async_get_updates`) instead of stealing
indications with its own poll.

:class:`LivePlant` composes the parts described in :mod:`aiocamedomotic.live` and routes
each indication of a poll to the controllers of its family.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from .._transport import check_timeout
from ..connection import ConnectionState
from ..const import UpdateIndicator
from ..errors import CameDomoticStateError
from ..models.base import ServerInfo
from ..models.catalogue import CATALOGUE
from ..models.update import UpdateList
from ._bus import EventBus
from ._connection import LiveConnection
from ._controller import FamilyController, route_table
from ._feed import RAW_BUFFER_SIZE, RawFeed
from ._options import LOOP_CLOCK, LiveClock, LiveOptions
from ._resync import PlantSync
from ._session import LiveSession, ServerInfoFetcher
from ._surface import PlantEvents

__all__ = [
    "LOOP_CLOCK",
    "RAW_BUFFER_SIZE",
    "LiveClock",
    "LiveOptions",
    "LivePlant",
    "LiveStarter",
]

_LOGGER = logging.getLogger(__name__)

#: How many distinct unknown indication names are remembered (each is logged once); past
#: that, unknown names are no longer remembered, only logged at DEBUG.
UNKNOWN_NAMES_KEPT = 64
#: How many of them are logged at INFO; the following ones at DEBUG.
_UNKNOWN_NAMES_AT_INFO = 5
#: Longest part of an unknown name that is logged or remembered.
_UNKNOWN_NAME_SHOWN = 64


class LivePlant(PlantEvents):
    """A live view of the whole plant: registries, events and connection state.

    Do not instantiate it directly: use ``await api.async_start_live()``.

    Event semantics:

    * the initial fetch is silent; later resyncs publish :class:`EntityAdded`,
      :class:`EntityRemoved` and, for surviving objects, :class:`EntityUpdated` with
      ``source="resync"`` naming exactly the properties whose value changed;
    * every indication matched to an entity publishes :class:`EntityUpdated` with
      ``source="push"``, even when nothing changed (``changed`` empty, e.g. the echo of a
      command, or a repeated button press);
    * a successful command on a held object publishes ``source="command"`` at once;
    * ``available`` turns ``False`` on every entity when the link is lost and ``True``
      again after the resync; these flips are not published per entity: follow
      :class:`ConnectionChanged` (``RECONNECTING`` / ``CONNECTED``) instead.

    Args:
        session: the session to poll and fetch through (the API's ``auth``).
        fetch_server_info: fetches the server information (the API's
            ``async_get_server_info``).
        options: the tuning (default: :class:`LiveOptions`).
        on_stop: called with the plant once it is fully stopped (the API uses it to forget
            its running plant).

    Attributes:
        registries: every registry, keyed by family key.
    """

    def __init__(
        self,
        session: LiveSession,
        fetch_server_info: ServerInfoFetcher,
        options: LiveOptions | None = None,
        *,
        on_stop: Callable[[LivePlant], None] | None = None,
    ) -> None:
        self._options = options or LiveOptions()
        self._session = session
        self._on_stop = on_stop
        bus = EventBus()
        # The families with live state (not cameras, map pages, sound zones: PROTOCOL.md
        # §3.7, §5.5), as the catalogue holds them when the plant is made.
        self._controllers: dict[str, FamilyController[Any]] = {
            key: FamilyController(spec, bus.publish_entity)
            for key, spec in CATALOGUE.items()
            if spec.live
        }
        super().__init__(
            bus,
            {key: controller.registry for key, controller in self._controllers.items()},
            self._options.events_maxsize,
        )
        self._routes = route_table(self._controllers)
        self._unknown_logged: set[str] = set()
        # Kept from the start, so indications that arrive before the first call are not lost
        # (a direct long poll would have returned them from the server's queue, §5.2).
        self._feed = RawFeed()
        self._sync = PlantSync(session, fetch_server_info, self._controllers)
        self._link = LiveConnection(session, self._options, self._sync, self._dispatch, bus.publish)
        self._started = False
        self._closed = asyncio.Event()  # set once the plant is fully stopped
        self._teardown: asyncio.Task[None] | None = None
        self._stoppers: set[asyncio.Task[Any]] = set()  # the tasks awaiting async_stop

    @property
    def connection_state(self) -> ConnectionState:
        """The current connection state."""
        return self._link.state

    @property
    def connection_reason(self) -> str | None:
        """Reason of the last connection state change (no secrets), or ``None``."""
        return self._link.reason

    @property
    def running(self) -> bool:
        """Whether the background poll task is alive (False once stopped or AUTH_FAILED)."""
        return self._link.running

    @property
    def server_info(self) -> ServerInfo | None:
        """The server information fetched at start (and at each full resync)."""
        return self._sync.server_info

    def __repr__(self) -> str:
        sizes = ", ".join(f"{key}={len(reg)}" for key, reg in self.registries.items() if reg)
        return f"<LivePlant {self._link.state.value} {sizes}>"

    async def async_get_updates(
        self,
        timeout: float | None = None,  # noqa: ASYNC109 (the documented signature)
    ) -> UpdateList:
        """Return the raw indications received since the previous call (compatible API).

        The live plant consumes the session's long poll; this method serves a copy of that
        stream so that ``api.async_get_updates()`` keeps working while the plant runs.
        Indications are buffered from the moment the plant starts (at most
        :data:`RAW_BUFFER_SIZE`, the oldest dropped first, like the server's own queue); the
        call returns as soon as at least one is buffered.

        Args:
            timeout: seconds to wait (default: the API's ``command_timeout``).

        Returns:
            The buffered indications, in arrival order.

        Raises:
            ValueError: if ``timeout`` is not a number of seconds in (0, 86400].
            CameDomoticServerTimeoutError: if nothing arrives within ``timeout`` (the same
                error the direct long poll raises).
            CameDomoticStateError: if the live plant is stopped.
        """
        wait = (
            self._session.command_timeout if timeout is None else check_timeout(timeout, "timeout")
        )
        return await self._feed.async_take(wait)

    # ------------------------------------------------------------------ start / stop

    async def async_start(self) -> None:
        """Fetch the whole plant, then start the background poll (``api.async_start_live``
        calls it).

        Raises:
            CameDomoticStateError: if this plant was already started (once stopped, start a new
                one with ``api.async_start_live()``).
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        if self._started:
            raise CameDomoticStateError("this live plant was already started")
        self._started = True
        try:
            await self._link.async_open()
        except BaseException:
            self._mark_stopping()
            self._closed.set()
            raise

    async def async_stop(self) -> None:
        """Stop the live plant: no task, request or subscription is left behind.

        The poll task and the running async handlers are cancelled and awaited, event
        streams end, pending waits fail, and every entity becomes unavailable. The API (and
        its session) stays usable; dispose the API to log out.

        Calling it twice, or from several tasks at once, is safe: every call returns once
        the plant is stopped. Cancelling a call does not interrupt the stop itself (it runs
        as a task of its own), so a later call still sees it through.
        """
        if self._closed.is_set():
            return
        self._mark_stopping()
        if self._teardown is None:
            self._teardown = asyncio.create_task(
                self._async_teardown(), name="aiocamedomotic-live-stop"
            )
        # An async handler may be the one stopping the plant: the teardown spares it.
        caller = asyncio.current_task()
        if caller is not None:
            self._stoppers.add(caller)
        try:
            await asyncio.shield(self._teardown)
        finally:
            self._stoppers.discard(caller)

    def _mark_stopping(self) -> None:
        self._stopped = True
        self._feed.close()
        for controller in self._controllers.values():
            controller.close()

    async def _async_teardown(self) -> None:
        await self._link.async_close()
        await self._async_close_events(spare=self._stoppers)
        for controller in self._controllers.values():
            controller.release_all()
        if self._on_stop is not None:
            self._on_stop(self)
        self._closed.set()

    async def __aenter__(self) -> LivePlant:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.async_stop()

    # ------------------------------------------------------------------ dispatch

    def _dispatch(self, batch: Iterable[Any]) -> tuple[bool, set[str]]:
        """Apply one poll's indications; return (plant reloaded?, families to resync)."""
        reload_plant = False
        dirty: set[str] = set()
        routes = self._routes
        keep = self._feed.buffer.append
        kept = False
        for raw in batch:
            if not isinstance(raw, dict):
                continue
            keep(raw)
            kept = True
            name = raw.get("cmd_name")
            route = routes.get(name) if isinstance(name, str) else None
            if route is None:
                if name == UpdateIndicator.PLANT:
                    reload_plant = True
                else:
                    self._log_unknown(name)
                continue
            family, key_of, split, targets, id_key = route
            if not targets:  # the indication only says that the family's list changed
                dirty.add(family)
                continue
            # one entity per indication, except deltas such as sicu_areas_status_ind (§5.5)
            for item in (raw,) if split is None else split(raw):
                entity_id = item.get(id_key)
                if entity_id.__class__ is not int:  # key_of's fast path, inlined
                    entity_id = key_of(item)
                matched = False
                if entity_id is not None:
                    for controller in targets:  # every family holding the id is updated
                        matched = controller.push(entity_id, item) or matched
                if not matched:
                    # An id we do not know: the family changed behind our back. Its list is
                    # fetched again once this batch is applied (one fetch per family per
                    # batch).
                    _LOGGER.debug("Indication %s for an unknown %s id", name, family)
                    dirty.add(family)
        if kept:
            self._feed.wake()
        return reload_plant, dirty

    def _log_unknown(self, name: object) -> None:
        label = name[:_UNKNOWN_NAME_SHOWN] if isinstance(name, str) else type(name).__name__
        if label in self._unknown_logged:
            return
        # Bounded memory and log volume whatever a server sprays: the first names at INFO,
        # the next ones at DEBUG, and past the cap nothing is remembered any more.
        known = len(self._unknown_logged)
        level = logging.INFO if known < _UNKNOWN_NAMES_AT_INFO else logging.DEBUG
        if known < UNKNOWN_NAMES_KEPT:
            self._unknown_logged.add(label)
        _LOGGER.log(level, "Ignoring indications named %r, unknown to this library", label)


class LiveStarter:
    """Async context manager returned by ``api.live()``: starts the plant, stops it on exit.

    Args:
        start: a function returning the coroutine that starts the live plant.
    """

    __slots__ = ("_plant", "_start")

    def __init__(self, start: Callable[[], Awaitable[LivePlant]]) -> None:
        self._start = start
        self._plant: LivePlant | None = None

    async def __aenter__(self) -> LivePlant:
        self._plant = await self._start()
        return self._plant

    async def __aexit__(self, *exc_info: object) -> None:
        plant, self._plant = self._plant, None
        if plant is not None:
            await plant.async_stop()
