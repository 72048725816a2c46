"""CLI layer: the commands; importing this package registers them on the group."""

from __future__ import annotations

from . import (
    control,
    demo,
    emulate,
    emulator,
    garden_sound,
    info,
    listing,
    plant_extras,
    security,
    snapshot,
    users,
    watch,
)

__all__ = [
    "control",
    "demo",
    "emulate",
    "emulator",
    "garden_sound",
    "info",
    "listing",
    "plant_extras",
    "security",
    "snapshot",
    "users",
    "watch",
]
