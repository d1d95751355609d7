"""Research data products: the whole ledger as tables, in a Frictionless data package or one SQLite file.

Every row comes from the engine's answers (its periods, events and meetings) shaped by the same
documents the JSON output uses (`period_doc`, `event_doc`, `summit_doc`), so a table and
`history --json` never disagree. One list of table definitions drives both the package's
datapackage.json and the SQLite schema.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .codes import CODES, PROVENANCE
from .dates import PartialDate
from .engine import Ledger
from .model import EVENT_TYPES, PRESENCES, SOURCE_KINDS, STATUSES, Period, Variant
from .panel import COW_CODES, write_panel_csv
from .render import literal
from .views import event_doc, period_doc, summit_doc

# How a meeting's record names each state: each Summit attribute holding codes is also its word in
# attendance.csv (attended, represented below the usual level, absent).
PRESENCE = {word: word for word in PRESENCES}

PANEL_FREQUENCIES = ("year", "month", "day")
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
LICENSE = {"name": "MIT", "title": "MIT License", "path": "https://opensource.org/licenses/MIT"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless field type: string, integer, boolean or date
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    references: tuple[tuple[str, str, str], ...] = ()  # (column, table, column it points to)


def _text(name: str, description: str, **kw) -> Column:
    return Column(name, "string", description, **kw)


_START = ("First day of the standing (the engine's rule: a date known only to a month or a year "
          "counts from that month's or year's first day).")
_END = "First day the standing no longer holds (periods are half-open); empty while it still holds."
_PRECISION = ("day", "month", "year")

BODIES = Table("bodies", "The bodies the ledger follows, with the lineage between them.", (
    _text("id", "Short identifier used in every other table.", required=True),
    _text("name", "Full English name.", required=True),
    _text("names_ru", "Russian names, separated by '; '."),
    _text("aliases", "Other names and abbreviations, separated by '; '."),
    _text("founded", "Founding date as the sources give it (YYYY, YYYY-MM or YYYY-MM-DD).", pattern=PARTIAL_DATE),
    _text("answers_from", "Before this day, questions about the body are answered by its predecessor.",
          pattern=PARTIAL_DATE),
    _text("answers_until", "From this day, questions about the body are answered by its successor.",
          pattern=PARTIAL_DATE),
    _text("predecessor", "The body it grew out of (bodies.id)."),
    _text("successor", "The body that took it over (bodies.id)."),
    _text("relation", "What became of the body when its successor came: continued (lives on inside it, which "
          "answers for it), renamed, replaced (terminated; the successor does not answer for it) or merged.",
          enum=("continued", "renamed", "replaced", "merged")),
    _text("ended", "The day the body ceased, where it did (YYYY, YYYY-MM or YYYY-MM-DD).", pattern=PARTIAL_DATE),
    Column("notice_months", "integer", "How long a withdrawal notice runs before it takes effect."),
    _text("instrument", "The founding instrument(s)."),
    _text("note", "What membership means in this body, in the ledger's own words."),
), ("id",), (("predecessor", "bodies", "id"), ("successor", "bodies", "id")))

STATES = Table("states", "The states, with the codes other data sets use, so tables merge without a lookup. "
               + PROVENANCE, (
    _text("iso3", "ISO 3166-1 alpha-3 code; the state's identifier in every other table.", required=True),
    _text("iso2", "ISO 3166-1 alpha-2 code."),
    _text("name", "English short name.", required=True),
    Column("cow", "integer", "Correlates of War state number (ccode), as in the COW IGO data."),
    _text("cow_letters", "Correlates of War state abbreviation (stateabb)."),
    Column("gw", "integer", "Gleditsch-Ward state number."),
    _text("names_ru", "Russian names, separated by '; '."),
    _text("aliases", "Other names, separated by '; '."),
), ("iso3",))

SOURCES = Table("sources", "Every source the ledger cites.", (
    _text("id", "Identifier cited in citations.csv and in every 'sources' column.", required=True),
    _text("kind", "What kind of source it is: " + "; ".join(f"{k}: {v}" for k, v in SOURCE_KINDS.items()) + ".",
          enum=tuple(SOURCE_KINDS)),
    _text("copy_of", "For a copy (a mirror, a repost, a reprint), what it copies."),
    _text("title", "Title.", required=True),
    _text("publisher", "Publisher, body or site."),
    _text("author", "Author(s), where named."),
    _text("date", "Date of the source as it gives it (YYYY, YYYY-MM or YYYY-MM-DD).", pattern=PARTIAL_DATE),
    _text("url", "A public page."),
    _text("card", "A summary card kept with the ledger, where there is no public page."),
), ("id",))

PERIODS = Table("periods", "One row per spell: a state's standing in a body from one event to the next. "
                "The shape survival and event-history analysis take directly.", (
    _text("id", "body:state:n, n counting the state's spells in the body from 1.", required=True),
    _text("body", "The body (bodies.id).", required=True),
    _text("state", "The state (states.iso3).", required=True),
    _text("status", "The formal standing.", required=True, enum=tuple(STATUSES)),
    _text("organ", "The organ a limited standing concerns (an observer in one assembly, say)."),
    Column("start", "date", _START, required=True),
    _text("start_precision", "How precisely the sources date the start.", required=True, enum=_PRECISION),
    Column("end", "date", _END),
    _text("end_precision", "How precisely the sources date the end.", enum=_PRECISION),
    Column("uncertain", "boolean", "Either end is dated only to a month or a year.", required=True),
    Column("disputed", "boolean", "Some source dates an end differently or gives another standing "
           "(see variants.csv).", required=True),
    _text("start_event", "The event that started the standing (events.id).", required=True),
    _text("end_event", "The event that ended it (events.id)."),
    _text("practice", "What happened in practice while the formal standing held, as 'date: note', "
          "separated by ' | '."),
    _text("practice_events", "The events behind those notes (events.id), separated by '; '."),
    _text("sources", "The sources of the start and end events (sources.id), separated by '; '."),
), ("id",), (("body", "bodies", "id"), ("state", "states", "iso3"), ("start_event", "events", "id"),
             ("end_event", "events", "id")))


def _dated(what: str) -> tuple[Column, ...]:
    """The columns that open the events and the meetings tables: id, day, how precise, body."""
    return (_text("id", "Identifier.", required=True),
            Column("date", "date", f"Day of the {what} (first day of the month or year when only that is known).",
                   required=True),
            _text("date_precision", "How precisely the sources date it.", required=True, enum=_PRECISION),
            _text("body", "The body (bodies.id).", required=True))


EVENTS = Table("events", "The ledger's events: each changes a standing, or notes what happened in practice.", (
    *_dated("event"),
    _text("type", "What happened.", required=True, enum=tuple(EVENT_TYPES)),
    _text("status", "The standing it starts for its states; empty when formal standing does not change.",
          enum=tuple(STATUSES)),
    _text("organ", "The organ a limited standing concerns."),
    _text("note", "What happened, in the ledger's words."),
    _text("practice", "What happened in practice from this date."),
    Column("disputed", "boolean", "Some source gives another date or standing (see variants.csv).", required=True),
    _text("preferred", "Why the main reading was chosen over the variants."),
), ("id",), (("body", "bodies", "id"),))

EVENT_STATES = Table("event_states", "Which states each event concerns.", (
    _text("event", "The event (events.id).", required=True),
    _text("state", "A state it concerns (states.iso3).", required=True),
), ("event", "state"), (("event", "events", "id"), ("state", "states", "iso3")))

MEETINGS = Table("meetings", "Summits and councils of the bodies.", (
    *_dated("meeting"),
    _text("kind", "What kind of meeting."),
    _text("place", "Where it met."),
    _text("note", "What happened, in the ledger's words."),
    _text("preferred", "Why the main reading was chosen over the variants."),
), ("id",), (("body", "bodies", "id"),))

ATTENDANCE = Table("attendance", "Who a source says came to a meeting, or stayed away.", (
    _text("meeting", "The meeting (meetings.id).", required=True),
    _text("state", "The state (states.iso3).", required=True),
    _text("presence", "Whether it came (attended), sent someone below the usual level (represented), or "
          "stayed away (absent).", required=True, enum=tuple(PRESENCE.values())),
), ("meeting", "state"), (("meeting", "meetings", "id"), ("state", "states", "iso3")))

VARIANTS = Table("variants", "What other sources say about an event or a meeting: another date, another "
                 "standing, or another reading.", (
    _text("id", "The event's or meeting's id, ':v' and a number.", required=True),
    _text("event", "The event it concerns (events.id)."),
    _text("meeting", "The meeting it concerns (meetings.id)."),
    Column("date", "date", "The other date (first day of its month or year when only that is given)."),
    _text("date_precision", "How precisely that source dates it.", enum=_PRECISION),
    _text("status", "The other standing.", enum=tuple(STATUSES)),
    _text("claim", "What the source claims, where it is a reading rather than a date or standing."),
    _text("note", "The ledger's note on it."),
    _text("states", "The states it concerns (states.iso3), separated by '; '; empty means all of them."),
), ("id",), (("event", "events", "id"), ("meeting", "meetings", "id")))

CITATIONS = Table("citations", "Which row of which table cites which source.", (
    _text("table", "The citing table.", required=True, enum=("bodies", "periods", "events", "meetings", "variants")),
    _text("row", "The citing row's id.", required=True),
    _text("source", "The source (sources.id).", required=True),
), ("table", "row", "source"), (("source", "sources", "id"),))

PANEL = Table("panel", "A state-by-time panel: every (body, state) with any standing, on the last day of "
              "each period (31 December for years), from the first event to the ledger's review date.", (
    _text("period", "The year (YYYY), month (YYYY-MM) or day.", required=True),
    Column("date", "date", "The day the row describes.", required=True),
    _text("body", "The body (bodies.id).", required=True),
    _text("iso3", "The state (states.iso3).", required=True),
    Column("cow", "integer", "Correlates of War state number (ccode)."),
    _text("state", "The state's English name."),
    _text("status", "The formal standing on that day, as `cistime members` gives it; none outside every period.",
          required=True, enum=(*STATUSES, "none")),
    _text("answered_by", "The body whose record answered for the body that day (bodies.id): the body itself, "
          "or a body it continues or is continued by.", required=True),
    Column("cow_status", "integer", "COW IGO coding: 0 none, 1 full member (a CIS participant included), "
           "2 associate, 3 observer.", required=True),
), ("period", "body", "iso3"), (("body", "bodies", "id"), ("iso3", "states", "iso3"),
                                ("answered_by", "bodies", "id")))

# Referenced tables come first: the SQLite file is filled in this order.
TABLES = (BODIES, STATES, SOURCES, EVENTS, EVENT_STATES, MEETINGS, ATTENDANCE, VARIANTS, PERIODS, CITATIONS)


# -- rows -------------------------------------------------------------------------------------------
def _first_day(date: PartialDate | None) -> str | None:
    return date.first_day().isoformat() if date else None


def _listed(items: Iterable) -> str:
    return "; ".join(items)


def _spells(ledger: Ledger) -> Iterator[tuple[str, Period]]:
    """Every period with its id, body by body and state by state in name order."""
    for body in ledger.bodies:
        for state in ledger.states_in(body):
            for n, period in enumerate(ledger.periods(body, state), 1):
                yield f"{body}:{state}:{n}", period


def period_rows(ledger: Ledger) -> Iterator[dict]:
    for row_id, p in _spells(ledger):
        doc = period_doc(ledger, p)
        yield {"id": row_id, "body": p.body, "state": p.state, "status": p.status, "organ": doc["organ"],
               "start": _first_day(p.start), "start_precision": p.start.precision,
               "end": _first_day(p.end), "end_precision": p.end.precision if p.end else None,
               "uncertain": not p.start.exact or (p.end is not None and not p.end.exact),
               "disputed": doc["disputed"], "start_event": doc["start_event"], "end_event": doc["end_event"],
               "practice": " | ".join(f"{x['date']}: {x['note']}" for x in doc["practice"]),
               "practice_events": _listed(x["event"] for x in doc["practice"]), "sources": _listed(doc["sources"])}


def event_rows(ledger: Ledger) -> Iterator[dict]:
    for e in ledger.events:
        doc = event_doc(e)
        yield {"id": e.id, "date": _first_day(e.date), "date_precision": doc["precision"], "body": e.body,
               "type": e.type, "status": e.status, "organ": e.organ, "note": doc["summary"],
               "practice": e.practice, "disputed": doc["disputed"], "preferred": e.preferred}


def event_state_rows(ledger: Ledger) -> Iterator[dict]:
    for e in ledger.events:
        for state in dict.fromkeys(e.states):
            yield {"event": e.id, "state": state}


def meeting_rows(ledger: Ledger) -> Iterator[dict]:
    for s in ledger.summits:
        doc = summit_doc(s)
        yield {"id": s.id, "date": _first_day(s.date), "date_precision": s.date.precision, "body": s.body,
               "kind": doc["kind"], "place": doc["place"], "note": doc["note"], "preferred": doc["preferred"]}


def attendance_rows(ledger: Ledger) -> Iterator[dict]:
    for s in ledger.summits:
        for attribute, word in PRESENCE.items():
            for state in getattr(s, attribute):
                yield {"meeting": s.id, "state": state, "presence": word}


def _variants(ledger: Ledger) -> Iterator[tuple[str, str, str, Variant]]:
    """(variant id, the table its parent is in, the parent's id, the variant)."""
    for table, items in (("events", ledger.events), ("meetings", ledger.summits)):
        for item in items:
            for n, v in enumerate(item.variants, 1):
                yield f"{item.id}:v{n}", table, item.id, v


def variant_rows(ledger: Ledger) -> Iterator[dict]:
    for row_id, table, parent, v in _variants(ledger):
        yield {"id": row_id, "event": parent if table == "events" else None,
               "meeting": parent if table == "meetings" else None, "date": _first_day(v.date),
               "date_precision": v.date.precision if v.date else None, "status": v.status, "claim": v.claim,
               "note": v.note, "states": _listed(v.states)}


def citation_rows(ledger: Ledger) -> Iterator[dict]:
    cited = [("bodies", b.id, b.sources) for b in ledger.bodies.values()]
    cited += [("periods", row_id, period_doc(ledger, p)["sources"]) for row_id, p in _spells(ledger)]
    cited += [("events", e.id, e.sources) for e in ledger.events]
    cited += [("meetings", s.id, s.sources) for s in ledger.summits]
    cited += [("variants", row_id, v.sources) for row_id, _, _, v in _variants(ledger)]
    for table, row, sources in cited:
        for source in dict.fromkeys(sources):
            yield {"table": table, "row": row, "source": source}


def source_rows(ledger: Ledger) -> Iterator[dict]:
    for s in ledger.sources.values():
        yield {"id": s.id, "kind": s.kind, "copy_of": s.copy_of, "title": s.title, "publisher": s.publisher,
               "author": s.author,
               "date": s.date.iso() if s.date else None, "url": s.url, "card": s.card}


def body_rows(ledger: Ledger) -> Iterator[dict]:
    for b in ledger.bodies.values():
        yield {"id": b.id, "name": b.name, "names_ru": _listed(b.names_ru), "aliases": _listed(b.aliases),
               "founded": b.founded.iso() if b.founded else None,
               "answers_from": b.answers_from.iso() if b.answers_from else None,
               "answers_until": b.answers_until.iso() if b.answers_until else None,
               "predecessor": b.predecessor, "successor": b.successor, "relation": b.relation,
               "ended": b.ended.iso() if b.ended else None, "notice_months": b.notice_months,
               "instrument": b.instrument, "note": b.note}


def state_rows(ledger: Ledger) -> Iterator[dict]:
    for s in ledger.states.values():
        codes = CODES.get(s.iso3)
        yield {"iso3": s.iso3, "iso2": s.iso2, "name": s.name, "cow": s.cow,
               "cow_letters": codes.cow_letters if codes else None, "gw": codes.gw if codes else None,
               "names_ru": _listed(s.names_ru), "aliases": _listed(s.aliases)}


ROWS = {"bodies": body_rows, "states": state_rows, "sources": source_rows, "events": event_rows,
        "event_states": event_state_rows, "meetings": meeting_rows, "attendance": attendance_rows,
        "variants": variant_rows, "periods": period_rows, "citations": citation_rows}


def panel_span(ledger: Ledger) -> tuple[dt.date, dt.date]:
    """From the first event to the day the ledger was last reviewed (today if it does not say)."""
    last = ledger.reviewed or dt.date.today()
    return ledger.first_event or last, last


def panel_rows(ledger: Ledger, freq: str) -> Iterator[dict]:
    first, last = panel_span(ledger)
    for row in ledger.panel(None, freq, first, last):
        row["cow_status"] = COW_CODES.get(row["status"], 0)
        yield row


def _check_frequency(freq: str | None) -> None:
    if freq is not None and freq not in PANEL_FREQUENCIES:
        raise ValueError(f"the panel's frequency is year, month or day, not '{freq}'")


# -- the data package -------------------------------------------------------------------------------
def _schema(table: Table) -> dict:
    fields = []
    for c in table.columns:
        field: dict = {"name": c.name, "type": c.type, "description": c.description}
        constraints = {k: v for k, v in (("required", c.required), ("enum", list(c.enum)),
                                          ("pattern", c.pattern)) if v}
        if constraints:
            field["constraints"] = constraints
        if c.type == "boolean":
            field.update(trueValues=["true"], falseValues=["false"])
        fields.append(field)
    schema: dict = {"fields": fields, "primaryKey": list(table.key), "missingValues": [""]}
    if table.references:
        schema["foreignKeys"] = [{"fields": column, "reference": {"resource": "" if other == table.name else other,
                                                                   "fields": target}}
                                 for column, other, target in table.references]
    return schema


def descriptor(ledger: Ledger, tables: Iterable[Table]) -> dict:
    reviewed = ledger.meta.get("reviewed")
    found = {
        "profile": "tabular-data-package",
        "name": "cistime",
        "title": "Membership of the CIS, the Collective Security Treaty, the CSTO and related bodies, "
                 "day by day, with sources",
        "description": "Every state's standing in each body, replayed from a cited event ledger: spells, the "
                       "events and meetings behind them, and the sources each row rests on. Dates known only "
                       "to a month or a year count from its first day; the *_precision columns say so. "
                       + PROVENANCE,
        "version": str(reviewed) if reviewed else None,
        "licenses": [LICENSE],
        "sources": [{"title": f"cistime ledger, last reviewed {reviewed}" if reviewed else "cistime ledger"},
                    {"title": "Correlates of War Project, State System Membership List v2016",
                     "path": "https://correlatesofwar.org/data-sets/state-system-membership"},
                    {"title": "Gleditsch and Ward (1999), A Revised List of Independent States since the "
                              "Congress of Vienna, International Interactions 25(4): 393-413"}],
        "keywords": ["CIS", "CSTO", "international organizations", "membership", "post-Soviet"],
        "resources": [{"name": t.name, "path": f"{t.name}.csv", "profile": "tabular-data-resource",
                       "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                       "description": t.description, "schema": _schema(t)} for t in tables],
    }
    return {k: v for k, v in found.items() if v is not None}  # a ledger without a review date has no version


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return literal(value) if isinstance(value, str) else str(value)


def write_package(ledger: Ledger, folder: str | os.PathLike, panel: str | None = None) -> list[Path]:
    """Write the CSV tables and datapackage.json into `folder` (made if missing); returns the files."""
    _check_frequency(panel)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = folder / f"{table.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            names = [c.name for c in table.columns]
            writer.writerow(names)
            writer.writerows([_csv_value(row[n]) for n in names] for row in ROWS[table.name](ledger))
        written.append(path)
    tables = list(TABLES)
    if panel:
        path = folder / "panel.csv"
        first, last = panel_span(ledger)
        with path.open("w", encoding="utf-8", newline="") as out:
            write_panel_csv(ledger, None, panel, first, last, True, out)
        written.append(path)
        tables.append(PANEL)
    path = folder / "datapackage.json"
    path.write_text(json.dumps(descriptor(ledger, tables), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(path)
    return written


# -- the SQLite file --------------------------------------------------------------------------------
_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "date": "TEXT"}
# Full-text indexes over the prose: (index, table, columns). Datasette finds them by the _fts name.
FULL_TEXT = (("events_fts", "events", ("note", "practice")), ("meetings_fts", "meetings", ("note", "place")))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(table: Table) -> str:
    lines = [f"{_quote(c.name)} {_SQL_TYPES[c.type]}{' NOT NULL' if c.required else ''}" for c in table.columns]
    lines.append(f"PRIMARY KEY ({', '.join(map(_quote, table.key))})")
    lines += [f"FOREIGN KEY ({_quote(column)}) REFERENCES {_quote(other)} ({_quote(target)}) "
              "DEFERRABLE INITIALLY DEFERRED" for column, other, target in table.references]
    return f"CREATE TABLE {_quote(table.name)} (\n  " + ",\n  ".join(lines) + "\n)"


def _sql_value(value):
    if isinstance(value, bool):
        return int(value)
    return literal(value) if isinstance(value, str) else value


def write_sqlite(ledger: Ledger, path: str | os.PathLike, panel: str | None = None) -> Path:
    """Write every table into one SQLite file, replacing any file there only once the new one is whole."""
    _check_frequency(panel)
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    os.close(handle)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # an ordinary file, not mkstemp's private one
        connection = sqlite3.connect(temporary)
        try:
            _fill(connection, ledger, panel)
        finally:
            connection.close()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _fill(connection: sqlite3.Connection, ledger: Ledger, panel: str | None) -> None:
    connection.execute("PRAGMA foreign_keys = ON")
    tables = [(t, ROWS[t.name](ledger)) for t in TABLES]
    if panel:
        tables.append((PANEL, panel_rows(ledger, panel)))
    with connection:  # one transaction: foreign keys are checked at its end
        for table, rows in tables:
            connection.execute(_create(table))
            names = [c.name for c in table.columns]
            insert = (f"INSERT INTO {_quote(table.name)} ({', '.join(map(_quote, names))}) "
                      f"VALUES ({', '.join('?' for _ in names)})")
            connection.executemany(insert, ([_sql_value(row[n]) for n in names] for row in rows))
        connection.execute('CREATE INDEX "periods_body_state_start" ON "periods" ("body", "state", "start")')
        connection.execute('CREATE INDEX "events_body_date" ON "events" ("body", "date")')
        connection.execute('CREATE INDEX "attendance_state" ON "attendance" ("state")')
        for index, table, columns in FULL_TEXT:
            connection.execute(f"CREATE VIRTUAL TABLE {_quote(index)} USING fts5("
                               f"{', '.join(map(_quote, columns))}, content={_quote(table)})")
            connection.execute(f"INSERT INTO {_quote(index)} ({_quote(index)}) VALUES ('rebuild')")
