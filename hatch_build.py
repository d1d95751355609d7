"""Build step: ship the shipped ledger already parsed and checked, so a first run never parses YAML.

The wheel gets cistime/data/events.parsed.json: the SHA-256 of events.yaml's bytes on the first line,
then the checked parse as JSON. The loader uses it only for a ledger whose bytes have that digest.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # imported by the tests, outside a build
    BuildHookInterface = object

HERE = Path(__file__).parent


def parsed_ledger(yaml_path: Path) -> bytes:
    """The digest line and the checked parse of a ledger; raises if the ledger has any problem."""
    sys.path.insert(0, str(HERE / "src"))
    try:
        from cistime.loader import LedgerError, _parse, parse_ledger
    finally:
        sys.path.pop(0)
    raw = yaml_path.read_bytes()
    data = _parse(raw, str(yaml_path))
    problems = parse_ledger(data, str(yaml_path))[1]
    if problems:
        raise LedgerError(problems)
    digest = hashlib.sha256(raw).hexdigest()
    return (digest + "\n" + json.dumps(data, ensure_ascii=False, separators=(",", ":"))).encode("utf-8")


class ParsedLedgerHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the checkout's ledger and keeps its parse in the user's cache
        try:
            payload = parsed_ledger(HERE / "data" / "events.yaml")
        except Exception as exc:  # a ledger with problems ships unparsed: `cistime validate` says what is wrong
            self.app.display_warning(f"the ledger is not shipped parsed: {exc}")
            return
        out = Path(self.directory) / "events.parsed.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(payload)
        build_data["force_include"][str(out)] = "cistime/data/events.parsed.json"
