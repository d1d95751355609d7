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


# -- hostile input: years 1 to 9999, arbitrary YAML, names with control and bidi characters, SVG ----------
import io  # noqa: E402
import json  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402

from cistime import timeline  # noqa: E402
from cistime.panel import write_panel, write_panel_csv  # noqa: E402
from cistime.render import CITATION_FORMATS, Format, write  # noqa: E402
from cistime.views import events_view, members_view, states_view  # noqa: E402

UNSAFE = "\x00\x07\x08\x0b\x0c\x0d\x1b\x7f\x85\x9b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
any_day = st.dates(dt.date.min, dt.date.max)
names = st.text(st.one_of(st.characters(codec="utf-8"), st.sampled_from(UNSAFE + "<>&'\"[]\\\n\t")),
                min_size=1, max_size=10)


@st.composite
def any_partial_date(draw):
    day = draw(any_day)
    precision = draw(st.sampled_from(["day", "month", "year"]))
    return PartialDate(day.year, *(() if precision == "year" else (day.month,) if precision == "month"
                                   else (day.month, day.day)))


@st.composite
def wide_ledgers(draw, labels=st.just(None)):
    """Ledgers dated anywhere in years 1 to 9999, with states and bodies named by `labels` (None: plain)."""
    codes = draw(st.lists(labels, min_size=3, max_size=3, unique=True)) if draw(labels) else STATES
    codes = [c if c is not None else s for c, s in zip(codes, STATES)]
    bodies = [draw(labels) or b for b in BODIES]
    if bodies[0] == bodies[1]:
        bodies[1] += "2"
    events = []
    for order in range(draw(st.integers(0, 10))):
        note = draw(labels) or "n"
        events.append(Event(
            id=f"e{order}", date=draw(any_partial_date()), body=draw(st.sampled_from(bodies)),
            states=tuple(draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3, unique=True))),
            type=draw(st.sampled_from(sorted(EVENT_TYPES))), sources=("s",), note=note,
            status=draw(st.one_of(st.none(), st.sampled_from(sorted(STATUSES)))),
            practice=draw(st.one_of(st.none(), st.just(note))), order=order))
    parts = {"meta": {"reviewed": draw(any_partial_date()).iso()},
             "sources": {"s": Source("s", "t", "p", None, "https://example.org")},
             "states": {c: State(c, c[:2], draw(labels) or c) for c in codes},
             "bodies": {b: Body(b, draw(labels) or b) for b in bodies}, "events": events, "summits": []}
    return Ledger(parts)


@given(any_partial_date())
def test_every_partial_date_has_real_ends(date):
    assert date.first_day() <= date.last_day()
    assert PartialDate.parse(date.iso()) == date and date.covers(date.last_day())


@given(wide_ledgers(), any_day, any_day)
def test_any_day_from_year_1_to_9999_gets_an_answer(ledger, a, b):
    first, last = min(a, b), max(a, b)
    for body in list(ledger.bodies):
        ledger.members(body, a, "all")
        ledger.diff(body, first, last)
        ledger.members_during(body, first, last)
        for state in ledger.states:
            ledger.why(state, body, b)
        list(ledger.panel_ticks([body], "month", first, dt.date.fromordinal(min(last.toordinal(), first.toordinal() + 400))))
    if first < last:
        lines = list(timeline.text_lines(ledger, list(ledger.bodies), first, last, 80))
        assert all(sum(len(text) for text, _ in line) <= 200 for line in lines)
        ET.fromstring(timeline.svg(ledger, list(ledger.bodies), first, last))


@given(wide_ledgers(labels=st.one_of(st.none(), names)), any_day)
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_names_with_controls_and_bidi_never_reach_the_output_raw(ledger, day):
    bodies = list(ledger.bodies)
    outputs = []
    for fmt in Format:
        for view in (members_view(ledger, ledger.members(bodies[0], day, "all")), states_view(ledger),
                     events_view(ledger, ledger.events)):
            if view.cites is None and fmt in CITATION_FORMATS:
                continue  # nothing to cite: the command refuses these formats
            out = io.StringIO()
            write(view, fmt, out, width=100)
            outputs.append((fmt, out.getvalue(), view))
    for fmt, text, view in outputs:
        assert not any(char in text for char in UNSAFE), (fmt, text)
        if fmt is Format.json:
            assert json.loads(text) == json.loads(json.dumps(view.doc, default=str))  # exact text
    out = io.StringIO()
    write_panel_csv(ledger, bodies, "year", day, day, True, out)
    for fmt in (Format.json, Format.ndjson):
        write_panel(ledger.panel(bodies, "year", day, day), fmt, True, out)
    out.write(timeline.svg(ledger, bodies, dt.date(1, 1, 1), dt.date.max))
    terminal = io.StringIO()
    timeline.print_terminal(ledger, bodies, dt.date(1, 1, 1), dt.date.max, terminal)
    for text in (out.getvalue(), terminal.getvalue()):
        assert not any(char in text for char in UNSAFE), text
    root = ET.fromstring(timeline.svg(ledger, bodies, dt.date(1, 1, 1), dt.date.max))
    assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] not in ("svg", "title", "style", "rect", "text",
                                                                          "g", "line", "circle")]


# YAML written by hand, so a mapping can repeat a key, hold keys that are not text, merge or alias.
yaml_keys = st.one_of(st.sampled_from(["id", "date", "body", "states", "type", "status", "sources", "note", "events",
                                       "bodies", "meta", "name", "iso3", "iso2", "title", "publisher", "url",
                                       "reviewed", "variants", "summits", "<<", "__line__", "'<<'"]),
                      st.text(max_size=6).map(json.dumps), st.integers().map(str),
                      st.sampled_from(["~", "true", "no", "1.5", "2001-01-01", "0x1f", "1_000", "? [a]"]))
yaml_scalars = st.one_of(st.sampled_from(["~", "true", "'0000'", "'9999-12'", "2001-02-29", "9999-12-31", "*a",
                                          "&a x", "!!binary aGk=", "!!python/name:os.system", "1e400", "'<<'"]),
                         st.integers().map(str), st.text(max_size=12).map(json.dumps),
                         st.dates(dt.date.min, dt.date.max).map(str))
yaml_texts = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(yaml_keys, children), max_size=5).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")),
    max_leaves=25)


@given(yaml_texts)
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_any_yaml_loads_or_gives_one_clean_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("yaml") / "ledger.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    try:
        cistime.load(path)
    except LedgerError as exc:
        assert str(exc).startswith(str(path))


@given(st.lists(st.sampled_from(["id", "date", "note", "body"]), min_size=2, max_size=6))
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_a_key_given_twice_is_always_an_error(tmp_path_factory, keys):
    path = tmp_path_factory.mktemp("dup") / "ledger.yaml"
    record = "\n".join(f"  {key}: x" for key in keys)
    path.write_text(f"meta:\n{record}\n", encoding="utf-8")
    if len(set(keys)) < len(keys):
        try:
            cistime.load(path)
        except LedgerError as exc:
            assert "given twice in one mapping" in str(exc)
        else:
            raise AssertionError("a repeated key passed")
