"""The lively plant (aiocamedomotic/emulator/lively.py) on an injected plant clock: rooms
warm and cool, probes wander within bounds, meters follow the loads, buttons get pressed,
timers fire at their slots, and the same seed replays the same life. No sleeping: the
tests move the clock and call ``advance``."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest

from aiocamedomotic.emulator import CameEmulator, Lively, Plant

from .server_raw import emulator_process
from .test_plant_support import MONDAY_10_UTC, Recorder, fast_variants

MINUTE = 60.0


class Clock:
    """A plant clock the test moves."""

    def __init__(self, start: float = MONDAY_10_UTC) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def lively_plant(
    data: dict[str, Any] | None = None, *, seed: int = 7, start: float = MONDAY_10_UTC
) -> tuple[Plant, Lively, Clock, Recorder]:
    plant = Plant(data) if data is not None else Plant.demo(variants=fast_variants())
    clock = Clock(start)
    plant.clock = clock
    recorder = Recorder()
    plant.emit = recorder
    model = Lively(plant, seed=seed)
    assert model.advance() == 0  # the first call starts the model's clock
    return plant, model, clock, recorder


def run(model: Lively, clock: Clock, seconds: float) -> int:
    clock.now += seconds
    return model.advance()


def test_the_same_seed_replays_the_same_life() -> None:
    lives = []
    for seed in (7, 7, 8):
        _plant, model, clock, recorder = lively_plant(seed=seed)
        for _ in range(30):
            run(model, clock, 20.0)
        lives.append(json.dumps(recorder.items, sort_keys=True))
    assert lives[0] == lives[1]
    assert lives[0] != lives[2]
    assert len(json.loads(lives[0])) > 50


def test_steps_follow_the_plant_clock_not_the_calls() -> None:
    _plant, a, clock_a, rec_a = lively_plant()
    _plant, b, clock_b, rec_b = lively_plant()
    assert run(a, clock_a, 600.0) == 300  # ten minutes in one catch-up...
    for _ in range(600):  # ...or in 600 calls a second apart
        run(b, clock_b, 1.0)
    assert rec_a.items == rec_b.items
    assert run(a, clock_a, 1.0) == 0  # less than a step: nothing yet


def test_a_heated_room_warms_then_holds_its_set_point() -> None:
    plant, model, clock, recorder = lively_plant()
    plant.handle(
        "thermo_zone_config_req",
        {"act_id": 62, "mode": 1, "set_point": 230},
        username="admin",
    )
    start = plant.device("thermo", 62)["temp"]
    assert plant.device("thermo", 62)["status"] == 1
    run(model, clock, 10 * MINUTE)
    warmer = plant.device("thermo", 62)["temp"]
    assert 18 <= warmer - start <= 21  # 0.2 °C a minute
    temps = [i["temp_dec"] for i in recorder.named("thermo_zone_info_ind") if i["act_id"] == 62]
    assert temps == sorted(temps)  # one tenth at a time, upward
    run(model, clock, 120 * MINUTE)
    assert abs(plant.device("thermo", 62)["temp"] - 230) <= 1  # the thermostat cycles


def test_a_room_without_demand_drifts_toward_outdoors() -> None:
    plant, model, clock, _recorder = lively_plant()
    plant.handle(
        "thermo_zone_config_req", {"act_id": 62, "mode": 0, "set_point": 200}, username="admin"
    )
    start = plant.device("thermo", 62)["temp"]
    run(model, clock, 20 * MINUTE)
    assert start - plant.device("thermo", 62)["temp"] == 10  # 0.05 °C a minute, winter
    # A temperature set by hand is where the model goes on from.
    plant.set_zone_temperature(62, 100)
    run(model, clock, 2 * MINUTE)
    assert plant.device("thermo", 62)["temp"] == 101


def test_probes_wander_within_plausible_bounds() -> None:
    plant, model, clock, recorder = lively_plant()
    start = {r["act_id"]: r["value"] for r in plant.to_dict()["analog_inputs"]}
    run(model, clock, 180 * MINUTE)
    values: dict[int, set[int]] = {}
    for ind in recorder.named("analogin_status_ind"):
        values.setdefault(ind["act_id"], set()).add(ind["value"])
    assert set(start) <= set(values)  # every probe moved
    bands = {70: 8, 71: 30, 89: 8, 90: 30, 97: 6}  # %, tenths of °C, hPa
    for act_id, seen in values.items():
        if act_id in bands:
            assert max(abs(v - start[act_id]) for v in seen) <= bands[act_id], act_id
    assert all(0 <= v <= 100 for v in values[70] | values[89])


def test_meters_follow_the_loads_that_are_on() -> None:
    data = {
        "features": ["energy", "relays", "lights"],
        "energy_meters": [{"name": "House", "id": 1, "produced": 0, "instant_power": 0}],
        "relays": [{"act_id": 5, "name": "Kettle", "status": 0, "watts": 2000}],
        "lights": [{"act_id": 6, "name": "Lamp", "status": 1, "type": "DIMMER", "perc": 50}],
    }
    plant, model, clock, _recorder = lively_plant(data)
    run(model, clock, 2.0)
    idle = plant.device("energy_meters", 1)["instant_power"]
    assert 180 + 30 - 5 <= idle <= 180 + 30 + 5  # standby, and a 60 W lamp at 50 %, ±2 %
    plant.set_relay(5, 1)
    run(model, clock, 2.0)
    busy = plant.device("energy_meters", 1)["instant_power"]
    assert 2210 * 0.98 <= busy <= 2210 * 1.02


def test_solar_production_follows_daylight() -> None:
    data = {"energy_meters": [{"name": "PV", "id": 2, "produced": 1, "instant_power": 0}]}
    night = 1767567600.0  # 2026-01-04 23:00 in Rome
    plant, model, clock, _recorder = lively_plant(data, start=night)
    run(model, clock, 2.0)
    assert plant.device("energy_meters", 2)["instant_power"] == 0
    plant, model, clock, _recorder = lively_plant(data)  # 11:00 in Rome
    run(model, clock, 2.0)
    assert 1000 < plant.device("energy_meters", 2)["instant_power"] <= 3000


def test_someone_presses_a_button_now_and_then() -> None:
    _plant, model, clock, recorder = lively_plant()
    run(model, clock, 20 * MINUTE)
    events = [(i["act_id"], i["status"]) for i in recorder.named("digitalin_status_ind")]
    presses = [act_id for act_id, status in events if status == 0]
    assert 3 <= len(presses) <= 40  # about one every 90 s
    for act_id in presses:  # each press is released at the next step
        assert (act_id, 1) in events[events.index((act_id, 0)) :]


def test_a_timer_fires_when_the_clock_passes_its_slot() -> None:
    # Monday 2026-01-05 07:14:59 in Rome; timer 140 runs Monday-Friday from 07:15.
    _plant, model, clock, recorder = lively_plant(start=1767593699.0)
    run(model, clock, 2.0)
    fired = [i["id"] for i in recorder.named("timer_info_ind")]
    assert fired == [140]
    run(model, clock, 10 * MINUTE)
    assert [i["id"] for i in recorder.named("timer_info_ind")] == [140]  # once per slot


def test_a_clock_jump_is_caught_up_in_bounded_steps() -> None:
    _plant, model, clock, _recorder = lively_plant()
    assert run(model, clock, 30 * 86400.0) == 1800
    assert run(model, clock, 2.0) == 1


async def test_the_emulator_animates_its_current_plant() -> None:
    async with CameEmulator() as still:
        assert still.lively is None
    async with CameEmulator(lively=True, lively_seed=3) as emu:
        assert emu.lively is not None
        assert emu.lively.plant is emu.plant
        assert emu.lively.seed == 3
        emu.reload_plant(Plant.demo())
        assert emu.lively.plant is emu.plant
        assert emu.status()["lively"] == 3


@pytest.mark.parametrize(
    "entry", [["-m", "aiocamedomotic.emulator"], ["-m", "aiocamedomotic.cli", "emulate"]]
)
async def test_a_lively_process_pushes_changes_with_nothing_else_running(
    entry: list[str],
) -> None:
    """What ``camedomotic watch`` sees: a long poll that returns by itself."""
    async with emulator_process(*entry, "--lively") as (_proc, url):
        login = {"sl_cmd": "sl_registration_req", "sl_login": "admin", "sl_pwd": "admin"}
        poll: dict[str, Any] = {
            "sl_cmd": "sl_data_req",
            "sl_appl_msg": {"cmd_name": "status_update_req", "cseq": 1},
        }
        async with asyncio.timeout(30), aiohttp.ClientSession() as http:
            async with http.post(url, data={"command": json.dumps(login)}) as resp:
                poll["sl_client_id"] = (await resp.json(content_type=None))["sl_client_id"]
            async with http.post(url, data={"command": json.dumps(poll)}) as resp:
                result = (await resp.json(content_type=None))["result"]
    assert result  # the model changed something: the poll was answered with it
