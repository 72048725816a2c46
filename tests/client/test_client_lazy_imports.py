"""The package resolves its public names on first access (PEP 562, issue 14 start-up).

Each check that depends on what is already imported runs in a fresh interpreter: in the test
process every module is loaded long before these tests run.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import aiocamedomotic

SURFACE = Path(__file__).parents[1] / "contract" / "upstream-1.15.2-surface.txt"

#: What ``import aiocamedomotic`` alone must leave unloaded.
HEAVY = (
    "aiocamedomotic.auth",
    "aiocamedomotic.came_domotic_api",
    "aiocamedomotic.models",
    "aiocamedomotic.live",
    "aiocamedomotic.emulator",
    "aiocamedomotic.cli",
    "cryptography",
)

#: Each public name -> the module defining it, written out here rather than read from the
#: package, so that a wrong entry in its table fails.
HOMES = {
    "Auth": "aiocamedomotic.auth",
    "CameDomoticAPI": "aiocamedomotic.came_domotic_api",
    "CAME_MAC_PREFIXES": "aiocamedomotic.const",
    "ServerFeature": "aiocamedomotic.const",
    "CameDomoticAuthError": "aiocamedomotic.errors",
    "CameDomoticError": "aiocamedomotic.errors",
    "CameDomoticServerError": "aiocamedomotic.errors",
    "CameDomoticServerNotFoundError": "aiocamedomotic.errors",
    "CameDomoticServerTimeoutError": "aiocamedomotic.errors",
    "CameDomoticTooManySessionsError": "aiocamedomotic.errors",
    "CameDomoticAckError": "aiocamedomotic.errors",
    "CameDomoticConnectionError": "aiocamedomotic.errors",
    "CameDomoticProtocolError": "aiocamedomotic.errors",
    "CameDomoticSessionError": "aiocamedomotic.errors",
    "CameDomoticStateError": "aiocamedomotic.errors",
    "CameDomoticUnsupportedFeatureError": "aiocamedomotic.errors",
    "async_is_came_endpoint": "aiocamedomotic.utils",
    "__version__": "aiocamedomotic._version",
    "get_logger": "aiocamedomotic",
}


def fresh(code: str) -> Any:
    """Run ``code`` in a fresh interpreter; the JSON it prints last."""
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script of this test
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def loaded(statement: str) -> list[str]:
    """Which of :data:`HEAVY` a fresh interpreter has imported after ``statement``."""
    names: list[str] = fresh(
        f"import json, sys\n{statement}\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    return names


def test_import_alone_loads_no_client_models_live_emulator_cli_or_cryptography() -> None:
    assert loaded("import aiocamedomotic") == []


def test_the_users_import_loads_no_live_layer_or_cryptography_until_used() -> None:
    statement = "from aiocamedomotic import Auth, CameDomoticAPI"
    assert loaded(statement) == [
        "aiocamedomotic.auth",
        "aiocamedomotic.came_domotic_api",
        "aiocamedomotic.models",
    ]
    # The first credentials stored bring in the cipher.
    assert "cryptography" in loaded(f"{statement}\nAuth.create_cypher_suite()")
    assert "aiocamedomotic.live" in loaded(f"{statement}\nimport aiocamedomotic.live")


def test_every_public_name_resolves_once_to_its_modules_object() -> None:
    assert set(HOMES) == set(aiocamedomotic.__all__)
    result = fresh(
        "import importlib, json, aiocamedomotic as pkg\n"
        f"homes = {HOMES!r}\n"
        "before = [name for name in homes if name in vars(pkg)]\n"
        "same = [getattr(pkg, name) is getattr(importlib.import_module(home), name)\n"
        "        for name, home in homes.items()]\n"
        "cached = [name for name in homes if name not in vars(pkg)]\n"
        "print(json.dumps([sorted(before), same, cached]))"
    )
    before, same, cached = result
    assert before == ["__version__", "get_logger"]  # the only eager names
    assert same == [True] * len(HOMES)
    assert cached == []


def test_dir_lists_every_public_name_before_any_is_loaded() -> None:
    names = fresh("import json, aiocamedomotic\nprint(json.dumps(dir(aiocamedomotic)))")
    assert set(aiocamedomotic.__all__) <= set(names)
    assert set(aiocamedomotic.__all__) <= set(dir(aiocamedomotic))


def test_an_unknown_attribute_is_an_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError, match="'aiocamedomotic' has no attribute 'no_such_name'"):
        _ = aiocamedomotic.no_such_name  # type: ignore[attr-defined]
    assert not hasattr(aiocamedomotic, "LivePlant")  # a name of a submodule, not exported


def test_star_import_binds_every_public_name() -> None:
    bound = fresh(
        "import json\nfrom aiocamedomotic import *\n"
        "print(json.dumps(sorted(name for name in dir() if not name.startswith('_')"
        " or name == '__version__')))"
    )
    assert bound == sorted({*aiocamedomotic.__all__, "json"})


def test_submodules_and_their_names_import_as_before() -> None:
    result = fresh(
        "import json, aiocamedomotic\n"
        "from aiocamedomotic.models import Light\n"
        "import aiocamedomotic.models.loads_ctrl as loads_ctrl\n"
        "print(json.dumps([aiocamedomotic.models.Light is Light,\n"
        "                  aiocamedomotic.models.loads_ctrl is loads_ctrl,\n"
        "                  aiocamedomotic.Auth is aiocamedomotic.auth.Auth]))"
    )
    assert result == [True, True, True]


def test_upstream_top_level_names_resolve_in_a_fresh_interpreter() -> None:
    lines = SURFACE.read_text().split("module aiocamedomotic\n", 1)[1].split("\nmodule ", 1)[0]
    names = sorted(re.findall(r"^  (?:async def |def |class )?(\w+)", lines, re.MULTILINE))
    assert "CameDomoticAPI" in names
    missing = fresh(
        f"import json, aiocamedomotic\n"
        f"print(json.dumps([n for n in {names!r} if not hasattr(aiocamedomotic, n)]))"
    )
    assert missing == []


def test_models_import_no_session_class_yet_reexport_auth_as_upstream() -> None:
    """Models depend on the command-sender protocol only (issue 13); upstream's model
    modules' ``Auth`` is still there, imported when asked for."""
    assert loaded("import aiocamedomotic.models") == ["aiocamedomotic.models"]
    modules = sorted(
        line.split()[1]
        for line in SURFACE.read_text(encoding="utf-8").splitlines()
        if line.startswith("module aiocamedomotic.models.")
    )
    exported = [m for m in modules if "Auth" in getattr(importlib.import_module(m), "__all__", ())]
    assert len(exported) >= 10
    same = fresh(
        "import importlib, json\nimport aiocamedomotic.auth as auth\n"
        f"print(json.dumps([importlib.import_module(m).Auth is auth.Auth for m in {exported!r}]))"
    )
    assert same == [True] * len(exported)
    with pytest.raises(
        AttributeError, match=r"'aiocamedomotic\.models\.light' has no attribute 'x'"
    ):
        _ = aiocamedomotic.models.light.x  # type: ignore[attr-defined]
