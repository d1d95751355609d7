"""Run every benchmark and print a table of medians. Usage: python bench/run.py [--quick]

Needs cistime installed in the running Python (pip install .). Measures:
  1. cold start of `cistime members CSTO --on 1999-06-01 --json` against a minimal typer app;
  2. `cistime panel --freq day` over the whole span as CSV: time and peak memory;
  3. a synthetic ledger of 100,000 events (bench/make_synthetic.py): first load, cached load,
     and 10,000 `members` questions in one process.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent
CISTIME = shutil.which("cistime", path=str(BIN)) or "cistime"


def timed(argv, env=None, stdout=subprocess.DEVNULL):
    """Seconds and peak resident memory (MiB) of one run of a command."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(map(str, argv))}: {child.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def median_of(argv, runs, env=None):
    timed(argv, env)  # warm the file cache and the ledger cache
    return statistics.median(timed(argv, env)[0] for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    runs = 7 if args.quick else 31
    rows = []

    # 1. Cold start, interleaved so that both commands see the same machine load.
    baseline, ours = [], []
    app = [sys.executable, str(HERE / "minimal_app.py"), "--name", "x"]
    query = [CISTIME, "members", "CSTO", "--on", "1999-06-01", "--json"]
    timed(app), timed(query)
    for _ in range(runs):
        baseline.append(timed(app)[0])
        ours.append(timed(query)[0])
    ratio = statistics.median(ours) / statistics.median(baseline)
    rows.append(("minimal typer app (baseline)", f"{statistics.median(baseline) * 1000:.0f} ms", ""))
    rows.append(("cistime members CSTO --on 1999-06-01 --json", f"{statistics.median(ours) * 1000:.0f} ms",
                 f"{ratio:.2f} x baseline (target <= 1.25)"))

    # 2. The daily panel over the whole span, streamed as CSV.
    panel = [CISTIME, "panel", "--freq", "day", "--from", "1991-12-08", "--to", "2026-11-22", "--format", "csv"]
    results = [timed(panel) for _ in range(3 if args.quick else 5)]
    seconds = statistics.median(r[0] for r in results)
    memory = max(r[1] for r in results)
    rows.append(("cistime panel --freq day ... --format csv", f"{seconds:.2f} s, {memory:.0f} MiB peak",
                 "target <= 2 s and <= 100 MiB"))

    # 3. The synthetic ledger.
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    synthetic = out / "synthetic.yaml"
    if not synthetic.exists():
        subprocess.run([sys.executable, str(HERE / "make_synthetic.py"), str(synthetic)], check=True)
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, CISTIME_CACHE=cache)
        first = json.loads(subprocess.run([sys.executable, str(HERE / "queries.py"), str(synthetic), "--queries", "0"],
                                          env=env, capture_output=True, text=True, check=True).stdout)
        again = [json.loads(subprocess.run([sys.executable, str(HERE / "queries.py"), str(synthetic)], env=env,
                                           capture_output=True, text=True, check=True).stdout)
                 for _ in range(3 if args.quick else 5)]
    rows.append(("synthetic ledger, 100,000 events: first load (YAML parse)", f"{first['load_s']:.1f} s", ""))
    rows.append(("synthetic ledger: load (from the parse cache)",
                 f"{statistics.median(r['load_s'] for r in again):.2f} s", "target <= 3 s"))
    rows.append(("synthetic ledger: 10,000 members questions in one process",
                 f"{statistics.median(r['queries_s'] for r in again):.2f} s", "target <= 1 s"))

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"runs: {runs} (cold start, interleaved), medians\n")
    print("| benchmark | median | note |\n|---|---|---|")
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")


if __name__ == "__main__":
    main()
