"""Support layer: the one rule that strips credentials out of a URI before it is shown.

Camera URIs (PROTOCOL.md §4.16) often carry the camera's credentials, either as user
information (``rtsp://viewer:secret@10.0.0.41/stream``) or as parameters
(``http://cam/snap.cgi?user=viewer&pwd=secret``, ``/user=viewer&password=secret&channel=1``).
:func:`redact_uri` masks both; the traffic log, ``camedomotic snapshot`` and the emulator's
request log all call it, so a URI is redacted the same way wherever it is printed.

This module depends on nothing but the standard library, which is why the emulator may use
it although it must not share the client's codec (ARCHITECTURE.md): it neither builds nor
parses protocol messages, it only masks text that is about to be displayed, so a bug here
cannot cancel out between the two sides of a test.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

__all__ = ["MASK", "SECRET_PARAMETERS", "redact_uri"]

#: What a secret is replaced with.
MASK = "***"

#: Parameter names whose values are masked, compared case-insensitively (after
#: percent-decoding): the spellings IP cameras and their CGI interfaces use for a user name,
#: a password or an access token.
SECRET_PARAMETERS = frozenset(
    {
        "user",
        "username",
        "user_name",
        "usr",
        "login",
        "loginuse",
        "account",
        "pwd",
        "pass",
        "passwd",
        "password",
        "passw",
        "pw",
        "loginpas",
        "auth",
        "token",
        "access_token",
        "key",
        "apikey",
        "api_key",
        "secret",
    }
)

# The user information of an authority: everything between "://" and the last "@" before
# the path (a password may itself contain an unescaped "@").
_USER_INFO = re.compile(r"(?<=://)[^/?#\s]*@")
# A name=value pair that starts a component: at the start of the text or after a separator
# (so "size=2" inside "xsize=2" is no match). In a path "/" separates pairs too; in a query
# it may be part of a value (a password such as "ab/cd").
_PATH_PARAMETER = re.compile(r"(?<![^/&;#\s])([^/?&;#=\s]+)=([^/?&;#\s]*)")
_QUERY_PARAMETER = re.compile(r"(?<![^&;#\s])([^&;#=\s]+)=([^&;#\s]*)")


def redact_uri(uri: str) -> str:
    """Return ``uri`` with its credentials masked.

    The user information becomes ``***:***@`` and the value of every parameter named in
    :data:`SECRET_PARAMETERS` becomes ``***``, wherever the parameter sits (query, path or
    fragment). Everything else - scheme, host, port, the other parameters - is kept, so the
    result still tells which camera and which stream is meant. Text that is not a URI passes
    through unchanged unless it holds such a parameter. Redacting twice gives the same text.

    Args:
        uri: the URI (or any text that may contain one).

    Returns:
        The redacted text.
    """
    path, question, query = _USER_INFO.sub(f"{MASK}:{MASK}@", uri).partition("?")
    path = _PATH_PARAMETER.sub(_mask_parameter, path)
    return path + question + _QUERY_PARAMETER.sub(_mask_parameter, query)


def _mask_parameter(match: re.Match[str]) -> str:
    name, value = match.group(1), match.group(2)
    if value and unquote(name).lower() in SECRET_PARAMETERS:
        return f"{name}={MASK}"
    return match.group(0)
