"""Shell completion: the scripts for bash, zsh and fish, and what Tab offers — commands,
families, and device names from the cache of the last listing (never a secret)."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from aiocamedomotic.cli import cli
from aiocamedomotic.cli.completion import CACHE_TTL

from .conftest import PASSWORD, USERNAME, Cli


def complete(run: Cli, line: str, shell_name: str = "bash") -> list[str]:
    """What Tab offers after ``line`` (the words so far, the last one being completed)."""
    words = line.split(" ")
    env = {
        "_CAMEDOMOTIC_COMPLETE": f"{shell_name}_complete",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
        "XDG_CACHE_HOME": str(run.config.parent / "cache"),
        "CAMEDOMOTIC_HOST": run.emu.host,
    }
    if shell_name != "bash":
        env.update(COMP_WORDS=line, COMP_CWORD=words[-1])
    result = CliRunner().invoke(cli, [], env=env, prog_name="camedomotic")
    assert result.exit_code == 0, result.output
    if shell_name == "bash":  # "type,value" lines
        return [entry.split(",", 1)[1] for entry in result.stdout.splitlines() if entry]
    return result.stdout.splitlines()


def cache_file(run: Cli) -> Path:
    return run.config.parent / "cache" / "camedomotic" / "names.json"


@pytest.mark.parametrize(("shell", "marker"), [
    ("bash", "complete -o nosort -F"), ("zsh", "compdef"), ("fish", "complete --no-files")
])  # fmt: skip
def test_completion_script_per_shell(run: Cli, shell: str, marker: str) -> None:
    result = run("completion", shell)
    assert result.exit_code == 0, result.stderr
    assert marker in result.stdout
    assert "_CAMEDOMOTIC_COMPLETE" in result.stdout


def test_commands_and_families_complete(run: Cli) -> None:
    assert complete(run, "camedomotic li") == ["light", "list"]
    assert "load-controller" in complete(run, "camedomotic lo")
    assert complete(run, "camedomotic list th") == ["thermo-zones"]
    assert complete(run, "camedomotic watch digi") == ["digital-inputs"]


def test_device_names_come_from_the_last_listing(run: Cli) -> None:
    assert complete(run, "camedomotic light ha") == []  # nothing listed yet
    assert run("list", "lights", "relays").exit_code == 0
    assert complete(run, "camedomotic light ha") == [
        "Hall\\ light",
        "Hall\\ dimmer",
        "Hallway\\ Night\\ Light",
    ]
    assert "#15" in complete(run, "camedomotic light #1")
    assert complete(run, "camedomotic relay gard") == ["Garden\\ pump", "Garden\\ lights"]
    # zsh and fish quote for themselves: the plain name, with its id as help.
    assert "Hall dimmer" in complete(run, "camedomotic light Hall", shell_name="fish")[1]


def test_a_device_command_refreshes_its_family(run: Cli) -> None:
    assert run("cover", "#26", "stop").exit_code == 0
    data = json.loads(cache_file(run).read_text(encoding="utf-8"))
    assert list(data["hosts"][run.emu.host]["families"]) == ["openings"]
    assert complete(run, "camedomotic cover liv")


def test_the_cache_holds_no_secret_and_is_private(run: Cli) -> None:
    assert run("list").exit_code == 0
    path = cache_file(run)
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text
    assert USERNAME not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_stale_or_broken_cache_offers_nothing(run: Cli) -> None:
    assert run("list", "lights").exit_code == 0
    path = cache_file(run)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["hosts"][run.emu.host]["time"] = time.time() - CACHE_TTL - 1
    path.write_text(json.dumps(data), encoding="utf-8")
    assert complete(run, "camedomotic light ha") == []
    path.write_text("{not json", encoding="utf-8")
    assert complete(run, "camedomotic light ha") == []
    assert run("list", "lights").exit_code == 0  # rewritten over the broken file
    assert complete(run, "camedomotic light ha")


def test_an_unwritable_cache_does_not_fail_the_command(run: Cli) -> None:
    cache_dir = run.config.parent / "cache"
    cache_dir.write_text("a file where the directory should be", encoding="utf-8")
    result = run("list", "lights")
    assert result.exit_code == 0, result.stderr
    assert os.path.isfile(cache_dir)
