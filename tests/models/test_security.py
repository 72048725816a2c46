"""The security system (experimental, PROTOCOL.md §4.19, §7.14) against the emulator: lists,
code-protected commands, status decoding, typed indications, and the user code kept out of
every log, repr and error."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.anonymizer import anonymize_payload
from aiocamedomotic.emulator import CameEmulator
from aiocamedomotic.errors import CameDomoticServerError
from aiocamedomotic.models import (
    SecurityAreaStatus,
    SecurityAreasUpdate,
    SecurityCentral,
    SecurityCentralStatus,
    SecurityCentralUpdate,
    SecurityInputStatus,
    SecurityInputUpdate,
    SecurityOutputUpdate,
    parse_update,
)

CODE = "2468"


async def _central(api: CameDomoticAPI) -> SecurityCentral:
    (central,) = await api.async_get_security_centrals()
    return central


def _area_status(emulator: CameEmulator) -> list[int]:
    response = emulator.plant.handle("sicu_areas_list_req", {"central_id": 0}, username="admin")
    assert response is not None
    return [area["status"] for area in response["array"]]


async def test_lists(api: CameDomoticAPI) -> None:
    central = await _central(api)
    assert (central.central_id, central.status_code, central.status) == (
        0,
        None,
        SecurityCentralStatus.UNKNOWN,
    )
    areas = await api.async_get_security_areas()
    assert [(a.area_id, a.name, a.status, a.armed) for a in areas] == [
        (1, "Ground floor", SecurityAreaStatus.READY, False),
        (2, "First floor", SecurityAreaStatus.READY, False),
        (3, "Garage", SecurityAreaStatus.READY, False),
    ]
    inputs = await api.async_get_security_inputs()
    assert [(i.input_id, i.areas, i.status) for i in inputs][:2] == [
        (1, [1], SecurityInputStatus.CLOSED),
        (2, [1], SecurityInputStatus.CLOSED),
    ]
    (siren,) = await api.async_get_security_outputs()
    assert (siren.output_id, siren.name, siren.active) == (1, "Outdoor siren", False)
    scenarios = await api.async_get_security_scenarios()
    assert [(s.scenario_id, s.name, s.areas) for s in scenarios] == [
        (1, "Night", [1, 3]),
        (2, "Away", [1, 2, 3]),
    ]


async def test_arm_some_then_all_then_disarm(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    central = await _central(api)
    await central.async_arm(CODE, [2])
    assert _area_status(emulator) == [40, 42, 40]
    await central.async_arm(CODE, [3])  # area 2 stays armed
    assert _area_status(emulator) == [40, 42, 42]
    await central.async_disarm(CODE, [2])
    assert _area_status(emulator) == [40, 40, 42]
    await central.async_arm(CODE)
    assert _area_status(emulator) == [42, 42, 42]
    await central.async_disarm(CODE)
    assert _area_status(emulator) == [40, 40, 40]


async def test_scenario_intrusion_silence_and_reset(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    central = await _central(api)
    night = next(s for s in await api.async_get_security_scenarios() if s.name == "Night")
    await night.async_activate(CODE)
    assert _area_status(emulator) == [42, 40, 42]
    emulator.plant.trigger_security_input(2)
    assert _area_status(emulator) == [38, 40, 42]
    assert emulator.plant.family("security").output(1)["status"] == 1  # type: ignore[attr-defined]
    await central.async_silence(CODE)
    assert emulator.plant.family("security").output(1)["status"] == 0  # type: ignore[attr-defined]
    emulator.plant.close_security_input(2)
    await central.async_disarm(CODE)
    assert _area_status(emulator) == [44, 40, 40]  # alarm memory
    await central.async_reset(CODE)
    assert _area_status(emulator) == [40, 40, 40]


async def test_wrong_code_is_refused_without_showing_it(
    api: CameDomoticAPI, emulator: CameEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    central = await _central(api)
    wrong = "97531"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(CameDomoticServerError) as caught:
        await central.async_arm(wrong)
    assert caught.value.ack_code == 11
    assert _area_status(emulator) == [40, 40, 40]
    await central.async_arm(CODE, [1])
    for text in (str(caught.value), repr(caught.value), caplog.text, repr(central)):
        assert wrong not in text
        assert CODE not in text
    assert '"code":"***"' in caplog.text  # the traffic log shows the field, redacted


@pytest.mark.parametrize("code", ["", " 12", "12 34", 1234, None, "9" * 33])
async def test_malformed_code_sends_nothing(
    api: CameDomoticAPI, emulator: CameEmulator, code: Any
) -> None:
    central = await _central(api)
    with pytest.raises(ValueError, match="code must be") as caught:
        await central.async_reset(code)
    assert str(code) not in str(caught.value) or code == ""
    assert emulator.stats.requests["sicu_reset_req"] == 0


async def test_unknown_areas_are_refused(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    central = await _central(api)
    for areas in ([9], []):
        with pytest.raises(ValueError, match=r"areas must be .* among \[1, 2, 3\]"):
            await central.async_arm(CODE, areas)
    before = emulator.stats.requests["sicu_areas_list_req"]
    for bad in ([True], 5, "12", [1.0], {1: 1}):
        with pytest.raises(ValueError, match="areas"):
            await central.async_arm(CODE, bad)  # type: ignore[arg-type]
    assert emulator.stats.requests["sicu_areas_list_req"] == before  # refused before a read
    assert emulator.stats.requests["sicu_areas_set_status_req"] == 0


def test_anonymizer_redacts_the_code() -> None:
    redacted = anonymize_payload({"sl_appl_msg": {"cmd_name": "sicu_reset_req", "code": CODE}})
    assert redacted == {"sl_appl_msg": {"cmd_name": "sicu_reset_req", "code": "***"}}


def test_indications_are_typed_and_decoded() -> None:
    central = parse_update(
        {"cmd_name": "sicu_central_status_ind", "central_id": 0, "name": "C", "status": 11520}
    )
    assert isinstance(central, SecurityCentralUpdate)
    assert (central.device_id, central.status) == (0, SecurityCentralStatus.ALARM_TRIGGERED)
    odd = parse_update({"cmd_name": "sicu_central_status_ind", "central_id": 0, "status": 7})
    assert isinstance(odd, SecurityCentralUpdate)
    assert (odd.status, odd.status_code) == (SecurityCentralStatus.UNKNOWN, 7)
    areas = parse_update(
        {"cmd_name": "sicu_areas_status_ind", "array": [{"area_id": 2, "status": 58}, 3]}
    )
    assert isinstance(areas, SecurityAreasUpdate)
    assert [(a.area_id, a.status) for a in areas.areas] == [(2, SecurityAreaStatus.ARMED_B)]
    entry = parse_update({"cmd_name": "sicu_input_status_ind", "input_id": 4, "status": 65})
    assert isinstance(entry, SecurityInputUpdate)
    assert (entry.device_id, entry.status) == (4, SecurityInputStatus.LOW_BATTERY)
    siren = parse_update({"cmd_name": "sicu_output_status_ind", "output_id": 1, "status": 1})
    assert isinstance(siren, SecurityOutputUpdate)
    assert siren.active
