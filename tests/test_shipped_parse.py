"""The ledger's parse shipped in the wheel (hatch_build.py): used only for the bytes it was made from."""

import hashlib
import importlib.util
import json
from pathlib import Path

import cistime
from cistime import loader
from conftest import MINI

ROOT = Path(__file__).resolve().parents[1]


def build_hook():
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shipped(tmp_path, monkeypatch, payload: bytes) -> None:
    target = tmp_path / "events.parsed.json"
    target.write_bytes(payload)
    monkeypatch.setattr(loader, "SHIPPED_PARSE", target)
    monkeypatch.setenv("CISTIME_CACHE", "0")


def test_the_shipped_parse_is_the_loaders_own(tmp_path):
    payload = build_hook().parsed_ledger(ROOT / "data" / "events.yaml")
    digest, _, body = payload.partition(b"\n")
    raw = (ROOT / "data" / "events.yaml").read_bytes()
    assert digest.decode() == hashlib.sha256(raw).hexdigest()
    assert json.loads(body) == json.loads(json.dumps(loader._parse(raw, "events.yaml")))


def test_a_matching_digest_skips_the_yaml(tmp_path, monkeypatch):
    digest, _, body = build_hook().parsed_ledger(MINI).partition(b"\n")
    # The same digest over an altered parse: if the loader answers from it, it did not parse the YAML.
    shipped(tmp_path, monkeypatch, digest + b"\n" + body.replace(b"Borduria", b"Bordurie"))
    assert cistime.load(MINI).state("BBB").name == "Bordurie"


def test_other_bytes_are_parsed_as_usual(tmp_path, monkeypatch):
    _, _, body = build_hook().parsed_ledger(MINI).partition(b"\n")
    shipped(tmp_path, monkeypatch, b"0" * 64 + b"\n" + body.replace(b"Borduria", b"Bordurie"))
    assert cistime.load(MINI).state("BBB").name == "Borduria"


def test_a_damaged_shipped_parse_is_ignored(tmp_path, monkeypatch):
    digest, _, _ = build_hook().parsed_ledger(MINI).partition(b"\n")
    shipped(tmp_path, monkeypatch, digest + b"\n{not json")
    assert cistime.load(MINI).state("BBB").name == "Borduria"
    shipped(tmp_path, monkeypatch, digest + b"\n" + json.dumps({"events": [{"id": 5}]}).encode())
    assert cistime.load(MINI).state("BBB").name == "Borduria"  # the wrong shape: read with every check
