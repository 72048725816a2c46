"""CLI layer: ``emulator HOOK ...``, the test hooks of a running emulator, from a shell.

One command per hook of the emulator's catalogue (``aiocamedomotic.emulator.HOOKS``),
built from the hook's signature and docstring: required parameters are arguments, the
others options. Each command sends one control API request
(``POST /emulator/api/hooks/<name>``) to ``--host`` (default ``127.0.0.1:8080``) and prints
the result as JSON when there is one. The control token, if the emulator needs one, is
read from ``$CAMEDOMOTIC_EMULATOR_TOKEN`` only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import click

from ..app import App, CameCommand, CameGroup, cli
from ..config import normalise_host
from ..errors import CliError, ExitCode
from ..output import print_json

if TYPE_CHECKING:
    from aiocamedomotic.emulator import Hook
    from aiocamedomotic.emulator.hooks import Param

#: Where the standalone emulator listens by default.
DEFAULT_EMULATOR = "127.0.0.1:8080"
_EXIT_BY_STATUS = {400: ExitCode.USAGE, 401: ExitCode.AUTH, 403: ExitCode.AUTH}


Convert = Callable[[click.Context, click.Parameter, Any], Any]


def _int_list(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value is None:
        return None
    try:
        return [int(part) for part in str(value).split(",")]
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a comma-separated list of integers") from None


def _json_object(*, paths: bool) -> Convert:
    """A JSON object typed on the command line; with ``paths``, anything else is a file
    (made absolute here, read by the emulator)."""

    def convert(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None:
            return None
        text = str(value)
        if paths and not text.lstrip().startswith("{"):
            return str(Path(text).expanduser().resolve())
        try:
            data = json.loads(text)
        except ValueError:
            raise click.BadParameter("not valid JSON") from None
        if not isinstance(data, dict):
            raise click.BadParameter("expected a JSON object")
        return data

    return convert


def _converter(param: Param) -> tuple[Any, Convert | None, str]:
    """The click type, the conversion callback and the metavar of a parameter."""
    kinds = param.kinds
    if "object" in kinds:
        paths = "path" in kinds
        return click.STRING, _json_object(paths=paths), "JSON|FILE" if paths else "JSON"
    if "path" in kinds:
        return click.Path(resolve_path=True), None, "FILE"
    if "list" in kinds:
        return click.STRING, _int_list, "N,N,..."
    if "bool" in kinds:
        return click.BOOL, None, ""
    if "int" in kinds:
        return click.INT, None, "N"
    if "number" in kinds:
        return click.FLOAT, None, "SECONDS" if param.name == "seconds" else "X"
    return click.STRING, None, "TEXT"


def _click_param(param: Param, help_text: str) -> click.Parameter:
    kind, convert, metavar = _converter(param)
    flag = "--" + param.name.replace("_", "-")
    if param.kind == "variadic":
        return click.Argument([param.name], nargs=-1, type=kind, callback=convert)
    if param.required:
        return click.Argument([param.name], type=kind, callback=convert)
    if kind is click.BOOL:
        names = [flag] if param.default is False else [f"{flag}/--no-{flag[2:]}"]
        return click.Option(names, is_flag=True, default=param.default, help=help_text)
    default = "" if param.default is None else f" [default: {json.dumps(param.default)}]"
    return click.Option(
        [flag], type=kind, callback=convert, default=None, metavar=metavar, help=help_text + default
    )


def _command(hook: Hook) -> click.Command:
    from aiocamedomotic.emulator.hooks import plain

    def callback(**values: Any) -> None:
        app = click.get_current_context().find_object(App) or App()
        arguments = {
            p.name: list(values[p.name]) if p.kind == "variadic" else values[p.name]
            for p in hook.params
            if values.get(p.name) not in (None, ())
        }
        result = app.run(_call(app, hook.name, arguments))
        if result is not None:
            print_json(result)

    arguments_help = "\n".join(
        f"{p.name.upper()}: {plain(hook.param_docs.get(p.name, p.type_name))}"
        for p in hook.params
        if p.required or p.kind == "variadic"
    )
    description = plain(hook.description)
    return CameCommand(
        hook.name.replace("_", "-"),
        callback=callback,
        params=[_click_param(p, plain(hook.param_docs.get(p.name, ""))) for p in hook.params],
        help=description + (f"\n\n\b\n{arguments_help}" if arguments_help else ""),
        short_help=plain(hook.summary),
    )


async def _call(app: App, name: str, arguments: dict[str, Any]) -> Any:
    """One control API request; the hook's result.

    Raises:
        CliError: the emulator is unreachable, refused the call or did not answer in time.
    """
    from aiocamedomotic.emulator.control import CONTROL_PATH, CONTROL_TOKEN_ENV

    host = normalise_host(app.host or app.config.host or DEFAULT_EMULATOR)
    url = f"http://{host}{CONTROL_PATH}api/hooks/{name}"
    headers = {}
    token = os.environ.get(CONTROL_TOKEN_ENV)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    timeout = aiohttp.ClientTimeout(total=app.timeout)
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as http,
            http.post(url, json=arguments, headers=headers, allow_redirects=False) as resp,
        ):
            status = resp.status
            try:
                answer = await resp.json(content_type=None)
            except (ValueError, aiohttp.ContentTypeError):
                answer = None
    except TimeoutError:
        raise CliError(f"the emulator at {host} did not answer in time", ExitCode.TIMEOUT) from None
    except aiohttp.ClientError as err:
        raise CliError(
            f"cannot reach an emulator at {host}: {type(err).__name__}", ExitCode.UNREACHABLE
        ) from None
    if status == 200 and isinstance(answer, dict) and "result" in answer:
        return answer["result"]
    reason = answer.get("error") if isinstance(answer, dict) else None
    if status == 404 and reason is None:
        raise CliError(f"{host} has no emulator control API (HTTP 404)", ExitCode.UNREACHABLE)
    raise CliError(
        f"the emulator refused {name}: {reason or f'HTTP {status}'}",
        _EXIT_BY_STATUS.get(status, ExitCode.ERROR),
    )


class _HookGroup(CameGroup):
    """The hook commands, built from the emulator's catalogue when first needed: the
    catalogue imports the emulator, which ``camedomotic --help`` has no need to load."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every hook's command."""
        self._build()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """One hook's command."""
        self._build()
        return super().get_command(ctx, cmd_name)

    def _build(self) -> None:
        if not self.commands:
            from aiocamedomotic.emulator import HOOKS

            for hook in HOOKS:
                self.add_command(_command(hook))


@cli.group(cls=_HookGroup)
def emulator() -> None:
    """Drive a running emulator: press buttons, move shutters, inject faults, swap plants.

    Each command calls one test hook through the emulator's control API at --host
    (default 127.0.0.1:8080). A token, if the emulator needs one, is read from
    $CAMEDOMOTIC_EMULATOR_TOKEN.
    """


__all__ = ["emulator"]
