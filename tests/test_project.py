"""The project: its file is found upwards, validated like a brief, and sets defaults; init; job summaries."""

import subprocess
import sys
from pathlib import Path

import pytest

import dossier
from conftest import EXAMPLE
from dossier import project
from dossier.cli import main
from dossier.load import load
from dossier.scaffold import LAYOUT, starter


@pytest.fixture(autouse=True)
def here(tmp_path, monkeypatch) -> Path:
    """Each test works in its own empty folder; the data folder the CLI sets is restored afterwards."""
    monkeypatch.setattr(dossier, "DATA", dossier.DATA)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.yaml").write_bytes(EXAMPLE.read_bytes())
    return tmp_path


def test_without_a_project_file_the_current_folder_is_the_project(here, capsys):
    assert main(["--format", "html"]) == 0
    assert (here / "output" / "x.html").is_file()


def test_the_project_file_is_found_upwards_and_sets_the_defaults(here):
    (here / "dossier.yaml").write_text("formats: html\noutput: site\njobs: 1\n")
    (here / "data" / "deeper").mkdir()
    found = project.find(here / "data" / "deeper")
    assert (found.root, found.output, found.settings.formats, found.settings.jobs) == (here, here / "site", ["html"], 1)


def test_an_empty_project_file_keeps_every_default(here):
    (here / "dossier.yaml").write_text("# nothing set yet\n")
    assert project.find().settings == project.Settings()


@pytest.mark.parametrize("text, expected", [
    ("formats: [pdf]\nfromats: [pdf]\n", "dossier.yaml:2:1: fromats: unknown field 'fromats'; did you mean 'formats'?"),
    ("page_size: A5\n", "dossier.yaml:1:12: page_size: 'A5' is not allowed here; use one of: A4, Letter"),
    ("jobs: 0\n", "dossier.yaml:1:7: jobs: input should be greater than or equal to 1"),
    ("theme: absent.yaml\n", "dossier.yaml:1:8: theme: 'absent.yaml' is not a file in"),
    ("formats: [pdf, docx]\n", "dossier.yaml:1:16: formats[1]: 'docx' is not allowed here; use one of: pdf, pptx, html, all"),
])
def test_a_bad_project_file_is_reported_with_file_line_and_column(here, capsys, text, expected):
    (here / "dossier.yaml").write_text(text)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_pyproject_tool_dossier_is_a_project_file_with_lines_for_its_keys(here, capsys):
    (here / "pyproject.toml").write_text('[project]\nname = "briefs"\n\n[tool.dossier]\nformats = ["html"]\n'
                                         'page-size = "A4"\n')
    assert main(["check"]) == 2
    assert ("pyproject.toml:6:1: ['page-size']: unknown field 'page-size'; did you mean 'page_size'?"
            in capsys.readouterr().err)
    (here / "pyproject.toml").write_text('[tool.dossier]\nformats = ["html"]\noutput = "site"\n')
    assert main([]) == 0
    assert [p.name for p in (here / "site").glob("x.*")] == ["x.html"]


def test_broken_toml_and_two_project_files_are_refused(here, capsys):
    (here / "pyproject.toml").write_text('[tool.dossier]\nformats = [html\n')
    assert main(["check"]) == 2
    assert "pyproject.toml:2:" in capsys.readouterr().err
    (here / "pyproject.toml").write_text('[tool.dossier]\nformats = ["html"]\n')
    (here / "dossier.yaml").write_text("formats: [pdf]\n")
    assert main(["check"]) == 2
    assert "keep one of them" in capsys.readouterr().err


def test_command_line_options_override_the_project_file(here):
    (here / "dossier.yaml").write_text("formats: [pdf]\n")
    assert main(["--format", "html", "--out", str(here / "elsewhere")]) == 0
    assert [p.name for p in (here / "elsewhere").glob("x.*")] == ["x.html"]
    assert not (here / "output").exists()


def test_summary_lists_built_up_to_date_and_failed_in_markdown(here, capsys):
    (here / "data" / "broken.yaml").write_text("meeting: {}\nchapters: none\n")
    summary = here / "summary.md"
    assert main(["--format", "html", "--summary", str(summary)]) == 1
    (here / "data" / "broken.yaml").unlink()
    assert main(["--format", "html", "--summary", str(summary)]) == 0
    text = summary.read_text()
    assert "| data/broken.yaml | **failed**: data/broken.yaml:1:10: meeting.title: field required" in text
    assert "<br>data/broken.yaml:2:11: chapters: expected a list" in text
    assert "| data/x.yaml | built `x.html` |" in text
    assert "| data/x.yaml | up to date `x.html` |" in text
    assert "0 built, 1 up to date, 0 failed" in text


def test_init_writes_a_valid_starter_project_and_leaves_existing_files(here, capsys):
    (here / "README.md").write_text("ours\n")
    assert main(["init", "new"]) == 0 and main(["init"]) == 0
    out = capsys.readouterr().out
    assert "wrote new/data/example.yaml" in out and "README.md already exists; left as it is" in out
    assert (here / "README.md").read_text() == "ours\n"
    new = here / "new"
    assert {p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file()} == {
        *LAYOUT, "output/brief.schema.json"}
    brief = new / "data" / "example.yaml"
    assert brief.read_text().startswith("# yaml-language-server: $schema=../output/brief.schema.json\n")
    assert load(brief).meeting.title == "Example Meeting of Country A and Country B"
    assert project.find(new).settings.formats == ["pdf", "pptx"]
    assert "/output/" in (new / ".gitignore").read_text().splitlines()


def test_init_into_a_file_is_refused(here, capsys):
    (here / "file").write_text("")
    assert main(["init", "file"]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_the_starter_workflow_is_valid_and_uses_the_action():
    workflow = starter(LAYOUT[".github/workflows/briefs.yml"])
    path = Path("briefs.yml")
    path.write_text(workflow)
    run = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                          str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "uses: OWNER/dossier@main" in workflow
