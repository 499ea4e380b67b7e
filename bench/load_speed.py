"""How long `vplan load` takes to load the bench's data set (bench/dataset.py) into a fresh database.

Usage: .venv/bin/python bench/load_speed.py [--scale small|large] [--seed 17] [--json FILE]
Writes the document to a temporary file, migrates a fresh SQLite file (or the empty database
DATABASE_URL names: it must hold no plans), then runs `vplan load` as its own process and prints
its wall-clock seconds, its CPU seconds (user + system: what the load costs whatever else the
machine is doing) and its peak memory. The goal (issue 17): the large scale in < 60 s.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dataset import build_document, counts, dump  # noqa: E402

VPLAN = str(Path(sys.executable).with_name("vplan"))
GOAL_S = 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["small", "large"], default="small")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--json", type=Path, help="write the figures here")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    document = build_document(options.scale, options.seed)
    path = folder / f"{options.scale}.json"
    path.write_bytes(dump(document))
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{folder / 'load.sqlite3'}"),
        "VPLAN_SECRET_KEY": os.environ.get("VPLAN_SECRET_KEY", "bench-load"),
    }
    subprocess.run([VPLAN, "migrate", "--no-input", "-v0"], env=env, check=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([VPLAN, "load", str(path)], env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_mb = after.ru_maxrss / 1024
    held = counts(document)
    database = env["DATABASE_URL"].split(":", 1)[0]
    print(
        f"vplan load, {options.scale} ({held['activities']} activities, "
        f"{held['status_reports']} status reports, {path.stat().st_size / 1e6:.1f} MB) on {database}"
    )
    print(f"load_s {seconds:.1f} s (goal < {GOAL_S} s), CPU {cpu:.1f} s, peak {peak_mb:.0f} MB")
    if options.json:
        figures = {
            "scale": options.scale,
            "database": database,
            "load_s": round(seconds, 2),
            "cpu_s": round(cpu, 2),
            "peak_mb": round(peak_mb),
        }
        options.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
