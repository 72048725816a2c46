"""Emulator layer: the session table (ids, inactivity expiry, slot limit, indication queues).

PROTOCOL.md §2.2, §2.10, §2.11 and §5.2. Time comes from an injected clock so that tests can
expire sessions without sleeping.
"""

from __future__ import annotations

import asyncio
import copy
import math
import secrets
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class PollEnd(Enum):
    """Why a pending long poll was ended before indications arrived."""

    SUPERSEDED = "superseded"  # a newer poll of the same session took over: answer `result: []`
    SESSION_LOST = "session_lost"  # logout, expiry or restart: answer ACK 8
    CLOSING = "closing"  # the emulator is stopping: answer `result: []`


class Poll:
    """One pending ``status_update_req`` of a session."""

    __slots__ = ("ended", "wakeup")

    def __init__(self) -> None:
        self.wakeup = asyncio.Event()
        self.ended: PollEnd | None = None

    def end(self, why: PollEnd) -> None:
        """End the poll early (the first reason wins)."""
        if self.ended is None:
            self.ended = why
        self.wakeup.set()


@dataclass(eq=False)
class Session:
    """One logged-in session.

    Attributes:
        id: the ``sl_client_id`` (8 lower-case hex digits).
        username: the user who logged in (``""`` for a phantom).
        last_seen: clock time of the last accepted request or of the end of the last poll.
        phantom: a slot filled by :meth:`CameEmulator.fill_session_table`; no queue.
        queue: indications waiting for the next poll, oldest first, bounded.
        dropped: indications discarded because the queue was full.
        poll: the pending long poll, if any.
    """

    id: str = field(repr=False)  # a secret: never in a repr (hence in no log line)
    username: str
    last_seen: float
    queue: deque[dict[str, Any]]
    phantom: bool = False
    dropped: int = 0
    poll: Poll | None = field(default=None, repr=False)

    @property
    def polling(self) -> bool:
        """Whether a long poll of this session is pending."""
        return self.poll is not None


class SessionTable:
    """Every live session, with expiry and the concurrent-session limit.

    A pending long poll counts as activity: a session cannot expire while one of its polls is
    held, and the end of a poll refreshes it (PROTOCOL.md §8.3 leaves this open; it spares a
    client that only polls from being logged out under it).

    Args:
        keep_alive_timeout: inactivity timeout in seconds.
        max_sessions: size of the table (PROTOCOL.md §2.11).
        queue_limit: maximum indications kept per session (the oldest are dropped).
        clock: monotonic time source in seconds.
        on_change: called whenever a session or a poll appears or disappears.
    """

    def __init__(
        self,
        *,
        keep_alive_timeout: float,
        max_sessions: int,
        queue_limit: int,
        clock: Callable[[], float],
        on_change: Callable[[], None],
    ) -> None:
        self.keep_alive_timeout = keep_alive_timeout
        self.max_sessions = max_sessions
        self.queue_limit = queue_limit
        self._clock = clock
        self._on_change = on_change
        self._sessions: dict[str, Session] = {}
        # No session can expire before this clock time: a purge before it has nothing to do,
        # so the requests of many sessions do not each scan the whole table.
        self._quiet_until = -math.inf

    def __len__(self) -> int:
        self.purge()
        return len(self._sessions)

    def __iter__(self) -> Iterator[Session]:
        self.purge()
        return iter(list(self._sessions.values()))

    def as_dict(self) -> dict[str, Session]:
        """The live sessions by id (a fresh dict)."""
        self.purge()
        return dict(self._sessions)

    @property
    def pending_polls(self) -> int:
        """Number of sessions with a pending long poll."""
        return sum(1 for session in self._sessions.values() if session.polling)

    def _expired(self, session: Session, now: float) -> bool:
        return session.poll is None and now - session.last_seen >= self.keep_alive_timeout

    def purge(self) -> None:
        """Forget every session whose inactivity timeout has passed (and its queue).

        A scan also finds the earliest time at which an idle session may expire; until
        then the scan is skipped. Activity only ever pushes an expiry later, and a session
        created or released by its poll after the scan expires a whole timeout after it.
        """
        now = self._clock()
        if now < self._quiet_until:
            return
        timeout = self.keep_alive_timeout
        expired = [sid for sid, s in self._sessions.items() if self._expired(s, now)]
        for sid in expired:
            del self._sessions[sid]
        idle = [s.last_seen for s in self._sessions.values() if s.poll is None]
        self._quiet_until = min(idle, default=now) + timeout
        if expired:
            self._on_change()

    def get(self, session_id: str) -> Session | None:
        """The live session with that id, or ``None`` (unknown, logged out or expired)."""
        self.purge()
        return self._sessions.get(session_id)

    def touch(self, session: Session) -> None:
        """Record activity on a session."""
        session.last_seen = self._clock()

    def _new_id(self) -> str:
        # Only live ids are avoided: an ended session is forgotten entirely, so that a
        # server running for months does not keep every id it ever issued.
        while True:
            candidate = secrets.token_hex(4)
            if candidate not in self._sessions:
                return candidate

    def create(self, username: str, *, phantom: bool = False) -> Session | None:
        """Open a session, or return ``None`` when the table is full."""
        if len(self) >= self.max_sessions:
            return None
        session = Session(
            id=self._new_id(),
            username=username,
            last_seen=self._clock(),
            queue=deque(maxlen=0 if phantom else self.queue_limit),
            phantom=phantom,
        )
        self._sessions[session.id] = session
        self._on_change()
        return session

    def remove(self, session_id: str) -> Session | None:
        """Close a session: its queue is dropped and a pending poll answers ACK 8."""
        session = self._sessions.pop(session_id, None)
        if session is not None:
            if session.poll is not None:
                session.poll.end(PollEnd.SESSION_LOST)
            session.queue.clear()
            self._on_change()
        return session

    def remove_all(self, *, phantoms_only: bool = False) -> int:
        """Close every session (or every phantom). Returns how many were closed."""
        victims = [s.id for s in self._sessions.values() if s.phantom or not phantoms_only]
        for sid in victims:
            self.remove(sid)
        return len(victims)

    def end_polls(self, why: PollEnd) -> None:
        """End every pending poll."""
        for session in self._sessions.values():
            if session.poll is not None:
                session.poll.end(why)

    def broadcast(self, indication: dict[str, Any]) -> None:
        """Queue one indication for every live session and wake the pending polls.

        Every session gets every indication, including those its own commands caused
        (PROTOCOL.md §5.4). A full queue drops its oldest entry.
        """
        self.purge()
        shared = copy.deepcopy(indication)  # later mutations by the sender must not leak in
        for session in self._sessions.values():
            if session.phantom:
                continue
            if len(session.queue) == session.queue.maxlen:
                session.dropped += 1
            session.queue.append(shared)
            if session.poll is not None:
                session.poll.wakeup.set()
