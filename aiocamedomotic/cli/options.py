"""CLI layer: options, arguments and value parsers shared by several commands."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

from .completion import cached_names, shell_quote
from .config import ENV_HOST, normalise_host
from .errors import CliError
from .families import families, family_named

__all__ = ["NameArgument", "families_argument", "json_option", "name_argument", "parse_rgb"]

F = TypeVar("F", bound=Callable[..., Any])

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print machine-readable JSON (stable keys)."
)


def _host_of(ctx: click.Context) -> str | None:
    """The host the command line (or its environment variable) names, normalised."""
    root = ctx.find_root()
    host = root.params.get("host")
    if not isinstance(host, str):
        host = os.environ.get(ENV_HOST)
    try:
        return normalise_host(host) if host else None
    except CliError:
        return None


class NameArgument(click.Argument):
    """A device NAME argument: its command's help explains the naming rules, and the shell
    completes it from the names of the family's last listing (see :mod:`..completion`)."""

    def __init__(self, *args: Any, family: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.family = family_named(family)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Cached names of the family starting with what was typed (any case), and #ids."""
        pairs = cached_names(self.family.cli_name, _host_of(ctx))
        if incomplete.startswith("#"):
            return [
                CompletionItem(f"#{ident}", help=name)
                for ident, name in pairs
                if f"#{ident}".startswith(incomplete)
            ]
        folded = incomplete.casefold()
        return [
            CompletionItem(shell_quote(name), help=f"#{ident}")
            for ident, name in pairs
            if name.casefold().startswith(folded)
        ]


def name_argument(
    param: str = "name", *, family: str, metavar: str | None = None, nargs: int = 1
) -> Callable[[F], F]:
    """A NAME argument naming a device of ``family`` (see :class:`NameArgument`)."""
    return click.argument(param, cls=NameArgument, family=family, metavar=metavar, nargs=nargs)


def _complete_family(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    del ctx, param
    return [f.cli_name for f in families() if f.cli_name.startswith(incomplete.lower())]


families_argument = click.argument(
    "family_names", nargs=-1, metavar="[FAMILY]...", shell_complete=_complete_family
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
