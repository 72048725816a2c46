"""Behaviour where the seed is silent and upstream 1.15.2 decides, against the emulator:
``async_get_topology()`` degrades gracefully, and light arguments upstream accepts are
clamped (wrong types, NaN and infinities are still refused before anything is sent)."""

from __future__ import annotations

import logging
import math
from typing import Any

import pytest

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator import CameEmulator
from aiocamedomotic.errors import CameDomoticAuthError
from aiocamedomotic.models import Light, LightStatus, PlantTopology


def _shape(topology: PlantTopology) -> dict[int, set[int]]:
    return {floor.id: {room.id for room in floor.rooms} for floor in topology.floors}


async def _light(api: CameDomoticAPI, act_id: int) -> Light:
    return next(light for light in await api.async_get_lights() if light.act_id == act_id)


# --- async_get_topology degrades gracefully ------------------------------------------------


@pytest.mark.parametrize(
    "failing",
    ["floor_list_req", "room_list_req", "nested_light_list_req", "nested_openings_list_req",
     "nested_thermo_list_req"],
)  # fmt: skip
async def test_topology_survives_one_failing_command(
    api: CameDomoticAPI, emulator: CameEmulator, failing: str, caplog: pytest.LogCaptureFixture
) -> None:
    complete = await api.async_get_topology()
    emulator.fail_next(10, cmd_name=failing)
    with caplog.at_level(logging.WARNING):
        degraded = await api.async_get_topology()
    assert emulator.stats.acks[10] == 1  # the fault did happen
    assert f"{failing} failed" in caplog.text
    # the other sources still place every floor and every room that devices use
    assert set(_shape(degraded)) == set(_shape(complete))
    used = {room for rooms in _shape(degraded).values() for room in rooms}
    assert used, "rooms were found"
    if failing in ("floor_list_req", "room_list_req"):
        assert used <= {room for rooms in _shape(complete).values() for room in rooms}
    else:  # the flat lists alone are complete on the demo plant
        assert degraded == complete


async def test_topology_without_the_feature_list_tries_every_nested_list(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    complete = await api.async_get_topology()
    before = emulator.stats.requests.copy()
    emulator.fail_next(10, cmd_name="feature_list_req")
    assert await api.async_get_topology() == complete
    for name in ("nested_light_list_req", "nested_openings_list_req", "nested_thermo_list_req"):
        assert emulator.stats.requests[name] == before[name] + 1


async def test_topology_survives_a_timeout(emulator: CameEmulator) -> None:
    async with await CameDomoticAPI.async_create(
        emulator.host, "admin", "admin", command_timeout=1
    ) as api:
        complete = await api.async_get_topology()
        emulator.delay_replies(30, count=1, cmd_name="room_list_req")
        degraded = await api.async_get_topology()
        assert set(_shape(degraded)) == set(_shape(complete))


async def test_topology_login_failure_is_raised(emulator: CameEmulator) -> None:
    async with await CameDomoticAPI.async_create(emulator.host, "admin", "wrong") as api:
        with pytest.raises(CameDomoticAuthError):
            await api.async_get_topology()


# --- light arguments clamped like upstream ------------------------------------------------


@pytest.mark.parametrize(
    ("brightness", "sent"), [(150, 100), (101, 100), (-20, 0), (49.6, 50), (0.4, 0), (10**6, 100)]
)
async def test_brightness_is_clamped(
    api: CameDomoticAPI, emulator: CameEmulator, brightness: float, sent: int
) -> None:
    dimmer = await _light(api, 3)
    await dimmer.async_set_status(LightStatus.ON, brightness=brightness)
    assert emulator.plant.device("lights", 3)["perc"] == sent == dimmer.perc


async def test_rgb_components_are_clamped(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    strip = await _light(api, 12)
    await strip.async_set_status(LightStatus.ON, rgb=[300, -5, 127.6])
    assert emulator.plant.device("lights", 12)["rgb"] == [255, 0, 128] == strip.rgb
    await strip.async_set_status(LightStatus.ON, brightness=75, rgb=(0, 128, 255))
    assert emulator.plant.device("lights", 12)["rgb"] == [0, 128, 255]


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"brightness": math.nan}, "brightness"),
        ({"brightness": math.inf}, "brightness"),
        ({"brightness": "50"}, "brightness"),
        ({"brightness": True}, "brightness"),
        ({"rgb": [255, math.nan, 0]}, "rgb"),
        ({"rgb": [255, 0]}, "rgb"),
        ({"rgb": "#ff0000"}, "rgb"),
        ({"rgb": [False, 0, 0]}, "rgb"),
    ],
)
async def test_wrong_light_arguments_send_nothing(
    api: CameDomoticAPI, emulator: CameEmulator, kwargs: dict[str, Any], argument: str
) -> None:
    strip = await _light(api, 12)
    before = emulator.stats.http_requests
    with pytest.raises(ValueError, match=argument):
        await strip.async_set_status(LightStatus.ON, **kwargs)
    assert emulator.stats.http_requests == before
