"""aiocamedomotic: asyncio client for CAME Domotic (ETI/Domo) servers.

Public entry points: :class:`CameDomoticAPI`, the error classes of :mod:`aiocamedomotic.errors`
and the discovery helpers :data:`CAME_MAC_PREFIXES` and :func:`async_is_came_endpoint`.
"""

from ._version import __version__
from .came_domotic_api import CameDomoticAPI
from .const import CAME_MAC_PREFIXES
from .errors import (
    CameDomoticAuthError,
    CameDomoticError,
    CameDomoticServerError,
    CameDomoticServerNotFoundError,
    CameDomoticServerTimeoutError,
    CameDomoticTooManySessionsError,
)
from .utils import async_is_came_endpoint

__all__ = [
    "CAME_MAC_PREFIXES",
    "CameDomoticAPI",
    "CameDomoticAuthError",
    "CameDomoticError",
    "CameDomoticServerError",
    "CameDomoticServerNotFoundError",
    "CameDomoticServerTimeoutError",
    "CameDomoticTooManySessionsError",
    "__version__",
    "async_is_came_endpoint",
]
