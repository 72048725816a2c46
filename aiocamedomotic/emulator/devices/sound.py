"""Emulator layer: sound zones, PROTOCOL.md §4.15 - experimental, [reverse-engineered].

Nothing here was checked against a real server (§8.19). A zone record stores its sources
as ``[{"id", "name"}]`` and the current source id in ``source``; each zone is presented in
the firmware shape of its ``sources_format`` (``"array"`` or ``"flat"``, default
:attr:`Variants.sound_sources`, §6.8). No feature string gates sound (§7.12) and no
indication is documented, so none is emitted. Choices: ``standby`` takes AIO's meaning
(value = new standby flag); ``suftif_cmd_req`` is validated (known source id and action)
and acknowledged with no visible effect.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import AppDataError, Family, Handler, Record, pick, register_family, req_int, req_str

_FIELDS = ("id", "name", "standby", "mute", "volume", "min_volume", "max_volume")
#: Transport and tuner actions of ``suftif_cmd_req`` (§4.15).
SOURCE_ACTIONS = frozenset(
    {
        "play",
        "stop",
        "pause",
        "ffw",
        "rew",
        "mp3_play",
        "mp3_stop",
        "mp3_pause",
        "mp3_track_plus",
        "mp3_track_minus",
        "mp3_folder_plus",
        "mp3_folder_minus",
        "tun_mem_plus",
        "tun_mem_minus",
        "tun_scan_plus",
        "tun_scan_minus",
    }
)


@register_family
class Sound(Family):
    """The plant's sound zones."""

    key = "sound"
    id_key = "id"

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {
            "sound_room_list_req": self._list,
            "sound_room_src_req": self._zone,
            "sound_switch_req": self._switch,
            "suftif_cmd_req": self._source_command,
        }

    def wire(self, record: Record) -> Record:
        """Project a zone in its firmware shape (§4.15 table and example)."""
        out = pick(record, _FIELDS)
        sources: list[Record] = record.get("sources", [])
        current = next((s["name"] for s in sources if s["id"] == record.get("source")), "")
        if record.get("sources_format", self.host.variants.sound_sources) == "flat":
            out["source"] = current
            for number, source in enumerate(sources, start=1):
                out[f"source_{number}"] = source["name"]
                if source["id"] != number - 1:  # the default id is N - 1
                    out[f"id_source_{number}"] = source["id"]
        else:
            out["source_name"] = current
            # both spellings of the name key occur (§4.15 example): alternate them
            out["sources"] = [
                {("source" if index % 2 == 0 else "source_name"): s["name"], "id": s["id"]}
                for index, s in enumerate(sources)
            ]
        return out

    def _list(self, msg: Record) -> Record:
        return self.host.list_response("sound_room_list_resp", [self.wire(r) for r in self.records])

    def _zone(self, msg: Record) -> Record:
        record = self.get(req_int(msg, "value"), "value")
        return {"cmd_name": "sound_room_src_resp", **self.wire(record)}

    def _switch(self, msg: Record) -> Record:
        record = self.get(req_int(msg, "id"), "id")
        action = req_str(msg, "action", ("standby", "mute", "volume", "source"))
        if action in ("standby", "mute"):
            record[action] = req_int(msg, "value", 0, 1)
        elif action == "volume":
            lo, hi = int(record.get("min_volume", 0)), int(record.get("max_volume", 100))
            record["volume"] = req_int(msg, "value", lo, hi)
        else:
            ident = req_int(msg, "value")
            if all(s["id"] != ident for s in record.get("sources", [])):
                raise AppDataError(f"value: no source {ident} in zone {record['id']}")
            record["source"] = ident
        return {"cmd_name": "generic_reply"}

    def _source_command(self, msg: Record) -> Record:
        ident = req_int(msg, "id")
        known: set[Any] = {s["id"] for r in self.records for s in r.get("sources", [])}
        if ident not in known:
            raise AppDataError(f"id: no sound source with id {ident}")
        req_str(msg, "action", SOURCE_ACTIONS)
        return {"cmd_name": "generic_reply"}
