"""The ledger's YAML is built from parser events: the same values as PyYAML's safe loader, lines recorded."""

import pytest
import yaml

from cistime import loader


class Reference(yaml.SafeLoader):
    """PyYAML's own safe loader, keeping dates as text as the ledger loader does."""


Reference.add_constructor("tag:yaml.org,2002:timestamp", Reference.construct_yaml_str)


def without_lines(value):
    if isinstance(value, dict):
        return {k: without_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [without_lines(v) for v in value]
    return value


SNIPPETS = [
    "a: 1\nb: 0x1f\nc: 1_000\nd: 1.5\nf: yes\ng: No\nh: ~\ni: null\nj:\nk: 2001-02-03\nl: '2001-02-03'\nm: 017\n"
    "o: 1:30\np: -.5e3\nq: +12\n",
    "a: !!str 12\nb: !!int '7'\nc: !!float 3\nd: !!bool 'true'\ne: !!null ''\n",
    "a: &x {k: 1}\nb: 2\n",
    "base: {<<: {a: 1, b: 2}, b: 3}\nlist: {<<: [{a: 1}, {a: 2, c: 3}], d: 4}\n",
    "=: 1\n1: one\n2.5: two\ntrue: three\n~: four\n",
    "a: 'it''s'\nb: \"\\u00e9\\n\"\nc: |\n  block\n  text\nd: >\n  folded\n  text\n",
    "%YAML 1.1\n---\na: 1\n...\n",
    "a: 1\na: 2\n",
    "a: !!map {b: 1}\nc: !!seq [1, [2, {d: [3]}]]\n",
    "",
    "- just\n- a list\n",
    "just text",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_same_values_as_the_safe_loader(text):
    yaml_module, line_loader = loader._line_loader()
    ours = yaml_module.load(text, Loader=line_loader)
    assert without_lines(ours) == yaml.load(text, Loader=Reference)  # noqa: S506 - a SafeLoader subclass


def test_every_mapping_records_its_line():
    yaml_module, line_loader = loader._line_loader()
    data = yaml_module.load("meta: {title: t}\nevents:\n  - id: a\n    note: x\n  - {id: b}\n", Loader=line_loader)
    assert data["__line__"] == 1 and data["meta"]["__line__"] == 1
    assert [e["__line__"] for e in data["events"]] == [3, 5]


@pytest.mark.parametrize("text,message", [
    ("a: &x [1]\nb: *x\n", ":2:4: aliases (*name) are not allowed"),
    ("a: !!omap [{x: 1}]\n", ":1:4: the tag 'tag:yaml.org,2002:omap' is not allowed"),
    ("a: !!python/name:os.system\n", ":1:4: could not determine a constructor"),
    ("? [a, b]\n: c\n", "found unhashable key"),
    ("---\na: 1\n---\nb: 2\n", "expected a single document"),
    ("a: [1, 2\n", ":2:1:"),
])
def test_refused_with_file_and_line(text, message):
    with pytest.raises(loader.LedgerError) as caught:
        loader._parse(text.encode(), "f.yaml")
    assert message in str(caught.value)
