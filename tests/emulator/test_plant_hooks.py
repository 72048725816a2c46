"""Plant unit tests: physical-event hooks, configuration changes, round trip, variants."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from aiocamedomotic.emulator.plant import Plant, Variants

from .test_plant_support import MONDAY_10_UTC, ask, open_plant

DEMO_FILE = Path(__file__).parents[2] / "aiocamedomotic" / "emulator" / "plants" / "demo.json"


async def test_press_and_release_digital_input() -> None:
    async with open_plant() as (plant, rec):
        plant.press_input(0)
        plant.release_input(0)
        pressed, released = rec.named("digitalin_status_ind")
        assert pressed == {
            "cmd_name": "digitalin_status_ind",
            "act_id": 0,
            "name": "Garage contact",
            "type": 1,
            "addr": 210,
            "ack": 0,
            "status": 0,
            "radio_node_id": "00000000",
            "rf_radio_link_quality": 0,
            "utc_time": int(MONDAY_10_UTC),
        }
        assert (released["status"], released["ack"]) == (1, 0)
        listed = ask(plant, "digitalin_list_req", topologic_scope="act", value=0)["array"][0]
        assert listed["status"] == 1
        assert listed["utc_time"] == int(MONDAY_10_UTC)
        ask(plant, "digitalin_ack_req", addr=210)
        assert plant.device("digital_inputs", 0)["ack"] == 1


async def test_light_and_relay_hooks() -> None:
    async with open_plant() as (plant, rec):
        plant.toggle_light(1)
        plant.toggle_light(1)
        plant.set_light(6, perc=25)
        plant.set_light(11, rgb=[0, 255, 0])
        plant.toggle_relay(44)
        plant.set_relay(44, 1)
        lights = rec.named("light_switch_ind")
        assert [(i["act_id"], i["status"]) for i in lights] == [(1, 1), (1, 0), (6, 1), (11, 1)]
        assert lights[2]["perc"] == 25
        assert lights[3]["rgb"] == [0, 255, 0]
        assert [i["status"] for i in rec.named("relay_status_ind")] == [0, 1]


async def test_opening_hooks() -> None:
    async with open_plant(opening_travel_time=30.0) as (plant, rec):
        plant.move_opening(29, 2)
        plant.stop_opening(28)
        assert [i["status"] for i in rec.named("opening_move_ind")] == [2, 0]
        assert plant.device("openings", 28)["status"] == 0


async def test_opening_hook_stops_by_itself() -> None:
    async with open_plant() as (plant, rec):
        plant.move_opening(30, 1)
        await rec.wait_for(lambda i: i.get("status") == 0)
        assert [i["status"] for i in rec.items] == [1, 0]


async def test_zone_temperature_hook_recomputes_demand() -> None:
    async with open_plant() as (plant, rec):
        plant.set_zone_temperature(64, 245, humidity=61)
        ind = rec.items[0]
        assert ind["cmd_name"] == "thermo_zone_info_ind"
        assert (ind["temp_dec"], ind["hygro"], ind["status"]) == (245, 61, 0)
        plant.set_zone_temperature(64, 230)
        assert rec.items[1]["status"] == 1
        assert (
            ask(plant, "thermo_list_req", topologic_scope="act", value=64)["array"][0]["temp"]
            == 230
        )


async def test_analog_value_hook_updates_every_listing_of_the_probe() -> None:
    async with open_plant() as (plant, rec):
        plant.set_analog_value(97, 1021)
        assert rec.items == [
            {
                "cmd_name": "analogin_status_ind",
                "name": "Roof barometer",
                "act_id": 97,
                "value": 1021,
                "unit": "hPa",
            }
        ]
        assert ask(plant, "thermo_list_req")["pressure"]["value"] == 1021
        analog = ask(plant, "analogin_list_req", topologic_scope="act", value=97)["array"]
        assert analog[0]["value"] == 1021
        plant.set_analog_value(100, 92)
        assert rec.items[-1]["act_id"] == 100
        assert ask(plant, "thermo_list_req")["temperature"]["value"] == 92
        with pytest.raises(ValueError, match="act_id"):
            plant.set_analog_value(12345, 1)


async def test_hooks_reject_unknown_devices_with_value_error() -> None:
    async with open_plant() as (plant, rec):
        with pytest.raises(ValueError, match="act_id"):
            plant.toggle_light(999)
        with pytest.raises(ValueError, match="act_id"):
            plant.set_light(999)
        with pytest.raises(ValueError, match="wanted_status"):
            plant.move_opening(20, 9)
        with pytest.raises(ValueError, match="act_id"):
            plant.press_input(99)
        with pytest.raises(ValueError, match="act_id"):
            plant.set_zone_temperature(1, 200)
        assert rec.items == []
        with pytest.raises(KeyError):
            plant.device("lights", 999)
        with pytest.raises(KeyError):
            plant.device("nothing", 1)


async def test_replace_config_emits_plant_update() -> None:
    async with open_plant() as (plant, rec):
        users, features = plant.users, plant.features
        data = plant.to_dict()
        del data["users"]
        data["lights"] = data["lights"][:2]
        data["features"] = ["lights"]
        plant.replace_config(data)
        assert rec.items == [{"cmd_name": "plant_update_ind"}]
        assert len(ask(plant, "light_list_req")["array"]) == 2
        assert ask(plant, "openings_list_req")["array"] == []
        # The core's references stay valid; users are kept when the new data has none.
        assert plant.users is users
        assert plant.features is features
        assert features == ["lights"]
        assert users == {"admin": "admin", "family": "Casa-2024!"}


async def test_replace_config_cancels_timers_and_rejects_bad_data() -> None:
    async with open_plant(opening_travel_time=0.05) as (plant, rec):
        plant.move_opening(20, 1)
        with pytest.raises(ValueError, match="unknown plant file keys"):
            plant.replace_config({"lightz": []})
        # A rejected configuration leaves the plant as it was.
        assert len(ask(plant, "light_list_req")["array"]) == 15
        plant.replace_config(plant.to_dict())
        ask(plant, "relay_timed_req", act_id=41, interval=2)
        await rec.wait_for(lambda i: i.get("act_id") == 41 and i["status"] == 0)
        # The shutter's pending stop was cancelled by the configuration change.
        assert [i["status"] for i in rec.named("opening_move_ind")] == [1]


def test_command_names_are_exactly_the_commands_the_plant_answers() -> None:
    plant = Plant.demo()
    names = plant.command_names
    assert isinstance(names, frozenset)
    assert {"feature_list_req", "light_list_req", "opening_move_req", "timers_list_req"} <= names
    # Session commands and the long poll are the core's.
    assert names.isdisjoint({"sl_registration_req", "status_update_req"})
    for name in ("sl_registration_req", "status_update_req", "no_such_req"):
        assert plant.handle(name, {"cmd_name": name}, username="admin") is None
    # Whatever the features: a list command of a missing feature answers an empty list.
    data = plant.to_dict()
    data["features"] = []
    plant.replace_config(data)
    assert plant.command_names == names
    assert ask(plant, "light_list_req")["array"] == []
    with pytest.raises(AttributeError):
        plant.command_names = frozenset()  # type: ignore[misc]


def test_demo_round_trips() -> None:
    plant = Plant.demo()
    data = plant.to_dict()
    assert data == json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    assert Plant(data).to_dict() == data
    json.dumps(data)  # JSON-serialisable


async def test_state_survives_round_trip(tmp_path: Path) -> None:
    async with open_plant() as (plant, _rec):
        ask(plant, "light_switch_req", act_id=6, wanted_status=1, perc=33)
        ask(plant, "thermo_season_req", season="summer")
        path = tmp_path / "plant.json"
        path.write_text(json.dumps(plant.to_dict()), encoding="utf-8")
        again = Plant.from_file(path)
        assert again.device("lights", 6) == plant.device("lights", 6)
        assert again.to_dict() == plant.to_dict()


def test_empty_plant_defaults() -> None:
    plant = Plant()
    assert plant.users == {"admin": "admin"}
    assert plant.terminal_groups == [{"group_name": "ETI/Domo", "group_id": 1}]
    assert plant.features == []
    assert ask(plant, "light_list_req") == {"cmd_name": "light_list_resp", "array": []}
    assert ask(plant, "thermo_list_req") == {"cmd_name": "thermo_list_resp", "array": []}


def test_bad_plant_files_raise_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="act_id"):
        Plant({"lights": [{"name": "no id"}]})
    path = tmp_path / "list.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(ValueError, match="JSON object"):
        Plant.from_file(path)


def test_unknown_time_zone_falls_back_to_utc(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        plant = Plant({"timezone": "Mars/Olympus"})
    plant.clock = lambda: MONDAY_10_UTC
    assert ask(plant, "datetime_req")["datetime"] == "2026-01-05 10:00:00"
    assert "Mars/Olympus" in caplog.text


async def test_legacy_indication_names_variant() -> None:
    async with open_plant(legacy_indication_names=True) as (plant, rec):
        plant.toggle_light(1)
        plant.move_opening(20, 0)
        plant.toggle_relay(41)
        plant.set_zone_temperature(61, 200)
        plant.press_input(0)
        plant.set_analog_value(70, 60)
        ask(plant, "timers_enable_req", id=140, value=1)
        ask(plant, "scenario_activation_req", id=6)
        assert [i["cmd_name"] for i in rec.items] == [
            "light_update_ind",
            "opening_update_ind",
            "relay_update_ind",
            "thermo_update_ind",
            "digitalin_update_ind",
            "analogin_update_ind",
            "timer_update_ind",
            "scenario_status_ind",
        ]


async def test_aclose_cancels_pending_timers() -> None:
    async with open_plant(opening_travel_time=0.02, scenario_delay=0.02) as (plant, rec):
        plant.move_opening(20, 1)
        ask(plant, "scenario_activation_req", id=2)
        ask(plant, "relay_timed_req", act_id=41, interval=1)
        await plant.aclose()
        count = len(rec.items)
        # A later timer proves the cancelled ones had their chance to fire.
        ask(plant, "relay_timed_req", act_id=42, interval=2)
        await rec.wait_for(lambda i: i.get("act_id") == 42 and i["status"] == 0)
        assert len(rec.items) == count + 2
        assert plant.device("openings", 20)["status"] == 1


async def test_failing_timer_callback_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    async with open_plant() as (plant, rec):

        def boom() -> None:
            raise RuntimeError("boom")

        plant.schedule("test", 0.0, boom)
        ask(plant, "relay_timed_req", act_id=41, interval=1)
        await rec.wait_for(lambda i: i.get("act_id") == 41 and i["status"] == 0)
        assert "Emulated plant timer 'test' failed" in caplog.text


def test_variants_defaults_are_variant_a() -> None:
    variants = Variants()
    assert variants.zone_temp_key == "temp"
    assert variants.empty_list == "array"
    assert variants.opening_travel_time == 30.0
    assert variants.slat_time == 2.0
    assert variants.dimmer_step == 1
    assert not variants.legacy_indication_names
