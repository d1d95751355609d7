"""The data model: bodies, states, sources, events, summits, and the answers built from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .dates import PartialDate

# One word per state, body and day. Order matters: the default `members` answer keeps
# the first four, `--strict` keeps only "member", `--all` keeps all of them.
STATUSES: dict[str, str] = {
    "member": "full member: the founding treaty or charter is in force for the state",
    "participant": "CIS only: a founding state that takes part without having taken on the Charter",
    "associate": "associate member",
    "signatory": "has signed; the instrument is not yet in force for the state",
    "observer": "observer (the organ is named where the status is limited to one)",
    "suspended": "membership suspended or frozen by a formal decision; formally still attached",
    "former": "withdrawn, lapsed or expelled",
}
BELONGING = ("member", "participant", "associate", "signatory")

# How a body relates to its successor. Only a continuation or a renaming hands questions over: the
# successor answers for the body after `answers_until`, and the body answers for its successor before
# the successor's `answers_from`. A replaced or merged body keeps its own answers, ending in `former`.
RELATIONS: dict[str, str] = {
    "continued": "lives on inside its successor, which answers for it (the CST inside the CSTO)",
    "renamed": "the same body under a new name and form, which answers for it",
    "replaced": "was terminated and replaced by its successor, which does not answer for it",
    "merged": "was merged into another, already existing body, which does not answer for it",
}
HANDS_OVER = ("continued", "renamed")

EVENT_TYPES: dict[str, str] = {
    "sign": "signed the founding instrument",
    "ratify": "ratified",
    "accede": "acceded",
    "in-force": "the instrument entered into force",
    "associate": "became an associate member",
    "observer": "obtained observer status",
    "suspend": "membership suspended",
    "resume": "membership resumed",
    "notify-withdrawal": "gave notice of withdrawal",
    "withdraw": "withdrawal took effect",
    "lapse": "ceased to be a party",
    "expel": "expelled",
    "decision": "a decision of the body, or of a state's government",
    "statement": "a statement to the press or in a speech: no formal act, no change in standing",
    "practice": "a change in practice, not in formal standing",
}


# What kind of thing a source is, weakest last. A standing should rest on one of the first four.
SOURCE_KINDS: dict[str, str] = {
    "treaty": "the instrument's text or its entry in a treaty or law register",
    "official": "an official site of a state or of the body",
    "agency": "a news agency's report on its own site",
    "press": "a newspaper, broadcaster or news site",
    "scholarly": "scholarly work or analysis",
    "reference": "a reference work (encyclopedia, country study, yearbook)",
    "wiki": "Wikipedia or a copy of it",
    "forum": "a forum post or a repost of someone else's text",
    "blog": "a blog",
    "seed": "a seed card summarizing a document kept outside the repository",
}
FIRST_HAND = ("treaty", "official", "agency", "press")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: PartialDate | None
    url: str | None = None
    card: str | None = None
    author: str | None = None
    kind: str | None = None
    copy_of: str | None = None  # for a copy or repost: what it copies

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "publisher": self.publisher,
                "author": self.author, "date": self.date.iso() if self.date else None,
                "url": self.url, "card": self.card, "kind": self.kind, "copy_of": self.copy_of}


@dataclass(frozen=True)
class Body:
    id: str
    name: str
    names_ru: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    founded: PartialDate | None = None
    # The first day the body itself answers; before it, its predecessor answers.
    answers_from: PartialDate | None = None
    # The last day (exclusive) the body answers; after it, its successor answers.
    answers_until: PartialDate | None = None
    predecessor: str | None = None
    successor: str | None = None
    # What became of the body when its successor came: see RELATIONS.
    relation: str | None = None
    # The day the body ceased to exist; every standing still open then becomes `former`.
    ended: PartialDate | None = None
    instrument: str = ""
    note: str = ""
    sources: tuple[str, ...] = ()
    notice_months: int | None = None  # how long a withdrawal notice runs before it takes effect


@dataclass(frozen=True)
class State:
    iso3: str
    iso2: str
    name: str
    cow: int | None = None
    names_ru: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Variant:
    """What another source says about an event: another date, another standing, or another reading."""

    sources: tuple[str, ...]
    note: str
    date: PartialDate | None = None
    status: str | None = None
    claim: str | None = None
    states: tuple[str, ...] = ()  # the states it concerns; empty means all of the event's states

    def concerns(self, state: str) -> bool:
        return not self.states or state in self.states

    def conflicts_on_date(self, main: PartialDate) -> bool:
        """A variant date conflicts unless it merely says less ("1999" against "1999-04-20")."""
        return self.date is not None and not (self.date.first_day() <= main.first_day()
                                              and main.last_day() <= self.date.last_day())

    def as_dict(self) -> dict:
        return {"date": self.date.iso() if self.date else None, "status": self.status,
                "claim": self.claim, "note": self.note, "sources": list(self.sources),
                "states": list(self.states)}


@dataclass(frozen=True, eq=False)  # events are compared and hashed by identity: each is one entry in the ledger
class Event:
    id: str
    date: PartialDate
    body: str
    states: tuple[str, ...]
    type: str
    sources: tuple[str, ...]
    note: str
    status: str | None = None
    organ: str | None = None
    practice: str | None = None
    variants: tuple[Variant, ...] = ()
    preferred: str | None = None
    line: int = 0  # where the event starts in the ledger file, for messages
    order: int = 0  # position in the ledger: the last tie-breaker between events on one day
    # No source states this step; the ledger infers it from its rules (said in the note and in answers).
    inferred: bool = False

    @property
    def disputed(self) -> bool:
        """Some source gives another date or another standing (claims alone only add context)."""
        return any(v.status or v.conflicts_on_date(self.date) for v in self.variants)

    def window(self, state: str | None = None) -> tuple[dt.date, dt.date]:
        """Every day on which, by some source, this event may have happened (for one state, if given)."""
        dates = [self.date] + [v.date for v in self.variants if v.conflicts_on_date(self.date)
                               and (state is None or v.concerns(state))]
        return min(d.first_day() for d in dates), max(d.last_day() for d in dates)

    def variants_for(self, state: str) -> tuple["Variant", ...]:
        return tuple(v for v in self.variants if v.concerns(state))


@dataclass(frozen=True)
class Summit:
    id: str
    date: PartialDate
    body: str
    kind: str
    place: str
    sources: tuple[str, ...]
    attended: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    note: str = ""
    line: int = 0
    variants: tuple[Variant, ...] = ()
    preferred: str | None = None
    # States that sent someone below the usual level (a prime minister or a deputy instead of the head).
    represented: tuple[str, ...] = ()

    def presence(self, state: str) -> str | None:
        """How a state was at this meeting by the ledger: attended, represented, absent, or not recorded."""
        for word, codes in (("attended", self.attended), ("represented", self.represented), ("absent", self.absent)):
            if state in codes:
                return word
        return None


PRESENCES = ("attended", "represented", "absent")


@dataclass
class Period:
    """A state's standing in one body, half-open: from `start` up to, not including, `end`."""

    body: str
    state: str
    status: str
    start: PartialDate
    end: PartialDate | None
    start_event: Event
    end_event: Event | None = None
    practice: list[Event] = field(default_factory=list)

    def holds_on(self, day: dt.date) -> bool:
        return self.start.first_day() <= day and (self.end is None or day < self.end.first_day())

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.start.first_day() <= last and (self.end is None or first < self.end.first_day())

    @property
    def events(self) -> list[Event]:
        return [self.start_event] + ([self.end_event] if self.end_event else [])


@dataclass(slots=True)
class Standing:
    """One state's standing in one body on one day, with why we say so."""

    state: str
    iso3: str
    status: str
    since: PartialDate
    until: PartialDate | None
    sources: list[str]
    notes: list[str] = field(default_factory=list)
    disputed: bool = False
    variants: list[dict] = field(default_factory=list)
    organ: str | None = None
    events: list[str] = field(default_factory=list)
    uncertain: bool = False  # a boundary is dated only to a month or year that includes the day
    body: str = ""  # the body whose record gives the standing (a predecessor's, along a continuation)


@dataclass
class MembersAnswer:
    body: str
    date: dt.date
    answered_by: str
    members: list[Standing]
    notes: list[str]
    mode: str = "default"


@dataclass
class History:
    state: State
    periods: list[Period]
    events: list[Event]
    summits: list[Summit]
    notes: list[str] = field(default_factory=list)


@dataclass
class Change:
    state: str
    iso3: str
    before: str | None
    after: str | None
    date: PartialDate
    event: Event


@dataclass
class DiffAnswer:
    body: str
    start: dt.date
    end: dt.date
    changes: list[Change]
    notes: list[str]
