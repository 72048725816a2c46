"""CLI layer: ``irrigation`` and ``sound`` (experimental, [reverse-engineered], §4.14, §4.15)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from operator import methodcaller
from typing import Any

import click

from ..app import App, async_command, cli
from ..errors import CliError, ExitCode
from ..families import family_named
from ..options import name_argument
from ..output import spinner
from .control import done, find, parse_day, parse_slot


async def _act(
    app: App, family: str, name: str, what: str, call: Callable[[Any], Awaitable[None]]
) -> None:
    """Find the entity and await ``call(entity)``; the library's ValueErrors exit 2."""
    async with app.connect() as api:
        target = await find(app, api, family_named(family), name)
        with spinner(f"Sending {what} to {target.name}…"):
            try:
                await call(target)
            except ValueError as err:  # the library's checks: nothing was sent
                raise CliError(str(err), ExitCode.USAGE) from None
    done(target, what)


_IRRIGATION = ("force", "enable", "disable", "perc", "days", "start")


@cli.command()
@name_argument(family="irrigation_sectors")
@click.argument("action", type=click.Choice(_IRRIGATION, case_sensitive=False))
@click.argument("values", nargs=-1)
@async_command
async def irrigation(app: App, name: str, action: str, values: tuple[str, ...]) -> None:
    """Irrigation sector: force (toggles a cycle), enable|disable the schedule, perc N,
    days DAY..., start HH:MM (experimental)."""
    action = action.lower()
    wanted = 0 if action in ("force", "enable", "disable") else None if action == "days" else 1
    if wanted is not None and len(values) != wanted:
        raise CliError(f"'{action}' takes {wanted} value(s)", ExitCode.USAGE)
    args: tuple[Any, ...] = ()
    if action == "force":
        method = "async_force"
    elif action in ("enable", "disable"):
        method, args = "async_set_enabled", (action == "enable",)
    elif action == "perc":
        method, args = "async_set_perc", (_int(values[0], "perc"),)
    elif action == "days":
        method, args = "async_set_days", (sum({1 << parse_day(day) for day in values}),)
    else:
        start = parse_slot(values[0])
        if start is None:
            raise CliError("start needs a time HH:MM[:SS]", ExitCode.USAGE)
        method, args = "async_set_start", start
    what = " ".join((action, *values))
    await _act(app, "irrigation_sectors", name, what, methodcaller(method, *args))


_SOUND = ("on", "off", "mute", "unmute", "volume", "source")
_SOUND_METHODS: dict[str, tuple[str, tuple[Any, ...]]] = {
    "on": ("async_turn_on", ()),
    "off": ("async_turn_off", ()),
    "mute": ("async_set_mute", (True,)),
    "unmute": ("async_set_mute", (False,)),
}


@cli.command()
@name_argument(family="sound_zones")
@click.argument("action", type=click.Choice(_SOUND, case_sensitive=False))
@click.argument("value", required=False)
@async_command
async def sound(app: App, name: str, action: str, value: str | None) -> None:
    """Sound zone: on|off (standby), mute|unmute, volume N, source NAME-OR-ID (experimental)."""
    action = action.lower()
    if (value is None) != (action in _SOUND_METHODS):
        raise CliError(
            f"'{action}' takes {'a value' if value is None else 'no value'}", ExitCode.USAGE
        )
    what = action if value is None else f"{action} {value}"
    if value is None:
        method, args = _SOUND_METHODS[action]
        await _act(app, "sound_zones", name, what, methodcaller(method, *args))
    elif action == "volume":
        volume = _int(value, "volume")
        await _act(app, "sound_zones", name, what, methodcaller("async_set_volume", volume))
    else:

        async def select(zone: Any) -> None:
            # a source name (case-insensitive) or an id; the library takes the exact name
            wanted = value.lower()
            named = [s["name"] for s in zone.sources if s["name"].lower() == wanted]
            named += [s["name"] for s in zone.sources if str(s["id"]) == value]
            await zone.async_select_source(named[0] if named else value)

        await _act(app, "sound_zones", name, what, select)


def _int(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise CliError(f"{what} must be a whole number, got {text!r}", ExitCode.USAGE) from None
