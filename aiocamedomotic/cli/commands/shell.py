"""CLI layer: ``completion``, the shell script that makes Tab complete ``camedomotic``."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

from ..app import cli
from ..completion import CACHE_TTL, cache_path

_SHELLS = ("bash", "zsh", "fish")

_HELP = f"""Print the completion script for a shell: bash, zsh or fish.

Tab then completes commands, options, families and device names. Device names come from
the last 'list' (or device command) run against the same host in the past
{CACHE_TTL / 60:.0f} minutes, kept in {cache_path()} (host, ids and names only; never a
password). Install the script once:

\b
  bash: camedomotic completion bash > ~/.local/share/bash-completion/completions/camedomotic
  zsh:  camedomotic completion zsh > "${{fpath[1]}}/_camedomotic"
  fish: camedomotic completion fish > ~/.config/fish/completions/camedomotic.fish
"""


@cli.command(help=_HELP)
@click.argument("shell", type=click.Choice(_SHELLS))
def completion(shell: str) -> None:
    """Print the completion script (help: ``_HELP``)."""
    completer = get_completion_class(shell)
    assert completer is not None  # every choice is one of click's shells
    ctx = click.get_current_context()
    script = completer(cli, {}, ctx.find_root().info_name or "camedomotic", "_CAMEDOMOTIC_COMPLETE")
    click.echo(script.source())
