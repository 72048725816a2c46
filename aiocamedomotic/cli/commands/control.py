"""CLI layer: commands that change things: lights, covers, relays, scenarios, thermo, timers."""

from __future__ import annotations

import re
from typing import Any

import click

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.models import (
    LightStatus,
    LightType,
    OpeningStatus,
    RelayStatus,
    ThermoZoneFanSpeed,
    ThermoZoneMode,
    ThermoZoneSeason,
)
from aiocamedomotic.models.thermo_zone import SET_POINT_MAX, SET_POINT_MIN

from ..app import App, async_command, cli
from ..completion import remember_names
from ..errors import CliError, ExitCode
from ..families import Family, family_named, require_feature, word
from ..names import resolve
from ..options import name_argument, parse_rgb
from ..output import say, spinner

_ON_OFF = click.Choice(["on", "off"], case_sensitive=False)


async def find(app: App, api: CameDomoticAPI, family: Family, query: str) -> Any:
    """Fetch a family and return the entity the person named (see :mod:`..names`).

    Raises:
        CliError: (``UNSUPPORTED``) the server does not list the family's feature.
    """
    with spinner(f"Looking up {family.noun} {query!r}…"):
        await require_feature(api, family.feature, family.cli_name)
        entities = await family.fetch(api)
    remember_names(
        app.credentials().host,
        {family.cli_name: [(entity.key, entity.name) for entity in entities]},
    )
    return resolve(
        query,
        entities,
        kind=family.noun,
        name=lambda entity: entity.name,
        ident=lambda entity: entity.key,
        aliases=app.aliases,
    )


def done(entity: Any, what: str) -> None:
    """Confirm on stdout what was sent (names are printed as text, never as markup)."""
    say(f"{entity.name} (#{entity.key}): {what}")


@cli.command()
@name_argument(family="lights")
@click.argument("action", type=_ON_OFF)
@click.option("--brightness", "-b", type=click.IntRange(0, 100), help="Brightness in %.")
@click.option(
    "--rgb",
    callback=parse_rgb,
    metavar="R,G,B",
    help="Colour as R,G,B (0-255 each), for RGB lights.",
)
@async_command
async def light(
    app: App, name: str, action: str, brightness: int | None, rgb: list[int] | None
) -> None:
    """Switch a light on or off, optionally setting brightness and colour."""
    if action.lower() == "off" and (brightness is not None or rgb is not None):
        raise CliError("--brightness and --rgb only go with 'on'", ExitCode.USAGE)
    async with app.connect() as api:
        target = await find(app, api, family_named("lights"), name)
        if brightness is not None and target.type == LightType.STEP_STEP:
            raise CliError(f"{target.name!r} is not dimmable", ExitCode.USAGE)
        if rgb is not None and target.type != LightType.RGB:
            raise CliError(f"{target.name!r} is not an RGB light", ExitCode.USAGE)
        status = LightStatus.ON if action.lower() == "on" else LightStatus.OFF
        with spinner(f"Switching {target.name} {action}…"):
            await target.async_set_status(status, brightness=brightness, rgb=rgb)
    extra = "".join(
        [
            f", {brightness} %" if brightness is not None else "",
            ", rgb {},{},{}".format(*rgb) if rgb is not None else "",
        ]
    )
    done(target, f"{action.lower()}{extra}")


_COVER_ACTIONS = {
    "open": OpeningStatus.OPENING,
    "close": OpeningStatus.CLOSING,
    "stop": OpeningStatus.STOPPED,
    "slat-open": OpeningStatus.SLAT_OPEN,
    "slat-close": OpeningStatus.SLAT_CLOSE,
}


@cli.command()
@name_argument(family="openings")
@click.argument("action", type=click.Choice(list(_COVER_ACTIONS), case_sensitive=False))
@async_command
async def cover(app: App, name: str, action: str) -> None:
    """Open, close or stop a shutter, or tilt its slats."""
    async with app.connect() as api:
        target = await find(app, api, family_named("openings"), name)
        with spinner(f"Sending {action} to {target.name}…"):
            await target.async_set_status(_COVER_ACTIONS[action.lower()])
    done(target, action.lower())


@cli.command()
@name_argument(family="relays")
@click.argument("action", type=_ON_OFF)
@click.option(
    "--for", "seconds", type=click.IntRange(1, 86400), help="With 'on': switch off after N s."
)
@async_command
async def relay(app: App, name: str, action: str, seconds: int | None) -> None:
    """Switch a relay on or off, or on for a while (--for)."""
    if seconds is not None and action.lower() != "on":
        raise CliError("--for only goes with 'on'", ExitCode.USAGE)
    async with app.connect() as api:
        target = await find(app, api, family_named("relays"), name)
        status = RelayStatus.ON if action.lower() == "on" else RelayStatus.OFF
        with spinner(f"Switching {target.name} {action}…"):
            if seconds is not None:
                await target.async_set_status_timed(seconds)
            else:
                await target.async_set_status(status)
    done(target, action.lower() + ("" if seconds is None else f" for {seconds} s"))


@cli.command()
@name_argument(family="scenarios")
@async_command
async def scenario(app: App, name: str) -> None:
    """Activate a scenario."""
    async with app.connect() as api:
        target = await find(app, api, family_named("scenarios"), name)
        with spinner(f"Activating {target.name}…"):
            await target.async_activate()
    done(target, "activated")


def _enum_choice(enum: Any, *, skip: tuple[str, ...] = ("UNKNOWN",)) -> click.Choice[str]:
    return click.Choice(
        [member.name.lower() for member in enum if member.name not in skip],
        case_sensitive=False,
    )


#: The set points the library accepts (its own range, docs/protocol.md §4.8).
_SET_POINT = click.FloatRange(SET_POINT_MIN, SET_POINT_MAX)


def _zone_state(zone: Any) -> str:
    """The zone's mode, set point and fan speed as the library now knows them."""
    parts = [f"mode {word(zone.mode)}", f"set point {zone.set_point:.1f} °C"]
    if zone.fan_speed is not ThermoZoneFanSpeed.UNKNOWN:
        parts.append(f"fan {word(zone.fan_speed)}")
    return ", ".join(parts)


@cli.command()
@name_argument(family="thermo_zones")
@click.option("--mode", "-m", type=_enum_choice(ThermoZoneMode), help="Operating mode.")
@click.option(
    "--setpoint",
    "-t",
    type=_SET_POINT,
    help=f"Target temperature in °C ({SET_POINT_MIN:g}-{SET_POINT_MAX:g}); manual mode only.",
)
@click.option("--fan", "-f", type=_enum_choice(ThermoZoneFanSpeed), help="Fan speed.")
@async_command
async def thermo(
    app: App, name: str, mode: str | None, setpoint: float | None, fan: str | None
) -> None:
    """Set a thermo zone's mode, set point and/or fan speed.

    A set point switches the zone to manual mode; it cannot be combined with another mode
    (the server ignores set points outside manual mode). The zone's state after the change
    is printed.
    """
    if mode is None and setpoint is None and fan is None:
        raise CliError("give at least one of --mode, --setpoint, --fan", ExitCode.USAGE)
    target_mode = ThermoZoneMode[mode.upper()] if mode else None
    if setpoint is not None and target_mode not in (None, ThermoZoneMode.MANUAL):
        raise CliError(
            f"--setpoint only works in manual mode: the server ignores it in {mode} mode; "
            "drop --mode (a set point switches the zone to manual) or use --mode manual",
            ExitCode.USAGE,
        )
    fan_speed = ThermoZoneFanSpeed[fan.upper()] if fan else None
    async with app.connect() as api:
        zone = await find(app, api, family_named("thermo_zones"), name)
        with spinner(f"Configuring {zone.name}…"):
            if setpoint is not None:
                await zone.async_set_config(ThermoZoneMode.MANUAL, setpoint, fan_speed=fan_speed)
            else:
                if target_mode is not None:
                    await zone.async_set_mode(target_mode)
                if fan_speed is not None:
                    await zone.async_set_fan_speed(fan_speed)
    done(zone, _zone_state(zone))


_SEASONS = {
    "winter": ThermoZoneSeason.WINTER,
    "summer": ThermoZoneSeason.SUMMER,
    "off": ThermoZoneSeason.PLANT_OFF,
}


@cli.command()
@click.argument(
    "season_name",
    metavar="winter|summer|off",
    type=click.Choice(list(_SEASONS), case_sensitive=False),
)
@async_command
async def season(app: App, season_name: str) -> None:
    """Set the plant-wide thermoregulation season.

    'off' switches every zone off; going back to winter or summer does not restore the
    zones' modes.
    """
    async with app.connect() as api:
        await require_feature(api, family_named("thermo").feature, "thermo season")
        with spinner(f"Setting season {season_name}…"):
            await api.async_set_thermo_season(_SEASONS[season_name.lower()])
    say(f"Season: {season_name.lower()}")


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SLOT = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_day(text: str) -> int:
    """``mon``/``monday``/``Mo`` -> 0 ... ``sun`` -> 6 (a unique prefix of two letters+)."""
    folded = text.strip().casefold()
    matches = [
        index for index, day in enumerate(_DAY_NAMES) if len(folded) >= 2 and day.startswith(folded)
    ]
    if len(matches) != 1:
        raise CliError(f"invalid day {text!r}: expected mon, tue, ... sun", ExitCode.USAGE)
    return matches[0]


def parse_slot(text: str) -> tuple[int, int, int] | None:
    """``HH:MM[:SS]`` -> ``(h, m, s)``; ``-`` -> ``None`` (an empty slot)."""
    if text == "-":
        return None
    match = _SLOT.fullmatch(text.strip())
    if match:
        hour, minute, second = (int(group or 0) for group in match.groups())
        if hour < 24 and minute < 60 and second < 60:
            return hour, minute, second
    raise CliError(f"invalid time slot {text!r}: expected HH:MM[:SS] or -", ExitCode.USAGE)


@cli.command(context_settings={"ignore_unknown_options": True})
@name_argument(family="timers")
@click.argument(
    "action", type=click.Choice(["enable", "disable", "day", "slots"], case_sensitive=False)
)
@click.argument("args", nargs=-1, metavar="[DAY on|off | SLOT SLOT SLOT SLOT]")
@async_command
async def timer(app: App, name: str, action: str, args: tuple[str, ...]) -> None:
    """Enable or disable a timer, switch one day, or set its four time slots.

    \b
    Examples:
      camedomotic timer Garden enable
      camedomotic timer Garden day sat off
      camedomotic timer Garden slots 06:30 19:00:30 - -
    """
    action = action.lower()
    if action in ("enable", "disable") and args:
        raise CliError(f"'{action}' takes no further argument", ExitCode.USAGE)
    day = day_on = None
    slots: list[tuple[int, int, int] | None] = []
    if action == "day":
        if len(args) != 2 or args[1].lower() not in ("on", "off"):
            raise CliError("usage: timer NAME day DAY on|off", ExitCode.USAGE)
        day, day_on = parse_day(args[0]), args[1].lower() == "on"
    elif action == "slots":
        if len(args) != 4:
            raise CliError(
                f"'slots' takes exactly 4 slots (HH:MM[:SS] or - for empty), got {len(args)}",
                ExitCode.USAGE,
            )
        slots = [parse_slot(arg) for arg in args]
    async with app.connect() as api:
        target = await find(app, api, family_named("timers"), name)
        with spinner(f"Updating {target.name}…"):
            if action == "enable":
                await target.async_enable()
            elif action == "disable":
                await target.async_disable()
            elif day is not None:
                await (target.async_enable_day(day) if day_on else target.async_disable_day(day))
            else:
                await target.async_set_timetable(slots)
    if action == "day":
        done(target, f"{_DAY_NAMES[day or 0]} {'on' if day_on else 'off'}")
    elif action == "slots":
        done(
            target,
            "slots "
            + " ".join(
                "-" if slot is None else "{:02d}:{:02d}:{:02d}".format(*slot) for slot in slots
            ),
        )
    else:
        done(target, f"{action}d")
