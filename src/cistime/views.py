"""Shapes the engine's answers into Views: the JSON contract (v1) and the rows tables and CSV show.

JSON keys are a contract: they may be added to, never renamed or removed.
"""

from __future__ import annotations

import datetime as dt

from .engine import Ledger, practice_notes
from .model import PRESENCES, SOURCE_KINDS, STATUSES, DiffAnswer, Event, History, MembersAnswer, Period, Standing, State, Summit
from .render import View

CONTRACT = 1


def _iso(date) -> str | None:
    return date.iso() if hasattr(date, "iso") else date.isoformat() if date else None


def _mark(disputed: bool, uncertain: bool = False) -> str:
    return "disputed" if disputed else "uncertain date" if uncertain else ""


def standing_doc(s: Standing) -> dict:
    return {"state": s.state, "iso3": s.iso3, "status": s.status, "since": _iso(s.since), "notes": s.notes,
            "disputed": s.disputed, "sources": s.sources, "until": _iso(s.until), "uncertain": s.uncertain,
            "variants": s.variants, "organ": s.organ, "events": s.events, "body": s.body}


def cited(ledger: Ledger, ids) -> list:
    """The Sources behind an answer, each once, in the order the answer first cites them."""
    return [ledger.sources[s] for s in dict.fromkeys(ids) if s in ledger.sources]


def members_view(ledger: Ledger, answer: MembersAnswer, cite: bool = False) -> View:
    doc = {"body": answer.body, "date": answer.date.isoformat(), "answered_by": answer.answered_by,
           "members": [standing_doc(s) for s in answer.members], "notes": answer.notes,
           "mode": answer.mode, "count": len(answer.members), "contract": CONTRACT,
           "source_index": ledger.source_index([x for s in answer.members for x in s.sources]
                                               + [x for s in answer.members for v in s.variants for x in v["sources"]])}
    rows = ({"state": s.state, "iso3": s.iso3, "status": s.status, "organ": s.organ,  # made only for a table
             "standing": s.status + (f" ({s.organ})" if s.organ else ""),
             "since": _iso(s.since), "until": _iso(s.until), "mark": _mark(s.disputed, s.uncertain),
             "notes": s.notes, "sources": s.sources, "disputed": s.disputed} for s in answer.members)
    columns = ["state", "iso3", "standing", "since", "mark", "notes"] + (["sources"] if cite else [])
    body = ledger.bodies[answer.body]
    via = f" (answered by the {answer.answered_by})" if answer.answered_by != answer.body else ""
    title = f"{body.id} on {answer.date.isoformat()}{via}: {len(answer.members)} state(s)"
    return View(doc, rows, columns, title, answer.notes, headers={"standing": "status"},
                csv_columns=["state", "iso3", "status", "since", "until", "disputed", "organ", "notes", "sources",
                             "uncertain", "body", "events", "variants"], records=doc["members"],
                             cites=cited(ledger, doc["source_index"]))


def period_doc(ledger: Ledger, p: Period) -> dict:
    disputed = any(e.disputed for e in p.events)
    return {"body": p.body, "status": p.status, "start": _iso(p.start), "end": _iso(p.end),
            "disputed": disputed, "start_event": p.start_event.id,
            "end_event": p.end_event.id if p.end_event else None, "organ": p.start_event.organ,
            "practice": [{"date": _iso(e.date), "note": e.practice or e.note, "event": e.id} for e in p.practice],
            "sources": list(dict.fromkeys(s for e in p.events for s in e.sources))}


def event_doc(e: Event) -> dict:
    return {"id": e.id, "date": _iso(e.date), "body": e.body, "type": e.type, "summary": e.note,
            "sources": list(e.sources), "states": list(e.states), "status": e.status, "organ": e.organ,
            "practice": e.practice, "disputed": e.disputed, "variants": [v.as_dict() for v in e.variants],
            "preferred": e.preferred, "precision": e.date.precision, "inferred": e.inferred}


def summit_doc(s: Summit) -> dict:
    return {"id": s.id, "date": _iso(s.date), "body": s.body, "kind": s.kind, "place": s.place,
            "attended": list(s.attended), "absent": list(s.absent), "sources": list(s.sources), "note": s.note,
            "variants": [v.as_dict() for v in s.variants], "preferred": s.preferred,
            "represented": list(s.represented)}


def history_view(ledger: Ledger, history: History, cite: bool = False) -> View:
    st: State = history.state
    doc = {"state": st.name, "iso3": st.iso3, "periods": [period_doc(ledger, p) for p in history.periods],
           "events": [event_doc(e) for e in history.events], "summits": [summit_doc(s) for s in history.summits],
           "notes": history.notes, "contract": CONTRACT,
           "source_index": ledger.source_index(x for e in history.events for x in e.sources)}
    rows = [{"date": _iso(e.date), "body": e.body, "type": e.type, "status": e.status or "",
             "mark": _mark(e.disputed, not e.date.exact), "summary": e.note, "sources": list(e.sources),
             "id": e.id} for e in history.events]
    columns = ["date", "body", "type", "status", "mark", "summary"] + (["sources"] if cite else [])
    # CSV and NDJSON: standings, events and meetings in one stream, each tagged with what it is
    records = ([dict(p, record="standing", date=p["start"]) for p in doc["periods"]]
               + [dict(e, record="event") for e in doc["events"]]
               + [dict(m, record="meeting") for m in doc["summits"]])
    return View(doc, rows, columns, "Events", history.notes, records=records,
                csv_columns=["record", "date", "end", "body", "type", "status", "disputed", "summary", "id",
                             "start_event", "end_event", "organ", "practice", "sources", "states", "variants",
                             "preferred", "precision", "inferred", "kind", "place", "attended", "absent", "note"],
                             cites=cited(ledger, doc["source_index"]))


def meetings_table(history: History) -> View:
    """The meetings part of a history, shown below the events in a table."""
    code = history.state.iso3
    rows = [{"date": _iso(s.date), "body": s.body, "kind": s.kind, "place": s.place,
             "present": s.presence(code)} for s in history.summits]
    count = {word: sum(1 for r in rows if r["present"] == word) for word in PRESENCES}
    title = (f"Meetings: attended {count['attended']}, represented below the usual level at "
             f"{count['represented']}, recorded absent from {count['absent']}")
    return View(None, rows, ["date", "body", "kind", "place", "present"], title)


def periods_table(ledger: Ledger, history: History) -> View:
    """The standings part of a history, shown above the events in a table."""
    rows = [{"body": p.body, "status": p.status + (f" ({p.start_event.organ})" if p.start_event.organ else ""),
             "start": _iso(p.start), "end": _iso(p.end) or "",
             "mark": "disputed" if any(e.disputed for e in p.events) else "",
             "practice": practice_notes([e for e in p.practice if e.practice])
             + [f"notice of withdrawal given {e.date.iso()}" for e in p.practice if e.type == "notify-withdrawal"][-1:]}
            for p in history.periods]
    title = f"{history.state.name} ({history.state.iso3}): standings"
    return View(None, rows, ["body", "status", "start", "end", "mark", "practice"], title)


def during_view(ledger: Ledger, body: str, answered: str, first: dt.date, last: dt.date, rows_in) -> View:
    notes = ledger.period_notes(body, first, last)
    members = []
    for state, periods, throughout in rows_in:
        members.append({"state": state.name, "iso3": state.iso3, "throughout": throughout,
                        "periods": [period_doc(ledger, p) for p in periods]})
    doc = {"body": body, "from": first.isoformat(), "to": last.isoformat(), "answered_by": answered,
           "members": members, "notes": notes, "contract": CONTRACT}
    rows = [{"state": m["state"], "iso3": m["iso3"], "throughout": "yes" if m["throughout"] else "no (part)",
             "standings": "; ".join(f"{p['body']} {p['status']} {p['start']}–{p['end'] or 'now'}"
                                    for p in m["periods"])} for m in members]
    via = f" (answered by the {answered.replace('+', ' and the ')})" if answered != body else ""
    return View(doc, rows, ["state", "iso3", "throughout", "standings"],
                f"{body} between {first.isoformat()} and {last.isoformat()}{via}: {len(rows)} state(s)", notes,
                csv_columns=["state", "iso3", "throughout", "periods"], records=members,
                cites=cited(ledger, (s for m in members for p in m["periods"] for s in p["sources"])))


def diff_view(ledger: Ledger, answer: DiffAnswer) -> View:
    changes = [{"state": c.state, "iso3": c.iso3, "before": c.before, "after": c.after, "date": _iso(c.date),
                "event": c.event.id, "summary": c.event.note, "sources": list(c.event.sources),
                "disputed": c.event.disputed} for c in answer.changes]
    doc = {"body": answer.body, "from": answer.start.isoformat(), "to": answer.end.isoformat(),
           "changes": changes, "notes": answer.notes, "contract": CONTRACT}
    rows = [dict(c, before=c["before"] or "(no standing)", after=c["after"] or "(no standing)") for c in changes]
    return View(doc, rows, ["state", "iso3", "before", "after", "date", "event"],
                f"{answer.body}: changes from {answer.start.isoformat()} to {answer.end.isoformat()}", answer.notes,
                csv_columns=["state", "iso3", "before", "after", "date", "event", "summary", "sources", "disputed"],
                records=changes,
                cites=cited(ledger, (s for c in changes for s in c["sources"])))


def events_view(ledger: Ledger, events: list[Event]) -> View:
    docs = [event_doc(e) for e in events]
    rows = [dict(d, states=", ".join(d["states"]), mark=_mark(d["disputed"], d["precision"] != "day"))
            for d in docs]
    return View({"events": docs, "contract": CONTRACT}, rows,
                ["date", "body", "states", "type", "status", "mark", "summary"], f"{len(rows)} event(s)",
                csv_columns=list(docs[0]) if docs else ["id"], records=docs,
                cites=cited(ledger, (s for e in events for s in (*e.sources, *(x for v in e.variants for x in v.sources)))))


def summits_view(ledger: Ledger, summits: list[Summit]) -> View:
    docs = [summit_doc(s) for s in summits]
    rows = [dict(d, attended=", ".join(d["attended"]), absent=", ".join(d["absent"]),
                 represented=", ".join(d["represented"])) for d in docs]
    return View({"summits": docs, "contract": CONTRACT}, rows,
                ["date", "body", "kind", "place", "attended", "represented", "absent"], f"{len(rows)} meeting(s)",
                csv_columns=list(docs[0]) if docs else ["id"], records=docs,
                cites=cited(ledger, (x for s in summits for x in s.sources)))


def why_view(ledger: Ledger, state: State, body: str, day: dt.date, answer) -> View:
    standing, answered, chain, notes, unlisted = answer
    variants = standing.variants if standing else unlisted
    doc = {"state": state.name, "iso3": state.iso3, "body": body, "answered_by": answered, "date": day.isoformat(),
           "standing": standing_doc(standing) if standing else None,
           "chain": [event_doc(e) for e in chain], "notes": notes, "variants": unlisted, "contract": CONTRACT,
           "source_index": ledger.source_index([s for e in chain for s in e.sources]
                                               + [s for v in variants for s in v["sources"]])}
    status = standing.status if standing else None
    where = standing.body if standing and standing.body else answered
    lines = [f"On {day.isoformat()}, {state.name} "
             + (f"was '{status}' in the {where}" if status else f"had no standing in the {where}")
             + (f" (asked about the {body})" if where != body else "")
             + (f": {STATUSES[status]}." if status in STATUSES else ".")]
    for e in chain:
        lines.append(f"{e.date.iso()}  {e.body} {e.type}{' → ' + e.status if e.status else ''}"
                     f"{' (inferred by the ledger, not stated by a source)' if e.inferred else ''}: {e.note} "
                     f"[{', '.join(e.sources)}]")
        for step in e.practice and [e.practice] or []:
            if step != e.note:
                lines.append(f"    in practice: {step}")
        for v in e.variants_for(state.iso3):
            said = f"\"{v.claim}\"" + ("" if v.note == v.claim else f" ({v.note})") if v.claim else v.note
            lines.append(f"    variant{' ' + v.date.iso() if v.date else ''}{' ' + v.status if v.status else ''}: "
                         f"{said} [{', '.join(v.sources)}]")
        if e.variants_for(state.iso3):
            lines.append(f"    preferred: {e.preferred}")
    for v in unlisted:  # no standing, but other sources would give one: show what they say
        lines.append(f"    variant{' ' + v['date'] if v['date'] else ''}{' ' + v['status'] if v['status'] else ''}: "
                     f"{v['note']} [{', '.join(v['sources'])}]")
    for preferred in dict.fromkeys(v["preferred"] for v in unlisted if v.get("preferred")):
        lines.append(f"    preferred: {preferred}")
    shown = list(dict.fromkeys((standing.notes if standing else []) + notes))
    rows = [{"date": e.date.iso(), "body": e.body, "type": e.type, "status": e.status or "",
             "summary": e.note, "sources": list(e.sources), "disputed": e.disputed, "inferred": e.inferred}
            for e in chain]
    # CSV and NDJSON: the answer first, then the chain of events behind it
    # A paper citing this answer cites the chain's sources and those of the variants shown beside it.
    behind = cited(ledger, [s for e in chain for s in e.sources]
                   + [s for e in chain for v in e.variants_for(state.iso3) for s in v.sources]
                   + [s for v in variants for s in v["sources"]])
    answer_record = dict(doc["standing"] or {"state": state.name, "iso3": state.iso3, "status": None},
                         record="standing", answered_by=answered, date=day.isoformat(), notes=shown)
    records = [answer_record] + [dict(e, record="event") for e in doc["chain"]]
    return View(doc, rows, ["date", "body", "type", "status", "summary", "sources"], lines[0], shown,
                lines=lines, records=records,
                csv_columns=["record", "date", "body", "answered_by", "type", "status", "since", "until",
                             "disputed", "uncertain", "summary", "notes", "id", "sources", "variants",
                             "preferred", "inferred"],
                             cites=behind)


def sources_view(ledger: Ledger, kinds: list[str] | None = None, ids: list[str] | None = None) -> View:
    """Every source (or those of the given kinds or ids), how many events cite it, and how many of each kind.

    Asked for by id, each source also lists the entries that cite it (`cited_by`) and reads as a record.
    """
    uses: dict[str, int] = {}
    for e in ledger.events:
        for s in e.sources:
            uses[s] = uses.get(s, 0) + 1
    chosen = [ledger.sources[i] for i in ids] if ids else ledger.sources.values()
    docs = [dict(s.as_dict(), events=uses.get(s.id, 0)) for s in chosen if not kinds or s.kind in kinds]
    if ids:
        for doc in docs:
            doc["cited_by"] = [e.id for e in [*ledger.events, *ledger.summits]
                               if doc["id"] in e.sources or any(doc["id"] in v.sources for v in e.variants)]
    counts = {k: n for k in [*SOURCE_KINDS, None] if (n := sum(d["kind"] == k for d in docs))}
    rows = [dict(d, kind=d["kind"] or "", where=d["url"] or d["card"]) for d in docs]
    by_kind = ", ".join(f"{k or 'no kind'} {n}" for k, n in counts.items())
    return View({"sources": docs, "kinds": {k or "none": n for k, n in counts.items()}, "contract": CONTRACT}, rows,
                ["id", "kind", "title", "publisher", "date", "events", "where"],
                f"{len(rows)} source(s)" + (f": {by_kind}" if by_kind else ""),
                csv_columns=list(docs[0]) if docs else ["id"], records=docs,
                cites=[ledger.sources[d["id"]] for d in docs],
                lines=[line for d in docs for line in _record(d)] if ids else None)


def _record(doc: dict) -> list[str]:
    """One item as lines of `field: value`, for a person asking about one thing."""
    return [f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}"
            for key, value in doc.items() if value not in (None, "", [])] + [""]


def bodies_view(ledger: Ledger) -> View:
    docs = [{"id": b.id, "name": b.name, "names_ru": list(b.names_ru), "aliases": list(b.aliases),
             "founded": _iso(b.founded), "answers_from": _iso(b.answers_from),
             "answers_until": _iso(b.answers_until), "predecessor": b.predecessor, "successor": b.successor,
             "relation": b.relation, "ended": _iso(b.ended),
             "instrument": b.instrument, "note": b.note} for b in ledger.bodies.values()]
    rows = [dict(d, aliases=_few(d["aliases"] + d["names_ru"]),
                 lineage=" → ".join(x for x in (d["predecessor"], d["id"], d["successor"] and
                                                 f"{d['successor']} ({d['relation']})") if x)) for d in docs]
    return View({"bodies": docs, "contract": CONTRACT}, rows, ["id", "name", "founded", "lineage", "aliases"],
                csv_columns=list(docs[0]) if docs else ["id"], records=docs, prose=("name",))


def _few(names: list[str], limit: int = 4) -> str:
    """A short list for tables; JSON and CSV carry every name."""
    return ", ".join(names[:limit]) + (f" (+{len(names) - limit})" if len(names) > limit else "")


def states_view(ledger: Ledger) -> View:
    docs = [{"iso3": s.iso3, "iso2": s.iso2, "cow": s.cow, "name": s.name, "names_ru": list(s.names_ru),
             "aliases": list(s.aliases)} for s in ledger.states.values()]
    rows = [dict(d, aliases=", ".join(d["aliases"] + d["names_ru"])) for d in docs]
    return View({"states": docs, "contract": CONTRACT}, rows, ["iso3", "iso2", "cow", "name", "aliases"],
                csv_columns=list(docs[0]) if docs else ["iso3"], records=docs)


def timeline_view(ledger: Ledger, rows, first: dt.date, last: dt.date) -> View:
    """The bars a timeline draws, as data: each row's body, state and periods (what `members` says)."""
    docs = [{"body": r.body, "state": r.state, "iso3": r.iso3,
             "periods": [{"status": p.status, "start": _iso(p.start), "end": _iso(p.end), "record": p.body,
                          "start_event": p.start_event.id} for p in r.periods]} for r in rows]
    return View({"from": first.isoformat(), "to": last.isoformat(), "rows": docs, "contract": CONTRACT},
                docs, ["body", "state", "iso3"], records=docs)


def validate_view(path: str, errors, warnings, data) -> View:
    """What `validate` found, as data: every problem with its file, line and entry."""
    def problem(p) -> dict:
        return {"message": p.message, "path": p.path, "line": p.line, "column": p.column, "item": p.item}

    counts = ({"events": len(data.events), "meetings": len(data.summits), "sources": len(data.sources),
               "states": len(data.states), "bodies": len(data.bodies)} if data is not None else None)
    from .validate import source_summary

    doc = {"ledger": path, "errors": [problem(p) for p in errors], "warnings": [problem(p) for p in warnings],
           "counts": counts, "valid": not errors, "contract": CONTRACT,
           "sources": source_summary(data) if data is not None else None}
    return View(doc, doc["errors"] + doc["warnings"], ["path", "line", "item", "message"])
