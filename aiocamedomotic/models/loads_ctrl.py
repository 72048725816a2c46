"""Models layer: load control - controllers watching a meter and the loads they shed (§4.13).

Everything here is [real traffic] (swver 3.0.1) unless said otherwise: the list commands,
the two set commands (always the full field set, answered by a bare ack) and the snapshot
indications ``loadsctrl_relay_ind`` / ``loadsctrl_meter_ind`` (PROTOCOL.md §5.6), typed by
:class:`~aiocamedomotic.models.LoadsCtrlRelayUpdate` and
:class:`~aiocamedomotic.models.LoadsCtrlMeterUpdate`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from ..utils import EntityValidator
from ._checks import WIRE_INT_MAX, check_bool, check_int, check_type
from ._fields import (
    Field,
    bool_field,
    enum_field,
    int_field,
    number_field,
    str_field,
    to_int,
    to_list,
)
from ._reexport import auth_on_access
from .base import AuthEntity, CameEntity
from .command import Command
from .profiles import LoadsCtrlProfile

if TYPE_CHECKING:
    from ..auth import Auth
else:
    __getattr__ = auth_on_access(__name__)  # upstream re-exports Auth here

__all__ = [
    "Auth",
    "CameEntity",
    "EntityValidator",
    "LoadsCtrlMeter",
    "LoadsCtrlProfile",
    "LoadsCtrlRelay",
    "LoadsCtrlRelayStatus",
]

_LOGGER = logging.getLogger(__name__)


class LoadsCtrlRelayStatus(Enum):
    """Current output state of a load-control relay (read-only: the load-control commands
    cannot switch it).

    Allowed values are:
        * OFF (0)
        * ON (1)
        * UNKNOWN (-1): a value this library does not know
    """

    OFF = 0
    ON = 1
    UNKNOWN = -1


def _profile(raw: Mapping[str, Any]) -> LoadsCtrlProfile | None:
    value = raw.get("profile_data")
    return None if value is None else LoadsCtrlProfile.from_wire(value)


class LoadsCtrlMeterFields:
    """Fields shared by :class:`LoadsCtrlMeter` and its typed update."""

    id = int_field(
        "id",
        doc="Loads-controller identifier (an opaque server value, the key of "
        "``loadsctrl_relay_list_req``); not the bound energy meter's :attr:`meter_id`.",
    )
    name = str_field("name", doc="Controller name (mirrors the bound energy meter's name).")
    meter_id = int_field("meter_id", doc="``id`` of the energy meter the controller watches.")
    power = number_field(
        "power", doc="Current power reading in W, as the server reports it (no conversion)."
    )
    max_power = int_field("max_power", doc="Overload threshold in W.")
    hysteresis = int_field("hysteresis", doc="Hysteresis around the overload threshold, in W.")
    profile_data: Field[list[str]] = Field(
        "profile_data",
        to_list,
        default_factory=list,
        doc="Weekly hourly threshold profile in the wire format (a copy): seven strings, "
        "Monday first, of 24 digits 1-5, each selecting the threshold of that hour as a "
        "fraction of :attr:`max_power`. :attr:`profile` is the typed view.",
    )


class LoadsCtrlRelayFields:
    """Fields shared by :class:`LoadsCtrlRelay` and its typed update."""

    id = int_field(
        "id",
        doc="Load identifier: the key of ``loadsctrl_relay_set_req`` and of the "
        "``loadsctrl_relay_ind`` updates (not :attr:`act_id`).",
    )
    name = str_field("name", doc="Appliance name (user-defined, plant-specific).")
    priority = int_field(
        "priority",
        doc="Detach-order priority (raw server value): **lower values are shed first**; the "
        "absolute numbering is plant-specific.",
    )
    enabled = bool_field(
        "enabled",
        doc="Whether the load takes part in load shedding (the official app's per-appliance "
        "toggle).",
    )
    act_id = int_field(
        "act_id", doc="Underlying actuator ID (not used by any load-control command)."
    )
    detached = bool_field("detached", doc="Whether the controller currently sheds this load.")
    status = enum_field(
        "status",
        LoadsCtrlRelayStatus,
        unknown=LoadsCtrlRelayStatus.UNKNOWN,
        label="load-control relay status",
        doc="Current relay output state (read-only): OFF, ON, or UNKNOWN.",
    )
    loadtype = int_field("loadtype", doc="Raw ``loadtype`` field (opaque; 1 seen).")


#: Write a load's ``enabled`` flag and priority: always both (PROTOCOL.md §4.13).
SET_LOAD = Command(
    "loadsctrl_relay_set_req",
    fields=("id", "enabled", "priority"),
    effect={"enabled": "enabled", "priority": "priority"},
)
#: Write a controller's threshold, hysteresis and weekly profile: always all three (§4.13).
SET_CONTROLLER = Command(
    "loadsctrl_meter_set_req",
    fields=("id", "max_power", "hysteresis", "profile_data"),
    effect={"max_power": "max_power", "hysteresis": "hysteresis", "profile_data": "profile_data"},
)


class LoadsCtrlRelay(LoadsCtrlRelayFields, AuthEntity):
    """A load managed by a loads controller (``loadsctrl`` feature).

    An appliance the controller can *detach* (shed) when consumption exceeds its threshold;
    loads are shed in priority order, **lowest value first**. Change it with
    :meth:`async_set_enabled` and :meth:`async_set_priority`.

    Args:
        raw_data: a ``loadsctrl_relay_list_resp`` array item.
        auth: the session used to send commands.

    Raises:
        ValueError: ``name`` or ``id`` is missing, ``id`` is not an integer, or ``auth``
            cannot send commands.
    """

    _TYPED: ClassVar[Mapping[str, type]] = {"id": int}
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name", "priority", "enabled", "detached")

    @property
    def controller_id(self) -> int | None:
        """Id of the controller whose list returned this load (the wire item does not carry
        it), or ``None`` when unknown."""
        return self.parent_id

    async def _async_write(self, enabled: bool, priority: int) -> None:
        await self._async_send(SET_LOAD, id=self.id, enabled=int(enabled), priority=priority)

    async def async_set_enabled(self, enabled: bool) -> None:
        """Let the controller shed this load on overload, or exclude it from load shedding.

        The wire command needs both fields, so the current :attr:`priority` is re-sent. The
        server answers with a bare ack and pushes a ``loadsctrl_relay_ind`` to every session.

        Args:
            enabled: True to let the controller shed this load, False to exclude it.

        Raises:
            ValueError: ``enabled`` is not a bool (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_write(check_bool(enabled, "enabled"), self.priority)

    async def async_set_priority(self, priority: int) -> None:
        """Set the detach-order priority (raw server value; lower is shed first).

        The wire command needs both fields, so the current :attr:`enabled` flag is re-sent.
        The numbering is plant-specific: reuse the values already on the plant, as
        :meth:`LoadsCtrlMeter.async_set_detach_order` does.

        Args:
            priority: the new priority, a non-negative integer (at most 2^31-1).

        Raises:
            ValueError: ``priority`` is not such an integer (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_write(self.enabled, check_int(priority, "priority", 0, WIRE_INT_MAX))

    async def async_set(self, *, enabled: bool | None = None, priority: int | None = None) -> None:
        """Deprecated: use :meth:`async_set_enabled` and :meth:`async_set_priority`.

        Changes both fields in one command; what is not given is re-sent unchanged.

        Raises:
            ValueError: an argument is invalid (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_write(
            self.enabled if enabled is None else check_bool(enabled, "enabled"),
            self.priority if priority is None else check_int(priority, "priority", 0, WIRE_INT_MAX),
        )


class LoadsCtrlMeter(LoadsCtrlMeterFields, AuthEntity):
    """The loads controller bound to an energy meter (``loadsctrl`` feature).

    Binds an energy meter (:attr:`meter_id`) to an overload threshold (:attr:`max_power`),
    a hysteresis and a weekly hourly threshold profile (:attr:`profile`). Above the
    threshold it detaches its enabled loads (:meth:`async_get_relays`) one at a time, lowest
    priority first, and re-attaches them once consumption falls below threshold minus
    hysteresis (PROTOCOL.md §4.13). A plant may define any number of controllers.

    Args:
        raw_data: a ``loadsctrl_meter_list_resp`` array item.
        auth: the session used to send commands.

    Raises:
        ValueError: ``name`` or ``id`` is missing, ``id`` is not an integer, or ``auth``
            cannot send commands.
    """

    _TYPED: ClassVar[Mapping[str, type]] = {"id": int}
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name", "meter_id", "max_power", "power")

    profile: Field[LoadsCtrlProfile | None] = Field(
        "profile_data",
        read=_profile,
        default=None,
        doc="Weekly hourly threshold profile (typed view), parsed from ``raw_data`` on every "
        "read; None when the data carries no well-formed profile. Edit it with the "
        ":class:`LoadsCtrlProfile` methods and write it with :meth:`async_set_config`.",
    )

    async def async_get_relays(self) -> list[LoadsCtrlRelay]:
        """Get the loads managed by this controller (``loadsctrl_relay_list_req``).

        Returns:
            The loads in server order (sort by :attr:`LoadsCtrlRelay.priority` for the
            detach order); an empty list if none, or if the response has no array.

        Raises:
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        from .catalogue import LOADSCTRL_RELAYS  # noqa: PLC0415 (the catalogue imports us)

        relays: list[LoadsCtrlRelay] = await LOADSCTRL_RELAYS.async_fetch(self.auth, self.id)
        return relays

    async def async_set_config(
        self,
        *,
        max_power: int | None = None,
        hysteresis: int | None = None,
        profile_data: LoadsCtrlProfile | None = None,
    ) -> None:
        """Change the threshold, the hysteresis and/or the weekly threshold profile.

        ``loadsctrl_meter_set_req`` always carries the full set, so what is not given is
        re-sent with its current value. The server answers with a bare ack and pushes a
        ``loadsctrl_meter_ind`` to every session.

        Args:
            max_power: the overload threshold in W, a positive integer (None: unchanged).
            hysteresis: in W, a non-negative integer below the threshold (0 disables the
                band; None: unchanged).
            profile_data: the weekly threshold profile, e.g. :attr:`profile` edited
                (None: unchanged).

        Raises:
            ValueError: an argument is invalid, or the current value of an omitted one is
                unknown (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        if max_power is not None:
            check_int(max_power, "max_power", 1, WIRE_INT_MAX)
        if profile_data is not None:
            check_type(profile_data, "profile_data", LoadsCtrlProfile)
        new_max = self._current("max_power") if max_power is None else max_power
        if hysteresis is not None:
            check_int(hysteresis, "hysteresis", 0, new_max - 1)
        profile = profile_data or self.profile
        if profile is None:
            raise ValueError("the controller's current profile is unknown; pass profile_data")
        await self._async_send(
            SET_CONTROLLER,
            id=self.id,
            max_power=new_max,
            hysteresis=self._current("hysteresis") if hysteresis is None else hysteresis,
            profile_data=profile.to_wire(),
        )

    def _current(self, key: str) -> int:
        try:
            return to_int(self.raw_data[key])
        except (KeyError, TypeError, ValueError, OverflowError):
            raise ValueError(f"the controller's current {key} is unknown; pass {key}") from None

    async def async_set_detach_order(self, relays: Sequence[LoadsCtrlRelay]) -> None:
        """Rewrite the priorities so that the loads are shed in the given order.

        The first load is shed first. The controller's current loads are fetched, their
        priority values sorted, and given to ``relays`` in sequence, so the plant's own
        numbering is kept. Like the official app, only the loads whose priority changes are
        written, one ``loadsctrl_relay_set_req`` each, through the freshly fetched objects
        (so a stale ``enabled`` of the caller's objects is never written back); the caller's
        objects are then updated with the result.

        Not atomic: if a write fails, two loads may share a priority. Calling again repairs
        it: duplicate values found on the plant are first made strictly increasing (each
        bumped just above the one before, with a warning), so a replay converges.

        Args:
            relays: every load of this controller, each once, in the wanted shedding order.

        Raises:
            ValueError: ``relays`` is not a permutation of this controller's loads (checked
                before any write).
            CameDomoticServerError: the server refused a command (earlier writes stay).
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        wanted = _check_relays(relays)
        current = {relay.id: relay for relay in await self.async_get_relays()}
        if sorted(relay.id for relay in wanted) != sorted(current):
            raise ValueError(
                "relays must be a permutation of this controller's loads "
                f"(ids {sorted(current)}), got ids {[relay.id for relay in wanted]}"
            )
        values = sorted(relay.priority for relay in current.values())
        for n in range(1, len(values)):
            if values[n] <= values[n - 1]:
                _LOGGER.warning(
                    "Controller %s: duplicate load priorities repaired (%s -> %s)",
                    self.id,
                    values[n],
                    values[n - 1] + 1,
                )
                values[n] = values[n - 1] + 1
        for relay, value in zip(wanted, values, strict=True):
            fresh = current[relay.id]
            if fresh.priority != value:
                await fresh.async_set_priority(value)
            relay.apply_update(fresh.raw_data, source="command")

    async def async_configure(
        self,
        *,
        max_power: int | None = None,
        hysteresis: int | None = None,
        profile: LoadsCtrlProfile | None = None,
    ) -> None:
        """Deprecated: use :meth:`async_set_config` (``profile`` is its ``profile_data``)."""
        await self.async_set_config(
            max_power=max_power, hysteresis=hysteresis, profile_data=profile
        )

    async def async_reorder_loads(self, loads: Sequence[LoadsCtrlRelay]) -> None:
        """Deprecated: use :meth:`async_set_detach_order`."""
        await self.async_set_detach_order(loads)


def _check_relays(relays: Any) -> list[LoadsCtrlRelay]:
    if isinstance(relays, str | bytes | Mapping) or not isinstance(relays, Sequence):
        raise ValueError("relays must be a sequence of LoadsCtrlRelay")
    items = list(relays)
    if not items or not all(isinstance(relay, LoadsCtrlRelay) for relay in items):
        raise ValueError("relays must be a non-empty sequence of LoadsCtrlRelay only")
    if len({relay.id for relay in items}) != len(items):
        raise ValueError("relays must not repeat a load")
    return items
