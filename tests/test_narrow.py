"""Tables on narrow terminals: every value a reader may copy (a date, a standing word, a name, an id,
a URL) is printed whole, on one line, at 80 and at 60 columns, and nothing prints blank rows."""

import json
import re

import pytest

# (command, where its JSON keeps the values its table shows: "members.state" is every member's state)
M = ["members.state", "members.iso3", "members.status", "members.since"]
COMMANDS = [
    (["members", "CSTO", "--on", "1999-06-01", "--cite"], M + ["members.sources"]),
    (["members", "CIS", "--on", "2010-01-01", "--all", "--cite"], M + ["members.sources"]),
    (["members", "CST", "--during", "1999"], ["members.state", "members.iso3", "members.periods.body",
                                              "members.periods.status", "members.periods.start",
                                              "members.periods.end"]),
    (["history", "Georgia", "--cite"], ["periods.body", "periods.status", "periods.start", "periods.end",
                                        "events.date", "events.body", "events.type", "events.status",
                                        "events.sources", "summits.date", "summits.body", "summits.kind",
                                        "summits.place"]),
    (["history", "Georgia", "--body", "CISIPA", "--cite"], ["periods.status", "periods.start", "periods.end",
                                                            "events.date", "events.type", "events.sources"]),
    (["why", "Uzbekistan", "CSTO", "--on", "2010-01-01"], ["standing.status", "chain.date", "chain.body",
                                                           "chain.type", "chain.sources"]),
    (["diff", "CST", "1999-01-01", "2000-01-01"], ["changes.state", "changes.iso3", "changes.before",
                                                   "changes.after", "changes.date", "changes.event"]),
    (["events", "--state", "Georgia"], ["events.date", "events.body", "events.states", "events.type",
                                        "events.status"]),
    (["summits", "--body", "CSTO", "--year", "2012"], ["summits.date", "summits.body", "summits.kind",
                                                       "summits.place", "summits.attended", "summits.absent"]),
    (["summits", "--state", "Georgia"], ["summits.date", "summits.body", "summits.kind", "summits.place",
                                         "summits.attended", "summits.absent"]),
    (["events", "--body", "CSTO", "--from", "2006-01-01", "--to", "2012-12-31"],
     ["events.date", "events.body", "events.states", "events.type", "events.status"]),
    (["bodies"], ["bodies.id", "bodies.name", "bodies.founded"]),
    (["states"], ["states.iso3", "states.iso2", "states.cow", "states.name"]),
    (["sources"], ["sources.id", "sources.date", "sources.url", "sources.card"]),
]


def values(doc, path: str):
    """The values at a dotted path, stepping into every item of the lists on the way."""
    found = [doc]
    for key in path.split("."):
        found = [x for f in found for x in (f if isinstance(f, list) else [f])]
        found = [f[key] for f in found if isinstance(f, dict) and f.get(key) is not None]
    return [v for f in found for v in (f if isinstance(f, list) else [f])]


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("args,paths", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_every_value_is_printed_whole(cli, monkeypatch, args, paths, width):
    doc = json.loads(cli(*[a for a in args if a != "--cite"], "--json").stdout)
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    flat = " ".join(out.split())
    found = {str(v) for path in paths for v in values(doc, path)}
    assert all(values(doc, path) for path in paths if not path.endswith((".end", ".absent", ".card", ".url")))
    for value in found:
        # A value of several words (a body's full name) may wrap between its words, never inside one.
        assert value in out or (" " in value and " ".join(value.split()) in flat), (value, width)
    assert not any(line and not line.strip() for line in out.splitlines()), "a row of nothing but spaces"


@pytest.mark.parametrize("width", [80, 60])
def test_a_narrow_table_keeps_within_the_width(cli, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    for args in (["members", "CSTO", "--on", "1999-06-01", "--cite"], ["history", "Georgia", "--body", "CISIPA"],
                 ["members", "CIS", "--on", "2010-01-01", "--all"],  # notes: a list of sentences, wrapped
                 ["events", "--state", "Georgia"], ["diff", "CST", "1999-01-01", "2000-01-01"]):
        lines = cli(*args).stdout.splitlines()
        assert max(len(line) for line in lines) <= width, args


def test_cite_numbers_sources_as_footnotes_in_tables_only(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("members", "CSTO", "--on", "1999-06-01", "--cite").stdout
    table, _, notes = out.partition("\nsources:\n")
    assert re.search(r"^Armenia +ARM +member +1994-04-20 +1-6 *$", table, re.M)
    assert notes.startswith("[1] wp-csto-rev-2006: Collective Security Treaty Organization")
    assert len(re.findall(r"^\[\d\] ", notes, re.M)) == 6
    rows = cli("members", "CSTO", "--on", "1999-06-01", "--cite", "--format", "csv").stdout.splitlines()
    assert "wp-csto-rev-2006" in rows[1]  # other formats keep the ids themselves


def test_too_narrow_for_a_table_gives_one_field_per_line(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    out = cli("diff", "CST", "1999-01-01", "2000-01-01").stdout
    assert "state   Azerbaijan\niso3    AZE\nbefore  member\nafter   former\ndate    1999-04-20\n" \
           "event   cst-lapse-aze-geo-uzb-1999\n\nstate   Georgia\n" in out


def test_ten_columns_prints_no_blank_rows(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "10")
    for args, value in ((["members", "CSTO", "--on", "1999-06-01"], "1994-04-20"),
                        (["history", "Georgia", "--body", "CST"], "1994-04-20"), (["bodies"], "1991-12-08")):
        out = cli(*args).stdout
        assert not any(line and not line.strip() for line in out.splitlines()), args
        assert "\n\n\n" not in out and f"\n  {value}\n" in out, args  # a record: the value under its name


def test_a_table_that_fits_keeps_its_empty_columns(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    header = next(x for x in cli("members", "CSTO", "--on", "1999-06-01").stdout.splitlines() if x.startswith("state "))
    assert header.split() == ["state", "iso3", "status", "since", "mark", "notes"]
    monkeypatch.setenv("COLUMNS", "50")  # too narrow: the empty columns go first
    header = next(x for x in cli("members", "CSTO", "--on", "1999-06-01").stdout.splitlines() if x.startswith("state "))
    assert header.split() == ["state", "iso3", "status", "since"]
