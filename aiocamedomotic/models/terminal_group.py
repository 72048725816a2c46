"""Models layer: :class:`TerminalGroup`, a user permission group (PROTOCOL.md §4.18)."""

from __future__ import annotations

from typing import Any


class TerminalGroup:
    """Terminal group in the CAME Domotic API.

    Represents a user permission group (e.g. ``"ETI/Domo"``). Groups are assigned to users at
    creation time via ``CameDomoticAPI.async_add_user()``, which expects the group **name**.

    Args:
        raw_data: a ``terminals_groups_list_resp`` array item
            (``{"group_name": ..., "group_id": ...}``).

    Raises:
        ValueError: if ``group_name`` or ``group_id`` is missing or malformed.

    Attributes:
        raw_data: the wire object.
    """

    def __init__(self, raw_data: dict[str, Any]) -> None:
        if not isinstance(raw_data, dict):
            raise ValueError("TerminalGroup raw_data must be a dict")
        name = raw_data.get("group_name")
        group_id = raw_data.get("group_id")
        if not isinstance(name, str):
            raise ValueError("TerminalGroup data is missing required key 'group_name'")
        if isinstance(group_id, bool) or not isinstance(group_id, int | str):
            raise ValueError("TerminalGroup data is missing required key 'group_id'")
        try:
            int(group_id)
        except ValueError as err:
            raise ValueError("TerminalGroup 'group_id' must be an integer") from err
        self.raw_data = raw_data

    @property
    def name(self) -> str:
        """Name of the group (e.g. ``"ETI/Domo"``)."""
        return str(self.raw_data["group_name"])

    @property
    def id(self) -> int:
        """Numeric ID of the group."""
        return int(self.raw_data["group_id"])

    def __repr__(self) -> str:
        return f"TerminalGroup(id={self.id!r}, name={self.name!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TerminalGroup):
            return NotImplemented
        return (self.id, self.name) == (other.id, other.name)

    def __hash__(self) -> int:
        return hash((self.id, self.name))
