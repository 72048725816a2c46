"""Exceptions raised by the CAME Domotic library.

Every error the library raises derives from :class:`CameDomoticError`; no raw ``aiohttp`` or
JSON error ever escapes a public call. A caller needs to handle:

* :class:`CameDomoticServerNotFoundError` - nothing answers at the host, or it is not a CAME
  server (transient: retry later; Home Assistant: ``ConfigEntryNotReady``);
* :class:`CameDomoticAuthError` - wrong credentials (``ConfigEntryAuthFailed``); its subclass
  :class:`CameDomoticTooManySessionsError` means the server's session table is full, which a
  new password will not fix: wait and retry;
* :class:`CameDomoticServerTimeoutError` - the server did not answer in time (transient; also a
  builtin :class:`TimeoutError`);
* :class:`CameDomoticServerError` - any other server-side failure (HTTP error, malformed reply,
  non-zero ACK code).

Messages never contain a password, a session id or other secret.
"""

from __future__ import annotations

from .const import AckErrorCode


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
    """Raised if an error occurs while interacting with the remote CAME Domotic server."""

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

        ACK 1 gives :class:`CameDomoticAuthError`, ACK 3
        :class:`CameDomoticTooManySessionsError`, every other code a
        :class:`CameDomoticServerError`; each carries the code as ``ack_code``.

        Args:
            ack_code: the ACK error code from the server.

        Returns:
            The exception instance (not raised).
        """
        message = CameDomoticServerError.format_ack_error(ack_code)
        if ack_code == AckErrorCode.TOO_MANY_SESSIONS:
            return CameDomoticTooManySessionsError(
                f"{message}: the server's session table is full; retry once old sessions "
                "expire or are logged out",
                ack_code=ack_code,
            )
        if ack_code == AckErrorCode.INVALID_USER:
            return CameDomoticAuthError(
                f"{message}: wrong user name or password", ack_code=ack_code
            )
        return CameDomoticServerError(message, ack_code=ack_code)


class CameDomoticServerTimeoutError(CameDomoticServerError, TimeoutError):
    """Raised when a request to the CAME Domotic server times out.

    A transient failure (Home Assistant: ``ConfigEntryNotReady``). It is also a builtin
    :class:`TimeoutError`, so ``except TimeoutError`` catches it.
    """
