"""Contract: the catalogue is the one declaration of every family, and what derives from it
(the models, the facade's list methods, the live plant's registries, the CLI's table, the
emulator's answers) covers every entry.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest

import aiocamedomotic.models
from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.cli.families import PRESENTATIONS, families
from aiocamedomotic.emulator import Plant
from aiocamedomotic.live import LivePlant
from aiocamedomotic.live._views import RegistryView
from aiocamedomotic.models import catalogue as cat
from aiocamedomotic.models._fields import int_field
from aiocamedomotic.models.base import CameEntity
from aiocamedomotic.models.command import POLL, Command

ENTRIES = list(cat.CATALOGUE.values())


def _model_modules() -> list[Any]:
    package = aiocamedomotic.models
    return [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
    ]


def declared_commands() -> dict[int, tuple[str, Command]]:
    """Every Command of the model modules, by identity: (where, command)."""
    found: dict[int, tuple[str, Command]] = {}
    for module in _model_modules():
        for name, value in vars(module).items():
            if isinstance(value, Command) and value is not POLL:
                found.setdefault(id(value), (f"{module.__name__}.{name}", value))
    return found


@pytest.mark.parametrize("spec", ENTRIES, ids=lambda s: s.key)
def test_the_entry_binds_its_model(spec: cat.FamilySpec[Any]) -> None:
    model = spec.model
    assert spec.key == model._FAMILY
    key_field = inspect.getattr_static(model, model._KEY_FIELD)
    assert spec.id_keys[0] in key_field.keys
    assert (*spec.required, spec.id_keys[0]) == model._REQUIRED


def test_every_declared_command_belongs_to_one_family() -> None:
    owners: dict[int, list[str]] = {}
    for spec in ENTRIES:
        for command in spec.commands:
            owners.setdefault(id(command), []).append(spec.key)
    declared = declared_commands()
    assert set(owners) == set(declared), "a command is declared but listed by no entry"
    assert all(len(keys) == 1 for keys in owners.values()), owners


def test_the_emulator_answers_every_list_request_and_command() -> None:
    answered = Plant.demo().command_names
    for spec in ENTRIES:
        names = {spec.list_cmd, *(command.name for command in spec.commands)}
        assert names <= answered, (spec.key, sorted(names - answered))


def test_every_indication_names_one_family() -> None:
    for spec in ENTRIES:
        for name in (*spec.indications, *spec.refresh_on):
            assert cat.INDICATIONS[name].family is spec
            assert cat.family_of_indication(name) is spec


def test_the_facade_lists_every_family_from_its_entry() -> None:
    listers = {
        name: member._family
        for name, member in vars(CameDomoticAPI).items()
        if hasattr(member, "_family")
    }
    listed = {spec.key for spec in listers.values()}
    # families listed per parent have a method taking the parent's id (loads per controller)
    expected = {spec.key for spec in ENTRIES if spec.parent is None} | {"floors", "rooms"}
    assert listed == expected
    for name, spec in listers.items():
        method = getattr(CameDomoticAPI, name)
        assert method.__name__ == name
        assert inspect.iscoroutinefunction(method)
        assert spec.doc.split("\n\n")[0] in (method.__doc__ or "")


def test_every_live_family_has_its_typed_registry() -> None:
    views = {
        name: view.spec
        for name, view in inspect.getmembers(LivePlant)
        if isinstance(view, RegistryView)
    }
    assert views == {spec.key: spec for spec in ENTRIES if spec.live}


def test_the_cli_shows_every_named_family() -> None:
    shown = families()
    assert [family.spec for family in shown] == [spec for spec in ENTRIES if spec.cli]
    assert set(PRESENTATIONS) <= {family.key for family in shown}
    for family in shown:
        assert family.key in PRESENTATIONS or family.names.shown, family.key


class Bell(CameEntity):
    """A model of no family."""

    act_id = int_field("act_id")


def _bells(**overrides: Any) -> cat.FamilySpec[Bell]:
    fields: dict[str, Any] = {
        "key": "bells",
        "model": Bell,
        "list_cmd": "bell_list_req",
        "id_keys": ("act_id",),
        **overrides,
    }
    return cat.FamilySpec(**fields)


@pytest.mark.parametrize(
    ("spec", "refusal"),
    [
        (cat.LIGHTS, "family 'lights' is already registered"),
        (_bells(model=cat.LIGHTS.model), "Light is already the model of family 'lights'"),
        (_bells(indications=("light_switch_ind",)), r"\['light_switch_ind'\] already belong"),
        (_bells(id_keys=("bell_id",)), "no single property reads the id 'bell_id'"),
    ],
)
def test_register_refuses_what_is_taken(spec: cat.FamilySpec[Any], refusal: str) -> None:
    bound = (Bell._FAMILY, Bell._KEY_FIELD, Bell._REQUIRED)
    with pytest.raises(ValueError, match=refusal):
        cat.register(spec)
    assert "bells" not in cat.CATALOGUE
    assert cat.INDICATIONS["light_switch_ind"].family is cat.LIGHTS
    assert bound == (Bell._FAMILY, Bell._KEY_FIELD, Bell._REQUIRED)
    assert cat.LIGHTS.model._FAMILY == "lights"


def test_register_then_unregister() -> None:
    spec = cat.register(_bells(indications=("bell_ring_ind",), required=("name",)))
    try:
        assert cat.CATALOGUE["bells"] is spec
        assert cat.family_of_indication("bell_ring_ind") is spec
        assert (Bell._FAMILY, Bell._KEY_FIELD, Bell._REQUIRED) == (
            "bells",
            "act_id",
            ("name", "act_id"),
        )
        with pytest.raises(ValueError, match="name"):
            Bell({"act_id": 1})
    finally:
        assert cat.unregister("bells") is spec
    assert "bell_ring_ind" not in cat.INDICATIONS
    with pytest.raises(KeyError):
        cat.unregister("bells")
