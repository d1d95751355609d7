"""Running one command line without typer's value processing, for a quick answer and for `cistime ask`.

The commands and their options are defined once, in cli.py. Here a command line is split by the
parser of that command's own click object (built for that one command only), and the values are
turned into Python by the types the command declares. Anything this cannot settle for certain (help,
a missing argument, an unknown option, a value of a type not listed here) returns None, and the
caller hands the line to typer, whose help, completion and error messages are the ones users see.
So this is a short cut, never a second definition of a command.
"""

from __future__ import annotations

import contextlib
import enum
import inspect
import io
import json
import os
import sys
import typing
from pathlib import Path

# While `cistime ask` runs, the ledgers it has loaded, by the path asked for: each loads once.
_loaded: dict[str, object] | None = None


def load(path=None):
    """The ledger the commands use: cistime.load, or, while `ask` runs, the one it loaded already."""
    from . import load as load_ledger

    if _loaded is None:
        return load_ledger(path)
    key = str(path or "")
    if key not in _loaded:
        _loaded[key] = load_ledger(path)
    return _loaded[key]


@contextlib.contextmanager
def ledgers_kept(default: Path | None):
    """Within this block every command's ledger loads once; `default` is the ledger of a line without --ledger.

    The default is passed the way every command already reads one, as CISTIME_LEDGER.
    """
    global _loaded
    saved, saved_env = _loaded, os.environ.get("CISTIME_LEDGER")
    _loaded = {}
    if default is not None:
        os.environ["CISTIME_LEDGER"] = str(default)
    try:
        yield
    finally:
        _loaded = saved
        if saved_env is None:
            os.environ.pop("CISTIME_LEDGER", None)
        else:
            os.environ["CISTIME_LEDGER"] = saved_env


class _Command:
    """One command's click object, its parser, and the Python types and defaults of its parameters."""

    def __init__(self, app, name: str):
        import copy

        import typer.main

        one = copy.copy(app)
        one.registered_commands = [c for c in app.registered_commands
                                   if (c.name or c.callback.__name__.replace("_", "-")) == name]
        if len(one.registered_commands) != 1:
            raise LookupError(name)
        self.callback = one.registered_commands[0].callback
        self.click = typer.main.get_command(one).commands[name]
        self.context = self.click.context_class(self.click, info_name=name)
        self.parser = self.click.make_parser(self.context)
        self.params = {p.name: p for p in self.click.get_params(self.context)}
        self.types = typing.get_type_hints(self.callback)
        self.defaults = {n: p.default for n, p in inspect.signature(self.callback).parameters.items()}

    def kwargs(self, args: list[str]) -> dict | None:
        """The command's keyword arguments for `args`, or None when typer should decide."""
        try:
            given, extra, _ = self.parser.parse_args(list(args))
        except Exception:  # an unknown option, a missing value: typer says so in its own words
            return None
        if extra or "help" in given:
            return None
        values = {}
        for name, default in self.defaults.items():
            param = self.params.get(name)
            if param is None:
                return None
            raw = given.get(name)
            if raw in (None, ()) and param.envvar and os.environ.get(param.envvar):
                raw = os.environ[param.envvar]
            if raw in (None, ()):
                if param.required:
                    return None
                values[name] = default
                continue
            try:
                values[name] = _convert(raw, self.types.get(name))
            except (TypeError, ValueError):
                return None
        return values


def _convert(raw, kind):
    """A value from the command line as the declared type: text, a number, a flag, a path, a choice, a list."""
    if typing.get_origin(kind) is typing.Union:
        inner = [k for k in typing.get_args(kind) if k is not type(None)]
        if len(inner) != 1:
            raise TypeError(kind)
        kind = inner[0]
    if typing.get_origin(kind) is list:
        (item,) = typing.get_args(kind)
        return [_convert(r, item) for r in (raw if isinstance(raw, (list, tuple)) else [raw])]
    if isinstance(raw, (list, tuple)):
        raise TypeError(kind)
    if kind is bool and isinstance(raw, bool):
        return raw
    if kind is str:
        return raw
    if kind is int:
        return int(raw)
    if kind is Path:
        return Path(raw)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(raw)
    raise TypeError(kind)


_commands: dict[str, _Command | None] = {}
_group = None  # every command, built once, for the lines of `ask` that need typer's full parse


def command(app, name: str) -> _Command | None:
    if name not in _commands:
        try:
            _commands[name] = _Command(app, name)
        except LookupError:
            _commands[name] = None
    return _commands[name]


def run_quickly(app, argv: list[str]) -> int | None:
    """Run `argv` (as typed after `cistime`) straight through its command; None hands it to typer.

    Returns the exit status. Shell completion, help and every line the parser does not accept in
    full go to typer.
    """
    if not argv or argv[0].startswith("-") or "_CISTIME_COMPLETE" in os.environ:  # completion: typer
        return None
    found = command(app, argv[0])
    values = found.kwargs(argv[1:]) if found else None
    if values is None:
        return None
    from typer import Exit

    try:
        found.callback(**values)
    except Exit as exc:  # how a command says it failed, after saying why on stderr
        return exc.exit_code
    return 0  # output faults (a closed pipe, a full disk) go to the caller's guard, as from typer


# -- cistime ask ---------------------------------------------------------------------------------
def json_args(app, argv: list[str]) -> list[str]:
    """`argv` asking for JSON: --json added where the command has it, else --format json."""
    import shlex

    found = command(app, argv[0]) if argv else None
    if found is None:
        return argv
    options = {o for p in found.params.values() for o in p.opts}
    if "--json" in options:
        return argv if "--json" in argv else [*argv, "--json"]
    formats = [n for n, p in found.params.items() if "--format" in p.opts]
    if formats and "json" in _choices(found.types.get(formats[0])):
        given = set(found.params[formats[0]].opts)
        if not any(a in given or a.startswith("--format=") for a in argv):
            return [*argv, "--format", "json"]
        return argv
    raise ValueError(f"`{shlex.join(argv[:1])}` has no JSON answer; ask answers only commands that print JSON")


def _choices(kind) -> list[str]:
    inner = [k for k in typing.get_args(kind) if k is not type(None)] or [kind]
    return [m.value for m in inner[0]] if isinstance(inner[0], type) and issubclass(inner[0], enum.Enum) else []


def answer_line(app, argv: list[str]) -> tuple[int, str, str]:
    """Run one line of `ask` with output captured: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = run_quickly(app, argv)
        if status is None:
            status = _run_by_typer(app, argv)
    return status, out.getvalue(), err.getvalue()


def _run_by_typer(app, argv: list[str]) -> int:
    """One line through typer's full parse, as `cistime ARGS` would run it, without leaving the process."""
    from typer import Exit
    from typer.main import get_command

    from .cli import ExitStatus, _Aborts, _ClickException

    global _group
    if _group is None:
        _group = get_command(app)
    try:
        status = _group.main(argv, prog_name="cistime", standalone_mode=False)
    except _ClickException as exc:
        sys.stderr.write(f"cistime: error: {exc.format_message()}\n")
        return exc.exit_code
    except Exit as exc:
        return exc.exit_code
    except _Aborts:
        return int(ExitStatus.INTERRUPTED)
    return status if isinstance(status, int) else 0


def error_doc(message: str, status: int, line: int) -> str:
    return json.dumps({"error": message, "status": status, "line": line}, ensure_ascii=False, separators=(",", ":"))
