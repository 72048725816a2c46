"""Code written against upstream aiocamedomotic 1.15.2's reference, for the families beyond
the seed, run unchanged against the emulator: each test reads like a snippet an integration
would contain (upstream's import paths and names only), then checks the plant.

Families: server features and logging, energy meters, load control (list, control, typed
updates from the long poll, the live plant), weekly profiles, irrigation, sound zones, the
server clock and the management commands.
"""

from __future__ import annotations

import datetime as dt

from aiocamedomotic import CameDomoticAPI, ServerFeature, get_logger
from aiocamedomotic.emulator import CameEmulator
from aiocamedomotic.models import (
    WEEKDAYS,
    DeviceType,
    EnergyMeterUpdate,
    LoadsCtrlMeterUpdate,
    LoadsCtrlProfile,
    LoadsCtrlRelayStatus,
    LoadsCtrlRelayUpdate,
    ProfileDay,
    RelayStatus,
    Scenario,
)
from aiocamedomotic.models.base import ServerDateTime
from aiocamedomotic.models.energy_meter import EnergyMeter, EnergyMeterType
from aiocamedomotic.models.irrigation import Irrigation
from aiocamedomotic.models.loads_ctrl import LoadsCtrlMeter, LoadsCtrlRelay
from aiocamedomotic.models.profiles import ThermoProfile
from aiocamedomotic.models.sound_zone import SoundZone, SoundZoneAction
from aiocamedomotic.models.thermo_zone import ThermoZone
from aiocamedomotic.models.update import UpdateList

CONTROLLER = 196640


async def test_features_and_logger(api: CameDomoticAPI) -> None:
    logger = get_logger()
    assert logger.name == "aiocamedomotic"
    assert logger.handlers == []  # the library configures nothing
    info = await api.async_get_server_info()
    supported = [feature for feature in ServerFeature if feature in info.features]
    assert ServerFeature.ENERGY in supported
    assert ServerFeature.LOADSCTRL in supported
    assert ServerFeature.LOADSCTRL in {"loadsctrl"}  # a StrEnum: its members are the strings


async def test_energy_meters(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    meters: list[EnergyMeter] = await api.async_get_energy_meters()
    house = next(m for m in meters if m.meter_type is EnergyMeterType.POWER)
    assert f"{house.name}: {house.instant_power} {house.unit}" == "House total: 712 W"
    assert house.energy_unit == "Wh"
    await api.async_reset_energy_counters()
    assert emulator.plant.device("energy_meters", house.id)["last_24h_avg"] == 0


async def test_load_control(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    meters: list[LoadsCtrlMeter] = await api.async_get_loadsctrl_meters()
    controller = next(m for m in meters if m.meter_id == 4)
    relays: list[LoadsCtrlRelay] = sorted(
        await controller.async_get_relays(), key=lambda relay: relay.priority
    )
    assert [relay.name for relay in relays] == ["Oven", "Heat pump", "Dishwasher"]
    same = await api.async_get_loadsctrl_relays(controller.id)  # the same loads, fresh objects
    assert sorted(r.id for r in same) == sorted(r.id for r in relays)
    oven = relays[0]
    assert oven.status in (LoadsCtrlRelayStatus.ON, LoadsCtrlRelayStatus.OFF)
    await oven.async_set_enabled(False)
    assert emulator.plant.device("loadsctrl_loads", oven.id)["enabled"] == 0
    # shed the dishwasher first, then the oven, then the heat pump
    await controller.async_set_detach_order([relays[2], relays[0], relays[1]])
    assert [r.priority for r in (relays[2], relays[0], relays[1])] == [140, 141, 142]
    # lower the threshold on working days' office hours
    profile: LoadsCtrlProfile | None = controller.profile
    assert profile is not None
    office = profile.with_level(2, days=WEEKDAYS[:5], start=8, end=18)
    await controller.async_set_config(max_power=4000, profile_data=office)
    truth = emulator.plant.device("loadsctrl_controllers", CONTROLLER)
    assert (truth["max_power"], truth["profile_data"]) == (4000, office.to_wire())
    assert controller.profile_data == office.to_wire()


async def test_load_control_pushes_typed_updates(api: CameDomoticAPI) -> None:
    (controller,) = await api.async_get_loadsctrl_meters()
    heat_pump = next(r for r in await controller.async_get_relays() if r.name == "Heat pump")
    await heat_pump.async_set_priority(150)
    await controller.async_set_config(hysteresis=250)
    seen: list[object] = []
    # the integration's long-poll task: match pushes by device type
    while not any(isinstance(u, LoadsCtrlMeterUpdate) for u in seen):
        updates: UpdateList = await api.async_get_updates(timeout=10)
        for update in updates.get_typed_updates():
            if update.device_type in (DeviceType.LOADSCTRL_METER, DeviceType.LOADSCTRL_RELAY):
                seen.append(update)
    relay_update = next(u for u in seen if isinstance(u, LoadsCtrlRelayUpdate))
    assert (relay_update.device_id, relay_update.priority) == (heat_pump.id, 150)
    assert relay_update.status in (LoadsCtrlRelayStatus.ON, LoadsCtrlRelayStatus.OFF)
    meter_update = next(u for u in seen if isinstance(u, LoadsCtrlMeterUpdate))
    assert (meter_update.device_id, meter_update.hysteresis) == (CONTROLLER, 250)
    assert meter_update.profile_data == controller.profile_data


async def test_energy_push_is_typed(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    await api.async_ping()  # the session exists before the change
    emulator.plant.set_meter_power(4, 1500)
    updates = await api.async_get_updates(timeout=10)
    while not updates.get_by_device_type(DeviceType.ENERGY_SENSOR):
        updates = await api.async_get_updates(timeout=10)
    (update,) = updates.get_typed_by_device_type(DeviceType.ENERGY_SENSOR)
    assert isinstance(update, EnergyMeterUpdate)
    assert (update.id, update.instant_power, update.unit) == (4, 1500, "W")


async def test_load_control_in_the_live_plant(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    async with api.live() as plant:
        controller = plant.loadsctrl_controllers[CONTROLLER]
        assert isinstance(controller, LoadsCtrlMeter)
        oven = plant.loadsctrl_loads[65610]
        assert isinstance(oven, LoadsCtrlRelay)
        emulator.plant.set_meter_power(4, 5000)  # overload: the oven is shed
        await plant.async_wait_for(
            lambda: oven.detached and oven.status is LoadsCtrlRelayStatus.OFF
        )
        await oven.async_set_priority(160)
        await controller.async_set_config(max_power=6000)
        await plant.async_wait_for(lambda: controller.max_power == 6000 and oven.priority == 160)
        assert emulator.plant.device("loadsctrl_loads", 65610)["priority"] == 160


async def test_weekly_profiles(api: CameDomoticAPI) -> None:
    zones: list[ThermoZone] = await api.async_get_thermo_zones()
    zone = next(z for z in zones if z.profile_data)
    profile = zone.profile
    assert isinstance(profile, ThermoProfile)
    assert ThermoProfile.from_wire(zone.profile_data) == profile
    monday_morning = dt.datetime(2026, 1, 5, 7, 30)
    level = profile.level_at(ProfileDay(monday_morning.weekday()), monday_morning)
    assert level in ThermoProfile.LEVELS
    spans = profile.spans(ProfileDay.MONDAY)
    assert spans[0].start == dt.time(0)
    assert spans[-1].end == dt.time(0)
    jolly_everywhere = profile.with_day_copied(ProfileDay.JOLLY, WEEKDAYS)
    assert jolly_everywhere.to_wire()[:7] == [profile.to_wire()[7]] * 7
    flat = LoadsCtrlProfile.constant(3)
    assert flat.level_at(ProfileDay.SUNDAY, 23) == 3
    assert len(flat.to_wire()) == len(LoadsCtrlProfile.DAYS) == 7


async def test_irrigation(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    sectors: list[Irrigation] = await api.async_get_irrigation_sectors()
    lawn = next(s for s in sectors if s.name == "Front lawn")
    assert (lawn.is_running, lawn.enabled, lawn.perc) == (False, True, 90)
    assert lawn.start == {"hour": 6, "min": 0, "sec": 0}
    if not lawn.is_running:
        await lawn.async_force()  # a toggle: starts a cycle when idle
    assert emulator.plant.device("irrigation", lawn.id)["forced"] == 1
    await lawn.async_set_enabled(False)
    assert emulator.plant.device("irrigation", lawn.id)["enabled"] == 0


async def test_sound_zones(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    zones: list[SoundZone] = await api.async_get_sound_zones()
    bathroom = next(z for z in zones if z.name == "Bathroom")
    if not bathroom.is_on:
        await bathroom.async_turn_on()
    await bathroom.async_set_volume_level(0.25)
    await bathroom.async_set_mute(True)
    names = [source["name"] for source in bathroom.sources]
    await bathroom.async_select_source(names[-1])
    truth = emulator.plant.device("sound", bathroom.id)
    assert (truth["standby"], truth["mute"], truth["source"]) == (0, 1, 5)
    assert bathroom.volume_level is not None
    assert abs(bathroom.volume_level - 0.25) < 0.05
    assert (bathroom.is_on, bathroom.is_muted, bathroom.source) == (True, True, names[-1])
    await bathroom.async_send_source_command(bathroom.sources[0]["id"], "play")
    await bathroom.async_refresh()
    await bathroom.async_turn_off()
    assert not bathroom.is_on
    assert SoundZoneAction.STANDBY.value == "standby"


async def test_server_clock(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    emulator.plant.clock = lambda: 1767607200.0
    clock: ServerDateTime = await api.async_get_server_datetime()
    assert clock.utc_datetime == dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC)
    assert (clock.timezone_name, clock.datetime_string) == ("Europe/Rome", "2026-01-05 11:00:00")
    assert clock.daylight_saving_time is False
    assert clock.epoch == 1767607200


async def test_management_commands(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    await api.async_start_scenario_recording("Good night")
    await api.async_set_relay_status_by_name("Garden pump", RelayStatus.ON)
    scenario = await api.async_stop_scenario_recording()
    assert isinstance(scenario, Scenario)
    assert (scenario.name, scenario.user_defined) == ("Good night", 1)
    await scenario.async_rename("Night")
    await scenario.async_activate()
    await scenario.async_delete()
    assert all(s.name != "Night" for s in await api.async_get_scenarios())
    pump = next(r for r in await api.async_get_relays() if r.name == "Garden pump")
    await pump.async_set_status_timed(60)
    assert emulator.plant.device("relays", pump.act_id)["status"] == 1
    button = (await api.async_get_digital_inputs())[1]
    emulator.plant.press_input(button.act_id)
    await button.async_ack()
    assert emulator.plant.device("digital_inputs", button.act_id)["ack"] == 1
