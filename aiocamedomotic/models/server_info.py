"""Models layer: :class:`ServerInfo`, the identity and features of a server (PROTOCOL.md §4.1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..anonymizer import mask_keycode, mask_serial
from ..errors import CameDomoticServerError


@dataclass
class ServerInfo:
    """Server information of a CAME Domotic server.

    Its ``repr`` shows the keycode and serial masked (first characters only), so the object
    can be logged safely; the attributes themselves hold the full values.

    Attributes:
        keycode: keycode of the server (CAME proprietary unique identifier).
        serial: serial number of the server.
        features: list of feature strings reported by the server. Known values are defined
            in :class:`~aiocamedomotic.const.ServerFeature` (a ``StrEnum``, so
            ``ServerFeature.LIGHTS in server_info.features`` works); unknown features of
            newer firmware are kept as plain strings.
        swver: software version of the server.
        type: type of the server.
        board: board type of the server.
    """

    keycode: str = field(repr=False)
    serial: str = field(repr=False)
    features: list[str]
    swver: str | None = None
    type: str | None = None
    board: str | None = None

    def __repr__(self) -> str:
        return (
            f"ServerInfo(keycode={mask_keycode(self.keycode)!r}, "
            f"serial={mask_serial(self.serial)!r}, features={self.features!r}, "
            f"swver={self.swver!r}, type={self.type!r}, board={self.board!r})"
        )

    @classmethod
    def from_response(cls, response: Mapping[str, Any]) -> ServerInfo:
        """Build from a ``feature_list_resp`` answer.

        ``keycode``, ``serial`` and ``list`` are mandatory; ``swver``, ``type`` and
        ``board`` may be missing on some firmware (PROTOCOL.md §4.1). Non-string features
        are dropped.

        Args:
            response: the decoded ``feature_list_resp``.

        Returns:
            The server information.

        Raises:
            CameDomoticServerError: if a mandatory field is missing or malformed.
        """
        keycode = response.get("keycode")
        serial = response.get("serial")
        features = response.get("list")
        if not isinstance(keycode, str) or not keycode:
            raise CameDomoticServerError("feature_list_resp has no valid keycode")
        if not isinstance(serial, str | int) or serial == "":
            raise CameDomoticServerError("feature_list_resp has no valid serial")
        if not isinstance(features, list):
            raise CameDomoticServerError("feature_list_resp has no feature list")
        return cls(
            keycode=keycode,
            serial=str(serial),
            features=[item for item in features if isinstance(item, str)],
            swver=_optional_str(response.get("swver")),
            type=_optional_str(response.get("type")),
            board=_optional_str(response.get("board")),
        )


def _optional_str(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)
