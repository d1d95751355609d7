"""Streaming writers for `cistime panel`: constant memory whatever the span and frequency."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from .render import Format

# Correlates of War IGO coding: 0 no membership, 1 full member, 2 associate, 3 observer.
# A CIS participant (a founding state without the Charter) counts as full, as COW counts
# Ukraine before 1993; a signatory, a suspended or a former state counts as 0.
COW_CODES = {"member": 1, "participant": 1, "associate": 2, "observer": 3}
COLUMNS = ["period", "date", "body", "iso3", "cow", "state", "status"]


def write_panel(rows: Iterable[dict], fmt: Format, cow_codes: bool, out: IO[str]) -> None:
    columns = COLUMNS + (["cow_status"] if cow_codes else [])

    def coded(row: dict) -> dict:
        if cow_codes:
            row["cow_status"] = COW_CODES.get(row["status"], 0)
        return row

    if fmt is Format.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            row = coded(row)
            writer.writerow([row[c] for c in columns])
    elif fmt is Format.ndjson:
        for row in rows:
            out.write(json.dumps(coded(row), ensure_ascii=False) + "\n")
    else:  # JSON: an array, still written one row at a time
        out.write("[")
        for index, row in enumerate(rows):
            out.write(("," if index else "") + "\n  " + json.dumps(coded(row), ensure_ascii=False))
        out.write("\n]\n")
