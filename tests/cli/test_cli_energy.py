"""CLI against the emulator: energy meters, load control, thermo profiles, server clock and
the management commands."""

from __future__ import annotations

import json

from aiocamedomotic.cli.errors import ExitCode

from .conftest import Cli, EmulatorThread, assert_no_secret

CONTROLLER = 196640


def test_list_energy_and_loads(run: Cli) -> None:
    result = run("list", "energy", "controllers", "loads", "--json")
    assert result.exit_code == 0, result.stderr
    devices = {(d["family"], d["id"]): d for d in json.loads(result.stdout)}
    assert devices[("energy-meters", 4)]["state"]["power"] == 712
    assert devices[("loadsctrl-controllers", CONTROLLER)]["state"]["max_power"] == 4500
    oven = devices[("loadsctrl-loads", 65610)]
    assert oven["state"] == {"controller_id": CONTROLLER, "priority": 140, "enabled": True,
                             "detached": False, "on": True}  # fmt: skip
    tables = run("list", "energy", "loads")
    assert tables.exit_code == 0, tables.stderr
    assert "712 W" in tables.stdout
    assert "priority 141, disabled, off" in tables.stdout
    assert_no_secret(tables)


def test_energy_reset_asks_then_erases(run: Cli, emu: EmulatorThread) -> None:
    refused = run("energy", "reset", input="n\n")
    assert refused.exit_code == ExitCode.DECLINED
    assert refused.stderr.endswith("nothing erased\n")
    assert emu.device("energy_meters", 4)["last_24h_avg"] == 5820410
    result = run("energy", "reset", "--yes")
    assert result.exit_code == 0, result.stderr
    assert emu.device("energy_meters", 4)["last_24h_avg"] == 0


def test_load_and_controller_commands(run: Cli, emu: EmulatorThread) -> None:
    assert run("load", "heat pump", "enable").exit_code == 0
    assert emu.device("loadsctrl_loads", 65611)["enabled"] == 1
    assert run("load", "oven", "priority", "150").exit_code == 0
    assert emu.device("loadsctrl_loads", 65610)["priority"] == 150
    assert run("load", "oven", "priority").exit_code == 2
    result = run("load-controller", "house", "--max-power", "4000", "--hysteresis", "200")
    assert result.exit_code == 0, result.stderr
    true = emu.device("loadsctrl_controllers", CONTROLLER)
    assert (true["max_power"], true["hysteresis"]) == (4000, 200)
    result = run("load-controller", "house", "--order", "dish,oven,heat")
    assert result.exit_code == 0, result.stderr
    priorities = [emu.device("loadsctrl_loads", i)["priority"] for i in (65612, 65610, 65611)]
    assert priorities == [141, 142, 150]  # the plant's own values, in the order named
    assert run("load-controller", "house", "--order", "dish").exit_code == 2


def test_profile_show_and_write(run: Cli, emu: EmulatorThread) -> None:
    result = run("profile", "living zone", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["rows"]
    assert rows["Jolly"] == "3" * 96
    assert rows["Mon"].startswith("1" * 24 + "3" * 8)
    shown = run("profile", "living zone")
    assert "Jolly" in shown.stdout
    written = run("profile", "living zone", "--set", "sat", "5" * 24)
    assert written.exit_code == 0, written.stderr
    assert emu.device("thermo", 61)["profile_data"][5] == "5" * 96
    assert run("profile", "living zone", "--set", "sat", "12").exit_code == 2


def test_datetime(run: Cli) -> None:
    result = run("datetime", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["timezone"] == "Europe/Rome"
    assert isinstance(data["epoch"], int)
    assert "Server clock" in run("datetime").stdout


def test_scenario_recording_rename_delete(run: Cli, emu: EmulatorThread) -> None:
    assert run("scenario-record", "start", "Evening").exit_code == 0
    assert run("relay", "garden pump", "on").exit_code == 0
    assert run("scenario-record", "done").exit_code == 0
    assert run("scenario-record", "done").exit_code == 1  # nothing being recorded
    assert run("scenario-edit", "evening", "rename", "Cinema").exit_code == 0
    names = [s["name"] for s in json.loads(run("list", "scenarios", "--json").stdout)]
    assert "Cinema" in names
    system = names[0]
    assert run("scenario-edit", system, "delete", "--yes").exit_code == 2
    assert run("scenario-edit", "cinema", "delete", "--yes").exit_code == 0
    names = [s["name"] for s in json.loads(run("list", "scenarios", "--json").stdout)]
    assert "Cinema" not in names


def test_relay_for_and_ack(run: Cli, emu: EmulatorThread) -> None:
    result = run("relay", "garden pump", "on", "--for", "600")
    assert result.exit_code == 0, result.stderr
    assert "for 600 s" in result.stdout
    assert run("relay", "garden pump", "off", "--for", "5").exit_code == 2
    emu.call(emu.emulator.plant.press_input, 1)
    assert emu.device("digital_inputs", 1)["ack"] == 0
    assert run("ack", "#1").exit_code == 0
    assert emu.device("digital_inputs", 1)["ack"] == 1


def test_snapshot_carries_meters_controllers_and_loads(run: Cli) -> None:
    result = run("snapshot", "--out", "-")
    assert result.exit_code == 0, result.stderr
    plant = json.loads(result.stdout)
    assert [m["id"] for m in plant["energy_meters"]] == [4]
    assert plant["loadsctrl_controllers"][0]["max_power"] == 4500
    assert {load["controller_id"] for load in plant["loadsctrl_loads"]} == {CONTROLLER}
    anonymous = json.loads(run("snapshot", "--out", "-", "--anonymize-names").stdout)
    assert [load["name"] for load in anonymous["loadsctrl_loads"]] == ["Load 1", "Load 2", "Load 3"]
