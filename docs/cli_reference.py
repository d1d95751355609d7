"""Write the command-line reference (docs/cli.md) from the app itself, so it cannot drift from the
tool: every command, its arguments and options, their values and help.

Usage: python docs/cli_reference.py > docs/cli.md
"""

import enum

import typer.main

from cistime import cli

INTRO = """# Command-line reference

Every command of `cistime`, as `cistime COMMAND --help` describes it. This page is generated from the
tool (`python docs/cli_reference.py > docs/cli.md`) and a test fails when it falls out of date.

Every command takes `-h` or `--help`. Dates may be written 1999-06-01, 1999-6-1 or '1 June 1999';
a body or a state by its id, its code or any name it goes by.
"""


def value_of(param) -> str:
    if getattr(param, "is_flag", False) or param.param_type_name == "argument":
        return ""
    metavar = param.metavar or param.name.upper()
    return f"`{metavar}`" + (" (repeatable)" if getattr(param, "multiple", False) else "")


def meaning(param) -> str:
    text = " ".join((getattr(param, "help", None) or "").split())
    notes = []
    default = param.default
    if isinstance(default, enum.Enum):
        default = default.value
    if param.required:
        notes.append("required")
    elif default not in (None, False, (), []) and not callable(default) and not getattr(param, "is_flag", False):
        notes.append(f"default: {default}")
    if getattr(param, "envvar", None):
        notes.append(f"environment: `{param.envvar}`")
    return (text + (f" ({'; '.join(notes)})" if notes else "")).replace("|", "\\|")


def names(param) -> str:
    if param.param_type_name == "argument":
        return f"`{param.metavar or param.name.upper()}`"
    return ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])


def table(params) -> list[str]:
    rows = ["| Argument or option | Value | Meaning |", "|---|---|---|"]
    rows += [f"| {names(p)} | {value_of(p)} | {meaning(p)} |" for p in params if not getattr(p, "hidden", False)]
    return rows


def usage(name: str, command) -> str:
    pieces = []
    for param in command.params:
        if param.param_type_name == "argument":
            metavar = param.metavar or param.name.upper()
            many = "..." if param.nargs != 1 else ""
            pieces.append(f"{metavar}{many}" if param.required else f"[{metavar}]{many}")
    return " ".join(["cistime", name, "[OPTIONS]", *pieces])


def main() -> None:
    group = typer.main.get_command(cli.app)
    out = [INTRO, "## cistime", "", "Options that come before the command:", ""]
    out += table(group.params) + [""]
    exit_status = next(line for line in cli.__doc__.splitlines() if line.startswith("Exit status"))
    out += [exit_status, ""]
    for name, command in group.commands.items():
        out += [f"## cistime {name}", "", f"    {usage(name, command)}", ""]
        summary, _, rest = (command.help or "").strip().partition("\n")
        out += [summary.strip(), ""]
        for paragraph in rest.strip().split("\n\n"):
            text = " ".join(paragraph.split())
            if text.startswith("Example: "):
                text = f"Example: `{text[len('Example: '):]}`"
            if text:
                out += [text, ""]
        out += table(command.params) + [""]
    print("\n".join(out).rstrip("\n"))


if __name__ == "__main__":
    main()
