"""CLI layer: ``users list|add|delete|passwd``: the server's user accounts.

New passwords are prompted for (hidden, typed twice) or read from stdin, never taken from
the command line where they would land in the shell history and the process list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ..app import App, async_command, cli
from ..errors import CliError, ExitCode
from ..options import json_option
from ..output import out_console, print_json, say, spinner
from ..prompts import ask, confirm

if TYPE_CHECKING:
    from aiocamedomotic import CameDomoticAPI


@cli.group()
def users() -> None:
    """Manage the server's user accounts."""


async def _user(api: CameDomoticAPI, name: str) -> Any:
    with spinner("Reading users…"):
        accounts = await api.async_get_users()
    for account in accounts:
        if account.name == name:
            return account
    known = ", ".join(sorted(account.name for account in accounts)) or "none"
    raise CliError(f"no user named {name!r} (users: {known})", ExitCode.UNKNOWN_DEVICE)


def _new_password(label: str) -> str:
    password = ask(label, secret=True, twice=True)
    if not password:
        raise CliError("the password cannot be empty", ExitCode.USAGE)
    return password


@users.command(name="list")
@json_option
@async_command
async def users_list(app: App, as_json: bool) -> None:
    """List user names (passwords are never readable)."""
    async with app.connect() as api:
        with spinner("Reading users…"):
            accounts = await api.async_get_users()
    names = sorted(account.name for account in accounts)
    if as_json:
        print_json([{"name": name} for name in names])
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Users", title_justify="left")
    table.add_column("Name")
    for name in names:
        table.add_row(Text(name))
    out_console().print(table)


@users.command(name="add")
@click.argument("name")
@click.option(
    "--group", default="*", show_default=True, help="Permission group name (e.g. ETI/Domo)."
)
@async_command
async def users_add(app: App, name: str, group: str) -> None:
    """Add a user; its password is prompted for (or read from stdin)."""
    app.credentials()  # ask for the login password before the new one
    password = _new_password(f"Password for {name}")
    async with app.connect() as api:
        with spinner(f"Adding {name}…"):
            await api.async_add_user(name, password, group)
    say(f"User {name} added")


@users.command(name="delete")
@click.argument("name")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@async_command
async def users_delete(app: App, name: str, yes: bool) -> None:
    """Delete a user."""
    async with app.connect() as api:
        account = await _user(api, name)
        if not yes:
            confirm(f"Delete user {name}?", f"user {name} not deleted")
        with spinner(f"Deleting {name}…"):
            await account.async_delete()
    say(f"User {name} deleted")


@users.command(name="passwd")
@click.argument("name")
@async_command
async def users_passwd(app: App, name: str) -> None:
    """Change a user's password (its current and new passwords are prompted for)."""
    app.credentials()
    current = ask(f"Current password of {name}", secret=True)
    new = _new_password(f"New password for {name}")
    async with app.connect() as api:
        account = await _user(api, name)
        with spinner(f"Changing the password of {name}…"):
            await account.async_change_password(current, new)
    say(f"Password of {name} changed")
