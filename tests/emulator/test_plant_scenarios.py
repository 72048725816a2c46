"""Plant unit tests: scenario activation, status transitions and recording (§4.7, §6.4)."""

from __future__ import annotations

from typing import Any

from .test_plant_support import Recorder, ask, open_plant

STATUS_IND = "scenario_status_ind"


def statuses(rec: Recorder, ident: int) -> list[int]:
    return [i["scenario_status"] for i in rec.named(STATUS_IND) if i["id"] == ident]


def listed_status(plant: Any, ident: int) -> int:
    scenarios = ask(plant, "scenarios_list_req")["array"]
    return int(next(s for s in scenarios if s["id"] == ident)["scenario_status"])


def is_status(ident: int, status: int) -> Any:
    return lambda i: (
        i.get("cmd_name") == STATUS_IND and i["id"] == ident and i["scenario_status"] == status
    )


async def test_activation_triggers_runs_actions_then_becomes_active() -> None:
    async with open_plant() as (plant, rec):
        assert ask(plant, "scenario_activation_req", id=8) == {"cmd_name": "generic_reply"}
        # TRIGGERED is emitted at once (§6.4).
        assert rec.items == [
            {"cmd_name": STATUS_IND, "id": 8, "name": "Good morning", "scenario_status": 1}
        ]
        assert listed_status(plant, 8) == 1
        await rec.wait_for(is_status(8, 2))
        names = [i["cmd_name"] for i in rec.items]
        # Each action produced its own device indication, between TRIGGERED and ACTIVE.
        assert names == [
            STATUS_IND,
            "light_switch_ind",
            "light_switch_ind",
            "relay_status_ind",
            "thermo_zone_info_ind",
            STATUS_IND,
        ]
        assert plant.device("lights", 7)["perc"] == 40
        assert plant.device("thermo", 63)["set_point"] == 210
        assert listed_status(plant, 8) == 2


async def test_scenario_turns_off_when_a_device_leaves_its_state() -> None:
    async with open_plant() as (plant, rec):
        ask(plant, "scenario_activation_req", id=2)
        await rec.wait_for(is_status(2, 2))
        # A device the scenario does not involve changes nothing.
        plant.toggle_relay(41)
        assert statuses(rec, 2) == [1, 2]
        plant.toggle_light(5)
        assert statuses(rec, 2) == [1, 2, 0]
        assert rec.items[-1]["scenario_status"] == 0
        assert rec.items[-2]["cmd_name"] == "light_switch_ind"
        assert listed_status(plant, 2) == 0


async def test_shutter_scenario_survives_end_of_travel_but_not_a_stop() -> None:
    async with open_plant() as (plant, rec):
        ask(plant, "scenario_activation_req", id=5)
        await rec.wait_for(is_status(5, 2))
        # Each shutter stops by itself: still the state the scenario set.
        await rec.wait_for(
            lambda _i: all(plant.device("openings", o)["status"] == 0 for o in (20, 22, 24))
        )
        assert len(rec.named("opening_move_ind")) == 6
        assert statuses(rec, 5) == [1, 2]
        plant.move_opening(22, 1)
        assert statuses(rec, 5) == [1, 2, 0]


async def test_reactivation_and_other_scenario_taking_over() -> None:
    async with open_plant() as (plant, rec):
        ask(plant, "scenario_activation_req", id=5)
        await rec.wait_for(is_status(5, 2))
        ask(plant, "scenario_activation_req", id=6)
        await rec.wait_for(is_status(6, 2))
        # Opening the shutters moved devices away from "Close shutters".
        assert statuses(rec, 5) == [1, 2, 0]
        assert statuses(rec, 6) == [1, 2]


async def test_activation_by_name() -> None:
    async with open_plant() as (plant, rec):
        resp = ask(plant, "scenario_activation_by_name_req", name="Movie night")
        assert resp == {"cmd_name": "generic_reply"}
        await rec.wait_for(is_status(65540, 2))
        assert plant.device("lights", 12)["rgb"] == [80, 0, 160]
        assert plant.device("lights", 12)["perc"] == 63  # max(rgb) * 100 / 255


async def test_activation_by_unknown_name_does_nothing() -> None:
    async with open_plant() as (plant, rec):
        assert ask(plant, "scenario_activation_by_name_req", name="movie night") == {
            "cmd_name": "generic_reply"
        }
        assert rec.items == []


async def test_broken_action_is_skipped() -> None:
    async with open_plant() as (plant, rec):
        data = plant.to_dict()
        data["scenarios"][0]["actions"] = [
            {"cmd_name": "light_switch_req", "act_id": 999, "wanted_status": 1},
            {"cmd_name": "no_such_req"},
            {"cmd_name": "light_switch_req", "act_id": 1, "wanted_status": 1},
        ]
        plant.replace_config(data)
        rec.clear()
        ask(plant, "scenario_activation_req", id=2)
        await rec.wait_for(is_status(2, 2))
        assert [i["cmd_name"] for i in rec.items] == [STATUS_IND, "light_switch_ind", STATUS_IND]


async def test_recording_a_scenario() -> None:
    async with open_plant() as (plant, rec):
        start = ask(plant, "scenario_registration_start", name="Reading")
        assert start == {"cmd_name": "scenario_registration_resp", "result": 1}
        assert ask(plant, "scenario_registration_start", name="Again")["result"] == 0
        ask(plant, "light_switch_req", act_id=8, wanted_status=1, client="ab12cd34", cseq=4)
        plant.set_relay(43, 1)  # a physical switch is recorded too
        ask(plant, "light_list_req")  # queries are not
        done = ask(plant, "scenario_registration_done")
        assert done == {"cmd_name": "scenario_registration_done_resp", "result": 1}
        assert ask(plant, "scenario_registration_done")["result"] == 0
        created = ask(plant, "scenarios_list_req")["array"][-1]
        assert created == {
            "id": 65541,
            "name": "Reading",
            "status": 0,
            "scenario_status": 0,
            "user-defined": 1,
        }
        assert plant.device("scenarios", 65541)["actions"] == [
            {"cmd_name": "light_switch_req", "act_id": 8, "wanted_status": 1},
            {"cmd_name": "relay_activation_req", "act_id": 43, "wanted_status": 1},
        ]
        # Replay.
        plant.set_light(8, 0)
        plant.set_relay(43, 0)
        rec.clear()
        ask(plant, "scenario_activation_req", id=65541)
        await rec.wait_for(is_status(65541, 2))
        assert plant.device("lights", 8)["status"] == 1
        assert plant.device("relays", 43)["status"] == 1


async def test_rename_and_delete() -> None:
    async with open_plant() as (plant, _rec):
        assert ask(plant, "scenario_rename_req", id=65540, name="Cinema") == {
            "cmd_name": "generic_reply"
        }
        assert plant.device("scenarios", 65540)["name"] == "Cinema"
        ask(plant, "scenario_delete_req", id=65540)
        ids = [s["id"] for s in ask(plant, "scenarios_list_req")["array"]]
        assert 65540 not in ids
        assert ids == [2, 5, 6, 8]


async def test_delete_cancels_a_pending_run() -> None:
    async with open_plant(scenario_delay=0.05) as (plant, rec):
        ask(plant, "scenario_activation_req", id=2)
        ask(plant, "scenario_delete_req", id=2)
        ask(plant, "scenario_activation_req", id=6)
        await rec.wait_for(is_status(6, 2))
        assert statuses(rec, 2) == [1]
