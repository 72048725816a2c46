"""CLI layer: options and value types shared by several commands."""

from __future__ import annotations

from typing import Any

import click

__all__ = ["RGB", "json_option"]

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print machine-readable JSON (stable keys)."
)


class RgbType(click.ParamType):
    """``R,G,B`` with each component in 0-255."""

    name = "R,G,B"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse ``"255,128,0"`` into ``[255, 128, 0]``."""
        if isinstance(value, list):
            return value
        try:
            parts = [int(part) for part in str(value).split(",")]
        except ValueError:
            parts = []
        if len(parts) != 3 or not all(0 <= part <= 255 for part in parts):
            self.fail(f"{value!r} is not R,G,B with three numbers in 0-255", param, ctx)
        return parts


RGB = RgbType()
