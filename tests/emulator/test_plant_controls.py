"""Plant unit tests: control commands change state like the real server (PROTOCOL.md §6)."""

from __future__ import annotations

from typing import Any

from .test_plant_support import ask, open_plant

GENERIC = {"cmd_name": "generic_reply"}
LIGHT_IND = "light_switch_ind"


# --- lights (§4.4, §6.6) ----------------------------------------------------------------


async def test_light_switch_emits_full_light_state() -> None:
    async with open_plant() as (plant, rec):
        assert ask(plant, "light_switch_req", act_id=1, wanted_status=1) == GENERIC
        assert rec.items == [
            {
                "cmd_name": LIGHT_IND,
                "act_id": 1,
                "name": "Kitchen ceiling",
                "floor_ind": 11,
                "room_ind": 31,
                "status": 1,
                "type": "STEP_STEP",
            }
        ]
        assert plant.device("lights", 1)["status"] == 1


async def test_dimmer_keeps_perc_while_off_and_reuses_it() -> None:
    async with open_plant() as (plant, rec):
        ask(plant, "light_switch_req", act_id=6, wanted_status=1, perc=60.0)  # PYCAME float
        # HSA switches off with perc 0: the brightness is kept (§6.9).
        ask(plant, "light_switch_req", act_id=6, wanted_status=0, perc=0)
        ask(plant, "light_switch_req", act_id=6, wanted_status=1)
        states = [(i["status"], i["perc"]) for i in rec.named(LIGHT_IND)]
        assert states == [(1, 60), (0, 60), (1, 60)]


async def test_step_step_light_ignores_perc() -> None:
    async with open_plant() as (plant, rec):
        ask(plant, "light_switch_req", act_id=1, wanted_status=1, perc=30)
        assert "perc" not in rec.items[0]
        assert "perc" not in plant.device("lights", 1)


async def test_dimmer_quantisation_variant() -> None:
    async with open_plant(dimmer_step=4) as (plant, rec):
        ask(plant, "light_switch_req", act_id=6, wanted_status=1, perc=50)
        ask(plant, "light_switch_req", act_id=6, wanted_status=1, perc=99)
        assert [i["perc"] for i in rec.items] == [52, 100]


async def test_no_quantisation_by_default() -> None:
    async with open_plant() as (plant, rec):
        ask(plant, "light_switch_req", act_id=6, wanted_status=1, perc=50)
        assert rec.items[0]["perc"] == 50


async def test_rgb_rules() -> None:
    async with open_plant() as (plant, rec):
        # rgb alone: brightness = max(rgb) * 100 / 255 (§4.4 emulator guidance).
        ask(plant, "light_switch_req", act_id=12, wanted_status=1, rgb=[0, 0, 255])
        # perc and rgb together: both stored as received.
        ask(plant, "light_switch_req", act_id=12, wanted_status=1, perc=30, rgb=[255, 0, 0])
        # perc alone keeps the colour.
        ask(plant, "light_switch_req", act_id=12, wanted_status=1, perc=70)
        got = [(i["perc"], i["rgb"], i["type"]) for i in rec.items]
        assert got == [
            (100, [0, 0, 255], "RGB"),
            (30, [255, 0, 0], "RGB"),
            (70, [255, 0, 0], "RGB"),
        ]


async def test_rgb_variant_type_in_indication() -> None:
    async with open_plant(rgb_type="rgb") as (plant, rec):
        ask(plant, "light_switch_req", act_id=11, wanted_status=0)
        assert rec.items[0]["type"] == "rgb"
        assert plant.device("lights", 11)["type"] == "RGB"


async def test_light_auto_status() -> None:
    async with open_plant() as (plant, rec):
        ask(plant, "light_switch_req", act_id=5, wanted_status=4)
        assert rec.items[0]["status"] == 4


# --- openings (§4.5, §6.5) --------------------------------------------------------------


def opening_states(rec: Any, open_act_id: int) -> list[int]:
    return [i["status"] for i in rec.named("opening_move_ind") if i["open_act_id"] == open_act_id]


async def test_opening_moves_then_stops_by_itself() -> None:
    async with open_plant() as (plant, rec):
        # Addressed to close_act_id (AIO) for a close.
        assert ask(plant, "opening_move_req", act_id=21, wanted_status=2) == GENERIC
        assert rec.items[0] == {
            "cmd_name": "opening_move_ind",
            "open_act_id": 20,
            "close_act_id": 21,
            "name": "Kitchen shutter",
            "floor_ind": 11,
            "room_ind": 31,
            "status": 2,
        }
        stopped = await rec.wait_for(lambda i: i.get("status") == 0)
        assert stopped["open_act_id"] == 20
        assert opening_states(rec, 20) == [2, 0]
        assert plant.device("openings", 20)["status"] == 0


async def test_opening_accepts_open_act_id_for_close_and_stop_is_immediate() -> None:
    async with open_plant(opening_travel_time=30.0) as (plant, rec):
        ask(plant, "opening_move_req", act_id=22, wanted_status=2)  # PYCAME/HSA style
        ask(plant, "opening_move_req", act_id=23, wanted_status=0)
        assert opening_states(rec, 22) == [2, 0]
        assert plant.device("openings", 22)["status"] == 0


async def test_new_move_replaces_the_pending_stop() -> None:
    async with open_plant() as (plant, rec):
        ask(plant, "opening_move_req", act_id=20, wanted_status=1)
        ask(plant, "opening_move_req", act_id=20, wanted_status=2)
        await rec.wait_for(lambda i: i.get("status") == 0)
        assert opening_states(rec, 20) == [1, 2, 0]


async def test_slats_move_briefly() -> None:
    async with open_plant() as (plant, rec):
        ask(plant, "opening_move_req", act_id=26, wanted_status=3)
        await rec.wait_for(lambda i: i.get("status") == 0)
        ask(plant, "opening_move_req", act_id=27, wanted_status=4)
        await rec.wait_for(lambda i: i.get("status") == 4)
        await rec.wait_for(lambda i: len(opening_states(rec, 26)) == 4)
        assert opening_states(rec, 26) == [3, 0, 4, 0]


async def test_per_opening_travel_time_from_plant_file() -> None:
    async with open_plant(opening_travel_time=30.0) as (plant, rec):
        data = plant.to_dict()
        data["openings"][0]["travel_time"] = 0.01
        plant.replace_config(data)
        rec.clear()
        ask(plant, "opening_move_req", act_id=20, wanted_status=1)
        await rec.wait_for(lambda i: i.get("status") == 0)
        assert opening_states(rec, 20) == [1, 0]


# --- relays (§4.6) ------------------------------------------------------------------------


async def test_relay_activation_request_shapes() -> None:
    async with open_plant() as (plant, rec):
        assert ask(plant, "relay_activation_req", act_id=41, wanted_status=1) == GENERIC
        ask(plant, "relay_activation_req", act_id=41, status=0)
        ask(plant, "relay_activation_req", name="Garden pump", wanted_status=1)
        assert rec.named("relay_status_ind") == [
            {
                "cmd_name": "relay_status_ind",
                "act_id": 41,
                "name": "Garden pump",
                "floor_ind": 11,
                "room_ind": 40,
                "status": s,
            }
            for s in (1, 0, 1)
        ]


async def test_timed_relay_switches_back_off() -> None:
    async with open_plant() as (plant, rec):
        assert ask(plant, "relay_timed_req", act_id=42, interval=1) == GENERIC
        assert plant.device("relays", 42)["status"] == 1
        off = await rec.wait_for(lambda i: i.get("status") == 0)
        assert off["act_id"] == 42
        assert [i["status"] for i in rec.named("relay_status_ind")] == [1, 0]


async def test_manual_switch_cancels_timed_off() -> None:
    async with open_plant(relay_interval_unit=0.02) as (plant, rec):
        ask(plant, "relay_timed_req", act_id=42, interval=1)
        ask(plant, "relay_activation_req", act_id=42, wanted_status=1)
        # A second timed relay gives a later event to wait for.
        ask(plant, "relay_timed_req", act_id=41, interval=3)
        await rec.wait_for(lambda i: i.get("act_id") == 41 and i.get("status") == 0)
        assert [i["status"] for i in rec.named("relay_status_ind") if i["act_id"] == 42] == [1, 1]


# --- thermoregulation (§4.8, §6.3) --------------------------------------------------------


async def test_zone_config_manual_applies_set_point_and_emits_temp_dec() -> None:
    async with open_plant() as (plant, rec):
        ask(plant, "thermo_zone_config_req", act_id=62, mode=1, set_point=215, extended_infos=0)
        ind = rec.items[0]
        assert ind["cmd_name"] == "thermo_zone_info_ind"
        assert (ind["act_id"], ind["mode"], ind["set_point"]) == (62, 1, 215)
        assert ind["temp_dec"] == 203
        assert "temp" not in ind
        assert "profile_data" not in ind
        assert {
            "name",
            "floor_ind",
            "room_ind",
            "status",
            "season",
            "antifreeze",
            "t1",
            "t2",
            "t3",
            "thermo_algo",
            "reason",
        } <= set(ind)
        # 20.3 °C below 21.5 °C in winter: the zone calls for heat.
        assert ind["status"] == 1
        assert plant.device("thermo", 62)["set_point"] == 215


async def test_set_point_ignored_unless_manual() -> None:
    async with open_plant() as (plant, rec):
        for mode in (0, 2, 3):
            ask(
                plant,
                "thermo_zone_config_req",
                act_id=62,
                mode=mode,
                set_point=300,
                extended_infos=0,
            )
            assert plant.device("thermo", 62)["mode"] == mode
            assert plant.device("thermo", 62)["set_point"] == 200
        assert len(rec.named("thermo_zone_info_ind")) == 3
        assert rec.items[0]["status"] == 0  # OFF never demands


async def test_auto_mode_reason_follows_the_profile() -> None:
    async with open_plant() as (plant, rec):
        # Monday 11:00 Rome: quarter 44 of row 0 is level 2 -> T1 (§6.3).
        ask(plant, "thermo_zone_config_req", act_id=62, mode=2, set_point=200, extended_infos=0)
        assert rec.items[0]["reason"] == 1
        assert rec.items[0]["profile_info"]["profile_id"] == 0
        # JOLLY uses row 7 (all level 3 -> T2).
        ask(plant, "thermo_zone_config_req", act_id=62, mode=3, set_point=200, extended_infos=0)
        assert rec.items[1]["reason"] == 2
        assert rec.items[1]["profile_info"]["profile_id"] == 7


async def test_zone_extended_config() -> None:
    async with open_plant() as (plant, rec):
        ask(
            plant,
            "thermo_zone_config_req",
            act_id=64,
            mode=1,
            set_point=240,
            extended_infos=1,
            fan_speed=2,
        )
        ask(
            plant,
            "thermo_zone_config_req",
            act_id=61,
            mode=2,
            set_point=205,
            extended_infos=1,
            t1=165,
            t2=190,
            t3=215,
            antifreeze=40,
            thermo_algo={"type": "P", "diff_t_dec": 3},
        )
        row = "12345" * 19 + "1"
        ask(
            plant,
            "thermo_zone_config_req",
            act_id=61,
            mode=2,
            set_point=205,
            extended_infos=1,
            profile_id=5,
            profile_data=row,
        )
        fan, temps, profile = rec.items
        assert fan["fan_speed"] == 2
        assert (temps["t1"], temps["t2"], temps["t3"], temps["antifreeze"]) == (165, 190, 215, 40)
        assert temps["thermo_algo"] == {"type": "P", "diff_t_dec": 3, "pi_set_in_use": 1}
        assert profile["profile_info"] == {"profile_id": 5, "profile_data": row}
        assert plant.device("thermo", 61)["profile_data"][5] == row
        extended = ask(plant, "thermo_list_req", extended_infos=2)["array"]
        assert next(z for z in extended if z["act_id"] == 61)["profile_data"][5] == row


async def test_fan_speed_on_zone_without_fan_is_ignored() -> None:
    async with open_plant() as (plant, rec):
        ask(
            plant,
            "thermo_zone_config_req",
            act_id=62,
            mode=1,
            set_point=200,
            extended_infos=1,
            fan_speed=3,
        )
        assert "fan_speed" not in rec.items[0]


async def test_season_change_and_plant_off() -> None:
    async with open_plant() as (plant, rec):
        assert ask(plant, "thermo_season_req", season="summer") == GENERIC
        zones = rec.named("thermo_zone_info_ind")
        assert len(zones) == 5
        assert {z["season"] for z in zones} == {"summer"}
        modes_before = {z["act_id"]: z["mode"] for z in zones}
        assert set(modes_before.values()) != {0}
        rec.clear()
        ask(plant, "thermo_season_req", season="plant_off")
        assert {(z["season"], z["mode"], z["status"]) for z in rec.items} == {("plant_off", 0, 0)}
        rec.clear()
        ask(plant, "thermo_season_req", season="winter")
        # Going back does not restore the modes (§6.3).
        assert {(z["season"], z["mode"]) for z in rec.items} == {("winter", 0)}
        listed = ask(plant, "thermo_list_req")["array"]
        assert {(z["season"], z["mode"]) for z in listed} == {("winter", 0)}
        assert plant.to_dict()["thermo"]["season"] == "winter"


async def test_summer_demand_is_cooling() -> None:
    async with open_plant() as (plant, rec):
        ask(plant, "thermo_season_req", season="summer")
        rec.clear()
        ask(plant, "thermo_zone_config_req", act_id=62, mode=1, set_point=190, extended_infos=0)
        assert rec.items[0]["status"] == 1  # 20.3 °C above 19.0 °C
        ask(plant, "thermo_zone_config_req", act_id=62, mode=1, set_point=250, extended_infos=0)
        assert rec.items[1]["status"] == 0


# --- timers (§4.11, §5.6) -----------------------------------------------------------------


async def test_timer_commands_emit_one_complete_snapshot_each() -> None:
    async with open_plant() as (plant, rec):
        assert ask(plant, "timers_enable_req", id=140, value=0) == GENERIC
        ask(plant, "timers_enable_day_req", id=140, day=6, value=1)
        ask(plant, "timers_enable_day_req", id=140, day=0, value=0)
        ask(
            plant,
            "timers_set_req",
            id=140,
            timetable=[
                {"start": {"hour": 8, "min": 0, "sec": 0}},
                {"start": {"hour": -1, "min": -1, "sec": -1}},
                {"start": {"hour": -1, "min": -1, "sec": -1}},
                {"start": {"hour": 16, "min": 45, "sec": 0}},
            ],
        )
        inds = rec.named("timer_info_ind")
        assert len(inds) == len(rec.items) == 4
        assert [(i["enabled"], i["days"]) for i in inds] == [(0, 31), (0, 95), (0, 94), (0, 94)]
        assert inds[-1] == {
            "cmd_name": "timer_info_ind",
            "name": "Porch lights",
            "id": 140,
            "enabled": 0,
            "days": 94,
            "bars": 2,
            "timetable": [
                {"start": {"hour": 8, "min": 0, "sec": 0}, "index": 0},
                {"start": {"hour": 16, "min": 45, "sec": 0}, "index": 3},
            ],
        }
        assert ask(plant, "timers_list_req")["array"][0] == {
            k: v for k, v in inds[-1].items() if k != "cmd_name"
        }


# --- digital inputs (§4.9) ----------------------------------------------------------------


async def test_digitalin_ack_is_keyed_on_addr() -> None:
    async with open_plant() as (plant, rec):
        resp = ask(plant, "digitalin_ack_req", addr=211)
        assert resp == {
            "cmd_name": "digitalin_ack_resp",
            "act_id": 1,
            "name": "Hall button",
            "type": 1,
            "addr": 211,
            "ack": 1,
            "status": 1,
            "radio_node_id": "00000000",
            "rf_radio_link_quality": 0,
            "utc_time": 1790011223,
        }
        assert rec.named("digitalin_status_ind")[0]["ack"] == 1
        rec.clear()
        ask(plant, "digitalin_ack_req", addr=211)  # nothing pending any more
        assert rec.items == []
