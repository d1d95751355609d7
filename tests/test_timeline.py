import xml.etree.ElementTree as ET

from conftest import d

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_is_well_formed_and_holds_every_states_bars(cli, tmp_path, ledger):
    out = tmp_path / "story.svg"
    result = cli("timeline", "--svg", out)
    assert result.exit_code == 0 and "wrote" in result.stderr
    root = ET.parse(out).getroot()
    groups = {(g.get("data-body"), g.get("data-iso3")): g for g in root.iter(f"{SVG}g")}
    for (body, code), periods in ledger.periods_by_key.items():
        if any(p.status != "former" for p in periods):
            bars = [r for r in groups[(body, code)].iter(f"{SVG}rect") if "bar" in r.get("class", "")]
            assert bars, (body, code)
    georgia_cis = [r.get("class") for r in groups[("CIS", "GEO")].iter(f"{SVG}rect")]
    assert georgia_cis == ["bar member", "bar participant", "bar member"]
    armenia = groups[("CSTO", "ARM")]
    assert any("practice" in (c.get("class") or "") for c in armenia.iter(f"{SVG}circle"))


def test_terminal_picture_fits_the_width(cli):
    result = cli("timeline", "CST", "--from", "1992-01-01", "--to", "2000-12-31")
    lines = result.stdout.splitlines()
    assert result.exit_code == 0 and lines[0].startswith("CST")
    assert all(len(line) <= 120 for line in lines)
    georgia = next(line for line in lines if line.startswith("Georgia"))
    assert "░" in georgia and "█" in georgia
    assert "1995" in result.stdout and "legend:" in result.stdout


def test_timeline_bad_range(cli):
    result = cli("timeline", "--from", "2000-01-01", "--to", "1999-01-01")
    assert result.exit_code == 2 and "must come after" in result.stderr
