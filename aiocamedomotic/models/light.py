"""Models layer: lights (PROTOCOL.md §4.4, §7.2)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from ..utils import EntityValidator
from ._checks import check_member, clamp_int
from ._fields import Field, enum_field, int_field, str_field, to_rgb
from ._reexport import auth_on_access
from .base import AuthEntity, CameEntity
from .command import Command

if TYPE_CHECKING:
    from ..auth import Auth
else:
    __getattr__ = auth_on_access(__name__)  # upstream re-exports Auth here

__all__ = ["Auth", "CameEntity", "EntityValidator", "Light", "LightStatus", "LightType"]


class LightStatus(Enum):
    """Status of a light.

    Allowed values are:
        * OFF (0)
        * ON (1)
        * AUTO (4)
        * UNKNOWN (-1): the server sent a value this library does not know; not a valid
          target for :meth:`Light.async_set_status`.
    """

    OFF = 0
    ON = 1
    AUTO = 4
    UNKNOWN = -1


class LightType(Enum):
    """Type of a light.

    Allowed values are:
        * STEP_STEP (normal lights)
        * DIMMER (dimmable lights)
        * RGB (color lights with brightness via HSV V channel)
        * UNKNOWN (a type this library does not know)
    """

    STEP_STEP = "STEP_STEP"
    DIMMER = "DIMMER"
    RGB = "RGB"
    UNKNOWN = "UNKNOWN_LIGHT_TYPE"


class LightFields:
    """Fields shared by :class:`Light` and :class:`~aiocamedomotic.models.LightUpdate`."""

    act_id = int_field("act_id", doc="ID of the light.")
    floor_ind = int_field("floor_ind", doc="Floor index of the light.")
    room_ind = int_field("room_ind", doc="Room index of the light.")
    status = enum_field(
        "status",
        LightStatus,
        unknown=LightStatus.UNKNOWN,
        label="light status",
        doc="Status of the light. Allowed values are OFF (0), ON (1) and AUTO (4); "
        "UNKNOWN for anything else.",
    )
    type = enum_field(
        "type",
        LightType,
        unknown=LightType.UNKNOWN,
        label="light type",
        doc='Light type: "STEP_STEP" (normal lights), "DIMMER" (dimmable lights), "RGB" '
        "(color lights), or UNKNOWN when not recognized.",
    )
    perc = int_field(
        "perc",
        default=100,
        doc="Brightness percentage of the light (range 0-100). Non dimmable lights will "
        "always return 100.",
    )
    rgb: Field[list[int] | None] = Field(
        "rgb",
        to_rgb,
        default=None,
        doc="RGB color values of the light as [R, G, B], each in range 0-255. Returns None "
        "for non-RGB lights.",
    )


_ALLOWED_STATUS = (LightStatus.OFF, LightStatus.ON, LightStatus.AUTO)

#: Switch a light, with brightness and colour where it has them (PROTOCOL.md §4.4).
SWITCH = Command(
    "light_switch_req",
    fields=("act_id", "wanted_status", "perc", "rgb"),
    effect={"status": "wanted_status", "perc": "perc", "rgb": "rgb"},
)


def _brightness(brightness: Any) -> int | None:
    return None if brightness is None else clamp_int(brightness, "brightness", 0, 100)


def _rgb(rgb: Any) -> list[int] | None:
    if rgb is None:
        return None
    if isinstance(rgb, str | bytes | dict) or not isinstance(rgb, Sequence) or len(rgb) != 3:
        raise ValueError(f"rgb must be three numbers [R, G, B], not {type(rgb).__name__}")
    return [clamp_int(c, f"rgb[{n}]", 0, 255) for n, c in enumerate(rgb)]


class Light(LightFields, AuthEntity):
    """Light entity in the CameDomotic API.

    Args:
        raw_data: a ``light_list_resp`` array item.
        auth: the session used to send commands.

    Raises:
        ValueError: If name or act_id keys are missing from the input data or the auth
            argument cannot send commands.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("act_id", "name", "type", "status", "perc")

    name = str_field("name", doc="Name of the light.")

    async def async_set_status(
        self,
        status: LightStatus,
        brightness: float | None = None,
        rgb: Sequence[float] | None = None,
    ) -> None:
        """Control the light.

        Args:
            status: Status of the light (OFF, ON or AUTO).
            brightness: Brightness percentage of the light (range 0-100; a value outside is
                clamped into it, a float is rounded). If the brightness is not provided, it
                will stay unchanged. This argument is ignored for STEP_STEP lights.
            rgb: RGB color values as [R, G, B], each in range 0-255 (clamped into it,
                floats rounded). If not provided, the color stays unchanged. This argument
                is ignored for non-RGB lights.

        Raises:
            ValueError: ``status`` is not OFF, ON or AUTO, ``brightness`` is not a finite
                number, or ``rgb`` is not three finite numbers (nothing is sent).
            CameDomoticServerError: the server refused the command.
            CameDomoticServerTimeoutError: the server did not answer in time.
        """
        check_member(status, "status", _ALLOWED_STATUS)
        perc = _brightness(brightness)
        colour = _rgb(rgb)
        light_type = self.type
        await self._async_send(
            SWITCH,
            act_id=self.act_id,
            wanted_status=status.value,
            perc=None if light_type is LightType.STEP_STEP else perc,
            rgb=colour if light_type is LightType.RGB else None,
        )
