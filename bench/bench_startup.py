"""Start-up cost: ``camedomotic --version``/``--help`` and ``import aiocamedomotic`` against a
bare ``import aiohttp``, each a fresh interpreter.

The cases run interleaved for ``--rounds`` rounds so that a load spike hits all of them.
Each run is measured twice: the CPU time of the child (user + system, from
``getrusage``), which other processes on a shared machine barely disturb, and its wall
time. The tables show the minimum (the cost without interference) and the median; the
verdicts use the CPU minimum. The children may write bytecode whatever
``PYTHONDONTWRITEBYTECODE`` says, and a warm-up round writes it, so that the figures are
those of an installed package rather than of compiling the sources at every start. Then
``python -X importtime`` attributes what ``import aiocamedomotic`` adds to aiohttp: the
self time of every module it imports that ``import aiohttp`` does not, grouped by package
(median of ``--profiles`` runs). Targets: the CLI at most 1.5x ``import aiohttp``; the
library at most 40 ms more than aiohttp.

    .venv/bin/python bench/bench_startup.py [--rounds 15] [--profiles 5]
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
_CLI = "import sys; from aiocamedomotic.cli import main; main()"

CASES: dict[str, list[str]] = {
    "python -c pass": ["-c", "pass"],
    "import aiohttp": ["-c", "import aiohttp"],
    "import aiocamedomotic": ["-c", "import aiocamedomotic"],
    "camedomotic --version": ["-c", _CLI, "--version"],
    "camedomotic --help": ["-c", _CLI, "--help"],
    "camedomotic light --help": ["-c", _CLI, "light", "--help"],
}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(args: list[str]) -> tuple[float, float]:
    """``(cpu, wall)`` seconds one fresh interpreter takes to run ``args``."""
    cpu, started = _children_cpu(), time.perf_counter()
    subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, *args], stdout=subprocess.DEVNULL, check=True, env=_ENV
    )
    return _children_cpu() - cpu, time.perf_counter() - started


def self_times(statement: str) -> dict[str, int]:
    """Module -> self import time (µs) of ``python -X importtime -c statement``."""
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed statements
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
        env=_ENV,
    )
    times: dict[str, int] = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _cumulative, name = line.removeprefix("import time:").split("|")
        times[name.strip()] = int(own)
    return times


def group(module: str) -> str:
    """The package a module is counted under (two levels for ours, one for the others)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "aiocamedomotic" else parts[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--profiles", type=int, default=5)
    options = parser.parse_args()

    for args in CASES.values():  # warm the page cache and the .pyc files
        run_once(args)
    cpu: dict[str, list[float]] = {name: [] for name in CASES}
    wall: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(options.rounds):
        for name, args in CASES.items():
            spent, elapsed = run_once(args)
            cpu[name].append(spent)
            wall[name].append(elapsed)
    best = {name: min(times) for name, times in cpu.items()}
    base = best["import aiohttp"]
    print_table(
        f"Start-up, ms, {options.rounds} interleaved rounds",
        ["case", "CPU min", "CPU median", "wall min", "wall median", "CPU min / import aiohttp"],
        [
            [
                name,
                f"{best[name] * 1000:.0f}",
                f"{statistics.median(cpu[name]) * 1000:.0f}",
                f"{min(wall[name]) * 1000:.0f}",
                f"{statistics.median(wall[name]) * 1000:.0f}",
                f"{best[name] / base:.2f}x",
            ]
            for name in CASES
        ],
    )
    extra_ms = (best["import aiocamedomotic"] - base) * 1000
    print(f"\nimport aiocamedomotic adds {extra_ms:.0f} ms CPU to import aiohttp "
          f"(target <= 40 ms): {verdict(extra_ms <= 40)}")  # fmt: skip
    for name in ("camedomotic --version", "camedomotic --help"):
        ratio = best[name] / base
        print(f"{name}: {ratio:.2f}x import aiohttp (target <= 1.5x): {verdict(ratio <= 1.5)}")

    by_package: dict[str, list[int]] = collections.defaultdict(list)
    by_module: dict[str, list[int]] = collections.defaultdict(list)
    for _ in range(options.profiles):
        aiohttp_modules = set(self_times("import aiohttp"))
        added = {
            module: own
            for module, own in self_times("import aiocamedomotic").items()
            if module not in aiohttp_modules
        }
        packages: dict[str, int] = collections.Counter()
        for module, own in added.items():
            packages[group(module)] += own
        for samples, run in ((by_package, packages), (by_module, added)):
            for name in run.keys() | samples.keys():
                samples[name].append(run.get(name, 0))
    title = f"(self time, median of {options.profiles} -X importtime runs)"
    for label, samples, shown in (("package", by_package, 20), ("module", by_module, 12)):
        medians = sorted(
            ((name, statistics.median(values)) for name, values in samples.items()),
            key=lambda item: -item[1],
        )
        print_table(
            f"What import aiocamedomotic adds to import aiohttp, by {label} {title}",
            [label, "ms"],
            [[name, f"{value / 1000:.1f}"] for name, value in medians[:shown]]
            + [["total", f"{sum(value for _, value in medians) / 1000:.1f}"]],
        )


if __name__ == "__main__":
    main()
