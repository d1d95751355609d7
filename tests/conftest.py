import datetime as dt
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cistime
from cistime.cli import app

HERE = Path(__file__).parent
MINI = HERE / "ledgers" / "mini.yaml"


def pytest_configure(config):
    # Keep the parse cache of these tests away from the user's own cache folder.
    import tempfile

    os.environ["CISTIME_CACHE"] = tempfile.mkdtemp(prefix="cistime-test-cache-")


@pytest.fixture(scope="session")
def mini():
    return cistime.load(MINI)


@pytest.fixture(scope="session")
def ledger():
    return cistime.load()


@pytest.fixture
def cli(monkeypatch):
    """Run the CLI in-process; returns the click Result (stdout and stderr kept apart)."""
    monkeypatch.delenv("CISTIME_LEDGER", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    try:  # click before 8.2 mixes stderr into stdout unless told not to
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()

    def run(*args, ledger=None):
        argv = [str(a) for a in args] + (["--ledger", str(ledger)] if ledger else [])
        return runner.invoke(app, argv, catch_exceptions=False)

    return run


def edited_ledger(tmp_path, *edits, name="edited.yaml"):
    """The small test ledger with some (old, new) text edits, written to a temporary file."""
    text = MINI.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def d(text):
    return dt.date.fromisoformat(text)
