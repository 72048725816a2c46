"""Sound zones (experimental, PROTOCOL.md §4.15) against the emulator, under upstream's names:
both source formats merged, commands refreshed with ``sound_room_src_req``, validation
before sending."""

from __future__ import annotations

from typing import Any

import pytest
from support.live import NoSender

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator import CameEmulator
from aiocamedomotic.emulator.plant import Plant, Variants
from aiocamedomotic.errors import CameDomoticServerError
from aiocamedomotic.models import SoundSourceAction, SoundZone
from aiocamedomotic.models.sound_zone import SoundZone as Zone

FM, LINE_IN = {"name": "FM tuner", "id": 0}, {"name": "Line in", "id": 1}


async def _zone(api: CameDomoticAPI, ident: int) -> SoundZone:
    return next(z for z in await api.async_get_sound_zones() if z.id == ident)


async def test_both_source_formats_are_normalised(api: CameDomoticAPI) -> None:
    patio, bathroom = await api.async_get_sound_zones()
    assert (patio.name, patio.is_on, patio.is_muted, patio.volume) == (
        "Patio speakers",
        True,
        False,
        18,
    )
    assert (patio.min_volume, patio.max_volume, patio.source) == (0, 40, "FM tuner")
    assert patio.volume_level == 18 / 40
    assert patio.sources == [FM, LINE_IN]  # array form, "source" and "source_name" keys
    assert bathroom.sources == [FM, {"name": "Line in", "id": 5}]  # flat form, id_source_2
    assert (bathroom.is_on, bathroom.source_id) == (False, 0)


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
        assert zone.sources == [{"name": "A", "id": 0}, {"name": "B", "id": 2}]
        assert zone.source == "B"
        assert zone.source_id == 2


def test_parsing_tolerates_malformed_sources() -> None:
    raw = {"id": 1, "source_2": "Two", "source_1": "One", "id_source_2": "x", "source_x": "?"}
    assert Zone(raw, NoSender()).sources == [{"name": "One", "id": 0}, {"name": "Two", "id": None}]
    raw = {"id": 1, "sources": [None, {"source": "A"}, {"source_name": "B", "id": 4}]}
    assert Zone(raw, NoSender()).sources == [{"name": "A", "id": None}, {"name": "B", "id": 4}]


def test_both_shapes_are_merged_without_repeats() -> None:
    raw = {
        "id": 1,
        "sources": [{"source": "FM", "id": 0}, {"source_name": "Line", "id": 1}],
        "source_1": "FM",
        "source_3": "Aux",
    }
    assert Zone(raw, NoSender()).sources == [
        {"name": "FM", "id": 0},
        {"name": "Line", "id": 1},
        {"name": "Aux", "id": 2},
    ]


@pytest.mark.parametrize(
    ("raw", "level"),
    [
        ({"volume": 10, "min_volume": 10, "max_volume": 30}, 0.0),
        ({"volume": 20, "min_volume": 10, "max_volume": 30}, 0.5),
        ({"volume": 40, "min_volume": 10, "max_volume": 30}, 1.0),  # clamped
        ({"volume": 5, "min_volume": 5, "max_volume": 5}, 0.0),  # empty range
        ({"volume": 5}, None),
        ({"min_volume": 0, "max_volume": 9}, None),
    ],
)
def test_volume_level(raw: dict[str, Any], level: float | None) -> None:
    assert Zone({"id": 1, **raw}, NoSender()).volume_level == level


def test_absent_fields_read_as_none() -> None:
    zone = Zone({"id": 4}, NoSender())
    assert (zone.name, zone.volume, zone.min_volume, zone.max_volume, zone.source) == (
        None,
        None,
        None,
        None,
        None,
    )


async def test_commands_reach_the_plant_and_refresh(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    bathroom = await _zone(api, 3)
    await bathroom.async_turn_on()
    assert emulator.plant.device("sound", 3)["standby"] == 0
    assert bathroom.is_on
    await bathroom.async_set_volume(31)
    await bathroom.async_set_mute(True)
    await bathroom.async_select_source("Line in")
    truth = emulator.plant.device("sound", 3)
    assert (truth["volume"], truth["mute"], truth["source"]) == (31, 1, 5)
    assert (bathroom.volume, bathroom.is_muted, bathroom.source, bathroom.source_id) == (
        31,
        True,
        "Line in",
        5,
    )
    await bathroom.async_set_mute(False)
    await bathroom.async_set_volume_level(0.5)
    assert emulator.plant.device("sound", 3)["volume"] == round(2 + 0.5 * 29) == bathroom.volume
    await bathroom.async_turn_off()
    assert not bathroom.is_on
    assert not bathroom.is_muted
    assert emulator.stats.requests["sound_room_src_req"] == 7


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
        (lambda z: z.async_set_volume_level(1.5), "volume_level must be a number in range"),
        (lambda z: z.async_set_volume_level(float("nan")), "volume_level"),
        (lambda z: z.async_select_source("Radio"), r"source_name must be one of .*FM tuner"),
        (lambda z: z.async_select_source(0), "source_name must be a non-empty string"),
        (lambda z: z.async_send_source_command("0", "play"), "source_id must be an int"),
        (lambda z: z.async_send_source_command(0, ""), "action must be a non-empty string"),
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


async def test_a_zone_without_a_volume_range_refuses_a_level() -> None:
    zone = Zone({"id": 1, "volume": 3}, NoSender())
    with pytest.raises(ValueError, match="volume range"):
        await zone.async_set_volume_level(0.5)


async def test_source_commands(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    patio = await _zone(api, 2)
    await patio.async_send_source_command(0, SoundSourceAction.TUN_SCAN_PLUS)
    await patio.async_send_source_command(1, "pause")
    assert emulator.stats.requests["suftif_cmd_req"] == 2
    with pytest.raises(CameDomoticServerError) as caught:  # the emulator checks the action
        await patio.async_send_source_command(0, "dance")
    assert caught.value.ack_code == 11
