"""Live layer: what a live plant needs from the layers below it, as protocols.

The live layer never sees :class:`~aiocamedomotic.auth.Auth` or
:class:`~aiocamedomotic.came_domotic_api.CameDomoticAPI`: the facade hands it a session
(anything satisfying :class:`LiveSession`, which ``Auth`` does) and a function fetching the
server information. Fakes satisfy them too, so each live component can be driven alone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeAlias

from ..models.base import OnceCommandSender, ServerInfo


class LiveSession(OnceCommandSender, Protocol):
    """The session a live plant sends its list requests and long polls through.

    Besides sending (with the usual resend after a lost session, or once), the plant reads
    which session is current: a change of :attr:`client_id` means a login happened, so the
    indications queued for the old session are lost and the registries must be resynced.
    """

    @property
    def client_id(self) -> str:
        """The current session id (``""`` when not logged in). Secret: never logged."""
        ...

    @property
    def current_username(self) -> str | None:
        """The user the session logs in as (sent by the list requests that need it)."""
        ...

    @property
    def command_timeout(self) -> float:
        """The default timeout in seconds of a command."""
        ...

    @property
    def closed(self) -> bool:
        """Whether the session can send nothing any more (disposed, websession closed)."""
        ...


#: Fetches the server information (``feature_list_req``): the features gate the families.
ServerInfoFetcher: TypeAlias = Callable[[], Awaitable[ServerInfo]]
