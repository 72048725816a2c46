"""Fixtures of the CLI tests: an emulator on its own thread, and a way to run the CLI.

The CLI runs its own event loop (``asyncio.run``), so the emulator cannot share the test's
loop: it serves from a background thread with its own loop, and tests reach its plant
through :meth:`ThreadedEmulator.call`, which runs a function on that loop and waits for it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from click.testing import CliRunner, Result

from aiocamedomotic.cli import cli
from aiocamedomotic.emulator import CameEmulator, Plant, Variants

T = TypeVar("T")

#: Credentials of the test user; the password is distinctive so a leak is easy to spot.
USERNAME = "tester"
PASSWORD = "Pw-9f3c-NEVER-SHOWN"
#: Safety net only: nothing waits on a timer to synchronise.
TIMEOUT = 20.0

#: Short timings so that moves and scenarios finish quickly.
FAST = Variants(opening_travel_time=0.3, slat_time=0.1, scenario_delay=0.05)


class ThreadedEmulator:
    """A :class:`CameEmulator` serving from a background thread with its own event loop."""

    def __init__(self, plant: Plant | Path | None = None, **kwargs: Any) -> None:
        self._plant = plant
        self._kwargs = kwargs
        self._loop = asyncio.new_event_loop()
        self._started: concurrent.futures.Future[CameEmulator] = concurrent.futures.Future()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(
            target=self._loop.run_until_complete, args=(self._serve(),), daemon=True
        )

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        try:
            async with CameEmulator(self._plant, **self._kwargs) as emulator:
                self._started.set_result(emulator)
                await self._stop.wait()
        except BaseException as err:
            if not self._started.done():
                self._started.set_exception(err)
            raise

    def start(self) -> ThreadedEmulator:
        """Start serving; returns once the emulator listens."""
        self._thread.start()
        self.emulator = self._started.result(timeout=TIMEOUT)
        return self

    def stop(self) -> None:
        """Stop serving and close the loop."""
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=TIMEOUT)
        self._loop.close()

    @property
    def host(self) -> str:
        """``127.0.0.1:<port>``."""
        return self.emulator.host

    def call(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``func(*args, **kwargs)`` on the emulator's loop and return its result."""

        async def run() -> T:
            return func(*args, **kwargs)

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout=TIMEOUT)

    def device(self, family: str, ident: int) -> dict[str, Any]:
        """The emulator's true state of one device (plant-file form)."""
        return self.call(self.emulator.plant.device, family, ident)

    def wait_until(self, predicate: Callable[[], bool]) -> None:
        """Wait (on the emulator's loop) until ``predicate()`` holds."""
        asyncio.run_coroutine_threadsafe(
            asyncio.wait_for(self.emulator.wait_until(predicate), TIMEOUT), self._loop
        ).result(timeout=TIMEOUT + 1)


@pytest.fixture
def emu() -> Iterator[ThreadedEmulator]:
    """The demo plant (short timings) with the test user, served from a thread."""
    server = ThreadedEmulator(
        Plant.demo(variants=FAST), username=USERNAME, password=PASSWORD
    ).start()
    yield server
    server.stop()


@dataclass
class Cli:
    """Runs ``camedomotic`` in process against the emulator, with a private config file."""

    emu: ThreadedEmulator
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
def run(emu: ThreadedEmulator, config_file: Path) -> Cli:
    """Run the CLI against the ``emu`` emulator."""
    return Cli(emu, config_file)


def assert_no_secret(result: Result, secrets: Sequence[str] = (PASSWORD,)) -> None:
    """The password (or any given secret) appears neither on stdout nor on stderr."""
    for secret in secrets:
        assert secret not in result.stdout
        assert secret not in result.stderr
