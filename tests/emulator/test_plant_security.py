"""Emulated alarm system (experimental, PROTOCOL.md §4.19): the user code is checked, never
logged, and the indications of §5.5 follow every change."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from aiocamedomotic.emulator import wire
from aiocamedomotic.emulator.plant import AppDataError, Plant

CODE = "2468"


def _plant() -> tuple[Plant, list[dict[str, Any]]]:
    plant = Plant.demo()
    emitted: list[dict[str, Any]] = []
    plant.emit = emitted.append
    return plant, emitted


def test_the_code_is_redacted_from_the_emulator_log() -> None:
    message = {"sl_cmd": "sl_data_req", "sl_appl_msg": {"cmd_name": "sicu_reset_req", "code": CODE}}
    assert wire.redact(message)["sl_appl_msg"]["code"] == "***"
    assert CODE not in wire.summarize(message)


def test_wrong_code_is_refused_without_echo(caplog: pytest.LogCaptureFixture) -> None:
    plant, emitted = _plant()
    caplog.set_level(logging.DEBUG)
    with pytest.raises(AppDataError) as caught:
        plant.handle("sicu_silence_req", {"central_id": 0, "code": "1111"}, username="")
    assert "1111" not in str(caught.value)
    assert CODE not in caplog.text
    assert emitted == []


def test_arming_emits_a_delta_and_the_central() -> None:
    plant, emitted = _plant()
    msg = {"central_id": 0, "code": CODE, "status_vector": "010"}
    plant.handle("sicu_areas_set_status_req", msg, username="")
    assert [ind["cmd_name"] for ind in emitted] == [
        "sicu_areas_status_ind",
        "sicu_central_status_ind",
    ]
    assert emitted[0]["array"] == [{"area_id": 2, "name": "First floor", "status": 42}]
    assert emitted[1]["status"] == 9216
    with pytest.raises(AppDataError, match="status_vector"):
        plant.handle("sicu_areas_set_status_req", {**msg, "status_vector": "01"}, username="")


def test_intrusion_in_an_unarmed_area_only_opens_the_input() -> None:
    plant, emitted = _plant()
    plant.open_security_input(3)
    assert [ind["cmd_name"] for ind in emitted] == [
        "sicu_areas_status_ind",
        "sicu_input_status_ind",
    ]
    assert emitted[0]["array"] == [{"area_id": 2, "name": "First floor", "status": 32}]
    assert emitted[1]["status"] == 17
    with pytest.raises(ValueError, match="input_id"):
        plant.open_security_input(99)


def test_round_trip_keeps_the_configuration() -> None:
    plant, _ = _plant()
    plant.handle(
        "sicu_scenario_set_req", {"central_id": 0, "code": CODE, "scenario_id": 2}, username=""
    )
    copy = Plant(plant.to_dict())
    assert copy.to_dict()["security"] == plant.to_dict()["security"]
    assert [a["armed"] for a in copy.to_dict()["security"]["areas"]] == [True, True, True]
