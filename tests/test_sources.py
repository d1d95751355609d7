"""Sources: their kinds, what the shipped ledger cites, and formal acts kept apart from statements."""

import json

import pytest

from conftest import MINI, d
from cistime.model import FIRST_HAND, SOURCE_KINDS

# Kinds that may stand beside a first-hand source but never alone.
SECONDARY = ("wiki", "forum", "blog", "seed")


def with_kinds(tmp_path, kind_one="treaty", kind_two="wiki", extra=""):
    """The small test ledger with kinds on its two sources (and optionally more events)."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("url: https://example.org/one}", f"url: https://example.org/one, kind: {kind_one}}}")
    text = text.replace("url: https://example.org/two}", f"url: https://example.org/two, kind: {kind_two}, "
                                                         f"copy_of: Test source one}}")
    text = text.replace("summits:\n", extra + "summits:\n")
    path = tmp_path / "kinds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unknown_kind_is_an_error_naming_the_known_ones(cli, tmp_path):
    result = cli("validate", with_kinds(tmp_path, kind_one="rumour"))
    assert result.exit_code == 1
    assert "s1: unknown source kind 'rumour' (known: treaty, official, agency, press, scholarly" in result.stdout


def test_sources_filter_by_kind_and_count_each_kind(cli, tmp_path):
    path = with_kinds(tmp_path)
    doc = json.loads(cli("sources", "--json", ledger=path).stdout)
    assert doc["kinds"] == {"treaty": 1, "wiki": 1}
    assert {s["id"]: (s["kind"], s["copy_of"]) for s in doc["sources"]} == {
        "s1": ("treaty", None), "s2": ("wiki", "Test source one")}
    only = json.loads(cli("sources", "--kind", "wiki", "--json", ledger=path).stdout)
    assert [s["id"] for s in only["sources"]] == ["s2"] and only["kinds"] == {"wiki": 1}
    both = json.loads(cli("sources", "-k", "wiki", "-k", "treaty", "--json", ledger=path).stdout)
    assert [s["id"] for s in both["sources"]] == ["s1", "s2"]
    table = cli("sources", "--kind", "treaty", ledger=path).stdout
    assert "1 source(s): treaty 1" in table and "example.org/one" in table and "example.org/two" not in table


def test_sources_refuses_an_unknown_kind(cli):
    result = cli("sources", "--kind", "gossip")
    assert result.exit_code == 2 and "unknown source kind 'gossip' (known: treaty, official" in result.stderr


def test_validate_warns_on_a_standing_resting_only_on_secondary_sources(cli, tmp_path):
    extra = ("  - {id: club-weak, date: 2007-01-01, body: CLUB, states: [BBB], type: observer, status: observer, "
             "sources: [s2], note: Borduria observes.}\n")
    result = cli("validate", with_kinds(tmp_path, extra=extra))
    assert result.exit_code == 0
    assert "warning:" in result.stdout and "club-weak: sets a standing but cites no source of the kinds" in result.stdout
    # Events citing the treaty-kind source pass the rule.
    assert "old-sign: sets a standing" not in result.stdout


def test_a_statement_changes_no_standing(tmp_path):
    import cistime

    extra = ("  - {id: club-said, date: 2004-01-01, body: CLUB, states: [AAA], type: statement, "
             "sources: [s1], note: A minister says Aland will leave.}\n")
    before = cistime.load(with_kinds(tmp_path)).members("CLUB", "2004-06-01", "all")
    ledger = cistime.load(with_kinds(tmp_path, extra=extra))
    after = ledger.members("CLUB", "2004-06-01", "all")
    assert [(s.iso3, s.status, s.since) for s in after.members] == [(s.iso3, s.status, s.since) for s in before.members]
    assert [e.id for e in ledger.find_events("CLUB", "AAA", "statement")] == ["club-said"]


# -- the shipped ledger ----------------------------------------------------------------------------
def test_every_source_has_a_known_kind_and_a_place_to_find_it(ledger):
    for source in ledger.sources.values():
        assert source.kind in SOURCE_KINDS, source.id
        assert source.url or source.card, source.id
        assert (source.kind == "seed") == bool(source.card), source.id


def test_every_cited_source_is_listed(ledger):
    entries = [*ledger.events, *ledger.summits]
    cited = [(e.id, s) for e in entries for s in e.sources]
    cited += [(e.id, s) for e in entries for v in e.variants for s in v.sources]
    cited += [(b.id, s) for b in ledger.bodies.values() for s in b.sources]
    assert len(cited) > 1000
    for entry, sid in cited:
        source = ledger.sources.get(sid)
        assert source is not None, f"{entry} cites unknown source {sid}"
        assert source.url and source.url.startswith(("http://", "https://")) or source.card, f"{entry}: {sid}"


@pytest.mark.parametrize("event_id", ["cst-notify-withdrawal-uzb-1999", "cst-notify-withdrawal-aze-1999",
                                      "cst-notify-withdrawal-geo-1999"])
def test_the_1999_announcements_on_the_treaty_are_statements(ledger, event_id):
    event = next(e for e in ledger.events if e.id == event_id)
    assert event.type == "statement" and event.status is None


def test_a_statement_is_no_notice_of_withdrawal(ledger):
    # Uzbekistan only announced in February 1999 that it would not prolong the treaty: no notice runs.
    standing = ledger.standing("UZB", "CST", d("1999-03-01"))
    assert standing.status == "member"
    assert not any("Notice of withdrawal" in note for note in standing.notes)
    # Georgia's 2008 note to the CIS Executive Committee was a formal notice, and is shown as one.
    georgia = ledger.standing("GEO", "CIS", d("2009-01-01"))
    assert georgia.status == "member" and any("Notice of withdrawal given on 2008-08-18" in n for n in georgia.notes)


def test_every_notice_of_withdrawal_is_a_formal_act(ledger):
    notices = [e for e in ledger.events if e.type == "notify-withdrawal"]
    assert {e.id for e in notices} == {"cis-notify-withdrawal-geo-2008", "cisipa-notify-withdrawal-geo-2009"}


# -- the shipped ledger against docs/sources.md ------------------------------------------------------
def listed_in_docs(heading: str) -> set[str]:
    """The event ids in the table under one heading of docs/sources.md."""
    import re
    from pathlib import Path

    text = (Path(__file__).parent.parent / "docs" / "sources.md").read_text(encoding="utf-8")
    section = text.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", section, flags=re.M))


def test_standings_without_a_first_hand_source_are_exactly_those_listed(ledger):
    standing = [e for e in ledger.events if e.status]
    assert len(standing) > 80
    weak = {e.id for e in standing if not {ledger.sources[s].kind for s in e.sources} & set(FIRST_HAND)}
    assert weak == listed_in_docs("Standings with no first-hand source at all")


def test_days_resting_on_wikipedia_are_listed_and_say_so(ledger):
    listed = listed_in_docs("Days that rest on a copy of Wikipedia")
    assert len(listed) >= 10
    for event in ledger.events:
        if event.id in listed:
            kinds = {ledger.sources[s].kind for s in event.sources}
            assert "wiki" in kinds and kinds & set(FIRST_HAND), event.id
            assert "Wikipedia" in event.note, event.id


def test_most_standings_cite_a_treaty_text_register_or_official_site(ledger):
    standing = [e for e in ledger.events if e.status]
    first_party = [e for e in standing if {ledger.sources[s].kind for s in e.sources} & {"treaty", "official"}]
    assert len(first_party) / len(standing) >= 0.6
