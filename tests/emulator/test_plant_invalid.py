"""Plant unit tests: invalid application data raises AppDataError (-> ACK 11) and changes
nothing (an emulator choice: PROTOCOL.md §8.11 says the real reaction is unknown)."""

from __future__ import annotations

from typing import Any

import pytest

from aiocamedomotic.emulator.plant import AppDataError

from .test_plant_support import open_plant

EMPTY_SLOT = {"start": {"hour": -1, "min": -1, "sec": -1}}
ROW = "1" * 96

CASES: list[tuple[str, dict[str, Any], str]] = [
    ("light_switch_req", {"wanted_status": 1}, "act_id"),
    ("light_switch_req", {"act_id": 999, "wanted_status": 1}, "act_id"),
    ("light_switch_req", {"act_id": "6", "wanted_status": 1}, "act_id"),
    ("light_switch_req", {"act_id": 6}, "wanted_status"),
    ("light_switch_req", {"act_id": 6, "wanted_status": 2}, "wanted_status"),
    ("light_switch_req", {"act_id": 6, "wanted_status": True}, "wanted_status"),
    ("light_switch_req", {"act_id": 6, "wanted_status": 1, "perc": 101}, "perc"),
    ("light_switch_req", {"act_id": 6, "wanted_status": 1, "perc": "50"}, "perc"),
    ("light_switch_req", {"act_id": 12, "wanted_status": 1, "rgb": [1, 2]}, "rgb"),
    ("light_switch_req", {"act_id": 12, "wanted_status": 1, "rgb": [1, 2, 256]}, "rgb"),
    ("opening_move_req", {"act_id": 999, "wanted_status": 1}, "act_id"),
    ("opening_move_req", {"act_id": 20, "wanted_status": 5}, "wanted_status"),
    ("opening_move_req", {"act_id": 20}, "wanted_status"),
    ("relay_activation_req", {"act_id": 41}, "status"),
    ("relay_activation_req", {"act_id": 41, "wanted_status": 2}, "wanted_status"),
    ("relay_activation_req", {"name": "Nope", "wanted_status": 1}, "name"),
    ("relay_activation_req", {"wanted_status": 1}, "act_id"),
    ("relay_timed_req", {"act_id": 41}, "interval"),
    ("relay_timed_req", {"act_id": 41, "interval": 0}, "interval"),
    ("scenario_activation_req", {"id": 12345}, "id"),
    ("scenario_activation_req", {}, "id"),
    ("scenario_activation_by_name_req", {}, "name"),
    ("scenario_registration_start", {}, "name"),
    ("scenario_rename_req", {"id": 2}, "name"),
    ("scenario_delete_req", {"id": 1}, "id"),
    ("thermo_zone_config_req", {"act_id": 61, "set_point": 200}, "mode"),
    ("thermo_zone_config_req", {"act_id": 61, "mode": 4, "set_point": 200}, "mode"),
    ("thermo_zone_config_req", {"act_id": 61, "mode": 1}, "set_point"),
    ("thermo_zone_config_req", {"act_id": 61, "mode": 1, "set_point": 400}, "set_point"),
    ("thermo_zone_config_req", {"act_id": 99, "mode": 1, "set_point": 200}, "act_id"),
    (
        "thermo_zone_config_req",
        {"act_id": 64, "mode": 1, "set_point": 200, "fan_speed": 5},
        "fan_speed",
    ),
    ("thermo_zone_config_req", {"act_id": 61, "mode": 1, "set_point": 200, "t1": 10}, "t1"),
    (
        "thermo_zone_config_req",
        {"act_id": 61, "mode": 1, "set_point": 200, "thermo_algo": {"type": "X"}},
        "type",
    ),
    (
        "thermo_zone_config_req",
        {"act_id": 61, "mode": 1, "set_point": 200, "thermo_algo": 1},
        "thermo_algo",
    ),
    (
        "thermo_zone_config_req",
        {"act_id": 61, "mode": 1, "set_point": 200, "profile_id": 8, "profile_data": ROW},
        "profile_id",
    ),
    (
        "thermo_zone_config_req",
        {"act_id": 61, "mode": 1, "set_point": 200, "profile_id": 1},
        "profile_data",
    ),
    (
        "thermo_zone_config_req",
        {"act_id": 61, "mode": 1, "set_point": 200, "profile_id": 1, "profile_data": "6" * 96},
        "profile_data",
    ),
    (
        "thermo_zone_config_req",
        {"act_id": 61, "mode": 1, "set_point": 200, "season": "spring"},
        "season",
    ),
    ("thermo_season_req", {"season": "off"}, "season"),
    ("thermo_season_req", {}, "season"),
    ("timers_enable_req", {"id": 999, "value": 1}, "id"),
    ("timers_enable_req", {"id": 140, "value": 2}, "value"),
    ("timers_enable_day_req", {"id": 140, "day": 7, "value": 1}, "day"),
    ("timers_set_req", {"id": 140, "timetable": [EMPTY_SLOT] * 3}, "timetable"),
    ("timers_set_req", {"id": 140}, "timetable"),
    (
        "timers_set_req",
        {"id": 140, "timetable": [{"start": {"hour": 24, "min": 0, "sec": 0}}, *[EMPTY_SLOT] * 3]},
        "hour",
    ),
    (
        "timers_set_req",
        {"id": 140, "timetable": [{"start": {"hour": 1, "min": -1, "sec": -1}}, *[EMPTY_SLOT] * 3]},
        "min",
    ),
    ("timers_set_req", {"id": 140, "timetable": [{}, *[EMPTY_SLOT] * 3]}, "start"),
    ("digitalin_ack_req", {"addr": 1}, "addr"),
    ("digitalin_ack_req", {}, "addr"),
    ("light_list_req", {"topologic_scope": "act"}, "value"),
]


@pytest.mark.parametrize(("cmd_name", "fields", "field"), CASES)
async def test_invalid_data_raises_app_data_error(
    cmd_name: str, fields: dict[str, Any], field: str
) -> None:
    async with open_plant() as (plant, rec):
        before = plant.to_dict()
        with pytest.raises(AppDataError, match=field):
            plant.handle(cmd_name, {"cmd_name": cmd_name, **fields}, username="admin")
        assert rec.items == []
        assert plant.to_dict() == before
