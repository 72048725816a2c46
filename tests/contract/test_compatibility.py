"""Contract: every row of COMPATIBILITY.md names a test that exists (so every deliberate
difference from upstream 1.15.2 is pinned)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_TEST = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def rows() -> list[list[str]]:
    lines = (ROOT / "COMPATIBILITY.md").read_text(encoding="utf-8").splitlines()
    table = [line for line in lines if re.match(r"\| \d+ \|", line)]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in table]


def test_rows_are_numbered_in_order() -> None:
    assert [int(row[0]) for row in rows()] == list(range(1, len(rows()) + 1))
    assert all(len(row) == 6 for row in rows())


def test_every_row_names_an_existing_test() -> None:
    for row in rows():
        match = _TEST.fullmatch(row[-1])
        assert match, f"row {row[0]} names no test: {row[-1]!r}"
        path, name = match.groups()
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^(async )?def {name}\(", source, re.M), f"row {row[0]}: {name}"
