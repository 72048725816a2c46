"""Live layer: the subscription surface of a live plant - handlers, event streams, waits.

:class:`PlantEvents` publishes through one :class:`~._bus.EventBus` and adds what callers
use on top of it: filtered subscriptions, bounded event streams and waits for a condition
or an event. Stopping the plant ends the streams and fails the pending waits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Hashable, Mapping
from typing import Any, cast

from .._transport import check_timeout
from ..errors import CameDomoticStateError
from ..events import ConnectionChanged, LiveEvent
from ..models.base import CameEntity
from ._bus import EventBus, EventCallback, EventStream, Unsubscribe
from ._registry import Registry
from ._views import FamilyViews


class PlantEvents(FamilyViews):
    """Subscriptions to the events of a live plant (and its registries, see the base class).

    Args:
        bus: the bus the plant's components publish to.
        registries: the registries, by family key.
        events_maxsize: the default queue size of :meth:`events` streams.
    """

    def __init__(
        self, bus: EventBus, registries: Mapping[str, Registry[Any]], events_maxsize: int
    ) -> None:
        super().__init__(registries)
        self._bus = bus
        self._events_maxsize = events_maxsize
        self._streams: set[EventStream] = set()
        self._waiters: set[asyncio.Future[Any]] = set()
        self._stopped = False  # set when the plant starts stopping (or failed to start)

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
            maxsize=self._events_maxsize if maxsize is None else maxsize,
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
            CameDomoticStateError: if the live plant stops meanwhile.
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
            CameDomoticStateError: if the live plant stops meanwhile.
        """
        limit = check_timeout(timeout, "timeout")
        result: LiveEvent = await self._async_wait(lambda event: bool(match(event)), limit)
        return result

    async def _async_wait(self, check: Callable[[Any], bool], limit: float) -> Any:
        if self._stopped:
            raise CameDomoticStateError("the live plant is stopped")
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

    def _filter_key(self, family: str | None, entity: CameEntity | None) -> Hashable:
        if family is not None and entity is not None:
            raise ValueError("pass either family or entity, not both")
        if entity is not None:
            entity_id = entity.key if isinstance(entity, CameEntity) else None
            for key, registry in self.registries.items():
                if entity_id is not None and registry.get(entity_id) is entity:
                    return ("entity", key, entity_id)
            raise ValueError("entity must be an object held by one of the registries")
        if family is not None:
            self.registry(family)  # validates the name
            return ("family", family)
        return ("all",)

    async def _async_close_events(self, *, spare: Collection[asyncio.Task[Any]]) -> None:
        """End the streams, fail the pending waits, drop every subscription and cancel the
        running async handlers, except the ``spare`` tasks (see :meth:`EventBus.async_close
        <._bus.EventBus.async_close>`)."""
        for stream in tuple(self._streams):
            stream.close()
        for future in tuple(self._waiters):
            if not future.done():
                future.set_exception(CameDomoticStateError("the live plant stopped"))
        await self._bus.async_close(spare=spare)
