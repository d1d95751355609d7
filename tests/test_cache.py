"""The cache of checked ledgers: used when valid, ignored when damaged, keyed by the file's contents."""

import json

import cistime
from conftest import MINI


def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("CISTIME_CACHE", str(tmp_path / "cache"))
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    return ledger, tmp_path / "cache"


def test_a_checked_ledger_is_cached_and_reused(tmp_path, monkeypatch):
    ledger, cache = fresh(tmp_path, monkeypatch)
    first = cistime.load(ledger)
    files = list(cache.glob("*.json"))
    assert len(files) == 1 and not list(cache.glob(".tmp-*"))
    second = cistime.load(ledger)
    assert [e.id for e in second.events] == [e.id for e in first.events]


def test_an_edited_ledger_gets_a_new_entry(tmp_path, monkeypatch):
    ledger, cache = fresh(tmp_path, monkeypatch)
    cistime.load(ledger)
    ledger.write_text(MINI.read_text(encoding="utf-8").replace("Borduria", "Bordurie"), encoding="utf-8")
    assert cistime.load(ledger).state("BBB").name == "Bordurie"
    assert len(list(cache.glob("*.json"))) == 2


def test_a_damaged_cache_file_is_ignored(tmp_path, monkeypatch):
    ledger, cache = fresh(tmp_path, monkeypatch)
    cistime.load(ledger)
    (entry,) = cache.glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    assert cistime.load(ledger).state("BBB").name == "Borduria"
    entry.write_text(json.dumps({"events": [{"id": 5}]}), encoding="utf-8")  # valid JSON, wrong shape
    assert cistime.load(ledger).state("BBB").name == "Borduria"


def test_a_broken_ledger_is_never_cached(tmp_path, monkeypatch):
    ledger, cache = fresh(tmp_path, monkeypatch)
    ledger.write_text(MINI.read_text(encoding="utf-8").replace("type: in-force", "type: in-farce"), encoding="utf-8")
    for _ in range(2):
        try:
            cistime.load(ledger)
        except cistime.LedgerError as exc:
            assert "in-farce" in str(exc)
        else:
            raise AssertionError("a broken ledger loaded")
    assert not list(cache.glob("*.json"))


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    ledger, cache = fresh(tmp_path, monkeypatch)
    monkeypatch.setenv("CISTIME_CACHE", "0")
    cistime.load(ledger)
    assert not cache.exists()
