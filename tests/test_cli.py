"""The command line: exit codes, messages, atomic and incremental writes."""

import json
import re
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import dossier
from conftest import EXAMPLE, ROOT, processes_naming
from dossier.cli import main

CASES = Path(__file__).parent / "cases"


def run(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600, env={**os.environ, **(env or {})})


def test_help_documents_commands_and_options():
    result = run("--help")
    assert result.returncode == 0
    for word in ("check", "schema", "where", "--format", "--out", "--page-size", "--pdf-variant",
                 "--deck-template", "--force", "--jobs", "--shard", "--watch", "--preview"):
        assert word in result.stdout


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["--format", "docx"])
    assert exit.value.code == 2
    assert "choose from pdf, pptx, html" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit:
        main(["--shard", "3/2"])
    assert exit.value.code == 2


def test_check_reports_every_problem_with_file_line_column(capsys):
    code = main(["check", str(CASES / "control-characters.yaml"), str(EXAMPLE)])
    err = capsys.readouterr().err
    assert code == 1
    assert "control-characters.yaml:5:10: summary: contains the control character U+001B" in err
    assert "control-characters.yaml:18:20: chapters[2].blocks[0].highlights[1].title:" in err
    assert "Traceback" not in err
    assert "2 file(s): 1 valid, 1 with problems" in err


def test_problems_become_github_annotations_on_request_or_in_actions(tmp_path, monkeypatch, capsys):
    """Each problem also reaches the pull request as `::error file=…,line=…,col=…`, escaped as GitHub requires;
    the human lines stay on stderr, and nothing is annotated outside Actions unless asked."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a,b").mkdir()
    (tmp_path / "a,b" / "x.yaml").write_text("meeting:\n  title: X\n  date: 2025-13-01\nsummary: 100% [@x\n")
    assert main(["check", "a,b/x.yaml"]) == 1
    out, err = capsys.readouterr()
    assert "::" not in out and "a,b/x.yaml:3:9: meeting.date:" in err
    assert main(["check", "a,b/x.yaml", "--error-format", "github"]) == 1
    out, err = capsys.readouterr()
    assert ("::error file=a%2Cb/x.yaml,line=3,col=9,title=Dossier::meeting.date: '2025-13-01' is not a real "
            "day; write it as YYYY-MM-DD") in out.splitlines()
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path.parent))
    assert main(["check", "a,b/x.yaml"]) == 1
    out = capsys.readouterr().out
    assert f"::error file={tmp_path.name}/a%2Cb/x.yaml,line=3,col=9," in out
    assert main(["check", "a,b/missing.yaml"]) == 1
    assert "::error file=" in capsys.readouterr().out


def test_an_annotation_escapes_percent_newlines_and_property_separators():
    from dossier.errors import annotation

    assert annotation("a:b.yaml:2:4: 50% of\nit") == "::error file=a%3Ab.yaml,line=2,col=4,title=Dossier::50%25 of%0Ait"
    assert annotation("no data files", "warning") == "::warning title=Dossier::no data files"


def test_check_passes_on_the_example(capsys):
    assert main(["check", str(EXAMPLE)]) == 0
    assert "checked 1 file(s): 1 valid, 0 with problems" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["check", "build"])
def test_no_data_files_is_an_error_that_says_where_it_looked(tmp_path, monkeypatch, capsys, command):
    (tmp_path / "briefs").mkdir()
    (tmp_path / "dossier.yaml").write_text("data: briefs\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(dossier, "DATA", dossier.DATA)  # the command sets it to the project's data folder
    assert main([command]) == 1
    assert capsys.readouterr().err == f"Error: no data files to {command} (looked for briefs/*.yaml)\n"


def test_schema_is_json_schema():
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Brief"
    assert schema["required"] == ["meeting"]
    assert schema["$defs"]["Meeting"]["required"] == ["title"]
    assert schema["examples"]


def test_a_broken_brief_writes_nothing_and_exits_1(tmp_path):
    result = run(str(CASES / "missing-field.yaml"), "--out", str(tmp_path))
    assert result.returncode == 1
    assert "missing-field.yaml:18:13: chapters[2].blocks[0].highlights[1].title: field required" in result.stderr
    assert "Traceback" not in result.stderr
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith(".")]


def test_output_names_cannot_escape_the_output_folder(tmp_path):
    bad = tmp_path / "..yaml"
    shutil.copy(CASES / "valid.yaml", bad)
    result = run(str(bad), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "rename the file" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_one_failing_brief_does_not_stop_the_others(tmp_path):
    result = run(str(CASES / "valid.yaml"), str(CASES / "empty.yaml"), "--format", "html", "--out", str(tmp_path))
    assert result.returncode == 1
    assert (tmp_path / "valid.html").is_file()
    assert "1 built, 0 up to date, 1 failed" in result.stderr


def test_rebuild_skips_what_is_up_to_date_and_force_rebuilds(tmp_path):
    args = (str(CASES / "valid.yaml"), "--format", "html", "--out", str(tmp_path))
    assert run(*args).returncode == 0
    first = (tmp_path / "valid.html").stat().st_mtime_ns
    again = run(*args)
    assert again.returncode == 0 and "0 built, 1 up to date" in again.stdout
    assert (tmp_path / "valid.html").stat().st_mtime_ns == first
    forced = run(*args, "--force")
    assert "1 built, 0 up to date" in forced.stdout


def test_an_option_change_rebuilds(tmp_path):
    args = (str(CASES / "valid.yaml"), "--format", "pdf", "--out", str(tmp_path))
    assert run(*args).returncode == 0
    assert "1 built" in run(*args, "--page-size", "Letter").stdout


def test_shards_partition_the_briefs():
    from dossier.cli import _shard

    sources = [Path(f"data/{name}.yaml") for name in "edcbagf"]
    shards = [_shard(sources, f"{k}/3") for k in (1, 2, 3)]
    assert sorted(p for shard in shards for p in shard) == sorted(sources)
    assert [len(shard) for shard in shards] == [3, 2, 2]
    assert _shard(sources, "1/3") == _shard(list(reversed(sources)), "1/3")


def test_deck_on_a_company_master_with_a_layout_mapping_in_the_theme(tmp_path):
    from pptx import Presentation

    theme = tmp_path / "company.yaml"
    full = (ROOT / "templates" / "theme.yaml").read_text().replace("density: compact", "density: full")  # dividers
    theme.write_text(full + "layouts:\n  section: Chapter\n")
    master = ROOT / "tests" / "masters" / "other.pptx"
    result = run(str(CASES / "valid.yaml"), "--format", "pptx", "--deck-template", str(master),
                 "--theme", str(theme), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    used = {slide.slide_layout.name for slide in Presentation(str(tmp_path / "valid.pptx")).slides}
    assert "Chapter" in used and "Opening" in used

    theme.write_text((ROOT / "templates" / "theme.yaml").read_text() + "layouts:\n  section: Nope\n")
    result = run(str(CASES / "valid.yaml"), "--format", "pptx", "--deck-template", str(master),
                 "--theme", str(theme), "--out", str(tmp_path / "bad"))
    assert result.returncode == 1
    assert 'no layout named "Nope"' in result.stderr and '"Chapter"' in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_theme_is_reported_with_its_position(tmp_path):
    theme = tmp_path / "theme.yaml"
    theme.write_text((ROOT / "templates" / "theme.yaml").read_text().replace('primary: "1F3A5F"', "primary: navy"))
    result = run(str(CASES / "valid.yaml"), "--format", "html", "--theme", str(theme), "--out", str(tmp_path))
    assert result.returncode == 1
    assert re.search(r"theme\.yaml:4:12: colors\.primary: 'navy' does not have the expected form", result.stderr)


def test_watch_rebuilds_after_an_edit(tmp_path):
    source = tmp_path / "watched.yaml"
    shutil.copy(CASES / "valid.yaml", source)
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), str(source), "--watch", "--format", "html",
                                "--out", str(tmp_path / "out")], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        lines = []

        def wait_for(text: str, times: int = 1) -> None:
            while sum(text in line for line in lines) < times:
                assert select.select([process.stdout], [], [], 60)[0], "no output for 60 s: " + "".join(lines)
                line = process.stdout.readline()
                assert line, "".join(lines)
                lines.append(line)

        wait_for("1 built")
        source.write_text(source.read_text().replace("A summary.", "An edited summary."))
        wait_for("1 built", times=2)
        assert "An edited summary." in (tmp_path / "out" / "watched.html").read_text()
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_preview_writes_a_contact_sheet_beside_the_deck(tmp_path):
    from PIL import Image

    from pptx import Presentation

    result = run(str(CASES / "valid.yaml"), "--format", "pptx", "--preview", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(tmp_path / "valid.pptx"))
    slides, ratio = len(deck.slides), deck.slide_height / deck.slide_width
    # dossier/deck/preview.py's grid: 4 columns on 1600 pixels, 12 between tiles and around them
    columns, gap = 4, 12
    tile_w = (1600 - gap * (columns + 1)) // columns
    rows = -(-slides // columns)
    with Image.open(tmp_path / "valid.png") as sheet:
        assert sheet.format == "PNG" and sheet.width == 1600
        assert (sheet.height - gap) % rows == 0, (sheet.size, slides)
        tile_h = (sheet.height - gap) // rows - gap
        assert abs(tile_h - tile_w * ratio) <= 1, (sheet.size, slides)
        for k in range(rows * columns):
            x, y = gap + (k % columns) * (tile_w + gap), gap + (k // columns) * (tile_h + gap)
            spread = [hi - lo for lo, hi in sheet.convert("RGB").crop((x, y, x + tile_w, y + tile_h)).getextrema()]
            if k < slides:
                assert max(spread) > 64, f"slide {k + 1}'s tile is blank"
            else:
                assert max(spread) == 0, f"grid cell {k + 1} holds a tile, but the deck has {slides} slides"


@pytest.mark.skipif(not (shutil.which("soffice") and sys.platform.startswith("linux")),
                    reason="LibreOffice not installed, or no /proc")
@pytest.mark.parametrize("signum, whom", [(signal.SIGKILL, "main"), (signal.SIGTERM, "main"), (signal.SIGKILL, "group")],
                         ids=["SIGKILL main", "SIGTERM main", "SIGKILL group"])
def test_libreoffice_dies_with_a_killed_preview(tmp_path, signum, whom):
    """Killed while LibreOffice renders the contact sheet, the build leaves no LibreOffice running within 1 s.

    The build's temporary files are in tmp_path (TMPDIR), so each process it starts names tmp_path."""
    deck = [str(CASES / "valid.yaml"), "--format", "pptx", "--out", str(tmp_path / "out")]
    assert run(*deck).returncode == 0  # the deck first: the preview below starts at once
    build = subprocess.Popen([sys.executable, str(ROOT / "build.py"), *deck, "--preview"], cwd=ROOT, text=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                             env={**os.environ, "TMPDIR": str(tmp_path)})
    deadline = time.monotonic() + 60
    while not any("soffice.bin" in c for c in processes_naming(str(tmp_path))) and time.monotonic() < deadline:
        assert build.poll() is None, build.communicate()
        time.sleep(0.02)
    (os.killpg if whom == "group" else os.kill)(build.pid, signum)
    _, stderr = build.communicate(timeout=10)
    assert processes_naming(str(tmp_path), within=1) == [], "processes outlived the build"
    assert build.returncode == (-signum if signum == signal.SIGKILL else 128 + signum)
    assert "Traceback" not in stderr, stderr
    assert not (tmp_path / "out" / "valid.png").exists()


@pytest.mark.parametrize("args, message", [
    (["--timeout", "-1"], "--timeout -1: give a number of seconds above 0"),
    (["--timeout", "nan"], "--timeout nan"),
    (["--out", str(ROOT / "README.md")], "is a file, not a folder"),
    (["--theme", "/nonexistent.yaml"], "--theme /nonexistent.yaml: no such file"),
    ([str(CASES / "valid.yaml"), str(ROOT / "tests" / "fixtures" / "valid.yaml")], "would both write valid.*"),
])
def test_impossible_options_are_usage_errors(args, message, capsys):
    with pytest.raises(SystemExit) as exit:
        main(args)
    assert exit.value.code == 2
    assert message in capsys.readouterr().err


def test_missing_and_folder_sources_are_reported_cleanly(tmp_path):
    result = run(str(tmp_path / "absent.yaml"), str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "absent.yaml:1:1: no such file" in result.stderr
    assert ":1:1: is a folder, not a data file" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_the_same_file_twice_builds_once(tmp_path):
    result = run(str(CASES / "valid.yaml"), str(CASES / "valid.yaml"), "--format", "html", "--out", str(tmp_path))
    assert result.returncode == 0 and "1 built, 0 up to date" in result.stdout


def test_check_validates_the_theme_too(tmp_path):
    theme = tmp_path / "theme.yaml"
    theme.write_text((ROOT / "templates" / "theme.yaml").read_text().replace("deck_body_min: 14", "deck_body_min: 0"))
    result = run("check", str(CASES / "valid.yaml"), "--theme", str(theme))
    assert result.returncode == 1
    assert re.search(r"theme\.yaml:\d+:\d+: sizes\.deck_body_min: input should be greater than 0", result.stderr)


@pytest.mark.parametrize("word, meant", [("biuld", "build"), ("chek", "check"), ("serv", "serve"), ("hlep", "help")])
def test_a_mistyped_command_is_a_usage_error_with_what_was_meant(word, meant):
    result = run(word)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"build.py: error: unknown command '{word}'; did you mean '{meant}'?\n")
    assert "Traceback" not in result.stderr


def test_each_command_has_its_own_help_and_refuses_the_options_of_others():
    check_help = run("check", "--help")
    assert check_help.returncode == 0 and check_help.stdout == run("help", "check").stdout
    assert "--canonical" in check_help.stdout and "--theme" in check_help.stdout
    assert "--format" not in check_help.stdout and "--page-size" not in check_help.stdout
    general = run("help")
    assert general.returncode == 0 and all(c in general.stdout for c in ("check", "serve", "completion"))
    assert "--port" in run("help", "serve").stdout and "--port" not in general.stdout
    refused = run("check", str(EXAMPLE), "--format", "pdf")
    assert refused.returncode == 2 and "--format is not an option of check" in refused.stderr
    assert run("help", "chekc").stderr.startswith("build.py help: error: unknown command 'chekc'; did you mean 'check'?")


def test_files_and_options_in_any_order_quietly_or_verbosely(tmp_path):
    out = tmp_path / "out"
    quiet = run("--format", "pptx", str(EXAMPLE), "-o", str(out), "-q")
    assert quiet.returncode == 0 and quiet.stdout == "" and (out / f"{EXAMPLE.stem}.pptx").exists()
    verbose = run("check", "-v", str(EXAMPLE))
    assert verbose.returncode == 0 and "project:" in verbose.stdout and "briefs: data/" in verbose.stdout
    assert run("check", str(EXAMPLE), "-q").stdout == ""


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_scripts_name_every_command_and_the_options_of_each(shell, tmp_path):
    result = run("completion", shell)
    assert result.returncode == 0
    assert all(c in result.stdout for c in ("build", "check", "serve", "init", "canonical", "page-size"))
    if shell == "bash":
        script = tmp_path / "complete.bash"
        script.write_text(result.stdout)
        assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
        probe = subprocess.run(["bash", "-c", f"source {script}; COMP_WORDS=(build.py check --can); COMP_CWORD=2; "
                                "_build_py; echo ${COMPREPLY[@]}"], capture_output=True, text=True)
        assert probe.stdout.split() == ["--canonical"], probe.stderr
    assert run("completion", "tcsh").returncode == 2


def test_ctrl_c_while_loading_exits_130_without_a_traceback():
    started = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "check", str(EXAMPLE)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.05)  # still importing its libraries
    started.send_signal(signal.SIGINT)
    _, err = started.communicate(timeout=60)
    assert started.returncode == 130 and "Traceback" not in err, err


def test_a_closed_pipe_ends_the_output_quietly():
    piped = subprocess.run(f"'{sys.executable}' '{ROOT / 'build.py'}' schema | head -c 10", shell=True, cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert piped.stdout == "{\n  \"$sche" and "Traceback" not in piped.stderr and "Error" not in piped.stderr
