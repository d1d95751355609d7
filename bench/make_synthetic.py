"""Write a synthetic ledger for the benchmarks: N events over S states and B bodies (not history).

Usage: python bench/make_synthetic.py OUT.yaml [--events 100000] [--states 200] [--bodies 50] [--seed 1]

Each body draws a pool of 20 to 60 member states; each event moves one state of the pool to a new
standing on a random day between 1992 and 2026. Every tenth event carries a practice note, every
fiftieth a dated variant, every hundredth a date known only to the month.
"""

import argparse
import datetime as dt
import random

STATUSES = ["signatory", "member", "member", "member", "participant", "associate", "observer", "suspended",
            "former"]
TYPES = {"signatory": "sign", "member": "ratify", "participant": "decision", "associate": "associate",
         "observer": "observer", "suspended": "suspend", "former": "withdraw"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--states", type=int, default=200)
    parser.add_argument("--bodies", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    states = [f"S{n:03d}" for n in range(args.states)]
    bodies = [f"B{n:02d}" for n in range(args.bodies)]
    pools = {b: rng.sample(states, rng.randint(20, 60)) for b in bodies}
    first, span = dt.date(1992, 1, 1).toordinal(), (dt.date(2026, 11, 1) - dt.date(1992, 1, 1)).days
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("meta: {title: synthetic benchmark ledger, reviewed: 2026-11-23}\nbodies:\n")
        for b in bodies:
            out.write(f"  - {{id: {b}, name: Body {b}, founded: 1991-12-01}}\n")
        out.write("states:\n")
        for s in states:
            out.write(f"  - {{iso3: {s}, iso2: {s[1:3]}, name: State {s}}}\n")
        out.write("sources:\n  - {id: syn, title: Synthetic, publisher: bench, date: 2026, url: https://example.org/syn}\n"
                  "  - {id: alt, title: Alternative, publisher: bench, date: 2026, url: https://example.org/alt}\n")
        out.write("events:\n")
        for n in range(args.events):
            body = rng.choice(bodies)
            state = rng.choice(pools[body])
            status = rng.choice(STATUSES)
            day = dt.date.fromordinal(first + rng.randrange(span))
            date = day.strftime("%Y-%m") if n % 100 == 99 else day.isoformat()
            extra = ", practice: Reduced participation." if n % 10 == 9 else ""
            if n % 50 == 49 and n % 100 != 99:
                other = (day + dt.timedelta(days=rng.randint(1, 90))).isoformat()
                extra += (f", variants: [{{date: {other}, sources: [alt], note: Another date.}}], "
                          f"preferred: The first source is official.")
            out.write(f"  - {{id: e{n}, date: '{date}', body: {body}, states: [{state}], type: {TYPES[status]}, "
                      f"status: {status}, sources: [syn], note: Synthetic event {n}.{extra}}}\n")


if __name__ == "__main__":
    main()
