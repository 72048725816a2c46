"""Exceptions raised by the CAME Domotic library.

Every error the library raises derives from :class:`CameDomoticError`; no raw ``aiohttp`` or
JSON error ever escapes a public call. The tree (each precise class is caught by the class
above it, so a handler written for the five original classes keeps catching everything)::

    CameDomoticError
    ├── CameDomoticServerNotFoundError      nothing answers at the host / not a CAME server
    ├── CameDomoticAuthError                credentials refused (ACK 1)
    │   └── CameDomoticTooManySessionsError   the server's session table is full (ACK 3)
    ├── CameDomoticServerError              any other failure of an exchange
    │   ├── CameDomoticServerTimeoutError     no answer in time (also a TimeoutError)
    │   ├── CameDomoticConnectionError        the connection was lost mid-exchange
    │   ├── CameDomoticProtocolError          a malformed answer
    │   └── CameDomoticAckError               a non-zero ACK code (``ack_code``)
    │       ├── CameDomoticSessionError         the session was lost or expired (ACK 7, 8)
    │       └── CameDomoticUnsupportedFeatureError  the server lacks the command (ACK 9)
    └── CameDomoticStateError               misuse of the library (also a RuntimeError)

:data:`ACK_ERRORS` is the one table from ACK code to class.

A caller needs to handle:

* :class:`CameDomoticServerNotFoundError` - nothing answers at the host, or it is not a CAME
  server (transient: retry later; Home Assistant: ``ConfigEntryNotReady``);
* :class:`CameDomoticAuthError` - wrong credentials (``ConfigEntryAuthFailed``); its subclass
  :class:`CameDomoticTooManySessionsError` means the server's session table is full, which a
  new password will not fix: wait and retry;
* :class:`CameDomoticServerTimeoutError` - the server did not answer in time (transient; also a
  builtin :class:`TimeoutError`);
* :class:`CameDomoticServerError` - any other server-side failure. Its subclasses tell the
  cases apart for a caller that cares: :class:`CameDomoticConnectionError` (transient, retry),
  :class:`CameDomoticProtocolError` (the answer could not be read: a firmware this library
  does not know, or a proxy in the way), :class:`CameDomoticAckError` (the server refused the
  request), :class:`CameDomoticUnsupportedFeatureError` (do not retry: the server lacks the
  feature) and :class:`CameDomoticSessionError` (the client logs in again by itself and
  resends a command that is safe to resend, so a caller sees it only for one that is not).

:class:`CameDomoticStateError` needs no handler: it reports a bug of the calling code
(starting a live plant twice, using a disposed client or a stopped live plant).

Messages never contain a password, a session id or other secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .const import SESSION_LOST_ACKS, AckErrorCode

__all__ = [
    "ACK_ERRORS",
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
]


class CameDomoticError(Exception):
    """Base exception class for the CAME Domotic package.

    Args:
        *args: the message (and any other exception arguments).
        ack_code: the server's ACK code (``sl_data_ack_reason``, PROTOCOL.md §2.12) when the
            error comes from one.

    Attributes:
        ack_code: the ACK code the error comes from, or ``None`` when it does not come from
            one (a network failure, a malformed reply, a wrong argument...). Set on every
            error raised for a non-zero ACK, :class:`CameDomoticAuthError` (1) and
            :class:`CameDomoticTooManySessionsError` (3) included.
    """

    ack_code: int | None = None

    def __init__(self, *args: object, ack_code: int | None = None) -> None:
        super().__init__(*args)
        if ack_code is not None:
            self.ack_code = ack_code


class CameDomoticServerNotFoundError(CameDomoticError):
    """Raised when the specified host is not available or is not a CAME Domotic server."""


class CameDomoticAuthError(CameDomoticError):
    """Raised when there is an authentication error with the remote server."""


class CameDomoticTooManySessionsError(CameDomoticAuthError):
    """Raised when the server refuses a login because its session table is full (ACK 3).

    The credentials may well be right: retrying once old sessions expire (or are logged out)
    is the cure, not asking the user for a new password. Existing ``except
    CameDomoticAuthError`` handlers still catch it.
    """


class CameDomoticServerError(CameDomoticError):
    """Raised if an error occurs while interacting with the remote CAME Domotic server.

    Raised as such for an HTTP error status (a redirect included) or a refusal the answer
    reports without an ACK code; the precise cases are its subclasses.
    """

    @staticmethod
    def format_ack_error(ack_code: int) -> str:
        """Format an ACK code in a human-readable way.

        Args:
            ack_code: the ACK error code from the server.

        Returns:
            The formatted error message, e.g.
            ``"Bad ack code: 8 (Wrong client ID in request.)"``.
        """
        try:
            meaning = AckErrorCode(ack_code).message
        except ValueError:
            meaning = "Unknown error code."
        return f"Bad ack code: {ack_code} ({meaning})"

    @staticmethod
    def create_ack_error(ack_code: int) -> CameDomoticError:
        """Create the exception matching an ACK error code.

        The class comes from :data:`ACK_ERRORS` (ACK 1 gives :class:`CameDomoticAuthError`,
        ACK 3 :class:`CameDomoticTooManySessionsError`, 7 and 8
        :class:`CameDomoticSessionError`, 9 :class:`CameDomoticUnsupportedFeatureError`),
        every other code gives a :class:`CameDomoticAckError`; each carries the code as
        ``ack_code``.

        Args:
            ack_code: the ACK error code from the server.

        Returns:
            The exception instance (not raised).
        """
        cls = ACK_ERRORS.get(ack_code, CameDomoticAckError)
        message = CameDomoticServerError.format_ack_error(ack_code)
        hint = _ACK_HINTS.get(cls)
        return cls(f"{message}: {hint}" if hint else message, ack_code=ack_code)


class CameDomoticServerTimeoutError(CameDomoticServerError, TimeoutError):
    """Raised when a request to the CAME Domotic server times out.

    A transient failure (Home Assistant: ``ConfigEntryNotReady``). It is also a builtin
    :class:`TimeoutError`, so ``except TimeoutError`` catches it.
    """


class CameDomoticConnectionError(CameDomoticServerError):
    """Raised when the connection to the server is lost during an exchange.

    The server closed or reset the connection, or cut the answer short. Transient: the
    request may or may not have been carried out. A host where nothing answers at all gives
    :class:`CameDomoticServerNotFoundError` instead.
    """


class CameDomoticProtocolError(CameDomoticServerError):
    """Raised when the server's answer cannot be read.

    Not JSON, not a JSON object, too large, the wrong answer to the request, a malformed ACK
    code or session id, or a required field missing (PROTOCOL.md §1.4, §2.12). Retrying
    rarely helps: a firmware the library does not know, or something else answering on the
    server's address.
    """


class CameDomoticAckError(CameDomoticServerError):
    """Raised when the server answers a request with a non-zero ACK code (PROTOCOL.md §2.12).

    ``ack_code`` holds the code; :data:`ACK_ERRORS` names the codes with a class of their
    own. ACK 1 and 3 are authentication errors, not ACK errors (they are not server errors).
    """


class CameDomoticSessionError(CameDomoticAckError):
    """Raised when the session was lost or expired (ACK 7 or 8) and the request was not resent.

    The client logs in again on the next call by itself, and resends a command once when that
    is safe; a caller sees this error for a command that must not be sent twice (a toggle),
    or for a loss that persists right after a new login.
    """


class CameDomoticUnsupportedFeatureError(CameDomoticAckError):
    """Raised when the server does not know the request (ACK 9, "wrong application command").

    The library only sends commands it knows, so this means the server (its firmware or its
    configuration) lacks the feature, e.g. sound zones on a plant without a sound system.
    Retrying does not help. **[reverse-engineered]** (PROTOCOL.md §2.12).
    """


class CameDomoticStateError(CameDomoticError, RuntimeError):
    """Raised when the library is used in a state that does not allow the call.

    Starting a live plant twice, waiting on a stopped live plant, using a client after
    :meth:`~aiocamedomotic.CameDomoticAPI.async_dispose` or with a closed HTTP session. A bug
    of the calling code, not a server failure; also a builtin :class:`RuntimeError`.
    """


#: The class of the error each ACK code raises (PROTOCOL.md §2.12), declared once; any other
#: non-zero code raises :class:`CameDomoticAckError`.
ACK_ERRORS: Mapping[int, type[CameDomoticError]] = MappingProxyType(
    {
        AckErrorCode.INVALID_USER: CameDomoticAuthError,
        AckErrorCode.TOO_MANY_SESSIONS: CameDomoticTooManySessionsError,
        **dict.fromkeys(SESSION_LOST_ACKS, CameDomoticSessionError),
        AckErrorCode.WRONG_APPLICATION_COMMAND: CameDomoticUnsupportedFeatureError,
    }
)

#: What the message of an ACK error adds to the code's meaning, by class.
_ACK_HINTS: Mapping[type[CameDomoticError], str] = MappingProxyType(
    {
        CameDomoticAuthError: "wrong user name or password",
        CameDomoticTooManySessionsError: "the server's session table is full; retry once old "
        "sessions expire or are logged out",
    }
)
