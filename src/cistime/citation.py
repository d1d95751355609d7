"""The sources behind an answer as BibTeX and as CSL JSON, so a paper can cite what the answer rests on.

Both `cistime sources` and any answer that carries its sources (`why`, `members`, `history`, ...)
reach these writers through `--format bibtex` or `--format csl`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Source
from .render import literal

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Characters BibTeX or LaTeX would read as commands, groups, comments or math.
_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
            "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_URL_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}


def bibtex_escape(text: str) -> str:
    return "".join(_SPECIAL.get(ch, ch) for ch in literal(text))


def bibtex_key(source_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_:.\-]", "-", source_id)


def author_names(author: str | None) -> list[str]:
    """'A B, C D and E F' -> three people; 'Smith, J.' stays one name in BibTeX's own order."""
    if not author:
        return []
    parts = [p.strip() for p in re.split(r",|;|\band\b", author) if p.strip()]
    return parts if len(parts) > 1 and all(" " in p for p in parts) else [author.strip()]


def bibtex_entry(source: Source) -> str:
    names = author_names(source.author)
    fields = [("author", " and ".join(bibtex_escape(n) for n in names) if names
               else "{" + bibtex_escape(source.publisher) + "}"),  # a body or site as corporate author
              ("title", "{" + bibtex_escape(source.title) + "}"),
              ("publisher", bibtex_escape(source.publisher))]
    if source.date:
        fields.append(("year", str(source.date.year)))
        fields.append(("date", source.date.iso()))
    if source.url:
        fields.append(("url", "".join(_URL_UNSAFE.get(ch, ch) for ch in literal(source.url))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    if source.date and source.date.month:
        body += f",\n  month = {_MONTHS[source.date.month - 1]}"
    return f"@misc{{{bibtex_key(source.id)},\n{body}\n}}\n"


def bibtex(sources: Iterable[Source]) -> str:
    return "\n".join(bibtex_entry(s) for s in sources)


def csl_item(source: Source) -> dict:
    item: dict = {"id": source.id, "type": "webpage" if source.url else "document", "title": source.title,
                  "publisher": source.publisher}
    names = author_names(source.author)
    if names:
        item["author"] = [{"literal": n} for n in names]
    if source.date:
        item["issued"] = {"date-parts": [[p for p in (source.date.year, source.date.month, source.date.day) if p]]}
    if source.url:
        item["URL"] = source.url
    return item


def csl(sources: Iterable[Source]) -> list[dict]:
    return [csl_item(s) for s in sources]
