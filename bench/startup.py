"""How long `vplan` commands take to start and finish when they have little to do.

Usage: .venv/bin/python bench/startup.py [--runs 5] [--json FILE]
Makes a fresh SQLite database (migrate, not timed), then runs each command --runs times as a
new process and prints the median wall-clock seconds and the median CPU seconds of the process
(user + system: what the command costs, whatever else the machine is doing). `vplan check`
runs every system check (the URL configuration and the API included), for comparison.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VPLAN = str(Path(sys.executable).with_name("vplan"))

COMMANDS = [
    ["help"],
    ["rounds"],
    ["export", "--all", "-o", os.devnull],
    ["load", "{empty}"],
    ["check"],
]


def run(arguments: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `vplan arguments`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([VPLAN, *arguments], env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the figures here")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    empty = folder / "empty.json"
    empty.write_text('{"format": "vplan-exchange", "version": 1, "statuses": [], "plans": []}')
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'startup.sqlite3'}",
        "VPLAN_SECRET_KEY": os.environ.get("VPLAN_SECRET_KEY", "bench-startup"),
    }
    subprocess.run([VPLAN, "migrate", "--no-input", "-v0"], env=env, check=True)
    figures = []
    for command in COMMANDS:
        arguments = [part.format(empty=empty) for part in command]
        runs = [run(arguments, env) for _ in range(options.runs)]
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        name = "vplan " + " ".join(command)
        figures.append({"command": name, "median_s": round(wall, 3), "cpu_s": round(cpu, 3)})
        print(f"{name:<40} {wall:6.2f} s  (CPU {cpu:5.2f} s)  goal < 1 s")
    if options.json:
        options.json.write_text(json.dumps({"startup": figures}, indent=2) + "\n")


if __name__ == "__main__":
    main()
