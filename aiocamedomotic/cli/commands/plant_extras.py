"""CLI layer: energy, load control, thermo profiles, server clock and management commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..app import App, async_command, cli
from ..errors import CliError, ExitCode
from ..families import family_named, require_feature
from ..names import resolve
from ..options import json_option, name_argument
from ..output import key_value_table, out_console, print_json, say, spinner
from ..prompts import confirm
from .control import done, find, parse_day

if TYPE_CHECKING:
    from aiocamedomotic.models import LoadsCtrlRelay, ThermoProfile

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jolly")


@cli.group()
def energy() -> None:
    """Energy meters (list them with 'list energy')."""


@energy.command("reset")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@async_command
async def energy_reset(app: App, yes: bool) -> None:
    """Clear the stored consumption history of ALL meters (irreversible)."""
    if not yes:
        confirm("Erase the energy history of every meter?", "nothing erased")
    async with app.connect() as api:
        await require_feature(api, family_named("energy").feature, "energy reset")
        with spinner("Erasing the energy history…"):
            await api.async_reset_energy_counters()
    say("Energy history erased")


@cli.command()
@name_argument(family="loads")
@click.argument("action", type=click.Choice(["enable", "disable", "priority"]))
@click.argument("priority", type=click.IntRange(0, 65535), required=False)
@async_command
async def load(app: App, name: str, action: str, priority: int | None) -> None:
    """Let a controller shed a load or not, or change its priority (lower: shed first)."""
    if (action == "priority") != (priority is not None):
        raise CliError("usage: load NAME enable|disable|priority N", ExitCode.USAGE)
    async with app.connect() as api:
        target = await find(app, api, family_named("loads"), name)
        with spinner(f"Updating {target.name}…"):
            if priority is not None:
                await target.async_set_priority(priority)
            else:
                await target.async_set_enabled(action == "enable")
    done(target, action if priority is None else f"priority {priority}")


@cli.command("load-controller")
@name_argument(family="controllers")
@click.option("--max-power", type=click.IntRange(1, 100_000), help="Threshold in W.")
@click.option("--hysteresis", type=click.IntRange(0, 100_000), help="Hysteresis in W.")
@click.option("--order", metavar="LOAD,LOAD,...", help="Every load, in shedding order.")
@async_command
async def load_controller(
    app: App, name: str, max_power: int | None, hysteresis: int | None, order: str | None
) -> None:
    """Change a load controller's threshold and hysteresis, or reorder its loads."""
    if max_power is None and hysteresis is None and order is None:
        raise CliError("give --max-power, --hysteresis or --order", ExitCode.USAGE)
    async with app.connect() as api:
        controller = await find(app, api, family_named("load-controllers"), name)
        if max_power is not None or hysteresis is not None:
            with spinner(f"Configuring {controller.name}…"):
                await controller.async_set_config(max_power=max_power, hysteresis=hysteresis)
        if order is not None:
            loads = await controller.async_get_relays()
            by_query = [
                _pick_load(app, loads, query) for query in order.split(",") if query.strip()
            ]
            if {load.id for load in by_query} != {load.id for load in loads}:
                raise CliError("--order must name every load of the controller", ExitCode.USAGE)
            with spinner(f"Reordering the loads of {controller.name}…"):
                await controller.async_set_detach_order(by_query)
    done(controller, "updated")


def _pick_load(app: App, loads: list[LoadsCtrlRelay], query: str) -> LoadsCtrlRelay:
    return resolve(
        query.strip(),
        loads,
        kind="load",
        name=lambda load: load.name,
        ident=lambda load: load.key,
        aliases=app.aliases,
    )


@cli.command()
@name_argument("zone", family="thermo", metavar="ZONE")
@click.option(
    "--set",
    "set_row",
    nargs=2,
    metavar="DAY LEVELS",
    help="Write one row: DAY (mon...sun or jolly) and 24 hourly or 96 digits 1-5.",
)
@json_option
@async_command
async def profile(app: App, zone: str, set_row: tuple[str, str] | None, as_json: bool) -> None:
    """Show a thermo zone's weekly profile (levels 1-2: T1, 3-4: T2, 5: T3), or write a row.

    Writing is experimental (reverse-engineered, docs/protocol.md §4.8).
    """
    async with app.connect() as api:
        target = await find(app, api, family_named("thermo"), zone)
        if set_row is not None:
            row = 7 if set_row[0].lower() == "jolly" else parse_day(set_row[0])
            levels = _levels(set_row[1])
            with spinner(f"Writing the {_DAYS[row]} profile of {target.name}…"):
                await target.async_set_profile_row(row, levels)
            done(target, f"{_DAYS[row]} profile written")
            return
    current: ThermoProfile | None = target.profile
    if current is None:
        raise CliError(f"{target.name!r} reports no profile", ExitCode.ERROR)
    rows = {day: "".join(map(str, current.row(n))) for n, day in enumerate(_DAYS)}
    if as_json:
        print_json({"id": target.key, "name": target.name, "rows": rows})
        return
    say(f"{target.name} (#{target.key}): one digit per quarter hour from 00:00")
    for day, digits in rows.items():
        say(f"{day:<5} " + " ".join(digits[h * 4 : h * 4 + 4] for h in range(24)))


def _levels(text: str) -> str:
    """24 hourly digits are expanded to 96 quarter hours; 96 digits are kept."""
    text = text.strip()
    if len(text) == 24 and text.isdigit():
        return "".join(c * 4 for c in text)
    if len(text) == 96 and text.isdigit():
        return text
    raise CliError("LEVELS must be 24 or 96 digits 1-5", ExitCode.USAGE)


@cli.command("datetime")
@json_option
@async_command
async def server_datetime(app: App, as_json: bool) -> None:
    """Show the server's clock, time zone and DST flag."""
    async with app.connect() as api:
        with spinner("Reading the server clock…"):
            clock = await api.async_get_server_datetime()
    when = clock.datetime.isoformat()
    data = {
        "epoch": clock.epoch,
        "datetime": when,
        "timezone": clock.timezone_name,
        "daylight_saving_time": clock.daylight_saving_time,
    }
    if as_json:
        print_json(data)
        return
    dst = "yes" if clock.daylight_saving_time else "no"
    out_console().print(
        key_value_table(
            [("Time", when), ("Time zone", clock.timezone_name or "-"), ("DST", dst)],
            title="Server clock",
        )
    )


@cli.command("scenario-record")
@click.argument("action", type=click.Choice(["start", "done"]))
@click.argument("name", required=False)
@async_command
async def scenario_record(app: App, action: str, name: str | None) -> None:
    """Record a new scenario: 'start NAME', operate the plant, then 'done'."""
    if (action == "start") != (name is not None):
        raise CliError("usage: scenario-record start NAME | scenario-record done", ExitCode.USAGE)
    async with app.connect() as api:
        with spinner("Talking to the server…"):
            # a refusal raises CameDomoticServerError (exit 1)
            if name is not None:
                await api.async_start_scenario_recording(name)
            else:
                await api.async_stop_scenario_recording()
    say("Recording started" if name is not None else "Scenario stored")


@cli.command("scenario-edit")
@name_argument(family="scenarios")
@click.argument("action", type=click.Choice(["rename", "delete"]))
@click.argument("new_name", required=False)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@async_command
async def scenario_edit(app: App, name: str, action: str, new_name: str | None, yes: bool) -> None:
    """Rename or delete a user-recorded scenario."""
    if (action == "rename") != (new_name is not None):
        raise CliError("usage: scenario-edit NAME rename NEW | delete", ExitCode.USAGE)
    async with app.connect() as api:
        target = await find(app, api, family_named("scenarios"), name)
        if target.user_defined != 1:
            raise CliError(f"{target.name!r} is system-defined", ExitCode.USAGE)
        if new_name is not None:
            await target.async_rename(new_name)
        else:
            if not yes:
                confirm(f"Delete scenario {target.name}?", "nothing deleted")
            await target.async_delete()
    done(target, f"renamed to {new_name}" if new_name is not None else "deleted")


@cli.command()
@name_argument(family="inputs")
@async_command
async def ack(app: App, name: str) -> None:
    """Acknowledge a digital input's pending event."""
    async with app.connect() as api:
        target = await find(app, api, family_named("inputs"), name)
        await target.async_ack()
    done(target, "acknowledged")
