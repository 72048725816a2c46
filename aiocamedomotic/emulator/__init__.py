"""Emulator layer: a faithful, stateful CAME ETI/Domo server (tests, demos, downstream use).

It speaks the real protocol (``PROTOCOL.md``) over real HTTP and shares only
:mod:`aiocamedomotic.const` and :mod:`aiocamedomotic.errors` with the client.

Example::

    async with CameEmulator() as emu:          # demo plant, user admin/admin
        api = await CameDomoticAPI.async_create(emu.host, "admin", "admin")

Standalone: ``python -m aiocamedomotic.emulator --port 8080``.
"""

from __future__ import annotations

from .guard import Limits
from .plant import AppDataError, Plant, Variants
from .server import CameEmulator, EmulatorStats, load_plant, run_emulator
from .sessions import Session

__all__ = [
    "AppDataError",
    "CameEmulator",
    "EmulatorStats",
    "Limits",
    "Plant",
    "Session",
    "Variants",
    "load_plant",
    "run_emulator",
]
