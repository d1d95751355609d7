"""The cache of checked ledgers: used when valid, ignored when damaged, keyed by the file's contents."""

import json
import os

import pytest

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


def entry_of(cache):
    (entry,) = cache.glob("*.json")
    return entry


def test_the_key_is_a_digest_of_the_bytes_and_the_entry_holds_it(tmp_path, monkeypatch):
    import hashlib

    ledger, cache = fresh(tmp_path, monkeypatch)
    cistime.load(ledger)
    digest = hashlib.blake2b(ledger.read_bytes(), digest_size=32).hexdigest()
    entry = entry_of(cache)
    assert entry.name.startswith(digest + ".")
    assert json.loads(entry.read_text(encoding="utf-8"))["digest"] == digest


def test_an_entry_copied_onto_another_ledgers_key_is_ignored(tmp_path, monkeypatch):
    """Copying one ledger's entry onto another's name must not answer with the first ledger's data."""
    ledger, cache = fresh(tmp_path, monkeypatch)
    cistime.load(ledger)
    original = entry_of(cache)
    other = tmp_path / "other.yaml"
    other.write_text(MINI.read_text(encoding="utf-8").replace("Borduria", "Bordurie"), encoding="utf-8")
    cistime.load(other)
    (copied,) = set(cache.glob("*.json")) - {original}
    copied.write_bytes(original.read_bytes())
    assert cistime.load(other).state("BBB").name == "Bordurie"
    assert "Bordurie" in copied.read_text(encoding="utf-8")  # and the entry was written again


def test_validate_reads_the_file_not_the_cache(tmp_path, monkeypatch):
    from cistime.validate import check

    ledger, cache = fresh(tmp_path, monkeypatch)
    cistime.load(ledger)
    entry = entry_of(cache)
    entry.write_text(entry.read_text(encoding="utf-8").replace('"in-force"', '"in-farce"'), encoding="utf-8")
    errors, _, data = check(ledger)
    assert errors == [] and data is not None


@pytest.mark.parametrize("tamper", [
    lambda text: "[" * 100_000 + "]" * 100_000,  # deeper than the JSON reader's recursion
    lambda text: text.replace('"2000-01-01"', '"0000-01-01"'),
    lambda text: text.replace('"2000-06-01"', '"10000-01-01"'),
    lambda text: text.replace('"reviewed":"2020-12-31"', '"reviewed":"0000"'),
    lambda text: text.replace('"body":"OLD"', '"body":"NOPE"'),
    lambda text: text.replace('"states":["AAA","BBB"]', '"states":[["AAA"]]'),
    lambda text: text.replace('"iso3":"AAA"', '"iso3":{"a":1}'),
    lambda text: text.replace('"sources":[{', '"sources":[7,{'),
    lambda text: "[]",
    lambda text: "{}",
], ids=["nested", "year0", "year10000", "reviewed0", "unknown-body", "nested-state", "dict-id", "int-source",
        "list", "empty"])
def test_a_tampered_entry_is_ignored_and_rewritten(tmp_path, monkeypatch, tamper):
    ledger, cache = fresh(tmp_path, monkeypatch)
    cistime.load(ledger)
    entry = entry_of(cache)
    good = entry.read_text(encoding="utf-8")
    entry.write_text(tamper(good), encoding="utf-8")
    loaded = cistime.load(ledger)
    assert loaded.state("BBB").name == "Borduria"
    assert [m.iso3 for m in loaded.members("OLD", "2000-07-01").members] == ["AAA", "BBB", "CCC"]
    assert entry.read_text(encoding="utf-8") == good


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="no FIFOs here")
@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_an_entry_that_is_not_a_file_is_ignored(tmp_path, monkeypatch, kind):
    ledger, cache = fresh(tmp_path, monkeypatch)
    cistime.load(ledger)
    entry = entry_of(cache)
    entry.unlink()
    if kind == "fifo":
        os.mkfifo(entry)
    else:
        entry.symlink_to("/dev/zero")
    assert cistime.load(ledger).state("BBB").name == "Borduria"


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    ledger, cache = fresh(tmp_path, monkeypatch)

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    assert cistime.load(ledger).state("BBB").name == "Borduria"
    assert list(cache.iterdir()) == []


def test_an_empty_home_means_no_cache_rather_than_one_in_the_root(monkeypatch):
    from cistime.loader import cache_dir

    monkeypatch.delenv("CISTIME_CACHE")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", "")
    assert cache_dir() is None


def test_a_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch):
    from cistime.loader import cache_dir

    monkeypatch.delenv("CISTIME_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir() == tmp_path / ".cache" / "cistime"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "cistime"
