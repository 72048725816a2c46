"""Models layer: scenarios (PROTOCOL.md §4.7, §7.6)."""

from __future__ import annotations

from enum import Enum
from typing import ClassVar

from ._fields import enum_field, int_field, str_field
from .base import AuthEntity


class ScenarioStatus(Enum):
    """Status of a scenario.

    Allowed values are:
        * OFF (0): scenario is not active
        * TRIGGERED (1): scenario has just been activated and is executing
        * ACTIVE (2): scenario is currently in effect
        * UNKNOWN (-1): a value this library does not know
    """

    OFF = 0
    TRIGGERED = 1
    ACTIVE = 2
    UNKNOWN = -1


class ScenarioFields:
    """Fields shared by :class:`Scenario` and :class:`~aiocamedomotic.models.ScenarioUpdate`."""

    id = int_field("id", doc="ID of the scenario.")
    scenario_status = enum_field(
        "scenario_status",
        ScenarioStatus,
        unknown=ScenarioStatus.UNKNOWN,
        label="scenario status",
        doc="Scenario-specific status: OFF (0), TRIGGERED (1), or ACTIVE (2); UNKNOWN otherwise.",
    )


class Scenario(ScenarioFields, AuthEntity):
    """Scenario entity in the CameDomotic API.

    Represents a pre-configured automation scenario that can be activated to control multiple
    devices at once.

    Args:
        raw_data: a ``scenarios_list_resp`` array item.
        auth: the session used to send commands.

    Raises:
        ValueError: If name or id keys are missing from the input data or the auth argument
            cannot send commands.
    """

    _FAMILY: ClassVar[str] = "scenarios"
    _KEY_FIELD: ClassVar[str] = "id"
    _REQUIRED: ClassVar[tuple[str, ...]] = ("name", "id")
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name", "scenario_status")

    name = str_field("name", doc="Name of the scenario.")
    icon_id = int_field("icon_id", doc="Icon ID associated with the scenario (0 if absent).")
    status = int_field("status", doc="General status of the scenario.")
    # the wire key has a hyphen (PROTOCOL.md §4.7)
    user_defined = int_field(
        "user-defined",
        doc="Whether the scenario is user-defined (1) or system-defined (0).",
    )

    async def async_activate(self) -> None:
        """Activate the scenario.

        Sends the scenario activation command to the CAME Domotic server. The server reports
        the scenario as TRIGGERED at once (PROTOCOL.md §6.4), and so does this object.

        Raises:
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_command(
            {"cmd_name": "scenario_activation_req", "id": self.id},
            {"scenario_status": ScenarioStatus.TRIGGERED.value},
        )
