"""Emulator layer: a faithful, stateful CAME ETI/Domo server (tests, demos, downstream use).

It speaks the real protocol (``PROTOCOL.md``) over real HTTP and shares only
:mod:`aiocamedomotic.const` and :mod:`aiocamedomotic.errors` with the client.

Example::

    async with CameEmulator() as emu:          # demo plant, user admin/admin
        api = await CameDomoticAPI.async_create(emu.host, "admin", "admin")

Standalone: ``python -m aiocamedomotic.emulator --port 8080``.

A device family is a :class:`Family` subclass registered with :func:`register_family`
(every module of :mod:`aiocamedomotic.emulator.devices` does so; CONTRIBUTING.md shows how
to add one).
"""

from __future__ import annotations

from .devices.base import Family, register_family, unregister_family
from .guard import Limits
from .hooks import Hook
from .lively import Lively
from .plant import AppDataError, Plant, Variants
from .server import HOOKS, CameEmulator, EmulatorStats, announcement, load_plant, run_emulator
from .sessions import Session

__all__ = [
    "HOOKS",
    "AppDataError",
    "CameEmulator",
    "EmulatorStats",
    "Family",
    "Hook",
    "Limits",
    "Lively",
    "Plant",
    "Session",
    "Variants",
    "announcement",
    "load_plant",
    "register_family",
    "run_emulator",
    "unregister_family",
]
