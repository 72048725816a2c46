"""Models layer: :class:`ServerDateTime`, the server clock of ``datetime_req`` (§4.2)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import CameDomoticServerError
from ._fields import to_bool, to_int

#: Unix time of 10000-01-01: later epochs cannot be datetimes.
_YEAR_10000 = 253_402_300_800


@dataclass(frozen=True, slots=True)
class ServerDateTime:
    """The server's clock [real traffic].

    Attributes:
        epoch: server clock in Unix seconds (UTC), the only field clients rely on.
        timezone: the server's IANA time zone name (``"Europe/Madrid"``), or ``None``.
        daylight_saving_time: whether DST is in effect, or ``None`` when not reported.
        local: the server's local wall-clock text ``"YYYY-MM-DD HH:MM:SS"``, or ``None``.
    """

    epoch: int
    timezone: str | None = None
    daylight_saving_time: bool | None = None
    local: str | None = None

    @property
    def datetime(self) -> dt.datetime:
        """The server time as a timezone-aware datetime, in the server's zone when this
        system knows it, else in UTC."""
        tz: dt.tzinfo = dt.UTC
        if self.timezone:
            with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
                tz = ZoneInfo(self.timezone)
        return dt.datetime.fromtimestamp(self.epoch, tz=tz)

    @classmethod
    def from_response(cls, response: Mapping[str, Any]) -> ServerDateTime:
        """Parse a ``datetime_resp``.

        Raises:
            CameDomoticServerError: ``epoch`` is missing, not a number or out of range.
        """
        try:
            epoch = to_int(response["epoch"])
            if not 0 <= epoch < _YEAR_10000:
                raise ValueError("out of range")
        except (KeyError, TypeError, ValueError, OverflowError):
            raise CameDomoticServerError("datetime_resp without a valid epoch") from None
        zone, local, dst = (
            response.get(k) for k in ("server_timezone", "datetime", "daylight_saving_time")
        )
        try:
            dst_flag = None if dst is None else to_bool(dst)
        except (TypeError, ValueError, OverflowError):
            dst_flag = None
        return cls(
            epoch=epoch,
            timezone=zone if isinstance(zone, str) and zone else None,
            daylight_saving_time=dst_flag,
            local=local if isinstance(local, str) else None,
        )
