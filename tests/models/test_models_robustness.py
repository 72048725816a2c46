"""Unit tests: unknown values become UNKNOWN (logged once), odd payloads never break a read."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiocamedomotic.models import (
    AnalogIn,
    AnalogSensor,
    Camera,
    DeviceUpdate,
    DigitalInput,
    DigitalInputStatus,
    DigitalInputType,
    Floor,
    Light,
    LightStatus,
    LightType,
    LightUpdate,
    MapPage,
    Opening,
    OpeningStatus,
    OpeningType,
    Relay,
    RelayStatus,
    RelayUpdate,
    Room,
    Scenario,
    ScenarioStatus,
    ThermoZone,
    ThermoZoneFanSpeed,
    ThermoZoneMode,
    ThermoZoneSeason,
    ThermoZoneStatus,
    ThermoZoneUpdate,
    Timer,
    TimerUpdate,
    parse_update,
)
from aiocamedomotic.models._fields import FieldModel
from aiocamedomotic.models.base import CameEntity

from .conftest import RecordingAuth

AUTH = RecordingAuth()
BASE = {"name": "n", "act_id": 1, "open_act_id": 1, "id": 1, "page_id": 1, "page_label": "p"}

ENTITY_BUILDERS: list[Any] = [
    lambda raw: Light(raw, AUTH),
    lambda raw: Opening(raw, AUTH),
    lambda raw: Relay(raw, AUTH),
    lambda raw: Scenario(raw, AUTH),
    lambda raw: ThermoZone(raw, AUTH),
    lambda raw: DigitalInput(raw, AUTH),
    lambda raw: Timer(raw, AUTH),
    lambda raw: Camera(raw, AUTH),
    AnalogIn,
    AnalogSensor,
    MapPage,
    Floor,
    Room,
]


def read_everything(obj: FieldModel) -> list[Any]:
    """Read every public property (and call the read-only helpers) of a model."""
    values = [getattr(obj, name) for name in dir(type(obj)) if not name.startswith("_")]
    values.append(repr(obj))
    if isinstance(obj, Timer):
        values.extend(obj.is_active_on_day(d) for d in range(-1, 8))
        values.extend((s.start_hour, s.stop, s.start, s.active, repr(s)) for s in obj.timetable)
    if isinstance(obj, DeviceUpdate):
        values.extend((obj.device_type, obj.update_indicator))
    return values


# --- unknown enum values -------------------------------------------------------------------

UNKNOWN_CASES = [
    (lambda raw: Light(raw, AUTH), "status", 77, "status", LightStatus.UNKNOWN),
    (lambda raw: Light(raw, AUTH), "type", "LASER", "type", LightType.UNKNOWN),
    (lambda raw: Opening(raw, AUTH), "status", 78, "status", OpeningStatus.UNKNOWN),
    (lambda raw: Opening(raw, AUTH), "type", 79, "type", OpeningType.UNKNOWN),
    (lambda raw: Relay(raw, AUTH), "status", 80, "status", RelayStatus.UNKNOWN),
    (
        lambda raw: Scenario(raw, AUTH),
        "scenario_status",
        81,
        "scenario_status",
        ScenarioStatus.UNKNOWN,
    ),
    (lambda raw: ThermoZone(raw, AUTH), "mode", 82, "mode", ThermoZoneMode.UNKNOWN),
    (lambda raw: ThermoZone(raw, AUTH), "season", "spring", "season", ThermoZoneSeason.UNKNOWN),
    (lambda raw: ThermoZone(raw, AUTH), "fan_speed", 83, "fan_speed", ThermoZoneFanSpeed.UNKNOWN),
    (lambda raw: ThermoZone(raw, AUTH), "status", 84, "status", ThermoZoneStatus.UNKNOWN),
    (lambda raw: DigitalInput(raw, AUTH), "status", 85, "status", DigitalInputStatus.UNKNOWN),
    (lambda raw: DigitalInput(raw, AUTH), "type", 86, "type", DigitalInputType.UNKNOWN),
    (LightUpdate, "status", 87, "status", LightStatus.UNKNOWN),
    (LightUpdate, "type", "STROBE", "light_type", LightType.UNKNOWN),
    (RelayUpdate, "status", 88, "status", RelayStatus.UNKNOWN),
    (ThermoZoneUpdate, "mode", 89, "mode", ThermoZoneMode.UNKNOWN),
]


@pytest.mark.parametrize(("build", "key", "value", "prop", "expected"), UNKNOWN_CASES)
def test_unknown_value_is_unknown_and_logged_once(  # noqa: PLR0917
    build: Any, key: str, value: Any, prop: str, expected: Any, caplog: pytest.LogCaptureFixture
) -> None:
    obj = build({**BASE, key: value})
    with caplog.at_level(logging.WARNING, logger="aiocamedomotic"):
        assert getattr(obj, prop) is expected
        assert getattr(obj, prop) is expected
        assert getattr(build({**BASE, key: value}), prop) is expected
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert repr(value) in warnings[0].getMessage()


def test_list_model_and_update_agree_on_unknown() -> None:
    raw = {**BASE, "status": 90, "type": "PLASMA", "cmd_name": "light_switch_ind"}
    light = Light(dict(raw), AUTH)
    update = parse_update(dict(raw))
    assert isinstance(update, LightUpdate)
    assert light.status is update.status is LightStatus.UNKNOWN
    assert light.type is update.light_type is LightType.UNKNOWN


def test_absent_fields_use_defaults_without_warnings(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="aiocamedomotic"):
        for build in ENTITY_BUILDERS:
            read_everything(build(dict(BASE)))
    assert caplog.records == []


def test_light_rgb_strings_are_case_insensitive() -> None:
    assert Light({**BASE, "type": "rgb"}, AUTH).type is LightType.RGB


def test_int_enums_accept_numeric_strings() -> None:
    assert Light({**BASE, "status": "1"}, AUTH).status is LightStatus.ON


# --- malformed payloads -----------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
    | st.sampled_from(["日本語", "ÅÄÖ", "°C", "\x00", "9" * 400])
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=10,
)
WIRE_KEYS = sorted(
    {
        key
        for cls in (
            Light,
            Opening,
            Relay,
            Scenario,
            ThermoZone,
            DigitalInput,
            Timer,
            Camera,
            AnalogIn,
            MapPage,
            Floor,
            Room,
        )
        for key in cls._key_index
    }
    | {"hour", "min", "sec", "start", "stop", "index", "enabled", "setpoint"}
)
payloads = st.dictionaries(st.sampled_from(WIRE_KEYS), json_values, max_size=12)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(payload=payloads, huge=st.integers(min_value=10**300, max_value=10**400))
def test_property_reads_never_raise(payload: dict[str, Any], huge: int) -> None:
    for raw in ({**BASE, **payload}, {**BASE, **dict.fromkeys(payload, huge)}):
        for build in ENTITY_BUILDERS:
            try:
                obj = build(dict(raw))
            except ValueError:
                continue  # only constructors may raise, with the documented error
            read_everything(obj)
        for cmd_name in (
            "light_switch_ind",
            "thermo_zone_info_ind",
            "timer_info_ind",
            "digitalin_status_ind",
            "opening_move_ind",
            "nope",
            3,
        ):
            read_everything(parse_update({**raw, "cmd_name": cmd_name}))


@settings(max_examples=100)
@given(timetable=json_values)
def test_timetable_never_raises(timetable: Any) -> None:
    timer = Timer({**BASE, "timetable": timetable}, AUTH)
    assert isinstance(timer.timetable, list)
    assert isinstance(TimerUpdate({"timetable": timetable}).timetable, list)


def test_malformed_timetable_entries_skipped_with_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    timetable = [
        {"index": 0, "start": {"hour": 6, "min": 0, "sec": 0}},
        "garbage",
        {"start": {"hour": 1, "min": 0, "sec": 0}},
        {"index": "x", "start": {"hour": 1, "min": 0, "sec": 0}},
        {"index": 9, "start": {"hour": 1, "min": 0, "sec": 0}},
        {"index": 1, "start": {"hour": -1, "min": -1, "sec": -1}},  # empty slot: silent
    ]
    timer = Timer({**BASE, "timetable": timetable}, AUTH)
    with caplog.at_level(logging.WARNING, logger="aiocamedomotic"):
        assert [slot.index for slot in timer.timetable] == [0]
        assert [slot.index for slot in timer.timetable] == [0]
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1


def test_raw_data_is_live() -> None:
    timer = Timer({**BASE, "enabled": 0, "days": 1}, AUTH)
    timer.raw_data.update({"enabled": 1, "days": 96, "cmd_name": "timer_info_ind"})
    assert timer.enabled is True
    assert timer.active_days == ["Saturday", "Sunday"]


def test_constructor_rejects_non_dict() -> None:
    with pytest.raises(ValueError, match="dict"):
        Light([], AUTH)  # type: ignore[arg-type]


def test_every_entity_is_a_came_entity() -> None:
    for build in ENTITY_BUILDERS:
        assert isinstance(build(dict(BASE)), CameEntity)
