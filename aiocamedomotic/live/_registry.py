"""Live layer: a read-only registry of the entities of one family, keyed by server id.

A registry is a ``Mapping`` view of the dictionary its family controller writes (the
controller is the only writer); the objects keep their identity for the whole session.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar, overload

T = TypeVar("T")
D = TypeVar("D")


class Registry(Mapping[int, T], Generic[T]):
    """Read-only mapping ``server id -> model object`` of one family.

    The objects are the documented model classes (``Light``, ``Opening``, ...): their
    command methods work as usual, and the live plant updates them in place.

    Args:
        family: the family key.
        items: the dictionary this registry shows (default: a new, empty one). Whoever
            passes it keeps writing it; the registry only reads.

    Attributes:
        family: the family key (``"lights"``, ``"openings"``, ...).
    """

    __slots__ = ("_items", "family")

    def __init__(self, family: str, items: dict[int, T] | None = None) -> None:
        self.family = family
        self._items: dict[int, T] = {} if items is None else items

    def __getitem__(self, entity_id: int) -> T:
        return self._items[entity_id]

    @overload
    def get(self, entity_id: int, /) -> T | None: ...

    @overload
    def get(self, entity_id: int, /, default: T | D) -> T | D: ...

    def get(self, entity_id: int, /, default: object = None) -> object:
        """The entity with that id, or ``default`` (a plain dict lookup)."""
        return self._items.get(entity_id, default)

    def __iter__(self) -> Iterator[int]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"<Registry {self.family}: {len(self._items)} entities>"
