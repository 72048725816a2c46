"""Support layer: credential-free helpers such as network autodiscovery (PROTOCOL.md §1.5, §1.7)."""

from __future__ import annotations

import aiohttp

from ._transport import async_probe, build_endpoint_url, check_timeout
from .const import CAME_MAC_PREFIXES
from .errors import CameDomoticError

__all__ = ["CAME_MAC_PREFIXES", "async_is_came_endpoint"]


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
