"""Models layer: application commands declared once, and the one path that sends them.

A :class:`Command` says what a command is on the wire - its ``cmd_name``, its constant and
variable fields, the reply to expect - and what it does to the entity that sent it once the
server acknowledged it (its local *effect*), and whether it may be sent again after a lost
session. The model methods check their arguments, then hand the field values to
:meth:`~aiocamedomotic.models.base.AuthEntity._async_send` (entity commands) or
:meth:`Command.async_run` (plant-level commands), which both end in
:meth:`Command.async_send`; no model method builds a command message by hand.
Each family's catalogue entry lists its commands (:attr:`FamilySpec.commands
<aiocamedomotic.models.catalogue.FamilySpec.commands>`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from .base import CommandSender

__all__ = ["POLL", "Command", "Effect", "poll_results"]

#: A computed local effect: ``(entity, message sent, reply) -> raw fields to merge`` (or
#: ``None``: nothing is known to have changed).
EffectFunction: TypeAlias = Callable[
    [Any, Mapping[str, Any], Mapping[str, Any]], Mapping[str, Any] | None
]
#: A local effect: a computed one, or ``raw_data`` key -> message field copied into it.
Effect: TypeAlias = Mapping[str, str] | EffectFunction


@dataclass(frozen=True, slots=True)
class Command:
    """One application command of the protocol, declared once.

    Attributes:
        name: the ``cmd_name``.
        fields: the variable fields, in message order (a field given as ``None``, or not
            given, is left out of the message).
        fixed: constant fields, placed right after ``cmd_name``.
        effect: what the acknowledged command does to the sending entity: a mapping
            ``raw_data`` key -> message field (the field's value is merged under the key,
            when the message carries it), or a function of ``(entity, message, reply)``
            returning the raw fields to merge. Empty: the command changes nothing this
            library can know before the server says so (an indication, a resync).
        resend: whether the command may be sent again after a lost session (ACK 7/8, the
            session logs in again first, PROTOCOL.md §2.10). ``False`` for a toggle: sent
            once, a second run would undo the first.
        reply: the ``cmd_name`` of the expected answer (checked), or ``None`` to check only
            the ACK (PROTOCOL.md §3.3).
    """

    name: str
    fields: tuple[str, ...] = ()
    fixed: Mapping[str, Any] = field(default_factory=dict)
    effect: Effect = field(default_factory=dict)
    resend: bool = True
    reply: str | None = None
    # derived once, for the hot path of every command
    _names: frozenset[str] = field(init=False, repr=False, compare=False)
    _copies: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_names", frozenset(self.fields))
        effect = self.effect
        object.__setattr__(self, "_copies", () if callable(effect) else tuple(effect.items()))

    def message(self, **values: Any) -> dict[str, Any]:
        """Build the application message.

        Args:
            **values: the variable fields by name (``None`` leaves a field out).

        Returns:
            ``{"cmd_name": name, **fixed, **fields}``.

        Raises:
            TypeError: a value names no field of this command (a programming error).
        """
        if not self._names.issuperset(values):
            unknown = sorted(values.keys() - self._names)
            raise TypeError(f"{self.name} has no field(s) {unknown}")
        message: dict[str, Any] = {"cmd_name": self.name, **self.fixed}
        for name in self.fields:
            value = values.get(name)
            if value is not None:
                message[name] = value
        return message

    def effect_of(
        self, entity: Any, message: Mapping[str, Any], reply: Mapping[str, Any]
    ) -> Mapping[str, Any] | None:
        """The raw fields the acknowledged ``message`` changed on ``entity``, if known."""
        effect = self.effect
        if callable(effect):
            return effect(entity, message, reply)
        return {key: message[wire] for key, wire in self._copies if wire in message}

    async def async_send(self, sender: CommandSender, message: dict[str, Any]) -> dict[str, Any]:
        """Send a message built by this command: the one path of every application command.

        A command that must not be resent goes through the session's
        ``async_send_command_once`` when it has one (an
        :class:`~aiocamedomotic.models.base.OnceCommandSender`); a plain sender's own rules
        apply otherwise.

        Args:
            sender: the session.
            message: the application message (:meth:`message`).

        Returns:
            The server's answer.

        Raises:
            CameDomoticServerError: the server refused the command (or, for a command that
                is not resent, the session was lost).
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        if not self.resend:
            # an OnceCommandSender, checked by name: the runtime protocol check costs more
            once = getattr(sender, "async_send_command_once", None)
            if once is not None:
                reply: dict[str, Any] = await once(message, response_command=self.reply)
                return reply
        return await sender.async_send_command(message, response_command=self.reply)

    async def async_run(self, sender: CommandSender, /, **values: Any) -> dict[str, Any]:
        """Build the message from ``values`` and send it (a plant-level command: no entity
        takes its effect).

        Args:
            sender: the session.
            **values: the variable fields.

        Returns:
            The server's answer.

        Raises:
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        return await self.async_send(sender, self.message(**values))


#: The long poll (PROTOCOL.md §5.1, §5.2). ``timeout`` asks the server to answer an idle
#: poll with ``[]`` in time [reverse-engineered]; no reply name is checked, because some
#: firmware answer an idle poll with ``generic_reply`` (§5.2).
POLL = Command("status_update_req", fields=("timeout",))


def poll_results(response: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The indications of a long poll's answer (``result``), objects only; ``[]`` when the
    answer has none (an idle poll, or a malformed ``result``)."""
    result = response.get("result")
    if not isinstance(result, list):
        return []
    return [item for item in result if isinstance(item, dict)]
