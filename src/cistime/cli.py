"""The command line: parse arguments, call the library, hand the answer to a renderer. Nothing else.

Exit status: 0 answered; 1 the ledger is broken or invalid; 2 what was typed is wrong; 130 interrupted.
"""

from __future__ import annotations

import enum
import functools
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from . import __version__
from .dispatch import load
from .dates import DateError, parse_user_date, parse_user_period
from .loader import LedgerError
from .names import UnknownName
from .render import Format, View, write


class ExitStatus(enum.IntEnum):
    OK = 0
    ERROR = 1  # the ledger cannot be read or is invalid
    USAGE = 2  # an unknown name, an impossible date, conflicting options
    INTERRUPTED = 130


class UsageError(Exception):
    """Options that cannot go together, or a value the engine cannot use."""


# Typer's own usage errors (an unknown option, a bad --format value) are click exceptions; find the
# base class through a public name, so this works whether typer vendors click or depends on it.
_ClickException = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
_Aborts = tuple({typer.Abort, getattr(sys.modules[_ClickException.__module__], "Abort", typer.Abort)})


class OneLineErrors(TyperGroup):
    """Every usage error, typer's included, as one line on stderr and exit status 2."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            status = super().main(*args, standalone_mode=False, **kwargs)
        except _ClickException as exc:
            message = exc.format_message()
            if not message:  # `cistime` alone: the help has been shown, nothing went wrong
                sys.exit(int(ExitStatus.OK))
            say(f"cistime: error: {message}")
            sys.exit(exc.exit_code)
        except _Aborts:
            sys.exit(int(ExitStatus.INTERRUPTED))
        sys.exit(status if isinstance(status, int) else 0)


app = typer.Typer(name="cistime", cls=OneLineErrors, no_args_is_help=True, add_completion=True,
                  pretty_exceptions_enable=False,
                  help="Who belonged to the CIS, the Collective Security Treaty and the CSTO on any day, "
                       "and how each state's standing changed, with sources.")


def say(message: str) -> None:
    """One line on stderr, flushed at once (messages never mix into the data on stdout)."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def fail(message: str, status: ExitStatus) -> None:
    say(f"cistime: error: {message}")
    raise typer.Exit(int(status))


def answers(command):
    """Turn the library's exceptions into one line on stderr and a documented exit status."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (UnknownName, DateError, UsageError) as exc:
            fail(str(exc), ExitStatus.USAGE)
        except LedgerError as exc:
            fail(f"invalid ledger: {exc}", ExitStatus.ERROR)
        except KeyboardInterrupt:
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None

    return wrapper


# -- options shared by every command ----------------------------------------------------------------
def _complete_body(incomplete: str) -> list[str]:
    try:
        return [b for b in load().bodies if b.lower().startswith(incomplete.lower())]
    except Exception:  # completion must never break the shell
        return []


def _complete_state(incomplete: str) -> list[str]:
    try:
        return [s.name for s in load().states.values() if s.name.lower().startswith(incomplete.lower())]
    except Exception:
        return []


LedgerOpt = Annotated[Optional[Path], typer.Option("--ledger", envvar="CISTIME_LEDGER", metavar="FILE",
                                                   help="Use this ledger file instead of the shipped one.")]
FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", help="Output format.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
CiteOpt = Annotated[bool, typer.Option("--cite", help="Show the sources behind each row in tables.")]
BodyArg = Annotated[str, typer.Argument(help="CIS, CST or CSTO (or any name or alias they go by).",
                                        autocompletion=_complete_body)]
StateArg = Annotated[str, typer.Argument(help="A state: name, ISO code, COW code, or Russian name.",
                                         autocompletion=_complete_state)]


def pick_format(fmt: Format | None, as_json: bool) -> Format:
    if as_json and fmt not in (None, Format.json):
        raise UsageError(f"--json and --format {fmt.value} ask for two formats; give one")
    return Format.json if as_json else fmt or Format.table


def show(view: View, fmt: Format | None, as_json: bool) -> None:
    write(view, pick_format(fmt, as_json))


def day_option(text: str | None):
    return parse_user_date(text) if text is not None else parse_user_date("today")


def version_callback(value: bool) -> None:
    if value:
        print(f"cistime {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                                       help="Print the version and exit.")] = False) -> None:
    """Who belonged to the CIS, the Collective Security Treaty and the CSTO on any day, with sources."""


# -- commands -----------------------------------------------------------------------------------------
@app.command()
@answers
def members(body: BodyArg,
            on: Annotated[Optional[str], typer.Option("--on", help="The day (default today): 1999-06-01 or '1 June 1999'.")] = None,
            during: Annotated[Optional[str], typer.Option("--during", help="A year or month: 1999, 1999-04.")] = None,
            start: Annotated[Optional[str], typer.Option("--from", help="Start of a period (with --to).")] = None,
            end: Annotated[Optional[str], typer.Option("--to", help="End of a period (with --from).")] = None,
            strict: Annotated[bool, typer.Option("--strict", help="Full members only.")] = False,
            every: Annotated[bool, typer.Option("--all", help="Every state with any standing: observers, suspended, former too.")] = False,
            fmt: FormatOpt = None, as_json: JsonOpt = False, cite: CiteOpt = False, ledger: LedgerOpt = None) -> None:
    """Which states belonged to a body on a day, or at any time in a period.

    Example: cistime members CSTO --on 1999-06-01
    """
    from .views import during_view, members_view

    if strict and every:
        raise UsageError("--strict and --all contradict each other; give one")
    period_asked = during is not None or start is not None or end is not None
    if period_asked and on is not None:
        raise UsageError("--on asks about one day and --during/--from/--to about a period; give one")
    pick_format(fmt, as_json)
    data = load(ledger)
    if period_asked:
        if during is not None and (start or end):
            raise UsageError("give --during or --from/--to, not both")
        if during is not None:
            first, last = parse_user_period(during)
        else:
            if not (start and end):
                raise UsageError("--from and --to go together")
            first, last = parse_user_date(start), parse_user_date(end)
            if last < first:
                raise UsageError(f"--to {last.isoformat()} comes before --from {first.isoformat()}")
        record = data.body(body)
        answered, rows = data.members_during(record.id, first, last)
        show(during_view(data, record.id, answered, first, last, rows), fmt, as_json)
        return
    mode = "strict" if strict else "all" if every else "default"
    show(members_view(data, data.members(body, day_option(on), mode), cite), fmt, as_json)


@app.command()
@answers
def history(state: StateArg,
            body: Annotated[Optional[str], typer.Option("--body", "-b", help="Only this body.")] = None,
            fmt: FormatOpt = None, as_json: JsonOpt = False, cite: CiteOpt = False, ledger: LedgerOpt = None) -> None:
    """One state's whole path through the bodies, event by event, with sources.

    Example: cistime history Uzbekistan
    """
    from .render import write_table
    from .views import history_view, meetings_table, periods_table

    chosen = pick_format(fmt, as_json)
    data = load(ledger)
    answer = data.history(state, body)
    view = history_view(data, answer, cite)
    if chosen is Format.table:  # a person reads three tables: standings, events, meetings
        write_table(periods_table(data, answer), sys.stdout)
        write_table(view, sys.stdout)
        if answer.summits:
            write_table(meetings_table(answer), sys.stdout)
    else:
        write(view, chosen)


@app.command()
@answers
def why(state: StateArg, body: BodyArg,
        on: Annotated[Optional[str], typer.Option("--on", help="The day (default today).")] = None,
        fmt: FormatOpt = None, as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """The chain of events behind a state's standing in a body on a day, with sources and disputes.

    Example: cistime why Uzbekistan CSTO --on 2010-01-01
    """
    from .views import why_view

    pick_format(fmt, as_json)
    data = load(ledger)
    day = day_option(on)
    standing, answered, chain = data.why(state, body, day)
    show(why_view(data, data.state(state), data.body(body).id, answered, day, standing, chain), fmt, as_json)


@app.command()
@answers
def diff(body: BodyArg, start: Annotated[str, typer.Argument(metavar="FROM", help="The earlier day.")],
         end: Annotated[str, typer.Argument(metavar="TO", help="The later day.")],
         fmt: FormatOpt = None, as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """Joins, departures and changes of standing between two days.

    Example: cistime diff CST 1999-01-01 2000-01-01
    """
    from .views import diff_view

    pick_format(fmt, as_json)
    first, last = parse_user_date(start), parse_user_date(end)
    if last < first:
        raise UsageError(f"TO ({last.isoformat()}) comes before FROM ({first.isoformat()})")
    data = load(ledger)
    show(diff_view(data, data.diff(body, first, last)), fmt, as_json)


@app.command()
@answers
def events(body: Annotated[Optional[str], typer.Option("--body", "-b")] = None,
           state: Annotated[Optional[str], typer.Option("--state", "-s")] = None,
           type_: Annotated[Optional[str], typer.Option("--type", "-t", help="sign, ratify, withdraw, ...")] = None,
           start: Annotated[Optional[str], typer.Option("--from")] = None,
           end: Annotated[Optional[str], typer.Option("--to")] = None,
           fmt: FormatOpt = None, as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """The ledger's events, filtered by body, state, type and dates.

    Example: cistime events --state Georgia --type withdraw
    """
    from .names import event_type
    from .views import events_view

    pick_format(fmt, as_json)
    type_ = event_type(type_) if type_ is not None else None
    data = load(ledger)
    found = data.find_events(body, state, type_, parse_user_date(start) if start else None,
                             parse_user_date(end) if end else None)
    show(events_view(data, found), fmt, as_json)


@app.command()
@answers
def summits(body: Annotated[Optional[str], typer.Option("--body", "-b")] = None,
            year: Annotated[Optional[int], typer.Option("--year", "-y")] = None,
            state: Annotated[Optional[str], typer.Option("--state", "-s", help="Meetings it attended or missed.")] = None,
            fmt: FormatOpt = None, as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """Summits and councils: date, place, body, kind, who came and who stayed away.

    Example: cistime summits --body CSTO --year 2012
    """
    from .views import summits_view

    pick_format(fmt, as_json)
    data = load(ledger)
    show(summits_view(data, data.find_summits(body, year, state)), fmt, as_json)


@app.command()
@answers
def panel(body: Annotated[Optional[list[str]], typer.Option("--body", "-b", help="Repeat for several; default all.")] = None,
          freq: Annotated[str, typer.Option("--freq", help="year, month or day.")] = "year",
          start: Annotated[str, typer.Option("--from")] = "1991-12-08",
          end: Annotated[Optional[str], typer.Option("--to", help="Default today.")] = None,
          fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.csv,
          codes: Annotated[Optional[str], typer.Option("--codes", help="cow: COW IGO numbers (0 none, 1 full, 2 associate, 3 observer).")] = None,
          ledger: LedgerOpt = None) -> None:
    """A long state-by-time panel for statistics, streamed row by row.

    Example: cistime panel --body CIS --freq year --from 1991-12-08 --to 2014-12-31 --codes cow
    """
    from .panel import bounded, write_panel, write_panel_csv

    if freq not in ("year", "month", "day"):
        raise UsageError(f"--freq must be year, month or day, not '{freq}'")
    if codes not in (None, "cow"):
        raise UsageError(f"--codes knows only 'cow', not '{codes}'")
    if fmt is Format.table:
        raise UsageError("a panel is for scripts: use --format csv, json or ndjson")
    first, last = parse_user_date(start), day_option(end)
    if last < first:
        raise UsageError(f"--to {last.isoformat()} comes before --from {first.isoformat()}")
    data = load(ledger)
    first, last, note = bounded(data, first, last)  # rows only where the ledger can say anything
    if note:
        say(f"cistime: note: {note}")
    if fmt is Format.csv:
        write_panel_csv(data, body, freq, first, last, codes == "cow", sys.stdout)
    else:
        write_panel(data.panel(body, freq, first, last), fmt, codes == "cow", sys.stdout)


@app.command()
@answers
def timeline(body: Annotated[Optional[list[str]], typer.Argument(help="Bodies to draw (default: all).",
                                                                  autocompletion=_complete_body)] = None,
             start: Annotated[str, typer.Option("--from", help="First day drawn.")] = "1991-12-01",
             end: Annotated[Optional[str], typer.Option("--to", help="Last day drawn (default today).")] = None,
             svg_file: Annotated[Optional[Path], typer.Option("--svg", metavar="FILE",
                                                              help="Also write the picture to an SVG file.")] = None,
             ledger: LedgerOpt = None) -> None:
    """A picture of the story: a row per state, a bar per standing, a year axis and a legend.

    Example: cistime timeline CST CSTO --from 1992-01-01 --svg csto.svg
    """
    from . import timeline as draw

    first, last = parse_user_date(start), day_option(end)
    if last <= first:
        raise UsageError(f"--to {last.isoformat()} must come after --from {first.isoformat()}")
    data = load(ledger)
    chosen = [data.body(b).id for b in body] if body else list(data.bodies)
    draw.print_terminal(data, chosen, first, last, sys.stdout)
    if svg_file:
        try:
            svg_file.write_text(draw.svg(data, chosen, first, last), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {svg_file}: {exc.strerror or exc}") from None
        say(f"wrote {svg_file}")


@app.command()
@answers
def bodies(fmt: FormatOpt = None, as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """The bodies the ledger knows, with their names, aliases and lineage.

    Example: cistime bodies
    """
    from .views import bodies_view

    pick_format(fmt, as_json)
    show(bodies_view(load(ledger)), fmt, as_json)


@app.command()
@answers
def states(fmt: FormatOpt = None, as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """The states the ledger knows, with codes and the other names they go by.

    Example: cistime states --format csv
    """
    from .views import states_view

    pick_format(fmt, as_json)
    show(states_view(load(ledger)), fmt, as_json)


@app.command()
@answers
def sources(fmt: FormatOpt = None, as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """Every source the ledger cites: title, publisher, date, and where to find it.

    Example: cistime sources --json
    """
    from .views import sources_view

    pick_format(fmt, as_json)
    show(sources_view(load(ledger)), fmt, as_json)


@app.command()
@answers
def validate(path: Annotated[Optional[Path], typer.Argument(help="Ledger file (default: the one in use).")] = None,
             ledger: LedgerOpt = None) -> None:
    """Check a ledger: schema, chronology and sources. Exits 1 when it finds errors.

    Example: cistime validate data/events.yaml
    """
    from . import default_ledger_path
    from .validate import check

    target = path or ledger or default_ledger_path()
    errors, warnings, data = check(target)
    for problem in errors:
        print(f"error: {problem}")
    for problem in warnings:
        print(f"warning: {problem}")
    if data is not None:
        print(f"{target}: {len(data.events)} events, {len(data.summits)} meetings, {len(data.sources)} sources, "
              f"{len(data.states)} states, {len(data.bodies)} bodies")
    print(f"{len(errors)} error(s), {len(warnings)} warning(s)")
    if errors:
        raise typer.Exit(int(ExitStatus.ERROR))


def main() -> None:
    """The console script: answer, flush, and leave without tearing down what the answer built."""
    import os

    from .dispatch import run_quickly

    try:
        status = run_quickly(app, sys.argv[1:])
        if status is None:
            app(prog_name="cistime")
    except SystemExit as exc:
        if exc.code not in (None, 0):
            raise
    else:
        if status:
            sys.exit(status)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # a closed pipe or stream: let the interpreter's own exit report it
    # Freeing a large ledger object by object can take longer than answering from it; the output
    # is written and flushed, and nothing else is pending, so skip it.
    os._exit(0)


@app.command()
@answers
def ask(files: Annotated[Optional[list[Path]], typer.Argument(
            metavar="FILE", help="Files of questions (default: standard input).")] = None,
        ledger: LedgerOpt = None) -> None:
    """Answer many questions in one run: one command line per line in, one JSON document per line out.

    Each line is what you would type after `cistime`; each answer is what it prints with --json, on one line.

    A failing line answers {"error", "status", "line"} and the run goes on; blank lines and # comments are skipped.

    Exits 2 if any line failed.

    Example: cistime ask questions.txt > answers.ndjson
    """
    import json
    import shlex

    from .dispatch import answer_line, error_doc, json_args, ledgers_kept
    from .render import one_line_json

    failed = False
    with ledgers_kept(ledger), one_line_json():
        for number, text in _question_lines(files):
            try:
                words = text.split() if text.isascii() and not _QUOTING & set(text) else shlex.split(text)
                argv = json_args(app, words)
            except ValueError as exc:
                status, out, err = int(ExitStatus.USAGE), "", str(exc)
            else:
                status, out, err = answer_line(app, argv)
            if status == 0:
                if out.startswith("{") and out.find("\n") == len(out) - 1:  # a document written on one line
                    sys.stdout.write(out)
                    continue
                try:  # a panel's array, or something that is not JSON at all (help, --version)
                    sys.stdout.write(json.dumps(json.loads(out), ensure_ascii=False, separators=(",", ":")) + "\n")
                    continue
                except ValueError:
                    status, err = int(ExitStatus.USAGE), "the answer is not JSON; ask for --format json"
            failed = True
            message = err.strip().splitlines()[-1] if err.strip() else f"exit status {status}"
            sys.stdout.write(error_doc(message.removeprefix("cistime: error: "), status, number) + "\n")
        sys.stdout.flush()
    if failed:
        raise typer.Exit(int(ExitStatus.USAGE))


_QUOTING = set("'\"\\\x0b\x0c")  # a line without these splits on spaces alone, as the shell would


def _question_lines(files: list[Path] | None):
    """(line number, text) of every question: blank lines and # comments skipped; numbered per file."""
    if not files:
        sources = [sys.stdin]
    else:
        sources = []
        for name in files:
            try:
                sources.append(open(name, encoding="utf-8"))
            except OSError as exc:
                raise UsageError(f"cannot read {name}: {exc.strerror or exc}") from None
    for handle in sources:
        for number, text in enumerate(handle, start=1):
            text = text.strip()
            if text and not text.startswith("#"):
                yield number, text
