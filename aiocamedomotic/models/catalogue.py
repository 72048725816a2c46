"""Models layer: the protocol declared once - one entry per entity family (PROTOCOL.md §4, §5.5).

Each :class:`FamilySpec` says all there is to know about a family: how to list it (command,
response name, array key), how to recognise its entities (id keys, required keys), which
feature gates it, which indications update it and how they are typed, whether the live
plant keeps a registry of it, its commands (:class:`~.command.Command`) and the names the
CLI gives it. The model classes (their family key, id property and required keys), the
facade's list methods, :func:`~.update.parse_update`, the live plant's controllers and
typed registries and the CLI's family table are all derived from this table.

:func:`register` is the one way in: every entry below goes through it, and so does a family
defined outside this package (a test, a plug-in), which is then listed, kept live and shown
by the CLI like the others. CONTRIBUTING.md walks through adding one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from ..const import DeviceType, ServerFeature, UpdateIndicator
from . import (
    analog_in,
    camera,
    digital_input,
    energy_meter,
    irrigation,
    light,
    loads_ctrl,
    map_page,
    opening,
    relay,
    scenario,
    security,
    sound_zone,
    thermo_zone,
    timer,
    update,
)
from ._fields import to_int
from .base import CameEntity, CommandSender, Floor, Room, builds_plainly
from .command import Command

__all__ = [
    "CATALOGUE",
    "INDICATIONS",
    "CliNames",
    "Command",
    "FamilySpec",
    "IndicationInfo",
    "family_of_indication",
    "register",
    "unregister",
]

_LOGGER = logging.getLogger(__name__)

EntityT = TypeVar("EntityT", bound=CameEntity)


@dataclass(frozen=True, slots=True)
class CliNames:
    """How the ``camedomotic`` CLI names and shows a family.

    Attributes:
        noun: the singular noun of its messages (``"cover"``).
        title: the heading of its table (``"Covers"``).
        aliases: other names a person may type for it (``"shutters"``...).
        shown: the properties that make up an entity's state (as JSON and in words) when
            the CLI has no dedicated presentation of the family.
    """

    noun: str
    title: str
    aliases: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FamilySpec(Generic[EntityT]):
    """How one entity family is spoken on the wire, and everything derived from it.

    :func:`register` adds an entry to :data:`CATALOGUE` and binds its model class to it:
    the model's family key (in :attr:`~.base.CameEntity.unique_id`), its
    :attr:`~.base.CameEntity.key` property (the property reading the first id key) and the
    keys its constructor requires all come from here.

    Attributes:
        key: family key (``"lights"``...), also used in unique ids and as the live plant's
            registry name.
        model: the entity class.
        list_cmd: the list request ``cmd_name`` (its answer: :attr:`response_name`).
        array_key: the response key holding the items.
        id_keys: the wire key(s) identifying an entity, primary first.
        required: the wire keys besides the primary id key that every item must carry
            (else the model's constructor raises ``ValueError`` and a list skips the item).
        id_required: whether the primary id key is required too (floors and rooms: no).
        doc: what the family is, completing "Get the ..." (the facade's list method shows
            it); further paragraphs may follow a blank line.
        feature: the server feature gating the family (``None``: not gated, §3.7).
        indications: the indication names updating the family (current, then legacy).
        refresh_on: indication names that only announce a change of the family's list
            (it is fetched again), e.g. ``scenario_user_ind`` (§5.5).
        also_updates: keys of families whose entities of the same id are updated by this
            family's indications too.
        update_class: the typed update class of those indications (default
            :class:`~.update.DeviceUpdate`).
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
        live: whether a live plant keeps a registry of the family.
        commands: the family's application commands (entity and plant-level ones).
        cli: how the CLI names and shows the family (``None``: the CLI does not show it).
    """

    key: str
    model: type[EntityT]
    list_cmd: str
    id_keys: tuple[str, ...]
    array_key: str = "array"
    required: tuple[str, ...] = ()
    id_required: bool = True
    doc: str = ""
    feature: str | None = None
    indications: tuple[str, ...] = ()
    refresh_on: tuple[str, ...] = ()
    also_updates: tuple[str, ...] = ()
    update_class: type[update.DeviceUpdate] = update.DeviceUpdate
    device_type: DeviceType | None = None
    request_extra: Mapping[str, Any] = field(default_factory=dict)
    send_username: bool = False
    needs_auth: bool = True
    parse: Callable[[Mapping[str, Any], CommandSender], list[EntityT]] | None = None
    split: Callable[[Mapping[str, Any]], list[Mapping[str, Any]]] | None = None
    parent: str | None = None
    live: bool = True
    commands: tuple[Command, ...] = ()
    cli: CliNames | None = None

    @property
    def response_name(self) -> str:
        """The expected answer's ``cmd_name``: the request's, ``_req`` made ``_resp`` (PROTOCOL.md
        §3.2)."""
        return f"{self.list_cmd.removesuffix('_req')}_resp"

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
        model: Any = self.model
        needs_auth = self.needs_auth
        # a plain constructor is inlined: the required keys checked, the object made and
        # filled directly (what the constructor would do, without three calls per item)
        plain = builds_plainly(model, auth if needs_auth else None)
        required = model._REQUIRED
        new = object.__new__
        entities: list[EntityT] = []
        append = entities.append
        for item in items:
            if not isinstance(item, dict):
                _LOGGER.warning("Skipping a %s item that is not an object", self.key)
                continue
            if plain and type(item) is dict:
                for key in required:
                    if key not in item:
                        break
                else:
                    entity = new(model)
                    entity.raw_data = item
                    if needs_auth:
                        entity.auth = auth
                    append(entity)
                    continue
            try:
                append(model(item, auth) if needs_auth else model(item))
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


@dataclass(frozen=True, slots=True)
class IndicationInfo:
    """What one indication ``cmd_name`` means.

    Attributes:
        indicator: the :class:`UpdateIndicator` (``None`` for an indication of a family
            registered from outside this package).
        update_class: the typed update class.
        device_type: the device type (``None`` for ``plant_update_ind``).
        family: the catalogue entry it updates (``None`` if no family model exists).
    """

    indicator: UpdateIndicator | None
    update_class: type[update.DeviceUpdate]
    device_type: DeviceType | None
    family: FamilySpec[Any] | None


_I = UpdateIndicator

#: Every entity family, by key, in registration order (floors and rooms are topology, not
#: families). Change it with :func:`register` and :func:`unregister` only.
CATALOGUE: dict[str, FamilySpec[Any]] = {}

#: Indication ``cmd_name`` -> its meaning: the indications of every registered family, and
#: ``plant_update_ind``.
INDICATIONS: dict[str, IndicationInfo] = update._INDICATIONS  # the typed updates read it
INDICATIONS[_I.PLANT.value] = IndicationInfo(_I.PLANT, update.PlantUpdate, None, None)


def register(spec: FamilySpec[EntityT]) -> FamilySpec[EntityT]:
    """Add a family to the catalogue: from then on the facade lists it
    (:meth:`~aiocamedomotic.came_domotic_api.CameDomoticAPI.async_get_family`),
    :func:`~.update.parse_update` types its indications, a live plant started afterwards
    keeps it current and the CLI shows it (when the entry has :attr:`~FamilySpec.cli`
    names).

    Args:
        spec: the family's entry.

    Returns:
        ``spec``.

    Raises:
        ValueError: the key, the model or one of the indication names is already
            registered, or no single property of the model reads the primary id key.
    """
    if spec.key in CATALOGUE:
        raise ValueError(f"a family {spec.key!r} is already registered")
    owner = next((other.key for other in CATALOGUE.values() if other.model is spec.model), None)
    if owner is not None:
        raise ValueError(f"{spec.model.__name__} is already the model of family {owner!r}")
    names = [str(name) for name in (*spec.indications, *spec.refresh_on)]
    taken = sorted(name for name in names if name in INDICATIONS)
    if taken:
        raise ValueError(f"{spec.key}: indication(s) {taken} already belong to another family")
    _bind(spec)
    CATALOGUE[spec.key] = spec
    for name in names:
        indicator = UpdateIndicator(name) if name in UpdateIndicator._value2member_map_ else None
        INDICATIONS[name] = IndicationInfo(indicator, spec.update_class, spec.device_type, spec)
    return spec


def _bind(spec: FamilySpec[EntityT]) -> FamilySpec[EntityT]:
    """Derive the model's family key, id property and required keys from its entry."""
    model = spec.model
    primary = spec.id_keys[0]
    readers = model._key_index.get(primary, frozenset())
    if primary in readers:
        key_field = primary
    elif len(readers) == 1:
        [key_field] = readers
    else:
        raise ValueError(f"{model.__name__}: no single property reads the id {primary!r}")
    model._FAMILY = spec.key
    model._KEY_FIELD = key_field
    model._REQUIRED = (*spec.required, primary) if spec.id_required else spec.required
    return spec


def unregister(key: str) -> FamilySpec[Any]:
    """Remove a family added with :func:`register` (a test's own family, say).

    Live plants already started keep their registry of it.

    Args:
        key: the family key.

    Returns:
        The removed entry.

    Raises:
        KeyError: no family has that key.
    """
    spec = CATALOGUE.pop(key)
    for name in (*spec.indications, *spec.refresh_on):
        INDICATIONS.pop(str(name), None)
    return spec


def family_of_indication(cmd_name: str) -> FamilySpec[Any] | None:
    """Return the family an indication updates, or None (unknown, plant or unmodelled)."""
    info = INDICATIONS.get(cmd_name)
    return None if info is None else info.family


_PLANT_SCOPE: Mapping[str, Any] = {"topologic_scope": "plant", "value": 0}
_NAMED = ("name",)

# --- topology: listed by the facade, not registered (no live state, no CLI table) --------

FLOORS = _bind(
    FamilySpec(
        key="floors",
        model=Floor,
        list_cmd="floor_list_req",
        id_keys=("floor_ind",),
        id_required=False,
        array_key="floor_list",
        doc="floors defined on the server (PROTOCOL.md §4.3); empty on plants whose server "
        "returns none (see :meth:`async_get_topology`).",
        request_extra={"topologic_scope": "plant"},
        needs_auth=False,
    )
)
ROOMS = _bind(
    FamilySpec(
        key="rooms",
        model=Room,
        list_cmd="room_list_req",
        id_keys=("room_ind",),
        id_required=False,
        array_key="room_list",
        doc="rooms defined on the server (PROTOCOL.md §4.3).",
        request_extra={"topologic_scope": "plant"},
        needs_auth=False,
    )
)

# --- the families ----------------------------------------------------------------------

LIGHTS = register(
    FamilySpec(
        key="lights",
        model=light.Light,
        list_cmd="light_list_req",
        id_keys=("act_id",),
        required=_NAMED,
        doc="light devices defined on the server.",
        feature=ServerFeature.LIGHTS,
        indications=(_I.LIGHT, _I.LIGHT_LEGACY),
        update_class=update.LightUpdate,
        device_type=DeviceType.LIGHT,
        request_extra=_PLANT_SCOPE,
        commands=(light.SWITCH,),
        cli=CliNames("light", "Lights", ("light",)),
    )
)
OPENINGS = register(
    FamilySpec(
        key="openings",
        model=opening.Opening,
        list_cmd="openings_list_req",
        id_keys=("open_act_id", "close_act_id"),
        required=_NAMED,
        doc="openings (shutters, blinds, awnings, gates) defined on the server.",
        feature=ServerFeature.OPENINGS,
        indications=(_I.OPENING, _I.OPENING_LEGACY),
        update_class=update.OpeningUpdate,
        device_type=DeviceType.OPENING,
        request_extra=_PLANT_SCOPE,
        commands=(opening.MOVE,),
        cli=CliNames(
            "cover", "Covers", ("opening", "covers", "cover", "shutters", "shutter", "blinds")
        ),
    )
)
RELAYS = register(
    FamilySpec(
        key="relays",
        model=relay.Relay,
        list_cmd="relays_list_req",
        id_keys=("act_id",),
        required=_NAMED,
        doc="relay devices defined on the server.\n\nRelays are simple on/off switches "
        "that can be controlled remotely.",
        feature=ServerFeature.RELAYS,
        indications=(_I.RELAY, _I.RELAY_LEGACY),
        update_class=update.RelayUpdate,
        device_type=DeviceType.GENERIC_RELAY,
        request_extra={"topologic_scope": "plant"},
        commands=(relay.SWITCH, relay.SWITCH_TIMED, relay.SWITCH_BY_NAME),
        cli=CliNames("relay", "Relays", ("relay",), shown=("status",)),
    )
)
SCENARIOS = register(
    FamilySpec(
        key="scenarios",
        model=scenario.Scenario,
        list_cmd="scenarios_list_req",
        id_keys=("id",),
        required=_NAMED,
        doc="scenarios defined on the server.",
        feature=ServerFeature.SCENARIOS,
        indications=(_I.SCENARIO_STATUS, _I.SCENARIO_ACTIVATION),
        refresh_on=(_I.SCENARIO_USER_LEGACY,),
        update_class=update.ScenarioUpdate,
        device_type=DeviceType.SCENARIO,
        commands=(
            scenario.ACTIVATE,
            scenario.RENAME,
            scenario.DELETE,
            scenario.ACTIVATE_BY_NAME,
            scenario.RECORD_START,
            scenario.RECORD_DONE,
        ),
        cli=CliNames("scenario", "Scenarios", ("scenario",)),
    )
)
THERMO_ZONES = register(
    FamilySpec(
        key="thermo_zones",
        model=thermo_zone.ThermoZone,
        list_cmd="thermo_list_req",
        id_keys=("act_id",),
        required=_NAMED,
        doc="thermoregulation zones defined on the server.\n\nThe request asks for "
        "extended information (``extended_infos: 2``), so zones carry their antifreeze "
        "temperature and weekly profile (PROTOCOL.md §4.8).",
        feature=ServerFeature.THERMOREGULATION,
        indications=(_I.THERMOSTAT, _I.THERMOSTAT_LEGACY),
        update_class=update.ThermoZoneUpdate,
        device_type=DeviceType.THERMOSTAT,
        # 2 adds antifreeze and the weekly profiles (PROTOCOL.md §4.8)
        request_extra={**_PLANT_SCOPE, "extended_infos": 2},
        commands=(thermo_zone.CONFIGURE, thermo_zone.SET_SEASON),
        cli=CliNames("thermo zone", "Thermo zones", ("thermo", "zones", "zone", "thermo-zone")),
    )
)
ANALOG_SENSORS = register(
    FamilySpec(
        key="analog_sensors",
        model=thermo_zone.AnalogSensor,
        list_cmd="thermo_list_req",
        id_keys=("act_id",),
        required=_NAMED,
        doc="analog sensor readings of the thermoregulation system.\n\nThe top-level "
        "temperature, humidity and pressure readings of the thermoregulation list "
        "(PROTOCOL.md §4.8.5).",
        feature=ServerFeature.THERMOREGULATION,
        device_type=DeviceType.ANALOG_SENSOR,
        request_extra=_PLANT_SCOPE,
        needs_auth=False,
        # top-level temperature/humidity/pressure keys, not an array (PROTOCOL.md §4.8.5)
        parse=lambda response, _auth: thermo_zone.parse_analog_sensors(response),
        cli=CliNames("sensor", "Sensors", ("sensors", "sensor", "analog-sensor")),
    )
)
ANALOG_INPUTS = register(
    FamilySpec(
        key="analog_inputs",
        model=analog_in.AnalogIn,
        list_cmd="analogin_list_req",
        id_keys=("act_id",),
        required=_NAMED,
        doc="standalone analog input sensors of the server.\n\nAnalog inputs are read-only "
        "sensors (e.g. hygrometers, thermometers, barometers) exposed via the ``analogin`` "
        "feature. They are independent of the thermoregulation system's analog sensors.",
        feature=ServerFeature.ANALOGIN,
        indications=(_I.ANALOG_INPUT, _I.ANALOG_INPUT_LEGACY),
        # The thermo top-level sensors have no indication of their own and the same probe
        # may be an analog input too (PROTOCOL.md §4.8.5) [reverse-engineered]; the
        # emulator emits analogin_status_ind for both.
        also_updates=("analog_sensors",),
        update_class=update.AnalogInUpdate,
        device_type=DeviceType.ANALOG_INPUT,
        needs_auth=False,
        cli=CliNames("analog input", "Analog inputs", ("analog", "analogin", "analog-input")),
    )
)
DIGITAL_INPUTS = register(
    FamilySpec(
        key="digital_inputs",
        model=digital_input.DigitalInput,
        list_cmd="digitalin_list_req",
        id_keys=("act_id",),
        required=_NAMED,
        doc="digital input devices defined on the server.\n\nDigital inputs are read-only "
        "binary sensors (e.g. physical buttons, contact sensors). They report their state "
        "but cannot be controlled.",
        feature=ServerFeature.DIGITALIN,
        indications=(_I.DIGITAL_INPUT, _I.DIGITAL_INPUT_LEGACY),
        update_class=update.DigitalInputUpdate,
        device_type=DeviceType.DIGITAL_INPUT,
        request_extra={"topologic_scope": "plant"},
        commands=(digital_input.ACK,),
        cli=CliNames(
            "digital input",
            "Digital inputs",
            ("inputs", "buttons", "digitalin", "digital-input"),
            shown=("status",),
        ),
    )
)
TIMERS = register(
    FamilySpec(
        key="timers",
        model=timer.Timer,
        list_cmd="timers_list_req",
        id_keys=("id",),
        required=_NAMED,
        doc="timers defined on the server.\n\nTimers are scheduling entities that define "
        "time-based activation windows. They support enabling/disabling, day toggling, and "
        "timetable configuration.",
        feature=ServerFeature.TIMERS,
        indications=(_I.TIMER, _I.TIMER_LEGACY),
        update_class=update.TimerUpdate,
        device_type=DeviceType.TIMER,
        commands=(timer.ENABLE, timer.ENABLE_DAY, timer.SET_TIMETABLE),
        cli=CliNames("timer", "Timers", ("timer",)),
    )
)
ENERGY_METERS = register(
    FamilySpec(
        key="energy_meters",
        model=energy_meter.EnergyMeter,
        list_cmd="meters_list_req",
        id_keys=("id",),
        required=_NAMED,
        doc='energy meters (``meters_list_req``, feature ``"energy"``, PROTOCOL.md '
        "§4.12) [real traffic].",
        feature=ServerFeature.ENERGY,
        indications=(_I.ENERGY_METER,),
        update_class=update.EnergyMeterUpdate,
        device_type=DeviceType.ENERGY_SENSOR,
        needs_auth=False,
        commands=(energy_meter.RESET_COUNTERS,),
        cli=CliNames("energy meter", "Energy meters", ("energy", "meters", "meter")),
    )
)
LOADSCTRL_METERS = register(
    FamilySpec(
        key="loadsctrl_controllers",
        model=loads_ctrl.LoadsCtrlMeter,
        list_cmd="loadsctrl_meter_list_req",
        id_keys=("id",),
        required=_NAMED,
        doc='loads controllers (``loadsctrl_meter_list_req``, feature ``"loadsctrl"``, '
        "§4.13) [real traffic].\n\nEach binds an energy meter to an overload threshold "
        "and sheds its loads; a plant may define any number of them.",
        feature=ServerFeature.LOADSCTRL,
        indications=(_I.LOADSCTRL_METER,),
        update_class=update.LoadsCtrlMeterUpdate,
        device_type=DeviceType.LOADSCTRL_METER,
        commands=(loads_ctrl.SET_CONTROLLER,),
        cli=CliNames(
            "load controller", "Load controllers", ("controllers", "load-controllers", "loadsctrl")
        ),
    )
)
LOADSCTRL_RELAYS = register(
    FamilySpec(
        key="loadsctrl_loads",
        model=loads_ctrl.LoadsCtrlRelay,
        list_cmd="loadsctrl_relay_list_req",
        id_keys=("id",),
        required=_NAMED,
        doc="loads of the loads controllers (``loadsctrl_relay_list_req``, one request per "
        "controller, §4.13).",
        feature=ServerFeature.LOADSCTRL,
        indications=(_I.LOADSCTRL_RELAY,),
        update_class=update.LoadsCtrlRelayUpdate,
        device_type=DeviceType.LOADSCTRL_RELAY,
        # listed per controller: {"id": <controller id>} (PROTOCOL.md §4.13)
        parent="loadsctrl_controllers",
        commands=(loads_ctrl.SET_LOAD,),
        cli=CliNames("load", "Managed loads", ("loads", "load")),
    )
)

# --- experimental, [reverse-engineered] families (PROTOCOL.md §4.14, §4.15, §4.19) -------
IRRIGATION = register(
    FamilySpec(
        key="irrigation_sectors",
        model=irrigation.Irrigation,
        list_cmd="irrigation_list_req",
        id_keys=("id",),
        doc='irrigation sectors (``irrigation_list_req``, feature ``"irrig"``).\n\n'
        "Experimental, [reverse-engineered] (PROTOCOL.md §4.14): see "
        ":mod:`aiocamedomotic.models.irrigation`.",
        feature=ServerFeature.IRRIGATION,
        indications=(_I.IRRIGATION,),
        update_class=irrigation.IrrigationUpdate,
        device_type=DeviceType.IRRIGATION,
        request_extra={"detailed": 1},
        commands=(irrigation.FORCE, irrigation.SET),
        cli=CliNames("irrigation sector", "Irrigation", ("irrigation", "sectors", "sector")),
    )
)
SOUND_ZONES = register(
    FamilySpec(
        # no feature string is known (§7.12): fetched only when asked, never by the live
        # plant
        key="sound_zones",
        model=sound_zone.SoundZone,
        list_cmd="sound_room_list_req",
        id_keys=("id",),
        doc="sound zones (``sound_room_list_req``), their sources normalised from both "
        "firmware shapes.\n\nExperimental, [reverse-engineered] (PROTOCOL.md §4.15): no "
        "feature string gates sound (§7.12), so this is sent only when called; a server "
        "without sound answers with an error. See :mod:`aiocamedomotic.models.sound_zone`.",
        device_type=DeviceType.SOUND_ZONE,
        request_extra={"appl_msg_type": "sound"},
        live=False,
        commands=(sound_zone.READ, sound_zone.SWITCH, sound_zone.SOURCE_COMMAND),
        cli=CliNames("sound zone", "Sound zones", ("sound", "audio")),
    )
)
SECURITY_CENTRAL = register(
    FamilySpec(
        # no list request of its own: central 0 comes with the areas list (§4.19)
        key="security_centrals",
        model=security.SecurityCentral,
        list_cmd="sicu_areas_list_req",
        id_keys=("central_id",),
        doc='alarm central (central 0, feature ``"sicu"``) to arm, disarm, reset...: '
        "``[central]``, or ``[]`` when the server answers the areas list without one.\n\n"
        "Experimental, [reverse-engineered] (PROTOCOL.md §4.19): the central has no list "
        "request of its own; it is returned with the areas list and knows its status only "
        "from ``sicu_central_status_ind`` (the live plant applies it). See "
        ":mod:`aiocamedomotic.models.security`.",
        feature=ServerFeature.SECURITY,
        indications=(_I.SECURITY_CENTRAL,),
        update_class=security.SecurityCentralUpdate,
        device_type=DeviceType.SECURITY_PANEL,
        request_extra=security.SICU_REQUEST,
        parse=security.parse_central,
        commands=(security.SET_AREAS, security.RESET, security.SILENCE),
    )
)
SECURITY_AREAS = register(
    FamilySpec(
        key="security_areas",
        model=security.SecurityArea,
        list_cmd="sicu_areas_list_req",
        id_keys=("area_id",),
        doc="areas of the security system (``sicu_areas_list_req``), experimental.",
        feature=ServerFeature.SECURITY,
        indications=(_I.SECURITY_AREAS,),
        update_class=security.SecurityAreasUpdate,
        device_type=DeviceType.SECURITY_AREA,
        request_extra=security.SICU_REQUEST,
        split=security.split_areas,  # a delta: only the changed areas (§5.5)
        cli=CliNames("alarm area", "Alarm areas", ("alarm", "areas", "security")),
    )
)
SECURITY_INPUTS = register(
    FamilySpec(
        key="security_inputs",
        model=security.SecurityInput,
        list_cmd="sicu_inputs_list_req",
        id_keys=("input_id",),
        doc="inputs of the security system (``sicu_inputs_list_req``), experimental.",
        feature=ServerFeature.SECURITY,
        indications=(_I.SECURITY_INPUT,),
        update_class=security.SecurityInputUpdate,
        device_type=DeviceType.SECURITY_INPUT,
        request_extra=security.SICU_REQUEST,
        needs_auth=False,
        cli=CliNames("alarm input", "Alarm inputs", ("alarm-inputs", "detectors")),
    )
)
SECURITY_OUTPUTS = register(
    FamilySpec(
        key="security_outputs",
        model=security.SecurityOutput,
        list_cmd="sicu_outputs_list_req",
        id_keys=("output_id",),
        doc="outputs (sirens...) of the security system, experimental.",
        feature=ServerFeature.SECURITY,
        indications=(_I.SECURITY_OUTPUT,),
        update_class=security.SecurityOutputUpdate,
        device_type=DeviceType.SECURITY_OUTPUT,
        request_extra=security.SICU_REQUEST,
        needs_auth=False,
        cli=CliNames("alarm output", "Alarm outputs", ("alarm-outputs", "sirens")),
    )
)
SECURITY_SCENARIOS = register(
    FamilySpec(
        key="security_scenarios",
        model=security.SecurityScenario,
        list_cmd="sicu_scenarios_list_req",
        id_keys=("scenario_id",),
        doc="security scenarios (``sicu_scenarios_list_req``), experimental.",
        feature=ServerFeature.SECURITY,
        device_type=DeviceType.SECURITY_SCENARIO,
        request_extra=security.SICU_REQUEST,
        commands=(security.ACTIVATE_SCENARIO,),
        cli=CliNames("alarm scenario", "Alarm scenarios", ("alarm-scenarios",)),
    )
)
CAMERAS = register(
    FamilySpec(
        # not gated: cameras are missing from the feature list of some plants (§4.16)
        key="cameras",
        model=camera.Camera,
        list_cmd="tvcc_cameras_list_req",
        id_keys=("id",),
        required=_NAMED,
        doc="TVCC cameras defined on the server.\n\nCameras are read-only entities "
        "providing access to IP camera stream URIs. They do not support control commands. "
        "The request carries the current login name (PROTOCOL.md §4.16) "
        "[reverse-engineered].",
        device_type=DeviceType.CAMERA,
        send_username=True,
        live=False,
        cli=CliNames("camera", "Cameras", ("camera", "tvcc")),
    )
)
MAP_PAGES = register(
    FamilySpec(
        key="map_pages",
        model=map_page.MapPage,
        list_cmd="map_descr_req",
        id_keys=("page_id",),
        required=("page_label",),
        doc="map pages (floor plans) of the server, each with its positioned elements.\n\n"
        "Maps provide a spatial view of the installation with positioned device elements "
        "overlaid on background images. Map data is read-only.",
        # pages come under "map", not "array"; no username/map_id, or only one page (§4.17)
        array_key="map",
        device_type=DeviceType.PAGE,
        needs_auth=False,
        live=False,
    )
)
