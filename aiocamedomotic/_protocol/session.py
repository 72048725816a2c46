"""Protocol layer (pure, no I/O): session-layer messages of PROTOCOL.md §2.

Builds the ``sl_*`` requests and the ``sl_data_req`` envelope, and reads the session fields
of the answers (ACK code, session id, keep-alive timeout). Each wire field is read here and
nowhere else in the client.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..const import (
    DEFAULT_KEEP_ALIVE_TIMEOUT_SEC,
    KEEP_ALIVE_CLAMP_SEC,
    SESSION_SAFETY_MARGIN_SEC,
)
from ..errors import CameDomoticProtocolError

DATA_REQ = "sl_data_req"
LOGIN_REQ = "sl_registration_req"
LOGOUT_REQ = "sl_logout_req"
KEEP_ALIVE_REQ = "sl_keep_alive_req"
USERS_LIST_REQ = "sl_users_list_req"
ADD_USER_REQ = "sl_add_user_req"
DEL_USER_REQ = "sl_del_user_req"
PWD_CHANGE_REQ = "sl_user_pwd_change_req"  # noqa: S105 (a command name)

# §2.9: the application type of every command this library sends.
_APPL_MSG_TYPE = "domo"

# An ACK code sent as a string is read only when it is a short run of ASCII digits: int()
# would also take "²" or "٣" (other Unicode digits) and chokes on thousands of digits.
_MAX_ACK_DIGITS = 9
# The session id is echoed in every request (§2.2 shows 8 hex digits); anything longer than
# this, or holding spaces or control characters, is not a session id.
_MAX_CLIENT_ID_LENGTH = 128


def build_login(username: str, password: str) -> dict[str, Any]:
    """Build ``sl_registration_req`` (§2.2)."""
    return {"sl_cmd": LOGIN_REQ, "sl_login": username, "sl_pwd": password}


def build_session_command(
    sl_cmd: str, client_id: str | None, fields: Mapping[str, Any]
) -> dict[str, Any]:
    """Build a session-layer command (§2.3-§2.8).

    Args:
        sl_cmd: the session command, e.g. ``"sl_users_list_req"``.
        client_id: the session id, or ``None`` for commands that need none (§2.8).
        fields: the command's own fields, placed at the top level of the message.

    Returns:
        The message.
    """
    message: dict[str, Any] = {"sl_cmd": sl_cmd}
    if client_id is not None:
        message["sl_client_id"] = client_id
    message.update(fields)
    return message


def build_data_request(
    client_id: str, cseq: int, application_message: Mapping[str, Any], extra: Mapping[str, Any]
) -> dict[str, Any]:
    """Wrap an application message in the ``sl_data_req`` envelope (§2.9).

    Like the official app, the application message carries ``client`` (a copy of the session
    id) and the per-session ``cseq``.

    Args:
        client_id: the session id.
        cseq: the sequence number of this message in the session.
        application_message: the application message (must contain ``cmd_name``).
        extra: extra envelope fields.

    Returns:
        The message.
    """
    return {
        "sl_cmd": DATA_REQ,
        "sl_client_id": client_id,
        "sl_appl_msg_type": _APPL_MSG_TYPE,
        "sl_appl_msg": {**application_message, "client": client_id, "cseq": cseq},
        **extra,
    }


def ack_code(response: Mapping[str, Any], field: str = "sl_data_ack_reason") -> int:
    """Read an ACK code (§2.12); a missing code counts as success.

    Args:
        response: the decoded answer.
        field: the ACK field to read.

    Returns:
        The code (0 = success).

    Raises:
        CameDomoticProtocolError: if the code is present but neither an integer nor a short
            string of ASCII digits.
    """
    value = response.get(field, 0)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        digits = value.strip()
        if digits.isascii() and digits.isdigit() and len(digits) <= _MAX_ACK_DIGITS:
            return int(digits)
    raise CameDomoticProtocolError(f"malformed {field} in the server's answer")


def response_name(response: Mapping[str, Any], command_type: str) -> Any:
    """Name of an answer: ``cmd_name`` for application answers, ``sl_cmd`` otherwise."""
    return response.get("cmd_name" if command_type == DATA_REQ else "sl_cmd")


def clamp_keep_alive(value: Any) -> int:
    """Clamp the server's ``sl_keep_alive_timeout_sec`` into ``KEEP_ALIVE_CLAMP_SEC`` (§2.10).

    A missing value, or one that is not a finite number (a string, ``NaN``, an infinity),
    counts as the factory default (900 s); 0 would otherwise make every call log in again.
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        value = DEFAULT_KEEP_ALIVE_TIMEOUT_SEC
    low, high = KEEP_ALIVE_CLAMP_SEC
    return int(min(max(value, low), high))


def session_validity_sec(keep_alive_sec: int) -> float:
    """How long after the last successful answer the client still trusts its session.

    The session is renewed ``SESSION_SAFETY_MARGIN_SEC`` before the server would expire it
    (§2.10); the margin is capped at half the timeout so that the shortest clamped timeout
    (30 s) still leaves a usable window instead of a login per call.
    """
    margin = min(SESSION_SAFETY_MARGIN_SEC, keep_alive_sec / 2)
    return keep_alive_sec - margin


def parse_login_ack(response: Mapping[str, Any]) -> tuple[str, int]:
    """Read the session id and keep-alive timeout of a successful login (§2.2).

    Args:
        response: the decoded ``sl_registration_ack`` (ACK already checked).

    Returns:
        ``(client_id, keep_alive_sec)`` with the timeout already clamped.

    Raises:
        CameDomoticProtocolError: if the answer carries no usable session id (missing, not a
            string, empty, longer than 128 characters, or holding spaces or control
            characters).
    """
    client_id = response.get("sl_client_id")
    if (
        not isinstance(client_id, str)
        or not 0 < len(client_id) <= _MAX_CLIENT_ID_LENGTH
        or not client_id.isprintable()
        or any(char.isspace() for char in client_id)
    ):
        raise CameDomoticProtocolError(
            "the server accepted the login but returned no usable session id"
        )
    return client_id, clamp_keep_alive(response.get("sl_keep_alive_timeout_sec"))
