"""CLI layer: questions asked of the person running the command.

At a terminal a question is a prompt (hidden for secrets, through :mod:`getpass`). When
stdin is not a terminal the answer is the next line of stdin, read without a prompt or an
echo warning, so ``printf 'pw\\n' | camedomotic ...`` stays quiet. The end of the input
before an answer is its own outcome (:attr:`ExitCode.NO_INPUT`); answering no to a
confirmation is another (:attr:`ExitCode.DECLINED`). Ctrl-C stays an interruption.
"""

from __future__ import annotations

import contextlib
import getpass
import signal
import sys
import threading
from collections.abc import Iterator

from .errors import CliError, Declined, ExitCode

__all__ = ["ask", "confirm", "read_line"]

_YES = ("y", "yes")
_NO = ("", "n", "no")


def _ended(what: str) -> CliError:
    return CliError(f"the input ended before {what}", ExitCode.NO_INPUT)


def read_line(what: str) -> str:
    """The next line of stdin, without its line ending (``--password-stdin``, piped answers).

    Args:
        what: what the line holds, for the message (``"the password (--password-stdin)"``).

    Raises:
        CliError: (``NO_INPUT``) the input has ended.
    """
    line = sys.stdin.readline()
    if not line:
        raise _ended(what)
    return line.rstrip("\r\n")


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """Let Ctrl-C interrupt a blocking read at once, even inside :func:`asyncio.run`.

    ``asyncio.run`` answers the first Ctrl-C by cancelling its task, which a read blocking
    the event loop never sees: the prompt would wait for a second Ctrl-C. Python's own
    handler is put back for the time of the read.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _read(label: str, *, secret: bool) -> str:
    """One answer: typed at the terminal, or the next line of piped stdin."""
    if not sys.stdin.isatty():
        return read_line(f"an answer to {label!r}")
    try:
        with _interruptible():
            if secret:
                return getpass.getpass(f"{label}: ", stream=sys.stderr)
            sys.stderr.write(f"{label}: ")
            sys.stderr.flush()
            return input()
    except EOFError:
        sys.stderr.write("\n")  # Ctrl-D leaves the cursor on the prompt's line
        raise _ended(f"an answer to {label!r}") from None
    except KeyboardInterrupt:
        sys.stderr.write("\n")  # so is Ctrl-C; the interruption goes on (exit 130)
        raise


def ask(label: str, *, secret: bool = False, twice: bool = False) -> str:
    """Ask for a value; ``twice`` makes a person type it again (piped input: once).

    Args:
        label: the question, without a colon.
        secret: hide what is typed.
        twice: ask for a confirmation at a terminal (new passwords).

    Returns:
        The answer, without its line ending.

    Raises:
        CliError: (``NO_INPUT``) the input ended first; (``USAGE``) the two answers differ.
    """
    answer = _read(label, secret=secret)
    if twice and sys.stdin.isatty() and _read(f"{label} (again)", secret=secret) != answer:
        raise CliError("the two answers differ", ExitCode.USAGE)
    return answer


def confirm(question: str, refusal: str) -> None:
    """Ask a yes/no question (no is the default) and return only on yes.

    Args:
        question: the question, without ``[y/N]``.
        refusal: what is printed when the answer is no (``"nothing deleted"``).

    Raises:
        Declined: the answer was no (exit code 11).
        CliError: (``NO_INPUT``) the input ended first; (``USAGE``) the answer is neither.
    """
    answer = _read(f"{question} [y/N]", secret=False).strip().casefold()
    if answer in _YES:
        return
    if answer in _NO:
        raise Declined(refusal)
    raise CliError(f"answer y or n, not {answer!r}", ExitCode.USAGE)
