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
    assert result.stdout == "period,date,body,iso3,cow,state,status,answered_by\n"
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
         "sys.stderr.write('imported: ' + ' '.join(m for m in ('rich', 'yaml', 'pydantic', 'typer') if m in sys.modules))\n")


def test_json_answers_import_neither_rich_nor_yaml(tmp_path):
    """Cold start: a JSON answer from a cached ledger never pays for rich, PyYAML, pydantic or typer."""
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
        handle.truncate(16 * 1024 * 1024 + 1)
    result = run(tmp_path, "members", "CIS", "--ledger", str(huge))
    assert result.returncode == 1
    assert "file is 16,777,217 bytes; a ledger may be at most 16,777,216 bytes (16 MiB)" in result.stderr


@pytest.mark.parametrize("args", [["members", "OLD", "--on", "2000-07-01"], ["history", "AAA"], ["why", "AAA", "OLD"],
                                  ["diff", "OLD", "2000-01-01", "2001-01-01"], ["events"], ["summits"], ["panel"],
                                  ["timeline"], ["bodies"], ["states"], ["sources"], ["validate"]])
def test_every_command_takes_a_custom_ledger(tmp_path, args):
    result = run(tmp_path, *args, "--ledger", str(MINI))
    assert result.returncode == 0, result.stderr
    # Every answer comes from the small test ledger, never the shipped one.
    assert any(marker in result.stdout for marker in ("Borduria", "Aland", "OLD", "CLUB", "Test source", "0 error"))
    assert "Russia" not in result.stdout


def test_installed_site_carries_its_style_and_script(tmp_path):
    result = run(tmp_path, "site", "atlas", "--to", "2020-01-01")
    assert result.returncode == 0, result.stderr
    atlas = tmp_path / "atlas"
    assert "site.js" in (atlas / "index.html").read_text(encoding="utf-8")
    assert "showDay" in (atlas / "assets" / "site.js").read_text(encoding="utf-8")
    assert ".bar" in (atlas / "assets" / "site.css").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [
    ["members", "CSTO", "--during", "9999"], ["members", "CSTO", "--during", "9999-12"],
    ["members", "CSTO", "--on", "9999-12-31"], ["members", "CSTO", "--from", "0001-01-01", "--to", "9999-12-31"],
    ["panel", "--freq", "month", "--from", "9990-01-01", "--to", "9999-12-31"],
    ["panel", "--freq", "day", "--from", "9999-12-01", "--to", "9999-12-31", "--format", "ndjson"],
    ["timeline", "--to", "9999-12-31"], ["timeline", "--from", "0001-01-01", "--to", "9999-12-31", "--svg", "t.svg"],
    ["timeline", "--from", "1300-01-01", "--svg", "t.svg"],  # longer than 630 years at 80 columns
    ["diff", "CIS", "0001-01-01", "9999-12-31"], ["why", "GEO", "CIS", "--on", "9999-12-31"],
])
def test_the_first_and_last_days_there_are_answer_without_a_traceback(tmp_path, args):
    env = {k: v for k, v in os.environ.items() if k not in ("CISTIME_LEDGER", "PYTHONPATH")}
    result = subprocess.run([SCRIPT, *args], cwd=tmp_path, env=dict(env, COLUMNS="80"), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # A panel wholly beyond the ledger's span makes no rows and says why; everything else answers.
    assert result.stdout or "no rows between" in result.stderr


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("CISTIME_LEDGER", "PYTHONPATH", "FORCE_COLOR")}
    return dict(env, **extra)


FULL_OUTPUT = [["--help"], ["members", "--help"], ["members", "CIS", "--on", "2010-01-01"],
               ["members", "CIS", "--on", "2010-01-01", "--json"], ["bodies", "--format", "csv"],
               ["panel", "--freq", "month"], ["timeline"], ["validate"], ["--version"]]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("args", FULL_OUTPUT)
def test_a_full_disk_is_a_write_error_not_a_traceback(tmp_path, args):
    with open("/dev/full", "w") as full:
        result = subprocess.run([SCRIPT, *args], cwd=tmp_path, env=clean_env(), stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=60)
    assert result.returncode == 74
    assert result.stderr == "cistime: error: cannot write the output: No space left on device\n"


@pytest.mark.skipif(os.name != "posix", reason="closes a descriptor before the program starts")
@pytest.mark.parametrize("args", [["members", "CIS", "--on", "2010-01-01", "--json"], ["panel"], ["--help"]])
def test_a_closed_stdout_is_a_write_error(tmp_path, args):
    result = subprocess.run([SCRIPT, *args], cwd=tmp_path, env=clean_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, timeout=60,
                            preexec_fn=lambda: os.close(1))
    assert result.returncode == 74 and result.stderr == "cistime: error: cannot write the output: stdout is closed\n"


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson"])
def test_a_closed_pipe_exits_141_quietly(tmp_path, fmt):
    """141 is what a shell reports for a reader that went away; 1 would claim the ledger is broken."""
    reader = subprocess.Popen([SCRIPT, "panel", "--freq", "day", "--format", fmt], cwd=tmp_path, env=clean_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.readline()
    reader.stdout.close()  # like `| head -1`
    stderr = reader.stderr.read()
    assert reader.wait(timeout=60) == 141 and stderr == b""


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize("args", [["bodies"], ["timeline", "CSTO"], ["bodies", "--json"], ["history", "Armenia"],
                                  ["states", "--format", "csv"]])
def test_an_output_encoding_without_utf8_still_answers(tmp_path, encoding, args):
    result = subprocess.run([SCRIPT, *args], cwd=tmp_path, env=clean_env(PYTHONIOENCODING=encoding),
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    if "--json" in args:  # still exact JSON: what the encoding cannot carry is a \u escape
        names = [b["names_ru"] for b in json.loads(result.stdout.decode(encoding))["bodies"]]
        assert "Содружество Независимых Государств" in names[0]


@pytest.mark.skipif(os.name != "posix", reason="signals itself with SIGINT")
@pytest.mark.parametrize("module, args", [
    ("typer", ["members", "CIS", "--help"]),  # help is typer's: Ctrl-C while typer loads
    ("rich", ["members", "CIS"]),  # a table answered without typer: Ctrl-C while rich loads to draw it
])
def test_ctrl_c_while_starting_exits_130_without_a_traceback(tmp_path, module, args):
    """Ctrl-C during the slowest imports of a start: a stand-in module interrupts itself."""
    fake = tmp_path / "fake"
    (fake / module).mkdir(parents=True)
    (fake / module / "__init__.py").write_text("import os, signal, time\nos.kill(os.getpid(), signal.SIGINT)\n"
                                               "time.sleep(30)\n", encoding="utf-8")
    result = subprocess.run([SCRIPT, *args], cwd=tmp_path, env=clean_env(PYTHONPATH=str(fake)),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 130 and "Traceback" not in result.stderr


def test_escapes_typed_as_arguments_are_not_echoed_raw(tmp_path):
    result = run(tmp_path, "history", "\x1b[2J\u202eNarnia")
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "no state named '\\x1b[2J\\u202eNarnia'" in result.stderr


def test_a_huge_argument_is_refused_at_once_and_not_echoed(tmp_path):
    digits = "1" * 100_000
    for args in (["members", "CIS", "--on", digits], ["members", "CIS", "--during", digits], ["history", digits],
                 ["members", "CIS", "--ledger", digits]):
        result = run(tmp_path, *args)
        assert result.returncode == 2 and result.stdout == ""
        assert "an argument of 100,000 characters is too long (at most 4,096)" in result.stderr
        assert len(result.stderr) < 200


def test_importing_cistime_is_quick_so_ctrl_c_is_caught_from_the_start(tmp_path):
    """The console script's guard is in place once `cistime` itself is imported: it imports none of the library."""
    probe = "import sys, cistime.__main__\nprint(sorted(m for m in sys.modules if m.startswith('cistime')))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "['cistime', 'cistime.__main__']"
