"""`cistime site`: the pages are well-formed, read the CLI's own JSON, and reach nothing outside themselves."""

import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest

import cistime
from cistime.site import DATA_PREFIX, answer_spans, answering_on, data_script, write_site
from conftest import MINI, d

DAY = dt.date(2026, 12, 1)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """Parses a page, checks every element is closed in order, and keeps what the tests look at."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.links: list[tuple[str, str, dict]] = []  # (tag, attribute, all attributes) for every src/href
        self.scripts: list[str | None] = []  # the src of every script element, in order (None: inline)
        self.items: list[dict] = []  # the <li data-iso3> of each date-control list
        self.tips: dict[str, dict] = {}
        self.bars: list[dict] = []
        self.feed(text)
        self.close()
        if self.open:
            self.problems.append(f"never closed: {self.open}")

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        for name in ("src", "href"):
            if name in found:
                self.links.append((tag, found[name], found))
        if tag == "script":
            self.scripts.append(found.get("src"))
        if tag == "li" and "data-iso3" in found:
            self.items.append(found)
        if tag == "div" and "tip" in found.get("class", "").split():
            self.tips[found["id"]] = found
        if "bar" in found.get("class", "").split() and "data-tip" in found:
            self.bars.append(found)
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
            return
        self.open.pop()


def site_data(out) -> dict:
    """The data the site's pages load (assets/data.js), as JSON."""
    text = (out / "assets" / "data.js").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(DATA_PREFIX))
    return json.loads(line.removeprefix(DATA_PREFIX).removesuffix(";"))


@pytest.fixture(scope="module")
def site(tmp_path_factory, ledger):
    out = tmp_path_factory.mktemp("site")
    written = write_site(ledger, out, DAY)
    return out, {path.relative_to(out).as_posix(): Page(path.read_text(encoding="utf-8")) for path in written}


def test_every_page_is_written_and_well_formed(site, ledger):
    out, pages = site
    assert {"index.html", "sources.html", "body/CIS.html", "body/CSTO.html", "state/UZB.html"} <= set(pages)
    assert len(pages) == 2 + len(ledger.bodies) + len(ledger.states)
    for name, page in pages.items():
        assert page.problems == [], name
    assert (out / "assets" / "site.css").is_file() and (out / "assets" / "site.js").is_file()


def test_the_sites_data_is_what_the_cli_prints(site, cli, ledger):
    out, pages = site
    data = site_data(out)
    assert data["bodies"] == json.loads(cli("bodies", "--json").stdout)
    assert set(data["histories"]) == set(ledger.states)
    for code in ledger.states:
        assert data["histories"][code] == json.loads(cli("history", code, "--json").stdout), code
    assert data["sources"] == json.loads(cli("sources", "--json").stdout)
    assert data["answers"] == {b: answer_spans(ledger, b) for b in ledger.bodies}
    assert data["answers"]["CSTO"][0]["body"] == "CST"  # the CST answers for the CSTO before it existed


def test_every_page_loads_the_data_once_then_the_script(site):
    out, pages = site
    for name, page in pages.items():
        root = "../" * name.count("/")
        assert page.scripts == [f"{root}assets/data.js", f"{root}assets/site.js"], name
    # The data is written once for the whole site, not into each page.
    sizes = [(out / name).stat().st_size for name in pages]
    assert max(sizes) < (out / "assets" / "data.js").stat().st_size


def test_nothing_outside_the_site_is_loaded_and_only_sources_link_out(site, ledger):
    _, pages = site
    urls = {s.url for s in ledger.sources.values() if s.url}
    external = 0
    for name, page in pages.items():
        for tag, target, attrs in page.links:
            if re.match(r"[a-z][a-z0-9+.-]*:|//", target, re.I):
                if target == "data:," and tag == "link":  # an empty icon, so the browser asks for none
                    continue
                assert tag == "a" and "source" in attrs.get("class", "") and target in urls, (name, target)
                external += 1
            else:
                assert ".." not in target.split("/")[1:], (name, target)  # relative, within the site
    assert external > 100


def test_answer_spans_agree_with_the_engine_on_every_day_that_matters(ledger):
    spans = answer_spans(ledger, "CSTO")
    assert answering_on(spans, d("1999-06-01")) == "CST"
    assert answering_on(spans, d("2010-01-01")) == "CSTO"
    days = {d("1991-01-01"), d("2030-01-01")}
    for body in ledger.bodies.values():
        for value in (body.founded, body.answers_from, body.answers_until):
            if value:
                days |= {value.first_day() + dt.timedelta(days=k) for k in (-1, 0, 1)}
    for body_id in ledger.bodies:
        spans = answer_spans(ledger, body_id)
        for day in days:
            assert answering_on(spans, day) == ledger.answering_body(body_id, day), (body_id, day)


def test_the_lists_before_any_script_runs_are_the_members_on_the_day_drawn(site, ledger):
    _, pages = site
    for body in ("CIS", "CST", "CSTO", "EURASEC"):
        shown = [i["data-iso3"] for i in pages[f"body/{body}.html"].items if "hidden" not in i]
        assert shown == [m.iso3 for m in ledger.members(body, DAY).members], body


def test_each_bar_explains_itself_with_the_periods_sources(site, ledger):
    _, pages = site
    page = pages["state/UZB.html"]
    assert len(page.bars) == sum(1 for p in ledger.periods(state="UZB") if p.status != "former")
    assert all(bar["data-tip"] in page.tips and bar["aria-label"] for bar in page.bars)
    csto = [p for p in ledger.periods("CSTO", "UZB")]
    wanted = {" ".join(dict.fromkeys(s for e in p.events for s in e.sources)) for p in csto if p.status != "former"}
    tips = {page.tips[b["data-tip"]]["data-sources"] for b in page.bars if "CSTO" in b["aria-label"]}
    assert tips == wanted


def test_hostile_text_cannot_break_out_of_the_page(tmp_path):
    hostile = tmp_path / "hostile.yaml"
    text = MINI.read_text(encoding="utf-8").replace(
        "note: Borduria leaves.", "note: \"Borduria </script><!-- leaves <b>now</b> \\e[31m & more\"")
    hostile.write_text(text, encoding="utf-8")
    ledger = cistime.load(hostile)
    out = tmp_path / "site"
    write_site(ledger, out, d("2020-01-01"))
    page_text = (out / "state" / "BBB.html").read_text(encoding="utf-8")
    page = Page(page_text)
    assert page.problems == []
    assert "\x1b" not in page_text and "<b>now</b>" not in page_text and "<!--" not in page_text
    assert page_text.count("</script>") == 2  # the data and the script, nothing from the ledger
    data_text = (out / "assets" / "data.js").read_text(encoding="utf-8")
    assert "</script>" not in data_text and "<!--" not in data_text and "\x1b" not in data_text
    events = {e["id"]: e for e in site_data(out)["histories"]["BBB"]["events"]}
    assert events["old-lapse-bbb"]["summary"] == "Borduria </script><!-- leaves <b>now</b> \x1b[31m & more"


def test_the_data_script_escapes_what_would_end_an_element():
    text = data_script({"a": "</script><!-- & \u2028"})
    assert "</script>" not in text and "<!--" not in text and "\u2028" not in text and "&" not in text
    line = text.splitlines()[1]
    assert line.startswith(DATA_PREFIX) and line.endswith(";")
    assert json.loads(line.removeprefix(DATA_PREFIX).removesuffix(";")) == {"a": "</script><!-- & \u2028"}


def test_site_command(cli, tmp_path):
    result = cli("site", tmp_path / "atlas", "--to", "2020-01-01")
    assert result.exit_code == 0 and "index.html" in result.stderr
    assert (tmp_path / "atlas" / "body" / "CSTO.html").is_file()
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    result = cli("site", blocked)
    assert result.exit_code == 2 and "cannot write" in result.stderr
    result = cli("site", tmp_path / "early", "--to", "1990-01-01")
    assert result.exit_code == 2 and "must come after 1991-12-01" in result.stderr
    assert not (tmp_path / "early").exists()


def test_site_help_shows_an_example(cli):
    result = cli("site", "--help")
    assert result.exit_code == 0 and "Example: cistime site" in result.stdout
