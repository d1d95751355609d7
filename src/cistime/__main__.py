"""Where the `cistime` command and `python -m cistime` start.

The command line is imported inside the guard, so Ctrl-C while typer and rich load is the same
clean exit 130 as Ctrl-C during an answer.
"""

import sys


def main() -> None:
    try:
        from .cli import main as run

        run()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
