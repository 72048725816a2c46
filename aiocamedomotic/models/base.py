"""Models layer: :class:`CameEntity`, the base of every entity, and its hooks for the live layer.

An entity wraps the wire object of one server-side thing (a light, a floor, a timer...) in
:attr:`~CameEntity.raw_data` and exposes it through :mod:`._fields` descriptors. The live
layer keeps entities current in place with :meth:`CameEntity.apply_update`, which also tells
which public properties changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Protocol, cast, runtime_checkable

from ._fields import FieldModel

_LOGGER = logging.getLogger(__name__)

_MISSING: Any = object()

#: ``listener(entity, changed_property_names, source)``; see :meth:`CameEntity.apply_update`.
ChangeListener = Callable[["CameEntity", frozenset[str], str], None]


@runtime_checkable
class CommandSender(Protocol):
    """What an entity needs from :class:`~aiocamedomotic.auth.Auth`: a way to send commands.

    Typing the ``auth`` argument of the models as this small protocol (rather than the
    concrete ``Auth`` class) lets tests and other transports pass any object with a
    compatible ``async_send_command``.
    """

    async def async_send_command(
        self,
        command: dict[str, Any],
        *,
        response_command: str | None = None,
        timeout: int | None = None,  # noqa: ASYNC109 - mirrors Auth's signature
    ) -> dict[str, Any]:
        """Send one application message and return the server's response."""
        ...


def check_auth(auth: Any, owner: str) -> CommandSender:
    """Return ``auth`` if it can send commands, else raise ``ValueError``.

    Args:
        auth: the object passed as ``auth``.
        owner: the model class name, for the message.

    Returns:
        ``auth``, typed.

    Raises:
        ValueError: ``auth`` has no ``async_send_command`` method.
    """
    # Same test as ``isinstance(auth, CommandSender)``, without the runtime-protocol check
    # that cost ~4 µs per entity on every list call (bench/RESULTS.md).
    if not callable(getattr(auth, "async_send_command", None)):
        raise ValueError(
            f"{owner}: auth must provide async_send_command (an aiocamedomotic Auth), "
            f"not {type(auth).__name__}"
        )
    return cast(CommandSender, auth)


class CameEntity(FieldModel):
    """Base class for all the CAME entities.

    Attributes:
        raw_data: the wire object of the entity. Public and mutable: every property reads
            it, so ``entity.raw_data.update(update.raw_data)`` refreshes the entity.
        available: ``True`` unless the live layer found the entity gone or unreachable.
    """

    #: Family key of the entity (``"lights"``, ``"timers"``...), used by :attr:`unique_id`.
    _FAMILY: ClassVar[str] = ""
    #: Name of the property holding the entity's server id.
    _KEY_FIELD: ClassVar[str] = "act_id"
    #: Wire-key spellings stored under another key by :meth:`apply_update`.
    _WIRE_ALIASES: ClassVar[dict[str, str]] = {}

    available: bool
    #: Id of the entity whose list returned this one (a load's controller, §4.13), else None.
    parent_id: int | None = None
    _change_listener: ChangeListener | None
    _keycode: str | None

    def __init__(self, raw_data: dict[str, Any]) -> None:
        super().__init__(raw_data)
        self.available = True
        self._change_listener = None
        self._keycode = None

    @property
    def key(self) -> Any:
        """The entity's server id (``act_id``, ``open_act_id``, ``id``... per family)."""
        return getattr(self, self._KEY_FIELD)

    @property
    def unique_id(self) -> str | None:
        """Globally unique id ``"<keycode>:<family>:<key>"``, or ``None`` without a keycode.

        The keycode is attached by the live layer (``entity._keycode``); the id survives
        renames, unlike anything derived from the name.
        """
        if self._keycode is None:
            return None
        return f"{self._keycode}:{self._FAMILY}:{self.key}"

    def apply_update(self, raw: Mapping[str, Any], *, source: str = "push") -> frozenset[str]:
        """Merge wire fields into :attr:`raw_data` and report which properties changed.

        ``cmd_name`` is ignored; spellings listed in the class's wire aliases are stored
        under their canonical key (a thermo zone's ``temp_dec`` becomes ``temp``,
        PROTOCOL.md §5.5). When something changed, the change listener (if set) is called
        with ``(self, changed, source)``.

        Args:
            raw: the wire fields (an indication or a command's effect).
            source: where the data comes from (``"push"``, ``"command"``, ``"resync"``).

        Returns:
            The names of the public properties whose value changed.
        """
        data = self.raw_data
        aliases = self._WIRE_ALIASES
        pending: dict[str, Any] = {}
        for wire_key, value in raw.items():
            if wire_key == "cmd_name":
                continue
            key = aliases.get(wire_key, wire_key) if aliases else wire_key
            if data.get(key, _MISSING) != value:
                pending[key] = value
        stale = [alias for alias, canon in aliases.items() if canon in pending and alias in data]
        if not pending and not stale:
            return frozenset()
        index = self._key_index
        affected: set[str] = set()
        for key in (*pending, *stale):
            names = index.get(key)
            if names is not None:
                affected.update(names)
        # parse through the field table directly (no descriptor round trip): this is the
        # live layer's hot path
        fields = self._fields
        old = [(name, fields[name], fields[name].parse(data)) for name in affected]
        data.update(pending)
        for alias in stale:
            del data[alias]
        changed = frozenset(name for name, field, value in old if field.parse(data) != value)
        listener = self._change_listener
        if changed and listener is not None:
            try:
                listener(self, changed, source)
            except Exception:
                _LOGGER.exception("Change listener of %r failed", self)
        return changed


class AuthEntity(CameEntity):
    """An entity bound to a session, able to send commands (or needing the session at all).

    Args:
        raw_data: the wire object.
        auth: the session (anything with a compatible ``async_send_command``).

    Raises:
        ValueError: a required key is missing or ``auth`` cannot send commands.
    """

    def __init__(self, raw_data: dict[str, Any], auth: CommandSender) -> None:
        super().__init__(raw_data)
        self.auth = check_auth(auth, type(self).__name__)

    async def _async_command(
        self, command: dict[str, Any], effect: Mapping[str, Any] | None = None
    ) -> None:
        """Send an action and, once acknowledged, apply its known effect to this entity.

        Only the ACK is checked, never the reply name (PROTOCOL.md §3.3).
        """
        await self.auth.async_send_command(command)
        if effect:
            self.apply_update(effect, source="command")
