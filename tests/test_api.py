"""The Python API as a user imports it: every example in docs/api.md runs, and the package is typed."""

import doctest
import re

import pytest
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


def test_the_api_takes_names_dates_as_text_and_lists(ledger):
    """The same argument order everywhere (state, body, day), days as text or date, one name or a list."""
    import datetime as dt

    assert ledger.standing("Armenia", "CSTO", "2010-01-01") == ledger.standing("ARM", "ОДКБ", dt.date(2010, 1, 1))
    answer = ledger.why("Armenia", "CSTO", "2010-01-01")
    assert answer.standing == ledger.standing("Armenia", "CSTO", "2010-01-01") and answer.answered_by == "CSTO"
    during = ledger.members_during("CSTO", "1999-01-01", "1999-12-31")
    assert during.answered_by == "CST" and {r.state.iso3 for r in during.members} >= {"ARM", "UZB"}
    both = ledger.find_events(state=["Georgia", "Armenia"], body="CIS")
    assert {c for e in both for c in e.states} & {"GEO", "ARM"} == {"GEO", "ARM"}
    assert all({"GEO", "ARM"} & set(e.states) for e in both)
    assert len(both) == len(ledger.find_events("CIS", "GEO")) + len(ledger.find_events("CIS", "ARM")) - len(
        [e for e in ledger.find_events("CIS", "GEO") if "ARM" in e.states])
    rows = list(ledger.panel("CIS", "year", "2010-01-01", "2010-12-31"))
    assert rows and all(r["body"] == "CIS" for r in rows)
    with pytest.raises(ValueError, match="mode must be one of"):
        ledger.members("CIS", "2010-01-01", "everything")


def test_repeated_filters_are_all_honoured(cli):
    import json

    one = json.loads(cli("events", "--state", "Georgia", "--json").stdout)["events"]
    two = json.loads(cli("events", "--state", "Georgia", "--state", "Armenia", "--json").stdout)["events"]
    assert {"ARM", "GEO"} <= {c for e in two for c in e["states"]} and len(two) > len(one)
    kinds = json.loads(cli("events", "--type", "sign", "--type", "withdraw", "--json").stdout)["events"]
    assert {e["type"] for e in kinds} == {"sign", "withdraw"}
