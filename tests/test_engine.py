"""The engine on a small hand-made ledger (tests/ledgers/mini.yaml): every rule of the replay."""

import pytest

import cistime
from cistime import LedgerError, UnknownName
from conftest import d, edited_ledger


def codes(answer):
    return {m.iso3: m.status for m in answer.members}


def test_signatories_then_members(mini):
    assert codes(mini.members("OLD", "2000-03-01")) == {"AAA": "signatory", "BBB": "signatory", "CCC": "signatory"}
    assert codes(mini.members("OLD", "2000-06-01")) == {"AAA": "member", "BBB": "member", "CCC": "signatory"}


def test_periods_are_half_open(mini):
    assert "BBB" in codes(mini.members("OLD", "2005-04-30"))
    assert codes(mini.members("OLD", "2005-04-30", "all"))["BBB"] == "member"
    assert codes(mini.members("OLD", "2005-08-01", "all"))["BBB"] == "former"


def test_month_precision_marks_answers_inside_the_month(mini):
    inside = {m.iso3: m for m in mini.members("OLD", "2001-03-15", "all").members}
    assert inside["CCC"].status == "former" and inside["CCC"].uncertain
    after = {m.iso3: m for m in mini.members("OLD", "2001-04-01", "all").members}
    assert not after["CCC"].uncertain


def test_disputed_window_is_flagged_and_excluded_states_are_named(mini):
    answer = mini.members("OLD", "2005-06-01")
    assert "BBB" not in codes(answer)
    assert any("Borduria" in n and "disputed" in n for n in answer.notes)
    full = {m.iso3: m for m in mini.members("OLD", "2005-06-01", "all").members}
    assert full["BBB"].disputed and full["BBB"].variants[0]["date"] == "2005-07-01"
    assert not {m.iso3: m for m in mini.members("OLD", "2005-08-01", "all").members}["BBB"].disputed


def test_two_events_on_one_day_the_later_wins(mini):
    periods = mini.periods("CLUB", "CCC")
    assert [p.status for p in periods] == ["member", "suspended"]
    assert periods[0].start.iso() == "2003-03-03"


def test_lineage_answers_from_the_predecessor(mini):
    answer = mini.members("NEW", "2005-01-01")
    assert answer.answered_by == "OLD" and set(codes(answer)) == {"AAA", "BBB"}
    assert any("predecessor" in n for n in answer.notes)
    assert mini.members("NEW", "2011-01-01").answered_by == "NEW"
    assert mini.members("OLD", "2011-01-01").answered_by == "NEW"


@pytest.mark.parametrize("mode,expected", [
    ("default", {"BBB": "associate", "CCC": "member"}),
    ("strict", {"CCC": "member"}),
    ("all", {"AAA": "observer", "BBB": "associate", "CCC": "member"}),
])
def test_modes_on_a_mixed_day(mini, mode, expected):
    assert codes(mini.members("CLUB", "2005-01-01", mode)) == expected


def test_every_standing_word(mini):
    seen = {p.status for p in mini.periods()}
    assert seen == {"signatory", "member", "participant", "associate", "observer", "suspended", "former"}
    assert codes(mini.members("CLUB", "2009-01-01", "all")) == {"AAA": "participant", "BBB": "former",
                                                                "CCC": "suspended"}
    assert codes(mini.members("CLUB", "2009-01-01")) == {"AAA": "participant"}
    assert codes(mini.members("CLUB", "2009-01-01", "strict")) == {}


def test_practice_is_shown_beside_formal_standing(mini):
    before = {m.iso3: m for m in mini.members("NEW", "2012-01-31").members}["AAA"]
    after = {m.iso3: m for m in mini.members("NEW", "2012-02-01").members}["AAA"]
    assert before.notes == [] and after.status == "member"
    assert after.notes == ["In practice since 2012-02-01: Aland has stopped taking part in meetings."]


def test_observer_keeps_its_organ(mini):
    aaa = {m.iso3: m for m in mini.members("CLUB", "2005-01-01", "all").members}["AAA"]
    assert aaa.organ == "Assembly"


def test_notice_does_not_change_standing(mini):
    assert codes(mini.members("CLUB", "2007-06-01", "all"))["BBB"] == "associate"


def test_dates_before_and_after_the_ledger_answer_with_a_note(mini):
    early = mini.members("OLD", "1990-01-01")
    assert early.members == [] and any("begins" in n for n in early.notes)
    late = mini.members("NEW", "2030-01-01")
    assert codes(late) == {"AAA": "member"} and any("last reviewed" in n for n in late.notes)


def test_history_and_diff(mini):
    h = mini.history("Kosmoria")
    assert [(p.body, p.status, p.start.iso(), p.end.iso() if p.end else None) for p in h.periods] == [
        ("OLD", "signatory", "2000-01-01", "2001-03"), ("OLD", "former", "2001-03", None),
        ("CLUB", "member", "2003-03-03", "2006-01-01"), ("CLUB", "suspended", "2006-01-01", None)]
    assert [s.id for s in h.summits] == ["club-2005"]
    diff = mini.diff("CLUB", "2005-01-01", "2009-01-01")
    assert [(c.iso3, c.before, c.after, c.event.id) for c in diff.changes] == [
        ("AAA", "observer", "participant", "club-participant"), ("BBB", "associate", "former", "club-withdraw"),
        ("CCC", "member", "suspended", "club-suspend")]


def test_during_marks_partial_belonging(mini):
    answered, rows = mini.members_during("OLD", d("2005-01-01"), d("2005-12-31"))
    assert answered == "OLD"
    assert [(s.iso3, throughout) for s, _, throughout in rows] == [("AAA", True), ("BBB", False)]


def test_names_resolve_and_suggest(mini):
    assert mini.state("kosmoria").iso3 == "CCC"
    assert mini.state("Аланд").iso3 == "AAA"
    assert mini.state("cc").iso3 == "CCC" and mini.state("3").iso3 == "CCC"
    assert mini.body("old treaty").id == "OLD" and mini.body("новая организация").id == "NEW"
    with pytest.raises(UnknownName, match="did you mean 'Borduria'"):
        mini.state("Bordurai")


def test_panel_rows(mini):
    rows = list(mini.panel(["CLUB"], "year", d("2004-01-01"), d("2006-06-30")))
    assert [(r["period"], r["iso3"], r["status"]) for r in rows] == [
        ("2004", "AAA", "observer"), ("2004", "BBB", "associate"), ("2004", "CCC", "member"),
        ("2005", "AAA", "observer"), ("2005", "BBB", "associate"), ("2005", "CCC", "member"),
        ("2006", "AAA", "observer"), ("2006", "BBB", "associate"), ("2006", "CCC", "suspended")]
    assert rows[-1]["date"] == "2006-06-30"


@pytest.mark.parametrize("old,new", [
    ("date: 2008-06-01, body: CLUB", "date: '0000', body: CLUB"),
    ("{date: 2005-07-01, sources: [s2]", "{date: '0000', sources: [s2]"),
    ("date: 2005-05-05, body: CLUB", "date: '0000', body: CLUB"),
    ("reviewed: 2020-12-31", "reviewed: '0000'"),
])
def test_a_ledger_dated_year_zero_is_refused_with_its_line(tmp_path, old, new):
    path = edited_ledger(tmp_path, (old, new))
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "'0000'" in text)
    with pytest.raises(LedgerError) as info:
        cistime.load(path)
    assert f"edited.yaml:{line}:" in str(info.value) and "year 0" in str(info.value)


YEAR_9999 = [("date: 2008-06-01, body: CLUB", "date: '9999', body: CLUB"),
             ("{date: 2005-07-01, sources: [s2]", "{date: '9999-12', sources: [s2]"),
             ("date: 2005-05-05, body: CLUB", "date: '9999', body: CLUB"),
             ("reviewed: 2020-12-31", "reviewed: '9999'")]


@pytest.mark.parametrize("args", [["members", "CLUB", "--on", "9999-12-31"], ["members", "OLD", "--during", "9999"],
                                  ["history", "AAA"], ["why", "BBB", "OLD", "--on", "9999-12-31"],
                                  ["diff", "CLUB", "2000-01-01", "9999-12-31"], ["events"], ["summits"],
                                  ["panel", "--from", "9999-01-01", "--to", "9999-12-31", "--freq", "month"],
                                  ["timeline", "--to", "9999-12-31"], ["validate"]])
def test_a_ledger_dated_9999_answers_every_command(cli, tmp_path, args):
    result = cli(*args, ledger=edited_ledger(tmp_path, *YEAR_9999))
    assert result.exit_code == 0, result.stderr
    assert result.stdout and result.stderr == ""
