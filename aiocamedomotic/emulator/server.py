"""Emulator layer: the HTTP server, the session layer, the long poll and the test hooks.

:class:`CameEmulator` speaks the CAME ETI/Domo protocol (PROTOCOL.md §1, §2, §5.2, §6.1) over
real HTTP on loopback. It routes application messages to a :class:`~.plant.Plant`, which holds
the devices and their behaviour. Test hooks (PROTOCOL.md §6.11) are methods outside the
protocol, marked ``@hook``: expire sessions, restart, fill the session table, arm faults, stop
listening, inject indications, swap the plant. The same server also answers, under
``/emulator/``, the control API that calls those hooks (:mod:`.control`) and the web panel
(:mod:`.panel`); :mod:`.guard` bounds what clients may hold, and :mod:`.lively` can animate
the plant.

Only :mod:`aiocamedomotic.const` and :mod:`aiocamedomotic.errors` are shared with the client;
the wire format is decoded and encoded here (see :mod:`.wire`).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Coroutine, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from ..const import API_PATH, DEFAULT_KEEP_ALIVE_TIMEOUT_SEC, AckErrorCode, UpdateIndicator
from . import wire
from .control import CONTROL_PATH, SPARED, ControlAccess, ControlAPI, jsonable
from .faults import Fault, FaultKind, FaultPlan
from .guard import BodyTimeout, BodyTooLarge, ConnectionGuard, Limits, read_body
from .hooks import Hook, collect, hook
from .lively import STEP as LIVELY_STEP
from .lively import Lively
from .longpoll import hold, requested_wait, wait_event
from .panel import Panel
from .plant import AppDataError, Plant, Variants
from .sessions import Poll, PollEnd, Session, SessionTable

_LOGGER = logging.getLogger(__name__)

#: What a plant may be given as: an instance, plant file content, the path of a JSON file,
#: or ``None`` (the demo plant).
PlantSource = Plant | Mapping[str, Any] | str | os.PathLike[str] | None

_GET_BODY = "<html><head><title>ETI/Domo</title></head><body>ETI/Domo</body></html>\n"
_JSON_CONTENT_TYPE = "application/json"
_NOT_JSON = b"<html><body><h1>Service temporarily unavailable</h1></body></html>\n"
#: How long ``stop()`` lets in-flight requests finish (they are all woken at once).
_SHUTDOWN_TIMEOUT = 5.0
#: Seconds a refused request's remaining body is still read (and discarded).
_LINGERING_TIME = 1.0


class EmulatorStats:
    """Counters of what the emulator received, for tests ("exactly one login").

    Counters keep running across :meth:`CameEmulator.restart`; :meth:`reset` zeroes them.

    Attributes:
        http_requests: POST requests on the API path.
        logins: successful ``sl_registration_req``.
        failed_logins: refused logins (ACK 1 or 3).
        logouts: successful ``sl_logout_req``.
        restarts: calls of :meth:`CameEmulator.restart`.
        indications: indications broadcast (from the plant or injected).
        session_commands: requests per ``sl_cmd`` (including ``sl_data_req``).
        requests: application messages per ``cmd_name`` (including ``status_update_req``).
        acks: replies per ``sl_data_ack_reason``.
        faults: faults applied, per kind.
        connections_refused: connections closed at once because a cap was reached.
        connections_timed_out: connections closed for want of a request head in time.
        bodies_refused: requests answered HTTP 413 (body too large) or 408 (too slow).
        connections_opened: client connections admitted.
        peak_connections: the most client connections open at once (after a reset: at
            least those open at the reset).
    """

    http_requests: int
    logins: int
    failed_logins: int
    logouts: int
    restarts: int
    indications: int
    session_commands: Counter[str]
    requests: Counter[str]
    acks: Counter[int]
    faults: Counter[str]
    connections_refused: int
    connections_timed_out: int
    bodies_refused: int

    def __init__(self, table: SessionTable, guard: ConnectionGuard) -> None:
        self._table = table
        self._guard = guard
        self.reset()

    def reset(self) -> None:
        """Zero every counter."""
        self.http_requests = self.logins = self.failed_logins = self.logouts = 0
        self.restarts = self.indications = 0
        self.connections_refused = self.connections_timed_out = self.bodies_refused = 0
        self.session_commands = Counter()
        self.requests = Counter()
        self.acks = Counter()
        self.faults = Counter()
        self._guard.reset_counts()

    @property
    def connections_opened(self) -> int:
        """Client connections admitted (see the class attributes)."""
        return self._guard.admitted

    @property
    def peak_connections(self) -> int:
        """The most client connections open at once (see the class attributes)."""
        return self._guard.peak_connections

    @property
    def sessions(self) -> int:
        """Current number of live sessions (phantoms included)."""
        return len(self._table)

    @property
    def pending_polls(self) -> int:
        """Current number of held long polls."""
        return self._table.pending_polls

    @property
    def open_connections(self) -> int:
        """Current number of open client connections."""
        return self._guard.open_connections


class _Refused(Exception):
    """A request answered with an error ACK in the shape of its ``sl_cmd`` (§2.13)."""

    def __init__(self, ack: AckErrorCode) -> None:
        super().__init__(ack.message)
        self.ack = ack


def load_plant(source: PlantSource, *, variants: Variants | None = None) -> Plant:
    """Build the plant an emulator serves.

    Args:
        source: a :class:`Plant` (used as is), plant file content (a mapping), the path of a
            plant JSON file, or ``None`` for :meth:`Plant.demo`.
        variants: firmware variants (PROTOCOL.md §6.8) for a plant built here.

    Returns:
        The plant.

    Raises:
        ValueError: ``variants`` given together with a ready-made plant.
    """
    if isinstance(source, Plant):
        if variants is not None:
            raise ValueError("variants= only applies to a plant the emulator builds")
        return source
    if source is None:
        return Plant.demo(variants=variants)
    if isinstance(source, Mapping):
        return Plant(dict(source), variants=variants)
    return Plant.from_file(Path(source), variants=variants)


def _names(message: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    """``(sl_cmd, cmd_name)`` of a message, for fault matching and statistics."""
    if message is None:
        return None, None
    sl_cmd = message.get("sl_cmd")
    appl = message.get("sl_appl_msg")
    cmd_name = appl.get("cmd_name") if isinstance(appl, Mapping) else None
    return (
        sl_cmd if isinstance(sl_cmd, str) else None,
        cmd_name if isinstance(cmd_name, str) and sl_cmd == "sl_data_req" else None,
    )


def _connection_open(request: web.BaseRequest) -> bool:
    transport = request.transport
    return transport is not None and not transport.is_closing()


def _status_update(cseq: Any, result: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "cmd_name": "status_update_resp",
        "cseq": cseq,
        "result": result,
        "sl_data_ack_reason": 0,
    }


def _json_response(body: bytes) -> web.Response:
    return web.Response(body=body, content_type=_JSON_CONTENT_TYPE, charset="utf-8")


class CameEmulator:
    """A stateful CAME ETI/Domo server on loopback, speaking the real protocol over HTTP.

    Use it as an async context manager (or call :meth:`start` / :meth:`stop`)::

        async with CameEmulator() as emu:
            api = await CameDomoticAPI.async_create(emu.host, "admin", "admin")

    Args:
        plant: a :class:`Plant`, the path of a plant JSON file, or ``None`` for the demo plant.
        host: address to bind.
        port: port to bind; 0 picks a free one (see :attr:`port`).
        username: with ``password``, make sure this user exists with that password (the
            plant's factory user is admin/admin).
        password: see ``username``.
        variants: firmware variants for a plant built by the emulator.
        keep_alive_timeout: session inactivity timeout announced at login, in seconds.
        max_sessions: size of the session table (ACK 3 beyond).
        poll_max_wait: longest hold of a ``status_update_req`` before answering ``result: []``.
        coalesce_delay: how long a poll stays open after its first indication, to batch.
        queue_limit: indications kept per session; the oldest are dropped beyond.
        limits: connection caps, timeouts and size limits of the emulator as a LAN service
            (:class:`~.guard.Limits`; the defaults suit a developer's LAN).
        lively: animate the plant (:mod:`.lively`): rooms warm and cool, probes wander,
            meters follow the loads, buttons get pressed, timers fire. Off by default, so
            that tests stay deterministic.
        lively_seed: seed of the lively model (the same seed replays the same life).
        control_token: a shared secret for the control API and the panel (:mod:`.control`);
            without one they answer only on a loopback binding.

    Choices where PROTOCOL.md is silent (§8): credentials are checked before the session
    table (ACK 3 means the password was right); a present but empty ``sl_client_id`` is a
    wrong id, ACK 8, and only a missing key ACK 7 (§2.12); any accepted request refreshes a
    session and
    a held poll counts as activity; a missing ``cseq`` is answered as 0; a poll of a session
    that is logged out, expired or wiped while held answers ACK 8; user commands with a
    duplicate name, unknown group, unknown user or missing field answer ACK 11; a wrong
    current password answers ``sl_user_pwd_change_ack_reason: 1`` and
    ``sl_data_ack_reason: 1``; deleting a user or changing its password keeps its sessions.
    """

    def __init__(
        self,
        plant: PlantSource = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        username: str | None = None,
        password: str | None = None,
        variants: Variants | None = None,
        keep_alive_timeout: int = DEFAULT_KEEP_ALIVE_TIMEOUT_SEC,
        max_sessions: int = 25,
        poll_max_wait: float = 300.0,
        coalesce_delay: float = 0.05,
        queue_limit: int = 500,
        limits: Limits | None = None,
        lively: bool = False,
        lively_seed: int = 0,
        control_token: str | None = None,
    ) -> None:
        if (username is None) != (password is None):
            raise ValueError("username and password go together")
        if max_sessions < 1 or queue_limit < 1:
            raise ValueError("max_sessions and queue_limit must be at least 1")
        self._bind_host = host
        self._port = port
        self._username = username
        self._password = password
        self._variants = variants
        self._poll_max_wait = poll_max_wait
        self._coalesce_delay = coalesce_delay
        self._clock_offset = 0.0
        self._sessions = SessionTable(
            keep_alive_timeout=keep_alive_timeout,
            max_sessions=max_sessions,
            queue_limit=queue_limit,
            clock=self._now,
            on_change=self._changed,
        )
        self._limits = limits or Limits()
        self._guard = ConnectionGuard(self._limits, self._guard_event)
        self._stats = EmulatorStats(self._sessions, self._guard)
        self._faults = FaultPlan()
        self._encoded = wire.EncodedItems()
        self._server: asyncio.Server | None = None
        self._waiters: list[asyncio.Future[None]] = []
        self._closing = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self._access = ControlAccess(host, control_token)
        self._control = ControlAPI(self, HOOKS, self._access, self._limits)
        self._panel = Panel(self, HOOKS, self._access)
        self._lively_seed = lively_seed if lively else None
        self._lively: Lively | None = None
        self._plant = self._adopt(load_plant(plant, variants=variants))

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        """Bind and start serving.

        Raises:
            RuntimeError: already started (an emulator serves once).
            OSError: the address cannot be bound.
        """
        if self._runner is not None or self._closing.is_set():
            raise RuntimeError("an emulator can only be started once")
        app = web.Application(middlewares=[self._guard.middleware])
        app.router.add_get(API_PATH, self._handle_get)
        app.router.add_post(API_PATH, self._handle_post)
        app.add_routes(self._control.routes())
        app.add_routes(self._panel.routes())
        # handler_cancellation: a poll whose client went away is cancelled at once, so that it
        # neither drains the queue nor counts as pending. The poll also checks the transport,
        # in case a future aiohttp stops cancelling. lingering_time: after refusing a body
        # (413, 408), read what the client still sends for a moment only, so that it can
        # see the answer but cannot hold the connection.
        runner = web.AppRunner(
            app,
            access_log=None,
            handler_cancellation=True,
            shutdown_timeout=_SHUTDOWN_TIMEOUT,
            lingering_time=_LINGERING_TIME,
        )
        await runner.setup()
        self._runner = runner
        try:
            await self.start_listening()
        except BaseException:
            await self.stop()
            raise
        if self._lively is not None:
            self._track(self._animate())

    async def stop(self) -> None:
        """Answer pending polls, close every connection and the plant. Idempotent."""
        self._closing.set()
        self._sessions.end_polls(PollEnd.CLOSING)
        self._panel.close()
        self._close_listener()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        self._plant.emit = _discard
        await self._plant.aclose()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self._sessions.remove_all()

    # ------------------------------------------------------------------ inspection

    @property
    def port(self) -> int:
        """The TCP port (the one actually bound once started with ``port=0``)."""
        return self._port

    @property
    def host(self) -> str:
        """``"HOST:PORT"``: what a client passes as its host."""
        host = f"[{self._bind_host}]" if ":" in self._bind_host else self._bind_host
        return f"{host}:{self._port}"

    @property
    def url(self) -> str:
        """The API endpoint, e.g. ``http://127.0.0.1:8080/domo/``."""
        return f"http://{self.host}{API_PATH}"

    @property
    def panel_url(self) -> str:
        """The web panel, e.g. ``http://127.0.0.1:8080/emulator/`` (see :mod:`.panel`)."""
        return f"http://{self.host}{CONTROL_PATH}"

    @property
    def lively(self) -> Lively | None:
        """The lively model of the plant, ``None`` unless ``lively=True``."""
        return self._lively

    @property
    def plant(self) -> Plant:
        """The plant being served."""
        return self._plant

    @property
    def sessions(self) -> Mapping[str, Session]:
        """Live sessions by ``sl_client_id`` (a snapshot)."""
        return self._sessions.as_dict()

    @property
    def stats(self) -> EmulatorStats:
        """Request counters and current session / poll counts."""
        return self._stats

    @property
    def armed_faults(self) -> list[Fault]:
        """Faults still armed, in the order they will apply."""
        return self._faults.armed

    async def wait_until(self, predicate: Callable[[], bool]) -> None:
        """Wait until ``predicate()`` holds, re-checked after every request and state change.

        No sleeping or polling: the emulator wakes waiters whenever something happens. Bound
        the wait with ``asyncio.timeout()`` if needed.
        """
        loop = asyncio.get_running_loop()
        while not predicate():
            waiter = loop.create_future()
            self._waiters.append(waiter)
            await waiter

    async def wait_for_pending_poll(self, session_id: str | None = None) -> None:
        """Wait until a long poll is held (by that session, if given)."""

        def pending() -> bool:
            if session_id is None:
                return self._sessions.pending_polls > 0
            session = self._sessions.get(session_id)
            return session is not None and session.polling

        await self.wait_until(pending)

    # ------------------------------------------------------------------ test hooks

    @hook("sessions")
    def advance_clock(self, seconds: float) -> None:
        """Move the session clock forward, so that sessions expire without sleeping."""
        self._clock_offset += seconds
        self._sessions.purge()

    @hook("sessions")
    def expire_sessions(self, *session_ids: str) -> int:
        """Expire the given sessions, or every session (phantoms too) if none is given.

        Their queues are dropped and their pending polls answer ACK 8.

        Args:
            session_ids: the ``sl_client_id`` of each session to expire (none: all).

        Returns:
            How many sessions were expired.
        """
        if not session_ids:
            return self._sessions.remove_all()
        return sum(self._sessions.remove(sid) is not None for sid in session_ids)

    @hook("faults")
    def restart(self, *, drop_connections: bool = False) -> None:
        """Simulate a server reboot: every session and queue is wiped, the plant is kept.

        Args:
            drop_connections: also close every open connection, as a real reboot would
                (pending polls then see a disconnection). By default pending polls are
                answered with ACK 8 and idle keep-alive connections stay usable.
        """
        self._stats.restarts += 1
        self._sessions.remove_all()
        if drop_connections:
            self._drop_connections()

    @hook("sessions")
    def fill_session_table(self) -> int:
        """Occupy every free slot with a phantom session (logins then get ACK 3).

        Phantoms expire like other sessions. Returns how many were added.
        """
        added = 0
        while self._sessions.create("", phantom=True) is not None:
            added += 1
        return added

    @hook("sessions")
    def free_session_table(self) -> int:
        """Remove the phantom sessions. Returns how many were removed."""
        return self._sessions.remove_all(phantoms_only=True)

    @hook("faults")
    def fail_next(self, ack: int, *, count: int | None = 1, cmd_name: str | None = None) -> None:
        """Answer the next matching request(s) with an ACK code, without processing them.

        Args:
            ack: the ``sl_data_ack_reason`` to answer with, in the error shape of §2.13.
            count: how many requests; ``None`` until :meth:`clear_faults`.
            cmd_name: only requests with this ``cmd_name`` or ``sl_cmd``.
        """
        self._faults.arm(Fault(FaultKind.ACK, ack, count, cmd_name))

    @hook("faults")
    def delay_replies(
        self, seconds: float, *, count: int | None = None, cmd_name: str | None = None
    ) -> None:
        """Hold matching requests ``seconds`` before processing them.

        Replaces any previous delay; ``delay_replies(0)`` clears it.

        Args:
            seconds: the delay.
            count: how many requests; ``None`` until cleared.
            cmd_name: only requests with this ``cmd_name`` or ``sl_cmd``.
        """
        self._faults.set_delay(seconds, count, cmd_name)

    @hook("faults")
    def http_error(
        self, status: int, *, count: int | None = 1, cmd_name: str | None = None
    ) -> None:
        """Answer matching requests with an HTTP error status, without processing them."""
        if not 400 <= status <= 599:
            raise ValueError("status must be an HTTP error (400-599)")
        self._faults.arm(Fault(FaultKind.HTTP_ERROR, status, count, cmd_name))

    @hook("faults")
    def invalid_json(self, *, count: int | None = 1, cmd_name: str | None = None) -> None:
        """Answer matching requests with HTTP 200 and a non-JSON body, without processing."""
        self._faults.arm(Fault(FaultKind.INVALID_JSON, 0, count, cmd_name))

    @hook("faults")
    def truncated_json(self, *, count: int | None = 1, cmd_name: str | None = None) -> None:
        """Process matching requests, then answer only the first half of the JSON body."""
        self._faults.arm(Fault(FaultKind.TRUNCATED_JSON, 0, count, cmd_name))

    @hook("faults")
    def reset_connection(self, *, count: int | None = 1, cmd_name: str | None = None) -> None:
        """Process matching requests, then close the connection half-way through the body.

        A long poll hit by this fault has drained its queue: those indications are lost, as
        they would be on a real network failure.
        """
        self._faults.arm(Fault(FaultKind.RESET, 0, count, cmd_name))

    @hook("faults")
    def clear_faults(self) -> None:
        """Disarm every fault and any delay."""
        self._faults.clear()

    @hook("faults", remote_required=("seconds",))
    async def stop_listening(self, seconds: float | None = None) -> None:
        """Close the listening socket and every connection: clients get "connection refused".

        Sessions and queues are kept (the server is unreachable, not rebooted).

        Args:
            seconds: listen again after this long; ``None``: until :meth:`start_listening`.
                Required from the control API, which listens on that same socket.
        """
        if seconds is not None and not 0 < seconds <= 86400:
            raise ValueError("seconds must be between 0 and 86400")
        self._close_listener()
        self._drop_connections()
        self._changed()
        if seconds is not None:
            self._track(self._listen_again(seconds))

    async def _listen_again(self, seconds: float) -> None:
        if not await wait_event(self._closing, seconds):
            await self.start_listening()

    @hook("faults")
    async def start_listening(self) -> None:
        """Listen again, on the same port."""
        if self._runner is None or self._runner.server is None:
            raise RuntimeError("the emulator is not started")
        if self._server is not None:
            return
        loop = asyncio.get_running_loop()
        # The guard stands between the socket and aiohttp (caps, request-head timeout).
        self._server = await loop.create_server(
            self._guard.protocol_factory(self._runner.server),
            self._bind_host,
            self._port,
            reuse_address=True,
        )
        if self._port == 0:
            self._port = int(self._server.sockets[0].getsockname()[1])
        self._changed()

    @hook("plant")
    def inject_indication(self, indication: Mapping[str, Any]) -> None:
        """Queue an arbitrary indication (any ``cmd_name``, e.g. §5.8 variants) for every
        session."""
        self._emit(dict(indication))

    @hook("plant")
    def reload_plant(self, plant: PlantSource) -> None:
        """Serve another plant (a configuration change) and queue ``plant_update_ind``.

        Sessions survive. The old plant is closed in the background (call this from the
        event loop).

        Args:
            plant: a :class:`Plant`, plant file content, the path of a plant file (on the
                emulator's machine), or ``None`` for the demo plant.
        """
        if isinstance(plant, Plant):
            new_plant = plant
        else:
            new_plant = load_plant(plant, variants=self._variants)
        old, self._plant = self._plant, self._adopt(new_plant)
        old.emit = _discard
        old.observer = _ignore
        self._track(old.aclose())
        self._emit({"cmd_name": "plant_update_ind"})

    @hook("plant")
    def save_plant(self, path: str | os.PathLike[str]) -> str:
        """Write the plant, with its current state, to a plant file.

        The file holds what a plant file holds, users' passwords and the alarm code
        included: it is the emulator's own configuration (see ``PLANT_FORMAT.md``).

        Args:
            path: the file to write (a path on the emulator's machine).

        Returns:
            The absolute path written.
        """
        target = Path(path).expanduser().resolve()
        text = json.dumps(self._plant.to_dict(), ensure_ascii=False, indent=1)
        target.write_text(text + "\n", encoding="utf-8")
        return str(target)

    @hook("inspect")
    def status(self) -> dict[str, Any]:
        """What the emulator is doing: listening, sessions (ids never shown), counters, faults.

        Returns:
            A JSON-compatible dict: ``listening``, ``url``, ``panel``, ``lively`` (the seed or
            ``None``), ``sessions`` (``user``, ``idle_seconds``, ``polling``, ``queued``,
            ``phantom``, oldest first), ``stats`` and ``faults`` (the armed faults, then the
            delay if any).
        """
        now = self._now()
        stats = self._stats
        return {
            "listening": self._server is not None,
            "url": self.url,
            "panel": self.panel_url,
            "lively": self._lively_seed,
            "sessions": [
                {
                    "user": s.username,
                    "idle_seconds": round(max(0.0, now - s.last_seen), 1),
                    "polling": s.polling,
                    "queued": len(s.queue),
                    "phantom": s.phantom,
                }
                for s in self._sessions
            ],
            "stats": {
                "http_requests": stats.http_requests,
                "logins": stats.logins,
                "failed_logins": stats.failed_logins,
                "logouts": stats.logouts,
                "restarts": stats.restarts,
                "indications": stats.indications,
                "pending_polls": stats.pending_polls,
                "open_connections": stats.open_connections,
                "peak_connections": stats.peak_connections,
                "connections_opened": stats.connections_opened,
                "connections_refused": stats.connections_refused,
                "connections_timed_out": stats.connections_timed_out,
                "bodies_refused": stats.bodies_refused,
                "acks": {str(k): v for k, v in sorted(stats.acks.items())},
            },
            "faults": [jsonable(f) for f in self._faults.armed] + self._faults.delay_json(),
        }

    def note_control(self, summary: str, outcome: str) -> None:
        """Record one control API call in the request log (``summary`` already redacted)."""
        self._log_request("API", summary, outcome)

    # ------------------------------------------------------------------ internals

    def _track(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _animate(self) -> None:
        """Advance the lively model every step of real time until the emulator stops."""
        while not await wait_event(self._closing, LIVELY_STEP):
            if self._lively is None:
                return
            try:
                self._lively.advance()
            except Exception:  # a model bug must show, and must not stop the server
                _LOGGER.exception("The lively plant failed")

    def _log_request(self, method: str, summary: str, outcome: str) -> None:
        """One line per request, in the log and in the panel (``summary`` is redacted)."""
        _LOGGER.info("%s %s -> %s", method, summary, outcome)
        self._panel.logged(method, summary, outcome)

    def _now(self) -> float:
        return time.monotonic() + self._clock_offset

    def _changed(self) -> None:
        self._panel.status_changed()
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    def _adopt(self, plant: Plant) -> Plant:
        if self._username is not None and self._password is not None:
            plant.users[self._username] = self._password
        plant.emit = self._emit
        plant.observer = self._panel.device_changed
        if self._lively_seed is not None:
            self._lively = Lively(plant, seed=self._lively_seed)
        return plant

    def _emit(self, indication: dict[str, Any]) -> None:
        self._stats.indications += 1
        self._sessions.broadcast(indication)
        if indication.get("cmd_name") == UpdateIndicator.PLANT.value:
            self._panel.plant_replaced()
        self._changed()

    def _close_listener(self) -> None:
        # Closing the asyncio server closes its listening sockets at once; its
        # wait_closed() would wait for every connection, which we close separately.
        server, self._server = self._server, None
        if server is not None:
            server.close()

    def _guard_event(self, what: str) -> None:
        if what == "refused":
            self._stats.connections_refused += 1
        elif what == "timed_out":
            self._stats.connections_timed_out += 1
        self._changed()

    def _drop_connections(self) -> None:
        server = self._runner.server if self._runner is not None else None
        spared = SPARED.get()
        if server is not None:
            for connection in server.connections:
                if spared is not None and connection.transport is spared.transport:
                    spared.used = True  # the control call's answer closes it
                    continue
                connection.force_close()

    # ------------------------------------------------------------------ HTTP

    async def _handle_get(self, request: web.Request) -> web.Response:
        self._log_request(request.method, request.path, "200")
        return web.Response(text=_GET_BODY, content_type="text/html")

    async def _handle_post(self, request: web.Request) -> web.StreamResponse:
        self._stats.http_requests += 1
        try:
            body = await read_body(request, self._limits.max_body, self._limits.body_timeout)
        except (BodyTooLarge, BodyTimeout) as exc:
            self._stats.bodies_refused += 1
            self._changed()
            status = 413 if isinstance(exc, BodyTooLarge) else 408
            reason = "body too large" if status == 413 else "body too slow"
            self._log_request("POST", f"({reason})", f"HTTP {status}")
            # The connection closes: the rest of the body is not read.
            response = web.Response(status=status, text=f"HTTP {status}\n")
            response.force_close()
            return response
        try:
            return await self._serve(request, body)
        except Exception:  # never an HTTP 500 or a traceback for the client (§1.4)
            _LOGGER.exception("Unexpected error while answering a request")
            self._stats.acks[AckErrorCode.NO_REPLY.value] += 1
            return _json_response(wire.encode(wire.error_reply(None, AckErrorCode.NO_REPLY)))
        finally:
            self._changed()

    async def _serve(self, request: web.Request, body: bytes) -> web.StreamResponse:
        try:
            message: dict[str, Any] | None = wire.decode_command(
                body, request.raw_path.partition("?")[2], max_depth=self._limits.max_depth
            )
        except wire.BadMessage:
            message = None
        names = _names(message)
        summary = wire.summarize(message) if message is not None else "(no JSON command)"
        if _LOGGER.isEnabledFor(logging.DEBUG):
            _LOGGER.debug("request %s", json.dumps(wire.redact(message), ensure_ascii=False))
        self._count(names)

        delay = self._faults.take_delay(names)
        if delay:
            self._stats.faults["delay"] += 1
            await wait_event(self._closing, delay)

        fault = self._faults.take(names)
        if fault is not None:
            self._stats.faults[fault.kind.value] += 1
            early = self._early_fault(fault, names[0], summary)
            if early is not None:
                return early

        reply = await self._answer(request, message)
        ack = reply.get("sl_data_ack_reason")
        if isinstance(ack, int):
            self._stats.acks[ack] += 1
        if reply.get("cmd_name") == "status_update_resp":
            payload = wire.encode_batch(reply, self._encoded)
        else:
            payload = wire.encode(reply)
        if _LOGGER.isEnabledFor(logging.DEBUG):
            _LOGGER.debug("reply %s", json.dumps(wire.redact(reply), ensure_ascii=False))
        outcome = f"ack {ack}"
        if isinstance(reply.get("result"), list) and reply.get("cmd_name") == "status_update_resp":
            outcome += f", {len(reply['result'])} indication(s)"
        if fault is not None and fault.kind is FaultKind.TRUNCATED_JSON:
            self._log_request("POST", summary, f"{outcome} (fault: truncated)")
            return _json_response(payload[: len(payload) // 2])
        if fault is not None and fault.kind is FaultKind.RESET:
            self._log_request("POST", summary, f"{outcome} (fault: connection closed mid-body)")
            return await self._cut_short(request, payload)
        self._log_request("POST", summary, outcome)
        return _json_response(payload)

    def _count(self, names: tuple[str | None, str | None]) -> None:
        sl_cmd, cmd_name = names
        if sl_cmd is not None:
            self._stats.session_commands[sl_cmd] += 1
        if cmd_name is not None:
            self._stats.requests[cmd_name] += 1

    def _early_fault(self, fault: Fault, sl_cmd: str | None, summary: str) -> web.Response | None:
        """The answer of a fault that replaces processing, or ``None`` for the others."""
        if fault.kind is FaultKind.ACK:
            self._log_request("POST", summary, f"ack {fault.value} (fault)")
            self._stats.acks[fault.value] += 1
            return _json_response(wire.encode(wire.error_reply(sl_cmd, fault.value)))
        if fault.kind is FaultKind.HTTP_ERROR:
            self._log_request("POST", summary, f"HTTP {fault.value} (fault)")
            return web.Response(status=fault.value, text=f"HTTP {fault.value}\n")
        if fault.kind is FaultKind.INVALID_JSON:
            self._log_request("POST", summary, "non-JSON body (fault)")
            return web.Response(body=_NOT_JSON, content_type=_JSON_CONTENT_TYPE, charset="utf-8")
        return None

    async def _cut_short(self, request: web.Request, payload: bytes) -> web.StreamResponse:
        """Send the headers and half the body, then close the connection."""
        response = web.StreamResponse()
        response.content_type = _JSON_CONTENT_TYPE
        response.charset = "utf-8"
        response.content_length = len(payload)
        await response.prepare(request)
        await response.write(payload[: len(payload) // 2])
        if request.transport is not None:
            request.transport.close()
        return response

    # ------------------------------------------------------------------ session layer

    async def _answer(self, request: web.Request, message: dict[str, Any] | None) -> dict[str, Any]:
        """The JSON reply to one message (PROTOCOL.md §2, precedence of §2.13)."""
        if message is None:
            return wire.error_reply(None, AckErrorCode.JSON_SYNTAX_ERROR)
        try:
            sl_cmd = wire.session_command(message)
        except wire.BadMessage as exc:
            return wire.error_reply(None, exc.ack)
        try:
            if sl_cmd == "sl_registration_req":
                return self._login(message)
            if sl_cmd == "sl_user_pwd_change_req":
                return self._change_password(message)
            session = self._session_of(message)
            self._sessions.touch(session)
            if sl_cmd == "sl_data_req":
                return await self._data(request, session, message)
            return self._session_command(sl_cmd, session, message)
        except _Refused as exc:
            return wire.error_reply(sl_cmd, exc.ack)

    def _session_of(self, message: Mapping[str, Any]) -> Session:
        """The session a request names (PROTOCOL.md §2.12).

        ACK 7 only when the ``sl_client_id`` key is missing; a present but empty (or
        otherwise unknown) id is a wrong one, ACK 8: PYCAME starts with ``""`` and logs in
        only on ACK 8, as it has done against real servers for years [reverse-engineered].
        """
        if "sl_client_id" not in message:
            raise _Refused(AckErrorCode.NO_CLIENT_ID)
        session_id = message["sl_client_id"]
        session = self._sessions.get(session_id) if isinstance(session_id, str) else None
        if session is None:
            raise _Refused(AckErrorCode.WRONG_CLIENT_ID)
        return session

    def _login(self, message: Mapping[str, Any]) -> dict[str, Any]:
        login, pwd = message.get("sl_login"), message.get("sl_pwd")
        users = self._plant.users
        # Credentials are checked first: ACK 3 then tells a client its password is right.
        if not isinstance(login, str) or not isinstance(pwd, str) or users.get(login) != pwd:
            self._stats.failed_logins += 1
            raise _Refused(AckErrorCode.INVALID_USER)
        session = self._sessions.create(login)
        if session is None:
            self._stats.failed_logins += 1
            raise _Refused(AckErrorCode.TOO_MANY_SESSIONS)
        self._stats.logins += 1
        return {
            "sl_cmd": "sl_registration_ack",
            "sl_client_id": session.id,
            "sl_keep_alive_timeout_sec": int(self._sessions.keep_alive_timeout),
            "sl_data_ack_reason": 0,
        }

    def _change_password(self, message: Mapping[str, Any]) -> dict[str, Any]:
        """``sl_user_pwd_change_req`` authenticates itself: no session needed (§2.8).

        A wrong current password (or unknown user) answers
        ``sl_user_pwd_change_ack_reason: 1`` and ``sl_data_ack_reason: 1`` (invalid user), so
        that a client checking only the latter still notices.
        """
        login, pwd, new_pwd = (message.get(k) for k in ("sl_login", "sl_pwd", "sl_new_pwd"))
        if not isinstance(new_pwd, str) or new_pwd == "":
            raise _Refused(AckErrorCode.WRONG_APPLICATION_DATA)
        users = self._plant.users
        reason = 0
        if isinstance(login, str) and isinstance(pwd, str) and users.get(login) == pwd:
            users[login] = new_pwd
        else:
            reason = int(AckErrorCode.INVALID_USER)
        return {
            "sl_cmd": "sl_user_pwd_change_ack",
            "sl_user_pwd_change_ack_reason": reason,
            "sl_ack_reason": 0,
            "sl_data_ack_reason": reason,
        }

    def _session_command(
        self, sl_cmd: str, session: Session, message: Mapping[str, Any]
    ) -> dict[str, Any]:
        users = self._plant.users
        if sl_cmd == "sl_keep_alive_req":
            return {
                "sl_cmd": "sl_keep_alive_ack",
                "sl_data_ack_reason": 0,
                "sl_client_id": session.id,
            }
        if sl_cmd == "sl_logout_req":
            self._sessions.remove(session.id)
            self._stats.logouts += 1
            return {"sl_cmd": "sl_logout_ack", "sl_ack_reason": 0, "sl_data_ack_reason": 0}
        if sl_cmd == "sl_users_list_req":
            return {
                "sl_cmd": "sl_users_list_resp",
                "sl_data_ack_reason": 0,
                "sl_client_id": session.id,
                "sl_users_list": [{"name": name} for name in users],
            }
        login = message.get("sl_login")
        if not isinstance(login, str) or login == "":
            raise _Refused(AckErrorCode.WRONG_APPLICATION_DATA)
        if sl_cmd == "sl_add_user_req":
            self._add_user(login, message)
            return {"sl_cmd": "sl_add_user_ack", "sl_data_ack_reason": 0}
        # sl_del_user_req. The user's live sessions are kept, like on a password change.
        if login not in users:
            raise _Refused(AckErrorCode.WRONG_APPLICATION_DATA)
        del users[login]
        return {"sl_cmd": "sl_del_user_ack", "sl_data_ack_reason": 0}

    def _add_user(self, login: str, message: Mapping[str, Any]) -> None:
        """Add a user; a duplicate name, a missing password or an unknown group is ACK 11.

        ``sl_group`` is a terminal-group name or ``"*"``, and may be missing (§2.6).
        """
        pwd, group = message.get("sl_pwd"), message.get("sl_group", "*")
        group_names = {g.get("group_name") for g in self._plant.terminal_groups}
        if (
            login in self._plant.users
            or not isinstance(pwd, str)
            or pwd == ""
            or (group != "*" and group not in group_names)
        ):
            raise _Refused(AckErrorCode.WRONG_APPLICATION_DATA)
        self._plant.users[login] = pwd

    # ------------------------------------------------------------------ application layer

    async def _data(
        self, request: web.Request, session: Session, message: Mapping[str, Any]
    ) -> dict[str, Any]:
        """``sl_data_req``: route by ``cmd_name`` alone (§2.9 guidance)."""
        appl = message.get("sl_appl_msg")
        if not isinstance(appl, dict):
            raise _Refused(AckErrorCode.WRONG_APPLICATION_DATA)
        cmd_name = appl.get("cmd_name")
        if not isinstance(cmd_name, str):
            raise _Refused(AckErrorCode.WRONG_APPLICATION_COMMAND)
        cseq = appl.get("cseq", 0)  # echoed; never validated (§2.9)
        if cmd_name == "status_update_req":
            return await self._long_poll(request, session, appl, cseq)
        try:
            fields = self._plant.handle(cmd_name, copy.deepcopy(appl), username=session.username)
        except AppDataError as exc:
            _LOGGER.debug("%s refused by the plant: %s", cmd_name, exc)
            raise _Refused(AckErrorCode.WRONG_APPLICATION_DATA) from exc
        except Exception as exc:
            _LOGGER.exception("The plant failed on %s", cmd_name)
            raise _Refused(AckErrorCode.NO_REPLY) from exc
        if fields is None:
            raise _Refused(AckErrorCode.WRONG_APPLICATION_COMMAND)
        return wire.application_reply(fields, cseq)

    async def _long_poll(
        self, request: web.Request, session: Session, appl: Mapping[str, Any], cseq: Any
    ) -> dict[str, Any]:
        """``status_update_req`` (PROTOCOL.md §5.2 guidance).

        Returns at once when indications are queued; otherwise holds the request until one
        is, then drains the whole queue. A newer poll of the same session releases this one
        with ``result: []``; so does the end of the wait. The queue is only drained into a
        response while the client is still connected: a client that gave up loses nothing.
        """
        if session.poll is not None:
            session.poll.end(PollEnd.SUPERSEDED)
            session.poll = None
        wait = requested_wait(appl, self._poll_max_wait)
        if not session.queue and wait > 0 and not self._closing.is_set():
            poll = Poll()
            session.poll = poll
            self._changed()
            try:
                ended = await hold(poll, wait, self._coalesce_delay)
            finally:
                if session.poll is poll:
                    session.poll = None
                self._sessions.touch(session)
                self._changed()
            if ended is PollEnd.SESSION_LOST:
                raise _Refused(AckErrorCode.WRONG_CLIENT_ID)
            if ended is not None:
                return _status_update(cseq, [])
        if not _connection_open(request):
            return _status_update(cseq, [])
        result = list(session.queue)
        session.queue.clear()
        return _status_update(cseq, result)


def _discard(_indication: dict[str, Any]) -> None:
    """The ``emit`` of a plant no longer served."""


def _ignore(_family: str) -> None:
    """The ``observer`` of a plant no longer served."""


def announcement(emulator: CameEmulator) -> str:
    """The line a running emulator prints once it listens (scripts wait for ``listening``)."""
    return f"CAME Domotic emulator listening on {emulator.url} (panel: {emulator.panel_url})"


async def run_emulator(
    emulator: CameEmulator | None = None,
    *,
    on_ready: Callable[[CameEmulator], object] | None = None,
    stop: asyncio.Event | None = None,
    handle_signals: bool = True,
) -> None:
    """Serve an emulator until SIGINT/SIGTERM, until ``stop`` is set, or until cancelled.

    The entry point of ``python -m aiocamedomotic.emulator`` and of the CLI's ``emulate``
    command. Returns normally (after a clean shutdown) on a signal or ``stop``.

    Args:
        emulator: the emulator to run (not started yet); by default one with the demo
            plant on 127.0.0.1:8080.
        on_ready: called with the running emulator once it listens; by default the
            :func:`announcement` line is printed on standard output.
        stop: an event that ends the server when set.
        handle_signals: install SIGINT/SIGTERM handlers for the duration of the call.
    """
    emulator = emulator or CameEmulator(port=8080)
    stop = stop or asyncio.Event()

    def announce(running: CameEmulator) -> None:
        print(announcement(running), flush=True)

    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    if handle_signals:
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows, non-main
                loop.add_signal_handler(sig, stop.set)
                installed.append(sig)
    try:
        async with emulator:
            (on_ready or announce)(emulator)
            await stop.wait()
            _LOGGER.info("Stopping")
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


#: Every test hook, the emulator's then the plant's (:mod:`.hooks`): what the control API
#: serves and the CLI's ``emulator`` commands call.
HOOKS: tuple[Hook, ...] = (*collect(CameEmulator, "emulator"), *collect(Plant, "plant"))
