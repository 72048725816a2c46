"""Live layer: the public names of the live, events and connection modules are pinned."""

from __future__ import annotations

import dataclasses

import pytest

from aiocamedomotic import connection, events, live


def test_live_all() -> None:
    assert sorted(live.__all__) == [
        "EventCallback",
        "EventStream",
        "LOOP_CLOCK",
        "LiveClock",
        "LiveOptions",
        "LivePlant",
        "LiveStarter",
        "Registry",
        "Unsubscribe",
    ]


def test_events_all() -> None:
    assert sorted(events.__all__) == [
        "ConnectionChanged",
        "EntityAdded",
        "EntityEvent",
        "EntityRemoved",
        "EntityUpdated",
        "LiveEvent",
        "PlantReloaded",
        "UpdateSource",
    ]


def test_connection_all() -> None:
    assert sorted(connection.__all__) == ["ConnectionState", "ReconnectPolicy"]
    assert [s.value for s in connection.ConnectionState] == [
        "connecting",
        "connected",
        "reconnecting",
        "auth_failed",
        "closed",
    ]


@pytest.mark.parametrize(
    "cls",
    [
        events.EntityAdded,
        events.EntityUpdated,
        events.EntityRemoved,
        events.ConnectionChanged,
        events.PlantReloaded,
    ],
)
def test_events_are_frozen_slotted_dataclasses(cls: type) -> None:
    assert dataclasses.is_dataclass(cls)
    assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert "__slots__" in cls.__dict__


def test_update_source_compares_with_strings() -> None:
    assert str(events.UpdateSource.PUSH) == "push"
    assert "push" in {events.UpdateSource.PUSH}
    assert {s.value for s in events.UpdateSource} == {"push", "command", "resync"}
