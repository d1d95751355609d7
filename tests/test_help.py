"""Help that reads like the tool: no type placeholders, one metavar style, a help text for every
option, -h as well as --help, and errors in one plain line."""

import io
import re
import runpy
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import typer.main

from cistime.cli import app

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = sorted(typer.main.get_command(app).commands)
PLACEHOLDER = re.compile(r"<(str|bool|int|path|list|table|Path)")


@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS]], ids=lambda c: " ".join(c) or "cistime")
def test_help_shows_no_type_placeholders(cli, command):
    result = cli(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert not PLACEHOLDER.search(result.stdout), PLACEHOLDER.search(result.stdout).group()
    assert cli(*command, "-h").stdout == result.stdout


def test_value_options_show_one_metavar_style(cli):
    out = cli("members", "--help").stdout
    assert re.search(r"--on +DATE ", out) and re.search(r"--during +PERIOD ", out)
    assert re.search(r"--strict +Full members only", out)  # a switch shows no value
    assert re.search(r"--body +-b +BODY ", cli("events", "--help").stdout)


def test_every_option_and_argument_has_help():
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        for param in command.params:
            assert (param.help or "").strip(), (name, param.name)
            if param.param_type_name == "option" and not param.is_flag:
                assert param.metavar and param.metavar.isupper(), (name, param.name, param.metavar)


def test_body_help_names_every_body_in_the_ledger(cli, ledger):
    out = " ".join(cli("members", "--help").stdout.split())
    assert f"Any of the {len(ledger.bodies)}" in out or "Any of the eleven bodies" in out
    assert len(ledger.bodies) == 11
    for body in ledger.bodies:
        assert re.search(rf"\b{body}\b", out), body


@pytest.mark.parametrize("args,message", [
    (["members", "CIS", "--format", "xml"], "cistime: error: --format must be table, json, csv, ndjson, bibtex or csl, not 'xml'\n"),
    (["summits", "--year", "abc"], "cistime: error: --year takes a whole number, not 'abc'\n"),
])
def test_errors_are_one_plain_line(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert "Value error" not in result.stderr and "Input should be" not in result.stderr
    assert result.stderr.count("\n") == 1 and args[-1] in result.stderr
    if tuple(int(n) for n in typer.__version__.split(".")[:2]) >= (0, 29):  # earlier ones word it as click does
        assert result.stderr == message


def test_cli_reference_is_current():
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        runpy.run_path(str(ROOT / "docs" / "cli_reference.py"), run_name="__main__")
    assert buffer.getvalue() == (ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), \
        "docs/cli.md is stale: python docs/cli_reference.py > docs/cli.md"
    for command in COMMANDS:
        assert f"## cistime {command}\n" in buffer.getvalue()
