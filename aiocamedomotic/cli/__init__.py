"""CLI layer: ``camedomotic``, a command-line tool built on the library's public API only.

Run ``camedomotic --help``, or ``camedomotic demo`` to try it against the embedded
emulator. Commands are documented in ``CLI.md``. The command needs the ``cli`` extra; without
it, :func:`main` says so in one line instead of a traceback.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import cli

__all__ = ["cli", "main"]

#: The distributions of the ``cli`` extra, by the module each provides.
_EXTRA_MODULES = ("click", "rich", "platformdirs")


def main() -> None:
    """Entry point of the ``camedomotic`` console script."""
    missing = [name for name in _EXTRA_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        sys.stderr.write(
            f"camedomotic needs the command-line extra (missing: {', '.join(missing)}): "
            "pip install 'aiocamedomotic[cli]'\n"
        )
        sys.exit(1)
    from .app import main as run

    run()


def __getattr__(name: str) -> Any:
    # ``aiocamedomotic.cli.cli`` (the click group) is imported on first access, so that
    # main() can check the extra before anything imports click.
    if name == "cli":
        from .app import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
