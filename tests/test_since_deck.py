"""The deck's "Changes since …" slide(s) (issue 25, part 3): `dossier build --since REV` in a git repository
of versions (conftest.commit_version); the decks opened with python-pptx."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

import dossier.deck as deckmod
from conftest import assert_valid_deck, commit_version
from dossier.cli import main
from dossier.load import load
from dossier.load.versions import revision
from dossier.style.theme import Deck

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "data" / "pakistan-russia-sco.yaml").read_text(encoding="utf-8")
FIGURES = (ROOT / "examples" / "aurelia-borealis-figures.yaml").read_text(encoding="utf-8")
ARABIC = (ROOT / "tests" / "fixtures" / "languages" / "gulf-charts-ar.yaml").read_text(encoding="utf-8")
CSV = {f"data/{name}": (ROOT / "examples" / name).read_text(encoding="utf-8") for name in ("trade.csv", "projects.csv")}
"""The figures brief's tables from files, committed beside it."""
CONT = " (cont.)"


def edited(text: str, *pairs: tuple[str, str]) -> str:
    for before, after in pairs:
        assert before in text, before
        text = text.replace(before, after, 1)
    return text


def build(root: Path, monkeypatch, *more: str) -> Presentation:
    """`dossier build data/x.yaml --since HEAD` in `root`; the deck, opened (and checked: 0 audit errors)."""
    monkeypatch.chdir(root)
    out = root / "out"
    assert main(["build", "data/x.yaml", "--since", "HEAD", "--format", "pptx", "--out", str(out), "-q", *more]) == 0
    path = out / "x.pptx"
    assert_valid_deck(path)
    return Presentation(str(path))


def versions(root: Path, old: str, new: str, monkeypatch, *more: str) -> Presentation:
    commit_version(root, {"data/x.yaml": old, **CSV}, "2026-11-30")
    (root / "data" / "x.yaml").write_text(new, encoding="utf-8")
    return build(root, monkeypatch, *more)


def title(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def body_text(slide) -> str:
    return "\n".join(p.text for sh in slide.shapes if sh.has_text_frame and sh.name not in ("Footer", "Slide Number")
                     and sh.name not in ("Classification", "Sources")
                     and sh != slide.shapes.title for p in sh.text_frame.paragraphs)


def notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text


def runs(slide):
    """Every run of the slide's body, with its rPr."""
    for sh in slide.shapes:
        if sh.has_text_frame and sh != slide.shapes.title:
            for p in sh.text_frame.paragraphs:
                yield from p.runs


def slide_titled(prs, start: str) -> list:
    return [s for s in prs.slides if title(s).startswith(start)]


# ---------------------------------------------------------------- the example


def example_next() -> str:
    """The example, edited: a highlight removed, a chapter added, a short point and a long one changed."""
    afghanistan = EXAMPLE[EXAMPLE.index("          - title: Afghanistan and Regional Stability"):
                          EXAMPLE.index("  - title: Economic Cooperation Between")]
    return edited(EXAMPLE, (afghanistan, "\n"),
                  ("              - discounted fuel\n", "              - discounted fuel and crude oil\n"),
                  ("supporting the SCO Regional Anti-Terrorist Structure (RATS)",
                   "supporting and funding the SCO Regional Anti-Terror Structure (RATS)"),
                  ("  - title: Conclusion\n", "  - title: Next Steps\n    points:\n"
                                              "      - A joint working group meets in March\n  - title: Conclusion\n"))


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    root = tmp_path_factory.mktemp("example")
    with pytest.MonkeyPatch.context() as mp:
        return versions(root, EXAMPLE, example_next(), mp)


def test_the_slide_follows_the_bottom_line_titled_with_the_revisions_day(example):
    titles = [title(s) for s in example.slides]
    assert titles[1] == "Bottom line"
    assert titles[2] == "Changes since 30 November 2026"
    assert titles.count("Changes since 30 November 2026") == 1  # four changes: one slide


def test_the_slide_names_each_change_grouped_by_kind(example):
    text = body_text(example.slides[2])
    lines = text.splitlines()
    assert lines[0] == "4 changes"
    assert lines.index("Added") < lines.index("Removed") < lines.index("Changed")
    assert "Chapter “Next Steps”" in lines
    assert "Highlight “Afghanistan and Regional Stability”" in lines  # no longer in the brief, named here
    assert ("Point in “Energy and Fuel Supply Collaboration”: “discounted fuel” → “discounted fuel and crude oil”"
            in lines)


def test_a_long_texts_words_are_struck_and_underlined_not_told_by_colour_alone(example):
    slide = example.slides[2]
    line = next(p for sh in slide.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs
                if "and funding" in p.text)
    assert line.text.startswith("Point in “Regional Security and Counterterrorism”: ")
    inserted = [r for r in line.runs if r.text in ("and funding", "Anti-Terror")]
    deleted = [r for r in line.runs if r.text == "Anti-Terrorist"]
    assert len(inserted) == 2 and all(r._r.get_or_add_rPr().get("u") == "sng" for r in inserted)
    assert len(deleted) == 1 and deleted[0]._r.get_or_add_rPr().get("strike") == "sngStrike"
    # a few words of context, not the whole point
    assert line.text.endswith(": supporting and funding the SCO Regional Anti-Terrorist Anti-Terror Structure (RATS)")
    plain = [r for r in line.runs if r.text not in ("and funding", "Anti-Terror", "Anti-Terrorist")]
    assert not any(r._r.get_or_add_rPr().get("u") or r._r.get_or_add_rPr().get("strike") for r in plain)


def test_the_notes_carry_where_and_the_words(example):
    said = notes(example.slides[2])
    assert "Changes since 30 November 2026" in said and "4 changes" in said
    assert ("Highlight “Afghanistan and Regional Stability” in Highlights of the Pakistan–Russia SCO Meeting"
            in said)
    assert ("Point in Highlights of the Pakistan–Russia SCO Meeting › Regional Security and Counterterrorism: "
            "supporting [inserted: “and funding”] the SCO Regional [deleted: “Anti-Terrorist”] "
            "[inserted: “Anti-Terror”] Structure (RATS)") in said


def test_no_line_of_the_slide_is_a_superscript(example):
    """The count line is a lead-in: it was once written as a citation's superscript (and the slide got an empty
    'Sources:' line), because `colored` passed its colour where a run's citation goes."""
    slide = example.slides[2]
    assert not [r.text for r in runs(slide) if r._r.get_or_add_rPr().get("baseline")]
    assert not [sh for sh in slide.shapes if sh.name == "Sources"]


def test_the_full_deck_puts_it_after_the_summary(tmp_path, monkeypatch, theme):
    commit_version(tmp_path, {"data/x.yaml": EXAMPLE}, "2026-11-30")
    (tmp_path / "data" / "x.yaml").write_text(example_next(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    brief = load(tmp_path / "data" / "x.yaml", since=revision("HEAD", tmp_path))
    path = tmp_path / "full.pptx"
    deckmod.render(brief, theme.model_copy(update={"deck": Deck(density="full")}), path)
    titles = [title(s) for s in Presentation(str(path)).slides]
    k = titles.index("Changes since 30 November 2026")
    assert titles[k - 1] == "Summary"
    assert_valid_deck(path)


def test_without_since_there_is_no_such_slide(tmp_path, monkeypatch):
    commit_version(tmp_path, {"data/x.yaml": EXAMPLE}, "2026-11-30")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "data/x.yaml", "--format", "pptx", "--out", "out", "-q"]) == 0
    prs = Presentation(str(tmp_path / "out" / "x.pptx"))
    assert not slide_titled(prs, "Changes since")


# ---------------------------------------------------------------- tables and charts


def test_a_table_cell_and_a_chart_value_old_to_new(tmp_path, monkeypatch):
    new = edited(FIGURES, ("[Machinery and equipment, 214, 168,", "[Machinery and equipment, 220, 168,"),
                 ("{name: Energy, values: [310, 520, 690, 560]}", "{name: Energy, values: [310, 540, 690, 560]}"))
    prs = versions(tmp_path, FIGURES, new, monkeypatch)
    [slide] = slide_titled(prs, "Changes since 30 November 2026")
    assert title(prs.slides[list(prs.slides).index(slide) - 1]) == "Bottom line"
    lines = body_text(slide).splitlines()
    assert lines[:2] == ["2 changes", "Changed"]
    cell = next(line for line in lines if line.startswith("Table cell"))
    value = next(line for line in lines if line.startswith("Chart value"))
    assert cell.endswith(": “214” → “220”") and "Machinery and equipment" in cell
    assert value == "Chart value “Energy 2027”: “520” → “540”"
    said = notes(slide)
    assert "in Investment › Investment pledged by sector, 2026–2029" in said
    assert "Trade in goods by product group, 2025" in said


def test_a_long_list_continues_on_a_second_slide(tmp_path, monkeypatch):
    """Every value of every chart changed: far more lines than one slide holds, at the floor size."""
    def bump(match: re.Match) -> str:
        return "values: [" + ", ".join(str(round(float(v) + 1, 1)) for v in match[1].split(",")) + "]"
    new = re.sub(r"values: \[([^\]]*)\]", bump, FIGURES)
    prs = versions(tmp_path, FIGURES, new, monkeypatch)
    found = slide_titled(prs, "Changes since 30 November 2026")
    assert len(found) >= 2
    assert title(found[1]) == "Changes since 30 November 2026" + CONT
    index = [list(prs.slides).index(s) for s in found]
    assert index == list(range(index[0], index[0] + len(found)))  # one after the other
    shown = "\n".join(body_text(s) for s in found)
    assert shown.count("Chart value") == notes(found[0]).count("Chart value")  # every change, on the slides
    for slide in found:  # fitted: each slide's text inside its box, below the title
        for shape in slide.shapes:
            assert shape.top + shape.height <= prs.slide_height


# ---------------------------------------------------------------- no change, a new brief


def test_no_change_is_one_line(tmp_path, monkeypatch):
    prs = versions(tmp_path, FIGURES, FIGURES, monkeypatch)
    [slide] = slide_titled(prs, "Changes since 30 November 2026")
    assert body_text(slide).strip() == "No changes since 30 November 2026."
    body = next(sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text.startswith("No changes"))
    assert body.text_frame._txBody.find(qn("a:bodyPr")).get("anchor") == "ctr"  # not in the top of the slide


def test_a_new_brief_is_one_line(tmp_path, monkeypatch):
    commit_version(tmp_path, {"data/other.yaml": FIGURES, **CSV}, "2026-11-30")
    (tmp_path / "data" / "x.yaml").write_text(FIGURES, encoding="utf-8")
    prs = build(tmp_path, monkeypatch)
    [slide] = slide_titled(prs, "Changes since 30 November 2026")
    assert body_text(slide).strip() == "This brief is new since 30 November 2026."


# ---------------------------------------------------------------- right to left


def test_arabic_slide_is_right_to_left(tmp_path, monkeypatch):
    new = edited(ARABIC, ("{name: الصادرات, values: [412, 368, 230, 151]}", "{name: الصادرات, values: [412, 375, 230, 151]}"),
                 ("  - title: الطاقة\n", "  - title: الطاقة والمياه\n"))
    prs = versions(tmp_path, ARABIC, new, monkeypatch)
    slide = prs.slides[2]
    assert title(prs.slides[1]) not in ("", title(slide))
    assert "30 نوفمبر 2026" in title(slide)  # the revision's day, as Arabic writes it
    body = [p for sh in slide.shapes if sh.has_text_frame and sh != slide.shapes.title and sh.name not in
            ("Footer", "Slide Number") for p in sh.text_frame.paragraphs]
    assert body and all(p._p.pPr.get("rtl") == "1" for p in body)
    text = body_text(slide)
    assert "”الطاقة“ ← ”الطاقة والمياه“" in text  # the language's quotation marks; the arrow reads right to left
    assert "”368“ ← ”375“" in text
    said = notes(slide)
    assert "الطاقة والمياه" in said and "375" in said
    rtl_notes = slide.notes_slide.notes_text_frame.paragraphs
    assert all(p._p.pPr is not None and p._p.pPr.get("rtl") == "1" for p in rtl_notes)
