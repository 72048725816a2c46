"""Models layer: scenarios (PROTOCOL.md §4.7, §7.6)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, ClassVar

from ..utils import EntityValidator
from ._checks import check_str
from ._fields import enum_field, int_field, str_field
from ._reexport import auth_on_access
from .base import AuthEntity, CameEntity
from .command import Command

if TYPE_CHECKING:
    from ..auth import Auth
else:
    __getattr__ = auth_on_access(__name__)  # upstream re-exports Auth here

__all__ = ["Auth", "CameEntity", "EntityValidator", "Scenario", "ScenarioStatus"]


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


#: Activate a scenario: the server reports it TRIGGERED at once (PROTOCOL.md §6.4).
ACTIVATE = Command(
    "scenario_activation_req",
    fields=("id",),
    effect=lambda _scenario, _message, _reply: {"scenario_status": ScenarioStatus.TRIGGERED.value},
)
#: Rename a user-defined scenario (§4.7) [reverse-engineered].
RENAME = Command("scenario_rename_req", fields=("id", "name"), effect={"name": "name"})
#: Delete a user-defined scenario (§4.7) [reverse-engineered].
DELETE = Command("scenario_delete_req", fields=("id",))
#: Activate a scenario by exact name, resolved by the server (§4.7) [reverse-engineered].
ACTIVATE_BY_NAME = Command("scenario_activation_by_name_req", fields=("name",))
#: Start recording a user-defined scenario (§4.7); ``result`` 1 when started.
RECORD_START = Command("scenario_registration_start", fields=("name",))
#: Stop the recording and store the scenario (§4.7); ``result`` 1 when stored.
RECORD_DONE = Command("scenario_registration_done")


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
        await self._async_send(ACTIVATE, id=self.id)

    def _check_user_defined(self, action: str) -> None:
        if self.user_defined != 1:
            raise ValueError(
                f"only user-defined scenarios can be {action}; {self.name!r} is system-defined"
            )

    async def async_rename(self, name: str) -> None:
        """Rename a user-defined (recorded) scenario (PROTOCOL.md §4.7) [reverse-engineered].

        Args:
            name: the new name (non-empty).

        Raises:
            ValueError: ``name`` is empty or not a string, or the scenario is system-defined
                (nothing is sent: the server's behaviour on those is unknown).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        name = check_str(name, "name")
        self._check_user_defined("renamed")
        await self._async_send(RENAME, id=self.id, name=name)

    async def async_delete(self) -> None:
        """Delete a user-defined (recorded) scenario (PROTOCOL.md §4.7) [reverse-engineered].

        The object stays usable as a description; the server no longer lists it.

        Raises:
            ValueError: the scenario is system-defined (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        self._check_user_defined("deleted")
        await self._async_send(DELETE, id=self.id)
