"""Names people type for states and bodies: codes, English and Russian names, old names, typos."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable


class UnknownName(LookupError):
    """A name that matches no state or body; carries the closest known names."""

    def __init__(self, kind: str, text: str, suggestions: list[str]):
        self.kind, self.text, self.suggestions = kind, text, suggestions
        hint = f" (did you mean {' or '.join(repr(s) for s in suggestions)}?)" if suggestions else ""
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
        raise UnknownName(self.kind, text, self.suggest(text))

    def suggest(self, text: str, limit: int = 2) -> list[str]:
        key = normalize(text)
        if not key:
            return []
        found: list[str] = []
        for match in difflib.get_close_matches(key, self._ids, n=8, cutoff=0.6):
            display = self._display[self._ids[match]]
            if display not in found:
                found.append(display)
        # A prefix typed in full ("uzbek") is a strong hint even when difflib rates it low.
        for spelling, ident in self._ids.items():
            if len(key) >= 3 and spelling.startswith(key) and self._display[ident] not in found:
                found.append(self._display[ident])
        return found[:limit]


def event_type(text: str) -> str:
    """An event type word (sign, ratify, ...), or UnknownName with the closest ones."""
    from .model import EVENT_TYPES

    index = NameIndex("event type")
    for name in EVENT_TYPES:
        index.add(name, name, [])
    return index.resolve(text)
