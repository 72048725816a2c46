"""aiocamedomotic: asyncio client for CAME Domotic (ETI/Domo) servers.

Public entry points: :class:`CameDomoticAPI` (and the :class:`Auth` session it owns), the
error classes of :mod:`aiocamedomotic.errors`, the feature names of :class:`ServerFeature`,
the discovery helpers :data:`CAME_MAC_PREFIXES` and :func:`async_is_came_endpoint`, and
:func:`get_logger`. Every public name of upstream aiocamedomotic 1.15.2 is kept
(COMPATIBILITY.md lists the deliberate differences).
"""

import logging

from ._version import __version__
from .auth import Auth
from .came_domotic_api import CameDomoticAPI
from .const import CAME_MAC_PREFIXES, ServerFeature
from .errors import (
    CameDomoticAckError,
    CameDomoticAuthError,
    CameDomoticConnectionError,
    CameDomoticError,
    CameDomoticProtocolError,
    CameDomoticServerError,
    CameDomoticServerNotFoundError,
    CameDomoticServerTimeoutError,
    CameDomoticSessionError,
    CameDomoticStateError,
    CameDomoticTooManySessionsError,
    CameDomoticUnsupportedFeatureError,
)
from .utils import async_is_came_endpoint

__all__ = [
    "CAME_MAC_PREFIXES",
    "Auth",
    "CameDomoticAPI",
    "CameDomoticAckError",
    "CameDomoticAuthError",
    "CameDomoticConnectionError",
    "CameDomoticError",
    "CameDomoticProtocolError",
    "CameDomoticServerError",
    "CameDomoticServerNotFoundError",
    "CameDomoticServerTimeoutError",
    "CameDomoticSessionError",
    "CameDomoticStateError",
    "CameDomoticTooManySessionsError",
    "CameDomoticUnsupportedFeatureError",
    "ServerFeature",
    "__version__",
    "async_is_came_endpoint",
    "get_logger",
]


def get_logger() -> logging.Logger:
    """Return the package logger (``aiocamedomotic``), to set its level or handlers.

    The library itself never configures logging; every module logs to a child of this
    logger (``aiocamedomotic.traffic`` carries the redacted traffic).

    Returns:
        The package logger.
    """
    return logging.getLogger(__name__)
