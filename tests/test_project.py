"""The project: its file is found upwards, validated like a brief, and sets defaults; init; job summaries."""

import subprocess
import sys
from pathlib import Path

import pytest

import dossier
from conftest import EXAMPLE
from dossier import project
from dossier.project import scaffold
from dossier.build import Result
from dossier.cli import main, markdown_summary
from dossier.load import load
from dossier.project.scaffold import LAYOUT, starter


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
    assert "| `data/broken.yaml` | **failed**: `data/broken.yaml:1:10: meeting.title: field required" in text
    assert "<br>`data/broken.yaml:2:11: chapters: expected a list" in text
    assert "| `data/x.yaml` | built `x.html` |" in text
    assert "| `data/x.yaml` | up to date `x.html` |" in text
    assert "0 built, 1 up to date, 0 failed" in text


def test_init_writes_a_valid_starter_project_and_leaves_existing_files(here, capsys):
    (here / "README.md").write_text("ours\n")
    assert main(["init", "new"]) == 0 and main(["init"]) == 0
    out = capsys.readouterr().out
    assert "wrote new/data/example.yaml" in out and "README.md already exists; left as it is" in out
    assert (here / "README.md").read_text() == "ours\n"
    new = here / "new"
    assert {p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file()} == {
        *LAYOUT, "schema/brief.schema.json"}
    brief = new / "data" / "example.yaml"
    assert brief.read_text().startswith("# yaml-language-server: $schema=../schema/brief.schema.json\n")
    assert load(brief).meeting.title == "Example Meeting of Country A and Country B"
    assert project.find(new).settings.formats == ["pdf", "pptx"]
    assert "/output/" in (new / ".gitignore").read_text().splitlines()


HOSTILE = ["![p](https://host/track.png) @someone [click](https://host/phish)",
           "<img src=x onerror=alert(1)> <b>bold</b> &amp; www.host.example :smile:",
           "line\n# A heading\n\n| forged | row |", "pipes | \\| and ``` fences ` and trailing `",
           "`", " ", "\u2028# heading after a line separator\x1b[31m", "x" * 5000]


def _parsed(summary: str):
    """The summary as GitHub reads it, near enough: CommonMark with tables, linkify and strikethrough."""
    from markdown_it import MarkdownIt
    tokens = MarkdownIt("gfm-like").parse(summary)
    return tokens, [child for token in tokens for child in (token.children or [])]


@pytest.mark.parametrize("verb", ["built", "checked"])
def test_the_summary_carries_no_markdown_from_names_or_messages(verb):
    """A hostile file name or YAML key is quoted in a code span: no link, image, mention, heading or HTML."""
    results = [Result(Path(f"data/{name}.yaml"), problems=[f"data/{name}.yaml:1:1: {name}: unknown field"] * 2)
               for name in HOSTILE]
    results.append(Result(Path("data/fine.yaml"), built=[Path(f"output/{HOSTILE[0]}.pdf")]))
    tokens, inline = _parsed(markdown_summary(results, verb, "summary line"))
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h3"]  # ours, the title
    assert not [t for t in inline if t.type in ("link_open", "image", "html_block")]
    assert {t.content for t in tokens + inline if t.type.startswith("html")} == {"<br>"}  # ours, between problems
    assert sum(t.type == "tr_open" for t in tokens) == 1 + len(results)  # the header, then one row per brief
    codes = [t.content for t in inline if t.type == "code_inline"]
    assert HOSTILE[0] + ".yaml:1:1: " + HOSTILE[0] + ": unknown field" in " ".join(codes)
    assert "pipes | \\| and ``` fences ` and trailing `" in " ".join(codes)  # whole, as written
    assert max(map(len, codes)) <= 1001


def test_init_refuses_symlinked_folders_and_writes_nothing(here, capsys):
    """A planted link at data/, .github/ or .github/workflows/ would lead init's files elsewhere."""
    elsewhere = here / "elsewhere"
    for link in ("data", ".github", ".github/workflows"):
        (new := here / f"new-{link.replace('/', '-')}").mkdir()
        (new / link).parent.mkdir(parents=True, exist_ok=True)
        (elsewhere / link).mkdir(parents=True, exist_ok=True)
        (new / link).symlink_to(elsewhere / link, target_is_directory=True)
        assert main(["init", str(new.relative_to(here))]) == 1
        err = capsys.readouterr().err
        assert f"Error: {new.name}/{link} is a symbolic link: init writes only into real folders" in err
        assert [p for p in elsewhere.rglob("*") if p.is_file()] == []
        assert {p.relative_to(new).as_posix() for p in new.rglob("*")} <= {".github", link}


def test_init_creates_files_without_following_a_link_planted_at_a_file(here):
    (here / "secret").write_text("theirs\n")
    (here / "new").mkdir()
    (here / "new" / "README.md").symlink_to(here / "secret")
    assert main(["init", "new"]) == 0
    assert (here / "secret").read_text() == "theirs\n"


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
    assert f"uses: {scaffold.ACTION_REPOSITORY}@{scaffold.ACTION_COMMIT} # v{dossier.__version__}\n" in workflow


@pytest.mark.parametrize("setting, problem", [
    ("/tmp/x", "'/tmp/x' is an absolute path"),
    ("../elsewhere", "'../elsewhere' leads outside the project"),
    ("site/../../x", "'site/../../x' leads outside the project"),
    ('"out\\nartifact=evil"', "has a control character or a line break"),
    ('"out\\u2028x"', "has a control character or a line break"),
    ("link", "'link' leads outside the project (through '..' or a symbolic link)"),
])
def test_where_refuses_an_output_folder_a_script_should_not_trust(here, capsys, setting, problem):
    (here / "link").symlink_to(here.parent, target_is_directory=True)
    (here / "dossier.yaml").write_text(f"output: {setting}\n")
    assert main(["where", "output"]) == 2
    err = capsys.readouterr()
    assert err.out == ""
    assert f"dossier.yaml:1:9: output: {problem}" in err.err


@pytest.mark.parametrize("setting, printed", [("", "output"), ("output: site/briefs/\n", "site/briefs"),
                                               ("output: ./site\n", "site"), ("data: briefs\n", "output")])
def test_where_prints_the_folder_relative_to_the_project(here, capsys, setting, printed):
    (here / "dossier.yaml").write_text(setting)
    (here / "data" / "deeper").mkdir()
    assert project.find(here / "data" / "deeper").root == here
    assert main(["where", "output"]) == 0
    assert capsys.readouterr().out == printed + "\n"


def test_where_names_one_folder(here, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["where", "output", "data"])
    assert exit.value.code == 2 and "where takes one folder: data, output, templates" in capsys.readouterr().err


HIDDEN = "Dossier reads and writes no hidden path"


@pytest.mark.parametrize("key, link, target, column", [
    ("output", "out", ".git", 9), ("data", "dl", ".git", 7), ("templates", "tp", ".git", 12),
    ("theme", "tl", ".git/config", 8), ("deck_template", "dt.pptx", ".git/config", 16),
])
def test_a_project_path_that_leads_into_a_hidden_folder_is_refused(here, capsys, key, link, target, column):
    (here / ".git").mkdir()
    (here / ".git" / "config").write_text("token")
    (here / link).symlink_to(target)
    (here / "dossier.yaml").write_text(f"{key}: {link}\n")
    expected = f"dossier.yaml:1:{column}: {key}: '{link}' leads to the hidden path '{target}'; {HIDDEN}"
    for command in (["check"], ["build"], ["where", "output"]):
        assert main(command) == 2
        assert capsys.readouterr().err.splitlines() == [expected]
    assert [p.name for p in (here / ".git").iterdir()] == ["config"]


@pytest.mark.parametrize("folder, target, message", [
    ("output", ".git", f"output: 'output' leads to the hidden path '.git'; {HIDDEN}"),
    ("templates", ".git", f"templates: 'templates' leads to the hidden path '.git'; {HIDDEN}"),
    ("output", "data", "output: 'output' is or holds the data folder (through a symbolic link); "
                       "outputs need a folder of their own, such as 'output'"),
    ("output", "output", "output: 'output' is not a folder (a file, or a broken link); "
                         "delete it or name another output folder"),
])
def test_a_default_folder_follows_the_rules_of_a_named_one(here, capsys, folder, target, message):
    """A pull request can delete dossier.yaml, or leave a folder to its default, and plant a link there."""
    (here / ".git").mkdir()
    (here / folder).symlink_to(target)
    for command in (["check"], ["build"], ["where", "output"]):
        assert main(command) == 2
        assert capsys.readouterr().err.splitlines() == [f"Error: {message}"]
    assert list((here / ".git").iterdir()) == []


def test_an_output_folder_holding_a_link_is_refused_and_the_link_left_alone(here, capsys):
    """An upload of output/ would carry what a link there points to: the build, the check and
    `where` all refuse such a folder; the link is neither followed nor removed."""
    (here / ".git").mkdir()
    (here / ".git" / "config").write_text("token")
    (here / "output" / "deeper").mkdir(parents=True)
    (here / "output" / "leak.pdf").symlink_to("../.git/config")
    (here / "output" / "deeper" / "gitdir").symlink_to("../../.git")
    expected = ("Error: output/deeper/gitdir, output/leak.pdf: symbolic links in the output folder, which Dossier "
                "never writes and an upload of the folder would follow; delete them")
    for command in (["check"], ["build", "--format", "html"], ["where", "output"]):
        assert main(command) == 2
        captured = capsys.readouterr()
        assert captured.err.splitlines() == [expected] and captured.out == ""
    assert sorted(p.name for p in (here / "output").rglob("*")) == ["deeper", "gitdir", "leak.pdf"]
    assert (here / ".git" / "config").read_text() == "token"
    (here / "output" / "leak.pdf").unlink()
    (here / "output" / "deeper" / "gitdir").unlink()
    assert main(["where", "output"]) == 0 and capsys.readouterr().out == "output\n"


def test_many_links_in_the_output_folder_make_one_message(here, capsys):
    (here / "output").mkdir()
    for i in range(project.MAX_SHOWN + 3):
        (here / "output" / f"l{i:02}").symlink_to("elsewhere")
    assert main(["check"]) == 2
    [message] = capsys.readouterr().err.splitlines()
    assert message.startswith("Error: output/l00, output/l01,") and " and 3 more: symbolic links" in message


def test_a_link_inside_the_project_to_a_plain_folder_is_a_fine_output_folder(here, capsys):
    (here / "site").mkdir()
    (here / "output").symlink_to("site")
    assert main(["where", "output"]) == 0 and capsys.readouterr().out == "output\n"
    assert main(["--format", "html"]) == 0
    assert (here / "site" / "x.html").is_file()


def test_where_checks_again_by_the_same_rules_whatever_it_is_given(here, capsys):
    """`where` does not rely on `find` alone: a project made without it is checked the same way."""
    from dossier.cli import _where

    (here / ".git").mkdir()
    (here / "output").symlink_to(".git")
    assert _where(project.Project(here, None), "output") == 2
    assert capsys.readouterr().err == f"Error: output: 'output' leads to the hidden path '.git'; {HIDDEN}\n"
