"""The CLI shows no secret, even at -vv (every library debug message and the traffic log):
info, list, users list, watch --json --count, and a refused login."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli.conftest import TIMEOUT, EmulatorThread

from .conftest import (
    PASSWORD,
    USERNAME,
    WRONG_PASSWORD,
    assert_no_secret,
    record_texts,
    secure_plant,
    static_secrets,
)

CLI = [sys.executable, "-m", "aiocamedomotic.cli", "-vv"]
#: How a session id looks (8 lower-case hex digits, PROTOCOL.md §2.2): none may be printed.
SESSION_ID = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{8}(?![0-9A-Za-z])")


@pytest.fixture
def emu(debug_logs: pytest.LogCaptureFixture) -> Iterator[EmulatorThread]:
    server = EmulatorThread(secure_plant(), username=USERNAME, password=PASSWORD).start()
    yield server
    server.stop()


def env(emu: EmulatorThread, tmp_path: Path, password: str = PASSWORD) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("CAMEDOMOTIC_")}
    config = tmp_path / "config.toml"
    config.touch()
    return {
        **base,
        "PYTHONUNBUFFERED": "1",
        "COLUMNS": "200",
        "CAMEDOMOTIC_CONFIG": str(config),
        "CAMEDOMOTIC_HOST": emu.host,
        "CAMEDOMOTIC_USERNAME": USERNAME,
        "CAMEDOMOTIC_PASSWORD": password,
    }


def run(*args: str, environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own CLI with the test's arguments
        [*CLI, *args], capture_output=True, text=True, timeout=TIMEOUT, check=False, env=environ
    )


def test_cli_output_has_no_secret(
    emu: EmulatorThread, tmp_path: Path, debug_logs: pytest.LogCaptureFixture
) -> None:
    environ = env(emu, tmp_path)
    outputs: list[str] = []
    session_ids: set[str] = set()
    for args in (("info",), ("info", "--json"), ("list",), ("list", "--json"), ("users", "list")):
        result = run(*args, environ=environ)
        assert result.returncode == 0, result.stderr
        outputs += [result.stdout, result.stderr]
    assert "DEBUG" in outputs[-1] or "sl_registration_req" in outputs[-1]  # -vv really logs

    # watch: the session is alive while it runs, so its id can be collected
    proc = subprocess.Popen(  # noqa: S603 - our own CLI
        [*CLI, "watch", "lights", "--json", "--count", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
    )
    try:
        emu.wait_until(lambda: emu.emulator.stats.pending_polls > 0)
        session_ids.update(emu.call(lambda: list(emu.emulator.sessions)))
        emu.call(emu.emulator.plant.toggle_light, 3)
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert '"event": "updated"' in out or '"event":"updated"' in out
    outputs += [out, err]

    # a refused login: a clear error, no password (neither the wrong one nor the right one)
    refused = run("info", environ=env(emu, tmp_path, WRONG_PASSWORD))
    assert refused.returncode != 0
    assert "password" in (refused.stdout + refused.stderr).lower()
    outputs += [refused.stdout, refused.stderr]

    assert session_ids
    plant = emu.call(lambda: emu.emulator.plant)
    assert_no_secret(static_secrets(plant) | session_ids, outputs)
    # ids of the short commands' sessions (gone once they logged out): nothing that looks
    # like one (all-digit tokens are data such as radio node ids)
    for text in outputs:
        looks_like = [token for token in SESSION_ID.findall(text) if not token.isdigit()]
        assert not looks_like, looks_like
    # the emulator's own log (in this process) at DEBUG
    emulator_records = [
        r for r in debug_logs.records if r.name.startswith("aiocamedomotic.emulator")
    ]
    assert any(r.levelno == logging.DEBUG for r in emulator_records)
    assert_no_secret(static_secrets(plant) | session_ids, record_texts(emulator_records))
