"""Load a ledger and answer 10,000 `members` questions in one process; print the timings as JSON.

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
    started = time.perf_counter()
    ledger = cistime.load(args.ledger)
    loaded = time.perf_counter()
    rng = random.Random(args.seed)
    bodies = list(ledger.bodies)
    first = dt.date(1991, 12, 1).toordinal()
    asks = [(rng.choice(bodies), dt.date.fromordinal(first + rng.randrange(12_800))) for _ in range(args.queries)]
    begin = time.perf_counter()
    answered = sum(len(ledger.members(body, day).members) for body, day in asks)
    done = time.perf_counter()
    print(json.dumps({"load_s": loaded - started, "queries": args.queries, "queries_s": done - begin,
                      "events": len(ledger.events), "standings_listed": answered}))


if __name__ == "__main__":
    main()
