"""Writers for every output format. All share one input: a View of rows, columns and a JSON document.

Only the table writer imports rich, so scripts asking for JSON or CSV never pay for it.
"""

from __future__ import annotations

import csv
import enum
import json
import re
import sys
from dataclasses import dataclass, field
from typing import IO, Any, Iterable


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    ndjson = "ndjson"
    bibtex = "bibtex"  # the sources an answer rests on, for a paper's bibliography
    csl = "csl"  # the same as CSL JSON, for Zotero, pandoc and citeproc


CITATION_FORMATS = (Format.bibtex, Format.csl)


@dataclass
class View:
    """What a command has to say: `doc` for JSON, `rows` and `columns` for the other formats."""

    doc: Any
    rows: Iterable[dict]
    columns: list[str]
    title: str = ""
    notes: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    csv_columns: list[str] | None = None  # CSV may carry more columns than fit in a table
    lines: list[str] | None = None  # prose shown instead of a table, for answers that read as text
    # What CSV and NDJSON carry: the JSON document's own items, so every format holds the same fields.
    records: list[dict] | None = None
    cites: list | None = None  # the Sources the answer rests on; None where it has none to give


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def literal(text: Any) -> str:
    """Text from the ledger, made safe to print: control characters (terminal escapes) shown, not obeyed."""
    if text is None:
        return ""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], str(text))


def write(view: View, fmt: Format, out: IO[str] | None = None, width: int | None = None) -> None:
    out = out or sys.stdout
    if fmt is Format.json:
        out.write(json.dumps(view.doc, ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt in CITATION_FORMATS:
        from .citation import bibtex, csl

        if view.cites is None:
            raise ValueError("this answer lists no sources to cite")
        if fmt is Format.bibtex:
            out.write(bibtex(view.cites))
        else:
            out.write(json.dumps(csl(view.cites), ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.ndjson:
        for row in view.rows if view.records is None else view.records:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt is Format.csv:
        rows = view.rows if view.records is None else view.records
        columns = view.csv_columns or view.columns
        writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: literal(_csv_cell(row.get(k))) for k in columns})
    else:
        write_table(view, out, width)


def _csv_cell(value: Any) -> str:
    """One CSV cell: lists of words joined with "; ", nested records as compact JSON, no `none` for null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict) or isinstance(value, (list, tuple)) and any(isinstance(v, dict) for v in value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str) if value else ""
    return _cell(value)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, (list, tuple)):
        # Sentences already end in a stop: a space joins them; bare items (ids) take "; ".
        return "".join(f"{v}{' ' if str(v).endswith(('.', '!', '?')) else '; '}" for v in value).rstrip("; ")
    return "" if value is None else str(value)


def console(out: IO[str], width: int | None = None):
    from rich.console import Console

    return Console(file=out, width=width, highlight=False, emoji=False, soft_wrap=False)


def write_table(view: View, out: IO[str], width: int | None = None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    con = console(out, width)
    rows = list(view.rows)
    if view.lines is not None:
        for index, line in enumerate(view.lines):
            con.print(Text(literal(line), style="bold" if index == 0 else ""))
        rows = []
    elif view.title:
        con.print(Text(literal(view.title), style="bold"))
    if rows:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
        for column in view.columns:
            table.add_column(view.headers.get(column, column), overflow="fold")
        for row in rows:
            table.add_row(*(Text(literal(_cell(row.get(c)))) for c in view.columns))
        con.print(table)
    elif view.lines is None:
        con.print(Text("(nothing)", style="dim"))
    for note in view.notes:
        con.print(Text("note: " + literal(note), style="italic"))
