"""Live layer: energy meters, load controllers and their loads kept current (§4.12, §4.13)."""

from __future__ import annotations

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.emulator.plant import Plant
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.events import EntityUpdated, UpdateSource
from aiocamedomotic.live import LivePlant

from .conftest import FAST, assert_matches_plant

CONTROLLER = 196640


async def test_registries_hold_meters_controllers_and_loads(
    live: LivePlant, emulator: CameEmulator
) -> None:
    assert list(live.energy_meters) == [4]
    assert list(live.loadsctrl_controllers) == [CONTROLLER]
    assert sorted(live.loadsctrl_loads) == [65610, 65611, 65612]
    assert {load.controller_id for load in live.loadsctrl_loads.values()} == {CONTROLLER}
    assert live.energy_meters[4].unique_id == "3A7F00C21B9E4D55:energy_meters:4"
    assert_matches_plant(live, emulator)


async def test_power_and_shedding_pushed_live(live: LivePlant, emulator: CameEmulator) -> None:
    meter, oven = live.energy_meters[4], live.loadsctrl_loads[65610]
    events: list[EntityUpdated] = []
    live.subscribe(lambda e: events.append(e) if isinstance(e, EntityUpdated) else None)
    before = meter.energy_kwh
    emulator.plant.set_meter_power(4, 5000)  # overload: the oven is shed
    controller = live.loadsctrl_controllers[CONTROLLER]
    await live.async_wait_for(
        lambda: meter.instant_power == 5000 and oven.detached and controller.power == 5000
    )
    assert oven.status is False
    assert meter.energy_kwh >= before  # the counter only grows
    pushed = {(e.family, e.entity_id) for e in events if e.source is UpdateSource.PUSH}
    assert {("energy_meters", 4), ("loadsctrl_loads", 65610)} <= pushed
    assert_matches_plant(live, emulator)


async def test_commands_update_registries_and_echo(live: LivePlant, emulator: CameEmulator) -> None:
    pump, controller = live.loadsctrl_loads[65611], live.loadsctrl_controllers[CONTROLLER]
    await pump.async_set(enabled=True, priority=139)
    await controller.async_configure(max_power=4000)
    await live.async_wait_for(
        lambda: emulator.plant.device("loadsctrl_controllers", CONTROLLER)["max_power"] == 4000
    )
    assert (pump.enabled, pump.priority, controller.max_power) == (True, 139, 4000)
    # the echo indications leave the registries equal to the plant
    emulator.plant.set_meter_power(4, 100)
    await live.async_wait_for(lambda: live.energy_meters[4].instant_power == 100)
    assert_matches_plant(live, emulator)


async def test_plant_without_energy_or_loadsctrl() -> None:
    data = Plant.demo().to_dict()
    data["features"] = [f for f in data["features"] if f not in ("energy", "loadsctrl")]
    async with CameEmulator(Plant(data), coalesce_delay=0.0) as emu:
        api = await CameDomoticAPI.async_create(emu.host, "admin", "admin")
        try:
            plant = await api.async_start_live(options=FAST)
            assert (len(plant.energy_meters), len(plant.loadsctrl_loads)) == (0, 0)
            assert len(plant.lights) > 0
            assert "meters_list_req" not in emu.stats.requests
            assert "loadsctrl_relay_list_req" not in emu.stats.requests
            await plant.async_stop()
        finally:
            await api.async_dispose()
