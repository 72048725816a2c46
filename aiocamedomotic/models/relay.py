"""Models layer: generic relays (PROTOCOL.md §4.6, §7.4)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from ..utils import EntityValidator
from ._checks import WIRE_INT_MAX, check_int, check_member, check_str
from ._fields import enum_field, int_field, str_field
from ._reexport import auth_on_access
from .base import AuthEntity, CameEntity
from .command import Command

if TYPE_CHECKING:
    from ..auth import Auth
else:
    __getattr__ = auth_on_access(__name__)  # upstream re-exports Auth here

__all__ = ["Auth", "CameEntity", "EntityValidator", "Relay", "RelayStatus"]


class RelayStatus(Enum):
    """Status of a relay.

    Allowed values are:
        * OFF (0)
        * ON (1)
        * UNKNOWN (-1): Returned when the server reports an unrecognised status value. Not a
          valid target for :meth:`Relay.async_set_status`.
    """

    OFF = 0
    ON = 1
    UNKNOWN = -1


class RelayFields:
    """Fields shared by :class:`Relay` and :class:`~aiocamedomotic.models.RelayUpdate`."""

    act_id = int_field("act_id", doc="ID of the relay.")
    floor_ind = int_field("floor_ind", doc="Floor index of the relay.")
    room_ind = int_field("room_ind", doc="Room index of the relay.")
    status = enum_field(
        "status",
        RelayStatus,
        unknown=RelayStatus.UNKNOWN,
        label="relay status",
        doc="Status of the relay. Allowed values are OFF (0) and ON (1); UNKNOWN otherwise.",
    )


#: Switch a relay on or off (PROTOCOL.md §4.6).
SWITCH = Command(
    "relay_activation_req", fields=("act_id", "wanted_status"), effect={"status": "wanted_status"}
)
#: Switch a relay on for ``interval``; the server switches it off (§4.6) [reverse-engineered].
SWITCH_TIMED = Command("relay_timed_req", fields=("act_id", "interval"))
#: Switch a relay addressed by its exact name (§4.6) [reverse-engineered]: plant-level.
SWITCH_BY_NAME = Command("relay_activation_req", fields=("name", "wanted_status"))


class Relay(RelayFields, AuthEntity):
    """Relay entity in the CameDomotic API.

    Represents a generic relay (simple on/off switch) in the CAME Domotic system. Provides
    properties to read relay attributes and a method to control relay state.

    Args:
        raw_data: a ``relays_list_resp`` array item.
        auth: the session used to send commands.

    Raises:
        ValueError: If name or act_id keys are missing from the input data or the auth
            argument cannot send commands.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("act_id", "name", "status")

    name = str_field("name", doc="Name of the relay.")

    async def async_set_status(self, status: RelayStatus) -> None:
        """Control the relay.

        Args:
            status: Desired relay status (ON or OFF).

        Raises:
            ValueError: ``status`` is not ON or OFF (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        _check_status(status)
        await self._async_send(SWITCH, act_id=self.act_id, wanted_status=status.value)

    async def async_set_status_timed(self, interval: int) -> None:
        """Switch the relay on; the server switches it off by itself once ``interval``
        elapses.

        Sends ``relay_timed_req`` (PROTOCOL.md §4.6) [reverse-engineered]. Both transitions
        are pushed by the server; this method leaves the local :attr:`status` to them.

        Args:
            interval: the activation time, passed verbatim: a positive integer (at most
                2^31-1). Its unit is undocumented (probably seconds); check on your plant
                before relying on a precise duration.

        Raises:
            ValueError: ``interval`` is not such an integer (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        interval = check_int(interval, "interval", 1, WIRE_INT_MAX)
        await self._async_send(SWITCH_TIMED, act_id=self.act_id, interval=interval)

    async def async_activate_for(self, seconds: int) -> None:
        """Deprecated: use :meth:`async_set_status_timed` (``seconds`` is its interval)."""
        await self.async_set_status_timed(seconds)


def relay_by_name_command(name: str, status: RelayStatus) -> dict[str, Any]:
    """Build ``relay_activation_req`` addressed by exact name (PROTOCOL.md §4.6).

    Raises:
        ValueError: ``name`` is not a non-empty string or ``status`` is not ON or OFF.
    """
    name = check_str(name, "name")
    _check_status(status)
    return SWITCH_BY_NAME.message(name=name, wanted_status=status.value)


def _check_status(status: Any) -> None:
    check_member(status, "status", (RelayStatus.ON, RelayStatus.OFF))
