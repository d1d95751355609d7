"""The documents that quote the tool stay true: regenerate them and compare."""

import io
import re
import runpy
import shlex
from contextlib import redirect_stdout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def test_cow_comparison_is_current():
    script = ROOT / "docs" / "cow_comparison.py"
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        runpy.run_path(str(script), run_name="__main__")
    assert buffer.getvalue() == (ROOT / "docs" / "cow-comparison.md").read_text(encoding="utf-8"), \
        "docs/cow-comparison.md is stale: python docs/cow_comparison.py > docs/cow-comparison.md"


def readme_examples():
    text = README.read_text(encoding="utf-8")
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        command, _, output = block.partition("\n")
        assert re.match(r"\$ (COLUMNS=\d+ )?cistime ", command), command
        yield command[2:], output


@pytest.mark.parametrize("command,output", list(readme_examples()), ids=lambda v: v[:60] if isinstance(v, str) else "")
def test_readme_examples_print_what_the_readme_says(cli, monkeypatch, command, output):
    words = shlex.split(command)
    columns = words.pop(0).split("=", 1)[1] if words[0].startswith("COLUMNS=") else "100"
    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.chdir(ROOT)  # the examples are run from the top of the repository
    result = cli(*words[1:])
    assert result.stdout == output, f"README is stale for `{command}`: python docs/readme.py"


def test_readme_quick_start_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    quick = README.read_text(encoding="utf-8").split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^\s*(python3 -m venv .*)$", quick, re.M)
    assert len(commands) == 2
    assert commands[1] in ci


def test_seed_cards_list_the_entries_that_cite_them(ledger):
    import importlib.util

    spec = importlib.util.spec_from_file_location("seed_cards", ROOT / "docs" / "seed_cards.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = list(module.cards(ledger))
    assert len(found) == 5
    for card, source_id in found:
        assert card.read_text(encoding="utf-8") == module.refreshed(ledger, card, source_id), \
            f"{card.name} is stale: python docs/seed_cards.py"
        assert "`" in module.cited_by(ledger, source_id)  # every seed is cited by at least one entry
