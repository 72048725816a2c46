"""Contract: the public names, signatures and enum values of the API reference.

These pins come straight from the reference (spec 000) and the usage guide (spec 001). A
failure here means code written against those documents would break.
"""

from __future__ import annotations

import importlib
import inspect
from enum import Enum
from typing import Any

import pytest

MODELS = "aiocamedomotic.models"
API = "aiocamedomotic.came_domotic_api.CameDomoticAPI"

# Every name the usage guide imports, and every class the reference documents, by module.
PUBLIC_NAMES: dict[str, list[str]] = {
    "aiocamedomotic": ["CameDomoticAPI", "CAME_MAC_PREFIXES", "async_is_came_endpoint"],
    "aiocamedomotic.came_domotic_api": ["CameDomoticAPI"],
    "aiocamedomotic.auth": ["Auth", "handle_came_domotic_errors"],
    "aiocamedomotic.utils": ["async_is_came_endpoint"],
    "aiocamedomotic.anonymizer": ["TRAFFIC_LOGGER"],
    "aiocamedomotic.const": ["AckErrorCode", "DeviceType", "UpdateIndicator"],
    "aiocamedomotic.errors": [
        "CameDomoticError",
        "CameDomoticAuthError",
        "CameDomoticServerError",
        "CameDomoticServerNotFoundError",
        "CameDomoticServerTimeoutError",
        "CameDomoticTooManySessionsError",
    ],
    "aiocamedomotic.models.timer": ["TimerTimeSlot"],
    "aiocamedomotic.models.update": ["UpdateList"],
    MODELS: [
        "AnalogIn", "AnalogInUpdate", "AnalogSensor", "AnalogSensorType", "CameEntity",
        "Camera", "DeviceType", "DeviceUpdate", "DigitalInput", "DigitalInputStatus",
        "DigitalInputType", "DigitalInputUpdate", "Floor", "Light", "LightStatus", "LightType",
        "LightUpdate", "MapPage", "Opening", "OpeningStatus", "OpeningType", "OpeningUpdate",
        "PlantTopology", "PlantUpdate", "Relay", "RelayStatus", "RelayUpdate", "Room",
        "Scenario", "ScenarioStatus", "ScenarioUpdate", "ServerFeature", "ServerInfo",
        "TerminalGroup", "ThermoZone", "ThermoZoneFanSpeed", "ThermoZoneMode",
        "ThermoZoneSeason", "ThermoZoneStatus", "ThermoZoneUpdate", "Timer", "TimerTimeSlot",
        "TimerUpdate", "TopologyFloor", "TopologyRoom", "UpdateIndicator", "UpdateList", "User",
        "get_update_device_type", "parse_update",
    ],
}  # fmt: skip


@pytest.mark.parametrize(
    ("module", "name"), [(m, n) for m, names in PUBLIC_NAMES.items() for n in names]
)
def test_public_name_exists(module: str, name: str) -> None:
    assert hasattr(importlib.import_module(module), name), f"{module}.{name} is missing"


def _obj(path: str) -> Any:
    module, _, attr = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module), attr)
    except ModuleNotFoundError:
        owner_module, _, owner = module.rpartition(".")
        return getattr(getattr(importlib.import_module(owner_module), owner), attr)


# Documented signatures, written as the reference prints them (annotations left out).
SIGNATURES: dict[str, str] = {
    f"{API}.__init__": "(self, auth, *, command_timeout=30)",
    f"{API}.async_create": (
        "(host, username, password, *, websession=None, close_websession_on_disposal=False, "
        "command_timeout=30)"
    ),
    f"{API}.async_add_user": "(self, username, password, group='*')",
    f"{API}.async_get_updates": "(self, timeout=None)",
    f"{API}.async_set_thermo_season": "(self, season)",
    "aiocamedomotic.auth.Auth.__init__": (
        "(self, websession, host, username, password, *, close_websession_on_disposal=False)"
    ),
    "aiocamedomotic.auth.Auth.async_create": (
        "(websession, host, username, password, *, close_websession_on_disposal=False, "
        "command_timeout=30)"
    ),
    "aiocamedomotic.auth.Auth.async_validate_host": "(self, timeout=10)",
    "aiocamedomotic.utils.async_is_came_endpoint": "(host, websession=None, timeout=10)",
    "aiocamedomotic.models.Light.async_set_status": "(self, status, brightness=None, rgb=None)",
    f"{MODELS}.ThermoZone.async_set_config": "(self, mode, set_point, *, fan_speed=None)",
    "aiocamedomotic.models.Timer.async_set_timetable": "(self, slots)",
    "aiocamedomotic.models.Timer.is_active_on_day": "(self, day_index)",
    "aiocamedomotic.models.Timer.async_enable_day": "(self, day)",
    "aiocamedomotic.models.User.async_change_password": "(self, current_password, new_password)",
    "aiocamedomotic.models.User.async_set_as_current_user": "(self, password)",
    f"{MODELS}.AnalogSensor.__init__": (
        "(self, raw_data, sensor_type=<AnalogSensorType.UNKNOWN: 'unknown'>)"
    ),
    "aiocamedomotic.models.UpdateList.__init__": "(self, updates=None)",
}  # fmt: skip


def _strip_annotations(sig: inspect.Signature) -> str:
    params = [p.replace(annotation=inspect.Parameter.empty) for p in sig.parameters.values()]
    return str(sig.replace(parameters=params, return_annotation=inspect.Signature.empty))


@pytest.mark.parametrize(("path", "expected"), SIGNATURES.items())
def test_documented_signature(path: str, expected: str) -> None:
    assert _strip_annotations(inspect.signature(_obj(path))) == expected


def test_auth_send_command_keeps_documented_parameters() -> None:
    from aiocamedomotic.auth import Auth

    params = inspect.signature(Auth.async_send_command).parameters
    documented = {
        "command": inspect.Parameter.empty,
        "response_command": None,
        "timeout": None,
        "skip_ack_check": False,
        "command_type": "sl_data_req",
        "additional_payload": None,
        "_caller_holds_lock": False,
    }
    for name, default in documented.items():
        assert name in params, name
        assert params[name].default == default, name


ENUMS: dict[str, dict[str, object]] = {
    "aiocamedomotic.const.AckErrorCode": {
        "INVALID_USER": 1, "TOO_MANY_SESSIONS": 3, "JSON_SYNTAX_ERROR": 4,
        "NO_SESSION_COMMAND_TAG": 5, "UNRECOGNIZED_SESSION_COMMAND": 6, "NO_CLIENT_ID": 7,
        "WRONG_CLIENT_ID": 8, "WRONG_APPLICATION_COMMAND": 9, "NO_REPLY": 10,
        "WRONG_APPLICATION_DATA": 11,
    },
    "aiocamedomotic.const.DeviceType": {
        "ANALOG_INPUT": -3, "ENERGY_SENSOR": -2, "ANALOG_SENSOR": -1, "LIGHT": 0, "OPENING": 1,
        "THERMOSTAT": 2, "PAGE": 3, "SCENARIO": 4, "CAMERA": 5, "SECURITY_PANEL": 6,
        "SECURITY_AREA": 7, "SECURITY_SCENARIO": 8, "SECURITY_INPUT": 9, "SECURITY_OUTPUT": 10,
        "GENERIC_RELAY": 11, "GENERIC_TEXT": 12, "SOUND_ZONE": 13, "DIGITAL_INPUT": 14,
        "TIMER": 15,
    },
    "aiocamedomotic.const.UpdateIndicator": {
        "LIGHT": "light_switch_ind", "OPENING": "opening_move_ind", "RELAY": "relay_status_ind",
        "THERMOSTAT": "thermo_zone_info_ind", "DIGITAL_INPUT": "digitalin_status_ind",
        "ANALOG_INPUT": "analogin_status_ind", "SCENARIO_STATUS": "scenario_status_ind",
        "SCENARIO_ACTIVATION": "scenario_activation_ind",
        "ENERGY_METER": "meter_instant_power_ind", "LOADSCTRL_METER": "loadsctrl_meter_ind",
        "LOADSCTRL_RELAY": "loadsctrl_relay_ind", "PLANT": "plant_update_ind",
        "LIGHT_LEGACY": "light_update_ind", "OPENING_LEGACY": "opening_update_ind",
        "THERMOSTAT_LEGACY": "thermo_update_ind", "RELAY_LEGACY": "relay_update_ind",
        "DIGITAL_INPUT_LEGACY": "digitalin_update_ind",
        "ANALOG_INPUT_LEGACY": "analogin_update_ind", "TIMER": "timer_info_ind",
        "SCENARIO_USER_LEGACY": "scenario_user_ind", "TIMER_LEGACY": "timer_update_ind",
    },
    f"{MODELS}.ServerFeature": {
        "LIGHTS": "lights", "OPENINGS": "openings", "RELAYS": "relays",
        "THERMOREGULATION": "thermoregulation", "SCENARIOS": "scenarios",
        "DIGITALIN": "digitalin", "ANALOGIN": "analogin", "ENERGY": "energy",
        "LOADSCTRL": "loadsctrl", "TIMERS": "timers",
    },
    f"{MODELS}.AnalogSensorType": {
        "TEMPERATURE": "temperature", "HUMIDITY": "humidity", "PRESSURE": "pressure",
        "UNKNOWN": "unknown",
    },
    f"{MODELS}.DigitalInputStatus": {"ACTIVE": 0, "IDLE": 1},
    f"{MODELS}.DigitalInputType": {"STATUS": 1},
    f"{MODELS}.LightStatus": {"OFF": 0, "ON": 1, "AUTO": 4},
    f"{MODELS}.LightType": {"STEP_STEP": "STEP_STEP", "DIMMER": "DIMMER", "RGB": "RGB"},
    f"{MODELS}.OpeningStatus": {
        "STOPPED": 0, "OPENING": 1, "CLOSING": 2, "SLAT_OPEN": 3, "SLAT_CLOSE": 4,
    },
    f"{MODELS}.OpeningType": {"SHUTTER": 0},
    f"{MODELS}.RelayStatus": {"OFF": 0, "ON": 1, "UNKNOWN": -1},
    f"{MODELS}.ScenarioStatus": {"OFF": 0, "TRIGGERED": 1, "ACTIVE": 2},
    f"{MODELS}.ThermoZoneFanSpeed": {"OFF": 0, "SLOW": 1, "MEDIUM": 2, "FAST": 3, "AUTO": 4},
    f"{MODELS}.ThermoZoneMode": {"OFF": 0, "MANUAL": 1, "AUTO": 2, "JOLLY": 3},
    f"{MODELS}.ThermoZoneSeason": {
        "PLANT_OFF": "plant_off", "WINTER": "winter", "SUMMER": "summer",
    },
    f"{MODELS}.ThermoZoneStatus": {"OFF": 0, "ON": 1},
}  # fmt: skip


@pytest.mark.parametrize(("path", "members"), ENUMS.items())
def test_documented_enum_values(path: str, members: dict[str, object]) -> None:
    enum_cls = _obj(path)
    assert issubclass(enum_cls, Enum)
    for name, value in members.items():
        assert enum_cls[name].value == value, f"{path}.{name}"


def test_models_reexport_the_constants() -> None:
    from aiocamedomotic import const, models

    assert models.DeviceType is const.DeviceType
    assert models.UpdateIndicator is const.UpdateIndicator


def test_error_hierarchy() -> None:
    from aiocamedomotic import errors as e

    assert issubclass(e.CameDomoticServerNotFoundError, e.CameDomoticError)
    assert issubclass(e.CameDomoticAuthError, e.CameDomoticError)
    assert issubclass(e.CameDomoticTooManySessionsError, e.CameDomoticAuthError)
    assert issubclass(e.CameDomoticServerError, e.CameDomoticError)
    assert issubclass(e.CameDomoticServerTimeoutError, e.CameDomoticServerError)
    assert issubclass(e.CameDomoticServerTimeoutError, TimeoutError)


@pytest.mark.parametrize(
    ("code", "cls_name", "documented", "is_auth"),
    [
        (1, "CameDomoticAuthError", "CameDomoticAuthError", True),
        (3, "CameDomoticTooManySessionsError", "CameDomoticAuthError", True),
        (4, "CameDomoticAckError", "CameDomoticServerError", False),
        (7, "CameDomoticSessionError", "CameDomoticServerError", False),
        (8, "CameDomoticSessionError", "CameDomoticServerError", False),
        (9, "CameDomoticUnsupportedFeatureError", "CameDomoticServerError", False),
        (11, "CameDomoticAckError", "CameDomoticServerError", False),
        (99, "CameDomoticAckError", "CameDomoticServerError", False),
    ],
)
def test_ack_error_mapping(code: int, cls_name: str, documented: str, is_auth: bool) -> None:
    from aiocamedomotic import errors
    from aiocamedomotic.const import AckErrorCode

    err = errors.CameDomoticServerError.create_ack_error(code)
    assert type(err).__name__ == cls_name
    # the class the reference documents for the code still catches it
    assert isinstance(err, getattr(errors, documented))
    assert err.ack_code == code
    assert str(code) in str(err)
    if code in AckErrorCode._value2member_map_:
        assert AckErrorCode(code).is_auth is is_auth
        assert AckErrorCode(code).message in errors.CameDomoticServerError.format_ack_error(code)


def test_ack_error_code_is_an_int_enum() -> None:
    from aiocamedomotic.const import AckErrorCode

    assert int(AckErrorCode.INVALID_USER) == 1
    assert AckErrorCode(8) is AckErrorCode.WRONG_CLIENT_ID
    assert AckErrorCode.WRONG_CLIENT_ID.message == "Wrong client ID in request."


def test_mac_prefixes_format() -> None:
    from aiocamedomotic import CAME_MAC_PREFIXES

    assert "00:1C:B2" in CAME_MAC_PREFIXES
    assert all(p == p.upper() and len(p.split(":")) == 3 for p in CAME_MAC_PREFIXES)


def test_traffic_logger_name_and_no_handlers_at_import() -> None:
    import logging

    from aiocamedomotic.anonymizer import TRAFFIC_LOGGER

    assert TRAFFIC_LOGGER.name == "aiocamedomotic.traffic"
    assert logging.getLogger("aiocamedomotic").handlers == []
    assert TRAFFIC_LOGGER.handlers == []


def test_device_type_prints_by_name_as_in_the_usage_guide() -> None:
    from aiocamedomotic.models import DeviceType

    assert f"[{DeviceType.LIGHT}]" == "[DeviceType.LIGHT]"
    assert int(DeviceType.LIGHT) == 0
