"""Support layer: the validation of wire objects and credential-free helpers such as network
autodiscovery (PROTOCOL.md §1.5, §1.7)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import aiohttp

from ._transport import async_probe, build_endpoint_url, check_timeout
from .const import CAME_MAC_PREFIXES
from .errors import CameDomoticError

__all__ = ["CAME_MAC_PREFIXES", "EntityValidator", "async_is_came_endpoint"]


class EntityValidator:
    """Mixin class to validate the CAME entities: the checks every model constructor runs."""

    @staticmethod
    def validate_data(
        data: Any,
        required_keys: Sequence[str],
        typed_keys: Mapping[str, type] | None = None,
        *,
        owner: str = "Entity",
    ) -> None:
        """Validate the necessary data fields in the provided dictionary.

        Args:
            data: the wire object to validate.
            required_keys: the keys that must be present in ``data``.
            typed_keys: key -> expected type; the value at each such key must be an instance
                of that type (``bool`` does not count as ``int``). Keys listed here should
                also be in ``required_keys``; an absent typed key is not checked.
            owner: the entity named in the error message.

        Raises:
            ValueError: ``data`` is not a dict, a required key is missing, or a typed key has
                a value of the wrong type (the message names the keys, never the values).
        """
        if not isinstance(data, dict):
            raise ValueError(f"{owner} data must be a dict, not {type(data).__name__}")
        missing = [key for key in required_keys if key not in data]
        if missing:
            raise ValueError(f"{owner} data is missing required key(s): {', '.join(missing)}")
        for key, expected in (typed_keys or {}).items():
            value = data.get(key)
            if key in data and (
                not isinstance(value, expected) or (expected is int and isinstance(value, bool))
            ):
                raise ValueError(
                    f"{owner} data key {key!r} must be of type {expected.__name__}, "
                    f"not {type(value).__name__}"
                )


async def async_is_came_endpoint(
    host: str,
    websession: aiohttp.ClientSession | None = None,
    timeout: int = 10,  # noqa: ASYNC109 (documented signature)
) -> bool:
    """Check whether a host exposes the CAME Domotic API endpoint.

    Performs a credential-free HTTP GET on the CAME API URL to determine if the host is a
    CAME ETI/Domo server. Suitable for network autodiscovery alongside
    :data:`~aiocamedomotic.const.CAME_MAC_PREFIXES`. Never raises.

    Args:
        host: IP address or hostname of the device to check (e.g. ``"192.168.1.100"``,
            ``"came-server.local"``); ``host:port`` and full URLs are accepted too.
        websession: optional aiohttp session to reuse. When provided, the caller retains
            ownership and the session is not closed. When omitted, a temporary session is
            created and closed automatically.
        timeout: HTTP request timeout in seconds (default: 10).

    Returns:
        True if the host responds with HTTP 200 on the CAME API endpoint, False otherwise
        (invalid host, network error, timeout, wrong status, etc.).
    """
    try:
        url = build_endpoint_url(host)
        timeout_s = check_timeout(timeout, "timeout")
        if websession is not None:
            await async_probe(websession, url, timeout_s=timeout_s)
        else:
            async with aiohttp.ClientSession() as session:
                await async_probe(session, url, timeout_s=timeout_s)
    except (CameDomoticError, ValueError):
        return False
    return True
