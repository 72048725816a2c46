"""Models layer: digital inputs - buttons and contacts, read-only (PROTOCOL.md §4.9, §7.7)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from ..utils import EntityValidator
from ._fields import bool_field, enum_field, int_field, str_field
from ._reexport import auth_on_access
from .base import AuthEntity, CameEntity
from .command import Command

if TYPE_CHECKING:
    from ..auth import Auth
else:
    __getattr__ = auth_on_access(__name__)  # upstream re-exports Auth here

__all__ = [
    "Auth",
    "CameEntity",
    "DigitalInput",
    "DigitalInputStatus",
    "DigitalInputType",
    "EntityValidator",
]


class DigitalInputStatus(Enum):
    """Status of a digital input.

    Allowed values are:
        * ACTIVE (0): the input is active (e.g. a button is pressed)
        * IDLE (1): the input is idle (e.g. a button is not pressed)
        * UNKNOWN (-1): no event yet (the server omits ``status``) or an unknown value
    """

    ACTIVE = 0
    IDLE = 1
    UNKNOWN = -1


class DigitalInputType(Enum):
    """Type of a digital input.

    Allowed values are:
        * STATUS (1): standard status input
        * UNKNOWN (-1): a type this library does not know
    """

    STATUS = 1
    UNKNOWN = -1


class DigitalInputFields:
    """Fields shared by :class:`DigitalInput` and its typed update."""

    act_id = int_field("act_id", doc="ID of the digital input.")
    addr = int_field("addr", doc="Address of the digital input.")
    utc_time = int_field(
        "utc_time",
        doc="UTC timestamp of the last event (Unix epoch seconds).\n\nReturns 0 if the "
        "digital input has never been triggered.",
    )


def _ack_effect(
    entity: DigitalInput, _message: Mapping[str, Any], reply: Mapping[str, Any]
) -> dict[str, Any]:
    # the reply echoes the input's record (§4.9); keep what this model reads
    echoed = {k: v for k, v in reply.items() if k in entity._key_index}
    return {"ack": 1, **echoed}


#: Acknowledge an input, keyed on its ``addr``; the reply echoes its record with ``ack`` 1
#: (PROTOCOL.md §4.9) [reverse-engineered].
ACK = Command("digitalin_ack_req", fields=("addr",), reply="digitalin_ack_resp", effect=_ack_effect)


class DigitalInput(DigitalInputFields, AuthEntity):
    """Digital input (binary sensor) entity in the CameDomotic API.

    Digital inputs are read-only devices that report their binary state (ACTIVE/IDLE). They
    cannot be controlled remotely.

    Args:
        raw_data: a ``digitalin_list_resp`` array item.
        auth: the session.

    Raises:
        ValueError: If name or act_id keys are missing from the input data or the auth
            argument cannot send commands.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("act_id", "name", "addr", "status")

    name = str_field("name", doc="Name of the digital input.")
    status = enum_field(
        "status",
        DigitalInputStatus,
        unknown=DigitalInputStatus.UNKNOWN,
        label="digital input status",
        doc="Status of the digital input: ACTIVE (0) or IDLE (1).\n\nACTIVE means the input "
        "is triggered (e.g. a button is being pressed). IDLE means the input is in its "
        "normal resting state.\n\nReturns DigitalInputStatus.UNKNOWN when the status field "
        "is absent from the server response (some digital inputs do not report a status "
        "until their first state change).",
    )
    acknowledged = bool_field(
        "ack",
        default=True,
        doc="False while an event awaits acknowledgement (wire ``ack`` 0), True otherwise "
        "(PROTOCOL.md §4.9; the meaning is inferred) [reverse-engineered].",
    )
    type = enum_field(
        "type",
        DigitalInputType,
        unknown=DigitalInputType.UNKNOWN,
        label="digital input type",
        doc="Type of the digital input.\n\nReturns DigitalInputType.UNKNOWN when the type "
        "value is not recognized.",
    )

    async def async_ack(self) -> None:
        """Acknowledge the input (``digitalin_ack_req``, keyed on :attr:`addr`).

        Some inputs raise a technical alarm or keep a signalling counter latched until it is
        acknowledged; this clears it (no effect on inputs that keep none). The server
        answers ``digitalin_ack_resp`` echoing the input's record, whose ``ack`` becomes 1,
        and the record is applied to this object (PROTOCOL.md §4.9) [reverse-engineered].

        Raises:
            ValueError: the input has no ``addr`` (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        if "addr" not in self.raw_data:
            raise ValueError("this digital input has no addr; it cannot be acknowledged")
        await self._async_send(ACK, addr=self.addr)

    async def async_acknowledge(self) -> None:
        """Deprecated: use :meth:`async_ack`."""
        await self.async_ack()
