"""Meetings: who came, who sent someone below the usual level, who stayed away, and the filters on them."""

import json

from conftest import MINI

MEETING = "attended: [AAA, CCC], absent: [BBB]"


def mini_with(tmp_path, presence):
    """The small ledger with its one meeting's presence lists replaced."""
    text = MINI.read_text(encoding="utf-8")
    assert MEETING in text
    path = tmp_path / "meetings.yaml"
    path.write_text(text.replace(MEETING, presence), encoding="utf-8")
    return path


def test_represented_is_read_and_shown(cli, tmp_path):
    path = mini_with(tmp_path, "attended: [AAA], represented: [CCC], absent: [BBB]")
    doc = json.loads(cli("summits", "--json", ledger=path).stdout)["summits"][0]
    assert (doc["attended"], doc["represented"], doc["absent"]) == (["AAA"], ["CCC"], ["BBB"])
    history = json.loads(cli("history", "Kosmoria", "--json", ledger=path).stdout)
    assert [s["id"] for s in history["summits"]] == ["club-2005"]
    table = cli("history", "Kosmoria", ledger=path).stdout
    assert "Meetings: attended 0, represented below the usual level at 1, recorded absent from 0" in table


def test_a_state_in_two_presence_lists_is_an_error(cli, tmp_path):
    path = mini_with(tmp_path, "attended: [AAA, CCC], represented: [CCC], absent: [BBB]")
    result = cli("validate", path)
    assert result.exit_code == 1
    assert "club-2005: state 'CCC' is listed more than once in attended, represented and absent" in result.stdout


def test_represented_names_only_known_states(cli, tmp_path):
    result = cli("validate", mini_with(tmp_path, "attended: [AAA], represented: [ZZZ]"))
    assert result.exit_code == 1 and "unknown state 'ZZZ'" in result.stdout


def test_filter_by_state_and_presence(cli, tmp_path):
    path = mini_with(tmp_path, "attended: [AAA], represented: [CCC], absent: [BBB]")

    def ids(*args):
        result = cli("summits", *args, "--json", ledger=path)
        assert result.exit_code == 0, result.stderr
        return [s["id"] for s in json.loads(result.stdout)["summits"]]

    assert ids("--state", "BBB", "--absent") == ["club-2005"]
    assert ids("--state", "BBB", "--attended") == []
    assert ids("--state", "CCC", "--represented") == ["club-2005"]
    assert ids("--state", "CCC", "--attended") == []
    assert ids("--state", "CCC", "--attended", "--represented") == ["club-2005"]
    assert ids("--state", "AAA", "--state", "BBB") == ["club-2005"]
    assert ids("--state", "AAA", "--state", "BBB", "--attended") == []


def test_presence_filter_needs_a_state(cli):
    result = cli("summits", "--absent", ledger=MINI)
    assert result.exit_code == 2 and "--absent needs --state" in result.stderr
