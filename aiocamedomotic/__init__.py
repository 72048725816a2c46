"""aiocamedomotic: asyncio client for CAME Domotic (ETI/Domo) servers.

Public entry points: :class:`CameDomoticAPI` (and the :class:`Auth` session it owns), the
error classes of :mod:`aiocamedomotic.errors`, the feature names of :class:`ServerFeature`,
the discovery helpers :data:`CAME_MAC_PREFIXES` and :func:`async_is_came_endpoint`, and
:func:`get_logger`. Every public name of upstream aiocamedomotic 1.15.2 is kept
(COMPATIBILITY.md lists the deliberate differences).

The names are imported on first access (PEP 562), so ``import aiocamedomotic`` alone, or
the CLI's ``--version``, does not pay for the client, the models or ``cryptography``.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:  # what the lazy table below resolves, for type checkers and IDEs
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

#: Each lazily exported name -> the submodule defining it.
_LAZY: dict[str, str] = {
    "Auth": "auth",
    "CameDomoticAPI": "came_domotic_api",
    "CAME_MAC_PREFIXES": "const",
    "ServerFeature": "const",
    "CameDomoticAckError": "errors",
    "CameDomoticAuthError": "errors",
    "CameDomoticConnectionError": "errors",
    "CameDomoticError": "errors",
    "CameDomoticProtocolError": "errors",
    "CameDomoticServerError": "errors",
    "CameDomoticServerNotFoundError": "errors",
    "CameDomoticServerTimeoutError": "errors",
    "CameDomoticSessionError": "errors",
    "CameDomoticStateError": "errors",
    "CameDomoticTooManySessionsError": "errors",
    "CameDomoticUnsupportedFeatureError": "errors",
    "async_is_came_endpoint": "utils",
}

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


# Hidden from type checkers: they see the imports above instead, and so still report a
# misspelt name (a module __getattr__ would make every name valid to them).
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """Import a public name from its submodule on first access, then keep it here."""
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        qualified = f"{__name__}.{module}"
        # __import__ rather than importlib.import_module: like an import statement, it is
        # reported by ``python -X importtime``, which bench/bench_startup.py reads.
        __import__(qualified)
        value = getattr(sys.modules[qualified], name)
        globals()[name] = value  # later accesses skip this function
        return value


def __dir__() -> list[str]:
    """The module's attributes, lazy names included."""
    return sorted(globals().keys() | _LAZY.keys())


def get_logger() -> logging.Logger:
    """Return the package logger (``aiocamedomotic``), to set its level or handlers.

    The library itself never configures logging; every module logs to a child of this
    logger (``aiocamedomotic.traffic`` carries the redacted traffic).

    Returns:
        The package logger.
    """
    return logging.getLogger(__name__)
