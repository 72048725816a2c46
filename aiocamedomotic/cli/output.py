"""CLI layer: where output goes: rich tables and spinners for people, JSON for scripts.

Results go to stdout, everything else (spinners, progress, errors, the traffic log) to
stderr, so ``camedomotic list --json | jq`` only ever sees JSON.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .families import Family, Places, entity_json

__all__ = [
    "err_console",
    "family_table",
    "key_value_table",
    "out_console",
    "print_json",
    "spinner",
]

# Wide enough that piped tables stay one row per device instead of wrapping at 80.
_PIPE_WIDTH = 160


def _console(*, stderr: bool) -> Console:
    console = Console(stderr=stderr, highlight=False)
    if not console.is_terminal:
        console.width = _PIPE_WIDTH
    return console


def out_console() -> Console:
    """A console on the current stdout (made per call: tests swap ``sys.stdout``)."""
    return _console(stderr=False)


def err_console() -> Console:
    """A console on the current stderr."""
    return _console(stderr=True)


def print_json(data: Any, *, lines: bool = False) -> None:
    """Write JSON on stdout: sorted keys; one compact line each when ``lines``."""
    text = (
        json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        if lines
        else json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2)
    )
    out = out_console()
    # Through the console's file, not console.print: JSON must not be re-wrapped or styled.
    out.file.write(text + "\n")
    out.file.flush()


@contextlib.contextmanager
def spinner(message: str) -> Iterator[None]:
    """Show a spinner on stderr while the block runs (nothing when stderr is not a tty)."""
    console = err_console()
    if not console.is_terminal:
        yield
        return
    with console.status(message):
        yield


def family_table(family: Family, entities: Iterable[Any], places: Places) -> Table:
    """The table of one family: name, id, floor, room, state in words."""
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
    table = Table(title=title, title_justify="left", show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    for label, value in rows:
        table.add_row(label, Text(value))
    return table
