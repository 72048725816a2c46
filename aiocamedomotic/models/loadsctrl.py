"""Models layer: load control - controllers watching a meter and the loads they shed (§4.13).

Everything here is [real traffic] (swver 3.0.1) unless said otherwise: the list commands,
the two set commands (always the full field set, answered by a bare ack) and the snapshot
indications ``loadsctrl_relay_ind`` / ``loadsctrl_meter_ind`` (PROTOCOL.md §5.6).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ._checks import check_int
from ._fields import Field, bool_field, int_field, str_field, to_int
from .base import AuthEntity
from .profiles import LoadsctrlProfile
from .update import DeviceUpdate

#: Accepted ``max_power`` range in W (a library bound, not a documented server limit).
MAX_POWER_RANGE = (1, 100_000)
#: Accepted load ``priority`` range (numbering is plant-specific; values in the 100s seen).
PRIORITY_RANGE = (0, 65_535)


def _profile(raw: Mapping[str, Any]) -> LoadsctrlProfile | None:
    value = raw.get("profile_data")
    return None if value is None else LoadsctrlProfile.from_wire(value)


class LoadsctrlControllerFields:
    """Fields shared by :class:`LoadsctrlController` and its typed update."""

    id = int_field("id", doc="ID of the controller (an opaque number, not the meter id).")
    name = str_field("name", doc="Name of the controller (mirrors the bound meter's name).")
    meter_id = int_field("meter_id", doc="``id`` of the energy meter the controller watches.")
    power = int_field("power", doc="Current power in W.")
    max_power = int_field("max_power", doc="Overload threshold in W.")
    hysteresis = int_field("hysteresis", doc="Hysteresis in W.")
    profile: Field[LoadsctrlProfile | None] = Field(
        "profile_data",
        read=_profile,
        default=None,
        doc="Weekly threshold profile (7 days x 24 hourly levels 1-5), or None if absent "
        "or malformed. A level selects the threshold as a fraction of ``max_power``; the "
        "mapping is unknown (PROTOCOL.md §4.13).",
    )


class LoadsctrlLoadFields:
    """Fields shared by :class:`LoadsctrlLoad` and its typed update."""

    id = int_field("id", doc="ID of the load (the key of every load-control command).")
    name = str_field("name", doc="Name of the appliance.")
    priority = int_field("priority", doc="Detach order: lower values are shed first.")
    enabled = bool_field("enabled", doc="Whether the load takes part in load shedding.")
    act_id = int_field("act_id", doc="Underlying actuator (not used by load-control commands).")
    detached = bool_field("detached", doc="Whether the controller currently sheds the load.")
    status = bool_field("status", doc="Relay output state (read-only).")
    loadtype = int_field("loadtype", doc="Opaque load type (1 seen).")


class LoadsctrlLoad(LoadsctrlLoadFields, AuthEntity):
    """A load managed by a load controller.

    Args:
        raw_data: a ``loadsctrl_relay_list_resp`` array item.
        auth: the session used to send commands.

    Raises:
        ValueError: If name or id keys are missing, or auth cannot send commands.
    """

    _FAMILY: ClassVar[str] = "loadsctrl_loads"
    _KEY_FIELD: ClassVar[str] = "id"
    _REQUIRED: ClassVar[tuple[str, ...]] = ("name", "id")
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name", "priority", "enabled", "detached")

    @property
    def controller_id(self) -> int | None:
        """Id of the controller whose list returned this load (the wire item does not carry
        it), or ``None`` when unknown."""
        return self.parent_id

    async def async_set(self, *, enabled: bool | None = None, priority: int | None = None) -> None:
        """Enable/disable the load and/or change its priority.

        ``loadsctrl_relay_set_req`` always carries the full triple, so what is not given is
        re-sent unchanged. The server answers with a bare ack and pushes a
        ``loadsctrl_relay_ind`` to every session.

        Args:
            enabled: whether the load takes part in load shedding (None: unchanged).
            priority: the new priority, 0-65535 (None: unchanged).

        Raises:
            ValueError: an argument is invalid (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        if enabled is not None and not isinstance(enabled, bool):
            raise ValueError(f"enabled must be True or False, got {enabled!r}")
        if priority is not None:
            check_int(priority, "priority", *PRIORITY_RANGE)
        effect = {
            "enabled": int(self.enabled if enabled is None else enabled),
            "priority": self.priority if priority is None else priority,
        }
        await self._async_command(
            {"cmd_name": "loadsctrl_relay_set_req", "id": self.id, **effect}, effect
        )

    async def async_enable(self) -> None:
        """Let the controller shed this load (see :meth:`async_set`)."""
        await self.async_set(enabled=True)

    async def async_disable(self) -> None:
        """Keep the controller from shedding this load (see :meth:`async_set`)."""
        await self.async_set(enabled=False)

    async def async_set_priority(self, priority: int) -> None:
        """Change the load's priority, 0-65535 (see :meth:`async_set`)."""
        if priority is None:
            raise ValueError("priority must be an integer in range 0-65535, got None")
        await self.async_set(priority=priority)


class LoadsctrlController(LoadsctrlControllerFields, AuthEntity):
    """A load controller: watches an energy meter and sheds loads above a threshold.

    When consumption exceeds the threshold it detaches its enabled loads one at a time,
    lowest ``priority`` first, and re-attaches them once consumption falls below threshold
    minus hysteresis (PROTOCOL.md §4.13).

    Args:
        raw_data: a ``loadsctrl_meter_list_resp`` array item.
        auth: the session used to send commands.

    Raises:
        ValueError: If name or id keys are missing, or auth cannot send commands.
    """

    _FAMILY: ClassVar[str] = "loadsctrl_controllers"
    _KEY_FIELD: ClassVar[str] = "id"
    _REQUIRED: ClassVar[tuple[str, ...]] = ("name", "id")
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name", "meter_id", "max_power", "power")

    async def async_configure(
        self,
        *,
        max_power: int | None = None,
        hysteresis: int | None = None,
        profile: LoadsctrlProfile | None = None,
    ) -> None:
        """Change the threshold, the hysteresis and/or the weekly threshold profile.

        ``loadsctrl_meter_set_req`` always carries the full set, so what is not given is
        re-sent unchanged. The server answers with a bare ack and pushes a
        ``loadsctrl_meter_ind`` to every session.

        Args:
            max_power: the overload threshold in W, 1-100000 (None: unchanged).
            hysteresis: in W, 0 up to below ``max_power`` (None: unchanged).
            profile: the weekly threshold profile (None: unchanged).

        Raises:
            ValueError: an argument is invalid, or the current value of an omitted one is
                unknown (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        if max_power is not None:
            check_int(max_power, "max_power", *MAX_POWER_RANGE)
        if profile is not None and not isinstance(profile, LoadsctrlProfile):
            raise ValueError(f"profile must be a LoadsctrlProfile, got {type(profile).__name__}")
        new_max = self._current("max_power") if max_power is None else max_power
        if hysteresis is not None:
            check_int(hysteresis, "hysteresis", 0, new_max - 1)
        new_profile = profile or self.profile
        if new_profile is None:
            raise ValueError("the controller's current profile is unknown; pass profile")
        effect = {
            "max_power": new_max,
            "hysteresis": self._current("hysteresis") if hysteresis is None else hysteresis,
            "profile_data": new_profile.to_wire(),
        }
        await self._async_command(
            {"cmd_name": "loadsctrl_meter_set_req", "id": self.id, **effect}, effect
        )

    def _current(self, key: str) -> int:
        try:
            return to_int(self.raw_data[key])
        except (KeyError, TypeError, ValueError, OverflowError):
            raise ValueError(f"the controller's current {key} is unknown; pass {key}") from None

    async def async_reorder_loads(self, loads: Sequence[LoadsctrlLoad]) -> None:
        """Give the controller's loads consecutive priorities in the given order.

        The first load gets the lowest priority (shed first). Numbering starts at the
        lowest priority the loads have now, so the plant's own numbering is kept. Like the
        official app, only the loads whose priority changes are written, one
        ``loadsctrl_relay_set_req`` each, so two loads may share a priority in between
        (PROTOCOL.md §4.13).

        Args:
            loads: every load of this controller, each once, in the wanted shedding order.

        Raises:
            ValueError: ``loads`` is empty, repeats a load, holds something else than a
                load, or a load of another controller (nothing is sent).
            CameDomoticServerError: the server refused a command (earlier ones stay).
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        if isinstance(loads, str | bytes) or not isinstance(loads, Sequence) or not loads:
            raise ValueError("loads must be a non-empty sequence of LoadsctrlLoad")
        if not all(isinstance(load, LoadsctrlLoad) for load in loads):
            raise ValueError("loads must hold LoadsctrlLoad objects only")
        if len({load.id for load in loads}) != len(loads):
            raise ValueError("loads must not repeat a load")
        strangers = [load.name for load in loads if load.controller_id not in (None, self.id)]
        if strangers:
            raise ValueError(f"loads of another controller: {', '.join(strangers)}")
        first = min(load.priority for load in loads)
        if first + len(loads) - 1 > PRIORITY_RANGE[1]:
            raise ValueError("loads: the new priorities would exceed 65535")
        for position, load in enumerate(loads):
            if load.priority != first + position:
                await load.async_set(priority=first + position)


class LoadsctrlControllerUpdate(LoadsctrlControllerFields, DeviceUpdate):
    """Typed update for a load controller (``loadsctrl_meter_ind``, a full snapshot)."""

    _REPR_FIELDS = ("id", "name", "max_power", "power")


class LoadsctrlLoadUpdate(LoadsctrlLoadFields, DeviceUpdate):
    """Typed update for a managed load (``loadsctrl_relay_ind``, a full snapshot)."""

    _REPR_FIELDS = ("id", "name", "priority", "enabled", "detached")

    device_id: Field[int | None] = Field(
        "id", to_int, default=None, doc="For loads the primary ID is id (not act_id)."
    )
