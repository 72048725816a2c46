"""Fuzzing the models layer: every model and typed update, built from arbitrary payloads.

Classes are discovered by introspection (every :class:`FieldModel` subclass of every module of
:mod:`aiocamedomotic.models`), so a new family is fuzzed without touching this file.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.live import NoSender, RecordingOwner

import aiocamedomotic.models as models_pkg
from aiocamedomotic.models._fields import FieldModel
from aiocamedomotic.models.base import AuthEntity, CameEntity
from aiocamedomotic.models.catalogue import CATALOGUE
from aiocamedomotic.models.update import DeviceUpdate, parse_update

from .strategies import FUZZ, payloads, values


def _model_classes() -> list[type[FieldModel]]:
    for module in pkgutil.iter_modules(models_pkg.__path__):
        importlib.import_module(f"{models_pkg.__name__}.{module.name}")
    found: set[type[FieldModel]] = set()
    pending = [FieldModel]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in found and sub.__module__.startswith(models_pkg.__name__):
                found.add(sub)
                pending.append(sub)
    return sorted(found, key=lambda cls: cls.__qualname__)


#: Abstract bases: no family, no id field of their own.
_BASES = frozenset({CameEntity, AuthEntity})
MODELS = [cls for cls in _model_classes() if cls not in _BASES]
#: Every known indication name, plus names nobody knows.
INDICATIONS = sorted({str(name) for spec in CATALOGUE.values() for name in spec.indications})


def build(cls: type[FieldModel], raw: dict[str, Any]) -> FieldModel:
    """Call the constructor with ``raw`` and, if it takes one, a command sender."""
    kwargs: dict[str, Any] = {}
    for name, param in list(inspect.signature(cls).parameters.items())[1:]:
        if name == "auth":
            kwargs[name] = NoSender()
        else:
            assert param.default is not param.empty, f"{cls.__name__}: unknown argument {name}"
    return cls(raw, **kwargs)


def public_names(cls: type[Any]) -> list[str]:
    """Every public property or field descriptor of a class (methods excluded)."""
    names = []
    for name in dir(cls):
        if name.startswith("_"):
            continue
        attr = inspect.getattr_static(cls, name)
        if isinstance(attr, property) or (
            hasattr(attr, "__get__") and not callable(attr) and not isinstance(attr, staticmethod)
        ):
            names.append(name)
    return names


def read_everything(obj: FieldModel) -> None:
    """Read every public property, repr and str: none may raise."""
    for name in public_names(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, FieldModel):
                    read_everything(item)
                repr(item)
    repr(obj)
    str(obj)


def test_discovery_finds_the_families() -> None:
    names = {cls.__name__ for cls in MODELS}
    assert {"Light", "Opening", "Timer", "LightUpdate", "PlantUpdate", "Camera"} <= names
    for spec in CATALOGUE.values():
        assert spec.model in MODELS
        assert spec.update_class is None or spec.update_class in MODELS
    assert all(public_names(cls) for cls in MODELS)


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@FUZZ
@given(data=st.data())
def test_model_from_any_payload(cls: type[FieldModel], data: st.DataObject) -> None:
    """Builds (or raises the documented ValueError); no read, update or re-read raises."""
    keys = sorted({*cls._key_index, *cls._REQUIRED})
    raw = data.draw(payloads(keys), label="payload")
    if data.draw(st.booleans(), label="with required keys"):
        raw.update(dict.fromkeys(cls._REQUIRED, 1))
    try:
        obj = build(cls, raw)
    except ValueError as err:
        message = str(err)
    else:
        read_everything(obj)
        if isinstance(obj, CameEntity):
            apply_updates(obj, data.draw(payloads(keys), label="update"))
        return
    # only the documented error: a required key is missing (or, where the class documents
    # it, has the wrong type) and the message names it as a whole word ("id" must not be
    # found inside "invalid" or "width")
    assert names_required_key(message, cls._REQUIRED), message


def names_required_key(message: str, required: tuple[str, ...]) -> bool:
    """Whether the message names one of the required keys as a whole word."""
    return any(re.search(rf"(?<![\w.]){re.escape(key)}(?![\w.])", message) for key in required)


def test_names_required_key_matches_whole_words_only() -> None:
    assert names_required_key("Light data is missing required key(s): act_id, name", ("act_id",))
    assert names_required_key("Zone data is missing required key(s): id", ("id",))
    assert not names_required_key("invalid width", ("id",))
    assert not names_required_key("missing required key(s): act_id", ("id",))


def apply_updates(entity: CameEntity, update: dict[str, Any]) -> None:
    """apply_update never raises, reports only public names, and a held entity hands the
    update to its holder exactly once."""
    owner = RecordingOwner()
    entity.hold(owner, None)
    changed = entity.apply_update(update, source="push")
    assert isinstance(changed, frozenset)
    assert changed <= set(public_names(type(entity)))
    assert owner.calls == [(entity, changed, "push")]
    read_everything(entity)


@FUZZ
@given(
    raw=payloads(sorted({key for cls in MODELS for key in cls._key_index})),
    cmd_name=st.sampled_from([*INDICATIONS, "plant_update_ind", "nope_ind"]) | values,
)
def test_parse_update_never_raises(raw: dict[str, Any], cmd_name: Any) -> None:
    update = parse_update({**raw, "cmd_name": cmd_name})
    assert isinstance(update, DeviceUpdate)
    read_everything(update)
