"""Load a ledger and answer 10,000 `members` questions in one process, twice; print the timings as JSON
(wall-clock seconds, and CPU seconds of this process, which a busy machine disturbs less).

Usage: python bench/queries.py LEDGER [--queries 10000] [--seed 2]
"""

import argparse
import datetime as dt
import json
import random
import time

import cistime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("ledger")
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    started, started_cpu = time.perf_counter(), time.process_time()
    ledger = cistime.load(args.ledger)
    loaded, loaded_cpu = time.perf_counter(), time.process_time()
    rng = random.Random(args.seed)
    bodies = list(ledger.bodies)
    first = dt.date(1991, 12, 1).toordinal()
    asks = [(rng.choice(bodies), dt.date.fromordinal(first + rng.randrange(12_800))) for _ in range(args.queries)]
    begin, begin_cpu = time.perf_counter(), time.process_time()
    answered = sum(len(ledger.members(body, day).members) for body, day in asks)
    done, done_cpu = time.perf_counter(), time.process_time()  # this pass builds each body's indexes on first use
    sum(len(ledger.members(body, day).members) for body, day in asks)
    again, again_cpu = time.perf_counter(), time.process_time()
    print(json.dumps({"load_s": loaded - started, "load_cpu_s": loaded_cpu - started_cpu, "queries": args.queries,
                      "queries_s": done - begin, "queries_cpu_s": done_cpu - begin_cpu,
                      "queries_again_s": again - done, "queries_again_cpu_s": again_cpu - done_cpu,
                      "events": len(ledger.events), "standings_listed": answered}), flush=True)


if __name__ == "__main__":
    main()
