"""CLI against the emulator: list, the control commands, and names people type."""

from __future__ import annotations

import json

import pytest

from aiocamedomotic.cli.errors import ExitCode

from .conftest import Cli, EmulatorThread, assert_no_secret


def test_list_json(run: Cli) -> None:
    result = run("list", "lights", "covers", "--json")
    assert result.exit_code == 0, result.stderr
    devices = json.loads(result.stdout)
    assert {d["family"] for d in devices} == {"lights", "openings"}
    dimmer = next(d for d in devices if d["name"] == "Hall dimmer")
    assert dimmer == {
        "family": "lights",
        "id": 6,
        "name": "Hall dimmer",
        "floor": "Ground floor",
        "room": "Hall",
        "state": {"status": "off", "type": "dimmer", "brightness": 44, "rgb": None},
    }
    assert_no_secret(result)


def test_list_every_family_as_tables(run: Cli, emu: EmulatorThread) -> None:
    result = run("list")
    assert result.exit_code == 0, result.stderr
    for title in ("Lights", "Covers", "Relays", "Scenarios", "Thermo zones", "Timers"):
        assert title in result.stdout
    # State in words, with units; floor and room names from the topology.
    assert "18.7 °C" in result.stdout  # North thermometer
    assert "1009 hPa" in result.stdout
    assert "Living room" in result.stdout
    # Camera URIs may hold credentials: never listed.
    assert "Cam-s3cret" not in result.stdout
    assert emu.emulator.plant.server["keycode"] not in result.stdout


def test_list_cameras_json_has_no_uri(run: Cli) -> None:
    result = run("list", "cameras", "--json")
    assert result.exit_code == 0, result.stderr
    cameras = json.loads(result.stdout)
    assert [c["state"] for c in cameras] == [{"stream_type": "mjpg"}, {"stream_type": "swf"}]
    assert "s3cret" not in result.stdout


def test_light_on_with_brightness(run: Cli, emu: EmulatorThread) -> None:
    result = run("light", "hall dim", "on", "--brightness", "30")
    assert result.exit_code == 0, result.stderr
    assert "Hall dimmer (#6): on, 30 %" in result.stdout
    state = emu.device("lights", 6)
    assert (state["status"], state["perc"]) == (1, 30)


def test_light_rgb_by_id(run: Cli, emu: EmulatorThread) -> None:
    result = run("light", "#12", "on", "--rgb", "10,20,30")
    assert result.exit_code == 0, result.stderr
    assert emu.device("lights", 12)["rgb"] == [10, 20, 30]


def test_light_brightness_on_a_switch_is_refused(run: Cli, emu: EmulatorThread) -> None:
    result = run("light", "Hall light", "on", "-b", "50")
    assert result.exit_code == ExitCode.USAGE
    assert "not dimmable" in result.stderr
    assert emu.device("lights", 5)["status"] == 0


@pytest.mark.parametrize("rgb", ["1,2", "1,2,300", "a,b,c"])
def test_light_bad_rgb(run: Cli, rgb: str) -> None:
    result = run("light", "#12", "on", "--rgb", rgb)
    assert result.exit_code == ExitCode.USAGE


def test_cover_open_then_stops_by_itself(run: Cli, emu: EmulatorThread) -> None:
    result = run("cover", "kitchen shutter", "open")
    assert result.exit_code == 0, result.stderr
    emu.wait_until(lambda: emu.emulator.plant.device("openings", 20)["status"] == 0)
    assert emu.device("openings", 20)["status"] == 0


def test_cover_moves(run: Cli, emu: EmulatorThread) -> None:
    result = run("cover", "Living room shutter", "close")
    assert result.exit_code == 0, result.stderr
    assert emu.device("openings", 22)["status"] == 2


def test_relay(run: Cli, emu: EmulatorThread) -> None:
    result = run("relay", "garden pump", "on")
    assert result.exit_code == 0, result.stderr
    assert emu.device("relays", 41)["status"] == 1


def test_scenario(run: Cli, emu: EmulatorThread) -> None:
    result = run("scenario", "all lights")
    assert result.exit_code == 0, result.stderr
    emu.wait_until(lambda: emu.emulator.plant.device("lights", 2)["status"] == 0)
    assert emu.device("lights", 2)["status"] == 0


def test_thermo_setpoint_switches_to_manual(run: Cli, emu: EmulatorThread) -> None:
    result = run("thermo", "living zone", "--setpoint", "22.5")
    assert result.exit_code == 0, result.stderr
    zone = emu.device("thermo", 61)
    assert (zone["mode"], zone["set_point"]) == (1, 225)


def test_thermo_mode_and_fan(run: Cli, emu: EmulatorThread) -> None:
    assert run("thermo", "study fan", "--mode", "auto").exit_code == 0
    assert emu.device("thermo", 64)["mode"] == 2
    assert run("thermo", "study fan", "--fan", "slow").exit_code == 0
    assert emu.device("thermo", 64)["fan_speed"] == 1


def test_thermo_needs_an_option(run: Cli) -> None:
    assert run("thermo", "living zone").exit_code == ExitCode.USAGE


def test_season(run: Cli, emu: EmulatorThread) -> None:
    result = run("season", "summer")
    assert result.exit_code == 0, result.stderr
    assert emu.call(lambda: emu.emulator.plant.to_dict()["thermo"]["season"]) == "summer"


def test_timer_commands(run: Cli, emu: EmulatorThread) -> None:
    assert run("timer", "drip", "enable").exit_code == 0
    assert emu.device("timers", 141)["enabled"] == 1
    assert run("timer", "drip", "day", "mon", "on").exit_code == 0
    assert emu.device("timers", 141)["days"] & 1
    result = run("timer", "drip", "slots", "06:30", "-", "19:00:30", "-")
    assert result.exit_code == 0, result.stderr
    slots = emu.device("timers", 141)["timetable"]
    assert [(s["index"], s["start"]) for s in slots] == [
        (0, {"hour": 6, "min": 30, "sec": 0}),
        (2, {"hour": 19, "min": 0, "sec": 30}),
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["timer", "drip", "day", "someday", "on"],
        ["timer", "drip", "slots", "25:00", "-", "-", "-"],
        ["timer", "drip", "enable", "now"],
    ],
)
def test_timer_bad_values(run: Cli, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("Error: ")


def test_ambiguous_name(run: Cli, emu: EmulatorThread) -> None:
    result = run("light", "hall", "on")
    assert result.exit_code == ExitCode.AMBIGUOUS_DEVICE
    assert "'Hall light' (#5)" in result.stderr
    assert "'Hall dimmer' (#6)" in result.stderr
    assert emu.device("lights", 5)["status"] == 0


def test_unknown_name_suggests(run: Cli) -> None:
    result = run("relay", "garden pmp", "on")
    assert result.exit_code == ExitCode.UNKNOWN_DEVICE
    assert "did you mean 'Garden pump' (#41)" in result.stderr
    assert result.stderr.count("\n") == 1


def test_alias_from_config(run: Cli, emu: EmulatorThread) -> None:
    run.config.write_text('[aliases]\nhall = "Hall dimmer"\npump = "#41"\n', encoding="utf-8")
    assert run("light", "hall", "on").exit_code == 0
    assert emu.device("lights", 6)["status"] == 1
    assert run("relay", "PUMP", "on").exit_code == 0
    assert emu.device("relays", 41)["status"] == 1


def test_list_json_brightness_only_for_dimmable_lights(run: Cli) -> None:
    result = run("list", "lights", "--json")
    assert result.exit_code == 0, result.stderr
    lights = {d["name"]: d["state"] for d in json.loads(result.stdout)}
    assert lights["Hall light"]["type"] == "step step"
    assert lights["Hall light"]["brightness"] is None
    assert lights["Hall dimmer"]["brightness"] == 44
    # Every step-step light, whatever its stored perc: no brightness.
    assert all(s["brightness"] is None for s in lights.values() if s["type"] == "step step")
    assert any(s["brightness"] is not None for s in lights.values() if s["type"] == "rgb")


def test_thermo_prints_the_zones_state_after_the_change(run: Cli, emu: EmulatorThread) -> None:
    result = run("thermo", "living zone", "--mode", "auto")
    assert result.exit_code == 0, result.stderr
    zone = emu.device("thermo", 61)
    assert zone["mode"] == 2
    # The set point shown is the one the zone really has, not one the command asked for.
    assert result.stdout.strip() == (
        f"Living zone (#61): mode auto, set point {zone['set_point'] / 10:.1f} °C"
    )


def test_thermo_setpoint_with_manual_mode_and_fan(run: Cli, emu: EmulatorThread) -> None:
    result = run("thermo", "study fan", "--mode", "manual", "--setpoint", "21", "--fan", "fast")
    assert result.exit_code == 0, result.stderr
    zone = emu.device("thermo", 64)
    assert (zone["mode"], zone["set_point"], zone["fan_speed"]) == (1, 210, 3)
    assert "mode manual, set point 21.0 °C, fan fast" in result.stdout


@pytest.mark.parametrize("mode", ["off", "auto", "jolly"])
def test_thermo_setpoint_outside_manual_mode_is_refused(
    run: Cli, emu: EmulatorThread, mode: str
) -> None:
    before = emu.device("thermo", 61)
    requests = emu.emulator.stats.http_requests
    result = run("thermo", "living zone", "--mode", mode, "--setpoint", "22")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.count("\n") == 1, result.stderr
    assert "manual mode" in result.stderr
    assert result.stdout == ""
    assert emu.emulator.stats.http_requests == requests  # nothing sent
    assert emu.device("thermo", 61) == before


@pytest.mark.parametrize("setpoint", ["2", "4.9", "34.1", "40"])
def test_thermo_setpoint_outside_the_library_range(
    run: Cli, emu: EmulatorThread, setpoint: str
) -> None:
    requests = emu.emulator.stats.http_requests
    result = run("thermo", "living zone", "--setpoint", setpoint)
    assert result.exit_code == ExitCode.USAGE
    assert "5.0<=x<=34.0" in result.stderr
    assert "unexpected error" not in result.stderr
    assert emu.emulator.stats.http_requests == requests


@pytest.mark.parametrize("setpoint", ["5", "34"])
def test_thermo_setpoint_range_ends_are_accepted(
    run: Cli, emu: EmulatorThread, setpoint: str
) -> None:
    result = run("thermo", "living zone", "--setpoint", setpoint)
    assert result.exit_code == 0, result.stderr
    assert emu.device("thermo", 61)["set_point"] == int(setpoint) * 10
