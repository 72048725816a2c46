"""CLI: ``alarm``, ``irrigation``, ``sound`` and the new families in ``list`` (experimental),
against the emulator; the alarm code never appears in any output or log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiocamedomotic.emulator import Plant

from .conftest import FAST, PASSWORD, USERNAME, Cli, EmulatorThread, assert_no_secret

CODE = "2468"
SECRETS = (PASSWORD, CODE)


def _areas(emu: EmulatorThread) -> list[int]:
    """The area status codes the emulated central reports."""
    plant = emu.emulator.plant
    response = emu.call(plant.handle, "sicu_areas_list_req", {"central_id": 0}, username="")
    assert response is not None
    return [area["status"] for area in response["array"]]


def test_list_shows_the_new_families(run: Cli) -> None:
    result = run("list", "irrigation", "sound", "alarm", "sirens", "--json")
    assert result.exit_code == 0, result.stderr
    rows = {(row["family"], row["id"]): row for row in json.loads(result.stdout)}
    assert rows[("irrigation-sectors", 1)]["state"]["days"] == ["Tue", "Thu", "Sat"]
    assert rows[("sound-zones", 3)]["state"]["sources"] == {"0": "FM tuner", "5": "Line in"}
    assert rows[("security-areas", 2)]["state"] == {"status": "ready", "code": 40}
    assert rows[("security-outputs", 1)]["state"] == {"active": False, "code": 0}


@pytest.mark.parametrize("how", ["stdin", "env", "prompt"])
def test_arm_and_disarm_with_the_code(run: Cli, emu: EmulatorThread, how: str) -> None:
    options = ["--code-stdin"] if how == "stdin" else []
    env = {"CAMEDOMOTIC_ALARM_CODE": CODE} if how == "env" else {}
    stdin = None if how == "env" else CODE + "\n"
    result = run("-v", "alarm", "arm", "Garage", *options, input=stdin, env=env)
    assert result.exit_code == 0, result.stderr
    assert "alarm: arming garage" in result.stdout.lower()
    assert _areas(emu) == [40, 40, 42]
    assert_no_secret(result, SECRETS)
    result = run("-vv", "alarm", "disarm", *options, input=stdin, env=env)
    assert result.exit_code == 0, result.stderr
    assert _areas(emu) == [40, 40, 40]
    assert_no_secret(result, SECRETS)


def test_wrong_code_fails_without_echoing_it(run: Cli, emu: EmulatorThread) -> None:
    result = run("-vv", "alarm", "arm", "--code-stdin", input="86420\n")
    assert result.exit_code == 1
    assert "Error: the server refused the command: wrong user code?" in result.stderr
    assert "Bad ack code" not in result.stderr
    assert_no_secret(result, (*SECRETS, "86420"))
    assert _areas(emu) == [40, 40, 40]


def test_scenario_intrusion_silence_reset_status(run: Cli, emu: EmulatorThread) -> None:
    env = {"CAMEDOMOTIC_ALARM_CODE": CODE}
    assert run("alarm", "scenario", "Night", env=env).exit_code == 0
    emu.call(emu.emulator.plant.trigger_security_input, 4)
    status = json.loads(run("alarm", "status", "--json").stdout)
    by_kind = {(row["kind"], row["id"]): row["status"] for row in status}
    assert by_kind[("area", 3)] == "intrusion alarm"
    assert by_kind[("output", 1)] == "active"
    assert run("alarm", "silence", env=env).exit_code == 0
    emu.call(emu.emulator.plant.close_security_input, 4)
    assert run("alarm", "disarm", env=env).exit_code == 0
    assert run("alarm", "reset", env=env).exit_code == 0
    text = run("alarm", "status")
    assert "Garage: ready" in text.stdout
    assert "idle" in text.stdout
    assert_no_secret(text, SECRETS)


def test_empty_code_and_unknown_area(run: Cli) -> None:
    assert run("alarm", "reset", "--code-stdin", input="\n").exit_code == 2
    result = run("alarm", "arm", "Attic", env={"CAMEDOMOTIC_ALARM_CODE": CODE})
    assert result.exit_code == 7
    assert_no_secret(result, SECRETS)


def test_irrigation_commands(run: Cli, emu: EmulatorThread) -> None:
    for args in (
        ("perc", "120"),
        ("days", "mon", "fri"),
        ("start", "05:45"),
        ("disable",),
    ):
        result = run("irrigation", "Front lawn", *args)
        assert result.exit_code == 0, result.stderr
    sector = emu.device("irrigation", 1)
    assert (sector["perc"], sector["days"], sector["enabled"]) == (120, 17, 0)
    assert sector["start"] == {"hour": 5, "min": 45, "sec": 0}
    assert run("irrigation", "Front lawn", "force").exit_code == 0
    assert emu.device("irrigation", 1)["forced"] == 1
    bad = run("irrigation", "Front lawn", "perc", "500")
    assert bad.exit_code == 2
    assert "perc must be an int in range 0-200" in bad.stderr


def test_sound_commands(run: Cli, emu: EmulatorThread) -> None:
    for args in (("on",), ("volume", "20"), ("source", "line in"), ("mute",)):
        result = run("sound", "Bathroom", *args)
        assert result.exit_code == 0, result.stderr
    zone = emu.device("sound", 3)
    assert (zone["standby"], zone["volume"], zone["source"], zone["mute"]) == (0, 20, 5, 1)
    assert run("sound", "Bathroom", "volume", "99").exit_code == 2
    assert run("sound", "Bathroom", "source", "7").exit_code == 2
    assert run("sound", "Bathroom", "volume").exit_code == 2


def test_snapshot_carries_the_new_families_without_the_code(run: Cli) -> None:
    result = run("snapshot", "--out", "-")
    assert result.exit_code == 0, result.stderr
    assert_no_secret(result, SECRETS)
    plant = json.loads(result.stdout)
    assert [s["id"] for s in plant["irrigation"]] == [1, 2]
    assert plant["irrigation"][0]["sprinklers"][1] == {
        "act_id": 121, "name": "Lawn south", "enabled": 1, "active": 720, "duty": 80
    }  # fmt: skip
    assert [(z["id"], z["sources_format"], z["source"]) for z in plant["sound"]] == [
        (2, "array", 0),
        (3, "flat", 0),
    ]
    security = plant["security"]
    assert security["code"] == "0000"
    assert [a["name"] for a in security["areas"]] == ["Ground floor", "First floor", "Garage"]
    anonymous = json.loads(run("snapshot", "--out", "-", "--anonymize-names").stdout)
    assert anonymous["security"]["areas"][0]["name"] == "Area 1"
    assert anonymous["sound"][1]["sources"][1]["name"] == "Source 5"


def test_arm_named_area_reads_the_areas_list_once_in_the_cli(run: Cli, emu: EmulatorThread) -> None:
    before = emu.emulator.stats.requests["sicu_areas_list_req"]
    result = run("alarm", "arm", "Garage", env={"CAMEDOMOTIC_ALARM_CODE": CODE})
    assert result.exit_code == 0, result.stderr
    # one read to resolve the name, one by the library to build the status vector
    assert emu.emulator.stats.requests["sicu_areas_list_req"] - before == 2
    assert _areas(emu) == [40, 40, 42]
    before = emu.emulator.stats.requests["sicu_areas_list_req"]
    assert run("alarm", "disarm", env={"CAMEDOMOTIC_ALARM_CODE": CODE}).exit_code == 0
    assert emu.emulator.stats.requests["sicu_areas_list_req"] - before == 1


def test_status_shows_the_central_unknown_until_pushed(run: Cli, emu: EmulatorThread) -> None:
    rows = json.loads(run("alarm", "status", "--json").stdout)
    central = [row for row in rows if row["kind"] == "central"]
    assert central == [{"kind": "central", "id": 0, "name": "Central", "status": "unknown",
                        "code": None}]  # fmt: skip
    text = run("alarm", "status").stdout
    assert "central #0   Central: unknown" in text


@pytest.fixture
def bare(tmp_path: Path) -> Iterator[Cli]:
    """The demo plant without the optional features (sicu, energy, loadsctrl, irrig)."""
    plant = Plant.demo(variants=FAST)
    for feature in ("sicu", "energy", "loadsctrl", "irrig", "thermoregulation"):
        plant.features.remove(feature)
    server = EmulatorThread(plant, username=USERNAME, password=PASSWORD).start()
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    yield Cli(server, config)
    server.stop()


@pytest.mark.parametrize(
    ("args", "what", "feature"),
    [
        (("alarm", "status"), "alarm", "sicu"),
        (("alarm", "arm", "Garage"), "alarm", "sicu"),
        (("alarm", "disarm"), "alarm", "sicu"),
        (("alarm", "scenario", "Night"), "alarm", "sicu"),
        (("alarm", "reset"), "alarm", "sicu"),
        (("alarm", "silence"), "alarm", "sicu"),
        (("energy", "reset", "--yes"), "energy reset", "energy"),
        (("load", "Oven", "disable"), "loadsctrl-loads", "loadsctrl"),
        (("load-controller", "Main", "--max-power", "3000"), "loadsctrl-controllers", "loadsctrl"),
        (("irrigation", "Lawn", "force"), "irrigation-sectors", "irrig"),
        (("thermo", "Living", "--mode", "off"), "thermo-zones", "thermoregulation"),
        (("season", "winter"), "thermo season", "thermoregulation"),
    ],
)
def test_feature_gated_commands_fail_clearly(
    bare: Cli, args: tuple[str, ...], what: str, feature: str
) -> None:
    before = dict(bare.emu.emulator.stats.requests)
    result = bare(*args, env={"CAMEDOMOTIC_ALARM_CODE": CODE})
    assert result.exit_code == 10, (result.stdout, result.stderr)
    assert result.stderr.strip() == (
        f"Error: {what}: not supported by this server (feature {feature!r} not listed)"
    )
    assert result.stdout == ""
    sent = {name for name, count in bare.emu.emulator.stats.requests.items()
            if count != before.get(name, 0)}  # fmt: skip
    assert sent <= {"feature_list_req"}  # only the server's features were read
    assert_no_secret(result, SECRETS)


def test_list_help_names_every_family(run: Cli) -> None:
    from aiocamedomotic.cli.families import families

    text = "".join(run("list", "--help").stdout.split())  # help wraps at hyphens
    for family in families():
        assert family.cli_name in text
    for alias in ("energy", "loads", "alarm", "sound", "irrigation"):
        assert f"({alias})" in text
