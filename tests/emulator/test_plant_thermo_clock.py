"""Emulated plant: AUTO/JOLLY zones follow the weekly profile as the plant clock crosses a
quarter-hour boundary (§6.3), driven by the plant clock, never by sleeping."""

from __future__ import annotations

import asyncio

from aiocamedomotic.emulator.devices.thermo import Thermo
from aiocamedomotic.emulator.plant import Plant

from .test_plant_support import MONDAY_10_UTC, ask, open_plant

#: Monday 17:00 in Europe/Rome: quarter 68 of row 0, level 3 (T2) after level 2 (T1).
MONDAY_17_ROME = MONDAY_10_UTC + 6 * 3600
#: Monday 16:45 in Europe/Rome: still level 2 (T1).
MONDAY_1645_ROME = MONDAY_17_ROME - 900


def _auto(plant: Plant, act_id: int, mode: int = 2) -> None:
    ask(plant, "thermo_zone_config_req", act_id=act_id, mode=mode, set_point=200,
        extended_infos=0)  # fmt: skip


async def test_the_quarter_hour_timer_moves_auto_zones_to_the_next_level() -> None:
    async with open_plant() as (plant, rec):
        loop = asyncio.get_running_loop()
        start, origin = MONDAY_17_ROME - 0.1, loop.time()
        # A plant clock running at the loop's pace, 0.1 s before the boundary.
        plant.clock = lambda: start + (loop.time() - origin)
        _auto(plant, 62)  # arms the timer
        assert plant.device("thermo", 62)["reason"] == 1
        rec.clear()
        ind = await rec.wait_for(
            lambda i: i.get("cmd_name") == "thermo_zone_info_ind" and i.get("act_id") == 62
        )
        assert plant.now() >= MONDAY_17_ROME  # emitted after the boundary, not before
        assert ind["reason"] == 2
        assert plant.device("thermo", 62)["reason"] == 2
        # Only zones that follow a profile are re-evaluated (63 is OFF in the demo).
        assert all(i.get("act_id") != 63 for i in rec.items)


async def test_on_clock_emits_only_what_changed() -> None:
    async with open_plant() as (plant, rec):
        now = MONDAY_1645_ROME
        plant.clock = lambda: now
        _auto(plant, 62)
        _auto(plant, 65, mode=3)  # JOLLY: row 7, level 3 all day
        thermo = plant.family("thermo")
        assert isinstance(thermo, Thermo)
        thermo.on_clock()  # the demo's AUTO zone 61 is stored with a stale reason
        assert {i["act_id"] for i in rec.named("thermo_zone_info_ind")} >= {61, 62, 65}
        rec.clear()
        thermo.on_clock()
        assert rec.items == []  # same quarter level: nothing to say
        now = MONDAY_17_ROME + 1
        thermo.on_clock()
        changed = {i["act_id"]: i for i in rec.named("thermo_zone_info_ind")}
        assert 62 in changed
        assert 65 not in changed
        assert changed[62]["reason"] == 2
        zone = plant.device("thermo", 62)
        # the target is now T2: the demand follows it (winter, temp vs t2)
        assert changed[62]["status"] == int(zone["temp"] < zone["t2"])
        rec.clear()
        thermo.on_clock()
        assert rec.items == []


async def test_manual_zones_do_not_follow_the_profile() -> None:
    async with open_plant() as (plant, rec):
        now = MONDAY_1645_ROME
        plant.clock = lambda: now
        ask(plant, "thermo_zone_config_req", act_id=62, mode=1, set_point=215, extended_infos=0)
        thermo = plant.family("thermo")
        assert isinstance(thermo, Thermo)
        reason = plant.device("thermo", 62).get("reason")
        rec.clear()
        now = MONDAY_17_ROME + 1
        thermo.on_clock()
        assert all(i.get("act_id") != 62 for i in rec.items)
        assert plant.device("thermo", 62).get("reason") == reason
