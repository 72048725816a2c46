"""Live plant and the experimental families: the security indications (a delta for areas)
and ``irrigation_detail_ind`` reach the registries; sound zones are never fetched."""

from __future__ import annotations

import logging

import pytest
from support.live import assert_matches_plant

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.const import AckErrorCode
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.errors import CameDomoticServerError
from aiocamedomotic.events import EntityUpdated
from aiocamedomotic.live import LivePlant
from aiocamedomotic.models import (
    SecurityAreaStatus,
    SecurityCentralStatus,
    SecurityInputStatus,
)

CODE = "2468"


async def test_registries_hold_the_new_families(live: LivePlant, emulator: CameEmulator) -> None:
    assert sorted(live.security_areas) == [1, 2, 3]
    assert sorted(live.security_inputs) == [1, 2, 3, 4]
    assert sorted(live.security_outputs) == [1]
    assert sorted(live.security_scenarios) == [1, 2]
    assert sorted(live.security_centrals) == [0]
    assert sorted(live.irrigation_sectors) == [1, 2]
    assert "sound_zones" not in live.registries  # no feature string, no indication (§4.15)
    assert emulator.stats.requests["sound_room_list_req"] == 0
    assert_matches_plant(live, emulator)


async def test_alarm_cycle_updates_the_registries(live: LivePlant, emulator: CameEmulator) -> None:
    central = live.security_centrals[0]
    areas = live.security_areas
    siren = live.security_outputs[1]
    events: list[EntityUpdated] = []
    live.subscribe(
        lambda e: events.append(e) if isinstance(e, EntityUpdated) else None,
        family="security_areas",
    )

    await central.async_arm(CODE, [1])
    await live.async_wait_for(
        lambda: (
            central.status is SecurityCentralStatus.ARMED
            and areas[1].status is SecurityAreaStatus.ARMED
        )
    )
    # the areas indication is a delta: only area 1 was carried and updated
    assert [(e.entity_id, e.source) for e in events] == [(1, "push")]
    assert areas[2].status is SecurityAreaStatus.READY

    emulator.plant.trigger_security_input(1)
    await live.async_wait_for(
        lambda: (
            central.status is SecurityCentralStatus.ALARM_TRIGGERED
            and siren.active
            and live.security_inputs[1].status is SecurityInputStatus.ALARM
            and areas[1].status is SecurityAreaStatus.INTRUSION_ALARM
        )
    )
    await central.async_silence(CODE)
    await live.async_wait_for(
        lambda: not siren.active and central.status is SecurityCentralStatus.ALARM_SILENCED
    )
    emulator.plant.close_security_input(1)
    await central.async_disarm(CODE)
    await central.async_reset(CODE)
    await live.async_wait_for(
        lambda: (
            central.status is SecurityCentralStatus.DISARMED
            and areas[1].status is SecurityAreaStatus.READY
            and live.security_inputs[1].status is SecurityInputStatus.CLOSED
        )
    )
    assert central.name == "House alarm"
    assert central.areas_num == 3
    assert_matches_plant(live, emulator)


async def test_open_input_makes_its_area_not_ready(live: LivePlant, emulator: CameEmulator) -> None:
    emulator.plant.open_security_input(4)
    await live.async_wait_for(
        lambda: (
            live.security_inputs[4].status is SecurityInputStatus.OPEN
            and live.security_areas[3].status is SecurityAreaStatus.NOT_READY
        )
    )


async def test_plant_without_the_features_drops_their_lists(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    # The plant still holds sectors and areas: only the feature list says they are absent.
    emulator.plant.features[:] = [f for f in emulator.plant.features if f not in ("irrig", "sicu")]
    async with api.live() as plant:
        assert not plant.irrigation_sectors
        assert not plant.security_areas
        assert not plant.security_centrals
        assert len(plant.lights) > 0
    # The lists went out with the feature request (one round trip); their answers were
    # dropped.
    assert emulator.stats.requests["feature_list_req"] == 1
    assert emulator.stats.requests["irrigation_list_req"] == 1
    assert emulator.stats.requests["sicu_areas_list_req"] == 1


@pytest.mark.parametrize("ack", [AckErrorCode.WRONG_APPLICATION_COMMAND, AckErrorCode.NO_REPLY])
async def test_an_error_for_an_absent_feature_is_ignored_silently(
    emulator: CameEmulator, api: CameDomoticAPI, caplog: pytest.LogCaptureFixture, ack: int
) -> None:
    """Some servers answer a command they do not know with an ACK error."""
    emulator.plant.features[:] = [f for f in emulator.plant.features if f != "irrig"]
    emulator.fail_next(ack, count=None, cmd_name="irrigation_list_req")
    with caplog.at_level(logging.DEBUG, logger="aiocamedomotic"):
        async with api.live() as plant:
            assert not plant.irrigation_sectors
            assert sorted(plant.security_areas) == [1, 2, 3]
    assert emulator.stats.requests["irrigation_list_req"] == 1
    client = [
        r
        for r in caplog.records
        if r.name.startswith("aiocamedomotic") and not r.name.startswith("aiocamedomotic.emulator")
    ]
    assert not [r for r in client if r.levelno >= logging.INFO]


async def test_an_error_for_an_offered_feature_fails_the_start(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    emulator.fail_next(AckErrorCode.NO_REPLY, count=None, cmd_name="irrigation_list_req")
    with pytest.raises(CameDomoticServerError) as caught:
        await api.async_start_live()
    assert caught.value.ack_code == AckErrorCode.NO_REPLY
    assert api.live_plant is None
