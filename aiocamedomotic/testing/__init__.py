"""Test kit: the emulator, plant builders and live-plant waits for downstream test suites.

Installed with the ``testing`` extra (``pip install aiocamedomotic[testing]``), which adds
pytest and pytest-asyncio; the pytest plugin :mod:`aiocamedomotic.testing.plugin` is then
registered by itself (entry point ``pytest11``) and offers the fixtures ``emulator``,
``emulator_thread``, ``emulator_process``, ``api`` and ``live`` (``docs/testing.md``). Importing
:mod:`aiocamedomotic` never imports this package, and this module does not import pytest.

* :class:`PlantBuilder` - a plant with the devices a test needs, one call per device;
* :class:`EmulatorThread` - an in-process emulator on a thread, for synchronous tests;
* :class:`EmulatorProcess` - the standalone emulator as a child process, hooks included;
* :func:`expect_event`, :func:`async_wait_synced` - wait for a live-plant condition, on its
  events, with a timeout;
* :func:`plant_differences`, :func:`true_items` - compare the live registries with the
  emulator's true state;
* :class:`NoSender` - a session for entities built offline, which must never send.
"""

from __future__ import annotations

from ._builder import PlantBuilder
from ._process import EmulatorProcess
from ._thread import EmulatorThread
from ._waits import NoSender, async_wait_synced, expect_event, plant_differences, true_items

__all__ = [
    "EmulatorProcess",
    "EmulatorThread",
    "NoSender",
    "PlantBuilder",
    "async_wait_synced",
    "expect_event",
    "plant_differences",
    "true_items",
]
