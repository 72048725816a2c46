"""Models layer: the protocol declared once - one entry per entity family (PROTOCOL.md §4, §5.5).

Each :class:`FamilySpec` says how to list a family (command, response name, array key), how
to recognise its entities (id keys), which feature gates it, which indications update it and
how they are typed. The facade's list methods, :func:`~.update.parse_update` and the live
layer all read this table instead of repeating it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Generic, TypeVar

from ..const import DeviceType, ServerFeature, UpdateIndicator
from ._fields import to_int
from .analog_in import AnalogIn
from .base import CameEntity, CommandSender, Floor, Room
from .camera import Camera
from .digital_input import DigitalInput
from .energy_meter import EnergyMeter
from .irrigation import Irrigation, IrrigationUpdate
from .light import Light
from .loads_ctrl import LoadsCtrlMeter, LoadsCtrlRelay
from .map_page import MapPage
from .opening import Opening
from .relay import Relay
from .scenario import Scenario
from .security import (
    SICU_REQUEST,
    SecurityArea,
    SecurityAreasUpdate,
    SecurityCentral,
    SecurityCentralUpdate,
    SecurityInput,
    SecurityInputUpdate,
    SecurityOutput,
    SecurityOutputUpdate,
    SecurityScenario,
    parse_central,
    split_areas,
)
from .sound_zone import SoundZone
from .thermo_zone import AnalogSensor, ThermoZone, parse_analog_sensors
from .timer import Timer
from .update import (
    AnalogInUpdate,
    DeviceUpdate,
    DigitalInputUpdate,
    EnergyMeterUpdate,
    LightUpdate,
    LoadsCtrlMeterUpdate,
    LoadsCtrlRelayUpdate,
    OpeningUpdate,
    PlantUpdate,
    RelayUpdate,
    ScenarioUpdate,
    ThermoZoneUpdate,
    TimerUpdate,
)

_LOGGER = logging.getLogger(__name__)

EntityT = TypeVar("EntityT", bound=CameEntity)


@dataclass(frozen=True, slots=True)
class FamilySpec(Generic[EntityT]):
    """How one entity family is spoken on the wire.

    Attributes:
        key: family key (``"lights"``...), also used in unique ids.
        model: the entity class.
        list_cmd: the list request ``cmd_name``.
        response_name: the expected response ``cmd_name``.
        array_key: the response key holding the items.
        id_keys: the wire key(s) identifying an entity, primary first.
        feature: the server feature gating the family (``None``: not gated, §3.7).
        indications: the indication names updating the family (current, then legacy).
        update_class: the typed update class of those indications.
        device_type: the family's :class:`DeviceType` (``None`` for floors and rooms).
        request_extra: extra fields of the list request.
        send_username: whether the list request carries the caller's ``username``.
        needs_auth: whether the model constructor takes ``auth``.
        parse: custom response parser ``(response, auth) -> entities`` (thermo analog
            sensors, the security central).
        split: for an indication carrying several entities (``sicu_areas_status_ind``):
            ``(indication) -> per-entity objects``; ``None``: the indication is one entity.
        parent: key of the family whose entities scope the list: one list request per
            parent entity, carrying its id as ``id`` (loads per controller, §4.13).
    """

    key: str
    model: type[EntityT]
    list_cmd: str
    response_name: str
    id_keys: tuple[str, ...]
    array_key: str = "array"
    feature: ServerFeature | None = None
    indications: tuple[UpdateIndicator, ...] = ()
    update_class: type[DeviceUpdate] | None = None
    device_type: DeviceType | None = None
    request_extra: Mapping[str, Any] = field(default_factory=dict)
    send_username: bool = False
    needs_auth: bool = True
    parse: Callable[[Mapping[str, Any], CommandSender], list[EntityT]] | None = None
    split: Callable[[Mapping[str, Any]], list[Mapping[str, Any]]] | None = None
    parent: str | None = None

    def build_request(
        self, username: str | None = None, parent_id: int | None = None
    ) -> dict[str, Any]:
        """Return the list request's application message.

        Args:
            username: the caller's login name (sent only by families that need it).
            parent_id: the parent entity's id (families with a :attr:`parent` only).

        Returns:
            The application message (``cmd_name`` and fields).
        """
        command: dict[str, Any] = {"cmd_name": self.list_cmd, **self.request_extra}
        if parent_id is not None:
            command["id"] = parent_id
        if self.send_username:
            command["username"] = username or ""
        return command

    async def async_fetch(self, auth: CommandSender, parent_id: int | None = None) -> list[EntityT]:
        """Send the list request and build the entities of the answer.

        Args:
            auth: the session (its ``current_username`` is sent by families that need it).
            parent_id: the parent entity's id (families with a :attr:`parent` only).

        Returns:
            The entities, in server order (see :meth:`parse_response`).

        Raises:
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        username = getattr(auth, "current_username", None) if self.send_username else None
        response = await auth.async_send_command(
            self.build_request(username, parent_id), response_command=self.response_name
        )
        if parent_id is not None:
            return self.parse_children(response, auth, parent_id)
        return self.parse_response(response, auth)

    def parse_response(self, response: Mapping[str, Any], auth: CommandSender) -> list[EntityT]:
        """Build the entities of a list response.

        A missing or ``null`` array is an empty list (PROTOCOL.md §3.6); an item that is not
        an object or lacks a required key is skipped with a warning, not fatal.

        Args:
            response: the list response.
            auth: the session given to the entities that take one.

        Returns:
            The entities, in server order.
        """
        if self.parse is not None:
            return self.parse(response, auth)
        items = response.get(self.array_key)
        if not isinstance(items, list):
            return []
        build: Callable[[dict[str, Any]], EntityT] = (
            partial(self.model, auth=auth)  # type: ignore[call-arg]
            if self.needs_auth
            else self.model
        )
        entities: list[EntityT] = []
        for item in items:
            if not isinstance(item, dict):
                _LOGGER.warning("Skipping a %s item that is not an object", self.key)
                continue
            try:
                entities.append(build(item))
            except ValueError as err:
                _LOGGER.warning("Skipping a malformed %s item: %s", self.key, err)
        return entities

    def parse_children(
        self, response: Mapping[str, Any], auth: CommandSender, parent_id: int
    ) -> list[EntityT]:
        """Like :meth:`parse_response` for one parent's list; each entity gets ``parent_id``."""
        entities = self.parse_response(response, auth)
        for entity in entities:
            entity.parent_id = parent_id
        return entities

    def items_of(self, indication: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        """The per-entity objects of an indication of this family (usually itself)."""
        return [indication] if self.split is None else self.split(indication)

    def key_of(self, raw: Mapping[str, Any]) -> int | None:
        """Return the entity id carried by a wire object (list item or indication), if any."""
        value = raw.get(self.id_keys[0])
        try:
            return None if value is None else to_int(value)
        except (TypeError, ValueError, OverflowError):
            return None


_I = UpdateIndicator
_PLANT_SCOPE: Mapping[str, Any] = {"topologic_scope": "plant", "value": 0}

FLOORS = FamilySpec(
    key="floors",
    model=Floor,
    list_cmd="floor_list_req",
    response_name="floor_list_resp",
    id_keys=("floor_ind",),
    array_key="floor_list",
    request_extra={"topologic_scope": "plant"},
    needs_auth=False,
)
ROOMS = FamilySpec(
    key="rooms",
    model=Room,
    list_cmd="room_list_req",
    response_name="room_list_resp",
    id_keys=("room_ind",),
    array_key="room_list",
    request_extra={"topologic_scope": "plant"},
    needs_auth=False,
)
LIGHTS = FamilySpec(
    key="lights",
    model=Light,
    list_cmd="light_list_req",
    response_name="light_list_resp",
    id_keys=("act_id",),
    feature=ServerFeature.LIGHTS,
    indications=(_I.LIGHT, _I.LIGHT_LEGACY),
    update_class=LightUpdate,
    device_type=DeviceType.LIGHT,
    request_extra=_PLANT_SCOPE,
)
OPENINGS = FamilySpec(
    key="openings",
    model=Opening,
    list_cmd="openings_list_req",
    response_name="openings_list_resp",
    id_keys=("open_act_id", "close_act_id"),
    feature=ServerFeature.OPENINGS,
    indications=(_I.OPENING, _I.OPENING_LEGACY),
    update_class=OpeningUpdate,
    device_type=DeviceType.OPENING,
    request_extra=_PLANT_SCOPE,
)
RELAYS = FamilySpec(
    key="relays",
    model=Relay,
    list_cmd="relays_list_req",
    response_name="relays_list_resp",
    id_keys=("act_id",),
    feature=ServerFeature.RELAYS,
    indications=(_I.RELAY, _I.RELAY_LEGACY),
    update_class=RelayUpdate,
    device_type=DeviceType.GENERIC_RELAY,
    request_extra={"topologic_scope": "plant"},
)
SCENARIOS = FamilySpec(
    key="scenarios",
    model=Scenario,
    list_cmd="scenarios_list_req",
    response_name="scenarios_list_resp",
    id_keys=("id",),
    feature=ServerFeature.SCENARIOS,
    indications=(_I.SCENARIO_STATUS, _I.SCENARIO_ACTIVATION, _I.SCENARIO_USER_LEGACY),
    update_class=ScenarioUpdate,
    device_type=DeviceType.SCENARIO,
)
THERMO_ZONES = FamilySpec(
    key="thermo_zones",
    model=ThermoZone,
    list_cmd="thermo_list_req",
    response_name="thermo_list_resp",
    id_keys=("act_id",),
    feature=ServerFeature.THERMOREGULATION,
    indications=(_I.THERMOSTAT, _I.THERMOSTAT_LEGACY),
    update_class=ThermoZoneUpdate,
    device_type=DeviceType.THERMOSTAT,
    # 2 adds antifreeze and the weekly profiles (PROTOCOL.md §4.8)
    request_extra={**_PLANT_SCOPE, "extended_infos": 2},
)
ANALOG_SENSORS = FamilySpec(
    key="analog_sensors",
    model=AnalogSensor,
    list_cmd="thermo_list_req",
    response_name="thermo_list_resp",
    id_keys=("act_id",),
    feature=ServerFeature.THERMOREGULATION,
    device_type=DeviceType.ANALOG_SENSOR,
    request_extra=_PLANT_SCOPE,
    needs_auth=False,
    # top-level temperature/humidity/pressure keys, not an array (PROTOCOL.md §4.8.5)
    parse=lambda response, _auth: parse_analog_sensors(response),
)
ANALOG_INPUTS = FamilySpec(
    key="analog_inputs",
    model=AnalogIn,
    list_cmd="analogin_list_req",
    response_name="analogin_list_resp",
    id_keys=("act_id",),
    feature=ServerFeature.ANALOGIN,
    indications=(_I.ANALOG_INPUT, _I.ANALOG_INPUT_LEGACY),
    update_class=AnalogInUpdate,
    device_type=DeviceType.ANALOG_INPUT,
    needs_auth=False,
)
DIGITAL_INPUTS = FamilySpec(
    key="digital_inputs",
    model=DigitalInput,
    list_cmd="digitalin_list_req",
    response_name="digitalin_list_resp",
    id_keys=("act_id",),
    feature=ServerFeature.DIGITALIN,
    indications=(_I.DIGITAL_INPUT, _I.DIGITAL_INPUT_LEGACY),
    update_class=DigitalInputUpdate,
    device_type=DeviceType.DIGITAL_INPUT,
    request_extra={"topologic_scope": "plant"},
)
TIMERS = FamilySpec(
    key="timers",
    model=Timer,
    list_cmd="timers_list_req",
    response_name="timers_list_resp",
    id_keys=("id",),
    feature=ServerFeature.TIMERS,
    indications=(_I.TIMER, _I.TIMER_LEGACY),
    update_class=TimerUpdate,
    device_type=DeviceType.TIMER,
)
CAMERAS = FamilySpec(
    # not gated: cameras are missing from the feature list of some plants (§4.16)
    key="cameras",
    model=Camera,
    list_cmd="tvcc_cameras_list_req",
    response_name="tvcc_cameras_list_resp",
    id_keys=("id",),
    device_type=DeviceType.CAMERA,
    send_username=True,
)
ENERGY_METERS = FamilySpec(
    key="energy_meters",
    model=EnergyMeter,
    list_cmd="meters_list_req",
    response_name="meters_list_resp",
    id_keys=("id",),
    feature=ServerFeature.ENERGY,
    indications=(_I.ENERGY_METER,),
    update_class=EnergyMeterUpdate,
    device_type=DeviceType.ENERGY_SENSOR,
    needs_auth=False,
)
LOADSCTRL_METERS = FamilySpec(
    key="loadsctrl_controllers",
    model=LoadsCtrlMeter,
    list_cmd="loadsctrl_meter_list_req",
    response_name="loadsctrl_meter_list_resp",
    id_keys=("id",),
    feature=ServerFeature.LOADSCTRL,
    indications=(_I.LOADSCTRL_METER,),
    update_class=LoadsCtrlMeterUpdate,
    device_type=DeviceType.LOADSCTRL_METER,
)
LOADSCTRL_RELAYS = FamilySpec(
    key="loadsctrl_loads",
    model=LoadsCtrlRelay,
    list_cmd="loadsctrl_relay_list_req",
    response_name="loadsctrl_relay_list_resp",
    id_keys=("id",),
    feature=ServerFeature.LOADSCTRL,
    indications=(_I.LOADSCTRL_RELAY,),
    update_class=LoadsCtrlRelayUpdate,
    device_type=DeviceType.LOADSCTRL_RELAY,
    # listed per controller: {"id": <controller id>} (PROTOCOL.md §4.13)
    parent="loadsctrl_controllers",
)
MAP_PAGES = FamilySpec(
    key="map_pages",
    model=MapPage,
    list_cmd="map_descr_req",
    response_name="map_descr_resp",
    id_keys=("page_id",),
    # pages come under "map", not "array"; no username/map_id, or only one page (§4.17)
    array_key="map",
    device_type=DeviceType.PAGE,
    needs_auth=False,
)

# --- experimental, [reverse-engineered] families (PROTOCOL.md §4.14, §4.15, §4.19) -------
IRRIGATION = FamilySpec(
    key="irrigation_sectors",
    model=Irrigation,
    list_cmd="irrigation_list_req",
    response_name="irrigation_list_resp",
    id_keys=("id",),
    feature=ServerFeature.IRRIGATION,
    indications=(_I.IRRIGATION,),
    update_class=IrrigationUpdate,
    device_type=DeviceType.IRRIGATION,
    request_extra={"detailed": 1},
)
SOUND_ZONES = FamilySpec(
    # no feature string is known (§7.12): fetched only when asked, never by the live plant
    key="sound_zones",
    model=SoundZone,
    list_cmd="sound_room_list_req",
    response_name="sound_room_list_resp",
    id_keys=("id",),
    device_type=DeviceType.SOUND_ZONE,
    request_extra={"appl_msg_type": "sound"},
)
SECURITY_CENTRAL = FamilySpec(
    # no list request of its own: central 0 comes with the areas list (§4.19)
    key="security_centrals",
    model=SecurityCentral,
    list_cmd="sicu_areas_list_req",
    response_name="sicu_areas_list_resp",
    id_keys=("central_id",),
    feature=ServerFeature.SECURITY,
    indications=(_I.SECURITY_CENTRAL,),
    update_class=SecurityCentralUpdate,
    device_type=DeviceType.SECURITY_PANEL,
    request_extra=SICU_REQUEST,
    parse=parse_central,
)
SECURITY_AREAS = FamilySpec(
    key="security_areas",
    model=SecurityArea,
    list_cmd="sicu_areas_list_req",
    response_name="sicu_areas_list_resp",
    id_keys=("area_id",),
    feature=ServerFeature.SECURITY,
    indications=(_I.SECURITY_AREAS,),
    update_class=SecurityAreasUpdate,
    device_type=DeviceType.SECURITY_AREA,
    request_extra=SICU_REQUEST,
    split=split_areas,  # a delta: only the changed areas (§5.5)
)
SECURITY_INPUTS = FamilySpec(
    key="security_inputs",
    model=SecurityInput,
    list_cmd="sicu_inputs_list_req",
    response_name="sicu_inputs_list_resp",
    id_keys=("input_id",),
    feature=ServerFeature.SECURITY,
    indications=(_I.SECURITY_INPUT,),
    update_class=SecurityInputUpdate,
    device_type=DeviceType.SECURITY_INPUT,
    request_extra=SICU_REQUEST,
    needs_auth=False,
)
SECURITY_OUTPUTS = FamilySpec(
    key="security_outputs",
    model=SecurityOutput,
    list_cmd="sicu_outputs_list_req",
    response_name="sicu_outputs_list_resp",
    id_keys=("output_id",),
    feature=ServerFeature.SECURITY,
    indications=(_I.SECURITY_OUTPUT,),
    update_class=SecurityOutputUpdate,
    device_type=DeviceType.SECURITY_OUTPUT,
    request_extra=SICU_REQUEST,
    needs_auth=False,
)
SECURITY_SCENARIOS = FamilySpec(
    key="security_scenarios",
    model=SecurityScenario,
    list_cmd="sicu_scenarios_list_req",
    response_name="sicu_scenarios_list_resp",
    id_keys=("scenario_id",),
    feature=ServerFeature.SECURITY,
    device_type=DeviceType.SECURITY_SCENARIO,
    request_extra=SICU_REQUEST,
)

#: Every entity family, by key (floors and rooms are topology, not families).
CATALOGUE: dict[str, FamilySpec[Any]] = {
    spec.key: spec
    for spec in (
        LIGHTS,
        OPENINGS,
        RELAYS,
        SCENARIOS,
        THERMO_ZONES,
        ANALOG_SENSORS,
        ANALOG_INPUTS,
        DIGITAL_INPUTS,
        TIMERS,
        ENERGY_METERS,
        LOADSCTRL_METERS,
        LOADSCTRL_RELAYS,
        CAMERAS,
        MAP_PAGES,
        IRRIGATION,
        SOUND_ZONES,
        SECURITY_CENTRAL,
        SECURITY_AREAS,
        SECURITY_INPUTS,
        SECURITY_OUTPUTS,
        SECURITY_SCENARIOS,
    )
}


@dataclass(frozen=True, slots=True)
class IndicationInfo:
    """What one indication ``cmd_name`` means.

    Attributes:
        indicator: the :class:`UpdateIndicator`.
        update_class: the typed update class.
        device_type: the device type (``None`` for ``plant_update_ind``).
        family: the catalogue entry it updates (``None`` if no family model exists).
    """

    indicator: UpdateIndicator
    update_class: type[DeviceUpdate]
    device_type: DeviceType | None
    family: FamilySpec[Any] | None


def _build_indications() -> dict[str, IndicationInfo]:
    table: dict[str, IndicationInfo] = {}
    for spec in CATALOGUE.values():
        for indicator in spec.indications:
            assert spec.update_class is not None
            table[indicator.value] = IndicationInfo(
                indicator, spec.update_class, spec.device_type, spec
            )
    table[_I.PLANT.value] = IndicationInfo(_I.PLANT, PlantUpdate, None, None)
    return table


#: Indication ``cmd_name`` -> its meaning; every :class:`UpdateIndicator` is listed.
INDICATIONS: dict[str, IndicationInfo] = _build_indications()


def family_of_indication(cmd_name: str) -> FamilySpec[Any] | None:
    """Return the family an indication updates, or None (unknown, plant or unmodelled)."""
    info = INDICATIONS.get(cmd_name)
    return None if info is None else info.family
