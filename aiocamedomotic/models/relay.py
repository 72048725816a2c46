"""Models layer: generic relays (PROTOCOL.md §4.6, §7.4)."""

from __future__ import annotations

from enum import Enum
from typing import Any, ClassVar

from ._fields import enum_field, int_field, str_field
from .base import AuthEntity

#: Longest ``relay_timed_req`` interval accepted, in seconds (a library bound: one day).
MAX_TIMED_SECONDS = 86_400


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

    _FAMILY: ClassVar[str] = "relays"
    _REQUIRED: ClassVar[tuple[str, ...]] = ("name", "act_id")
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
        await self._async_command(
            {
                "cmd_name": "relay_activation_req",
                "act_id": self.act_id,
                "wanted_status": status.value,
            },
            {"status": status.value},
        )

    async def async_activate_for(self, seconds: int) -> None:
        """Switch the relay on; the server switches it off by itself after ``seconds``.

        Sends ``relay_timed_req`` (PROTOCOL.md §4.6) [reverse-engineered]: the unit of
        ``interval`` is undocumented and taken to be seconds. Both transitions are pushed.

        Args:
            seconds: how long the relay stays on, 1-86400.

        Raises:
            ValueError: ``seconds`` is not an integer in range 1-86400 (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int)
            or not 1 <= seconds <= MAX_TIMED_SECONDS
        ):
            raise ValueError(
                f"seconds must be an integer in range 1-{MAX_TIMED_SECONDS}, got {seconds!r}"
            )
        await self._async_command(
            {"cmd_name": "relay_timed_req", "act_id": self.act_id, "interval": seconds},
            {"status": RelayStatus.ON.value},
        )


def relay_by_name_command(name: str, status: RelayStatus) -> dict[str, Any]:
    """Build ``relay_activation_req`` addressed by exact name (PROTOCOL.md §4.6).

    Raises:
        ValueError: ``name`` is empty or ``status`` is not ON or OFF.
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string, got {name!r}")
    _check_status(status)
    return {"cmd_name": "relay_activation_req", "name": name, "wanted_status": status.value}


def _check_status(status: Any) -> None:
    if status not in (RelayStatus.ON, RelayStatus.OFF):
        raise ValueError(f"status must be RelayStatus.ON or RelayStatus.OFF, got {status!r}")
