"""`cistime validate`: the loader's schema checks plus chronology and source checks on a whole ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .engine import Ledger, event_key
from .loader import LedgerError, Problem, parse_ledger, read_ledger
from .model import FIRST_HAND

LEAVING = ("notify-withdrawal", "withdraw", "lapse", "expel")
MAX_NOTICE_MONTHS = 1200  # a hundred years: any longer is a typing slip


def check(path: str | Path) -> tuple[list[Problem], list[Problem], Ledger | None]:
    """Every error and warning in the ledger at `path`, and the ledger itself when it loads.

    The file itself is always read and checked, never a cached copy of it.
    """
    path = Path(path)
    try:
        parts, errors = parse_ledger(read_ledger(path, use_cache=False)[0], str(path))
    except LedgerError as exc:
        return exc.problems, [], None
    if errors:
        return errors, [], None
    ledger = Ledger(parts, str(path))
    errors, warnings = [], []

    def at(event, message, bucket=errors):
        bucket.append(Problem(message, str(path), event.line or None, None, event.id))

    signed: dict[tuple[str, str], dt.date] = {}
    joined: set[tuple[str, str]] = set()
    notices: dict[tuple[str, str], object] = {}
    for body in ledger.bodies.values():
        if body.notice_months is not None and not 1 <= body.notice_months <= MAX_NOTICE_MONTHS:
            errors.append(Problem(f"notice_months {_short(body.notice_months)} is not a number of months from 1 to "
                                  f"{MAX_NOTICE_MONTHS}", str(path), None, None, body.id))
    errors += _shared_state_names(ledger, str(path))
    for event in sorted(ledger.events, key=event_key):
        body = ledger.bodies[event.body]
        if body.founded and event.date.last_day() < body.founded.first_day():
            at(event, f"dated {event.date.iso()}, before the {body.id} existed ({body.founded.iso()})")
        if body.ended and event.status and event.date.first_day() > body.ended.last_day():
            at(event, f"dated {event.date.iso()}, after the {body.id} ceased ({body.ended.iso()}): no standing "
                      f"can begin in a body that no longer exists")
        for state in event.states:
            key = (event.body, state)
            if event.type == "sign":
                signed.setdefault(key, event.date.first_day())
            if event.type == "ratify" and key not in signed and key not in joined:
                at(event, f"ratification by {state} before any signature by it", warnings)
            if event.type in LEAVING and key not in joined:
                at(event, f"{state} leaves the {event.body} without having joined it")
            if event.type == "notify-withdrawal":
                notices[key] = event
            if event.type == "withdraw" and key in notices and body.notice_months \
                    and 1 <= body.notice_months <= MAX_NOTICE_MONTHS:
                notice = notices[key]
                due = _add_months(notice.date.first_day(), body.notice_months)
                if event.date.first_day() < due and not event.variants and "notice" not in event.note.lower():
                    at(event, f"takes effect before the {body.notice_months}-month notice given on "
                              f"{notice.date.iso()} ran out ({due.isoformat()}), and no note explains it")
            if event.status and event.status != "former":
                joined.add(key)
        kinds = {ledger.sources[s].kind for s in event.sources}
        if event.status and not kinds & set(FIRST_HAND):
            at(event, f"sets a standing but cites no source of the kinds {', '.join(FIRST_HAND)} "
                      f"(it cites: {', '.join(sorted(k or 'no kind' for k in kinds))})", warnings)
    for (body_id, state), periods in ledger.periods_by_key.items():
        for a, b in zip(periods, periods[1:]):
            if a.end is None or a.end.first_day() > b.start.first_day():
                errors.append(Problem(f"overlapping standings for {state} in {body_id}", str(path),
                                      b.start_event.line or None, None, b.start_event.id))
    used = {s for e in ledger.events for s in e.sources} | {s for m in ledger.summits for s in m.sources}
    used |= {s for e in [*ledger.events, *ledger.summits] for v in e.variants for s in v.sources}
    used |= {s for b in ledger.bodies.values() for s in b.sources}
    root = path.resolve().parent.parent
    for source in ledger.sources.values():
        if source.url and not source.url.startswith(("http://", "https://")):
            errors.append(Problem(f"url '{source.url}' is not an http(s) address", str(path), None, None, source.id))
        if source.card and not _is_file(root / source.card):
            errors.append(Problem(f"seed card '{_short(source.card)}' not found: looked for "
                                  f"{_short(root / source.card)} (card paths start from the ledger folder's parent)",
                                  str(path), None, None, source.id))
        if source.id not in used:
            warnings.append(Problem("source is never cited", str(path), None, None, source.id))
    return errors, warnings, ledger


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the system, a NUL byte
        return False


def _short(value, limit: int = 120) -> str:
    """A value for a message, cut to `limit` characters: a 5,000-character path is not worth repeating."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def _shared_state_names(ledger: Ledger, path: str) -> list[Problem]:
    """Two states answering to one name (code, name, alias, Russian name), as `cistime` folds names.

    The first state listed would silently win every question asked by that name.
    """
    from .names import normalize

    owner: dict[str, str] = {}
    problems = []
    for state in ledger.states.values():
        spellings = [state.iso3, state.iso2, state.name, *state.names_ru, *state.aliases]
        spellings += [str(state.cow)] if state.cow is not None else []
        for spelling in dict.fromkeys(spellings):
            key = normalize(spelling)
            if key and owner.setdefault(key, state.iso3) != state.iso3:
                problems.append(Problem(f"'{_short(spelling)}' also names {owner[key]}: a name may belong to one "
                                        f"state only", path, None, None, state.iso3))
    return problems


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def source_summary(ledger: Ledger) -> dict:
    """How many sources of each kind the ledger cites, and how the events that set a standing are sourced."""
    from .model import SOURCE_KINDS

    kinds = {k: n for k in SOURCE_KINDS if (n := sum(s.kind == k for s in ledger.sources.values()))}
    standing = [e for e in ledger.events if e.status and not (e.inferred and not e.line)]  # not engine-made
    cited = [{ledger.sources[s].kind for s in e.sources if s in ledger.sources} for e in standing]
    return {"sources_by_kind": kinds, "standing_events": len(standing),
            "treaty_or_official": sum(bool(k & {"treaty", "official"}) for k in cited),
            "first_hand": sum(bool(k & set(FIRST_HAND)) for k in cited)}
