"""Every format of a command carries what its JSON carries: CSV and NDJSON rows are the JSON's items."""

import csv
import io
import json

import pytest

COMMANDS = [
    (["members", "CSTO", "--on", "1999-06-01", "--all"], lambda d: d["members"]),
    (["members", "CST", "--during", "1999"], lambda d: d["members"]),
    (["diff", "CSTO", "1999-01-01", "2005-01-01"], lambda d: d["changes"]),
    (["events", "--state", "Georgia"], lambda d: d["events"]),
    (["summits", "--body", "CSTO", "--year", "2012"], lambda d: d["summits"]),
    (["bodies"], lambda d: d["bodies"]),
    (["states"], lambda d: d["states"]),
    (["sources"], lambda d: d["sources"]),
    (["history", "Uzbekistan", "--body", "CSTO"],
     lambda d: [dict(p, record="standing", date=p["start"]) for p in d["periods"]]
     + [dict(e, record="event") for e in d["events"]] + [dict(m, record="meeting") for m in d["summits"]]),
    (["why", "Georgia", "CIS", "--on", "2009-01-01"],
     lambda d: [dict(d["standing"], record="standing", answered_by=d["answered_by"], date=d["date"],
                     notes=list(dict.fromkeys(d["standing"]["notes"] + d["notes"])))]
     + [dict(e, record="event") for e in d["chain"]]),
]


@pytest.mark.parametrize("args,items", COMMANDS, ids=[" ".join(a[:2]) for a, _ in COMMANDS])
def test_every_format_carries_the_json(cli, args, items):
    expected = items(json.loads(cli(*args, "--json").stdout))
    assert expected, args
    lines = [json.loads(line) for line in cli(*args, "--format", "ndjson").stdout.splitlines()]
    assert lines == expected
    rows = list(csv.DictReader(io.StringIO(cli(*args, "--format", "csv").stdout)))
    assert len(rows) == len(expected)
    for row, item in zip(rows, expected):
        for key, cell in row.items():
            value = item.get(key)
            if isinstance(value, bool):
                assert cell == ("true" if value else "false"), key
            elif value is None:
                assert cell == "", key  # never "none" or "None" for a null
            elif isinstance(value, (str, int)):
                assert cell == str(value), key
            elif value and any(isinstance(v, dict) for v in value):
                assert json.loads(cell) == value, key
            elif isinstance(value, list):
                assert all(str(v) in cell for v in value), key


def test_the_panel_in_json_is_a_document(cli):
    doc = json.loads(cli("panel", "--body", "CSTO", "--from", "1999-06-01", "--to", "1999-06-01", "--freq", "day",
                         "--format", "json").stdout)
    assert doc["contract"] == 1 and doc["columns"][:7] == ["period", "date", "body", "iso3", "cow", "state", "status"]
    ndjson = cli("panel", "--body", "CSTO", "--from", "1999-06-01", "--to", "1999-06-01", "--freq", "day",
                 "--format", "ndjson").stdout
    assert [json.loads(line) for line in ndjson.splitlines()] == doc["rows"]
    armenia = next(r for r in doc["rows"] if r["iso3"] == "ARM")
    assert (armenia["status"], armenia["answered_by"]) == ("member", "CST")
