"""Bad input and edge cases, run both in-process (test_cli.py) and against the installed script
(test_installed.py): (arguments, exit status, text that stderr must contain)."""

BAD_INPUT = [
    (["members", "CTSO"], 2, "no body named 'CTSO' (did you mean 'CSTO'"),
    (["members", "Comonwealth"], 2, "did you mean"),
    (["history", "Uzbekstan"], 2, "did you mean 'Uzbekistan'"),
    (["history", "Narnia"], 2, "no state named 'Narnia'"),
    (["why", "Narnia", "CIS"], 2, "no state named 'Narnia'"),
    (["members", "CIS", "--on", "1999-02-30"], 2, "'1999-02-30' is not a real date"),
    (["members", "CIS", "--on", "99-1-1"], 2, "ambiguous"),
    (["members", "CIS", "--on", ""], 2, "empty"),
    (["members", "CIS", "--on", "next tuesday-ish"], 2, "tool can read"),
    (["members", "CIS", "--on", "1999"], 2, "--during 1999"),
    (["members", "CIS", "--during", "1999-13"], 2, "not a real month"),
    (["members", "CIS", "--strict", "--all"], 2, "--strict and --all"),
    (["members", "CIS", "--json", "--format", "csv"], 2, "two formats"),
    (["members", "CIS", "--on", "2000-01-01", "--during", "1999"], 2, "--on asks about one day"),
    (["members", "CIS", "--from", "2000-01-01"], 2, "--from and --to go together"),
    (["members", "CIS", "--format", "yaml"], 2, "yaml"),
    (["diff", "CST", "2000-01-01", "1999-01-01"], 2, "comes before"),
    (["events", "--type", "ratfy"], 2, "did you mean 'ratify'"),
    (["panel", "--freq", "week"], 2, "--freq must be year, month or day"),
    (["panel", "--codes", "iso"], 2, "--codes knows only 'cow'"),
    (["panel", "--format", "table"], 2, "a panel is for scripts"),
    (["timeline", "--from", "2000-01-01", "--to", "1999-01-01"], 2, "must come after"),
]

# Dates outside the ledger answer with exit 0 and a note giving the span and the review date.
OUTSIDE = [
    (["members", "CIS", "--on", "1985-01-01", "--json"], "before the ledger begins"),
    (["members", "CSTO", "--on", "2090-01-01", "--json"], "after the ledger was last reviewed"),
]

# Typer's own usage errors are reported the same way.
BAD_INPUT += [
    (["membrs", "CIS"], 2, "No such command 'membrs'"),
    (["members"], 2, "Missing argument"),
    (["members", "CIS", "--bogus"], 2, "No such option"),
]
