"""CLI layer: the commands; importing this package registers them on the group."""

from __future__ import annotations

from . import control, demo, emulate, info, listing, plant_extras, snapshot, users, watch

__all__ = [
    "control",
    "demo",
    "emulate",
    "info",
    "listing",
    "plant_extras",
    "snapshot",
    "users",
    "watch",
]
