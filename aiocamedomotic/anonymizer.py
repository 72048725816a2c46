"""Support layer: redaction of secrets in traffic logs, URLs, reprs and error messages.

This module provides automatic redaction of sensitive fields in CAME Domotic API request and
response payloads, enabling safe sharing of traffic logs for debugging purposes.

The traffic logger (``aiocamedomotic.traffic``) is a child of the main library logger and can
be configured independently::

    import logging
    logging.getLogger("aiocamedomotic.traffic").setLevel(logging.DEBUG)

Redaction rules (applied recursively to nested objects and arrays):

* ``sl_pwd``, ``sl_new_pwd``, ``code`` (security user code, PROTOCOL.md §4.19) -> ``***``;
* ``sl_login``, ``username`` -> first 2 characters kept (``ad***``);
* ``sl_client_id``, ``client`` -> first 3 characters kept (``504***``);
* ``keycode`` -> first 8 characters kept, the rest starred (``61305E97********``);
* ``serial`` -> first 3 characters kept (``037***``);
* ``uri``, ``uri_still``, ``uri2``, ``proxy1``, ``proxy2``, ``proxy_still`` (camera URIs,
  PROTOCOL.md §4.16) -> credentials redacted by :func:`~aiocamedomotic._redact.redact_uri`
  (user information and credential-like parameters such as ``user=``, ``pwd=``,
  ``loginpas=``); every other string goes through the same function, so a URI in a field
  this list does not know is redacted too;
* ``name`` inside ``sl_users_list`` items -> first 2 characters kept;
* host in a URL -> last IPv4 octet (or last IPv6 group) masked.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

from ._redact import MASK as _MASK
from ._redact import redact_uri

#: Dedicated logger for HTTP traffic. Enable at DEBUG level to see anonymized
#: request/response payloads with elapsed times.
TRAFFIC_LOGGER = logging.getLogger("aiocamedomotic.traffic")


def mask_prefix(value: object, keep: int) -> str:
    """Keep the first ``keep`` characters of a value and replace the rest with ``***``.

    Args:
        value: the value to mask (converted with :func:`str`).
        keep: how many leading characters to preserve.

    Returns:
        The masked text; short values are masked entirely so nothing leaks.
    """
    text = str(value)
    if len(text) <= keep:
        return _MASK
    return f"{text[:keep]}{_MASK}"


def mask_keycode(value: object) -> str:
    """Mask a server keycode: first 8 characters kept, every other character starred.

    Args:
        value: the keycode (converted with :func:`str`).

    Returns:
        The masked keycode, e.g. ``"61305E97********"``.
    """
    text = str(value)
    if len(text) <= 8:
        return _MASK
    return text[:8] + "*" * (len(text) - 8)


def mask_serial(value: object) -> str:
    """Mask a server serial number (first 3 characters kept).

    Args:
        value: the serial number.

    Returns:
        The masked serial, e.g. ``"037***"``.
    """
    return mask_prefix(value, 3)


#: Redact the credentials embedded in a URI (camera stream or still image): the package's one
#: URI rule, :func:`aiocamedomotic._redact.redact_uri`, under this module's name.
anonymize_uri = redact_uri


def anonymize_host(host: str) -> str:
    """Mask the last octet of an IPv4 address (or the last group of an IPv6 address).

    Args:
        host: an IP address or a host name (host names are returned unchanged).

    Returns:
        The masked host, e.g. ``"192.168.1.***"``.
    """
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host
    if address.version == 4:
        return host.rsplit(".", 1)[0] + "." + _MASK
    text = host.strip("[]")
    masked = text.rsplit(":", 1)[0] + ":" + _MASK
    return f"[{masked}]" if host.startswith("[") else masked


def anonymize_url(url: str) -> str:
    """Anonymize a URL for logging: mask the host's last octet and drop any credentials.

    Args:
        url: the URL, e.g. ``"http://192.168.1.3/domo/"``.

    Returns:
        The anonymized URL, e.g. ``"http://192.168.1.***/domo/"``.
    """
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        port = parts.port
    except ValueError:
        return _MASK
    if not hostname:
        return url
    host = anonymize_host(f"[{hostname}]" if ":" in hostname else hostname)
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit(SplitResult(parts.scheme, netloc, parts.path, parts.query, ""))


_Rule = Callable[[Any], Any]

_FIELD_RULES: Mapping[str, _Rule] = {
    "sl_pwd": lambda _v: _MASK,
    "sl_new_pwd": lambda _v: _MASK,
    "code": lambda _v: _MASK,
    "sl_login": lambda v: mask_prefix(v, 2),
    "username": lambda v: mask_prefix(v, 2),
    "sl_client_id": lambda v: mask_prefix(v, 3),
    "client": lambda v: mask_prefix(v, 3),
    "keycode": mask_keycode,
    "serial": mask_serial,
    **{
        key: (lambda v: redact_uri(v) if isinstance(v, str) else _MASK)
        for key in ("uri", "uri_still", "uri2", "proxy1", "proxy2", "proxy_still")
    },
}

# Inside these arrays, the item's ``name`` is a user login (PROTOCOL.md §2.5).
_USER_LIST_KEYS = frozenset({"sl_users_list"})


def anonymize_payload(payload: Any) -> Any:
    """Return a redacted deep copy of a request or response payload.

    The input is never modified. Dicts and lists are walked recursively; secret fields are
    masked according to the rules in the module docstring. Empty strings stay empty (they
    reveal nothing and make "no session id" visible in logs).

    Args:
        payload: any JSON-like value (dict, list, scalar).

    Returns:
        The redacted copy.
    """
    return _anonymize(payload, in_user_list=False)


def _anonymize(value: Any, *, in_user_list: bool) -> Any:
    if isinstance(value, Mapping):
        result: dict[Any, Any] = {}
        for key, item in value.items():
            rule = _FIELD_RULES.get(key) if isinstance(key, str) else None
            if in_user_list and key == "name":
                result[key] = mask_prefix(item, 2)
            elif rule is not None and item not in ("", None):
                result[key] = rule(item)
            else:
                result[key] = _anonymize(item, in_user_list=key in _USER_LIST_KEYS)
        return result
    if isinstance(value, list | tuple):
        return [_anonymize(item, in_user_list=in_user_list) for item in value]
    if isinstance(value, str):
        return redact_uri(value)
    return value


_JSON_SEPARATORS = (",", ":")


def format_payload(payload: Any) -> str:
    """Anonymize a payload and render it as compact JSON for a log line.

    Args:
        payload: the payload (JSON-like).

    Returns:
        Compact JSON of the anonymized payload (non-ASCII kept readable).
    """
    return json.dumps(
        anonymize_payload(payload), separators=_JSON_SEPARATORS, ensure_ascii=False, default=str
    )


def log_traffic(
    method: str,
    url: str,
    *,
    status: int | str,
    elapsed_ms: float,
    request: Any = None,
    response: Any = None,
) -> None:
    """Log one HTTP exchange on :data:`TRAFFIC_LOGGER` at DEBUG level, anonymized.

    Does nothing (and costs nothing) unless the traffic logger is enabled for DEBUG. The line
    looks like ``HTTP POST http://192.168.1.***/domo/ [status=200, 42.5ms] --> {...} <--
    {...}``.

    Args:
        method: HTTP method.
        url: request URL (anonymized here).
        status: HTTP status, or a short error label when no response arrived.
        elapsed_ms: elapsed time in milliseconds.
        request: the request payload, if any.
        response: the parsed response payload, or a short description of an unparsable body.
    """
    if not TRAFFIC_LOGGER.isEnabledFor(logging.DEBUG):
        return
    line = f"HTTP {method} {anonymize_url(url)} [status={status}, {elapsed_ms:.1f}ms]"
    if request is not None:
        line += f" --> {format_payload(request)}"
    if response is not None:
        rendered = response if isinstance(response, str) else format_payload(response)
        line += f" <-- {rendered}"
    TRAFFIC_LOGGER.debug("%s", line)


__all__ = [
    "TRAFFIC_LOGGER",
    "anonymize_host",
    "anonymize_payload",
    "anonymize_uri",
    "anonymize_url",
    "format_payload",
    "log_traffic",
    "mask_keycode",
    "mask_prefix",
    "mask_serial",
]
