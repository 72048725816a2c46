"""CLI against the emulator: info, probe, users, connection settings and error exit codes."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from aiocamedomotic.cli.errors import ExitCode

from .conftest import PASSWORD, USERNAME, Cli, EmulatorThread, assert_no_secret


def free_host() -> str:
    """``127.0.0.1:<port>`` where nothing listens (the port was just released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"127.0.0.1:{port}"


def test_info_json_has_stable_keys_and_no_identifiers(run: Cli, emu: EmulatorThread) -> None:
    result = run("info", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "host",
        "software_version",
        "type",
        "board",
        "features",
        "latency_ms",
    }
    assert data["host"] == emu.host
    assert "lights" in data["features"]
    server = emu.emulator.plant.server
    assert_no_secret(result, [PASSWORD, server["keycode"], server["serial"]])


def test_info_table(run: Cli) -> None:
    result = run("info")
    assert result.exit_code == 0, result.stderr
    assert "Software" in result.stdout
    assert "3.0.1" in result.stdout


def test_verbose_shows_redacted_traffic_on_stderr(run: Cli) -> None:
    result = run("-v", "info", "--json")
    assert result.exit_code == 0
    assert "aiocamedomotic.traffic" in result.stderr
    assert "sl_registration_req" in result.stderr
    assert_no_secret(result)
    json.loads(result.stdout)  # the log never pollutes stdout


def test_wrong_password(run: Cli) -> None:
    result = run("info", env={"CAMEDOMOTIC_PASSWORD": "wrong-pw"})
    assert result.exit_code == ExitCode.AUTH
    assert result.stderr.count("\n") == 1
    assert "rejected the user name or password" in result.stderr
    assert "wrong-pw" not in result.stderr
    assert "Traceback" not in result.stderr


def test_too_many_sessions(run: Cli, emu: EmulatorThread) -> None:
    emu.call(emu.emulator.fill_session_table)
    result = run("info")
    assert result.exit_code == ExitCode.TOO_MANY_SESSIONS
    assert "too many open sessions" in result.stderr


def test_unreachable_host(run: Cli) -> None:
    result = run("info", env={"CAMEDOMOTIC_HOST": free_host()})
    assert result.exit_code == ExitCode.UNREACHABLE
    assert result.stderr.startswith("Error: no CAME Domotic server answers")
    assert "Traceback" not in result.stderr


def test_debug_shows_traceback(run: Cli) -> None:
    result = run("--debug", "info", env={"CAMEDOMOTIC_HOST": free_host()})
    assert result.exit_code == ExitCode.UNREACHABLE
    assert "Traceback" in result.stderr


def test_timeout(run: Cli, emu: EmulatorThread) -> None:
    emu.call(emu.emulator.delay_replies, 30, cmd_name="feature_list_req")
    result = run("--timeout", "1", "info")
    assert result.exit_code == ExitCode.TIMEOUT
    assert "did not answer in time" in result.stderr


def test_missing_credentials_is_a_usage_error(run: Cli) -> None:
    result = run("info", env={"CAMEDOMOTIC_USERNAME": None})
    assert result.exit_code == ExitCode.USAGE
    assert "no user name" in result.stderr


def test_options_override_environment(run: Cli, emu: EmulatorThread) -> None:
    result = run(
        "--host",
        f"http://{emu.host}/domo/",
        "-u",
        USERNAME,
        "-p",
        PASSWORD,
        "info",
        "--json",
        env={"CAMEDOMOTIC_HOST": free_host(), "CAMEDOMOTIC_PASSWORD": "wrong"},
    )
    assert result.exit_code == 0, result.stderr


def test_password_from_stdin(run: Cli) -> None:
    result = run(
        "--password-stdin",
        "info",
        "--json",
        input=PASSWORD + "\n",
        env={"CAMEDOMOTIC_PASSWORD": None},
    )
    assert result.exit_code == 0, result.stderr
    assert_no_secret(result)


def test_credentials_from_config_file(run: Cli, emu: EmulatorThread, tmp_path: Path) -> None:
    config = tmp_path / "creds.toml"
    config.write_text(
        f'host = "{emu.host}"\nusername = "{USERNAME}"\npassword = "{PASSWORD}"\n',
        encoding="utf-8",
    )
    result = run("--config", str(config), "info", "--json", connect=False)
    assert result.exit_code == 0, result.stderr
    assert_no_secret(result)


def test_bad_config_file_exit_code(run: Cli, tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("host = [", encoding="utf-8")
    result = run("info", env={"CAMEDOMOTIC_CONFIG": str(config), "CAMEDOMOTIC_HOST": None})
    assert result.exit_code == ExitCode.CONFIG


def test_probe(run: Cli, emu: EmulatorThread) -> None:
    result = run("probe", emu.host, "--mac", "001cb2aabbcc", "--json", connect=False)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == {
        "hosts": [{"host": emu.host, "came_endpoint": True}],
        "mac": "00:1C:B2:AA:BB:CC",
        "mac_is_came": True,
    }


def test_probe_failure_exit_code(run: Cli) -> None:
    host = free_host()
    result = run("probe", host, "--mac", "00:11:22:33:44:55", connect=False)
    assert result.exit_code == ExitCode.UNREACHABLE
    assert f"{host}: no CAME Domotic server" in result.stdout
    assert "not a known CAME prefix" in result.stdout


def test_probe_bad_mac(run: Cli, emu: EmulatorThread) -> None:
    result = run("probe", emu.host, "--mac", "zz", connect=False)
    assert result.exit_code == ExitCode.USAGE


def test_users_list_add_passwd_delete(run: Cli, emu: EmulatorThread) -> None:
    result = run("users", "list", "--json")
    assert result.exit_code == 0, result.stderr
    assert {"name": USERNAME} in json.loads(result.stdout)

    new_pw = "Guest-Pw-77"
    # Piped input: each password is one line (typed twice only at a terminal).
    result = run("users", "add", "guest", input=f"{new_pw}\n")
    assert result.exit_code == 0, result.stderr
    assert emu.call(lambda: dict(emu.emulator.plant.users))["guest"] == new_pw
    assert_no_secret(result, [PASSWORD, new_pw])

    other_pw = "Guest-Pw-88"
    result = run("users", "passwd", "guest", input=f"{new_pw}\n{other_pw}\n")
    assert result.exit_code == 0, result.stderr
    assert emu.call(lambda: dict(emu.emulator.plant.users))["guest"] == other_pw
    assert_no_secret(result, [PASSWORD, new_pw, other_pw])

    result = run("users", "delete", "guest", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "guest" not in emu.call(lambda: dict(emu.emulator.plant.users))


def test_users_delete_unknown(run: Cli) -> None:
    result = run("users", "delete", "nobody", "--yes")
    assert result.exit_code == ExitCode.UNKNOWN_DEVICE
    assert "no user named 'nobody'" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["light"],  # missing arguments
        ["list", "gizmos"],  # unknown family
        ["timer", "x", "slots", "06:00"],  # not 4 slots
        ["light", "x", "on", "--brightness", "120"],
    ],
)
def test_usage_errors_are_one_line_and_send_nothing(
    run: Cli, emu: EmulatorThread, args: list[str]
) -> None:
    before = emu.emulator.stats.http_requests
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.count("\n") == 1, result.stderr
    assert emu.emulator.stats.http_requests == before


@pytest.mark.parametrize(
    "args", [["info"], ["list", "lights"], ["users", "list"], ["light", "#5", "on"]]
)
@pytest.mark.parametrize("how", ["option", "env"])
def test_missing_explicit_config_fails_every_command(
    run: Cli, emu: EmulatorThread, tmp_path: Path, args: list[str], how: str
) -> None:
    missing = tmp_path / "absent.toml"
    requests = emu.emulator.stats.http_requests
    if how == "option":
        result = run("--config", str(missing), *args)
    else:
        result = run(*args, env={"CAMEDOMOTIC_CONFIG": str(missing)})
    assert result.exit_code == ExitCode.CONFIG
    assert result.stderr == f"Error: configuration file {missing} not found\n"
    assert result.stdout == ""
    assert emu.emulator.stats.http_requests == requests
    assert emu.device("lights", 5)["status"] == 0


def test_library_value_error_is_an_invalid_value(run: Cli, emu: EmulatorThread) -> None:
    new_pw = "Guest-Pw-99"
    result = run("users", "add", "guest", "--group", "", input=f"{new_pw}\n")
    assert result.exit_code == ExitCode.USAGE
    last = result.stderr.splitlines()[-1]
    assert last.startswith("Error: invalid value: group must be a non-empty string")
    assert "unexpected error" not in result.stderr
    assert "guest" not in emu.call(lambda: dict(emu.emulator.plant.users))
    assert_no_secret(result, [PASSWORD, new_pw])
