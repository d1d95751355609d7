"""Running one command line without typer, for a quick answer and for `cistime ask`.

The commands and their options are defined once, in cli.py, in typer's terms. From them comes a table
of each command's parameters (`commands.json`, made by `python -m cistime.dispatch` and checked by
the tests against what typer reads): names, option spellings, which take a value, which repeat, and
the type of each value. Here a command line is read by that table and the command is called as typer
would call it, without importing typer. Anything the table cannot settle for certain (help, a missing
argument, an unknown option, a value that does not convert) returns None, and the caller hands the
line to typer, whose help, completion and error messages are the ones users see. So this is a short
cut, never a second definition of a command.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import zlib
from pathlib import Path

TABLE = Path(__file__).parent / "commands.json"
TABLE_FORMAT = 1

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


def _cli_digest() -> int | None:
    """The CRC-32 of cli.py: the table is used only with the cli.py it was made from (None: unreadable)."""
    try:
        return zlib.crc32((Path(__file__).parent / "cli.py").read_bytes())
    except OSError:  # installed without its sources: typer reads the commands
        return None


_table: dict | None = None


def table() -> dict:
    """Each command's parameters: the shipped table if it was made from this cli.py, else read from typer."""
    global _table
    if _table is None:
        try:
            shipped = json.loads(TABLE.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            shipped = None
        digest = _cli_digest()
        if digest is not None and isinstance(shipped, dict) and shipped.get("format") == TABLE_FORMAT and \
                shipped.get("cli_crc32") == digest:
            _table = shipped["commands"]
        else:  # a checkout whose cli.py changed since the table was made
            from .cli import build_app

            _table = read_commands(build_app())
    return _table


def read_commands(app) -> dict:
    """The table of every command's parameters, as typer builds them from cli.py."""
    import enum
    import inspect
    import typing

    from typer.main import get_command

    from .cli import COMMANDS

    group = get_command(app)
    commands = {}
    for name, click_command in group.commands.items():
        hints = typing.get_type_hints(COMMANDS[name])
        defaults = {n: p.default for n, p in inspect.signature(COMMANDS[name]).parameters.items()}
        params = []
        for param in click_command.params:
            kind, many = _kind(hints[param.name])
            default = None if defaults[param.name] is inspect.Parameter.empty else defaults[param.name]
            entry = {"name": param.name, "argument": param.param_type_name == "argument",
                     "opts": list(param.opts), "flag": bool(getattr(param, "is_flag", False)),
                     "multiple": bool(getattr(param, "multiple", False)) or param.nargs == -1,
                     "required": bool(param.required), "envvar": param.envvar, "type": kind, "list": many,
                     "default": default.value if isinstance(default, enum.Enum) else
                     list(default) if isinstance(default, (list, tuple)) else default}
            if kind == "format":
                from .render import Format

                entry["choices"] = [f.value for f in Format]
            params.append(entry)
        commands[name] = params
    return commands


def _kind(hint) -> tuple[str, bool]:
    """The type of a parameter's value (text, int, bool, path, format) and whether it is a list."""
    import typing

    from .render import Format

    if typing.get_origin(hint) is typing.Annotated:
        hint = typing.get_args(hint)[0]
    if typing.get_origin(hint) is typing.Union:
        inner = [h for h in typing.get_args(hint) if h is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"no single type in {hint}")
        hint = inner[0]
    if typing.get_origin(hint) is list:
        return _kind(typing.get_args(hint)[0])[0], True
    names = {str: "text", int: "int", bool: "bool", Path: "path", Format: "format"}
    if hint not in names:
        raise TypeError(f"the quick path does not read values of type {hint}")
    return names[hint], False


def _value(raw: str, kind: str):
    """A value from the command line as its parameter's type; ValueError when it does not convert."""
    if kind == "int":
        if not (raw.isascii() and raw.isdigit()):  # signs, spaces, underscores: typer's rules decide
            raise ValueError(raw)
        return int(raw)
    if kind == "path":
        if not raw:
            raise ValueError(raw)
        return Path(raw)
    if kind == "format":
        from .render import Format

        return Format(raw)
    return raw


def kwargs(params: list[dict], args: list[str]) -> dict | None:
    """A command's keyword arguments for `args`, read as click reads them, or None when typer should decide."""
    options = {opt: p for p in params if not p["argument"] for opt in p["opts"]}
    given: dict[str, object] = {}
    positional: list[str] = []
    at = 0
    while at < len(args):
        arg = args[at]
        if arg == "--":
            positional.extend(args[at + 1:])
            break
        if arg.startswith("-") and arg != "-":
            name, eq, value = arg.partition("=") if arg.startswith("--") else (arg[:2], "", arg[2:])
            param = options.get(name)
            if param is None:  # an unknown option, help, or short flags run together
                return None
            if param["flag"]:
                if eq or value:
                    return None
                given[param["name"]] = True
            else:
                if not eq and not value:
                    at += 1
                    if at == len(args):
                        return None  # the option's value is missing
                    value = args[at]
                    if value.startswith("-") and value != "-":
                        return None  # a value or another option? click decides
                if param["multiple"]:
                    given.setdefault(param["name"], []).append(value)
                else:
                    given[param["name"]] = value
        else:
            positional.append(arg)
        at += 1
    arguments = [p for p in params if p["argument"]]
    if any(p["multiple"] for p in arguments[:-1]):
        return None  # a list of arguments before another: click decides how they split
    for param in arguments:
        if param["multiple"]:
            given[param["name"]], positional = positional, []
        elif positional:
            given[param["name"]] = positional.pop(0)
    if positional:
        return None  # more arguments than the command takes
    values = {}
    for param in params:
        raw = given.get(param["name"])
        if raw in (None, []) and param["envvar"] and os.environ.get(param["envvar"]):
            raw = os.environ[param["envvar"]]
        if raw in (None, []):
            if param["required"]:
                return None
            values[param["name"]] = _default(param)
            continue
        try:
            if param["flag"]:
                values[param["name"]] = True
            elif param["list"]:
                values[param["name"]] = [_value(r, param["type"]) for r in (raw if isinstance(raw, list) else [raw])]
            elif isinstance(raw, list):
                return None
            else:
                values[param["name"]] = _value(raw, param["type"])
        except ValueError:
            return None
    return values


def _default(param: dict):
    default = param["default"]
    if default is None or param["flag"]:
        return bool(default) if param["flag"] else None
    if param["list"]:
        return [_value(d, param["type"]) for d in default] if default else None
    return _value(default, param["type"]) if isinstance(default, str) else default


def run_quickly(argv: list[str]) -> int | None:
    """Run `argv` (as typed after `cistime`) straight through its command; None hands it to typer.

    Returns the exit status. Shell completion, help and every line the table does not settle in full
    go to typer.
    """
    if not argv or argv[0].startswith("-") or "_CISTIME_COMPLETE" in os.environ:  # completion: typer
        return None
    params = table().get(argv[0])
    values = kwargs(params, argv[1:]) if params is not None else None
    if values is None:
        return None
    from .cli import COMMANDS, CommandExit

    try:
        COMMANDS[argv[0]](**values)
    except CommandExit as exc:  # how a command says it failed, after saying why on stderr
        return exc.status
    return 0  # output faults (a closed pipe, a full disk) go to the caller's guard, as from typer


# -- cistime ask ---------------------------------------------------------------------------------
def json_args(argv: list[str]) -> list[str]:
    """`argv` asking for JSON: --json added where the command has it, else --format json."""
    import shlex

    params = table().get(argv[0]) if argv else None
    if params is None:
        return argv
    options = {o for p in params for o in p["opts"]}
    if "--json" in options:
        return argv if "--json" in argv else [*argv, "--json"]
    formats = [p for p in params if "--format" in p["opts"]]
    if formats and "json" in formats[0].get("choices", ()):
        if not any(a in formats[0]["opts"] or a.startswith("--format=") for a in argv):
            return [*argv, "--format", "json"]
        return argv
    raise ValueError(f"`{shlex.join(argv[:1])}` has no JSON answer; ask answers only commands that print JSON")


def answer_line(argv: list[str]) -> tuple[int, str, str]:
    """Run one line of `ask` with output captured: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = run_quickly(argv)
        if status is None:
            status = _run_by_typer(argv)
    return status, out.getvalue(), err.getvalue()


def _run_by_typer(argv: list[str]) -> int:
    """One line through typer's full parse, as `cistime ARGS` would run it, without leaving the process."""
    from typer.main import get_command

    from .cli import CommandExit, ExitStatus, UsageError, build_app, click_errors

    global _group
    if _group is None:
        _group = get_command(build_app())
    click_error, aborts = click_errors()
    try:
        status = _group.main(argv, prog_name="cistime", standalone_mode=False)
    except click_error as exc:
        sys.stderr.write(f"cistime: error: {exc.format_message()}\n")
        return exc.exit_code
    except UsageError as exc:  # an argument refused before typer read the line
        sys.stderr.write(f"cistime: error: {exc}\n")
        return int(ExitStatus.USAGE)
    except CommandExit as exc:
        return exc.status
    except aborts:
        return int(ExitStatus.INTERRUPTED)
    return status if isinstance(status, int) else 0


_group = None  # every command, built once, for the lines of `ask` that need typer's full parse


def error_doc(message: str, status: int, line: int) -> str:
    return json.dumps({"error": message, "status": status, "line": line}, ensure_ascii=False, separators=(",", ":"))


def write_table(path: Path = TABLE) -> None:
    """Make the table from cli.py as typer reads it (run after changing a command's options)."""
    from .cli import build_app

    commands = read_commands(build_app())
    lines = [f'{{"format": {TABLE_FORMAT}, "cli_crc32": {_cli_digest()}, "commands": {{']
    for n, (name, params) in enumerate(commands.items()):
        lines.append(f" {json.dumps(name)}: [")
        lines += [f"  {json.dumps(p, ensure_ascii=False)}" + ("," if k < len(params) - 1 else "")
                  for k, p in enumerate(params)]
        lines.append(" ]" + ("," if n < len(commands) - 1 else ""))
    path.write_text("\n".join(lines) + "\n}}\n", encoding="utf-8")  # a parameter a line, for readable diffs


if __name__ == "__main__":
    write_table()
    print(f"wrote {TABLE}")
