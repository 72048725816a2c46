"""Models layer: upstream's re-export of ``Auth`` from the model modules, resolved on access.

Upstream aiocamedomotic's model modules import ``Auth`` at their top, so code written
against it may import the session class from any of them
(``from aiocamedomotic.models.light import Auth``). Here the models depend only on the
command-sender protocol (:class:`~aiocamedomotic.models.base.CommandSender`): each model
module answers the name through a module ``__getattr__`` made by :func:`auth_on_access`,
which imports :mod:`aiocamedomotic.auth` only when someone asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["auth_on_access"]


def auth_on_access(module: str) -> Callable[[str], Any]:
    """The ``__getattr__`` of a model module that re-exports ``Auth`` as upstream's does.

    Args:
        module: the module's ``__name__``, for the message of an unknown attribute.
    """

    def __getattr__(name: str) -> Any:
        if name == "Auth":
            from ..auth import Auth  # noqa: PLC0415 - the point: only when asked for

            return Auth
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
