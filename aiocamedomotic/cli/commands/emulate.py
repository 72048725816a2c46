"""CLI layer: ``emulate``, a standalone emulated server with a readable request log."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..app import App, async_command, cli
from ..errors import CliError, ExitCode
from ..output import out_console

if TYPE_CHECKING:
    from aiocamedomotic.emulator import CameEmulator, Plant


def load_plant_file(path: Path | None) -> Plant:
    """The plant in ``path`` (the demo plant when ``None``).

    Raises:
        CliError: (``USAGE``) the file cannot be read or is not a plant file.
    """
    from aiocamedomotic.emulator import Plant  # aiohttp's server side: only when serving

    if path is None:
        return Plant.demo()
    try:
        return Plant.from_file(path)
    except OSError as err:
        raise CliError(f"cannot read {path}: {err.strerror}", ExitCode.USAGE) from None
    except ValueError as err:
        raise CliError(f"{path} is not a valid plant file: {err}", ExitCode.USAGE) from None


@contextlib.contextmanager
def request_log(level: int) -> Iterator[None]:
    """Show the emulator's one-line-per-request log on stderr while the block runs."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    logger = logging.getLogger("aiocamedomotic.emulator")
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


@cli.command()
@click.option(
    "--plant",
    "plant_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Plant file (JSON, e.g. from 'camedomotic snapshot'); default: the demo plant.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--host", "bind", default="127.0.0.1", show_default=True, help="Address to listen on."
)
@click.option(
    "--lively",
    is_flag=True,
    help="Animate the plant: rooms warm and cool, probes wander, meters follow the loads, "
    "buttons get pressed, timers fire.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed of --lively (same seed, same life).",
)
@async_command
async def emulate(
    app: App, *, plant_path: Path | None, port: int, bind: str, lively: bool, seed: int
) -> None:
    """Run an emulated CAME server until Ctrl-C, logging each request.

    The demo plant's user is admin with password admin. Its web panel and control API are
    at /emulator/ on the same port (loopback only, unless $CAMEDOMOTIC_EMULATOR_TOKEN
    holds a token). -v also logs the (redacted) request and reply bodies.
    """
    from aiocamedomotic.emulator import CameEmulator, announcement, run_emulator
    from aiocamedomotic.emulator.control import CONTROL_TOKEN_ENV

    plant = load_plant_file(plant_path)
    emulator = CameEmulator(
        plant,
        host=bind,
        port=port,
        lively=lively,
        lively_seed=seed,
        control_token=os.environ.get(CONTROL_TOKEN_ENV) or None,
    )

    def ready(emulator: CameEmulator) -> None:
        # Tests and scripts wait for this exact line.
        click.echo(announcement(emulator))
        sys.stdout.flush()
        console = out_console()
        console.print(
            f"Try: camedomotic --host {emulator.host} -u {next(iter(plant.users), 'admin')} "
            "list    (Ctrl-C stops)",
            highlight=False,
        )
        console.file.flush()

    with request_log(logging.DEBUG if app.verbose else logging.INFO):
        try:
            await run_emulator(emulator, on_ready=ready)
        except OSError as err:
            raise CliError(
                f"cannot listen on {bind}:{port}: {err.strerror or err}", ExitCode.ERROR
            ) from None
