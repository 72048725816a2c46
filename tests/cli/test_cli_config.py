"""CLI: host forms, the configuration file and the option > env > file precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiocamedomotic.cli.app import App
from aiocamedomotic.cli.config import load_config, normalise_host
from aiocamedomotic.cli.errors import CliError, ExitCode


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("192.168.1.3", "192.168.1.3"),
        ("192.168.1.3:8080", "192.168.1.3:8080"),
        ("http://192.168.1.3/domo/", "192.168.1.3"),
        ("http://came.local:81", "came.local:81"),
        ("[fe80::1]:8080", "[fe80::1]:8080"),
        (" came.local ", "came.local"),
    ],
)
def test_normalise_host(typed: str, expected: str) -> None:
    assert normalise_host(typed) == expected


@pytest.mark.parametrize("typed", ["https://came.local", "came.local:99999", "", "http://"])
def test_normalise_host_rejects(typed: str) -> None:
    with pytest.raises(CliError) as caught:
        normalise_host(typed)
    assert caught.value.exit_code == ExitCode.USAGE


def test_host_with_credentials_is_refused_without_echo() -> None:
    with pytest.raises(CliError) as caught:
        normalise_host("http://admin:s3cret@came.local/")
    assert "s3cret" not in caught.value.format_message()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_config(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'host = "came.local"\nusername = "admin"\npassword = "pw"\n'
        '[aliases]\nHall = "Hall dimmer"\n',
    )
    config = load_config(path, required=True)
    assert (config.host, config.username, config.password) == ("came.local", "admin", "pw")
    assert config.aliases == {"hall": "Hall dimmer"}
    assert "pw" not in repr(config)


def test_missing_default_config_is_empty(tmp_path: Path) -> None:
    config = load_config(tmp_path / "absent.toml", required=False)
    assert config.host is None
    assert config.aliases == {}


@pytest.mark.parametrize(
    "text",
    [
        'password = "hunter2" oops',  # not TOML
        "host = 3",  # wrong type
        'colour = "red"',  # unknown key
        "[aliases]\nhall = 3\n",
    ],
)
def test_bad_config_is_a_config_error_without_content(tmp_path: Path, text: str) -> None:
    with pytest.raises(CliError) as caught:
        load_config(write(tmp_path, text), required=True)
    assert caught.value.exit_code == ExitCode.CONFIG
    assert "hunter2" not in caught.value.format_message()


def test_missing_named_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CliError) as caught:
        load_config(tmp_path / "absent.toml", required=True)
    assert caught.value.exit_code == ExitCode.CONFIG


def test_precedence_option_over_config(tmp_path: Path) -> None:
    path = write(tmp_path, 'host = "file-host"\nusername = "file-user"\npassword = "file-pw"\n')
    # Options (and, through click, environment variables) win; the file fills the rest.
    app = App(host="option-host:81", username=None, password=None, config_path=path)
    creds = app.credentials()
    assert (creds.host, creds.username, creds.password) == (
        "option-host:81",
        "file-user",
        "file-pw",
    )
    assert "file-pw" not in repr(creds)


def test_missing_host_is_a_usage_error(tmp_path: Path) -> None:
    app = App(username="u", password="p", config_path=write(tmp_path, ""))
    with pytest.raises(CliError) as caught:
        app.credentials()
    assert caught.value.exit_code == ExitCode.USAGE
    assert "--host" in caught.value.format_message()
