"""The per-(body, state) indexes: built on first use, cut at practice notes, same answers as a fresh build."""

import cistime
from conftest import MINI, d


def test_indexes_are_built_for_the_body_asked_about():
    ledger = cistime.load(MINI)
    assert ledger.members("CLUB", "2005-01-01").body == "CLUB"
    built = set(ledger._body_indexes)
    assert built == {"CLUB"}


def test_a_practice_note_changes_the_answer_from_its_day():
    ledger = cistime.load(MINI)
    before, on, after = (ledger.members("NEW", day).members for day in ("2012-01-31", "2012-02-01", "2015-01-01"))
    assert [(s.iso3, s.notes) for s in before] == [("AAA", [])]
    assert [s.iso3 for s in on] == ["AAA"] and on[0].notes[0].startswith("In practice since 2012-02-01")
    assert after[0].notes == on[0].notes and after[0].events == ["new-force", "new-freeze"]
    assert ledger.standing("AAA", "NEW", d("2012-01-31")).events == ["new-force"]


def test_answers_do_not_depend_on_the_order_questions_come_in():
    days = ["2000-06-01", "2001-03-15", "2004-01-01", "2006-06-01", "2008-01-01", "2012-02-01"]
    first = cistime.load(MINI)
    forward = [(b, day, first.members(b, day, "all").members) for b in ("OLD", "NEW", "CLUB") for day in days]
    second = cistime.load(MINI)
    for body, day, members in reversed(forward):
        assert second.members(body, day, "all").members == members
