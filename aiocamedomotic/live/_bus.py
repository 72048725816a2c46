"""Live layer: the event bus (subscriptions, tracked async handlers, bounded event streams).

Every subscription is indexed by what it listens to (everything, one family, one entity,
the connection), so publishing an entity event touches only the interested handlers, which
are called in subscription order. The handlers to call are snapshotted before any is called
and each is re-checked just before its call: a handler may unsubscribe itself or others (or
subscribe new ones) safely.
"""

from __future__ import annotations

import asyncio
import collections
import inspect
import itertools
import logging
from collections.abc import Awaitable, Callable, Collection, Hashable, Iterable
from typing import Any, TypeAlias

from ..events import (
    ConnectionChanged,
    EntityAdded,
    EntityEvent,
    EntityRemoved,
    EntityUpdated,
    LiveEvent,
)

_LOGGER = logging.getLogger(__name__)

EventCallback: TypeAlias = Callable[[LiveEvent], Awaitable[None] | None]
"""A subscriber: a plain function, or a coroutine function run as a tracked task."""

Unsubscribe: TypeAlias = Callable[[], None]
"""Cancels a subscription; idempotent and safe to call from inside any handler."""

#: Largest event queue of a stream: a bound on the memory a slow consumer can hold.
MAX_QUEUE_SIZE = 1_000_000

#: Index keys: ``_ALL`` for every event, ``("connection",)``, ``("family", name)``,
#: ``("entity", name, id)``.
_ALL: Hashable = ("all",)
_CONNECTION: Hashable = ("connection",)
#: Most entities whose merged handlers the bus keeps (beyond, it starts again).
_HANDLERS_CAP = 8192


class _Subscription:
    __slots__ = ("active", "callback", "key", "token")

    def __init__(self, token: int, key: Hashable, callback: EventCallback) -> None:
        self.token = token
        self.key = key
        self.callback = callback
        self.active = True


def check_queue_size(value: object, name: str) -> int:
    """Check a queue size argument: an int (not a bool) in ``1..MAX_QUEUE_SIZE``.

    Args:
        value: the value given by the caller.
        name: the argument's name, for the message.

    Returns:
        The size.

    Raises:
        ValueError: if ``value`` is not such an int.
    """
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_QUEUE_SIZE:
        return value
    raise ValueError(f"{name} must be an int in 1..{MAX_QUEUE_SIZE}, got {value!r}")


def _token(sub: _Subscription) -> int:
    return sub.token


class EventBus:
    """Dispatches live events to subscribers; owns the tasks of coroutine handlers."""

    def __init__(self) -> None:
        self._index: dict[Hashable, dict[int, _Subscription]] = {}
        #: Entity event (family, entity id) -> its handlers in subscription order, computed on
        #: the first event of that entity; emptied on every (un)subscription.
        self._entity_handlers: dict[tuple[str, Any], tuple[_Subscription, ...]] = {}
        self._counter = itertools.count()
        self._tasks: set[asyncio.Task[None]] = set()

    def subscribe(self, callback: EventCallback, key: Hashable = _ALL) -> Unsubscribe:
        """Register ``callback`` for the events matching ``key`` (see the module keys)."""
        token = next(self._counter)
        sub = _Subscription(token, key, callback)
        self._index.setdefault(key, {})[token] = sub
        self._entity_handlers = {}

        def unsubscribe() -> None:
            sub.active = False
            self._entity_handlers = {}
            subs = self._index.get(key)
            if subs is not None:
                subs.pop(token, None)
                if not subs:
                    del self._index[key]

        return unsubscribe

    def publish(self, event: LiveEvent) -> None:
        """Call every matching handler; a failing handler is logged and skipped."""
        if isinstance(event, EntityAdded | EntityUpdated | EntityRemoved):
            self.publish_entity(event)
            return
        keys: list[Hashable] = [_ALL]
        if isinstance(event, ConnectionChanged):
            keys.append(_CONNECTION)
        self._deliver(self._matching(keys), event)

    def publish_entity(self, event: EntityEvent) -> None:
        """:meth:`publish` for an entity event (what the family controllers publish).

        The live layer's hot path: the entity's handlers are merged once and kept (a tuple,
        so the snapshot that handlers may (un)subscribe against is free).
        """
        entity = (event.family, event.entity_id)
        handlers = self._entity_handlers.get(entity)
        if handlers is None:
            if len(self._entity_handlers) >= _HANDLERS_CAP:  # ids of removed entities
                self._entity_handlers = {}
            handlers = self._entity_handlers[entity] = tuple(
                self._matching([_ALL, ("family", entity[0]), ("entity", *entity)])
            )
        self._deliver(handlers, event)

    def _matching(self, keys: list[Hashable]) -> list[_Subscription]:
        """A snapshot of the handlers of ``keys``: handlers may (un)subscribe while they are
        called. They are called in subscription order, whatever key they listen to (a single
        bucket already is)."""
        index = self._index
        buckets = [subs for key in keys if (subs := index.get(key))]
        if len(buckets) == 1:
            return list(buckets[0].values())
        return sorted((sub for subs in buckets for sub in subs.values()), key=_token)

    def _deliver(self, handlers: Iterable[_Subscription], event: LiveEvent) -> None:
        """Call the still active ``handlers`` with ``event``; a coroutine handler's result
        runs as a tracked task."""
        for sub in handlers:
            if not sub.active:  # unsubscribed by a handler called before it
                continue
            try:
                result = sub.callback(event)
            except Exception:
                _LOGGER.exception("Live event handler %r failed on %s", sub.callback, type(event))
                continue
            if result is not None and inspect.isawaitable(result):
                task = asyncio.ensure_future(result)
                self._tasks.add(task)
                task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            _LOGGER.error("Live event handler task failed", exc_info=exc)

    async def async_close(self, *, spare: Collection[asyncio.Task[Any]] = ()) -> None:
        """Drop every subscription and cancel (then await) the running handler tasks.

        Args:
            spare: tasks left alone: the handlers that are themselves stopping the plant
                (cancelling one would cancel its own stop; awaiting it, wait for itself).
        """
        for subs in self._index.values():
            for sub in subs.values():
                sub.active = False
        self._index.clear()
        self._entity_handlers = {}
        current = asyncio.current_task()
        tasks = tuple(task for task in self._tasks if task is not current and task not in spare)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)


class EventStream:
    """Async iterator over live events, backed by a bounded queue.

    Subscribes at construction, so no event published after it was created is missed. When
    the queue is full the oldest event is dropped (logged once per stream). The iteration
    ends when the stream is closed (:meth:`aclose`, leaving an ``async with`` block) or the
    live plant stops.

    Example::

        async with live.events(family="lights") as stream:
            async for event in stream:
                print(event)
    """

    def __init__(
        self,
        subscribe: Callable[[EventCallback], Unsubscribe],
        *,
        maxsize: int,
        on_close: Callable[[EventStream], None] | None = None,
    ) -> None:
        self._queue: collections.deque[LiveEvent] = collections.deque(
            maxlen=check_queue_size(maxsize, "maxsize")
        )
        self._wakeup = asyncio.Event()
        self._closed = False
        self._dropped_logged = False
        self._on_close = on_close
        self._unsubscribe = subscribe(self._push)

    def _push(self, event: LiveEvent) -> None:
        if len(self._queue) == self._queue.maxlen and not self._dropped_logged:
            self._dropped_logged = True
            _LOGGER.warning(
                "Live event stream is full (%d events): dropping the oldest events; "
                "consume faster or pass a larger maxsize",
                self._queue.maxlen,
            )
        self._queue.append(event)
        self._wakeup.set()

    def close(self) -> None:
        """Stop the stream: pending events are still delivered, then iteration ends."""
        if self._closed:
            return
        self._closed = True
        self._unsubscribe()
        self._wakeup.set()
        if self._on_close is not None:
            self._on_close(self)

    async def aclose(self) -> None:
        """Close the stream (coroutine form, for symmetry with async generators)."""
        self.close()

    def __aiter__(self) -> EventStream:
        return self

    async def __anext__(self) -> LiveEvent:
        while not self._queue:
            if self._closed:
                raise StopAsyncIteration
            self._wakeup.clear()
            await self._wakeup.wait()
        return self._queue.popleft()

    async def __aenter__(self) -> EventStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()
