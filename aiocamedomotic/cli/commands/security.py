"""CLI layer: ``alarm`` - the security system (experimental, [reverse-engineered], §4.19).

The user code is read from ``--code-stdin`` (first line of stdin), the environment variable
``CAMEDOMOTIC_ALARM_CODE`` or a hidden prompt - never from the command line - and is never
echoed, logged or shown in a message.
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import click

from aiocamedomotic.const import AckErrorCode
from aiocamedomotic.errors import CameDomoticServerError
from aiocamedomotic.models import SecurityCentral

from ..app import App, async_command, cli
from ..errors import CliError, ExitCode
from ..families import require_feature, word
from ..names import resolve
from ..options import name_argument
from ..output import say, spinner
from ..prompts import ask, read_line

if TYPE_CHECKING:
    from aiocamedomotic import CameDomoticAPI
    from aiocamedomotic.models import SecurityArea

#: Environment variable holding the alarm user code.
CODE_ENV = "CAMEDOMOTIC_ALARM_CODE"

_code_stdin = click.option(
    "--code-stdin",
    is_flag=True,
    help=f"Read the user code from stdin (else ${CODE_ENV} or a prompt).",
)


def read_code(from_stdin: bool) -> str:
    """The user code: first line of stdin, the environment, or a hidden prompt.

    Raises:
        CliError: (``USAGE``) the code is empty; (``NO_INPUT``) stdin has ended.
    """
    if from_stdin:
        code = read_line("the user code (--code-stdin)").strip()
    else:
        code = os.environ.get(CODE_ENV) or ask("Alarm user code", secret=True)
    if not code:
        raise CliError("no user code given", ExitCode.USAGE)
    return str(code)


#: The server feature of the security system (§4.19).
FEATURE = "sicu"


def _central(api: CameDomoticAPI) -> SecurityCentral:
    # Only central 0 is ever addressed (§4.19): no need to read the areas list for it.
    return SecurityCentral({"central_id": 0}, api.auth)


async def _send(app: App, what: str, action: Callable[[CameDomoticAPI], Awaitable[None]]) -> None:
    async with app.connect() as api:
        await require_feature(api, FEATURE, "alarm")
        with spinner(f"{what}…"):
            try:
                await action(api)
            except ValueError as err:  # the library's checks: nothing was sent
                raise CliError(str(err), ExitCode.USAGE) from None
            except CameDomoticServerError as err:
                if err.ack_code != AckErrorCode.WRONG_APPLICATION_DATA:
                    raise
                # What a wrong user code looks like (the code itself is never shown).
                raise CliError(
                    "the server refused the command: wrong user code?", ExitCode.ERROR
                ) from None
    say(f"Alarm: {what.lower()}")


@cli.group()
def alarm() -> None:
    """The security system: status, arm, disarm, scenarios (experimental)."""


@alarm.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@async_command
async def status(app: App, as_json: bool) -> None:
    """Show the central, areas, inputs and outputs (sirens) with their status.

    The central's status is "unknown" until the server pushed one (§4.19).
    """
    async with app.connect() as api:
        await require_feature(api, FEATURE, "alarm")
        with spinner("Reading the security system…"):
            centrals = await api.async_get_security_centrals()
            areas = await api.async_get_security_areas()
            inputs = await api.async_get_security_inputs()
            outputs = await api.async_get_security_outputs()
    rows: list[dict[str, Any]] = [
        *({"kind": "central", "id": c.central_id, "name": c.name or "Central",
           "status": "unknown" if c.status_code is None else word(c.status),
           "code": c.status_code} for c in centrals),
        *({"kind": "area", "id": a.area_id, "name": a.name, "status": word(a.status),
           "code": a.status_code} for a in areas),
        *({"kind": "input", "id": i.input_id, "name": i.name, "status": word(i.status),
           "code": i.status_code} for i in inputs),
        *({"kind": "output", "id": o.output_id, "name": o.name,
           "status": "active" if o.active else "idle", "code": o.status_code} for o in outputs),
    ]  # fmt: skip
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        say(f"{row['kind']:<7} #{row['id']:<3} {row['name']}: {row['status']}")


async def _area_ids(app: App, api: CameDomoticAPI, names: tuple[str, ...]) -> list[int] | None:
    if not names:
        return None
    areas: list[SecurityArea] = await api.async_get_security_areas()
    return [
        resolve(
            name,
            areas,
            kind="alarm area",
            name=lambda a: a.name,
            ident=lambda a: a.area_id,
            aliases=app.aliases,
        ).area_id
        for name in names
    ]


@alarm.command()
@name_argument("areas", family="security_areas", metavar="[AREA]...", nargs=-1)
@_code_stdin
@async_command
async def arm(app: App, areas: tuple[str, ...], code_stdin: bool) -> None:
    """Arm every area, or only the AREAS named (the others keep their state)."""
    code = read_code(code_stdin)

    async def action(api: CameDomoticAPI) -> None:
        await _central(api).async_arm(code, await _area_ids(app, api, areas))

    await _send(app, "Arming" + (f" {', '.join(areas)}" if areas else ""), action)


@alarm.command()
@name_argument("areas", family="security_areas", metavar="[AREA]...", nargs=-1)
@_code_stdin
@async_command
async def disarm(app: App, areas: tuple[str, ...], code_stdin: bool) -> None:
    """Disarm every area, or only the AREAS named."""
    code = read_code(code_stdin)

    async def action(api: CameDomoticAPI) -> None:
        await _central(api).async_disarm(code, await _area_ids(app, api, areas))

    await _send(app, "Disarming" + (f" {', '.join(areas)}" if areas else ""), action)


@alarm.command("scenario")
@name_argument(family="security_scenarios")
@_code_stdin
@async_command
async def alarm_scenario(app: App, name: str, code_stdin: bool) -> None:
    """Activate a security scenario."""
    code = read_code(code_stdin)

    async def action(api: CameDomoticAPI) -> None:
        scenarios = await api.async_get_security_scenarios()
        target = resolve(
            name,
            scenarios,
            kind="alarm scenario",
            name=lambda s: s.name,
            ident=lambda s: s.scenario_id,
            aliases=app.aliases,
        )
        await target.async_activate(code)

    await _send(app, f"Activating scenario {name}", action)


@alarm.command()
@_code_stdin
@async_command
async def reset(app: App, code_stdin: bool) -> None:
    """Reset the alarm memory."""
    code = read_code(code_stdin)

    async def action(api: CameDomoticAPI) -> None:
        await _central(api).async_reset(code)

    await _send(app, "Resetting the alarm memory", action)


@alarm.command()
@_code_stdin
@async_command
async def silence(app: App, code_stdin: bool) -> None:
    """Silence the sirens."""
    code = read_code(code_stdin)

    async def action(api: CameDomoticAPI) -> None:
        await _central(api).async_silence(code)

    await _send(app, "Silencing the sirens", action)
