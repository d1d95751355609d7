"""Citing what an answer rests on: BibTeX and CSL JSON for `sources`, `why` and the other answers."""

import json
import re
from pathlib import Path

import pytest
import yaml

import cistime
from cistime.citation import bibtex_entry
from cistime.dates import PartialDate
from cistime.model import Source


def entries(text: str) -> dict[str, str]:
    """BibTeX text -> {key: entry}; every entry must close its own braces."""
    found = {}
    for chunk in text.strip().split("\n\n"):
        match = re.match(r"@misc\{([^,\s]+),\n", chunk)
        assert match, chunk
        unescaped = re.sub(r"\\[{}]", "", chunk)
        assert unescaped.count("{") == unescaped.count("}"), chunk
        found[match.group(1)] = chunk
    return found


def test_sources_bibtex_has_one_entry_per_source(cli, ledger):
    result = cli("sources", "--format", "bibtex")
    assert result.exit_code == 0, result.stderr
    found = entries(result.stdout)
    assert list(found) == list(ledger.sources)
    assert "author = {Martha Brill Olcott and Anders Åslund and Sherman W. Garnett}" in found["seed-003"]
    assert "  date = {1999-01-20},\n  month = jan\n}" in found["seed-001"]
    assert "author = {{The Jamestown Foundation}}" in found["seed-001"]  # no named author: the publisher
    assert r"title = {{Russia \& neighbors" in found["cctv-csto-2009-02"]


def test_bibtex_escapes_what_latex_would_obey():
    source = Source("odd id/1", "R&D: 100% of $5 #1 a_b {x} ~ ^ \\ \x1b[31m", "P & Q", PartialDate(2001, 2),
                    url="https://example.org/a b{c}?q=%D0%B0")
    entry = bibtex_entry(source)
    assert entry.startswith("@misc{odd-id-1,\n")
    assert (r"title = {{R\&D: 100\% of \$5 \#1 a\_b \{x\} \textasciitilde{} \textasciicircum{} "
            r"\textbackslash{} \textbackslash{}x1b[31m}}") in entry
    assert "\x1b" not in entry
    assert r"author = {{P \& Q}}" in entry
    assert "url = {https://example.org/a%20b%7Bc%7D?q=%D0%B0}" in entry


def test_why_bibtex_gives_the_sources_behind_one_answer(cli):
    doc = json.loads(cli("why", "Uzbekistan", "CSTO", "--on", "2010-01-01", "--json").stdout)
    behind = {s for e in doc["chain"] for s in e["sources"]}
    behind |= {s for e in doc["chain"] for v in e["variants"] if not v["states"] or "UZB" in v["states"]
               for s in v["sources"]}
    result = cli("why", "Uzbekistan", "CSTO", "--on", "2010-01-01", "--format", "bibtex")
    assert result.exit_code == 0, result.stderr
    assert set(entries(result.stdout)) == behind and len(behind) > 5


def test_members_bibtex_cites_its_source_index(cli):
    doc = json.loads(cli("members", "CSTO", "--on", "1999-06-01", "--json").stdout)
    found = entries(cli("members", "CSTO", "--on", "1999-06-01", "-f", "bibtex").stdout)
    assert set(found) == set(doc["source_index"]) and found


def test_members_during_bibtex_cites_the_periods_sources(cli):
    doc = json.loads(cli("members", "CIS", "--during", "2009", "--json").stdout)
    found = entries(cli("members", "CIS", "--during", "2009", "-f", "bibtex").stdout)
    assert set(found) == {s for m in doc["members"] for p in m["periods"] for s in p["sources"]} and found


def test_sources_csl_json(cli, ledger):
    items = json.loads(cli("sources", "--format", "csl").stdout)
    assert [i["id"] for i in items] == list(ledger.sources)
    by_id = {i["id"]: i for i in items}
    assert by_id["seed-001"]["issued"] == {"date-parts": [[1999, 1, 20]]}
    assert by_id["seed-000"]["issued"] == {"date-parts": [[2000, 5]]}
    assert [a["literal"] for a in by_id["seed-003"]["author"]] == ["Martha Brill Olcott", "Anders Åslund",
                                                                  "Sherman W. Garnett"]
    assert all(i["type"] == ("webpage" if "URL" in i else "document") and i["title"] for i in items)


def test_citation_formats_refused_where_an_answer_lists_no_sources(cli):
    bodies = cli("bodies", "--format", "bibtex")
    assert bodies.exit_code == 2 and "sources" in bodies.stderr and not bodies.stdout
    panel = cli("panel", "--format", "csl")
    assert panel.exit_code == 2 and not panel.stdout


def _as_text(value):
    """Dates as strings, as the CFF schema asks of tools that read YAML."""
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_citation_cff_is_valid_and_dated_by_the_ledger_review(ledger):
    # The CFF 1.2.0 schema, as the Citation File Format project publishes it (CC-BY-4.0).
    import jsonschema

    root = Path(__file__).resolve().parents[1]
    schema = json.loads((root / "tests" / "data" / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))
    doc = _as_text(yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8")))
    jsonschema.validate(doc, schema, cls=jsonschema.Draft7Validator)
    reviewed = str(ledger.meta["reviewed"])
    assert doc["date-released"] == reviewed, "CITATION.cff: set date-released (and the data's version) to meta.reviewed"
    assert str(doc["version"]) == cistime.__version__
    assert [(r["type"], str(r["version"]), r["date-released"]) for r in doc["references"]] == [
        ("data", reviewed, reviewed)]
    broken = dict(doc, authors=[])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft7Validator)
