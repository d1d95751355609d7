"""Streaming writers for `cistime panel`: constant memory whatever the span and frequency."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import IO

from .render import Format, json_text, literal

# Correlates of War IGO coding: 0 no membership, 1 full member, 2 associate, 3 observer.
# A CIS participant (a founding state without the Charter) counts as full, as COW counts
# Ukraine before 1993; a signatory, a suspended or a former state counts as 0.
COW_CODES = {"member": 1, "participant": 1, "associate": 2, "observer": 3}
COLUMNS = ["period", "date", "body", "iso3", "cow", "state", "status", "answered_by"]


def bounded(ledger, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date, str | None]:
    """The part of [start, end] the ledger can say anything about, and a note when that is less.

    The ledger speaks from the earliest founding of any body (or its first event, if earlier) to the
    day it was last reviewed; a row outside that span would only repeat "none" or guess, so none is made.
    """
    founded = [b.founded.first_day() for b in ledger.bodies.values() if b.founded]
    earliest = min(founded + ([ledger.first_event] if ledger.first_event else []), default=None)
    latest = ledger.reviewed
    first = max(start, earliest) if earliest else start
    last = min(end, latest) if latest else end
    if (first, last) == (start, end):
        return first, last, None
    span = f"{earliest.isoformat() if earliest else 'its first day'} to {latest.isoformat() if latest else 'today'}"
    if last < first:
        return first, last, f"the ledger speaks only of {span}: no rows between {start.isoformat()} and {end.isoformat()}"
    return first, last, f"the ledger speaks only of {span}: the panel runs from {first.isoformat()} to {last.isoformat()}"


def write_panel_csv(ledger, bodies, freq, start, end, cow_codes: bool, out: IO[str]) -> None:
    """The CSV panel, fast: the fixed part of each row is quoted once, then reused for every period."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="")
    writer.writerow(COLUMNS + (["cow_status"] if cow_codes else []))
    out.write(buffer.getvalue() + "\n")
    prefixes = []
    for body, state in ledger.panel_keys(bodies):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([literal(body), literal(state.iso3), "" if state.cow is None else state.cow, literal(state.name)])
        prefixes.append(buffer.getvalue())
    shown: dict[str, str] = {}  # each answering body's id as CSV shows it: sanitised, quoted if need be
    for label, day, statuses, by in ledger.panel_ticks(bodies, freq, start, end):
        lead = f"{label},{day.isoformat()},"
        by = [shown.get(b) or shown.setdefault(b, _csv_field(literal(b))) for b in by]
        if cow_codes:
            out.write("".join(f"{lead}{prefix},{status},{answered},{COW_CODES.get(status, 0)}\n"
                              for prefix, status, answered in zip(prefixes, statuses, by)))
        else:
            out.write("".join(f"{lead}{prefix},{status},{answered}\n"
                              for prefix, status, answered in zip(prefixes, statuses, by)))


def _csv_field(text: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([text])
    return buffer.getvalue()


def write_panel(rows: Iterable[dict], fmt: Format, cow_codes: bool, out: IO[str]) -> None:
    columns = COLUMNS + (["cow_status"] if cow_codes else [])

    def coded(row: dict) -> dict:
        if cow_codes:
            row["cow_status"] = COW_CODES.get(row["status"], 0)
        return row

    if fmt is Format.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            row = coded(row)
            writer.writerow([literal(row[c]) for c in columns])
    elif fmt is Format.ndjson:
        for row in rows:
            out.write(json_text(coded(row), out) + "\n")
    else:  # JSON: a document like every other command's, its rows still written one at a time
        out.write('{"contract": 1, "columns": ' + json_text(columns, out) + ', "rows": [')
        for index, row in enumerate(rows):
            out.write(("," if index else "") + "\n  " + json_text(coded(row), out))
        out.write("\n]}\n")
