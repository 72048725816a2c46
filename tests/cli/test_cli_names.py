"""CLI: how a typed name finds a device (pure, no server)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from aiocamedomotic.cli.errors import CliError, ExitCode
from aiocamedomotic.cli.names import resolve


@dataclass
class Device:
    name: str
    key: int


DEVICES = [
    Device("Hall light", 5),
    Device("Hall dimmer", 6),
    Device("Kitchen ceiling", 1),
    Device("Kitchen worktop", 2),
    Device("Study desk", 10),
]


def find(query: str, aliases: dict[str, str] | None = None) -> Device:
    return resolve(
        query,
        DEVICES,
        kind="light",
        name=lambda d: d.name,
        ident=lambda d: d.key,
        aliases=aliases,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Hall dimmer", 6),
        ("hall DIMMER", 6),  # case-insensitive
        ("study", 10),  # unique prefix
        ("kitchen w", 2),
        ("#1", 1),
        ("  #5 ", 5),
    ],
)
def test_resolve_finds(query: str, expected: int) -> None:
    assert find(query).key == expected


def test_exact_name_wins_over_longer_names() -> None:
    devices = [Device("Lamp", 1), Device("Lamp 2", 2)]
    found = resolve("lamp", devices, kind="light", name=lambda d: d.name, ident=lambda d: d.key)
    assert found.key == 1


def test_ambiguous_prefix_lists_candidates() -> None:
    with pytest.raises(CliError) as caught:
        find("hall")
    assert caught.value.exit_code == ExitCode.AMBIGUOUS_DEVICE
    message = caught.value.format_message()
    assert "'Hall light' (#5)" in message
    assert "'Hall dimmer' (#6)" in message


def test_unknown_name_suggests_close_names() -> None:
    with pytest.raises(CliError) as caught:
        find("kitchn ceiling")
    assert caught.value.exit_code == ExitCode.UNKNOWN_DEVICE
    assert "did you mean 'Kitchen ceiling' (#1)" in caught.value.format_message()


def test_unknown_name_suggests_names_containing_it() -> None:
    with pytest.raises(CliError) as caught:
        find("dimmer")
    assert "'Hall dimmer' (#6)" in caught.value.format_message()


def test_unknown_id() -> None:
    with pytest.raises(CliError) as caught:
        find("#99")
    assert caught.value.exit_code == ExitCode.UNKNOWN_DEVICE
    assert "#99" in caught.value.format_message()


def test_malformed_id_is_a_usage_error() -> None:
    with pytest.raises(CliError) as caught:
        find("#abc")
    assert caught.value.exit_code == ExitCode.USAGE


def test_alias_maps_to_name_or_id() -> None:
    aliases = {"hd": "Hall dimmer", "desk": "#10"}
    assert find("HD", aliases).key == 6
    assert find("desk", aliases).key == 10
    # An alias key that is not typed leaves the normal rules in charge.
    assert find("study", aliases).key == 10
