"""Models layer: TVCC cameras, read-only (PROTOCOL.md §4.16) [reverse-engineered]."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..utils import EntityValidator
from ._fields import Field, int_field, str_field
from ._reexport import auth_on_access
from .base import AuthEntity, CameEntity

if TYPE_CHECKING:
    from ..auth import Auth
else:
    __getattr__ = auth_on_access(__name__)  # upstream re-exports Auth here

__all__ = ["Auth", "CameEntity", "Camera", "EntityValidator"]


class Camera(AuthEntity):
    """TVCC camera entity in the CameDomotic API.

    Cameras are read-only devices that provide streaming video and still-image URIs for IP
    cameras connected to the CAME Domotic system. They cannot be controlled remotely.

    Warning:
        The ``uri`` and ``uri_still`` fields point directly to camera HTTP endpoints on the
        local network. These URIs may contain embedded authentication credentials (e.g.
        ``http://user:pass@camera/stream``). Avoid logging or displaying these values
        without sanitisation; ``repr()`` of a camera never shows them.

    Args:
        raw_data: a ``tvcc_cameras_list_resp`` array item.
        auth: the session.

    Raises:
        ValueError: If name or id keys are missing from the input data or the auth argument
            cannot send commands.
    """

    # never the URIs: they may embed credentials
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name", "stream_type")

    id = int_field(
        "id",
        doc="Unique camera identifier.\n\nUnlike other device models which use act_id, "
        "cameras use a plain id field as their primary key.",
    )
    name = str_field("name", doc="Camera display name.")
    uri = str_field("uri", doc="Primary streaming video URI (may embed credentials).")
    uri_still = str_field(
        "uri_still",
        doc="Snapshot/still-image URI (may embed credentials). Append ``?t=<timestamp>`` "
        "for cache busting on repeated fetches.",
    )
    stream_type = str_field(
        "stream_type",
        doc="Raw stream format string as returned by the server. The only known value with "
        'special semantics is "swf" (Flash).',
    )
    is_flash: Field[bool] = Field(
        "stream_type",
        lambda value: str(value).lower() == "swf",
        default=False,
        doc="Whether this camera uses a Flash (SWF) stream.\n\nFlash streams are obsolete "
        "- consumers should fall back to ``uri_still`` for cameras where this is True.",
    )
