"""Refresh the "Ledger entries citing it" section of every seed card in seeds/ from the ledger.

Usage: python docs/seed_cards.py   (tests fail while a card is stale)
"""

from pathlib import Path

import cistime

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
HEADING = "## Ledger entries citing it"


def cited_by(ledger, source_id: str) -> str:
    lines = []
    for label, items in (("Events", ledger.events), ("Meetings", ledger.summits)):
        ids = []
        for item in items:
            if source_id in item.sources:
                ids.append(f"`{item.id}`")
            elif any(source_id in v.sources for v in item.variants):
                ids.append(f"`{item.id}` (variant)")
        if ids:
            lines.append(f"- {label} ({len(ids)}): " + ", ".join(ids) + ".")
    return "\n".join(lines) if lines else "- None yet."


def refreshed(ledger, card: Path, source_id: str) -> str:
    text = card.read_text(encoding="utf-8")
    head = text.split(HEADING, 1)[0].rstrip("\n")
    return (f"{head}\n\n{HEADING}\n\nGenerated from the ledger by `python docs/seed_cards.py`.\n\n"
            f"{cited_by(ledger, source_id)}\n")


def cards(ledger):
    for source in ledger.sources.values():
        if source.card:
            yield SEEDS / Path(source.card).name, source.id


def main() -> None:
    ledger = cistime.load()
    for card, source_id in cards(ledger):
        card.write_text(refreshed(ledger, card, source_id), encoding="utf-8")


if __name__ == "__main__":
    main()
