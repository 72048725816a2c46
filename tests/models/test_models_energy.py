"""Model tests: energy meters, load control, profiles, server clock and the management
commands, against the emulator (PROTOCOL.md §4.2, §4.6, §4.7, §4.8.6, §4.9, §4.12, §4.13)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.errors import CameDomoticServerError
from aiocamedomotic.models import (
    EnergyCounter,
    EnergyMeterType,
    LoadsctrlController,
    LoadsctrlLoad,
    LoadsctrlProfile,
    RelayStatus,
    Scenario,
    ServerDateTime,
    ThermoProfile,
    ThermoZone,
)

from .conftest import RecordingAuth

CONTROLLER = 196640


# --- energy meters ---------------------------------------------------------------------------


async def test_energy_meters_listed_with_server_units(api: CameDomoticAPI) -> None:
    (meter,) = await api.async_get_energy_meters()
    assert (meter.id, meter.key, meter.name) == (4, 4, "House total")
    assert meter.meter_type is EnergyMeterType.POWER
    assert (meter.instant_power, meter.unit, meter.energy_unit) == (712, "W", "Wh")
    assert (meter.last_24h_avg, meter.last_month_avg, meter.produced) == (5820410, 5820410, False)


async def test_energy_reset_clears_history(api: CameDomoticAPI) -> None:
    await api.async_reset_energy_history()
    (meter,) = await api.async_get_energy_meters()
    assert (meter.last_24h_avg, meter.instant_power) == (0, 712)


def test_energy_counter_holds_each_power_until_the_next_sample() -> None:
    now = [0.0]
    counter = EnergyCounter(clock=lambda: now[0])
    counter.add_sample(1000)  # 1 kW for one hour
    now[0] = 3600.0
    counter.add_sample(2000)  # then 2 kW for half an hour
    now[0] = 5400.0
    assert counter.kwh == pytest.approx(2.0)
    now[0] = 1.0  # a clock going back never removes energy
    assert counter.kwh == pytest.approx(1.0)


# --- load control ----------------------------------------------------------------------------


async def test_controllers_and_their_loads(api: CameDomoticAPI) -> None:
    (controller,) = await api.async_get_loadsctrl_controllers()
    assert (controller.id, controller.meter_id, controller.max_power, controller.hysteresis) == (
        CONTROLLER, 4, 4500, 300)  # fmt: skip
    assert controller.profile is not None
    assert controller.profile.day(5) == (4,) * 24
    loads = await api.async_get_loadsctrl_loads()
    assert [(load.name, load.priority, load.enabled) for load in loads] == [
        ("Oven", 140, True), ("Heat pump", 141, False), ("Dishwasher", 142, True)]  # fmt: skip
    assert {load.controller_id for load in loads} == {CONTROLLER}
    assert [load.id for load in await api.async_get_loadsctrl_loads(CONTROLLER)] == [
        load.id for load in loads
    ]


async def test_load_enable_and_priority(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    loads = {load.name: load for load in await api.async_get_loadsctrl_loads()}
    pump = loads["Heat pump"]
    await pump.async_enable()
    await pump.async_set_priority(150)
    assert (pump.enabled, pump.priority) == (True, 150)
    true = emulator.plant.device("loadsctrl_loads", pump.id)
    assert (true["enabled"], true["priority"]) == (1, 150)
    await pump.async_disable()
    assert emulator.plant.device("loadsctrl_loads", pump.id)["enabled"] == 0


async def test_reorder_writes_only_changed_priorities(api: CameDomoticAPI) -> None:
    (controller,) = await api.async_get_loadsctrl_controllers()
    oven, pump, dishwasher = await api.async_get_loadsctrl_loads(CONTROLLER)
    rec = RecordingAuth()
    for load in (oven, pump, dishwasher):
        load.auth = rec
    await controller.async_reorder_loads([oven, dishwasher, pump])
    assert rec.sent == [
        {"cmd_name": "loadsctrl_relay_set_req", "id": dishwasher.id, "enabled": 1, "priority": 141},
        {"cmd_name": "loadsctrl_relay_set_req", "id": pump.id, "enabled": 0, "priority": 142},
    ]
    assert [oven.priority, dishwasher.priority, pump.priority] == [140, 141, 142]


async def test_reorder_validation(api: CameDomoticAPI) -> None:
    (controller,) = await api.async_get_loadsctrl_controllers()
    oven, *_ = await api.async_get_loadsctrl_loads()
    for loads, message in (([], "non-empty"), ([oven, oven], "repeat"), (["x"], "LoadsctrlLoad")):
        with pytest.raises(ValueError, match=message):
            await controller.async_reorder_loads(loads)  # type: ignore[arg-type]
    oven.parent_id = 1
    with pytest.raises(ValueError, match="another controller"):
        await controller.async_reorder_loads([oven])


async def test_controller_configure(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    (controller,) = await api.async_get_loadsctrl_controllers()
    assert controller.profile is not None
    weekend_low = controller.profile.with_row(6, [1] * 24)
    await controller.async_configure(max_power=4200, hysteresis=500, profile=weekend_low)
    true = emulator.plant.device("loadsctrl_controllers", CONTROLLER)
    assert (true["max_power"], true["hysteresis"]) == (4200, 500)
    assert true["profile_data"][6] == "1" * 24
    assert controller.profile == weekend_low
    await controller.async_configure(hysteresis=100)  # the rest is re-sent unchanged
    assert emulator.plant.device("loadsctrl_controllers", CONTROLLER)["max_power"] == 4200


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_power": 0}, "max_power.*1-100000"),
        ({"max_power": True}, "max_power"),
        ({"hysteresis": 4500}, "hysteresis.*0-4499"),
        ({"hysteresis": -1}, "hysteresis"),
        ({"profile": ["3" * 24] * 7}, "profile"),
    ],
)
async def test_controller_validation(
    rec: RecordingAuth, kwargs: dict[str, Any], message: str
) -> None:
    raw = {"id": 1, "name": "C", "max_power": 4500, "hysteresis": 300,
           "profile_data": ["3" * 24] * 7}  # fmt: skip
    with pytest.raises(ValueError, match=message):
        await LoadsctrlController(raw, rec).async_configure(**kwargs)
    assert rec.sent == []


@pytest.mark.parametrize("priority", [-1, 65536, 1.5, None])
async def test_load_priority_validation(rec: RecordingAuth, priority: Any) -> None:
    load = LoadsctrlLoad({"id": 1, "name": "L", "priority": 3, "enabled": 1}, rec)
    with pytest.raises(ValueError, match="priority"):
        await load.async_set_priority(priority)
    assert rec.sent == []


# --- profiles --------------------------------------------------------------------------------


def test_loadsctrl_profile_round_trip_and_validation() -> None:
    wire = ["333333444444444444445555"] * 5 + ["4" * 24] * 2
    profile = LoadsctrlProfile.from_wire(wire)
    assert profile.to_wire() == wire
    assert LoadsctrlProfile(profile.to_wire()) == profile
    assert profile.level_at(0, dt.time(23, 59)) == 5
    for bad, message in ((wire[:6], "7 rows"), ([*wire[:6], "6" * 24], r"rows\[6\].*1-5"),
                         ([*wire[:6], "4" * 23], r"rows\[6\]")):  # fmt: skip
        with pytest.raises(ValueError, match=message):
            LoadsctrlProfile(bad)
    with pytest.raises(ValueError, match=r"weekday.*0-6"):
        profile.day(7)


def test_thermo_profile_levels_and_rows() -> None:
    rows = ["1" * 32 + "3" * 64] * 7 + ["5" * 96]
    profile = ThermoProfile(rows)
    assert profile.to_wire() == rows
    assert profile.level_at(0, dt.time(7, 59)) == 1
    assert profile.level_at(0, dt.time(8, 0)) == 3
    monday = dt.datetime(2026, 1, 5, 9, 0)
    assert profile.level_on(monday) == 3
    assert profile.level_on(monday, jolly=True) == 5
    assert profile.jolly == (5,) * 96
    assert [ThermoProfile.temperature_index(n) for n in range(1, 6)] == [1, 1, 2, 2, 3]
    edited = profile.with_row(2, ThermoProfile.hourly([2] * 24))
    assert edited.day(2) == (2,) * 96
    assert profile.day(2) != edited.day(2)
    assert hash(edited) != hash(profile)
    with pytest.raises(AttributeError):
        profile._rows = ()
    with pytest.raises(ValueError, match=r"levels.*24"):
        ThermoProfile.hourly([1] * 23)


async def test_zone_profile_exposed_and_row_written(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    zones = {zone.act_id: zone for zone in await api.async_get_thermo_zones()}
    zone = zones[61]
    assert zone.profile is not None
    assert zone.profile.day(7) == (3,) * 96
    await zone.async_set_profile_row(5, "5" * 96)
    assert emulator.plant.device("thermo", 61)["profile_data"][5] == "5" * 96
    assert zone.profile.day(5) == (5,) * 96
    assert zone.mode.value == emulator.plant.device("thermo", 61)["mode"]  # mode re-sent
    # the row in force carried by an indication is merged into the profile (§4.8.6)
    zone.apply_update({"profile_info": {"profile_id": 0, "profile_data": "4" * 96}})
    assert zone.profile.day(0) == (4,) * 96


async def test_zone_profile_validation_and_absence(rec: RecordingAuth) -> None:
    zone = ThermoZone({"act_id": 1, "name": "Z", "mode": 2, "set_point": 200}, rec)
    assert zone.profile is None
    for row, levels, message in ((8, "1" * 96, "row.*0-7"), (0, "1" * 95, "levels")):
        with pytest.raises(ValueError, match=message):
            await zone.async_set_profile_row(row, levels)
    assert rec.sent == []
    zone.raw_data["profile_data"] = ["x"]  # malformed: no profile, no crash
    assert zone.profile is None


# --- management commands ---------------------------------------------------------------------


async def test_server_datetime(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    emulator.plant.clock = lambda: 1767607200.0
    clock = await api.async_get_server_datetime()
    assert (clock.epoch, clock.timezone, clock.daylight_saving_time) == (1767607200, "Europe/Rome",
                                                                        False)  # fmt: skip
    assert clock.datetime == dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)
    assert clock.datetime.utcoffset() == dt.timedelta(hours=1)
    assert clock.local == "2026-01-05 11:00:00"


def test_server_datetime_parsing_is_tolerant() -> None:
    clock = ServerDateTime.from_response({"epoch": "5", "server_timezone": "Nowhere/Land"})
    assert (clock.epoch, clock.datetime.tzinfo) == (5, dt.UTC)
    for bad in ({}, {"epoch": "x"}, {"epoch": 10**20}):
        with pytest.raises(CameDomoticServerError, match="epoch"):
            ServerDateTime.from_response(bad)


async def test_scenario_by_name_recording_rename_delete(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    await api.async_activate_scenario_by_name("All lights off")
    with pytest.raises(ValueError, match="name"):
        await api.async_activate_scenario_by_name("")
    assert await api.async_start_scenario_recording("Evening") is True
    assert await api.async_start_scenario_recording("Again") is False  # already recording
    await api.async_set_relay_by_name("Garden pump", RelayStatus.ON)
    assert await api.async_finish_scenario_recording() is True
    assert await api.async_finish_scenario_recording() is False
    recorded = [s for s in await api.async_get_scenarios() if s.name == "Evening"]
    assert len(recorded) == 1
    assert recorded[0].user_defined == 1
    assert recorded[0].id >= 65536
    await recorded[0].async_rename("Cinema")
    assert recorded[0].name == "Cinema"
    assert any(s.name == "Cinema" for s in await api.async_get_scenarios())
    await recorded[0].async_delete()
    assert all(s.id != recorded[0].id for s in await api.async_get_scenarios())


async def test_system_scenarios_cannot_be_renamed_or_deleted(rec: RecordingAuth) -> None:
    system = Scenario({"id": 2, "name": "All off", "user-defined": 0}, rec)
    with pytest.raises(ValueError, match="system-defined"):
        await system.async_rename("X")
    with pytest.raises(ValueError, match="system-defined"):
        await system.async_delete()
    user = Scenario({"id": 65540, "name": "Mine", "user-defined": 1}, rec)
    with pytest.raises(ValueError, match="name"):
        await user.async_rename(" ")
    assert rec.sent == []


async def test_relay_by_name_and_timed(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    relays = {relay.name: relay for relay in await api.async_get_relays()}
    pump = relays["Garden pump"]
    await api.async_set_relay_by_name("Garden pump", RelayStatus.ON)
    assert emulator.plant.device("relays", pump.act_id)["status"] == 1
    await api.async_set_relay_by_name("Garden pump", RelayStatus.OFF)
    await pump.async_activate_for(3600)
    assert pump.status is RelayStatus.ON
    assert emulator.plant.device("relays", pump.act_id)["status"] == 1
    bad: Any
    for bad in (0, 86401, 1.5, True):
        with pytest.raises(ValueError, match=r"seconds.*1-86400"):
            await pump.async_activate_for(bad)
    with pytest.raises(ValueError, match="status"):
        await api.async_set_relay_by_name("Garden pump", RelayStatus.UNKNOWN)


async def test_digital_input_acknowledge(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    inputs = await api.async_get_digital_inputs()
    button = inputs[1]
    emulator.plant.press_input(button.act_id)
    button = next(i for i in await api.async_get_digital_inputs() if i.act_id == button.act_id)
    assert button.acknowledged is False
    await button.async_acknowledge()
    assert button.acknowledged is True
    assert emulator.plant.device("digital_inputs", button.act_id)["ack"] == 1
