"""CLI layer: ``list``, a table per device family (or JSON)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..app import App, async_command, cli
from ..completion import remember_names
from ..families import Family, Places, entity_json, families_help, families_named
from ..options import families_argument, json_option
from ..output import family_table, out_console, print_json, say, spinner

if TYPE_CHECKING:
    from aiocamedomotic import CameDomoticAPI


async def read_plant(
    api: CameDomoticAPI, families: Sequence[Family], *, explicit: bool
) -> tuple[list[tuple[Family, Sequence[Any]]], Places]:
    """Fetch the families the server offers, and the topology, concurrently.

    Args:
        api: the connected API.
        families: the families wanted.
        explicit: the user named them (a missing feature is then reported).

    Returns:
        ``[(family, entities)]`` in table order, and the plant's floor and room names.
    """
    server = await api.async_get_server_info()
    offered = [f for f in families if f.feature is None or f.feature in server.features]
    if explicit:
        for family in families:
            if family not in offered:
                say(
                    f"The server does not offer {family.cli_name} (feature {family.feature!r}).",
                    err=True,
                    style="yellow",
                )
    lists, topology = await asyncio.gather(
        asyncio.gather(*(family.fetch(api) for family in offered)), api.async_get_topology()
    )
    return list(zip(offered, lists, strict=True)), Places(topology)


_LIST_HELP = f"""List devices with their floor, room and state.

FAMILY is one of: {families_help()}. Default: every family the server offers.
"""


@cli.command(name="list", help=_LIST_HELP)
@families_argument
@json_option
@async_command
async def list_(app: App, family_names: tuple[str, ...], as_json: bool) -> None:
    """List devices with their floor, room and state (help: ``_LIST_HELP``)."""
    families = families_named(family_names)
    async with app.connect() as api:
        with spinner("Reading devices…"):
            lists, places = await read_plant(api, families, explicit=bool(family_names))
    remember_names(
        app.credentials().host,
        {family.cli_name: [(e.key, e.name) for e in entities] for family, entities in lists},
    )
    if as_json:
        print_json(
            [
                entity_json(family, entity, places)
                for family, entities in lists
                for entity in sorted(entities, key=lambda entity: entity.key)
            ]
        )
        return
    console = out_console()
    shown = False
    for family, entities in lists:
        if entities:
            console.print(family_table(family, entities, places))
            shown = True
    if not shown:
        say("No devices.")
