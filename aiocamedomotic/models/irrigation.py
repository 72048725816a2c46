"""Models layer: irrigation sectors and their sprinklers - experimental (PROTOCOL.md §4.14).

**Experimental, [reverse-engineered].** Evidence: PROTOCOL.md §4.14 (field list and the
commands, from HSA's integration and AIO's port of it; no capture from a live plant),
§5.5 (``irrigation_detail_ind``), §7.11 (days bitmask), §7.12 (feature ``"irrig"``).

Unknown (§8.19): whether field shapes differ per firmware beyond what is handled here (the
``sprinklers`` list is either objects or plain integer ids: both are read), the allowed
range of ``perc`` (this library accepts 0-200: 100 is the nominal time and 90/110 are the
values seen), of a sprinkler's ``active`` seconds (0-86400 accepted) and ``duty`` (0-100 %),
and the reply of the commands (only the ACK is checked, §3.3). The raw ``start``, ``end``
and ``sprinklers`` fields are therefore passed through unchanged, next to typed views.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..utils import EntityValidator
from ._checks import check_bool, check_int
from ._fields import (
    Field,
    FieldModel,
    bool_field,
    int_field,
    opt_int_field,
    str_field,
    time_of_day,
    to_bool,
    to_int,
    to_list,
    to_str,
)
from ._reexport import auth_on_access
from .base import AuthEntity, CameEntity
from .command import Command
from .timer import _active_days
from .update import DeviceUpdate

if TYPE_CHECKING:
    from ..auth import Auth
else:
    __getattr__ = auth_on_access(__name__)  # upstream re-exports Auth here

__all__ = ["Auth", "CameEntity", "EntityValidator", "Irrigation", "IrrigationUpdate", "Sprinkler"]

#: Accepted range of :meth:`Irrigation.async_set_perc` (a choice, see the module doc).
PERC_RANGE = (0, 200)
#: Accepted range of a sprinkler's maximum watering time in seconds (a choice).
ACTIVE_RANGE = (0, 86400)


class Sprinkler(FieldModel):
    """One sprinkler (valve) of a sector.

    Built from an object of the ``sprinklers`` array, or from a plain integer id on firmware
    that lists ids only (then every other field has its default).

    Args:
        raw_data: the sprinkler object (``{"act_id": n}`` for a plain id).
    """

    _REQUIRED: ClassVar[tuple[str, ...]] = ("act_id",)
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("act_id", "name", "enabled", "watering")

    act_id = int_field("act_id", doc="Actuator id of the sprinkler.")
    name = str_field("name", doc="Name of the sprinkler (empty when not reported).")
    enabled = bool_field("enabled", doc="Whether the sprinkler takes part in the cycle.")
    watering = bool_field("status", doc="Whether the sprinkler is delivering water now.")
    active: Field[int | None] = opt_int_field(
        "active", doc="Maximum watering time in seconds, or None when not reported."
    )
    duty: Field[int | None] = opt_int_field(
        "duty", doc="Duty cycle in %, or None when not reported."
    )


def _sprinklers(value: Any) -> list[Sprinkler]:
    # objects (HSA) or plain integer ids (AIO's test data): both shapes, §4.14
    result = []
    for item in to_list(value):
        if isinstance(item, dict) and "act_id" in item:
            result.append(Sprinkler(item))
        elif isinstance(item, int) and not isinstance(item, bool):
            result.append(Sprinkler({"act_id": item}))
    return result


def _clock(value: Any) -> tuple[int, int, int] | None:
    parsed = time_of_day(value)
    # ``hour: -1`` alone already means "not set" for irrigation (§4.14)
    return None if parsed is None or parsed[0] < 0 else parsed


def _is_running(raw: Mapping[str, Any]) -> bool:
    return to_int(raw.get("status") or 0) != 0 or to_bool(raw.get("forced") or 0)


class IrrigationFields:
    """Fields shared by :class:`Irrigation` and :class:`IrrigationUpdate`."""

    id = int_field("id", doc="Unique irrigation sector identifier.")
    enabled = bool_field("enabled", doc="Whether the sector's weekly schedule is enabled.")
    status = int_field("status", doc="Raw running status (1 = watering now; 0 when absent).")
    forced = bool_field("forced", doc="Whether a forced (manual) watering cycle is running.")
    is_running: Field[bool] = Field(
        ("status", "forced"),
        read=_is_running,
        default=False,
        doc="Whether the sector is watering: a non-zero ``status`` or a forced cycle.",
    )
    days = int_field("days", doc="Bitmask of active days (bit 0 = Monday ... bit 6 = Sunday).")
    perc = int_field(
        "perc", doc="Watering duration in % of the nominal time (100 = nominal; 0 when absent)."
    )
    start: Field[Any] = Field(
        "start",
        default=None,
        doc="Raw start-window value as the server sent it (``{hour, min, sec}`` seen), or "
        "None if absent; :attr:`start_time` is the typed view.",
    )
    end: Field[Any] = Field(
        "end",
        default=None,
        doc="Raw end-window value (computed by the server), or None if absent; "
        ":attr:`end_time` is the typed view.",
    )
    sprinklers: Field[Any] = Field(
        "sprinklers",
        default=None,
        doc="Raw sprinkler configuration as the server sent it (firmware-dependent: "
        "objects or plain ids), or None if absent; :attr:`sprinkler_list` is the typed view.",
    )
    start_time: Field[tuple[int, int, int] | None] = Field(
        "start", _clock, default=None, doc="Start time ``(h, m, s)``, or None when not set."
    )
    end_time: Field[tuple[int, int, int] | None] = Field(
        "end", _clock, default=None, doc="End time ``(h, m, s)``, or None when not set."
    )
    sprinkler_list: Field[list[Sprinkler]] = Field(
        "sprinklers",
        _sprinklers,
        default_factory=list,
        doc="The sector's sprinklers as :class:`Sprinkler` objects (from either shape).",
    )
    active_days: Field[list[str]] = Field(
        "days", _active_days, default_factory=list, doc="Names of the days the schedule runs."
    )


def _set_effect(
    sector: Irrigation, message: Mapping[str, Any], _reply: object
) -> dict[str, Any] | None:
    changed = message.get("sprinklers")
    if changed is None:  # one aspect of the schedule per message (§4.14): the field itself
        return {k: message[k] for k in ("enabled", "perc", "days", "start") if k in message}
    raw = sector.raw_data.get("sprinklers")
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        return None
    change = changed[0]  # one sprinkler per message
    return {
        "sprinklers": [
            {**item, **change} if item.get("act_id") == change["act_id"] else item for item in raw
        ]
    }


#: Toggle a forced watering cycle: a toggle, never resent (PROTOCOL.md §4.14).
FORCE = Command("irrigation_force_req", fields=("id",), resend=False)
#: Change one aspect of a sector's schedule, or of one of its sprinklers (§4.14).
SET = Command(
    "irrigation_set_req",
    fields=("id", "enabled", "perc", "days", "start", "sprinklers"),
    effect=_set_effect,
)


class Irrigation(IrrigationFields, AuthEntity):
    """An irrigation sector - experimental, [reverse-engineered] (PROTOCOL.md §4.14).

    A schedulable watering zone keyed on its ``id`` (not ``act_id``): force a cycle with
    :meth:`async_force`, enable or disable its weekly schedule with
    :meth:`async_set_enabled`. Changes made on the server (and the end of a forced cycle)
    arrive as ``irrigation_detail_ind`` and are applied by the live plant.

    Args:
        raw_data: an ``irrigation_list_resp`` array item.
        auth: the session used to send commands.

    Raises:
        ValueError: ``id`` is missing or ``auth`` cannot send commands.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name", "enabled", "is_running", "forced")

    name: Field[str | None] = Field(
        "name", to_str, default=None, doc="Display name, or None if the server omits it."
    )

    async def async_force(self) -> None:
        """Toggle a forced watering cycle: start it when idle, stop it when running.

        ``irrigation_force_req`` is a **toggle** (§4.14), so it is never resent after a
        lost session (a resend could undo it): after ACK 7/8 the call fails and the next
        call logs in again. The resulting state is not guessed locally; it arrives with the
        server's ``irrigation_detail_ind``.

        Raises:
            CameDomoticServerError: the server refused the command (or the session was lost).
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_send(FORCE, id=self.id)

    async def async_set_enabled(self, enabled: bool) -> None:
        """Enable or disable the sector's weekly schedule (a running cycle is not stopped).

        Args:
            enabled: True to enable the schedule, False to disable it.

        Raises:
            ValueError: ``enabled`` is not a bool (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_send(SET, id=self.id, enabled=int(check_bool(enabled, "enabled")))

    async def async_set_perc(self, perc: int) -> None:
        """Set the watering duration in % of the nominal time (100 = nominal).

        Args:
            perc: 0-200 (the range is this library's choice, see the module doc).

        Raises:
            ValueError: ``perc`` is out of range (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_send(SET, id=self.id, perc=check_int(perc, "perc", *PERC_RANGE))

    async def async_set_days(self, days: int) -> None:
        """Set the days bitmask of the schedule (bit 0 = Monday ... bit 6 = Sunday).

        Args:
            days: 0-127.

        Raises:
            ValueError: ``days`` is out of range (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_send(SET, id=self.id, days=check_int(days, "days", 0, 127))

    async def async_set_start(self, hour: int, minute: int, second: int = 0) -> None:
        """Set the start time of the schedule (the server recomputes ``end``).

        Args:
            hour: 0-23.
            minute: 0-59.
            second: 0-59.

        Raises:
            ValueError: a part is out of range (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        start = {
            "hour": check_int(hour, "hour", 0, 23),
            "min": check_int(minute, "minute", 0, 59),
            "sec": check_int(second, "second", 0, 59),
        }
        await self._async_send(SET, id=self.id, start=start)

    async def _async_set_sprinkler(self, act_id: int, aspect: str, value: int) -> None:
        known = [s.act_id for s in self.sprinkler_list]
        if isinstance(act_id, bool) or not isinstance(act_id, int) or act_id not in known:
            raise ValueError(
                f"act_id must be one of the sector's sprinklers {known}, got {act_id!r}"
            )
        await self._async_send(SET, id=self.id, sprinklers=[{"act_id": act_id, aspect: value}])

    async def async_set_sprinkler_enabled(self, act_id: int, enabled: bool) -> None:
        """Include a sprinkler in the cycle or leave it out.

        Args:
            act_id: one of the sector's sprinklers.
            enabled: whether it takes part.

        Raises:
            ValueError: unknown ``act_id`` or ``enabled`` not a bool (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_set_sprinkler(act_id, "enabled", int(check_bool(enabled, "enabled")))

    async def async_set_sprinkler_active(self, act_id: int, seconds: int) -> None:
        """Set a sprinkler's maximum watering time.

        Args:
            act_id: one of the sector's sprinklers.
            seconds: 0-86400.

        Raises:
            ValueError: unknown ``act_id`` or ``seconds`` out of range (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        seconds = check_int(seconds, "seconds", *ACTIVE_RANGE)
        await self._async_set_sprinkler(act_id, "active", seconds)

    async def async_set_sprinkler_duty(self, act_id: int, duty: int) -> None:
        """Set a sprinkler's duty cycle.

        Args:
            act_id: one of the sector's sprinklers.
            duty: 0-100 (%).

        Raises:
            ValueError: unknown ``act_id`` or ``duty`` out of range (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        duty = check_int(duty, "duty", 0, 100)
        await self._async_set_sprinkler(act_id, "duty", duty)


class IrrigationUpdate(IrrigationFields, DeviceUpdate):
    """Typed ``irrigation_detail_ind``: a complete sector (experimental, §5.5)."""

    _REPR_FIELDS = ("id", "name", "is_running", "forced")

    device_id = opt_int_field("id", doc="Sector id.")
