"""One set of flags: the same time options, --json and --ledger wherever they make sense."""

import json
import xml.etree.ElementTree as ET

import pytest
from conftest import MINI


@pytest.mark.parametrize("command", [["members", "CIS"], ["events"], ["summits"], ["panel"], ["timeline"]])
def test_every_dated_command_takes_the_same_time_options(cli, command):
    help_text = cli(*command, "--help").stdout
    for option in ("--during", "--from", "--to"):
        assert option in help_text, (command, option)
    if command[0] != "timeline":  # a picture needs more than one day
        assert "--on" in help_text


def test_time_options_narrow_events_and_summits(cli):
    in_2012 = json.loads(cli("summits", "--body", "CSTO", "--during", "2012", "--json").stdout)["summits"]
    assert in_2012 == json.loads(cli("summits", "--body", "CSTO", "--year", "2012", "--json").stdout)["summits"]
    assert in_2012 and all(s["date"].startswith("2012") for s in in_2012)
    may = json.loads(cli("summits", "--body", "CSTO", "--on", "2012-05-15", "--json").stdout)["summits"]
    assert [s["date"] for s in may] == ["2012-05-15"]
    georgia = json.loads(cli("events", "--state", "GEO", "--during", "2008-08", "--json").stdout)["events"]
    assert georgia and all(e["date"].startswith("2008-08") for e in georgia)
    clash = cli("summits", "--year", "2012", "--during", "2012")
    assert clash.exit_code == 2 and "--year" in clash.stderr


def test_panel_and_timeline_start_on_the_same_day(cli):
    panel = cli("panel", "--body", "CIS", "--to", "1992-12-31", "--freq", "month").stdout.splitlines()
    assert panel[1].startswith("1991-12,")
    doc = json.loads(cli("timeline", "CIS", "--to", "1992-12-31", "--json").stdout)
    assert doc["from"] == "1991-12-08"
    assert "1991-12-08" in cli("panel", "--help").stdout and "1991-12-08" in cli("timeline", "--help").stdout


def test_json_wherever_there_is_data(cli):
    panel = json.loads(cli("panel", "--body", "CSTO", "--on", "1999-06-01", "--json").stdout)
    assert panel["contract"] == 1 and {r["iso3"] for r in panel["rows"] if r["status"] == "member"} == {
        "ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}
    timeline = json.loads(cli("timeline", "CSTO", "--during", "1999", "--json").stdout)
    armenia = next(r for r in timeline["rows"] if r["iso3"] == "ARM")
    assert armenia["periods"][0]["status"] == "member" and armenia["periods"][0]["record"] == "CST"
    assert armenia["periods"][0]["start_event"] == "cst-in-force-1994"
    report = json.loads(cli("validate", "--json").stdout)
    assert report["valid"] is True and report["errors"] == [] and report["counts"]["bodies"] == 11
    sources = report["sources"]  # validate reports how the ledger is sourced
    assert sources["treaty_or_official"] / sources["standing_events"] >= 0.6
    assert set(sources["sources_by_kind"]) <= {"treaty", "official", "agency", "press", "scholarly", "reference",
                                               "wiki", "forum", "blog", "seed"}
    text = cli("validate").stdout
    assert "sources by kind: treaty " in text and f"events that set a standing: {sources['standing_events']};" in text


def test_validate_json_reports_errors_with_exit_1(cli, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI.read_text(encoding="utf-8").replace("type: sign", "type: signed", 1), encoding="utf-8")
    result = cli("validate", str(broken), "--json")
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and report["valid"] is False
    assert report["errors"][0]["line"] and "signed" in report["errors"][0]["message"]


def test_ledger_before_the_command(cli):
    before = cli("--ledger", MINI, "members", "NEW", "--on", "2012-06-01", "--json")
    after = cli("members", "NEW", "--on", "2012-06-01", "--json", ledger=MINI)
    assert before.exit_code == 0 and before.stdout == after.stdout
    assert json.loads(before.stdout)["members"][0]["iso3"] == "AAA"


def test_svg_to_stdout(cli):
    result = cli("timeline", "CST", "--during", "1999", "--svg", "-")
    assert result.exit_code == 0 and result.stdout.startswith("<svg")
    ET.fromstring(result.stdout)  # only the SVG: no terminal picture mixed in


def test_one_source_by_its_id(cli):
    doc = json.loads(cli("sources", "cntd-charter-ru", "--json").stdout)
    [source] = doc["sources"]
    assert source["kind"] == "treaty" and "cis-in-force-charter-1994" in source["cited_by"]
    shown = cli("sources", "cntd-charter-ru").stdout
    assert "url: https://docs.cntd.ru/document/1901995" in shown
    wrong = cli("sources", "cntd-charter")
    assert wrong.exit_code == 2 and "did you mean cntd-charter-ru" in wrong.stderr
