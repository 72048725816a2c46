"""CLI as real processes: demo, emulate (with a control command), watch; snapshot round trip."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiocamedomotic.emulator import Plant

from .conftest import PASSWORD, TIMEOUT, USERNAME, Cli, EmulatorThread, assert_no_secret

CLI = [sys.executable, "-m", "aiocamedomotic.cli"]


def cli_env(host: str | None = None, config: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAMEDOMOTIC_")}
    env["PYTHONUNBUFFERED"] = "1"
    if config is not None:
        env["CAMEDOMOTIC_CONFIG"] = str(config)
        env["XDG_CACHE_HOME"] = str(config.parent / "cache")
    if host is not None:
        env.update(
            CAMEDOMOTIC_HOST=host, CAMEDOMOTIC_USERNAME=USERNAME, CAMEDOMOTIC_PASSWORD=PASSWORD
        )
    return env


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``camedomotic ARGS`` as a process and wait for it."""
    return subprocess.run(  # noqa: S603 - our own CLI with the test's arguments
        [*CLI, *args], capture_output=True, text=True, timeout=TIMEOUT, check=False, env=env
    )


def start_cli(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """Start ``camedomotic ARGS`` as a process with piped output."""
    return subprocess.Popen(  # noqa: S603 - our own CLI with the test's arguments
        [*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def test_demo_process(config_file: Path) -> None:
    result = run_cli("demo", env=cli_env(config=config_file))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Emulated CAME server listening on http://127.0.0.1:" in out
    for text in ("Lights", "Covers", "Thermo zones", "Digital inputs"):
        assert text in out
    # Each action is confirmed by the live event it caused.
    assert out.count("event after") >= 5
    assert "stopped" in out  # the shutter stopped by itself
    assert "Hall button" in out
    assert "active" in out
    assert "done: emulator stopped" in out
    assert "Traceback" not in result.stderr


@contextlib.contextmanager
def emulating(config_file: Path, *args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``camedomotic emulate --port 0 ARGS`` running; yields the process and its host."""
    proc = start_cli("emulate", "--port", "0", *args, env=cli_env(config=config_file))
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # blocks until the emulator listens
        match = re.search(r"listening on http://([^/]+)/domo/", line)
        assert match, line
        yield proc, match.group(1)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=TIMEOUT)


@pytest.fixture
def emulate_process(config_file: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``camedomotic emulate --port 0`` running; yields the process and its host."""
    with emulating(config_file) as running:
        yield running


def test_a_lively_emulator_shows_changes_in_watch(config_file: Path) -> None:
    """``emulate --lively`` alone makes ``watch`` print device changes (nothing else runs)."""
    with emulating(config_file, "--lively", "--seed", "7") as (_, host):
        env = cli_env(config=config_file)
        env.update(
            CAMEDOMOTIC_HOST=host, CAMEDOMOTIC_USERNAME="admin", CAMEDOMOTIC_PASSWORD="admin"
        )
        watch = run_cli("watch", "--json", "--count", "3", env=env)
    assert watch.returncode == 0, watch.stderr
    events = [json.loads(line) for line in watch.stdout.splitlines()]
    changes = [e for e in events if e["event"] != "connection"]
    assert len(changes) == 3
    assert all(e["family"] and e["changed"] for e in changes), changes


def test_emulate_and_control_processes(
    emulate_process: tuple[subprocess.Popen[str], str], config_file: Path
) -> None:
    proc, host = emulate_process
    env = cli_env(config=config_file)
    env.update(CAMEDOMOTIC_HOST=host, CAMEDOMOTIC_USERNAME="admin", CAMEDOMOTIC_PASSWORD="admin")
    control = run_cli("light", "hall dimmer", "on", "--brightness", "30", env=env)
    assert control.returncode == 0, control.stderr
    assert "Hall dimmer (#6): on, 30 %" in control.stdout

    listing = run_cli("list", "lights", "--json", env=env)
    assert listing.returncode == 0, listing.stderr
    dimmer = next(d for d in json.loads(listing.stdout) if d["id"] == 6)
    assert dimmer["state"]["status"] == "on"
    assert dimmer["state"]["brightness"] == 30

    wrong = run_cli("info", env={**env, "CAMEDOMOTIC_PASSWORD": "nope"})
    assert wrong.returncode == 3
    assert wrong.stderr.startswith("Error: ")
    assert "Traceback" not in wrong.stderr

    proc.send_signal(signal.SIGINT)
    _, log = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0
    # The readable request log, one line per request, without the password.
    assert "light_switch_req" in log
    assert "sl_registration_req sl_login=admin" in log
    assert "nope" not in log


@contextlib.contextmanager
def watching(
    emu: EmulatorThread, config_file: Path, family: str, *, count: int
) -> Iterator[subprocess.Popen[str]]:
    """``watch FAMILY --json --count N`` as a process, once its live plant has started."""
    proc = start_cli(
        "watch", family, "--json", "--count", str(count), env=cli_env(emu.host, config_file)
    )
    try:
        assert proc.stderr is not None
        assert f"Watching {family}" in proc.stderr.readline()  # live plant started
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_watch_process_shows_events_and_reconnection(
    emu: EmulatorThread, config_file: Path
) -> None:
    with watching(emu, config_file, "digital-inputs", count=2) as proc:
        assert proc.stdout is not None
        plant = emu.emulator.plant
        emu.call(plant.set_light, 6, 1)  # another family: filtered out
        emu.call(plant.press_input, 1)
        first = proc.stdout.readline()  # the press arrived
        # A server reboot that drops connections: the watcher reconnects and resyncs, so
        # the release is seen whether it happens before or after the reconnection.
        emu.call(emu.emulator.restart, drop_connections=True)
        emu.call(plant.release_input, 1)
        rest, err = proc.communicate(timeout=TIMEOUT * 2)
        out = first + rest
    assert proc.returncode == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    devices = [e for e in events if e["event"] != "connection"]
    assert [(e["family"], e["id"], e["state"]["status"]) for e in devices] == [
        ("digital-inputs", 1, "active"),
        ("digital-inputs", 1, "idle"),
    ]
    assert devices[0]["name"] == "Hall button"
    states = [e["state"] for e in events if e["event"] == "connection"]
    # The reconnection is shown; the release comes with the resync that ends it (or later).
    assert "reconnecting" in states
    assert PASSWORD not in out + err


def test_snapshot_round_trip(run: Cli, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    result = run("snapshot", "--out", str(first))
    assert result.exit_code == 0, result.stderr
    text = first.read_text(encoding="utf-8")
    demo = Plant.demo()
    for secret in (
        PASSWORD, demo.server["keycode"], demo.server["serial"], "Cam-s3cret", "Casa-2024!",
    ):  # fmt: skip
        assert secret not in text
    data = json.loads(text)
    assert data["users"][USERNAME] == USERNAME  # placeholder password: the user's name
    assert "Hall dimmer" in text  # names kept by default

    copy = EmulatorThread(first).start()
    try:
        again = Cli(copy, run.config)
        second = tmp_path / "second.json"
        result = again("snapshot", "-o", str(second), env={"CAMEDOMOTIC_PASSWORD": USERNAME})
        assert result.exit_code == 0, result.stderr
    finally:
        copy.stop()
    assert second.read_text(encoding="utf-8") == text


def test_snapshot_anonymized_is_stable(run: Cli, tmp_path: Path) -> None:
    first = tmp_path / "anon.json"
    assert run("snapshot", "--anonymize-names", "-o", str(first)).exit_code == 0
    text = first.read_text(encoding="utf-8")
    for name in ("Hall dimmer", "Kitchen", "Ground floor", USERNAME, "Driveway"):
        assert name not in text
    data = json.loads(text)
    assert [light["name"] for light in data["lights"]][:2] == ["Light 1", "Light 2"]

    copy = EmulatorThread(first).start()
    try:
        second = tmp_path / "anon2.json"
        result = Cli(copy, run.config)(
            "snapshot", "--anonymize-names", "-o", str(second),
            env={"CAMEDOMOTIC_USERNAME": "user1", "CAMEDOMOTIC_PASSWORD": "user1"},
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    finally:
        copy.stop()
    assert second.read_text(encoding="utf-8") == text


def test_snapshot_to_stdout_is_valid_json(run: Cli) -> None:
    result = run("snapshot", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["server"]["keycode"] == "0000000000000000"
    assert_no_secret(result)


def test_snapshot_summary_counts_every_family(run: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plant.json"
    result = run("snapshot", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert result.stderr.count("\n") == 1, result.stderr
    summary = result.stderr.strip().removeprefix(f"Wrote {out}: ").split(", ")

    def counted(count: int, label: str) -> str:
        return f"{count} {label.removesuffix('s') if count == 1 else label}"

    sensors = [k for k in ("temperature", "humidity", "pressure") if k in data["thermo"]]
    expected = [
        counted(len(data["lights"]), "lights"),
        counted(len(data["thermo"]["zones"]), "thermo zones"),
        counted(len(sensors), "analog sensors"),
        counted(len(data["analog_inputs"]), "analog inputs"),
        counted(len(data["energy_meters"]), "energy meters"),
        counted(len(data["irrigation"]), "irrigation sectors"),
        counted(len(data["sound"]), "sound zones"),
        counted(len(data["security"]["areas"]), "security areas"),
        counted(len(data["security"]["outputs"]), "security outputs"),
    ]
    assert data["thermo"]["zones"]
    assert sensors
    for item in expected:
        assert item in summary, (item, summary)


def test_watch_json_step_step_light_has_no_brightness(
    emu: EmulatorThread, config_file: Path
) -> None:
    with watching(emu, config_file, "lights", count=2) as proc:
        emu.call(emu.emulator.plant.set_light, 5, 1)  # Hall light: step-step
        emu.call(emu.emulator.plant.set_light, 6, 1, perc=60)  # Hall dimmer
        out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, err
    states = {
        e["id"]: e["state"] for e in map(json.loads, out.splitlines()) if e["event"] == "updated"
    }
    assert states[5] == {"status": "on", "type": "step step", "brightness": None, "rgb": None}
    assert states[6]["brightness"] == 60
