"""Test support: a hostile CAME server whose replies the test scripts.

:class:`HostileServer` is a real aiohttp server on 127.0.0.1 (port 0) that speaks just enough
of the protocol to be logged into and polled, and answers each request either with its
default reply or with the next *scripted* one: a redirect, a huge or endless body, a reply
held until the test releases it, malformed JSON or ACK fields... It records every request it
receives, and lets a test wait (on events, never by sleeping) until a given request arrived.

Requests are classified by *kind*: the ``cmd_name`` of an application message, else the
``sl_cmd`` of a session message (``"sl_registration_req"`` for a login), ``"GET"`` for the
host probe.
"""

from __future__ import annotations

import asyncio
import collections
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import parse_qs

from aiohttp import web

#: A scripted reply: given the request and its decoded message, produce the response.
Reply = Callable[[web.Request, Mapping[str, Any]], Awaitable[web.StreamResponse]]

CLIENT_ID = "0badc0de"
LOGIN = "sl_registration_req"
POLL = "status_update_req"


def json_reply(body: Any, *, status: int = 200) -> Reply:
    """Answer with ``body`` as JSON (``NaN``/``Infinity`` written as Python's json does)."""

    async def reply(_request: web.Request, _message: Mapping[str, Any]) -> web.StreamResponse:
        return web.Response(body=json.dumps(body).encode(), status=status)

    return reply


def raw_reply(body: bytes, *, status: int = 200) -> Reply:
    """Answer with exactly these bytes."""

    async def reply(_request: web.Request, _message: Mapping[str, Any]) -> web.StreamResponse:
        return web.Response(body=body, status=status)

    return reply


def redirect(location: str, *, status: int = 307) -> Reply:
    """Answer with a redirect to ``location`` (307 keeps the method and the body)."""

    async def reply(_request: web.Request, _message: Mapping[str, Any]) -> web.StreamResponse:
        return web.Response(status=status, headers={"Location": location})

    return reply


def announced_length(size: int) -> Reply:
    """Announce a body of ``size`` bytes in ``Content-Length``, then send only its start and
    keep the connection open (the client must refuse it without reading)."""

    async def reply(request: web.Request, _message: Mapping[str, Any]) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": str(size)})
        await response.prepare(request)
        await response.write(b'{"pad":"' + b"x" * 1024)
        await _forever(request)
        return response

    return reply


def endless(*, chunk: bytes = b"x" * 65536, trickle: bool = False) -> Reply:
    """Stream a body that never ends (chunked, no length).

    ``trickle=False`` sends chunks as fast as the client reads them; ``trickle=True`` sends
    one chunk, then nothing more, without ever finishing.
    """

    async def reply(request: web.Request, _message: Mapping[str, Any]) -> web.StreamResponse:
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            await response.write(b'{"pad":"' + chunk)
            while not trickle:
                await response.write(chunk)
        except (ConnectionError, RuntimeError):
            return response  # the client gave up: exactly what is expected
        await _forever(request)
        return response

    return reply


async def _forever(_request: web.Request) -> None:
    # Until the server shuts down (which cancels its handlers).
    await asyncio.Event().wait()


class Held:
    """A reply held until the test releases it with :meth:`release` (or the server stops)."""

    def __init__(self) -> None:
        self.arrived = asyncio.Event()
        self._outcome: asyncio.Future[Reply] = asyncio.get_running_loop().create_future()

    def release(self, reply: Reply) -> None:
        """Answer the held request with ``reply``."""
        self._outcome.set_result(reply)

    async def __call__(
        self, request: web.Request, message: Mapping[str, Any]
    ) -> web.StreamResponse:
        self.arrived.set()
        reply = await self._outcome
        return await reply(request, message)


def login_ack(**fields: Any) -> dict[str, Any]:
    """A successful ``sl_registration_ack``, with ``fields`` overriding or adding keys."""
    return {
        "sl_cmd": "sl_registration_ack",
        "sl_client_id": CLIENT_ID,
        "sl_keep_alive_timeout_sec": 900,
        "sl_data_ack_reason": 0,
        **fields,
    }


def ack(code: Any, **fields: Any) -> dict[str, Any]:
    """An error answer carrying ``sl_data_ack_reason: code`` (any JSON value)."""
    return {"sl_data_ack_reason": code, **fields}


def poll_answer(*indications: Any) -> dict[str, Any]:
    """A ``status_update_resp`` whose ``result`` holds ``indications`` (none: an empty poll;
    anything JSON: junk items too)."""
    return {
        "cmd_name": "status_update_resp",
        "cseq": 1,
        "result": list(indications),
        "sl_data_ack_reason": 0,
    }


def _default_reply(kind: str, message: Mapping[str, Any]) -> Any:
    """What a minimal, well-behaved server answers (no feature at all; long polls are held
    forever, as by an idle server)."""
    if kind == LOGIN:
        return login_ack()
    if kind == "feature_list_req":
        return {
            "cmd_name": "feature_list_resp",
            "cseq": message.get("cseq", 0),
            "keycode": "0000FFFF9999AAAA",
            "swver": "1.0.0",
            "type": "0",
            "board": "3",
            "serial": "0011ffee",
            "list": [],
            "sl_data_ack_reason": 0,
        }
    if kind.startswith("sl_"):
        return {"sl_cmd": kind.replace("_req", "_ack"), "sl_data_ack_reason": 0}
    return {"cmd_name": kind.replace("_req", "_resp"), "sl_data_ack_reason": 0}


class HostileServer:
    """A scripted CAME server on 127.0.0.1; use it as ``async with HostileServer() as srv``.

    Attributes:
        requests: every request received, as ``(kind, decoded message)`` in arrival order.
    """

    def __init__(self) -> None:
        self.requests: list[tuple[str, Mapping[str, Any]]] = []
        self._scripts: dict[str, collections.deque[Reply]] = collections.defaultdict(
            collections.deque
        )
        self._always: dict[str, Reply] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._port = 0

    @property
    def host(self) -> str:
        """``127.0.0.1:<port>``, to give to the client."""
        return f"127.0.0.1:{self._port}"

    @property
    def url(self) -> str:
        """The endpoint URL."""
        return f"http://{self.host}/domo/"

    def script(self, kind: str, *replies: Reply) -> None:
        """Answer the next requests of ``kind`` with ``replies``, one each, in order."""
        self._scripts[kind].extend(replies)

    def always(self, kind: str, reply: Reply | None) -> None:
        """Answer every request of ``kind`` with ``reply`` once its script is used up
        (``None``: the default reply again)."""
        if reply is None:
            self._always.pop(kind, None)
        else:
            self._always[kind] = reply

    def count(self, kind: str | None = None) -> int:
        """How many requests (of ``kind``) arrived."""
        return sum(1 for got, _ in self.requests if kind is None or got == kind)

    async def wait_for(self, kind: str, count: int = 1) -> None:
        """Wait until ``count`` requests of ``kind`` arrived (bound it with a timeout)."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.count(kind) >= count)

    async def __aenter__(self) -> HostileServer:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.method == "GET":
            kind, message = "GET", {}
        else:
            form = parse_qs((await request.read()).decode("utf-8", "replace"))
            try:
                message = json.loads(form.get("command", ["{}"])[0])
            except ValueError:
                message = {}
            inner = message.get("sl_appl_msg")
            name = inner.get("cmd_name") if isinstance(inner, dict) else None
            kind = str(name or message.get("sl_cmd") or "unknown")
            message = inner if isinstance(inner, dict) else message
        self.requests.append((kind, message))
        async with self._changed:
            self._changed.notify_all()
        script = self._scripts.get(kind)
        reply = script.popleft() if script else self._always.get(kind)
        if reply is not None:
            return await reply(request, message)
        if kind == "GET":
            return web.Response(text="<html>CAME</html>", content_type="text/html")
        if kind == POLL:
            await _forever(request)  # an idle server: the poll is never answered
        return web.Response(body=json.dumps(_default_reply(kind, message)).encode())


def instant_empty_poll() -> Reply:
    """Answer a long poll at once, with no indication."""
    return json_reply(poll_answer())
