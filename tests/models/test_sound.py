"""Sound zones (experimental, PROTOCOL.md §4.15) against the emulator: both source formats
normalised, commands refreshed with ``sound_room_src_req``, validation before sending."""

from __future__ import annotations

from typing import Any

import pytest
from support.live import NoSender

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator import CameEmulator
from aiocamedomotic.emulator.plant import Plant, Variants
from aiocamedomotic.errors import CameDomoticServerError
from aiocamedomotic.models import SoundSource, SoundSourceAction, SoundZone
from aiocamedomotic.models.sound import SoundZone as Zone

FM, LINE_IN = SoundSource(0, "FM tuner"), SoundSource(1, "Line in")


async def _zone(api: CameDomoticAPI, ident: int) -> SoundZone:
    return next(z for z in await api.async_get_sound_zones() if z.id == ident)


async def test_both_source_formats_are_normalised(api: CameDomoticAPI) -> None:
    patio, bathroom = await api.async_get_sound_zones()
    assert (patio.name, patio.standby, patio.mute, patio.volume) == (
        "Patio speakers",
        False,
        False,
        18,
    )
    assert (patio.min_volume, patio.max_volume, patio.source) == (0, 40, "FM tuner")
    assert patio.sources == [FM, LINE_IN]  # array form, "source" and "source_name" keys
    assert bathroom.sources == [FM, SoundSource(5, "Line in")]  # flat form, id_source_2
    assert (bathroom.standby, bathroom.source_id) == (True, 0)


async def test_variant_switch_presents_the_flat_format() -> None:
    plant: dict[str, Any] = {
        "sound": [
            {"id": 7, "name": "Den", "volume": 3, "max_volume": 9, "source": 2,
             "sources": [{"id": 0, "name": "A"}, {"id": 2, "name": "B"}]}
        ]
    }  # fmt: skip
    async with (
        CameEmulator(Plant(plant, variants=Variants(sound_sources="flat"))) as emulator,
        await CameDomoticAPI.async_create(emulator.host, "admin", "admin") as api,
    ):
        response = await api.auth.async_send_command({"cmd_name": "sound_room_list_req"})
        assert "sources" not in response["array"][0]
        assert response["array"][0]["source_2"] == "B"
        (zone,) = await api.async_get_sound_zones()
        assert zone.sources == [SoundSource(0, "A"), SoundSource(2, "B")]
        assert zone.source == "B"
        assert zone.source_id == 2


def test_parsing_tolerates_malformed_sources() -> None:
    raw = {"id": 1, "source_2": "Two", "source_1": "One", "id_source_2": "x", "source_x": "?"}
    assert Zone(raw, NoSender()).sources == [SoundSource(0, "One")]
    raw = {"id": 1, "sources": [None, {"source": "A"}, {"source_name": "B", "id": 4}]}
    assert Zone(raw, NoSender()).sources == [SoundSource(4, "B")]


async def test_commands_reach_the_plant_and_refresh(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    bathroom = await _zone(api, 3)
    await bathroom.async_power_on()
    assert emulator.plant.device("sound", 3)["standby"] == 0
    assert not bathroom.standby
    await bathroom.async_set_volume(31)
    await bathroom.async_set_mute(True)
    await bathroom.async_select_source(5)
    truth = emulator.plant.device("sound", 3)
    assert (truth["volume"], truth["mute"], truth["source"]) == (31, 1, 5)
    assert (bathroom.volume, bathroom.mute, bathroom.source, bathroom.source_id) == (
        31,
        True,
        "Line in",
        5,
    )
    await bathroom.async_set_mute(False)
    await bathroom.async_standby()
    assert bathroom.standby
    assert not bathroom.mute
    assert emulator.stats.requests["sound_room_src_req"] == 6


async def test_a_failed_refresh_keeps_the_known_effect(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    patio = await _zone(api, 2)
    emulator.fail_next(9, cmd_name="sound_room_src_req")
    await patio.async_set_volume(25)
    assert patio.volume == 25 == emulator.plant.device("sound", 2)["volume"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda z: z.async_set_volume(41), "volume must be an int in range 0-40"),
        (lambda z: z.async_set_volume(-1), "volume must be an int in range 0-40"),
        (lambda z: z.async_select_source(5), r"source_id must be one of .*\[0, 1\]"),
        (lambda z: z.async_source_command("dance"), "action must be one of"),
        (lambda z: z.async_source_command(SoundSourceAction.PLAY, source_id=9), "source_id"),
    ],
)
async def test_bad_arguments_send_nothing(
    api: CameDomoticAPI, emulator: CameEmulator, call: Any, message: str
) -> None:
    patio = await _zone(api, 2)
    with pytest.raises(ValueError, match=message):
        await call(patio)
    assert emulator.stats.requests["sound_switch_req"] == 0
    assert emulator.stats.requests["suftif_cmd_req"] == 0


async def test_source_commands(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    patio = await _zone(api, 2)
    await patio.async_source_command(SoundSourceAction.TUN_SCAN_PLUS)
    await patio.async_source_command(SoundSourceAction.PAUSE, source_id=1, value=2)
    assert emulator.stats.requests["suftif_cmd_req"] == 2
    with pytest.raises(CameDomoticServerError) as caught:  # the emulator checks the action
        await api.auth.async_send_command({"cmd_name": "suftif_cmd_req", "id": 0, "action": "x"})
    assert caught.value.ack_code == 11
