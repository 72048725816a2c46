"""Live layer: subscriptions, event streams, waits and the compatible async_get_updates."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import pytest

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.errors import CameDomoticError, CameDomoticServerTimeoutError
from aiocamedomotic.events import EntityUpdated, LiveEvent, UpdateSource
from aiocamedomotic.live import LivePlant
from aiocamedomotic.models import DigitalInputStatus, LightStatus

from .conftest import assert_matches_plant


def light_update(entity_id: int) -> Callable[[LiveEvent], bool]:
    """A predicate matching a pushed EntityUpdated of one light."""

    def match(event: LiveEvent) -> bool:
        return (
            isinstance(event, EntityUpdated)
            and event.family == "lights"
            and event.entity_id == entity_id
            and event.source is UpdateSource.PUSH
        )

    return match


async def test_wall_button_reaches_subscriber(live: LivePlant, emulator: CameEmulator) -> None:
    received: asyncio.Queue[LiveEvent] = asyncio.Queue()
    live.subscribe(received.put_nowait, family="digital_inputs")
    button = live.digital_inputs[1]
    emulator.plant.press_input(1)
    event = await asyncio.wait_for(received.get(), 5)
    assert isinstance(event, EntityUpdated)
    assert event.entity is button
    assert event.entity_id == 1
    assert event.source is UpdateSource.PUSH
    assert {"status", "utc_time"} <= event.changed
    assert button.status is DigitalInputStatus.ACTIVE
    assert_matches_plant(live, emulator)


async def test_family_and_entity_filters(live: LivePlant, emulator: CameEmulator) -> None:
    lights: list[LiveEvent] = []
    light_two: list[LiveEvent] = []
    relays: list[LiveEvent] = []
    live.subscribe(lights.append, family="lights")
    live.subscribe(light_two.append, entity=live.lights[2])
    live.subscribe(relays.append, family="relays")
    emulator.plant.toggle_light(1)
    emulator.plant.toggle_light(2)
    await live.async_wait_for(lambda: len(lights) == 2)
    assert relays == []
    assert [e.entity_id for e in light_two if isinstance(e, EntityUpdated)] == [2]


async def test_subscribe_rejects_bad_filters(live: LivePlant) -> None:
    with pytest.raises(ValueError, match="family must be one of"):
        live.subscribe(print, family="dragons")
    with pytest.raises(ValueError, match="either family or entity"):
        live.subscribe(print, family="lights", entity=live.lights[1])
    stranger = type(live.lights[1])(dict(live.lights[1].raw_data), live.lights[1].auth)
    with pytest.raises(ValueError, match="held by one of the registries"):
        live.subscribe(print, entity=stranger)


async def test_unsubscribe_inside_callback(live: LivePlant, emulator: CameEmulator) -> None:
    calls: list[str] = []
    unsubscribers: dict[str, Callable[[], None]] = {}

    def first(event: LiveEvent) -> None:
        calls.append("first")
        unsubscribers["first"]()  # itself
        unsubscribers["first"]()  # idempotent
        unsubscribers["second"]()  # a handler not yet called for this event

    def second(event: LiveEvent) -> None:
        calls.append("second")

    def third(event: LiveEvent) -> None:
        calls.append("third")

    unsubscribers["first"] = live.subscribe(first, family="lights")
    unsubscribers["second"] = live.subscribe(second, family="lights")
    live.subscribe(third, family="lights")
    emulator.plant.toggle_light(1)
    await live.async_wait_for(lambda: calls.count("third") == 1)
    emulator.plant.toggle_light(1)
    await live.async_wait_for(lambda: calls.count("third") == 2)
    assert calls == ["first", "third", "third"]


async def test_failing_callbacks_do_not_stop_others(
    live: LivePlant, emulator: CameEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    received: list[LiveEvent] = []

    def broken(event: LiveEvent) -> None:
        raise RuntimeError("handler bug")

    async def broken_async(event: LiveEvent) -> None:
        raise RuntimeError("async handler bug")

    live.subscribe(broken, family="lights")
    live.subscribe(broken_async, family="lights")
    live.subscribe(received.append, family="lights")
    with caplog.at_level(logging.ERROR, logger="aiocamedomotic.live"):
        emulator.plant.toggle_light(1)
        await live.async_wait_for(lambda: len(received) == 1)
        emulator.plant.toggle_light(2)  # the loop still runs
        await live.async_wait_for(lambda: len(received) == 2)
        await live.async_wait_for(lambda: "async handler bug" in caplog.text)
    assert "handler bug" in caplog.text
    assert live.running


async def test_async_callbacks_run_as_tasks(live: LivePlant, emulator: CameEmulator) -> None:
    done = asyncio.Event()
    seen: list[int] = []

    async def handler(event: LiveEvent) -> None:
        if isinstance(event, EntityUpdated):
            seen.append(event.entity_id)
            done.set()

    live.subscribe(handler, family="relays")
    emulator.plant.toggle_relay(41)
    await asyncio.wait_for(done.wait(), 5)
    assert seen == [41]


async def test_event_stream(live: LivePlant, emulator: CameEmulator) -> None:
    async with live.events(family="lights") as stream:
        emulator.plant.toggle_light(3)
        event = await asyncio.wait_for(anext(stream), 5)
        assert isinstance(event, EntityUpdated)
        assert event.entity is live.lights[3]
    # closed: iteration ends
    assert [e async for e in stream] == []


async def test_event_stream_ends_when_plant_stops(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    plant = await api.async_start_live()
    stream = plant.events()
    emulator.plant.toggle_light(3)
    await plant.async_wait_for_event(light_update(3))
    await plant.async_stop()
    events = [e async for e in stream]  # buffered events still come, then the end
    assert any(isinstance(e, EntityUpdated) and e.entity_id == 3 for e in events)


async def test_event_stream_is_bounded(
    live: LivePlant, emulator: CameEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    stream = live.events(family="lights", maxsize=1)
    emulator.plant.toggle_light(4)
    await live.async_wait_for_event(light_update(4))
    emulator.plant.toggle_light(5)
    await live.async_wait_for_event(light_update(5))
    stream.close()
    kept = [e async for e in stream]
    assert [e.entity_id for e in kept if isinstance(e, EntityUpdated)] == [5]
    assert "dropping the oldest" in caplog.text
    with pytest.raises(ValueError, match="maxsize"):
        live.events(maxsize=0)


async def test_wait_for_condition(live: LivePlant, emulator: CameEmulator) -> None:
    assert live.lights[1].status is LightStatus.OFF
    emulator.plant.set_light(1, 1)
    await live.async_wait_for(lambda: live.lights[1].status is LightStatus.ON, timeout=5)
    # already true: returns at once
    await live.async_wait_for(lambda: live.lights[1].status is LightStatus.ON)
    # a missing entity counts as "not yet"
    with pytest.raises(TimeoutError):
        await live.async_wait_for(lambda: live.lights[999].status, timeout=0.01)


async def test_wait_fails_when_plant_stops(api: CameDomoticAPI) -> None:
    plant = await api.async_start_live()
    evaluated = asyncio.Event()

    def never() -> bool:
        evaluated.set()  # the waiter subscribes right after this first check
        return False

    waiter = asyncio.create_task(plant.async_wait_for(never, timeout=30))
    await asyncio.wait_for(evaluated.wait(), 5)
    await plant.async_stop()
    with pytest.raises(CameDomoticError, match="stopped"):
        await waiter
    with pytest.raises(CameDomoticError, match="stopped"):
        await plant.async_wait_for(lambda: False)


async def test_get_updates_served_from_the_live_stream(
    live: LivePlant, api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    await asyncio.wait_for(emulator.wait_for_pending_poll(), 5)
    polls = emulator.stats.requests["status_update_req"]
    # nothing happens: the documented timeout error, and no long poll of its own was sent
    # (it would have released the live plant's pending poll, PROTOCOL.md §5.2)
    with pytest.raises(CameDomoticServerTimeoutError):
        await live.async_get_updates(timeout=0.01)
    assert emulator.stats.requests["status_update_req"] == polls
    # the live stream is copied for async_get_updates
    emulator.plant.toggle_light(6)
    updates = await api.async_get_updates(timeout=5)
    assert [u["act_id"] for u in updates if u["cmd_name"] == "light_switch_ind"] == [6]
    # the live plant got it too: nothing was stolen
    await live.async_wait_for(lambda: live.lights[6].status is LightStatus.ON)
    # buffered between calls: an indication arriving before the next call is kept
    emulator.plant.toggle_light(7)
    await live.async_wait_for_event(light_update(7))
    again = await api.async_get_updates(timeout=5)
    assert [u["act_id"] for u in again] == [7]
    with pytest.raises(ValueError, match="timeout"):
        await live.async_get_updates(timeout=0)


async def test_get_updates_keeps_what_arrived_before_its_first_call(
    live: LivePlant, api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    emulator.plant.toggle_light(6)
    await live.async_wait_for_event(light_update(6))
    updates = await api.async_get_updates(timeout=5)
    assert [u["act_id"] for u in updates if u["cmd_name"] == "light_switch_ind"] == [6]


async def test_unknown_indication_logged_once(
    live: LivePlant, emulator: CameEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="aiocamedomotic.live"):
        for light in (8, 9):
            emulator.inject_indication({"cmd_name": "mystery_ind", "x": 1})
            emulator.plant.toggle_light(light)
            await live.async_wait_for_event(light_update(light))
    assert caplog.text.count("mystery_ind") == 1
    assert live.running


async def test_unknown_id_resyncs_that_family_only(live: LivePlant, emulator: CameEmulator) -> None:
    emulator.stats.reset()
    # two indications for ids the registry does not hold, in one batch
    emulator.inject_indication({"cmd_name": "light_switch_ind", "act_id": 500, "status": 1})
    emulator.inject_indication({"cmd_name": "light_switch_ind", "act_id": "garbage"})
    await asyncio.wait_for(
        emulator.wait_until(lambda: emulator.stats.requests["light_list_req"] >= 1), 5
    )
    emulator.plant.toggle_light(10)
    await live.async_wait_for_event(light_update(10))
    assert emulator.stats.requests["light_list_req"] == 1
    assert emulator.stats.requests["openings_list_req"] == 0
    assert emulator.stats.requests["feature_list_req"] == 0
    assert 500 not in live.lights
    assert_matches_plant(live, emulator)


async def test_legacy_indication_names_are_applied(live: LivePlant, emulator: CameEmulator) -> None:
    raw = {**emulator.plant.device("relays", 41), "status": 1, "cmd_name": "relay_update_ind"}
    emulator.inject_indication(raw)
    await live.async_wait_for(lambda: live.relays[41].raw_data.get("status") == 1)


async def test_analog_indication_updates_inputs_and_sensors(
    live: LivePlant, emulator: CameEmulator
) -> None:
    shared = set(live.analog_inputs) & set(live.analog_sensors)
    probe = next(iter(shared)) if shared else next(iter(live.analog_inputs))
    emulator.plant.set_analog_value(probe, 42)
    await live.async_wait_for(lambda: live.analog_inputs[probe].raw_data["value"] == 42)
    if shared:
        assert live.analog_sensors[probe].raw_data["value"] == 42
    assert_matches_plant(live, emulator)
