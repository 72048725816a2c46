"""CLI layer: the errors a person sees, one line each, and their exit codes.

Every failure the CLI reports goes through :class:`CliError` so that it prints one line on
stderr and exits with a code a script can test (the table is in ``CLI.md``). Library errors
are translated by :func:`from_library`; their messages never hold a secret, and the CLI adds
none.
"""

from __future__ import annotations

from enum import IntEnum

import click

from aiocamedomotic.errors import (
    CameDomoticAuthError,
    CameDomoticError,
    CameDomoticServerError,
    CameDomoticServerNotFoundError,
    CameDomoticServerTimeoutError,
    CameDomoticTooManySessionsError,
)

__all__ = ["CliError", "Declined", "ExitCode", "from_library"]


class ExitCode(IntEnum):
    """Exit codes of ``camedomotic``; stable, documented in ``CLI.md``."""

    OK = 0
    ERROR = 1
    """A server-side failure, or an unexpected error."""
    USAGE = 2
    """A bad command line or an invalid value (nothing was sent)."""
    AUTH = 3
    """The server rejected the user name or password."""
    TOO_MANY_SESSIONS = 4
    """The server's session table is full: wait, do not change the password."""
    UNREACHABLE = 5
    """Nothing answers at the host, or it is not a CAME Domotic server."""
    TIMEOUT = 6
    """The server did not answer in time."""
    UNKNOWN_DEVICE = 7
    """No device matches the name."""
    AMBIGUOUS_DEVICE = 8
    """Several devices match the name."""
    CONFIG = 9
    """The configuration file cannot be read."""
    UNSUPPORTED = 10
    """The server does not offer the feature the command needs (nothing was sent to it)."""
    DECLINED = 11
    """The answer to a confirmation prompt was no: nothing was changed."""
    NO_INPUT = 12
    """The input ended (end of file) before a prompt was answered: nothing was changed."""
    INTERRUPTED = 130
    """Stopped with Ctrl-C."""


class CliError(Exception):
    """An error shown as one line on stderr, exiting with its own code.

    Attributes:
        message: the one-line message (never holds a secret).
        exit_code: the process exit code.
    """

    def __init__(self, message: str, exit_code: ExitCode = ExitCode.ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = int(exit_code)

    def format_message(self) -> str:
        """The message, as click's exceptions name it."""
        return self.message

    def show(self) -> None:
        """Print ``Error: <message>`` on stderr (one line)."""
        click.echo(f"Error: {self.message}", err=True)


class Declined(CliError):
    """The person answered no: a normal outcome, shown without ``Error:`` (exit code 11)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, ExitCode.DECLINED)

    def show(self) -> None:
        """Print the message on stderr as it is."""
        click.echo(self.message, err=True)


def from_library(err: CameDomoticError, host: str | None = None) -> CliError:
    """Translate a library error into the one-line error a person understands.

    Args:
        err: the library's error (its message never holds a secret).
        host: the host the CLI talked to, for context; ``None`` when unknown.

    Returns:
        The :class:`CliError` to raise.
    """
    where = f" at {host}" if host else ""
    # Order matters: the too-many-sessions error is an auth error, and the timeout error a
    # server error.
    if isinstance(err, CameDomoticTooManySessionsError):
        return CliError(
            f"the server{where} has too many open sessions; wait a few minutes for old "
            "sessions to expire, then retry (the password is not the problem)",
            ExitCode.TOO_MANY_SESSIONS,
        )
    if isinstance(err, CameDomoticAuthError):
        return CliError(f"the server{where} rejected the user name or password", ExitCode.AUTH)
    if isinstance(err, CameDomoticServerNotFoundError) and isinstance(err.__cause__, TimeoutError):
        # The library's host check gave up waiting: that is a timeout, not an absent host.
        return CliError(f"the server{where} did not answer in time", ExitCode.TIMEOUT)
    if isinstance(err, CameDomoticServerNotFoundError):
        return CliError(
            f"no CAME Domotic server answers{where}: check the host and the network",
            ExitCode.UNREACHABLE,
        )
    if isinstance(err, CameDomoticServerTimeoutError):
        return CliError(f"the server{where} did not answer in time", ExitCode.TIMEOUT)
    if isinstance(err, CameDomoticServerError):
        return CliError(f"the server{where} reported an error: {err}", ExitCode.ERROR)
    return CliError(f"{type(err).__name__}: {err}", ExitCode.ERROR)
