"""CLI layer: shell completion of families and device names, from a cache of recent lists.

Completion runs a fresh ``camedomotic`` for every Tab press, so it cannot ask the server:
device names come from a small JSON file in the user's cache directory that ``list`` and
the commands that look a device up rewrite with what the server just returned. It holds
host, family, id and name only (never a user name, password or session), is readable by
its owner only, and is ignored once older than :data:`CACHE_TTL` seconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "CACHE_TTL",
    "cache_path",
    "cached_names",
    "remember_names",
    "shell_quote",
]

#: How long (s) a listing stays good for completion.
CACHE_TTL = 3600.0
_VERSION = 1


def cache_path() -> Path:
    """The cache file in the user's cache directory."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("camedomotic")) / "names.json"


def _fresh_hosts(now: float) -> dict[str, dict[str, Any]]:
    """The cache's hosts whose listing is younger than :data:`CACHE_TTL`."""
    try:
        data = json.loads(cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    hosts = data.get("hosts") if isinstance(data, dict) else None
    if data.get("version") != _VERSION or not isinstance(hosts, dict):
        return {}
    return {
        host: entry
        for host, entry in hosts.items()
        if isinstance(entry, dict)
        and isinstance(entry.get("time"), int | float)
        and isinstance(entry.get("families"), dict)
        and 0 <= now - entry["time"] < CACHE_TTL
    }


def remember_names(host: str, lists: Mapping[str, Iterable[tuple[int, str]]]) -> None:
    """Record the ``(id, name)`` pairs just read from ``host``, one list per family.

    Best effort: a cache that cannot be written only means no completion. Stale entries of
    other hosts are dropped so the file stays small.

    Args:
        host: the server they came from (``host[:port]``).
        lists: family CLI name -> its ``(id, name)`` pairs.
    """
    now = time.time()
    hosts = _fresh_hosts(now)
    families = dict(hosts[host]["families"]) if host in hosts else {}
    families.update({family: [[i, name] for i, name in pairs] for family, pairs in lists.items()})
    hosts[host] = {"time": now, "families": families}
    path = cache_path()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".names-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                json.dump({"version": _VERSION, "hosts": hosts}, stream, ensure_ascii=False)
            os.replace(tmp, path)  # mkstemp made it readable by its owner only
        except OSError:
            os.unlink(tmp)
            raise


def cached_names(family: str, host: str | None) -> list[tuple[int, str]]:
    """The ``(id, name)`` pairs of a family from the cache; ``[]`` when stale or absent.

    Args:
        family: the family's CLI name (``"lights"``).
        host: the server the command line names; ``None``: the most recent listing.
    """
    hosts = _fresh_hosts(time.time())
    if host is None and hosts:
        host = max(hosts, key=lambda key: hosts[key]["time"])
    pairs = hosts[host]["families"].get(family) if host in hosts else None
    return [
        (pair[0], pair[1])
        for pair in (pairs if isinstance(pairs, list) else [])
        if isinstance(pair, list)
        and len(pair) == 2
        and isinstance(pair[0], int)
        and isinstance(pair[1], str)
    ]


def shell_quote(name: str) -> str:
    """A name with spaces, as bash must receive it (``Hall\\ dimmer``).

    Click's bash script inserts candidates verbatim; zsh and fish quote for themselves.
    """
    if os.environ.get("_CAMEDOMOTIC_COMPLETE", "").startswith("bash"):
        return "".join(f"\\{char}" if char in " '\"\\()&;<>|$`" else char for char in name)
    return name
