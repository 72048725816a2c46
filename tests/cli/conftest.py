"""Fixtures of the CLI tests: an emulator on its own thread, and a way to run the CLI.

The CLI runs its own event loop (``asyncio.run``), so the emulator cannot share the test's
loop: the test kit's ``emulator_thread`` serves from a background thread with its own loop,
and tests reach its plant through :meth:`EmulatorThread.call`, which runs a function on that
loop and waits for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aiocamedomotic.cli import cli
from aiocamedomotic.emulator import Plant, Variants
from aiocamedomotic.testing import EmulatorThread

__all__ = ["EmulatorThread"]

#: Credentials of the test user; the password is distinctive so a leak is easy to spot.
USERNAME = "tester"
PASSWORD = "Pw-9f3c-NEVER-SHOWN"
#: Safety net only: nothing waits on a timer to synchronise.
TIMEOUT = 20.0

#: Short timings so that moves and scenarios finish quickly.
FAST = Variants(opening_travel_time=0.3, slat_time=0.1, scenario_delay=0.05)


@pytest.fixture
def emulator_plant() -> Plant:
    """The demo plant with short timings."""
    return Plant.demo(variants=FAST)


@pytest.fixture
def credentials() -> tuple[str, str]:
    """The test user."""
    return USERNAME, PASSWORD


@pytest.fixture
def emu(emulator_thread: EmulatorThread) -> EmulatorThread:
    """The plugin's ``emulator_thread``: the demo plant (short timings) with the test user."""
    return emulator_thread


@dataclass
class Cli:
    """Runs ``camedomotic`` in process against the emulator, with a private config file."""

    emu: EmulatorThread
    config: Path

    def __call__(
        self,
        *args: str,
        input: str | None = None,
        env: Mapping[str, str | None] | None = None,
        connect: bool = True,
    ) -> Result:
        """Invoke the CLI; ``connect`` adds the emulator's host and the test credentials."""
        full_env: dict[str, str | None] = {
            "CAMEDOMOTIC_HOST": self.emu.host if connect else None,
            "CAMEDOMOTIC_USERNAME": USERNAME if connect else None,
            "CAMEDOMOTIC_PASSWORD": PASSWORD if connect else None,
            "CAMEDOMOTIC_CONFIG": str(self.config),
            # The completion cache of device names goes to the test's own directory.
            "XDG_CACHE_HOME": str(self.config.parent / "cache"),
            "COLUMNS": "200",
        }
        full_env.update(env or {})
        return CliRunner().invoke(
            cli, list(args), input=input, env=full_env, catch_exceptions=False
        )


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """An (empty) configuration file; tests write aliases into it."""
    path = tmp_path / "config.toml"
    path.write_text("", encoding="utf-8")
    return path


@pytest.fixture
def run(emu: EmulatorThread, config_file: Path) -> Cli:
    """Run the CLI against the ``emu`` emulator."""
    return Cli(emu, config_file)


def assert_no_secret(result: Result, secrets: Sequence[str] = (PASSWORD,)) -> None:
    """The password (or any given secret) appears neither on stdout nor on stderr."""
    for secret in secrets:
        assert secret not in result.stdout
        assert secret not in result.stderr
