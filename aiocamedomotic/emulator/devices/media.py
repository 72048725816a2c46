"""Emulator layer: TVCC cameras (§4.16) and map pages (§4.17), both read-only."""

from __future__ import annotations

import copy
from collections.abc import Mapping

from .base import Family, Handler, Record, pick, register_family

#: Live fields a map element of each device type shows (§4.17), from the family records.
_LIVE = {
    0: ("lights", ("status", "perc")),
    2: ("thermo", ("temp", "status", "mode")),
}


@register_family
class Cameras(Family):
    """TVCC cameras; a record is the wire object of ``tvcc_cameras_list_resp``.

    Not feature-gated: cameras are not advertised in ``feature_list_resp`` on at least one
    plant (§3.7). ``uri`` may embed ``user:pass@`` credentials.
    """

    key = "cameras"
    id_key = "id"

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        # The request carries the caller's `username`; every user sees every camera.
        return {
            "tvcc_cameras_list_req": lambda msg: self.host.list_response(
                "tvcc_cameras_list_resp", copy.deepcopy(self.records)
            )
        }


@register_family
class Maps(Family):
    """Map pages; a record is one page of ``map_descr_resp["map"]``.

    Elements bound to a light or thermo zone (``act_id``) show the device's live state.
    ``map_descr_req`` always returns every page (§4.17).
    """

    key = "maps"
    id_key = "page_id"

    def commands(self) -> Mapping[str, Handler]:
        """See :meth:`Family.commands`."""
        return {
            "map_descr_req": lambda msg: self.host.list_response(
                "map_descr_resp", [self._page(p) for p in self.records], key="map"
            )
        }

    def _page(self, page: Record) -> Record:
        out = copy.deepcopy(page)
        for element in out.get("array") or []:
            live = _LIVE.get(element.get("type"))
            if live is None or not isinstance(element.get("act_id"), int):
                continue
            device = self.host.family(live[0]).find(element["act_id"])
            if device is not None:
                element.update(pick(device, live[1]))
                if live[0] == "thermo":
                    element["thermo_status"] = element.get("status")
        return out
