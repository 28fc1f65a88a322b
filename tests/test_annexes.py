"""Annexes lettered in the brief's script, the top-level shorthand for chapters, `check --canonical`,
and the glossary's acronym warning (issue 22, parts 6, 9 and the warning of part 5)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from pptx import Presentation

from conftest import ROOT, assert_valid_deck
from dossier.errors import InvalidInput
from dossier.load import load
from dossier.model import Story
from dossier.model.localize import letter
from dossier.pdf import render_html
from dossier.style.theme import load_theme


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def written(folder: Path, text: str, name: str = "x.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InvalidInput) as error:
        load(path)
    return [p.message for p in error.value.problems]


@pytest.mark.parametrize("language, letters", [
    ("en", "A B C"), ("en-US", "A B C"), ("fr", "A B C"), ("ru", "А Б В"), ("ar", "أ ب ج"), ("ur", "الف ب ج")])
def test_annexes_are_lettered_in_the_brief_s_script(language, letters):
    assert " ".join(letter(n, language) for n in (1, 2, 3)) == letters


def test_letters_run_on_after_the_alphabet_and_russian_skips_the_letters_gost_leaves_out():
    assert [letter(n, "en") for n in (26, 27, 28, 53)] == ["Z", "AA", "AB", "BA"]
    russian = [letter(n, "ru") for n in range(1, 26)]
    assert not set("ЁЗЙОЧЬЫЪ") & set(russian) and russian[7] == "И" and letter(26, "ru") == "АА"


ANNEXED = """\
meeting:
  title: Talks
  language: {language}
summary: Short.
chapters:
  - title: One
    text: Prose.
  - title: Two
    text: Prose.
annexes:
  - title: Members
    blocks:
      - sections:
          - {{title: Founders, text: Three.}}
          - {{title: Newcomers, text: Two.}}
  - title: Chronology
    text: Since 2001.
"""


@pytest.mark.parametrize("language, first, second", [("en", "A", "B"), ("ru", "А", "Б"), ("ar", "أ", "ب"),
                                                      ("ur", "الف", "ب")])
def test_the_story_letters_annexes_and_numbers_their_subsections(tmp_path, language, first, second):
    story = Story(load(written(tmp_path, ANNEXED.format(language=language))))
    assert [h.number for h in story.chapters] == ["1", "2"]
    assert [(h.number, h.annex, h.id) for h in story.annexes] == [(first, True, "annex-1"), (second, True, "annex-2")]
    assert [(c.number, c.id) for c in story.annexes[0].children] == [(f"{first}.1", "annex-1-1"),
                                                                     (f"{first}.2", "annex-1-2")]


def test_annexes_have_their_contents_entries_bookmarks_and_slides(tmp_path):
    source = written(tmp_path, ANNEXED.format(language="en"))
    html = render_html(load(source), load_theme(None))
    nav = html[html.index('<nav class="toc"'):html.index("</nav>")]
    assert nav.index('href="#chapter-2"') < nav.index(">Annexes<") < nav.index('href="#annex-1"') \
        < nav.index('href="#annex-2"')
    assert '<span class="num">Annex A</span> Members' in html
    result = run(str(source), "--format", "pdf,pptx", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    marks: list[str] = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else marks.append(" ".join(item.title.split()))

    walk(pypdf.PdfReader(tmp_path / "out" / "x.pdf").outline)
    assert marks[-5:] == ["2 Two", "Annex A Members", "A.1 Founders", "A.2 Newcomers", "Annex B Chronology"], marks
    deck = tmp_path / "out" / "x.pptx"
    titles = [" ".join(s.shapes.title.text_frame.text.split()) for s in Presentation(str(deck)).slides
              if s.shapes.title is not None]
    assert titles.index("2 Two") < titles.index("Annexes") < titles.index("Annex A Members") \
        < titles.index("Annex B Chronology"), titles
    agenda = next(s for s in Presentation(str(deck)).slides if s.shapes.title.text_frame.text == "Agenda")
    body = " ".join(sh.text_frame.text for sh in agenda.shapes if sh.has_text_frame)
    assert "Annexes" in body and "Members" in body and "Chronology" in body
    assert_valid_deck(deck)


SHORT = """\
meeting:
  title: Quarterly Review
summary: Sales grew in every region.
highlights:
  - title: Revenue up
    points: [Up 8 % on the quarter]
  - title: Costs flat
    text: Costs held.
conclusion: We keep the plan for the next quarter.
"""


def test_a_brief_of_meeting_summary_highlights_and_conclusion_builds_those_chapters_in_order(tmp_path):
    source = written(tmp_path, SHORT)
    brief = load(source)
    assert [c.title for c in brief.chapters] == ["Highlights", "Conclusion"]
    result = run(str(source), "--format", "pdf,pptx", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "out" / "x.pdf"), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert text.index("1 Highlights") < text.index("1.1 Revenue up", text.index("1 Highlights")) \
        < text.index("2 Conclusion") < text.index("We keep the plan")
    slides = [" ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
              for s in Presentation(str(tmp_path / "out" / "x.pptx")).slides]
    joined = " | ".join(slides)
    assert joined.index("Revenue up") < joined.index("Conclusion") < joined.index("We keep the plan"), slides


def test_shorthand_is_titled_in_the_brief_s_language_and_as_its_labels_rename_it(tmp_path):
    brief = load(written(tmp_path, "meeting: {title: T, language: fr}\nbackground: Texte.\noutlook: [Un, Deux]\n"
                                   "next_steps: {text: Ensuite., points: [Trois]}\nlabels: {outlook: Et après}\n"))
    assert [(c.title, c.text, c.points) for c in brief.chapters] == [
        ("Contexte", "Texte.", []), ("Et après", None, ["Un", "Deux"]), ("Prochaines étapes", "Ensuite.", ["Trois"])]


def test_shorthand_takes_its_place_among_the_chapters_in_the_order_written(tmp_path):
    brief = load(written(tmp_path, "meeting: {title: T}\nbackground: B.\nchapters:\n  - {title: One, text: O.}\n"
                                   "  - {title: Two, text: W.}\nagreements: [{title: Pact}]\nconclusion: C.\n"))
    assert [c.title for c in brief.chapters] == ["Background", "One", "Two", "Agreements", "Conclusion"]


def test_a_problem_inside_shorthand_is_reported_where_it_was_written(tmp_path):
    source = written(tmp_path, "meeting: {title: T}\nchapters:\n  - {title: One, text: O.}\nhighlights:\n"
                               "  - title: Fine\n  - titel: Spelt\n    points: [a]\noutlook:\n  - {bad: 1}\n")
    found = problems(source)
    with pytest.raises(InvalidInput) as error:
        load(source)
    assert [(p.line, p.column, p.field) for p in error.value.problems] == [(6, 5, "highlights[1].titel"),
                                                                           (9, 5, "outlook[0]")], found
    assert "did you mean 'title'?" in found[0]


def test_a_shorthand_that_cannot_apply_shows_the_chapter_to_paste(tmp_path):
    source = written(tmp_path, "meeting: {title: T}\nhighlights: Sales grew.\nconclusion:\n")
    assert problems(source) == [
        "a top-level 'highlights:' is a list, each item on a line of its own: - {title: …, points: [ … ]}; for text "
        "under the heading 'Highlights', add a chapter under 'chapters:': - {title: Highlights, text: \"Sales grew.\"}",
        "'conclusion:' is empty; write its text after it, or a list of points, or remove it (it stands for the "
        "chapter - {title: Conclusion, text: …})"]


def test_an_unknown_top_level_part_shows_the_chapter_form(tmp_path):
    source = written(tmp_path, "meeting: {title: T}\nrecommendations: [Act, Wait]\n")
    assert problems(source) == ["unknown field 'recommendations'; a part with a heading of its own is a chapter: "
                                "under 'chapters:', add - {title: Recommendations, points: [ … ]}"]


def test_canonical_prints_the_long_form_which_loads_to_the_same_brief(tmp_path):
    source = written(tmp_path, SHORT.replace("meeting:\n", "meeting:\n  date: 2026-03-10\n") +
                     "chapters:\n  - {title: Regions, points: [\"North: up\", NO]}\nannexes:\n  - {title: Data, text: T.}\n")
    result = run("check", "--canonical", str(source))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert "highlights:" in result.stdout and "- title: Conclusion" in result.stdout
    long = written(tmp_path, result.stdout, "long.yaml")
    assert load(long) == load(source)
    assert [c.title for c in load(long).chapters] == ["Highlights", "Conclusion", "Regions"]


def test_canonical_with_errors_prints_them_as_check_does(tmp_path):
    source = written(tmp_path, "meeting: {title: T}\nhighlights: Sales grew.\n")
    canonical, checked = run("check", "--canonical", str(source)), run("check", str(source))
    assert canonical.returncode == checked.returncode == 1
    assert canonical.stdout == "" and canonical.stderr == checked.stderr and "x.yaml:2:1: highlights:" in checked.stderr


GLOSSED = """\
meeting:
  title: EAEU and SCO
summary: The SCO met; the EAEU watched. G20 and COP28 too, and SCO again.
chapters:
  - title: Part II
    points: [The EAEU again, RATS is defined, MoU signed]
glossary:
  - {term: RATS, means: Regional Anti-Terrorist Structure}
  - {term: MoU, means: Memorandum of Understanding}
"""


def test_check_warns_once_about_each_acronym_the_glossary_does_not_spell_out(tmp_path):
    source = written(tmp_path, GLOSSED)
    result = run("check", source.name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert [w.split(": ")[1] for w in warnings] == [f"{source.name}:2:10", f"{source.name}:2:19",
                                                    f"{source.name}:3:41", f"{source.name}:3:49"], warnings
    assert [w.split("'")[1] for w in warnings] == ["EAEU", "SCO", "G20", "COP28"], warnings
    assert warnings[0] == (f"warning: {source.name}:2:10: meeting.title: 'EAEU' looks like an acronym that the glossary "
                           "does not spell out; add it to 'glossary:' as - {term: EAEU, means: …}")
    assert run(str(source), "--format", "pdf", "--out", str(tmp_path / "out")).stderr == ""  # the build says nothing


def test_a_brief_without_a_glossary_gets_no_acronym_warning(tmp_path):
    source = written(tmp_path, GLOSSED.split("glossary:")[0])
    result = run("check", str(source))
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
