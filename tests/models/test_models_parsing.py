"""Unit tests: every model parses PROTOCOL.md's example payloads (no server needed)."""

from __future__ import annotations

import logging
from copy import deepcopy
from typing import Any

import pytest

from aiocamedomotic.models import (
    AnalogIn,
    AnalogSensor,
    AnalogSensorType,
    Camera,
    DigitalInput,
    DigitalInputStatus,
    DigitalInputType,
    Floor,
    Light,
    LightStatus,
    LightType,
    MapPage,
    Opening,
    OpeningStatus,
    OpeningType,
    Relay,
    RelayStatus,
    Room,
    Scenario,
    ScenarioStatus,
    ThermoZone,
    ThermoZoneFanSpeed,
    ThermoZoneMode,
    ThermoZoneSeason,
    ThermoZoneStatus,
    Timer,
    TimerTimeSlot,
)
from aiocamedomotic.models import catalogue as cat
from aiocamedomotic.models.topology import TopologyBuilder

from . import payloads as p
from .conftest import RecordingAuth


def test_lights(rec: RecordingAuth) -> None:
    kitchen, hall, strip = cat.LIGHTS.parse_response(deepcopy(p.LIGHT_LIST), rec)
    assert (kitchen.act_id, kitchen.name, kitchen.floor_ind, kitchen.room_ind) == (
        3,
        "Kitchen light",
        11,
        31,
    )
    assert kitchen.status is LightStatus.ON
    assert kitchen.type is LightType.STEP_STEP
    assert kitchen.perc == 100  # non-dimmable lights always report 100
    assert kitchen.rgb is None
    assert (hall.status, hall.type, hall.perc) == (LightStatus.OFF, LightType.DIMMER, 44)
    assert (strip.type, strip.perc, strip.rgb) == (LightType.RGB, 80, [255, 140, 0])
    assert kitchen.key == 3
    assert kitchen.auth is rec


def test_openings(rec: RecordingAuth) -> None:
    (shutter,) = cat.OPENINGS.parse_response(deepcopy(p.OPENING_LIST), rec)
    assert (shutter.open_act_id, shutter.close_act_id, shutter.name) == (26, 27, "Bedroom shutter")
    assert (shutter.floor_ind, shutter.room_ind) == (12, 32)
    assert shutter.status is OpeningStatus.STOPPED
    assert shutter.type is OpeningType.SHUTTER
    assert shutter.partial_positions == []
    assert shutter.key == 26


def test_opening_without_topology_has_none(rec: RecordingAuth) -> None:
    opening = Opening({"open_act_id": 1, "name": "Gate"}, rec)
    assert opening.floor_ind is None
    assert opening.room_ind is None
    assert opening.close_act_id == 0


def test_relays(rec: RecordingAuth) -> None:
    (pump,) = cat.RELAYS.parse_response(deepcopy(p.RELAY_LIST), rec)
    assert (pump.act_id, pump.name, pump.floor_ind, pump.room_ind) == (41, "Garden pump", 11, 36)
    assert pump.status is RelayStatus.OFF
    assert RelayStatus.UNKNOWN.value == -1


def test_scenarios(rec: RecordingAuth) -> None:
    lights_off, _close, movie = cat.SCENARIOS.parse_response(deepcopy(p.SCENARIO_LIST), rec)
    assert (lights_off.id, lights_off.name, lights_off.icon_id) == (2, "All lights off", 14)
    assert lights_off.scenario_status is ScenarioStatus.OFF
    assert lights_off.status == 0
    assert lights_off.user_defined == 0
    assert movie.user_defined == 1  # from the hyphenated wire key
    assert movie.icon_id == 0
    assert movie.key == 65540


def test_thermo_zones(rec: RecordingAuth) -> None:
    living, study = cat.THERMO_ZONES.parse_response(deepcopy(p.THERMO_LIST), rec)
    assert (living.act_id, living.name, living.floor_ind, living.room_ind) == (
        61,
        "Living zone",
        11,
        34,
    )
    assert living.temperature == 19.8
    assert living.set_point == 20.5
    assert living.mode is ThermoZoneMode.AUTO
    assert living.season is ThermoZoneSeason.WINTER
    assert living.status is ThermoZoneStatus.ON
    assert (living.t1, living.t2, living.t3, living.antifreeze) == (17.0, 19.0, 21.0, 5.0)
    assert living.leaf is True
    assert living.fan_speed is ThermoZoneFanSpeed.UNKNOWN  # no fan coil
    assert living.dehumidifier_enabled is False
    assert living.dehumidifier_setpoint is None
    assert study.fan_speed is ThermoZoneFanSpeed.AUTO
    assert study.dehumidifier_enabled is False
    assert study.dehumidifier_setpoint == 55.0
    assert study.t1 is None


def test_thermo_zone_reads_temp_dec() -> None:
    zone = ThermoZone({"act_id": 1, "name": "Z", "temp_dec": 201}, RecordingAuth())
    assert zone.temperature == 20.1


def test_analog_sensors() -> None:
    temperature, humidity = cat.ANALOG_SENSORS.parse_response(
        deepcopy(p.THERMO_LIST), RecordingAuth()
    )
    assert isinstance(temperature, AnalogSensor)
    assert temperature.sensor_type is AnalogSensorType.TEMPERATURE
    assert (temperature.act_id, temperature.name) == (95, "Outdoor probe")
    assert (temperature.value, temperature.unit) == (8.7, "C")
    assert humidity.sensor_type is AnalogSensorType.HUMIDITY
    assert (humidity.value, humidity.unit) == (48.0, "%")
    assert AnalogSensor({"act_id": 1, "name": "x"}).sensor_type is AnalogSensorType.UNKNOWN


def test_analog_inputs() -> None:
    hygro, thermo, baro = cat.ANALOG_INPUTS.parse_response(
        deepcopy(p.ANALOGIN_LIST), RecordingAuth()
    )
    assert isinstance(hygro, AnalogIn)
    assert (hygro.act_id, hygro.name, hygro.value, hygro.unit) == (
        70,
        "Cellar hygrometer",
        63.0,
        "%",
    )
    assert thermo.value == 18.7
    assert baro.value == 1009.0


@pytest.mark.parametrize("unit", ["°C", " c ", "C"])
def test_celsius_spellings_are_scaled(unit: str) -> None:
    assert AnalogIn({"act_id": 1, "name": "t", "value": 215, "unit": unit}).value == 21.5


def test_digital_inputs(rec: RecordingAuth) -> None:
    garage, hall = cat.DIGITAL_INPUTS.parse_response(deepcopy(p.DIGITALIN_LIST), rec)
    assert (garage.act_id, garage.name, garage.addr, garage.utc_time) == (
        0,
        "Garage contact",
        210,
        0,
    )
    assert garage.status is DigitalInputStatus.UNKNOWN  # absent until the first event
    assert garage.type is DigitalInputType.STATUS
    assert hall.status is DigitalInputStatus.IDLE
    assert hall.utc_time == 1790011223


def test_timers(rec: RecordingAuth) -> None:
    porch, drip = cat.TIMERS.parse_response(deepcopy(p.TIMER_LIST), rec)
    assert (porch.id, porch.name, porch.enabled, porch.days, porch.bars) == (
        140,
        "Porch lights",
        True,
        31,
        2,
    )
    assert porch.active_days == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    assert [porch.is_active_on_day(d) for d in range(7)] == [True] * 5 + [False] * 2
    assert porch.is_active_on_day(7) is False
    assert porch.is_active_on_day(-1) is False
    first, second = porch.timetable
    assert (first.index, first.start_hour, first.start_min, first.start_sec) == (0, 7, 15, 0)
    assert (first.stop_hour, first.stop_min, first.stop_sec, first.active) == (None,) * 4
    assert second.index == 2
    (slot,) = drip.timetable
    assert (slot.stop_hour, slot.stop_min, slot.stop_sec, slot.active) == (5, 40, 0, False)
    assert drip.enabled is False
    assert drip.active_days == ["Saturday", "Sunday"]


def test_timer_days_bitmask_example() -> None:
    timer = Timer({"id": 1, "name": "t", "days": 21}, RecordingAuth())
    assert timer.active_days == ["Monday", "Wednesday", "Friday"]
    assert Timer({"id": 1, "name": "t", "days": 85}, RecordingAuth()).active_days == [
        "Monday",
        "Wednesday",
        "Friday",
        "Sunday",
    ]


def test_timer_time_slot_requires_index_and_start() -> None:
    with pytest.raises(ValueError, match="index"):
        TimerTimeSlot({"start": {"hour": 1, "min": 0, "sec": 0}})
    with pytest.raises(ValueError, match="start"):
        TimerTimeSlot({"index": 1})
    slot = TimerTimeSlot({"index": 1, "start": {}})
    assert (slot.start_hour, slot.start_min, slot.start_sec) == (0, 0, 0)


def test_cameras(rec: RecordingAuth) -> None:
    (camera,) = cat.CAMERAS.parse_response(deepcopy(p.CAMERA_LIST), rec)
    assert isinstance(camera, Camera)
    assert (camera.id, camera.name, camera.stream_type) == (1, "Driveway", "mjpg")
    assert camera.uri == "rtsp://10.0.0.41:554/stream1"
    assert camera.uri_still == "http://10.0.0.41/snap.jpg"
    assert camera.is_flash is False
    assert Camera({"id": 2, "name": "Old", "stream_type": "swf"}, rec).is_flash is True


def test_camera_repr_hides_credentials(rec: RecordingAuth) -> None:
    camera = Camera(
        {"id": 1, "name": "D", "uri": "rtsp://user:s3cret@cam/x", "uri_still": "http://u:s3cret@c"},
        rec,
    )
    assert "s3cret" not in repr(camera)
    assert "Camera(" in repr(camera)


def test_map_pages() -> None:
    ground, first = cat.MAP_PAGES.parse_response(deepcopy(p.MAP_DESCR), RecordingAuth())
    assert isinstance(ground, MapPage)
    assert (ground.page_id, ground.page_label, ground.page_scale) == (0, "Ground floor", 1024)
    assert ground.background == "maps/maps_ground floor.png"
    assert [e["type"] for e in ground.elements] == [3, 0]
    assert first.elements == []


def test_map_page_validation() -> None:
    with pytest.raises(ValueError, match="page_label"):
        MapPage({"page_id": 0})
    with pytest.raises(ValueError, match="page_id"):
        MapPage({"page_id": "zero", "page_label": "x"})


def test_floors_and_rooms() -> None:
    floors = cat.FLOORS.parse_response(deepcopy(p.FLOOR_LIST), RecordingAuth())
    rooms = cat.ROOMS.parse_response(deepcopy(p.ROOM_LIST), RecordingAuth())
    assert [(f.id, f.name) for f in floors] == [(11, "Ground floor"), (12, "First floor")]
    assert all(isinstance(f, Floor) for f in floors)
    assert [(r.id, r.name, r.floor_id) for r in rooms] == [
        (31, "Kitchen", 11),
        (32, "Bedroom", 12),
    ]
    assert all(isinstance(r, Room) for r in rooms)


def test_topology_merges_flat_and_nested_lists() -> None:
    builder = TopologyBuilder()
    builder.add_floors(cat.FLOORS.parse_response({"floor_list": None}, RecordingAuth()))
    builder.add_nested(p.NESTED_LIGHT_LIST["array"])
    builder.add_nested(p.NESTED_THERMO_LIST["array"])
    topology = builder.build()
    assert [(f.id, f.name) for f in topology.floors] == [(11, "Ground floor")]
    assert [(r.id, r.name) for r in topology.floors[0].rooms] == [(31, "Kitchen"), (34, "Room 34")]


def test_topology_flat_names_win() -> None:
    builder = TopologyBuilder()
    builder.add_floors(cat.FLOORS.parse_response(deepcopy(p.FLOOR_LIST), RecordingAuth()))
    builder.add_rooms(cat.ROOMS.parse_response(deepcopy(p.ROOM_LIST), RecordingAuth()))
    builder.add_nested([{"name": "Other name", "floor_ind": 11, "array": []}])
    topology = builder.build()
    assert [(f.id, f.name, [r.name for r in f.rooms]) for f in topology.floors] == [
        (11, "Ground floor", ["Kitchen"]),
        (12, "First floor", ["Bedroom"]),
    ]


@pytest.mark.parametrize("spec", list(cat.CATALOGUE.values()), ids=lambda s: s.key)
@pytest.mark.parametrize("body", [{}, {"array": None, "map": None}, {"array": "x", "map": 3}])
def test_missing_or_null_array_is_empty(spec: cat.FamilySpec[Any], body: dict[str, Any]) -> None:
    assert spec.parse_response(body, RecordingAuth()) == []


def test_bad_items_are_skipped(rec: RecordingAuth, caplog: pytest.LogCaptureFixture) -> None:
    body = {"array": [1, None, {"name": "no id"}, {"act_id": 5, "name": "ok"}]}
    with caplog.at_level(logging.WARNING):
        lights = cat.LIGHTS.parse_response(body, rec)
    assert [light.act_id for light in lights] == [5]
    assert "missing required key" in caplog.text


@pytest.mark.parametrize(
    ("model", "raw", "missing"),
    [
        (Light, {"act_id": 1}, "name"),
        (Light, {"name": "x"}, "act_id"),
        (Opening, {"name": "x", "close_act_id": 2}, "open_act_id"),
        (Relay, {"name": "x"}, "act_id"),
        (Scenario, {"name": "x"}, "id"),
        (ThermoZone, {"name": "x"}, "act_id"),
        (DigitalInput, {"act_id": 1}, "name"),
        (Timer, {"name": "x"}, "id"),
        (Camera, {"name": "x"}, "id"),
    ],
)
def test_required_keys(model: Any, raw: dict[str, Any], missing: str) -> None:
    with pytest.raises(ValueError, match=missing):
        model(raw, RecordingAuth())


@pytest.mark.parametrize("model", [Light, Opening, Relay, Scenario, ThermoZone, Timer, Camera])
def test_auth_must_send_commands(model: Any) -> None:
    raw = {"name": "x", "act_id": 1, "open_act_id": 1, "id": 1}
    with pytest.raises(ValueError, match="auth"):
        model(raw, object())


def test_analog_models_require_keys() -> None:
    with pytest.raises(ValueError, match="act_id"):
        AnalogIn({"name": "x"})
    with pytest.raises(ValueError, match="name"):
        AnalogSensor({"act_id": 1})


def test_reprs_are_helpful(rec: RecordingAuth) -> None:
    light = cat.LIGHTS.parse_response(deepcopy(p.LIGHT_LIST), rec)[1]
    assert repr(light) == (
        "Light(act_id=8, name='Hall dimmer', type=<LightType.DIMMER: 'DIMMER'>, "
        "status=<LightStatus.OFF: 0>, perc=44)"
    )
