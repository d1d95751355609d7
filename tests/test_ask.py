"""`cistime ask`: many questions in one run, each answer the same JSON the single command prints."""

import json
import os
import subprocess

import pytest
from typer.testing import CliRunner

import cistime
from cistime.cli import app
from conftest import MINI
from test_installed import SCRIPT, run

# A line of every kind of command that has a JSON answer, on the shipped ledger.
QUESTIONS = [
    "members CSTO --on 1999-06-01",
    "members CIS --on 2010-01-01 --strict",
    "members CIS --on 2010-01-01 --all",
    "members CST --during 1999",
    "members CIS --from 2009-01-01 --to 2010-01-01",
    "history UZB",
    "history Georgia --body CIS",
    "why Georgia CIS --on 2009-01-01",
    "why 'Uzbekistan' CSTO --on 2010-01-01",
    "diff CST 1999-01-01 2000-01-01",
    "events --state Georgia --type withdraw",
    "summits --body CSTO --year 2012",
    "panel --body CSTO --from 2000-01-01 --to 2003-06-30 --freq year --codes cow",
    "bodies",
    "states",
    "sources",
]


def runner():
    try:  # click before 8.2 mixes stderr into stdout unless told not to
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()


def ask(text, *args):
    return runner().invoke(app, ["ask", *args], input=text, catch_exceptions=False)


def single(cli, line):
    """What the single command prints with JSON asked for."""
    import shlex

    argv = shlex.split(line)
    result = cli(*argv, *(["--format", "json"] if argv[0] == "panel" else ["--json"]))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_answers_equal_the_single_commands(cli):
    result = ask("\n".join(QUESTIONS) + "\n")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(QUESTIONS)
    for line, question in zip(lines, QUESTIONS):
        assert json.loads(line) == single(cli, question), question
    assert json.loads(lines[0])["answered_by"] == "CST"
    assert [m["iso3"] for m in json.loads(lines[0])["members"]] == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


def test_answers_from_files_and_a_custom_ledger(cli, tmp_path):
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text("members NEW --on 2012-06-01\n", encoding="utf-8")
    second.write_text("history Borduria\nmembers OLD --on 2005-06-01 --all\n", encoding="utf-8")
    result = ask("", str(first), str(second), "--ledger", str(MINI))
    assert result.exit_code == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert docs == [json.loads(cli("members", "NEW", "--on", "2012-06-01", "--json", ledger=MINI).stdout),
                    json.loads(cli("history", "Borduria", "--json", ledger=MINI).stdout),
                    json.loads(cli("members", "OLD", "--on", "2005-06-01", "--all", "--json", ledger=MINI).stdout)]


def test_bad_lines_give_an_error_document_and_the_run_goes_on():
    text = ("members CTSO --on 1999-06-01\n"
            "members CSTO --on 1999-06-01\n"
            "members CIS --bogus\n"
            "site atlas\n"
            "members CIS --on 1999-02-30\n"
            "members CIS --format csv\n")
    result = ask(text)
    assert result.exit_code == 2
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(docs) == 6
    errors = [d for d in docs if "error" in d]
    assert [set(d) for d in errors] == [{"error", "status", "line"}] * 5
    assert [(d["line"], d["status"]) for d in errors] == [(1, 2), (3, 2), (4, 2), (5, 2), (6, 2)]
    assert errors[0]["error"].startswith("no body named 'CTSO' (did you mean 'CSTO'")
    assert errors[1]["error"] == "No such option: --bogus"
    assert "no JSON answer" in errors[2]["error"]
    assert "'1999-02-30' is not a real date" in errors[3]["error"]
    assert "two formats" in errors[4]["error"]
    assert docs[1]["body"] == "CSTO" and docs[1]["count"] == 6


def test_a_broken_ledger_on_one_line_is_status_1(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("meta: [\n", encoding="utf-8")
    result = ask(f"members CIS --on 2000-01-01 --ledger {broken}\nmembers CIS --on 2000-01-01\n")
    assert result.exit_code == 2
    error, answer = [json.loads(line) for line in result.stdout.splitlines()]
    assert error["status"] == 1 and error["line"] == 1 and error["error"].startswith("invalid ledger: ")
    assert answer["body"] == "CIS" and answer["count"] == 12


def test_comments_and_blank_lines_are_skipped_and_lines_keep_their_numbers():
    result = ask("# a comment\n\n   \nmembers CSTO --on 1999-06-01\n  # indented comment\nhistory Narnia\n")
    assert result.exit_code == 2
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(docs) == 2 and docs[0]["body"] == "CSTO"
    assert (docs[1]["status"], docs[1]["line"]) == (2, 6) and docs[1]["error"].startswith("no state named 'Narnia'")


def test_nothing_to_ask_is_no_failure():
    result = ask("# only a comment\n\n")
    assert result.exit_code == 0 and result.stdout == ""


def test_the_ledger_loads_once(monkeypatch):
    loads = []
    real = cistime.load
    monkeypatch.setattr(cistime, "load", lambda path=None: loads.append(path) or real(path))
    result = ask("members CIS --on 2000-01-01\nwhy Georgia CIS --on 2009-01-01\nbodies\n"
                 f"members NEW --on 2012-06-01 --ledger {MINI}\nhistory Borduria --ledger {MINI}\n")
    assert result.exit_code == 0, result.stderr
    assert len(loads) == 2


@pytest.mark.skipif(SCRIPT is None, reason="cistime is not installed in this environment")
def test_installed_script_answers_one_line_each(tmp_path):
    result = run(tmp_path, "ask", stdin="members CSTO --on 1999-06-01\n\nmembers Narnia\n")
    assert result.returncode == 2, result.stderr
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    single = subprocess.run([SCRIPT, "members", "CSTO", "--on", "1999-06-01", "--json"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert first == json.loads(single.stdout)
    assert second == {"error": "no body named 'Narnia': it is not one of the 11 bodies the ledger covers",
                      "status": 2, "line": 3}


def test_the_ledger_given_to_ask_beats_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CISTIME_LEDGER", str(tmp_path / "missing.yaml"))
    result = ask("members NEW --on 2012-06-01\n", "--ledger", str(MINI))
    assert result.exit_code == 0, result.stdout
    assert [m["iso3"] for m in json.loads(result.stdout)["members"]] == ["AAA"]
    assert os.environ["CISTIME_LEDGER"] == str(tmp_path / "missing.yaml")
