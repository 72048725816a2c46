"""Contract: the whole public surface of upstream aiocamedomotic 1.15.2, generated from
``upstream-1.15.2-surface.txt`` (next to this file; a copy of the project's surface listing).

One test per line of the listing: every module exists; every module attribute exists, and a
re-export (``Name = class a.b.C``) is the very class ``a.b.C`` (one class per concept); every
class derives from the bases listed (except the few differences pinned in ``BASE_DIFFERENCES``,
row 6 of COMPATIBILITY.md); every member exists with its kind (method, coroutine,
classmethod, staticmethod, property, attribute); enum members and class attributes have the
listed value; and every signature keeps upstream's parameters - names, kinds and defaults in
order (parameters added here come after them, with defaults). Annotations are not compared.
"""

from __future__ import annotations

import ast
import builtins
import collections
import enum
import importlib
import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SURFACE = Path(__file__).with_name("upstream-1.15.2-surface.txt")

#: Upstream bases this library deliberately does not use (COMPATIBILITY.md, row 6).
BASE_DIFFERENCES = {
    ("aiocamedomotic.models.DeviceUpdate", "CameEntity"),
    ("aiocamedomotic.models.UpdateList", "CameEntity"),
    ("aiocamedomotic.models.PlantTopology", "CameEntity"),
    ("aiocamedomotic.models.TopologyFloor", "CameEntity"),
    ("aiocamedomotic.models.TopologyRoom", "CameEntity"),
    ("aiocamedomotic.models.ServerInfo", "CameEntity"),
}


@dataclass(frozen=True)
class Entry:
    """One line of the listing."""

    module: str
    owner: str | None  # the class a member line belongs to
    kind: str  # module, class, alias, value, function, member
    name: str
    detail: str  # bases, alias target, value, signature, member kind + signature/value

    @property
    def path(self) -> str:
        parts = [self.module, self.owner, self.name] if self.owner else [self.module, self.name]
        return ".".join(p for p in parts if p)


_CLASS = re.compile(r"  class (\w+)\((.*)\)$")
_ALIAS = re.compile(r"  (\w+) = class ([\w.]+)$")
_VALUE = re.compile(r"  (\w+) = (.*)$")
_FUNCTION = re.compile(r"  (async def|def) (\w+)(\(.*\))(?: -> .*)?$")
_MEMBER = re.compile(r"    (property |classmethod |staticmethod |async |def )?(\w+)(.*)$")


_TOP_LEVEL = (("class", _CLASS), ("alias", _ALIAS), ("function", _FUNCTION), ("value", _VALUE))


def _match(line: str) -> tuple[str, re.Match[str]]:
    """The kind of a module-level line and its match."""
    for kind, pattern in _TOP_LEVEL:
        m = pattern.match(line)
        if m:
            return kind, m
    raise AssertionError(f"unparsed line: {line!r}")


def parse(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    module = owner = None
    for raw in path.read_text().splitlines():
        if not raw.strip():
            continue
        if raw.startswith("module "):
            module, owner = raw.split()[1], None
            entries.append(Entry(module, None, "module", "", ""))
            continue
        assert module is not None, raw
        if raw.startswith("    "):
            assert owner is not None, raw
            m = _MEMBER.match(raw)
            assert m, raw
            entries.append(
                Entry(module, owner, "member", m.group(2), f"{m.group(1) or ''}|{m.group(3)}")
            )
            continue
        kind, m = _match(raw)
        if kind == "function":
            name, detail = m.group(2), f"{m.group(1)}|{m.group(3)}"
        else:
            name, detail = m.group(1), m.group(2)
        owner = name if kind == "class" else None
        entries.append(Entry(module, None, kind, name, detail))
    return entries


ENTRIES = parse(SURFACE)


def _resolve(dotted: str) -> Any:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _base(name: str) -> Any:
    """A base named in the listing: a builtin, an enum or collections class, or a class of
    the package's public modules."""
    for namespace in (builtins, enum, collections):
        if hasattr(namespace, name):
            return getattr(namespace, name)
    for module in ("aiocamedomotic.models", "aiocamedomotic.errors", "aiocamedomotic.const"):
        found = getattr(importlib.import_module(module), name, None)
        if found is not None:
            return found
    raise AssertionError(f"unknown base {name}")


# --- signatures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    name: str
    kind: inspect._ParameterKind
    default: str | None  # repr of the default, None when there is none


def upstream_params(signature: str) -> list[Param]:
    """Parse ``(a: 'x', b: 'y' = 3, *, c=<E.M: 1>)`` as the listing prints it."""
    text = re.sub(r"<[^<>]*>", lambda m: repr(m.group(0)), signature)
    func = ast.parse(f"def f{text}: pass").body[0]
    assert isinstance(func, ast.FunctionDef)
    args = func.args

    def default(node: ast.expr | None) -> str | None:
        if node is None:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value[:1] == "<":
            return node.value  # a repr such as <AnalogSensorType.UNKNOWN: 'unknown'>
        return repr(ast.literal_eval(node))

    positional = [*args.posonlyargs, *args.args]
    pos_defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    params = [
        Param(a.arg, inspect.Parameter.POSITIONAL_ONLY if a in args.posonlyargs
              else inspect.Parameter.POSITIONAL_OR_KEYWORD, default(d))
        for a, d in zip(positional, pos_defaults, strict=True)
    ]  # fmt: skip
    if args.vararg:
        params.append(Param(args.vararg.arg, inspect.Parameter.VAR_POSITIONAL, None))
    params += [
        Param(a.arg, inspect.Parameter.KEYWORD_ONLY, default(d))
        for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    ]
    if args.kwarg:
        params.append(Param(args.kwarg.arg, inspect.Parameter.VAR_KEYWORD, None))
    return params


def our_params(obj: Any) -> list[Param]:
    return [
        Param(p.name, p.kind, None if p.default is inspect.Parameter.empty else repr(p.default))
        for p in inspect.signature(obj).parameters.values()
    ]


def check_signature(obj: Any, signature: str, *, bound: bool = False) -> None:
    """Upstream's positional parameters in order, its keyword-only ones in any order (a
    caller cannot tell), the same defaults; parameters added here need a default."""
    expected = upstream_params(signature)
    if bound:  # a classmethod: the listing shows cls, the bound method does not
        expected = expected[1:]
    ours = our_params(obj)
    keyword = inspect.Parameter.KEYWORD_ONLY
    positional = [p for p in expected if p.kind is not keyword]
    assert [(p.name, p.kind) for p in ours[: len(positional)]] == [
        (p.name, p.kind) for p in positional
    ], f"positional parameters differ: ours {ours}, upstream {expected}"
    by_name = {p.name: p for p in ours}
    for theirs in expected:
        mine = by_name.get(theirs.name)
        assert mine is not None, f"parameter {theirs.name} is missing"
        if theirs.kind is keyword:
            assert mine.kind in (keyword, inspect.Parameter.POSITIONAL_OR_KEYWORD), mine
        # a default upstream has must be the same; a default only here accepts more
        if theirs.default is not None:
            assert mine.default == theirs.default, f"{mine.name}: default {mine.default}"
    known = {p.name for p in expected}
    extra = [p for p in ours if p.name not in known]
    assert all(p.default is not None or p.kind is inspect.Parameter.VAR_KEYWORD for p in extra), (
        f"added parameters need a default: {extra}"
    )


def _value_matches(value: Any, expected: str) -> bool:
    shown = repr(value)
    truncated = expected.count("(") != expected.count(")") or expected.count("<") != expected.count(
        ">"
    )
    return shown.startswith(expected) if truncated else shown == expected


# --- the test --------------------------------------------------------------------------------


def check(entry: Entry) -> None:
    module = importlib.import_module(entry.module)
    if entry.kind == "module":
        return
    if entry.owner is None:
        assert hasattr(module, entry.name), f"{entry.path} is missing"
        obj = getattr(module, entry.name)
        if entry.kind == "class":
            assert isinstance(obj, type), f"{entry.path} is not a class"
            for base in (b.strip() for b in entry.detail.split(",")):
                if (f"aiocamedomotic.models.{entry.name}", base) in BASE_DIFFERENCES:
                    assert not issubclass(obj, _base(base))
                    continue
                assert issubclass(obj, _base(base)), f"{entry.path} is not a {base}"
        elif entry.kind == "alias":
            assert obj is _resolve(entry.detail), f"{entry.path} is not {entry.detail}"
        elif entry.kind == "value":
            assert _value_matches(obj, entry.detail), f"{entry.path} = {obj!r}"
        else:
            prefix, signature = entry.detail.split("|", 1)
            assert inspect.iscoroutinefunction(obj) == (prefix == "async def"), entry.path
            check_signature(obj, signature)
        return
    cls = getattr(module, entry.owner)
    assert hasattr(cls, entry.name), f"{entry.path} is missing"
    prefix, rest = entry.detail.split("|", 1)
    static = inspect.getattr_static(cls, entry.name)
    member = getattr(cls, entry.name)
    if prefix == "property ":
        assert hasattr(type(static), "__get__"), entry.path
        assert not inspect.isfunction(static), f"{entry.path} is a method, not a property"
        return
    if rest.startswith(" = "):
        expected = rest[3:]
        value = member.value if isinstance(cls, enum.EnumMeta) else member
        assert _value_matches(value, expected), f"{entry.path} = {value!r}, not {expected}"
        return
    signature = rest.split(" -> ")[0]
    if prefix == "classmethod ":
        assert isinstance(static, classmethod), f"{entry.path} is not a classmethod"
        check_signature(member, signature, bound=True)
    elif prefix == "staticmethod ":
        assert isinstance(static, staticmethod), f"{entry.path} is not a staticmethod"
        check_signature(member, signature)
    else:
        is_async = inspect.iscoroutinefunction(member)
        assert is_async == (prefix == "async "), f"{entry.path}: async is {is_async}"
        check_signature(member, signature)
    if prefix in ("classmethod ", "staticmethod ") and entry.name.startswith("async_"):
        assert inspect.iscoroutinefunction(member), f"{entry.path} must be a coroutine"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.kind}:{e.path}")
def test_upstream_surface(entry: Entry) -> None:
    check(entry)


def test_the_listing_was_read_whole() -> None:
    counted = sum(1 for line in SURFACE.read_text().splitlines() if line.strip())
    assert len(ENTRIES) == counted
    assert len([e for e in ENTRIES if e.kind != "module"]) == 763  # upstream's public names


def test_signature_parser() -> None:
    params = upstream_params("(self, a: 'int', b: 'x' = <E.M: 'm'>, *, c: 'bool' = False)")
    assert params == [
        Param("self", inspect.Parameter.POSITIONAL_OR_KEYWORD, None),
        Param("a", inspect.Parameter.POSITIONAL_OR_KEYWORD, None),
        Param("b", inspect.Parameter.POSITIONAL_OR_KEYWORD, "<E.M: 'm'>"),
        Param("c", inspect.Parameter.KEYWORD_ONLY, "False"),
    ]
