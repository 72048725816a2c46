"""Models layer: :class:`User`, a login account of the server (PROTOCOL.md §2.5-§2.8)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._protocol import session as wire
from ..errors import CameDomoticError

if TYPE_CHECKING:
    from ..auth import Auth


class User:
    """User in the CAME Domotic API.

    Args:
        raw_data: an ``sl_users_list`` item (``{"name": "<login>"}``).
        auth: the session used to send commands.

    Raises:
        ValueError: if the ``name`` key is missing or not a non-empty string.

    Attributes:
        raw_data: the wire object.
        auth: the session.
    """

    def __init__(self, raw_data: dict[str, Any], auth: Auth) -> None:
        if not isinstance(raw_data, dict):
            raise ValueError("User raw_data must be a dict")
        name = raw_data.get("name")
        if not isinstance(name, str) or not name:
            raise ValueError("User data is missing required key 'name'")
        self.raw_data = raw_data
        self.auth = auth

    @property
    def name(self) -> str:
        """Name of the user."""
        return str(self.raw_data["name"])

    def __repr__(self) -> str:
        return f"User(name={self.name!r})"

    async def async_delete(self) -> None:
        """Delete this user from the CAME Domotic server.

        Raises:
            CameDomoticError: if this user is the one the session is logged in as (the client
                refuses; PROTOCOL.md §2.7).
            CameDomoticServerError: if the server refuses (non-zero ACK) or fails.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
        """
        if self.name == self.auth.current_username:
            raise CameDomoticError(
                "refusing to delete the user the session is logged in as; "
                "switch to another user first"
            )
        await self.auth.async_send_command(
            {}, command_type=wire.DEL_USER_REQ, additional_payload={"sl_login": self.name}
        )

    async def async_change_password(self, current_password: str, new_password: str) -> None:
        """Change the password of this user on the CAME Domotic server.

        The request authenticates itself with the current password and needs no session
        (PROTOCOL.md §2.8). Existing sessions of the user stay valid until they expire; the
        new password is required at the next login. If this user is the current one, the
        stored credentials are updated automatically.

        Args:
            current_password: the user's current password.
            new_password: the desired new password.

        Raises:
            ValueError: if a password is not a string or the new one is empty.
            CameDomoticAuthError: if the server refuses the change (e.g. wrong current
                password).
            CameDomoticServerError: on any other server failure.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
        """
        if not isinstance(current_password, str):
            raise ValueError("current_password must be a string")
        if not isinstance(new_password, str) or not new_password:
            raise ValueError("new_password must be a non-empty string")
        await self.auth._async_change_password(self.name, current_password, new_password)

    async def async_set_as_current_user(self, password: str) -> None:
        """Set the user as the current user in the CAME Domotic API session.

        A session is opened as this user, then the previous session is logged out. If the
        login fails, the previous credentials and session are kept and the error re-raised,
        so the client stays connected as the original user.

        Args:
            password: password of the user.

        Raises:
            ValueError: if ``password`` is not a string.
            CameDomoticAuthError: if the authentication fails.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
        """
        if not isinstance(password, str):
            raise ValueError("password must be a string")
        await self.auth._async_switch_user(self.name, password)
