"""The command line, in-process: output formats, the JSON contract, exit codes and messages."""

import csv
import io
import json
from pathlib import Path

import pytest

from cases import BAD_INPUT, OUTSIDE
from conftest import MINI, edited_ledger

GOLDEN = Path(__file__).parent / "golden"


def test_members_table_names_the_answering_body(cli):
    result = cli("members", "CSTO", "--on", "1999-06-01")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "answered by the CST" in out
    for name in ("Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"):
        assert name in out
    assert "Uzbekistan" not in out.split("note:")[0]
    assert "\x1b[" not in out


def test_members_json_contract(cli):
    doc = json.loads(cli("members", "CSTO", "--on", "1999-06-01", "--json").stdout)
    assert {"body", "date", "answered_by", "members", "notes"} <= set(doc)
    assert (doc["body"], doc["date"], doc["answered_by"]) == ("CSTO", "1999-06-01", "CST")
    assert [m["iso3"] for m in doc["members"]] == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    for m in doc["members"]:
        assert {"state", "iso3", "status", "since", "notes", "disputed", "sources"} <= set(m)
        assert isinstance(m["disputed"], bool) and m["sources"] and m["since"] == "1994-04-20"
        assert all(s in doc["source_index"] for s in m["sources"])


def test_history_json_contract(cli):
    doc = json.loads(cli("history", "Georgia", "--json").stdout)
    assert (doc["state"], doc["iso3"]) == ("Georgia", "GEO")
    cis = [p for p in doc["periods"] if p["body"] == "CIS"]
    assert {"body": "CIS", "status": "member", "start": "1993-12-03", "end": "1994-01-22"}.items() <= cis[0].items()
    assert [(p["status"], p["start"]) for p in cis[1:]] == [("participant", "1994-01-22"), ("member", "1994-03"),
                                                            ("former", "2009-08-18")]
    assert cis[-1]["end"] is None
    for event in doc["events"]:
        assert {"id", "date", "body", "type", "summary", "sources"} <= set(event) and event["sources"]


@pytest.mark.parametrize("args,golden", [
    (["members", "NEW", "--on", "2012-06-01", "--json"], "members_new_2012.json"),
    (["members", "OLD", "--on", "2005-06-01", "--all", "--json"], "members_old_2005_all.json"),
    (["history", "Borduria", "--json"], "history_borduria.json"),
    (["members", "CLUB", "--on", "2005-01-01", "--all", "--format", "csv"], "members_club_2005.csv"),
    (["members", "CLUB", "--on", "2005-01-01", "--all"], "members_club_2005.txt"),
])
def test_golden_outputs(cli, args, golden):
    """The v1 contract, pinned: these files change only by adding keys."""
    result = cli(*args, ledger=MINI)
    assert result.exit_code == 0, result.stderr
    expected = (GOLDEN / golden).read_text(encoding="utf-8")
    if golden.endswith(".json"):
        assert json.loads(result.stdout) == json.loads(expected)
    else:
        assert result.stdout == expected


def test_csv_has_header_and_a_row_per_state(cli):
    rows = list(csv.DictReader(io.StringIO(cli("members", "CIS", "--on", "2010-01-01", "-f", "csv").stdout)))
    assert len(rows) == 11 and {"state", "iso3", "status", "since"} <= set(rows[0])
    assert {r["iso3"]: r["status"] for r in rows}["UKR"] == "participant"


def test_ndjson_is_one_object_per_line(cli):
    lines = cli("members", "CIS", "--on", "2010-01-01", "-f", "ndjson").stdout.splitlines()
    assert len(lines) == 11 and all(json.loads(line)["iso3"] for line in lines)


@pytest.mark.parametrize("args,status,message", BAD_INPUT)
def test_bad_input_exits_2_with_one_line(cli, args, status, message):
    result = cli(*args)
    assert result.exit_code == status
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args,message", OUTSIDE)
def test_dates_outside_the_ledger_answer_with_span_and_review_date(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 0
    note = next(n for n in json.loads(result.stdout)["notes"] if message in n)
    assert "the ledger covers 1991-12-08 to 2026-11-23" in note and "last reviewed 2026-11-23" in note


def test_unknown_format_is_a_usage_error(cli):
    result = cli("members", "CIS", "--format", "xml")
    assert result.exit_code == 2 and "xml" in result.stderr


def test_broken_ledger_exits_1_with_file_and_line(cli, tmp_path):
    bad = edited_ledger(tmp_path, ("type: in-force", "type: in-farce"))
    result = cli("members", "OLD", ledger=bad)
    assert result.exit_code == 1
    assert f"{bad}:" in result.stderr and "old-force" in result.stderr and "in-farce" in result.stderr


def test_ledger_from_environment(cli, monkeypatch):
    monkeypatch.setenv("CISTIME_LEDGER", str(MINI))
    result = cli("members", "Old Treaty", "--on", "2000-07-01", "--json")
    assert [m["iso3"] for m in json.loads(result.stdout)["members"]] == ["AAA", "BBB", "CCC"]


def test_dates_outside_the_ledger_answer_with_a_note(cli):
    early = json.loads(cli("members", "CIS", "--on", "1985-01-01", "--json").stdout)
    assert early["members"] == [] and any("begins" in n for n in early["notes"])
    late = cli("members", "CIS", "--on", "2090-01-01", "--json")
    assert late.exit_code == 0 and any("last reviewed" in n for n in json.loads(late.stdout)["notes"])


def test_markup_and_escapes_in_the_ledger_print_literally(cli, tmp_path):
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(MINI.read_text().replace("name: Aland", 'name: "[bold red]Aland\\e[31m"'), encoding="utf-8")
    out = cli("members", "OLD", "--on", "2000-07-01", ledger=hostile).stdout
    assert "[bold red]Aland" in out and "\x1b" not in out
    doc = json.loads(cli("members", "OLD", "--on", "2000-07-01", "--json", ledger=hostile).stdout)
    assert {m["iso3"]: m["state"] for m in doc["members"]}["AAA"] == "[bold red]Aland\x1b[31m"


def test_json_keeps_non_ascii(cli):
    out = cli("bodies", "--json").stdout
    assert "Содружество" in out


def test_version_and_help(cli):
    assert cli("--version").stdout.startswith("cistime ")
    for command in ("members", "history", "why", "diff", "events", "summits", "panel", "bodies", "states",
                    "sources", "validate"):
        result = cli(command, "--help")
        assert result.exit_code == 0 and "Example:" in result.stdout, command


def test_validate_passes_on_the_shipped_ledger(cli):
    result = cli("validate")
    assert result.exit_code == 0 and "0 error(s)" in result.stdout


def add_events(tmp_path, *events):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text().replace("summits:\n", "".join(f"  - {e}\n" for e in events) + "summits:\n"),
                   encoding="utf-8")
    return bad


def test_validate_reports_an_event_before_its_body_existed(cli, tmp_path):
    bad = edited_ledger(tmp_path, ("id: old-sign, date: 2000-01-01", "id: old-sign, date: 1999-01-01"))
    result = cli("validate", bad)
    assert result.exit_code == 1 and "old-sign: dated 1999-01-01, before the OLD existed" in result.stdout


def test_validate_notice_rule(cli, tmp_path):
    bad = add_events(tmp_path,
                     "{id: new-notice, date: 2013-01-01, body: NEW, states: [AAA], type: notify-withdrawal, "
                     "sources: [s1], note: Aland gives notice.}",
                     "{id: new-out, date: 2013-03-01, body: NEW, states: [AAA], type: withdraw, status: former, "
                     "sources: [s1], note: Aland is out.}")
    result = cli("validate", bad)
    assert result.exit_code == 1 and "new-out: takes effect before the 6-month notice" in result.stdout


def test_validate_reports_leaving_without_joining(cli, tmp_path):
    bad = add_events(tmp_path, "{id: new-out, date: 2011-01-01, body: NEW, states: [BBB], type: withdraw, "
                               "status: former, sources: [s1], note: Borduria leaves.}")
    result = cli("validate", bad)
    assert result.exit_code == 1 and "new-out: BBB leaves the NEW without having joined it" in result.stdout


def test_validate_warns_on_ratification_before_signature(cli, tmp_path):
    bad = add_events(tmp_path, "{id: club-early, date: 2001-01-01, body: CLUB, states: [AAA], type: ratify, "
                               "sources: [s1], note: Aland ratifies first.}")
    result = cli("validate", bad)
    assert "warning:" in result.stdout and "club-early: ratification by AAA before any signature" in result.stdout


def test_validate_reports_a_missing_seed_card(cli, tmp_path):
    bad = edited_ledger(tmp_path, ("url: https://example.org/two", "card: seeds/none.md"))
    result = cli("validate", bad)
    assert result.exit_code == 1 and "seed card 'seeds/none.md' not found" in result.stdout


def test_summits_filter_and_json(cli):
    doc = json.loads(cli("summits", "--body", "CSTO", "--year", "2012", "--json").stdout)
    assert [s["date"] for s in doc["summits"]] == ["2012-05-15", "2012-12-19"]
    assert {"date", "body", "kind", "place", "attended", "absent", "sources"} <= set(doc["summits"][0])


def test_diff_json(cli):
    doc = json.loads(cli("diff", "CST", "1999-01-01", "2000-01-01", "--json").stdout)
    assert [(c["iso3"], c["before"], c["after"], c["date"]) for c in doc["changes"]] == [
        ("AZE", "member", "former", "1999-04-20"), ("GEO", "member", "former", "1999-04-20"),
        ("UZB", "member", "former", "1999-04-20")]
    assert all(c["sources"] and c["event"] for c in doc["changes"])


def test_why_tells_the_chain(cli):
    result = cli("why", "Uzbekistan", "CSTO", "--on", "2010-01-01")
    assert result.exit_code == 0
    assert "was 'member' in the CSTO" in result.stdout and "2006-08-16" in result.stdout
    doc = json.loads(cli("why", "UZ", "ODKB", "--on", "1999-06-01", "--json").stdout)
    assert doc["answered_by"] == "CST" and doc["standing"]["status"] == "former"
    assert doc["standing"]["disputed"] is True and doc["chain"][-1]["id"] == "cst-lapse-aze-geo-uzb-1999"


def test_members_during_a_year(cli):
    doc = json.loads(cli("members", "CST", "--during", "1999", "--json").stdout)
    throughout = {m["iso3"]: m["throughout"] for m in doc["members"]}
    assert throughout == {"ARM": True, "BLR": True, "KAZ": True, "KGZ": True, "RUS": True, "TJK": True,
                          "AZE": False, "GEO": False, "UZB": False}


def test_panel_cow_codes(cli):
    out = cli("panel", "--body", "CIS", "--freq", "year", "--from", "2005-01-01", "--to", "2005-12-31",
              "--codes", "cow").stdout
    rows = {r["iso3"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["TKM"]["cow_status"] == "2" and rows["RUS"]["cow_status"] == "1" and rows["UKR"]["cow_status"] == "1"
    assert rows["RUS"]["cow"] == "365" and rows["RUS"]["date"] == "2005-12-31"


def test_events_filter(cli):
    doc = json.loads(cli("events", "--state", "Georgia", "--type", "withdraw", "--body", "CIS", "--json").stdout)
    assert [(e["id"], e["date"]) for e in doc["events"]] == [("cis-withdraw-geo-2009", "2009-08-18")]


def test_states_and_sources(cli):
    states = json.loads(cli("states", "--json").stdout)["states"]
    assert {"iso3": "KGZ", "iso2": "KG", "cow": 703}.items() <= next(s for s in states if s["iso3"] == "KGZ").items()
    sources = json.loads(cli("sources", "--json").stdout)["sources"]
    assert any(s["id"] == "seed-003" and s["card"] for s in sources)


def test_validate_reports_a_source_without_a_web_address(cli, tmp_path):
    bad = edited_ledger(tmp_path, ("url: https://example.org/two", "url: ftp://example.org/two"))
    result = cli("validate", bad)
    assert result.exit_code == 1 and "s2: url 'ftp://example.org/two' is not an http(s) address" in result.stdout


def test_history_table_lists_the_meetings_a_state_attended_or_missed(cli):
    out = cli("history", "Georgia", "--body", "CST").stdout
    meetings = out.split("Meetings: attended", 1)[1]
    assert "1999-01-19" in meetings and "attended" in meetings
    doc = json.loads(cli("history", "Georgia", "--body", "CST", "--json").stdout)
    assert any(s["id"] == "cst-security-council-secretaries-1999-01-19" and "GEO" in s["attended"]
               for s in doc["summits"])
