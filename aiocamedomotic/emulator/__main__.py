"""Emulator layer: ``python -m aiocamedomotic.emulator``, a standalone emulated server.

Prints one line with ``listening``, the URL and the panel's URL once ready, logs one line
per request on standard error (logger ``aiocamedomotic.emulator``) and stops cleanly on
Ctrl-C or SIGTERM. The control API's token, if any, is read from the environment variable
``CAMEDOMOTIC_EMULATOR_TOKEN``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence

from ..const import DEFAULT_KEEP_ALIVE_TIMEOUT_SEC
from .control import CONTROL_TOKEN_ENV
from .server import CameEmulator, run_emulator


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m aiocamedomotic.emulator",
        description="Run an emulated CAME Domotic (ETI/Domo) server.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=8080, help="port to bind, 0 for any (default: %(default)s)"
    )
    parser.add_argument("--username", help="make sure this user exists (with --password)")
    parser.add_argument("--password", help="password of --username")
    parser.add_argument("--plant", metavar="FILE", help="plant JSON file (default: demo plant)")
    parser.add_argument(
        "--keep-alive-timeout",
        type=int,
        default=DEFAULT_KEEP_ALIVE_TIMEOUT_SEC,
        help="session inactivity timeout in seconds (default: %(default)s)",
    )
    parser.add_argument(
        "--max-sessions", type=int, default=25, help="session table size (default: %(default)s)"
    )
    parser.add_argument(
        "--lively",
        action="store_true",
        help="animate the plant: temperatures, probes, meters, button presses, timers",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of --lively (default: %(default)s)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log request/reply bodies")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the emulator until interrupted.

    Returns:
        The process exit code: 0 after a clean stop, 2 for bad arguments, 1 if it cannot
        start (the port is taken, the plant file is unreadable or invalid).
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if (args.username is None) != (args.password is None):
        parser.error("--username and --password go together")
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.verbose:  # request and reply bodies (passwords redacted)
        logging.getLogger("aiocamedomotic.emulator").setLevel(logging.DEBUG)
    try:
        # The control token comes from the environment only: never from a command line,
        # which other users of the machine can read.
        emulator = CameEmulator(
            args.plant,
            host=args.host,
            port=args.port,
            username=args.username,
            password=args.password,
            keep_alive_timeout=args.keep_alive_timeout,
            max_sessions=args.max_sessions,
            lively=args.lively,
            lively_seed=args.seed,
            control_token=os.environ.get(CONTROL_TOKEN_ENV) or None,
        )
        asyncio.run(run_emulator(emulator))
    except KeyboardInterrupt:  # where signal handlers cannot be installed (Windows)
        return 0
    except (OSError, ValueError) as exc:  # port taken, unreadable or invalid plant file
        print(f"error: cannot start the emulator: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
