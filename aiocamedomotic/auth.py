"""Session layer: login, session lifetime, the ``sl_data_req`` envelope and credentials.

This module manages the HTTP interaction with the CAME Domotic API.

As a consumer of the library you will rarely use :class:`Auth` directly: use
:class:`~aiocamedomotic.came_domotic_api.CameDomoticAPI` and the entity models instead.

Session rules implemented here (PROTOCOL.md §2.10): log in lazily on the first command;
trust the session until ``last successful answer + keep-alive timeout - margin``; after ACK 7
or 8 (session lost) log in afresh and retry the failed request once (except for
:meth:`Auth.async_send_command_once`).

Logins are single-flight: while one is on the wire, every other caller that needs a session
waits for it and receives its outcome - the new session, or the very same error. A wrong
password or a full session table therefore costs one login however many commands are
waiting, and fails all of them together, within one command timeout.

The error classes and :class:`~aiocamedomotic.const.AckErrorCode` are importable from here
too, as in upstream aiocamedomotic.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, cast

import aiohttp

from ._protocol import session as wire
from ._transport import (
    async_post_json,
    async_probe,
    async_read_capped,
    build_endpoint_url,
    check_timeout,
    map_client_error,
    parse_json_body,
    raise_for_status,
)
from .const import DEFAULT_COMMAND_TIMEOUT, SESSION_LOST_ACKS, AckErrorCode
from .errors import (
    CameDomoticAuthError,
    CameDomoticError,
    CameDomoticProtocolError,
    CameDomoticServerError,
    CameDomoticServerNotFoundError,
    CameDomoticServerTimeoutError,
    CameDomoticSessionError,
    CameDomoticStateError,
)

if TYPE_CHECKING:  # imported by create_cypher_suite(), when the first credentials are stored
    from cryptography.fernet import Fernet

__all__ = [
    "AckErrorCode",
    "Auth",
    "AuthBackup",
    "CameDomoticAuthError",
    "CameDomoticError",
    "CameDomoticServerError",
    "CameDomoticServerNotFoundError",
    "CameDomoticServerTimeoutError",
    "handle_came_domotic_errors",
]

_LOGGER = logging.getLogger(__name__)

_F = TypeVar("_F", bound=Callable[..., Awaitable[Any]])

#: Shape of :meth:`Auth.backup_auth_credentials`: encrypted user name, encrypted password,
#: session id, session expiry (``time.monotonic()`` based), keep-alive timeout, cseq.
AuthBackup = tuple[bytes | None, bytes | None, str, float, int, int]


def handle_came_domotic_errors(func: _F) -> _F:
    """Decorator to handle CAME Domotic API errors.

    Wraps a coroutine function so that any failure surfaces as a documented
    :class:`~aiocamedomotic.errors.CameDomoticError`: HTTP errors become
    :class:`~aiocamedomotic.errors.CameDomoticServerError`, lost connections
    :class:`~aiocamedomotic.errors.CameDomoticConnectionError`, timeouts
    :class:`~aiocamedomotic.errors.CameDomoticServerTimeoutError`, connection failures
    :class:`~aiocamedomotic.errors.CameDomoticServerNotFoundError`, malformed JSON a
    :class:`~aiocamedomotic.errors.CameDomoticProtocolError` (all of them but the
    not-found error are server errors). Library errors (including
    :class:`~aiocamedomotic.errors.CameDomoticAuthError`) and argument errors
    (:class:`ValueError`, :class:`TypeError`) pass through unchanged; anything else is
    wrapped in :class:`~aiocamedomotic.errors.CameDomoticError`.

    Args:
        func: the coroutine function to wrap.

    Returns:
        The wrapped coroutine function.
    """

    @functools.wraps(func)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return await func(*args, **kwargs)
        except CameDomoticError:
            raise
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise map_client_error(err, what=func.__name__) from err
        except (ValueError, TypeError):
            raise
        except Exception as err:
            raise map_client_error(err, what=func.__name__) from err

    return cast(_F, wrapper)


class Auth:
    """Class to make authenticated requests to the CAME Domotic API server.

    Security features: the user name and password are encrypted in memory with Fernet
    symmetric encryption under a key generated at run time; they are cleared on disposal
    and, as a safety net, on garbage collection. They never appear in ``repr``, logs or
    exception messages, and neither does the session id.

    Use the factory :meth:`async_create`, which also checks that the host answers. The
    instance is an async context manager: leaving ``async with auth:`` disposes it.

    Args:
        websession: the aiohttp client session.
        host: the server, as ``"192.168.1.3"``, ``"host:port"`` or a URL made of a scheme,
            a host and a port such as ``"https://came.example:8443"`` (no path: the API is
            always at ``/domo/``).
        username: the user name.
        password: the password.
        close_websession_on_disposal: whether :meth:`async_dispose` closes ``websession``.

    Raises:
        ValueError: if ``host`` is not a valid host (a path, ``..``, ``@``, a query or a
            fragment included) or ``username`` is empty; nothing is sent.

    Attributes:
        websession: the aiohttp session used for every request.
        client_id: the current session id (``""`` when not logged in). Secret: never log it.
        keep_alive_timeout_sec: the server's session timeout, clamped (PROTOCOL.md §2.10).
        session_expiration_timestamp: ``time.monotonic()`` after which the session is renewed.
        cseq: sequence number of the last application message of this session.
        command_timeout: the default timeout in seconds of every command.
        close_websession_on_disposal: whether :meth:`async_dispose` closes the websession.
        cipher_suite: the Fernet instance protecting the credentials (``None`` once disposed).
    """

    def __init__(
        self,
        websession: aiohttp.ClientSession,
        host: str,
        username: str,
        password: str,
        *,
        close_websession_on_disposal: bool = False,
    ) -> None:
        self._endpoint_url = build_endpoint_url(host)
        self._command_timeout = float(DEFAULT_COMMAND_TIMEOUT)
        self.websession = websession
        self.close_websession_on_disposal = close_websession_on_disposal
        self.client_id = ""
        self.keep_alive_timeout_sec = wire.clamp_keep_alive(None)
        self.session_expiration_timestamp = 0.0
        self.cseq = 0
        self.cipher_suite: Fernet | None = None
        self._username: bytes | None = None
        self._password: bytes | None = None
        self._lock = asyncio.Lock()
        # The login on the wire, shared by every caller that needs a session meanwhile.
        self._login_flight: asyncio.Task[None] | None = None
        self.update_auth_credentials(username, password)

    @classmethod
    async def async_create(
        cls,
        websession: aiohttp.ClientSession,
        host: str,
        username: str,
        password: str,
        *,
        close_websession_on_disposal: bool = False,
        command_timeout: int = DEFAULT_COMMAND_TIMEOUT,
    ) -> Auth:
        """Create an Auth instance after checking that the host is a CAME server.

        The session is not logged in until the first request is made. If the host check
        fails and the instance would own the websession (``close_websession_on_disposal``),
        the websession is closed before the error propagates.

        Args:
            websession: the aiohttp client session.
            host: the host of the CAME Domotic server.
            username: the username to use for the authentication.
            password: the password to use for the authentication.
            close_websession_on_disposal: whether to close the websession when disposing
                the Auth instance (default: False).
            command_timeout: the default timeout in seconds for commands (default: 30 s).

        Returns:
            The Auth instance.

        Raises:
            CameDomoticServerNotFoundError: if the host doesn't respond to an HTTP request or
                doesn't expose the CAME Domotic API endpoint.
            ValueError: if ``host`` is not a valid host, ``username`` is empty or
                ``command_timeout`` is not a positive number.
        """
        timeout_s = check_timeout(command_timeout, "command_timeout")
        auth = cls(
            websession,
            host,
            username,
            password,
            close_websession_on_disposal=close_websession_on_disposal,
        )
        auth.command_timeout = timeout_s
        try:
            await auth.async_validate_host()
        except CameDomoticError:
            await auth.async_dispose()
            raise
        return auth

    @property
    def command_timeout(self) -> float:
        """The default timeout in seconds of every command (default: 30 s).

        Raises:
            ValueError: when set to anything but a number of seconds in (0, 86400].
        """
        return self._command_timeout

    @command_timeout.setter
    def command_timeout(self, value: float) -> None:
        self._command_timeout = check_timeout(value, "command_timeout")

    async def __aenter__(self) -> Auth:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        await self.async_dispose()

    def __repr__(self) -> str:
        state = "logged in" if self.client_id else "not logged in"
        return f"<Auth endpoint={self._endpoint_url!r} ({state})>"

    def __del__(self) -> None:
        # Safety net only: async_dispose() is the supported way to clear the credentials.
        self.cipher_suite = None
        self._username = None
        self._password = None
        self.client_id = ""

    # ----------------------------------------------------------------- credentials

    @staticmethod
    def create_cypher_suite() -> Fernet:
        """Create a cypher suite with a fresh random key.

        Returns:
            The Fernet instance used to encrypt the credentials in memory.
        """
        from cryptography.fernet import Fernet  # noqa: PLC0415 - its import costs ~15 ms

        return Fernet(Fernet.generate_key())

    def update_auth_credentials(self, username: str, password: str) -> None:
        """Update the authentication credentials (used at the next login).

        The current session, if any, is kept.

        Args:
            username: new username.
            password: new password.

        Raises:
            ValueError: if ``username`` is empty or either argument is not a string.
        """
        if not isinstance(username, str) or not username:
            raise ValueError("username must be a non-empty string")
        if not isinstance(password, str):
            raise ValueError("password must be a string")
        if self.cipher_suite is None:
            self.cipher_suite = self.create_cypher_suite()
        self._username = self.cipher_suite.encrypt(username.encode())
        self._password = self.cipher_suite.encrypt(password.encode())

    def backup_auth_credentials(self) -> AuthBackup:
        """Backup the current authentication credentials and session state.

        Returns:
            ``(encrypted username, encrypted password, session id, session expiry,
            keep-alive timeout, cseq)``, to give back to :meth:`restore_auth_credentials`.
            The credentials stay encrypted under this instance's key.
        """
        return (
            self._username,
            self._password,
            self.client_id,
            self.session_expiration_timestamp,
            self.keep_alive_timeout_sec,
            self.cseq,
        )

    def restore_auth_credentials(self, backup_state: AuthBackup) -> None:
        """Restore authentication credentials and session state from a backup.

        Args:
            backup_state: a tuple returned by :meth:`backup_auth_credentials` on this
                instance.
        """
        (
            self._username,
            self._password,
            self.client_id,
            self.session_expiration_timestamp,
            self.keep_alive_timeout_sec,
            self.cseq,
        ) = backup_state

    @property
    def closed(self) -> bool:
        """Whether this session can send nothing any more: disposed, or its websession
        closed."""
        return self.cipher_suite is None or self.websession.closed

    @property
    def current_username(self) -> str | None:
        """Return the decrypted username for the current session, or None.

        ``None`` after :meth:`async_dispose`. User names are not secret (they travel in clear
        in every login), but avoid logging them needlessly.
        """
        if self.cipher_suite is None or self._username is None:
            return None
        return self.cipher_suite.decrypt(self._username).decode()

    def _credentials(self) -> tuple[str, str]:
        if self.cipher_suite is None or self._username is None or self._password is None:
            raise CameDomoticStateError(
                "this Auth instance has been disposed; create a new API client"
            )
        return (
            self.cipher_suite.decrypt(self._username).decode(),
            self.cipher_suite.decrypt(self._password).decode(),
        )

    # --------------------------------------------------------------------- session

    def get_endpoint_url(self) -> str:
        """Get the CAME Domotic endpoint URL.

        Returns:
            The endpoint URL, e.g. ``"http://192.168.1.3/domo/"``.
        """
        return self._endpoint_url

    def is_session_valid(self) -> bool:
        """Check whether the session is still valid or not.

        Returns:
            True if logged in and the local deadline (last successful answer + keep-alive
            timeout - safety margin) has not passed.
        """
        return bool(self.client_id) and time.monotonic() < self.session_expiration_timestamp

    async def async_validate_host(self, timeout: int = 10) -> None:  # noqa: ASYNC109
        """Validate the host with a credential-free GET on the endpoint (PROTOCOL.md §1.5).

        Args:
            timeout: the timeout in seconds (default: 10 s).

        Raises:
            CameDomoticServerNotFoundError: if the host doesn't respond to an HTTP request or
                doesn't expose the CAME Domotic API endpoint.
            ValueError: if ``timeout`` is not a number of seconds in (0, 86400].
        """
        await async_probe(
            self.websession, self._endpoint_url, timeout_s=check_timeout(timeout, "timeout")
        )

    async def async_get_valid_client_id(self) -> str:
        """Get a valid client ID, eventually logging in if needed.

        A login already on the wire is joined rather than doubled.

        Returns:
            The session id (secret: do not log it).

        Raises:
            CameDomoticAuthError: if an error occurs during the login.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        return await self._async_client_id(caller_holds_lock=False)

    async def async_login(self) -> None:
        """Login to the CAME Domotic server, opening a new session.

        If a login is already on the wire, this call waits for it and shares its outcome.

        Raises:
            CameDomoticAuthError: if the credentials are refused (ACK 1), or its subclass
                CameDomoticTooManySessionsError if the server's session table is full (ACK 3).
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        await self._async_join_login(renew=True)

    async def _async_client_id(self, *, caller_holds_lock: bool) -> str:
        if self.is_session_valid():
            return self.client_id
        if caller_holds_lock:
            # Nobody else can log in while the caller holds the lock, and a flight would
            # wait for that very lock.
            await self._async_login_locked()
        else:
            await self._async_join_login(renew=False)
        return self.client_id

    async def _async_join_login(self, *, renew: bool) -> None:
        """Wait for the login on the wire, starting one if there is none.

        The login runs as a task of its own, so that a caller cancelled while waiting
        neither cancels it for the others nor leaves them without an outcome.
        """
        flight = self._login_flight
        if flight is None or flight.done():
            flight = asyncio.create_task(
                self._async_login_flight(renew=renew), name="aiocamedomotic-login"
            )
            self._login_flight = flight
            flight.add_done_callback(self._login_landed)
        try:
            await asyncio.shield(flight)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if flight.cancelled() and task is not None and not task.cancelling():
                # The flight was abandoned by async_dispose, not this caller.
                raise CameDomoticStateError(
                    "the login was abandoned: this Auth instance has been disposed"
                ) from None
            raise

    def _login_landed(self, flight: asyncio.Task[None]) -> None:
        if self._login_flight is flight:
            self._login_flight = None
        if not flight.cancelled():
            flight.exception()  # retrieved here too, in case every waiter was cancelled

    async def _async_login_flight(self, *, renew: bool) -> None:
        async with self._lock:
            # A login made while this one waited for the lock (a user switch, or a caller
            # holding the lock) is as good as ours, unless a new session was asked for.
            if renew or not self.is_session_valid():
                await self._async_login_locked()

    async def _async_login_locked(self) -> None:
        username, password = self._credentials()
        self._forget_session(self.client_id)
        response = await self._async_exchange(
            wire.build_login(username, password), timeout_s=self.command_timeout, what="login"
        )
        _raise_for_ack(wire.ack_code(response))
        self.client_id, self.keep_alive_timeout_sec = wire.parse_login_ack(response)
        self.cseq = 0
        self._touch(self.client_id)
        _LOGGER.debug("Logged in; session timeout %d s", self.keep_alive_timeout_sec)

    async def async_logout(self) -> None:
        """Logout from the CAME Domotic server (does nothing when not logged in).

        The session id is forgotten whatever the outcome. A session the server already
        expired (ACK 7/8) counts as logged out.

        Raises:
            CameDomoticServerError: if an error occurs during the logout.
        """
        async with self._lock:
            await self._async_logout_locked(self.client_id)

    async def _async_logout_locked(self, client_id: str) -> None:
        if not client_id:
            return
        self._forget_session(client_id)
        response = await self._async_exchange(
            wire.build_session_command(wire.LOGOUT_REQ, client_id, {}),
            timeout_s=self.command_timeout,
            what="logout",
        )
        code = wire.ack_code(response)
        if code not in SESSION_LOST_ACKS:
            _raise_for_ack(code)
        _LOGGER.debug("Logged out")

    async def async_keep_alive(self) -> None:
        """Keep the session alive, eventually logging in again if needed.

        Raises:
            CameDomoticAuthError: if a needed login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        await self.async_send_command({}, command_type=wire.KEEP_ALIVE_REQ)

    async def async_send_command(
        self,
        command: dict[str, Any],
        *,
        response_command: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 (documented signature)
        skip_ack_check: bool = False,
        command_type: str = wire.DATA_REQ,
        additional_payload: dict[str, Any] | None = None,
        _caller_holds_lock: bool = False,
    ) -> dict[str, Any]:
        """Send a command to the CAME Domotic server.

        Two kinds of command exist (PROTOCOL.md §2.1):

        * ``command_type="sl_data_req"`` (default): ``command`` is the application message
          (it must contain ``cmd_name``). It is wrapped in the ``sl_data_req`` envelope with
          the session id and, inside the message, ``client`` and the per-session ``cseq``
          (§2.9). ``additional_payload`` adds fields to the envelope.
        * any other ``command_type`` is a session-layer command, e.g.
          ``"sl_users_list_req"``: the message is ``{"sl_cmd": command_type,
          "sl_client_id": ...}`` plus the fields of ``command`` and ``additional_payload``
          at its top level (pass ``{}`` as ``command`` when there is none).

        The session is opened lazily (joining a login already on the wire). If the server
        answers ACK 7 or 8 (session lost), the session is forgotten, a fresh login is made
        and the request sent once more; use :meth:`async_send_command_once` for commands
        that must never run twice.

        Args:
            command: the application message (or the session command's own fields).
            response_command: expected name of the answer (``cmd_name`` for application
                commands, ``sl_cmd`` for session commands); a different name raises
                CameDomoticProtocolError (default: None, no check).
            timeout: the timeout in seconds. If None, uses the instance-level
                ``command_timeout`` (default: 30 s).
            skip_ack_check: whether to return the answer without checking its ACK code.
            command_type: the session command to send (default: ``"sl_data_req"``).
            additional_payload: extra top-level fields of the request.
            _caller_holds_lock: when True, the caller already holds the session lock, so the
                current session is used (or a login made) without taking the lock again,
                which would deadlock. For internal use only.

        Returns:
            The JSON answer of the server.

        Raises:
            ValueError: if ``command`` is not a mapping or lacks ``cmd_name`` for an
                application command, or ``timeout`` is not a number of seconds in
                (0, 86400] (nothing is sent).
            CameDomoticAuthError: if a needed login is refused (see :meth:`async_login`).
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer within the timeout.
            CameDomoticServerError: on a non-zero ACK code (a CameDomoticAckError, with
                ``ack_code`` set), an unexpected answer name or a malformed answer (a
                CameDomoticProtocolError), a lost connection (CameDomoticConnectionError)
                or an HTTP error (a redirect included).
            CameDomoticStateError: if this instance was disposed.
        """
        return await self._async_send(
            command,
            response_command=response_command,
            timeout=timeout,
            skip_ack_check=skip_ack_check,
            command_type=command_type,
            additional_payload=additional_payload,
            caller_holds_lock=_caller_holds_lock,
            attempts=1 if skip_ack_check else 2,
        )

    async def async_send_command_once(
        self,
        command: dict[str, Any],
        *,
        response_command: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 (same as async_send_command)
    ) -> dict[str, Any]:
        """Send an application command that is never resent after a lost session.

        For commands that must not run twice, such as toggles: after ACK 7/8 the call fails
        with that ACK (``ack_code`` 7 or 8) and the next command logs in again. Otherwise it
        behaves like :meth:`async_send_command`.

        Args:
            command: the application message (must contain ``cmd_name``).
            response_command: expected ``cmd_name`` of the answer (default: no check).
            timeout: the timeout in seconds (default: ``command_timeout``).

        Returns:
            The JSON answer of the server.

        Raises:
            ValueError: as for :meth:`async_send_command`.
            CameDomoticAuthError: if a needed login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer within the timeout.
            CameDomoticServerError: on a non-zero ACK code (7 and 8 included: a
                CameDomoticSessionError), an unexpected answer name, an HTTP error or a
                malformed answer (see :meth:`async_send_command`).
        """
        return await self._async_send(
            command,
            response_command=response_command,
            timeout=timeout,
            skip_ack_check=False,
            command_type=wire.DATA_REQ,
            additional_payload=None,
            caller_holds_lock=False,
            attempts=1,
        )

    async def _async_send(
        self,
        command: Mapping[str, Any],
        *,
        response_command: str | None,
        timeout: float | None,  # noqa: ASYNC109 (passed on from the public methods)
        skip_ack_check: bool,
        command_type: str,
        additional_payload: Mapping[str, Any] | None,
        caller_holds_lock: bool,
        attempts: int,
    ) -> dict[str, Any]:
        """Send one request; after ACK 7/8, log in again and resend while attempts remain."""
        effective_timeout = (
            self.command_timeout if timeout is None else check_timeout(timeout, "timeout")
        )
        if not isinstance(command, Mapping):
            raise ValueError("command must be a mapping (the application message)")
        if not isinstance(command_type, str) or not command_type:
            raise ValueError("command_type must be a non-empty string such as 'sl_data_req'")
        if additional_payload is not None and not isinstance(additional_payload, Mapping):
            raise ValueError("additional_payload must be a mapping or None")
        if command_type == wire.DATA_REQ:
            name = command.get("cmd_name")
            if not isinstance(name, str) or not name:
                raise ValueError("command must contain a non-empty 'cmd_name' string")
            what = f"command {name!r}"
        else:
            what = f"session command {command_type!r}"
        extra = dict(additional_payload or {})

        for attempt in range(1, attempts + 1):
            client_id = await self._async_client_id(caller_holds_lock=caller_holds_lock)
            if command_type == wire.DATA_REQ:
                self.cseq += 1
                payload = wire.build_data_request(client_id, self.cseq, command, extra)
            else:
                payload = wire.build_session_command(command_type, client_id, {**command, **extra})
            response = await self._async_exchange(payload, timeout_s=effective_timeout, what=what)
            if skip_ack_check:
                return response
            code = wire.ack_code(response)
            if code in SESSION_LOST_ACKS:
                self._forget_session(client_id)
                if attempt < attempts:
                    _LOGGER.debug(
                        "Session lost (ACK %d) on %s: logging in again and retrying once",
                        code,
                        what,
                    )
                    continue
                raise CameDomoticSessionError(
                    f"{CameDomoticServerError.format_ack_error(code)}: the session was lost "
                    f"and {what} was not retried",
                    ack_code=code,
                )
            self._touch(client_id)
            _raise_for_ack(code)
            if response_command is not None:
                received = wire.response_name(response, command_type)
                if received != response_command:
                    raise CameDomoticProtocolError(
                        f"unexpected answer to {what}: expected {response_command!r}, "
                        f"got {received!r}"
                    )
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    async def _async_exchange(
        self, payload: dict[str, Any], *, timeout_s: float, what: str
    ) -> dict[str, Any]:
        return await async_post_json(
            self.websession, self._endpoint_url, payload, timeout_s=timeout_s, what=what
        )

    def _touch(self, client_id: str) -> None:
        """Record a successful answer: the server restarted its inactivity timer (§2.10)."""
        if client_id and client_id == self.client_id:
            self.session_expiration_timestamp = time.monotonic() + wire.session_validity_sec(
                self.keep_alive_timeout_sec
            )

    def _forget_session(self, client_id: str) -> None:
        # Only forget the session the failed request used: a concurrent caller may already
        # have logged in again.
        if client_id == self.client_id:
            self.client_id = ""
            self.session_expiration_timestamp = 0.0

    # ---------------------------------------------------------- user-level helpers

    async def async_change_user_password(
        self, username: str, current_password: str, new_password: str
    ) -> None:
        """Change a user's password with ``sl_user_pwd_change_req``, which needs no session
        (PROTOCOL.md §2.8); what :meth:`User.async_change_password
        <aiocamedomotic.models.User.async_change_password>` calls.

        Updates the stored credentials when ``username`` is the current user.

        Args:
            username: the user whose password changes.
            current_password: that user's current password.
            new_password: the new password.

        Raises:
            CameDomoticAuthError: if the server refuses the change.
            CameDomoticServerError: on any other server failure.
        """
        response = await self._async_exchange(
            wire.build_session_command(
                wire.PWD_CHANGE_REQ,
                None,
                {"sl_login": username, "sl_pwd": current_password, "sl_new_pwd": new_password},
            ),
            timeout_s=self.command_timeout,
            what="password change",
        )
        _raise_for_ack(wire.ack_code(response))
        reason = wire.ack_code(response, "sl_user_pwd_change_ack_reason")
        if reason:
            raise CameDomoticAuthError(
                f"the server refused the password change (reason {reason}); "
                "check the current password",
                ack_code=reason,
            )
        if username == self.current_username:
            self.update_auth_credentials(username, new_password)

    async def async_switch_user(self, username: str, password: str) -> None:
        """Log in as another user; on failure keep the previous user and session.

        What :meth:`User.async_set_as_current_user
        <aiocamedomotic.models.User.async_set_as_current_user>` calls. The new session is
        opened before the old one is closed, so a refused login leaves the client connected
        as before.

        Args:
            username: the user to log in as.
            password: that user's password.

        Raises:
            CameDomoticAuthError: if the login is refused (the previous session is kept).
            CameDomoticServerError: on any other server failure.
        """
        async with self._lock:
            backup = self.backup_auth_credentials()
            previous_client_id = self.client_id
            self.update_auth_credentials(username, password)
            try:
                await self._async_login_locked()
            except BaseException:
                self.restore_auth_credentials(backup)
                raise
            try:
                await self._async_logout_locked(previous_client_id)
            except CameDomoticError as err:
                # The old session simply expires on the server.
                _LOGGER.debug("Could not log the previous session out: %s", err)

    # ------------------------------------------------------------------- disposal

    async def async_dispose(self) -> None:
        """Dispose the Auth instance, eventually logging out if needed.

        Abandons a login still on the wire (its waiters get a CameDomoticError), logs out
        if logged in, clears the credentials, the session id and the cipher suite, and
        closes the websession if ``close_websession_on_disposal`` is True. The clean-up
        never raises: a failed logout is logged at DEBUG (the server may well be gone), any
        other failure at WARNING. Calling it twice is safe; so is cancelling it (the
        credentials are cleared all the same).
        """
        flight, self._login_flight = self._login_flight, None
        try:
            if flight is not None and not flight.done():
                flight.cancel()
                await asyncio.wait([flight])
            if self.client_id:
                await self.async_logout()
        except CameDomoticError as err:
            _LOGGER.debug("Logout during disposal failed: %s", err)
        except Exception as err:  # the clean-up must not raise
            _LOGGER.warning("Logout during disposal failed unexpectedly: %s", type(err).__name__)
        finally:
            self.cipher_suite = None
            self._username = None
            self._password = None
            self.client_id = ""
            self.session_expiration_timestamp = 0.0
            self.cseq = 0
            if self.close_websession_on_disposal and not self.websession.closed:
                try:
                    await self.websession.close()
                except Exception as err:  # the clean-up must not raise
                    _LOGGER.warning("Closing the HTTP session failed: %s", type(err).__name__)

    # ---------------------------------------------------------------- raw checks

    @staticmethod
    @handle_came_domotic_errors
    async def async_raise_for_status_and_ack(response: aiohttp.ClientResponse) -> None:
        """Check the response status and raise an error if necessary.

        The body is read (up to the transport's reply limit) and parsed as UTF-8 JSON
        whatever its ``Content-Type`` (PROTOCOL.md §1.4).

        Args:
            response: the response.

        Raises:
            CameDomoticServerError: if the HTTP status is not 200 (a redirect is reported as
                such); its subclass CameDomoticProtocolError if the body is too large or not
                a JSON object, CameDomoticAckError if the ACK code is non-zero (other than 1
                and 3).
            CameDomoticAuthError: on ACK 1; CameDomoticTooManySessionsError on ACK 3.
        """
        raise_for_status(response.status, "the request")
        body = await async_read_capped(response, "the request")
        _raise_for_ack(wire.ack_code(parse_json_body(body, what="the request")))


def _raise_for_ack(code: int) -> None:
    if code:
        raise CameDomoticServerError.create_ack_error(code)
