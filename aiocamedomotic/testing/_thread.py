"""Test kit: an in-process emulator serving from a thread of its own, for synchronous tests."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from ..emulator import CameEmulator
from ..emulator.server import PlantSource
from ._running import Running

__all__ = ["EmulatorThread"]

T = TypeVar("T")


class EmulatorThread(Running):
    """A :class:`~aiocamedomotic.emulator.CameEmulator` serving from a background thread with
    its own event loop.

    For synchronous tests of code that runs its own loop (``asyncio.run``: a command line,
    a script): the emulator cannot share that loop. Reach its plant through :meth:`call`,
    which runs a function on the emulator's loop and waits for it. Use it as a context
    manager, or call :meth:`start` and :meth:`stop`.

    Args:
        plant: what :class:`~aiocamedomotic.emulator.CameEmulator` takes (default: the demo
            plant).
        timeout: seconds to wait for the start, the stop and each :meth:`call`.
        **options: more ``CameEmulator`` keyword arguments (``username=``...).
    """

    def __init__(self, plant: PlantSource = None, *, timeout: float = 20.0, **options: Any):
        self._plant = plant
        self._options = options
        self._timeout = timeout
        self._loop = asyncio.new_event_loop()
        self._started: concurrent.futures.Future[CameEmulator] = concurrent.futures.Future()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(
            target=self._loop.run_until_complete,
            args=(self._serve(),),
            name="camedomotic-emulator",
            daemon=True,
        )

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        try:
            async with CameEmulator(self._plant, **self._options) as emulator:
                self._started.set_result(emulator)
                await self._stop.wait()
        except BaseException as err:
            if not self._started.done():
                self._started.set_exception(err)
            raise

    def start(self) -> EmulatorThread:
        """Start serving; returns once the emulator listens.

        Raises:
            Exception: what the emulator raised on start (a bad plant...).
        """
        self._thread.start()
        #: The emulator (its methods run on its own loop: use :meth:`call`).
        self.emulator = self._started.result(timeout=self._timeout)
        return self

    def stop(self) -> None:
        """Stop serving and close the loop."""
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=self._timeout)
        if not self._thread.is_alive():
            self._loop.close()

    @property
    def host(self) -> str:
        """``127.0.0.1:<port>``: the ``host`` of ``CameDomoticAPI``."""
        return self.emulator.host

    def call(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``func(*args, **kwargs)`` on the emulator's loop and return its result
        (``server.call(server.emulator.plant.set_light, 1, 1)``)."""

        async def run() -> T:
            return func(*args, **kwargs)

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout=self._timeout)

    def device(self, family: str, ident: int) -> dict[str, Any]:
        """The emulator's true state of one device (plant-file form)."""
        return self.call(self.emulator.plant.device, family, ident)

    def wait_until(self, predicate: Callable[[], bool]) -> None:
        """Wait (on the emulator's loop, woken by each change of its plant) until
        ``predicate()`` holds.

        Raises:
            TimeoutError: still false after the timeout.
        """
        asyncio.run_coroutine_threadsafe(
            asyncio.wait_for(self.emulator.wait_until(predicate), self._timeout), self._loop
        ).result(timeout=self._timeout + 1)
