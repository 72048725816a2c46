"""Every Python example of the documentation and the README runs against the emulator.

Two kinds of ``python`` code block exist. A *program* (it calls ``asyncio.run``) runs as a
process, with the documentation's example host ``192.168.1.3`` replaced by the address of an
emulator serving the demo plant. A *fragment* is the body of an ``async with`` block: it runs
as a coroutine with ``api`` connected to a fresh emulator, ``HOST`` its address and
``emulator`` the emulator itself. Each ``# output: TEXT`` line of a block must appear in what
the block printed, and nothing may reach stderr (no unconfigured-logging warning).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator import CameEmulator

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("README.md", "docs/getting-started.md", "docs/usage.md", "docs/live.md",
         "docs/emulator.md", "docs/testing.md")  # fmt: skip
EXAMPLE_HOST = "192.168.1.3"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
_OUTPUT = re.compile(r"#\s*output:\s*(.+?)\s*$", re.MULTILINE)
_TEST_FUNCTION = re.compile(r"^(async )?def test_", re.MULTILINE)
#: The pytest configuration of a downstream project, as docs/testing.md shows it.
_DOWNSTREAM_INI = "[pytest]\nasyncio_default_fixture_loop_scope = function\n"


@dataclass(frozen=True)
class Example:
    page: str
    line: int
    code: str

    @property
    def program(self) -> bool:
        return "asyncio.run(" in self.code

    @property
    def test_file(self) -> bool:
        return bool(_TEST_FUNCTION.search(self.code))

    @property
    def outputs(self) -> list[str]:
        return _OUTPUT.findall(self.code)

    def __str__(self) -> str:
        return f"{self.page}:{self.line}"


def examples() -> list[Example]:
    found = []
    for page in PAGES:
        text = (ROOT / page).read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            line = text.count("\n", 0, match.start()) + 2
            found.append(Example(page, line, match.group(1)))
    return found


ALL = examples()


def test_every_page_has_examples() -> None:
    assert {example.page for example in ALL} == set(PAGES)
    assert sum(example.program for example in ALL) >= 3
    assert all(example.outputs for example in ALL if example.page.startswith("docs/usage"))


async def run_program(example: Example) -> tuple[str, str]:
    async with CameEmulator() as emulator:
        code = example.code.replace(f'"{EXAMPLE_HOST}"', repr(emulator.host))
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", code,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=ROOT,
        )  # fmt: skip
        async with asyncio.timeout(60):
            out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode(), err.decode()


async def run_fragment(example: Example) -> tuple[str, str]:
    source = "async def _example(api, emulator, HOST):\n" + textwrap.indent(example.code, "    ")
    namespace: dict[str, Any] = {}
    exec(compile(source, str(example), "exec"), namespace)  # noqa: S102 - our own docs
    out, err = io.StringIO(), io.StringIO()
    async with (
        CameEmulator() as emulator,
        await CameDomoticAPI.async_create(emulator.host, "admin", "admin") as api,
    ):
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            async with asyncio.timeout(60):
                await namespace["_example"](api, emulator, emulator.host)
    return out.getvalue(), err.getvalue()


async def run_test_file(example: Example, directory: Path) -> tuple[str, str]:
    """Run a test file with pytest in a directory of its own, as a downstream project would
    (only the plugin's fixtures; pytest-asyncio in its default, strict mode)."""
    (directory / "test_example.py").write_text(example.code, encoding="utf-8")
    (directory / "pytest.ini").write_text(_DOWNSTREAM_INI, encoding="utf-8")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=directory,
    )  # fmt: skip
    async with asyncio.timeout(60):
        out, err = await process.communicate()
    assert process.returncode == 0, out.decode() + err.decode()
    return out.decode(), err.decode()


@pytest.mark.parametrize("example", ALL, ids=str)
async def test_example_runs_and_prints_what_it_says(example: Example, tmp_path: Path) -> None:
    if example.test_file:
        out, err = await run_test_file(example, tmp_path)
    elif example.program:
        out, err = await run_program(example)
    else:
        out, err = await run_fragment(example)
    assert err == ""
    for expected in example.outputs:
        assert expected in out, f"{example}: {expected!r} not in {out!r}"
