"""The engine: replays the ledger's events into each state's periods in each body, and answers questions.

Everything the command line prints is computed here, so the Python API and the CLI agree.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import compress
from operator import itemgetter

from .dates import PartialDate
from typing import NamedTuple

from .model import (BELONGING, HANDS_OVER, PRESENCES, Body, Change, DiffAnswer, Event, History, MembersAnswer, Period,
                    Source, Standing, State, Summit)
from .names import NameIndex

# Within one day, events apply in the order a treaty's life runs; the ledger's own order breaks ties.
TYPE_RANK = {"sign": 0, "ratify": 1, "accede": 2, "in-force": 3, "associate": 4, "observer": 4,
             "decision": 5, "statement": 5, "resume": 5, "suspend": 6, "notify-withdrawal": 7, "withdraw": 8,
             "lapse": 8, "expel": 8, "practice": 9}

MODES = {"default": BELONGING, "strict": ("member",), "all": None}


@contextmanager
def lasting() -> Iterator[None]:
    """Build objects that live as long as the ledger: the garbage collector is paused meanwhile and then
    told to leave them alone (gc.freeze). On a large ledger its passes over them would otherwise cost
    more than building them (a fifth of a first run of 10,000 questions on the synthetic ledger)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
            gc.freeze()


def event_key(event: Event) -> tuple:
    return (event.date.first_day(), TYPE_RANK.get(event.type, 5), event.order)


def replay(events: Iterable[Event], ordered: bool = False) -> dict[tuple[str, str], list[Period]]:
    """Turn events into half-open periods per (body, state). `ordered`: already sorted by event_key.

    An event with a `status` closes the state's open period and opens a new one (one that restates the
    open standing does not, unless a variant gives it another); an event with only a `practice` note
    attaches to the open period. Empty periods (two changes on
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
            # A step that restates the open standing starts no new period, unless some source gives this
            # step or the one that opened the period another standing: a dispute covers its own stretch.
            restated = current and current.status == event.status and not (
                (event.variants or current.start_event.variants)
                and any(v.status for step in (event, current.start_event) for v in step.variants_for(state)))
            if event.status and not restated:
                if current:
                    current.end, current.end_event = event.date, event
                current = Period(event.body, state, event.status, event.date, None, event)
                found.append(current)
            if (event.practice or event.type == "notify-withdrawal") and current:
                current.practice.append(event)
    return dict(periods)


def close_ended(periods: dict[tuple[str, str], list[Period]], bodies: dict[str, Body]) -> list[Event]:
    """A body that ceased leaves no standing behind: from its end every state is `former`.

    The ledger records these ends as events with sources; this covers a ledger that does not (the
    closing event is marked inferred), and one with steps dated after the end (`validate` reports
    those), which cannot revive a standing in a body that no longer exists.
    """
    added = []
    for (body_id, state), found in periods.items():
        body = bodies.get(body_id)
        if body is None or body.ended is None or not found:
            continue
        end = body.ended.first_day()
        kept = [p for p in found if p.start.first_day() < end or p.start.first_day() == end and p.status == "former"]
        if not kept:  # every step came after the end: the state never stood in the body
            found.clear()
            continue
        last = kept[-1]
        if last.status == "former" and (last.end is None or last.end.first_day() >= end):
            last.end = last.end_event = None
            found[:] = kept
            continue
        event = Event(f"{body_id.lower()}-ended-{state.lower()}", body.ended, body_id, (state,), "lapse",
                      body.sources, f"The {body.name} ceased to exist, and with it every standing in it.",
                      status="former", order=1 << 30, inferred=True)
        last.end, last.end_event = body.ended, event
        found[:] = kept + [Period(body_id, state, "former", body.ended, None, event)]
        added.append(event)
    return added


class DuringRow(NamedTuple):
    """A state that belonged at some time in a period: its periods then, and whether it belonged throughout."""

    state: State
    periods: list[Period]
    throughout: bool


class DuringAnswer(NamedTuple):
    """Who belonged at any time in a period, and the body or bodies that answered ("CST+CSTO")."""

    answered_by: str
    members: list[DuringRow]


class WhyAnswer(NamedTuple):
    """A state's standing in a body on a day, the body that answered, and the events behind it."""

    standing: Standing | None
    answered_by: str
    chain: list[Event]
    notes: list[str]
    variants: list[dict]  # with no standing: the readings of other sources that would give one


_FOREVER = 1 << 30  # a day number after every real day: the end of a period still open


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
        self._merged_into: dict[str, list[Body]] = defaultdict(list)  # bodies merged into each, by successor
        for other in self.bodies.values():
            if other.relation == "merged" and other.successor:
                self._merged_into[other.successor].append(other)
        self.periods_by_key = replay(self.events, ordered=True)  # sorted just above
        ended = close_ended(self.periods_by_key, self.bodies)
        if ended:
            self.events = sorted(self.events + ended, key=event_key)
        self.event_by_id = {e.id: e for e in self.events}
        reviewed = self.meta.get("reviewed")
        self.reviewed: dt.date | None = PartialDate.parse(reviewed).last_day() if reviewed else None
        self.first_event: dt.date | None = self.events[0].date.first_day() if self.events else None
        self._spans = {b: self._answer_spans(b) for b in self.bodies}
        self._states_by_body: dict[str, list[str]] = defaultdict(list)
        for body, state in self.periods_by_key:
            self._states_by_body[body].append(state)
        # Each body asked about is indexed on first use (see _indexes_in, _day_table): a run that asks
        # about one body does not pay for the others.
        self._body_indexes: dict[str, list[tuple[str, _KeyIndex]]] = {}
        self._day_tables: dict[str, _DayTable] = {}

    def states_in(self, body: str) -> list[str]:
        """The states with any standing in a body (along its continuation), in the order of their names."""
        return [state for state, _ in self._indexes_in(body)] if body in self.bodies else []

    def _indexes_in(self, body: str) -> list[tuple[str, "_KeyIndex"]]:
        """Every state's index in the line of a body, built the first time the body is asked about.

        Built `lasting()`, as cistime.load builds the ledger: these objects live as long as it does.
        """
        found = self._body_indexes.get(body)
        if found is not None:
            return found
        with lasting():
            answering = {b for _, _, b in self._spans[body]} | set(self.continuation(body))
            codes = sorted({c for b in answering for c in self._states_by_body.get(b, ())},
                           key=lambda c: self.states[c].name)
            found = []
            for state in codes:
                segments = self._segments(body, state)
                if segments:
                    index = _KeyIndex(segments, state, self._in_doubt)
                    index.standings = _Answers(self, index)
                    found.append((state, index))
        self._body_indexes[body] = found
        return found

    @functools.cached_property
    def _in_doubt(self) -> set[Event]:
        """The events whose date some source puts elsewhere or no source gives to the day: the only ones
        that can open a window of doubt (known once, rather than asked of every event of every index)."""
        return {e for e in self.events if e.variants or e.date.day is None}

    def _day_table(self, body: str) -> "_DayTable":
        """What `members` reads for a body, built from its indexes the first time it is asked about."""
        found = self._day_tables.get(body)
        if found is None:
            indexes = self._indexes_in(body)
            with lasting():
                found = self._day_tables[body] = _DayTable(indexes)
        return found

    def _lookup(self, body: str, state: str) -> "_KeyIndex | None":
        for code, index in self._indexes_in(body) if body in self.bodies else ():
            if code == state:
                return index
        return None

    # -- names ---------------------------------------------------------------------------------
    def state(self, name: str) -> State:
        """The state a name means: its name, ISO code, COW number or any other name; UnknownName if none."""
        return self.states[self.state_names.resolve(name)]

    def body(self, name: str) -> Body:
        """The body a name means: its id or any name or alias it goes by; UnknownName if none."""
        return self.bodies[self.body_names.resolve(name)]

    # -- which body answers ----------------------------------------------------------------------
    # This is the one place that decides which body's record answers a question about a body on a
    # day. Every command goes through `answer_spans` (directly or through the lineage indexes).
    def answering_body(self, body_id: str, day: dt.date) -> str:
        """The body whose record answers for `body_id` on `day`.

        Only a continuation or a renaming hands questions over: before a body's `answers_from` its
        predecessor answers, after `answers_until` its successor does. A body that was replaced or
        merged answers for itself to the end (its members become `former`).
        """
        ordinal = day.toordinal()
        for first, end, answering in self._spans[body_id]:
            if first <= ordinal < end:
                return answering
        return body_id

    def _answering_body(self, body_id: str, ordinal: int) -> str:
        body, seen = self.bodies[body_id], set()
        while body.id not in seen:
            seen.add(body.id)
            before = self.bodies.get(body.predecessor) if body.predecessor else None
            if (before is not None and before.relation in HANDS_OVER and body.answers_from
                    and ordinal < body.answers_from.first_day().toordinal()):
                body = before
            elif (body.successor in self.bodies and body.relation in HANDS_OVER and body.answers_until
                  and ordinal >= body.answers_until.first_day().toordinal()):
                body = self.bodies[body.successor]
            else:
                break
        return body.id

    def _answer_spans(self, body_id: str) -> list[tuple[int, int, str]]:
        """Day-number ranges [first, end) and the body answering for `body_id` on them, covering every day."""
        cuts = sorted({d.first_day().toordinal() for b in self.continuation(body_id)
                       for d in (self.bodies[b].answers_from, self.bodies[b].answers_until) if d})
        spans: list[tuple[int, int, str]] = []
        for first, end in zip([1] + cuts, cuts + [_FOREVER]):
            answering = self._answering_body(body_id, first)
            if spans and spans[-1][2] == answering:
                spans[-1] = (spans[-1][0], end, answering)
            else:
                spans.append((first, end, answering))
        return spans

    def answer_spans(self, body_id: str) -> list[tuple[dt.date, dt.date | None, str]]:
        """When each body answers for `body_id`: (first day, day after the last or None, body id)."""
        return [(dt.date.fromordinal(first), dt.date.fromordinal(end) if end < _FOREVER else None, answering)
                for first, end, answering in self._spans[self.body(body_id).id]]

    def _earlier_in_line(self, other: str, body_id: str) -> bool:
        """Whether `other` comes before `body_id` in its line of continuations (a predecessor, not a successor)."""
        line = self.continuation(body_id)
        return other in line[:line.index(body_id)]

    def records_for(self, answering: str) -> list[str]:
        """Whose records answer, in order, when `answering` answers: its own, then those of the bodies it
        continues (a state with no record in the CSTO keeps its standing from the CST)."""
        line = self.continuation(answering)
        return line[:line.index(answering) + 1][::-1]

    def continuation(self, body_id: str) -> list[str]:
        """The bodies joined to `body_id` by continuations and renamings, earliest first (itself included)."""
        first = self.bodies[body_id]
        seen = {first.id}
        while first.predecessor in self.bodies and self.bodies[first.predecessor].relation in HANDS_OVER \
                and first.predecessor not in seen:
            first = self.bodies[first.predecessor]
            seen.add(first.id)
        found, body = [first.id], first
        while body.relation in HANDS_OVER and body.successor in self.bodies and body.successor not in found:
            body = self.bodies[body.successor]
            found.append(body.id)
        return found

    def relation_notes(self, body: Body, day: dt.date | None = None) -> list[str]:
        """What a reader must know about a body's relatives to read an answer about it on `day`."""
        notes = []
        if body.relation in ("replaced", "merged") and body.ended and (day is None or day >= body.ended.first_day()):
            other = self.bodies[body.successor]
            how = "was replaced by" if body.relation == "replaced" else "was merged into"
            notes.append(f"The {body.id} ceased {_on(body.ended)} and {how} the {other.id} ({other.name}), "
                         f"which does not answer for it: its states are `former` from then; ask about the "
                         f"{other.id} for later years.")
        before = self.bodies.get(body.predecessor) if body.predecessor else None
        start = body.founded
        if before is not None and before.relation not in HANDS_OVER and start and (
                day is None or day < start.first_day()):
            how = "replaced" if before.relation == "replaced" else "took in"
            notes.append(f"The {body.id} {how} the {before.id} ({before.name}) but does not answer for it; "
                         f"the {body.id} itself dates from {start.iso()}. Ask about the {before.id} for earlier years.")
        for other in self._merged_into.get(body.id, ()):
            if other.id != body.predecessor and (day is None or day < other.ended.first_day()):
                notes.append(f"The {other.id} ({other.name}) was merged into the {body.id} {_on(other.ended)}; "
                             f"its own record answers for it.")
        return notes

    def span_notes(self, body: Body, answered_by: str, day: dt.date) -> list[str]:
        notes = []
        if answered_by != body.id:
            other = self.bodies[answered_by]
            if self._earlier_in_line(answered_by, body.id):
                since = (body.answers_from or body.founded or PartialDate(day.year)).iso()
                notes.append(f"On {day.isoformat()} the {body.id} answers through its predecessor, the "
                             f"{other.id} ({other.name}); the {body.id} itself answers from {since}.")
            else:
                notes.append(f"On {day.isoformat()} the {body.id} answers through its successor, the "
                             f"{other.id} ({other.name}), which continues it.")
        notes += self.relation_notes(body, day)
        span = (f"the ledger covers {self.events[0].date.iso()} to {self.reviewed.isoformat()} "
                f"(last reviewed {self.reviewed.isoformat()})") if self.events and self.reviewed else "the ledger"
        if self.first_event and day < self.first_event:
            notes.append(f"{day.isoformat()} is before the ledger begins: {span}; no state had any standing then.")
        elif body.founded and answered_by == body.id and day < body.founded.first_day() and not any(
                "does not answer for it" in n for n in notes):
            notes.append(f"The {body.id} dates from {body.founded.iso()}; no state had a standing in it on "
                         f"{day.isoformat()}.")
        if self.reviewed and day > self.reviewed:
            notes.append(f"{day.isoformat()} is after the ledger was last reviewed: {span}; the answer assumes "
                         f"nothing has changed since.")
        return notes

    # -- periods and standings -----------------------------------------------------------------
    def periods(self, body: str | None = None, state: str | None = None) -> list[Period]:
        """Each body's own record of periods (no lineage), optionally for one body and one state."""
        return [p for (b, s), ps in self.periods_by_key.items() if (body is None or b == body)
                and (state is None or s == state) for p in ps]

    def _segments(self, body_id: str, state: str) -> list[tuple[int, int, Period]]:
        """Which period answers for `state` in `body_id` on which days: [first, end) day numbers.

        On each day the answering body's record decides; where it has nothing for the state, the
        record of the body it continues does (a CST party that never joined the CSTO stays `former`).
        """
        segments: list[tuple[int, int, Period]] = []

        def add(a: int, b: int, period: Period) -> None:
            if segments and segments[-1][2] is period and segments[-1][1] == a:
                segments[-1] = (segments[-1][0], b, period)
            else:
                segments.append((a, b, period))

        for first, end, answering in self._spans[body_id]:
            records = self.records_for(answering)
            if len(records) == 1:  # most bodies: their own record alone, cut to the span
                for period in self.periods_by_key.get((answering, state), ()):
                    start = max(period.start.first_day().toordinal(), first)
                    stop = min(period.end.first_day().toordinal() if period.end else _FOREVER, end)
                    if start < stop:
                        add(start, stop, period)
                continue
            owned = [[(p.start.first_day().toordinal(), p.end.first_day().toordinal() if p.end else _FOREVER, p)
                      for p in self.periods_by_key.get((b, state), ())] for b in records]
            cuts = sorted({first, end} | {day for periods in owned for start, stop, _ in periods
                                          for day in (start, stop) if first < day < end})
            pointers = [0] * len(owned)
            for a, b in zip(cuts, cuts[1:]):
                for k, periods in enumerate(owned):  # the first record with a period on that day decides
                    i = pointers[k]
                    while i < len(periods) and periods[i][1] <= a:
                        i += 1
                    pointers[k] = i
                    if i < len(periods) and periods[i][0] <= a:
                        add(a, b, periods[i][2])
                        break
        return segments

    def lineage(self, body: str, state: str) -> list[Period]:
        """The periods that answer for a state in a body, cut where another body's record takes over.

        This is what `members` reads day by day, as periods: `history --body`, the panel, the timeline
        and the export draw from it, so they cannot disagree with `members`.
        """
        body_id, code = self.body(body).id, self.state(state).iso3
        index = self._lookup(body_id, code)
        if index is None:
            return []
        merged: list[tuple[int, int, Period]] = []  # stretches back into the segments they were cut from
        for first, end, p in zip(index.starts, index.ends, index.periods):
            if merged and merged[-1][2] is p and merged[-1][1] == first:
                merged[-1] = (merged[-1][0], end, p)
            else:
                merged.append((first, end, p))
        found = []
        for first, end, p in merged:
            own_start, own_end = p.start.first_day().toordinal(), p.end.first_day().toordinal() if p.end else _FOREVER
            start = p.start if first == own_start else PartialDate.parse(dt.date.fromordinal(first))
            stop = p.end if end == own_end else PartialDate.parse(dt.date.fromordinal(end)) if end < _FOREVER else None
            found.append(p if (start, stop) == (p.start, p.end) else
                         Period(p.body, p.state, p.status, start, stop, p.start_event, p.end_event, p.practice))
        return found

    def period_on(self, body: str, state: str, day: dt.date) -> Period | None:
        """The period of the body's own record in force on a day (no lineage)."""
        ordinal = day.toordinal()
        for p in self.periods_by_key.get((body, state), ()):
            if p.start.first_day().toordinal() <= ordinal and (p.end is None or ordinal < p.end.first_day().toordinal()):
                return p
        return None

    def standing(self, state: str, body: str, on: dt.date | str | None = None) -> Standing | None:
        """A state's standing in a body on a day (default today), or None: what `members` says of it.

        Arguments come in the order `why` and `history` take them: state, body, day; names, codes and
        aliases are resolved as the command line resolves them.
        """
        day = _as_day(on)
        index = self._lookup(self.body(body).id, self.state(state).iso3)
        return self._standing(index, index.state, day, day.toordinal()) if index else None

    def _standing(self, index: "_KeyIndex", state: str, day: dt.date, ordinal: int) -> Standing | None:
        at = bisect_right(index.starts, ordinal) - 1
        return index.standings[at] if at >= 0 and ordinal < index.ends[at] else None

    def _stretch_standing(self, index: "_KeyIndex", at: int) -> Standing:
        """The one answer of a stretch of days: its period, the practice notes given by then, its doubts."""
        period, seen, active = index.periods[at], index.seen[at], index.active[at]
        start = period.start_event
        if not seen and not active and not start.variants:  # the common case: nothing in doubt or noted
            return Standing(self.states[index.state].name, index.state, period.status, period.start, period.end,
                            list(start.sources), [], False, [], start.organ, [start.id], False, period.body)
        disputed, uncertain, variants, notes = index.doubts_on(period, active)
        practice = period.practice[:seen]
        notices = [e for e in practice if e.type == "notify-withdrawal"]
        practice = [e for e in practice if e.practice]
        notes = ([f"Notice of withdrawal given on {e.date.iso()}; the standing holds until it takes effect."
                  for e in notices[-1:]] + practice_notes(practice) + notes)
        steps = notices + practice
        cited = list(dict.fromkeys(s for e in [start, *steps] for s in e.sources))
        return Standing(self.states[index.state].name, index.state, period.status, period.start, period.end, cited,
                        notes, disputed, variants, start.organ, [start.id] + [e.id for e in steps], uncertain,
                        period.body)

    def _unlisted(self, index: "_KeyIndex", body: str, state: str, day: dt.date) -> tuple[str, list[dict]] | None:
        """A state with no standing on a day that some source would give one: a note and its variants."""
        ordinal = day.toordinal()
        if not any(first <= ordinal <= last for first, last in index.dispute_days):  # most days: nothing
            return None
        disputed, _, variants, _ = index.doubts_on(None, index.windows_over(ordinal))
        if not disputed:
            return None
        cited = list(dict.fromkeys(s for v in variants for s in v["sources"]))
        return (f"{self.states[state].name} has no standing on {day.isoformat()} by the preferred reading, but "
                f"other sources would give it one ({', '.join(cited)})", variants)

    # -- questions -------------------------------------------------------------------------------
    def members(self, body: str, on: dt.date | str | None = None, mode: str = "default") -> MembersAnswer:
        """Who belonged to `body` on a day. mode: default (belonging), strict (full members), all."""
        day = _as_day(on)
        record = self.body(body)
        answered_by = self.answering_body(record.id, day)
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        keep = MODES[mode]
        members, notes = [], self.span_notes(record, answered_by, day)
        ordinal = day.toordinal()
        table = self._day_table(record.id)
        at = bisect_right(table.cuts, ordinal)  # the hot path: one bisection, one row
        row = table.rows[at]
        if at not in table.doubtful:  # no doubt to note: the standings the mode keeps, read in C
            members = list(filter(None, row)) if keep is None else list(compress(row, table.kept[mode][at]))
            row = ()
        for entry in row:
            if entry is None:
                continue
            if entry.__class__ is _KeyIndex:  # no standing, but a window where sources differ covers the day
                unlisted = self._unlisted(entry, record.id, entry.state, day)
                if unlisted:
                    notes.append(f"{unlisted[0]}: see `cistime why {entry.state} {record.id} --on {day.isoformat()}`.")
            elif keep is None or entry.status in keep:
                members.append(entry)
            elif entry.disputed:
                notes.append(f"{entry.state} is not listed ({entry.status}), but its standing on "
                             f"{day.isoformat()} is disputed: see `cistime why {entry.iso3} {record.id} "
                             f"--on {day.isoformat()}`.")
        return MembersAnswer(record.id, day, answered_by, members, notes, mode)

    def answered_between(self, body: str, first: dt.date, last: dt.date) -> list[str]:
        """The bodies that answer for `body` on some day between `first` and `last`, in order."""
        a, b = first.toordinal(), last.toordinal()
        return [answering for start, end, answering in self._spans[self.body(body).id] if start <= b and a < end]

    def period_notes(self, body: str, first: dt.date, last: dt.date) -> list[str]:
        """What a reader must know about which body answers between two days, once per stretch."""
        record, notes = self.body(body), []
        for start, stop, answering in self.answer_spans(record.id):
            if answering == record.id or not (start <= last and (stop is None or first < stop)):
                continue
            other = self.bodies[answering]
            a, b = max(start, first), min(last, stop - dt.timedelta(days=1)) if stop else last
            how = "its predecessor" if self._earlier_in_line(answering, record.id) else "its successor"
            notes.append(f"From {a.isoformat()} to {b.isoformat()} the {record.id} answers through {how}, "
                         f"the {other.id} ({other.name}).")
        return notes + self.relation_notes(record, last)

    def members_during(self, body: str, first: dt.date | str, last: dt.date | str) -> DuringAnswer:
        """Every state that belonged at any time in [first, last], its periods then, and whether throughout."""
        record = self.body(body)
        first, last = _as_day(first), _as_day(last)
        a, b = first.toordinal(), last.toordinal()
        rows = []
        for code, index in self._indexes_in(record.id):
            inside = [(start, end, p) for start, end, p in zip(index.starts, index.ends, index.periods)
                      if start <= b and a < end]
            if not any(p.status in BELONGING for _, _, p in inside):
                continue
            covered, throughout = a, True
            for start, end, p in inside:
                if p.status not in BELONGING or start > covered:
                    throughout = False
                    break
                covered = max(covered, end)
            throughout = throughout and covered > b
            rows.append(DuringRow(self.states[code], list({id(p): p for _, _, p in inside}.values()), throughout))
        return DuringAnswer("+".join(self.answered_between(record.id, first, last)), rows)

    def history(self, state: str, body: str | None = None) -> History:
        """One state's periods, events and meetings in every body, or in one body and those it continues."""
        record = self.state(state)
        bodies = self.continuation(self.body(body).id) if body else list(self.bodies)
        order = list(self.bodies)
        periods = [p for b in bodies for p in self.periods_by_key.get((b, record.iso3), ())]
        periods.sort(key=lambda p: (order.index(p.body), p.start.first_day()))
        events = [e for e in self.events if record.iso3 in e.states and e.body in bodies]
        summits = [s for s in self.summits if s.body in bodies and s.presence(record.iso3)]
        notes = []
        if body:
            asked = self.body(body)
            if len(bodies) > 1:
                notes.append(f"The {' and the '.join(bodies)} are one line: "
                             f"{'; '.join(self._handover_words(b) for b in bodies[:-1])}. "
                             f"Both records are shown.")
            notes += self.relation_notes(asked)
            if not periods:
                notes.append(f"{record.name} has no standing in the {asked.id} in the ledger.")
        return History(record, periods, events, summits, notes)

    def _handover_words(self, body_id: str) -> str:
        body = self.bodies[body_id]
        after = self.bodies[body.successor]
        when = f" from {body.answers_until.iso()}" if body.answers_until else ""
        return f"the {after.id} {'continues' if body.relation == 'continued' else 'renamed'} the {body.id}{when}"

    def why(self, state: str, body: str, on: dt.date | str | None = None) -> WhyAnswer:
        """The standing on a day and the chain of this state's events in that body's line up to then."""
        day = _as_day(on)
        record, body_record = self.state(state), self.body(body)
        answered_by = self.answering_body(body_record.id, day)
        line = self.continuation(body_record.id)
        chain = [e for e in self.events if record.iso3 in e.states and e.body in line and e.date.first_day() <= day]
        index = self._lookup(body_record.id, record.iso3)
        standing = self._standing(index, record.iso3, day, day.toordinal()) if index else None
        notes, variants = self.span_notes(body_record, answered_by, day), []
        if standing is None and index is not None:
            unlisted = self._unlisted(index, body_record.id, record.iso3, day)
            if unlisted:
                notes.append(unlisted[0] + ".")
                variants = unlisted[1]
        return WhyAnswer(standing, answered_by, chain, notes, variants)

    def diff(self, body: str, start: dt.date | str, end: dt.date | str) -> DiffAnswer:
        """Every state whose standing on `end` differs from its standing on `start`."""
        first, last = _as_day(start), _as_day(end)
        record = self.body(body)
        before_answer = self.members(record.id, first, "all")
        after_answer = self.members(record.id, last, "all")
        before = {s.iso3: s for s in before_answer.members}
        after = {s.iso3: s for s in after_answer.members}
        line = self.continuation(record.id)
        changes = []
        for code in sorted(set(before) | set(after), key=lambda c: self.states[c].name):
            old = before[code].status if code in before else None
            new = after[code].status if code in after else None
            if old == new:
                continue
            moved = sorted((e for b in line for p in self.periods_by_key.get((b, code), ()) for e in p.events
                            if first < e.date.first_day() <= last), key=event_key)
            if moved:
                event = moved[-1]
            else:  # the answering body changed between the two days: cite what the later answer rests on
                event = self.event_by_id[(after.get(code) or before[code]).events[0]]
            changes.append(Change(self.states[code].name, code, old, new, event.date, event))
        notes = list(dict.fromkeys(before_answer.notes + after_answer.notes))
        return DiffAnswer(record.id, first, last, changes, notes)

    def find_events(self, body: str | list[str] | None = None, state: str | list[str] | None = None,
                    type: str | list[str] | None = None, start: dt.date | str | None = None,
                    end: dt.date | str | None = None) -> list[Event]:
        """The ledger's events, filtered by body, state, event type and days (each filter optional).

        Each of body, state and type takes one value or a list (any of them matches); days are
        `datetime.date` or text as `members` takes it.
        """
        bodies = {self.body(b).id for b in _listed(body)}
        codes = {self.state(s).iso3 for s in _listed(state)}
        types = set(_listed(type))
        first = _as_day(start) if start is not None else None
        last = _as_day(end) if end is not None else None
        return [e for e in self.events if (not bodies or e.body in bodies)
                and (not codes or codes.intersection(e.states)) and (not types or e.type in types)
                and (first is None or e.date.last_day() >= first) and (last is None or e.date.first_day() <= last)]

    def find_summits(self, body: str | None = None, year: int | None = None,
                     state: str | Iterable[str] | None = None,
                     presence: Iterable[str] | None = None) -> list[Summit]:
        """Meetings of a body in a year at which every named state was recorded with one of `presence`
        ("attended", "represented", "absent"; any of them when not given)."""
        body_id = self.body(body).id if body else None
        names = [state] if isinstance(state, str) else list(state or [])
        codes = [self.state(name).iso3 for name in names]
        wanted = set(presence or PRESENCES)
        unknown = wanted - set(PRESENCES)
        if unknown:
            raise ValueError(f"unknown presence {sorted(unknown)}; known: {', '.join(PRESENCES)}")
        return [s for s in self.summits if (body_id is None or s.body == body_id)
                and (year is None or s.date.year == year)
                and all(s.presence(code) in wanted for code in codes)]

    def panel_keys(self, bodies: list[str] | str | None = None) -> list[tuple[str, State]]:
        """The (body, state) pairs a panel has rows for: every state with any standing in each body's line."""
        if isinstance(bodies, str):
            bodies = [bodies]
        body_ids = [self.body(b).id for b in bodies] if bodies else list(self.bodies)
        return [(b, self.states[s]) for b in body_ids for s in self.states_in(b)]

    def panel_ticks(self, bodies: list[str] | str | None, freq: str, start: dt.date,
                    end: dt.date) -> Iterator[tuple[str, dt.date, list[str], list[str]]]:
        """For each period of a panel: its label, the day it describes, every key's status and answering body.

        A yearly row describes 31 December, a monthly row the month's last day (or `end`, if that comes
        first). Each status is what `members` says for that body on that day. Memory stays constant: one
        pointer per key walks that key's stretches in step with time.
        """
        keys = self.panel_keys(bodies)
        spans = [list(zip(index.starts, index.ends, (p.status for p in index.periods)))
                 for index in (self._lookup(b, st.iso3) for b, st in keys)]
        answering = [self._spans[b] for b, _ in keys]
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
            by = [next(b for first, last, b in spans_of if first <= ordinal < last) for spans_of in answering]
            yield label, day, statuses, by

    def panel(self, bodies: list[str] | str | None, freq: str, start: dt.date | str,
              end: dt.date | str) -> Iterator[dict]:
        """A long-format state-by-time panel, streamed as one dict per (period, body, state)."""
        keys = self.panel_keys(bodies)
        for label, day, statuses, by in self.panel_ticks(bodies, freq, _as_day(start), _as_day(end)):
            date = day.isoformat()
            for (body_id, state), status, answered in zip(keys, statuses, by):
                yield {"period": label, "date": date, "body": body_id, "iso3": state.iso3, "cow": state.cow,
                       "state": state.name, "status": status, "answered_by": answered}

    def source_index(self, ids: Iterable[str]) -> dict[str, dict]:
        """The sources of `ids` (each once, unknown ids left out) as JSON documents, by id."""
        docs = self._source_docs
        return {sid: dict(docs[sid]) for sid in dict.fromkeys(ids) if sid in docs}  # copies: callers may edit

    @functools.cached_property
    def _source_docs(self) -> dict[str, dict]:
        return {sid: source.as_dict() for sid, source in self.sources.items()}  # every answer cites some


class _Answers(dict):
    """The answer of each stretch of days, by its position, built (`lasting`) the first time it is asked for."""

    __slots__ = ("ledger", "index")

    def __init__(self, ledger: Ledger, index: _KeyIndex):
        super().__init__()
        self.ledger, self.index = ledger, index

    def __missing__(self, at: int) -> Standing:
        if not gc.isenabled():  # already inside `lasting()`, as when a body's table is built
            found = self[at] = self.ledger._stretch_standing(self.index, at)
            return found
        with lasting():
            return self.__missing__(at)


class _DayTable:
    """A body's answers over all time, for `members`: the days on which any state's answer changes
    (`cuts`), and for the days before the first cut, between each two and after the last (`rows`),
    what `members` reads of each state, in name order: its standing, its index where it has none but
    a window where sources differ covers those days, or None. `kept[mode]` marks, for each row, the
    standings that mode lists. A question is one bisection and one row.
    """

    __slots__ = ("cuts", "rows", "kept", "doubtful")

    def __init__(self, indexes: list[tuple[str, _KeyIndex]]):
        # (2 * day + 1 for a beginning or 2 * day for an end, so that on one day ends come first,
        #  the state's position, its standing from then or None, +1/-1 doubt windows over it)
        changes: list[tuple[int, int, Standing | None, int]] = []
        for position, (_, index) in enumerate(indexes):
            ends = index.ends
            for at, first in enumerate(index.starts):
                changes.append((2 * first + 1, position, index.standings[at], 0))
                if at + 1 == len(ends) or ends[at] != index.starts[at + 1]:  # not where the next one begins
                    changes.append((2 * ends[at], position, None, 0))
            for first, last in index.dispute_days:
                changes.append((2 * first + 1, position, None, 1))
                changes.append((2 * last + 2, position, None, -1))
        changes.sort(key=itemgetter(0))
        count = len(indexes)
        reads: list[Standing | _KeyIndex | None] = [None] * count  # what each state reads now
        standings: list[Standing | None] = [None] * count
        windows = [0] * count
        marks = {mode: (frozenset(keep), bytearray(count)) for mode, keep in MODES.items() if keep is not None}
        doubts = 0  # how many states now read an index or a disputed standing
        self.cuts: list[int] = []
        self.rows: list[tuple[Standing | _KeyIndex | None, ...]] = [()]
        self.kept: dict[str, list[bytes]] = {mode: [b""] for mode in marks}
        self.doubtful: set[int] = set()  # the rows that need more than the marks
        for key, position, standing, window in changes:
            day = key >> 1
            if not self.cuts or self.cuts[-1] != day:
                if self.cuts:
                    self._close_row(reads, marks, doubts)
                self.cuts.append(day)
            if window:
                windows[position] += window
            else:
                standings[position] = standing
                for mode, (keep, marked) in marks.items():
                    marked[position] = standing is not None and standing.status in keep
            doubts -= _doubt(reads[position])
            reads[position] = standings[position] or (indexes[position][1] if windows[position] else None)
            doubts += _doubt(reads[position])
        if self.cuts:
            self._close_row(reads, marks, doubts)

    def _close_row(self, reads: list, marks: dict[str, tuple[frozenset, bytearray]], doubts: int) -> None:
        if doubts:
            self.doubtful.add(len(self.rows))
        self.rows.append(tuple(reads))
        for mode, (_, marked) in marks.items():
            kept = self.kept[mode]
            kept.append(kept[-1] if kept[-1] == marked else bytes(marked))  # unchanged marks are shared


def _doubt(entry: Standing | _KeyIndex | None) -> bool:
    return entry is not None and (entry.__class__ is _KeyIndex or entry.disputed)


class _KeyIndex:
    """Lookups for one (body asked about, state): stretches of days with one answer each, to bisect, and
    the windows where answers are in doubt.

    Each segment (the days one period answers for) is cut at its practice notes and at the edges of
    doubt windows, so the answer never changes within a stretch: every lookup is a bisection and a
    read, whatever the ledger holds. `periods[at]` is the period a stretch belongs to, `seen[at]` how
    many of its practice notes have been given by then, `active[at]` the doubt windows over it.
    """

    __slots__ = ("periods", "starts", "ends", "seen", "active", "windows", "window_days", "dispute_days", "state",
                 "standings")

    def __init__(self, segments: list[tuple[int, int, Period]], state: str, in_doubt: set[Event]):
        self.state = state
        self.windows: list[tuple[dt.date, dt.date, Event, bool]] = []  # (first, last, event, sources differ)
        events: dict[Event, None] = {}
        for _, _, period in segments:
            events[period.start_event] = None
            if period.end_event is not None:
                events[period.end_event] = None
        for event in filter(in_doubt.__contains__, events):  # the few events that may open a window
            if event.variants and any(v.conflicts_on_date(event.date) for v in event.variants_for(state)):
                self.windows.append((*event.window(state), event, True))
            elif event.date.day is None:  # known only to a month or a year
                self.windows.append((event.date.first_day(), event.date.last_day(), event, False))
        self.window_days = [(first.toordinal(), last.toordinal()) for first, last, _, _ in self.windows]
        self.dispute_days = [days for days, (_, _, _, differ) in zip(self.window_days, self.windows) if differ]
        edges = sorted({day for first, last in self.window_days for day in (first, last + 1)})
        # Day numbers (ordinals) rather than dates: this is the hot path of every `members` answer.
        starts: list[int] = []
        ends: list[int] = []
        periods: list[Period] = []
        seen: list[int] = []
        active: list[tuple[int, ...]] = []
        for first, end, period in segments:
            inside = edges[bisect_right(edges, first):bisect_left(edges, end)] if edges else ()
            if not period.practice and not inside:  # most segments: one stretch, nothing noted, no doubt begins
                starts.append(first)
                ends.append(end)
                periods.append(period)
                seen.append(0)
                active.append(self.windows_over(first))
                continue
            noted = [e.date.first_day().toordinal() for e in period.practice]
            cuts = sorted({first, end, *inside} | {d for d in noted if first < d < end})
            for a, b in zip(cuts, cuts[1:]):
                starts.append(a)
                ends.append(b)
                periods.append(period)
                seen.append(bisect_right(noted, a))
                active.append(self.windows_over(a))
        self.starts, self.ends, self.periods, self.seen, self.active = starts, ends, periods, seen, active
        self.standings: _Answers  # set by the ledger that builds the index

    def windows_over(self, ordinal: int) -> tuple[int, ...]:
        """The windows of doubt (by position) over a day number."""
        return tuple(n for n, (lo, hi) in enumerate(self.window_days) if lo <= ordinal <= hi)

    def doubts_on(self, period: Period | None, active: tuple[int, ...]) -> tuple[bool, bool, list[dict], list[str]]:
        """Whether a standing is disputed or uncertain on days under the windows `active`, the variants
        behind it, and notes.

        Disputed: a source puts a boundary on another date that would change the answer for those days,
        or gives the current period another standing. Uncertain: a boundary is known only to a month
        or year that includes the days. Variants that only add context (claims) are kept for `why`.
        """
        disputed = uncertain = False
        variants, notes = [], []

        def cite_variants(event: Event) -> None:
            variants.extend(dict(v.as_dict(), event=event.id, preferred=event.preferred)
                            for v in event.variants_for(self.state) if v.status or v.date)

        over = [self.windows[n] for n in active]
        for first, last, event, differ in over:
            if differ:
                disputed = True
                cite_variants(event)
                notes.append(f"Disputed: sources differ on the date of the {_step(event)}.")
            else:
                uncertain = True
                notes.append(f"Uncertain: the {_step(event)} is dated only to {event.date.iso()}.")
        start = period.start_event if period else None
        if start is not None and any(v.status for v in start.variants_for(self.state)) and not any(
                event is start and differ for _, _, event, differ in over):
            disputed = True
            cite_variants(start)
            notes.append(f"Disputed: sources differ on the standing that the {_step(start)} led to.")
        return disputed, uncertain, variants, notes


_NOUNS = {"sign": "signature", "ratify": "ratification", "accede": "accession", "in-force": "entry into force",
          "associate": "grant of associate status", "observer": "grant of observer status", "suspend": "suspension",
          "resume": "resumption", "notify-withdrawal": "notice of withdrawal", "withdraw": "withdrawal",
          "expel": "expulsion", "practice": "change in practice"}


def _step(event: Event) -> str:
    """An event named for a reader: what happened and when ("ratification of 1994-03-16")."""
    return f"{_NOUNS.get(event.type, event.type)} of {event.date.iso()}"


def _on(date: PartialDate) -> str:
    """"on 2015-01-01", or "in 2006" for a date known only to the year or month."""
    return f"{'on' if date.exact else 'in'} {date.iso()}"


def practice_notes(steps: list[Event]) -> list[str]:
    """What happened in practice, from the step that began it; `why` lists every step."""
    if not steps:
        return []
    first, latest = steps[0], steps[-1]
    note = f"In practice since {first.date.iso()}: {first.practice}"
    if latest is not first:
        note += f" Latest ({latest.date.iso()}): {latest.practice}"
    return [note]


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


def _listed(value) -> list:
    """One value or a list of them, as a list (None for none)."""
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def _as_day(value: dt.date | str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    from .dates import parse_user_date
    return parse_user_date(value)
