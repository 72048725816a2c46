"""Live layer: one registry per family kept current by the server's push updates.

Public names:

* :class:`LivePlant` - started by ``await api.async_start_live()`` (or ``async with
  api.live() as plant``), stopped by ``await plant.async_stop()``;
* :class:`LiveOptions` - poll timeout and grace, minimum poll interval, reconnection
  backoff, event queue size, clock;
* :class:`LiveClock` - the time source protocol of the options (default :data:`LOOP_CLOCK`);
* :class:`LiveStarter` - the async context manager returned by ``api.live()``;
* :class:`Registry` - the read-only ``Mapping`` of one family (``plant.lights``...);
* :class:`EventStream` - the async iterator returned by :meth:`LivePlant.events`;
* ``EventCallback`` / ``Unsubscribe`` - the subscriber and unsubscribe function types.

The events are in :mod:`aiocamedomotic.events`, the connection state in
:mod:`aiocamedomotic.connection`.
"""

from ._bus import EventCallback, EventStream, Unsubscribe
from ._registry import Registry
from .plant import LOOP_CLOCK, LiveClock, LiveOptions, LivePlant, LiveStarter

__all__ = [
    "LOOP_CLOCK",
    "EventCallback",
    "EventStream",
    "LiveClock",
    "LiveOptions",
    "LivePlant",
    "LiveStarter",
    "Registry",
    "Unsubscribe",
]
