"""A broken ledger fails with file:line and a clear reason, never a traceback; unsafe YAML is refused."""

import pytest

import cistime
from cistime.loader import LedgerError
from conftest import MINI

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
