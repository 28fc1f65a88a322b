"""What changed between two versions of a brief: `model.changes.compare` and `dossier diff`."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from dossier.cli import main
from dossier.load import load
from dossier.model.changes import Changes, Word, compare, similarity, word_diff

BASE = """\
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
            lead: "Both sides agreed to:"
            points: ["link their grids by 2030", "share storage data"]
          - title: Trade
            points: ["cut tariffs on steel and aluminium"]
  - title: Economy
    text: The economy grows steadily in both countries.
    blocks:
      - table: Trade in goods
        columns: [Flow, "2023", "2024"]
        rows:
          - [Trade, 530, 560]
          - [Exports, 200, 210]
      - chart: Bilateral trade
        categories: ["2023", "2024"]
        series:
          - name: Exports
            values: [200, 210]
      - agreements:
          - title: MoU on Energy
            date: 2026-03-12
          - title: Treaty on Water
  - title: Outlook
    blocks:
      - event: Next consultations
        date: "2027"
sources:
  - id: imf
    title: IMF Outlook
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def changes(tmp_path: Path, old: str, new: str) -> Changes:
    return compare(load(write(tmp_path, "old.yaml", old)), load(write(tmp_path, "new.yaml", new)))


def edited(*pairs: tuple[str, str], base: str = BASE) -> str:
    for before, after in pairs:
        assert before in base, before
        base = base.replace(before, after)
    return base


def kinds(found: Changes) -> list[tuple[str, str, str]]:
    return [(c.kind, c.subject, c.name) for c in found]


def test_the_same_brief_has_no_changes(tmp_path, brief):
    assert not compare(brief, brief)
    assert compare(brief, brief).to_plain() == "No changes."
    assert not changes(tmp_path, BASE, BASE)


def test_a_reorder_is_a_move_not_a_removal_and_an_addition(tmp_path):
    trade = '          - title: Trade\n            points: ["cut tariffs on steel and aluminium"]\n'
    new = edited((trade, ""), ("          - title: Energy\n", trade + "          - title: Energy\n"))
    found = changes(tmp_path, BASE, new)
    assert kinds(found) == [("moved", "highlight", "Energy")]
    assert found.changes[0].where == ("Highlights",)
    # chapters too
    outlook = '  - title: Outlook\n    blocks:\n      - event: Next consultations\n        date: "2027"\n'
    new = edited((outlook, ""), ("  - title: Highlights\n", outlook + "  - title: Highlights\n"))
    assert [c.kind for c in changes(tmp_path, BASE, new)] == ["moved"]


def test_a_move_to_another_chapter_is_one_move_with_what_changed_in_it(tmp_path):
    trade = '          - title: Trade\n            points: ["cut tariffs on steel and aluminium"]\n'
    new = edited((trade, ""), ("      - agreements:\n", "      - highlights:\n" + trade.replace(
        "title: Trade", "title: Trade deals").replace("steel and", "steel, copper and") + "      - agreements:\n"))
    found = changes(tmp_path, BASE, new)
    assert [(c.kind, c.subject, c.name, c.where, c.was) for c in found] == [
        ("moved", "highlight", "Trade deals", ("Economy",), ("Highlights",)),
        ("retitled", "highlight", "Trade deals", ("Economy",), ()),
        ("changed", "point", "", ("Economy", "Trade deals"), ())]
    assert "highlight “Trade deals” in “Economy”, from “Highlights”" in found.to_plain()
    # a point moved from one highlight to another
    new = edited((', "share storage data"]', "]"), ('steel and aluminium"]', 'steel and aluminium", "share storage data"]'))
    assert [(c.kind, c.where, c.was) for c in changes(tmp_path, BASE, new)] == [
        ("moved", ("Highlights", "Trade"), ("Highlights", "Energy"))]


def test_a_retitle_with_small_edits_is_a_retitle(tmp_path):
    new = edited(("  - title: Economy\n", "  - title: Economy and trade\n"),
                 ("          - title: Energy\n", "          - title: Energy cooperation\n"))
    found = changes(tmp_path, BASE, new)
    assert kinds(found) == [("retitled", "highlight", "Energy cooperation"),  # in reading order
                            ("retitled", "chapter", "Economy and trade")]
    assert (found.changes[1].old, found.changes[1].new) == ("Economy", "Economy and trade")
    assert "chapter “Economy” → “Economy and trade”" in found.to_plain()
    # a new chapter with a new title and content is an addition, not a retitle
    added = BASE.replace("sources:", "  - title: Security\n    text: Border talks resume.\nsources:")
    assert kinds(changes(tmp_path, BASE, added)) == [("added", "chapter", "Security")]


def test_a_table_cell(tmp_path):
    found = changes(tmp_path, BASE, edited(("[Trade, 530, 560]", "[Trade, 541, 560]")))
    (change,) = found.changes
    assert (change.kind, change.subject, change.name, change.old, change.new) == \
        ("changed", "table cell", "Trade 2023", "530", "541")
    assert change.where == ("Economy", "Trade in goods")
    assert "table cell “Trade 2023” in “Economy” › “Trade in goods”: “530” → “541”" in found.to_plain()
    # a row added and a row removed, by their first cell
    rows = changes(tmp_path, BASE, edited(("[Exports, 200, 210]", "[Imports, 330, 350]")))
    assert sorted(kinds(rows)) == [("added", "table row", "Imports"), ("removed", "table row", "Exports")]


def test_a_chart_value(tmp_path):
    found = changes(tmp_path, BASE, edited(("values: [200, 210]", "values: [200, 215.5]")))
    assert [(c.subject, c.name, c.old, c.new) for c in found] == [("chart value", "Exports 2024", "210", "215.5")]


def test_a_removed_agreement(tmp_path):
    found = changes(tmp_path, BASE, edited(("          - title: Treaty on Water\n", "")))
    assert kinds(found) == [("removed", "agreement", "Treaty on Water")]
    assert found.changes[0].where == ("Economy",)
    # a record's field, by the record's first field
    dated = changes(tmp_path, BASE, edited(("            date: 2026-03-12\n", "            date: 2026-04-01\n")))
    assert [(c.subject, c.name, c.field, c.old, c.new) for c in dated] == \
        [("agreement", "MoU on Energy", "date", "2026-03-12", "2026-04-01")]


def test_an_added_source(tmp_path):
    found = changes(tmp_path, BASE, BASE + "  - id: wb\n    title: World Bank data\n")
    assert kinds(found) == [("added", "source", "wb")]
    assert "source “wb”: “World Bank data”" in found.to_plain()


def test_a_changed_date_and_other_meeting_facts(tmp_path):
    found = changes(tmp_path, BASE, edited(("date: 2026-03-12\n  place: Paris", "date: 2026-03-13\n  place: Berlin"),
                                           ("[France, Germany]", "[France, Germany, Poland]")))
    facts = {c.field: (c.old, c.new) for c in found if c.subject == "meeting"}
    assert facts == {"date": ("2026-03-12", "2026-03-13"), "place": ("Paris, France", "Berlin, France"),
                     "parties": ("France; Germany", "France; Germany; Poland")}
    assert "meeting date: “2026-03-12” → “2026-03-13”" in found.to_plain()


def test_a_changed_point_word_by_word_and_a_removed_highlight(tmp_path):
    new = edited(("link their grids by 2030", "link their power grids by 2032"),
                 ('          - title: Trade\n            points: ["cut tariffs on steel and aluminium"]\n', ""))
    found = changes(tmp_path, BASE, new)
    point = next(c for c in found if c.subject == "point")
    assert point.words == (Word("=", "link their"), Word("+", "power"), Word("=", "grids by"),
                           Word("-", "2030"), Word("+", "2032"))
    assert "point in “Highlights” › “Energy”: link their {+power+} grids by [-2030-] {+2032+}" in found.to_plain()
    assert ("removed", "highlight", "Trade") in kinds(found)


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


def test_arabic(tmp_path):
    new = edited(("  - title: الاقتصاد\n", "  - title: الاقتصاد والتجارة\n"), ("[التجارة, 530]", "[التجارة, 541]"),
                 ("ربط شبكات الكهرباء بحلول عام 2030", "ربط شبكات الكهرباء والغاز بحلول عام 2030"),
                 ("date: 2026-03-12", "date: 2026-03-14"), base=ARABIC)
    found = changes(tmp_path, ARABIC, new)
    assert [(c.kind, c.subject) for c in found] == [("changed", "meeting"), ("changed", "point"),
                                                    ("retitled", "chapter"), ("changed", "table cell")]
    point, title, cell = found.changes[1:]
    assert Word("+", "والغاز") in point.words
    assert (title.old, title.new) == ("الاقتصاد", "الاقتصاد والتجارة")
    assert (cell.name, cell.old, cell.new) == ("التجارة 2023", "530", "541")
    assert "chapter “الاقتصاد” → “الاقتصاد والتجارة”" in found.to_plain()


def test_helpers():
    assert similarity("a", "a") == 1.0 and similarity("", "x") == 0.0
    assert word_diff("a b c", "a c") == (Word("=", "a"), Word("-", "b"), Word("=", "c"))


# The command line.

@pytest.fixture
def pair(tmp_path):
    new = edited(("[Trade, 530, 560]", "[Trade, 541, 560]"), ("          - title: Treaty on Water\n", ""),
                 ("link their grids", "link their `power` grids | [x](http://e.vil) @team"))
    return write(tmp_path, "old.yaml", BASE), write(tmp_path, "new.yaml", new)


def test_diff_files_as_text(pair, capsys):
    assert main(["diff", str(pair[0]), str(pair[1])]) == 0
    out = capsys.readouterr().out
    assert "Removed (1):\n  - agreement “Treaty on Water” in “Economy”" in out
    assert "table cell “Trade 2023” in “Economy” › “Trade in goods”: “530” → “541”" in out


def test_diff_no_change_exits_0(pair, capsys):
    assert main(["diff", str(pair[0]), str(pair[0])]) == 0
    assert "No changes." in capsys.readouterr().out


def test_diff_as_markdown_escapes_every_text(pair, capsys):
    assert main(["diff", str(pair[0]), str(pair[1]), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("### Dossier: changes from `")
    assert "**Removed** (1)\n\n- agreement `Treaty on Water` in `Economy`" in out
    assert "``link their `power` grids \\| [x](http://e.vil) @team by 2030``" in out
    for line in out.splitlines():  # no user text outside a code span
        assert "[x](" not in line.replace("``link their `power` grids \\| [x](http://e.vil) @team by 2030``", "")


def test_diff_as_json(pair, capsys):
    assert main(["diff", str(pair[0]), str(pair[1]), "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"removed": 1, "changed": 2}
    cell = next(c for c in data["changes"] if c["subject"] == "table cell")
    assert (cell["name"], cell["old"], cell["new"], cell["where"]) == ("Trade 2023", "530", "541",
                                                                       ["Economy", "Trade in goods"])


def test_diff_bad_format_and_arguments_are_usage_errors(pair, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["diff", str(pair[0]), str(pair[1]), "--format", "pdf"])
    assert stop.value.code == 2
    with pytest.raises(SystemExit) as stop:
        main(["diff", str(pair[0])])
    assert stop.value.code == 2
    assert "diff takes two versions" in capsys.readouterr().err


def test_diff_a_version_that_does_not_load(pair, tmp_path, capsys):
    bad = write(tmp_path, "bad.yaml", "meeting:\n  date: 2026-13-45\n")
    assert main(["diff", str(pair[0]), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:" in err and "does not load" in err
    assert main(["diff", str(tmp_path / "missing.yaml"), str(pair[0])]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.yaml: no such file" in err


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_diff_git_revisions(tmp_path, monkeypatch, capsys):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "T")
    (tmp_path / "data").mkdir()
    write(tmp_path / "data", "x.yaml", BASE)
    git("add", ".")
    git("commit", "-q", "-m", "one")
    write(tmp_path / "data", "x.yaml", edited(("values: [200, 210]", "values: [200, 215]")))
    git("commit", "-q", "-am", "two")
    write(tmp_path / "data", "x.yaml", BASE)  # the work tree: back to the first version
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "HEAD~1:data/x.yaml", "HEAD:data/x.yaml"]) == 0
    out = capsys.readouterr().out
    assert "chart value “Exports 2024” in “Economy” › “Bilateral trade”: “210” → “215”" in out
    assert main(["diff", "HEAD:data/x.yaml", "data/x.yaml", "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"] == {"changed": 1}
    assert (tmp_path / "data" / "x.yaml").read_text(encoding="utf-8") == BASE  # nothing checked out
    # a missing revision, a missing path: one clear error each
    assert main(["diff", "nosuchrev:data/x.yaml", "data/x.yaml"]) == 1
    err = capsys.readouterr().err
    assert err.count("Error:") == 1 and "nosuchrev:data/x.yaml: cannot be read from git" in err
    assert main(["diff", "HEAD:data/gone.yaml", "data/x.yaml"]) == 1
    assert "HEAD:data/gone.yaml: cannot be read from git" in capsys.readouterr().err
    # a revision that does not load: its problems named by REV:path
    write(tmp_path / "data", "x.yaml", "meeting:\n  date: 2026-13-45\n")
    git("commit", "-q", "-am", "three")
    assert main(["diff", "HEAD~1:data/x.yaml", "HEAD:data/x.yaml"]) == 1
    err = capsys.readouterr().err
    assert "HEAD:data/x.yaml:2:" in err and "does not load" in err


ROOT = Path(__file__).resolve().parent.parent


def test_the_example_names_a_removed_highlight_an_added_chapter_a_changed_point_and_a_figure(tmp_path):
    text = (ROOT / "data" / "pakistan-russia-sco.yaml").read_text(encoding="utf-8")
    start = text.index("          - title: Afghanistan and Regional Stability")
    end = text.index("  - title: Economic Cooperation Between Pakistan and Russia")
    new = text[:start] + text[end:]  # a highlight removed
    new = new.replace("      - Defense dialogues\n", "      - Defense and security dialogues\n")
    new = new.replace("chapters:\n", "chapters:\n  - title: Latest developments\n    text: A new round of talks.\n", 1)
    new = new.replace("glossary:", "  - title: Figures\n    blocks:\n      - chart: Trade\n        categories: [a, b]\n"
                      "        series: [{name: Trade, values: [1, 2]}]\nglossary:", 1)
    changed = new.replace("values: [1, 2]", "values: [1, 3]")
    found = changes(tmp_path, text, new)
    assert ("removed", "highlight", "Afghanistan and Regional Stability") in kinds(found)
    assert ("added", "chapter", "Latest developments") in kinds(found)
    point = next(c for c in found if c.subject == "point")
    assert point.words == (Word("=", "Defense"), Word("+", "and security"), Word("=", "dialogues"))
    assert [(c.subject, c.old, c.new) for c in changes(tmp_path, new, changed)] == [("chart value", "2", "3")]


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_a_revision_reads_its_own_csv_files(tmp_path, monkeypatch, capsys):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "T")
    (tmp_path / "briefs").mkdir()
    for name in ("aurelia-borealis-figures.yaml", "trade.csv", "projects.csv"):
        shutil.copy(ROOT / "examples" / name, tmp_path / "briefs" / name)
    git("add", ".")
    git("commit", "-q", "-m", "one")
    csv = tmp_path / "briefs" / "trade.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("2023,530,", "2023,541,"), encoding="utf-8")
    git("commit", "-q", "-am", "two")
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "HEAD~1:briefs/aurelia-borealis-figures.yaml", "HEAD:briefs/aurelia-borealis-figures.yaml"]) == 0
    assert "chart value “Aurelian exports 2023” in “Trade” › “Trade in goods, 2021–2025”: “530” → “541”" \
        in capsys.readouterr().out
    # a CSV file missing from the revision is that version's problem, named by REV:path
    git("rm", "-q", "briefs/trade.csv")
    git("commit", "-q", "-m", "three")
    assert main(["diff", "HEAD~1:briefs/aurelia-borealis-figures.yaml", "HEAD:briefs/aurelia-borealis-figures.yaml"]) == 1
    err = capsys.readouterr().err
    assert "HEAD:briefs/aurelia-borealis-figures.yaml" in err and "/tmp/dossier-diff" not in err


def test_every_subject_and_field_a_change_can_name_has_words_in_the_catalogue():
    """Each subject `compare` names and each field it can report on its own has a label: no change is
    shown with a word of English in another language's brief, or with a missing label."""
    import inspect
    import re
    import typing

    from dossier.model import changes, meeting, outcomes, sources
    from dossier.model.words import CHANGE_FIELDS, CHANGE_SUBJECTS, MESSAGES

    code = inspect.getsource(changes._Differ)
    named = set(re.findall(r'(?:self\.(?:text|texts|items|fields|add)\((?:"\w+", )?)"([a-z ]+)"', code))
    named = (named - set(changes.KINDS)) | set(changes.RECORDS.values())
    assert named and named <= set(CHANGE_SUBJECTS), named - set(CHANGE_SUBJECTS)
    models = [meeting.Meeting, sources.Source, outcomes.DocumentBlock, outcomes.PictureBlock]
    for block in changes.RECORDS:
        models += [a for f in block.model_fields.values() for a in typing.get_args(f.annotation)
                   if hasattr(a, "model_fields")]
    keys = {sources.Source: "id", outcomes.DocumentBlock: "document", outcomes.PictureBlock: "alt"}
    for record in models[4:]:  # a record is known by its first field (a session by `what`), not reported
        keys[record] = "what" if "what" in record.model_fields else next(iter(record.model_fields))
    fields = {f for m in models for f in m.model_fields if f != keys.get(m)}
    fields |= {"source", "notes", "total", "kind", "unit", "format", "alt", "date", "means"}  # tables, charts…
    assert fields <= set(CHANGE_FIELDS), fields - set(CHANGE_FIELDS)
    assert all(f"field_{f}" in MESSAGES for f in CHANGE_FIELDS)
    assert all(f"subject_{s.replace(' ', '_')}" in MESSAGES for s in CHANGE_SUBJECTS)
