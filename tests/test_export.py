"""Research data products: the data package, the SQLite file, and the engine answers they must equal."""

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from frictionless import Package

import cistime
from cistime import export
from cistime.codes import CODES

TABLE_FILES = {"bodies", "states", "sources", "events", "event_states", "meetings", "attendance", "variants",
               "periods", "citations"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory, ledger):
    path = tmp_path_factory.mktemp("package")
    export.write_package(ledger, path, panel="year")
    return path


@pytest.fixture(scope="module")
def database(tmp_path_factory, ledger):
    path = tmp_path_factory.mktemp("sqlite") / "cistime.sqlite"
    export.write_sqlite(ledger, path, panel="year")
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def read(folder: Path, table: str) -> list[dict]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def as_given(day: str, precision: str) -> str:
    """A first day and its precision back to the partial date the ledger and the JSON give."""
    return {"day": day, "month": day[:7], "year": day[:4]}[precision] if day else None


def test_cli_writes_a_package_frictionless_accepts(cli, tmp_path):
    result = cli("export", tmp_path / "data", "--panel", "year")
    assert result.exit_code == 0, result.stderr
    assert {p.name for p in (tmp_path / "data").iterdir()} == {f"{t}.csv" for t in TABLE_FILES | {"panel"}} | {
        "datapackage.json"}
    report = Package(str(tmp_path / "data" / "datapackage.json")).validate()
    assert report.valid, [e.message for task in report.tasks for e in task.errors][:5]
    doc = json.loads((tmp_path / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert doc["version"] == str(cistime.load().meta["reviewed"])
    assert doc["licenses"][0]["name"] == "MIT"
    resources = {r["name"]: r for r in doc["resources"]}
    assert resources["periods"]["schema"]["primaryKey"] == ["id"]
    assert {"fields": "state", "reference": {"resource": "states", "fields": "iso3"}} in \
        resources["periods"]["schema"]["foreignKeys"]
    assert all(f.get("description") for r in doc["resources"] for f in r["schema"]["fields"])


def test_frictionless_catches_a_broken_foreign_key(folder, tmp_path):
    for path in folder.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    with (tmp_path / "event_states.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{read(folder, 'events')[0]['id']},ZZZ\n")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid
    assert [e.type for t in report.tasks for e in t.errors] == ["foreign-key"]


def test_periods_are_exactly_what_history_json_gives(cli, folder, ledger):
    rows = read(folder, "periods")
    seen = 0
    for code in ledger.states:
        doc = json.loads(cli("history", code, "--json").stdout)
        expected = [(p["body"], p["status"], p["start"], p["end"], p["disputed"], p["start_event"],
                     p["end_event"], p["organ"], p["sources"]) for p in doc["periods"]]
        got = [(r["body"], r["status"], as_given(r["start"], r["start_precision"]),
                as_given(r["end"], r["end_precision"]), r["disputed"] == "true", r["start_event"],
                r["end_event"] or None, r["organ"] or None, r["sources"].split("; ") if r["sources"] else [])
               for r in rows if r["state"] == code]
        assert got == expected, code
        seen += len(got)
    assert seen == len(rows) == len(ledger.periods()) > 150


def test_partial_dates_are_marked_and_count_from_their_first_day(folder):
    rows = {r["id"]: r for r in read(folder, "periods")}
    azerbaijan = [r for r in rows.values() if (r["body"], r["state"], r["status"]) == ("CISIPA", "AZE", "member")]
    assert [(r["start"], r["start_precision"], r["uncertain"]) for r in azerbaijan] == [("1997-03-01", "month", "true")]
    kazakhstan = rows["CAU:KAZ:1"]
    assert (kazakhstan["end"], kazakhstan["end_precision"]) == ("2006-01-01", "year")


def test_states_carry_iso_cow_and_gleditsch_ward_codes(folder, ledger):
    rows = {r["iso3"]: r for r in read(folder, "states")}
    assert set(rows) == set(ledger.states)
    picked = {code: (rows[code]["iso2"], rows[code]["cow"], rows[code]["cow_letters"], rows[code]["gw"])
              for code in ("RUS", "UKR", "GEO", "MDA", "KAZ", "LVA", "LTU", "SRB")}
    assert picked == {"RUS": ("RU", "365", "RUS", "365"), "UKR": ("UA", "369", "UKR", "369"),
                      "GEO": ("GE", "372", "GRG", "372"), "MDA": ("MD", "359", "MLD", "359"),
                      "KAZ": ("KZ", "705", "KZK", "705"), "LVA": ("LV", "367", "LAT", "367"),
                      "LTU": ("LT", "368", "LIT", "368"), "SRB": ("RS", "345", "YUG", "340")}
    for code, state in ledger.states.items():  # the code table and the ledger agree on every COW number
        assert CODES[code].cow == state.cow, code
        assert all(rows[code][k] for k in ("iso2", "cow", "cow_letters", "gw")), code


def test_meetings_attendance_and_citations_cover_the_ledger(folder, ledger):
    attendance = read(folder, "attendance")
    assert len(attendance) == sum(len(s.attended) + len(s.represented) + len(s.absent) for s in ledger.summits)
    assert {r["presence"] for r in attendance} == {"attended", "represented", "absent"}
    sources = {r["id"]: r for r in read(folder, "sources")}
    assert all(sources[s.id]["kind"] == s.kind for s in ledger.sources.values())
    cited = {(r["table"], r["row"], r["source"]) for r in read(folder, "citations")}
    assert all(("events", e.id, s) in cited for e in ledger.events for s in e.sources)
    assert all(("meetings", m.id, s) in cited for m in ledger.summits for s in m.sources)
    variants = read(folder, "variants")
    assert len(variants) == sum(len(e.variants) for e in ledger.events) + sum(len(s.variants) for s in ledger.summits)


def test_panel_table_is_the_panel_command_with_cow_codes(cli, folder, ledger):
    first, last = export.panel_span(ledger)
    result = cli("panel", "--freq", "year", "--from", first, "--to", last, "--codes", "cow")
    assert result.exit_code == 0, result.stderr
    assert (folder / "panel.csv").read_text(encoding="utf-8") == result.stdout
    rows = read(folder, "panel")
    assert {"period": "2010", "date": "2010-12-31", "body": "CIS", "iso3": "GEO", "cow": "372", "state": "Georgia",
            "status": "former", "answered_by": "CIS", "cow_status": "0"} in rows


def _sql_text(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    return str(value)


def test_sqlite_holds_the_same_rows_as_the_package(folder, database):
    for table in (*export.TABLES, export.PANEL):
        names = [c.name for c in table.columns]
        kinds = [c.type for c in table.columns]
        cursor = database.execute(f'SELECT {", ".join(chr(34) + n + chr(34) for n in names)} FROM "{table.name}"')
        got = sorted(tuple(_sql_text(v, k) for v, k in zip(row, kinds)) for row in cursor)
        assert got == sorted(tuple(r[n] for n in names) for r in read(folder, table.name)), table.name
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []


MEMBERS_ON = "SELECT state, status FROM periods WHERE body = ? AND start <= ? AND (end IS NULL OR end > ?)"


@pytest.mark.parametrize("body, day", [("CIS", "2010-01-01"), ("CSTO", "1999-06-01"), ("CISIPA", "1997-03-01"),
                                       ("CISIPA", "1997-02-28"), ("CAU", "2006-01-01"), ("CU1995", "1997-01-01")])
def test_sql_members_on_a_day_equal_members_all(cli, database, body, day):
    doc = json.loads(cli("members", body, "--on", day, "--all", "--json").stdout)
    answered = doc["answered_by"]  # the CSTO in 1999 answers through the CST
    found = set(database.execute(MEMBERS_ON, (answered, day, day)).fetchall())
    assert found == {(m["iso3"], m["status"]) for m in doc["members"]}
    assert found


def test_sqlite_indexes_and_full_text_search(database):
    indexes = {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "periods_body_state_start" in indexes
    plan = " ".join(str(r) for r in database.execute(
        "EXPLAIN QUERY PLAN " + MEMBERS_ON, ("CIS", "2010-01-01", "2010-01-01")))
    assert "periods_body_state_start" in plan
    hits = database.execute("SELECT events.id, events.note FROM events_fts JOIN events ON events.rowid = "
                            "events_fts.rowid WHERE events_fts MATCH 'Georgia' ").fetchall()
    assert hits and all("georgia" in note.lower() for _, note in hits)
    assert database.execute("SELECT count(*) FROM meetings_fts WHERE meetings_fts MATCH 'Minsk'").fetchone()[0] > 0


def test_sqlite_file_is_replaced_whole_or_not_at_all(ledger, tmp_path, monkeypatch):
    target = tmp_path / "cistime.sqlite"
    target.write_text("an older file")
    export.write_sqlite(ledger, target)  # re-running replaces the file
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT count(*) FROM periods").fetchone()[0] == len(ledger.periods())
    connection.close()
    written = target.read_bytes()

    def broken(connection, data, panel):
        connection.execute("CREATE TABLE half (x)")
        raise RuntimeError("disk full")

    monkeypatch.setattr(export, "_fill", broken)
    with pytest.raises(RuntimeError):
        export.write_sqlite(ledger, target)
    assert target.read_bytes() == written  # the old file stands, and no temporary file is left beside it
    assert [p.name for p in tmp_path.iterdir()] == ["cistime.sqlite"]


def test_export_usage_errors(cli, tmp_path):
    nothing = cli("export")
    assert nothing.exit_code == 2 and "--sqlite" in nothing.stderr
    weekly = cli("export", tmp_path, "--panel", "week")
    assert weekly.exit_code == 2 and "week" in weekly.stderr
    nowhere = cli("export", "--sqlite", tmp_path / "missing" / "x.sqlite")
    assert nowhere.exit_code == 2 and "missing" in nowhere.stderr


# -- the README's "Use it as data" examples run as shown -------------------------------------------------
README = Path(__file__).resolve().parents[1] / "README.md"


def data_section() -> str:
    return README.read_text(encoding="utf-8").split("## Use it as data\n", 1)[1].split("\n## ", 1)[0]


def block(language: str) -> str:
    return data_section().split(f"```{language}\n", 1)[1].split("```", 1)[0]


@pytest.fixture
def exported(cli, tmp_path, monkeypatch):
    """A folder where the README's export commands have run."""
    import shlex

    monkeypatch.chdir(tmp_path)
    commands = [line.strip() for line in data_section().splitlines() if line.strip().startswith("cistime export")]
    assert len(commands) == 2
    for command in commands:
        result = cli(*shlex.split(command)[1:])
        assert result.exit_code == 0, result.stderr
    return tmp_path


def test_readme_sql_examples_run(exported, ledger):
    import shlex

    lines = [line.strip() for line in data_section().splitlines() if line.strip().startswith("sqlite3 ")]
    assert len(lines) == 2
    connection = sqlite3.connect(exported / "cistime.sqlite")
    members, found = (connection.execute(shlex.split(line)[2]).fetchall() for line in lines)
    assert set(members) == {(m.iso3, m.status) for m in ledger.members("CIS", "2010-01-01", "all").members}
    events = {e.id: e for e in ledger.events}
    assert found and all("boycott" in f"{events[id].note} {events[id].practice}".lower() for _, id in found)
    connection.close()


def test_readme_pandas_example_runs(exported, capsys):
    pytest.importorskip("pandas")  # not a dependency: checked where it is installed
    exec(compile(block("python"), "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "SRB" in printed and "345" in printed and "340" in printed


def test_readme_r_example_runs(exported):
    import shutil
    import subprocess

    if not shutil.which("Rscript"):
        pytest.skip("R is not installed")
    # A stand-in for COW's state-year file: the CIS column of the COW IGO data this repository keeps.
    cow = {s.name.lower(): s.cow for s in cistime.load().states.values()}
    with (Path(__file__).parent / "data" / "cow_igo_v3_cis.csv").open(encoding="utf-8") as handle:
        wide = list(csv.DictReader(handle))
    with (exported / "state_year_formatv3.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["ccode", "year", "state", "CIS"])
        for row in wide:
            for name, value in row.items():
                if name in cow:
                    writer.writerow([cow[name], int(float(row["year"])), name, int(float(value))])
    script = block("r") + 'write.csv(merged, "merged.csv", row.names = FALSE)\n'
    result = subprocess.run(["Rscript", "-e", script], cwd=exported, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    merged = read(exported, "merged")
    assert {"ccode", "year", "status", "cow_status", "CIS"} <= set(merged[0])
    georgia_2010 = [r for r in merged if (r["ccode"], r["year"]) == ("372", "2010")]
    assert [(r["status"], r["cow_status"]) for r in georgia_2010] == [("former", "0")]
