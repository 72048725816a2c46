"""CLI layer: the ``camedomotic`` command group, its global options and how commands run.

Every command is a coroutine run with :meth:`App.run`, which owns the event loop, the
``-v`` traffic log and the translation of errors into one line and an exit code. Command
modules are imported only when their command runs or help lists it (:data:`COMMANDS`), so
``--version`` costs little more than starting Python.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib
import logging
import sys
import traceback
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

import click
from click.core import ParameterSource

from aiocamedomotic.errors import CameDomoticError

from .._version import __version__
from .config import (
    ENV_CONFIG,
    ENV_HOST,
    ENV_PASSWORD,
    ENV_TIMEOUT,
    ENV_USERNAME,
    ConfigFile,
    Credentials,
    default_config_path,
    load_config,
    normalise_host,
)
from .errors import CliError, ExitCode, from_library
from .output import spinner

if TYPE_CHECKING:
    from aiocamedomotic import CameDomoticAPI

__all__ = ["COMMANDS", "App", "CameCommand", "CameGroup", "async_command", "cli", "main"]

P = ParamSpec("P")
R = TypeVar("R")

_LOG_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"

#: Every top-level command and the module of :mod:`.commands` that defines it.
COMMANDS: dict[str, str] = {
    "ack": "plant_extras",
    "alarm": "security",
    "completion": "shell",
    "cover": "control",
    "datetime": "plant_extras",
    "demo": "demo",
    "emulate": "emulate",
    "emulator": "emulator",
    "energy": "plant_extras",
    "info": "info",
    "irrigation": "garden_sound",
    "light": "control",
    "list": "listing",
    "load": "plant_extras",
    "load-controller": "plant_extras",
    "probe": "info",
    "profile": "plant_extras",
    "relay": "control",
    "scenario": "control",
    "scenario-edit": "plant_extras",
    "scenario-record": "plant_extras",
    "season": "control",
    "snapshot": "snapshot",
    "sound": "garden_sound",
    "thermo": "control",
    "timer": "control",
    "users": "users",
    "watch": "watch",
}


@dataclass
class App:
    """Global options of one invocation and the services commands share.

    Attributes:
        host: ``--host`` (or its environment variable), as typed.
        username: ``--username`` (or its environment variable).
        password: ``--password`` (or its environment variable); never shown.
        password_stdin: read the password from the first line of stdin.
        config_path: ``--config`` (or its environment variable); ``None``: the default file.
        verbose: how many ``-v`` were given.
        debug: show tracebacks.
        timeout: seconds to wait for each answer of the server.
        quiet_interrupt: set by commands that run until Ctrl-C (watch, emulate): Ctrl-C then
            ends them normally (exit code 0).
    """

    host: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    password_stdin: bool = False
    config_path: Path | None = None
    verbose: int = 0
    debug: bool = False
    timeout: int = 30
    quiet_interrupt: bool = False
    _config: ConfigFile | None = field(default=None, repr=False)
    _credentials: Credentials | None = field(default=None, repr=False)

    @property
    def config(self) -> ConfigFile:
        """The configuration file, read on first use (a missing default file is empty)."""
        if self._config is None:
            path = self.config_path or default_config_path()
            self._config = load_config(path, required=self.config_path is not None)
        return self._config

    @property
    def aliases(self) -> dict[str, str]:
        """Device aliases of the configuration file (case-folded keys)."""
        return self.config.aliases

    def credentials(self) -> Credentials:
        """Resolve host and credentials: option > environment > configuration file.

        Raises:
            CliError: (``USAGE``) something is missing or invalid; nothing was sent.
        """
        if self._credentials is not None:
            return self._credentials
        host = self.host or self.config.host
        if not host:
            raise CliError(
                f"no host: pass --host, set {ENV_HOST} or add host to the configuration file",
                ExitCode.USAGE,
            )
        username = self.username or self.config.username
        if not username:
            raise CliError(
                f"no user name: pass --username, set {ENV_USERNAME} or add username to the "
                "configuration file",
                ExitCode.USAGE,
            )
        password = self.password
        if self.password_stdin:
            if password is not None:
                raise CliError(
                    f"--password-stdin cannot be combined with --password or {ENV_PASSWORD}",
                    ExitCode.USAGE,
                )
            from .prompts import read_line

            password = read_line("the password (--password-stdin)")
        if password is None:
            password = self.config.password
        if password is None:
            if not sys.stdin.isatty():
                raise CliError(
                    "no password: pass --password-stdin, set "
                    f"{ENV_PASSWORD} or add password to the configuration file",
                    ExitCode.USAGE,
                )
            from .prompts import ask

            password = ask("Password", secret=True)
        self._credentials = Credentials(normalise_host(host), username, password)
        return self._credentials

    @contextlib.asynccontextmanager
    async def connect(self) -> AsyncIterator[CameDomoticAPI]:
        """Connect to the server (a spinner shows while it answers) and dispose after.

        ``--timeout`` bounds the host check too, which the library would otherwise give
        its own 10 s.

        Raises:
            CliError: (``TIMEOUT``) the host did not answer within ``--timeout``.
        """
        from aiocamedomotic import CameDomoticAPI  # the client stack: only when connecting

        creds = self.credentials()
        with spinner(f"Connecting to {creds.host}…"):
            try:
                async with asyncio.timeout(self.timeout):
                    api = await CameDomoticAPI.async_create(
                        creds.host, creds.username, creds.password, command_timeout=self.timeout
                    )
            except TimeoutError:
                raise CliError(
                    f"the server at {creds.host} did not answer in time ({self.timeout} s)",
                    ExitCode.TIMEOUT,
                ) from None
        try:
            yield api
        finally:
            await api.async_dispose()

    def run(self, coro: Coroutine[Any, Any, R]) -> R:
        """Run a command's coroutine; turn any failure into one line and an exit code.

        Raises:
            CliError: every failure (library error, Ctrl-C, unexpected error).
        """
        with self._logging():
            try:
                return asyncio.run(coro)
            except KeyboardInterrupt:
                if self.quiet_interrupt:
                    return None  # type: ignore[return-value]  # only for None commands
                raise CliError("interrupted", ExitCode.INTERRUPTED) from None
            except (CliError, click.ClickException, click.exceptions.Exit, click.Abort):
                raise
            except CameDomoticError as err:
                self._maybe_traceback()
                host = self._credentials.host if self._credentials else None
                raise from_library(err, host) from None
            except ValueError as err:
                # The library validates arguments before sending anything (its messages
                # never quote a secret): an invalid value, like click's own range checks.
                self._maybe_traceback()
                raise CliError(f"invalid value: {err}", ExitCode.USAGE) from None
            except Exception as err:
                self._maybe_traceback()
                raise CliError(
                    f"unexpected error ({type(err).__name__}: {err}); run with --debug for "
                    "the traceback",
                    ExitCode.ERROR,
                ) from None

    def _maybe_traceback(self) -> None:
        if self.debug:
            traceback.print_exc(file=sys.stderr)

    @contextlib.contextmanager
    def _logging(self) -> Iterator[None]:
        """Route the library's log to stderr for the run (the CLI, not the library, decides).

        Without ``-v`` only errors show; ``-v`` adds warnings and the redacted traffic log
        (``aiocamedomotic.traffic``); ``-vv`` every library debug message. Everything is
        restored afterwards so that in-process runs (tests) do not pile handlers up.
        """
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_LOG_FORMAT))
        library = logging.getLogger("aiocamedomotic")
        traffic = logging.getLogger("aiocamedomotic.traffic")
        saved = (library.level, library.propagate, traffic.level)
        library.addHandler(handler)
        library.propagate = False
        library.setLevel(
            logging.DEBUG
            if self.verbose > 1
            else logging.WARNING
            if self.verbose
            else logging.ERROR
        )
        if self.verbose:
            traffic.setLevel(logging.DEBUG)
        try:
            yield
        finally:
            library.removeHandler(handler)
            library.setLevel(saved[0])
            library.propagate = saved[1]
            traffic.setLevel(saved[2])


def async_command(
    func: Callable[Concatenate[App, P], Coroutine[Any, Any, None]],
) -> Callable[P, None]:
    """Turn ``async def cmd(app, ...)`` into a click callback run by :meth:`App.run`."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        app = click.get_current_context().find_object(App)
        if app is None:  # pragma: no cover - every command lives under the group
            app = App()
        if app.config_path is not None:
            # A file named explicitly must exist for every command, not only those that
            # read aliases or credentials from it.
            _ = app.config
        app.run(func(app, *args, **kwargs))

    return wrapper


_LATE_GLOBALS = (
    "Global options (see 'camedomotic --help') may also follow the command, "
    "unless the command has an option of the same name."
)


def _apply_late_global(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """Callback of a global option given after the command: it overrides the group's."""
    if param.name is None or ctx.get_parameter_source(param.name) is not (
        ParameterSource.COMMANDLINE
    ):
        return
    app = ctx.find_object(App)
    if app is None:  # pragma: no cover - every command lives under the group
        return
    if param.name == "verbose":
        value += app.verbose
    setattr(app, param.name, value)


def _late_copy(option: click.Option) -> click.Option:
    """A hidden copy of a global option for a command, without default or env var."""
    assert option.name is not None
    return click.Option(
        [option.name, *option.opts, *option.secondary_opts],
        type=None if option.is_flag or option.count else option.type,
        is_flag=option.is_flag or None,
        count=option.count,
        metavar=option.metavar,
        hidden=True,
        expose_value=False,
        callback=_apply_late_global,
    )


class CameCommand(click.Command):
    """A command: accepts the global options after its name too, and its help explains how
    devices are named when it takes a NAME."""

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        """Its own parameters, then hidden copies of the global options it does not shadow."""
        params = super().get_params(ctx)
        taken = {p.name for p in params} | {
            opt for p in params for opt in (*p.opts, *p.secondary_opts)
        }
        late = [
            _late_copy(option)
            for option in cli.params
            if isinstance(option, click.Option)
            and option.expose_value
            and option.name not in taken
            and not {*option.opts, *option.secondary_opts} & taken
        ]
        return [*params, *late]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """A click command whose epilog adds the naming rules (when it takes a NAME) and the
        note on global options; as the epilog, they reach the generated reference too."""
        from .names import NAME_RULES
        from .options import NameArgument

        super().__init__(*args, **kwargs)
        names = any(isinstance(param, NameArgument) for param in self.params)
        notes = [self.epilog, NAME_RULES if names else None, _LATE_GLOBALS]
        self.epilog = "\n\n".join(note for note in notes if note)


class CameGroup(click.Group):
    """The command group; loads commands on demand and reports every error as one line on
    stderr with its exit code."""

    command_class = CameCommand
    group_class = type  # sub-groups (alarm, energy, users) are CameGroups too

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, loaded or not."""
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, importing the module that defines it on first use."""
        if cmd_name not in self.commands and cmd_name in self.lazy:
            importlib.import_module(f"{__package__}.commands.{self.lazy[cmd_name]}")
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands with the whole first sentence of their help (wrapped, not cut)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the CLI and exit with the code of the outcome (see ``CLI.md``)."""
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except CliError as err:
            err.show()
            sys.exit(err.exit_code)
        except click.exceptions.NoArgsIsHelpError as err:
            # A group without its command: its help, as asked for, is not an error.
            click.echo(err.ctx.get_help())
            sys.exit(ExitCode.OK)
        except click.UsageError as err:
            click.echo(f"Error: {_usage_message(err)}", err=True)
            sys.exit(ExitCode.USAGE)
        except click.ClickException as err:
            err.show()
            sys.exit(err.exit_code)
        except click.Abort:
            click.echo("Error: interrupted", err=True)
            sys.exit(ExitCode.INTERRUPTED)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


def _usage_message(err: click.UsageError) -> str:
    """The message of a usage error, blaming the environment variable when it came from one."""
    hint = f" (see '{err.ctx.command_path} --help')" if err.ctx is not None else ""
    param = getattr(err, "param", None)
    if (
        isinstance(err, click.BadParameter)
        and err.ctx is not None
        and param is not None
        and param.name is not None
        and err.ctx.get_parameter_source(param.name) is ParameterSource.ENVIRONMENT
    ):
        envvar = param.envvar if isinstance(param.envvar, str) else param.envvar[0]
        return f"invalid value in {envvar} (used for {param.opts[0]}): {err.message}"
    return f"{err.format_message()}{hint}"


@click.group(
    cls=CameGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--host",
    "-H",
    envvar=ENV_HOST,
    metavar="HOST[:PORT]",
    help=f"Server: host, host:port or http://host[:port]/ [env {ENV_HOST}].",
)
@click.option("--username", "-u", envvar=ENV_USERNAME, help=f"User name [env {ENV_USERNAME}].")
@click.option(
    "--password",
    "-p",
    envvar=ENV_PASSWORD,
    help=f"Password (prefer the env var or --password-stdin) [env {ENV_PASSWORD}].",
)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
@click.option(
    "--config",
    "config_path",
    envvar=ENV_CONFIG,
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Configuration file [env {ENV_CONFIG}; default {default_config_path()}].",
)
@click.option(
    "--verbose",
    "-v",
    count=True,
    help="Show the redacted traffic log on stderr (-vv: all library debug messages).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.option(
    "--timeout",
    type=click.IntRange(1, 600),
    metavar="SECONDS",
    default=30,
    show_default=True,
    envvar=ENV_TIMEOUT,
    help=f"Seconds to wait for the server, at the host check and for each answer "
    f"[env {ENV_TIMEOUT}].",
)
@click.version_option(__version__, prog_name="camedomotic")
@click.pass_context
def cli(ctx: click.Context, /, **options: Any) -> None:
    """Control and watch a CAME Domotic (ETI/Domo) server from the command line.

    Try it without a server: camedomotic demo. Shell completion: see 'camedomotic
    completion --help'.
    """
    ctx.obj = App(**options)


def main() -> None:
    """Entry point of the ``camedomotic`` console script."""
    cli(prog_name="camedomotic")
