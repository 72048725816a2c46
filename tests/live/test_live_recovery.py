"""Live layer: surviving server restarts, lost sessions, network faults and plant reloads.

After every recovery the registries are compared with the emulator plant's true state.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import pytest

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.connection import ConnectionState
from aiocamedomotic.emulator.plant import Plant
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.events import (
    ConnectionChanged,
    EntityAdded,
    EntityRemoved,
    EntityUpdated,
    LiveEvent,
    PlantReloaded,
    UpdateSource,
)
from aiocamedomotic.live import LivePlant
from aiocamedomotic.models import LightStatus

from .conftest import assert_matches_plant, expect


def is_state(state: ConnectionState) -> Callable[[LiveEvent], bool]:
    return lambda event: isinstance(event, ConnectionChanged) and event.state is state


def resynced(family: str, entity_id: int) -> Callable[[LiveEvent], bool]:
    return lambda event: (
        isinstance(event, EntityUpdated)
        and event.source is UpdateSource.RESYNC
        and (event.family, event.entity_id) == (family, entity_id)
    )


async def pushed_light(live: LivePlant, emulator: CameEmulator, act_id: int) -> None:
    """Toggle a light by hand and wait for its indication: the loop is healthy."""
    expected = LightStatus.OFF if live.lights[act_id].status is LightStatus.ON else LightStatus.ON
    emulator.plant.toggle_light(act_id)
    await live.async_wait_for(lambda: live.lights[act_id].status is expected)


@pytest.mark.parametrize("drop_connections", [False, True])
async def test_server_restart_mid_poll(
    live: LivePlant, emulator: CameEmulator, drop_connections: bool
) -> None:
    states: list[ConnectionState] = []
    live.subscribe_connection(lambda event: states.append(event.state))
    identity = dict(live.lights)
    await asyncio.wait_for(emulator.wait_for_pending_poll(), 5)
    logins = emulator.stats.logins
    changed = expect(live, resynced("lights", 1))
    emulator.restart(drop_connections=drop_connections)
    # changed while the client has no session: no indication will ever tell it
    emulator.plant.toggle_light(1)
    event = await changed
    assert isinstance(event, EntityUpdated)
    assert "status" in event.changed
    assert live.lights[1].status is LightStatus.ON
    assert emulator.stats.logins == logins + 1
    if drop_connections:
        await live.async_wait_for(lambda: live.connection_state is ConnectionState.CONNECTED)
        assert states == [ConnectionState.RECONNECTING, ConnectionState.CONNECTED]
    else:
        assert states == []  # a lost session is re-established silently
    assert all(live.lights[key] is obj for key, obj in identity.items())
    assert_matches_plant(live, emulator)
    await pushed_light(live, emulator, 2)


async def test_expired_session(live: LivePlant, emulator: CameEmulator) -> None:
    await asyncio.wait_for(emulator.wait_for_pending_poll(), 5)
    waiter = expect(live, resynced("relays", 41))
    emulator.expire_sessions()
    emulator.plant.toggle_relay(41)
    await waiter
    assert live.connection_state is ConnectionState.CONNECTED
    assert_matches_plant(live, emulator)
    await pushed_light(live, emulator, 3)


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(lambda emu: emu.http_error(500, cmd_name="status_update_req"), id="http"),
        pytest.param(lambda emu: emu.invalid_json(cmd_name="status_update_req"), id="garbage"),
        pytest.param(lambda emu: emu.truncated_json(cmd_name="status_update_req"), id="truncated"),
        pytest.param(lambda emu: emu.reset_connection(cmd_name="status_update_req"), id="reset"),
    ],
)
async def test_network_faults_on_the_poll(
    live: LivePlant,
    emulator: CameEmulator,
    fault: Callable[[CameEmulator], None],
    caplog: pytest.LogCaptureFixture,
) -> None:
    await asyncio.wait_for(emulator.wait_for_pending_poll(), 5)
    fault(emulator)
    reconnecting = expect(live, is_state(ConnectionState.RECONNECTING))
    connected = expect(live, is_state(ConnectionState.CONNECTED))
    with caplog.at_level(logging.DEBUG, logger="aiocamedomotic.live"):
        # the pending poll returns this indication; the next poll meets the fault (for
        # truncated/reset: after draining the queue, so light 5's change is lost on the
        # wire and only the resync can bring it)
        await pushed_light(live, emulator, 4)
        emulator.plant.toggle_light(5)
        await reconnecting
        await connected
    assert live.connection_state is ConnectionState.CONNECTED
    # the library's warnings only (asyncio's debug mode may warn of a slow callback on a
    # loaded machine)
    warnings = [
        r
        for r in caplog.records
        if r.levelno == logging.WARNING and r.name.startswith("aiocamedomotic")
    ]
    assert len(warnings) == 1
    assert "retrying" in warnings[0].getMessage()
    assert any(r.levelno == logging.INFO and "restored" in r.getMessage() for r in caplog.records)
    assert_matches_plant(live, emulator)
    await pushed_light(live, emulator, 6)


async def test_server_unreachable_for_a_while(live: LivePlant, emulator: CameEmulator) -> None:
    await asyncio.wait_for(emulator.wait_for_pending_poll(), 5)
    reconnecting = expect(live, is_state(ConnectionState.RECONNECTING))
    await emulator.stop_listening()
    event = await reconnecting
    assert isinstance(event, ConnectionChanged)
    assert event.reason  # says why, e.g. the server closed the connection
    assert live.connection_state is ConnectionState.RECONNECTING
    assert not any(light.available for light in live.lights.values())
    emulator.plant.toggle_light(7)  # changed while unreachable
    connected = expect(live, is_state(ConnectionState.CONNECTED))
    await emulator.start_listening()
    await connected
    assert live.lights[7].available
    assert_matches_plant(live, emulator)
    await pushed_light(live, emulator, 8)


async def test_full_session_table_during_the_loop(
    live: LivePlant, emulator: CameEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    await asyncio.wait_for(emulator.wait_for_pending_poll(), 5)
    with caplog.at_level(logging.WARNING, logger="aiocamedomotic.live"):
        emulator.expire_sessions()
        emulator.fill_session_table()
        await live.async_wait_for(
            lambda: (
                live.connection_state is ConnectionState.RECONNECTING
                and "session table" in (live.connection_reason or "")
            )
        )
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and r.name.startswith("aiocamedomotic")
    ]
    assert len(warnings) == 1
    assert "session table" in warnings[0]
    caplog.clear()
    # retried (with backoff), not reported as wrong credentials
    with caplog.at_level(logging.DEBUG, logger="aiocamedomotic.live"):
        await asyncio.wait_for(emulator.wait_until(lambda: emulator.stats.failed_logins >= 3), 5)
        assert live.running
        emulator.plant.toggle_light(8)
        emulator.free_session_table()
        await live.async_wait_for(lambda: live.connection_state is ConnectionState.CONNECTED)
    # warn on the first failure only, debug after
    # (only the library's records: asyncio debug mode may warn about a slow callback on a
    # loaded machine, which says nothing about the library)
    assert not [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and r.name.startswith("aiocamedomotic")
    ]
    assert any("Reconnection attempt" in r.getMessage() for r in caplog.records)
    assert_matches_plant(live, emulator)
    await pushed_light(live, emulator, 9)


async def test_wrong_credentials_end_in_auth_failed(
    live: LivePlant, emulator: CameEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    await asyncio.wait_for(emulator.wait_for_pending_poll(), 5)
    failed = expect(live, is_state(ConnectionState.AUTH_FAILED))
    emulator.plant.users["admin"] = "changed-by-the-installer"
    emulator.expire_sessions()
    event = await failed
    assert isinstance(event, ConnectionChanged)
    assert event.reason == "credentials rejected"
    assert not live.running  # no further attempt
    assert emulator.stats.failed_logins == 1  # no retry storm
    assert not live.lights[1].available
    assert "rejected the credentials" in caplog.text
    assert "changed-by-the-installer" not in caplog.text


async def test_plant_reload_adds_removes_and_keeps_identity(
    live: LivePlant, emulator: CameEmulator
) -> None:
    data = emulator.plant.to_dict()
    lights = data["lights"]
    removed = next(light for light in lights if light["act_id"] == 1)
    lights.remove(removed)
    renamed = next(light for light in lights if light["act_id"] == 2)
    renamed["name"] = "Renamed by the installer"
    lights.append({**renamed, "act_id": 99, "name": "New garden light"})
    gone = live.lights[1]
    kept = {key: obj for key, obj in live.lights.items() if key != 1}
    stream = live.events()
    emulator.reload_plant(Plant(data))
    events: list[LiveEvent] = []
    async with asyncio.timeout(5):
        async for event in stream:
            events.append(event)
            if isinstance(event, PlantReloaded):
                break
    stream.close()
    by_kind = {(type(e).__name__, getattr(e, "entity_id", None)) for e in events}
    assert ("EntityRemoved", 1) in by_kind
    assert ("EntityAdded", 99) in by_kind
    renames = [e for e in events if isinstance(e, EntityUpdated) and e.entity_id == 2]
    assert [(e.family, e.changed, e.source) for e in renames] == [
        ("lights", frozenset({"name"}), UpdateSource.RESYNC)
    ]
    # nothing else changed: no other update
    assert all(
        isinstance(e, EntityAdded | EntityRemoved | PlantReloaded | ConnectionChanged)
        or e in renames
        for e in events
    )
    reloaded = events[-1]
    assert isinstance(reloaded, PlantReloaded)
    assert (reloaded.added, reloaded.removed) == (1, 1)
    assert 1 not in live.lights
    assert not gone.available
    assert live.lights[99].name == "New garden light"
    assert all(live.lights[key] is obj for key, obj in kept.items())
    assert_matches_plant(live, emulator)


async def test_feature_removed_by_reload_empties_family(
    live: LivePlant, emulator: CameEmulator
) -> None:
    data = emulator.plant.to_dict()
    data["features"] = [f for f in data["features"] if f != "timers"]
    emulator.reload_plant(Plant(data))
    await live.async_wait_for_event(lambda e: isinstance(e, PlantReloaded))
    assert len(live.timers) == 0
    assert_matches_plant(live, emulator)


async def test_command_while_live_keeps_loop_consistent(
    live: LivePlant, api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    # a concurrent command that has to log in again must not hide the gap from the loop
    await asyncio.wait_for(emulator.wait_for_pending_poll(), 5)
    waiter = expect(live, resynced("lights", 11))
    emulator.restart()
    emulator.plant.toggle_light(11)
    await api.async_get_server_info()  # logs in again before the loop notices
    await waiter
    assert_matches_plant(live, emulator)


async def test_reused_push_events_follow_the_held_entity(
    live: LivePlant, emulator: CameEmulator
) -> None:
    """Equal pushed events may be one object, never one holding an entity no longer held."""
    pushed: list[EntityUpdated] = []

    def keep(event: LiveEvent) -> None:
        if isinstance(event, EntityUpdated) and event.source is UpdateSource.PUSH:
            pushed.append(event)

    live.subscribe(keep, family="lights")
    for _ in range(3):
        emulator.plant.toggle_light(1)
    await live.async_wait_for(lambda: len(pushed) == 3)
    assert pushed[0] == pushed[1] == pushed[2]
    assert pushed[0].changed == frozenset({"status"})
    first = live.lights[1]
    assert all(event.entity is first for event in pushed)

    async def reload(data: dict[str, Any]) -> None:
        stream = live.events()
        emulator.reload_plant(Plant(data))
        async with asyncio.timeout(5):
            async for event in stream:
                if isinstance(event, PlantReloaded):
                    break
        stream.close()

    data = emulator.plant.to_dict()
    await reload({**data, "lights": [r for r in data["lights"] if r["act_id"] != 1]})
    assert 1 not in live.lights
    await reload(data)
    second = live.lights[1]
    assert second is not first
    emulator.plant.toggle_light(1)
    await live.async_wait_for(lambda: len(pushed) == 4)
    assert pushed[3].entity is second
    assert pushed[3].changed == frozenset({"status"})
