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
"""

from __future__ import annotations

import asyncio
import collections
import logging
import math
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from .._transport import check_timeout
from ..connection import ConnectionState, ReconnectPolicy
from ..const import AckErrorCode, UpdateIndicator
from ..errors import (
    CameDomoticAuthError,
    CameDomoticError,
    CameDomoticServerError,
    CameDomoticServerTimeoutError,
    CameDomoticTooManySessionsError,
)
from ..events import (
    ConnectionChanged,
    EntityAdded,
    EntityRemoved,
    EntityUpdated,
    LiveEvent,
    PlantReloaded,
    UpdateSource,
)
from ..models.base import CameEntity
from ..models.catalogue import CATALOGUE, FamilySpec
from ..models.update import UpdateList
from ._bus import EventBus, EventCallback, EventStream, Unsubscribe, check_queue_size
from ._registry import Registry

if TYPE_CHECKING:
    from ..came_domotic_api import CameDomoticAPI
    from ..models import (
        AnalogIn,
        AnalogSensor,
        DigitalInput,
        Light,
        Opening,
        Relay,
        Scenario,
        ThermoZone,
        Timer,
    )
    from ..models.base import ServerInfo
    from ..models.energy_meter import EnergyMeter
    from ..models.irrigation import Irrigation
    from ..models.loads_ctrl import LoadsCtrlMeter, LoadsCtrlRelay
    from ..models.security import (
        SecurityArea,
        SecurityCentral,
        SecurityInput,
        SecurityOutput,
        SecurityScenario,
    )

_LOGGER = logging.getLogger(__name__)

#: Most raw indications kept for :meth:`LivePlant.async_get_updates` between two calls
#: (the oldest are dropped first, like the server's own queue, PROTOCOL.md §5.2).
RAW_BUFFER_SIZE = 500

#: Indications that announce a change of a family's list rather than carry an entity's
#: state: the family is fetched again (PROTOCOL.md §5.5, ``scenario_user_ind``).
_REFRESH_ONLY = frozenset({UpdateIndicator.SCENARIO_USER_LEGACY.value})

#: Families also updated by another family's indications, when they hold the same id:
#: the thermo top-level sensors have no indication of their own and the same probe may be
#: an analog input too (PROTOCOL.md §4.8.5) [reverse-engineered]; the emulator emits
#: ``analogin_status_ind`` for both.
_ALSO_UPDATES: Mapping[str, tuple[str, ...]] = {"analog_inputs": ("analog_sensors",)}
#: The registries one family's indications are applied to (itself first).
_TARGETS: Mapping[str, tuple[str, ...]] = {
    key: (key, *others) for key, others in _ALSO_UPDATES.items()
}

#: ACK codes meaning "session lost, log in again" (PROTOCOL.md §2.12).
_SESSION_LOST = frozenset({AckErrorCode.NO_CLIENT_ID, AckErrorCode.WRONG_CLIENT_ID})

#: How many distinct unknown indication names are remembered (each is logged once); past
#: that, unknown names are no longer remembered, only logged at DEBUG.
UNKNOWN_NAMES_KEPT = 64
#: How many of them are logged at INFO; the following ones at DEBUG.
_UNKNOWN_NAMES_AT_INFO = 5
#: Longest part of an unknown name that is logged or remembered.
_UNKNOWN_NAME_SHOWN = 64


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
    """Tuning of a :class:`LivePlant`; every field is checked when the options are built.

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
        events_maxsize: default queue size of :meth:`LivePlant.events` streams, an int in
            1..1000000.
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


class LivePlant:
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

    Attributes:
        server_info: the server information fetched at start (and at each full resync).
        registries: every registry, keyed by family key.
    """

    def __init__(self, api: CameDomoticAPI, options: LiveOptions | None = None) -> None:
        self._api = api
        self._options = options or LiveOptions()
        # Families gated by a server feature: the others (cameras, map pages) have no live
        # state (PROTOCOL.md §3.7, §5.5).
        self._families: dict[str, FamilySpec[Any]] = {
            key: spec for key, spec in CATALOGUE.items() if spec.feature is not None
        }
        self._routes: dict[str, FamilySpec[Any]] = {
            name.value: spec for spec in self._families.values() for name in spec.indications
        }
        self._registries: dict[str, Registry[Any]] = {key: Registry(key) for key in self._families}
        self.registries: Mapping[str, Registry[Any]] = self._registries
        self.server_info: ServerInfo | None = None
        self._bus = EventBus()
        self._streams: set[EventStream] = set()
        self._waiters: set[asyncio.Future[Any]] = set()
        self._state = ConnectionState.CLOSED
        self._reason: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopped = False
        # Set while the plant itself applies pushed or resynced data, so that the entities'
        # change listener does not publish those changes a second time.
        self._applying = False
        self._session_marker = ""
        self._unknown_logged: set[str] = set()
        # Kept from the start, so indications that arrive before the first call are not lost
        # (a direct long poll would have returned them from the server's queue, §5.2).
        self._raw_buffer: collections.deque[dict[str, Any]] = collections.deque(
            maxlen=RAW_BUFFER_SIZE
        )
        self._raw_ready = asyncio.Event()
        self._closed = asyncio.Event()  # set once the plant is fully stopped
        self._teardown: asyncio.Task[None] | None = None
        self._stoppers: set[asyncio.Task[Any]] = set()  # the tasks awaiting async_stop

    # ------------------------------------------------------------------ public state

    @property
    def connection_state(self) -> ConnectionState:
        """The current connection state."""
        return self._state

    @property
    def connection_reason(self) -> str | None:
        """Reason of the last connection state change (no secrets), or ``None``."""
        return self._reason

    @property
    def running(self) -> bool:
        """Whether the background poll task is alive (False once stopped or AUTH_FAILED)."""
        return self._task is not None and not self._task.done()

    def registry(self, family: str) -> Registry[Any]:
        """Return the registry of a family.

        Args:
            family: the family key, e.g. ``"lights"``.

        Returns:
            The registry (empty when the server does not offer that family).

        Raises:
            ValueError: if ``family`` is not a known family key.
        """
        try:
            return self._registries[family]
        except KeyError:
            raise ValueError(
                f"family must be one of {sorted(self._registries)}, got {family!r}"
            ) from None

    @property
    def lights(self) -> Registry[Light]:
        """Lights keyed by ``act_id`` (:class:`~aiocamedomotic.models.Light`)."""
        return cast("Registry[Light]", self.registry("lights"))

    @property
    def openings(self) -> Registry[Opening]:
        """Openings keyed by ``open_act_id`` (:class:`~aiocamedomotic.models.Opening`)."""
        return cast("Registry[Opening]", self.registry("openings"))

    @property
    def relays(self) -> Registry[Relay]:
        """Relays keyed by ``act_id`` (:class:`~aiocamedomotic.models.Relay`)."""
        return cast("Registry[Relay]", self.registry("relays"))

    @property
    def scenarios(self) -> Registry[Scenario]:
        """Scenarios keyed by ``id`` (:class:`~aiocamedomotic.models.Scenario`)."""
        return cast("Registry[Scenario]", self.registry("scenarios"))

    @property
    def thermo_zones(self) -> Registry[ThermoZone]:
        """Thermo zones keyed by ``act_id`` (:class:`~aiocamedomotic.models.ThermoZone`)."""
        return cast("Registry[ThermoZone]", self.registry("thermo_zones"))

    @property
    def analog_sensors(self) -> Registry[AnalogSensor]:
        """Thermo analog sensors keyed by ``act_id`` (``AnalogSensor``)."""
        return cast("Registry[AnalogSensor]", self.registry("analog_sensors"))

    @property
    def analog_inputs(self) -> Registry[AnalogIn]:
        """Analog inputs keyed by ``act_id`` (:class:`~aiocamedomotic.models.AnalogIn`)."""
        return cast("Registry[AnalogIn]", self.registry("analog_inputs"))

    @property
    def digital_inputs(self) -> Registry[DigitalInput]:
        """Digital inputs keyed by ``act_id`` (``DigitalInput``)."""
        return cast("Registry[DigitalInput]", self.registry("digital_inputs"))

    @property
    def timers(self) -> Registry[Timer]:
        """Timers keyed by ``id`` (:class:`~aiocamedomotic.models.Timer`)."""
        return cast("Registry[Timer]", self.registry("timers"))

    @property
    def energy_meters(self) -> Registry[EnergyMeter]:
        """Energy meters keyed by ``id``; each counts kWh since the plant started
        (:attr:`~aiocamedomotic.models.EnergyMeter.energy_kwh`)."""
        return cast("Registry[EnergyMeter]", self.registry("energy_meters"))

    @property
    def loadsctrl_controllers(self) -> Registry[LoadsCtrlMeter]:
        """Load controllers keyed by ``id``."""
        return cast("Registry[LoadsCtrlMeter]", self.registry("loadsctrl_controllers"))

    @property
    def loadsctrl_loads(self) -> Registry[LoadsCtrlRelay]:
        """Loads of every load controller keyed by load ``id`` (fetched per controller)."""
        return cast("Registry[LoadsCtrlRelay]", self.registry("loadsctrl_loads"))

    # experimental, [reverse-engineered] families (PROTOCOL.md §4.14, §4.19)

    @property
    def irrigation_sectors(self) -> Registry[Irrigation]:
        """Irrigation sectors keyed by ``id`` (experimental)."""
        return cast("Registry[Irrigation]", self.registry("irrigation_sectors"))

    @property
    def security_centrals(self) -> Registry[SecurityCentral]:
        """The alarm central(s) keyed by ``central_id`` (only 0 is known) (experimental)."""
        return cast("Registry[SecurityCentral]", self.registry("security_centrals"))

    @property
    def security_areas(self) -> Registry[SecurityArea]:
        """Security areas keyed by ``area_id`` (experimental)."""
        return cast("Registry[SecurityArea]", self.registry("security_areas"))

    @property
    def security_inputs(self) -> Registry[SecurityInput]:
        """Security inputs keyed by ``input_id`` (experimental)."""
        return cast("Registry[SecurityInput]", self.registry("security_inputs"))

    @property
    def security_outputs(self) -> Registry[SecurityOutput]:
        """Security outputs (sirens) keyed by ``output_id`` (experimental)."""
        return cast("Registry[SecurityOutput]", self.registry("security_outputs"))

    @property
    def security_scenarios(self) -> Registry[SecurityScenario]:
        """Security scenarios keyed by ``scenario_id`` (experimental)."""
        return cast("Registry[SecurityScenario]", self.registry("security_scenarios"))

    def __repr__(self) -> str:
        sizes = ", ".join(f"{key}={len(reg)}" for key, reg in self._registries.items() if reg)
        return f"<LivePlant {self._state.value} {sizes}>"

    # ------------------------------------------------------------------ subscriptions

    def subscribe(
        self,
        callback: EventCallback,
        *,
        family: str | None = None,
        entity: CameEntity | None = None,
    ) -> Unsubscribe:
        """Call ``callback`` with every matching event.

        Without filter, every event (entities, connection, plant reloads) is delivered.
        ``family`` limits it to the entity events of one family, ``entity`` to those of one
        entity. A coroutine function is run as a task tracked by the plant (cancelled by
        :meth:`async_stop`). A handler that raises is logged and never stops the others.

        Args:
            callback: a function taking the event; may be ``async``.
            family: only entity events of this family (e.g. ``"lights"``).
            entity: only entity events of this object (one of the registries' objects).

        Returns:
            A function cancelling the subscription: idempotent, and safe to call from
            inside any handler.

        Raises:
            ValueError: if ``family`` is unknown, ``entity`` is not held by a registry, or
                both are given.
        """
        return self._bus.subscribe(callback, self._filter_key(family, entity))

    def subscribe_connection(
        self, callback: Callable[[ConnectionChanged], Awaitable[None] | None]
    ) -> Unsubscribe:
        """Call ``callback`` with every :class:`~aiocamedomotic.events.ConnectionChanged`.

        Args:
            callback: a function taking the event; may be ``async``.

        Returns:
            An idempotent unsubscribe function (safe inside a handler).
        """
        # The bus only routes ConnectionChanged events to this key.
        return self._bus.subscribe(cast(EventCallback, callback), ("connection",))

    def events(
        self,
        *,
        family: str | None = None,
        entity: CameEntity | None = None,
        maxsize: int | None = None,
    ) -> EventStream:
        """Return an async iterator over the matching events (same filters as subscribe).

        The stream subscribes immediately and buffers up to ``maxsize`` events (dropping
        the oldest when full). It ends when closed (``async with`` exit, ``aclose()``) or
        when the live plant stops.

        Args:
            family: only entity events of this family.
            entity: only entity events of this object.
            maxsize: queue size (default: the plant's ``events_maxsize``).

        Returns:
            The event stream.

        Raises:
            ValueError: on a bad filter or a ``maxsize`` lower than 1.
        """
        key = self._filter_key(family, entity)
        stream = EventStream(
            lambda callback: self._bus.subscribe(callback, key),
            maxsize=self._options.events_maxsize if maxsize is None else maxsize,
            on_close=self._streams.discard,
        )
        if self._stopped:
            stream.close()
        else:
            self._streams.add(stream)
        return stream

    async def async_wait_for(
        self,
        condition: Callable[[], object],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 (a documented convenience)
    ) -> None:
        """Wait until ``condition()`` is true, checking it now and after every event.

        Example: ``await plant.async_wait_for(lambda: plant.lights[12].status ==
        LightStatus.ON)``. A :class:`LookupError` raised by the condition (the entity is
        not there yet) counts as "not yet".

        Args:
            condition: a function without arguments.
            timeout: seconds to wait at most.

        Raises:
            ValueError: if ``timeout`` is not a number of seconds in (0, 86400].
            TimeoutError: if the condition is still false after ``timeout``.
            CameDomoticError: if the live plant stops meanwhile.
        """

        def check(_event: LiveEvent | None = None) -> bool:
            try:
                return bool(condition())
            except LookupError:
                return False

        limit = check_timeout(timeout, "timeout")
        if check():
            return
        await self._async_wait(check, limit)

    async def async_wait_for_event(
        self,
        match: Callable[[LiveEvent], object],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 (a documented convenience)
    ) -> LiveEvent:
        """Wait for the next event for which ``match(event)`` is true.

        Args:
            match: a predicate on events.
            timeout: seconds to wait at most.

        Returns:
            The first matching event published after the call.

        Raises:
            ValueError: if ``timeout`` is not a number of seconds in (0, 86400].
            TimeoutError: if no such event arrives within ``timeout``.
            CameDomoticError: if the live plant stops meanwhile.
        """
        limit = check_timeout(timeout, "timeout")
        result: LiveEvent = await self._async_wait(lambda event: bool(match(event)), limit)
        return result

    async def _async_wait(self, check: Callable[[Any], bool], limit: float) -> Any:
        if self._stopped:
            raise CameDomoticError("the live plant is stopped")
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        def on_event(event: LiveEvent) -> None:
            if not future.done() and check(event):
                future.set_result(event)

        unsubscribe = self._bus.subscribe(on_event)
        self._waiters.add(future)
        try:
            async with asyncio.timeout(limit):
                return await future
        finally:
            unsubscribe()
            self._waiters.discard(future)

    def _filter_key(self, family: str | None, entity: CameEntity | None) -> Any:
        if family is not None and entity is not None:
            raise ValueError("pass either family or entity, not both")
        if entity is not None:
            fam, key = entity._FAMILY, entity.key
            registry = self._registries.get(fam)
            if registry is None or registry.get(key) is not entity:
                raise ValueError("entity must be an object held by one of the registries")
            return ("entity", fam, key)
        if family is not None:
            self.registry(family)  # validates the name
            return ("family", family)
        return ("all",)

    # ------------------------------------------------------------- async_get_updates

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
            CameDomoticError: if the live plant is stopped.
        """
        wait = self._api.command_timeout if timeout is None else check_timeout(timeout, "timeout")
        buffer = self._raw_buffer
        try:
            async with asyncio.timeout(wait):
                while not buffer:
                    if self._stopped:
                        raise CameDomoticError("the live plant is stopped")
                    self._raw_ready.clear()
                    await self._raw_ready.wait()
        except TimeoutError:
            raise CameDomoticServerTimeoutError(
                f"no status update within {wait} s (served by the live plant)"
            ) from None
        updates = UpdateList(buffer)
        buffer.clear()
        return updates

    # ------------------------------------------------------------------ start / stop

    async def _async_start(self) -> None:
        """Fetch everything, then start the poll task. Raises what the fetch raises."""
        self._set_state(ConnectionState.CONNECTING, "starting")
        try:
            await self._async_resync(None, initial=True)
        except BaseException:
            self._stopped = True
            self._closed.set()
            self._set_state(ConnectionState.CLOSED, "start failed")
            raise
        self._set_state(ConnectionState.CONNECTED, "started")
        self._task = asyncio.create_task(self._async_run(), name="aiocamedomotic-live-poll")

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
        self._stopped = True
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

    async def _async_teardown(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait([task])
        self._set_state(ConnectionState.CLOSED, "stopped")
        for stream in tuple(self._streams):
            stream.close()
        for future in tuple(self._waiters):
            if not future.done():
                future.set_exception(CameDomoticError("the live plant stopped"))
        self._raw_ready.set()
        await self._bus.async_close(spare=self._stoppers)
        for registry in self._registries.values():
            for entity in registry.values():
                entity._change_listener = None
                entity.available = False
        self._api._live_plant_stopped(self)
        self._closed.set()

    async def __aenter__(self) -> LivePlant:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.async_stop()

    # ------------------------------------------------------------------ the poll loop

    async def _async_run(self) -> None:
        """Poll forever; handle every failure. Ends only on AUTH_FAILED or cancellation."""
        clock = self._options.clock
        min_interval = self._options.min_poll_interval
        failures = 0  # consecutive failed rounds (drives the backoff and the log level)
        losses = 0  # consecutive session losses without a successful poll in between
        need_full = False
        plant_reload = False
        dirty: set[str] = set()
        while True:
            poll_started: float | None = None
            try:
                if self._api.auth.client_id != self._session_marker:
                    # A login happened since the last resync (session lost, re-login by a
                    # concurrent command): the old session's queued indications are gone,
                    # so the registries may be stale (PROTOCOL.md §2.10, §5.2).
                    need_full = True
                if need_full or dirty:
                    added, removed = await self._async_resync(None if need_full else dirty)
                    if plant_reload:
                        self._bus.publish(PlantReloaded(added=added, removed=removed))
                    need_full = plant_reload = False
                    dirty.clear()
                if failures:
                    _LOGGER.info("Connection to the CAME server restored; plant resynced")
                    failures = 0
                self._set_state(ConnectionState.CONNECTED, "resynced")
                poll_started = clock.now()
                batch = await self._async_poll()
                losses = 0
                reload_now, families = self._dispatch(batch)
                need_full = need_full or reload_now
                plant_reload = plant_reload or reload_now
                dirty |= families
                if not any(isinstance(raw, dict) for raw in batch):
                    # No indication (an idle poll, or junk) answered at once: wait out the
                    # minimum interval rather than poll again in a busy loop. A poll that
                    # brought indications is followed by the next one without delay.
                    remaining = poll_started + min_interval - clock.now()
                    if remaining > 0:
                        _LOGGER.debug("Empty poll answered at once: next in %.2f s", remaining)
                        await clock.sleep(remaining)
            except asyncio.CancelledError:
                raise
            except CameDomoticServerError as err:
                held = poll_started is not None and clock.now() - poll_started >= min_interval
                if err.ack_code in _SESSION_LOST and (losses == 0 or held):
                    # Session expired or server rebooted (ACK 7/8): log in again and
                    # resync, silently. A loss answered at once to the poll that follows a
                    # re-login goes through the backoff, so a misbehaving server cannot make
                    # us spin; one reported by a held poll is a new, genuine loss.
                    _LOGGER.debug("Session lost (ACK %s): logging in again", err.ack_code)
                    losses += 1
                    need_full = True
                    continue
                failures += 1
                need_full = True
                await self._async_backoff(failures, _describe(err))
            except CameDomoticAuthError as err:
                if isinstance(err, CameDomoticTooManySessionsError):
                    failures += 1
                    need_full = True
                    await self._async_backoff(failures, "the server's session table is full")
                    continue
                _LOGGER.error(
                    "The CAME server rejected the credentials: the live plant stops "
                    "retrying; update the credentials and start it again"
                )
                self._mark_unavailable()
                self._set_state(ConnectionState.AUTH_FAILED, "credentials rejected")
                return
            except Exception as err:  # the poll task must never die
                if self._auth_disposed():
                    _LOGGER.debug("The API was disposed: the live plant stops polling")
                    self._mark_unavailable()
                    self._set_state(ConnectionState.CLOSED, "API disposed")
                    return
                failures += 1
                need_full = True
                if not isinstance(err, CameDomoticError):
                    _LOGGER.exception("Unexpected error in the live plant loop")
                await self._async_backoff(failures, _describe(err))

    async def _async_poll(self) -> list[Any]:
        """Run one long poll; an idle poll (timeout or empty answer) gives ``[]``."""
        server_timeout = math.ceil(self._options.poll_timeout)
        try:
            # Sent once: a lost session is reported to the loop, which resyncs after the
            # new login (a silent resend would hide the gap, PROTOCOL.md §2.10).
            response = await self._api.auth.async_send_command_once(
                # ``timeout`` asks the server to answer an idle poll with [] in time
                # (PROTOCOL.md §5.1/§5.2, [reverse-engineered]); no answer name is checked
                # because some firmware reply to an idle poll with generic_reply (§5.2).
                {"cmd_name": "status_update_req", "timeout": server_timeout},
                timeout=server_timeout + self._options.poll_grace,
            )
        except CameDomoticServerTimeoutError:
            _LOGGER.debug("Idle long poll: polling again")
            return []
        result = response.get("result")
        return result if isinstance(result, list) else []

    async def _async_backoff(self, failures: int, reason: str) -> None:
        delay = self._options.reconnect.delay(failures)
        if failures == 1:
            _LOGGER.warning(
                "Lost the connection to the CAME server (%s); retrying in %.1f s",
                reason,
                delay,
            )
            self._mark_unavailable()
        else:
            _LOGGER.debug(
                "Reconnection attempt %d failed (%s); next in %.1f s", failures, reason, delay
            )
        self._set_state(ConnectionState.RECONNECTING, reason)
        await self._options.clock.sleep(delay)

    def _auth_disposed(self) -> bool:
        auth = self._api.auth
        return auth.cipher_suite is None or auth.websession.closed

    # ------------------------------------------------------------------ dispatch

    def _dispatch(self, batch: Iterable[Any]) -> tuple[bool, set[str]]:
        """Apply one poll's indications; return (plant reloaded?, families to resync)."""
        reload_plant = False
        dirty: set[str] = set()
        for raw in batch:
            if not isinstance(raw, dict):
                continue
            self._raw_buffer.append(raw)
            self._raw_ready.set()
            name = raw.get("cmd_name")
            family = self._routes.get(name) if isinstance(name, str) else None
            if family is None:
                if name == UpdateIndicator.PLANT:
                    reload_plant = True
                else:
                    self._log_unknown(name)
                continue
            if name in _REFRESH_ONLY:
                dirty.add(family.key)
                continue
            # one entity per indication, except deltas such as sicu_areas_status_ind (§5.5)
            targets = _TARGETS.get(family.key) or (family.key,)
            for item in family.items_of(raw):
                entity_id = family.key_of(item)
                matched = False
                if entity_id is not None:
                    for key in targets:  # every family holding the id is updated
                        matched = self._push(key, entity_id, item) or matched
                if not matched:
                    # An id we do not know: the family changed behind our back. Its list is
                    # fetched again once this batch is applied (one fetch per family per
                    # batch).
                    _LOGGER.debug("Indication %s for an unknown %s id", name, family.key)
                    dirty.add(family.key)
        return reload_plant, dirty

    def _push(self, family: str, entity_id: int, raw: Mapping[str, Any]) -> bool:
        """Apply one indication to one registry's entity; False if it holds no such id."""
        entity = self._registries[family].get(entity_id)
        if entity is None:
            return False
        try:
            changed = self._apply(entity, raw, UpdateSource.PUSH)
        except Exception:
            _LOGGER.exception("Could not apply an indication to %s %s", family, entity_id)
            return True
        self._bus.publish(EntityUpdated(entity, family, entity_id, changed, UpdateSource.PUSH))
        return True

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

    def _apply(self, entity: CameEntity, raw: Mapping[str, Any], source: str) -> frozenset[str]:
        self._applying = True
        try:
            return entity.apply_update(raw, source=source)
        finally:
            self._applying = False

    def _on_entity_change(self, entity: CameEntity, changed: frozenset[str], source: str) -> None:
        """Change listener of every held entity: publishes command-driven changes."""
        if self._applying or self._stopped:
            return
        try:
            origin = UpdateSource(source)
        except ValueError:
            origin = UpdateSource.COMMAND
        self._bus.publish(EntityUpdated(entity, entity._FAMILY, entity.key, changed, origin))

    # ------------------------------------------------------------------ resync

    async def _async_resync(
        self, families: Iterable[str] | None, *, initial: bool = False
    ) -> tuple[int, int]:
        """Fetch lists and diff them into the registries; return (added, removed).

        ``families=None`` is a full resync: the server information (features) is fetched
        again too, and the families the server no longer lists are emptied.
        """
        api = self._api
        marker = api.auth.client_id
        if families is None:
            self.server_info = await api.async_get_server_info()
            selected = list(self._families.values())
        else:
            selected = [self._families[key] for key in families]
        info = self.server_info
        assert info is not None  # fetched by the first (full) resync
        offered = set(info.features)
        # One request per list command: thermo zones and analog sensors share
        # thermo_list_req (PROTOCOL.md §4.8.5). Families the server does not offer are
        # merged with an empty list, so a feature that disappeared removes its entities.
        requests: dict[str, dict[str, Any]] = {}
        for spec in selected:
            if spec.feature in offered and spec.parent is None:
                requests.setdefault(spec.list_cmd, spec.build_request(api.auth.current_username))
        commands = list(requests)
        responses = await _gather([api.auth.async_send_command(requests[cmd]) for cmd in commands])
        by_cmd = dict(zip(commands, responses, strict=True))
        if not marker:
            marker = api.auth.client_id
        added = removed = 0
        # children last: their lists are asked per parent entity, once the parents merged
        for spec in sorted(selected, key=lambda spec: spec.parent is not None):
            if spec.parent is not None:
                entities = await self._async_fetch_children(spec, offered)
            else:
                response = by_cmd.get(spec.list_cmd)
                entities = [] if response is None else spec.parse_response(response, api.auth)
            a, r = self._merge(spec, entities, publish=not initial)
            added += a
            removed += r
        # Mark the session whose indications the registries now reflect. If a login
        # happened during the fetch, the first poll sees the difference and resyncs again.
        self._session_marker = marker or api.auth.client_id
        return added, removed

    async def _async_fetch_children(
        self, spec: FamilySpec[Any], offered: set[str]
    ) -> list[CameEntity]:
        """One list request per held parent entity (loads per controller, §4.13)."""
        if spec.parent is None or spec.feature not in offered:
            return []
        auth = self._api.auth
        parents = list(self._registries[spec.parent])
        responses = await _gather(
            [auth.async_send_command(spec.build_request(None, ident)) for ident in parents]
        )
        return [
            entity
            for ident, response in zip(parents, responses, strict=True)
            for entity in spec.parse_children(response, auth, ident)
        ]

    def _merge(
        self, family: FamilySpec[Any], entities: Sequence[CameEntity], *, publish: bool
    ) -> tuple[int, int]:
        registry = self._registries[family.key]
        keycode = self.server_info.keycode if self.server_info else None
        fresh: dict[int, CameEntity] = {}
        for entity in entities:
            entity_id = family.key_of(entity.raw_data)
            if entity_id is not None:
                fresh[entity_id] = entity
        events: list[LiveEvent] = []
        removed = [entity_id for entity_id in registry if entity_id not in fresh]
        for entity_id in removed:
            gone = registry._pop(entity_id)
            gone._change_listener = None
            gone.available = False
            events.append(EntityRemoved(gone, family.key, entity_id))
        added = 0
        for entity_id, new in fresh.items():
            current = registry.get(entity_id)
            if current is None:
                new._keycode = keycode
                new._change_listener = self._on_entity_change
                new.available = True
                registry._set(entity_id, new)
                events.append(EntityAdded(new, family.key, entity_id))
                added += 1
                continue
            changed = self._apply(current, new.raw_data, UpdateSource.RESYNC)
            current._keycode = keycode
            current.available = True
            if changed:
                events.append(
                    EntityUpdated(current, family.key, entity_id, changed, UpdateSource.RESYNC)
                )
        if publish:
            for event in events:
                self._bus.publish(event)
        return added, len(removed)

    def _mark_unavailable(self) -> None:
        for registry in self._registries.values():
            for entity in registry.values():
                entity.available = False

    def _set_state(self, state: ConnectionState, reason: str | None) -> None:
        if state == self._state:
            return
        previous, self._state, self._reason = self._state, state, reason
        self._bus.publish(ConnectionChanged(state=state, previous=previous, reason=reason))


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


async def _gather(coros: Sequence[Any]) -> list[Any]:
    """Run the fetches concurrently; if any fails, raise the most meaningful error.

    Unlike a bare ``gather``, no fetch is left running when one fails, and an auth error
    wins over the network errors it caused.
    """
    results = await asyncio.gather(*coros, return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    if errors:
        for err in errors:
            if isinstance(err, CameDomoticAuthError | asyncio.CancelledError):
                raise err
        raise errors[0]
    return results


def _describe(err: BaseException) -> str:
    """A short reason for logs and events: the error's class and message (no secrets)."""
    text = str(err)
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
