"""Live layer: the controller of one family, the only writer of its registry.

One :class:`FamilyController` is made per family of the catalogue, parametrised by the
family's :class:`~aiocamedomotic.models.catalogue.FamilySpec`. It holds the family's entity
objects (shown read-only by its :class:`~aiocamedomotic.live.Registry`) and is the one place
that changes them: it applies pushed indications (:meth:`~FamilyController.push`), the
effects of commands (:meth:`~FamilyController.apply`: a held entity hands every write to its
holder, see :meth:`CameEntity.hold <aiocamedomotic.models.base.CameEntity.hold>`) and
resyncs (:meth:`~FamilyController.merge`), and publishes the resulting events.

:func:`route_table` maps each indication name to the controllers it updates, as the
catalogue entries declare it (``indications``, ``refresh_on``, ``also_updates``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeAlias

from ..events import EntityAdded, EntityEvent, EntityRemoved, EntityUpdated, UpdateSource
from ..models.base import CameEntity
from ..models.catalogue import EntityT, FamilySpec
from ._registry import Registry

_LOGGER = logging.getLogger(__name__)

_PUSH = UpdateSource.PUSH  # read once: the source of every pushed event (the hot path)
#: Pushed events kept for reuse per controller, as (entity id, changed names) pairs; past
#: this many (a plant of thousands of entities, or changes of ever new shapes) all are
#: dropped and the reuse starts again.
_EVENTS_CAP = 2048


class FamilyController(Generic[EntityT]):
    """Holds the entities of one family and applies every change to them.

    Args:
        spec: the family's catalogue entry.
        publish: where the events go (the plant's event bus, its entity-event entry).

    Attributes:
        spec: the family's catalogue entry.
        key: the family key.
        registry: the read-only view of the held entities, keyed by server id.
    """

    __slots__ = ("_events", "_items", "_open", "_publish", "key", "registry", "spec")

    def __init__(self, spec: FamilySpec[EntityT], publish: Callable[[EntityEvent], None]) -> None:
        self.spec = spec
        self.key = spec.key
        self._items: dict[int, EntityT] = {}
        self.registry: Registry[EntityT] = Registry(spec.key, self._items)
        self._publish = publish
        self._events: dict[tuple[int, frozenset[str]], EntityUpdated] = {}
        self._open = True  # False once the plant stops: command effects are then not published

    def push(self, entity_id: int, raw: Mapping[str, Any]) -> bool:
        """Apply one indication to the held entity ``entity_id`` and publish it.

        Every matched indication is published (``changed`` may be empty: an echo, a repeated
        button press). This is the live layer's hot path: events are immutable values, so
        the event of an (entity, changed names) pair published before is published again
        rather than built anew (building a frozen dataclass costs more than a lookup).

        Returns:
            False if no entity of that id is held (the family changed behind our back).
        """
        entity = self._items.get(entity_id)
        if entity is None:
            return False
        try:
            changed = entity.merge_wire(raw)
        except Exception:
            _LOGGER.exception("Could not apply an indication to %s %s", self.key, entity_id)
            return True
        events = self._events
        event = events.get((entity_id, changed))
        if event is None:
            if len(events) >= _EVENTS_CAP:
                events.clear()
            event = EntityUpdated(entity, self.key, entity_id, changed, _PUSH)
            events[entity_id, changed] = event
        self._publish(event)
        return True

    def apply(self, entity: CameEntity, raw: Mapping[str, Any], source: str) -> frozenset[str]:
        """Apply a change made through a held entity (a command's known effect) and publish
        it when something changed; the holder side of ``CameEntity.apply_update``.

        Args:
            entity: the held entity.
            raw: the wire fields.
            source: where they come from (an :class:`UpdateSource` value; others count as
                ``"command"``).

        Returns:
            The changed property names.
        """
        changed = entity.merge_wire(raw)
        if changed and self._open:
            try:
                origin = UpdateSource(source)
            except ValueError:
                origin = UpdateSource.COMMAND
            self._publish(EntityUpdated(entity, self.key, entity.key, changed, origin))
        return changed

    def merge(
        self, entities: Iterable[EntityT], keycode: str | None, *, publish: bool
    ) -> tuple[int, int]:
        """Diff a freshly fetched list into the registry.

        New ids are added (the fetched objects are held from now on), vanished ids removed
        (their objects become unavailable and are released), surviving objects keep their
        identity and get the fetched data merged in. With ``publish``, one event per
        addition, removal and actual change (``source="resync"``) is published after the
        whole list is merged.

        Args:
            entities: the fetched entities of the family.
            keycode: the server keycode, for the entities' unique ids.
            publish: whether to publish the events (the initial fetch is silent).

        Returns:
            (added, removed) counts.
        """
        key_of = self.spec.key_of
        fresh: dict[int, EntityT] = {}
        for entity in entities:
            entity_id = key_of(entity.raw_data)
            if entity_id is not None:
                fresh[entity_id] = entity
        items = self._items
        events: list[EntityEvent] = []
        removed = [entity_id for entity_id in items if entity_id not in fresh]
        if removed:
            self._events.clear()  # they hold entities no longer held
        for entity_id in removed:
            gone = items.pop(entity_id)
            gone.release()
            gone.available = False
            if publish:
                events.append(EntityRemoved(gone, self.key, entity_id))
        added = 0
        for entity_id, new in fresh.items():
            current = items.get(entity_id)
            if current is None:
                new.hold(self, keycode)
                new.available = True
                items[entity_id] = new
                if publish:  # no event built for the silent first fetch (500 at a start)
                    events.append(EntityAdded(new, self.key, entity_id))
                added += 1
                continue
            changed = current.merge_wire(new.raw_data)
            current.hold(self, keycode)
            current.available = True
            if changed and publish:
                events.append(
                    EntityUpdated(current, self.key, entity_id, changed, UpdateSource.RESYNC)
                )
        for event in events:
            self._publish(event)
        return added, len(removed)

    def mark_unavailable(self) -> None:
        """Mark every held entity unavailable (the link is lost; a resync restores them)."""
        for entity in self._items.values():
            entity.available = False

    def close(self) -> None:
        """Stop publishing the effects of commands: the plant is stopping."""
        self._open = False

    def release_all(self) -> None:
        """Release every held entity and mark it unavailable: the plant stopped."""
        self._events.clear()
        for entity in self._items.values():
            entity.release()
            entity.available = False


#: One indication's route: (family key, id reader, splitter or None, target controllers,
#: primary id key). No target: the indication only asks for the family's list again
#: (``refresh_on``). An int at the id key is the id (what the id reader returns for it).
Route: TypeAlias = tuple[
    str,
    Callable[[Mapping[str, Any]], int | None],
    Callable[[Mapping[str, Any]], list[Mapping[str, Any]]] | None,
    tuple[FamilyController[Any], ...],
    str,
]


def route_table(controllers: Mapping[str, FamilyController[Any]]) -> dict[str, Route]:
    """Map every indication name of the controllers' families to its :data:`Route`.

    An indication updates its own family first, then the held families its entry names in
    ``also_updates``.
    """
    routes: dict[str, Route] = {}
    for key, controller in controllers.items():
        spec = controller.spec
        others = (controllers[other] for other in spec.also_updates if other in controllers)
        targets = (controller, *others)
        for name in spec.indications:
            routes[str(name)] = (key, spec.key_of, spec.split, targets, spec.id_keys[0])
        for name in spec.refresh_on:
            routes[str(name)] = (key, spec.key_of, spec.split, (), spec.id_keys[0])
    return routes
