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
    WEEKDAYS,
    EnergyCounter,
    EnergyMeterType,
    LoadsCtrlMeter,
    LoadsCtrlProfile,
    LoadsCtrlRelay,
    LoadsCtrlRelayStatus,
    ProfileDay,
    ProfileSpan,
    RelayStatus,
    Scenario,
    ServerDateTime,
    ThermoProfile,
    ThermoZone,
    WeeklyProfile,
)

from .conftest import RecordingAuth

CONTROLLER = 196640


# --- energy meters ---------------------------------------------------------------------------


async def test_energy_meters_listed_with_server_units(api: CameDomoticAPI) -> None:
    (meter,) = await api.async_get_energy_meters()
    assert (meter.id, meter.key, meter.name) == (4, 4, "House total")
    assert meter.meter_type is EnergyMeterType.POWER
    assert (meter.instant_power, meter.unit, meter.energy_unit) == (712, "W", "Wh")
    assert (meter.last_24h_avg, meter.last_month_avg, meter.produced) == (5820410, 5820410, 0)


def test_energy_figures_are_passed_through() -> None:
    from aiocamedomotic.models import EnergyMeter

    meter = EnergyMeter({"id": 1, "name": "M", "instant_power": 712.5, "last_24h_avg": "12"})
    assert (meter.instant_power, meter.last_24h_avg, meter.last_month_avg) == (712.5, 12, 0)
    for bad in ({"id": "1", "name": "M"}, {"id": True, "name": "M"}, {"name": "M"}):
        with pytest.raises(ValueError, match="id"):
            EnergyMeter(bad)


async def test_energy_reset_clears_history(api: CameDomoticAPI) -> None:
    await api.async_reset_energy_counters()
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
    (controller,) = await api.async_get_loadsctrl_meters()
    assert (controller.id, controller.meter_id, controller.max_power, controller.hysteresis) == (
        CONTROLLER, 4, 4500, 300)  # fmt: skip
    assert isinstance(controller.profile, LoadsCtrlProfile)
    assert controller.profile.row(ProfileDay.SATURDAY) == (4,) * 24
    assert controller.profile_data == controller.profile.to_wire()
    controller.profile_data.clear()  # a copy: the object keeps its data
    assert len(controller.profile_data) == 7
    loads = await controller.async_get_relays()
    assert [(load.name, load.priority, load.enabled) for load in loads] == [
        ("Oven", 140, True), ("Heat pump", 141, False), ("Dishwasher", 142, True)]  # fmt: skip
    assert {load.controller_id for load in loads} == {CONTROLLER}
    assert {load.status for load in loads} <= {LoadsCtrlRelayStatus.ON, LoadsCtrlRelayStatus.OFF}
    assert [load.id for load in await api.async_get_loadsctrl_relays(CONTROLLER)] == [
        load.id for load in loads
    ]
    with pytest.raises(ValueError, match="controller_id"):
        await api.async_get_loadsctrl_relays("196640")  # type: ignore[arg-type]


async def test_load_enable_and_priority(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    (controller,) = await api.async_get_loadsctrl_meters()
    loads = {load.name: load for load in await controller.async_get_relays()}
    pump = loads["Heat pump"]
    await pump.async_set_enabled(True)
    await pump.async_set_priority(150)
    assert (pump.enabled, pump.priority) == (True, 150)
    true = emulator.plant.device("loadsctrl_loads", pump.id)
    assert (true["enabled"], true["priority"]) == (1, 150)
    await pump.async_set_enabled(False)
    assert emulator.plant.device("loadsctrl_loads", pump.id)["enabled"] == 0
    assert emulator.plant.device("loadsctrl_loads", pump.id)["priority"] == 150  # re-sent


async def test_detach_order_reuses_the_plant_values(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    (controller,) = await api.async_get_loadsctrl_meters()
    oven, pump, dishwasher = await controller.async_get_relays()
    before = emulator.stats.requests["loadsctrl_relay_set_req"]
    await controller.async_set_detach_order([oven, dishwasher, pump])
    # only the two loads whose priority changes are written
    assert emulator.stats.requests["loadsctrl_relay_set_req"] == before + 2
    truth = {r: emulator.plant.device("loadsctrl_loads", r.id)["priority"] for r in (oven, pump)}
    assert truth == {oven: 140, pump: 142}
    assert emulator.plant.device("loadsctrl_loads", dishwasher.id)["priority"] == 141
    # the caller's objects follow
    assert [oven.priority, dishwasher.priority, pump.priority] == [140, 141, 142]


async def test_detach_order_writes_the_fresh_enabled_flag(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    (controller,) = await api.async_get_loadsctrl_meters()
    oven, pump, dishwasher = await controller.async_get_relays()
    pump.raw_data["enabled"] = 1  # stale: the plant says 0
    await controller.async_set_detach_order([pump, oven, dishwasher])
    assert emulator.plant.device("loadsctrl_loads", pump.id)["enabled"] == 0
    assert (pump.priority, pump.enabled) == (140, False)


async def test_detach_order_repairs_duplicate_priorities(
    api: CameDomoticAPI, emulator: CameEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    (controller,) = await api.async_get_loadsctrl_meters()
    oven, pump, dishwasher = await controller.async_get_relays()
    await pump.async_set_priority(140)  # an interrupted reorder: two loads share 140
    await controller.async_set_detach_order([dishwasher, oven, pump])
    priorities = [emulator.plant.device("loadsctrl_loads", r.id)["priority"] for r in
                  (dishwasher, oven, pump)]  # fmt: skip
    assert priorities == [140, 141, 142]
    assert "duplicate load priorities repaired" in caplog.text


async def test_detach_order_validation(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    (controller,) = await api.async_get_loadsctrl_meters()
    oven, pump, _dishwasher = await controller.async_get_relays()
    before = emulator.stats.requests["loadsctrl_relay_set_req"]
    for relays, message in (
        ([], "non-empty"),
        ([oven, oven], "repeat"),
        (["x"], "LoadsCtrlRelay"),
        ("oven", "sequence"),
        ([oven, pump], "permutation"),
    ):
        with pytest.raises(ValueError, match=message):
            await controller.async_set_detach_order(relays)  # type: ignore[arg-type]
    assert emulator.stats.requests["loadsctrl_relay_set_req"] == before


async def test_controller_set_config(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    (controller,) = await api.async_get_loadsctrl_meters()
    assert controller.profile is not None
    weekend_low = controller.profile.with_level(1, days=ProfileDay.SUNDAY)
    await controller.async_set_config(max_power=4200, hysteresis=500, profile_data=weekend_low)
    true = emulator.plant.device("loadsctrl_controllers", CONTROLLER)
    assert (true["max_power"], true["hysteresis"]) == (4200, 500)
    assert true["profile_data"][6] == "1" * 24
    assert controller.profile == weekend_low
    await controller.async_set_config(hysteresis=100)  # the rest is re-sent unchanged
    assert emulator.plant.device("loadsctrl_controllers", CONTROLLER)["max_power"] == 4200


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_power": 0}, "max_power.*1-2147483647"),
        ({"max_power": True}, "max_power"),
        ({"max_power": 4500.0}, "max_power"),
        ({"hysteresis": 4500}, "hysteresis.*0-4499"),
        ({"hysteresis": -1}, "hysteresis"),
        ({"profile_data": ["3" * 24] * 7}, "profile_data must be a LoadsCtrlProfile"),
        ({"profile_data": ThermoProfile.constant(3)}, "profile_data must be a LoadsCtrlProfile"),
    ],
)
async def test_controller_validation(
    rec: RecordingAuth, kwargs: dict[str, Any], message: str
) -> None:
    raw = {"id": 1, "name": "C", "max_power": 4500, "hysteresis": 300,
           "profile_data": ["3" * 24] * 7}  # fmt: skip
    with pytest.raises(ValueError, match=message):
        await LoadsCtrlMeter(raw, rec).async_set_config(**kwargs)
    assert rec.sent == []


@pytest.mark.parametrize("priority", [-1, 2**31, 1.5, None, True, "3"])
async def test_load_priority_validation(rec: RecordingAuth, priority: Any) -> None:
    load = LoadsCtrlRelay({"id": 1, "name": "L", "priority": 3, "enabled": 1}, rec)
    with pytest.raises(ValueError, match="priority"):
        await load.async_set_priority(priority)
    with pytest.raises(ValueError, match="enabled"):
        await load.async_set_enabled("false")  # type: ignore[arg-type]
    assert rec.sent == []


def test_loadsctrl_ids_must_be_integers(rec: RecordingAuth) -> None:
    for cls in (LoadsCtrlMeter, LoadsCtrlRelay):
        with pytest.raises(ValueError, match="'id' must be of type int"):
            cls({"id": "7", "name": "x"}, rec)


# --- profiles --------------------------------------------------------------------------------


def test_loadsctrl_profile_round_trip_and_validation() -> None:
    wire = ["333333444444444444445555"] * 5 + ["4" * 24] * 2
    profile = LoadsCtrlProfile.from_wire(wire)
    assert profile.to_wire() == wire
    assert LoadsCtrlProfile(profile.to_wire()) == profile
    assert LoadsCtrlProfile([[int(c) for c in row] for row in wire]) == profile
    assert profile.level_at(ProfileDay.MONDAY, dt.time(23, 59)) == 5
    assert profile.level_at(0, 6) == 4
    assert (LoadsCtrlProfile.DAYS, LoadsCtrlProfile.WIRE_SLOTS_PER_DAY) == (WEEKDAYS, 24)
    for bad, message in ((wire[:6], "7 rows"), ([*wire[:6], "6" * 24], r"rows\[6\].*1-5"),
                         ([*wire[:6], "4" * 23], r"rows\[6\]")):  # fmt: skip
        with pytest.raises(ValueError, match=message):
            LoadsCtrlProfile(bad)
    with pytest.raises(ValueError, match="day must be one of MONDAY"):
        profile.row(ProfileDay.JOLLY)
    with pytest.raises(ValueError, match="profile_data"):
        LoadsCtrlProfile.from_wire("3" * 24)


def test_weekly_profile_is_abstract() -> None:
    with pytest.raises(TypeError, match="abstract"):
        WeeklyProfile([])
    with pytest.raises(TypeError, match="abstract"):
        WeeklyProfile.constant(3)
    with pytest.raises(TypeError, match="abstract"):
        WeeklyProfile.from_wire([])
    assert frozenset({1, 2, 3, 4, 5}) == WeeklyProfile.LEVELS


def test_profile_spans_and_edits() -> None:
    profile = LoadsCtrlProfile.constant(3).with_level(5, days=WEEKDAYS[:5], start=8, end=18)
    assert profile.spans(ProfileDay.MONDAY) == [
        ProfileSpan(dt.time(0), dt.time(8), 3),
        ProfileSpan(dt.time(8), dt.time(18), 5),
        ProfileSpan(dt.time(18), dt.time(0), 3),
    ]
    assert profile.spans(ProfileDay.SUNDAY) == [ProfileSpan(dt.time(0), dt.time(0), 3)]
    copied = profile.with_day_copied(ProfileDay.MONDAY, [ProfileDay.SATURDAY, 6])
    assert copied.row(ProfileDay.SUNDAY) == profile.row(ProfileDay.MONDAY)
    assert profile.row(ProfileDay.SUNDAY) == (3,) * 24  # the original is unchanged
    evening = profile.with_level(1, days=0, start=dt.time(22), end=dt.time(0))
    assert evening.level_at(0, dt.time(23, 30)) == 1
    assert evening.level_at(0, 21) == 3
    bad: list[dict[str, Any]] = [
        {"level": 6},
        {"level": 2, "start": 5, "end": 5},
        {"level": 2, "start": dt.time(5, 30)},
        {"level": 2, "end": 25},
        {"level": 2, "days": []},
        {"level": 2, "days": ProfileDay.JOLLY},
        {"level": True},
    ]
    for kwargs in bad:
        with pytest.raises(ValueError, match=r"level|start|end|days"):
            profile.with_level(**kwargs)


def test_thermo_profile_levels_and_rows(caplog: pytest.LogCaptureFixture) -> None:
    rows = ["1" * 32 + "3" * 64] * 7 + ["5" * 96]
    profile = ThermoProfile(rows)
    assert profile.to_wire() == rows
    assert (ThermoProfile.DAYS[-1], ThermoProfile.WIRE_SLOTS_PER_DAY) == (ProfileDay.JOLLY, 96)
    assert profile.level_at(0, dt.time(7, 59)) == 1
    assert profile.level_at(0, dt.time(8, 0)) == 3
    monday = dt.datetime(2026, 1, 5, 9, 0)
    assert profile.level_at(ProfileDay(monday.weekday()), monday) == 3
    assert profile.level_at(ProfileDay.JOLLY, monday) == 5
    assert [ThermoProfile.temperature_index(n) for n in range(1, 6)] == [1, 1, 2, 2, 3]
    edited = profile.with_level(2, days=ProfileDay.WEDNESDAY)
    assert edited.row(2) == (2,) * 96
    assert profile.row(2) != edited.row(2)
    assert hash(edited) != hash(profile)
    assert profile.with_level(4).row(ProfileDay.JOLLY) == (4,) * 96  # days=None: every row
    with pytest.raises(AttributeError):
        profile._rows = ()
    # a row that is not uniform per hour is kept as it is, with a warning
    odd = ["1" * 95 + "2"] * 8
    assert ThermoProfile.from_wire(odd).to_wire() == odd
    assert "Non-hourly" in caplog.text


async def test_zone_profile_exposed_and_row_written(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    zones = {zone.act_id: zone for zone in await api.async_get_thermo_zones()}
    zone = zones[61]
    assert zone.profile is not None
    assert zone.profile.row(ProfileDay.JOLLY) == (3,) * 96
    assert zone.profile_data == zone.profile.to_wire()
    await zone.async_set_profile_row(ProfileDay.SATURDAY, "5" * 96)
    assert emulator.plant.device("thermo", 61)["profile_data"][5] == "5" * 96
    assert zone.profile.row(5) == (5,) * 96
    assert zone.mode.value == emulator.plant.device("thermo", 61)["mode"]  # mode re-sent
    # the row in force carried by an indication is merged into the profile (§4.8.6)
    zone.apply_update({"profile_info": {"profile_id": 0, "profile_data": "4" * 96}})
    assert zone.profile.row(0) == (4,) * 96


async def test_zone_profile_validation_and_absence(rec: RecordingAuth) -> None:
    zone = ThermoZone({"act_id": 1, "name": "Z", "mode": 2, "set_point": 200}, rec)
    assert (zone.profile, zone.profile_data) == (None, [])
    for row, levels, message in ((8, "1" * 96, "row must be one of"), (0, "1" * 95, "levels")):
        with pytest.raises(ValueError, match=message):
            await zone.async_set_profile_row(row, levels)
    assert rec.sent == []
    zone.raw_data["profile_data"] = ["x"]  # malformed: no profile, no crash
    assert zone.profile is None


# --- management commands ---------------------------------------------------------------------


async def test_server_datetime(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    emulator.plant.clock = lambda: 1767607200.0
    clock = await api.async_get_server_datetime()
    assert (clock.epoch, clock.timezone_name, clock.daylight_saving_time) == (
        1767607200, "Europe/Rome", False)  # fmt: skip
    assert clock.utc_datetime == dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)
    assert clock.utc_datetime.utcoffset() == dt.timedelta(0)
    assert clock.datetime == clock.utc_datetime
    assert clock.datetime.utcoffset() == dt.timedelta(hours=1)
    assert clock.datetime_string == "2026-01-05 11:00:00"


def test_server_datetime_parsing_is_tolerant() -> None:
    clock = ServerDateTime.from_response({"epoch": "5", "server_timezone": "Nowhere/Land"})
    assert (clock.epoch, clock.datetime.tzinfo, clock.datetime_string) == (5, dt.UTC, None)
    assert ServerDateTime({"epoch": 5}).timezone_name is None
    for bad in ({}, {"epoch": "x"}, {"epoch": 10**20}):
        with pytest.raises(CameDomoticServerError, match="epoch"):
            ServerDateTime.from_response(bad)
        with pytest.raises(ValueError, match="epoch"):
            ServerDateTime(bad)


async def test_scenario_by_name_recording_rename_delete(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    await api.async_activate_scenario_by_name("All lights off")
    with pytest.raises(ValueError, match="name"):
        await api.async_activate_scenario_by_name("")
    await api.async_start_scenario_recording("Evening")
    with pytest.raises(CameDomoticServerError, match="refused to start"):
        await api.async_start_scenario_recording("Again")  # already recording
    await api.async_set_relay_status_by_name("Garden pump", RelayStatus.ON)
    recorded = await api.async_stop_scenario_recording()
    assert isinstance(recorded, Scenario)
    assert (recorded.name, recorded.user_defined) == ("Evening", 1)
    assert recorded.id >= 65536
    with pytest.raises(CameDomoticServerError, match="refused to store"):
        await api.async_stop_scenario_recording()  # nothing is being recorded
    await recorded.async_rename("Cinema")
    assert recorded.name == "Cinema"
    assert any(s.name == "Cinema" for s in await api.async_get_scenarios())
    await recorded.async_delete()
    assert all(s.id != recorded.id for s in await api.async_get_scenarios())


async def test_stop_recording_picks_the_highest_id_and_knows_its_own_start(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    for _ in range(2):
        await api.async_start_scenario_recording("Twin")
        last = await api.async_stop_scenario_recording()
    assert last is not None
    twins = [s.id for s in await api.async_get_scenarios() if s.name == "Twin"]
    assert last.id == max(twins)
    assert len(twins) == 2
    other = await CameDomoticAPI.async_create(emulator.host, "admin", "admin")
    try:
        await api.async_start_scenario_recording("Started elsewhere")
        assert await other.async_stop_scenario_recording() is None
    finally:
        await other.async_dispose()


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
    await api.async_set_relay_status_by_name("Garden pump", RelayStatus.ON)
    assert emulator.plant.device("relays", pump.act_id)["status"] == 1
    await api.async_set_relay_status_by_name("Garden pump", RelayStatus.OFF)
    await pump.async_set_status_timed(3600)
    assert pump.status is RelayStatus.OFF  # left to the server's pushes, as upstream
    assert emulator.plant.device("relays", pump.act_id)["status"] == 1
    bad: Any
    for bad in (0, -5, 2**31, 1.5, True, "60"):
        with pytest.raises(ValueError, match=r"interval.*1-2147483647"):
            await pump.async_set_status_timed(bad)
    with pytest.raises(ValueError, match="status"):
        await api.async_set_relay_status_by_name("Garden pump", RelayStatus.UNKNOWN)


async def test_digital_input_acknowledge(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    inputs = await api.async_get_digital_inputs()
    button = inputs[1]
    emulator.plant.press_input(button.act_id)
    button = next(i for i in await api.async_get_digital_inputs() if i.act_id == button.act_id)
    assert button.acknowledged is False
    await button.async_ack()
    assert button.acknowledged is True
    assert emulator.plant.device("digital_inputs", button.act_id)["ack"] == 1
