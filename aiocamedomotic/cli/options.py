"""CLI layer: options and value parsers shared by several commands."""

from __future__ import annotations

import click

__all__ = ["json_option", "parse_rgb"]

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print machine-readable JSON (stable keys)."
)


def parse_rgb(ctx: click.Context, param: click.Parameter, value: str | None) -> list[int] | None:
    """Click callback: ``"255,128,0"`` -> ``[255, 128, 0]`` (each component 0-255).

    Raises:
        click.BadParameter: not three numbers in 0-255.
    """
    del ctx, param
    if value is None:
        return None
    try:
        parts = [int(part) for part in value.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 3 or not all(0 <= part <= 255 for part in parts):
        raise click.BadParameter(f"{value!r} is not R,G,B with three numbers in 0-255")
    return parts
