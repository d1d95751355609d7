"""Refresh the example outputs in README.md: every ```console block that starts with `$ cistime ...`
is run (100 columns unless it starts `$ COLUMNS=N cistime ...`, no colour) and its output replaced.
Usage: python docs/readme.py"""

import os
import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from cistime.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> None:
    os.environ.update(COLUMNS="100", NO_COLOR="1")
    os.chdir(README.parent)  # the examples are run from the top of the repository
    os.environ.pop("CISTIME_LEDGER", None)
    runner = CliRunner()

    def refresh(match: re.Match) -> str:
        command = match.group(1)
        columns, args = split_command(command)
        result = runner.invoke(app, args, env={"COLUMNS": columns})
        return f"```console\n$ {command}\n{result.stdout}```"

    text = README.read_text(encoding="utf-8")
    README.write_text(re.sub(r"```console\n\$ ((?:COLUMNS=\d+ )?cistime [^\n]*)\n.*?```", refresh, text, flags=re.S),
                      encoding="utf-8")


def split_command(command: str) -> tuple[str, list[str]]:
    """'COLUMNS=80 cistime members CIS' -> ('80', ['members', 'CIS']); 100 columns unless told."""
    words = shlex.split(command)
    columns = words.pop(0).split("=", 1)[1] if words[0].startswith("COLUMNS=") else "100"
    assert words[0] == "cistime", command
    return columns, words[1:]


if __name__ == "__main__":
    main()
