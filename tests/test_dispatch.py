"""The console script's short cut answers exactly as typer would, or hands the line to typer."""

import contextlib
import io
import json

import pytest
from typer.testing import CliRunner

from cases import BAD_INPUT
from cistime import cli, dispatch
from cistime.cli import app
from conftest import MINI

LINES = [
    ["members", "CSTO", "--on", "1999-06-01", "--json"],
    ["members", "CSTO", "--on", "1999-06-01"],
    ["members", "CIS", "--on=2010-01-01", "--strict", "-f", "csv"],
    ["members", "CIS", "--during", "1999", "--format", "ndjson"],
    ["members", "CIS", "--from", "2009-01-01", "--to", "2010-01-01", "--cite"],
    ["members", "NEW", "--on", "2012-06-01", "--all", "--json", "--ledger", str(MINI)],
    ["history", "UZB", "--body", "CSTO", "--json"],
    ["why", "Georgia", "CIS", "--on", "2009-01-01", "--json"],
    ["diff", "CST", "1999-01-01", "2000-01-01", "--format", "csv"],
    ["events", "--state", "Georgia", "--type", "withdraw", "--json"],
    ["summits", "--body", "CSTO", "--year", "2012", "--json"],
    ["panel", "--body", "CIS", "-b", "CSTO", "--from", "2000-01-01", "--to", "2002-12-31", "--codes", "cow"],
    ["timeline", "CST", "CSTO", "--from", "1992-01-01", "--to", "2005-01-01"],
    ["bodies", "--format", "csv"],
    ["states", "--json"],
    ["sources", "--format", "ndjson"],
]


def quick(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = dispatch.run_quickly(argv)
    return status, out.getvalue(), err.getvalue()


def by_typer(argv):
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    result = runner.invoke(app, argv, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def plain_terminal(monkeypatch):
    monkeypatch.delenv("CISTIME_LEDGER", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.mark.parametrize("argv", LINES, ids=" ".join)
def test_every_command_takes_the_short_cut_and_answers_as_typer_does(plain_terminal, argv):
    status, out, err = quick(argv)
    assert status is not None, "handed to typer"
    assert (status, out, err) == by_typer(argv)
    assert status == 0 and out


@pytest.mark.parametrize("argv", [args for args, _, _ in BAD_INPUT], ids=" ".join)
def test_bad_input_says_what_typer_says(plain_terminal, argv):
    status, out, err = quick(argv)
    if status is not None:  # else typer answers it, as it always did
        assert (status, out, err) == by_typer(argv)
        assert status == 2 and err.startswith("cistime: error: ")


@pytest.mark.parametrize("argv", [["members"], ["members", "CIS", "--bogus"], ["membrs", "CIS"], ["--version"],
                                  ["members", "--help"], ["members", "CIS", "--on"], ["summits", "--year", "x"],
                                  ["members", "CIS", "--format", "yaml"], ["members", "CIS", "extra"],
                                  ["summits", "--year", " 2012"], ["summits", "--year=1_999"], ["summits", "--year", "-5"],
                                  ["members", "CIS", "-f", "JSON"], ["validate", ""], ["members", "-h"]])
def test_what_typer_must_say_goes_to_typer(argv):
    assert dispatch.run_quickly(argv) is None


def test_completion_goes_to_typer(monkeypatch):
    monkeypatch.setenv("_CISTIME_COMPLETE", "complete_bash")
    assert dispatch.run_quickly(["members", "CSTO", "--on", "1999-06-01", "--json"]) is None


def test_the_ledger_from_the_environment(monkeypatch):
    monkeypatch.setenv("CISTIME_LEDGER", str(MINI))
    status, out, _ = quick(["members", "CLUB", "--on", "2005-01-01", "--all", "--format", "csv"])
    assert status == 0 and out.splitlines()[1].startswith("Aland,AAA,observer")


def test_the_shipped_table_is_what_typer_reads_from_cli_py():
    """commands.json is made from cli.py (`python -m cistime.dispatch`); run that after changing an option."""
    shipped = json.loads(dispatch.TABLE.read_text(encoding="utf-8"))
    assert shipped["cli_crc32"] == dispatch._cli_digest(), "cli.py changed: run python -m cistime.dispatch"
    assert shipped["commands"] == dispatch.read_commands(app)
    assert set(shipped["commands"]) == set(cli.COMMANDS)


def test_a_table_made_from_another_cli_py_is_not_used(monkeypatch, tmp_path):
    stale = json.loads(dispatch.TABLE.read_text(encoding="utf-8"))
    stale["cli_crc32"] += 1
    stale["commands"]["members"] = []  # would refuse every members line
    path = tmp_path / "commands.json"
    path.write_text(json.dumps(stale), encoding="utf-8")
    monkeypatch.setattr(dispatch, "TABLE", path)
    monkeypatch.setattr(dispatch, "_table", None)
    assert dispatch.table()["members"] == dispatch.read_commands(app)["members"]
    assert dispatch.kwargs(dispatch.table()["members"], ["CIS", "--on", "1999-06-01"]) is not None


def test_without_cli_py_to_check_the_table_typer_reads_the_commands(monkeypatch):
    monkeypatch.setattr(dispatch, "_cli_digest", lambda: None)  # installed without its sources
    monkeypatch.setattr(dispatch, "_table", None)
    assert dispatch.table() == dispatch.read_commands(app)
    assert dispatch.run_quickly(["members", "CSTO", "--on", "1999-06-01", "--json"]) == 0
