"""End to end against the emulator: list, read, control, read back, for every family."""

from __future__ import annotations

from typing import Any

import pytest

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.errors import CameDomoticServerTimeoutError
from aiocamedomotic.models import (
    AnalogSensorType,
    DeviceType,
    DigitalInputStatus,
    LightStatus,
    LightType,
    LightUpdate,
    OpeningStatus,
    RelayStatus,
    ScenarioStatus,
    ThermoZoneFanSpeed,
    ThermoZoneMode,
    ThermoZoneSeason,
    TimerUpdate,
)


def _by(items: list[Any], attr: str, value: Any) -> Any:
    return next(item for item in items if getattr(item, attr) == value)


async def test_lights_roundtrip(api: CameDomoticAPI) -> None:
    lights = await api.async_get_lights()
    assert {light.type for light in lights} == {
        LightType.STEP_STEP,
        LightType.DIMMER,
        LightType.RGB,
    }
    dimmer = next(light for light in lights if light.type is LightType.DIMMER)
    rgb = next(light for light in lights if light.type is LightType.RGB)
    await dimmer.async_set_status(LightStatus.ON, brightness=36)
    await rgb.async_set_status(LightStatus.ON, brightness=40, rgb=[10, 20, 30])
    assert (dimmer.status, dimmer.perc) == (LightStatus.ON, 36)
    fresh = await api.async_get_lights()
    fresh_dimmer = _by(fresh, "act_id", dimmer.act_id)
    fresh_rgb = _by(fresh, "act_id", rgb.act_id)
    assert (fresh_dimmer.status, fresh_dimmer.perc) == (LightStatus.ON, 36)
    assert (fresh_rgb.status, fresh_rgb.rgb) == (LightStatus.ON, [10, 20, 30])
    await dimmer.async_set_status(LightStatus.OFF)
    assert _by(await api.async_get_lights(), "act_id", dimmer.act_id).status is LightStatus.OFF


async def test_openings_roundtrip(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    openings = await api.async_get_openings()
    shutter = openings[0]
    await shutter.async_set_status(OpeningStatus.CLOSING)
    assert shutter.status is OpeningStatus.CLOSING
    assert _by(await api.async_get_openings(), "open_act_id", shutter.open_act_id).status is (
        OpeningStatus.CLOSING
    )
    await shutter.async_set_status(OpeningStatus.STOPPED)
    assert _by(await api.async_get_openings(), "open_act_id", shutter.open_act_id).status is (
        OpeningStatus.STOPPED
    )
    assert emulator.stats.requests["opening_move_req"] == 2


async def test_relays_roundtrip(api: CameDomoticAPI) -> None:
    relay = (await api.async_get_relays())[0]
    target = RelayStatus.OFF if relay.status is RelayStatus.ON else RelayStatus.ON
    await relay.async_set_status(target)
    assert relay.status is target
    assert _by(await api.async_get_relays(), "act_id", relay.act_id).status is target


async def test_scenarios_roundtrip(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    scenarios = await api.async_get_scenarios()
    movie = _by(scenarios, "name", "Movie night")
    assert movie.user_defined == 1
    good_morning = _by(scenarios, "name", "Good morning")
    await good_morning.async_activate()
    assert good_morning.scenario_status is ScenarioStatus.TRIGGERED
    assert emulator.stats.requests["scenario_activation_req"] == 1
    updates = await api.async_get_updates(timeout=10)
    assert any(
        u.get("cmd_name") == "scenario_status_ind" and u.get("id") == good_morning.id
        for u in updates
    )


async def test_thermo_roundtrip(api: CameDomoticAPI) -> None:
    zones = await api.async_get_thermo_zones()
    zone = zones[0]
    assert zone.antifreeze is not None  # extended_infos 2
    await zone.async_set_config(ThermoZoneMode.MANUAL, 22.5)
    fresh = _by(await api.async_get_thermo_zones(), "act_id", zone.act_id)
    assert (fresh.mode, fresh.set_point) == (ThermoZoneMode.MANUAL, 22.5)
    await zone.async_set_mode(ThermoZoneMode.AUTO)
    await zone.async_set_temperature(30.0)  # ignored by the server in AUTO
    fresh = _by(await api.async_get_thermo_zones(), "act_id", zone.act_id)
    assert (fresh.mode, fresh.set_point) == (zone.mode, zone.set_point)
    await api.async_set_thermo_season(ThermoZoneSeason.PLANT_OFF)
    zones = await api.async_get_thermo_zones()
    assert {z.season for z in zones} == {ThermoZoneSeason.PLANT_OFF}
    assert {z.mode for z in zones} == {ThermoZoneMode.OFF}
    await api.async_set_thermo_season(ThermoZoneSeason.WINTER)
    assert {z.mode for z in await api.async_get_thermo_zones()} == {ThermoZoneMode.OFF}


async def test_thermo_fan_speed(api: CameDomoticAPI) -> None:
    zones = await api.async_get_thermo_zones()
    fan_coil = next(z for z in zones if z.fan_speed is not ThermoZoneFanSpeed.UNKNOWN)
    await fan_coil.async_set_fan_speed(ThermoZoneFanSpeed.SLOW)
    assert _by(await api.async_get_thermo_zones(), "act_id", fan_coil.act_id).fan_speed is (
        ThermoZoneFanSpeed.SLOW
    )


async def test_sensors_and_inputs(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    sensors = await api.async_get_analog_sensors()
    assert AnalogSensorType.TEMPERATURE in {s.sensor_type for s in sensors}
    inputs = await api.async_get_analog_inputs()
    thermometer = next(i for i in inputs if i.unit == "C")
    emulator.plant.set_analog_value(thermometer.act_id, 215)
    assert _by(await api.async_get_analog_inputs(), "act_id", thermometer.act_id).value == 21.5
    digital = await api.async_get_digital_inputs()
    assert _by(digital, "name", "Garage contact").status is DigitalInputStatus.UNKNOWN
    emulator.plant.press_input(1)
    assert _by(await api.async_get_digital_inputs(), "act_id", 1).status is (
        DigitalInputStatus.ACTIVE
    )


async def test_timers_roundtrip(api: CameDomoticAPI) -> None:
    timer = (await api.async_get_timers())[0]
    await timer.async_disable()
    assert timer.enabled is False
    await timer.async_enable_day(6)
    await timer.async_set_timetable([(6, 30, 0), None, (22, 0, 0), None])
    fresh = _by(await api.async_get_timers(), "id", timer.id)
    assert fresh.enabled is False
    assert fresh.is_active_on_day(6)
    assert [(s.index, s.start) for s in fresh.timetable] == [(0, (6, 30, 0)), (2, (22, 0, 0))]
    assert [(s.index, s.start) for s in timer.timetable] == [(0, (6, 30, 0)), (2, (22, 0, 0))]
    assert fresh.days == timer.days


async def test_cameras_maps_topology(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    cameras = await api.async_get_cameras()
    assert cameras
    assert all("@" not in repr(camera) for camera in cameras)
    pages = await api.async_get_map_pages()
    assert pages[0].page_id == 0
    assert pages[0].elements
    floors = await api.async_get_floors()
    rooms = await api.async_get_rooms()
    topology = await api.async_get_topology()
    assert [f.id for f in topology.floors] == sorted(f.id for f in floors)
    assert {r.id for f in topology.floors for r in f.rooms} >= {r.id for r in rooms}
    assert emulator.stats.requests["nested_light_list_req"] == 1
    assert emulator.stats.requests["nested_thermo_list_req"] == 1


async def test_validation_sends_nothing(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    light = (await api.async_get_lights())[0]
    zone = (await api.async_get_thermo_zones())[0]
    timer = (await api.async_get_timers())[0]
    relay = (await api.async_get_relays())[0]
    before = emulator.stats.http_requests
    with pytest.raises(ValueError, match="brightness"):
        await light.async_set_status(LightStatus.ON, brightness=float("nan"))
    with pytest.raises(ValueError, match="temperature"):
        await zone.async_set_temperature(50)
    with pytest.raises(ValueError, match="slots"):
        await timer.async_set_timetable([None])
    with pytest.raises(ValueError, match="status"):
        await relay.async_set_status(RelayStatus.UNKNOWN)
    with pytest.raises(ValueError, match="season"):
        await api.async_set_thermo_season(ThermoZoneSeason.UNKNOWN)
    with pytest.raises(ValueError, match="timeout"):
        await api.async_get_updates(timeout=0)
    assert emulator.stats.http_requests == before


async def test_typed_updates_from_long_poll(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    await api.async_get_server_info()  # log in, so the session exists before the change
    emulator.plant.set_light(6, 1, perc=60)
    timer = (await api.async_get_timers())[0]
    await timer.async_disable()
    seen: list[Any] = []
    while not any(isinstance(u, TimerUpdate) for u in seen):
        seen += (await api.async_get_updates(timeout=10)).get_typed_updates()
    light = next(u for u in seen if isinstance(u, LightUpdate))
    assert (light.act_id, light.status, light.perc) == (6, LightStatus.ON, 60)
    assert light.device_type is DeviceType.LIGHT
    timer_update = next(u for u in seen if isinstance(u, TimerUpdate))
    assert (timer_update.device_id, timer_update.enabled) == (timer.id, False)


async def test_idle_long_poll_times_out(emulator: CameEmulator) -> None:
    api = await CameDomoticAPI.async_create(emulator.host, "admin", "admin", command_timeout=1)
    try:
        await api.async_get_server_info()  # an idle plant: nothing will be queued
        with pytest.raises(CameDomoticServerTimeoutError):
            await api.async_get_updates()  # falls back to command_timeout
    finally:
        await api.async_dispose()
    assert emulator.stats.requests["status_update_req"] == 1
