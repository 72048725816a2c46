"""Models layer: sound zones and their sources - experimental (PROTOCOL.md §4.15).

**Experimental, [reverse-engineered].** Evidence: PROTOCOL.md §4.15 (``sound_room_list_req``,
``sound_room_src_req``, ``sound_switch_req``, ``suftif_cmd_req``, from AIO and the official
web client's manual), §6.8 (the two firmware shapes of the source list), §7.15 (actions).

Gating: no feature string is known for sound (§7.12), so sound zones are fetched only when
asked (:meth:`~aiocamedomotic.CameDomoticAPI.async_get_sound_zones`) and are not part of the
live plant. No indication is documented either: after each command the zone is read again
with ``sound_room_src_req`` (falling back to the command's known effect if that read fails).

Unknown (§8.19): the meaning of ``standby``'s value in ``sound_switch_req`` is
contradictory - AIO sends 1 to go to standby and 0 to wake, the web client's manual says
"0 off / 1 on". This library follows AIO (the value is the new ``standby`` flag, matching
the list field of the same name). The units of ``volume`` and the behaviour of the other
actions (``sleep``, ``balance``, ``treble``, ``bass``) are unknown and not offered.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import CameDomoticServerError
from ..utils import EntityValidator
from ._checks import WIRE_INT_MAX, check_bool, check_int, check_number, check_str
from ._fields import Field, bool_field, int_field, opt_int_field, to_bool, to_int, to_str
from ._reexport import auth_on_access
from .base import AuthEntity, CameEntity
from .command import Command

if TYPE_CHECKING:
    from ..auth import Auth
else:
    __getattr__ = auth_on_access(__name__)  # upstream re-exports Auth here

__all__ = [
    "Auth",
    "CameEntity",
    "EntityValidator",
    "SoundSourceAction",
    "SoundZone",
    "SoundZoneAction",
]

_LOGGER = logging.getLogger(__name__)

#: Largest ``N`` of the flat ``source_N`` keys declared for change tracking (firmware B).
_FLAT_SOURCES = 32
_FLAT_KEY = re.compile(r"source_(\d+)")
#: Response keys that are not zone fields.
_ENVELOPE = frozenset({"cmd_name", "cseq", "sl_data_ack_reason"})


class SoundZoneAction(Enum):
    """Actions of the ``sound_switch_req`` command (PROTOCOL.md §4.15, §7.15).

    Values:
        * STANDBY ("standby"): power the zone on or off
        * MUTE ("mute"): mute or unmute the zone
        * VOLUME ("volume"): set the raw volume
        * SOURCE ("source"): select an input source by id
    """

    STANDBY = "standby"
    MUTE = "mute"
    VOLUME = "volume"
    SOURCE = "source"


class SoundSourceAction(StrEnum):
    """The ``suftif_cmd_req`` actions known from the web client's manual (§4.15, §7.15).

    Being strings, members can be passed to :meth:`SoundZone.async_send_source_command`;
    the set a source accepts depends on the device.
    """

    PLAY = "play"
    STOP = "stop"
    PAUSE = "pause"
    FFW = "ffw"
    REW = "rew"
    MP3_PLAY = "mp3_play"
    MP3_STOP = "mp3_stop"
    MP3_PAUSE = "mp3_pause"
    MP3_TRACK_PLUS = "mp3_track_plus"
    MP3_TRACK_MINUS = "mp3_track_minus"
    MP3_FOLDER_PLUS = "mp3_folder_plus"
    MP3_FOLDER_MINUS = "mp3_folder_minus"
    TUN_MEM_PLUS = "tun_mem_plus"
    TUN_MEM_MINUS = "tun_mem_minus"
    TUN_SCAN_PLUS = "tun_scan_plus"
    TUN_SCAN_MINUS = "tun_scan_minus"


def _source(name: Any, ident: Any) -> dict[str, Any] | None:
    """One normalised source, or None when its name is unusable (an id may be missing)."""
    try:
        text = to_str(name)
    except TypeError:
        return None
    try:
        number: int | None = None if ident is None else to_int(ident)
    except (TypeError, ValueError, OverflowError):
        number = None
    return {"name": text, "id": number}


def _sources(raw: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Merge both firmware shapes into ``{"name", "id"}`` dicts, without repeats (§4.15, §6.8).

    A: ``sources: [{"source" or "source_name": name, "id": n}]``; B: flat ``source_N``
    names with ids in ``id_source_N`` (default ``N - 1``).
    """
    found: list[dict[str, Any] | None] = []
    array = raw.get("sources")
    if isinstance(array, list):
        found += [
            _source(item.get("source", item.get("source_name")), item.get("id"))
            for item in array
            if isinstance(item, dict)
        ]
    flat = []
    for key, name in raw.items():
        match = _FLAT_KEY.fullmatch(key)
        if match is not None and name is not None:
            number = int(match.group(1))
            flat.append((number, _source(name, raw.get(f"id_source_{number}", number - 1))))
    found += [source for _number, source in sorted(flat, key=lambda pair: pair[0])]
    result: list[dict[str, Any]] = []
    for source in found:
        if source is not None and source not in result:
            result.append(source)
    return result


_SOURCE_KEYS = (
    "sources",
    *(f"source_{n}" for n in range(1, _FLAT_SOURCES + 1)),
    *(f"id_source_{n}" for n in range(1, _FLAT_SOURCES + 1)),
)


def _volume_level(raw: Mapping[str, Any]) -> float | None:
    values = [raw.get(key) for key in ("volume", "min_volume", "max_volume")]
    if any(value is None for value in values):
        return None
    volume, low, high = (to_int(value) for value in values)
    if high == low:
        return 0.0
    return min(1.0, max(0.0, (volume - low) / (high - low)))


def _read_effect(
    zone: SoundZone, _message: Mapping[str, Any], reply: Mapping[str, Any]
) -> dict[str, Any] | None:
    # applied only if the answer is about this zone
    fields = {k: v for k, v in reply.items() if k not in _ENVELOPE}
    return fields if fields.get("id", zone.id) == zone.id else None


_SOUND = {"appl_msg_type": "sound"}
#: Read a zone again (its state, sources and volume range), §4.15 [reverse-engineered].
READ = Command("sound_room_src_req", fixed=_SOUND, fields=("value",), effect=_read_effect)
#: Change one aspect of a zone (:class:`SoundZoneAction`); no indication follows (§5.5).
SWITCH = Command("sound_switch_req", fixed=_SOUND, fields=("id", "action", "value"))
#: A transport or tuner command to a source device, passed through (§4.15).
SOURCE_COMMAND = Command("suftif_cmd_req", fixed=_SOUND, fields=("id", "action"))


class SoundZone(AuthEntity):
    """A sound zone - experimental, [reverse-engineered] (PROTOCOL.md §4.15).

    An audio zone keyed on its ``id`` (not ``act_id``): power it on or off, mute it, set
    its volume and choose among its input sources. No indication exists for sound (§5.5):
    after each command the zone is read again with ``sound_room_src_req`` (its known effect
    is applied instead if that read fails).

    Args:
        raw_data: a ``sound_room_list_resp`` array item.
        auth: the session used to send commands.

    Raises:
        ValueError: ``id`` is missing or ``auth`` cannot send commands.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name", "is_on", "volume", "source")

    id = int_field("id", doc="Unique sound zone identifier.")
    name: Field[str | None] = Field(
        "name", to_str, default=None, doc="Display name, or None if the server omits it."
    )
    is_on: Field[bool] = Field(
        "standby",
        lambda value: not to_bool(value),
        default=True,
        doc="Whether the zone is powered on, i.e. not in standby (True when not reported).",
    )
    is_muted = bool_field("mute", doc="Whether the zone is muted.")
    volume = opt_int_field("volume", doc="Raw volume reported by the server, or None if absent.")
    min_volume = opt_int_field("min_volume", doc="Lower bound of the raw volume, or None.")
    max_volume = opt_int_field("max_volume", doc="Upper bound of the raw volume, or None.")
    volume_level: Field[float | None] = Field(
        ("volume", "min_volume", "max_volume"),
        read=_volume_level,
        default=None,
        doc="Volume normalised to 0.0-1.0 (clamped); None when the raw volume or its range "
        "is unknown, 0.0 for an empty range.",
    )
    source: Field[str | None] = Field(
        ("source_name", "source"),
        to_str,
        default=None,
        doc="Name of the currently selected source, or None if unknown.",
    )
    sources: Field[list[dict[str, Any]]] = Field(
        _SOURCE_KEYS,
        read=_sources,
        default_factory=list,
        label="sound sources",
        doc='Available input sources as ``{"name": ..., "id": ...}`` dicts, from both '
        "firmware shapes (a ``sources`` array whose items carry ``source`` or "
        "``source_name`` plus ``id``; flat ``source_N`` keys with an optional "
        "``id_source_N``, default ``N - 1``), merged without repeats.",
    )

    @property
    def source_id(self) -> int | None:
        """Id of the current source (matched by name), or None if not among :attr:`sources`."""
        current = self.source
        return next((s["id"] for s in self.sources if s["name"] == current), None)

    async def async_refresh(self) -> None:
        """Read the zone again (``sound_room_src_req``) and merge it into :attr:`raw_data`.

        The answer is applied only if it is about this zone's id.

        Raises:
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerTimeoutError: the server did not answer in time.
            CameDomoticServerError: the server refused the request.
        """
        await self._async_send(READ, value=self.id)

    async def _async_switch(
        self, action: SoundZoneAction, value: int, effect: Mapping[str, Any]
    ) -> None:
        await self._async_send(SWITCH, id=self.id, action=action.value, value=value)
        try:
            await self.async_refresh()
        except CameDomoticServerError as err:
            # no indication exists for sound (§5.5): keep the command's known effect
            _LOGGER.debug("Could not read sound zone %s again (%s)", self.id, err)
            self.apply_update(effect, source="command")

    async def async_turn_on(self) -> None:
        """Power the zone on (leave standby: ``standby`` 0, see the module doc).

        Raises:
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_switch(SoundZoneAction.STANDBY, 0, {"standby": 0})

    async def async_turn_off(self) -> None:
        """Put the zone in standby (``standby`` 1, see the module doc).

        Raises:
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_switch(SoundZoneAction.STANDBY, 1, {"standby": 1})

    async def async_set_mute(self, muted: bool) -> None:
        """Mute or unmute the zone.

        Args:
            muted: True to mute the zone, False to unmute it.

        Raises:
            ValueError: ``muted`` is not a bool (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        value = int(check_bool(muted, "muted"))
        await self._async_switch(SoundZoneAction.MUTE, value, {"mute": value})

    def _range(self) -> tuple[int, int]:
        low, high = self.min_volume, self.max_volume
        if low is None or high is None or low > high:
            raise ValueError("this zone does not report its volume range")
        return low, high

    async def async_set_volume(self, volume: int) -> None:
        """Set the raw volume (the server's own scale).

        Args:
            volume: an int within the zone's ``min_volume``-``max_volume``.

        Raises:
            ValueError: ``volume`` is not an int in the zone's range, or the zone does not
                report its range (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        volume = check_int(volume, "volume", *self._range())
        await self._async_switch(SoundZoneAction.VOLUME, volume, {"volume": volume})

    async def async_set_volume_level(self, volume_level: float) -> None:
        """Set the volume from a level 0.0-1.0, mapped onto the zone's raw range (rounded).

        Args:
            volume_level: the wanted volume, 0.0 (``min_volume``) to 1.0 (``max_volume``).

        Raises:
            ValueError: ``volume_level`` is not a number in 0.0-1.0, or the zone does not
                report its range (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        level = check_number(volume_level, "volume_level", 0.0, 1.0)
        low, high = self._range()
        await self.async_set_volume(round(low + level * (high - low)))

    async def async_select_source(self, source_name: str) -> None:
        """Play another source in the zone, chosen by name.

        Args:
            source_name: the name of one of :attr:`sources` (exact match).

        Raises:
            ValueError: no source of the zone has that name and a valid id (nothing is
                sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        check_str(source_name, "source_name")
        sources = self.sources
        ident = next(
            (s["id"] for s in sources if s["name"] == source_name and s["id"] is not None), None
        )
        if ident is None:
            names = [s["name"] for s in sources if s["id"] is not None]
            raise ValueError(f"source_name must be one of the zone's sources {names}")
        await self._async_switch(SoundZoneAction.SOURCE, ident, {"source_name": source_name})

    async def async_send_source_command(self, source_id: int, action: str) -> None:
        """Send a transport or tuner command to a source device (``suftif_cmd_req``).

        A low-level primitive: the actions a source accepts depend on the device (see
        :class:`SoundSourceAction` for the known names); ``action`` is passed through. The
        zone is not read again.

        Args:
            source_id: the id of the target source, as in :attr:`sources`.
            action: the action string understood by the source device.

        Raises:
            ValueError: ``source_id`` is not an int or ``action`` not a non-empty string
                (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        source_id = check_int(source_id, "source_id", -WIRE_INT_MAX - 1, WIRE_INT_MAX)
        action = str(check_str(action, "action"))
        await self._async_send(SOURCE_COMMAND, id=source_id, action=action)
