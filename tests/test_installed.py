"""The installed console script, run as a user runs it: a subprocess, from a directory outside the repository."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cistime.loader
from cases import BAD_INPUT, OUTSIDE
from conftest import MINI

SCRIPT = shutil.which("cistime", path=str(Path(sys.executable).parent)) or shutil.which("cistime")
pytestmark = pytest.mark.skipif(SCRIPT is None, reason="cistime is not installed in this environment")


def run(tmp_path, *args, stdin=None):
    env = {k: v for k, v in os.environ.items() if k not in ("CISTIME_LEDGER", "PYTHONPATH", "FORCE_COLOR")}
    return subprocess.run([SCRIPT, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
                          input=stdin)


def test_installed_script_finds_its_ledger(tmp_path):
    result = run(tmp_path, "members", "CSTO", "--on", "1999-06-01", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["answered_by"] == "CST"
    assert [m["iso3"] for m in doc["members"]] == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


def test_installed_ledger_validates_with_its_seed_cards(tmp_path):
    result = run(tmp_path, "validate")
    assert result.returncode == 0 and "0 error(s)" in result.stdout


def test_python_dash_m(tmp_path):
    result = subprocess.run([sys.executable, "-m", "cistime", "--version"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("cistime ")


@pytest.mark.parametrize("args,status,message", BAD_INPUT)
def test_bad_input_from_the_installed_script(tmp_path, args, status, message):
    result = run(tmp_path, *args)
    assert result.returncode == status
    assert message in result.stderr and "Traceback" not in result.stderr and result.stdout == ""
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("args,message", OUTSIDE)
def test_dates_outside_the_ledger_from_the_installed_script(tmp_path, args, message):
    result = run(tmp_path, *args)
    assert result.returncode == 0
    assert any(message in n and "last reviewed" in n for n in json.loads(result.stdout)["notes"])


def test_markup_in_a_custom_ledger_prints_literally(tmp_path):
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(MINI.read_text().replace("name: Aland", 'name: "[bold red]Aland\\e[31m"'), encoding="utf-8")
    result = run(tmp_path, "members", "OLD", "--on", "2000-07-01", "--ledger", str(hostile))
    assert result.returncode == 0 and "[bold red]Aland" in result.stdout and "\x1b" not in result.stdout


def test_yaml_error_names_line_and_column(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta: {title: x}\nbodies:\n  - id: [unclosed\n", encoding="utf-8")
    result = run(tmp_path, "validate", str(bad))
    assert result.returncode == 1 and f"{bad}:4:1" in result.stdout or f"{bad}:3:" in result.stdout


def test_broken_ledger_from_the_installed_script(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("bodies: [\n", encoding="utf-8")
    result = run(tmp_path, "members", "CIS", "--ledger", str(bad))
    assert result.returncode == 1 and f"{bad}:" in result.stderr and "Traceback" not in result.stderr


def test_unsafe_yaml_is_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    marker = tmp_path / "ran"
    bad.write_text(f"meta: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    result = run(tmp_path, "members", "CIS", "--ledger", str(bad))
    assert result.returncode == 1 and not marker.exists() and "Traceback" not in result.stderr


def test_custom_ledger_from_environment(tmp_path):
    env = dict(os.environ, CISTIME_LEDGER=str(MINI))
    result = subprocess.run([SCRIPT, "members", "OLD", "--on", "2000-07-01", "--format", "csv"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.splitlines()[1].startswith("Aland,AAA,member,2000-06-01")


def test_closed_pipe_ends_quietly(tmp_path):
    script = f"'{SCRIPT}' panel --freq day --from 1991-12-08 --to 2026-01-01 --format csv | head -1"
    result = subprocess.run(["bash", "-c", "set -o pipefail; " + script], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.stdout == "period,date,body,iso3,cow,state,status\n"
    assert result.stderr == ""


def test_pipes_get_plain_text(tmp_path):
    result = run(tmp_path, "members", "CIS", "--on", "2010-01-01")
    assert result.returncode == 0 and "\x1b" not in result.stdout and "Ukraine" in result.stdout


def test_no_color_even_when_forced_terminal(tmp_path):
    env = dict(os.environ, NO_COLOR="1", TERM="xterm-256color")
    result = subprocess.run([SCRIPT, "members", "CIS", "--on", "2010-01-01"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert "\x1b[3" not in result.stdout


def test_json_is_utf8_with_names_as_they_are(tmp_path):
    result = subprocess.run([SCRIPT, "bodies", "--json"], cwd=tmp_path, capture_output=True, timeout=60)
    assert "Содружество".encode("utf-8") in result.stdout


# main() ends a successful run with os._exit; the probe turns that into SystemExit to look around after it.
PROBE = ("import os, sys\ndef leave(code):\n    raise SystemExit(code)\nos._exit = leave\n"
         "from cistime.cli import main\nsys.argv = ['cistime', 'members', 'CSTO', '--on', "
         "'1999-06-01', '--json']\ntry:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code\n"
         "sys.stderr.write('imported: ' + ' '.join(m for m in ('rich', 'yaml', 'pydantic') if m in sys.modules))\n")


def test_json_answers_import_neither_rich_nor_yaml(tmp_path):
    """Cold start: a JSON answer from a cached ledger never pays for rich, PyYAML or pydantic."""
    env = {k: v for k, v in os.environ.items() if k != "CISTIME_LEDGER"}
    subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, env=env, capture_output=True, timeout=60)  # fills the cache
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=60)
    assert json.loads(result.stdout)["answered_by"] == "CST"
    assert result.stderr == "imported: "


@pytest.mark.skipif(not cistime.loader.SHIPPED_PARSE.is_file(), reason="an editable install has no shipped parse")
def test_without_a_cache_the_shipped_parse_spares_the_yaml(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CISTIME_LEDGER"}
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, env=dict(env, CISTIME_CACHE="0"),
                            capture_output=True, text=True, timeout=60)
    assert json.loads(result.stdout)["answered_by"] == "CST"
    assert result.stderr == "imported: "


def test_alias_bomb_is_refused_quickly(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 12)]
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(tmp_path, "members", "CIS", "--ledger", str(bomb))
    assert result.returncode == 1 and "aliases" in result.stderr and "Traceback" not in result.stderr


def test_very_large_file_is_refused(tmp_path):
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(65 * 1024 * 1024)
    result = run(tmp_path, "members", "CIS", "--ledger", str(huge))
    assert result.returncode == 1 and "at most 64 MiB" in result.stderr


@pytest.mark.parametrize("args", [["members", "OLD", "--on", "2000-07-01"], ["history", "AAA"], ["why", "AAA", "OLD"],
                                  ["diff", "OLD", "2000-01-01", "2001-01-01"], ["events"], ["summits"], ["panel"],
                                  ["timeline"], ["bodies"], ["states"], ["sources"], ["validate"]])
def test_every_command_takes_a_custom_ledger(tmp_path, args):
    result = run(tmp_path, *args, "--ledger", str(MINI))
    assert result.returncode == 0, result.stderr
    # Every answer comes from the small test ledger, never the shipped one.
    assert any(marker in result.stdout for marker in ("Borduria", "Aland", "OLD", "CLUB", "Test source", "0 error"))
    assert "Russia" not in result.stdout
