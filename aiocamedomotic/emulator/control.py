"""Emulator layer: the control API, every test hook as a JSON request on the same server.

Outside the CAME protocol, under the reserved path :data:`CONTROL_PATH`:

* ``GET  /emulator/api/hooks``: the catalogue (name, owner, group, summary, parameters);
* ``POST /emulator/api/hooks/<name>``: call a hook with a JSON object of arguments;
  ``{"result": ...}`` (redacted) or ``{"error": "..."}`` with HTTP 400/401/403/404/415.

Routes are derived from the hook catalogue (:mod:`.hooks`): nothing here names a hook.
Access (:class:`ControlAccess`): without a token the API answers only when the emulator is
bound to a loopback address and the request's ``Host`` is a loopback name (a web page that
rebinds a domain name to 127.0.0.1 gets nothing); with a token every request must carry it
(``Authorization: Bearer <token>``, or ``?token=`` where a browser cannot set headers).
Calls must be ``Content-Type: application/json`` and same-origin, so that no other web
page can make a browser send one.
"""

from __future__ import annotations

import contextvars
import dataclasses
import hmac
import inspect
import ipaddress
import json
import logging
from collections.abc import Mapping, Sequence, Set
from typing import Any, Protocol
from urllib.parse import urlsplit

from aiohttp import web

from . import wire
from .guard import BodyTimeout, BodyTooLarge, Limits, read_body
from .hooks import Hook, HookArgumentError
from .plant import Plant

__all__ = [
    "CONTROL_PATH",
    "CONTROL_TOKEN_ENV",
    "SPARED",
    "ControlAPI",
    "ControlAccess",
    "ControlError",
    "Spared",
    "jsonable",
]

_LOGGER = logging.getLogger(__name__)

#: The reserved path prefix of the control API and the panel.
CONTROL_PATH = "/emulator/"
#: The environment variable the standalone emulator and the CLI read the token from.
CONTROL_TOKEN_ENV = "CAMEDOMOTIC_EMULATOR_TOKEN"  # noqa: S105 - a variable name
_HOOKS_PATH = CONTROL_PATH + "api/hooks"


@dataclasses.dataclass
class Spared:
    """The connection of the control request being served.

    A hook that drops every connection (``restart``, ``stop_listening``) leaves this one
    open and sets :attr:`used`; the answer then closes it, so that the caller still gets
    its answer.
    """

    transport: object
    used: bool = False


#: Set while a control request calls its hook.
SPARED: contextvars.ContextVar[Spared | None] = contextvars.ContextVar("spared", default=None)


class _Target(Protocol):
    """What the control API needs of the emulator."""

    @property
    def plant(self) -> Plant:
        """The plant being served."""

    def note_control(self, summary: str, outcome: str) -> None:
        """Record one control call in the request log."""


def jsonable(value: Any) -> Any:
    """A hook result in JSON form (dataclasses, enums, sets, counters included)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | Set):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _is_loopback_name(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class ControlError(Exception):
    """A control request refused: an HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status

    def response(self) -> web.Response:
        """The JSON error answer."""
        return web.json_response({"error": str(self)}, status=self.status)


class ControlAccess:
    """Who may use the control API (and the panel's live state).

    Args:
        bind_host: the address the emulator is bound to.
        token: the shared secret; ``None``: loopback only.
    """

    def __init__(self, bind_host: str, token: str | None) -> None:
        if token is not None and not token:
            raise ValueError("control_token must not be empty")
        self._token = token
        self._loopback = _is_loopback_name(bind_host)

    @property
    def open(self) -> bool:
        """Whether the API answers at all (loopback, or a token is set)."""
        return self._token is not None or self._loopback

    def check(self, request: web.BaseRequest, *, write: bool) -> None:
        """Refuse a request that may not use the API.

        Args:
            request: the request.
            write: it calls a hook (a state change), not just a read.

        Raises:
            ControlError: 401 (token missing or wrong), 403 (not allowed from here),
                415 (a call that is not JSON).
        """
        if self._token is not None:
            given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            given = given or request.query.get("token", "")
            if not hmac.compare_digest(given.encode(), self._token.encode()):
                raise ControlError(401, "a valid control token is required")
        elif not self._loopback:
            raise ControlError(
                403,
                "the control API is off: the emulator is not bound to loopback and no "
                "control token is set",
            )
        elif not _is_loopback_name(urlsplit(f"//{request.host}").hostname or ""):
            raise ControlError(403, "the control API answers loopback host names only")
        if not write:
            return
        if request.content_type != "application/json":
            raise ControlError(415, "hook calls must be Content-Type: application/json")
        origin = request.headers.get("Origin")
        if origin is not None and origin != f"{request.scheme}://{request.host}":
            raise ControlError(403, "cross-origin hook calls are refused")


class ControlAPI:
    """The routes of the control API for one emulator.

    Args:
        target: the emulator (its own hooks, and its plant's).
        hooks: the hook catalogue.
        access: who may call.
        limits: body size and timeout of a call.
    """

    def __init__(
        self, target: _Target, hooks: Sequence[Hook], access: ControlAccess, limits: Limits
    ) -> None:
        self._target = target
        self._hooks = {h.name: h for h in hooks}
        self._access = access
        self._limits = limits

    def routes(self) -> list[web.RouteDef]:
        """The aiohttp routes to add to the server's application."""
        return [
            web.get(_HOOKS_PATH, self._catalogue),
            web.post(_HOOKS_PATH + "/{name}", self._call),
        ]

    async def _catalogue(self, request: web.Request) -> web.Response:
        try:
            self._access.check(request, write=False)
        except ControlError as err:
            return err.response()
        return web.json_response({"hooks": [h.as_json() for h in self._hooks.values()]})

    async def _call(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        try:
            self._access.check(request, write=True)
            hook = self._hooks.get(name)
            if hook is None:
                raise ControlError(404, f"no hook named {name!r}")
            arguments = await self._arguments(request)
            args, kwargs = hook.bind(arguments)
            result, spared = await self._invoke(hook, request, args, kwargs)
        except ControlError as err:
            self._target.note_control(name, f"HTTP {err.status}")
            return err.response()
        except (HookArgumentError, ValueError, KeyError, TypeError, OSError, RuntimeError) as err:
            # The hooks' own refusals (unknown device, invalid value...) name the argument
            # and never carry a secret.
            message = str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err)
            self._target.note_control(name, "HTTP 400")
            return ControlError(400, message).response()
        self._target.note_control(_summary(name, arguments), "ok")
        response = web.json_response({"result": wire.redact(jsonable(result))})
        if spared:
            response.force_close()  # its connection was spared by a hook that dropped all
        return response

    async def _arguments(self, request: web.Request) -> dict[str, Any]:
        try:
            body = await read_body(
                request, self._limits.max_control_body, self._limits.body_timeout
            )
        except BodyTooLarge:
            raise ControlError(413, "the request body is too large") from None
        except BodyTimeout:
            raise ControlError(408, "the request body did not arrive in time") from None
        try:
            arguments = json.loads(body) if body.strip() else {}
        except (ValueError, RecursionError):
            raise ControlError(400, "the body is not JSON") from None
        if not isinstance(arguments, dict):
            raise ControlError(400, "the body must be a JSON object of arguments")
        return arguments

    async def _invoke(
        self, hook: Hook, request: web.Request, args: list[Any], kwargs: dict[str, Any]
    ) -> tuple[Any, bool]:
        """Call the hook; also say whether it dropped the connections (this one spared)."""
        owner: Any = self._target if hook.owner == "emulator" else self._target.plant
        spared = Spared(request.transport)
        marker = SPARED.set(spared)
        try:
            result = getattr(owner, hook.name)(*args, **kwargs)
            if inspect.isawaitable(result):
                result = await result
        finally:
            SPARED.reset(marker)
        return result, spared.used


def _summary(name: str, arguments: Mapping[str, Any]) -> str:
    """``name key=value ...`` for the log, secrets and long values left out."""
    parts = [name]
    for key, value in wire.redact(dict(arguments)).items():
        text = json.dumps(value, ensure_ascii=False)
        parts.append(f"{key}={text if len(text) <= 40 else '…'}")
    return " ".join(parts)
