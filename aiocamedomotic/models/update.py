"""Models layer: typed long-poll indications and the :class:`UpdateList` (PROTOCOL.md §5).

Each typed update reads its fields through the same :class:`~._fields.Field` objects as the
matching list model, so a value parses identically in both. Which class and device type an
indication maps to is declared once, in :mod:`.catalogue`.
"""

from __future__ import annotations

from collections import UserList
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from ..const import DeviceType, UpdateIndicator
from ._fields import Field, FieldModel, int_field, opt_int_field, str_field, to_int, to_list
from .base import CameEntity
from .energy_meter import EnergyMeterFields, EnergyMeterType
from .light import LightFields, LightStatus, LightType
from .loads_ctrl import LoadsCtrlMeterFields, LoadsCtrlRelayFields, LoadsCtrlRelayStatus
from .opening import OpeningFields, OpeningStatus
from .relay import RelayFields, RelayStatus
from .scenario import ScenarioFields, ScenarioStatus
from .thermo_zone import (
    AnalogFields,
    ThermoZoneFanSpeed,
    ThermoZoneFields,
    ThermoZoneMode,
    ThermoZoneSeason,
    ThermoZoneStatus,
)
from .timer import TimerFields

if TYPE_CHECKING:
    from .catalogue import IndicationInfo

__all__ = [
    "AnalogInUpdate",
    "CameEntity",
    "DeviceType",
    "DeviceUpdate",
    "DigitalInputUpdate",
    "EnergyMeterType",
    "EnergyMeterUpdate",
    "LightStatus",
    "LightType",
    "LightUpdate",
    "LoadsCtrlMeterUpdate",
    "LoadsCtrlRelayStatus",
    "LoadsCtrlRelayUpdate",
    "OpeningStatus",
    "OpeningUpdate",
    "PlantUpdate",
    "RelayStatus",
    "RelayUpdate",
    "ScenarioStatus",
    "ScenarioUpdate",
    "ThermoZoneFanSpeed",
    "ThermoZoneMode",
    "ThermoZoneSeason",
    "ThermoZoneStatus",
    "ThermoZoneUpdate",
    "TimerUpdate",
    "UpdateIndicator",
    "UpdateList",
    "get_update_device_type",
    "parse_update",
]


#: Indication ``cmd_name`` -> its meaning. The dict object is created here and filled by
#: :mod:`.catalogue` (its ``INDICATIONS`` is this same dict), so that the typed updates read it
#: without importing the catalogue, which imports this module's classes.
_INDICATIONS: dict[str, IndicationInfo] = {}
#: Its lookup, for any wire value (a non-string name finds nothing, an unhashable one raises
#: ``TypeError``).
_find = cast("Callable[[Any], IndicationInfo | None]", _INDICATIONS.get)


def _indication(cmd_name: Any) -> IndicationInfo | None:
    try:
        return _find(cmd_name)
    except TypeError:  # an unhashable cmd_name
        return None


class DeviceUpdate(FieldModel):
    """Base class for a typed status update from the CAME API.

    Wraps the raw update dict and exposes common properties. Subclasses add device-specific
    accessors.

    Args:
        raw_data: The original dict from the ``status_update_resp`` result array.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("cmd_name", "device_id", "name")

    cmd_name = str_field("cmd_name", doc="The indication cmd_name string from the raw update.")
    name = str_field("name", doc="Device name from the update.")
    device_id: Field[int | None] = Field(
        ("act_id", "open_act_id", "id"),
        to_int,
        default=None,
        doc="Primary device identifier (act_id, open_act_id, or id).\n\nReturns the first "
        "available identifier, or None if none is present.",
    )

    @property
    def device_type(self) -> DeviceType | None:
        """The DeviceType for this update, or None if the cmd_name is not recognized."""
        try:
            info = _find(self.raw_data.get("cmd_name"))
        except Exception:  # an unhashable cmd_name, or raw_data replaced by a non-mapping
            return None
        return None if info is None else info.device_type

    @property
    def update_indicator(self) -> UpdateIndicator | None:
        """The UpdateIndicator for this update, or None if the cmd_name is not recognized."""
        info = _indication(self.raw_data.get("cmd_name"))
        return None if info is None else info.indicator


class LightUpdate(LightFields, DeviceUpdate):
    """Typed update for a light device (light_switch_ind / light_update_ind)."""

    _REPR_FIELDS = ("act_id", "name", "status", "perc")

    @property
    def light_type(self) -> LightType:
        """Light type (STEP_STEP, DIMMER, RGB; UNKNOWN if not recognized)."""
        return self.type


class OpeningUpdate(OpeningFields, DeviceUpdate):
    """Typed update for an opening device (opening_move_ind / opening_update_ind)."""

    _REPR_FIELDS = ("open_act_id", "name", "status")

    floor_ind = int_field("floor_ind", doc="Floor index.")
    room_ind = int_field("room_ind", doc="Room index.")
    device_id = opt_int_field("open_act_id", doc="For openings the primary ID is open_act_id.")


class RelayUpdate(RelayFields, DeviceUpdate):
    """Typed update for a relay device (relay_status_ind / relay_update_ind)."""

    _REPR_FIELDS = ("act_id", "name", "status")


class ThermoZoneUpdate(ThermoZoneFields, DeviceUpdate):
    """Typed update for a thermostat zone (thermo_zone_info_ind / thermo_update_ind).

    ``temperature`` is read from ``temp_dec`` (or ``temp``), in degrees Celsius.
    """

    _REPR_FIELDS = ("act_id", "name", "temperature", "set_point", "mode")


class ScenarioUpdate(ScenarioFields, DeviceUpdate):
    """Typed update for a scenario.

    From scenario_status_ind / scenario_activation_ind / scenario_user_ind.
    """

    _REPR_FIELDS = ("id", "name", "scenario_status")

    device_id = opt_int_field("id", doc="For scenarios the primary ID is id.")


class DigitalInputUpdate(DeviceUpdate):
    """Typed update for a digital input (digitalin_status_ind / digitalin_update_ind)."""

    _REPR_FIELDS = ("act_id", "name", "status")

    act_id = int_field("act_id", doc="Digital input actuator ID.")
    addr = int_field("addr", doc="Digital input address.")
    status = int_field(
        "status", default=-1, doc="Digital input status value (0 active, 1 idle, -1 absent)."
    )
    utc_time = int_field("utc_time", doc="UTC timestamp of the digital input event.")


class AnalogInUpdate(AnalogFields, DeviceUpdate):
    """Typed update for an analog input sensor (analogin_status_ind / analogin_update_ind).

    ``value`` has the temperature scaling applied for unit 'C'.
    """

    _REPR_FIELDS = ("act_id", "name", "value", "unit")


class TimerUpdate(TimerFields, DeviceUpdate):
    """Typed update for a timer (timer_info_ind / timer_update_ind).

    The indication is a complete snapshot of the timer (PROTOCOL.md §5.6).
    """

    _REPR_FIELDS = ("id", "name", "enabled", "days")

    device_id = opt_int_field("id", doc="For timers the primary ID is id.")
    timetable: Field[list[dict[str, Any]]] = Field(
        "timetable",
        lambda value: [entry for entry in to_list(value) if isinstance(entry, dict)],
        default_factory=list,
        doc="Raw timetable entries from the update.",
    )


class EnergyMeterUpdate(EnergyMeterFields, DeviceUpdate):
    """Typed update for an energy meter (``meter_instant_power_ind``).

    Pushed when the power a meter measures changes; the payload is a complete snapshot of
    the meter (the shape of a ``meters_list_resp`` item), energy figures included (§5.6).
    """

    _REPR_FIELDS = ("id", "name", "instant_power", "unit")

    device_id = opt_int_field("id", doc="For energy meters the primary ID is id.")


class LoadsCtrlMeterUpdate(LoadsCtrlMeterFields, DeviceUpdate):
    """Typed update for a loads controller (``loadsctrl_meter_ind``).

    Pushed to **every** session, the issuer included, after an accepted
    ``loadsctrl_meter_set_req``: a complete snapshot of the controller (the shape of a
    ``loadsctrl_meter_list_resp`` item, §5.6).
    """

    _REPR_FIELDS = ("id", "name", "max_power", "power")

    device_id = opt_int_field("id", doc="For loads controllers the primary ID is id.")


class LoadsCtrlRelayUpdate(LoadsCtrlRelayFields, DeviceUpdate):
    """Typed update for a load-control relay (``loadsctrl_relay_ind``).

    Pushed to **every** session, the issuer included, after each accepted
    ``loadsctrl_relay_set_req``: a complete snapshot of the load (the shape of a
    ``loadsctrl_relay_list_resp`` item, §5.6), the authoritative confirmation of a change.
    """

    _REPR_FIELDS = ("id", "name", "priority", "enabled", "detached")

    device_id = opt_int_field(
        "id", doc="For loads the primary ID is id (the payload also carries a different act_id)."
    )


class PlantUpdate(DeviceUpdate):
    """Marker update for plant_update_ind.

    When this indication is received, all cached devices must be discarded and re-fetched
    from the server.
    """

    @property
    def is_plant_update(self) -> bool:
        """Always returns True."""
        return True


def parse_update(raw: dict[str, Any]) -> DeviceUpdate:
    """Parse a raw update dict into the appropriate typed DeviceUpdate subclass.

    Args:
        raw: A single update dict from the ``status_update_resp`` result array.

    Returns:
        A typed DeviceUpdate subclass instance. If the cmd_name is not recognized, a generic
        DeviceUpdate is returned so that the consumer can still access raw_data.
    """
    info = _indication(raw.get("cmd_name")) if isinstance(raw, dict) else None
    return (DeviceUpdate if info is None else info.update_class)(raw)


def _typed(raws: Iterable[Any]) -> list[DeviceUpdate]:
    """:func:`parse_update` of every dict of ``raws``, inlined (the long poll's hot path)."""
    lookup = _find
    typed: list[DeviceUpdate] = []
    append = typed.append
    for raw in raws:
        if isinstance(raw, dict):
            try:
                info = lookup(raw.get("cmd_name"))
            except TypeError:  # an unhashable cmd_name
                info = None
            append((DeviceUpdate if info is None else info.update_class)(raw))
    return typed


def get_update_device_type(update: dict[str, Any]) -> DeviceType | None:
    """Return the device type for a status update dict, or None if unknown.

    Args:
        update: A single update dict from the ``status_update_resp`` result array. Must
            contain a cmd_name key.

    Returns:
        The corresponding DeviceType, or None if the cmd_name is not recognized.
    """
    info = _indication(update.get("cmd_name")) if isinstance(update, dict) else None
    return None if info is None else info.device_type


class UpdateList(UserList[dict[str, Any]]):
    """Chronological list of status updates from the CameDomotic API.

    Extends UserList to maintain backward compatibility: iterating yields raw dict objects.
    Additional methods provide typed access and filtering.

    Args:
        updates: the raw indication dicts (any iterable; ``None`` for an empty list).
    """

    def __init__(self, updates: Iterable[dict[str, Any]] | None = None) -> None:
        super().__init__(updates if updates is not None else [])

    def get_typed_updates(self) -> list[DeviceUpdate]:
        """Parse all updates into typed DeviceUpdate objects.

        Returns:
            A list of DeviceUpdate subclass instances, one per raw update dict (items that
            are not dicts are skipped).
        """
        return _typed(self.data)

    def get_by_device_type(self, device_type: DeviceType) -> list[dict[str, Any]]:
        """Return raw update dicts filtered to the given device type.

        Args:
            device_type: The DeviceType to filter by.

        Returns:
            A list of raw update dicts whose cmd_name maps to device_type.
        """
        return [
            raw
            for raw in self.data
            if isinstance(raw, dict) and get_update_device_type(raw) == device_type
        ]

    def get_typed_by_device_type(self, device_type: DeviceType) -> list[DeviceUpdate]:
        """Parse and filter updates by device type.

        Args:
            device_type: The DeviceType to filter by.

        Returns:
            Typed DeviceUpdate instances whose device_type matches device_type.
        """
        return [parse_update(raw) for raw in self.get_by_device_type(device_type)]

    @property
    def has_plant_update(self) -> bool:
        """Whether any update in this list is a plant_update_ind.

        When True, the consumer should discard all cached devices and re-fetch them from the
        server.
        """
        return any(
            isinstance(raw, dict) and raw.get("cmd_name") == UpdateIndicator.PLANT
            for raw in self.data
        )
