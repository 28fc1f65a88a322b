"""`build --since REV`, `check --since REV` and `since:` in the project file, in git repositories made with
`commit_version`: bad revisions, briefs new or outside git, an earlier version that does not load, the
rebuild record, and what the model shows of each kind of change (`load(..., since=)`, `Since.shown`)."""

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import commit_version
from dossier.cli import main
from dossier.load import load
from dossier.errors import InvalidInput
from dossier.load.versions import revision
from dossier.style.labels import Labels

pytestmark = pytest.mark.skipif(not shutil.which("git"), reason="needs git")

BRIEF = """\
meeting:
  title: Talks
  date: 2026-03-12
  place: Paris, France
  parties: [France, Germany]
summary: Both governments review their joint agenda.
chapters:
  - title: Highlights
    blocks:
      - highlights:
          - title: Energy
            points: ["link their grids by 2030", "share storage data"]
          - title: Trade
            points: ["cut tariffs on steel and aluminium"]
  - title: Economy
    blocks:
      - table: Trade in goods
        columns: [Flow, "2023", "2024"]
        rows:
          - [Trade, 530, 560]
      - chart: Bilateral trade
        categories: ["2023", "2024"]
        series:
          - name: Exports
            values: [200, 210]
      - agreements:
          - title: MoU on Energy
          - title: Treaty on Water
sources:
  - id: imf
    title: IMF Outlook
"""

ARABIC = """\
meeting:
  title: محادثات ثنائية
  date: 2026-03-12
  language: ar
chapters:
  - title: أبرز النتائج
    points: ["ربط شبكات الكهرباء بحلول عام 2030", "تبادل البيانات"]
  - title: الاقتصاد
    blocks:
      - table: التجارة
        columns: [البند, "2023"]
        rows:
          - [التجارة, 530]
"""

TRADE = '          - title: Trade\n            points: ["cut tariffs on steel and aluminium"]\n'


def edited(text: str, *pairs: tuple[str, str]) -> str:
    for before, after in pairs:
        assert before in text, before
        text = text.replace(before, after)
    return text


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A briefs repository whose first version (30 November 2026) is committed; the test's folder."""
    root = commit_version(tmp_path / "briefs", {"data/talks.yaml": BRIEF})
    monkeypatch.chdir(root)
    return root


def dossier(*args: str, capsys) -> tuple[int, str]:
    """Run `dossier ARGS` in this process: the exit code and what it printed (stdout, then stderr)."""
    try:
        code = main(list(args))
    except SystemExit as stop:  # argparse's usage errors
        code = stop.code
    printed = capsys.readouterr()
    return code, printed.out + printed.err


def record(root: Path, name: str = "talks.pptx") -> dict:
    return json.loads((root / "output" / ".dossier" / f"{name}.json").read_text(encoding="utf-8"))


# A revision that is not one.

@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("args, said", [
    (["--since", "nosuch"], "Error: --since nosuch: not a revision of this git repository"),
    (["--since=--output=x"], "Error: --since --output=x: '--output=x' is not a revision"),
    (["--since=-x"], "Error: --since -x: '-x' is not a revision"),
    (["--since", "-x"], "argument --since: expected one argument"),  # argparse: -x is an option
])
def test_a_bad_revision_is_one_clear_usage_error(repo, capsys, command, args, said):
    code, err = dossier(command, *args, "--format", "pptx", capsys=capsys) if command == "build" else \
        dossier(command, *args, capsys=capsys)
    assert code == 2
    assert said in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith(("Error:", "dossier "))]) == 1
    assert not (repo / "output").exists() and not (repo / "x").exists() and not (repo / "--output=x").exists()


def test_a_bad_revision_in_the_project_file(repo, capsys):
    (repo / "dossier.yaml").write_text("since: nosuch\n", encoding="utf-8")
    code, err = dossier("build", "--format", "pptx", capsys=capsys)
    assert code == 2 and "--since nosuch: not a revision of this git repository" in err
    (repo / "dossier.yaml").write_text("formats: [pptx]\nsince: --output=x\n", encoding="utf-8")
    code, err = dossier("build", capsys=capsys)
    assert code == 2
    assert err.strip() == ("dossier.yaml:2:8: since: a git revision cannot start with '-' or hold a space or a "
                           "control character; write a branch, a tag or a commit, e.g. main or HEAD~1")
    assert not (repo / "output").exists()


# A brief outside git, and a brief new since the revision.

def test_a_brief_in_no_git_repository_fails_with_one_message(repo, tmp_path, capsys):
    outside = tmp_path / "elsewhere" / "loose.yaml"
    outside.parent.mkdir()
    outside.write_text(BRIEF, encoding="utf-8")
    for command in ("check", "build"):
        code, err = dossier(command, str(outside), "--since", "HEAD", "--out", str(tmp_path / "out"), capsys=capsys) \
            if command == "build" else dossier(command, str(outside), "--since", "HEAD", capsys=capsys)
        assert code == 1, err
        assert err.count("--since HEAD needs the brief in a git repository, and this one is in none") == 1
        assert "build it without --since, or commit it to one" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "loose.pptx").exists()


def test_a_brief_in_no_git_repository_is_named_once(repo, tmp_path, capsys):
    outside = tmp_path / "loose.yaml"
    outside.write_text(BRIEF, encoding="utf-8")
    _, err = dossier("check", str(outside), "--since", "HEAD", capsys=capsys)
    assert err.count("loose.yaml") == 1, err


def test_a_brief_new_since_the_revision_builds_and_says_it_is_new(repo, capsys):
    (repo / "data" / "visit.yaml").write_text(BRIEF.replace("Talks", "Visit"), encoding="utf-8")  # not committed
    code, err = dossier("check", "--since", "HEAD", capsys=capsys)
    assert code == 0, err
    code, err = dossier("build", "--since", "HEAD", "--format", "pptx", "-j", "1", capsys=capsys)
    assert code == 0, err
    assert (repo / "output" / "visit.pptx").is_file()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    assert record(repo, "visit.pptx")["since"] == {"revision": "HEAD", "commit": head, "digest": None}
    found = load(repo / "data" / "visit.yaml", since=revision("HEAD", repo)).since
    assert found.new and not found.changes
    assert found.line(Labels("en"), "en") == "This brief is new since November 30, 2026."
    assert found.heading(Labels("en"), "en") == "Changes since November 30, 2026"


# An earlier version that does not load.

def test_an_earlier_version_that_does_not_load_warns_in_build_and_check_with_the_same_words(repo, capsys):
    """A pull request may fix a brief whose base version was broken: both commands warn alike, naming that
    version's problems by `REV:path`, and the brief builds, its section saying it cannot tell what changed."""
    commit_version(repo, {"data/talks.yaml": BRIEF.replace("date: 2026-03-12", "date: 2026-13-45")}, day="2026-12-01")
    (repo / "data" / "talks.yaml").write_text(BRIEF, encoding="utf-8")  # the work tree is fixed
    checked = dossier("check", "--since", "HEAD", capsys=capsys)
    built = dossier("build", "--since", "HEAD", "--format", "pptx", "-j", "1", capsys=capsys)
    assert checked[0] == built[0] == 0, (checked, built)

    def warned(err: str) -> list[str]:
        return [line.removeprefix("warning: ") for line in err.splitlines() if "HEAD" in line]

    expected = [
        "HEAD:data/talks.yaml:3:9: meeting.date: '2026-13-45' is not a real day; write it as YYYY-MM-DD",
        "data/talks.yaml:1:1: --since HEAD: the brief's version at HEAD does not load (see above), so its changes "
        "section says only that; name a revision whose version loads to see what changed"]
    assert warned(checked[1]) == warned(built[1]) == expected, (checked[1], built[1])
    since = load(repo / "data" / "talks.yaml", since=revision("HEAD", repo), warnings=[]).since
    assert not since.loads and not since.changes
    assert since.line(Labels("en"), "en") == "The version of December 1, 2026 does not load, so what changed since cannot be shown."
    with pytest.raises(InvalidInput):  # asked without room for warnings, it is an error
        load(repo / "data" / "talks.yaml", since=revision("HEAD", repo))
    notes = Presentation(str(repo / "output" / "talks.pptx"))
    assert any("does not load" in shape.text_frame.text for slide in notes.slides for shape in slide.shapes
               if shape.has_text_frame)


# The rebuild record.

def test_the_record_keeps_the_earlier_digest_and_a_moved_revision_rebuilds(repo, capsys):
    def build(*args: str) -> str:
        code, err = dossier("build", "--format", "pptx", "-j", "1", *args, capsys=capsys)
        assert code == 0, err
        return err

    def head() -> str:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()

    second = edited(BRIEF, (TRADE, ""))
    (repo / "data" / "talks.yaml").write_text(second, encoding="utf-8")
    main(["build", "--format", "pptx", "-j", "1", "--since", "HEAD"])
    first = record(repo)["since"]
    assert first == {"revision": "HEAD", "commit": head(), "digest": hashlib.sha256(BRIEF.encode()).hexdigest()}
    capsys.readouterr()
    assert "1 up to date" in build("--since", "HEAD")  # the same revision: nothing to do
    # HEAD moves (the second version committed): the brief is rebuilt against the new commit and its text
    commit_version(repo, {}, day="2026-12-01")
    assert "1 built" in build("--since", "HEAD")
    assert record(repo)["since"] == {"revision": "HEAD", "commit": head(),
                                     "digest": hashlib.sha256(second.encode()).hexdigest()}
    assert "1 up to date" in build("--since", "HEAD")
    # HEAD moves again, by a commit that leaves the brief alone: another commit, the same digest
    commit_version(repo, {"notes.txt": "a note\n"}, day="2026-12-02")
    assert "1 built" in build("--since", "HEAD")
    assert record(repo)["since"]["commit"] == head()
    assert record(repo)["since"]["digest"] == hashlib.sha256(second.encode()).hexdigest()
    # the same commit by another name is the same build; without --since, it is another
    assert "1 up to date" in build("--since", head())
    assert "1 built" in build()
    assert "since" not in record(repo)
    # since: in the project file does what --since does; the command line wins
    (repo / "dossier.yaml").write_text("since: HEAD~1\n", encoding="utf-8")
    assert "1 built" in build()
    assert record(repo)["since"]["revision"] == "HEAD~1"
    assert "1 built" in build("--since", "HEAD")
    assert record(repo)["since"]["revision"] == "HEAD"


# What the model shows of each kind of change.

def shown(repo: Path, new: str, language: str = "en") -> list[tuple[str, list[tuple]]]:
    """The changes since HEAD of data/talks.yaml written as `new`: each group's word, and each change's
    subject, name, field, where, was, old and new."""
    path = repo / "data" / "talks.yaml"
    path.write_text(new, encoding="utf-8")
    since = load(path, since=revision("HEAD", repo)).since
    assert since is not None and not since.new
    return [(word, [(s.subject, s.name, s.field, s.where, s.was, s.old, s.new) for s in found])
            for word, found in since.shown(Labels(language), language)]


def test_a_reorder(repo):
    new = edited(BRIEF, (TRADE, ""), ("          - title: Energy\n", TRADE + "          - title: Energy\n"))
    assert shown(repo, new) == [("Moved", [("Highlight", "Energy", "", "in Highlights", "", None, None)])]


def test_a_retitle(repo):
    new = edited(BRIEF, ("  - title: Economy\n", "  - title: Economy and trade\n"))
    assert shown(repo, new) == [("Retitled", [("Chapter", "Economy and trade", "", "", "", "Economy",
                                               "Economy and trade")])]


def test_a_table_cell(repo):
    assert shown(repo, edited(BRIEF, ("[Trade, 530, 560]", "[Trade, 541, 560]"))) == [
        ("Changed", [("Table cell", "Trade 2023", "", "in Economy › Trade in goods", "", "530", "541")])]


def test_a_chart_value(repo):
    assert shown(repo, edited(BRIEF, ("values: [200, 210]", "values: [200, 215]"))) == [
        ("Changed", [("Chart value", "Exports 2024", "", "in Economy › Bilateral trade", "", "210", "215")])]


def test_a_removed_agreement(repo):
    assert shown(repo, edited(BRIEF, ("          - title: Treaty on Water\n", ""))) == [
        ("Removed", [("Agreement", "Treaty on Water", "", "in Economy", "", None, None)])]


def test_an_added_source(repo):
    assert shown(repo, BRIEF + "  - id: wb\n    title: World Bank data\n") == [
        ("Added", [("Source", "wb", "", "", "", None, "World Bank data")])]


def test_a_changed_date(repo):
    assert shown(repo, edited(BRIEF, ("date: 2026-03-12", "date: 2026-03-13"))) == [
        ("Changed", [("Meeting", "", "date", "", "", "March 12, 2026", "March 13, 2026")])]


def test_a_changed_point_word_by_word_and_a_removed_highlight(repo):
    path = repo / "data" / "talks.yaml"
    path.write_text(edited(BRIEF, ("link their grids by 2030", "link their power grids by 2032"), (TRADE, "")),
                    encoding="utf-8")
    since = load(path, since=revision("HEAD", repo)).since
    groups = dict(since.shown(Labels("en"), "en"))
    [removed] = groups["Removed"]
    assert (removed.subject, removed.name, removed.where) == ("Highlight", "Trade", "in Highlights")
    [point] = groups["Changed"]
    assert point.where == "in Highlights › Energy"
    assert [(w.op, w.text) for w in point.words] == [("=", "link their"), ("+", "power"), ("=", "grids by"),
                                                     ("-", "2030"), ("+", "2032")]
    assert since.line(Labels("en"), "en") == "2 changes"


def test_an_rtl_brief(tmp_path, monkeypatch):
    root = commit_version(tmp_path / "briefs", {"data/talks.yaml": ARABIC})
    monkeypatch.chdir(root)
    new = edited(ARABIC, ("  - title: الاقتصاد\n", "  - title: الاقتصاد والتجارة\n"),
                 ("[التجارة, 530]", "[التجارة, 541]"),
                 ("ربط شبكات الكهرباء بحلول عام 2030", "ربط شبكات الكهرباء والغاز بحلول عام 2030"))
    path = root / "data" / "talks.yaml"
    path.write_text(new, encoding="utf-8")
    since = load(path, since=revision("HEAD", root)).since
    labels = Labels("ar")
    assert labels.rtl
    found = [s for _, group in since.shown(labels, "ar") for s in group]
    title, point, cell = found  # by kind: retitled, then changed
    assert ("+", "والغاز") in [(w.op, w.text) for w in point.words]
    assert point.where.endswith("أبرز النتائج")
    assert (title.name, title.old, title.new) == ("الاقتصاد والتجارة", "الاقتصاد", "الاقتصاد والتجارة")
    assert (cell.name, cell.old, cell.new) == ("التجارة 2023", "530", "541")
    assert cell.where.endswith("الاقتصاد والتجارة › التجارة")
    # every word of Dossier's in Arabic: the groups, the subjects, "in", the heading with its day, the count
    words = [w for w, _ in since.shown(labels, "ar")] + [s.subject for s in found] + [cell.where.split()[0]]
    words += [since.heading(labels, "ar"), since.line(labels, "ar")]
    assert not [w for w in words if re.search("[A-Za-z]", w)], words
    assert "نوفمبر" in since.heading(labels, "ar")
