"""The command line: parse arguments, call the library, hand the answer to a renderer. Nothing else.

Exit status: 0 answered; 1 the ledger is broken or invalid; 2 what was typed is wrong; 74 the output
cannot be written; 130 interrupted; 141 whoever read the output closed the pipe early.

This module imports without typer. The commands are plain functions: their typer annotations stay
text (`from __future__ import annotations`) until the app is built (`build_app`, on first use of
`app`), which is when typer reads them. So a command line the quick path understands (dispatch.py)
is answered without importing typer at all, while help, completion and every other line are typer's.
"""

from __future__ import annotations

import datetime as dt
import enum
import errno
import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Callable, Optional

from . import __version__
from .dispatch import load
from .dates import DateError, parse_user_date, parse_user_period
from .loader import LedgerError
from .names import UnknownName
from .render import CITATION_FORMATS, Format, View, literal, write

if TYPE_CHECKING:
    import typer


class ExitStatus(enum.IntEnum):
    OK = 0
    ERROR = 1  # the ledger cannot be read or is invalid
    USAGE = 2  # an unknown name, an impossible date, conflicting options, an argument too long
    OUTPUT = 74  # the output cannot be written: a full disk, an I/O error, stdout closed (sysexits' EX_IOERR)
    INTERRUPTED = 130
    CLOSED_PIPE = 141  # the reader went away (`| head`): quietly, as a shell reports a process ended by SIGPIPE


MAX_ARGUMENT = 4096  # characters: the longest path Linux takes; anything longer is refused unread
# Errors that mean the output itself failed, when they reach the command line from writing an answer.
_OUTPUT_ERRNOS = {errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG, getattr(errno, "EDQUOT", -1)}


class UsageError(Exception):
    """Options that cannot go together, or a value the engine cannot use."""


class CommandExit(Exception):
    """A command ends with this exit status, having said why on stderr (or, with 0, having printed
    what was asked, as --version does)."""

    def __init__(self, status: int = 0):
        super().__init__(status)
        self.status = int(status)


def click_errors() -> tuple[type, tuple[type, ...]]:
    """Typer's own usage error and abort classes (click's), found through public names, so this works
    whether typer vendors click or depends on it. Only asked for once typer has been imported."""
    import typer

    error = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    return error, tuple({typer.Abort, getattr(sys.modules[error.__module__], "Abort", typer.Abort)})


class OutputFailed(Exception):
    """Writing the answer failed; not an OSError, so click leaves it to us."""

    def __init__(self, cause: OSError):
        super().__init__(cause.strerror or str(cause))
        self.closed_pipe = cause.errno == errno.EPIPE


def _guarded(argv, run) -> None:
    """Run a command line under every guard and exit with the documented status, never a traceback:
    usage errors as one line and 2, output faults as 74 (or 141, quietly, for a closed pipe), Ctrl-C 130."""
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        say("cistime: error: cannot write the output: stdout is closed")
        sys.exit(int(ExitStatus.OUTPUT))
    _tolerate_encoding()
    try:
        _refuse_long(argv)
        status = run()
        sys.stdout.flush()
    except CommandExit as exc:
        sys.exit(exc.status)
    except UsageError as exc:  # an argument refused before any command ran
        say(f"cistime: error: {exc}")
        sys.exit(int(ExitStatus.USAGE))
    except OutputFailed as exc:
        sys.exit(_output_failed(exc.closed_pipe, str(exc)))
    except OSError as exc:  # help or a message written outside a command, or the last flush
        if exc.errno not in _OUTPUT_ERRNOS:
            raise
        sys.exit(_output_failed(exc.errno == errno.EPIPE, exc.strerror or str(exc)))
    except Exception as exc:
        if "typer" not in sys.modules:
            raise
        click_error, aborts = click_errors()
        if isinstance(exc, aborts):
            sys.exit(int(ExitStatus.INTERRUPTED))
        if not isinstance(exc, click_error):
            raise
        message = _plainly(exc)
        if not message:  # `cistime` alone: the help has been shown, nothing went wrong
            sys.exit(int(ExitStatus.OK))
        say(f"cistime: error: {message}")
        sys.exit(exc.exit_code)
    sys.exit(status if isinstance(status, int) else 0)


def _refuse_long(argv) -> None:
    """One check for every argument: a huge one is refused at once, and never echoed whole."""
    for arg in argv:
        if isinstance(arg, str) and len(arg) > MAX_ARGUMENT:
            raise UsageError(f"an argument of {len(arg):,} characters is too long (at most {MAX_ARGUMENT:,}): "
                             f"'{arg[:24]}...'")


def _tolerate_encoding() -> None:
    """On a stdout that cannot carry UTF-8 (a Latin-1 locale, say), show what it cannot encode as escapes."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass


def _output_failed(closed_pipe: bool, reason: str) -> int:
    """Say why the output failed (a closed pipe needs no words) and send what is left to /dev/null,
    so the interpreter's last flush fails no more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
    if closed_pipe:
        return int(ExitStatus.CLOSED_PIPE)
    say(f"cistime: error: cannot write the output: {reason}")
    return int(ExitStatus.OUTPUT)


def _no_type_placeholders(command) -> None:
    """Help in one style: a switch shows no value and an argument its name alone, where typer 0.29
    would show `--strict <bool>` and `BODY <str>`."""
    if getattr(command, "_placeholders_gone", False):
        return
    command._placeholders_gone = True
    for param in command.params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        elif param.param_type_name == "argument" and param.metavar and hasattr(param, "display_type_rich"):
            param.display_type_rich = lambda ctx: None
    make_help_option = command.get_help_option

    def get_help_option(ctx):
        option = make_help_option(ctx)
        if option is not None and option.metavar is None:
            option.metavar = ""
        return option

    command.get_help_option = get_help_option


def _plainly(exc) -> str:
    """A value typer could not convert, said in one plain line, without the validation library's words."""
    param = getattr(exc, "param", None)
    errors = getattr(exc.__cause__, "errors", lambda: [])()  # typer 0.29 converts values with pydantic
    if param is None or not errors:
        return exc.format_message()
    value = errors[0].get("input")
    opts = [o for o in getattr(param, "opts", ()) if o.startswith("--")]
    name = opts[0] if opts else param.metavar or param.name.upper()
    described = getattr(param, "type_descriptor", None)
    choices = [getattr(c, "value", c) for c in getattr(described, "choices", None) or ()]
    if choices:
        return f"{name} must be {', '.join(choices[:-1])} or {choices[-1]}, not '{value}'"
    if getattr(described, "annotation", None) is int:
        return f"{name} takes a whole number, not '{value}'"
    return f"{name} cannot be '{value}'"


COMMANDS: dict[str, Callable] = {}  # every command by its name, in the order help lists them


def command(function: Callable) -> Callable:
    """Register a command: typer reads it when the app is built; the quick path calls it directly."""
    COMMANDS[function.__name__.replace("_", "-")] = function
    return function


def say(message: str) -> None:
    """One line on stderr, flushed at once (messages never mix into the data on stdout).

    Everything said passes the one sanitiser: names typed and ledger text never drive the terminal.
    """
    if sys.stderr is None:
        return
    try:
        sys.stderr.write(literal(message, one_line=True) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # nowhere left to complain to


def fail(message: str, status: ExitStatus) -> None:
    say(f"cistime: error: {message}")
    raise CommandExit(int(status))


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
            raise CommandExit(int(ExitStatus.INTERRUPTED)) from None

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


BODIES_HELP = ("Any of the eleven bodies: CIS, CST, CSTO, CISIPA, CISEU, CU1995, EURASEC, EAEU, GUAM, CAU, "
               "UNIONSTATE, or any name or alias one goes by (`cistime bodies` lists them).")


def _shared_options(typer) -> dict:
    """The options and arguments several commands share, as typer reads them (the commands' annotations
    name them; they are put in this module's namespace when the app is built)."""
    return {
        "LedgerOpt": Annotated[Optional[Path], typer.Option(
            "--ledger", envvar="CISTIME_LEDGER", metavar="FILE", help="Use this ledger file instead of the shipped one.")],
        "FormatOpt": Annotated[Optional[Format], typer.Option(
            "--format", "-f", metavar="FORMAT", help="Output format: table (the default), json, csv or ndjson.")],
        "JsonOpt": Annotated[bool, typer.Option("--json", help="Short for --format json.")],
        "CiteOpt": Annotated[bool, typer.Option(
            "--cite", help="Show the sources behind each row (in tables, as numbered footnotes).")],
        "BodyArg": Annotated[str, typer.Argument(metavar="BODY", help=BODIES_HELP, autocompletion=_complete_body)],
        "StateArg": Annotated[str, typer.Argument(
            metavar="STATE", help="A state: name, ISO code, COW code, or Russian name.", autocompletion=_complete_state)],
        "OnOpt": Annotated[Optional[str], typer.Option(
            "--on", metavar="DATE", help="One day: 1999-06-01, 01.06.1999, '1 June 1999', today.")],
        "DuringOpt": Annotated[Optional[str], typer.Option(
            "--during", metavar="PERIOD", help="A year or a month: 1999, 1999-04.")],
        "FromOpt": Annotated[Optional[str], typer.Option(
            "--from", metavar="DATE", help="First day (a year or a month counts from its first day).")],
        "ToOpt": Annotated[Optional[str], typer.Option(
            "--to", metavar="DATE", help="Last day (a year or a month counts to its last day).")],
    }


DEFAULT_START = "1991-12-08"  # the Minsk agreement: the first day the ledger can speak of


def time_span(on: str | None, during: str | None, start: str | None, end: str | None,
              first: dt.date | None = None, last: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    """The days the time options name: --on one day, --during a year or month, or --from/--to, each side
    falling back to `first`/`last` when not given. Every command with dates reads them here."""
    if on is not None and (during is not None or start is not None or end is not None):
        raise UsageError("--on asks about one day and --during/--from/--to about a period; give one")
    if during is not None and (start is not None or end is not None):
        raise UsageError("give --during or --from/--to, not both")
    if on is not None:
        day = day_option(on, "--during")
        return day, day
    if during is not None:
        return parse_user_period(during)
    first = period_start(start) if start is not None else first
    last = period_end(end) if end is not None else last
    if first and last and last < first:
        raise UsageError(f"--to {last.isoformat()} comes before --from {first.isoformat()}; it must come after")
    return first, last


def pick_format(fmt: Format | None, as_json: bool) -> Format:
    if as_json and fmt not in (None, Format.json):
        raise UsageError(f"--json and --format {fmt.value} ask for two formats; give one")
    return Format.json if as_json else fmt or Format.table


def show(view: View, fmt: Format | None, as_json: bool) -> None:
    chosen = pick_format(fmt, as_json)
    if chosen in CITATION_FORMATS and view.cites is None:
        raise UsageError(f"--format {chosen.value} lists the sources behind an answer, and this command "
                         f"gives none; try `cistime sources` or `cistime why`")
    write(view, chosen)


def day_option(text: str | None, period_option: str | None = None):
    """The day an option names (default today); `period_option` is the command's option for a period, if any."""
    return parse_user_date(text if text is not None else "today", period_option)


def period_start(text: str | None):
    """The first day of what `--from` names: a day, or a whole year or month (1999 starts on 1 January)."""
    return parse_user_period(text)[0] if text is not None else None


def period_end(text: str | None):
    """The last day of what `--to` names: a day, or a whole year or month (1999 ends on 31 December)."""
    return parse_user_period(text)[1] if text is not None else None


def version_callback(value: bool) -> None:
    if value:
        print(f"cistime {__version__}")
        raise CommandExit(0)


def main_options(ctx: typer.Context,
                 version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                                       help="Print the version and exit.")] = False,
                 ledger: Annotated[Optional[Path], typer.Option("--ledger", metavar="FILE",
                                                                help="Use this ledger file instead of the shipped "
                                                                     "one (before or after the command).")] = None) -> None:
    """Who belonged to the CIS, the Collective Security Treaty and the CSTO on any day, with sources."""
    if ledger is not None:  # `cistime --ledger FILE members ...`: the command's own --ledger defaults to it
        commands = ctx.command.commands if hasattr(ctx.command, "commands") else {}
        ctx.default_map = {name: {"ledger": str(ledger)} for name in commands}


# -- commands -----------------------------------------------------------------------------------------
@command
@answers
def members(body: BodyArg,
            on: OnOpt = None, during: DuringOpt = None, start: FromOpt = None, end: ToOpt = None,
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
    first, last = time_span(on, during, start, end)
    if period_asked and during is None and not (start and end):
        raise UsageError("--from and --to go together")
    pick_format(fmt, as_json)
    data = load(ledger)
    if period_asked:
        record = data.body(body)
        answered, rows = data.members_during(record.id, first, last)
        show(during_view(data, record.id, answered, first, last, rows), fmt, as_json)
        return
    mode = "strict" if strict else "all" if every else "default"
    show(members_view(data, data.members(body, first or day_option(None), mode), cite), fmt, as_json)


@command
@answers
def history(state: StateArg,
            body: Annotated[Optional[str], typer.Option("--body", "-b", metavar="BODY", help="Only this body.")] = None,
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


@command
@answers
def why(state: StateArg, body: BodyArg,
        on: Annotated[Optional[str], typer.Option("--on", metavar="DATE", help="The day (default today).")] = None,
        fmt: FormatOpt = None, as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """The chain of events behind a state's standing in a body on a day, with sources and disputes.

    Example: cistime why Uzbekistan CSTO --on 2010-01-01
    """
    from .views import why_view

    pick_format(fmt, as_json)
    data = load(ledger)
    day = day_option(on)
    show(why_view(data, data.state(state), data.body(body).id, day, data.why(state, body, day)), fmt, as_json)


@command
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


@command
@answers
def events(body: Annotated[Optional[list[str]], typer.Option("--body", "-b", metavar="BODY",
                                                          help="Only events of this body; repeat for several.")] = None,
           state: Annotated[Optional[list[str]], typer.Option("--state", "-s", metavar="STATE",
                                                           help="Only events of this state; repeat for several.")] = None,
           type_: Annotated[Optional[list[str]], typer.Option("--type", "-t", metavar="TYPE",
                                                           help="Only events of this type: sign, ratify, withdraw, ...; "
                                                                "repeat for several.")] = None,
           on: OnOpt = None, during: DuringOpt = None, start: FromOpt = None, end: ToOpt = None,
           fmt: FormatOpt = None, as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """The ledger's events, filtered by body, state, type and dates.

    Example: cistime events --state Georgia --type withdraw
    """
    from .names import event_type
    from .views import events_view

    pick_format(fmt, as_json)
    type_ = [event_type(t) for t in type_] if type_ else None
    data = load(ledger)
    first, last = time_span(on, during, start, end)
    found = data.find_events(body, state, type_, first, last)
    show(events_view(data, found), fmt, as_json)


@command
@answers
def summits(body: Annotated[Optional[str], typer.Option("--body", "-b", metavar="BODY",
                                                     help="Only meetings of this body.")] = None,
            year: Annotated[Optional[int], typer.Option("--year", "-y", metavar="YEAR",
                                                        help="Only meetings in this year (short for --during YEAR).")] = None,
            on: OnOpt = None, during: DuringOpt = None, start: FromOpt = None, end: ToOpt = None,
            state: Annotated[Optional[list[str]], typer.Option(
                "--state", "-s", metavar="STATE", help="Meetings at which this state's presence is recorded; repeat "
                                                       "for several (each must match).")] = None,
            attended: Annotated[bool, typer.Option("--attended", help="With --state: it came at the usual level.")] = False,
            represented: Annotated[bool, typer.Option(
                "--represented", help="With --state: it sent someone below the usual level.")] = False,
            absent: Annotated[bool, typer.Option("--absent", help="With --state: it stayed away.")] = False,
            fmt: FormatOpt = None, as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """Summits and councils: date, place, body, kind, who came, who sent a deputy and who stayed away.

    Example: cistime summits --body CSTO --year 2012; cistime summits --state UZB --absent
    """
    from .views import summits_view

    pick_format(fmt, as_json)
    presence = [word for word, chosen in (("attended", attended), ("represented", represented),
                                          ("absent", absent)) if chosen]
    if presence and not state:
        raise UsageError(f"--{presence[0]} needs --state: say whose presence to filter on")
    data = load(ledger)
    if year is not None and (on or during or start or end):
        raise UsageError("--year is short for --during YEAR: give it or the other time options, not both")
    first, last = time_span(on, during, start, end)
    found = [s for s in data.find_summits(body, year, state, presence or None)
             if (first is None or s.date.last_day() >= first) and (last is None or s.date.first_day() <= last)]
    show(summits_view(data, found), fmt, as_json)


@command
@answers
def panel(body: Annotated[Optional[list[str]], typer.Option("--body", "-b", metavar="BODY",
                                                          help="A body; repeat for several (default: all).")] = None,
          freq: Annotated[str, typer.Option("--freq", metavar="FREQ", help="One row per year, month or day.")] = "year",
          on: OnOpt = None, during: DuringOpt = None,
          start: Annotated[Optional[str], typer.Option("--from", metavar="DATE",
                                                       help=f"First day of the panel (default {DEFAULT_START}).")] = None,
          end: Annotated[Optional[str], typer.Option("--to", metavar="DATE", help="Last day of the panel (default: the "
                                                                                   "day the ledger was last reviewed).")] = None,
          fmt: Annotated[Format, typer.Option("--format", "-f", metavar="FORMAT", help="csv (default), json or ndjson.")] = Format.csv,
          as_json: JsonOpt = False,
          codes: Annotated[Optional[str], typer.Option("--codes", metavar="CODES", help="cow: COW IGO numbers (0 none, 1 full, 2 associate, 3 observer).")] = None,
          ledger: LedgerOpt = None) -> None:
    """A long state-by-time panel for statistics, streamed row by row.

    Example: cistime panel --body CIS --freq year --from 1991-12-08 --to 2014-12-31 --codes cow
    """
    from .panel import bounded, write_panel, write_panel_csv

    if freq not in ("year", "month", "day"):
        raise UsageError(f"--freq must be year, month or day, not '{freq}'")
    if codes not in (None, "cow"):
        raise UsageError(f"--codes knows only 'cow', not '{codes}'")
    if as_json:
        fmt = Format.json if fmt in (Format.csv, Format.json) else pick_format(fmt, as_json)
    if fmt is Format.table or fmt in CITATION_FORMATS:
        raise UsageError("a panel is for scripts: use --format csv, json or ndjson")
    data = load(ledger)
    first, last = time_span(on, during, start, end, period_start(DEFAULT_START), data.reviewed or day_option(None))
    first, last, note = bounded(data, first, last)  # rows only where the ledger can say anything
    if note:
        say(f"cistime: note: {note}")
    if fmt is Format.csv:
        write_panel_csv(data, body, freq, first, last, codes == "cow", sys.stdout)
    else:
        write_panel(data.panel(body, freq, first, last), fmt, codes == "cow", sys.stdout)


@command
@answers
def timeline(body: Annotated[Optional[list[str]], typer.Argument(metavar="BODY",
                                                                  help="Bodies to draw (default: all). " + BODIES_HELP,
                                                                  autocompletion=_complete_body)] = None,
             during: DuringOpt = None,
             start: Annotated[Optional[str], typer.Option("--from", metavar="DATE",
                                                          help=f"First day drawn (default {DEFAULT_START}).")] = None,
             end: Annotated[Optional[str], typer.Option("--to", metavar="DATE", help="Last day drawn (default today).")] = None,
             svg_file: Annotated[Optional[Path], typer.Option("--svg", metavar="FILE",
                                                              help="Also write the picture to an SVG file; - writes "
                                                                   "only the SVG, to stdout.")] = None,
             fmt: Annotated[Optional[Format], typer.Option("--format", "-f", metavar="FORMAT",
                                                           help="table (the picture, default) or json (the bars "
                                                                "drawn: each row's periods).")] = None,
             as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """A picture of the story: a row per state, a bar per standing, a year axis and a legend.

    Example: cistime timeline CST CSTO --from 1992-01-01 --svg csto.svg
    """
    from . import timeline as draw

    first, last = time_span(None, during, start, end, period_start(DEFAULT_START), day_option(None))
    if last <= first:
        raise UsageError(f"--to {last.isoformat()} must come after --from {first.isoformat()}")
    chosen_format = pick_format(fmt, as_json)
    if chosen_format not in (Format.table, Format.json):
        raise UsageError(f"a timeline is a picture or its bars: use --format table or json, not {chosen_format.value}")
    data = load(ledger)
    chosen = [data.body(b).id for b in body] if body else list(data.bodies)
    if svg_file is not None and str(svg_file) == "-":
        sys.stdout.write(draw.svg(data, chosen, first, last))
        return
    if chosen_format is Format.json:
        from .views import timeline_view

        write(timeline_view(data, draw.rows(data, chosen, first, last), first, last), Format.json)
    else:
        draw.print_terminal(data, chosen, first, last, sys.stdout)
    if svg_file:
        try:
            svg_file.write_text(draw.svg(data, chosen, first, last), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {svg_file}: {exc.strerror or exc}") from None
        say(f"wrote {svg_file}")


@command
@answers
def bodies(fmt: FormatOpt = None, as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """The bodies the ledger knows, with their names, aliases and lineage.

    Example: cistime bodies
    """
    from .views import bodies_view

    pick_format(fmt, as_json)
    show(bodies_view(load(ledger)), fmt, as_json)


@command
@answers
def states(fmt: FormatOpt = None, as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """The states the ledger knows, with codes and the other names they go by.

    Example: cistime states --format csv
    """
    from .views import states_view

    pick_format(fmt, as_json)
    show(states_view(load(ledger)), fmt, as_json)


@command
@answers
def sources(ids: Annotated[Optional[list[str]], typer.Argument(metavar="ID", help="Only these sources (the ids `why` "
                                                                            "and --cite print), each in full.")] = None,
            kind: Annotated[Optional[list[str]], typer.Option(
                "--kind", "-k", metavar="KIND", help="Only sources of this kind (treaty, official, agency, press, ...); repeat for several.")] = None,
            fmt: FormatOpt = None, as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """Every source the ledger cites: its kind, title, publisher, date, and where to find it, with counts per kind.

    Example: cistime sources --kind treaty --kind official
    """
    from .model import SOURCE_KINDS
    from .views import sources_view

    pick_format(fmt, as_json)
    for word in kind or ():
        if word not in SOURCE_KINDS:
            raise UsageError(f"unknown source kind '{word}' (known: {', '.join(SOURCE_KINDS)})")
    data = load(ledger)
    for sid in ids or ():
        if sid not in data.sources:
            import difflib

            close = difflib.get_close_matches(sid, data.sources, n=2, cutoff=0.75)
            raise UsageError(f"no source with id '{sid}'" + (f"; did you mean {' or '.join(close)}?" if close else
                                                             "; `cistime sources` lists them all"))
    show(sources_view(data, kind, ids), fmt, as_json)


@command
@answers
def validate(path: Annotated[Optional[Path], typer.Argument(metavar="FILE", help="Ledger file (default: the one in use).")] = None,
             fmt: Annotated[Optional[Format], typer.Option("--format", "-f", metavar="FORMAT",
                                                           help="table (lines, default) or json.")] = None,
             as_json: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """Check a ledger: schema, chronology and sources. Exits 1 when it finds errors.

    Example: cistime validate data/events.yaml
    """
    from . import default_ledger_path
    from .validate import check, source_summary

    target = path or ledger or default_ledger_path()
    chosen = pick_format(fmt, as_json)
    if chosen not in (Format.table, Format.json):
        raise UsageError(f"validate reports as lines or JSON: use --format table or json, not {chosen.value}")
    errors, warnings, data = check(target)
    if chosen is Format.json:
        from .views import validate_view

        write(validate_view(str(target), errors, warnings, data), Format.json)
        if errors:
            raise CommandExit(int(ExitStatus.ERROR))
        return
    for problem in errors:
        print(f"error: {literal(problem, one_line=True)}")
    for problem in warnings:
        print(f"warning: {literal(problem, one_line=True)}")
    if data is not None:
        print(f"{literal(target, one_line=True)}: {len(data.events)} events, {len(data.summits)} meetings, {len(data.sources)} sources, "
              f"{len(data.states)} states, {len(data.bodies)} bodies")
        summary = source_summary(data)
        print("sources by kind: " + ", ".join(f"{literal(k)} {n}" for k, n in summary["sources_by_kind"].items()))
        print(f"events that set a standing: {summary['standing_events']}; citing a treaty text, register or "
              f"official site: {summary['treaty_or_official']}; citing a first-hand source (those, or a news "
              f"agency or newspaper): {summary['first_hand']}")
    print(f"{len(errors)} error(s), {len(warnings)} warning(s)")
    if errors:
        raise CommandExit(int(ExitStatus.ERROR))


@command
@answers
def site(out: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write the pages into (made if missing).")],
         end: Annotated[Optional[str], typer.Option("--to", metavar="DATE",
                                                    help="Last day drawn and first day shown (default today).")] = None,
         ledger: LedgerOpt = None) -> None:
    """An offline HTML atlas: every body's timeline, a page per body and per state, sources linked.

    Example: cistime site atlas/ && open atlas/index.html
    """
    from .site import START, write_site

    day = day_option(end)
    if day <= START:
        raise UsageError(f"--to {day.isoformat()} must come after {START.isoformat()}, where the timelines begin")
    data = load(ledger)
    try:
        pages = write_site(data, out, day)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    say(f"wrote {len(pages)} pages to {out}; open {out / 'index.html'}")


def main() -> None:
    """The console script: answer, flush, and leave without tearing down what the answer built.

    A command line the quick path understands runs straight through its command (see dispatch.py); any
    other goes to typer. Both run under the same guards (long arguments, output faults, Ctrl-C).
    """
    argv = sys.argv[1:]
    try:
        _guarded(argv, lambda: _quick_or_typer(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # a closed stream (or none): already reported above
        sys.exit(code)
    # Freeing a large ledger object by object can take longer than answering from it; the output is
    # written and flushed, and nothing else is pending, so skip it.
    os._exit(code)


def _quick_or_typer(argv: list[str]) -> int:
    from .dispatch import run_quickly

    status = run_quickly(argv)
    if status is not None:
        return status
    return build_app()(args=argv, prog_name="cistime", standalone_mode=False)


_app = None  # the typer app, once built


def build_app() -> "typer.Typer":
    """The typer app: every command, with its options as typer reads them. Built once, on first use."""
    global _app
    if _app is None:
        _app = _make_app()
    return _app


def __getattr__(name: str):
    if name == "app":  # `from cistime.cli import app` builds it
        return build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _make_app() -> "typer.Typer":
    import typer
    from typer.core import TyperGroup

    # The commands' annotations name `typer` and the shared options; typer evaluates them in this
    # module's namespace as it builds the app.
    globals()["typer"] = typer
    globals().update(_shared_options(typer))

    class OneLineErrors(TyperGroup):
        """Every usage error, typer's included, as one line on stderr and exit status 2; output faults as 74
        (or 141, quietly, for a closed pipe); Ctrl-C as 130. Never a traceback."""

        def main(self, *args, standalone_mode: bool = True, **kwargs):
            for command in [self, *self.commands.values()]:
                _no_type_placeholders(command)
            argv = kwargs.get("args", args[0] if args else None)
            argv = sys.argv[1:] if argv is None else argv
            if not standalone_mode:
                _refuse_long(argv)
                return super().main(*args, standalone_mode=False, **kwargs)
            _guarded(argv, lambda: super(OneLineErrors, self).main(*args, standalone_mode=False, **kwargs))

        def invoke(self, ctx):
            # click turns a broken pipe inside a command into a silent exit 1, the status of a broken ledger.
            try:
                return super().invoke(ctx)
            except OSError as exc:
                if exc.errno in _OUTPUT_ERRNOS:
                    raise OutputFailed(exc) from None
                raise

    app = typer.Typer(name="cistime", cls=OneLineErrors, no_args_is_help=True, add_completion=True,
                      pretty_exceptions_enable=False, context_settings={"help_option_names": ["-h", "--help"]},
                      help="Who belonged to the CIS, the Collective Security Treaty and the CSTO on any day, "
                           "and how each state's standing changed, with sources.")
    app.callback()(main_options)
    for name, function in COMMANDS.items():
        app.command(name)(function)
    return app


@command
@answers
def export(folder: Annotated[Optional[Path], typer.Argument(metavar="DIR", help="Folder for the data package.")] = None,
           sqlite_file: Annotated[Optional[Path], typer.Option("--sqlite", metavar="FILE",
                                                               help="Write the tables into one SQLite file.")] = None,
           panel: Annotated[Optional[str], typer.Option("--panel", metavar="FREQ",
                                                        help="Add a state-by-time panel: year, month or day.")] = None,
           ledger: LedgerOpt = None) -> None:
    """The whole ledger as research data: a Frictionless data package of CSV tables, or one SQLite file.

    Example: cistime export cistime-data --panel year
    """
    from . import export as products

    if folder is None and sqlite_file is None:
        raise UsageError("give a folder (DIR) for the data package, or --sqlite FILE, or both")
    if panel not in (None, *products.PANEL_FREQUENCIES):
        raise UsageError(f"--panel must be year, month or day, not '{panel}'")
    data = load(ledger)
    for target, product in ((folder, products.write_package), (sqlite_file, products.write_sqlite)):
        if target is None:
            continue
        try:
            product(data, target, panel)
        except OSError as exc:
            raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
        say(f"wrote {target}")


@command
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
                argv = json_args(words)
            except ValueError as exc:
                status, out, err = int(ExitStatus.USAGE), "", str(exc)
            else:
                status, out, err = answer_line(argv)
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
        raise CommandExit(int(ExitStatus.USAGE))


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
