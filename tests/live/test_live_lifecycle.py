"""Live layer: starting and stopping the live plant, registries and their objects."""

from __future__ import annotations

import asyncio

import pytest

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.connection import ConnectionState, ReconnectPolicy
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.errors import CameDomoticAuthError, CameDomoticError
from aiocamedomotic.events import ConnectionChanged, EntityUpdated, UpdateSource
from aiocamedomotic.live import LiveOptions, LivePlant
from aiocamedomotic.models import Light, LightStatus, Opening, Timer

from .conftest import FAST, PASSWORD, USERNAME, assert_matches_plant, client_tasks


async def test_start_fetches_every_offered_family(live: LivePlant, emulator: CameEmulator) -> None:
    assert live.connection_state is ConnectionState.CONNECTED
    assert live.running
    assert len(live.lights) == 15
    assert all(isinstance(light, Light) for light in live.lights.values())
    assert isinstance(live.openings[20], Opening)
    assert isinstance(next(iter(live.timers.values())), Timer)
    for family in ("analog_sensors", "analog_inputs", "thermo_zones", "digital_inputs"):
        assert live.registry(family), family
    assert len(live.relays) == 6
    assert len(live.scenarios) == 5
    assert_matches_plant(live, emulator)


async def test_families_are_fetched_concurrently_once(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    emulator.stats.reset()
    plant = await api.async_start_live(options=FAST)
    try:
        requests = emulator.stats.requests
        # thermo zones and thermo sensors share one thermo_list_req (PROTOCOL.md §4.8.5)
        assert requests["thermo_list_req"] == 1
        assert requests["light_list_req"] == 1
        assert requests["feature_list_req"] == 1
        assert emulator.stats.logins == 1
    finally:
        await plant.async_stop()


async def test_unique_id_is_keycode_family_and_id(live: LivePlant, emulator: CameEmulator) -> None:
    keycode = emulator.plant.server["keycode"]
    assert live.lights[1].unique_id == f"{keycode}:lights:1"
    assert live.openings[20].unique_id == f"{keycode}:openings:20"


async def test_registry_is_read_only_mapping(live: LivePlant) -> None:
    with pytest.raises(TypeError):
        live.lights[1] = live.lights[2]  # type: ignore[index]
    with pytest.raises(KeyError):
        live.lights[999]
    with pytest.raises(ValueError, match="family must be one of"):
        live.registry("dragons")


async def test_stop_leaves_no_task_and_dispose_no_session(emulator: CameEmulator) -> None:
    before = client_tasks()
    api = await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD)
    plant = await api.async_start_live(options=FAST)
    await asyncio.wait_for(emulator.wait_for_pending_poll(), 5)
    assert api.live_plant is plant
    await asyncio.gather(plant.async_stop(), plant.async_stop())  # concurrent calls
    await plant.async_stop()  # idempotent
    assert plant.connection_state is ConnectionState.CLOSED
    assert not plant.running
    assert api.live_plant is None
    assert all(not light.available for light in plant.lights.values())
    assert client_tasks() == before
    await api.async_dispose()
    assert emulator.stats.sessions == 0
    # the emulator sees the cancelled poll's connection go away
    await asyncio.wait_for(emulator.wait_until(lambda: emulator.stats.pending_polls == 0), 5)


async def test_context_manager_form(api: CameDomoticAPI) -> None:
    async with api.live(options=FAST) as plant:
        assert plant.running
        assert api.live_plant is plant
    assert not plant.running
    assert plant.connection_state is ConnectionState.CLOSED


async def test_dispose_stops_the_live_plant(emulator: CameEmulator) -> None:
    before = client_tasks()
    api = await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD)
    plant = await api.async_start_live(options=FAST)
    await api.async_dispose()
    assert not plant.running
    assert plant.connection_state is ConnectionState.CLOSED
    assert client_tasks() == before
    assert emulator.stats.sessions == 0


async def test_second_start_is_refused(live: LivePlant, api: CameDomoticAPI) -> None:
    with pytest.raises(CameDomoticError, match="already running"):
        await api.async_start_live()
    assert api.live_plant is live


async def test_start_with_wrong_credentials_raises_and_leaves_nothing(
    emulator: CameEmulator,
) -> None:
    before = client_tasks()
    api = await CameDomoticAPI.async_create(emulator.host, USERNAME, "wrong")
    try:
        with pytest.raises(CameDomoticAuthError):
            await api.async_start_live(options=FAST)
        assert api.live_plant is None
        assert client_tasks() == before
        assert emulator.stats.failed_logins == 1
    finally:
        await api.async_dispose()


async def test_entities_are_the_documented_models(live: LivePlant, emulator: CameEmulator) -> None:
    light = live.lights[1]
    await light.async_set_status(LightStatus.ON)
    assert emulator.plant.device("lights", 1)["status"] == 1
    assert live.lights[1] is light


async def test_stop_cancels_running_async_handlers(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    before = client_tasks()
    plant = await api.async_start_live(options=FAST)
    started = asyncio.Event()
    cancelled = asyncio.Event()

    async def slow_handler(event: object) -> None:
        started.set()
        try:
            await asyncio.Event().wait()  # never set: only cancellation ends it
        except asyncio.CancelledError:
            cancelled.set()
            raise

    plant.subscribe(slow_handler, family="lights")
    emulator.plant.toggle_light(1)
    await asyncio.wait_for(started.wait(), 5)
    await plant.async_stop()
    assert cancelled.is_set()
    assert client_tasks() == before


async def test_invalid_options_are_rejected() -> None:
    with pytest.raises(ValueError, match="poll_timeout"):
        LiveOptions(poll_timeout=0)
    with pytest.raises(ValueError, match="cap"):
        ReconnectPolicy(base=2, cap=1)
    with pytest.raises(ValueError, match="jitter"):
        ReconnectPolicy(jitter=1.5)
    with pytest.raises(ValueError, match="attempt"):
        ReconnectPolicy().delay(0)


def test_backoff_grows_and_is_capped() -> None:
    policy = ReconnectPolicy(base=1, cap=8, factor=2, jitter=0)
    assert [policy.delay(n) for n in (1, 2, 3, 4, 5, 100)] == [1, 2, 4, 8, 8, 8]
    jittered = ReconnectPolicy(base=1, cap=8, jitter=0.5)
    assert all(0.5 <= jittered.delay(1) <= 1.5 for _ in range(50))


async def test_command_change_is_published_with_source_command(
    live: LivePlant,
) -> None:
    async with live.events(entity=live.lights[1]) as stream:
        await live.lights[1].async_set_status(LightStatus.ON)
        first = await asyncio.wait_for(anext(stream), 5)
        second = await asyncio.wait_for(anext(stream), 5)
    assert isinstance(first, EntityUpdated)
    assert first.source is UpdateSource.COMMAND
    assert "status" in first.changed
    # the server echoes the command as an indication (PROTOCOL.md §5.4)
    assert isinstance(second, EntityUpdated)
    assert second.source is UpdateSource.PUSH
    assert second.entity is live.lights[1]


async def test_connection_events_on_stop(api: CameDomoticAPI) -> None:
    plant = await api.async_start_live(options=FAST)
    seen: list[ConnectionChanged] = []
    plant.subscribe_connection(seen.append)
    await plant.async_stop()
    assert [(e.previous, e.state) for e in seen] == [
        (ConnectionState.CONNECTED, ConnectionState.CLOSED)
    ]


async def test_async_handler_may_stop_the_plant(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    before = client_tasks()
    plant = await api.async_start_live(options=FAST)
    stopped = asyncio.Event()

    async def stop_on_first_event(event: object) -> None:
        await plant.async_stop()
        stopped.set()

    plant.subscribe(stop_on_first_event, family="lights")
    emulator.plant.toggle_light(1)
    await asyncio.wait_for(stopped.wait(), 5)
    assert plant.connection_state is ConnectionState.CLOSED
    assert api.live_plant is None
    # the handler's own task finishes right after setting the event
    leftovers = client_tasks() - before - {asyncio.current_task()}
    if leftovers:
        await asyncio.wait(leftovers, timeout=5)
    assert client_tasks() == before
