"""Transport layer: one HTTP exchange with the ``/domo/`` endpoint, mapped to library errors.

Everything that touches aiohttp for the client lives here: building the endpoint URL from the
user's host string, POSTing a JSON message as the ``command`` form field (PROTOCOL.md §1.2),
decoding the reply as UTF-8 JSON whatever its ``Content-Type`` (§1.4, with the codec of
:mod:`._codec`), the credential-free GET
probe (§1.5), the traffic log, and the single table that turns aiohttp/JSON failures into
documented :mod:`aiocamedomotic.errors` exceptions.

Error mapping (the one place it is decided):

* cannot connect (refused, DNS failure, unreachable, TLS handshake) ->
  :class:`~aiocamedomotic.errors.CameDomoticServerNotFoundError`;
* no complete answer within the timeout ->
  :class:`~aiocamedomotic.errors.CameDomoticServerTimeoutError`;
* connection reset or closed by the server mid-exchange, a body cut short ->
  :class:`~aiocamedomotic.errors.CameDomoticConnectionError`;
* a reply larger than :data:`MAX_REPLY_BYTES`, a body that is not a UTF-8 JSON object
  (including a pathologically nested body) ->
  :class:`~aiocamedomotic.errors.CameDomoticProtocolError`;
* an HTTP status other than 200 (a redirect included: redirects are never followed) ->
  :class:`~aiocamedomotic.errors.CameDomoticServerError`;
* the caller's HTTP session closed -> :class:`~aiocamedomotic.errors.CameDomoticStateError`.

Limits (the same for every exchange):

* a reply body is read up to :data:`MAX_REPLY_BYTES`; a longer one (announced by its
  ``Content-Length`` or found while reading) is abandoned at once, and an endless body that
  arrives slowly ends with the exchange's timeout;
* a redirect (HTTP 3xx) is never followed: the login and the session id would otherwise go
  to whichever host the answer names;
* every timeout is checked by :func:`check_timeout` before anything is sent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from . import _codec
from .anonymizer import TRAFFIC_LOGGER, log_traffic
from .const import API_PATH
from .errors import (
    CameDomoticConnectionError,
    CameDomoticError,
    CameDomoticProtocolError,
    CameDomoticServerError,
    CameDomoticServerNotFoundError,
    CameDomoticServerTimeoutError,
    CameDomoticStateError,
)

_LOGGER = logging.getLogger(__name__)

_ALLOWED_SCHEMES = ("http", "https")

# §1.3: harmless, and what field-used clients send.
_HEADERS = {"Accept": "application/json, text/plain, */*"}

#: Largest reply body accepted, in bytes (4 MiB). The biggest lists of a large plant are
#: tens of kilobytes; a reply beyond this is a misbehaving or hostile server, and reading it
#: would only cost memory.
MAX_REPLY_BYTES = 4 * 1024 * 1024

#: Longest timeout accepted by any call, in seconds (one day). Longer ones are refused with
#: ``ValueError``: they amount to no timeout at all.
MAX_TIMEOUT_SEC = 86_400

_READ_CHUNK = 64 * 1024

#: The headers of a POST: the form body is encoded here (:func:`encode_form`), so its type
#: is declared here too - the one aiohttp declares for a dict of fields.
_POST_HEADERS = {**_HEADERS, "Content-Type": "application/x-www-form-urlencoded"}

#: Byte -> its form-urlencoded text (what ``urllib.parse.quote_plus`` writes).
_FORM_QUOTED = [
    chr(byte)
    if chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) in "_.-~")
    else "+"
    if byte == 0x20
    else f"%{byte:02X}"
    for byte in range(256)
]


def encode_form(command: str) -> bytes:
    """The form body ``command=<command>`` (PROTOCOL.md §1.2), form-urlencoded as UTF-8.

    Byte for byte what aiohttp sends for ``data={"command": command}`` (``urlencode``:
    ``quote_plus`` of the UTF-8 bytes), without building a form object per request: a C
    loop over a table instead of a Python call per byte.

    Raises:
        UnicodeEncodeError: ``command`` holds a lone surrogate.
    """
    return ("command=" + "".join(map(_FORM_QUOTED.__getitem__, command.encode("utf-8")))).encode(
        "ascii"
    )


def check_timeout(value: object, name: str, *, allow_zero: bool = False) -> float:
    """Check a timeout argument before anything is sent.

    Args:
        value: the value given by the caller.
        name: the argument's name, for the message.
        allow_zero: whether 0 is accepted (for grace periods and minimum intervals).

    Returns:
        The timeout in seconds.

    Raises:
        ValueError: if ``value`` is not an int or a float (a bool is refused), is NaN, is
            not positive (negative when ``allow_zero``) or exceeds :data:`MAX_TIMEOUT_SEC`.
    """
    if not isinstance(value, bool) and isinstance(value, int | float):
        # Comparisons only: NaN fails both, and a huge int never reaches float().
        low_ok = value >= 0 if allow_zero else value > 0
        if low_ok and value <= MAX_TIMEOUT_SEC:
            return float(value)
    bound = ">= 0" if allow_zero else "> 0"
    raise ValueError(
        f"{name} must be a number of seconds {bound} and at most {MAX_TIMEOUT_SEC}, got {value!r}"
    )


def build_endpoint_url(host: str) -> str:
    """Build the API endpoint URL from a host string.

    Accepted forms: ``"192.168.1.3"``, ``"came.local"``, ``"192.168.1.3:8080"``,
    ``"[fe80::1]:8080"`` or a bare IPv6 address, and a URL made of a scheme, a host and an
    optional port (``"https://came.example:8443"``, with or without a final ``/``). Anything
    else a URL may hold - a path (reverse-proxy prefixes included), ``..``, user
    information (``@``), a query or a fragment - is refused, like upstream aiocamedomotic
    does: the endpoint is always ``/domo/`` at the root of the host (PROTOCOL.md §1.1).

    Args:
        host: the host string given by the user.

    Returns:
        The endpoint URL, e.g. ``"http://192.168.1.3/domo/"``.

    Raises:
        ValueError: if ``host`` is empty, has a scheme other than http/https, an invalid
            port (allowed range 1-65535), a path, ``..``, embedded credentials or any ``@``,
            a query, a fragment, or characters no host name holds (spaces, slashes...).
    """
    if not isinstance(host, str) or not host.strip():
        raise ValueError("host must be a non-empty string such as '192.168.1.3'")
    text = host.strip()
    if "@" in text:
        # Never echo the host string here: it may hold credentials.
        raise ValueError(
            "host must not contain '@' (embedded credentials): pass them as username/password"
        )
    if "://" not in text:
        if text.count(":") > 1 and not text.startswith("["):
            text = f"[{text}]"  # a bare IPv6 address
        text = f"http://{text}"
    try:
        parts = urlsplit(text)
        hostname = parts.hostname
        port = parts.port
    except ValueError as err:
        raise ValueError(
            f"host {host!r} is not valid: the port must be an integer in 1-65535"
        ) from err
    if parts.scheme.lower() not in _ALLOWED_SCHEMES:
        raise ValueError(f"host {host!r} has an unsupported scheme: allowed are http and https")
    if not hostname:
        raise ValueError(f"host {host!r} does not contain a host name or address")
    if port is not None and not 1 <= port <= 65535:
        raise ValueError(f"host {host!r} is not valid: the port must be an integer in 1-65535")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise ValueError(f"host {host!r} must not contain a query (?...) or a fragment (#...)")
    if not all(char.isalnum() or char in "-._:%" for char in hostname):
        raise ValueError(f"host {host!r} contains characters a host name cannot hold")
    if parts.path not in ("", "/") or ".." in hostname:
        raise ValueError(
            f"host {host!r} must be a host name or address (with an optional scheme and "
            "port), without a path: the API is always at /domo/"
        )
    netloc = f"[{hostname}]" if ":" in hostname else hostname
    if port is not None:
        netloc = f"{netloc}:{port}"
    return f"{parts.scheme.lower()}://{netloc}{API_PATH}"


def map_client_error(
    err: BaseException, *, what: str, timeout: float | None = None
) -> CameDomoticError:
    """Turn a transport-level failure into the documented library exception.

    Args:
        err: the exception raised by aiohttp, asyncio or the JSON decoder.
        what: what was being done, for the message (e.g. ``"command 'feature_list_req'"``).
        timeout: the timeout in force, quoted in timeout messages.

    Returns:
        The exception to raise (``raise mapped from err``). A :class:`CameDomoticError` is
        returned unchanged.
    """
    if isinstance(err, CameDomoticError):
        return err
    if isinstance(err, TimeoutError):  # asyncio.TimeoutError and aiohttp.ServerTimeoutError
        after = f" after {timeout:g} s" if timeout is not None else ""
        return CameDomoticServerTimeoutError(f"{what} timed out{after}")
    if isinstance(err, aiohttp.ClientConnectorError):
        # Includes DNS failures (ClientConnectorDNSError) and refused connections.
        return CameDomoticServerNotFoundError(
            f"cannot connect to the CAME server for {what}: {type(err).__name__}"
        )
    if isinstance(err, aiohttp.ClientResponseError):
        return CameDomoticServerError(f"HTTP status {err.status} from the server for {what}")
    if isinstance(err, aiohttp.ClientPayloadError):
        return CameDomoticConnectionError(
            f"connection lost while reading the answer to {what}: the body was cut short"
        )
    if isinstance(err, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError):
        return CameDomoticConnectionError(
            f"connection lost while waiting for the answer to {what}: {type(err).__name__}"
        )
    if isinstance(err, aiohttp.ClientError):
        return CameDomoticServerError(f"HTTP error during {what}: {type(err).__name__}")
    if isinstance(err, json.JSONDecodeError | UnicodeDecodeError | RecursionError):
        return CameDomoticProtocolError(f"invalid JSON from server in the answer to {what}")
    if isinstance(err, RuntimeError) and "closed" in str(err).lower():
        return CameDomoticStateError(f"cannot send {what}: the HTTP session is closed")
    return CameDomoticError(f"unexpected error during {what}: {type(err).__name__}")


def parse_json_body(body: bytes, *, what: str) -> dict[str, Any]:
    """Decode a response body as a UTF-8 JSON object (PROTOCOL.md §1.4).

    The ``Content-Type`` header is deliberately not consulted.

    Args:
        body: the raw body bytes.
        what: what was being done, for the message.

    Returns:
        The decoded JSON object.

    Raises:
        CameDomoticProtocolError: if the body is not UTF-8, not JSON (a number of thousands of
            digits included), nested too deeply for the decoder, or not a JSON object.
    """
    try:
        value = _codec.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise CameDomoticProtocolError(
            f"invalid JSON from server in the answer to {what} ({len(body)} bytes)"
        ) from err
    if not isinstance(value, dict):
        raise CameDomoticProtocolError(
            f"invalid JSON from server in the answer to {what}: "
            f"expected an object, got {type(value).__name__}"
        )
    return value


async def async_post_json(
    websession: aiohttp.ClientSession,
    url: str,
    payload: dict[str, Any],
    *,
    timeout_s: float,
    what: str,
) -> dict[str, Any]:
    """POST one message and return the decoded JSON answer.

    The message travels form-encoded in the ``command`` field (PROTOCOL.md §1.2). The whole
    exchange (connect, send, read the body) is bounded by ``timeout_s``, the body by
    :data:`MAX_REPLY_BYTES`; a redirect is not followed. Secrets never reach the exception
    messages; the exchange is logged, anonymized, on the traffic logger.

    Args:
        websession: the aiohttp session.
        url: the endpoint URL.
        payload: the JSON message.
        timeout_s: the timeout in seconds (already checked by :func:`check_timeout`).
        what: what is being sent, for error messages (e.g. ``"command 'datetime_req'"``).

    Returns:
        The decoded JSON object.

    Raises:
        CameDomoticServerNotFoundError: if the server cannot be reached.
        CameDomoticServerTimeoutError: if no complete answer arrives within ``timeout_s``.
        CameDomoticConnectionError: if the connection is lost mid-exchange.
        CameDomoticProtocolError: on a reply larger than :data:`MAX_REPLY_BYTES` or a body
            that is not a JSON object.
        CameDomoticServerError: on a non-200 status (a redirect included).
    """
    started = time.perf_counter()
    status: int | str = "error"
    body: bytes | None = None
    try:
        form = encode_form(_codec.dumps(payload))
        async with asyncio.timeout(timeout_s):
            async with websession.post(
                url, data=form, headers=_POST_HEADERS, allow_redirects=False
            ) as response:
                status = response.status
                raise_for_status(status, what)
                body = await async_read_capped(response, what)
        result = parse_json_body(body, what=what)
    except CameDomoticServerError:
        _log_exchange(url, status, started, payload, body)
        raise
    except Exception as err:
        _log_exchange(url, type(err).__name__, started, payload, body)
        raise map_client_error(err, what=what, timeout=timeout_s) from err
    _log_exchange(url, status, started, payload, result)
    return result


def raise_for_status(status: int, what: str) -> None:
    """Raise unless ``status`` is 200; a redirect is reported as such (never followed).

    Args:
        status: the HTTP status of the answer.
        what: what was being done, for the message.

    Raises:
        CameDomoticServerError: for any status other than 200.
    """
    if 300 <= status < 400:
        raise CameDomoticServerError(
            f"the server answered {what} with a redirect (HTTP status {status}); redirects "
            "are never followed, so nothing was sent to another address"
        )
    if status != 200:
        raise CameDomoticServerError(f"HTTP status {status} from the server for {what}")


async def async_read_capped(response: aiohttp.ClientResponse, what: str) -> bytes:
    """Read a reply body of at most :data:`MAX_REPLY_BYTES`.

    A longer body is refused as soon as its ``Content-Length`` announces it, or as soon as
    the bytes read pass the limit; the rest is never read.

    Args:
        response: the answer.
        what: what was being done, for the message.

    Returns:
        The body.

    Raises:
        CameDomoticProtocolError: if the body is larger than :data:`MAX_REPLY_BYTES`.
    """
    announced = response.content_length
    if announced is not None and announced <= MAX_REPLY_BYTES:
        # the length is announced and within the cap: aiohttp reads exactly that much
        return await response.read()
    body = bytearray()
    if announced is None:
        async for chunk in response.content.iter_chunked(_READ_CHUNK):
            body += chunk
            if len(body) > MAX_REPLY_BYTES:
                break
        else:
            return bytes(body)
    raise CameDomoticProtocolError(
        f"the answer to {what} is larger than {MAX_REPLY_BYTES} bytes: refused"
    )


def _log_exchange(
    url: str, status: int | str, started: float, request: Any, response: bytes | Any
) -> None:
    if not TRAFFIC_LOGGER.isEnabledFor(logging.DEBUG):
        return
    if isinstance(response, bytes):
        # An unparsable body cannot be anonymized field by field: describe it instead.
        response = f"<{len(response)} bytes, not a JSON object>"
    log_traffic(
        "POST",
        url,
        status=status,
        elapsed_ms=(time.perf_counter() - started) * 1000,
        request=request,
        response=response,
    )


async def async_probe(websession: aiohttp.ClientSession, url: str, *, timeout_s: float) -> None:
    """Check with a credential-free GET that ``url`` is a CAME endpoint (PROTOCOL.md §1.5).

    A redirect is not followed (it counts as "not a CAME endpoint") and the body is read
    within the same limits as any reply.

    Args:
        websession: the aiohttp session.
        url: the endpoint URL.
        timeout_s: the timeout in seconds (already checked by :func:`check_timeout`).

    Raises:
        CameDomoticServerNotFoundError: on any network error, timeout, redirect, non-200
            status or oversized body.
    """
    started = time.perf_counter()
    status: int | str = "error"
    try:
        async with asyncio.timeout(timeout_s):
            async with websession.get(url, headers=_HEADERS, allow_redirects=False) as response:
                status = response.status
                raise_for_status(status, "host validation")
                await async_read_capped(response, "host validation")
    except Exception as err:
        mapped = map_client_error(err, what="host validation", timeout=timeout_s)
        if isinstance(status, int) and isinstance(err, CameDomoticServerError):
            raise CameDomoticServerNotFoundError(
                f"the host does not expose the CAME Domotic API: {mapped}"
            ) from err
        status = type(err).__name__
        raise CameDomoticServerNotFoundError(
            f"no CAME Domotic server answers at the given host: {mapped}"
        ) from err
    finally:
        log_traffic("GET", url, status=status, elapsed_ms=(time.perf_counter() - started) * 1000)
    _LOGGER.debug("Host validated: the CAME endpoint answers")
