"""The atlas in a real browser: headless Chromium opens the pages from file://, sets the date control, points at
bars. Skipped when no Chromium with its driver is installed, unless CISTIME_REQUIRE_BROWSER=1 (set in CI)."""

import datetime as dt
import os
import shutil
import tempfile

import pytest

from cistime.site import write_site
from conftest import d

DAY = dt.date(2026, 12, 1)
# Three days per body, across changes of who belonged; the CSTO's and EurAsEC's first day is answered by a predecessor.
DAYS = {
    "CIS": ["1992-06-01", "1999-06-01", "2020-01-01"],
    "CST": ["1993-01-01", "1996-01-01", "1999-06-01"],
    "CSTO": ["1999-06-01", "2008-01-01", "2013-01-01"],
    "EURASEC": ["1997-01-01", "2005-01-01", "2012-01-01"],
}


def _missing(reason: str):
    if os.environ.get("CISTIME_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CISTIME_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(f"{reason}: install Debian's chromium and chromium-driver to run the browser tests")


@pytest.fixture(scope="module")
def browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed")
    binary = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        _missing("no headless Chromium with chromedriver found")
    profile = tempfile.mkdtemp(prefix="cistime-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory, ledger):
    out = tmp_path_factory.mktemp("atlas")
    write_site(ledger, out, DAY)
    return out


def open_page(browser, path):
    browser.get(path.as_uri())
    browser.get_log("browser")  # start each page with an empty console


def console_errors(browser):
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def set_day(browser, day: str):
    browser.execute_script("var input = document.getElementById('day'); input.value = arguments[0];"
                           "input.dispatchEvent(new Event('input', {bubbles: true}));", day)


def listed(browser, body: str) -> tuple[list[str], str]:
    block = browser.find_element("css selector", f'.on-day-body[data-body="{body}"]')
    shown = [li.get_attribute("data-iso3") for li in block.find_elements("css selector", "li[data-iso3]")
             if li.is_displayed()]
    return shown, block.find_element("css selector", ".count").text


@pytest.mark.parametrize("body", sorted(DAYS))
def test_the_date_control_lists_who_belonged_as_members_does(browser, site, ledger, body):
    open_page(browser, site / "body" / f"{body}.html")
    for day in DAYS[body]:
        set_day(browser, day)
        expected = [m.iso3 for m in ledger.members(body, d(day)).members]
        assert expected, (body, day)  # a day with nobody would prove little
        assert listed(browser, body) == (expected, str(len(expected))), (body, day)
    assert console_errors(browser) == []


def test_the_index_answers_for_every_body_and_says_who_answers(browser, site, ledger):
    open_page(browser, site / "index.html")
    set_day(browser, "1999-06-01")
    for body in ledger.bodies:
        answer = ledger.members(body, d("1999-06-01"))
        assert listed(browser, body)[0] == [m.iso3 for m in answer.members], body
    note = browser.find_element("css selector", '.on-day-body[data-body="CSTO"] [data-answered-by="CST"]')
    assert note.is_displayed() and "CST" in note.text
    assert console_errors(browser) == []


def test_pointing_at_a_bar_or_focusing_it_shows_the_period_and_its_sources(browser, site, ledger):
    from selenium.webdriver import ActionChains

    open_page(browser, site / "body" / "CSTO.html")
    period = next(p for p in ledger.periods("CSTO", "ARM") if p.status == "member")
    wanted = set(s for e in [*period.events, *period.practice] for s in e.sources)
    assert period.practice  # Armenia's freeze: the changes in practice are cited too
    bar = next(b for b in browser.find_elements("css selector", '.row[data-body="CSTO"][data-iso3="ARM"] .bar.member')
               if f"from {period.start.iso()}" in b.get_attribute("aria-label"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", bar)
    ActionChains(browser).move_to_element(bar).perform()
    tip = browser.find_element("id", bar.get_attribute("data-tip"))
    assert tip.is_displayed()
    assert period.start.iso() in tip.text and "member" in tip.text
    shown = {a.get_attribute("data-source") for a in tip.find_elements("css selector", "a.source")}
    assert shown == wanted
    browser.find_element("tag name", "body").send_keys("\ue00c")  # Escape
    assert not tip.is_displayed()
    other = browser.find_element("css selector", '.row[data-body="CSTO"][data-iso3="UZB"] .bar')
    browser.execute_script("arguments[0].focus()", other)
    assert browser.find_element("id", other.get_attribute("data-tip")).is_displayed()
    # The bars are in the keyboard's path: Tab moves from one to the next and shows its details.
    ActionChains(browser).send_keys("\ue004").perform()  # Tab
    focused = browser.switch_to.active_element
    assert "bar" in focused.get_attribute("class") and focused != other
    assert browser.find_element("id", focused.get_attribute("data-tip")).is_displayed()
    assert not browser.find_element("id", other.get_attribute("data-tip")).is_displayed()
    assert console_errors(browser) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_index_fits_desktop_and_phone_width(browser, site, tmp_path, width):
    browser.set_window_size(width, 900)
    try:
        open_page(browser, site / "index.html")
        # Only the timelines may scroll sideways, inside their own boxes; the page itself never does.
        assert browser.execute_script("return document.documentElement.scrollWidth") <= width
        shot = tmp_path / f"index-{width}.png"
        assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
        assert console_errors(browser) == []
    finally:
        browser.set_window_size(1280, 900)


def test_a_link_carries_the_chosen_day(browser, site, ledger):
    browser.get((site / "index.html").as_uri() + "#day=1999-06-01")
    assert listed(browser, "CSTO")[0] == [m.iso3 for m in ledger.members("CSTO", d("1999-06-01")).members]
    set_day(browser, "2013-01-01")
    assert browser.execute_script("return location.hash") == "#day=2013-01-01"
    assert listed(browser, "CSTO")[0] == [m.iso3 for m in ledger.members("CSTO", d("2013-01-01")).members]
    assert console_errors(browser) == []


def test_the_days_line_moves_to_the_chosen_day(browser, site):
    open_page(browser, site / "index.html")
    set_day(browser, "2002-05-14")
    svg = browser.find_element("css selector", "svg.timeline")
    start = dt.date.fromisoformat(svg.get_attribute("data-start"))
    span, x0, plot = (float(svg.get_attribute(k)) for k in ("data-days", "data-x0", "data-plot"))
    line = svg.find_element("css selector", ".day-line")
    assert float(line.get_attribute("x1")) == pytest.approx(x0 + (d("2002-05-14") - start).days * plot / span, abs=0.1)


def test_the_index_agrees_with_members_on_every_day_a_standing_or_an_answering_body_changes(browser, site, ledger):
    days = {d("1991-12-01"), DAY}
    changes = [date for p in ledger.periods() for date in (p.start, p.end)]
    changes += [date for b in ledger.bodies.values() for date in (b.founded, b.answers_from, b.answers_until)]
    for date in changes:
        if date:
            days |= {date.first_day(), date.first_day() - dt.timedelta(days=1)}
    open_page(browser, site / "index.html")
    for day in sorted(days):
        set_day(browser, day.isoformat())
        shown = dict(browser.execute_script(
            "return Array.from(document.querySelectorAll('.on-day-body')).map(function (block) {"
            "  return [block.dataset.body, Array.from(block.querySelectorAll('li[data-iso3]'))"
            "    .filter(function (li) { return !li.hidden; }).map(function (li) { return li.dataset.iso3; })]; })"))
        expected = {body: [m.iso3 for m in ledger.members(body, day).members] for body in ledger.bodies}
        assert shown == expected, day
    assert console_errors(browser) == []
