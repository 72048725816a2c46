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

Inside, each part has one job, and the dependencies point down: the live layer knows the
session only as a protocol (``_session.LiveSession``, which ``Auth`` satisfies) plus a
function fetching the server information, both handed over by the facade, which learns of
a stop through the plant's ``on_stop`` callback.

* ``_controller.FamilyController`` - one per family, generic over the catalogue's
  ``FamilySpec``: the only writer of its registry. It applies pushed indications, resyncs
  (a diff of the fresh list: added, removed, changed) and the local effects of commands,
  and publishes the events.
* ``_resync.PlantSync`` - fetches the lists (one request per list command, children per
  parent) and hands each family's list to its controller.
* ``_connection.LiveConnection`` - the poll loop with its pacing and backoff, and the
  connection state machine; its time comes from the options' clock.
* ``_bus.EventBus``, ``_surface.PlantEvents`` - subscriptions, streams and waits;
  ``_feed.RawFeed`` - the copy of the indication stream behind ``async_get_updates``.
* :class:`LivePlant` composes them and routes each indication to its family's controllers.

How a command's effect reaches the controller: a controller *holds* the entities of its
registry (``CameEntity.hold``). A model method that knows the effect of an acknowledged
command applies it with ``apply_update(effect, source="command")`` as always; on a held
entity that call is handed to the holder, which merges the data and publishes the change
with that source. The controller's own writes (pushes, resyncs) merge directly
(``CameEntity.merge_wire``), so nothing is published twice and no flag has to mute a
listener. Entities keep their identity and their ``auth``; entities outside a live plant
simply merge in place.
"""

from ._bus import EventCallback, EventStream, Unsubscribe
from ._options import LOOP_CLOCK, LiveClock, LiveOptions
from ._registry import Registry
from .plant import LivePlant, LiveStarter

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
