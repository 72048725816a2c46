"""Public facade: :class:`CameDomoticAPI`, the entry point of the library.

Layer: top of the client. It owns an :class:`~aiocamedomotic.auth.Auth` and turns each
documented call into one or more application commands, returning model objects.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------
# OWNERSHIP WHILE THE FOUNDATION IS BUILT (remove this banner when done):
#   * session section (create/dispose/context manager/server info/ping/users/groups):
#     the session-layer helper;
#   * device-family section (every async_get_* of an entity family, topology,
#     async_set_thermo_season, async_get_updates): the models helper;
#   * live section (starting/stopping the live plant): the live-layer helper.
# Edit only inside your own section.
# ---------------------------------------------------------------------------------------


class CameDomoticAPI:
    """Entry point of the library (filled in by the session section below)."""

    # === SESSION SECTION START ===
    # === SESSION SECTION END ===

    # === DEVICE FAMILY SECTION START ===
    # === DEVICE FAMILY SECTION END ===

    # === LIVE SECTION START ===
    # === LIVE SECTION END ===
