"""`cistime timeline`: the whole story as a picture, in a terminal (block characters) or as SVG."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
import re
from xml.sax.saxutils import escape

from .engine import Ledger
from .model import Period
from .render import literal

# One look per standing: a character that reads without colour, and a colour for terminals and SVG.
# The colours are Okabe and Ito's, told apart by readers with any common colour blindness.
LOOK = {
    "member": ("█", "#0072B2"),  # blue
    "participant": ("▓", "#009E73"),  # bluish green
    "associate": ("▒", "#56B4E9"),  # sky blue
    "signatory": ("░", "#E69F00"),  # orange
    "observer": ("┄", "#CC79A7"),  # reddish purple
    "suspended": ("×", "#D55E00"),  # vermilion
    "former": (" ", "#d0d7de"),
}


@dataclass
class Row:
    body: str
    state: str
    iso3: str
    periods: list[Period]


def rows(ledger: Ledger, bodies: list[str], start: dt.date, end: dt.date) -> list[Row]:
    """A row per state with any standing but `former` in the picture: what `members` says, day by day."""
    found = []
    for body in bodies:
        for code in ledger.states_in(body):
            periods = [clip(p, end) for p in ledger.lineage(body, code) if p.overlaps(start, end)]
            if any(p.status != "former" for p in periods):
                found.append(Row(body, ledger.states[code].name, code, periods))
    return found


def clip(period: Period, last: dt.date) -> Period:
    """The period cut at `last` (inclusive); on the last day there is, nothing lies beyond to cut."""
    if last == dt.date.max:
        return period
    if period.end is None or period.end.first_day() > last + dt.timedelta(days=1):
        from .dates import PartialDate
        return Period(period.body, period.state, period.status, period.start,
                      PartialDate.parse(last + dt.timedelta(days=1)), period.start_event, period.end_event,
                      period.practice)
    return period


def _status_on(row: Row, day: dt.date) -> str | None:
    for period in row.periods:
        if period.holds_on(day):
            return period.status
    return None


def text_lines(ledger: Ledger, bodies: list[str], start: dt.date, end: dt.date, width: int):
    """Yield (text, style) segments per line for a terminal of `width` columns: for each body its title,
    a row per state and a year axis of its own; then the legend. Titles and legend wrap, never cut."""
    all_rows = rows(ledger, bodies, start, end)
    label = min(max([len(r.state) for r in all_rows] + [10]) + 2, 32)  # a hostile name cannot push the bars off
    cells = max(10, width - label - 1)
    span = (end - start).days + 1
    days = [start + dt.timedelta(days=int((i + 0.5) * span / cells)) for i in range(cells)]
    axis = [(" " * label + _axis(start, end, cells), "dim")]
    for body in bodies:
        body_rows = [r for r in all_rows if r.body == body]
        if not body_rows:
            continue
        for line in _wrap(f"{body} — {ledger.bodies[body].name}".split(" "), width):
            yield [(line, "bold")]
        for row in body_rows:
            line = [(f"{literal(row.state, one_line=True)[:label - 1]:<{label}}", "")]
            for day in days:
                status = _status_on(row, day)
                char, colour = LOOK.get(status, (" ", ""))
                line.append((char, colour if status and status != "former" else ""))
            yield line
        yield axis
        yield [("", "")]
    entries = [[(char * 2, colour), (f" {status}", "")] for status, (char, colour) in LOOK.items()
               if status != "former"]
    line, used = [("legend:", "")], len("legend:")
    for entry in entries:
        size = sum(len(text) for text, _ in entry)
        if used + 2 + size > width and used > len("legend:"):
            yield line
            line, used = [(" " * len("legend:"), "")], len("legend:")
        line += [("  ", "")] + entry
        used += 2 + size
    yield line


def _wrap(words: list[str], width: int) -> list[str]:
    """Words joined into lines of at most `width`; a word longer than a line stays whole."""
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def print_terminal(ledger: Ledger, bodies: list[str], start: dt.date, end: dt.date, out) -> None:
    """Draw the picture on a terminal (or into a pipe, without colour), as wide as the terminal allows."""
    from rich.text import Text

    from .render import console, literal

    con = console(out)
    for segments in text_lines(ledger, bodies, start, end, con.width):
        line = Text()
        for text, style in segments:
            line.append(literal(text, one_line=True), style=style or None)
        con.print(line, overflow="ignore", crop=False, no_wrap=True)


def _axis(start: dt.date, end: dt.date, cells: int) -> str:
    span = (end - start).days + 1
    axis = [" "] * cells
    step = _year_step(end.year - start.year + 1, cells / 5)
    for year in range(start.year + (-start.year % step), end.year + 1, step):
        at = int((dt.date(year, 1, 1) - start).days * cells / span)
        text = str(year)
        if 0 <= at and at + len(text) <= cells and all(c == " " for c in axis[max(0, at - 1):at + len(text)]):
            axis[at:at + len(text)] = text
    return "".join(axis)


def _year_step(years: int, labels: float) -> int:
    """The first of 1, 2, 5, 10, 20, 50, 100, ... years between labels that fits `labels` labels."""
    return next(step for step in (m * 10**e for e in range(6) for m in (1, 2, 5)) if years / step <= max(labels, 1))


# What XML 1.0 forbids even as a character reference; `literal` has already shown the controls.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text) -> str:
    """Ledger text for SVG, in an element or an attribute: sanitised, XML-escaped, quotes included."""
    return escape(_NOT_XML.sub("", literal(text, one_line=True)), {'"': "&quot;", "'": "&apos;"})


def svg(ledger: Ledger, bodies: list[str], start: dt.date, end: dt.date, width: int = 1000) -> str:
    """The same picture as SVG: one row per state, a bar per standing, events marked, years and legend."""
    label, row_h, gap, top = 150, 18, 26, 30
    plot = width - label - 20
    span = (end - start).days + 1

    def x(day: dt.date) -> float:  # a day's left edge
        return label + max(0, min(span, (day - start).days)) * plot / span

    def right(day: dt.date) -> float:  # a day's right edge
        return label + max(0, min(span, (day - start).days + 1)) * plot / span

    parts, y = [], top
    for body in bodies:
        body_rows = [r for r in rows(ledger, bodies, start, end) if r.body == body]
        if not body_rows:
            continue
        # A long title wraps onto more lines rather than run off the canvas (bold 14px: under 8.5px a letter).
        title_lines = _wrap(f"{body} — {ledger.bodies[body].name}".split(" "), int((width - 20) / 8.5))
        for index, line in enumerate(title_lines):
            parts.append(f'<text x="10" y="{y + 12 + 18 * index}" class="body">{_xml(line)}</text>')
        y += gap + 18 * (len(title_lines) - 1)
        for row in body_rows:
            parts.append(f'<g class="state" data-iso3="{_xml(row.iso3)}" data-body="{_xml(body)}">')
            parts.append(f'<text x="10" y="{y + 13}">{_xml(row.state)}</text>')
            for p in row.periods:
                if p.status == "former":
                    continue
                first = max(p.start.first_day(), start)
                last = min(p.end.first_day() - dt.timedelta(days=1), end) if p.end else end  # inclusive
                tip = f"{row.state}, {body}: {p.status} from {p.start.iso()}" + (f" to {p.end.iso()}" if p.end else "")
                parts.append(f'<rect class="bar {_xml(p.status)}" x="{x(first):.1f}" y="{y + 2}" '
                             f'width="{max(1.0, right(last) - x(first)):.1f}" height="{row_h - 4}" '
                             f'fill="{LOOK[p.status][1]}"><title>{_xml(tip)}</title></rect>')
                if start <= p.start.first_day() <= end:
                    event = p.start_event
                    parts.append(f'<circle class="event" cx="{x(p.start.first_day()):.1f}" cy="{y + row_h / 2}" r="2.5">'
                                 f'<title>{_xml(event.date.iso() + ": " + event.note)}</title></circle>')
                for event in p.practice:
                    if start <= event.date.first_day() <= end:
                        parts.append(f'<circle class="practice" cx="{x(event.date.first_day()):.1f}" '
                                     f'cy="{y + row_h / 2}" r="3"><title>{_xml(event.date.iso() + " (in practice): " + (event.practice or event.note))}'
                                     f'</title></circle>')
            parts.append("</g>")
            y += row_h
        y += gap / 2
    axis_y = y
    parts.append(f'<line x1="{label}" y1="{axis_y}" x2="{label + plot}" y2="{axis_y}" class="axis"/>')
    step = _year_step(end.year - start.year + 1, plot / 45)
    for year in range(start.year + (-start.year % step), end.year + 1, step):
        day = dt.date(year, 1, 1)
        if start <= day <= end:
            parts.insert(0, f'<line x1="{x(day):.1f}" y1="{top}" x2="{x(day):.1f}" y2="{axis_y + 4}" class="grid"/>')
            parts.append(f'<text x="{x(day):.1f}" y="{axis_y + 16}" class="year">{year}</text>')
    y = axis_y + 36
    lx = label
    for status, (_, colour) in LOOK.items():
        if status == "former":
            continue
        parts.append(f'<rect x="{lx}" y="{y}" width="14" height="12" fill="{colour}"/>'
                     f'<text x="{lx + 18}" y="{y + 11}">{status}</text>')
        lx += 100
    parts.append(f'<circle cx="{lx + 7}" cy="{y + 6}" r="2.5" class="event"/><text x="{lx + 14}" y="{y + 11}">'
                 f'event</text>')
    parts.append(f'<circle cx="{lx + 67}" cy="{y + 6}" r="3" class="practice"/><text x="{lx + 74}" y="{y + 11}">'
                 f'change in practice</text>')
    height = y + 30
    style = ("text{font:12px sans-serif;fill:#24292f}.body{font-weight:bold;font-size:14px}"
             ".year{text-anchor:middle;fill:#57606a}.axis{stroke:#57606a}.grid{stroke:#eaeef2}"
             ".event{fill:#24292f}.practice{fill:white;stroke:#24292f;stroke-width:1.2}")
    title = f"cistime timeline, {start.isoformat()} to {end.isoformat()}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img"><title>{_xml(title)}</title><style>{style}</style>'
            f'<rect width="100%" height="100%" fill="white"/>' + "".join(parts) + "</svg>\n")
