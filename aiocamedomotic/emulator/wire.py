"""Emulator layer: the server side of the wire format (request decoding, reply encoding).

Written from PROTOCOL.md §1-§2 independently of the client's codec, so that a codec bug cannot
hide by being shared by both ends of the tests. Pure functions, no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from .._redact import redact_uri
from ..const import AckErrorCode

#: Session-layer request name -> name of its answer (PROTOCOL.md §2.1). ``sl_data_req`` is
#: answered by the application response itself, which has no ``sl_cmd``.
SESSION_ACKS: dict[str, str | None] = {
    "sl_registration_req": "sl_registration_ack",
    "sl_keep_alive_req": "sl_keep_alive_ack",
    "sl_logout_req": "sl_logout_ack",
    "sl_users_list_req": "sl_users_list_resp",
    "sl_add_user_req": "sl_add_user_ack",
    "sl_del_user_req": "sl_del_user_ack",
    "sl_user_pwd_change_req": "sl_user_pwd_change_ack",
    "sl_data_req": None,
}

#: The form field that carries the JSON message (PROTOCOL.md §1.2).
COMMAND_FIELD = "command"

#: Keys whose values never reach a log line.
_SECRET_MARKERS = ("pwd", "password")
#: Keys that are secrets as a whole: the security user code (PROTOCOL.md §4.19), the session
#: id (§2.2, §2.9; ``session_ids`` is how the control API's ``expire_sessions`` names them)
#: and the server's identity (§3.1). The emulator may not import the client's anonymizer,
#: hence this minimal list of its own.
_SECRET_KEYS = frozenset({"code", "sl_client_id", "client", "keycode", "serial", "session_ids"})

#: Keys of an application message that say nothing about what it asks for.
_ENVELOPE_KEYS = frozenset({"cmd_name", "cseq", "client", "appl_msg_type", "sl_appl_msg_type"})


class BadMessage(Exception):
    """A request that cannot be answered by a session or application handler.

    Attributes:
        ack: the ACK code to answer with (4, 5 or 6).
    """

    def __init__(self, ack: AckErrorCode) -> None:
        super().__init__(ack.message)
        self.ack = ack


def _field_values(urlencoded: str) -> tuple[str | None, str | None]:
    """The ``command`` field of an urlencoded string: (form-decoded value, raw value).

    The raw value is the undecoded text after a leading ``command=``: it survives a client
    that forgot to encode ``&``, ``+`` or ``%`` inside the JSON (PROTOCOL.md §1.2 guidance).
    """
    decoded = parse_qs(urlencoded, keep_blank_values=True).get(COMMAND_FIELD, [None])[0]
    prefix = COMMAND_FIELD + "="
    raw = urlencoded[len(prefix) :] if urlencoded.startswith(prefix) else None
    return decoded, raw


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("latin-1")


def decode_command(body: bytes, query_string: str, *, max_depth: int = 32) -> dict[str, Any]:
    """Decode the JSON message of one POST (PROTOCOL.md §1.2, §2.13).

    The ``command`` field is read from the form body, or from the query string when the body
    has none; its form-decoded value is tried first, then the raw text.

    Args:
        body: the raw request body.
        query_string: the raw (undecoded) query string of the request target.
        max_depth: deepest nesting of objects and arrays accepted. No CAME message nests
            beyond a few levels; a deeper one is treated as unparseable (emulator choice),
            so that nothing downstream recurses through it.

    Returns:
        The message object.

    Raises:
        BadMessage: ACK 4 when no candidate parses as a JSON object within ``max_depth``.
    """
    decoded, raw = _field_values(_text(body))
    if decoded is None and raw is None:
        decoded, raw = _field_values(query_string)
    for candidate in (decoded, raw):
        if candidate is None:
            continue
        try:
            message = json.loads(candidate)
        except (ValueError, RecursionError):  # the parser recurses on nesting
            continue
        if isinstance(message, dict) and _depth_within(message, max_depth):
            return message
    raise BadMessage(AckErrorCode.JSON_SYNTAX_ERROR)


def _depth_within(value: Any, limit: int) -> bool:
    """Whether ``value`` nests objects and arrays at most ``limit`` deep (iteratively)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True


def session_command(message: Mapping[str, Any]) -> str:
    """The known ``sl_cmd`` of a message.

    Raises:
        BadMessage: ACK 5 when ``sl_cmd`` is missing, 6 when its value is not known.
    """
    if "sl_cmd" not in message:
        raise BadMessage(AckErrorCode.NO_SESSION_COMMAND_TAG)
    sl_cmd = message["sl_cmd"]
    if not isinstance(sl_cmd, str) or sl_cmd not in SESSION_ACKS:
        raise BadMessage(AckErrorCode.UNRECOGNIZED_SESSION_COMMAND)
    return sl_cmd


def error_reply(sl_cmd: str | None, ack: int) -> dict[str, Any]:
    """The error body for a request (PROTOCOL.md §2.13 guidance).

    ``sl_data_req`` (and anything whose ``sl_cmd`` is unknown) gets ``{"sl_data_ack_reason": N}``
    with no ``cmd_name``; a session command gets its matching ack name as well.
    """
    ack_name = SESSION_ACKS.get(sl_cmd) if sl_cmd is not None else None
    if ack_name is None:
        return {"sl_data_ack_reason": int(ack)}
    return {"sl_cmd": ack_name, "sl_data_ack_reason": int(ack)}


def application_reply(fields: Mapping[str, Any], cseq: Any) -> dict[str, Any]:
    """Wrap a plant response: ``cmd_name`` and ``cseq`` first, ``sl_data_ack_reason`` last.

    A plant response without ``cmd_name`` is a bare ack (PROTOCOL.md §3.3).
    """
    reply: dict[str, Any] = {}
    rest = dict(fields)
    if "cmd_name" in rest:
        reply["cmd_name"] = rest.pop("cmd_name")
    reply["cseq"] = cseq
    ack = rest.pop("sl_data_ack_reason", 0)
    reply.update(rest)
    reply["sl_data_ack_reason"] = ack
    return reply


def encode(reply: Mapping[str, Any]) -> bytes:
    """JSON body of a reply: compact, non-ASCII as raw UTF-8 (PROTOCOL.md §1.4 guidance)."""
    return _dumps(reply)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class EncodedItems:
    """The JSON of recent indications, each encoded once for every session it goes to.

    A broadcast indication is one object queued for every session (see
    ``SessionTable.broadcast``), never changed afterwards: encoding it once instead of once
    per poll answer is most of what a hundred polling sessions cost. Entries are keyed by
    object identity and keep their object alive, so an identity is never reused while cached.

    Args:
        size: how many encoded objects are kept (the oldest are forgotten first).
    """

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._items: dict[int, tuple[object, bytes]] = {}

    def encode(self, item: Any) -> bytes:
        """The JSON of ``item``, as :func:`encode` gives it."""
        hit = self._items.get(id(item))
        if hit is not None and hit[0] is item:
            return hit[1]
        data = _dumps(item)
        if len(self._items) >= self._size:
            del self._items[next(iter(self._items))]
        self._items[id(item)] = (item, data)
        return data


def encode_batch(reply: Mapping[str, Any], items: EncodedItems) -> bytes:
    """:func:`encode` of a reply whose ``result`` list holds shared indications.

    The same bytes as ``encode(reply)``, keys in the same order; the ``result`` entries
    come from ``items``.
    """
    parts = []
    for key, value in reply.items():
        if key == "result" and isinstance(value, list):
            body = b"[" + b",".join([items.encode(entry) for entry in value]) + b"]"
        else:
            body = _dumps(value)
        parts.append(_dumps(key) + b":" + body)
    return b"{" + b",".join(parts) + b"}"


def redact(message: Any) -> Any:
    """A copy of a message for the logs: passwords, user codes, session ids, keycode and serial
    become ``***``, and so do the credentials of any URL (camera URIs: user information and
    parameters such as ``pwd=``, by the package's one URI rule, ``redact_uri``)."""
    if isinstance(message, Mapping):
        return {key: "***" if _is_secret(key) else redact(value) for key, value in message.items()}
    if isinstance(message, list):
        return [redact(item) for item in message]
    if isinstance(message, str):
        return redact_uri(message)
    return message


def _is_secret(key: object) -> bool:
    if not isinstance(key, str):
        return False
    lowered = key.lower()
    return lowered in _SECRET_KEYS or any(marker in lowered for marker in _SECRET_MARKERS)


def _scalars(fields: Mapping[str, Any], skip: frozenset[str]) -> str:
    parts = [
        f"{key}={value}"
        for key, value in fields.items()
        if key not in skip
        and not _is_secret(key)
        and isinstance(value, str | int | float | bool)
        and value != ""
    ]
    text = " ".join(parts)
    return text if len(text) <= 120 else text[:117] + "..."


def summarize(message: Mapping[str, Any]) -> str:
    """One readable, password-free line describing a request, for the INFO log.

    Example: ``sl_data_req light_switch_req act_id=8 wanted_status=1``.
    """
    sl_cmd = message.get("sl_cmd")
    words = [str(sl_cmd) if sl_cmd is not None else "(no sl_cmd)"]
    if sl_cmd == "sl_data_req":
        appl = message.get("sl_appl_msg")
        if isinstance(appl, Mapping):
            words.append(str(appl.get("cmd_name", "(no cmd_name)")))
            words.append(_scalars(appl, _ENVELOPE_KEYS))
    else:
        words.append(_scalars(message, frozenset({"sl_cmd", "sl_client_id"})))
    return " ".join(word for word in words if word)
