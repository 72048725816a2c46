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
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from ..errors import CameDomoticServerError
from ._checks import check_int
from ._fields import Field, bool_field, int_field, str_field, to_int, to_str
from .base import AuthEntity

_LOGGER = logging.getLogger(__name__)

#: Largest ``N`` of the flat ``source_N`` keys declared for change tracking (firmware B).
_FLAT_SOURCES = 32
_FLAT_KEY = re.compile(r"source_(\d+)")
#: Response keys that are not zone fields.
_ENVELOPE = frozenset({"cmd_name", "cseq", "sl_data_ack_reason"})


@dataclass(frozen=True, slots=True)
class SoundSource:
    """A source a zone can play (tuner, line in, MP3 player...).

    Attributes:
        id: the source id (sent in ``sound_switch_req`` and ``suftif_cmd_req``).
        name: its name.
    """

    id: int
    name: str


class SoundSourceAction(StrEnum):
    """Transport and tuner commands of ``suftif_cmd_req`` (PROTOCOL.md §4.15, §7.15)."""

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


def _sources(raw: Mapping[str, Any]) -> list[SoundSource]:
    """Normalise both firmware shapes into one list (§4.15, §6.8).

    A: ``sources: [{"source" or "source_name": name, "id": n}]``; B: flat ``source_N``
    names with ids in ``id_source_N`` (default ``N - 1``). Malformed entries are skipped.
    """
    result: list[SoundSource] = []
    array = raw.get("sources")
    if isinstance(array, list):
        for item in array:
            if not isinstance(item, dict):
                continue
            name = item.get("source", item.get("source_name"))
            try:
                result.append(SoundSource(to_int(item.get("id")), to_str(name)))
            except (TypeError, ValueError, OverflowError):
                continue
        return result
    flat = []
    for key, name in raw.items():
        match = _FLAT_KEY.fullmatch(key)
        if match is None or name is None:
            continue
        number = int(match.group(1))
        try:
            ident = to_int(raw.get(f"id_source_{number}", number - 1))
            flat.append((number, SoundSource(ident, to_str(name))))
        except (TypeError, ValueError, OverflowError):
            continue
    return [source for _number, source in sorted(flat, key=lambda pair: pair[0])]


_SOURCE_KEYS = (
    "sources",
    *(f"source_{n}" for n in range(1, _FLAT_SOURCES + 1)),
    *(f"id_source_{n}" for n in range(1, _FLAT_SOURCES + 1)),
)


class SoundZone(AuthEntity):
    """A sound zone - experimental, [reverse-engineered] (PROTOCOL.md §4.15).

    Args:
        raw_data: a ``sound_room_list_resp`` array item.
        auth: the session used to send commands.

    Raises:
        ValueError: ``id`` is missing or ``auth`` cannot send commands.
    """

    _FAMILY: ClassVar[str] = "sound_zones"
    _KEY_FIELD: ClassVar[str] = "id"
    _REQUIRED: ClassVar[tuple[str, ...]] = ("id",)
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name", "standby", "volume", "source")

    id = int_field("id", doc="Zone id.")
    name = str_field("name", doc="Name of the zone.")
    standby = bool_field("standby", doc="Whether the zone is in standby (off).")
    mute = bool_field("mute", doc="Whether the zone is muted.")
    volume = int_field("volume", doc="Raw volume, within ``min_volume``-``max_volume``.")
    min_volume = int_field("min_volume", doc="Lowest raw volume.")
    max_volume = int_field("max_volume", doc="Highest raw volume.")
    source = str_field(("source_name", "source"), doc="Name of the current source.")
    sources: Field[list[SoundSource]] = Field(
        _SOURCE_KEYS,
        read=_sources,
        default_factory=list,
        label="sound sources",
        doc="Sources of the zone as ``SoundSource(id, name)``, from either firmware shape.",
    )

    @property
    def source_id(self) -> int | None:
        """Id of the current source (matched by name), or None if not among :attr:`sources`."""
        current = self.source
        return next((s.id for s in self.sources if s.name == current), None)

    async def async_refresh(self) -> None:
        """Read the zone again (``sound_room_src_req``) and apply what changed.

        Raises:
            CameDomoticServerError: the server refused the request.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        response = await self.auth.async_send_command(
            {"cmd_name": "sound_room_src_req", "appl_msg_type": "sound", "value": self.id}
        )
        fields = {k: v for k, v in response.items() if k not in _ENVELOPE}
        if fields.get("id", self.id) == self.id:
            self.apply_update(fields, source="command")

    async def _async_switch(self, action: str, value: int, effect: Mapping[str, Any]) -> None:
        await self.auth.async_send_command(
            {
                "cmd_name": "sound_switch_req",
                "appl_msg_type": "sound",
                "id": self.id,
                "action": action,
                "value": value,
            }
        )
        try:
            await self.async_refresh()
        except CameDomoticServerError as err:
            # no indication exists for sound (§5.5): keep the command's known effect
            _LOGGER.debug("Could not read sound zone %s again (%s)", self.id, err)
            self.apply_update(effect, source="command")

    async def async_power_on(self) -> None:
        """Wake the zone from standby (sends ``standby`` 0, see the module doc).

        Raises:
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_switch("standby", 0, {"standby": 0})

    async def async_standby(self) -> None:
        """Put the zone in standby (sends ``standby`` 1, see the module doc).

        Raises:
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        await self._async_switch("standby", 1, {"standby": 1})

    async def async_set_mute(self, mute: bool) -> None:
        """Mute or unmute the zone.

        Args:
            mute: True to mute.

        Raises:
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        value = 1 if mute else 0
        await self._async_switch("mute", value, {"mute": value})

    async def async_set_volume(self, volume: int) -> None:
        """Set the raw volume.

        Args:
            volume: within the zone's ``min_volume``-``max_volume``.

        Raises:
            ValueError: ``volume`` is out of the zone's range (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        volume = check_int(volume, "volume", self.min_volume, self.max_volume)
        await self._async_switch("volume", volume, {"volume": volume})

    async def async_select_source(self, source_id: int) -> None:
        """Play another source in the zone.

        Args:
            source_id: the id of one of :attr:`sources`.

        Raises:
            ValueError: ``source_id`` is not one of the zone's sources (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        source = self._source(source_id)
        await self._async_switch("source", source.id, {"source_name": source.name})

    async def async_source_command(
        self, action: SoundSourceAction, *, source_id: int | None = None, value: int | None = None
    ) -> None:
        """Send a transport or tuner command to a source (``suftif_cmd_req``).

        Nothing in the zone changes visibly; the zone is not read again.

        Args:
            action: the command.
            source_id: the source (default: the zone's current source).
            value: an optional numeric argument (meaning unknown; sent only when given).

        Raises:
            ValueError: ``action`` is not a :class:`SoundSourceAction`, ``source_id`` is not
                one of the zone's sources, or no source is given and the current one is
                unknown (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        try:
            action = SoundSourceAction(action)
        except ValueError:
            raise ValueError(
                f"action must be one of {[a.value for a in SoundSourceAction]}, got {action!r}"
            ) from None
        target = self.source_id if source_id is None else source_id
        if target is None:
            raise ValueError("source_id is required: the zone's current source is unknown")
        command: dict[str, Any] = {
            "cmd_name": "suftif_cmd_req",
            "appl_msg_type": "sound",
            "id": self._source(target).id,
            "action": action.value,
        }
        if value is not None:
            command["value"] = check_int(value, "value", -(2**31), 2**31 - 1)
        await self.auth.async_send_command(command)

    def _source(self, source_id: int) -> SoundSource:
        sources = self.sources
        for source in sources:
            if source.id == source_id and not isinstance(source_id, bool):
                return source
        raise ValueError(
            f"source_id must be one of the zone's source ids {[s.id for s in sources]}, "
            f"got {source_id!r}"
        )
