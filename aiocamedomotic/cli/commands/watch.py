"""CLI layer: ``watch``, live events as they happen (rich live table or JSON lines)."""

from __future__ import annotations

import collections
import contextlib
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import click

from aiocamedomotic.events import (
    ConnectionChanged,
    EntityAdded,
    EntityRemoved,
    EntityUpdated,
    LiveEvent,
    PlantReloaded,
)

from ..app import App, async_command, cli
from ..errors import CliError, ExitCode
from ..families import families_named, family_named
from ..options import families_argument, json_option
from ..output import out_console, print_json, say, spinner

if TYPE_CHECKING:
    from rich.console import Group

#: Rows kept in the live table.
_ROWS = 20


def event_json(event: LiveEvent) -> dict[str, Any]:
    """One event as JSON with stable keys (``event`` says which kind)."""
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    if isinstance(event, ConnectionChanged):
        return {
            "event": "connection",
            "time": now,
            "state": event.state.value,
            "previous": event.previous.value,
            "reason": event.reason,
        }
    if isinstance(event, PlantReloaded):
        return {"event": "reloaded", "time": now, "added": event.added, "removed": event.removed}
    family = family_named(event.family)
    entity: Any = event.entity
    data: dict[str, Any] = {
        "event": {EntityAdded: "added", EntityUpdated: "updated", EntityRemoved: "removed"}[
            type(event)
        ],
        "time": now,
        "family": family.cli_name,
        "id": event.entity_id,
        "name": entity.name,
        "state": family.state(entity),
    }
    if isinstance(event, EntityUpdated):
        data["changed"] = sorted(event.changed)
        data["source"] = event.source.value
    return data


def event_words(event: LiveEvent) -> tuple[str, str, str]:
    """``(what, device, detail)`` of an event, for people."""
    if isinstance(event, ConnectionChanged):
        return "connection", event.state.value, event.reason or ""
    if isinstance(event, PlantReloaded):
        return "reloaded", "plant", f"+{event.added} -{event.removed}"
    family = family_named(event.family)
    entity: Any = event.entity
    device = f"{entity.name} (#{event.entity_id})"
    if isinstance(event, EntityUpdated):
        changed = ", ".join(sorted(event.changed)) or "confirmed"
        return family.noun, device, f"{family.words(entity)}   [{changed}]"
    verb = "added" if isinstance(event, EntityAdded) else "removed"
    return family.noun, device, verb


@cli.command()
@families_argument
@click.option("--count", type=click.IntRange(min=1), help="Stop after this many device events.")
@json_option
@async_command
async def watch(app: App, family_names: tuple[str, ...], count: int | None, as_json: bool) -> None:
    """Show device events live, and reconnections, until Ctrl-C.

    With --json, one JSON object per line (keys: event, time, family, id, name, state,
    changed, source; connection events: state, previous, reason).
    """
    app.quiet_interrupt = True
    # Some families (cameras, sound zones) have no live state.
    wanted = {family.key for family in families_named(family_names) if family.spec.live}
    if not wanted:
        raise CliError("cameras have no live state to watch", ExitCode.USAGE)
    async with app.connect() as api:
        with spinner("Loading the plant…"):
            live = await api.async_start_live()
        try:
            async with live.events() as stream:
                say(
                    f"Watching {', '.join(sorted(f.replace('_', '-') for f in wanted))} on "
                    f"{app.credentials().host} (Ctrl-C stops)",
                    err=True,
                )
                seen = 0
                history: collections.deque[tuple[str, str, str, str]] = collections.deque(
                    maxlen=_ROWS
                )
                from rich.live import Live

                console = out_console()
                table_live = (
                    Live(_render(history, live.connection_state.value), console=console)
                    if console.is_terminal and not as_json
                    else None
                )
                with contextlib.ExitStack() as stack:
                    if table_live is not None:
                        stack.enter_context(table_live)
                    async for event in stream:
                        is_entity = isinstance(event, EntityAdded | EntityUpdated | EntityRemoved)
                        if (
                            isinstance(event, EntityAdded | EntityUpdated | EntityRemoved)
                            and event.family not in wanted
                        ):
                            continue
                        if as_json:
                            print_json(event_json(event), lines=True)
                        elif table_live is not None:
                            history.append(
                                (datetime.now().strftime("%H:%M:%S"), *event_words(event))
                            )
                            table_live.update(_render(history, live.connection_state.value))
                        else:
                            what, device, detail = event_words(event)
                            say(f"{datetime.now():%H:%M:%S} {what}: {device}: {detail}")
                        seen += is_entity
                        if count is not None and seen >= count:
                            break
        finally:
            await live.async_stop()


def _render(history: collections.deque[tuple[str, str, str, str]], state: str) -> Group:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Live events — connection {state}", title_justify="left")
    for column in ("Time", "What", "Device", "State"):
        table.add_column(column)
    for row in history:
        table.add_row(*(Text(cell) for cell in row))
    return Group(table)
