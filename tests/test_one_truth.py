"""Every command tells one truth: lineage, dates and standings never contradict each other.

The first tests pin the cases that once disagreed; the property tests then hold members, diff, the
panel, history, why and the timeline's periods to the same answer on random bodies and days, on the
shipped ledger and on random ledgers with a continuation between two bodies.
"""

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

import cistime
from cistime.engine import Ledger, event_key
from cistime.model import BELONGING, Body, Event, Source, State

from test_properties import partial_dates  # the same random dates as the other property tests


def statuses(answer):
    return {m.iso3: m.status for m in answer.members}


# -- the cases that once disagreed --------------------------------------------------------------------

def test_diff_follows_the_lineage(ledger):
    assert len(ledger.members("CSTO", "1999-01-01").members) == 9
    diff = ledger.diff("CSTO", "1999-01-01", "2005-01-01")
    assert [(c.iso3, c.before, c.after, c.event.id) for c in diff.changes] == [
        ("AZE", "member", "former", "cst-lapse-aze-geo-uzb-1999"),
        ("GEO", "member", "former", "cst-lapse-aze-geo-uzb-1999"),
        ("UZB", "member", "former", "cst-lapse-aze-geo-uzb-1999")]


def test_the_panel_answers_like_members_in_1999(ledger):
    rows = {r["iso3"]: r for r in ledger.panel(["CSTO"], "day", "1999-06-01", "1999-06-01")}
    members = statuses(ledger.members("CSTO", "1999-06-01"))
    assert {c for c, r in rows.items() if r["status"] in BELONGING} == set(members) == {
        "ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}
    assert {r["answered_by"] for r in rows.values()} == {"CST"}


def test_history_of_a_body_shows_its_line(cli):
    result = cli("history", "Georgia", "--body", "CSTO")
    assert result.exit_code == 0 and "(nothing)" not in result.stdout
    assert "CST    member" in result.stdout and "continues the CST" in result.stdout
    doc = json.loads(cli("history", "Georgia", "--body", "CSTO", "--json").stdout)
    assert [(p["body"], p["status"]) for p in doc["periods"]] == [
        ("CST", "signatory"), ("CST", "member"), ("CST", "former")]


def test_a_merged_body_says_where_it_went(ledger):
    answer = ledger.members("CAU", "2010-01-01", "all")
    assert set(statuses(answer).values()) == {"former"}
    assert any("merged into the EURASEC" in n for n in answer.notes)


def test_a_period_question_names_the_answering_body(cli):
    result = cli("members", "CSTO", "--during", "1999")
    assert "answered by the CST" in result.stdout.splitlines()[0]
    assert json.loads(cli("members", "CSTO", "--during", "1999", "--json").stdout)["answered_by"] == "CST"


def test_a_replaced_body_is_not_answered_by_its_successor(cli):
    doc = json.loads(cli("members", "EurAsEC", "--on", "2015-06-01", "--all", "--json").stdout)
    assert doc["answered_by"] == "EURASEC"
    assert {m["iso3"]: m["status"] for m in doc["members"]} == {c: "former" for c in (
        "ARM", "BLR", "KAZ", "KGZ", "MDA", "RUS", "TJK", "UKR", "UZB")}
    before = json.loads(cli("members", "EAEU", "--on", "2010-01-01", "--json").stdout)
    assert before["members"] == [] and any("EURASEC" in n for n in before["notes"])


def test_no_standing_word_outside_the_vocabulary(cli):
    doc = json.loads(cli("members", "CST", "--on", "1993-10-01", "--all", "--json").stdout)
    assert {m["status"] for m in doc["members"]} <= set(cistime.STATUSES)
    assert "BLR" not in {m["iso3"] for m in doc["members"]}
    note = next(n for n in doc["notes"] if n.startswith("Belarus has no standing"))
    assert "ria-odkb-2025" in note and "ria-odkb-2025" in doc["source_index"]
    why = json.loads(cli("why", "Belarus", "CST", "--on", "1993-06-01", "--json").stdout)
    assert why["standing"] is None and why["variants"] and why["notes"]


def test_dates_the_region_writes(cli):
    doc = json.loads(cli("members", "CSTO", "--on", "01.06.1999", "--json").stdout)
    assert doc["date"] == "1999-06-01"
    for typed in ("01/06/1999", "06/01/1999"):
        result = cli("members", "CSTO", "--on", typed)
        assert result.exit_code == 2 and "ambiguous" in result.stderr
    assert json.loads(cli("members", "CSTO", "--on", "13/06/1999", "--json").stdout)["date"] == "1999-06-13"
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert json.loads(cli("members", "CIS", "--on", "yesterday", "--json").stdout)["date"] == yesterday


def test_hints_name_only_options_the_command_has(cli):
    why = cli("why", "Armenia", "CSTO", "--on", "2025")
    assert why.exit_code == 2 and "--during" not in why.stderr
    diff = cli("diff", "CSTO", "1999", "2005-01-01")
    assert diff.exit_code == 2 and "--during" not in diff.stderr
    members = cli("members", "CSTO", "--on", "1999")
    assert members.exit_code == 2 and "--during 1999" in members.stderr
    short = cli("members", "CSTO", "--during", "199")
    assert short.exit_code == 2 and "year, month and day" not in short.stderr and "1999-04" in short.stderr
    # events takes a year or a month as the edge of its range
    found = json.loads(cli("events", "--state", "Georgia", "--from", "2008", "--to", "2009", "--json").stdout)
    assert found["events"] and all(e["date"][:4] in ("2008", "2009") for e in found["events"])


def test_practice_notes_keep_their_start(ledger):
    armenia = {m.iso3: m for m in ledger.members("CSTO", "2026-06-01").members}["ARM"]
    assert any(n.startswith("In practice since 2023") for n in armenia.notes), armenia.notes
    ukraine = {m.iso3: m for m in ledger.members("CIS", "2026-06-01").members}["UKR"]
    assert any(n.startswith("In practice since 2014-03-19") for n in ukraine.notes), ukraine.notes
    steps = [e.date.iso() for e in ledger.why("UKR", "CIS", "2026-06-01").chain if e.practice]
    assert "2018-05-19" in steps and steps[0] == "2014-03-19"  # every step stays reachable through why


def test_uzbekistan_between_the_treaty_and_the_organisation(ledger):
    for day in ("2007-01-01", "2010-01-01"):
        assert ledger.standing("UZB", "CST", day).status == ledger.standing("Uzbekistan", "CSTO", day).status == "member"
    returned = next(e for e in ledger.history("UZB", "CST").events if e.id == "cst-accede-uzb-2006")
    assert returned.inferred and returned.variants


def test_inferred_steps_are_said_to_be_inferred(cli):
    doc = json.loads(cli("why", "Belarus", "CU1995", "--on", "2001-06-01", "--json").stdout)
    lapse = next(e for e in doc["chain"] if e["id"] == "cu1995-lapse-2001")
    assert lapse["inferred"] is True
    text = cli("why", "Belarus", "CU1995", "--on", "2001-06-01").stdout
    assert "inferred by the ledger" in text


def test_generated_notes_show_no_ids(ledger):
    ids = {e.id for e in ledger.events} | {s.id for s in ledger.summits}
    for body in ledger.bodies:
        for year in range(1992, 2027):
            for note in ledger.members(body, f"{year}-06-30", "all").notes + [
                    n for m in ledger.members(body, f"{year}-06-30", "all").members for n in m.notes]:
                assert not any(f"({i})" in note or f" {i} " in note for i in ids), note
                assert ".;" not in note and ".." not in note, note


# -- every command against every other, on the shipped ledger ----------------------------------------

LEDGER = cistime.load()
BODIES = sorted(LEDGER.bodies)
DAYS = st.dates(dt.date(1991, 1, 1), dt.date(2027, 12, 31))


def agree_on(ledger, body, day):
    """members on a day, and what every other command says about that day, must be one answer."""
    members = ledger.members(body, day, "all")
    listed = statuses(members)
    # why: the same standing, state by state, through the same answering body
    for state in ledger.states_in(body):
        answer = ledger.why(state, body, day)
        assert (answer.standing.status if answer.standing else None) == listed.get(state), (body, state, day)
        assert answer.answered_by == members.answered_by
    # the panel: one row per state, the same status, the same answering body
    rows = list(ledger.panel([body], "day", day, day))
    assert {r["iso3"]: r["status"] for r in rows if r["status"] != "none"} == listed
    assert {r["answered_by"] for r in rows} <= {members.answered_by}
    # history and the lineage the timeline draws: the period behind each standing holds that day
    for standing in members.members:
        lineage = [p for p in ledger.lineage(body, standing.iso3) if p.holds_on(day)]
        assert [p.status for p in lineage] == [standing.status]
        own = [p for p in ledger.history(standing.iso3, body).periods
               if p.body == standing.body and p.holds_on(day)]
        assert [p.status for p in own] == [standing.status], (body, standing.iso3, day)
    # a period of one day is that day
    _, rows = ledger.members_during(body, day, day)
    assert {s.iso3 for s, _, _ in rows} == {c for c, s in listed.items() if s in BELONGING}
    return listed


@given(st.sampled_from(BODIES), DAYS, DAYS)
def test_every_command_tells_the_same_truth(body, a, b):
    first, last = min(a, b), max(a, b)
    before, after = agree_on(LEDGER, body, first), agree_on(LEDGER, body, last)
    diff = LEDGER.diff(body, first, last)
    assert {c.iso3: (c.before, c.after) for c in diff.changes} == {
        c: (before.get(c), after.get(c)) for c in set(before) | set(after) if before.get(c) != after.get(c)}


# -- and on random ledgers where one body continues another -------------------------------------------

STATES = ["AAA", "BBB", "CCC"]
CUT = dt.date(2001, 6, 1)


@st.composite
def continued_ledgers(draw):
    events = []
    for order in range(draw(st.integers(0, 14))):
        events.append(Event(
            id=f"e{order}", date=draw(partial_dates()), body=draw(st.sampled_from(["OLD", "NEW"])),
            states=tuple(draw(st.lists(st.sampled_from(STATES), min_size=1, max_size=3, unique=True))),
            type="decision", sources=("s",), note="n",
            status=draw(st.sampled_from(["member", "signatory", "former", "suspended", "observer"])), order=order))
    cut = cistime.PartialDate.parse(CUT)
    bodies = {"OLD": Body("OLD", "Old", successor="NEW", relation="continued", answers_until=cut),
              "NEW": Body("NEW", "New", predecessor="OLD", answers_from=cut)}
    parts = {"meta": {}, "sources": {"s": Source("s", "t", "p", None, "https://example.org")},
             "states": {c: State(c, c[:2], c) for c in STATES}, "bodies": bodies, "events": events, "summits": []}
    return Ledger(parts)


def replayed(ledger, body, state, day):
    status = None
    for event in sorted(ledger.events, key=event_key):
        if event.body == body and state in event.states and event.date.first_day() <= day:
            status = event.status
    return status


@given(continued_ledgers(), st.sampled_from(["OLD", "NEW"]), st.dates(dt.date(1999, 12, 1), dt.date(2003, 2, 1)))
def test_a_continuation_answers_the_same_from_both_ends(ledger, body, day):
    expected = {}
    for state in STATES:  # before the cut the old record answers; after it the new one, else the old one
        status = replayed(ledger, "OLD", state, day) if day < CUT else (
            replayed(ledger, "NEW", state, day) or replayed(ledger, "OLD", state, day))
        if status:
            expected[state] = status
    assert statuses(ledger.members(body, day, "all")) == expected
    agree_on(ledger, body, day)
