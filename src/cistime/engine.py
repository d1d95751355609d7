"""The engine: replays the ledger's events into each state's periods in each body, and answers questions.

Everything the command line prints is computed here, so the Python API and the CLI agree.
"""

from __future__ import annotations

import datetime as dt
import gc
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator

from .dates import PartialDate
from .model import (BELONGING, Body, Change, DiffAnswer, Event, History, MembersAnswer, Period, Source,
                    Standing, State, Summit)
from .names import NameIndex

# Within one day, events apply in the order a treaty's life runs; the ledger's own order breaks ties.
TYPE_RANK = {"sign": 0, "ratify": 1, "accede": 2, "in-force": 3, "associate": 4, "observer": 4,
             "decision": 5, "resume": 5, "suspend": 6, "notify-withdrawal": 7, "withdraw": 8, "lapse": 8,
             "expel": 8, "practice": 9}

MODES = {"default": BELONGING, "strict": ("member",), "all": None}


def event_key(event: Event) -> tuple:
    return (event.date.first_day(), TYPE_RANK.get(event.type, 5), event.order)


def replay(events: Iterable[Event], ordered: bool = False) -> dict[tuple[str, str], list[Period]]:
    """Turn events into half-open periods per (body, state). `ordered`: already sorted by event_key.

    An event with a `status` closes the state's open period and opens a new one; an event
    with only a `practice` note attaches to the open period. Empty periods (two changes on
    one day) are dropped: the later event wins.
    """
    periods: dict[tuple[str, str], list[Period]] = defaultdict(list)
    for event in events if ordered else sorted(events, key=event_key):
        day = event.date.first_day()
        for state in event.states:
            found = periods[(event.body, state)]
            current = found[-1] if found and found[-1].end is None else None
            if event.status and current and current.start.first_day() == day:
                # A second change on the same day: the later event wins and the first leaves no period.
                found.pop()
                current = found[-1] if found and found[-1].end and found[-1].end.first_day() == day else None
                if current:
                    current.end = current.end_event = None
            if event.status and not (current and current.status == event.status):
                if current:
                    current.end, current.end_event = event.date, event
                current = Period(event.body, state, event.status, event.date, None, event)
                found.append(current)
            if (event.practice or event.type == "notify-withdrawal") and current:
                current.practice.append(event)
    return dict(periods)


class Ledger:
    """A loaded ledger and every question cistime answers about it."""

    def __init__(self, parts: dict, path: str = "<memory>"):
        self.path = path
        self.meta: dict = parts["meta"]
        self.sources: dict[str, Source] = parts["sources"]
        self.states: dict[str, State] = parts["states"]
        self.bodies: dict[str, Body] = parts["bodies"]
        self.events: list[Event] = sorted(parts["events"], key=event_key)
        self.summits: list[Summit] = sorted(parts["summits"], key=lambda s: (s.date.first_day(), s.line))
        self.state_names = NameIndex("state")
        for state in self.states.values():
            spellings = [state.iso2, state.name, *state.names_ru, *state.aliases]
            if state.cow is not None:
                spellings.append(str(state.cow))
            self.state_names.add(state.iso3, state.name, spellings)
        self.body_names = NameIndex("body")
        for body in self.bodies.values():
            self.body_names.add(body.id, body.id, [body.name, *body.names_ru, *body.aliases])
        self.periods_by_key = replay(self.events, ordered=True)  # sorted just above
        self._indexes: dict[tuple[str, str], _KeyIndex] = {}
        self._body_indexes: dict[str, list[tuple[str, _KeyIndex]]] = {}
        reviewed = self.meta.get("reviewed")
        self.reviewed: dt.date | None = PartialDate.parse(reviewed).last_day() if reviewed else None
        self.first_event: dt.date | None = self.events[0].date.first_day() if self.events else None
        by_body: dict[str, list[str]] = defaultdict(list)
        for body, state in self.periods_by_key:
            by_body[body].append(state)
        self._states_in = {b: sorted(codes, key=lambda c: self.states[c].name) for b, codes in by_body.items()}
        # Each (body, state) is indexed when it is first asked about (see _lookup), not here: a run that
        # asks about one body should not pay for indexing every other.

    def states_in(self, body: str) -> list[str]:
        """The states with any standing in a body, in the order of their names."""
        return self._states_in.get(body, [])

    def _indexes_in(self, body: str) -> list[tuple[str, "_KeyIndex"]]:
        """Every state's index in a body, built with every plain answer the first time the body is asked about.

        Built with the garbage collector paused and then frozen, as cistime.load does for the ledger:
        these objects live as long as the ledger, and the collector's passes over them would otherwise
        cost more than the answers.
        """
        found = self._body_indexes.get(body)
        if found is None:
            collecting = gc.isenabled()
            gc.disable()
            try:
                found = [(state, self._lookup(body, state)) for state in self.states_in(body)]
                plain_standing = self._plain_standing
                for state, index in found:
                    standings = index.standings
                    for at, plain in enumerate(index.plain):
                        if plain and at not in standings:
                            standings[at] = plain_standing(index, state, at)
            finally:
                if collecting:
                    gc.enable()
                    gc.freeze()
            self._body_indexes[body] = found
        return found

    # -- names ---------------------------------------------------------------------------------
    def state(self, name: str) -> State:
        return self.states[self.state_names.resolve(name)]

    def body(self, name: str) -> Body:
        return self.bodies[self.body_names.resolve(name)]

    # -- dates ---------------------------------------------------------------------------------
    def answering_body(self, body_id: str, day: dt.date) -> str:
        """The body whose parties answer for `body_id` on `day`, following predecessors and successors."""
        body, seen = self.bodies[body_id], set()
        while body.id not in seen:
            seen.add(body.id)
            if body.predecessor and body.answers_from and day < body.answers_from.first_day():
                body = self.bodies[body.predecessor]
            elif body.successor and body.answers_until and day >= body.answers_until.first_day():
                body = self.bodies[body.successor]
            else:
                break
        return body.id

    def span_notes(self, body: Body, answered_by: str, day: dt.date) -> list[str]:
        notes = []
        if answered_by != body.id:
            other = self.bodies[answered_by]
            if other.id in _lineage(self, body.id):
                since = (body.answers_from or body.founded or PartialDate(day.year)).iso()
                notes.append(f"On {day.isoformat()} the {body.id} answers through its predecessor, the "
                             f"{other.id} ({other.name}); the {body.id} itself answers from {since}.")
            else:
                notes.append(f"On {day.isoformat()} the {body.id} answers through its successor, the "
                             f"{other.id} ({other.name}).")
        span = (f"the ledger covers {self.events[0].date.iso()} to {self.reviewed.isoformat()} "
                f"(last reviewed {self.reviewed.isoformat()})") if self.events and self.reviewed else "the ledger"
        if self.first_event and day < self.first_event:
            notes.append(f"{day.isoformat()} is before the ledger begins: {span}; no state had any standing then.")
        if self.reviewed and day > self.reviewed:
            notes.append(f"{day.isoformat()} is after the ledger was last reviewed: {span}; the answer assumes "
                         f"nothing has changed since.")
        return notes

    # -- periods and standings -----------------------------------------------------------------
    def periods(self, body: str | None = None, state: str | None = None) -> list[Period]:
        return [p for (b, s), ps in self.periods_by_key.items() if (body is None or b == body)
                and (state is None or s == state) for p in ps]

    def _lookup(self, body: str, state: str) -> "_KeyIndex | None":
        key = (body, state)
        found = self._indexes.get(key)
        if found is None and key in self.periods_by_key:
            found = self._indexes[key] = _KeyIndex(self.periods_by_key[key], state)
            found.standings.build = lambda at: self._plain_standing(found, state, at)
        return found

    def _plain_standing(self, index: "_KeyIndex", state: str, at: int) -> Standing:
        """The one answer of a plain stretch of days."""
        return self._build_standing(index, state, dt.date.fromordinal(index.starts[at]), index.periods[at],
                                    index.seen[at])

    def period_on(self, body: str, state: str, day: dt.date) -> Period | None:
        index = self._lookup(body, state)
        at = index.period_at(day) if index else None
        return None if at is None else index.periods[at]

    def _status_events(self, body: str, state: str) -> list[Event]:
        return [e for p in self.periods_by_key.get((body, state), ()) for e in p.events]

    def standing(self, body: str, state: str, day: dt.date) -> Standing | None:
        index = self._lookup(body, state)
        return self._standing(index, state, day, day.toordinal()) if index else None

    def _standing(self, index: "_KeyIndex", state: str, day: dt.date, ordinal: int) -> Standing | None:
        # Answers repeat for every day with the same period, doubts and practice notes: build each once.
        at = bisect_right(index.starts, ordinal) - 1
        if at >= 0 and index.ends[at] <= ordinal:
            at = -1
        elif at >= 0 and index.plain[at]:  # most periods: nothing in doubt, nothing noted in practice
            return index.standings[at]  # built when the ledger loaded
        noted = index.noted[at] if at >= 0 else None
        seen = bisect_right(noted, ordinal) if noted else 0
        active = ()
        if index.window_days:
            active = tuple(n for n, (first, last) in enumerate(index.window_days) if first <= ordinal <= last)
        found = index.standings.get((at, active, seen) if active or seen else at, index)
        if found is index:
            period = index.periods[at] if at >= 0 else None
            found = self._build_standing(index, state, day, period, seen, active)
            index.standings[(at, active, seen) if active or seen else at] = found
        return found

    def _build_standing(self, index: "_KeyIndex", state: str, day: dt.date, period: Period | None,
                        seen: int, active: tuple = ()) -> Standing | None:
        if period is None and not active:
            return None
        if period is not None and not seen and not active and not period.start_event.variants:
            start = period.start_event  # the common case: nothing in doubt, nothing noted in practice
            return Standing(self.states[state].name, state, period.status, period.start, period.end,
                            list(start.sources), [], False, [], start.organ, [start.id], False)
        disputed, uncertain, variants, notes = index.doubts_on(day, period)
        if period is None and not disputed:
            return None
        record = self.states[state]
        if period is None:  # outside every period, but some source says otherwise
            return Standing(record.name, state, "none", PartialDate.parse(day), None, [], notes, True, variants)
        practice = period.practice[:seen]
        notices = [e for e in practice if e.type == "notify-withdrawal"]
        practice = [e for e in practice if e.practice]
        notes = ([f"Notice of withdrawal given on {e.date.iso()} ({e.id}); standing unchanged until it takes effect."
                  for e in notices[-1:]]
                 + [f"In practice (since {e.date.iso()}): {e.practice}" for e in practice[-1:]] + notes)
        practice = notices + practice
        cited = list(dict.fromkeys(s for e in [period.start_event, *practice] for s in e.sources))
        return Standing(record.name, state, period.status, period.start, period.end, cited, notes,
                        disputed, variants, period.start_event.organ,
                        [period.start_event.id] + [e.id for e in practice], uncertain)

    # -- questions -------------------------------------------------------------------------------
    def members(self, body: str, on: dt.date | str | None = None, mode: str = "default") -> MembersAnswer:
        """Who belonged to `body` on a day. mode: default (belonging), strict (full members), all."""
        day = _as_day(on)
        record = self.body(body)
        answered_by = self.answering_body(record.id, day)
        keep = MODES[mode]
        members, notes = [], self.span_notes(record, answered_by, day)
        ordinal, lookup = day.toordinal(), self._standing
        for state, index in self._indexes_in(answered_by):
            at = bisect_right(index.starts, ordinal) - 1
            if at >= 0 and index.plain[at] and ordinal < index.ends[at]:
                standing = index.standings[at]  # the hot path: a plain period, answered at load time
            else:
                standing = lookup(index, state, day, ordinal)
            if standing is None:
                continue
            if keep is None or standing.status in keep:
                members.append(standing)
            elif standing.disputed:
                notes.append(f"{standing.state} is not listed ({standing.status}), but its standing on "
                             f"{day.isoformat()} is disputed: see `cistime why {standing.iso3} {answered_by} "
                             f"--on {day.isoformat()}`.")
        return MembersAnswer(record.id, day, answered_by, members, notes, mode)

    def members_during(self, body: str, first: dt.date, last: dt.date) -> tuple[str, list[tuple[State, list[Period], bool]]]:
        """Every state that belonged at any time in [first, last], its periods then, and whether throughout."""
        record = self.body(body)
        answered = list(dict.fromkeys([self.answering_body(record.id, first), self.answering_body(record.id, last)]))
        rows = []
        for code, state in self.states.items():
            periods = [p for b in answered for p in self.periods_by_key.get((b, code), ())
                       if p.overlaps(first, last)]
            belonging = [p for p in periods if p.status in BELONGING]
            if not belonging:
                continue
            throughout = all(getattr(self.standing(self.answering_body(record.id, d), code, d), "status", None)
                             in BELONGING for d in _boundaries(periods, first, last))
            rows.append((state, periods, throughout))
        rows.sort(key=lambda r: r[0].name)
        return "+".join(answered), rows

    def history(self, state: str, body: str | None = None) -> History:
        record = self.state(state)
        body_id = self.body(body).id if body else None
        bodies = [body_id] if body_id else list(self.bodies)
        periods = [p for b in bodies for p in self.periods_by_key.get((b, record.iso3), ())]
        periods.sort(key=lambda p: (list(self.bodies).index(p.body), p.start.first_day()))
        events = [e for e in self.events if record.iso3 in e.states and e.body in bodies]
        summits = [s for s in self.summits if s.body in bodies and (record.iso3 in s.attended or record.iso3 in s.absent)]
        return History(record, periods, events, summits)

    def why(self, state: str, body: str, on: dt.date | str | None = None) -> tuple[Standing | None, str, list[Event]]:
        """The standing on a day and the chain of this state's events in that body up to then."""
        day = _as_day(on)
        record, body_record = self.state(state), self.body(body)
        answered_by = self.answering_body(body_record.id, day)
        chain = [e for e in self.events if record.iso3 in e.states and e.body in _lineage(self, answered_by)
                 and e.date.first_day() <= day]
        return self.standing(answered_by, record.iso3, day), answered_by, chain

    def diff(self, body: str, start: dt.date | str, end: dt.date | str) -> DiffAnswer:
        """Every state whose standing on `end` differs from its standing on `start`."""
        first, last = _as_day(start), _as_day(end)
        before = {s.iso3: s for s in self.members(body, first, "all").members}
        after_answer = self.members(body, last, "all")
        after = {s.iso3: s for s in after_answer.members}
        changes = []
        for code in sorted(set(before) | set(after), key=lambda c: self.states[c].name):
            old = before[code].status if code in before else None
            new = after[code].status if code in after else None
            if old == new:
                continue
            answered_by = after_answer.answered_by
            moved = [e for e in self._status_events(answered_by, code) if first < e.date.first_day() <= last]
            event = moved[-1] if moved else self.period_on(answered_by, code, last).start_event \
                if self.period_on(answered_by, code, last) else None
            if event is None:
                continue
            changes.append(Change(self.states[code].name, code, old, new, event.date, event))
        notes = [n for n in self.span_notes(self.body(body), after_answer.answered_by, last)]
        return DiffAnswer(self.body(body).id, first, last, changes, notes)

    def find_events(self, body: str | None = None, state: str | None = None, type: str | None = None,
                    start: dt.date | None = None, end: dt.date | None = None) -> list[Event]:
        body_id = self.body(body).id if body else None
        code = self.state(state).iso3 if state else None
        return [e for e in self.events if (body_id is None or e.body == body_id)
                and (code is None or code in e.states) and (type is None or e.type == type)
                and (start is None or e.date.last_day() >= start) and (end is None or e.date.first_day() <= end)]

    def find_summits(self, body: str | None = None, year: int | None = None, state: str | None = None) -> list[Summit]:
        body_id = self.body(body).id if body else None
        code = self.state(state).iso3 if state else None
        return [s for s in self.summits if (body_id is None or s.body == body_id)
                and (year is None or s.date.year == year)
                and (code is None or code in s.attended or code in s.absent)]

    def panel_keys(self, bodies: list[str] | None = None) -> list[tuple[str, State]]:
        """The (body, state) pairs a panel has rows for: every state with any standing in each body."""
        body_ids = [self.body(b).id for b in bodies] if bodies else list(self.bodies)
        return [(b, self.states[s]) for b in body_ids for s in self.states if (b, s) in self.periods_by_key]

    def panel_ticks(self, bodies: list[str] | None, freq: str, start: dt.date,
                    end: dt.date) -> Iterator[tuple[str, dt.date, list[str]]]:
        """For each period of a panel, its label, the day it describes and the status of every key.

        A yearly row describes 31 December, a monthly row the month's last day (or `end`, if that comes
        first). Memory stays constant: one pointer per key walks that key's periods in step with time.
        """
        keys = self.panel_keys(bodies)
        spans = [[(p.start.first_day().toordinal(), p.end.first_day().toordinal() if p.end else 10**9, p.status)
                  for p in self.periods_by_key[(b, st.iso3)]] for b, st in keys]
        pointers = [0] * len(keys)
        for label, day in _ticks(freq, start, end):
            ordinal = day.toordinal()
            statuses = []
            for k, periods in enumerate(spans):
                i = pointers[k]
                while i < len(periods) and periods[i][1] <= ordinal:
                    i += 1
                pointers[k] = i
                statuses.append(periods[i][2] if i < len(periods) and periods[i][0] <= ordinal else "none")
            yield label, day, statuses

    def panel(self, bodies: list[str] | None, freq: str, start: dt.date, end: dt.date) -> Iterator[dict]:
        """A long-format state-by-time panel, streamed as one dict per (period, body, state)."""
        keys = self.panel_keys(bodies)
        for label, day, statuses in self.panel_ticks(bodies, freq, start, end):
            date = day.isoformat()
            for (body_id, state), status in zip(keys, statuses):
                yield {"period": label, "date": date, "body": body_id, "iso3": state.iso3, "cow": state.cow,
                       "state": state.name, "status": status}

    def source_index(self, ids: Iterable[str]) -> dict[str, dict]:
        return {sid: self.sources[sid].as_dict() for sid in dict.fromkeys(ids) if sid in self.sources}


class _PlainAnswers(dict):
    """Answers by position: a plain stretch's answer is built the first time it is asked for."""

    __slots__ = ("build",)

    def __missing__(self, at):
        if not isinstance(at, int):
            raise KeyError(at)
        found = self[at] = self.build(at)
        return found


class _KeyIndex:
    """Lookups for one (body, state): stretches of days with one answer each, to bisect, and the windows
    where answers are in doubt.

    A period is cut into stretches at each practice note and at each edge of a doubt window, so that
    within a stretch the answer never changes. A stretch outside every window is plain: its answer is
    built once and read directly. (Before, a period with a practice note was not plain, and the share
    of such periods grows with the number of events per state: the per-question cost grew with the
    ledger.) `periods[at]` is the period a stretch belongs to; `seen[at]` how many of its practice notes
    have been given by the stretch's first day.
    """

    __slots__ = ("periods", "starts", "ends", "noted", "seen", "windows", "window_days", "plain", "state",
                 "standings")

    def __init__(self, periods: list[Period], state: str):
        self.state = state
        self.windows: list[tuple[dt.date, dt.date, Event, bool]] = []  # (first, last, event, sources differ)
        for event in dict.fromkeys(e for p in periods for e in (p.start_event, p.end_event) if e is not None):
            if event.variants and any(v.conflicts_on_date(event.date) for v in event.variants_for(state)):
                self.windows.append((*event.window(state), event, True))
            elif event.date.day is None:  # known only to a month or a year
                self.windows.append((event.date.first_day(), event.date.last_day(), event, False))
        self.window_days = [(first.toordinal(), last.toordinal()) for first, last, _, _ in self.windows]
        # Day numbers (ordinals) rather than dates: this is the hot path of every `members` answer.
        self.periods, self.starts, self.ends, self.noted, self.seen, self.plain = [], [], [], [], [], []
        windows = self.window_days
        for period in periods:
            start = period.start.first_day().toordinal()
            end = period.end.first_day().toordinal() if period.end else 1 << 30
            noted = [e.date.first_day().toordinal() for e in period.practice] if period.practice else None
            cuts = [start]
            if noted or windows:  # most periods have neither: one stretch
                edges = {n for n in noted or () if start < n < end}
                edges.update(edge for first, last in windows for edge in (first, last + 1) if start < edge < end)
                cuts += sorted(edges)
            doubted = bool(period.start_event.variants)
            for at, first in enumerate(cuts):
                last = cuts[at + 1] if at + 1 < len(cuts) else end
                self.periods.append(period)
                self.starts.append(first)
                self.ends.append(last)
                self.noted.append(noted)
                self.seen.append(bisect_right(noted, first) if noted else 0)
                self.plain.append(not doubted and not any(w_first < last and first <= w_last
                                                          for w_first, w_last in windows))
        self.starts, self.ends = array("l", self.starts), array("l", self.ends)
        self.standings: dict = _PlainAnswers()

    def period_at(self, day: dt.date) -> int | None:
        ordinal = day.toordinal()
        at = bisect_right(self.starts, ordinal) - 1
        return at if at >= 0 and ordinal < self.ends[at] else None

    def doubts_on(self, day: dt.date, period: Period | None) -> tuple[bool, bool, list[dict], list[str]]:
        """Whether the standing on `day` is disputed or uncertain, the variants behind it, and notes.

        Disputed: a source puts a boundary on another date that would change the answer for this day,
        or gives the current period another standing. Uncertain: a boundary is known only to a month
        or year that includes the day. Variants that only add context (claims) are kept for `why`.
        """
        disputed = uncertain = False
        variants, notes = [], []

        def cite_variants(event: Event) -> None:
            variants.extend(dict(v.as_dict(), event=event.id, preferred=event.preferred)
                            for v in event.variants_for(self.state) if v.status or v.date)

        for first, last, event, differ in self.windows:
            if not first <= day <= last:
                continue
            if differ:
                disputed = True
                cite_variants(event)
                notes.append(f"Disputed: sources differ on its date ({event.id}).")
            else:
                uncertain = True
                notes.append(f"Uncertain: {event.id} is dated only to {event.date.iso()}.")
        start = period.start_event if period else None
        if start is not None and any(v.status for v in start.variants_for(self.state)) and not any(
                event is start and differ and first <= day <= last for first, last, event, differ in self.windows):
            disputed = True
            cite_variants(start)
            notes.append(f"Disputed: sources differ on the standing it led to ({start.id}).")
        return disputed, uncertain, variants, notes


def _lineage(ledger: Ledger, body_id: str) -> list[str]:
    found, body = [body_id], ledger.bodies[body_id]
    while body.predecessor and body.predecessor not in found:
        found.append(body.predecessor)
        body = ledger.bodies[body.predecessor]
    return found


def _boundaries(periods: list[Period], first: dt.date, last: dt.date) -> list[dt.date]:
    days = {first, last}
    for p in periods:
        for d in (p.start.first_day(), p.end.first_day() if p.end else None):
            if d and first <= d <= last:
                days.add(d)
    return sorted(days)


def _ticks(freq: str, start: dt.date, end: dt.date) -> Iterator[tuple[str, dt.date]]:
    if freq == "day":
        for n in range((end - start).days + 1):
            day = start + dt.timedelta(days=n)
            yield day.isoformat(), day
    elif freq == "month":
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            last = PartialDate(year, month).last_day()
            yield f"{year:04d}-{month:02d}", min(last, end)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    elif freq == "year":
        for year in range(start.year, end.year + 1):
            yield str(year), min(dt.date(year, 12, 31), end)
    else:
        raise ValueError(f"unknown frequency '{freq}' (year, month or day)")


def _as_day(value: dt.date | str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    from .dates import parse_user_date
    return parse_user_date(value)
