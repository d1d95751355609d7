"""The ledger's notes are written for a reader of the answer, not as working notes.

They reach the terminal through `why`, `members`, `history` and the rest, so they must not speak of
seeds or a corpus, name files, or show ids: a book is named by its authors and year, a missing
source is "no source found", and an id belongs in JSON and `--cite`, never in a sentence.
"""

import re

import pytest


def texts(ledger):
    """(where, text) for every text of the shipped ledger that a reader sees."""
    for body in ledger.bodies.values():
        yield f"body {body.id} instrument", body.instrument
        yield f"body {body.id} note", body.note
    for kind, items in (("event", ledger.events), ("summit", ledger.summits)):
        for item in items:
            yield f"{kind} {item.id} note", item.note
            yield f"{kind} {item.id} preferred", item.preferred
            yield f"{kind} {item.id} practice", getattr(item, "practice", None)
            for n, variant in enumerate(item.variants, 1):
                yield f"{kind} {item.id} variant {n} note", variant.note
                yield f"{kind} {item.id} variant {n} claim", variant.claim


WORKING_WORDS = re.compile(r"\b(seeds?|corpus|stored|ids?)\b", re.I)
FILE_NAME = re.compile(r"\b[\w-]+\.(md|ya?ml|txt|json|csv|py)\b", re.I)
FIELD_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b")  # answers_until, notice_months ...
STRAY_PUNCTUATION = re.compile(r"[.;,:][.;,:]|\s[.;,:]|\(\s|\s\)|\s\s|^\s|\s$")


def offenders(ledger, check):
    return [f"{where}: {text}" for where, text in texts(ledger) if text and check(text)]


@pytest.mark.parametrize("what,pattern", [("working-note words", WORKING_WORDS), ("file names", FILE_NAME),
                                          ("field names", FIELD_NAME), ("stray punctuation", STRAY_PUNCTUATION)],
                         ids=["working words", "file names", "field names", "punctuation"])
def test_no_note_reads_like_a_working_note(ledger, what, pattern):
    found = offenders(ledger, pattern.search)
    assert not found, f"{len(found)} text(s) with {what}:\n" + "\n".join(found)


def any_id(ledger):
    """Any event, meeting or source id of the ledger, standing alone (not part of a longer word)."""
    ids = [*(e.id for e in ledger.events), *(s.id for s in ledger.summits), *ledger.sources]
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True)))
                      + r")(?![\w-])", re.I)


def test_no_note_shows_an_id(ledger):
    found = offenders(ledger, any_id(ledger).search)
    assert not found, f"{len(found)} text(s) showing an id:\n" + "\n".join(found)


def test_parentheses_and_quotes_are_balanced(ledger):
    found = offenders(ledger, lambda t: t.count("(") != t.count(")") or t.count('"') % 2)
    assert not found, "\n".join(found)


def test_the_checks_catch_what_they_are_for(ledger):
    event_id, source_id = ledger.events[0].id, next(iter(ledger.sources))
    assert WORKING_WORDS.search("The seed book lists it") and WORKING_WORDS.search("to the corpus's coverage")
    assert not WORKING_WORDS.search("the council restored Uzbekistan")
    assert FILE_NAME.search("flagged in csto.md") and not FILE_NAME.search("A News.Az report")
    assert FIELD_NAME.search("so answers_until is left out")
    assert STRAY_PUNCTUATION.search("after the decision).; Disputed")
    ids = any_id(ledger)
    assert ids.search(f"Notice given ({event_id}).") and ids.search(f"{source_id.title()} places it")
    assert not ids.search(f"{event_id}-later") and not ids.search("the Kyiv meeting")
