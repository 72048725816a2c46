"""Models layer: map pages (floor plans) with positioned elements, read-only (PROTOCOL.md §4.17)."""

from __future__ import annotations

from typing import Any, ClassVar

from ..utils import EntityValidator
from ._fields import Field, int_field, str_field, to_list
from .base import CameEntity

__all__ = ["CameEntity", "EntityValidator", "MapPage"]


def _elements(value: Any) -> list[dict[str, Any]]:
    return [item for item in to_list(value) if isinstance(item, dict)]


class MapPage(CameEntity):
    """A page (floor plan) in the CAME Domotic map system.

    Each page represents a spatial view containing positioned elements (lights, openings,
    thermostats, page links, scenarios, cameras) overlaid on a background image. Elements are
    returned as raw dictionaries preserving the server response structure.

    Args:
        raw_data: one item of the ``map`` array of ``map_descr_resp``.

    Raises:
        ValueError: If page_id or page_label keys are missing from the input data, or if
            page_id is not an integer.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("page_id", "page_label")

    page_id = int_field("page_id", doc="Unique page identifier.\n\n0 is the root/home page.")
    page_label = str_field("page_label", doc="Human-readable page title.")
    page_scale = int_field(
        "page_scale",
        default=1024,
        doc="Coordinate space size for element positioning.\n\nElement x/y values range from "
        "0 to page_scale. Typically 1024.",
    )
    background = str_field(
        "background",
        doc="Relative URL path to the background image on the CAME server.\n\nThe URL may "
        "contain spaces; consumers must percent-encode it. The full URL is "
        "``http://<server_host>/<background>``.",
    )
    elements: Field[list[dict[str, Any]]] = Field(
        "array",
        _elements,
        default_factory=list,
        doc="Interactive elements placed on this map page, as raw dictionaries (x, y, width, "
        "height, type, label, aspect, icon_id, permission, read_only, address, plus "
        "type-specific keys such as act_id, page, scenario_id, status).",
    )

    def __init__(self, raw_data: dict[str, Any]) -> None:
        super().__init__(raw_data)
        page_id = raw_data["page_id"]
        if isinstance(page_id, bool) or not isinstance(page_id, int):
            raise ValueError(f"MapPage page_id must be an integer, got {type(page_id).__name__}")
