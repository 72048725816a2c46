"""Models layer: openings - shutters, blinds, awnings, gates (PROTOCOL.md §4.5, §7.3)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, ClassVar

from ..utils import EntityValidator
from ._checks import check_member
from ._fields import Field, enum_field, int_field, opt_int_field, str_field, to_list
from ._reexport import auth_on_access
from .base import AuthEntity, CameEntity
from .command import Command

if TYPE_CHECKING:
    from ..auth import Auth
else:
    __getattr__ = auth_on_access(__name__)  # upstream re-exports Auth here

__all__ = ["Auth", "CameEntity", "EntityValidator", "Opening", "OpeningStatus", "OpeningType"]


class OpeningStatus(Enum):
    """Status of an opening.

    Allowed values are:
        * STOPPED (0)
        * OPENING (1)
        * CLOSING (2)
        * SLAT_OPEN (3)
        * SLAT_CLOSE (4)
        * UNKNOWN (-1): a value this library does not know; not a valid command.
    """

    STOPPED = 0
    OPENING = 1
    CLOSING = 2
    SLAT_OPEN = 3
    SLAT_CLOSE = 4
    UNKNOWN = -1


class OpeningType(Enum):
    """Type of an opening.

    Allowed values are:
        * SHUTTER (0): roller shutter [real traffic]
        * AWNING (1), VENETIAN_BLIND (2), GATE (3): [reverse-engineered] — the codes come from
          third-party clients' guesses (PROTOCOL.md §7.3), never from a capture
        * UNKNOWN (-1): any other type code
    """

    SHUTTER = 0
    AWNING = 1
    VENETIAN_BLIND = 2
    GATE = 3
    UNKNOWN = -1


class OpeningFields:
    """Fields shared by :class:`Opening` and :class:`~aiocamedomotic.models.OpeningUpdate`."""

    open_act_id = int_field("open_act_id", doc="Actuator ID for opening action.")
    close_act_id = int_field("close_act_id", doc="Actuator ID for closing action.")
    status = enum_field(
        "status",
        OpeningStatus,
        unknown=OpeningStatus.UNKNOWN,
        label="opening status",
        doc="Current status of the opening. Allowed values: STOPPED (0), OPENING (1), "
        "CLOSING (2), SLAT_OPEN (3) and SLAT_CLOSE (4); UNKNOWN for anything else.",
    )


def _partials(value: object) -> list[str]:
    return [str(item) for item in to_list(value)]


#: Move or stop an opening, addressed to one of its two actuators (PROTOCOL.md §4.5).
MOVE = Command(
    "opening_move_req", fields=("act_id", "wanted_status"), effect={"status": "wanted_status"}
)


class Opening(OpeningFields, AuthEntity):
    """Opening entity in the CameDomotic API.

    Args:
        raw_data: an ``openings_list_resp`` array item.
        auth: the session used to send commands.

    Raises:
        ValueError: If name or open_act_id keys are missing from the input data or the auth
            argument cannot send commands.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("open_act_id", "close_act_id", "name", "status")

    name = str_field("name", doc="Name of the opening.")
    floor_ind = opt_int_field("floor_ind", doc="Floor index where the opening is located.")
    room_ind = opt_int_field("room_ind", doc="Room index where the opening is located.")
    type = enum_field(
        "type",
        OpeningType,
        unknown=OpeningType.UNKNOWN,
        label="opening type",
        doc="Opening type (UNKNOWN when not recognized).",
    )
    partial_positions: Field[list[str]] = Field(
        "partial",
        _partials,
        default_factory=list,
        doc="List of configured partial opening positions, if any.",
    )

    async def async_set_status(self, status: OpeningStatus) -> None:
        """Control the opening (open, close, stop, slat open, slat close).

        "Close" and "slat close" are addressed to ``close_act_id``, everything else to
        ``open_act_id`` (PROTOCOL.md §4.5, exercised on a live shutter).

        Args:
            status: Status to set for the opening.

        Raises:
            ValueError: ``status`` is not a valid OpeningStatus (UNKNOWN is refused).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        check_member(status, "status", [s for s in OpeningStatus if s is not OpeningStatus.UNKNOWN])
        closing = status in (OpeningStatus.CLOSING, OpeningStatus.SLAT_CLOSE)
        act_id = self.close_act_id if closing else self.open_act_id
        await self._async_send(MOVE, act_id=act_id, wanted_status=status.value)
