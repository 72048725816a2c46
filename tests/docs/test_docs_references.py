"""The protocol notes are in the repository, and every section that the README, CLI.md, the
pages the documentation includes, the CLI's help and the documentation cite exists in them."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from aiocamedomotic.cli import cli

ROOT = Path(__file__).resolve().parents[2]
PROTOCOL = ROOT / "docs" / "protocol.md"
_SECTION = re.compile(r"§(\d+(?:\.\d+)*)")
_HEADING = re.compile(r"^#{2,4} (\d+(?:\.\d+)*)\.? ", re.MULTILINE)


def sections() -> set[str]:
    """Numbered headings, and the numbered open questions of §8 (cited as §8.n)."""
    text = PROTOCOL.read_text(encoding="utf-8")
    questions = text.partition("## 8. Open questions")[2]
    items = {f"8.{n}" for n in re.findall(r"^(\d+)\. ", questions, re.MULTILINE)}
    return set(_HEADING.findall(text)) | items


def test_the_protocol_notes_mark_the_evidence_of_their_facts() -> None:
    text = PROTOCOL.read_text(encoding="utf-8")
    assert {"1.5", "2.12", "4.8", "4.19", "5.5", "6.8", "7.14"} <= sections()
    assert text.count("[real traffic]") >= 50
    assert text.count("[reverse-engineered]") >= 50
    assert text.count("[emulator]") >= 10


def test_readme_and_cli_cite_the_notes_that_exist() -> None:
    known = sections()
    cited: dict[str, set[str]] = {}
    pages = [ROOT / "README.md", ROOT / "CLI.md", ROOT / "COMPATIBILITY.md"]
    pages += [ROOT / "aiocamedomotic" / "emulator" / "PLANT_FORMAT.md"]
    for path in [*pages, *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert "PROTOCOL.md" not in text or path == PROTOCOL, path
        cited[path.name] = set(_SECTION.findall(text))
    for path in sorted((ROOT / "aiocamedomotic" / "cli").rglob("*.py")):
        assert "PROTOCOL.md" not in path.read_text(encoding="utf-8"), path
    # The library's docstrings cite the same numbering ("PROTOCOL.md §4.8"): all must exist.
    for path in sorted((ROOT / "aiocamedomotic").rglob("*")):
        if path.suffix in (".py", ".md"):
            text = path.read_text(encoding="utf-8")
            cited[str(path.relative_to(ROOT))] = set(_SECTION.findall(text))
    missing = {name: refs - known for name, refs in cited.items() if refs - known}
    assert not missing
    assert cited["README.md"]


def test_profile_help_cites_the_notes() -> None:
    result = CliRunner().invoke(cli, ["profile", "--help"])
    assert result.exit_code == 0
    assert "docs/protocol.md §4.8" in result.output
    assert "4.8" in sections()
