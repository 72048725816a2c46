"""Public facade: :class:`CameDomoticAPI`, the entry point of the library.

Layer: top of the client. It owns an :class:`~aiocamedomotic.auth.Auth` and turns each
documented call into one or more application commands, returning model objects.
"""

from __future__ import annotations

import logging
import time
from types import TracebackType
from typing import Any

import aiohttp

from ._protocol import session as wire
from .auth import Auth
from .const import DEFAULT_COMMAND_TIMEOUT
from .models.server_info import ServerInfo
from .models.terminal_group import TerminalGroup
from .models.user import User

_LOGGER = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------
# OWNERSHIP WHILE THE FOUNDATION IS BUILT (remove this banner when done):
#   * session section (create/dispose/context manager/server info/ping/users/groups):
#     the session-layer helper;
#   * device-family section (every async_get_* of an entity family, topology,
#     async_set_thermo_season, async_get_updates): the models helper;
#   * live section (starting/stopping the live plant): the live-layer helper.
# Edit only inside your own section.
# ---------------------------------------------------------------------------------------


class CameDomoticAPI:
    """Main class, exposes all the public methods of the CAME Domotic API.

    Create it with :meth:`async_create` and use it as an async context manager::

        async with await CameDomoticAPI.async_create(host, username, password) as api:
            info = await api.async_get_server_info()

    Args:
        auth: the session to use.
        command_timeout: the default timeout in seconds of every command (default: 30 s);
            it also becomes ``auth.command_timeout``.

    Raises:
        ValueError: if ``command_timeout`` is not a positive number.

    Attributes:
        auth: the :class:`~aiocamedomotic.auth.Auth` session.
        command_timeout: the default timeout in seconds of every command.
    """

    # === SESSION SECTION START ===
    def __init__(self, auth: Auth, *, command_timeout: int = DEFAULT_COMMAND_TIMEOUT) -> None:
        if (
            isinstance(command_timeout, bool)
            or not isinstance(command_timeout, int | float)
            or command_timeout <= 0
        ):
            raise ValueError(
                f"command_timeout must be a positive number of seconds, got {command_timeout!r}"
            )
        self.auth = auth
        self.command_timeout = command_timeout
        auth.command_timeout = command_timeout

    @classmethod
    async def async_create(
        cls,
        host: str,
        username: str,
        password: str,
        *,
        websession: aiohttp.ClientSession | None = None,
        close_websession_on_disposal: bool = False,
        command_timeout: int = DEFAULT_COMMAND_TIMEOUT,
    ) -> CameDomoticAPI:
        """Create a CameDomoticAPI object.

        The session is not logged in until the first request is made.

        Args:
            host: the host of the CAME Domotic server (``"192.168.1.3"``, ``"host:port"``
                or a full URL such as ``"https://came.example:8443/"``).
            username: the username to use for the API.
            password: the password to use for the API.
            websession: the aiohttp session to use. If not provided, a new one is created
                and always closed on disposal.
            close_websession_on_disposal: whether a provided ``websession`` is closed when
                this object is disposed (default False: the caller keeps ownership, as in
                Home Assistant). Ignored when no websession is provided.
            command_timeout: the default timeout in seconds for all commands (default: 30 s).

        Returns:
            The CameDomoticAPI object.

        Raises:
            CameDomoticServerNotFoundError: if the host doesn't respond to an HTTP request or
                doesn't expose the CAME Domotic API endpoint.
            ValueError: if ``host``, ``username`` or ``command_timeout`` is invalid.
        """
        owns_websession = websession is None
        session = aiohttp.ClientSession() if websession is None else websession
        try:
            auth = await Auth.async_create(
                session,
                host,
                username,
                password,
                close_websession_on_disposal=owns_websession or close_websession_on_disposal,
                command_timeout=command_timeout,
            )
        except BaseException:
            if owns_websession:
                await session.close()
            raise
        return cls(auth, command_timeout=command_timeout)

    async def async_dispose(self) -> None:
        """Dispose the CameDomoticAPI object.

        Logs out if logged in, clears the credentials and closes the websession when this
        object owns it. Safe to call twice.
        """
        await self.auth.async_dispose()

    async def __aenter__(self) -> CameDomoticAPI:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.async_dispose()

    def __repr__(self) -> str:
        return f"<CameDomoticAPI {self.auth!r}>"

    async def async_get_server_info(self) -> ServerInfo:
        """Get the server information.

        Provides info about the server (keycode, software version, etc.) and the list of
        features supported by the CAME Domotic server (``feature_list_req``, PROTOCOL.md
        §4.1).

        Returns:
            Server information.

        Raises:
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure or a malformed answer.
        """
        response = await self.auth.async_send_command(
            {"cmd_name": "feature_list_req"}, response_command="feature_list_resp"
        )
        return ServerInfo.from_response(response)

    async def async_ping(self) -> float:
        """Ping the CAME Domotic server and measure round-trip latency.

        Sends a keep-alive request (``sl_keep_alive_req``) to verify connectivity. If the
        session has expired, it transparently re-authenticates first; the login is not part
        of the measured time.

        Returns:
            Round-trip latency in milliseconds.

        Raises:
            CameDomoticAuthError: if a needed login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        await self.auth.async_get_valid_client_id()
        started = time.perf_counter()
        await self.auth.async_keep_alive()
        return (time.perf_counter() - started) * 1000

    async def async_get_users(self) -> list[User]:
        """Get the list of users defined on the server (PROTOCOL.md §2.5).

        Returns:
            List of users. Returns an empty list if no users are defined or if the server
            response doesn't contain the users list. Malformed items are skipped.

        Raises:
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        response = await self.auth.async_send_command({}, command_type=wire.USERS_LIST_REQ)
        return _parse_items(
            response.get("sl_users_list"), lambda item: User(item, self.auth), "user"
        )

    async def async_add_user(self, username: str, password: str, group: str = "*") -> User:
        """Add a new user to the CAME Domotic server (PROTOCOL.md §2.6).

        Args:
            username: the login name for the new user.
            password: the initial password for the new user.
            group: the **name** of the permission group to assign (e.g. ``"ETI/Domo"``);
                defaults to ``"*"``. Use :meth:`async_get_terminal_groups` to list them.

        Returns:
            A User object representing the newly created user.

        Raises:
            ValueError: if ``username`` or ``group`` is empty or an argument is not a string.
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: if the server refuses the new user or fails.
        """
        if not isinstance(username, str) or not username:
            raise ValueError("username must be a non-empty string")
        if not isinstance(password, str):
            raise ValueError("password must be a string")
        if not isinstance(group, str) or not group:
            raise ValueError("group must be a non-empty group name, or '*'")
        await self.auth.async_send_command(
            {},
            command_type=wire.ADD_USER_REQ,
            additional_payload={"sl_login": username, "sl_pwd": password, "sl_group": group},
        )
        return User({"name": username}, self.auth)

    async def async_get_terminal_groups(self) -> list[TerminalGroup]:
        """Get the list of terminal groups defined on the server (PROTOCOL.md §4.18).

        Terminal groups define the permission scope assigned to users at creation time;
        :meth:`async_add_user` takes a group **name**.

        Returns:
            Available groups. Returns an empty list if none are defined or the server
            response lacks the array key. Malformed items are skipped.

        Raises:
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        response = await self.auth.async_send_command(
            {"cmd_name": "terminals_groups_list_req"},
            response_command="terminals_groups_list_resp",
        )
        return _parse_items(response.get("array"), TerminalGroup, "terminal group")

    # === SESSION SECTION END ===

    # === DEVICE FAMILY SECTION START ===
    # === DEVICE FAMILY SECTION END ===

    # === LIVE SECTION START ===
    # === LIVE SECTION END ===


def _parse_items(items: Any, build: Any, label: str) -> list[Any]:
    """Build one model per well-formed item of a wire array; skip (and log) the others."""
    if not isinstance(items, list):
        return []
    result = []
    for item in items:
        try:
            result.append(build(item))
        except ValueError:
            _LOGGER.debug("Skipping a malformed %s item from the server", label)
    return result
