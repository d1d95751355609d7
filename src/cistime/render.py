"""Writers for every output format. All share one input: a View of rows, columns and a JSON document.

Only the table writer imports rich, so scripts asking for JSON or CSV never pay for it.
"""

from __future__ import annotations

import contextlib
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


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def literal(text: Any) -> str:
    """Text from the ledger, made safe to print: control characters (terminal escapes) shown, not obeyed."""
    if text is None:
        return ""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], str(text))


# How JSON documents are laid out: indented for a reader, or on one line while `cistime ask` runs
# (see one_line_json). The document is the same either way.
_json_layout: dict = {"indent": 2}


@contextlib.contextmanager
def one_line_json():
    """Within this block every JSON document is written compactly, on one line."""
    global _json_layout
    saved, _json_layout = _json_layout, {"separators": (",", ":")}
    try:
        yield
    finally:
        _json_layout = saved


def write(view: View, fmt: Format, out: IO[str] | None = None, width: int | None = None) -> None:
    out = out or sys.stdout
    if fmt is Format.json:
        out.write(json.dumps(view.doc, ensure_ascii=False, default=str, **_json_layout) + "\n")
    elif fmt is Format.ndjson:
        for row in view.rows:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt is Format.csv:
        writer = csv.DictWriter(out, view.csv_columns or view.columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in view.rows:
            writer.writerow({k: literal(_csv_cell(row.get(k))) for k in view.csv_columns or view.columns})
    else:
        write_table(view, out, width)


def _csv_cell(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else _cell(value)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
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
