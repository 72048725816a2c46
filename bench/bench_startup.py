"""Start-up cost: ``camedomotic --version``/``--help``, ``import aiocamedomotic`` and a
user's ``from aiocamedomotic import Auth, CameDomoticAPI`` against a bare ``import aiohttp``.

Two measurements, each over ``--rounds`` rounds, minimum and median shown:

1. **In one process** (the verdicts): a fresh interpreter imports aiohttp, then
   aiocamedomotic, then runs the CLI, timing each step's CPU time (``time.process_time``);
   another imports aiohttp, then ``Auth`` and ``CameDomoticAPI`` (the user's path).
   Steps measured inside one process are comparable even on a loaded, shared machine, where
   separate processes differ by tens of milliseconds. The ratios add the bare interpreter's
   start (``python -c pass``) to both sides, as a console script pays it.
2. **Fresh processes**, interleaved so that a load spike hits every case: the CPU time
   (``getrusage`` of the child) and the wall time of each command as a user runs it.

The children may write bytecode whatever ``PYTHONDONTWRITEBYTECODE`` says, and a warm-up
round writes it, so that the figures are those of an installed package rather than of
compiling the sources at every start. Then ``python -X importtime`` attributes what
``import aiocamedomotic`` and the user's import add to aiohttp: the self time of every module
they import that ``import aiohttp`` does not, by package and by module (median of
``--profiles`` runs). Targets: the CLI at most 1.5x ``import aiohttp``; ``import
aiocamedomotic`` at most 40 ms more (the user's import is shown against the same figure).

    .venv/bin/python bench/bench_startup.py [--rounds 20] [--profiles 5]
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import statistics
import subprocess
import sys
import time

from benchlib import print_table, verdict

#: The children's environment: bytecode caching on (see the module docstring).
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}

#: The console script's own code, so the figures do not depend on where pip put it.
_CLI = "from aiocamedomotic.cli import main; main()"

#: One process: aiohttp, then the library, then the CLI; prints the three CPU times (s).
_STEPS = """
import contextlib, io, time
t0 = time.process_time()
import aiohttp
t1 = time.process_time()
import aiocamedomotic
t2 = time.process_time()
from aiocamedomotic.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main()
print(t1 - t0, t2 - t1, time.process_time() - t2)
"""

#: What a user's program imports.
USER_IMPORT = "from aiocamedomotic import Auth, CameDomoticAPI"

#: One process: aiohttp, then the user's import; prints the two CPU times (s).
_USER_STEPS = f"""
import time
t0 = time.process_time()
import aiohttp
t1 = time.process_time()
{USER_IMPORT}
print(t1 - t0, time.process_time() - t1)
"""

CLI_CASES = (("--version",), ("--help",), ("light", "--help"))
PROCESS_CASES: dict[str, list[str]] = {
    "python -c pass": ["-c", "pass"],
    "import aiohttp": ["-c", "import aiohttp"],
    "import aiocamedomotic": ["-c", "import aiocamedomotic"],
    USER_IMPORT: ["-c", USER_IMPORT],
    **{f"camedomotic {' '.join(args)}": ["-c", _CLI, *args] for args in CLI_CASES},
}


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, *args], capture_output=True, text=True, check=True, env=_ENV
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def process_once(args: list[str]) -> tuple[float, float]:
    """``(cpu, wall)`` seconds one fresh interpreter takes to run ``args``."""
    cpu, started = _children_cpu(), time.perf_counter()
    _run(args)
    return _children_cpu() - cpu, time.perf_counter() - started


def steps(cli_args: tuple[str, ...]) -> tuple[float, float, float]:
    """CPU seconds of ``import aiohttp``, then of ``import aiocamedomotic`` on top, then of
    the CLI on top, inside one fresh interpreter."""
    aiohttp, library, cli = _run(["-c", _STEPS, *cli_args]).stdout.split()
    return float(aiohttp), float(library), float(cli)


def user_steps() -> tuple[float, float]:
    """CPU seconds of ``import aiohttp``, then of the user's import on top."""
    aiohttp, user = _run(["-c", _USER_STEPS]).stdout.split()
    return float(aiohttp), float(user)


def self_times(statement: str) -> dict[str, int]:
    """Module -> self import time (µs) of ``python -X importtime -c statement``."""
    times: dict[str, int] = {}
    for line in _run(["-X", "importtime", "-c", statement]).stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _cumulative, name = line.removeprefix("import time:").split("|")
        times[name.strip()] = int(own)
    return times


def group(module: str) -> str:
    """The package a module is counted under (two levels for ours, one for the others)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "aiocamedomotic" else parts[0]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def in_one_process(rounds: int, start: float) -> None:
    """The verdicts: each step timed inside one interpreter."""
    rows = []
    verdicts = []
    for cli_args in CLI_CASES:
        samples = [steps(cli_args) for _ in range(rounds)]
        aiohttp, library, cli = (min(sample[i] for sample in samples) for i in range(3))
        ratio = (start + aiohttp + library + cli) / (start + aiohttp)
        name = f"camedomotic {' '.join(cli_args)}"
        rows.append([name, ms(aiohttp), ms(library), ms(cli), f"{ratio:.2f}x"])
        if cli_args in (("--version",), ("--help",)):
            verdicts.append(f"{name}: {ratio:.2f}x (target <= 1.5x): {verdict(ratio <= 1.5)}")
        if cli_args == ("--version",):
            verdicts.insert(
                0,
                f"import aiocamedomotic adds {ms(library)} ms to import aiohttp "
                f"(target <= 40 ms): {verdict(library <= 0.040)}",
            )
    pairs = [user_steps() for _ in range(rounds)]
    aiohttp, user = (min(pair[i] for pair in pairs) for i in range(2))
    ratio = (start + aiohttp + user) / (start + aiohttp)
    rows.append([USER_IMPORT, ms(aiohttp), ms(user), "-", f"{ratio:.2f}x"])
    verdicts.insert(
        1,
        f"{USER_IMPORT} adds {ms(user)} ms to import aiohttp "
        f"(against the same 40 ms): {verdict(user <= 0.040)}",
    )
    print_table(
        f"In one process, CPU ms (min of {rounds}); ratio: (start + all) / (start + aiohttp), "
        f"start = python -c pass = {ms(start)} ms",
        ["case", "import aiohttp", "+ aiocamedomotic", "+ CLI", "ratio"],
        rows,
    )
    print("\n" + "\n".join(verdicts))


def fresh_processes(rounds: int) -> float:
    """Each case as a user runs it; returns the CPU minimum of ``python -c pass``."""
    cpu: dict[str, list[float]] = {name: [] for name in PROCESS_CASES}
    wall: dict[str, list[float]] = {name: [] for name in PROCESS_CASES}
    for _ in range(rounds):
        for name, args in PROCESS_CASES.items():
            spent, elapsed = process_once(args)
            cpu[name].append(spent)
            wall[name].append(elapsed)
    base = min(cpu["import aiohttp"])
    print_table(
        f"Fresh processes, ms, {rounds} interleaved rounds",
        ["case", "CPU min", "CPU median", "wall min", "wall median", "CPU min / aiohttp"],
        [
            [
                name,
                ms(min(cpu[name])),
                ms(statistics.median(cpu[name])),
                ms(min(wall[name])),
                ms(statistics.median(wall[name])),
                f"{min(cpu[name]) / base:.2f}x",
            ]
            for name in PROCESS_CASES
        ],
    )
    return min(cpu["python -c pass"])


def import_profile(statement: str, profiles: int) -> None:
    """What ``statement`` adds to ``import aiohttp``, by package and module."""
    by_package: dict[str, list[int]] = collections.defaultdict(list)
    by_module: dict[str, list[int]] = collections.defaultdict(list)
    for _ in range(profiles):
        aiohttp_modules = set(self_times("import aiohttp"))
        added = {
            module: own
            for module, own in self_times(statement).items()
            if module not in aiohttp_modules
        }
        packages: dict[str, int] = collections.Counter()
        for module, own in added.items():
            packages[group(module)] += own
        for table, run in ((by_package, packages), (by_module, added)):
            for name in run.keys() | table.keys():
                table[name].append(run.get(name, 0))
    for label, table, shown in (("package", by_package, 12), ("module", by_module, 12)):
        medians = sorted(
            ((name, statistics.median(values)) for name, values in table.items()),
            key=lambda item: -item[1],
        )
        print_table(
            f"What {statement} adds to import aiohttp, by {label} "
            f"(self time, median of {profiles} -X importtime runs)",
            [label, "ms"],
            [[name, f"{value / 1000:.1f}"] for name, value in medians[:shown]]
            + [["total", f"{sum(value for _, value in medians) / 1000:.1f}"]],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profiles", type=int, default=5)
    options = parser.parse_args()
    for args in PROCESS_CASES.values():  # warm the page cache and write the bytecode
        process_once(args)
    start = fresh_processes(options.rounds)
    in_one_process(options.rounds, start)
    for statement in ("import aiocamedomotic", USER_IMPORT):
        import_profile(statement, options.profiles)


if __name__ == "__main__":
    main()
