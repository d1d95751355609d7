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
    prose: tuple[str, ...] = ()  # more columns of running text (besides PROSE), for this view only


# Columns of running text: they wrap between words, and move under their row when the table is narrow.
PROSE = ("summary", "notes", "note", "title", "practice", "publisher")
# Columns that hold lists: they fold between items, never inside one.
LISTS = {"states": ",", "attended": ",", "absent": ",", "aliases": ",", "standings": ";", "lineage": " →"}
# Every other cell (a date, a name, a standing word, an id, a URL) is printed whole, on one line.
PROSE_WIDTH = 24  # running text squeezed narrower than this reads badly: it goes under the row instead
GAP = 3  # spaces between two columns


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
    text = str(text)
    if text.isprintable():  # every character above is a control, format or separator character: not printable
        return text
    return (_CONTROL_OR_BREAK if one_line else _CONTROL).sub(lambda m: repr(m.group())[1:-1], text)


def json_text(value: Any, out: IO[str] | None = None, **options) -> str:
    """JSON for machine readers: text exact, but no raw control character in the bytes written.

    Where the output cannot carry UTF-8 (`out` has another encoding), every non-ASCII character is
    escaped too, so the JSON still decodes to exactly the same text.
    """
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    text = json.dumps(value, ensure_ascii=encoding not in ("utf8", "utf8sig"), default=str, **options)
    if text.isprintable():  # the common case, and a quicker test than the search (see literal)
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
        out.write(json_text(view.doc, out, **_json_layout) + "\n")
    elif fmt in CITATION_FORMATS:
        from .citation import bibtex, csl

        if view.cites is None:
            raise ValueError("this answer lists no sources to cite")
        if fmt is Format.bibtex:
            out.write(bibtex(view.cites))
        else:
            out.write(json_text(csl(view.cites), out, indent=2) + "\n")
    elif fmt is Format.ndjson:
        for row in view.rows if view.records is None else view.records:
            out.write(json_text(row, out) + "\n")
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


MIN_WIDTH = 10  # narrower, even a record layout breaks words mid-letter


def console(out: IO[str], width: int | None = None):
    from rich.console import Console

    con = Console(file=out, width=width, highlight=False, emoji=False, soft_wrap=False)
    if con.width < MIN_WIDTH:  # a tiny terminal (COLUMNS=10) wraps wide lines; that beats losing them
        con.width = MIN_WIDTH
    return con


def write_table(view: View, out: IO[str], width: int | None = None) -> None:
    """A table a person reads, as wide as the terminal allows, never breaking a word that must stay whole.

    When the table is too wide: columns empty in every row go first, lists fold between items,
    running text wraps between words or moves under its row, and when even that cannot fit,
    each row becomes a record of one field per line (as kubectl and gh do).
    """
    from rich.text import Text

    con = console(out, width)
    width = con.width
    rows = list(view.rows)

    def say(text: str, style: str = "", hang: str = "") -> None:  # wraps between words, never inside one
        text = literal(text)
        lead = text[:len(text) - len(text.lstrip(" "))]  # an indented line stays indented when it wraps
        for line in _pack(text.lstrip(" ").split(" "), width, lead, hang or lead) or [""]:
            con.print(Text(line, style=style), overflow="ignore", crop=False, no_wrap=True)

    if view.lines is not None:
        for index, line in enumerate(view.lines):
            say(line, "bold" if index == 0 else "")
        rows = []
    elif view.title:
        say(view.title, "bold")
    columns = list(view.columns)
    footnotes: list[str] = []
    if "sources" in columns and rows:
        rows, footnotes = _numbered_sources(rows)
    if rows:
        table = _Table(view, rows, columns)
        plan = table.plan(width)
        lines = table.lines(*plan, width) if plan else table.records(width)
        for text, style in lines:
            con.print(Text(text, style=style), overflow="ignore", crop=False, no_wrap=True)
    elif view.lines is None:
        con.print(Text("(nothing)", style="dim"))
    if footnotes:
        index = view.doc.get("source_index", {}) if isinstance(view.doc, dict) else {}
        say("sources:")
        for number, source in enumerate(footnotes, 1):
            title = (index.get(source) or {}).get("title")
            say(f"[{number}] {source}" + (f": {title}" if title else ""), hang="    ")
    for note in view.notes:
        say("note: " + note, "italic")


def _numbered_sources(rows: list[dict]) -> tuple[list[dict], list[str]]:
    """Sources as footnotes: each row shows numbers, listed once under the table."""
    numbers: dict[str, int] = {}
    for row in rows:
        for source in row.get("sources") or ():
            numbers.setdefault(source, len(numbers) + 1)
    numbered = [dict(row, sources=_ranges(sorted(numbers[s] for s in row.get("sources") or ()))) for row in rows]
    return numbered, list(numbers)


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> '1-3,5'"""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


class _Table:
    """Cells cut into pieces that must stay whole, and the layouts that keep them so."""

    def __init__(self, view: View, rows: list[dict], columns: list[str]):
        self.view, self.columns = view, columns
        self.prose = set(PROSE) | set(view.prose)
        self.cells = [{c: self._pieces(c, row.get(c)) for c in columns} for row in rows]

    def _pieces(self, column: str, value: Any) -> list[str]:
        if column in self.prose and isinstance(value, (list, tuple)):  # sentences, read one after another
            return literal(" ".join(str(v) for v in value)).split()
        if isinstance(value, (list, tuple)):
            items = [literal(v) for v in value]
            return [item + ";" for item in items[:-1]] + items[-1:]
        text = literal(_cell(value))
        if not text:
            return []
        if column in self.prose:
            return text.split()
        if column in LISTS:
            mark = LISTS[column]
            items = text.split(mark)
            return [item.strip() + mark for item in items[:-1]] + [items[-1].strip()]
        return [text]

    def header(self, column: str) -> str:
        return self.view.headers.get(column, column)

    def natural(self, column: str) -> int:
        from rich.cells import cell_len

        return max([cell_len(self.header(column))] + [cell_len(" ".join(r[column])) for r in self.cells])

    def least(self, column: str) -> int:
        from rich.cells import cell_len

        whole = max([cell_len(self.header(column))] + [cell_len(p) for r in self.cells for p in r[column]])
        return max(whole, min(PROSE_WIDTH, self.natural(column))) if column in self.prose else whole

    def plan(self, width: int) -> tuple[list[str], dict[str, int], list[str]] | None:
        """Columns kept, their widths, and the columns shown under each row; None when no table fits."""
        def room(columns, sizes):
            return sum(sizes[c] for c in columns) + GAP * (len(columns) - 1)

        natural = {c: self.natural(c) for c in self.columns}
        if room(self.columns, natural) <= width:
            return self.columns, natural, []
        filled = [c for c in self.columns if any(r[c] for r in self.cells)]
        least = {c: self.least(c) for c in filled}
        for kept in (filled, [c for c in filled if c not in self.prose]):
            if kept and room(kept, least) <= width:
                sizes = dict(least)
                spare = width - room(kept, sizes)
                while spare > 0:  # share what is left, a column at a time, towards each one's natural width
                    wanting = [c for c in kept if sizes[c] < natural[c]]
                    if not wanting:
                        break
                    for c in wanting[:spare]:
                        sizes[c] += 1
                        spare -= 1
                return kept, sizes, [c for c in filled if c not in kept]
        return None

    def lines(self, columns: list[str], sizes: dict[str, int], under: list[str], width: int):
        yield "   ".join(_pad(self.header(c), sizes[c]) for c in columns), "bold"
        yield "─" * (sum(sizes[c] for c in columns) + GAP * (len(columns) - 1)), ""
        for row in self.cells:
            cells = [_pack(row[c], sizes[c]) for c in columns]
            for depth in range(max(len(cell) for cell in cells) or 1):
                yield "   ".join(_pad(cell[depth] if depth < len(cell) else "", sizes[c])
                               for c, cell in zip(columns, cells)), ""
            for column in under:
                for line in _pack(row[column], max(PROSE_WIDTH, width), "    "):
                    yield line, ""

    def records(self, width: int):
        """One field per line, a blank line between rows: for terminals too narrow for any table."""
        keys = {c: self.header(c) for c in self.columns}
        key_width = max(len(k) for k in keys.values())
        room = width - key_width - 2
        for number, row in enumerate(self.cells):
            if number:
                yield "", ""
            for column in self.columns:
                if not row[column]:
                    continue
                if room >= PROSE_WIDTH or column not in self.prose and len(" ".join(row[column])) <= room:
                    packed = _pack(row[column], width, f"{keys[column]:<{key_width}}  ", " " * (key_width + 2))
                    yield from ((line, "") for line in packed)
                else:  # too narrow to put the value beside its name: below it, indented
                    yield keys[column], ""
                    yield from ((line, "") for line in _pack(row[column], width, "  "))


def _pack(pieces: list[str], width: int, first: str = "", rest: str | None = None) -> list[str]:
    """Pieces joined by spaces into lines of at most `width`, the first line led by `first` and the
    others by `rest` (the same by default); a piece longer than a line stays whole."""
    from rich.cells import cell_len

    lines: list[str] = []
    for piece in pieces:
        if lines and cell_len(lines[-1]) + 1 + cell_len(piece) <= width:
            lines[-1] += " " + piece
        else:
            lines.append((rest if lines and rest is not None else first) + piece)
    return lines


def _pad(text: str, width: int) -> str:
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))
