"""The related bodies (issue: the groupings the seeds discuss beside the CIS and the CSTO): real answers."""

import csv
import io
import json

import pytest


def members(ledger, body, day, mode="all"):
    return {m.iso3: m.status for m in ledger.members(body, day, mode).members}


def test_eurasian_economic_union(ledger):
    assert members(ledger, "EAEU", "2015-06-01") == {"ARM": "member", "BLR": "member", "KAZ": "member",
                                                     "RUS": "member", "KGZ": "signatory"}
    assert members(ledger, "ЕАЭС", "2021-01-01") == {"ARM": "member", "BLR": "member", "KAZ": "member",
                                                     "KGZ": "member", "RUS": "member", "CUB": "observer",
                                                     "MDA": "observer", "UZB": "observer"}


def test_eurasec_and_its_lineage(ledger):
    assert members(ledger, "EurAsEC", "2007-01-01", "strict") == {c: "member" for c in
                                                                   ("BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB")}
    later = {m.iso3: m for m in ledger.members("EURASEC", "2010-01-01", "all").members}
    assert later["UZB"].status == "suspended" and later["UZB"].disputed
    assert set(members(ledger, "EURASEC", "2010-01-01", "default")) == {"BLR", "KAZ", "KGZ", "RUS", "TJK"}
    assert {c for c, s in later.items() if s.status == "observer"} == {"ARM", "MDA", "UKR"}
    # Before EurAsEC's treaty took effect the 1995 Customs Union it continues answers. The EAEU replaced
    # EurAsEC without continuing it: after 2014 EurAsEC answers for itself, every state `former`.
    assert ledger.members("EURASEC", "1997-06-01").answered_by == "CU1995"
    after = ledger.members("EURASEC", "2015-06-01", "all")
    assert after.answered_by == "EURASEC"
    assert {m.iso3: m.status for m in after.members} == {c: "former" for c in (
        "ARM", "BLR", "KAZ", "KGZ", "MDA", "RUS", "TJK", "UKR", "UZB")}
    assert any("replaced by the EAEU" in n for n in after.notes)


def test_customs_union_of_1995(ledger):
    assert members(ledger, "CU1995", "1997-06-01") == {"BLR": "member", "KAZ": "member", "KGZ": "member",
                                                       "RUS": "member"}


def test_guam_becomes_guuam_and_back(ledger):
    assert members(ledger, "GUUAM", "2000-01-01") == {c: "member" for c in ("AZE", "GEO", "MDA", "UKR", "UZB")}
    assert members(ledger, "GUAM", "2003-01-01")["UZB"] == "suspended"
    assert members(ledger, "GUAM", "2006-01-01")["UZB"] == "former"


def test_central_asian_union_to_caco(ledger):
    assert set(members(ledger, "CAU", "1996-06-01", "default")) == {"KAZ", "KGZ", "UZB"}
    # Tajikistan's observer status was approved at the Interstate Council in August 1996, not earlier.
    assert "TJK" not in members(ledger, "CAU", "1996-06-01")
    assert members(ledger, "CAU", "1996-09-01")["TJK"] == "observer"
    assert set(members(ledger, "CACO", "2005-01-01")) == {"KAZ", "KGZ", "RUS", "TJK", "UZB"}
    assert set(members(ledger, "CAU", "2010-01-01").values()) == {"former"}


def test_union_state(ledger):
    assert members(ledger, "Union State", "2001-01-01") == {"BLR": "member", "RUS": "member"}


def test_cis_inter_parliamentary_assembly(ledger):
    assert members(ledger, "МПА СНГ", "2000-01-01", "strict") == {c: "member" for c in
                                                                  ("ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA",
                                                                   "RUS", "TJK", "UKR", "UZB")}
    # Uzbekistan stayed outside the 1995 Convention until 2018-19 but never left the 1992 agreement:
    # a member in practice absent, disputed by the reports that count it as joining only in 2018.
    uzb = {m.iso3: m for m in ledger.members("CISIPA", "2000-01-01", "all").members}["UZB"]
    assert (uzb.status, uzb.disputed) == ("member", True)
    assert members(ledger, "CISIPA", "2020-01-01")["UZB"] == "member"
    later = members(ledger, "CISIPA", "2024-06-01")
    assert (later["GEO"], later["MDA"], later["UKR"]) == ("former", "former", "former")


def test_uzbekistan_history_spans_the_related_bodies(ledger):
    bodies = {p.body for p in ledger.history("Uzbekistan").periods}
    assert {"CIS", "CST", "CSTO", "GUAM", "CAU", "EURASEC", "CISIPA"} <= bodies


def test_seed_statements_on_related_bodies_are_cited(ledger):
    cited = {e.body for e in ledger.events
             if "seed-003" in e.sources or any("seed-003" in v.sources for v in e.variants)}
    assert {"GUAM", "CISIPA", "CU1995"} <= cited


BODIES = ["CIS", "CST", "CSTO", "CISEU", "CU1995", "EURASEC", "EAEU", "GUAM", "CAU", "UNIONSTATE", "CISIPA"]


@pytest.mark.parametrize("body", BODIES)
def test_every_command_works_for_every_body(cli, body):
    assert json.loads(cli("members", body, "--on", "2005-01-01", "--all", "--json").stdout)["body"] == body
    assert cli("timeline", body).exit_code == 0
    assert cli("diff", body, "1995-01-01", "2020-01-01", "--json").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(cli("panel", "--body", body, "--from", "2000-01-01",
                                               "--to", "2000-12-31").stdout)))
    assert rows and {r["body"] for r in rows} == {body}
    assert cli("summits", "--body", body, "--json").exit_code == 0
    assert cli("events", "--body", body, "--format", "csv").exit_code == 0


FORMATS = {"json": json.loads, "ndjson": lambda t: [json.loads(line) for line in t.splitlines()],
           "csv": lambda t: list(csv.DictReader(io.StringIO(t))), "table": str}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("args", [["members", "CIS", "--on", "2010-01-01"], ["members", "CST", "--during", "1999"],
                                  ["history", "Georgia"], ["why", "Uzbekistan", "CSTO", "--on", "2010-01-01"],
                                  ["diff", "CST", "1999-01-01", "2000-01-01"], ["events", "--state", "Moldova"],
                                  ["summits", "--year", "2012"], ["bodies"], ["states"], ["sources"]])
def test_every_command_in_every_format(cli, args, fmt):
    result = cli(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    parsed = FORMATS[fmt](result.stdout)
    assert parsed
