"""Models layer: thermo zones, seasons and the thermo analog sensors (PROTOCOL.md §4.8)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ..utils import EntityValidator
from ._checks import check_member, check_number
from ._fields import (
    Field,
    bool_field,
    enum_field,
    int_field,
    opt_tenths_field,
    str_field,
    tenths,
    to_bool,
    to_float,
    to_int,
    to_list,
)
from ._reexport import auth_on_access
from .base import AuthEntity, CameEntity
from .command import Command
from .profiles import ProfileDay, ThermoProfile

if TYPE_CHECKING:
    from ..auth import Auth
else:
    __getattr__ = auth_on_access(__name__)  # upstream re-exports Auth here

__all__ = [
    "SET_POINT_MAX",
    "SET_POINT_MIN",
    "AnalogSensor",
    "AnalogSensorType",
    "Auth",
    "CameEntity",
    "EntityValidator",
    "ThermoProfile",
    "ThermoZone",
    "ThermoZoneFanSpeed",
    "ThermoZoneMode",
    "ThermoZoneSeason",
    "ThermoZoneStatus",
]

_LOGGER = logging.getLogger(__name__)

_E = TypeVar("_E", bound=Enum)

#: Set-point range of the user interfaces, in °C (PROTOCOL.md §4.8) [reverse-engineered].
SET_POINT_MIN = 5.0
SET_POINT_MAX = 34.0


class ThermoZoneMode(Enum):
    """Operating mode of a thermoregulation zone.

    Allowed values are:
        * OFF (0)
        * MANUAL (1)
        * AUTO (2)
        * JOLLY (3)
        * UNKNOWN (-1): a value this library does not know; not a valid command.
    """

    OFF = 0
    MANUAL = 1
    AUTO = 2
    JOLLY = 3
    UNKNOWN = -1


class ThermoZoneSeason(Enum):
    """Season setting for a thermoregulation zone.

    Allowed values are:
        * PLANT_OFF ("plant_off")
        * WINTER ("winter")
        * SUMMER ("summer")
        * UNKNOWN ("unknown"): a value this library does not know; not a valid command.
    """

    PLANT_OFF = "plant_off"
    WINTER = "winter"
    SUMMER = "summer"
    UNKNOWN = "unknown"


class ThermoZoneFanSpeed(Enum):
    """Fan speed setting for a thermoregulation zone.

    Allowed values are:
        * OFF (0)
        * SLOW (1)
        * MEDIUM (2)
        * FAST (3)
        * AUTO (4)
        * UNKNOWN (-1): absent (no fan coil) or not recognized; not a valid command.
    """

    OFF = 0
    SLOW = 1
    MEDIUM = 2
    FAST = 3
    AUTO = 4
    UNKNOWN = -1


class ThermoZoneStatus(Enum):
    """Status of a thermoregulation zone.

    Allowed values are:
        * OFF (0): no demand
        * ON (1): the zone is calling for heating/cooling
        * UNKNOWN (-1): a value this library does not know
    """

    OFF = 0
    ON = 1
    UNKNOWN = -1


class AnalogSensorType(Enum):
    """Type of an analog sensor.

    Allowed values are:
        * TEMPERATURE ("temperature")
        * HUMIDITY ("humidity")
        * PRESSURE ("pressure")
        * UNKNOWN ("unknown")
    """

    TEMPERATURE = "temperature"
    HUMIDITY = "humidity"
    PRESSURE = "pressure"
    UNKNOWN = "unknown"


def _dehumidifier_enabled(raw: Mapping[str, Any]) -> bool:
    block = raw.get("dehumidifier")
    return isinstance(block, Mapping) and to_bool(block.get("enabled", 0))


def _dehumidifier_setpoint(raw: Mapping[str, Any]) -> float | None:
    block = raw.get("dehumidifier")
    if not isinstance(block, Mapping) or block.get("setpoint") is None:
        return None
    return to_float(block["setpoint"])  # % RH, not tenths


@functools.lru_cache(maxsize=256)
def _profile_of_rows(rows: tuple[str, ...]) -> ThermoProfile:
    # Profiles are immutable, and a zone's rows rarely change: parsing them once keeps the
    # indication hot path cheap (each update compares the profile before and after).
    return ThermoProfile.from_wire(list(rows))


def _profile(raw: Mapping[str, Any]) -> ThermoProfile | None:
    value = raw.get("profile_data")
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(row, str) for row in value):
        return _profile_of_rows(tuple(value))
    return ThermoProfile.from_wire(value)  # raises the documented ValueError


class ThermoZoneFields:
    """Fields shared by :class:`ThermoZone` and :class:`~aiocamedomotic.models.ThermoZoneUpdate`.

    Temperatures are integer tenths on the wire (PROTOCOL.md §3.5) and degrees here.
    """

    act_id = int_field("act_id", doc="ID of the thermoregulation zone.")
    floor_ind = int_field("floor_ind", doc="Floor index of the thermoregulation zone.")
    room_ind = int_field("room_ind", doc="Room index of the thermoregulation zone.")
    # lists say "temp", indications (and one nested-list variant) "temp_dec" (§4.8, §5.5)
    temperature: Field[float] = Field(
        ("temp_dec", "temp"),
        tenths,
        default=0.0,
        label="zone temperature",
        doc="Current temperature in degrees Celsius.\n\nHandles both ``temp`` (from list "
        "responses) and ``temp_dec`` (from status indications) field names.",
    )
    set_point: Field[float] = Field(
        "set_point", tenths, default=0.0, doc="Target temperature in degrees Celsius."
    )
    mode = enum_field(
        "mode",
        ThermoZoneMode,
        unknown=ThermoZoneMode.UNKNOWN,
        label="zone mode",
        doc="Operating mode of the thermoregulation zone.\n\nReturns ThermoZoneMode.UNKNOWN "
        "for unrecognized mode values.",
    )
    season = enum_field(
        "season",
        ThermoZoneSeason,
        unknown=ThermoZoneSeason.UNKNOWN,
        label="zone season",
        doc="Season setting for the thermoregulation zone.\n\nReturns "
        "ThermoZoneSeason.UNKNOWN for unrecognized season values.",
    )
    status = enum_field(
        "status",
        ThermoZoneStatus,
        unknown=ThermoZoneStatus.UNKNOWN,
        label="zone status",
        doc="Status of the thermoregulation zone (OFF or ON).",
    )
    fan_speed = enum_field(
        "fan_speed",
        ThermoZoneFanSpeed,
        unknown=ThermoZoneFanSpeed.UNKNOWN,
        label="zone fan speed",
        doc="Fan speed setting for the thermoregulation zone.\n\nReturns "
        "ThermoZoneFanSpeed.UNKNOWN for unrecognized values (and for zones without a fan).",
    )
    t1 = opt_tenths_field("t1", doc="Temperature T1 in degrees Celsius, or None.")
    t2 = opt_tenths_field("t2", doc="Temperature T2 in degrees Celsius, or None.")
    t3 = opt_tenths_field("t3", doc="Temperature T3 in degrees Celsius, or None.")
    dehumidifier_enabled: Field[bool] = Field(
        "dehumidifier",
        read=_dehumidifier_enabled,
        default=False,
        doc="Whether the dehumidifier is enabled for this zone.",
    )
    dehumidifier_setpoint: Field[float | None] = Field(
        "dehumidifier",
        read=_dehumidifier_setpoint,
        default=None,
        doc="Dehumidifier humidity setpoint in percent, or None if not set.",
    )


def _check_set_point(value: Any, argument: str) -> int:
    """Validate a set point in °C and return it in wire tenths."""
    return round(check_number(value, argument, SET_POINT_MIN, SET_POINT_MAX) * 10)


def _known(enum_cls: type[_E]) -> tuple[_E, ...]:
    """The members of an enum that may be sent (all but UNKNOWN)."""
    return tuple(member for member in enum_cls if member.name != "UNKNOWN")


def _check_mode(mode: Any) -> ThermoZoneMode:
    return check_member(mode, "mode", _known(ThermoZoneMode))


def _check_fan_speed(fan_speed: Any) -> ThermoZoneFanSpeed:
    return check_member(fan_speed, "fan_speed", _known(ThermoZoneFanSpeed))


def season_command(season: Any) -> dict[str, Any]:
    """Build the plant-wide ``thermo_season_req`` (PROTOCOL.md §4.8).

    Args:
        season: WINTER, SUMMER or PLANT_OFF.

    Returns:
        The application message.

    Raises:
        ValueError: ``season`` is not one of the three valid seasons.
    """
    season = check_member(season, "season", _known(ThermoZoneSeason))
    return SET_SEASON.message(season=season.value)


def _config_effect(
    zone: ThermoZone, message: Mapping[str, Any], _reply: object
) -> dict[str, Any] | None:
    if "profile_id" in message:  # one row of the weekly profile (§4.8.6)
        current = zone.profile
        if current is None:
            return None
        row = current.with_row(message["profile_id"], message["profile_data"])
        return {"profile_data": row.to_wire()}
    effect = {"mode": message["mode"]}
    # the server applies a set point only if the zone ends up MANUAL (§4.8, §6.3)
    if message["mode"] == ThermoZoneMode.MANUAL.value:
        effect["set_point"] = message["set_point"]
    if "fan_speed" in message:
        effect["fan_speed"] = message["fan_speed"]
    return effect


#: Configure a zone: mode and set point always (the current ones re-sent when unchanged),
#: with ``extended_infos`` 1 a fan speed or one weekly-profile row (PROTOCOL.md §4.8).
CONFIGURE = Command(
    "thermo_zone_config_req",
    fields=(
        "act_id",
        "mode",
        "set_point",
        "extended_infos",
        "fan_speed",
        "profile_id",
        "profile_data",
    ),
    effect=_config_effect,
)
#: Set the plant-wide thermoregulation season (§4.8): plant-level.
SET_SEASON = Command("thermo_season_req", fields=("season",))


class ThermoZone(ThermoZoneFields, AuthEntity):
    """Thermoregulation zone entity in the CameDomotic API.

    Represents a single thermoregulation zone with its current state, including temperature
    readings, setpoint, operating mode, and season.

    Temperature values from the API are integers multiplied by 10 (e.g., 215 = 21.5 degrees
    C). Properties in this class return converted float values in degrees.

    Args:
        raw_data: a ``thermo_list_resp`` array item.
        auth: the session used to send commands.

    Raises:
        ValueError: If name or act_id keys are missing from the input data, or the auth
            argument cannot send commands.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = (
        "act_id",
        "name",
        "temperature",
        "set_point",
        "mode",
        "season",
    )
    # indications say temp_dec where lists say temp (PROTOCOL.md §5.5): keep one spelling
    _WIRE_ALIASES: ClassVar[dict[str, str]] = {"temp_dec": "temp"}

    name = str_field("name", doc="Name of the thermoregulation zone.")
    leaf = bool_field("leaf", doc="Whether this is an actual zone (leaf node) in the hierarchy.")
    antifreeze = opt_tenths_field(
        "antifreeze", doc="Antifreeze temperature in degrees Celsius, or None if not set."
    )
    profile: Field[ThermoProfile | None] = Field(
        "profile_data",
        read=_profile,
        default=None,
        doc="Weekly set-point profile (PROTOCOL.md §4.8.6), or None when the server sent "
        "none or a malformed one. Listed with ``extended_infos: 2``; indications only "
        "carry the row in force (``profile_info``), which is merged in.",
    )
    profile_data: Field[list[str]] = Field(
        "profile_data",
        to_list,
        default_factory=list,
        doc="Weekly set-point profile in the wire format (a copy): eight strings, Monday ... "
        "Sunday then JOLLY, of 96 quarter-hour digits 1-5; an empty list when the zone data "
        "carries no profile (indications never do). :attr:`profile` is the typed view.",
    )

    def merge_wire(self, raw: Mapping[str, Any]) -> frozenset[str]:
        """See :meth:`CameEntity.merge_wire`; a ``profile_info`` row (§4.8.6, carried by
        some indications [reverse-engineered]) is merged into the stored profile."""
        info = raw.get("profile_info")
        # parse the stored profile only when the row differs from the stored one: nearly
        # every indication repeats the row in force (the hot path)
        if (
            info is None
            or "profile_data" in raw
            or (info.__class__ is not dict and not isinstance(info, Mapping))  # no ABC check
            or self._holds_row(info)
        ):
            return super().merge_wire(raw)
        current = self.profile
        if current is not None:
            try:
                row = to_int(info.get("profile_id"))
                merged = current.with_row(row, info.get("profile_data"))  # type: ignore[arg-type]
            except (TypeError, ValueError, OverflowError):
                merged = current
            if merged != current:
                raw = {**raw, "profile_data": merged.to_wire()}
        return super().merge_wire(raw)

    def _holds_row(self, info: Mapping[str, Any]) -> bool:
        """Whether the stored ``profile_data`` already has the row of a ``profile_info``."""
        rows = self.raw_data.get("profile_data")
        if rows.__class__ is not list:
            return False
        try:
            index = ThermoProfile.day_index(info.get("profile_id"))
        except ValueError:
            return False
        return index < len(rows) and rows[index] == info.get("profile_data")

    def _wire(self, key: str, argument: str) -> int:
        """Current wire value of ``mode``/``set_point``, re-sent when unchanged (§4.8)."""
        try:
            return to_int(self.raw_data[key])
        except (KeyError, TypeError, ValueError, OverflowError):
            raise ValueError(
                f"the zone's current {key} is unknown; pass {argument} explicitly with "
                "async_set_config()"
            ) from None

    async def _async_config(
        self, mode: int, set_point: int, fan_speed: ThermoZoneFanSpeed | None
    ) -> None:
        await self._async_send(
            CONFIGURE,
            act_id=self.act_id,
            mode=mode,
            set_point=set_point,
            # 0 for a plain mode/set-point change, 1 with optional fields (§4.8)
            extended_infos=0 if fan_speed is None else 1,
            fan_speed=None if fan_speed is None else fan_speed.value,
        )

    async def async_set_temperature(self, temperature: float) -> None:
        """Set the target temperature, keeping the current operating mode.

        Warning:
            This method only has an effect when the zone is in ThermoZoneMode.MANUAL mode.
            In any other mode (e.g. AUTO, JOLLY) the server accepts the request without
            error but silently discards the new setpoint. Use :meth:`async_set_config` with
            ``mode=ThermoZoneMode.MANUAL`` to guarantee that the setpoint is applied.

        Args:
            temperature: Target temperature in degrees Celsius (5.0-34.0).

        Raises:
            ValueError: ``temperature`` is out of range, or the current mode is unknown.
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        set_point = _check_set_point(temperature, "temperature")
        await self._async_config(self._wire("mode", "mode"), set_point, None)

    async def async_set_mode(self, mode: ThermoZoneMode) -> None:
        """Set the operating mode, keeping the current target temperature.

        Args:
            mode: Operating mode to set.

        Raises:
            ValueError: ``mode`` is UNKNOWN or not a ThermoZoneMode, or the current set
                point is unknown.
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        mode = _check_mode(mode)
        await self._async_config(mode.value, self._wire("set_point", "set_point"), None)

    async def async_set_fan_speed(self, fan_speed: ThermoZoneFanSpeed) -> None:
        """Set the fan speed, keeping the current mode and temperature.

        Args:
            fan_speed: Fan speed to set.

        Raises:
            ValueError: ``fan_speed`` is UNKNOWN or not a ThermoZoneFanSpeed, or the current
                mode or set point is unknown.
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        fan_speed = _check_fan_speed(fan_speed)
        await self._async_config(
            self._wire("mode", "mode"), self._wire("set_point", "set_point"), fan_speed
        )

    async def async_set_profile_row(
        self, row: ProfileDay | int, levels: Sequence[int] | str
    ) -> None:
        """Write one row of the weekly profile, keeping mode and set point.

        Experimental [reverse-engineered]: ``thermo_zone_config_req`` with ``profile_id``
        and ``profile_data`` comes from field-used clients (PROTOCOL.md §4.8), not from
        captured traffic.

        Args:
            row: the :class:`~aiocamedomotic.models.ProfileDay` (or its value: 0 Monday ...
                6 Sunday, 7 the JOLLY row).
            levels: 96 quarter-hour levels 1-5 (ints or a digit string); an edited
                profile's :meth:`~aiocamedomotic.models.WeeklyProfile.row` gives them.

        Raises:
            ValueError: ``row`` or ``levels`` is invalid, or the current mode or set point
                is unknown (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        row = int(ThermoProfile.DAYS[ThermoProfile.day_index(row, "row")])
        wire_row = ThermoProfile.check_row(levels, "levels")
        await self._async_send(
            CONFIGURE,
            act_id=self.act_id,
            mode=self._wire("mode", "mode"),
            set_point=self._wire("set_point", "set_point"),
            extended_infos=1,
            profile_id=row,
            profile_data=wire_row,
        )

    async def async_set_config(
        self,
        mode: ThermoZoneMode,
        set_point: float,
        *,
        fan_speed: ThermoZoneFanSpeed | None = None,
    ) -> None:
        """Configure the thermoregulation zone.

        Note:
            The season cannot be changed via this method. Use
            ``CameDomoticAPI.async_set_thermo_season()`` to change the season at the plant
            level.

        Args:
            mode: Operating mode to set.
            set_point: Target temperature in degrees Celsius (5.0-34.0); applied by the
                server only when ``mode`` is MANUAL.
            fan_speed: Fan speed setting (optional; sets ``extended_infos`` to 1).

        Raises:
            ValueError: an argument is invalid or out of range (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        mode = _check_mode(mode)
        wire_set_point = _check_set_point(set_point, "set_point")
        if fan_speed is not None:
            fan_speed = _check_fan_speed(fan_speed)
        await self._async_config(mode.value, wire_set_point, fan_speed)


def _analog_value(raw: Mapping[str, Any]) -> float:
    """An analog reading: tenths when the unit is Celsius, plain otherwise (§3.5, §4.8.5)."""
    value = raw.get("value")
    if value is None:
        return 0.0
    return tenths(value) if is_celsius(raw.get("unit")) else to_float(value)


def is_celsius(unit: Any) -> bool:
    """Whether a wire unit string means °C (``"C"``; ``"°C"`` on some firmware, §4.8.5)."""
    if not isinstance(unit, str):
        return False
    text = unit.strip().upper()
    return text in ("C", "DEGC") or (text.endswith("C") and len(text) <= 3 and "%" not in text)


class AnalogFields:
    """Fields of an analog reading, shared by thermo sensors, analog inputs and their updates."""

    act_id = int_field("act_id", doc="ID of the analog sensor.")
    name = str_field("name", doc="Name of the analog sensor.")
    unit = str_field("unit", doc="Unit of measurement (e.g. 'C', '%', 'hPa').")
    value: Field[float] = Field(
        ("value", "unit"),
        read=_analog_value,
        default=0.0,
        label="analog value",
        doc="Sensor reading in the unit reported by ``unit`` (tenths are converted for 'C').",
    )


class AnalogSensor(AnalogFields, CameEntity):
    """Analog sensor from the CAME Domotic thermoregulation system.

    Represents a top-level temperature, humidity, or pressure sensor reading from the
    thermoregulation list response (PROTOCOL.md §4.8.5). These sensors are separate from the
    thermoregulation zones.

    Note:
        The ``value`` property returns the real sensor reading in the unit reported by
        ``unit`` (e.g., degrees C, %, hPa).

    Args:
        raw_data: Dictionary containing the sensor data from the API.
        sensor_type: The type of sensor (temperature, humidity, or pressure). Defaults to
            AnalogSensorType.UNKNOWN if not specified.

    Raises:
        ValueError: If name or act_id keys are missing from the input data.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("act_id", "name", "sensor_type", "value", "unit")

    #: The type of sensor (temperature, humidity, or pressure); UNKNOWN by default.
    sensor_type: AnalogSensorType = AnalogSensorType.UNKNOWN

    def __init__(
        self, raw_data: dict[str, Any], sensor_type: AnalogSensorType = AnalogSensorType.UNKNOWN
    ) -> None:
        super().__init__(raw_data)
        self.sensor_type = sensor_type


def parse_analog_sensors(response: Mapping[str, Any]) -> list[AnalogSensor]:
    """Parse the top-level ``temperature``/``humidity``/``pressure`` keys of a thermo list.

    Args:
        response: a ``thermo_list_resp``.

    Returns:
        One sensor per well-formed key, in that order (malformed ones are skipped).
    """
    sensors: list[AnalogSensor] = []
    for sensor_type in (
        AnalogSensorType.TEMPERATURE,
        AnalogSensorType.HUMIDITY,
        AnalogSensorType.PRESSURE,
    ):
        item = response.get(sensor_type.value)
        if isinstance(item, dict):
            try:
                sensors.append(AnalogSensor(item, sensor_type))
            except ValueError as err:
                _LOGGER.warning("Skipping malformed %s sensor: %s", sensor_type.value, err)
    return sensors
