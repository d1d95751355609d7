"""`cistime site DIR`: an offline HTML atlas, a page per body and per state, that opens from the file system.

The pages are written here, SVG timelines included; one small script (site_assets/site.js) only adds
interaction. The data behind the pages is the JSON the CLI prints, written once for the whole site
(assets/data.js, a script every page loads, since a page opened from the file system may load a
script beside it but not fetch a file), so the pages and the command line cannot disagree; which body
answers on which day is asked of the engine here (answer_spans), so the page never re-implements that
rule.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

from . import timeline
from .dates import PartialDate
from .engine import Ledger
from .model import BELONGING, EVENT_TYPES, HANDS_OVER, RELATIONS, STATUSES, Event, Period
from .render import literal
from .views import bodies_view, history_view, sources_view

ASSETS = Path(__file__).parent / "site_assets"
START = dt.date(1991, 12, 1)
# A short mark written on every bar wide enough for it, so a standing never rests on colour alone.
MARK = {"member": "M", "participant": "P", "associate": "A", "signatory": "S", "observer": "O",
        "suspended": "X", "former": ""}


# -- text ------------------------------------------------------------------------------------------
def esc(text) -> str:
    """Every text from the ledger passes the sanitiser, then HTML escaping."""
    return html.escape(literal(text), quote=True)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


DATA_PREFIX = "window.cistimeData = "


def data_script(doc) -> str:
    """The site's data as a script that sets `window.cistimeData`: the JSON on one line after the prefix,
    escaped so that no text in it could close a script element or open a comment, wherever it is read."""
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    for raw, safe in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                      ("\u2029", "\\u2029")):
        text = text.replace(raw, safe)
    return f"// The data behind the cistime atlas: the JSON the command line prints.\n{DATA_PREFIX}{text};\n"


def safe_url(url: str | None) -> str | None:
    """Only web addresses become links; anything else (javascript:, data:) stays text."""
    return url if url and re.match(r"https?://", url, re.I) else None


# -- which body answers when -----------------------------------------------------------------------
def answer_spans(ledger: Ledger, body_id: str) -> list[dict]:
    """The days on which each body answers for `body_id`, from the engine: [{"from", "until", "body",
    "records"}], half-open ISO days; `records` are the bodies whose records answer then, in order."""
    return [{"from": None if first == dt.date.min else first.isoformat(),
             "until": until.isoformat() if until else None, "body": body, "records": ledger.records_for(body)}
            for first, until, body in ledger.answer_spans(body_id)]


def answering_on(spans: list[dict], day: dt.date) -> str:
    text = day.isoformat()
    return next(s["body"] for s in spans if (s["from"] is None or s["from"] <= text)
                and (s["until"] is None or text < s["until"]))


# -- the site ----------------------------------------------------------------------------------------
class Site:
    def __init__(self, ledger: Ledger, today: dt.date):
        self.ledger, self.today = ledger, today
        self.histories = {code: history_view(ledger, ledger.history(code)).doc for code in ledger.states}
        self.bodies_doc = bodies_view(ledger).doc
        self.spans = {b: answer_spans(ledger, b) for b in ledger.bodies}
        self.tips: list[str] = []

    # links
    def body_href(self, root: str, body_id: str) -> str:
        return f"{root}body/{slug(body_id)}.html"

    def state_href(self, root: str, code: str) -> str:
        return f"{root}state/{slug(code)}.html"

    def body_link(self, root: str, body_id: str) -> str:
        name = self.ledger.bodies[body_id].name if body_id in self.ledger.bodies else body_id
        return f'<a href="{self.body_href(root, body_id)}" title="{esc(name)}">{esc(body_id)}</a>'

    def state_link(self, root: str, code: str) -> str:
        state = self.ledger.states.get(code)
        return f'<a href="{self.state_href(root, code)}">{esc(state.name if state else code)}</a>'

    def source_links(self, root: str, ids) -> str:
        links = []
        for sid in dict.fromkeys(ids):
            source = self.ledger.sources.get(sid)
            if source is None:
                links.append(f'<span class="source">{esc(sid)}</span>')
                continue
            label = ", ".join(x for x in (source.publisher, source.date.iso() if source.date else "") if x)
            link = (f'<a class="source" data-source="{esc(sid)}" href="{root}sources.html#src-{slug(sid)}" '
                    f'title="{esc(source.title)}">{esc(label)}</a>')
            url = safe_url(source.url)
            if url:
                link += (f' <a class="source external" data-source="{esc(sid)}" href="{esc(url)}" '
                         f'title="the source itself: {esc(url)}">↗</a>')
            links.append(link)
        return '<span class="sources">' + "; ".join(links) + "</span>" if links else ""

    # pages
    def page(self, root: str, title: str, main: str) -> str:
        tips = "".join(self.tips)
        self.tips = []
        reviewed = self.ledger.reviewed.isoformat() if self.ledger.reviewed else "—"
        return ("<!doctype html>\n"
                f'<html lang="en"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<title>{esc(title)} · cistime</title><link rel="icon" href="data:,">'
                f'<link rel="stylesheet" href="{root}assets/site.css"></head><body>'
                f'<header><nav><a href="{root}index.html">cistime atlas</a>'
                f'<a href="{root}index.html#bodies">Bodies</a><a href="{root}index.html#states">States</a>'
                f'<a href="{root}sources.html">Sources</a></nav><h1>{esc(title)}</h1></header>'
                f"<main>{main}</main>"
                f'<footer>Written by cistime from its cited ledger (last reviewed {esc(reviewed)}); timelines '
                f'drawn to {self.today.isoformat()}. Every standing links to its sources.</footer>'
                f'<div class="tips">{tips}</div>{DEFS}'
                f'<script src="{root}assets/data.js"></script><script src="{root}assets/site.js"></script>'
                f'</body></html>\n')

    def index(self) -> str:
        ledger, root = self.ledger, ""
        parts = ['<p class="lede">Which states belonged to the CIS, the Collective Security Treaty, the CSTO and the '
                 'bodies beside them, on any day since 1991, and the source of every answer. Point at or focus a '
                 'bar to see the period, the events that start and end it, and their sources.</p>']
        parts.append(self.day_control(root, list(ledger.bodies)))
        parts.append('<section id="lineage"><h2>Lineage</h2><p>Each body from its founding (or the day it first '
                     'answers for itself) to its end; arrows lead from a body to its successor. The lists above say '
                     'which body answers for which on the chosen day.</p>' + self.lineage_svg(root) + "</section>")
        parts.append('<section id="bodies"><h2>Bodies</h2>' + LEGEND)
        for body in ledger.bodies.values():
            parts.append(f'<section class="body" id="body-{slug(body.id)}"><h3>{self.body_link(root, body.id)} '
                         f'— {esc(body.name)}</h3>' + self.chart(root, [(body.id, None)]) + "</section>")
        parts.append("</section>")
        states = "".join(f"<li>{self.state_link(root, code)} <small>{esc(code)}</small></li>"
                         for code in sorted(ledger.states, key=lambda c: ledger.states[c].name))
        parts.append(f'<section id="states"><h2>States</h2><ul class="columns">{states}</ul></section>')
        return self.page(root, "Who belonged when: the CIS, the CST, the CSTO and related bodies", "".join(parts))

    def body_page(self, body_id: str) -> str:
        ledger, root = self.ledger, "../"
        body = ledger.bodies[body_id]
        facts = [("Founded", esc(body.founded.iso()) if body.founded else "—")]
        if body.names_ru or body.aliases:
            facts.append(("Also called", esc(", ".join([*body.names_ru, *body.aliases]))))
        for word, other in (("Predecessor", body.predecessor), ("Successor", body.successor)):
            if other:
                facts.append((word, self.body_link(root, other)))
        for span in self.spans[body_id]:
            if span["body"] != body_id:
                days = (f"from {span['from']} " if span["from"] else "") + (f"until {span['until']}" if span["until"] else "")
                facts.append(("Answered by", f"the {self.body_link(root, span['body'])} {esc(days.strip())}"))
        if body.instrument:
            facts.append(("Instrument", esc(body.instrument)))
        if body.note:
            facts.append(("Note", esc(body.note)))
        if body.sources:
            facts.append(("Sources", self.source_links(root, body.sources)))
        # The answer first: on a phone the facts would otherwise push the date control off the screen.
        parts = [self.day_control(root, [body_id]),
                 '<section><h2>About</h2><dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
                 + "</dl></section>"]
        chain = list(dict.fromkeys(s["body"] for s in self.spans[body_id]))
        parts.append("<section><h2>Timeline</h2>" + LEGEND + "".join(
            (f"<h3>{self.body_link(root, b)} — {esc(ledger.bodies[b].name)}</h3>" if len(chain) > 1 else "")
            + self.chart(root, [(b, None)]) for b in chain) + "</section>")
        periods = sorted(ledger.periods(body_id), key=lambda p: (ledger.states[p.state].name, p.start.first_day()))
        parts.append("<section><h2>Standings</h2>" + self.standings_table(root, periods, "state") + "</section>")
        parts.append("<section><h2>Events</h2>" + self.events_table(root, ledger.find_events(body=body_id), "states")
                     + "</section>")
        parts.append("<section><h2>Meetings</h2>" + self.meetings_table(root, ledger.find_summits(body=body_id))
                     + "</section>")
        return self.page(root, f"{body.id}: {body.name}", "".join(parts))

    def state_page(self, code: str) -> str:
        ledger, root = self.ledger, "../"
        state = ledger.states[code]
        history = ledger.history(code)
        names = [state.iso3, state.iso2, *state.names_ru, *state.aliases] + ([f"COW {state.cow}"] if state.cow else [])
        parts = [f'<p class="lede">{esc(", ".join(names))}</p>']
        bodies = list(dict.fromkeys(p.body for p in history.periods))
        parts.append("<section><h2>Timeline</h2>" + LEGEND + self.chart(root, [(b, code) for b in bodies], by_body=True)
                     + "</section>")
        parts.append("<section><h2>Standings</h2>" + self.standings_table(root, history.periods, "body") + "</section>")
        parts.append("<section><h2>Events</h2>" + self.events_table(root, history.events, "body") + "</section>")
        parts.append("<section><h2>Meetings</h2>" + self.meetings_table(root, history.summits, code) + "</section>")
        return self.page(root, f"{state.name}", "".join(parts))

    def sources_page(self) -> str:
        rows = []
        for source in self.ledger.sources.values():
            url = safe_url(source.url)
            where = (f'<a class="source external" data-source="{esc(source.id)}" href="{esc(url)}">{esc(url)}</a>'
                     if url else esc(source.url or source.card or ""))
            rows.append((f"src-{slug(source.id)}", [esc(source.title), esc(source.author or ""), esc(source.publisher),
                                                   esc(source.date.iso() if source.date else ""), where]))
        main = table(["Title", "Author", "Publisher", "Date", "Where"], rows)
        return self.page("", "Sources", main)

    def data(self) -> dict:
        """What every page's script reads, and scripts may too: the bodies, the body answering for each
        on each day, every state's history and every source, each as the command line prints it."""
        return {"contract": 1, "bodies": self.bodies_doc, "answers": self.spans, "histories": self.histories,
                "sources": sources_view(self.ledger).doc}

    # parts of pages
    def states_answering(self, body_id: str) -> list[str]:
        """Every state with any standing in a body that answers for `body_id` on some day, by name."""
        return self.ledger.states_in(body_id)

    def day_control(self, root: str, body_ids: list[str]) -> str:
        """The date control and, per body, the states that belonged on the chosen day (as of today at first)."""
        day = self.today
        lists = []
        for body_id in body_ids:
            answered = answering_on(self.spans[body_id], day)
            members = {m.iso3: m.status for m in self.ledger.members(body_id, day).members}
            items = "".join(f'<li data-iso3="{esc(c)}"{"" if c in members else " hidden"}>'
                            f'{self.state_link(root, c)} <span class="status">{esc(members.get(c, ""))}</span></li>'
                            for c in self.states_answering(body_id))
            notes = "".join(f'<span class="answered-by" data-answered-by="{esc(b)}"'
                            f'{"" if b == answered and b != body_id else " hidden"}> answered by the '
                            f'{self.body_link(root, b)}</span>'
                            for b in dict.fromkeys(s["body"] for s in self.spans[body_id]) if b != body_id)
            lists.append(f'<div class="on-day-body" data-body="{esc(body_id)}"><h3>'
                         f'{self.body_link(root, body_id)}: <span class="count">{len(members)}</span> '
                         f'state(s){notes}</h3><ul class="members">{items}</ul></div>')
        return (f'<section class="on-day"><h2><label for="day">Who belonged on</label> '
                f'<input type="date" id="day" name="day" value="{day.isoformat()}" min="1991-01-01" '
                f'max="2100-12-31"></h2><p class="hint">States with a standing of '
                f'{", ".join(BELONGING)} on that day, as <code>cistime members BODY --on DAY</code> lists them.</p>'
                f'<div class="on-day-lists">{"".join(lists)}</div></section>')

    def chart(self, root: str, wanted: list[tuple[str, str | None]], by_body: bool = False) -> str:
        """An SVG timeline: one row per (body, state), a bar per standing, doubts hatched, practice marked.

        `by_body` labels rows by body (a state's page, which has no date control and so no day's line).
        """
        ledger, start, end = self.ledger, START, self.today
        label, row_h, width = 150, 22, 1000
        x, plot, span = _scale(start, end, label, width)

        found = []
        for body_id, code in wanted:
            if by_body:  # a state's page draws each body's own record, as `history` lists it
                periods = [timeline.clip(p, end) for p in ledger.periods(body_id, code) if p.overlaps(start, end)]
                if any(p.status != "former" for p in periods):
                    found.append(timeline.Row(body_id, ledger.states[code].name, code, periods))
                continue
            for row in timeline.rows(ledger, [body_id], start, end):  # what `members` says, day by day
                if code is None or row.iso3 == code:
                    found.append(row)
        if not found:
            return '<p class="empty">No standings to draw.</p>'
        top = 4
        height = top + row_h * len(found) + 24
        parts = []
        parts.append(self.axis(x, start, end, top, height - 20))
        for n, row in enumerate(found):
            y = top + n * row_h
            name = row.body if by_body else row.state
            href = self.body_href(root, row.body) if by_body else self.state_href(root, row.iso3)
            parts.append(f'<g class="row" data-body="{esc(row.body)}" data-iso3="{esc(row.iso3)}">'
                         f'<a href="{href}"><text x="4" y="{y + 15}" class="label">{esc(name)}</text></a>')
            originals = {id(p.start_event): p for p in ledger.periods_by_key.get((row.body, row.iso3), ())}
            # Doubts are drawn no further than the row itself (timeline.rows ends a body at its handover).
            stop = max(p.end.first_day() for p in row.periods if p.end) - dt.timedelta(days=1) if any(
                p.end for p in row.periods) else end
            for drawn in row.periods:
                period = originals.get(id(drawn.start_event), drawn)
                first = max(drawn.start.first_day(), start)
                last = drawn.end.first_day() if drawn.end else end + dt.timedelta(days=1)
                if period.status != "former":
                    parts.append(self.bar(root, row, period, x(first), x(last), y, row_h))
                for first_doubt, last_doubt, kind in doubts(period, row.iso3):
                    if first_doubt > stop:
                        continue
                    x0, x1 = x(first_doubt), x(min(last_doubt, stop) + dt.timedelta(days=1))
                    parts.append(f'<rect class="doubt {kind}" x="{x0:.1f}" y="{y + 2}" width="{max(2.0, x1 - x0):.1f}" '
                                 f'height="{row_h - 4}" fill="url(#hatch-{kind})"><title>{kind}</title></rect>')
                for event in period.practice:
                    day = event.date.first_day()
                    if start <= day <= end:
                        px = x(day)
                        parts.append(f'<path class="practice" d="M{px:.1f} {y + 1} l5 7 l-5 7 l-5 -7 z"><title>'
                                     f'{esc(event.date.iso() + " in practice: " + (event.practice or event.note))}'
                                     f"</title></path>")
            parts.append("</g>")
        if not by_body:  # the day chosen in the date control, as a line the script moves
            parts.append(f'<line class="day-line" x1="{x(end):.1f}" y1="{top}" x2="{x(end):.1f}" y2="{height - 20}"/>')
        return (f'<div class="chart"><svg class="timeline" viewBox="0 0 {width} {height}" width="{width}" '
                f'height="{height}" role="group" aria-label="timeline" data-start="{start.isoformat()}" '
                f'data-days="{span}" data-x0="{label}" data-plot="{plot}">' + "".join(parts) + "</svg></div>")

    def axis(self, x, start: dt.date, end: dt.date, top: float, bottom: float) -> str:
        parts = [f'<line class="axis" x1="{x(start):.1f}" y1="{bottom}" x2="{x(end):.1f}" y2="{bottom}"/>']
        step = next(s for s in (1, 2, 5, 10) if (end.year - start.year + 1) / s <= 20)
        for year in range(start.year + (-start.year % step), end.year + 1, step):
            day = dt.date(year, 1, 1)
            if start <= day <= end:
                parts.append(f'<line class="grid" x1="{x(day):.1f}" y1="{top}" x2="{x(day):.1f}" y2="{bottom + 4}"/>'
                             f'<text class="year" x="{x(day):.1f}" y="{bottom + 16}">{year}</text>')
        return "".join(parts)

    def bar(self, root: str, row, period: Period, x0: float, x1: float, y: float, row_h: int) -> str:
        tip = f"tip-{len(self.tips) + 1}"
        self.tips.append(self.tip(root, tip, row, period))
        until = period.end.iso() if period.end else "now"
        where = row.body if period.body == row.body else f"{row.body} (the {period.body}'s record)"
        label = f"{row.state} in the {where}: {period.status} from {period.start.iso()} to {until}"
        width = max(1.5, x1 - x0)
        word = period.status if width > 9 * len(period.status) else MARK.get(period.status, "") if width > 14 else ""
        text = (f'<text class="mark {period.status}" x="{x0 + 4:.1f}" y="{y + 15}">{word}</text>' if word else "")
        return (f'<g class="bar {period.status}" tabindex="0" role="button" data-tip="{tip}" '
                f'aria-describedby="{tip}" aria-label="{esc(label)}">'
                f'<rect x="{x0:.1f}" y="{y + 2}" width="{width:.1f}" height="{row_h - 4}"/>{text}'
                f'<circle class="event" cx="{x0:.1f}" cy="{y + row_h / 2}" r="2.5"/></g>')

    def tip(self, root: str, tip: str, row, period: Period) -> str:
        organ = f" ({period.start_event.organ})" if period.start_event.organ else ""
        until = period.end.iso() if period.end else "now"
        handover = ""
        later = [s for s in self.spans[row.body] if s["from"] and s["from"] > period.start.first_day().isoformat()
                 and (period.end is None or s["from"] < period.end.first_day().isoformat())]
        if later and later[0]["body"] != row.body:
            handover = (f"; from {esc(later[0]['from'])} the {self.body_link(root, later[0]['body'])} "
                        f"answers for the {esc(row.body)}")
        record = "" if period.body == row.body else f" (the {self.body_link(root, period.body)}'s record)"
        parts = [f'<p class="tip-head"><strong>{esc(row.state)}</strong> in the {self.body_link(root, row.body)}{record}: '
                 f'<span class="status-word {period.status}">{esc(period.status)}{esc(organ)}</span></p>'
                 f'<p class="period">from {esc(period.start.iso())} to {esc(until)}{handover}</p>']
        for word, event in (("Began", period.start_event), ("Ended", period.end_event)):
            if event is not None:
                parts.append(f'<p><b>{word}</b> {esc(event.date.iso())} ({esc(event.type)}): {esc(event.note)} '
                             + self.source_links(root, event.sources) + "</p>")
        for event in period.practice:
            parts.append(f'<p><b>In practice</b> since {esc(event.date.iso())}: '
                         f'{esc(event.practice or event.note)} ' + self.source_links(root, event.sources) + "</p>")
        kinds = {kind for _, _, kind in doubts(period, row.iso3)}
        for kind in sorted(kinds):
            parts.append(f'<p class="mark {kind}">{kind.capitalize()}: see the variants on the '
                         f'{self.state_link(root, row.iso3)} page.</p>')
        sources = list(dict.fromkeys(s for e in period.events for s in e.sources))
        return (f'<div class="tip" id="{tip}" role="tooltip" data-sources="{esc(" ".join(sources))}" hidden>'
                + "".join(parts) + "</div>")

    def standings_table(self, root: str, periods: list[Period], first: str) -> str:
        rows = []
        for p in periods:
            who = self.state_link(root, p.state) if first == "state" else self.body_link(root, p.body)
            marks = sorted({kind for _, _, kind in doubts(p, p.state)})
            practice = "".join(f'<div>since {esc(e.date.iso())}: {esc(e.practice or "notice of withdrawal")}</div>'
                               for e in p.practice)
            sources = self.source_links(root, dict.fromkeys(s for e in [*p.events, *p.practice] for s in e.sources))
            organ = f" ({esc(p.start_event.organ)})" if p.start_event.organ else ""
            rows.append((None, [who, f'<span class="swatch {p.status}"></span>{esc(p.status)}{organ}',
                                esc(p.start.iso()), esc(p.end.iso() if p.end else ""), esc(", ".join(marks)),
                                practice, sources]))
        head = "State" if first == "state" else "Body"
        return table([head, "Standing", "From", "To", "Mark", "In practice", "Sources"], rows)

    def events_table(self, root: str, events: list[Event], who: str) -> str:
        rows = []
        for e in events:
            cell = (", ".join(self.state_link(root, c) for c in e.states) if who == "states"
                    else self.body_link(root, e.body))
            what = (f'<span title="{esc(EVENT_TYPES.get(e.type, ""))}">{esc(e.type)}</span>'
                    + (f" → {esc(e.status)}" if e.status else ""))
            mark = "disputed" if e.disputed else "" if e.date.exact else "uncertain date"
            variants = "".join(
                '<li class="variant">Another reading'
                + (f", dated {esc(v.date.iso())}" if v.date else "") + (f", standing {esc(v.status)}" if v.status else "")
                + (f', saying “{esc(v.claim)}”' if v.claim else "")
                + (f" (for {', '.join(self.state_link(root, c) for c in v.states)})" if v.states else "")
                + f": {esc(v.note)} " + self.source_links(root, v.sources) + "</li>" for v in e.variants)
            if e.variants and e.preferred:
                variants += f'<li class="preferred">Preferred reading: {esc(e.preferred)}</li>'
            practice = f'<div class="practice-note">In practice: {esc(e.practice)}</div>' if e.practice else ""
            summary = esc(e.note) + practice + (f'<ul class="variants">{variants}</ul>' if variants else "")
            rows.append((f"event-{slug(e.id)}", [esc(e.date.iso()), cell, what, esc(mark), summary,
                                                self.source_links(root, e.sources)]))
        return table(["Date", "States" if who == "states" else "Body", "Event", "Mark", "What happened", "Sources"],
                     rows)

    def meetings_table(self, root: str, summits, code: str | None = None) -> str:
        if not summits:
            return '<p class="empty">No meetings recorded.</p>'
        rows = []
        for s in summits:
            if code:
                who = [self.body_link(root, s.body), "attended" if code in s.attended else "absent"]
            else:
                who = [", ".join(self.state_link(root, c) for c in s.attended),
                       ", ".join(self.state_link(root, c) for c in s.absent)]
            rows.append((None, [esc(s.date.iso()), esc(s.kind), esc(s.place), *who, esc(s.note),
                                self.source_links(root, s.sources)]))
        who = ["Body", "Present"] if code else ["Attended", "Absent"]
        return table(["Date", "Kind", "Place", *who, "Note", "Sources"], rows)

    def lineage_svg(self, root: str) -> str:
        """Every body as a lane from its founding to its handover, with arrows where one hands over to another."""
        ledger, start, end = self.ledger, START, self.today
        label, lane, width = 150, 20, 1000
        x, plot, span = _scale(start, end, label, width)

        order = {b: n for n, b in enumerate(ledger.bodies)}
        top = 4
        bottom = top + lane * len(order)
        parts = [self.axis(x, start, end, top, bottom + 4)]
        for body in ledger.bodies.values():
            y = top + order[body.id] * lane
            begin = (body.answers_from or body.founded or PartialDate(start.year)).first_day()
            stop = body.answers_until or body.ended  # a hand-over, or the day the body ceased
            finish = stop.first_day() if stop else end + dt.timedelta(days=1)
            since = (body.answers_from or body.founded).iso() if (body.answers_from or body.founded) else "?"
            until = stop.iso() if stop else "now"
            parts.append(f'<a href="{self.body_href(root, body.id)}"><text class="label" x="4" y="{y + 14}">'
                         f'{esc(body.id)}</text><rect class="lane" x="{x(begin):.1f}" y="{y + 5}" '
                         f'width="{max(2.0, x(finish) - x(begin)):.1f}" height="{lane - 10}"><title>'
                         f"{esc(body.name)}, {esc(since)} to {esc(until)}</title></rect></a>")
            if body.successor and body.successor in order:
                target = ledger.bodies[body.successor]
                handover = body.answers_until or body.ended or target.answers_from or target.founded
                if handover is None:
                    continue
                hx = x(handover.first_day())
                y2 = top + order[target.id] * lane
                down = y2 > y
                y_from, y_to = (y + lane - 5, y2 + 3) if down else (y + 5, y2 + lane - 3)
                kind = "handover" if body.relation in HANDS_OVER else "later"
                parts.append(f'<line class="link {kind}" x1="{hx:.1f}" y1="{y_from}" x2="{hx:.1f}" y2="{y_to}" '
                             f'marker-end="url(#arrow)"><title>{esc(body.id)} → {esc(target.id)}: '
                             f'{esc(RELATIONS.get(body.relation or "", "followed by"))} ({esc(handover.iso())})'
                             f'</title></line>')
        height = bottom + 26
        return (f'<div class="chart"><svg class="lineage" viewBox="0 0 {width} {height}" width="{width}" '
                f'height="{height}" role="group" aria-label="lineage of the bodies">' + "".join(parts) + "</svg></div>")


def _scale(start: dt.date, end: dt.date, label: int, width: int):
    """A chart's time axis: where a day falls across the plot (clamped to it), the plot's width, the days."""
    plot, span = width - label - 10, (end - start).days + 1

    def x(day: dt.date) -> float:
        return label + max(0, min(span, (day - start).days)) * plot / span

    return x, plot, span


def table(heads: list[str], rows: list[tuple[str | None, list[str]]]) -> str:
    """A table of cells already escaped; each cell names its column, so a phone can show rows as cards."""
    body = "".join((f'<tr id="{row_id}">' if row_id else "<tr>")
                   + "".join(f'<td data-label="{head}">{cell}</td>' for head, cell in zip(heads, cells)) + "</tr>"
                   for row_id, cells in rows)
    return ('<div class="scroll"><table><thead><tr>' + "".join(f"<th>{h}</th>" for h in heads)
            + f"</tr></thead><tbody>{body}</tbody></table></div>")


def doubts(period: Period, state: str) -> list[tuple[dt.date, dt.date, str]]:
    """The stretches of a period the engine answers as disputed or uncertain: (first, last, kind), inclusive."""
    found = []
    for event in period.events:
        if event.variants and any(v.conflicts_on_date(event.date) for v in event.variants_for(state)):
            found.append((*event.window(state), "disputed"))
        elif not event.date.exact:
            found.append((event.date.first_day(), event.date.last_day(), "uncertain"))
    if any(v.status for v in period.start_event.variants_for(state)):
        last = period.end.first_day() - dt.timedelta(days=1) if period.end else dt.date.max - dt.timedelta(days=1)
        found.append((period.start.first_day(), last, "disputed"))
    return found


# Patterns and markers shared by every SVG on a page (defined once; a hidden SVG would stop them painting).
DEFS = ('<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>'
        '<pattern id="hatch-disputed" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff" fill-opacity="0.35"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2.2"/></pattern>'
        '<pattern id="hatch-uncertain" patternUnits="userSpaceOnUse" width="5" height="5">'
        '<circle cx="2.5" cy="2.5" r="1.1" fill="#000"/></pattern>'
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#333"/></marker>'
        "</defs></svg>")

LEGEND = ('<ul class="legend">' + "".join(
    f'<li><span class="swatch {status}">{MARK[status]}</span>{status}</li>'
    for status in STATUSES if status != "former")
    + '<li><span class="swatch hatch-disputed"></span>disputed</li>'
    '<li><span class="swatch hatch-uncertain"></span>uncertain date</li>'
    '<li><span class="swatch practice-mark">◆</span>change in practice</li>'
    '<li><span class="swatch event-mark">●</span>event</li></ul>')


def write_site(ledger: Ledger, out: Path, today: dt.date | None = None) -> list[Path]:
    """Write the atlas into `out`; returns the pages written."""
    site = Site(ledger, today or dt.date.today())
    out.mkdir(parents=True, exist_ok=True)
    (out / "body").mkdir(exist_ok=True)
    (out / "state").mkdir(exist_ok=True)
    assets = out / "assets"
    assets.mkdir(exist_ok=True)
    for asset in ("site.css", "site.js"):
        shutil.copyfile(ASSETS / asset, assets / asset)
    (assets / "data.js").write_text(data_script(site.data()), encoding="utf-8")
    pages = {out / "index.html": site.index(), out / "sources.html": site.sources_page()}
    for body_id in ledger.bodies:
        pages[out / "body" / f"{slug(body_id)}.html"] = site.body_page(body_id)
    for code in ledger.states:
        pages[out / "state" / f"{slug(code)}.html"] = site.state_page(code)
    for path, text in pages.items():
        path.write_text(text, encoding="utf-8")
    return list(pages)
