"""Read a ledger file into the data model, checking its shape and reporting file:line on errors.

Only plain YAML is accepted: no tags that build objects, no aliases or merge keys (they are how
"billion laughs" files blow up), no key given twice in one mapping, only regular files, and no file
larger than MAX_BYTES or holding more than MAX_VALUES values, so memory stays a small multiple of the
file's size.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .dates import DateError, PartialDate
from .model import EVENT_TYPES, HANDS_OVER, RELATIONS, SOURCE_KINDS, STATUSES, Body, Event, Source, State, Summit, Variant

MAX_BYTES = 16 * 1024 * 1024  # 45 times the shipped ledger
MAX_VALUES = 2_000_000  # a mapping counts as MAPPING_WEIGHT values: it costs that much more memory
MAPPING_WEIGHT = 4
MAX_DEPTH = 32  # a ledger nests six deep; anything deeper is an attack or a mistake
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


CACHE_FORMAT = "2"  # bump when the YAML-to-data conversion or the entry's layout changes
MAX_CACHE_BYTES = 8 * MAX_BYTES  # a larger entry was not written by us


def cache_dir() -> Path | None:
    """Where parsed ledgers are kept: $CISTIME_CACHE, else the user's cache folder; "0" turns it off.

    As the XDG rules say, a relative $XDG_CACHE_HOME is ignored; with no absolute home folder either
    there is no cache (it only saves time), rather than one in the working or the root folder.
    """
    chosen = os.environ.get("CISTIME_CACHE")
    if chosen == "0":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.environ["HOME"] if "HOME" in os.environ else os.path.expanduser("~")
        if not os.path.isabs(home):  # HOME='' would otherwise mean /.cache
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "cistime"


@dataclass(frozen=True)
class CacheEntry:
    """Where a ledger's checked parse is kept, and the digest of the bytes it was parsed from."""

    path: Path
    digest: str


class NotAFile(OSError):
    """A FIFO, a device, a folder: reading one could block for ever or never end."""


class TooLarge(Exception):
    """A file over the size limit; `size` is how large it is."""

    def __init__(self, size: int):
        self.size = size


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, read in one bounded read.

    Opened without blocking, so a FIFO is refused instead of waiting for a writer; a symbolic link
    counts as what it points to.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(0, "not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        raw = handle.read(limit + 1)
    if len(raw) > limit:  # it grew while we looked
        raise TooLarge(len(raw))
    return raw


def read_ledger(path: Path, use_cache: bool = True) -> tuple[dict, bool, CacheEntry | None]:
    """Read a ledger file: (data, whether it came from the cache of checked ledgers, where to cache it).

    Every failure becomes a LedgerError naming file, line and column. A ledger that passed its
    checks is kept in the cache under a BLAKE2b digest of its bytes, which the entry also holds and
    which must match; a damaged or foreign cache entry is ignored (and rewritten by the caller).
    """
    shown = str(path)
    try:
        raw = read_file(path, MAX_BYTES)
    except TooLarge as exc:
        raise LedgerError([Problem(f"file is {exc.size:,} bytes; a ledger may be at most {MAX_BYTES:,} bytes "
                                   f"({MAX_BYTES / 2**20:g} MiB)", shown)]) from None
    except NotAFile:
        raise LedgerError([Problem("not a regular file (a ledger is read only from a plain file)", shown)]) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise LedgerError([Problem(f"cannot read the ledger: {getattr(exc, 'strerror', None) or exc}",
                                   shown)]) from None
    shipped = _shipped_parse(raw) if use_cache else None
    if shipped is not None:
        return shipped, True, None
    folder = cache_dir() if use_cache else None
    entry = None
    if folder:
        digest = hashlib.blake2b(raw, digest_size=32).hexdigest()
        entry = CacheEntry(folder / f"{digest}.v{CACHE_FORMAT}.json", digest)
        data = _recall(entry)
        if data is not None:
            return data, True, entry
    return _parse(raw, shown), False, entry


def _recall(entry: CacheEntry) -> dict | None:
    """A cached parse, or None when the entry is missing, damaged or made from other bytes."""
    try:
        stored = json.loads(read_file(entry.path, MAX_CACHE_BYTES))
    except (OSError, ValueError, TooLarge, RecursionError):
        return None
    if isinstance(stored, dict) and stored.get("digest") == entry.digest and isinstance(stored.get("ledger"), dict):
        return stored["ledger"]
    return None


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


def remember(entry: CacheEntry, data: dict) -> None:
    """Keep a checked ledger's parse, with the digest of its bytes, for the next run."""
    payload = {"format": CACHE_FORMAT, "digest": entry.digest, "ledger": data}
    _write_atomically(entry.path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _parse(raw: bytes, shown: str) -> dict:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LedgerError([Problem(f"not UTF-8 text (byte {exc.start})", shown)]) from None
    yaml, build = _builder()
    try:
        data = build(text)
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


def _builder():
    """A function turning YAML text into plain data, each mapping with the line it starts on.

    It reads the parser's events one at a time and builds lists, dicts and scalars directly: no
    node graph is ever held (that graph cost a hundred times the file's size), and every rule is
    checked where the thing appears, so the error names its line: no aliases, no merge keys
    (`<<`), no key twice in one mapping, only text as keys, no nesting deeper than MAX_DEPTH.
    Scalars are read exactly as PyYAML's safe loader reads them, except dates, which stay text
    until PartialDate reads them. Built on first use, so a run answered from the cache never
    imports PyYAML.
    """
    import yaml
    from yaml import events
    from yaml.constructor import ConstructorError
    from yaml.nodes import ScalarNode

    class Scalars(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # the C parser is many times faster
        pass

    Scalars.add_constructor("tag:yaml.org,2002:timestamp", Scalars.construct_yaml_str)
    Scalars.add_constructor("tag:yaml.org,2002:value", Scalars.construct_yaml_str)  # a key "=" is text

    TEXT_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value")

    def refuse(message: str, event) -> ConstructorError:
        return ConstructorError(None, None, message, event.start_mark)

    def build(text: str):
        parser = Scalars(text)
        budget = [MAX_VALUES]

        def scalar(event):
            tag = event.tag
            if tag is None or tag == "!":
                if event.style:  # quoted or block text is always text: no resolving, no node (most values)
                    return event.value
                tag = parser.resolve(ScalarNode, event.value, event.implicit)
            if tag in TEXT_TAGS:
                return event.value
            construct = parser.yaml_constructors.get(tag)
            if construct is None:
                raise refuse(f"the tag {tag} is not allowed in a ledger", event)
            try:
                return construct(parser, ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                                                    event.style))
            except (ValueError, OverflowError) as exc:  # a number too long for Python, say
                raise refuse(f"cannot read '{event.value[:40]}': {exc}", event) from None

        def value(depth: int):
            event = parser.get_event()
            budget[0] -= 1
            if budget[0] < 0:
                raise refuse(f"the ledger holds more than {MAX_VALUES:,} values", event)
            if isinstance(event, events.AliasEvent):
                raise refuse("aliases (*name) are not allowed in a ledger", event)
            if isinstance(event, events.ScalarEvent):
                return scalar(event)
            if depth >= MAX_DEPTH:
                raise refuse(f"nested more than {MAX_DEPTH} levels deep", event)
            if event.tag not in (None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"):
                raise refuse(f"the tag {event.tag} is not allowed in a ledger", event)
            if isinstance(event, events.SequenceStartEvent):
                items = []
                while not parser.check_event(events.SequenceEndEvent):
                    items.append(value(depth + 1))
                parser.get_event()
                return items
            budget[0] -= MAPPING_WEIGHT - 1
            mapping, lines = {}, {}
            while not parser.check_event(events.MappingEndEvent):
                key_event = parser.get_event()
                if not isinstance(key_event, events.ScalarEvent):
                    raise refuse("a key must be plain text, not a list or a mapping", key_event)
                tag = key_event.tag or parser.resolve(ScalarNode, key_event.value, key_event.implicit)
                if tag in ("tag:yaml.org,2002:merge", "!!merge"):
                    raise refuse("merge keys (<<) are not allowed in a ledger", key_event)
                key = scalar(key_event)
                line = key_event.start_mark.line + 1
                if not isinstance(key, str):
                    raise refuse(f"the key {key_event.value!r} must be text (quote it)", key_event)
                if key == "__line__":
                    raise refuse("the key '__line__' is reserved", key_event)
                if key in lines:
                    raise refuse(f"the key '{key}' is given twice in one mapping, on lines {lines[key]} and "
                                 f"{line}", key_event)
                lines[key] = line
                mapping[key] = value(depth + 1)
            parser.get_event()
            mapping["__line__"] = event.start_mark.line + 1
            return mapping

        try:
            parser.get_event()  # the stream's start
            if parser.check_event(events.StreamEndEvent):
                return None
            parser.get_event()  # the document's start
            data = value(0)
            parser.get_event()  # the document's end
            if not parser.check_event(events.StreamEndEvent):
                raise refuse("a ledger is one YAML document; found a second", parser.peek_event())
            return data
        finally:
            parser.dispose()

    return yaml, build


def _write_atomically(target: Path, payload: bytes) -> None:
    """Write to a temporary file and rename it, so a reader never sees half a cache file.

    A write that fails (a full disk, say) leaves nothing behind: a cache only costs speed.
    """
    import tempfile

    temp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(temp, target)
    except OSError:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass


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


def _check_relation(r: "_Reader", rec: dict, body: Body) -> None:
    """A body's own links: a successor needs a relation, and only a hand-over relation moves answers."""
    if body.successor and not body.relation:
        r.problem(f"names successor '{body.successor}' but no 'relation' ({', '.join(RELATIONS)})", rec, body.id)
    if body.relation and not body.successor:
        r.problem("has a 'relation' but no 'successor'", rec, body.id)
    if body.answers_until and body.relation not in HANDS_OVER:
        r.problem("'answers_until' needs a successor that continues it (relation continued or renamed)",
                  rec, body.id)
    if body.relation in ("replaced", "merged") and not body.ended:
        r.problem(f"a {body.relation} body needs 'ended': the day it ceased", rec, body.id)


def _check_lineage(r: "_Reader", data: dict, bodies: dict[str, Body]) -> None:
    """Links name known bodies, agree in both directions, and never run in a circle."""
    for body in bodies.values():
        for link in (body.predecessor, body.successor):
            if link and link not in bodies:
                r.problem(f"body '{body.id}' names unknown body '{link}'", data)
        pred = bodies.get(body.predecessor) if body.predecessor else None
        if pred is not None and pred.successor != body.id:
            r.problem(f"body '{body.id}' names predecessor '{pred.id}', whose successor is "
                      f"'{pred.successor or 'not given'}'", data)
        if body.answers_from and not (pred is not None and pred.relation in HANDS_OVER):
            r.problem(f"body '{body.id}': 'answers_from' needs a predecessor it continues "
                      f"(relation continued or renamed)", data)
    for start in bodies.values():
        seen, body = [start.id], start
        while body.successor in bodies:
            body = bodies[body.successor]
            if body.id in seen:
                r.problem(f"bodies succeed one another in a circle: {' -> '.join(seen + [body.id])}", data)
                break
            seen.append(body.id)


def parse_ledger(data: dict, path: str, trusted: bool = False) -> tuple[dict, list[Problem]]:
    """Build the ledger's parts from parsed YAML. Returns the parts and every problem found."""
    r = _Reader(path, trusted)
    for key in sorted(set(data) - {"meta", "bodies", "states", "sources", "events", "summits", "__line__"}):
        r.problem(f"unknown section '{key}'", data)
    meta = data.get("meta") or {}
    if not isinstance(meta, dict):
        r.problem("'meta' must be a mapping", data)
        meta = {}
    r.date(meta, "reviewed", "meta")

    sources: dict[str, Source] = {}
    for rec in r.section(data, "sources"):
        name = r.fields(rec, "source", {"id", "title", "publisher", "author", "date", "url", "card", "note", "kind",
                                        "copy_of"}, {"id", "title", "publisher"})
        if not rec.get("url") and not rec.get("card"):
            r.problem("a source needs a 'url' or a seed 'card'", rec, name)
        if name in sources:
            r.problem("duplicate source id", rec, name)
        kind = r.text(rec, "kind", name)
        r.known(rec, name, "source kind", [kind], SOURCE_KINDS, listed=True)
        sources[name] = Source(name, r.text(rec, "title", name, "") or "", r.text(rec, "publisher", name, "") or "",
                               r.date(rec, "date", name), r.text(rec, "url", name), r.text(rec, "card", name),
                               r.text(rec, "author", name), kind, r.text(rec, "copy_of", name))

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
                                      "answers_until", "predecessor", "successor", "relation", "ended",
                                      "instrument", "note", "sources", "notice_months"}, {"id", "name"})
        if name in bodies:
            r.problem("duplicate body id", rec, name)
        relation = r.text(rec, "relation", name)
        r.known(rec, name, "relation", [relation], RELATIONS, listed=True)
        bodies[name] = Body(name, r.text(rec, "name", name, "") or "", r.texts(rec, "names_ru", name),
                            r.texts(rec, "aliases", name), r.date(rec, "founded", name),
                            r.date(rec, "answers_from", name), r.date(rec, "answers_until", name),
                            r.text(rec, "predecessor", name), r.text(rec, "successor", name),
                            relation, r.date(rec, "ended", name),
                            r.text(rec, "instrument", name, "") or "", r.text(rec, "note", name, "") or "",
                            cite(rec, name, required=False), rec.get("notice_months") if isinstance(
                                rec.get("notice_months"), int) else None)
        if not trusted:
            _check_relation(r, rec, bodies[name])
    if not trusted:
        _check_lineage(r, data, bodies)

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
                                          "note", "practice", "variants", "preferred", "inferred"},
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
                            r.text(rec, "preferred", name), rec.get("__line__", 0), order,
                            rec.get("inferred") is True))
        if not trusted and rec.get("inferred") not in (None, True, False):
            r.problem("'inferred' must be true or false", rec, name)

    summits: list[Summit] = []
    for rec in r.section(data, "summits", required=False):
        name, body = entry(rec, "summit", {"id", "date", "body", "kind", "place", "attended", "absent", "represented",
                                           "sources", "note", "variants", "preferred"},
                           {"id", "date", "body", "kind", "sources"})
        kind = r.text(rec, "kind", name)
        r.known(rec, name, "kind", [kind], SUMMIT_KINDS, listed=True)
        attended, absent = r.texts(rec, "attended", name), r.texts(rec, "absent", name)
        represented = r.texts(rec, "represented", name)
        present = attended + represented + absent
        r.known(rec, name, "state", present, states)
        for code in sorted({c for c in present if present.count(c) > 1}):
            r.problem(f"state '{code}' is listed more than once in attended, represented and absent", rec, name)
        variants = read_variants(rec, name, present)
        date = r.date(rec, "date", name)
        if date is None or not body:
            continue
        summits.append(Summit(name, date, body, kind or "other", r.text(rec, "place", name, "") or "",
                              cite(rec, name), attended, absent, r.text(rec, "note", name, "") or "",
                              rec.get("__line__", 0), tuple(variants), r.text(rec, "preferred", name),
                              represented))

    parts = {"meta": meta, "sources": sources, "states": states, "bodies": bodies, "events": events,
             "summits": summits}
    return parts, r.problems
