"""A broken ledger fails with file:line and a clear reason, never a traceback; unsafe YAML is refused."""

import pytest

import cistime
from cistime.loader import LedgerError
from conftest import MINI, edited_ledger

GOOD = MINI.read_text(encoding="utf-8")


def broken(tmp_path, text):
    path = tmp_path / "ledger.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path, text) -> str:
    with pytest.raises(LedgerError) as info:
        cistime.load(broken(tmp_path, text))
    return str(info.value)


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    message = load_error(tmp_path, "meta: {title: x\nbodies: [")
    assert message.startswith(str(tmp_path / "ledger.yaml") + ":")
    assert ":2:" in message or ":3:" in message


def test_unknown_field_names_event_and_field(tmp_path):
    text = GOOD.replace("note: All three sign.}", "note: All three sign., colour: red}")
    message = load_error(tmp_path, text)
    assert "old-sign" in message and "unknown field 'colour'" in message
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "colour" in l)
    assert f":{line}:" in message


@pytest.mark.parametrize("old,new,fragment", [
    ("sources: [s1], note: All three sign.", "sources: [], note: All three sign.", "missing field 'sources'"),
    ("sources: [s1], note: All three sign.", "sources: [s9], note: All three sign.", "unknown source 's9'"),
    ("date: 2000-01-01, body: OLD, states: [AAA, BBB, CCC]", "date: 2000-02-30, body: OLD, states: [AAA, BBB, CCC]",
     "does not exist"),
    ("date: 2000-01-01, body: OLD, states: [AAA, BBB, CCC]", "date: 2000-01-01, body: OLDE, states: [AAA, BBB, CCC]",
     "unknown body 'OLDE'"),
    ("states: [AAA, BBB, CCC], type: sign", "states: [AAA, BBB, ZZZ], type: sign", "unknown state 'ZZZ'"),
    ("type: sign, status: signatory", "type: sign, status: friend", "unknown status 'friend'"),
    ("type: sign, status: signatory", "type: sing, status: signatory", "unknown type 'sing'"),
    ("id: old-force,", "id: old-sign,", "duplicate event id"),
    ("    preferred: The first source quotes the official notice.\n", "", "no 'preferred'"),
])
def test_schema_errors(tmp_path, old, new, fragment):
    assert old in GOOD
    assert fragment in load_error(tmp_path, GOOD.replace(old, new, 1))


def test_python_tags_are_refused(tmp_path):
    message = load_error(tmp_path, "meta: !!python/object/apply:os.system ['echo hacked']\n")
    assert "ledger.yaml:1" in message


def test_aliases_are_refused(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n"
    assert "aliases" in load_error(tmp_path, bomb)


def test_too_large_file_is_refused_quickly(tmp_path, monkeypatch):
    monkeypatch.setattr("cistime.loader.MAX_BYTES", 1000)
    assert "at most" in load_error(tmp_path, GOOD)


@pytest.mark.parametrize("text", ["", "- just\n- a list\n", "just text", "\x00\x01binary"])
def test_not_a_ledger(tmp_path, text):
    load_error(tmp_path, text)


def test_not_utf8(tmp_path):
    path = tmp_path / "ledger.yaml"
    path.write_bytes(b"meta: {title: \xff}\n")
    with pytest.raises(LedgerError, match="UTF-8"):
        cistime.load(path)


def test_missing_file(tmp_path):
    with pytest.raises(LedgerError, match="cannot read"):
        cistime.load(tmp_path / "nope.yaml")


def line_of(text, fragment, start=0):
    return next(i for i, l in enumerate(text.splitlines(), 1) if fragment in l and i > start)


def test_a_second_section_is_an_error_naming_both_lines(tmp_path):
    """A second `events:` would silently replace every earlier event."""
    text = GOOD.replace("summits:", "events:\n  - {id: lone, date: 2001-01-01, body: OLD, states: [AAA], type: sign, "
                                    "status: signatory, sources: [s1], note: Alone.}\nsummits:")
    first, second = line_of(text, "events:"), line_of(text, "events:", line_of(text, "events:"))
    message = load_error(tmp_path, text)
    assert f"ledger.yaml:{second}:" in message
    assert f"the key 'events' is given twice in one mapping, on lines {first} and {second}" in message


def test_a_second_date_inside_an_event_is_an_error(tmp_path):
    text = GOOD.replace("    date: 2005-05-01\n", "    date: 2005-05-01\n    date: 2019-05-01\n")
    first = line_of(text, "date: 2005-05-01")
    assert f"the key 'date' is given twice in one mapping, on lines {first} and {first + 1}" in load_error(tmp_path, text)


@pytest.mark.parametrize("merge", ["x: &x {note: merged}\nmeta:\n  <<: *x\n", "meta:\n  <<: {note: merged}\n",
                                   "meta:\n  <<: [{note: merged}]\n", "meta:\n  !!merge <<: {note: merged}\n"])
def test_merge_keys_are_refused(tmp_path, merge):
    assert "merge keys (<<) are not allowed" in load_error(tmp_path, merge + GOOD.split("\n", 2)[2])


def test_a_quoted_merge_word_is_just_a_key(tmp_path):
    assert "unknown section '<<'" in load_error(tmp_path, GOOD + "'<<': 1\n")


def test_the_merge_key_bomb_is_refused_at_once(tmp_path):
    """On PyYAML 6.0.1 to 6.0.3 this 1 KB file took 13 s and 1.7 GB to expand."""
    lines = ["a0: &a0 {k0: 0, k1: 1}"] + [f"a{n}: &a{n} {{<<: [*a{n - 1}, *a{n - 1}], k{n}: {n}}}" for n in range(1, 40)]
    assert "not allowed" in load_error(tmp_path, "\n".join(lines) + "\n")


@pytest.mark.parametrize("key", ["1", "~", "true", "1.5", "2001-01-01 10:00:00"])
def test_keys_that_are_not_text_give_a_clean_error(tmp_path, key):
    """`1:` beside `foo:` used to raise TypeError on every command."""
    text = GOOD.replace("{iso3: AAA,", f"{{{key}: x, colour: red, iso3: AAA,")
    message = load_error(tmp_path, text)
    assert "must be text" in message or "unknown field" in message or "unknown section" in message


def test_a_key_that_is_a_list_is_refused(tmp_path):
    assert "must be plain text" in load_error(tmp_path, "? [a, b]\n: 1\n" + GOOD)


def test_the_line_key_is_reserved(tmp_path):
    assert "'__line__' is reserved" in load_error(tmp_path, GOOD.replace("meta: {", "meta: {__line__: 1, "))


def test_deep_nesting_is_refused_with_its_line(tmp_path):
    message = load_error(tmp_path, "meta:\n  note: " + "[" * 200 + "]" * 200 + "\n")
    assert "nested more than" in message and "ledger.yaml:2:" in message


def test_too_many_values_are_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("CISTIME_CACHE", "0")
    monkeypatch.setattr("cistime.loader.MAX_VALUES", 300)
    assert "more than 300 values" in load_error(tmp_path, GOOD)


def test_a_number_too_long_for_python_is_a_clean_error(tmp_path):
    message = load_error(tmp_path, GOOD.replace("cow: 1,", "cow: " + "9" * 5000 + ","))
    assert "cannot read" in message and len(message) < 500


def test_two_documents_are_refused(tmp_path):
    assert "second" in load_error(tmp_path, GOOD + "---\nmeta: {}\n")


def test_the_size_message_is_exact(tmp_path, monkeypatch):
    monkeypatch.setattr("cistime.loader.MAX_BYTES", 1000)
    size = len(GOOD.encode("utf-8"))
    assert f"file is {size:,} bytes; a ledger may be at most 1,000 bytes" in load_error(tmp_path, GOOD)


def test_a_folder_is_not_a_ledger(tmp_path):
    with pytest.raises(LedgerError, match="cannot read|not a regular file"):
        cistime.load(tmp_path)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting(tmp_path):
    import os

    fifo = tmp_path / "ledger.yaml"
    os.mkfifo(fifo)
    with pytest.raises(LedgerError, match="not a regular file"):
        cistime.load(fifo)


@pytest.mark.skipif(not __import__("os").path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_and_a_link_to_it_are_refused(tmp_path):
    link = tmp_path / "ledger.yaml"
    link.symlink_to("/dev/zero")
    for path in ("/dev/zero", link):
        with pytest.raises(LedgerError, match="not a regular file"):
            cistime.load(path)


@pytest.mark.parametrize("old,new,message", [
    ("successor: NEW, relation: continued}", "successor: NEW}", "names successor 'NEW' but no 'relation'"),
    ("successor: NEW, relation: continued}", "successor: NEW, relation: replaced}",
     "'answers_until' needs a successor that continues it"),
    ("successor: NEW, relation: continued}", "successor: NEW, relation: absorbed}", "unknown relation 'absorbed'"),
    ("predecessor: OLD, notice_months: 6}", "predecessor: OLD, successor: OLD, relation: renamed, notice_months: 6}",
     "bodies succeed one another in a circle"),
    ("predecessor: OLD, notice_months: 6}", "predecessor: CLUB, notice_months: 6}",
     "names predecessor 'CLUB', whose successor is 'not given'"),
])
def test_relations_between_bodies_are_checked(tmp_path, old, new, message):
    with pytest.raises(LedgerError) as caught:
        cistime.load(edited_ledger(tmp_path, (old, new)))
    assert any(message in str(p) for p in caught.value.problems), caught.value.problems


def test_a_replaced_body_needs_its_end(tmp_path):
    path = edited_ledger(tmp_path, ("answers_until: 2010-01-01, successor: NEW, relation: continued}",
                        "successor: NEW, relation: merged}"))
    path.write_text(path.read_text(encoding="utf-8").replace("answers_from: 2010-01-01, ", ""), encoding="utf-8")
    with pytest.raises(LedgerError, match="needs 'ended'"):
        cistime.load(path)


def test_a_body_that_ceased_leaves_every_standing_former(tmp_path):
    path = edited_ledger(tmp_path, ("{id: CLUB, name: Club, founded: 2000-01-01}",
                        "{id: CLUB, name: Club, founded: 2000-01-01, ended: 2007-01-01}"))
    ledger = cistime.load(path)
    before = {m.iso3: m.status for m in ledger.members("CLUB", "2006-06-01", "all").members}
    after = {m.iso3: m.status for m in ledger.members("CLUB", "2007-06-01", "all").members}
    assert set(before) == set(after) and set(after.values()) == {"former"} and "former" not in (
        s for c, s in before.items() if c != "CCC")
    closing = [e for e in ledger.events if e.body == "CLUB" and e.inferred]
    assert sorted(c for e in closing for c in e.states) == ["AAA", "BBB", "CCC"]
    assert all(e.status == "former" and e.date.iso() == "2007-01-01" for e in closing)
    assert ledger.members("CLUB", "2009-01-01", "all").members == ledger.members("CLUB", "2007-06-01", "all").members


def test_validate_reports_a_standing_begun_after_its_body_ceased(tmp_path):
    from cistime.validate import check

    path = edited_ledger(tmp_path, ("{id: CLUB, name: Club, founded: 2000-01-01}",
                        "{id: CLUB, name: Club, founded: 2000-01-01, ended: 2007-01-01}"))
    errors, _, _ = check(path)
    assert [p.item for p in errors if "after the CLUB ceased" in p.message] == ["club-withdraw", "club-participant"]
