"""Test kit: the standalone emulator as a child process, with its test hooks over the
control API (``docs/emulator.md``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import aiohttp

from ..emulator import Plant
from ..emulator.server import PlantSource
from ._running import Running

__all__ = ["EmulatorProcess"]

_LISTENING = re.compile(r"listening on (http://([^/\s]+)/domo/)")
_HOOKS = "/emulator/api/hooks/"
_HEADERS = {"Content-Type": "application/json"}


class EmulatorProcess(Running):
    """``python -m aiocamedomotic.emulator`` on 127.0.0.1, a free port, as a child process.

    For tests that need the server outside their own event loop or process: a program run
    as a subprocess, a synchronous client, a restart of the whole server. Test hooks go
    through the control API (:meth:`hook`, :meth:`async_hook`). The emulator's request log
    (standard error) goes to :attr:`log`.

    Use it as a context manager (``with EmulatorProcess() as server:``), or call
    :meth:`start` and :meth:`stop`.

    Args:
        plant: a :class:`~aiocamedomotic.emulator.Plant`, plant-file content or the path of
            a plant file (default: the demo plant).
        username: a user the emulator makes sure exists (with ``password``).
        password: that user's password.
        args: more command-line options (``["--lively", "--seed", "3"]``).
        directory: where the plant file and the log are written (default: a fresh
            temporary directory).
        timeout: seconds to wait for the emulator to start, and for each hook call.
    """

    def __init__(
        self,
        plant: PlantSource = None,
        *,
        username: str | None = None,
        password: str | None = None,
        args: Sequence[str] = (),
        directory: str | os.PathLike[str] | None = None,
        timeout: float = 20.0,
    ) -> None:
        if (username is None) != (password is None):
            raise ValueError("username and password go together")
        self._plant = plant
        self._credentials = (username, password)
        self._args = list(args)
        self._directory = Path(directory) if directory is not None else None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._timeout = timeout
        self._proc: subprocess.Popen[str] | None = None
        self._log_file: IO[str] | None = None
        #: ``http://127.0.0.1:<port>/domo/`` once started.
        self.url = ""
        #: ``127.0.0.1:<port>`` once started: the ``host`` of ``CameDomoticAPI``.
        self.host = ""

    @property
    def log(self) -> Path:
        """The file that receives the emulator's log (one line per request)."""
        return self._dir / "emulator.log"

    @property
    def pid(self) -> int | None:
        """The process id, while it runs."""
        return self._proc.pid if self._proc is not None else None

    def start(self) -> EmulatorProcess:
        """Start the process and return once it listens.

        Raises:
            RuntimeError: it is already running, or it exited before listening (the
                message quotes its log).
        """
        if self._proc is not None:
            raise RuntimeError("the emulator process is already running")
        command = [sys.executable, "-m", "aiocamedomotic.emulator", "--port", "0"]
        plant = self._plant_file()
        if plant is not None:
            command += ["--plant", str(plant)]
        username, password = self._credentials
        if username is not None and password is not None:
            # a test password, readable in the process list of this machine only
            command += ["--username", username, "--password", password]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self._log_file = self.log.open("w", encoding="utf-8")
        self._proc = subprocess.Popen(  # noqa: S603 - our own module, the test's arguments
            [*command, *self._args],
            stdout=subprocess.PIPE,
            stderr=self._log_file,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()  # the announcement, or "" if it exited
        match = _LISTENING.search(line)
        if match is None:
            self._log_file.flush()
            log = self.log.read_text(encoding="utf-8")
            self.stop()
            raise RuntimeError(f"the emulator did not start: {line!r}\n{log}")
        self.url, self.host = match.group(1), match.group(2)
        return self

    def stop(self) -> int:
        """Stop the process (SIGTERM, then a kill after the timeout) and return its exit code.

        Safe to call twice.
        """
        proc, self._proc = self._proc, None
        code = 0
        if proc is not None:
            if proc.poll() is None:
                proc.terminate()
            try:
                proc.communicate(timeout=self._timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
            code = proc.returncode
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = self._directory = None
        return code

    def hook(self, name: str, **arguments: Any) -> Any:
        """Call a test hook, blocking (from synchronous code).

        Args:
            name: the hook (``"set_light"``, ``"fail_next"``...: ``docs/emulator.md``).
            **arguments: its arguments, by name.

        Returns:
            The hook's result (JSON), ``None`` if it has none.

        Raises:
            RuntimeError: the emulator refused the call (the message is its answer).
        """
        request = urllib.request.Request(  # noqa: S310 - http to our own child process
            self._hook_url(name), json.dumps(arguments).encode(), _HEADERS, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as answer:  # noqa: S310
                return json.loads(answer.read()).get("result")
        except urllib.error.HTTPError as err:
            raise RuntimeError(f"hook {name} refused: {err.read().decode()}") from None

    async def async_hook(self, name: str, **arguments: Any) -> Any:
        """Call a test hook without blocking the event loop; as :meth:`hook`."""
        timeout = aiohttp.ClientTimeout(total=self._timeout)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(self._hook_url(name), json=arguments) as answer,
        ):
            body = await answer.json()
            if answer.status != 200:
                raise RuntimeError(f"hook {name} refused: {json.dumps(body)}")
            return body.get("result")

    def __repr__(self) -> str:
        state = f"on {self.host}" if self._proc is not None else "stopped"
        return f"<EmulatorProcess {state}>"

    # -------------------------------------------------------------------------- helpers

    @property
    def _dir(self) -> Path:
        if self._directory is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="camedomotic-emulator-")
            self._directory = Path(self._tmp.name)
        return self._directory

    def _plant_file(self) -> Path | None:
        plant = self._plant
        if plant is None:
            return None
        if isinstance(plant, Plant | Mapping):
            data = plant.to_dict() if isinstance(plant, Plant) else dict(plant)
            path = self._dir / "plant.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            return path
        return Path(plant)

    def _hook_url(self, name: str) -> str:
        if not self.host:
            raise RuntimeError("the emulator process is not running")
        return f"http://{self.host}{_HOOKS}{name}"
