"""CLI layer: ``camedomotic``, a command-line tool built on the library's public API only.

Run ``camedomotic --help``, or ``camedomotic demo`` to try it against the embedded
emulator. Commands are documented in ``CLI.md``.
"""

from __future__ import annotations

from . import commands as _commands  # noqa: F401 - registers every command on the group
from .app import cli, main

__all__ = ["cli", "main"]
