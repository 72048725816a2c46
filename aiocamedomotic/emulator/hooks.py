"""Emulator layer: the catalogue of test hooks, declared once on the methods themselves.

A method of :class:`~.server.CameEmulator` or :class:`~.plant.Plant` marked with
:func:`hook` is a test hook (PROTOCOL.md §6.11: physical events, faults, plant changes,
inspection). Everything that reaches the hooks from outside the process is derived from
their signatures and docstrings: the control API checks JSON arguments against the type
hints (:meth:`Hook.bind`), and the CLI builds one command per hook from the same
:class:`Param` list. Adding a hook is adding the decorator.
"""

from __future__ import annotations

import inspect
import math
import os
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

__all__ = ["Hook", "HookArgumentError", "Param", "collect", "hook", "plain"]

F = TypeVar("F", bound=Callable[..., Any])

#: What a hook is for; the panel groups its fault buttons by it.
Group = Literal["physical", "faults", "sessions", "plant", "inspect"]
Owner = Literal["emulator", "plant"]

_MARK = "_emulator_hook"


@dataclass(frozen=True)
class _Mark:
    group: Group
    remote_required: frozenset[str]


def hook(group: Group, *, remote_required: Iterable[str] = ()) -> Callable[[F], F]:
    """Mark a method as a test hook (reachable from the control API and the CLI).

    Args:
        group: what the hook is for.
        remote_required: parameters optional in process but required from outside (e.g.
            how long ``stop_listening`` lasts: the control API listens on that socket).
    """

    def mark(func: F) -> F:
        setattr(func, _MARK, _Mark(group, frozenset(remote_required)))
        return func

    return mark


class HookArgumentError(ValueError):
    """JSON arguments that do not fit a hook's signature (the message names the argument)."""


@dataclass(frozen=True)
class Param:
    """One parameter of a hook.

    Attributes:
        name: the parameter name (a JSON key of the control API).
        annotation: its resolved type hint.
        kind: ``"positional"`` (may also be given by name), ``"variadic"`` (``*args``, a
            JSON list) or ``"keyword"``.
        required: whether a caller outside the process must give it.
        default: the default value when not required (``None`` for a variadic one).
    """

    name: str
    annotation: Any
    kind: Literal["positional", "variadic", "keyword"]
    required: bool
    default: Any = None

    @property
    def kinds(self) -> frozenset[str]:
        """The JSON forms the parameter takes (``"int"``, ``"null"``, ``"object"``...), plus
        ``"path"`` when it names a file (it accepts ``os.PathLike``)."""
        return frozenset(kind for arm in _arms(self.annotation) if (kind := _kind(arm)))

    @property
    def type_name(self) -> str:
        """The JSON type in words, e.g. ``"int | null"``, ``"[int]"``, ``"object"``."""
        if self.kind == "variadic":
            return f"[{describe(self.annotation)}]"
        return describe(self.annotation)


@dataclass(frozen=True)
class Hook:
    """One test hook.

    Attributes:
        name: the method name (the control API path's last part).
        owner: whose method it is: the emulator's or the plant's.
        group: what it is for.
        summary: the first paragraph of its docstring.
        description: its docstring without the ``Args``/``Returns``/``Raises`` sections.
        param_docs: each parameter's text in the ``Args`` section.
        params: its parameters, in order.
        is_async: whether it is a coroutine function.
    """

    name: str
    owner: Owner
    group: Group
    summary: str
    description: str
    param_docs: Mapping[str, str]
    params: tuple[Param, ...]
    is_async: bool = field(default=False)

    def as_json(self) -> dict[str, Any]:
        """The hook's catalogue entry (control API ``GET .../hooks``), in plain text."""
        return {
            "name": self.name,
            "owner": self.owner,
            "group": self.group,
            "summary": plain(self.summary),
            "params": [
                {
                    "name": p.name,
                    "type": p.type_name,
                    "doc": plain(self.param_docs.get(p.name, "")),
                    "required": p.required,
                    **({} if p.required or p.kind == "variadic" else {"default": p.default}),
                }
                for p in self.params
            ],
        }

    def bind(self, arguments: Mapping[str, Any]) -> tuple[list[Any], dict[str, Any]]:
        """Check JSON arguments against the signature.

        Args:
            arguments: the JSON object of a control API request.

        Returns:
            ``(args, kwargs)`` to call the hook with.

        Raises:
            HookArgumentError: an unknown, missing or ill-typed argument.
        """
        unknown = sorted(set(arguments) - {p.name for p in self.params})
        if unknown:
            raise HookArgumentError(f"{self.name}: unknown argument(s) {', '.join(unknown)}")
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for param in self.params:
            if param.name not in arguments:
                if param.required:
                    raise HookArgumentError(f"{param.name}: missing")
                continue
            value = arguments[param.name]
            if param.kind == "variadic":
                if not isinstance(value, list):
                    raise HookArgumentError(f"{param.name}: expected a list")
                args.extend(_checked(item, param.annotation, param.name) for item in value)
            else:
                kwargs[param.name] = _checked(value, param.annotation, param.name)
        if args:  # *args cannot follow keyword arguments: pass the positional ones in order
            positional = [p.name for p in self.params if p.kind == "positional"]
            args = [kwargs.pop(name) for name in positional if name in kwargs] + args
        return args, kwargs


def collect(cls: type, owner: Owner) -> list[Hook]:
    """The hooks of a class, in definition order (an alias is listed once, by its name).

    Raises:
        TypeError: a hook parameter whose type has no JSON form.
    """
    hooks: list[Hook] = []
    seen: set[int] = set()
    for klass in reversed(cls.__mro__):
        for name, member in vars(klass).items():
            mark = getattr(member, _MARK, None)
            if not isinstance(mark, _Mark) or id(member) in seen or name != member.__name__:
                continue
            seen.add(id(member))
            hooks.append(_describe_hook(member, owner, mark))
    return hooks


def _describe_hook(func: Callable[..., Any], owner: Owner, mark: _Mark) -> Hook:
    hints = typing.get_type_hints(func)
    params: list[Param] = []
    for p in list(inspect.signature(func).parameters.values())[1:]:  # skip self
        annotation = hints.get(p.name, Any)
        if describe(annotation) == "?":
            raise TypeError(f"{func.__name__}.{p.name}: no JSON form for {annotation!r}")
        if p.kind is inspect.Parameter.VAR_POSITIONAL:
            params.append(Param(p.name, annotation, "variadic", required=False))
            continue
        has_default = p.default is not inspect.Parameter.empty
        params.append(
            Param(
                p.name,
                annotation,
                "keyword" if p.kind is inspect.Parameter.KEYWORD_ONLY else "positional",
                required=not has_default or p.name in mark.remote_required,
                default=p.default if has_default else None,
            )
        )
    description, param_docs = _sections(inspect.getdoc(func) or func.__name__)
    return Hook(
        name=func.__name__,
        owner=owner,
        group=mark.group,
        summary=description.split("\n\n", 1)[0].replace("\n", " "),
        description=description,
        param_docs=param_docs,
        params=tuple(params),
        is_async=inspect.iscoroutinefunction(func),
    )


_SECTIONS = ("Args:", "Returns:", "Raises:", "Example:", "Examples:")
_ROLE = re.compile(r":(?:meth|class|attr|func|mod):`~?\.?([^`]+)`")


def plain(text: str) -> str:
    """Docstring markup (double back-quotes, Sphinx roles) as plain text."""
    return _ROLE.sub(r"\1", text).replace("``", "'")


def _sections(doc: str) -> tuple[str, dict[str, str]]:
    """A Google-style docstring's description, and the text of each ``Args`` entry."""
    description: list[str] = []
    params: dict[str, str] = {}
    section: str | None = None
    current: str | None = None
    for line in doc.splitlines():
        stripped = line.strip()
        if not line.startswith(" ") and stripped in _SECTIONS:
            section, current = stripped, None
            continue
        if section is None:
            description.append(line)
        elif section == "Args:" and stripped:
            name, colon, text = stripped.partition(":")
            if line.startswith("    ") and not line.startswith("     ") and colon:
                current = name.strip()
                params[current] = text.strip()
            elif current is not None:
                params[current] += " " + stripped
    return "\n".join(description).strip(), params


# --- JSON forms of type hints -------------------------------------------------------------


def _arms(annotation: Any) -> tuple[Any, ...]:
    """The members of a union (or the type itself)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def _is_object(annotation: Any) -> bool:
    origin = typing.get_origin(annotation) or annotation
    return origin in (dict, Mapping)


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (list, tuple) or annotation in (list, tuple)


_SCALARS: dict[Any, str] = {
    type(None): "null",
    Any: "any",
    bool: "bool",
    int: "int",
    float: "number",
    str: "string",
}


def _kind(arm: Any) -> str | None:
    """The JSON form of one union member (``None``: it has none, e.g. a Plant instance)."""
    if arm in _SCALARS:
        return _SCALARS[arm]
    if _is_object(arm):
        return "object"
    if _is_list(arm):
        return "list"
    if (typing.get_origin(arm) or arm) is os.PathLike:
        return "path"
    return None


def describe(annotation: Any) -> str:
    """A type hint's JSON form in words (``"?"`` when it has none)."""
    words: list[str] = []
    for arm in _arms(annotation):
        kind = _kind(arm)
        if kind == "list":
            items = typing.get_args(arm)
            words.append(f"[{describe(items[0]) if items else 'any'}]")
        elif kind is not None and kind != "path":  # a path travels as a string
            words.append(kind)
    return " | ".join(words) if words else "?"


def _checked(value: Any, annotation: Any, name: str) -> Any:
    """``value`` if it has one of the JSON forms of ``annotation``.

    Raises:
        HookArgumentError: it has none.
    """
    for arm in _arms(annotation):
        if _fits(value, arm):
            return float(value) if arm is float else value
    raise HookArgumentError(f"{name}: expected {describe(annotation)}")


def _fits(value: Any, arm: Any) -> bool:
    if arm is Any:
        return True
    if arm is type(None):
        return value is None
    if arm is bool:
        return isinstance(value, bool)
    if arm is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if arm is float:
        return (
            isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        )
    if arm is str:
        return isinstance(value, str)
    if _is_object(arm):
        return isinstance(value, dict) and all(isinstance(k, str) for k in value)
    if _is_list(arm):
        items = typing.get_args(arm)
        return isinstance(value, list) and (
            not items or all(_fits(item, items[0]) for item in value)
        )
    return False
