"""The usage guide's device snippets ("Working with devices", "Monitoring real-time updates").

Each snippet is copied verbatim from the guide, with only the host and credentials adapted
and the ``asyncio.sleep(5)`` between opening/relay commands shortened; the demo plant holds
every device the guide looks up (light 1, the dimmer "Hallway Night Light", an RGB light,
opening 10 with slats, scenario "Good morning", analog sensor 100, digital input 1 and
"Front door button", analog input 90 and "Hygrometer", relay 31 and "Gate Motor", timer 163
"Irrigation"). The assertions after each snippet check that it found its devices and that
its commands reached the emulator: the request counters, the plant state and the updates
the client's own session receives.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.errors import CameDomoticServerTimeoutError
from aiocamedomotic.models import (
    DeviceType,
    DeviceUpdate,
    DigitalInputUpdate,
    LightType,
    LightUpdate,
    OpeningStatus,
    OpeningUpdate,
    PlantUpdate,
    RelayStatus,
    RelayUpdate,
    ScenarioUpdate,
    ServerFeature,
    ThermoZoneUpdate,
    TimerUpdate,
)

SHORT = 0  # replaces the guide's asyncio.sleep(5): nothing waits on it


async def updates_until(
    api: CameDomoticAPI, done: Callable[[list[DeviceUpdate]], bool]
) -> list[DeviceUpdate]:
    """Typed updates of the snippet's own session, long-polled until ``done`` holds them."""
    seen: list[DeviceUpdate] = []
    async with asyncio.timeout(10):
        while not done(seen):
            seen += (await api.async_get_updates(timeout=10)).get_typed_updates()
    return seen


def of(seen: list[DeviceUpdate], kind: type[DeviceUpdate], device_id: int) -> list[Any]:
    """The updates of one device, in arrival order."""
    return [u for u in seen if isinstance(u, kind) and u.device_id == device_id]


async def test_lights(
    api: CameDomoticAPI, emulator: CameEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    lights = await api.async_get_lights()
    for light in lights:
        print(f"ID: {light.act_id}, Name: {light.name}, Status: {light.status}, Type: {light.type}")

    # By ID
    chandelier = next((l for l in lights if l.act_id == 1), None)  # noqa: E741
    # By name
    hallway = next((l for l in lights if l.name == "Hallway Night Light"), None)  # noqa: E741

    from aiocamedomotic.models import LightStatus

    # Simple on/off (STEP_STEP lights)
    if chandelier:
        await chandelier.async_set_status(LightStatus.ON)
        await chandelier.async_set_status(LightStatus.OFF)
    # Dimmable lights: set brightness (0-100)
    if hallway:
        await hallway.async_set_status(LightStatus.ON, brightness=50)
        await hallway.async_set_status(LightStatus.ON, brightness=100)
    # RGB lights: set color as [R, G, B] (each 0-255)
    rgb_strip = next((l for l in lights if l.type == LightType.RGB), None)  # noqa: E741
    if rgb_strip:
        await rgb_strip.async_set_status(LightStatus.ON, rgb=[255, 0, 0])
        await rgb_strip.async_set_status(LightStatus.ON, brightness=75, rgb=[0, 128, 255])

    assert "ID: 15, Name: Hallway Night Light, Status: " in capsys.readouterr().out
    assert chandelier is not None
    assert hallway is not None
    assert rgb_strip is not None
    assert (chandelier.type, hallway.type) == (LightType.STEP_STEP, LightType.DIMMER)
    assert emulator.stats.requests["light_switch_req"] == 6
    seen = await updates_until(api, lambda seen: len(of(seen, LightUpdate, rgb_strip.act_id)) == 2)
    assert [u.status for u in of(seen, LightUpdate, 1)] == [LightStatus.ON, LightStatus.OFF]
    assert [u.perc for u in of(seen, LightUpdate, 15)] == [50, 100]
    assert [u.rgb for u in of(seen, LightUpdate, rgb_strip.act_id)] == [[255, 0, 0], [0, 128, 255]]
    assert emulator.plant.device("lights", 1)["status"] == 0
    assert emulator.plant.device("lights", 15)["perc"] == 100
    strip = emulator.plant.device("lights", rgb_strip.act_id)
    assert (strip["status"], strip["perc"], strip["rgb"]) == (1, 75, [0, 128, 255])


async def test_openings(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    import asyncio

    from aiocamedomotic.models import OpeningStatus

    openings = await api.async_get_openings()
    for opening in openings:
        print(f"ID: {opening.open_act_id}, Name: {opening.name}, Status: {opening.status}")

    # Control an opening
    shutter = next((o for o in openings if o.open_act_id == 10), None)
    if shutter:
        await shutter.async_set_status(OpeningStatus.OPENING)
        await asyncio.sleep(SHORT)
        await shutter.async_set_status(OpeningStatus.STOPPED)
        await asyncio.sleep(SHORT)
        await shutter.async_set_status(OpeningStatus.CLOSING)
        # Tilt slats (for covers with adjustable slats)
        await asyncio.sleep(SHORT)
        await shutter.async_set_status(OpeningStatus.SLAT_OPEN)
        await asyncio.sleep(SHORT)
        await shutter.async_set_status(OpeningStatus.SLAT_CLOSE)

    assert shutter is not None
    assert emulator.stats.requests["opening_move_req"] == 5
    assert emulator.stats.acks[11] == 0  # the slat commands were accepted
    seen = await updates_until(api, lambda seen: len(of(seen, OpeningUpdate, 10)) >= 5)
    assert [u.status for u in of(seen, OpeningUpdate, 10)][:5] == [
        OpeningStatus.OPENING,
        OpeningStatus.STOPPED,
        OpeningStatus.CLOSING,
        OpeningStatus.SLAT_OPEN,
        OpeningStatus.SLAT_CLOSE,
    ]
    assert emulator.plant.device("openings", 10)["status"] == 4


async def test_scenarios(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    scenarios = await api.async_get_scenarios()
    for scenario in scenarios:
        print(f"ID: {scenario.id}, Name: {scenario.name}, Status: {scenario.scenario_status}")

    # Activate a scenario
    good_morning = next((s for s in scenarios if s.name == "Good morning"), None)
    if good_morning:
        await good_morning.async_activate()

    assert good_morning is not None
    assert emulator.stats.requests["scenario_activation_req"] == 1
    # its actions ran: the towel warmer (relay 43) switched on
    seen = await updates_until(api, lambda seen: bool(of(seen, RelayUpdate, 43)))
    assert of(seen, RelayUpdate, 43)[0].status is RelayStatus.ON
    assert of(seen, ScenarioUpdate, good_morning.id)
    assert emulator.plant.device("relays", 43)["status"] == 1


async def test_thermoregulation(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    zones = await api.async_get_thermo_zones()
    for zone in zones:
        print(
            f"ID: {zone.act_id}, Name: {zone.name}, "
            f"Temperature: {zone.temperature}°C, "
            f"Setpoint: {zone.set_point}°C, "
            f"Mode: {zone.mode}, Season: {zone.season}"
        )

    from aiocamedomotic.models import ThermoZoneFanSpeed, ThermoZoneMode, ThermoZoneSeason

    # Set target temperature (keeps current mode).
    # Only effective when the zone is in MANUAL mode; in AUTO or other modes
    # the server silently discards the new setpoint without returning an error.
    zone = zones[0]
    await zone.async_set_temperature(22.0)

    # To guarantee a setpoint change regardless of the current mode, switch to
    # MANUAL and set the temperature in a single call:
    await zone.async_set_config(mode=ThermoZoneMode.MANUAL, set_point=22.0)

    # Change operating mode (keeps current temperature)
    await zone.async_set_mode(ThermoZoneMode.MANUAL)

    # Full configuration with fan speed
    await zone.async_set_config(
        mode=ThermoZoneMode.MANUAL,
        set_point=21.5,
        fan_speed=ThermoZoneFanSpeed.MEDIUM,
    )

    # Set fan speed (keeps current mode and temperature)
    await zone.async_set_fan_speed(ThermoZoneFanSpeed.SLOW)

    # Change global season for all zones (plant-level command — season cannot
    # be changed per zone)
    await api.async_set_thermo_season(ThermoZoneSeason.WINTER)

    stored = emulator.plant.device("thermo", zone.act_id)
    assert (stored["mode"], stored["set_point"]) == (1, 215)
    assert (zone.mode, zone.set_point, zone.fan_speed) == (
        ThermoZoneMode.MANUAL,
        21.5,
        ThermoZoneFanSpeed.SLOW,
    )


async def test_analog_sensors(api: CameDomoticAPI, capsys: pytest.CaptureFixture[str]) -> None:
    from aiocamedomotic.models import AnalogSensorType

    sensors = await api.async_get_analog_sensors()
    for sensor in sensors:
        print(
            f"Name: {sensor.name}, Type: {sensor.sensor_type}, "
            f"Value: {sensor.value}, Unit: {sensor.unit}"
        )

    # Get only temperature sensors
    temp_sensors = [s for s in sensors if s.sensor_type == AnalogSensorType.TEMPERATURE]
    for s in temp_sensors:
        print(f"{s.name}: {s.value}°{s.unit}")

    # Find a specific sensor by ID
    outdoor = next((s for s in sensors if s.act_id == 100), None)

    assert outdoor is not None
    assert (outdoor.name, outdoor.sensor_type, outdoor.value) == (
        "Outdoor probe",
        AnalogSensorType.TEMPERATURE,
        8.7,
    )
    assert temp_sensors == [outdoor]
    assert "Outdoor probe: 8.7°C" in capsys.readouterr().out.splitlines()


async def test_digital_inputs(api: CameDomoticAPI, capsys: pytest.CaptureFixture[str]) -> None:
    from aiocamedomotic.models import DigitalInputStatus

    digital_inputs = await api.async_get_digital_inputs()
    for di in digital_inputs:
        print(f"ID: {di.act_id}, Name: {di.name}, Status: {di.status}, Address: {di.addr}")

    # By ID
    button = next((di for di in digital_inputs if di.act_id == 1), None)
    # By name
    sensor = next((di for di in digital_inputs if di.name == "Front door button"), None)

    assert button is not None
    assert sensor is not None
    assert (button.name, button.status) == ("Hall button", DigitalInputStatus.IDLE)
    # never fired: no status yet (the guide's note)
    assert (sensor.act_id, sensor.addr, sensor.status) == (4, 214, DigitalInputStatus.UNKNOWN)
    assert "ID: 4, Name: Front door button, Status: " in capsys.readouterr().out


async def test_analog_inputs(api: CameDomoticAPI) -> None:
    server_info = await api.async_get_server_info()
    analog_inputs = []

    if ServerFeature.ANALOGIN in server_info.features:
        analog_inputs = await api.async_get_analog_inputs()
        for ai in analog_inputs:
            print(f"ID: {ai.act_id}, Name: {ai.name}, Value: {ai.value}, Unit: {ai.unit}")

    # By ID
    thermo = next((ai for ai in analog_inputs if ai.act_id == 90), None)
    # By name
    hygro = next((ai for ai in analog_inputs if ai.name == "Hygrometer"), None)

    assert thermo is not None
    assert hygro is not None
    assert (thermo.name, thermo.value, thermo.unit) == ("Outdoor thermometer", 9.2, "C")
    assert (hygro.act_id, hygro.value, hygro.unit) == (89, 47.0, "%")


async def test_relays(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    from aiocamedomotic.models import RelayStatus

    relays = await api.async_get_relays()
    for relay in relays:
        print(f"ID: {relay.act_id}, Name: {relay.name}, Status: {relay.status}")

    # By ID
    pump = next((r for r in relays if r.act_id == 31), None)
    # By name
    gate = next((r for r in relays if r.name == "Gate Motor"), None)

    if pump:
        await pump.async_set_status(RelayStatus.ON)
        await asyncio.sleep(SHORT)
        await pump.async_set_status(RelayStatus.OFF)

    assert pump is not None
    assert gate is not None
    assert gate.act_id == 32
    assert emulator.stats.requests["relay_activation_req"] == 2
    seen = await updates_until(api, lambda seen: len(of(seen, RelayUpdate, 31)) == 2)
    assert [u.status for u in of(seen, RelayUpdate, 31)] == [RelayStatus.ON, RelayStatus.OFF]
    assert emulator.plant.device("relays", 31)["status"] == 0


async def test_timers_snippets(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    timers = await api.async_get_timers()
    for timer in timers:
        print(
            f"ID: {timer.id}, Name: {timer.name}, "
            f"Enabled: {timer.enabled}, "
            f"Days: {timer.active_days}"
        )
        for slot in timer.timetable:
            print(
                f"  Slot {slot.index}: "
                f"start={slot.start_hour:02d}:{slot.start_min:02d}:{slot.start_sec:02d}"
            )

    # By ID
    my_timer = next((t for t in timers if t.id == 163), None)
    # By name
    irrigation = next((t for t in timers if t.name == "Irrigation"), None)

    assert my_timer is not None
    assert irrigation is my_timer
    assert my_timer.active_days == ["Monday", "Wednesday", "Friday"]

    timer = timers[0]
    print(timer.days)
    print(timer.active_days)
    print(timer.is_active_on_day(0))
    print(timer.is_active_on_day(1))
    for slot in timer.timetable:
        start = f"{slot.start_hour:02d}:{slot.start_min:02d}:{slot.start_sec:02d}"
        if slot.stop_hour is not None:
            stop = f"{slot.stop_hour:02d}:{slot.stop_min:02d}:{slot.stop_sec:02d}"
        else:
            stop = "N/A"
        print(f"  Slot {slot.index}: {start} → {stop}")

    await timer.async_disable()
    print(timer.enabled)  # False
    assert timer.enabled is False
    await timer.async_enable()
    print(timer.enabled)  # True
    assert timer.enabled is True

    await timer.async_enable_day(6)
    print(timer.active_days)  # [..., 'Sunday']
    assert timer.active_days[-1] == "Sunday"
    await timer.async_disable_day(4)
    print(timer.is_active_on_day(4))  # False
    assert timer.is_active_on_day(4) is False

    await timer.async_set_timetable(
        [
            (6, 30, 0),  # slot 0
            None,  # slot 1 (empty)
            (22, 0, 0),  # slot 2
            None,  # slot 3 (empty)
        ]
    )
    for slot in timer.timetable:
        print(f"  Slot {slot.index}: {slot.start_hour:02d}:{slot.start_min:02d}")
    assert [slot.index for slot in timer.timetable] == [0, 2]
    await timer.async_set_timetable([None, None, None, None])
    assert timer.timetable == []

    current: list[tuple[int, int, int] | None] = [None, None, None, None]
    for slot in timer.timetable:
        current[slot.index] = (slot.start_hour, slot.start_min, slot.start_sec)
    current[3] = (14, 30, 0)
    await timer.async_set_timetable(current)
    stored = emulator.plant.device("timers", timer.id)
    assert [(e["index"], e["start"]["hour"]) for e in stored["timetable"]] == [(3, 14)]


async def test_complete_timer_example(emulator: CameEmulator) -> None:
    before = emulator.plant.device("timers", 140)

    async def main() -> None:
        async with await CameDomoticAPI.async_create(emulator.host, "admin", "admin") as api:
            timers = await api.async_get_timers()
            if not timers:
                print("No timers found")
                return
            timer = timers[0]
            print(f"Timer: {timer.name} (ID: {timer.id})")
            print(f"  Enabled: {timer.enabled}")
            print(f"  Days: {timer.active_days}")
            print(f"  Slots: {len(timer.timetable)}")
            # Save original state
            was_enabled = timer.enabled
            had_sunday = timer.is_active_on_day(6)
            # Toggle enabled
            if was_enabled:
                await timer.async_disable()
            else:
                await timer.async_enable()
            print(f"  Enabled toggled to: {timer.enabled}")
            assert timer.enabled is not was_enabled
            # Toggle Sunday
            if had_sunday:
                await timer.async_disable_day(6)
            else:
                await timer.async_enable_day(6)
            print(f"  Days now: {timer.active_days}")
            # Add a time slot
            current: list[tuple[int, int, int] | None] = [None] * 4
            for slot in timer.timetable:
                current[slot.index] = (slot.start_hour, slot.start_min, slot.start_sec)
            current[3] = (14, 30, 0)
            await timer.async_set_timetable(current)
            print(f"  Slots after adding slot 3: {len(timer.timetable)}")
            assert len(timer.timetable) == len(before["timetable"]) + 1
            # Revert everything
            current[3] = None
            await timer.async_set_timetable(current)
            if had_sunday:
                await timer.async_enable_day(6)
            else:
                await timer.async_disable_day(6)
            if was_enabled:
                await timer.async_enable()
            else:
                await timer.async_disable()
            print("  Reverted to original state")

    await main()
    after = emulator.plant.device("timers", 140)
    assert {k: after[k] for k in ("enabled", "days", "timetable")} == {
        k: before[k] for k in ("enabled", "days", "timetable")
    }


async def test_topology(api: CameDomoticAPI) -> None:
    topology = await api.async_get_topology()
    for floor in topology.floors:
        print(f"Floor {floor.id}: {floor.name}")
        for room in floor.rooms:
            print(f"  Room {room.id}: {room.name}")
    assert [floor.name for floor in topology.floors][:2] == ["Ground floor", "First floor"]


async def test_feature_gated_fetches(api: CameDomoticAPI) -> None:
    server_info = await api.async_get_server_info()

    from aiocamedomotic.models import ServerFeature

    if ServerFeature.LIGHTS in server_info.features:
        lights = await api.async_get_lights()
    if ServerFeature.OPENINGS in server_info.features:
        openings = await api.async_get_openings()
    if ServerFeature.RELAYS in server_info.features:
        relays = await api.async_get_relays()
    if ServerFeature.THERMOREGULATION in server_info.features:
        zones = await api.async_get_thermo_zones()
        sensors = await api.async_get_analog_sensors()
    if ServerFeature.SCENARIOS in server_info.features:
        scenarios = await api.async_get_scenarios()
    if ServerFeature.DIGITALIN in server_info.features:
        digital_inputs = await api.async_get_digital_inputs()
    if ServerFeature.ANALOGIN in server_info.features:
        analog_inputs = await api.async_get_analog_inputs()
    if ServerFeature.TIMERS in server_info.features:
        timers = await api.async_get_timers()

    fetched: list[list[Any]] = [lights, openings, relays, zones, sensors, scenarios]
    fetched += [digital_inputs, analog_inputs, timers]
    assert all(fetched)


async def test_typed_updates_and_filtering(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    await api.async_get_server_info()  # the session must exist before the changes
    emulator.plant.set_light(6, 1, perc=60)
    emulator.plant.set_relay(41, 1)
    emulator.plant.press_input(1)
    emulator.plant.set_zone_temperature(61, 201)
    await (await api.async_get_scenarios())[0].async_activate()
    await (await api.async_get_openings())[0].async_set_status(OpeningStatus.CLOSING)
    await (await api.async_get_timers())[0].async_disable()
    emulator.inject_indication({"cmd_name": "plant_update_ind"})
    lines: list[str] = []
    kinds: set[type[DeviceUpdate]] = set()
    while PlantUpdate not in kinds:
        updates = await api.async_get_updates()

        # Filter by device type
        light_updates = updates.get_typed_by_device_type(DeviceType.LIGHT)
        for light in light_updates:
            assert isinstance(light, LightUpdate)
            lines.append(
                f"Light '{light.name}': status={light.status}, "
                f"type={light.light_type}, brightness={light.perc}%"
            )
        # Dispatch by update type using isinstance
        for update in updates.get_typed_updates():
            kinds.add(type(update))
            if isinstance(update, LightUpdate):
                lines.append(
                    f"Light '{update.name}': {update.status.name}, brightness={update.perc}%"
                )
            elif isinstance(update, OpeningUpdate):
                lines.append(f"Opening '{update.name}': {update.status.name}")
            elif isinstance(update, ThermoZoneUpdate):
                lines.append(
                    f"Thermo '{update.name}': {update.temperature}°C, "
                    f"setpoint={update.set_point}°C, mode={update.mode.name}"
                )
            elif isinstance(update, ScenarioUpdate):
                lines.append(f"Scenario '{update.name}': {update.scenario_status.name}")
            elif isinstance(update, DigitalInputUpdate):
                lines.append(f"Input '{update.name}': status={update.status}, addr={update.addr}")
            elif isinstance(update, RelayUpdate):
                lines.append(f"Relay '{update.name}': {update.status.name}")
            elif isinstance(update, TimerUpdate):
                lines.append(
                    f"Timer '{update.name}': enabled={update.enabled}, "
                    f"days={update.days}, slots={len(update.timetable)}"
                )
            elif isinstance(update, PlantUpdate):
                lines.append("Plant configuration changed, re-fetching devices...")

        if updates.has_plant_update:
            lights = await api.async_get_lights()
            openings = await api.async_get_openings()
            relays = await api.async_get_relays()
            scenarios = await api.async_get_scenarios()
            timers = await api.async_get_timers()
            thermo_zones = await api.async_get_thermo_zones()
            sensors = await api.async_get_analog_sensors()
            digital_inputs = await api.async_get_digital_inputs()
            fetched = (lights, openings, relays, scenarios, timers)
            assert all((*fetched, thermo_zones, sensors, digital_inputs))

    assert "Light 'Hall dimmer': ON, brightness=60%" in lines
    assert "Relay 'Garden pump': ON" in lines
    assert any(line.startswith("Thermo 'Living zone': 20.1°C") for line in lines)
    assert {LightUpdate, RelayUpdate, DigitalInputUpdate, ThermoZoneUpdate, ScenarioUpdate,
            OpeningUpdate, TimerUpdate} <= kinds  # fmt: skip


async def test_polling_loop_and_timer_cache(emulator: CameEmulator) -> None:
    async with await CameDomoticAPI.async_create(emulator.host, "admin", "admin") as api:
        # Assume `timers_cache` is a dict mapping timer ID → Timer object
        timers_cache = {t.id: t for t in await api.async_get_timers()}
        other = await CameDomoticAPI.async_create(emulator.host, "admin", "admin")
        try:
            # another client changes the timer: every session gets the indication (§5.4)
            await (await other.async_get_timers())[0].async_disable()
        finally:
            await other.async_dispose()
        updated = False
        while not updated:
            try:
                updates = await api.async_get_updates(timeout=120)
            except CameDomoticServerTimeoutError:
                continue
            for update in updates.get_typed_updates():
                print(f"[{update.device_type}] {update.name} (ID: {update.device_id})")
                if isinstance(update, TimerUpdate):
                    cached = timers_cache.get(update.device_id)  # type: ignore[arg-type]
                    if cached:
                        cached.raw_data.update(update.raw_data)
                        print(
                            f"Timer '{cached.name}' updated: "
                            f"enabled={cached.enabled}, "
                            f"days={cached.active_days}, "
                            f"slots={len(cached.timetable)}"
                        )
                        updated = True
        assert timers_cache[140].enabled is False
