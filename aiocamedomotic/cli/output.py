"""CLI layer: where output goes: rich tables and spinners for people, JSON for scripts.

Results go to stdout, everything else (spinners, progress, errors, the traffic log) to
stderr, so ``camedomotic list --json | jq`` only ever sees JSON. When the output is not a
terminal, lines carry no trailing padding. :mod:`rich` is imported on first use, so that
``--help`` and ``--version`` do not pay for it.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO, cast

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from .families import Family, Places

__all__ = [
    "err_console",
    "family_table",
    "key_value_table",
    "out_console",
    "print_json",
    "say",
    "spinner",
]

# Wide enough that piped tables stay one row per device instead of wrapping at 80.
_PIPE_WIDTH = 160
_PADDING = re.compile(r"[ \t]+(?=\n)")


class _Unpadded:
    """A text stream that drops the spaces rich pads table lines with, before each newline.

    Rich writes whole rendered lines per ``print``, so a line never spans two writes. A
    plain object rather than an :class:`io.TextIOBase`: that base flushes on garbage
    collection, when the wrapped stream may already be closed.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_PADDING.sub("", text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return False


def _console(*, stderr: bool) -> Console:
    from rich.console import Console

    console = Console(stderr=stderr, highlight=False)
    if not console.is_terminal:
        console.width = _PIPE_WIDTH
        console.file = cast("TextIO", _Unpadded(sys.stderr if stderr else sys.stdout))
    return console


def out_console() -> Console:
    """A console on the current stdout (made per call: tests swap ``sys.stdout``)."""
    return _console(stderr=False)


def err_console() -> Console:
    """A console on the current stderr."""
    return _console(stderr=True)


def say(text: str, *, err: bool = False, style: str | None = None) -> None:
    """Print one line of plain text: names from the server are never read as markup."""
    from rich.text import Text

    console = err_console() if err else out_console()
    console.print(Text(text, style=style or ""), soft_wrap=True)
    console.file.flush()


def print_json(data: Any, *, lines: bool = False) -> None:
    """Write JSON on stdout: sorted keys; one compact line each when ``lines``."""
    text = (
        json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        if lines
        else json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2)
    )
    # Straight to stdout, not console.print: JSON must not be re-wrapped or styled.
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


@contextlib.contextmanager
def spinner(message: str) -> Iterator[None]:
    """Show a spinner on stderr while the block runs (nothing when stderr is not a tty)."""
    if not sys.stderr.isatty():
        yield
        return
    with err_console().status(message):
        yield


def family_table(family: Family, entities: Iterable[Any], places: Places) -> Table:
    """The table of one family: name, id, floor, room, state in words."""
    from rich.table import Table
    from rich.text import Text

    from .families import entity_json

    table = Table(title=family.title, title_justify="left", expand=False)
    table.add_column("Name", style="bold")
    table.add_column("ID", justify="right")
    table.add_column("Floor")
    table.add_column("Room")
    table.add_column("State")
    for entity in sorted(entities, key=lambda entity: (entity.name.casefold(), entity.key)):
        data = entity_json(family, entity, places)
        # Text cells: names come from the server and must not be read as rich markup.
        table.add_row(
            *(
                Text(cell)
                for cell in (
                    data["name"],
                    f"#{data['id']}",
                    data["floor"] or "-",
                    data["room"] or "-",
                    family.words(entity),
                )
            )
        )
    return table


def key_value_table(rows: Sequence[tuple[str, str]], *, title: str | None = None) -> Table:
    """A two-column table of labels and values."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    for label, value in rows:
        table.add_row(label, Text(value))
    return table
