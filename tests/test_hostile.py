"""Hostile text in a ledger or on the command line: shown, never obeyed, in every output; SVG that
parses as XML whatever the names hold; validate's own checks on values that used to crash it."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import edited_ledger

SVG = "{http://www.w3.org/2000/svg}"
RAW = ("\x1b", "\x07", "\x9b", "\x85", "\u202e", "\u2066", "\u2069")  # escapes, C1, bidi overrides


def q(text):
    """Text as a YAML double-quoted scalar, escapes spelled out."""
    return json.dumps(text, ensure_ascii=True)


EVIL = "Al\x1b[2J\u202eand\x9b31m\u2066x\x07"


def strings(value):
    """Every text inside a decoded JSON document."""
    if isinstance(value, str):
        return {value}
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return set().union(*(strings(v) for v in items)) if items else set()


def assert_shown_not_obeyed(text):
    for char in RAW:
        assert char not in text, repr(char)


@pytest.mark.parametrize("args", [
    ["members", "OLD", "--on", "2000-07-01"], ["members", "OLD", "--on", "2000-07-01", "--format", "csv"],
    ["history", "AAA"], ["timeline", "OLD"], ["panel", "--body", "OLD", "--from", "2000-07-01", "--to", "2000-07-02"],
    ["panel", "--body", "OLD", "--from", "2000-07-01", "--to", "2000-07-02", "--format", "json"],
    ["panel", "--body", "OLD", "--from", "2000-07-01", "--to", "2000-07-02", "--format", "ndjson"],
    ["states", "--json"], ["states", "--format", "ndjson"], ["states"], ["bodies"],
])
def test_names_with_escapes_and_bidi_overrides_are_shown_not_obeyed(cli, tmp_path, args):
    path = edited_ledger(tmp_path, ("name: Aland", "name: " + q(EVIL)),
                   ("name: Old Pact", "name: " + q("Old\u202ePact\x1b]0;title\x07")))
    result = cli(*args, ledger=path)
    assert result.exit_code == 0, result.stderr
    assert_shown_not_obeyed(result.stdout)
    if "json" in args:  # machine formats keep the text exact
        assert EVIL in strings(json.loads(result.stdout))
    elif "ndjson" in args:
        assert EVIL in strings([json.loads(line) for line in result.stdout.splitlines()])
    else:
        assert "\\x1b" in result.stdout or "\\u202e" in result.stdout


def test_json_decodes_to_the_exact_name(cli, tmp_path):
    doc = json.loads(cli("states", "--json", ledger=edited_ledger(tmp_path, ("name: Aland", "name: " + q(EVIL)))).stdout)
    assert doc["states"][0]["name"] == EVIL


def test_an_invalid_ledger_error_shows_the_escapes(cli, tmp_path):
    path = edited_ledger(tmp_path, ("type: in-force", "type: " + q("in\x1b[2J\u202eforce")))
    result = cli("members", "OLD", ledger=path)
    assert result.exit_code == 1 and "invalid ledger" in result.stderr
    assert_shown_not_obeyed(result.stderr)
    assert "\\x1b[2J" in result.stderr and result.stderr.count("\n") == 1


def test_validate_messages_show_the_escapes(cli, tmp_path):
    path = edited_ledger(tmp_path, ("type: in-force", "type: " + q("in\x1b[2J\u202eforce")))
    result = cli("validate", path)
    assert result.exit_code == 1 and "\\x1b[2J\\u202e" in result.stdout
    assert_shown_not_obeyed(result.stdout)


@pytest.mark.parametrize("name", ['"/><script>alert(1)</script>', "x' onmouseover='alert(1)", "a\x00b\x1b\x0cc",
                                  "\ufffe\uffff", "R\u202eTL & <b>"])
def test_svg_escapes_every_text_and_attribute(cli, tmp_path, name):
    path = edited_ledger(tmp_path, ("name: Aland", "name: " + q(name)), ("name: Old Pact", "name: " + q(name)),
                   ("note: In force for two.", "note: " + q(name)))
    # The state's code and the body's id too: they go into attributes.
    path.write_text(re.sub(r"\b(AAA|OLD)\b", lambda m: q(name), path.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "t.svg"
    result = cli("timeline", "--from", "1999-01-01", "--to", "2012-12-31", "--svg", out, ledger=path)
    assert result.exit_code == 0, result.stderr
    root = ET.parse(out).getroot()  # well-formed XML, whatever the names held
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    for element in root.iter():
        assert not any(attr.startswith("on") for attr in element.attrib)
    ids = {g.get("data-iso3") for g in root.iter(f"{SVG}g")}
    assert "BBB" in ids and len(ids) >= 2
    assert_shown_not_obeyed(out.read_text(encoding="utf-8"))


def test_validate_refuses_a_huge_notice_period(cli, tmp_path):
    path = edited_ledger(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("notice_months: 6", "notice_months: " + "9" * 40)
                    .replace("summits:\n", "  - {id: n1, date: 2013-01-01, body: NEW, states: [AAA], type: "
                             "notify-withdrawal, sources: [s1], note: Notice.}\n  - {id: n2, date: 2013-03-01, "
                             "body: NEW, states: [AAA], type: withdraw, status: former, sources: [s1], "
                             "note: Out.}\nsummits:\n"), encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 1 and "NEW: notice_months 9999" in result.stdout and "from 1 to 1200" in result.stdout


def test_validate_survives_a_card_path_too_long_for_the_system(cli, tmp_path):
    path = edited_ledger(tmp_path)
    card = "seeds/" + "x" * 5000 + ".md"
    path.write_text(path.read_text(encoding="utf-8").replace("url: https://example.org/two", f"card: {card}"),
                    encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 1 and "s2: seed card 'seeds/xxx" in result.stdout
    assert all(len(line) < 600 for line in result.stdout.splitlines())


def test_a_missing_seed_card_says_where_it_looked(cli, tmp_path):
    path = edited_ledger(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("url: https://example.org/two", "card: seeds/none.md"),
                    encoding="utf-8")
    result = cli("validate", path)
    assert f"looked for {tmp_path.parent / 'seeds' / 'none.md'}" in result.stdout


def test_validate_reports_two_states_sharing_an_alias(cli, tmp_path):
    path = edited_ledger(tmp_path, ("aliases: [Kosmoria]", "aliases: [Kosmoria, Borduria]"))
    result = cli("validate", path)
    assert result.exit_code == 1 and "CCC: 'Borduria' also names BBB" in result.stdout


def test_a_mebibyte_argument_is_refused_at_once(cli):
    """A 1 MiB digit string as a date took 47 s; it is now refused before anything reads it."""
    result = cli("members", "CIS", "--on", "1" * 2**20)
    assert result.exit_code == 2 and "too long (at most 4,096)" in result.stderr and len(result.stderr) < 200


@pytest.mark.parametrize("args", [["members", "CSTO", "--on", "2010-01-01"], ["history", "Armenia"], ["bodies"]])
def test_a_tiny_terminal_still_shows_every_row(cli, monkeypatch, args):
    """At COLUMNS=10 the columns shrank to nothing and every row printed blank."""
    monkeypatch.setenv("COLUMNS", "10")
    result = cli(*args)
    assert result.exit_code == 0
    codes = {"members": ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"], "history": ["CIS", "CST"],
             "bodies": ["CIS", "CSTO", "GUAM"]}[args[0]]
    for code in codes:
        assert code in result.stdout, code


def test_a_doubt_in_the_last_month_of_9999_does_not_break_the_answers(tmp_path):
    # The window of doubt ends on the last day there is; the stretch after it begins on no real day.
    import cistime

    path = edited_ledger(tmp_path, ("date: 2005-05-01", "date: 9999-11-01"),
                         ("{date: 2005-07-01, sources: [s2]", "{date: 9999-12-31, sources: [s2]"))
    ledger = cistime.load(path)
    assert [s.iso3 for s in ledger.members("OLD", "2001-06-01").members] == ["AAA", "BBB"]
    late = ledger.members("OLD", "9999-12-31", "all")
    assert [(s.iso3, s.status, s.disputed) for s in late.members] == [
        ("AAA", "member", False), ("BBB", "former", True), ("CCC", "former", False)]


def test_every_character_the_sanitisers_escape_is_unprintable():
    # The sanitisers skip their search on printable text, so nothing they escape may count as printable.
    from cistime import render

    every = "".join(map(chr, range(0x110000)))
    for pattern in (render._CONTROL, render._CONTROL_OR_BREAK, render._JSON_UNSAFE):
        found = pattern.findall(every)
        assert found and not any(c.isprintable() for c in found), pattern.pattern
