"""Settings shared by every test directory (keep this minimal; put fixtures in sub-directory
conftests). The emulator, API and live-plant fixtures come from the project's own pytest
plugin, ``aiocamedomotic.testing.plugin``: the suite uses them as a downstream project would."""

from __future__ import annotations

import os

from hypothesis import settings

#: ``pytester`` runs throwaway test files, as a downstream project of the test kit would.
pytest_plugins = ["pytester"]

# Property-based tests: reproducible runs in CI (HYPOTHESIS_PROFILE=ci, or CI set).
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)
