"""The property fast path (memoized conversions of common wire values) keeps the contract:
properties reflect ``raw_data`` on every read, however the user changes it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from aiocamedomotic.models import LightStatus, LightType, ThermoZoneUpdate, _fields
from aiocamedomotic.models.update import LightUpdate, parse_update


def light(**extra: Any) -> LightUpdate:
    raw = {"cmd_name": "light_switch_ind", "act_id": 7, "status": 1, "type": "DIMMER"}
    return LightUpdate({**raw, **extra})


def test_in_place_mutations_of_raw_data_show_at_once() -> None:
    update = light(perc=40)
    assert (update.status, update.type, update.perc) == (LightStatus.ON, LightType.DIMMER, 40)
    update.raw_data["status"] = 0
    update.raw_data.update({"type": "rgb", "perc": 55})
    assert (update.status, update.type, update.perc) == (LightStatus.OFF, LightType.RGB, 55)
    del update.raw_data["perc"]
    assert update.perc == 100  # the default again
    update.raw_data["status"] = 4
    assert update.status is LightStatus.AUTO


def test_replacing_raw_data_shows_at_once() -> None:
    update = light()
    update.raw_data = {"cmd_name": "light_switch_ind", "act_id": 9, "status": 0}
    assert (update.act_id, update.status, update.type) == (9, LightStatus.OFF, LightType.UNKNOWN)


def test_memoized_tenths_follow_the_value() -> None:
    zone = parse_update({"cmd_name": "thermo_zone_info_ind", "act_id": 1, "temp_dec": 215})
    assert isinstance(zone, ThermoZoneUpdate)
    assert zone.temperature == 21.5
    zone.raw_data["temp_dec"] = 190
    assert zone.temperature == 19.0
    zone.raw_data["temp_dec"] = 215  # a memoized value, read again
    assert zone.temperature == 21.5


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (True, LightStatus.ON),  # bool and float go through the converter, as always
        (1.0, LightStatus.ON),
        ("4", LightStatus.AUTO),
        (Decimal(1), LightStatus.UNKNOWN),  # equal to 1 but not a wire number
        (99, LightStatus.UNKNOWN),
        (None, LightStatus.UNKNOWN),
    ],
)
def test_values_off_the_fast_path_parse_as_before(status: Any, expected: LightStatus) -> None:
    assert light(status=status).status is expected


def test_unknown_values_are_warned_about_on_every_new_value(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level("DEBUG", logger=_fields.__name__):
        assert light(status=77).status is LightStatus.UNKNOWN
        assert light(status=77).status is LightStatus.UNKNOWN  # not memoized: logged again
    messages = [r for r in caplog.records if "77" in r.getMessage()]
    assert [r.levelname for r in messages] == ["WARNING", "DEBUG"]


def test_a_memo_stays_bounded() -> None:
    field = ThermoZoneUpdate._fields["temperature"]
    for value in range(5000):
        assert field.parse({"temp_dec": value}) == value / 10
    assert len(field._memo) <= _fields._MEMO_CAP


def test_a_non_mapping_raw_data_reads_defaults() -> None:
    update = light()
    update.raw_data = ["not", "a", "dict"]  # type: ignore[assignment]
    assert (update.act_id, update.status, update.device_type) == (0, LightStatus.UNKNOWN, None)
