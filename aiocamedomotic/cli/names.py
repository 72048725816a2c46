"""CLI layer: find the device a person means from the name they typed.

A device is found, in this order, by ``#id``, by an alias of the configuration file, by its
full name, then by a unique prefix of its name; names compare case-insensitively. When
nothing or more than one device matches, the error lists the close candidates.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from .errors import CliError, ExitCode

__all__ = ["NAME_RULES", "resolve"]

#: How a NAME is matched, for the help of every command that takes one.
NAME_RULES = (
    "NAME designates one device, tried in this order: '#ID' (its id, as 'camedomotic list' "
    "shows it), an alias of the configuration file, its full name, a unique prefix of its "
    "name. Case is ignored; quote names with spaces. An unknown name exits 7 and an "
    "ambiguous one 8, listing the candidates."
)

T = TypeVar("T")

_MAX_CANDIDATES = 5


def _describe(items: Sequence[T], name: Callable[[T], str], ident: Callable[[T], int]) -> str:
    shown = ", ".join(f"{name(item)!r} (#{ident(item)})" for item in items[:_MAX_CANDIDATES])
    more = len(items) - _MAX_CANDIDATES
    return f"{shown} and {more} more" if more > 0 else shown


def resolve(
    query: str,
    items: Sequence[T],
    *,
    kind: str,
    name: Callable[[T], str],
    ident: Callable[[T], int],
    aliases: Mapping[str, str] | None = None,
) -> T:
    """Return the one item the query designates.

    Args:
        query: what the person typed: a name, a prefix, ``#id`` or an alias.
        items: the candidates (one device family).
        kind: the family's singular noun for messages (``"light"``).
        name: returns an item's name.
        ident: returns an item's id.
        aliases: short name (case-folded) -> device name or ``#id``.

    Returns:
        The matching item.

    Raises:
        CliError: ``UNKNOWN_DEVICE`` when nothing matches (close names are suggested),
            ``AMBIGUOUS_DEVICE`` when several items match (they are listed).
    """
    text = query.strip()
    target = (aliases or {}).get(text.casefold())
    if target is not None:
        text = target.strip()

    if text.startswith("#"):
        try:
            wanted = int(text[1:])
        except ValueError:
            raise CliError(
                f"invalid id {text!r}: expected # followed by a number", ExitCode.USAGE
            ) from None
        for item in items:
            if ident(item) == wanted:
                return item
        raise CliError(f"no {kind} has id #{wanted}", ExitCode.UNKNOWN_DEVICE)

    folded = text.casefold()
    for matches in (
        [item for item in items if name(item).casefold() == folded],
        [item for item in items if name(item).casefold().startswith(folded)],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise CliError(
                f"{kind} name {query!r} is ambiguous: it matches "
                f"{_describe(matches, name, ident)}; type more of the name or use #id",
                ExitCode.AMBIGUOUS_DEVICE,
            )

    by_folded = {name(item).casefold(): item for item in items}
    close = difflib.get_close_matches(folded, list(by_folded), n=_MAX_CANDIDATES, cutoff=0.5)
    # Also offer names that merely contain what was typed ("dimmer" -> "Hall dimmer").
    close += [key for key in by_folded if folded and folded in key and key not in close]
    hint = (
        f"; did you mean {_describe([by_folded[key] for key in close], name, ident)}?"
        if close
        else "; 'camedomotic list' shows every name"
        if items
        else f"; the server has no {kind} at all"
    )
    raise CliError(f"no {kind} named {query!r}{hint}", ExitCode.UNKNOWN_DEVICE)
