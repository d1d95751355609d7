"""The Python API as a user imports it: every example in docs/api.md runs, and the package is typed."""

import doctest
import re
from pathlib import Path

import cistime
from cistime.engine import Ledger

ROOT = Path(__file__).resolve().parent.parent
API = ROOT / "docs" / "api.md"


def test_every_example_in_the_api_page_runs():
    text = API.read_text(encoding="utf-8")
    blocks = [(text[:m.start()].count("\n") + 1, m.group(1)) for m in re.finditer(r"```pycon\n(.*?)```", text, re.S)]
    assert len(blocks) >= 10
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    shared: dict = {}
    for line, block in blocks:
        test = parser.get_doctest(block, shared, f"docs/api.md:{line}", str(API), line)
        runner.run(test, clear_globs=False)
        shared.update(test.globs)  # each block goes on from the ones before it, as in one session
    assert runner.failures == 0, f"{runner.failures} example(s) in docs/api.md print something else"


def test_the_api_page_covers_every_documented_call():
    text = API.read_text(encoding="utf-8")
    for call in ("load", "state", "body", "members", "members_during", "standing", "why", "history", "diff",
                 "find_events", "find_summits", "panel"):
        assert re.search(rf"`(cistime\.)?{call}\(", text), call


def test_public_calls_have_docstrings():
    for name in ("history", "find_events", "find_summits", "standing", "state", "body", "members", "why", "diff",
                 "members_during", "panel"):
        assert (getattr(Ledger, name).__doc__ or "").strip(), name


def test_the_package_says_it_is_typed():
    # In an installed (not editable) package this is the file the wheel shipped.
    assert (Path(cistime.__file__).parent / "py.typed").is_file()
