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
LOOK = {
    "member": ("█", "#1f6feb"),
    "participant": ("▓", "#58a6ff"),
    "associate": ("▒", "#2da44e"),
    "signatory": ("░", "#bf8700"),
    "observer": ("┄", "#8250df"),
    "suspended": ("×", "#cf222e"),
    "former": (" ", "#d0d7de"),
}


@dataclass
class Row:
    body: str
    state: str
    iso3: str
    periods: list[Period]


def rows(ledger: Ledger, bodies: list[str], start: dt.date, end: dt.date) -> list[Row]:
    found = []
    for body in bodies:
        last = _last_day(ledger, body, end)
        for code, state in sorted(ledger.states.items(), key=lambda kv: kv[1].name):
            periods = [_clip(p, last) for p in ledger.periods_by_key.get((body, code), ()) if p.overlaps(start, last)]
            if any(p.status != "former" for p in periods):
                found.append(Row(body, state.name, code, periods))
    return found


def _last_day(ledger: Ledger, body: str, end: dt.date) -> dt.date:
    """A body that hands over to a successor is drawn only until the handover."""
    until = ledger.bodies[body].answers_until
    return min(end, until.first_day() - dt.timedelta(days=1)) if until else end


def _clip(period: Period, last: dt.date) -> Period:
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
    """Yield (text, style) segments per line for a terminal of `width` columns."""
    label = 16
    cells = max(10, width - label - 1)
    span = (end - start).days + 1
    days = [start + dt.timedelta(days=int((i + 0.5) * span / cells)) for i in range(cells)]
    all_rows = rows(ledger, bodies, start, end)
    for body in bodies:
        body_rows = [r for r in all_rows if r.body == body]
        if not body_rows:
            continue
        yield [(f"{body} — {ledger.bodies[body].name}", "bold")]
        for row in body_rows:
            line = [(f"{literal(row.state, one_line=True)[:label - 1]:<{label}}", "")]
            for day in days:
                status = _status_on(row, day)
                char, colour = LOOK.get(status, (" ", ""))
                line.append((char, colour if status and status != "former" else ""))
            yield line
        yield [("", "")]
    yield [(" " * label + _axis(start, end, cells), "dim")]
    yield [("", "")]
    legend = [("legend: ", "")]
    for status, (char, colour) in LOOK.items():
        if status != "former":
            legend += [(char * 2, colour), (f" {status}  ", "")]
    yield legend


def print_terminal(ledger: Ledger, bodies: list[str], start: dt.date, end: dt.date, out) -> None:
    """Draw the picture on a terminal (or into a pipe, without colour), as wide as the terminal allows."""
    from rich.text import Text

    from .render import console, literal

    con = console(out)
    for segments in text_lines(ledger, bodies, start, end, con.width):
        line = Text()
        for text, style in segments:
            line.append(literal(text, one_line=True), style=style or None)
        con.print(line, overflow="crop", no_wrap=True)


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
        parts.append(f'<text x="10" y="{y + 12}" class="body">{_xml(body)} — {_xml(ledger.bodies[body].name)}</text>')
        y += gap
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
             ".event{fill:#24292f}.practice{fill:#fb8500;stroke:white;stroke-width:0.8}")
    title = f"cistime timeline, {start.isoformat()} to {end.isoformat()}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img"><title>{_xml(title)}</title><style>{style}</style>'
            f'<rect width="100%" height="100%" fill="white"/>' + "".join(parts) + "</svg>\n")
