"""The CLI's rough edges of issue 14, each pinned: help and exit codes, prompts at the end of
the input and answered no, quiet piped passwords, --timeout on the host check, environment
variable errors, unpadded piped output, global options after the command, the missing-extra
hint and what --help/--version import."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from aiocamedomotic.cli.app import COMMANDS, cli
from aiocamedomotic.cli.errors import ExitCode
from aiocamedomotic.cli.names import NAME_RULES
from aiocamedomotic.cli.options import NameArgument

from .conftest import PASSWORD, TIMEOUT, USERNAME, Cli, EmulatorThread, assert_no_secret
from .test_cli_processes import cli_env

PYTHON = sys.executable


def words(text: str) -> str:
    """Whitespace-collapsed text (help output is wrapped)."""
    return " ".join(text.split())


def leaf_commands() -> Iterator[tuple[str, click.Command]]:
    """Every command that runs (sub-commands of groups included), by its full name."""
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            for sub in command.commands.values():
                yield f"{name} {sub.name}", sub
        else:
            yield name, command


# --- help -----------------------------------------------------------------------------------


def test_no_arguments_prints_the_help_and_exits_0(run: Cli) -> None:
    result = run()
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    assert "Commands:" in result.stdout
    assert "Error" not in result.stdout + result.stderr


def test_a_group_without_its_command_prints_its_help(run: Cli) -> None:
    result = run("alarm")
    assert result.exit_code == 0
    assert "arm" in result.stdout
    assert "Error" not in result.stderr


def test_top_level_help_shows_each_first_sentence_whole(run: Cli) -> None:
    result = run("--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    listing = words(result.stdout.partition("Commands:")[2])
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None
        first = words(command.get_short_help_str(limit=1_000))
        assert f"{name} {first}" in listing, name


def test_every_command_taking_a_name_explains_the_rules(run: Cli) -> None:
    named = [name for name, command in leaf_commands() if any(
        isinstance(param, NameArgument) for param in command.params
    )]  # fmt: skip
    assert {"light", "cover", "thermo", "alarm arm", "profile"} <= set(named)
    for name in named:
        result = run(*name.split(), "--help")
        assert result.exit_code == 0, name
        assert words(NAME_RULES) in words(result.stdout), name


def test_version_is_the_package_version(run: Cli) -> None:
    import aiocamedomotic

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"camedomotic, version {aiocamedomotic.__version__}"


# --- options and environment ----------------------------------------------------------------


def test_an_invalid_environment_variable_is_named(run: Cli) -> None:
    result = run("info", env={"CAMEDOMOTIC_TIMEOUT": "soon"})
    assert result.exit_code == ExitCode.USAGE
    assert "CAMEDOMOTIC_TIMEOUT" in result.stderr
    assert "--timeout" in result.stderr
    # The same mistake on the command line blames the option only.
    result = run("--timeout", "soon", "info")
    assert result.exit_code == ExitCode.USAGE
    assert "--timeout" in result.stderr
    assert "CAMEDOMOTIC_TIMEOUT" not in result.stderr


def test_global_options_after_the_command(run: Cli, emu: EmulatorThread) -> None:
    result = run(
        "info", "--json", "-H", emu.host, "-u", USERNAME, "--timeout", "5", connect=False,
        env={"CAMEDOMOTIC_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["host"] == emu.host
    # After the command they override the environment, as before it.
    result = run("list", "relays", "--json", "--host", "127.0.0.1:1", "--timeout", "2")
    assert result.exit_code == ExitCode.UNREACHABLE
    # A command's own option of the same name keeps its meaning: probe's --timeout.
    result = run("probe", emu.host, "--timeout", "3", "--json", connect=False)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["hosts"][0]["came_endpoint"] is True
    # The emulator's hook commands too (built from the hook catalogue).
    result = run("emulator", "status", "-H", emu.host, connect=False)
    assert result.exit_code == 0, result.stderr
    assert "sessions" in json.loads(result.stdout)


def test_a_config_file_named_after_the_command_must_exist(run: Cli, tmp_path: Path) -> None:
    result = run("info", "--config", str(tmp_path / "missing.toml"))
    assert result.exit_code == ExitCode.CONFIG
    assert "not found" in result.stderr


def test_piped_output_has_no_trailing_padding(run: Cli) -> None:
    for args in (("info",), ("list", "relays", "lights"), ("datetime",)):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert len(lines) > 3, args
        padded = [line for line in lines if line != line.rstrip()]
        assert not padded, (args, padded)


@pytest.fixture
def silent_host() -> Iterator[str]:
    """A TCP port that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"127.0.0.1:{listener.getsockname()[1]}"


def test_timeout_bounds_the_host_check(run: Cli, silent_host: str) -> None:
    result = run("--timeout", "1", "info", env={"CAMEDOMOTIC_HOST": silent_host})
    assert result.exit_code == ExitCode.TIMEOUT
    assert "did not answer in time (1 s)" in result.stderr
    assert_no_secret(result)


def test_a_library_host_check_timeout_is_a_timeout() -> None:
    from aiocamedomotic.cli.errors import from_library
    from aiocamedomotic.errors import CameDomoticServerNotFoundError

    gone = CameDomoticServerNotFoundError("no CAME Domotic server answers")
    assert from_library(gone).exit_code == ExitCode.UNREACHABLE
    waited = CameDomoticServerNotFoundError("no CAME Domotic server answers")
    waited.__cause__ = TimeoutError()
    error = from_library(waited, "192.0.2.1")
    assert error.exit_code == ExitCode.TIMEOUT
    assert error.message == "the server at 192.0.2.1 did not answer in time"


# --- prompts --------------------------------------------------------------------------------


def test_end_of_input_at_a_prompt(run: Cli, emu: EmulatorThread) -> None:
    result = run("users", "add", "guest", input="")
    assert result.exit_code == ExitCode.NO_INPUT
    assert result.stderr == "Error: the input ended before an answer to 'Password for guest'\n"
    assert "guest" not in emu.call(lambda: dict(emu.emulator.plant.users))
    result = run("energy", "reset", input="")
    assert result.exit_code == ExitCode.NO_INPUT


def test_one_password_line_where_two_are_needed(run: Cli) -> None:
    # --password-stdin takes the first line; users passwd then needs two more.
    result = run(
        "--password-stdin", "users", "passwd", "guest", input=f"{PASSWORD}\nold\n",
        env={"CAMEDOMOTIC_PASSWORD": None},
    )  # fmt: skip
    assert result.exit_code == ExitCode.NO_INPUT
    assert "the input ended before an answer to 'New password for guest'" in result.stderr
    assert_no_secret(result)
    # Nothing at all on stdin for --password-stdin.
    result = run("--password-stdin", "info", input="", env={"CAMEDOMOTIC_PASSWORD": None})
    assert result.exit_code == ExitCode.NO_INPUT
    assert result.stderr == "Error: the input ended before the password (--password-stdin)\n"
    result = run("alarm", "reset", "--code-stdin", input="")
    assert result.exit_code == ExitCode.NO_INPUT


def test_answering_no_is_its_own_outcome(run: Cli, emu: EmulatorThread) -> None:
    result = run("users", "delete", USERNAME, input="n\n")
    assert result.exit_code == ExitCode.DECLINED
    assert result.stderr == f"user {USERNAME} not deleted\n"
    assert USERNAME in emu.call(lambda: dict(emu.emulator.plant.users))
    assert run("users", "delete", USERNAME, input="\n").exit_code == ExitCode.DECLINED
    result = run("users", "delete", USERNAME, input="maybe\n")
    assert result.exit_code == ExitCode.USAGE
    assert "answer y or n" in result.stderr


def test_piped_passwords_are_read_quietly(emu: EmulatorThread, config_file: Path) -> None:
    env = cli_env(host=emu.host, config=config_file)
    env.pop("CAMEDOMOTIC_PASSWORD")
    result = subprocess.run(  # noqa: S603 - our own CLI with the test's arguments
        [PYTHON, "-m", "aiocamedomotic.cli", "--password-stdin", "users", "add", "guest"],
        input=f"{PASSWORD}\nGuest-Pw-1\n",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == "User guest added\n"
    assert emu.call(lambda: dict(emu.emulator.plant.users))["guest"] == "Guest-Pw-1"


# --- installation and start-up --------------------------------------------------------------

_PROBE = """
import sys
{block}
from aiocamedomotic.cli import main
sys.argv = ["camedomotic", *{args!r}]
try:
    main()
except SystemExit as exit:
    code = exit.code
heavy = sorted(
    name for name in sys.modules
    if name.split(".")[0] == "rich"
    or name.startswith(("aiocamedomotic.emulator", "aiocamedomotic.cli.commands.", "aiohttp.web"))
)
print("RESULT", code, *heavy, file=sys.stderr)
"""


def probe(*args: str, block: str = "") -> tuple[int, list[str], subprocess.CompletedProcess[str]]:
    """Run the console script's main() in a fresh interpreter; its exit code and the heavy
    modules it imported."""
    result = subprocess.run(  # noqa: S603 - a fixed script of this test
        [PYTHON, "-c", _PROBE.format(block=block, args=list(args))],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env=cli_env(),
    )
    line = re.search(r"^RESULT (.*)$", result.stderr, re.MULTILINE)
    assert line, result.stderr
    code, *heavy = line.group(1).split()
    return int(code), heavy, result


def test_version_and_help_import_no_command_rich_or_emulator() -> None:
    code, heavy, _ = probe("--version")
    assert (code, heavy) == (0, [])
    code, heavy, result = probe("--help")
    assert code == 0
    assert "Commands:" in result.stdout
    # --help reads every command's help, so the command modules load, but nothing heavy.
    assert all(name.startswith("aiocamedomotic.cli.commands.") for name in heavy), heavy


def test_a_command_imports_only_its_module() -> None:
    code, heavy, _ = probe("light", "--help")
    assert code == 0
    assert heavy == ["aiocamedomotic.cli.commands.control"]


def test_without_the_cli_extra_one_line_names_it() -> None:
    # sys.modules[name] = None is how Python spells "this module cannot be imported".
    code, heavy, result = probe("--help", block="sys.modules['click'] = None")
    assert code == 1
    assert heavy == []
    message = result.stderr.split("RESULT")[0]
    assert message == (
        "camedomotic needs the command-line extra (missing: click): "
        "pip install 'aiocamedomotic[cli]'\n"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("key", "code", "message"),
    [
        (b"\x04", ExitCode.NO_INPUT, "Error: the input ended before an answer to"),  # Ctrl-D
        (b"\x03", ExitCode.INTERRUPTED, "Error: interrupted"),  # one Ctrl-C is enough
    ],
    ids=["ctrl-d", "ctrl-c"],
)
def test_a_key_at_a_terminal_prompt(
    emu: EmulatorThread, config_file: Path, key: bytes, code: int, message: str
) -> None:
    """Ctrl-D or Ctrl-C at a real terminal's hidden prompt: the error starts its own line."""
    import os
    import pty
    import select

    env = cli_env(host=emu.host, config=config_file)
    pid, fd = pty.fork()  # the child gets the pseudo-terminal as its controlling terminal
    if pid == 0:  # pragma: no cover - the child process
        os.execve(PYTHON, [PYTHON, "-m", "aiocamedomotic.cli", "users", "add", "guest"], env)  # noqa: S606
    seen = b""

    def read_until(marker: bytes) -> None:
        nonlocal seen
        while marker not in seen:
            ready, _, _ = select.select([fd], [], [], TIMEOUT)
            assert ready, seen
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # the child closed the terminal
                chunk = b""
            assert chunk, seen
            seen += chunk

    try:
        read_until(b"Password for guest: ")
        os.write(fd, key)
        read_until(message.encode())
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == code
    text = seen.decode().replace("\r\n", "\n")
    assert f"Password for guest: \n{message}" in text
    assert "Warning" not in text
