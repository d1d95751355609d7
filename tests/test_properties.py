"""Property tests: on random ledgers the engine agrees with a brute-force replay, members agrees with
history, diff agrees with members, and the loader turns any garbage into a clean LedgerError.

CI runs a bounded number of examples; `HYPOTHESIS_PROFILE=thorough pytest tests/test_properties.py`
runs many more.
"""

import datetime as dt
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cistime
from cistime.dates import PartialDate
from cistime.engine import Ledger, event_key
from cistime.loader import LedgerError
from cistime.model import EVENT_TYPES, STATUSES, Body, Event, Source, State

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FIRST, LAST = dt.date(2000, 1, 1), dt.date(2002, 12, 31)
STATES = ["AAA", "BBB", "CCC"]
BODIES = ["ONE", "TWO"]


@st.composite
def partial_dates(draw):
    day = draw(st.dates(FIRST, LAST))
    precision = draw(st.sampled_from(["day", "day", "day", "month", "year"]))
    if precision == "month":
        return PartialDate(day.year, day.month)
    if precision == "year":
        return PartialDate(day.year)
    return PartialDate(day.year, day.month, day.day)


@st.composite
def ledgers(draw):
    events = []
    for order in range(draw(st.integers(0, 14))):
        events.append(Event(
            id=f"e{order}", date=draw(partial_dates()), body=draw(st.sampled_from(BODIES)),
            states=tuple(draw(st.lists(st.sampled_from(STATES), min_size=1, max_size=3, unique=True))),
            type=draw(st.sampled_from(sorted(EVENT_TYPES))), sources=("s",), note="n",
            status=draw(st.one_of(st.none(), st.sampled_from(sorted(STATUSES)))),
            practice=draw(st.one_of(st.none(), st.just("p"))), order=order))
    parts = {"meta": {}, "sources": {"s": Source("s", "t", "p", None, "https://example.org")},
             "states": {c: State(c, c[:2], c) for c in STATES},
             "bodies": {b: Body(b, b) for b in BODIES}, "events": events, "summits": []}
    return Ledger(parts)


def brute_force(ledger, body, state, day):
    status = None
    for event in sorted(ledger.events, key=event_key):
        if event.body == body and state in event.states and event.status and event.date.first_day() <= day:
            status = event.status
    return status


days = st.dates(dt.date(1999, 12, 1), dt.date(2003, 2, 1))


@given(ledgers(), days)
def test_periods_equal_a_day_by_day_replay(ledger, day):
    for body in BODIES:
        for state in STATES:
            period = ledger.period_on(body, state, day)
            assert (period.status if period else None) == brute_force(ledger, body, state, day)


@given(ledgers())
def test_periods_never_overlap_and_are_never_empty(ledger):
    for periods in ledger.periods_by_key.values():
        for a, b in zip(periods, periods[1:]):
            assert a.end is not None and a.end == b.start
            assert a.status != b.status
        for p in periods:
            assert p.end is None or p.start.first_day() < p.end.first_day()


@given(ledgers(), days, st.sampled_from(["default", "strict", "all"]))
def test_members_agrees_with_every_history(ledger, day, mode):
    for body in BODIES:
        listed = {m.iso3: m.status for m in ledger.members(body, day, mode).members}
        keep = {"default": cistime.BELONGING, "strict": ("member",), "all": tuple(STATUSES)}[mode]
        expected = {}
        for state in STATES:
            for period in ledger.history(state, body).periods:
                if period.holds_on(day) and period.status in keep:
                    expected[state] = period.status
        assert listed == expected


@given(ledgers(), days, days)
def test_diff_is_the_difference_of_two_member_sets(ledger, a, b):
    first, last = min(a, b), max(a, b)
    for body in BODIES:
        before = {m.iso3: m.status for m in ledger.members(body, first, "all").members}
        after = {m.iso3: m.status for m in ledger.members(body, last, "all").members}
        changed = {c for c in set(before) | set(after) if before.get(c) != after.get(c)}
        diff = ledger.diff(body, first, last)
        assert {c.iso3 for c in diff.changes} == changed
        for change in diff.changes:
            assert (change.before, change.after) == (before.get(change.iso3), after.get(change.iso3))


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.dates().map(str)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(["id", "date", "body", "states", "type", "status",
                                                                "sources", "note", "events", "bodies", "meta",
                                                                "name", "iso3", "iso2", "title", "publisher",
                                                                "url", "variants", "summits"]),
                                               children, max_size=6)),
    max_leaves=30)


@given(yaml_values)
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_loader_gives_only_clean_errors_on_random_yaml(tmp_path_factory, value):
    path = tmp_path_factory.mktemp("fuzz") / "ledger.yaml"
    path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    try:
        cistime.load(path)
    except LedgerError as exc:
        assert str(exc)


@given(st.binary(max_size=300))
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_loader_gives_only_clean_errors_on_garbage(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("garbage") / "ledger.yaml"
    path.write_bytes(data)
    try:
        cistime.load(path)
    except LedgerError as exc:
        assert str(exc)


def test_same_day_reversal_reopens_the_earlier_period():
    """Found by hypothesis: associate, then on one day former and associate again (a year-only date)."""
    events = [Event("a", PartialDate(2000, 1, 1), "ONE", ("AAA",), "associate", ("s",), "n", "associate", order=0),
              Event("b", PartialDate(2001, 1, 1), "ONE", ("AAA",), "decision", ("s",), "n", "former", order=1),
              Event("c", PartialDate(2001), "ONE", ("AAA",), "decision", ("s",), "n", "associate", order=2)]
    parts = {"meta": {}, "sources": {}, "states": {"AAA": State("AAA", "AA", "A")}, "bodies": {"ONE": Body("ONE", "1")},
             "events": events, "summits": []}
    periods = Ledger(parts).periods("ONE", "AAA")
    assert [(p.status, p.start.iso(), p.end) for p in periods] == [("associate", "2000-01-01", None)]
