"""CLI ``emulator HOOK ...``: one command per test hook, calling a running emulator's control
API (the emulator serves from a thread; the CLI runs in process)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from aiocamedomotic.cli import cli
from aiocamedomotic.emulator import HOOKS

from .conftest import Cli, EmulatorThread, assert_no_secret


def test_every_hook_has_a_command() -> None:
    ctx = click.Context(cli)
    group = cli.get_command(ctx, "emulator")  # commands load on demand
    assert isinstance(group, click.Group)
    assert set(group.list_commands(ctx)) == {h.name.replace("_", "-") for h in HOOKS}


def test_physical_events_from_the_shell(run: Cli, emu: EmulatorThread) -> None:
    result = run("emulator", "set-light", "4", "--perc", "30")
    assert (result.exit_code, result.stdout) == (0, "")
    assert emu.device("lights", 4)["perc"] == 30
    assert run("emulator", "set-light", "12", "--rgb", "10,20,30").exit_code == 0
    assert emu.device("lights", 12)["rgb"] == [10, 20, 30]
    assert run("emulator", "move-opening", "20", "2").exit_code == 0
    assert emu.device("openings", 20)["status"] == 2
    assert run("emulator", "set-zone-temperature", "61", "--temp", "230").exit_code == 0
    assert emu.device("thermo", 61)["temp"] == 230
    result = run("emulator", "device", "cameras", "1")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["uri"] == "rtsp://***:***@10.0.0.41:554/stream1"


def test_faults_and_inspection(run: Cli, emu: EmulatorThread) -> None:
    assert run("emulator", "restart", "--drop-connections").exit_code == 0
    assert emu.emulator.stats.restarts == 1
    assert run("emulator", "fail-next", "9", "--count", "2", "--cmd-name", "x_req").exit_code == 0
    status = json.loads(run("emulator", "status").stdout)
    assert status["faults"] == [{"kind": "ack", "value": 9, "remaining": 2, "cmd_name": "x_req"}]
    assert run("emulator", "fill-session-table").stdout.strip() == "25"
    result = run("list", "lights")  # the CAME login is refused: ACK 3
    assert result.exit_code == 4
    assert run("emulator", "expire-sessions").stdout.strip() == "25"
    run("emulator", "clear-faults")
    assert_no_secret(run("emulator", "status"))


def test_plant_files(run: Cli, emu: EmulatorThread, tmp_path: Path) -> None:
    path = tmp_path / "saved.json"
    result = run("emulator", "save-plant", str(path))
    assert json.loads(result.stdout) == str(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["relays"][0]["name"] = "Well pump"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert run("emulator", "reload-plant", str(path)).exit_code == 0
    assert emu.device("relays", 41)["name"] == "Well pump"
    indication = '{"cmd_name": "plant_update_ind"}'
    assert run("emulator", "inject-indication", indication).exit_code == 0


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("set-light", "999"), 2, "no lights device with id 999"),
        (("set-light", "x"), 2, "'x' is not a valid integer"),
        (("set-light", "3", "--rgb", "1,b,3"), 2, "comma-separated"),
        (("inject-indication", "[1]"), 2, "expected a JSON object"),
        (("stop-listening",), 2, "Missing argument"),
    ],
)
def test_refusals_exit_with_a_reason(
    run: Cli, args: tuple[str, ...], code: int, words: str
) -> None:
    result = run("emulator", *args)
    assert result.exit_code == code
    assert words in result.stderr


def test_an_unreachable_or_token_protected_emulator(run: Cli, emu: EmulatorThread) -> None:
    result = run("emulator", "status", env={"CAMEDOMOTIC_HOST": "127.0.0.1:9"})
    assert result.exit_code == 5
    assert "cannot reach an emulator" in result.stderr
    guarded = EmulatorThread(control_token="Tok-CLI-SECRET").start()
    try:
        env = {"CAMEDOMOTIC_HOST": guarded.host}
        result = run("emulator", "status", env=env)
        assert result.exit_code == 3
        assert "control token" in result.stderr
        result = run(
            "emulator", "status", env={**env, "CAMEDOMOTIC_EMULATOR_TOKEN": "Tok-CLI-SECRET"}
        )
        assert result.exit_code == 0
        assert_no_secret(result, ["Tok-CLI-SECRET"])
    finally:
        guarded.stop()
