"""Live layer: energy meters, load controllers and their loads kept current (§4.12, §4.13)."""

from __future__ import annotations

import itertools
import time

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.emulator.plant import Plant
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.events import EntityUpdated, UpdateSource
from aiocamedomotic.live import LivePlant
from aiocamedomotic.models import LoadsCtrlRelayStatus

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
    assert oven.status is LoadsCtrlRelayStatus.OFF
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
            # The lists went out with the feature request and were dropped; the loads,
            # asked per controller, were not asked at all.
            assert emu.stats.requests["meters_list_req"] == 1
            assert emu.stats.requests["loadsctrl_meter_list_req"] == 1
            assert "loadsctrl_relay_list_req" not in emu.stats.requests
            assert len(plant.loadsctrl_controllers) == 0
            await plant.async_stop()
        finally:
            await api.async_dispose()


async def test_energy_counter_integrates_known_powers_over_arrival_times(
    live: LivePlant, emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    """kWh from known powers held over known time, bounded exactly by the recorded times.

    The counter stamps a sample with ``time.monotonic()`` when its indication is applied,
    which lies after the power was set in the emulator and before the update event is
    delivered: each step time is bracketed, and so is the reading of ``energy_kwh``. The
    integral is linear in those times, so its extremes are at the corners of the brackets.
    """
    meter = live.energy_meters[4]
    arrivals: dict[float, float] = {}  # power -> monotonic time its update was delivered

    def record(event: object) -> None:
        if isinstance(event, EntityUpdated) and event.family == "energy_meters":
            arrivals.setdefault(float(meter.instant_power), time.monotonic())

    live.subscribe(record)

    async def step(watts: int) -> tuple[float, float]:
        """Set the power; the (earliest, latest) time the counter can have sampled it."""
        sent = time.monotonic()
        emulator.plant.set_meter_power(4, watts)
        await live.async_wait_for(lambda: float(watts) in arrivals)
        await api.async_ping()  # a real round trip: the next step starts strictly later
        return sent, arrivals[float(watts)]

    await step(200)
    read0 = time.monotonic()
    kwh0 = meter.energy_kwh
    read0_end = time.monotonic()
    await api.async_ping()
    s1 = await step(1_000_000)  # 1 MW: the oven is shed, the meter keeps counting
    s2 = await step(1000)
    read3 = time.monotonic()
    kwh3 = meter.energy_kwh
    read3_end = time.monotonic()

    def wh(t0: float, t1: float, t2: float, t3: float) -> float:
        # zero-order hold: 200 W until t1, 1 MW until t2, 1 kW until t3
        return (200 * (t1 - t0) + 1_000_000 * (t2 - t1) + 1000 * (t3 - t2)) / 3600

    corners = [
        wh(*times) for times in itertools.product((read0, read0_end), s1, s2, (read3, read3_end))
    ]
    measured = (kwh3 - kwh0) * 1000
    assert min(corners) - 1e-9 <= measured <= max(corners) + 1e-9, (measured, corners)
    assert min(corners) > 0  # the 1 MW step lasted a real round trip at least
