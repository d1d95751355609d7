"""Run every benchmark side by side and print a table of medians. Usage: python bench/run.py [--quick]

Needs cistime installed in the running Python (`pip install .`, not editable: the wheel carries the
ledger's parse). Measures, in one run:
  1. cold start of `cistime members CSTO --on 1999-06-01 --json` against `python -I -c pass` and a
     minimal typer app, interleaved so that all see the same machine load; also with CISTIME_CACHE=0;
  2. `cistime ask` answering 365 `members` questions against one single `members --json`;
  3. `cistime panel --freq day` over the ledger's whole span, and over 0001-01-01 to 9999-12-31;
  4. a synthetic ledger of 100,000 events (bench/make_synthetic.py): first parse (time and peak
     memory), load from the parse cache, and 10,000 `members` questions in one process.
No test times anything: these figures are for docs/performance.md.
"""

import argparse
import datetime as dt
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


def timed(argv, env=None, stdin=None):
    """Seconds, peak resident memory (MiB) and CPU seconds of one run of a command."""
    start = time.perf_counter()
    with open(stdin or os.devnull, "rb") as given:
        child = subprocess.Popen(argv, stdin=given, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(map(str, argv))}: {child.stderr.read().decode()}")
    child.stderr.close()
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def interleaved(commands: dict, runs: int) -> dict:
    """Each command run `runs` times, in turn, after one warm-up each: {name: [(seconds, MiB, cpu), ...]}."""
    for argv, env, stdin in commands.values():
        timed(argv, env, stdin)
    found = {name: [] for name in commands}
    for _ in range(runs):
        for name, (argv, env, stdin) in commands.items():
            found[name].append(timed(argv, env, stdin))
    return found


def median(results, at=0):
    return statistics.median(r[at] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    runs = 7 if args.quick else 31
    rows = []
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    no_cache = dict(os.environ, CISTIME_CACHE="0")

    # 1 and 2. Cold start and `ask`, interleaved so that every command sees the same machine load.
    questions = out / "questions-365.txt"
    days = [dt.date(1999, 1, 1) + dt.timedelta(days=n) for n in range(365)]
    questions.write_text("".join(f"members CIS --on {day.isoformat()}\n" for day in days), encoding="utf-8")
    single = [CISTIME, "members", "CSTO", "--on", "1999-06-01", "--json"]
    found = interleaved({
        "python": ([sys.executable, "-I", "-c", "pass"], None, None),
        "typer": ([sys.executable, str(HERE / "minimal_app.py"), "--name", "x"], None, None),
        "members": (single, None, None),
        "members, no cache": (single, no_cache, None),
        "ask": ([CISTIME, "ask"], None, questions),
    }, runs)
    bare = median(found["python"])

    bare_cpu = median(found["python"], 2)

    def cold(name, label, note=""):
        seconds, cpu, memory = median(found[name]), median(found[name], 2), max(r[1] for r in found[name])
        rows.append((label, f"{seconds * 1000:.0f} ms ({cpu * 1000:.0f} ms CPU), {memory:.0f} MiB",
                     f"{seconds / bare:.1f} x python -I ({cpu / bare_cpu:.1f} x in CPU){note}"))

    cold("python", "`python -I -c pass` (the yardstick)")
    cold("typer", "minimal typer app (`bench/minimal_app.py`)")
    cold("members", "`cistime members CSTO --on 1999-06-01 --json`", " (target <= 10, goal 6)")
    cold("members, no cache", "the same with `CISTIME_CACHE=0` (the parse shipped in the wheel)")
    ask, ask_cpu = median(found["ask"]), median(found["ask"], 2)
    rows.append(("`cistime ask` with 365 `members CIS --on DAY` questions",
                 f"{ask * 1000:.0f} ms ({ask_cpu * 1000:.0f} ms CPU)",
                 f"{ask / median(found['members']):.2f} x one `members --json` "
                 f"({ask_cpu / median(found['members'], 2):.2f} x in CPU; target <= 2)"))

    # 3. The daily panel over the ledger's span, and over all time (cut to the ledger's span).
    panel = [CISTIME, "panel", "--freq", "day", "--from", "1991-12-08", "--to", "2026-11-22", "--format", "csv"]
    wide = [CISTIME, "panel", "--freq", "day", "--from", "0001-01-01", "--to", "9999-12-31", "--format", "csv"]
    found = interleaved({"panel": (panel, None, None), "wide": (wide, None, None)}, 3 if args.quick else 5)
    for name, label in (("panel", "`cistime panel --freq day --from 1991-12-08 --to 2026-11-22`"),
                        ("wide", "`cistime panel --freq day --from 0001-01-01 --to 9999-12-31`")):
        rows.append((label, f"{median(found[name]):.2f} s, {max(r[1] for r in found[name]):.0f} MiB",
                     "1.1 million rows"))

    # 4. The synthetic ledger.
    synthetic = out / "synthetic.yaml"
    if not synthetic.exists():
        subprocess.run([sys.executable, str(HERE / "make_synthetic.py"), str(synthetic)], check=True)
    queries = [sys.executable, str(HERE / "queries.py"), str(synthetic)]
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, CISTIME_CACHE=cache)
        with tempfile.TemporaryFile() as report:
            start = time.perf_counter()
            child = subprocess.Popen([*queries, "--queries", "0"], env=env, stdout=report)
            _, status, usage = os.wait4(child.pid, 0)
            first_wall = time.perf_counter() - start
            report.seek(0)
            first = json.loads(report.read())
        again = []
        for _ in range(3 if args.quick else 5):
            start = time.perf_counter()
            result = subprocess.run(queries, env=env, capture_output=True, text=True, check=True)
            again.append(dict(json.loads(result.stdout), process_s=time.perf_counter() - start))
    rows.append(("synthetic ledger, 100,000 events: first load (YAML parse and checks)",
                 f"{first['load_s']:.1f} s ({first['load_cpu_s']:.1f} s CPU), {usage.ru_maxrss / 1024:.0f} MiB peak",
                 f"whole process {first_wall:.1f} s; target <= 6 s and <= 500 MiB"))

    def both(key):
        return (f"{statistics.median(r[key + '_s'] for r in again):.2f} s "
                f"({statistics.median(r[key + '_cpu_s'] for r in again):.2f} s CPU)")

    rows.append(("synthetic ledger: load from the parse cache", both("load"), "target <= 1.5 s"))
    rows.append(("synthetic ledger: 10,000 `members` questions, first pass (builds each body's indexes)",
                 both("queries"), "target <= 1 s"))
    rows.append(("synthetic ledger: the same 10,000 questions again", both("queries_again"), ""))
    rows.append(("synthetic ledger: whole process (load, 20,000 questions, exit)",
                 f"{statistics.median(r['process_s'] for r in again):.2f} s", ""))

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}; load average {os.getloadavg()[0]:.1f}")
    print(f"runs: {runs} (cold start and ask, interleaved), medians\n")
    print("| benchmark | median | note |\n|---|---|---|")
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")


if __name__ == "__main__":
    main()
