"""Names people type for states and bodies: codes, English and Russian names, old names, typos."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


_PLURAL = {"body": "bodies"}


class UnknownName(LookupError):
    """A name that matches no state or body; carries the closest known names (often none)."""

    def __init__(self, kind: str, text: str, suggestions: list[str], known: int | None = None):
        self.kind, self.text, self.suggestions = kind, text, suggestions
        if suggestions:
            hint = f" (did you mean {' or '.join(repr(s) for s in suggestions)}?)"
        elif known:
            hint = f": it is not one of the {known} {_PLURAL.get(kind, kind + 's')} the ledger covers"
        else:
            hint = ""
        super().__init__(f"no {kind} named '{text}'{hint}")


def normalize(text: str) -> str:
    """Fold case, accents, punctuation and spacing, so 'Kyrgyz Republic' == 'kyrgyz-republic'."""
    text = unicodedata.normalize("NFKD", str(text).casefold().replace("ё", "е"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[\W_]+", "", text)


class NameIndex:
    """Maps every known spelling of a thing to its id, and suggests ids for unknown spellings."""

    def __init__(self, kind: str):
        self.kind = kind
        self._ids: dict[str, str] = {}
        self._display: dict[str, str] = {}

    def add(self, ident: str, display: str, spellings: Iterable[str]) -> None:
        self._display[ident] = display
        self._ids.setdefault(ident, ident)
        for spelling in (ident, display, *spellings):
            key = normalize(spelling)
            if key:
                self._ids.setdefault(key, ident)

    def resolve(self, text: str) -> str:
        found = self._ids.get(text)  # exact ids and names need no folding
        if found is not None:
            return found
        key = normalize(text)
        if key in self._ids:
            return self._ids[key]
        raise UnknownName(self.kind, text, self.suggest(text), len(self._display))

    def suggest(self, text: str, limit: int = 2) -> list[str]:
        """Only close matches: a slip of a letter or two, or a name typed in part.

        Codes of three letters or fewer are typed exactly or not at all ("US" is not a slip for
        "RU"), and only the closest spellings count, so "Rusia" suggests Russia and not Persia.
        """
        key = normalize(text)
        if len(key) < 3:
            return []
        allowed = 1 if len(key) <= 5 else 2
        near: dict[str, int] = {}
        for spelling, ident in self._ids.items():
            if len(spelling) > 3 and not spelling.isdigit():
                distance = slips(key, spelling, allowed)
                if distance <= allowed:
                    near[ident] = min(distance, near.get(ident, distance))
        found = [self._display[i] for i, d in sorted(near.items(), key=lambda kv: kv[1]) if d == min(near.values())]
        # A prefix typed in full ("uzbek") is a strong hint even when many letters are missing.
        for spelling, ident in self._ids.items():
            if spelling.startswith(key) and len(spelling) > 3 and self._display[ident] not in found:
                found.append(self._display[ident])
        return found[:limit]


def slips(typed: str, known: str, most: int) -> int:
    """Letters left out, added, changed or swapped between two spellings (more than `most`: most + 1)."""
    if abs(len(typed) - len(known)) > most:
        return most + 1
    before, row = None, list(range(len(known) + 1))
    for i, a in enumerate(typed, 1):
        current = [i] + [0] * len(known)
        for j, b in enumerate(known, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (a != b))
            if before is not None and i > 1 and j > 1 and a == known[j - 2] and typed[i - 2] == b:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
    return min(row[-1], most + 1)


def event_type(text: str) -> str:
    """An event type word (sign, ratify, ...), or UnknownName with the closest ones."""
    from .model import EVENT_TYPES

    index = NameIndex("event type")
    for name in EVENT_TYPES:
        index.add(name, name, [])
    return index.resolve(text)
