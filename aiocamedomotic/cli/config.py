"""CLI layer: where the connection settings and the aliases come from.

Precedence is command-line option > environment variable > configuration file. Click
resolves the first two (each option names its environment variable); this module reads the
TOML configuration file and fills in what is still missing. The file looks like::

    host = "192.168.1.3"
    username = "admin"
    password = "secret"

    [aliases]
    hall = "Hall dimmer"
    gate = "#12"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from .errors import CliError, ExitCode

__all__ = [
    "ENV_CONFIG",
    "ENV_HOST",
    "ENV_PASSWORD",
    "ENV_TIMEOUT",
    "ENV_USERNAME",
    "ConfigFile",
    "Credentials",
    "default_config_path",
    "load_config",
    "normalise_host",
]

ENV_HOST = "CAMEDOMOTIC_HOST"
ENV_USERNAME = "CAMEDOMOTIC_USERNAME"
ENV_PASSWORD = "CAMEDOMOTIC_PASSWORD"  # noqa: S105 - the variable's name, not a password
ENV_CONFIG = "CAMEDOMOTIC_CONFIG"
ENV_TIMEOUT = "CAMEDOMOTIC_TIMEOUT"

_KNOWN_KEYS = frozenset({"host", "username", "password", "aliases"})


def default_config_path() -> Path:
    """The configuration file in the user's configuration directory."""
    return Path(platformdirs.user_config_dir("camedomotic")) / "config.toml"


@dataclass(frozen=True)
class ConfigFile:
    """The content of the configuration file (every key optional).

    Attributes:
        path: where it was read from.
        host: the server's host.
        username: the user name.
        password: the password (never shown: excluded from ``repr``).
        aliases: short name -> device name (or ``#id``).
    """

    path: Path | None = None
    host: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    aliases: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Credentials:
    """Everything needed to connect.

    Attributes:
        host: ``host`` or ``host:port``, as the library expects it.
        username: the user name.
        password: the password (never shown: excluded from ``repr``).
    """

    host: str
    username: str
    password: str = field(repr=False)


def load_config(path: Path, *, required: bool) -> ConfigFile:
    """Read the TOML configuration file.

    Args:
        path: the file.
        required: whether a missing file is an error (it is when the user named it).

    Returns:
        The settings it holds; empty settings if it is missing and not required.

    Raises:
        CliError: (exit code ``CONFIG``) the file is missing though required, unreadable,
            not TOML, or holds a value of the wrong type. The message never quotes the file's
            content, which may hold the password.
    """
    import tomllib

    try:
        with path.open("rb") as stream:
            data = tomllib.load(stream)
    except FileNotFoundError:
        if required:
            raise CliError(f"configuration file {path} not found", ExitCode.CONFIG) from None
        return ConfigFile()
    except OSError as err:
        raise CliError(f"cannot read {path}: {err.strerror}", ExitCode.CONFIG) from None
    except tomllib.TOMLDecodeError as err:
        # The decoder's message names a line and column, never the content.
        raise CliError(f"{path} is not valid TOML: {err}", ExitCode.CONFIG) from None

    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise CliError(
            f"{path}: unknown key(s) {', '.join(unknown)}; expected host, username, password "
            "and an [aliases] table",
            ExitCode.CONFIG,
        )
    strings: dict[str, str | None] = {}
    for key in ("host", "username", "password"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise CliError(f"{path}: {key} must be a string", ExitCode.CONFIG)
        strings[key] = value
    aliases = data.get("aliases", {})
    if not isinstance(aliases, dict) or not all(
        isinstance(value, str) for value in aliases.values()
    ):
        raise CliError(
            f'{path}: [aliases] must map names to strings, e.g. hall = "Hall dimmer"',
            ExitCode.CONFIG,
        )
    return ConfigFile(
        path=path,
        host=strings["host"],
        username=strings["username"],
        password=strings["password"],
        aliases={key.casefold(): value for key, value in aliases.items()},
    )


def normalise_host(value: str) -> str:
    """Turn what a person types into the ``host[:port]`` form the library takes.

    Accepts ``192.168.1.3``, ``192.168.1.3:8080``, ``came.local``, ``[fe80::1]:8080`` and
    full URLs such as ``http://192.168.1.3/domo/``.

    Args:
        value: the host as typed.

    Returns:
        ``host`` or ``host:port`` (IPv6 addresses in brackets).

    Raises:
        CliError: (exit code ``USAGE``) the value is not a host, or the URL is not plain HTTP.
    """
    text = value.strip()
    parts = urlsplit(text if "://" in text else f"//{text}")
    if parts.username or parts.password:
        # Refused without echoing the value back: it holds credentials.
        raise CliError("invalid host: remove the user name and password from it", ExitCode.USAGE)
    if parts.scheme not in ("", "http"):
        raise CliError(
            f"invalid host {value!r}: CAME servers speak plain http, not {parts.scheme}",
            ExitCode.USAGE,
        )
    try:
        port = parts.port
    except ValueError:
        raise CliError(f"invalid port in host {value!r}", ExitCode.USAGE) from None
    hostname = parts.hostname
    if not hostname:
        raise CliError(
            f"invalid host {value!r}: expected HOST, HOST:PORT or http://HOST[:PORT]/",
            ExitCode.USAGE,
        )
    if ":" in hostname:
        hostname = f"[{hostname}]"
    return f"{hostname}:{port}" if port is not None else hostname
