"""Models layer: standalone analog inputs of the ``analogin`` feature (PROTOCOL.md §4.10)."""

from __future__ import annotations

from typing import ClassVar

from ..utils import EntityValidator
from .base import CameEntity
from .thermo_zone import AnalogFields

__all__ = ["AnalogIn", "CameEntity", "EntityValidator"]


class AnalogIn(AnalogFields, CameEntity):
    """Standalone analog input sensor from the analogin_list_resp endpoint.

    Represents a read-only analog sensor (e.g. hygrometer, thermometer, barometer) exposed via
    the analogin feature. ``value`` is in the unit reported by ``unit`` (a Celsius reading
    arrives in tenths and is converted).

    Args:
        raw_data: Dictionary containing the sensor data from the API.

    Raises:
        ValueError: If name or act_id keys are missing from the input data.
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("act_id", "name", "value", "unit")
