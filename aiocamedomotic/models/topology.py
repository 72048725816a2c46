"""Models layer: merging floors, rooms and nested device lists into the plant topology.

The topology classes themselves (:class:`~.base.Floor`, :class:`~.base.PlantTopology`...) live
in :mod:`.base`; this module says which nested lists complete them and how (PROTOCOL.md §4.3,
§3.6).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..const import ServerFeature
from ._fields import to_int, to_str
from .base import Floor, PlantTopology, Room, TopologyFloor, TopologyRoom

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
