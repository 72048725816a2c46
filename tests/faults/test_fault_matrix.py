"""Fault matrix: every fault in every phase it applies to, called directly and under the live plant.

For each (fault, phase) pair:

* (a) a direct call raises the documented error with a clear message free of secrets, or,
  where the documented behaviour is a transparent recovery (ACK 7/8, a server restart), it
  succeeds after exactly one new login;
* (b) the live plant recovers by itself once the fault clears and converges to the emulator's
  true state (every entity of every registry), with no duplicate login, no leaked task,
  session, long poll or client socket, and without losing a change made while the fault was
  in force.

Faults are the emulator's hooks (PROTOCOL.md §6.11); phases are the first request a fault hits.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from support.live import FAST, assert_matches_plant, client_tasks, plant_differences
from support.sockets import SocketTracker

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.connection import ConnectionState
from aiocamedomotic.emulator.plant import Plant
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.errors import (
    CameDomoticError,
    CameDomoticServerError,
    CameDomoticServerNotFoundError,
    CameDomoticServerTimeoutError,
    CameDomoticTooManySessionsError,
)
from aiocamedomotic.events import ConnectionChanged
from aiocamedomotic.live import LiveOptions, LivePlant
from aiocamedomotic.models import DeviceUpdate, Light, LightStatus, LightUpdate, PlantUpdate

from .conftest import PASSWORD, USERNAME

#: How long a "slow" reply is held (cut short when the client gives up or the emulator stops).
SLOW_REPLY = 30.0
#: The client's answer timeout in the "slow" cases, so that they end quickly.
SHORT_TIMEOUT = 1
#: The live plant's options in the "slow long poll" case: the client gives up on a poll after
#: SHORT_TIMEOUT + 0.5 s and treats it as idle.
SHORT_POLL = LiveOptions(poll_timeout=SHORT_TIMEOUT, poll_grace=0.5, reconnect=FAST.reconnect)
#: Safety net of every wait (nothing waits on a timer to synchronise).
SAFETY = 10
#: plant_update_ind sent by the "burst" fault.
BURST = 30
#: The light changed on the plant while a fault is in force (must be current afterwards).
CHANGED_LIGHT = 5


@dataclass(frozen=True)
class Fault:
    """One fault of the matrix.

    Attributes:
        name: the test id.
        arm: arms it on the emulator for requests named ``cmd_name`` (``None``: a global
            fault handled by :func:`arm`).
        ack: the ACK code answered, for ACK faults.
        slow: the reply comes after the client's timeout.
        processed: the server runs the request before breaking the reply.
    """

    name: str
    arm: Callable[[CameEmulator, str], None] | None = None
    ack: int | None = None
    slow: bool = False
    processed: bool = False


def _ack(code: int) -> Fault:
    return Fault(f"ack{code}", lambda emu, cmd: emu.fail_next(code, cmd_name=cmd), ack=code)


FAULTS = [
    Fault("refused"),
    Fault("reset", lambda emu, cmd: emu.reset_connection(cmd_name=cmd), processed=True),
    Fault("http500", lambda emu, cmd: emu.http_error(500, cmd_name=cmd)),
    Fault("http502", lambda emu, cmd: emu.http_error(502, cmd_name=cmd)),
    Fault("invalid_json", lambda emu, cmd: emu.invalid_json(cmd_name=cmd)),
    Fault("truncated_json", lambda emu, cmd: emu.truncated_json(cmd_name=cmd), processed=True),
    Fault("slow", lambda emu, cmd: emu.delay_replies(SLOW_REPLY, count=1, cmd_name=cmd), slow=True),
    *(_ack(code) for code in (3, 4, 7, 8, 9, 10, 11)),
    Fault("restart"),
    Fault("full_table"),
    Fault("burst"),
]

#: Phase -> the request its fault hits.
DIRECT_PHASES = {
    "login": "sl_registration_req",
    "read": "light_list_req",
    "command": "light_switch_req",
    "poll": "status_update_req",
}
LIVE_PHASES = {**DIRECT_PHASES, "resync": "feature_list_req"}
#: Phases whose trigger is a lost session (the fault hits the re-login or the resync after it).
SESSION_LOSS_PHASES = frozenset({"login", "resync"})


def applies(fault: Fault, phase: str, *, live: bool) -> bool:
    """Whether a fault means something in a phase."""
    if fault.name == "full_table":
        return phase == "login"
    if fault.name == "burst":
        return phase == "poll"
    if live and fault.name in {"refused", "restart"}:
        # Server-wide events cannot target the live plant's re-login or resync (they would
        # have to strike while that request is in flight): the live plant *started* while
        # refused is test_live_start_refused; the direct login is in the matrix.
        return phase not in SESSION_LOSS_PHASES
    # Everything else, including a slow long poll under the live plant: an idle poll, the
    # plant's poll_grace being short in that case.
    return True


def cases(phases: dict[str, str], *, live: bool) -> Iterator[Any]:
    for fault in FAULTS:
        for phase in phases:
            if applies(fault, phase, live=live):
                yield pytest.param(fault, phase, id=f"{fault.name}-{phase}")


@dataclass(frozen=True)
class Expected:
    """The documented error of a direct call (one of ``error``, a message with one of
    ``match``)."""

    error: tuple[type[CameDomoticError], ...]
    match: tuple[str, ...]
    ack_code: int | None = None


def expected_error(fault: Fault, phase: str) -> Expected | None:
    """The error a direct call raises, or ``None`` when it recovers transparently."""
    if fault.name == "refused":
        # A request sent on a kept-alive connection that the client has not yet seen
        # closed meets "connection lost"; any new connection is refused.
        return Expected(
            (CameDomoticServerNotFoundError, CameDomoticServerError),
            ("cannot connect", "connection lost"),
        )
    if fault.name in {"restart", "burst"}:
        return None
    if fault.name == "full_table" or fault.ack == 3:
        return Expected((CameDomoticTooManySessionsError,), ("session table is full",))
    if fault.slow:
        return Expected((CameDomoticServerTimeoutError,), ("timed out",))
    if fault.ack in {7, 8} and phase != "login":
        return None  # session lost: one new login and the request is sent again (§2.10)
    if fault.ack is not None:
        return Expected((CameDomoticServerError,), (f"Bad ack code: {fault.ack}",), fault.ack)
    if fault.name.startswith("http"):
        return Expected((CameDomoticServerError,), (f"HTTP status {fault.name[4:]}",))
    if fault.name in {"invalid_json", "truncated_json"}:
        return Expected((CameDomoticServerError,), ("invalid JSON from server",))
    return Expected((CameDomoticServerError,), ("truncated", "connection lost"))  # reset


def expected_logins(fault: Fault, phase: str) -> int:
    """Successful logins the emulator sees from the fault on (no duplicate allowed)."""
    logins = 1 if phase in SESSION_LOSS_PHASES else 0
    if (fault.name == "restart" or fault.ack in {7, 8}) and phase != "login":
        # the session is wiped (or said to be lost) after a login: one more; a restart
        # before the login wipes nothing the client holds
        logins += 1
    if phase == "login" and fault.processed:
        logins += 1  # the login whose answer was lost
    return logins


def orphans(fault: Fault, phase: str) -> int:
    """Sessions the client cannot log out.

    A login processed but whose answer was lost; or the session an injected ACK 7/8 said
    was lost while the emulator kept it (a real server answers so only once it is gone).
    """
    if phase == "login":
        return 1 if fault.processed else 0
    return 1 if fault.ack in {7, 8} else 0


async def arm(fault: Fault, emulator: CameEmulator, cmd_name: str) -> None:
    if fault.arm is not None:
        fault.arm(emulator, cmd_name)
    elif fault.name == "refused":
        await emulator.stop_listening()
    elif fault.name == "restart":
        emulator.restart()
    elif fault.name == "full_table":
        assert emulator.fill_session_table() > 0
    elif fault.name == "burst":
        # a configuration change, then a storm of "the plant changed" indications
        data = emulator.plant.to_dict()
        data["lights"][1]["name"] = "Renamed during the burst"
        emulator.reload_plant(Plant(data))
        for _ in range(BURST):
            emulator.inject_indication({"cmd_name": "plant_update_ind"})


async def clear(fault: Fault, emulator: CameEmulator) -> None:
    if fault.name == "refused":
        await emulator.start_listening()
    elif fault.name == "full_table":
        emulator.free_session_table()
    else:
        emulator.clear_faults()


@dataclass
class Counters:
    """What the emulator counted when the fault was armed."""

    logins: int
    failed_logins: int
    faults: int
    feature_lists: int

    @classmethod
    def of(cls, emulator: CameEmulator) -> Counters:
        stats = emulator.stats
        return cls(
            stats.logins,
            stats.failed_logins,
            sum(stats.faults.values()),
            stats.requests["feature_list_req"],
        )

    def struck(self, fault: Fault, emulator: CameEmulator) -> bool:
        """Whether the fault has hit a request since."""
        if fault.arm is not None:
            return sum(emulator.stats.faults.values()) > self.faults
        if fault.name == "full_table":
            return emulator.stats.failed_logins > self.failed_logins
        return True


class Secrets:
    """Every secret of the scenario: password, keycode, serial and every session id seen."""

    def __init__(self, emulator: CameEmulator) -> None:
        self._emulator = emulator
        server = emulator.plant.server
        self.values: set[str] = {PASSWORD, str(server["keycode"]), str(server["serial"])}

    def collect(self) -> None:
        self.values.update(self._emulator.sessions)

    def assert_absent(self, *texts: str) -> None:
        self.collect()
        for text in texts:
            for secret in self.values:
                assert secret not in text, "a secret leaked"


def real_sessions(emulator: CameEmulator) -> list[str]:
    return [sid for sid, session in emulator.sessions.items() if not session.phantom]


async def poll_with_poke(
    api: CameDomoticAPI, emulator: CameEmulator, wait: int
) -> list[DeviceUpdate]:
    """A direct long poll; once it is held, a light is toggled on the plant to answer it."""

    async def poke() -> None:
        await emulator.wait_for_pending_poll()
        emulator.plant.toggle_light(3)

    task = asyncio.create_task(poke())
    try:
        return (await api.async_get_updates(timeout=wait)).get_typed_updates()
    finally:
        task.cancel()
        await asyncio.wait([task])


async def direct_call(
    phase: str, api: CameDomoticAPI, emulator: CameEmulator, light: Light | None
) -> None:
    """The phase's call; checks that a successful result is current."""
    if phase in {"login", "read"}:
        lights = await api.async_get_lights()
        truth = {d["act_id"]: d["status"] for d in emulator.plant.to_dict()["lights"]}
        assert {item.act_id: item.raw_data["status"] for item in lights} == truth
    elif phase == "command":
        assert light is not None
        wanted = LightStatus.OFF if light.status is LightStatus.ON else LightStatus.ON
        await light.async_set_status(wanted)
        assert emulator.plant.device("lights", light.act_id)["status"] == wanted.value
    else:
        slow = api.auth.command_timeout == SHORT_TIMEOUT
        updates = await poll_with_poke(api, emulator, SHORT_TIMEOUT if slow else SAFETY)
        assert updates
        kinds = {type(update) for update in updates}
        assert kinds <= {LightUpdate, PlantUpdate}


async def assert_nothing_left(
    emulator: CameEmulator, fault: Fault, phase: str, sockets: SocketTracker
) -> None:
    """After dispose: no client socket open, no held poll, no session but the orphans."""
    assert sockets.open_sockets() == []
    await asyncio.wait_for(emulator.wait_until(lambda: emulator.stats.pending_polls == 0), SAFETY)
    emulator.free_session_table()
    assert emulator.stats.sessions == orphans(fault, phase)


async def create_api(emulator: CameEmulator, sockets: SocketTracker) -> CameDomoticAPI:
    """A client on a websession whose sockets are tracked, closed by ``async_dispose``."""
    return await CameDomoticAPI.async_create(
        emulator.host,
        USERNAME,
        PASSWORD,
        websession=sockets.session(),
        close_websession_on_disposal=True,
    )


@pytest.mark.parametrize(("fault", "phase"), list(cases(DIRECT_PHASES, live=False)))
async def test_direct_call(emulator: CameEmulator, fault: Fault, phase: str) -> None:
    tasks = client_tasks()
    secrets = Secrets(emulator)
    sockets = SocketTracker()
    api = await create_api(emulator, sockets)
    try:
        if fault.slow:
            api.auth.command_timeout = SHORT_TIMEOUT
        light = next(item for item in await api.async_get_lights() if item.act_id == 1)
        if phase == "login":
            await api.auth.async_logout()
        before = Counters.of(emulator)
        secrets.collect()
        await arm(fault, emulator, DIRECT_PHASES[phase])
        expected = expected_error(fault, phase)
        if expected is None:
            await direct_call(phase, api, emulator, light)
        else:
            with pytest.raises(expected.error) as caught:
                await direct_call(phase, api, emulator, light)
            err = caught.value
            message = str(err)
            assert any(part in message for part in expected.match), message
            if isinstance(err, CameDomoticServerError):
                assert err.ack_code == expected.ack_code
            if isinstance(err, CameDomoticServerTimeoutError):
                assert isinstance(err, TimeoutError)
            secrets.assert_absent(message, repr(err))
            if fault.name == "refused":
                # now that the pool holds no connection, nothing listens: "not found"
                with pytest.raises(CameDomoticServerNotFoundError, match="cannot connect"):
                    await direct_call(phase, api, emulator, light)
        assert before.struck(fault, emulator)
        await clear(fault, emulator)
        # the fault is gone: the same call works again, on the same client
        await direct_call(phase, api, emulator, light)
        assert emulator.stats.logins - before.logins == expected_logins(fault, phase)
    finally:
        await api.async_dispose()
    await assert_nothing_left(emulator, fault, phase, sockets)
    assert client_tasks() == tasks


async def live_trigger(
    phase: str, fault: Fault, plant: LivePlant, emulator: CameEmulator, secrets: Secrets
) -> None:
    """Make the live plant send the phase's request."""
    if phase in SESSION_LOSS_PHASES:
        # its session expires: the held poll answers ACK 8, then re-login and full resync
        emulator.expire_sessions(*real_sessions(emulator))
    elif phase == "read":
        # an indication for an id the client does not know: the family is listed again
        emulator.inject_indication({"cmd_name": "light_switch_ind", "act_id": 999, "status": 1})
    elif phase == "poll":
        emulator.plant.toggle_light(2)  # answers the held poll: the next one meets the fault
    else:
        expected = expected_error(fault, phase)
        light = plant.lights[1]
        wanted = LightStatus.OFF if light.status is LightStatus.ON else LightStatus.ON
        command = light.async_set_status(wanted)
        if expected is None:
            await command
            assert light.status is wanted
        else:
            with pytest.raises(expected.error) as caught:
                await command
            secrets.assert_absent(str(caught.value), repr(caught.value))


@pytest.mark.parametrize(("fault", "phase"), list(cases(LIVE_PHASES, live=True)))
async def test_live_plant_recovers(emulator: CameEmulator, fault: Fault, phase: str) -> None:
    tasks = client_tasks()
    secrets = Secrets(emulator)
    sockets = SocketTracker()
    api = await create_api(emulator, sockets)
    reasons: list[str] = []
    try:
        if fault.slow:
            api.auth.command_timeout = SHORT_TIMEOUT
        slow_poll = fault.slow and phase == "poll"
        plant = await api.async_start_live(options=SHORT_POLL if slow_poll else FAST)

        def on_connection(event: ConnectionChanged) -> None:
            reasons.append(f"{event.state} {event.reason}")

        plant.subscribe_connection(on_connection)
        await asyncio.wait_for(emulator.wait_for_pending_poll(), SAFETY)
        secrets.collect()
        before = Counters.of(emulator)
        cmd_name = LIVE_PHASES[phase]
        steps: list[Callable[[], Awaitable[None]]] = [
            lambda: arm(fault, emulator, cmd_name),
            lambda: live_trigger(phase, fault, plant, emulator, secrets),
        ]
        if phase in SESSION_LOSS_PHASES:
            steps.reverse()  # lose the session first (a full table must stay full)
        for step in steps:
            await step()
        await asyncio.wait_for(emulator.wait_until(lambda: before.struck(fault, emulator)), SAFETY)
        secrets.collect()
        emulator.plant.toggle_light(CHANGED_LIGHT)  # changed while the fault is in force
        await clear(fault, emulator)

        await plant.async_wait_for(
            lambda: (
                plant.connection_state is ConnectionState.CONNECTED
                and not plant_differences(plant, emulator, USERNAME)
            ),
            timeout=SAFETY,
        )
        assert plant.running
        truth = emulator.plant.device("lights", CHANGED_LIGHT)["status"]
        assert plant.lights[CHANGED_LIGHT].status.value == truth
        assert_matches_plant(plant, emulator, USERNAME)
        assert emulator.stats.logins - before.logins == expected_logins(fault, phase)
        if slow_poll:
            # a poll unanswered within poll_timeout + poll_grace is idle, not a failure
            assert reasons == []
        if fault.name == "burst":
            # the whole burst costs at most two full resyncs, not one per indication
            assert emulator.stats.requests["feature_list_req"] - before.feature_lists <= 2
            assert plant.lights[2].name == "Renamed during the burst"
        await plant.async_stop()
        assert plant.connection_state is ConnectionState.CLOSED
    finally:
        await api.async_dispose()
    await assert_nothing_left(emulator, fault, phase, sockets)
    assert client_tasks() == tasks
    secrets.assert_absent(*reasons)


async def test_live_start_refused(emulator: CameEmulator) -> None:
    """Starting the live plant while the server refuses connections raises the documented
    error and leaves nothing behind; once it listens again, the same API starts it."""
    tasks = client_tasks()
    secrets = Secrets(emulator)
    sockets = SocketTracker()
    api = await create_api(emulator, sockets)
    try:
        await emulator.stop_listening()
        refused = expected_error(Fault("refused"), "login")
        assert refused is not None
        # the first attempt may meet the kept-alive connection that async_create opened
        with pytest.raises(refused.error, match="|".join(refused.match)) as caught:
            await api.async_start_live(options=FAST)
        secrets.assert_absent(str(caught.value), repr(caught.value))
        with pytest.raises(CameDomoticServerNotFoundError, match="cannot connect") as caught:
            await api.async_start_live(options=FAST)
        secrets.assert_absent(str(caught.value), repr(caught.value))
        assert client_tasks() == tasks
        assert emulator.stats.logins == 0
        await emulator.start_listening()
        plant = await api.async_start_live(options=FAST)
        await asyncio.wait_for(emulator.wait_for_pending_poll(), SAFETY)
        assert_matches_plant(plant, emulator, USERNAME)
        assert emulator.stats.logins == 1
        await plant.async_stop()
    finally:
        await api.async_dispose()
    await assert_nothing_left(emulator, Fault("refused"), "login", sockets)
    assert client_tasks() == tasks


def test_poll_grace_is_validated() -> None:
    assert LiveOptions().poll_grace == 10.0  # the default is unchanged
    assert LiveOptions(poll_grace=0).poll_grace == 0
    for bad in (-0.1, True, math.nan):
        with pytest.raises(ValueError, match="poll_grace must be a number of seconds >= 0"):
            LiveOptions(poll_grace=bad)
