"""cistime: who belonged to the CIS, the Collective Security Treaty and the CSTO on any day, with sources.

    >>> import cistime
    >>> ledger = cistime.load()
    >>> [m.iso3 for m in ledger.members("CSTO", "1999-06-01").members]
    ['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK']
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from .dates import DateError, PartialDate, parse_user_date
    from .engine import DuringAnswer, DuringRow, Ledger, WhyAnswer, replay
    from .loader import LedgerError, Problem
    from .model import (BELONGING, EVENT_TYPES, FIRST_HAND, SOURCE_KINDS, STATUSES, Body, Change, DiffAnswer, Event,
                        History, MembersAnswer, Period, Source, Standing, State, Summit, Variant)
    from .names import UnknownName

__version__ = "0.1.0"
__all__ = ["load", "default_ledger_path", "Ledger", "DuringAnswer", "DuringRow", "WhyAnswer", "LedgerError", "Problem", "DateError", "UnknownName",
           "PartialDate", "parse_user_date", "replay", "STATUSES", "BELONGING", "EVENT_TYPES", "SOURCE_KINDS",
           "FIRST_HAND", "Body", "State", "Source", "Event", "Variant", "Summit", "Period", "Standing",
           "MembersAnswer", "History", "Change", "DiffAnswer", "__version__"]

# The library's names are imported on first use, so `import cistime` itself takes a moment and the
# command line has its Ctrl-C guard in place before anything slow runs.
_HOMES = {name: module for module, names in {
    ".dates": ("DateError", "PartialDate", "parse_user_date"),
    ".engine": ("Ledger", "replay", "DuringAnswer", "DuringRow", "WhyAnswer"),
    ".loader": ("LedgerError", "Problem"),
    ".model": ("BELONGING", "EVENT_TYPES", "FIRST_HAND", "SOURCE_KINDS", "STATUSES", "Body", "Change", "DiffAnswer", "Event", "History",
               "MembersAnswer", "Period", "Source", "Standing", "State", "Summit", "Variant"),
    ".names": ("UnknownName",),
}.items() for name in names}


def __getattr__(name: str):
    module = _HOMES.get(name)
    if module is None:
        raise AttributeError(f"module 'cistime' has no attribute '{name}'")
    from importlib import import_module

    value = globals()[name] = getattr(import_module(module, __name__), name)
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))


def default_ledger_path() -> Path:
    """The ledger to use: $CISTIME_LEDGER, else the one shipped in the package, else the checkout's."""
    from pathlib import Path

    if os.environ.get("CISTIME_LEDGER"):
        return Path(os.environ["CISTIME_LEDGER"])
    packaged = Path(__file__).parent / "data" / "events.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "events.yaml"  # running from a source checkout


def load(path: str | os.PathLike | None = None) -> Ledger:
    """Load and check a ledger file; raises LedgerError naming file and line on any problem.

    A ledger is many small objects that live as long as the process, so it is built `lasting()`: the
    garbage collector's passes over them would otherwise cost more than the work itself.
    """
    from .engine import lasting

    with lasting():
        return _load(path)


def _load(path: str | os.PathLike | None) -> Ledger:
    from pathlib import Path

    from .engine import Ledger
    from .loader import LedgerError, parse_ledger, read_ledger, remember

    path = Path(path) if path else default_ledger_path()
    data, checked, cache = read_ledger(path)
    if checked:
        try:
            parts, problems = parse_ledger(data, str(path), trusted=True)
            if not problems:
                return Ledger(parts, str(path))
        except Exception:  # noqa: BLE001 - whatever is wrong with a cache entry, the file itself decides
            pass
        # The cache entry was altered behind our back: read the ledger itself, with every check,
        # and write the entry again.
        data, checked, _ = read_ledger(path, use_cache=False)
    parts, problems = parse_ledger(data, str(path))
    if problems:
        raise LedgerError(problems)
    ledger = Ledger(parts, str(path))
    if cache:
        remember(cache, data)
    return ledger
