"""Public events of the live layer: frozen, slotted dataclasses delivered to subscribers.

Layer: public, pure data (no I/O). :class:`~aiocamedomotic.live.LivePlant` publishes:

* :class:`EntityAdded` - an entity appeared (initial fetch is silent; later resyncs are not);
* :class:`EntityUpdated` - an entity changed in place; ``changed`` names the public
  properties whose value changed and ``source`` tells where the change came from;
* :class:`EntityRemoved` - an entity vanished from the server (its ``available`` is now
  ``False`` and the registry no longer holds it);
* :class:`ConnectionChanged` - the :class:`~aiocamedomotic.connection.ConnectionState`
  changed;
* :class:`PlantReloaded` - the server announced a configuration change
  (``plant_update_ind``) and the registries were fetched again.

``LiveEvent`` is the union of all of them, handy for ``match`` statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, TypeAlias

from .connection import ConnectionState

if TYPE_CHECKING:
    from .models import CameEntity

__all__ = [
    "ConnectionChanged",
    "EntityAdded",
    "EntityEvent",
    "EntityRemoved",
    "EntityUpdated",
    "LiveEvent",
    "PlantReloaded",
    "UpdateSource",
]


class UpdateSource(StrEnum):
    """Where an :class:`EntityUpdated` comes from (a ``StrEnum``: compares equal to str)."""

    PUSH = "push"
    """An indication received through the long poll (also the echo of our own commands)."""
    COMMAND = "command"
    """A command sent through this library succeeded and updated the object at once."""
    RESYNC = "resync"
    """A full or per-family list fetch after a gap found a difference."""


@dataclass(frozen=True, slots=True)
class EntityAdded:
    """An entity appeared on the server after the live plant started.

    Attributes:
        entity: the model object, now held by the family's registry.
        family: the family key (``"lights"``, ``"openings"``, ...).
        entity_id: the server id keying the entity in its registry.
    """

    entity: CameEntity
    family: str
    entity_id: int


@dataclass(frozen=True, slots=True)
class EntityUpdated:
    """An entity held by a registry changed in place.

    Events are immutable values: two equal pushed events may be the same object (the live
    layer reuses the event of an entity and set of changed names it published before).

    Attributes:
        entity: the model object (the same object for the whole session).
        family: the family key.
        entity_id: the server id.
        changed: names of the public properties whose value changed. May be empty for a
            pushed indication that confirms the known state (e.g. the echo of a command
            that already updated the object).
        source: where the change came from.
    """

    entity: CameEntity
    family: str
    entity_id: int
    changed: frozenset[str]
    source: UpdateSource


@dataclass(frozen=True, slots=True)
class EntityRemoved:
    """An entity vanished from the server; it was dropped from its registry.

    Attributes:
        entity: the model object (its ``available`` is now ``False``).
        family: the family key.
        entity_id: the server id.
    """

    entity: CameEntity
    family: str
    entity_id: int


@dataclass(frozen=True, slots=True)
class ConnectionChanged:
    """The live plant's connection state changed.

    Attributes:
        state: the new state.
        previous: the state before the change.
        reason: a short human-readable reason (never contains a secret), or ``None``.
    """

    state: ConnectionState
    previous: ConnectionState
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class PlantReloaded:
    """The server announced a plant configuration change and the registries were refetched.

    Published after the :class:`EntityAdded` / :class:`EntityUpdated` /
    :class:`EntityRemoved` events of that resync.

    Attributes:
        added: number of entities added by the reload.
        removed: number of entities removed by the reload.
    """

    added: int
    removed: int


LiveEvent: TypeAlias = (
    EntityAdded | EntityUpdated | EntityRemoved | ConnectionChanged | PlantReloaded
)
"""Any event the live plant publishes."""

#: Events that concern one entity.
EntityEvent: TypeAlias = EntityAdded | EntityUpdated | EntityRemoved
