"""The property fast path (memoized conversions of common wire values) keeps the contract:
properties reflect ``raw_data`` on every read, however the user changes it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from aiocamedomotic.emulator.plant import Plant
from aiocamedomotic.models import LightStatus, LightType, ThermoZoneUpdate, _fields
from aiocamedomotic.models.catalogue import CATALOGUE
from aiocamedomotic.models.update import LightUpdate, parse_update

from .conftest import RecordingAuth


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


def test_unknown_values_are_not_memoized(caplog: pytest.LogCaptureFixture) -> None:
    # a value of this test only (the "warned once" memory is process-wide)
    with caplog.at_level("DEBUG", logger=_fields.__name__):
        assert light(status=7_714).status is LightStatus.UNKNOWN
        assert light(status=7_714).status is LightStatus.UNKNOWN  # converted again: logged
    messages = [r for r in caplog.records if "7714" in r.getMessage()]
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


@pytest.mark.parametrize("key", sorted(k for k, s in CATALOGUE.items() if s.parent is None))
def test_lists_build_the_same_entities_as_the_constructors(key: str) -> None:
    # parse_response inlines a plain constructor: every entity must equal the constructor's
    spec = CATALOGUE[key]
    plant = Plant.demo()
    request = spec.build_request("admin")
    answer = plant.handle(spec.list_cmd, request, username="admin")
    assert answer is not None
    auth = RecordingAuth()
    listed = spec.parse_response(answer, auth)
    items = [item for item in answer.get(spec.array_key) or [] if isinstance(item, dict)]
    if spec.parse is None:
        built = [spec.model(item, auth) if spec.needs_auth else spec.model(item) for item in items]
        assert [type(e) for e in listed] == [type(e) for e in built]
        # same attributes (repr: some hold objects without equality, an energy counter)
        assert [sorted(vars(e)) for e in listed] == [sorted(vars(e)) for e in built]
        assert [repr(e) for e in listed] == [repr(e) for e in built]
        assert all(e.raw_data is item for e, item in zip(listed, items, strict=True))
    for entity in listed:
        assert entity.available is True
        assert entity.unique_id is None
        assert {name: repr(getattr(entity, name)) for name in entity._fields} == {
            name: repr(field.parse(entity.raw_data)) for name, field in entity._fields.items()
        }


def test_a_list_item_without_a_required_key_is_still_skipped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    answer = {"array": [{"act_id": 1, "name": "ok"}, {"act_id": 2}, {"name": "no id"}]}
    lights = CATALOGUE["lights"].parse_response(answer, RecordingAuth())
    assert [light.act_id for light in lights] == [1]
    assert len([r for r in caplog.records if "malformed" in r.getMessage()]) == 2


def test_a_list_with_a_bad_auth_skips_every_item_as_before(
    caplog: pytest.LogCaptureFixture,
) -> None:
    answer = {"array": [{"act_id": 1, "name": "a"}, {"act_id": 2, "name": "b"}]}
    assert CATALOGUE["lights"].parse_response(answer, object()) == []  # type: ignore[arg-type]
    assert len([r for r in caplog.records if "auth must provide" in r.getMessage()]) == 2
