"""A panel runs only over the days the ledger can speak of, and says so on stderr when it cuts."""

import csv
import io
import json

from conftest import MINI


def rows(result):
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_a_huge_span_is_cut_to_the_ledger(cli):
    result = cli("panel", "--body", "CSTO", "--freq", "month", "--from", "0001-01-01", "--to", "9999-12-31")
    assert result.exit_code == 0, result.stderr
    found = rows(result)
    assert (found[0]["period"], found[0]["date"]) == ("1991-12", "1991-12-31")
    assert (found[-1]["period"], found[-1]["date"]) == ("2026-11", "2026-11-23")
    assert result.stderr == ("cistime: note: the ledger speaks only of 1991-12-08 to 2026-11-23: "
                             "the panel runs from 1991-12-08 to 2026-11-23\n")


def test_a_day_panel_over_all_time_is_cut_too(cli):
    result = cli("panel", "--body", "CLUB", "--freq", "day", "--from", "0001-01-01", "--to", "9999-12-31",
                 "--format", "ndjson", ledger=MINI)
    assert result.exit_code == 0, result.stderr
    days = [json.loads(line)["date"] for line in result.stdout.splitlines()]
    assert days[0] == "2000-01-01" and days[-1] == "2020-12-31"
    assert len(set(days)) == 7671  # every day of 2000-01-01 .. 2020-12-31, once per state
    assert "2000-01-01 to 2020-12-31" in result.stderr


def test_a_span_wholly_outside_gives_no_rows_and_no_error(cli):
    result = cli("panel", "--from", "1950-01-01", "--to", "1960-12-31")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "period,date,body,iso3,cow,state,status,answered_by\n"
    assert "no rows between 1950-01-01 and 1960-12-31" in result.stderr
    result = cli("panel", "--from", "1950-01-01", "--to", "1960-12-31", "--format", "json")
    assert json.loads(result.stdout)["rows"] == []


def test_a_span_inside_the_ledger_is_untouched(cli):
    result = cli("panel", "--body", "CIS", "--freq", "year", "--from", "1992-01-01", "--to", "1994-06-30")
    assert result.exit_code == 0 and result.stderr == ""
    assert list(dict.fromkeys(r["date"] for r in rows(result))) == ["1992-12-31", "1993-12-31", "1994-06-30"]
