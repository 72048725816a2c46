"""The live plant against misbehaving servers and callers: empty polls answered at once are
paced (indications never are), a loss reported by a held poll is healed silently however
often, stop and dispose survive cancellation, unknown indication names cost bounded memory
and log volume, and every option is checked when it is built.

Time is the injected :class:`FakeClock`: it moves only when the plant sleeps or the test
says so, so nothing here sleeps or measures time."""

from __future__ import annotations

import asyncio
import functools
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from support.hostile import (
    POLL,
    HostileServer,
    Reply,
    instant_empty_poll,
    json_reply,
    poll_answer,
)
from support.live import FAST, FakeClock, client_tasks, expect

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic._transport import MAX_TIMEOUT_SEC
from aiocamedomotic.connection import ConnectionState
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.events import EntityUpdated, LiveEvent
from aiocamedomotic.live import LiveOptions, LivePlant

from .conftest import PASSWORD, USERNAME

LIVE_LOGGER = "aiocamedomotic.live.plant"


@pytest.fixture
async def hostile() -> AsyncIterator[HostileServer]:
    async with HostileServer() as server:
        yield server


@pytest.fixture
async def hostile_api(hostile: HostileServer) -> AsyncIterator[CameDomoticAPI]:
    api = await CameDomoticAPI.async_create(hostile.host, USERNAME, PASSWORD)
    yield api
    await api.async_dispose()


def states_of(plant: LivePlant) -> list[ConnectionState]:
    """The connection states published from now on."""
    seen: list[ConnectionState] = []
    plant.subscribe_connection(lambda event: seen.append(event.state))
    return seen


async def six_polls(
    hostile: HostileServer, api: CameDomoticAPI, answer: Reply, *, min_poll_interval: float
) -> FakeClock:
    """Run the live plant until the server answered six polls with ``answer``; return the
    clock, which recorded every wait."""
    hostile.always(POLL, answer)
    clock = FakeClock()
    plant = await api.async_start_live(
        options=LiveOptions(min_poll_interval=min_poll_interval, clock=clock)
    )
    async with asyncio.timeout(10):
        await hostile.wait_for(POLL, 6)
    await plant.async_stop()
    assert plant.connection_state is ConnectionState.CLOSED
    return clock


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(instant_empty_poll(), id="empty"),
        pytest.param(json_reply(poll_answer(0, "x", None)), id="junk-items"),
        pytest.param(
            json_reply({"cmd_name": "generic_reply", "sl_data_ack_reason": 0}), id="generic"
        ),
    ],
)
async def test_empty_polls_answered_at_once_are_paced(
    hostile: HostileServer, hostile_api: CameDomoticAPI, answer: Reply
) -> None:
    clock = await six_polls(hostile, hostile_api, answer, min_poll_interval=2.0)
    assert len(clock.sleeps) >= 5
    assert set(clock.sleeps) == {2.0}, "one full interval between polls that brought nothing"


async def test_polls_that_bring_indications_are_never_delayed(
    hostile: HostileServer, hostile_api: CameDomoticAPI
) -> None:
    answer = json_reply(poll_answer({"cmd_name": "hostile_ind", "id": 1}))
    clock = await six_polls(hostile, hostile_api, answer, min_poll_interval=3600.0)
    assert clock.sleeps == []


async def test_the_event_loop_clock_paces_too(
    hostile: HostileServer, hostile_api: CameDomoticAPI
) -> None:
    # the default clock: a tiny interval, so that the test only waits a few of them
    hostile.always(POLL, instant_empty_poll())
    plant = await hostile_api.async_start_live(options=LiveOptions(min_poll_interval=0.01))
    async with asyncio.timeout(10):
        await hostile.wait_for(POLL, 3)
    await plant.async_stop()
    assert plant.connection_state is ConnectionState.CLOSED


def relogged(emulator: CameEmulator, api: CameDomoticAPI, logins: int) -> bool:
    """The emulator saw ``logins`` logins and the client holds the new session."""
    return emulator.stats.logins == logins and bool(api.auth.client_id)


async def test_losses_reported_by_held_polls_are_healed_silently(
    emulator: CameEmulator, api: CameDomoticAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="aiocamedomotic")
    clock = FakeClock()
    plant = await api.async_start_live(
        options=LiveOptions(poll_timeout=30, reconnect=FAST.reconnect, clock=clock)
    )
    states = states_of(plant)
    for logins in (2, 3, 4):
        await emulator.wait_for_pending_poll(api.auth.client_id)
        clock.advance(5)  # the poll was held 5 s: a healthy session, then lost
        assert emulator.expire_sessions() == 1
        async with asyncio.timeout(10):
            await emulator.wait_until(functools.partial(relogged, emulator, api, logins))
    await emulator.wait_for_pending_poll(api.auth.client_id)
    assert states == [], "never RECONNECTING: each loss was healed by a silent re-login"
    assert all(entity.available for entity in plant.lights.values())
    # Only the library's warnings count (asyncio debug mode warns of slow callbacks when
    # the machine is loaded, e.g. by the suite running in parallel).
    assert not [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and r.name.startswith("aiocamedomotic")
    ]
    assert clock.sleeps == [], "no backoff"
    await plant.async_stop()


async def test_a_loss_answered_at_once_after_a_relogin_goes_through_the_backoff(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    clock = FakeClock()
    plant = await api.async_start_live(
        options=LiveOptions(poll_timeout=30, reconnect=FAST.reconnect, clock=clock)
    )
    states = states_of(plant)
    await emulator.wait_for_pending_poll(api.auth.client_id)
    # the next two polls are answered ACK 8 at once: a server that would make us spin
    emulator.fail_next(8, count=2, cmd_name="status_update_req")
    emulator.expire_sessions()
    async with asyncio.timeout(10):
        await plant.async_wait_for(
            lambda: (
                ConnectionState.RECONNECTING in states
                and plant.connection_state is ConnectionState.CONNECTED
            )
        )
    assert len(clock.sleeps) == 1, "one backoff delay"
    await plant.async_stop()


class SlowHandler:
    """An async subscriber that, once cancelled, takes until :meth:`release` to finish."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.cancelled = asyncio.Event()
        self._release = asyncio.Event()

    async def __call__(self, _event: LiveEvent) -> None:
        self.started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled.set()
            await self._release.wait()
            raise

    def release(self) -> None:
        self._release.set()


async def stopping_with_slow_handler(
    emulator: CameEmulator, plant: LivePlant, stop: Callable[[], Awaitable[None]]
) -> tuple[SlowHandler, asyncio.Future[None]]:
    """Run a slow handler, then ``stop``; return once the stop waits for the handler."""
    handler = SlowHandler()
    plant.subscribe(handler, family="lights")
    emulator.plant.toggle_light(1)
    async with asyncio.timeout(10):
        await handler.started.wait()
    stopping = asyncio.ensure_future(stop())
    async with asyncio.timeout(10):
        await handler.cancelled.wait()
    return handler, stopping


async def cancel_then_finish(
    emulator: CameEmulator,
    api: CameDomoticAPI,
    plant: LivePlant,
    stop: Callable[[], Awaitable[None]],
) -> None:
    """Cancel ``stop`` while it waits for a slow handler, then check a second ``stop``
    finishes the job."""
    handler, stopping = await stopping_with_slow_handler(emulator, plant, stop)
    stopping.cancel()
    with pytest.raises(asyncio.CancelledError):
        await stopping
    handler.release()
    async with asyncio.timeout(10):
        await stop()
    assert plant.connection_state is ConnectionState.CLOSED
    assert api.live_plant is None
    assert not plant.running


async def test_a_cancelled_stop_leaves_a_later_stop_able_to_finish(
    emulator: CameEmulator, api: CameDomoticAPI, live: LivePlant
) -> None:
    await cancel_then_finish(emulator, api, live, live.async_stop)


async def test_a_cancelled_dispose_leaves_a_later_dispose_able_to_finish(
    emulator: CameEmulator,
) -> None:
    before = client_tasks()
    api = await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD)
    plant = await api.async_start_live(options=FAST)
    await cancel_then_finish(emulator, api, plant, api.async_dispose)
    assert api.auth.websession.closed
    assert emulator.stats.logouts == 1
    leftovers = client_tasks() - before - {asyncio.current_task()}
    if leftovers:
        await asyncio.wait(leftovers, timeout=5)
    assert client_tasks() == before


async def test_stop_is_idempotent_and_may_be_awaited_by_many(live: LivePlant) -> None:
    await asyncio.gather(*(live.async_stop() for _ in range(3)))
    await live.async_stop()
    assert live.connection_state is ConnectionState.CLOSED


async def test_unknown_indication_names_are_capped_and_quiet_after_the_first_few(
    emulator: CameEmulator, live: LivePlant, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LIVE_LOGGER)
    names = [f"hostile_{n:03d}_" + "x" * 500 for n in range(100)]

    async def spray() -> list[logging.LogRecord]:
        caplog.clear()
        pushed = expect(live, lambda e: isinstance(e, EntityUpdated) and e.family == "lights")
        for name in names:
            emulator.inject_indication({"cmd_name": name})
        emulator.plant.toggle_light(1)  # queued after them: its event means they were read
        await pushed
        return [r for r in caplog.records if "unknown to this library" in r.getMessage()]

    first = await spray()
    assert [r.levelno for r in first] == [logging.INFO] * 5 + [logging.DEBUG] * 95
    assert all(len(r.args[0]) <= 64 for r in first)  # type: ignore[index,arg-type]
    second = await spray()
    # the first 64 names are remembered (not logged again); past the cap nothing is kept
    assert [r.levelno for r in second] == [logging.DEBUG] * 36


async def test_events_maxsize_of_a_stream_is_checked(live: LivePlant) -> None:
    for bad in (1.5, 0, True, "8", 10**7):
        with pytest.raises(ValueError, match="maxsize must be an int"):
            live.events(maxsize=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [math.inf, math.nan, 1e19, 0, -1, True])
async def test_live_timeouts_are_checked(live: LivePlant, bad: Any) -> None:
    with pytest.raises(ValueError, match="timeout must be"):
        await live.async_get_updates(timeout=bad)
    with pytest.raises(ValueError, match="timeout must be"):
        await live.async_wait_for(lambda: True, timeout=bad)
    with pytest.raises(ValueError, match="timeout must be"):
        await live.async_wait_for_event(lambda _e: True, timeout=bad)


@pytest.mark.parametrize(
    ("options", "name"),
    [
        ({"poll_timeout": math.inf}, "poll_timeout"),
        ({"poll_timeout": 1e19}, "poll_timeout"),
        ({"poll_timeout": math.nan}, "poll_timeout"),
        ({"poll_timeout": 0}, "poll_timeout"),
        ({"poll_timeout": "120"}, "poll_timeout"),
        ({"poll_grace": math.inf}, "poll_grace"),
        ({"poll_grace": -1}, "poll_grace"),
        ({"poll_timeout": MAX_TIMEOUT_SEC, "poll_grace": 1}, r"poll_timeout \+ poll_grace"),
        ({"min_poll_interval": 0}, "min_poll_interval"),
        ({"min_poll_interval": math.inf}, "min_poll_interval"),
        ({"reconnect": "x"}, "reconnect"),
        ({"reconnect": None}, "reconnect"),
        ({"events_maxsize": 1.5}, "events_maxsize"),
        ({"events_maxsize": 256.0}, "events_maxsize"),
        ({"events_maxsize": True}, "events_maxsize"),
        ({"events_maxsize": 0}, "events_maxsize"),
        ({"events_maxsize": 10**7}, "events_maxsize"),
        ({"clock": "x"}, "clock"),
        ({"clock": None}, "clock"),
    ],
)
def test_every_live_option_is_checked_at_construction(options: dict[str, Any], name: str) -> None:
    with pytest.raises(ValueError, match=rf"^{name} must"):
        LiveOptions(**options)
