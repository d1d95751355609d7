"""Read a ledger file into the data model, checking its shape and reporting file:line on errors.

Only plain YAML is accepted: no tags that build objects, no aliases (they are how
"billion laughs" files blow up), and no file larger than MAX_BYTES.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from .dates import DateError, PartialDate
from .model import EVENT_TYPES, STATUSES, Body, Event, Source, State, Summit, Variant

MAX_BYTES = 64 * 1024 * 1024
SUMMIT_KINDS = ("heads-of-state", "heads-of-government", "collective-security-council",
                "security-council-secretaries", "foreign-ministers", "informal", "other")

@dataclass(frozen=True)
class Problem:
    """One thing wrong with a ledger, with where it is."""

    message: str
    path: str
    line: int | None = None
    column: int | None = None
    item: str | None = None

    def __str__(self) -> str:
        where = self.path + (f":{self.line}" if self.line else "") + (f":{self.column}" if self.column else "")
        return f"{where}: {f'{self.item}: ' if self.item else ''}{self.message}"


class LedgerError(Exception):
    """A ledger that cannot be used. `problems` lists everything found, first one first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        extra = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{extra}")


CACHE_FORMAT = "1"  # bump when the YAML-to-data conversion changes


def cache_dir() -> Path | None:
    """Where parsed ledgers are kept: $CISTIME_CACHE, else the user's cache folder; "0" turns it off."""
    chosen = os.environ.get("CISTIME_CACHE")
    if chosen == "0":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cistime"


def _line_loader():
    """A safe YAML loader that records the line of every mapping and refuses aliases.

    Built on first use, so a run answered from the cache never imports PyYAML.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is many times faster

    class LineLoader(base):
        def get_single_data(self):
            """The document built straight from the parser's events, never as a tree of nodes.

            PyYAML first composes a whole document into nodes (with two marks each) and only then
            builds it: for a large ledger that tree is most of the time and memory of a first parse.
            Built from events, with the same tags and implicit types as the safe loader, each mapping
            records its line, and an alias is refused when it is met.
            """
            from yaml.events import (AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                                     SequenceEndEvent, SequenceStartEvent, StreamEndEvent)
            from yaml.nodes import ScalarNode

            next_event, check_event = self.get_event, self.check_event
            implicit_types = self.yaml_implicit_resolvers
            constructors = self.yaml_constructors
            # Dates stay text until PartialDate reads them, so an impossible date gets our message and its line.
            text_tags = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}
            merge, value_key = "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"

            def tag_of(event):
                if event.tag not in (None, "!"):
                    return event.tag
                if event.implicit[0]:
                    for tag, pattern in implicit_types.get(event.value[:1], ()):
                        if pattern.match(event.value):
                            return tag
                return "tag:yaml.org,2002:str"

            def scalar(event, tag):
                if tag in text_tags:
                    return event.value
                node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
                return constructors.get(tag, constructors[None])(self, node)

            def build(event):
                kind = type(event)
                if kind is ScalarEvent:
                    return scalar(event, tag_of(event))
                if kind is AliasEvent:
                    raise yaml.constructor.ConstructorError(None, None, "aliases (*name) are not allowed in a ledger",
                                                            event.start_mark)
                if event.tag not in (None, "!", "tag:yaml.org,2002:map" if kind is MappingStartEvent
                                     else "tag:yaml.org,2002:seq"):
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the tag {event.tag!r} is not allowed in a ledger (plain mappings and lists only)",
                        event.start_mark)
                if kind is SequenceStartEvent:
                    items = []
                    while not check_event(SequenceEndEvent):
                        items.append(build(next_event()))
                    next_event()
                    return items
                mapping, merged = {}, []
                while not check_event(MappingEndEvent):
                    key_event = next_event()
                    tag = tag_of(key_event) if type(key_event) is ScalarEvent else None
                    if tag == merge:
                        value_event = next_event()
                        merged.append((value_event, build(value_event)))
                        continue
                    key = "=" if tag == value_key else scalar(key_event, tag) if tag else build(key_event)
                    try:
                        hash(key)
                    except TypeError:
                        raise yaml.constructor.ConstructorError("while constructing a mapping", event.start_mark,
                                                                "found unhashable key", key_event.start_mark) from None
                    mapping[key] = build(next_event())
                next_event()
                if merged:  # `<<:` keys, as the safe loader reads them: the mapping's own keys win
                    base = {}
                    for value_event, value in reversed(merged):
                        for part in reversed(value) if isinstance(value, list) else [value]:
                            if not isinstance(part, dict):
                                raise yaml.constructor.ConstructorError(
                                    "while constructing a mapping", event.start_mark,
                                    "expected a mapping or list of mappings for merging", value_event.start_mark)
                            base.update((k, v) for k, v in part.items() if k != "__line__")
                    mapping = {**base, **mapping}
                mapping["__line__"] = event.start_mark.line + 1
                return mapping

            next_event()  # the stream's start
            if check_event(StreamEndEvent):
                next_event()
                return None
            document = next_event()
            data = build(next_event())
            next_event()  # the document's end
            if not check_event(StreamEndEvent):
                raise yaml.composer.ComposerError("expected a single document in the stream", document.start_mark,
                                                  "but found another document", next_event().start_mark)
            next_event()
            return data

    return yaml, LineLoader


def read_ledger(path: Path, use_cache: bool = True) -> tuple[dict, bool, Path | None]:
    """Read a ledger file: (data, whether it came from the cache of checked ledgers, where to cache it).

    Every failure becomes a LedgerError naming file, line and column. A ledger that passed its
    checks is kept in the cache under its length and CRC-32, so an edited file gets a new key;
    a damaged cache file is ignored and rewritten.
    """
    shown = str(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise LedgerError([Problem(f"file is {size // 2**20} MiB; a ledger may be at most "
                                       f"{MAX_BYTES // 2**20} MiB", shown)])
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise LedgerError([Problem(f"cannot read the ledger: {exc.strerror or exc}", shown)]) from None
    shipped = _shipped_parse(raw) if use_cache else None
    if shipped is not None:
        return shipped, True, None
    folder = cache_dir() if use_cache else None
    cached = folder / f"{len(raw):x}-{zlib.crc32(raw):08x}.v{CACHE_FORMAT}.json" if folder else None
    if cached:
        try:
            data = json.loads(cached.read_bytes())
            if isinstance(data, dict):
                return data, True, cached
        except (OSError, ValueError):
            pass
    return _parse(raw, shown), False, cached


SHIPPED_PARSE = Path(__file__).parent / "data" / "events.parsed.json"  # written when the wheel is built


def _shipped_parse(raw: bytes) -> dict | None:
    """The checked parse built with the package (hatch_build.py), if it is the parse of these very bytes."""
    import hashlib

    try:
        with open(SHIPPED_PARSE, "rb") as handle:
            digest = handle.readline().strip().decode("ascii")
            if digest != hashlib.sha256(raw).hexdigest():
                return None
            data = json.loads(handle.read())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_yaml(path: Path) -> dict:
    """The parsed contents of a ledger file, without its schema checks."""
    return read_ledger(path)[0]


def remember(cached: Path, data: dict) -> None:
    """Keep a checked ledger's parse, for the next run."""
    _write_atomically(cached, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _parse(raw: bytes, shown: str) -> dict:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LedgerError([Problem(f"not UTF-8 text (byte {exc.start})", shown)]) from None
    yaml, loader = _line_loader()
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part) or "not valid YAML"
        raise LedgerError([Problem(message, shown, mark.line + 1 if mark else None,
                                   mark.column + 1 if mark else None)]) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise LedgerError([Problem(f"not valid YAML: {exc}", shown)]) from None
    if not isinstance(data, dict):
        raise LedgerError([Problem("the ledger must be a mapping with bodies, states, sources and events", shown, 1)])
    try:
        json.dumps(data)
    except (TypeError, ValueError):
        raise LedgerError([Problem("the ledger holds values that are not text, numbers or lists", shown)]) from None
    return data


def _write_atomically(target: Path, payload: bytes) -> None:
    """Write to a temporary file and rename it, so a reader never sees half a cache file."""
    import tempfile

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(temp, target)
    except OSError:
        pass  # a cache that cannot be written only costs speed


class _Reader:
    """Turns the parsed YAML into model objects, collecting every problem instead of stopping at one."""

    def __init__(self, path: str, trusted: bool = False):
        self.path = path
        self.trusted = trusted  # data that passed these checks before (from the cache): build, don't check
        self.problems: list[Problem] = []

    def problem(self, message: str, record: dict | None = None, item: str | None = None) -> None:
        line = record.get("__line__") if isinstance(record, dict) else None
        self.problems.append(Problem(message, self.path, line, None, item))

    def section(self, data: dict, key: str, required: bool = True) -> list[dict]:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(f"the ledger has no '{key}' section", data)
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(f"'{key}' must be a list of mappings", data)
            return []
        return value

    def fields(self, record: dict, kind: str, allowed: set[str], required: set[str]) -> str:
        name = str(record.get("id") or record.get("iso3") or f"{kind} at line {record.get('__line__')}")
        if self.trusted:
            return name
        for key in sorted(set(record) - allowed - {"__line__"}):
            self.problem(f"unknown field '{key}' (allowed: {', '.join(sorted(allowed))})", record, name)
        for key in sorted(required):
            if record.get(key) in (None, "", []):
                self.problem(f"missing field '{key}'", record, name)
        return name

    def known(self, record: dict, name: str, kind: str, values, allowed, listed: bool = False) -> None:
        """Report every value that is not one of `allowed` (an id, a type word, a status word)."""
        for value in values:
            if value and value not in allowed:
                extra = f" (known: {', '.join(allowed)})" if listed else ""
                self.problem(f"unknown {kind} '{value}'{extra}", record, name)

    def text(self, record: dict, key: str, name: str, default: str | None = None) -> str | None:
        value = record.get(key, default)
        if value is None:
            return default
        if self.trusted:
            return str(value)
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(f"'{key}' must be text", record, name)
            return default
        return str(value)

    def texts(self, record: dict, key: str, name: str) -> tuple[str, ...]:
        value = record.get(key) or []
        if isinstance(value, str):
            value = [value]
        if self.trusted:
            return tuple(str(v) for v in value)
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool)
                                                  for v in value):
            self.problem(f"'{key}' must be a list of text", record, name)
            return ()
        return tuple(str(v) for v in value)

    def date(self, record: dict, key: str, name: str, required: bool = False) -> PartialDate | None:
        value = record.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)) and not hasattr(value, "year"):
            self.problem(f"'{key}' is not a date", record, name)
            return None
        try:
            return PartialDate.parse(value)
        except DateError as exc:
            self.problem(f"'{key}': {exc}", record, name)
            return None


def parse_ledger(data: dict, path: str, trusted: bool = False) -> tuple[dict, list[Problem]]:
    """Build the ledger's parts from parsed YAML. Returns the parts and every problem found."""
    r = _Reader(path, trusted)
    for key in sorted(set(data) - {"meta", "bodies", "states", "sources", "events", "summits", "__line__"}):
        r.problem(f"unknown section '{key}'", data)
    meta = data.get("meta") or {}
    if not isinstance(meta, dict):
        r.problem("'meta' must be a mapping", data)
        meta = {}

    sources: dict[str, Source] = {}
    for rec in r.section(data, "sources"):
        name = r.fields(rec, "source", {"id", "title", "publisher", "author", "date", "url", "card", "note"},
                        {"id", "title", "publisher"})
        if not rec.get("url") and not rec.get("card"):
            r.problem("a source needs a 'url' or a seed 'card'", rec, name)
        if name in sources:
            r.problem("duplicate source id", rec, name)
        sources[name] = Source(name, r.text(rec, "title", name, "") or "", r.text(rec, "publisher", name, "") or "",
                               r.date(rec, "date", name), r.text(rec, "url", name), r.text(rec, "card", name),
                               r.text(rec, "author", name))

    def cite(rec: dict, name: str, key: str = "sources", required: bool = True) -> tuple[str, ...]:
        ids = r.texts(rec, key, name)
        if required and not ids:
            r.problem("no source: every entry needs at least one", rec, name)
        for sid in ids:
            if sid not in sources:
                r.problem(f"unknown source '{sid}'", rec, name)
        return ids


    def read_variants(rec: dict, name: str, codes: tuple[str, ...]) -> list[Variant]:
        variants = []
        raw_variants = rec.get("variants") or []
        if not isinstance(raw_variants, list):
            r.problem("'variants' must be a list", rec, name)
            return []
        for vrec in raw_variants:
            if not isinstance(vrec, dict):
                r.problem("each variant must be a mapping", rec, name)
                continue
            r.fields(vrec, "variant", {"date", "status", "claim", "sources", "note", "states", "place"},
                     {"sources"})
            if not vrec.get("note") and not vrec.get("claim"):
                r.problem("a variant needs a 'note' or a 'claim' saying what the source says", vrec, name)
            vstates = r.texts(vrec, "states", name)
            for code in vstates:
                if code not in codes:
                    r.problem(f"variant names state '{code}', which the entry does not", vrec, name)
            vstatus = r.text(vrec, "status", name)
            r.known(vrec, name, "status", [vstatus], STATUSES, listed=True)
            claim = r.text(vrec, "claim", name)
            if vrec.get("place"):
                claim = f"held in {r.text(vrec, 'place', name)}" + (f"; {claim}" if claim else "")
            variants.append(Variant(cite(vrec, name), r.text(vrec, "note", name, "") or claim or "",
                                    r.date(vrec, "date", name), vstatus, claim, vstates))
        if variants and not rec.get("preferred"):
            r.problem("has variants but no 'preferred' saying why the main reading was chosen", rec, name)
        return variants

    states: dict[str, State] = {}
    for rec in r.section(data, "states"):
        name = r.fields(rec, "state", {"iso3", "iso2", "name", "cow", "names_ru", "aliases"},
                        {"iso3", "iso2", "name"})
        cow = rec.get("cow")
        if cow is not None and (isinstance(cow, bool) or not isinstance(cow, int)):
            r.problem("'cow' must be a whole number", rec, name)
            cow = None
        if name in states:
            r.problem("duplicate state", rec, name)
        states[name] = State(name, r.text(rec, "iso2", name, "") or "", r.text(rec, "name", name, "") or "",
                             cow, r.texts(rec, "names_ru", name), r.texts(rec, "aliases", name))

    bodies: dict[str, Body] = {}
    for rec in r.section(data, "bodies"):
        name = r.fields(rec, "body", {"id", "name", "names_ru", "aliases", "founded", "answers_from",
                                      "answers_until", "predecessor", "successor", "instrument", "note",
                                      "sources", "notice_months"}, {"id", "name"})
        if name in bodies:
            r.problem("duplicate body id", rec, name)
        bodies[name] = Body(name, r.text(rec, "name", name, "") or "", r.texts(rec, "names_ru", name),
                            r.texts(rec, "aliases", name), r.date(rec, "founded", name),
                            r.date(rec, "answers_from", name), r.date(rec, "answers_until", name),
                            r.text(rec, "predecessor", name), r.text(rec, "successor", name),
                            r.text(rec, "instrument", name, "") or "", r.text(rec, "note", name, "") or "",
                            cite(rec, name, required=False), rec.get("notice_months") if isinstance(
                                rec.get("notice_months"), int) else None)
    for body in bodies.values():
        for link in (body.predecessor, body.successor):
            if link and link not in bodies:
                r.problem(f"body '{body.id}' names unknown body '{link}'", data)

    events: list[Event] = []
    seen: set[str] = set()

    def entry(rec: dict, kind: str, allowed: set[str], required: set[str]) -> tuple[str, str | None]:
        """An event's or a meeting's id (unique across both) and the body it belongs to."""
        name = r.fields(rec, kind, allowed, required)
        if name in seen:
            r.problem(f"duplicate {kind} id", rec, name)
        seen.add(name)
        body = r.text(rec, "body", name)
        r.known(rec, name, "body", [body], bodies)
        return name, body

    for order, rec in enumerate(r.section(data, "events")):
        name, body = entry(rec, "event", {"id", "date", "body", "states", "type", "status", "organ", "sources",
                                          "note", "practice", "variants", "preferred"},
                           {"id", "date", "body", "states", "type", "sources", "note"})
        codes = r.texts(rec, "states", name)
        r.known(rec, name, "state", codes, states)
        kind = r.text(rec, "type", name)
        r.known(rec, name, "type", [kind], EVENT_TYPES, listed=True)
        status = r.text(rec, "status", name)
        r.known(rec, name, "status", [status], STATUSES, listed=True)
        variants = read_variants(rec, name, codes)
        date = r.date(rec, "date", name)
        if date is None or not body or not kind:
            continue
        events.append(Event(name, date, body, codes, kind, cite(rec, name), r.text(rec, "note", name, "") or "",
                            status, r.text(rec, "organ", name), r.text(rec, "practice", name), tuple(variants),
                            r.text(rec, "preferred", name), rec.get("__line__", 0), order))

    summits: list[Summit] = []
    for rec in r.section(data, "summits", required=False):
        name, body = entry(rec, "summit", {"id", "date", "body", "kind", "place", "attended", "absent", "sources",
                                           "note", "variants", "preferred"}, {"id", "date", "body", "kind", "sources"})
        kind = r.text(rec, "kind", name)
        r.known(rec, name, "kind", [kind], SUMMIT_KINDS, listed=True)
        attended, absent = r.texts(rec, "attended", name), r.texts(rec, "absent", name)
        r.known(rec, name, "state", attended + absent, states)
        variants = read_variants(rec, name, attended + absent)
        date = r.date(rec, "date", name)
        if date is None or not body:
            continue
        summits.append(Summit(name, date, body, kind or "other", r.text(rec, "place", name, "") or "",
                              cite(rec, name), attended, absent, r.text(rec, "note", name, "") or "",
                              rec.get("__line__", 0), tuple(variants), r.text(rec, "preferred", name)))

    parts = {"meta": meta, "sources": sources, "states": states, "bodies": bodies, "events": events,
             "summits": summits}
    return parts, r.problems
