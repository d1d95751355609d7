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


# Characters a terminal or a page would obey rather than show: C0 and C1 controls (escape sequences
# start with them) and the bidirectional overrides and isolates, which can make text read backwards
# (U+202A-U+202E, U+2066-U+2069). Tab and newline stay, unless a message must stay on one line.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{_UNSAFE}]")
_CONTROL_OR_BREAK = re.compile(f"[{_UNSAFE}\t\n\u2028\u2029]")
# In JSON every one of them, and the line separators JavaScript chokes on, is written as a \\u escape:
# the text decodes exactly as it is, but no raw control character reaches whoever prints the file.
_JSON_UNSAFE = re.compile(f"[{_UNSAFE}\u2028\u2029]")


def literal(text: Any, one_line: bool = False) -> str:
    """The one sanitiser for text bound for a terminal or a page (ledger text, names people typed).

    Control characters and bidirectional overrides are shown as escapes (\\x1b, \\u202e), never
    obeyed; `one_line` also shows tabs and line breaks, for messages that must stay one line.
    """
    if text is None:
        return ""
    return (_CONTROL_OR_BREAK if one_line else _CONTROL).sub(lambda m: repr(m.group())[1:-1], str(text))


def json_text(value: Any, out: IO[str] | None = None, **options) -> str:
    """JSON for machine readers: text exact, but no raw control character in the bytes written.

    Where the output cannot carry UTF-8 (`out` has another encoding), every non-ASCII character is
    escaped too, so the JSON still decodes to exactly the same text.
    """
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    text = json.dumps(value, ensure_ascii=encoding not in ("utf8", "utf8sig"), default=str, **options)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write(view: View, fmt: Format, out: IO[str] | None = None, width: int | None = None) -> None:
    out = out or sys.stdout
    if fmt is Format.json:
        out.write(json_text(view.doc, out, indent=2) + "\n")
    elif fmt is Format.ndjson:
        for row in view.rows:
            out.write(json_text(row, out) + "\n")
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


MIN_WIDTH = 40  # narrower, a table's columns shrink to nothing and its rows print blank


def console(out: IO[str], width: int | None = None):
    from rich.console import Console

    con = Console(file=out, width=width, highlight=False, emoji=False, soft_wrap=False)
    if con.width < MIN_WIDTH:  # a tiny terminal (COLUMNS=10) wraps wide lines; that beats losing them
        con.width = MIN_WIDTH
    return con


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
