"""Models layer: floors, rooms and the merged plant topology (PROTOCOL.md §4.3, §3.6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..const import ServerFeature
from ._fields import int_field, str_field, to_int, to_str
from .base import CameEntity


class Floor(CameEntity):
    """Floor entity in the CAME Domotic API.

    Represents a floor in the building structure with its identifier and name.

    Args:
        raw_data: a ``floor_list`` item (``floor_ind``, ``name``).
    """

    _FAMILY: ClassVar[str] = "floors"
    _KEY_FIELD: ClassVar[str] = "id"
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name")

    id = int_field("floor_ind", doc="ID of the floor.")
    name = str_field("name", doc="Name of the floor.")


class Room(CameEntity):
    """Room entity in the CAME Domotic API.

    Represents a room in the building structure with its identifier, name, and the floor it
    belongs to.

    Args:
        raw_data: a ``room_list`` item (``room_ind``, ``name``, ``floor_ind``).
    """

    _FAMILY: ClassVar[str] = "rooms"
    _KEY_FIELD: ClassVar[str] = "id"
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name", "floor_id")

    id = int_field("room_ind", doc="ID of the room.")
    name = str_field("name", doc="Name of the room.")
    floor_id = int_field("floor_ind", doc="ID of the floor this room belongs to.")


@dataclass
class TopologyRoom:
    """A room in the plant topology.

    Lightweight representation used by :class:`PlantTopology` to describe the building
    structure independently of any specific device type.
    """

    id: int
    """Numeric identifier of the room (``room_ind``)."""
    name: str
    """Human-readable name of the room."""


@dataclass
class TopologyFloor:
    """A floor in the plant topology.

    Contains the list of rooms discovered on this floor.
    """

    id: int
    """Numeric identifier of the floor (``floor_ind``)."""
    name: str
    """Human-readable name of the floor."""
    rooms: list[TopologyRoom] = field(default_factory=list)
    """Rooms belonging to this floor."""


@dataclass
class PlantTopology:
    """Complete plant topology (floors and rooms).

    Built by merging data from the standard ``floor_list_req`` / ``room_list_req`` endpoints
    and the nested device list commands (``nested_light_list_req``,
    ``nested_openings_list_req``, ``nested_thermo_list_req``).
    """

    floors: list[TopologyFloor]
    """All floors in the plant, each containing its rooms."""


#: The nested device lists merged into the topology, with the feature gating each and the
#: (flat) name of its response (PROTOCOL.md §3.2, §3.6).
NESTED_LISTS: tuple[tuple[ServerFeature, dict[str, Any], str], ...] = (
    (
        ServerFeature.LIGHTS,
        {"cmd_name": "nested_light_list_req", "topologic_scope": "plant", "value": 0},
        "light_list_resp",
    ),
    (
        ServerFeature.OPENINGS,
        {"cmd_name": "nested_openings_list_req", "topologic_scope": "plant", "value": 0},
        "openings_list_resp",
    ),
    (
        ServerFeature.THERMOREGULATION,
        {"cmd_name": "nested_thermo_list_req", "topologic_scope": "plant", "value": 0},
        "thermo_list_resp",
    ),
)


def _opt_int(value: Any) -> int | None:
    try:
        return to_int(value) if value is not None else None
    except (TypeError, ValueError, OverflowError):
        return None


def _opt_name(value: Any) -> str | None:
    try:
        return to_str(value) or None if value is not None else None
    except TypeError:
        return None


class TopologyBuilder:
    """Accumulates floors and rooms from several sources and builds a :class:`PlantTopology`.

    Names from the flat ``floor_list``/``room_list`` win; the group nodes of nested device
    lists fill the gaps; floors and rooms only referenced by devices get the fallback names
    ``"Floor <n>"`` and ``"Room <n>"`` (PROTOCOL.md §4.3) [reverse-engineered].
    """

    def __init__(self) -> None:
        self._floors: dict[int, str | None] = {}
        self._rooms: dict[int, tuple[str | None, int | None]] = {}

    def add_floor(self, floor_id: int | None, name: str | None) -> None:
        """Record a floor (a known name is never overwritten by a later source)."""
        if floor_id is None:
            return
        if self._floors.get(floor_id) is None:
            self._floors[floor_id] = name

    def add_room(self, room_id: int | None, name: str | None, floor_id: int | None) -> None:
        """Record a room and, if known, the floor it is on."""
        if room_id is None:
            return
        old_name, old_floor = self._rooms.get(room_id, (None, None))
        self._rooms[room_id] = (old_name or name, old_floor if old_floor is not None else floor_id)
        self.add_floor(floor_id, None)

    def add_floors(self, floors: Iterable[Floor]) -> None:
        """Record the flat floor list."""
        for floor in floors:
            self.add_floor(floor.id, floor.name or None)

    def add_rooms(self, rooms: Iterable[Room]) -> None:
        """Record the flat room list."""
        for room in rooms:
            floor_id = _opt_int(room.raw_data.get("floor_ind"))
            self.add_room(room.id, room.name or None, floor_id)

    def add_nested(self, nodes: Any, floor_id: int | None = None) -> None:
        """Record the group nodes (and device references) of a nested list (§3.6).

        Args:
            nodes: the ``"array"`` of a nested list response (anything malformed is skipped).
            floor_id: the floor of the enclosing group, if any.
        """
        if not isinstance(nodes, list):
            return
        for node in nodes:
            if not isinstance(node, Mapping):
                continue
            node_floor = _opt_int(node.get("floor_ind"))
            node_room = _opt_int(node.get("room_ind"))
            if node_floor is None:
                node_floor = floor_id
            if node.get("leaf") is True or "array" not in node:
                # a device: it only tells which floor/room ids exist
                self.add_room(node_room, None, node_floor)
                self.add_floor(node_floor, None)
                continue
            name = _opt_name(node.get("name"))
            if node_room is not None:
                self.add_room(node_room, name, node_floor)
            else:
                self.add_floor(node_floor, name)
            self.add_nested(node.get("array"), node_floor)

    def build(self) -> PlantTopology:
        """Return the merged topology, floors and rooms sorted by id."""
        floors = {
            fid: TopologyFloor(id=fid, name=name or f"Floor {fid}")
            for fid, name in sorted(self._floors.items())
        }
        for rid, (name, fid) in sorted(self._rooms.items()):
            if fid is None:
                continue  # a room whose floor nobody reports cannot be placed
            floors[fid].rooms.append(TopologyRoom(id=rid, name=name or f"Room {rid}"))
        return PlantTopology(floors=list(floors.values()))
