"""Emulator tests: energy meters, load control and thermo profiles (PROTOCOL.md §4.12, §4.13,
§4.8.6, §6.3, §6.7)."""

from __future__ import annotations

import pytest

from aiocamedomotic.emulator.plant import AppDataError

from .test_plant_support import ask, open_plant

CONTROLLER = 196640
PROFILE = ["333333444444444444445555"] * 5 + ["444444444444444444444444"] * 2


async def test_meters_listed_and_power_hook_emits_a_full_snapshot() -> None:
    async with open_plant() as (plant, rec):
        (meter,) = ask(plant, "meters_list_req")["array"]
        assert (meter["id"], meter["unit"], meter["energy_unit"]) == (4, "W", "Wh")
        plant.set_meter_power(4, 1280)
        plant.set_meter_power(4, 1280)  # unchanged: no indication
        (ind,) = rec.named("meter_instant_power_ind")
        assert ind == {**meter, "instant_power": 1280, "cmd_name": "meter_instant_power_ind"}
        with pytest.raises(ValueError, match="act_id"):
            plant.set_meter_power(99, 1)


async def test_energy_reset_is_a_bare_ack_clearing_history() -> None:
    async with open_plant() as (plant, _rec):
        assert ask(plant, "energy_reset_store_req") == {}
        (meter,) = ask(plant, "meters_list_req")["array"]
        assert (meter["last_24h_avg"], meter["last_month_avg"], meter["instant_power"]) == (
            0,
            0,
            712,
        )


async def test_loads_listed_per_controller() -> None:
    async with open_plant() as (plant, _rec):
        (controller,) = ask(plant, "loadsctrl_meter_list_req")["array"]
        assert (controller["id"], controller["meter_id"], controller["max_power"]) == (
            CONTROLLER,
            4,
            4500,
        )
        loads = ask(plant, "loadsctrl_relay_list_req", id=CONTROLLER)["array"]
        assert [load["name"] for load in loads] == ["Oven", "Heat pump", "Dishwasher"]
        assert all("controller_id" not in load for load in loads)
        with pytest.raises(AppDataError, match="id"):
            ask(plant, "loadsctrl_relay_list_req")


async def test_relay_set_needs_the_full_triple_and_pushes_a_snapshot() -> None:
    async with open_plant() as (plant, rec):
        assert ask(plant, "loadsctrl_relay_set_req", id=65611, enabled=1, priority=139) == {}
        (ind,) = rec.named("loadsctrl_relay_ind")
        assert (ind["id"], ind["enabled"], ind["priority"], ind["act_id"]) == (65611, 1, 139, 151)
        with pytest.raises(AppDataError, match="priority"):
            ask(plant, "loadsctrl_relay_set_req", id=65611, enabled=1)


async def test_meter_set_validates_and_pushes_a_snapshot() -> None:
    async with open_plant() as (plant, rec):
        ask(plant, "loadsctrl_meter_set_req", id=CONTROLLER, max_power=4200, hysteresis=500,
            profile_data=PROFILE)  # fmt: skip
        (ind,) = rec.named("loadsctrl_meter_ind")
        assert (ind["max_power"], ind["hysteresis"], ind["profile_data"]) == (4200, 500, PROFILE)
        with pytest.raises(AppDataError, match="profile_data"):
            ask(plant, "loadsctrl_meter_set_req", id=CONTROLLER, max_power=4200, hysteresis=500,
                profile_data=PROFILE[:6])  # fmt: skip


async def test_overload_sheds_lowest_priority_enabled_loads_and_reattaches() -> None:
    async with open_plant() as (plant, rec):
        plant.set_meter_power(4, 5000)  # above 4500: the oven (140) goes first
        plant.set_meter_power(4, 5100)  # still above: the dishwasher (142); heat pump disabled
        plant.set_meter_power(4, 5200)  # nothing left to shed
        shed = [(i["name"], i["detached"], i["status"]) for i in rec.named("loadsctrl_relay_ind")]
        assert shed == [("Oven", 1, 0), ("Dishwasher", 1, 0)]
        rec.clear()
        plant.set_meter_power(4, 4300)  # inside the hysteresis band (4200-4500): no change
        plant.set_meter_power(4, 4000)  # below 4500 - 300: the last shed comes back first
        plant.set_meter_power(4, 3900)
        back = [(i["name"], i["detached"]) for i in rec.named("loadsctrl_relay_ind")]
        assert back == [("Dishwasher", 0), ("Oven", 0)]
        assert plant.device("loadsctrl_controllers", CONTROLLER)["power"] == 3900


async def test_plant_without_the_features_lists_nothing() -> None:
    async with open_plant({"features": ["lights"]}) as (plant, _rec):
        assert ask(plant, "meters_list_req").get("array") == []
        assert ask(plant, "loadsctrl_meter_list_req").get("array") == []


async def test_auto_zone_follows_the_profile_row_of_the_plant_clock() -> None:
    async with open_plant() as (plant, rec):
        # Monday 11:00 in Rome: row 0, quarter 44 is "2" -> T1 (reason 1)
        ask(plant, "thermo_zone_config_req", act_id=61, mode=2, set_point=205, extended_infos=0)
        assert rec.named("thermo_zone_info_ind")[-1]["reason"] == 1
        plant.clock = lambda: 1767607200.0 + 6 * 3600  # 17:00: quarter 68 is "3" -> T2
        ask(plant, "thermo_zone_config_req", act_id=61, mode=2, set_point=205, extended_infos=0)
        assert rec.named("thermo_zone_info_ind")[-1]["reason"] == 2
        # JOLLY uses row 7 whatever the day
        ask(plant, "thermo_zone_config_req", act_id=61, mode=3, set_point=205, extended_infos=0)
        ind = rec.named("thermo_zone_info_ind")[-1]
        assert (ind["reason"], ind["profile_info"]["profile_id"]) == (2, 7)
