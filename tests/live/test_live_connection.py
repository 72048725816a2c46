"""The live connection alone: its poll loop, pacing, backoff and state machine driven by a
scripted session (the ``LiveSession`` protocol, no server) and the injected FakeClock.

The poll answers are a script; the session signals when the script is used up, and the
test then reads what the loop did: the states it published, the waits it asked the clock
for, the resyncs it asked for. Nothing sleeps, nothing is patched."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from typing import Any

import pytest
from support.live import FakeClock

from aiocamedomotic.connection import ConnectionState, ReconnectPolicy
from aiocamedomotic.errors import (
    CameDomoticAuthError,
    CameDomoticServerError,
    CameDomoticServerNotFoundError,
    CameDomoticTooManySessionsError,
)
from aiocamedomotic.events import ConnectionChanged, LiveEvent, PlantReloaded
from aiocamedomotic.live import LiveOptions
from aiocamedomotic.live._connection import LiveConnection

#: No jitter, so the backoff delays are exact: 1, 2, 4, 8...
POLICY = ReconnectPolicy(base=1.0, cap=8.0, factor=2.0, jitter=0.0)
INDICATION = {"cmd_name": "light_switch_ind", "act_id": 1, "status": 1}


class ScriptedSession:
    """Answers each long poll with the next step of a script: a batch (a list), an error to
    raise, a function returning the step (run when the poll is answered), or
    ``(seconds, step)`` to let the clock run that long first (a held poll). Then it signals
    :attr:`done` and holds the poll until the loop is cancelled.

    While :attr:`down` is positive, every request (poll or resync) fails as an unreachable
    server would, and counts one down."""

    def __init__(self, clock: FakeClock, script: list[Any]) -> None:
        self.clock = clock
        self.script = list(script)
        self.down = 0
        self.done = asyncio.Event()
        self.client_id = "session-1"
        self.current_username: str | None = "admin"
        self.command_timeout = 30.0
        self.closed = False

    def reach(self) -> None:
        if self.down > 0:
            self.down -= 1
            raise CameDomoticServerNotFoundError("unreachable")

    async def async_send_command(
        self,
        command: dict[str, Any],
        *,
        response_command: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 (the protocol's signature)
    ) -> dict[str, Any]:
        raise AssertionError("the connection only polls")

    async def async_send_command_once(
        self,
        command: dict[str, Any],
        *,
        response_command: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 (the protocol's signature)
    ) -> dict[str, Any]:
        assert command["cmd_name"] == "status_update_req"
        self.reach()
        if not self.script:
            self.done.set()
            await asyncio.get_running_loop().create_future()  # held until cancelled
        step = self.script.pop(0)
        if isinstance(step, tuple):
            seconds, step = step
            self.clock.advance(seconds)
        if callable(step):
            step = step()
        if isinstance(step, BaseException):
            raise step
        return {"cmd_name": "status_update_resp", "result": step}


class RecordingSync:
    """The resync side: records each successful resync (``None`` = full) and each time the
    entities were marked unavailable."""

    def __init__(self, session: ScriptedSession) -> None:
        self.session = session
        self.synced_session = ""
        self.resyncs: list[set[str] | None] = []
        self.unavailable = 0
        self.refuse: BaseException | None = None

    async def async_resync(
        self, families: Collection[str] | None, *, initial: bool = False
    ) -> tuple[int, int]:
        if self.refuse is not None:
            raise self.refuse
        self.session.reach()
        self.resyncs.append(None if families is None else set(families))
        self.synced_session = self.session.client_id
        return 0, 0

    def mark_unavailable(self) -> None:
        self.unavailable += 1


class Run:
    """A connection on a scripted session, with everything it published and dispatched.

    Once started, the server is unreachable for ``down`` requests; each non-empty batch
    asks for the families in ``dirty`` to be fetched again."""

    def __init__(self, script: list[Any], *, down: int = 0, dirty: set[str] | None = None) -> None:
        self.clock = FakeClock()
        self.session = ScriptedSession(self.clock, script)
        self.down = down
        self.sync = RecordingSync(self.session)
        self.events: list[LiveEvent] = []
        self.ended = asyncio.Event()
        self.batches: list[list[Any]] = []
        self.dirty = dirty or set()
        options = LiveOptions(min_poll_interval=2.0, reconnect=POLICY, clock=self.clock)
        self.connection = LiveConnection(
            self.session, options, self.sync, self.dispatch, self.publish
        )

    def publish(self, event: LiveEvent) -> None:
        self.events.append(event)
        if isinstance(event, ConnectionChanged) and event.state in ENDS:
            self.ended.set()

    def dispatch(self, batch: list[Any]) -> tuple[bool, set[str]]:
        self.batches.append(batch)
        reload_plant = any(raw.get("cmd_name") == "plant_update_ind" for raw in batch)
        return reload_plant, set(self.dirty) if batch else set()

    async def until_done(self) -> None:
        """Open, then wait until the loop used up the script or ended by itself."""
        await self.connection.async_open()
        self.session.down = self.down
        async with asyncio.timeout(5):
            waits = [asyncio.ensure_future(e.wait()) for e in (self.session.done, self.ended)]
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for wait in waits:
                wait.cancel()

    @property
    def states(self) -> list[ConnectionState]:
        return [e.state for e in self.events if isinstance(e, ConnectionChanged)]


#: The states in which the loop has ended by itself.
ENDS = (ConnectionState.AUTH_FAILED, ConnectionState.CLOSED)


async def test_failures_back_off_exponentially_until_a_full_resync_succeeds() -> None:
    # the poll fails, then the two resyncs that follow; the third resync succeeds
    run = Run([[]], down=3)
    await run.until_done()
    assert run.clock.sleeps == [1.0, 2.0, 4.0, 2.0]  # the backoff, then one paced empty poll
    assert run.states == [
        ConnectionState.CONNECTING,
        ConnectionState.CONNECTED,
        ConnectionState.RECONNECTING,
        ConnectionState.CONNECTED,
    ]
    assert run.sync.unavailable == 1  # on the first failure only
    assert run.sync.resyncs == [None, None]  # the initial fetch and the one after the gap
    await run.connection.async_close()
    assert run.states[-1] is ConnectionState.CLOSED
    assert run.connection.reason == "stopped"
    assert not run.connection.running


async def test_empty_polls_answered_at_once_are_paced_and_batches_are_not() -> None:
    run = Run([[], [INDICATION], [], (5.0, [])])
    await run.until_done()
    # an empty answer at once waits out the interval; one with an indication does not,
    # nor an empty answer to a held poll (5 s > 2 s)
    assert run.clock.sleeps == [2.0, 2.0]
    assert run.batches == [[], [INDICATION], [], []]
    await run.connection.async_close()


async def test_a_lost_session_is_healed_silently_unless_it_repeats_at_once() -> None:
    lost = CameDomoticServerError("session lost", ack_code=7)
    # a loss (silent), another answered at once (backoff), then one reported by a held
    # poll (a new, genuine loss: silent again)
    run = Run([lost, lost, (3.0, lost), []])
    await run.until_done()
    assert run.clock.sleeps == [1.0, 2.0]  # one backoff, then the paced empty poll
    assert run.states.count(ConnectionState.RECONNECTING) == 1
    assert run.sync.resyncs == [None, None, None, None]  # a full resync after every loss
    await run.connection.async_close()


async def test_rejected_credentials_end_the_loop_but_a_full_session_table_is_retried() -> None:
    run = Run([CameDomoticTooManySessionsError("full"), CameDomoticAuthError("wrong password")])
    await run.until_done()
    assert run.clock.sleeps == [1.0]  # the full table was retried once
    assert run.states[-1] is ConnectionState.AUTH_FAILED
    assert run.connection.reason == "credentials rejected"
    assert not run.connection.running
    assert run.sync.unavailable == 2  # at the first failure, then at the end


async def test_a_disposed_session_ends_the_loop_quietly() -> None:
    run = Run([RuntimeError("websession closed")])
    run.session.closed = True
    await run.until_done()
    assert run.states[-1] is ConnectionState.CLOSED
    assert run.connection.reason == "API disposed"
    assert run.clock.sleeps == []
    assert not run.connection.running


async def test_a_plant_reload_and_unknown_ids_are_resynced_before_the_next_poll() -> None:
    run = Run([[{"cmd_name": "plant_update_ind"}], [INDICATION]], dirty={"lights"})
    await run.until_done()
    # the initial fetch; the reload's full resync (covering the dirty family too), then
    # the dirty family of the next batch alone
    assert run.sync.resyncs == [None, None, {"lights"}]
    assert [e for e in run.events if isinstance(e, PlantReloaded)] == [PlantReloaded(0, 0)]
    await run.connection.async_close()


async def test_a_login_made_elsewhere_triggers_a_full_resync() -> None:
    run = Run([])

    def relogin() -> list[Any]:
        run.session.client_id = "session-2"  # e.g. a concurrent command logged in again
        return [INDICATION]

    run.session.script = [relogin, [INDICATION]]
    await run.until_done()
    assert run.sync.resyncs == [None, None]
    assert run.sync.synced_session == "session-2"
    await run.connection.async_close()


async def test_a_failed_initial_fetch_leaves_the_connection_closed() -> None:
    run = Run([])
    run.sync.refuse = CameDomoticServerNotFoundError("unreachable")
    with pytest.raises(CameDomoticServerNotFoundError):
        await run.connection.async_open()
    assert run.states == [ConnectionState.CONNECTING, ConnectionState.CLOSED]
    assert run.connection.reason == "start failed"
    assert not run.connection.running
