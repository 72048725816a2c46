"""CLI layer: ``info`` (server identity, features, latency) and ``probe`` (is it a CAME?)."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import click

from aiocamedomotic import CAME_MAC_PREFIXES, async_is_came_endpoint

from ..app import App, async_command, cli
from ..config import normalise_host
from ..errors import CliError, ExitCode
from ..options import json_option
from ..output import key_value_table, out_console, print_json, spinner


@cli.command()
@json_option
@async_command
async def info(app: App, as_json: bool) -> None:
    """Show the server's software, features and latency.

    The keycode and serial number identify the installation and are never shown.
    """
    async with app.connect() as api:
        with spinner("Reading server information…"):
            server = await api.async_get_server_info()
            latency = await api.async_ping()
    data: dict[str, Any] = {
        "host": app.credentials().host,
        "software_version": server.swver,
        "type": server.type,
        "board": server.board,
        "features": sorted(server.features),
        "latency_ms": round(latency, 1),
    }
    if as_json:
        print_json(data)
        return
    out_console().print(
        key_value_table(
            [
                ("Host", data["host"]),
                ("Software", data["software_version"] or "-"),
                ("Type / board", f"{data['type'] or '-'} / {data['board'] or '-'}"),
                ("Features", ", ".join(data["features"]) or "-"),
                ("Latency", f"{data['latency_ms']} ms"),
            ],
            title="CAME Domotic server",
        )
    )


def normalise_mac(value: str) -> str:
    """``001cb2aabbcc``, ``00-1C-B2-AA-BB-CC``, ``001c.b2aa.bbcc`` -> ``00:1C:B2:AA:BB:CC``.

    Raises:
        CliError: (``USAGE``) the value is not a MAC address.
    """
    digits = re.sub(r"[\s:.\-]", "", value).upper()
    if not re.fullmatch(r"[0-9A-F]{12}", digits):
        raise CliError(f"invalid MAC address {value!r}", ExitCode.USAGE)
    return ":".join(digits[index : index + 2] for index in range(0, 12, 2))


@cli.command()
@click.argument("hosts", nargs=-1, required=True, metavar="HOST...")
@click.option("--mac", help="MAC address of the device, checked against CAME's prefixes.")
@click.option(
    "--timeout",
    "wait",
    type=click.IntRange(1, 120),
    default=5,
    show_default=True,
    help="Seconds to wait for each host.",
)
@json_option
@async_command
async def probe(
    app: App, hosts: tuple[str, ...], mac: str | None, wait: int, as_json: bool
) -> None:
    """Check whether HOST answers like a CAME Domotic server (no credentials needed).

    Exits 0 when every host answers, 5 otherwise.
    """
    del app
    targets = [normalise_host(host) for host in hosts]
    mac_text = normalise_mac(mac) if mac else None
    mac_is_came = (
        any(mac_text.startswith(prefix.upper()) for prefix in CAME_MAC_PREFIXES)
        if mac_text
        else None
    )
    with spinner(f"Probing {', '.join(targets)}…"):
        answers = await asyncio.gather(
            *(async_is_came_endpoint(host, timeout=wait) for host in targets)
        )
    results = [
        {"host": host, "came_endpoint": answer}
        for host, answer in zip(targets, answers, strict=True)
    ]
    if as_json:
        print_json({"hosts": results, "mac": mac_text, "mac_is_came": mac_is_came})
    else:
        console = out_console()
        for result in results:
            verdict = (
                "[green]answers like a CAME Domotic server[/]"
                if result["came_endpoint"]
                else "[red]no CAME Domotic server[/]"
            )
            console.print(f"{result['host']}: {verdict}")
        if mac_text:
            hint = "a CAME/BPT prefix" if mac_is_came else "not a known CAME prefix"
            console.print(f"MAC {mac_text}: {hint}")
    if not all(answers):
        raise click.exceptions.Exit(ExitCode.UNREACHABLE)
