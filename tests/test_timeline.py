import xml.etree.ElementTree as ET

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


def test_at_80_columns_titles_and_legend_wrap_but_are_never_cut(cli, monkeypatch, ledger):
    from cistime.timeline import LOOK

    monkeypatch.setenv("COLUMNS", "80")
    out = cli("timeline", "CST", "CU1995", "--from", "1992-01-01", "--to", "2003-12-31").stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    flat = " ".join(out.split())
    for body in ("CST", "CU1995"):
        assert f"{body} — {' '.join(ledger.bodies[body].name.split())}" in flat
    legend = flat[flat.index("legend:"):]
    for status, (char, _) in LOOK.items():
        if status != "former":
            assert f"{char * 2} {status}" in legend


def test_with_no_arguments_each_body_has_its_own_year_axis(cli, monkeypatch, ledger):
    import re

    monkeypatch.setenv("COLUMNS", "80")
    lines = cli("timeline").stdout.splitlines()
    titles = [i for i, line in enumerate(lines) if re.match(r"^[A-Z0-9]+ — ", line)]
    axes = [i for i, line in enumerate(lines) if re.fullmatch(r" +(\d{4} +)+\d{4} *", line)]
    assert len(titles) == len(axes) == len(ledger.bodies)
    assert all(title < axis < (titles + [len(lines)])[n + 1] for n, (title, axis) in enumerate(zip(titles, axes)))


def test_svg_body_titles_stay_on_the_canvas(cli, tmp_path, ledger):
    out = tmp_path / "story.svg"
    cli("timeline", "CU1995", "CST", "--svg", out)
    root = ET.parse(out).getroot()
    width = float(root.get("width"))
    titles = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "body"]
    assert all(10 + len(t) * 8.5 <= width - 10 for t in titles)  # bold 14px letters are narrower than 8.5px
    assert " ".join(titles[:-1]) == f"CU1995 — {ledger.bodies['CU1995'].name}" and len(titles) == 3


# Machado, Oliveira & Fernandes (2009): how linear RGB looks with each full colour blindness.
VISION = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def _lab_as_seen(colour: str, matrix) -> tuple[float, float, float]:
    def linear(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = [linear(int(colour[i:i + 2], 16)) for i in (1, 3, 5)]
    r, g, b = (max(0.0, min(1.0, sum(m * c for m, c in zip(row, rgb)))) for row in matrix)
    x, y, z = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
               (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def test_standing_colours_stay_apart_for_colour_blind_readers():
    from itertools import combinations

    from cistime.timeline import LOOK

    colours = {status: colour for status, (_, colour) in LOOK.items() if status != "former"}
    for vision, matrix in VISION.items():
        for (a, ca), (b, cb) in combinations(colours.items(), 2):
            distance = sum((p - q) ** 2 for p, q in zip(_lab_as_seen(ca, matrix), _lab_as_seen(cb, matrix))) ** 0.5
            assert distance >= 15, (vision, a, b, round(distance, 1))  # CIE76 ΔE: 15 and more reads as different
