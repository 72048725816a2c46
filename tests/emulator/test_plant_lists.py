"""Plant unit tests: every list command answers in the shapes of PROTOCOL.md §4."""

from __future__ import annotations

from typing import Any

import pytest

from aiocamedomotic.emulator.plant import Plant, Variants

from .test_plant_support import MONDAY_10_UTC, ask, open_plant

PLANT_SCOPE = {"topologic_scope": "plant", "value": 0}


def demo(**variants: Any) -> Plant:
    plant = Plant.demo(variants=Variants(**variants))
    plant.clock = lambda: MONDAY_10_UTC
    return plant


def test_feature_list_carries_identity_and_features() -> None:
    resp = ask(demo(), "feature_list_req")
    assert resp == {
        "cmd_name": "feature_list_resp",
        "keycode": "3A7F00C21B9E4D55",
        "serial": "04a1c7e2",
        "swver": "3.0.1",
        "type": "0",
        "board": "3",
        "list": [
            "lights",
            "openings",
            "relays",
            "thermoregulation",
            "scenarios",
            "digitalin",
            "analogin",
            "timers",
            "energy",
            "loadsctrl",
            "irrig",
            "sicu",
        ],
        "recovery_status": 0,
    }


def test_feature_list_variant_b_omits_optional_fields() -> None:
    resp = ask(demo(feature_optional_fields=False), "feature_list_req")
    assert not {"swver", "type", "board"} & set(resp)
    assert resp["keycode"] == "3A7F00C21B9E4D55"


def test_datetime_uses_the_plant_clock_and_zone() -> None:
    resp = ask(demo(), "datetime_req")
    assert resp == {
        "cmd_name": "datetime_resp",
        "epoch": int(MONDAY_10_UTC),
        "server_timezone": "Europe/Rome",
        "datetime": "2026-01-05 11:00:00",
        "daylight_saving_time": 0,
    }


def test_topology_lists() -> None:
    plant = demo()
    floors = ask(plant, "floor_list_req", **PLANT_SCOPE)
    assert floors["cmd_name"] == "floor_list_resp"
    assert floors["floor_list"][0] == {"floor_ind": 11, "name": "Ground floor"}
    assert len(floors["floor_list"]) == 3
    rooms = ask(plant, "room_list_req", **PLANT_SCOPE)
    assert rooms["cmd_name"] == "room_list_resp"
    assert {"room_ind": 31, "name": "Kitchen", "floor_ind": 11} in rooms["room_list"]


def test_light_list_shapes() -> None:
    lights = ask(demo(), "light_list_req", **PLANT_SCOPE)["array"]
    by_type = {light["type"]: light for light in lights}
    assert set(by_type) == {"STEP_STEP", "DIMMER", "RGB"}
    assert len(lights) >= 12
    assert "perc" not in by_type["STEP_STEP"]
    assert "rgb" not in by_type["STEP_STEP"]
    assert "perc" in by_type["DIMMER"]
    assert "rgb" not in by_type["DIMMER"]
    assert by_type["RGB"]["rgb"] == [255, 140, 0]
    assert by_type["RGB"]["perc"] == 80
    assert all("leaf" not in light for light in lights)
    # A dimmer that is off still reports its last brightness (§4.4).
    hall = next(light for light in lights if light["act_id"] == 6)
    assert hall == {
        "act_id": 6,
        "name": "Hall dimmer",
        "floor_ind": 11,
        "room_ind": 33,
        "status": 0,
        "type": "DIMMER",
        "perc": 44,
    }


def test_rgb_type_variant() -> None:
    lights = ask(demo(rgb_type="rgb"), "light_list_req")["array"]
    assert {light["type"] for light in lights} == {"STEP_STEP", "DIMMER", "rgb"}


def test_nested_light_list_has_three_levels() -> None:
    plant = demo()
    resp = ask(plant, "nested_light_list_req", **PLANT_SCOPE)
    assert resp["cmd_name"] == "light_list_resp"
    floor = resp["array"][0]
    assert set(floor) == {"name", "floor_ind", "status", "array"}
    assert (floor["name"], floor["floor_ind"]) == ("Ground floor", 11)
    room = floor["array"][0]
    assert set(room) == {"name", "room_ind", "status", "array"}
    assert (room["name"], room["room_ind"]) == ("Kitchen", 31)
    leaf = room["array"][0]
    assert leaf["leaf"] is True
    assert leaf["act_id"] == 1
    leaves = [d for f in resp["array"] for r in f["array"] for d in r["array"]]
    flat = ask(plant, "light_list_req")["array"]
    assert sorted(d["act_id"] for d in leaves) == sorted(d["act_id"] for d in flat)


def test_openings_lists() -> None:
    plant = demo()
    openings = ask(plant, "openings_list_req", **PLANT_SCOPE)["array"]
    assert openings[0] == {
        "open_act_id": 20,
        "close_act_id": 21,
        "name": "Kitchen shutter",
        "floor_ind": 11,
        "room_ind": 31,
        "status": 0,
        "type": 0,
        "partial": [],
    }
    # Plant-file-only fields never reach the wire.
    assert all("slats" not in o and "travel_time" not in o for o in openings)
    nested = ask(plant, "nested_openings_list_req", **PLANT_SCOPE)
    assert nested["cmd_name"] == "openings_list_resp"
    leaf = nested["array"][0]["array"][0]["array"][0]
    assert leaf["open_act_id"] == 20
    assert leaf["leaf"] is True


def test_relays_list() -> None:
    relays = ask(demo(), "relays_list_req", **PLANT_SCOPE)["array"]
    assert relays[0] == {
        "act_id": 41,
        "name": "Garden pump",
        "floor_ind": 11,
        "room_ind": 40,
        "status": 0,
        "icon_id": 3,
    }
    assert "icon_id" not in next(r for r in relays if r["act_id"] == 43)


def test_scenarios_list() -> None:
    scenarios = ask(demo(), "scenarios_list_req")["array"]
    assert scenarios[0] == {
        "id": 2,
        "name": "All lights off",
        "status": 0,
        "scenario_status": 0,
        "icon_id": 14,
        "user-defined": 0,
    }
    user = next(s for s in scenarios if s["user-defined"] == 1)
    assert user["id"] >= 65536
    assert "icon_id" not in user
    assert all("actions" not in s and "user_defined" not in s for s in scenarios)


def test_thermo_list_plain_and_extended() -> None:
    plant = demo()
    plain = ask(plant, "thermo_list_req", **PLANT_SCOPE)
    zone = plain["array"][0]
    assert zone["act_id"] == 61
    assert zone["temp"] == 198
    assert zone["leaf"] is True
    assert "temp_dec" not in zone
    assert "antifreeze" not in zone
    assert "profile_data" not in zone
    assert zone["thermo_algo"] == {"type": "D", "diff_t_dec": 3, "pi_set_in_use": 1}
    assert plain["temperature"] == {
        "name": "Outdoor probe",
        "act_id": 100,
        "value": 87,
        "unit": "C",
    }
    assert plain["humidity"]["unit"] == "%"
    assert plain["pressure"] == {
        "name": "Roof barometer",
        "act_id": 97,
        "value": 1009,
        "unit": "hPa",
    }
    extended = ask(plant, "thermo_list_req", extended_infos=2, **PLANT_SCOPE)
    zone = extended["array"][0]
    assert zone["antifreeze"] == 50
    assert len(zone["profile_data"]) == 8
    assert all(len(row) == 96 for row in zone["profile_data"])
    fan_coil = next(z for z in extended["array"] if z["act_id"] == 64)
    assert fan_coil["fan_speed"] == 4
    assert fan_coil["dehumidifier"] == {"enabled": 0, "setpoint": 55}
    modes = {z["mode"] for z in extended["array"]}
    assert modes == {0, 1, 2, 3}


def test_thermo_variants_temp_dec_and_degree_sign() -> None:
    resp = ask(demo(zone_temp_key="temp_dec", temperature_unit="°C"), "thermo_list_req")
    zone = resp["array"][0]
    assert zone["temp_dec"] == 198
    assert "temp" not in zone
    assert resp["temperature"]["unit"] == "°C"
    assert resp["humidity"]["unit"] == "%"


def test_nested_thermo_list_has_two_levels() -> None:
    resp = ask(demo(), "nested_thermo_list_req", extended_infos=2, **PLANT_SCOPE)
    assert resp["cmd_name"] == "thermo_list_resp"
    group = resp["array"][0]
    assert set(group) == {"name", "floor_ind", "array"}
    assert group["array"][0]["leaf"] is True
    assert group["array"][0]["temp"] == 198


def test_digital_inputs_status_absent_until_first_event() -> None:
    inputs = ask(demo(), "digitalin_list_req", **PLANT_SCOPE)["array"]
    never = next(i for i in inputs if i["act_id"] == 0)
    assert never == {
        "act_id": 0,
        "name": "Garage contact",
        "type": 1,
        "addr": 210,
        "ack": 1,
        "radio_node_id": "00000000",
        "rf_radio_link_quality": 0,
        "utc_time": 0,
    }
    assert next(i for i in inputs if i["act_id"] == 1)["status"] == 1
    variant_b = ask(demo(digitalin_status_always=True), "digitalin_list_req")["array"]
    assert all(i["status"] == 1 for i in variant_b)


def test_analog_inputs_list() -> None:
    resp = ask(demo(), "analogin_list_req")
    assert resp["array"][0] == {"name": "Cellar hygrometer", "act_id": 70, "value": 63, "unit": "%"}
    assert next(a for a in resp["array"] if a["act_id"] == 71)["unit"] == "C"


def test_timers_list_301_form() -> None:
    timers = ask(demo(), "timers_list_req")["array"]
    assert timers[0] == {
        "name": "Porch lights",
        "id": 140,
        "enabled": 1,
        "days": 31,
        "bars": 2,
        "timetable": [
            {"start": {"hour": 7, "min": 15, "sec": 0}, "index": 0},
            {"start": {"hour": 19, "min": 45, "sec": 0}, "index": 2},
        ],
    }
    # The stored `stop` of variant B never shows in the 3.0.1 form.
    assert timers[1]["timetable"] == [{"start": {"hour": 5, "min": 0, "sec": 0}, "index": 0}]
    assert timers[2]["timetable"] == []
    assert timers[2]["bars"] == 0


def test_timers_list_variant_b_adds_stop_and_active() -> None:
    plant = demo(timer_stop_active=True)
    plant.clock = lambda: MONDAY_10_UTC - 3 * 3600  # 08:00 Rome, Monday
    ask(
        plant,
        "timers_set_req",
        id=140,
        timetable=[
            {"start": {"hour": 7, "min": 30, "sec": 0}},
            {"start": {"hour": -1, "min": -1, "sec": -1}},
            {"start": {"hour": 19, "min": 45, "sec": 0}},
            {"start": {"hour": -1, "min": -1, "sec": -1}},
        ],
    )
    timers = {t["id"]: t for t in ask(plant, "timers_list_req")["array"]}
    porch = timers[140]["timetable"]
    assert porch[0] == {
        "start": {"hour": 7, "min": 30, "sec": 0},
        "index": 0,
        "stop": {"hour": 8, "min": 30, "sec": 0},
        "active": 1,
    }
    assert porch[1]["active"] == 0
    # Stored stop kept; the Drip line is disabled so never active.
    assert timers[141]["timetable"][0]["stop"] == {"hour": 5, "min": 40, "sec": 0}
    assert timers[141]["timetable"][0]["active"] == 0


def test_cameras_maps_and_groups() -> None:
    plant = demo()
    cameras = ask(plant, "tvcc_cameras_list_req", username="admin")["array"]
    assert cameras[0]["id"] == 1
    assert "@" in cameras[0]["uri"]
    assert {"id", "name", "uri", "uri_still", "stream_type"} <= set(cameras[0])
    maps = ask(plant, "map_descr_req")
    assert "array" not in maps
    pages = maps["map"]
    assert [p["page_id"] for p in pages] == [0, 1, 2]
    assert {"page_label", "page_scale", "background", "array"} <= set(pages[0])
    groups = ask(plant, "terminals_groups_list_req")["array"]
    assert {"group_name": "ETI/Domo", "group_id": 1} in groups


async def test_map_elements_show_live_device_state() -> None:
    async with open_plant() as (plant, _rec):
        ask(plant, "light_switch_req", act_id=6, wanted_status=1, perc=70)
        page = ask(plant, "map_descr_req")["map"][0]
        hall = next(e for e in page["array"] if e.get("act_id") == 6)
        assert (hall["status"], hall["perc"]) == (1, 70)


@pytest.mark.parametrize(
    ("cmd_name", "value", "key", "expected"),
    [
        ("light_list_req", 6, "act_id", [6]),
        ("openings_list_req", 22, "open_act_id", [22]),
        ("relays_list_req", 43, "act_id", [43]),
        ("thermo_list_req", 64, "act_id", [64]),
        ("digitalin_list_req", 1, "act_id", [1]),
        ("analogin_list_req", 71, "act_id", [71]),
        ("light_list_req", 999, "act_id", []),
    ],
)
def test_act_scope_filters_flat_lists(
    cmd_name: str, value: int, key: str, expected: list[int]
) -> None:
    resp = ask(demo(), cmd_name, topologic_scope="act", value=value)
    assert [item[key] for item in resp["array"]] == expected


def test_room_and_floor_scopes() -> None:
    plant = demo()
    kitchen = ask(plant, "light_list_req", topologic_scope="room", value=31)["array"]
    assert [light["act_id"] for light in kitchen] == [1, 2]
    basement = ask(plant, "light_list_req", topologic_scope="floor", value=13)["array"]
    assert [light["act_id"] for light in basement] == [13, 14]


LISTS = [
    "light_list_req",
    "nested_light_list_req",
    "openings_list_req",
    "nested_openings_list_req",
    "relays_list_req",
    "scenarios_list_req",
    "thermo_list_req",
    "nested_thermo_list_req",
    "digitalin_list_req",
    "analogin_list_req",
    "timers_list_req",
]


@pytest.mark.parametrize("cmd_name", LISTS)
def test_list_of_unadvertised_feature_is_empty(cmd_name: str) -> None:
    plant = demo()
    plant.features.clear()
    resp = ask(plant, cmd_name)
    assert resp["array"] == []
    assert "temperature" not in resp


@pytest.mark.parametrize(("mode", "expected"), [("array", [[]]), ("missing", []), ("null", [None])])
@pytest.mark.parametrize("cmd_name", ["light_list_req", "tvcc_cameras_list_req", "floor_list_req"])
def test_empty_list_variants(cmd_name: str, mode: str, expected: list[Any]) -> None:
    plant = Plant(variants=Variants(empty_list=mode))  # type: ignore[arg-type]
    resp = ask(plant, cmd_name)
    key = "floor_list" if cmd_name == "floor_list_req" else "array"
    assert {k: v for k, v in resp.items() if k != "cmd_name"} == (
        {key: expected[0]} if expected else {}
    )


def test_empty_map_variant_uses_map_key() -> None:
    resp = ask(Plant(variants=Variants(empty_list="null")), "map_descr_req")
    assert resp == {"cmd_name": "map_descr_resp", "map": None}


def test_unknown_command_is_none() -> None:
    assert demo().handle("no_such_req", {}, username="admin") is None
