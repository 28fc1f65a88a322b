"""The example, built by the real command, carries every fact of its source into both outputs."""

import re
import subprocess
import sys

import pytest
from pptx import Presentation
from pypdf import PdfReader

from conftest import EXAMPLE, ROOT, SOURCE, assert_valid_deck

def squash(text: str) -> str:
    """Letters and digits only, so line breaks, hyphenation and spacing don't matter."""
    return re.sub(r"[\W_]+", "", text.replace("\u00ad", "")).lower()


def source_lines() -> list[str]:
    """The source's lines, without the article's remarks about itself."""
    lines = [line.strip() for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [line.split(" Here are the major highlights")[0] for line in lines
            if not line.startswith("In this detailed blog post")]


def source_bullets() -> list[str]:
    bullets = [line[2:] for line in source_lines() if line.startswith("- ")]
    members = next(line for line in source_lines() if line.startswith("China, Russia"))
    bullets += [m.strip() for m in re.split(r",\s*(?:and\s+)?", members.rstrip("."))]
    return bullets


def source_prose() -> list[str]:
    """Every substantive paragraph: full sentences that are not bullets, headings or lead-ins."""
    return [line for line in source_lines()
            if line.endswith(".") and len(line.split()) >= 6
            and not line.startswith(("- ", "China, Russia")) and not re.match(r"^\d+\.", line)]


def source_leads() -> list[str]:
    return [line for line in source_lines() if line.endswith(":") and not line.startswith("- ")]


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("output")
    run = subprocess.run([sys.executable, "build.py", str(EXAMPLE), "--out", str(out), "-j", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return out / "pakistan-russia-sco.pdf", out / "pakistan-russia-sco.pptx"


@pytest.fixture(scope="session")
def pdf_text(built):
    return squash(" ".join(page.extract_text() for page in PdfReader(built[0]).pages))


@pytest.fixture(scope="session")
def deck(built):
    return Presentation(built[1])


def shape_texts(shape):
    if shape.has_text_frame:
        yield shape.text_frame.text
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            for cell in row.cells:
                yield cell.text
    for child in getattr(shape, "shapes", []):
        yield from shape_texts(child)


@pytest.fixture(scope="session")
def slide_text(deck):
    return squash(" ".join(t for slide in deck.slides for shape in slide.shapes for t in shape_texts(shape)))


@pytest.fixture(scope="session")
def notes_text(deck):
    return squash(" ".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide))


def test_the_source_is_what_we_think_it_is():
    assert len(source_bullets()) == 76
    assert len(source_prose()) == 24
    assert len(source_leads()) == 22


@pytest.mark.parametrize("bullet", source_bullets())
def test_every_bullet_is_in_the_pdf_and_on_a_slide(bullet, pdf_text, slide_text):
    assert squash(bullet) in pdf_text
    assert squash(bullet) in slide_text


@pytest.mark.parametrize("paragraph", source_prose())
def test_every_paragraph_is_in_the_pdf_and_the_notes(paragraph, pdf_text, notes_text):
    assert squash(paragraph) in pdf_text
    assert squash(paragraph) in notes_text


@pytest.mark.parametrize("lead", source_leads())
def test_every_lead_in_is_in_the_pdf_and_the_deck(lead, pdf_text, slide_text, notes_text):
    for sentence in re.split(r"(?<=\.) ", lead):
        assert squash(sentence) in pdf_text
        assert squash(sentence) in slide_text or squash(sentence) in notes_text


def test_the_deck_opens_cleanly_by_the_open_xml_rules(built):
    assert_valid_deck(built[1])


def test_nothing_but_the_outputs_is_written(built):
    out = built[0].parent
    visible = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert visible == ["pakistan-russia-sco.pdf", "pakistan-russia-sco.pptx"]
    assert not list(out.glob(".*.dossier-tmp"))


def test_the_glossary_spells_out_the_acronyms_in_the_pdf_its_bookmarks_and_a_slide(built, pdf_text, deck):
    """Each acronym of the example with what it stands for: a section of the PDF, bookmarked, and a
    native table on a slide before the closing one, its rows in the notes."""
    glossary = [("CPEC", "China–Pakistan Economic Corridor"), ("IT", "Information technology"),
                ("LNG", "Liquefied natural gas"), ("RATS", "SCO Regional Anti-Terrorist Structure"),
                ("SCO", "Shanghai Cooperation Organization"), ("US", "United States")]
    assert all(squash(f"{term} {means}") in pdf_text for term, means in glossary)
    assert "Glossary" in [item.title for item in PdfReader(built[0]).outline if not isinstance(item, list)]
    slide = deck.slides[-2]
    assert slide.shapes.title.text_frame.text == "Glossary"
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    assert [[cell.text for cell in row.cells] for row in table.rows] == [["Term", "Meaning"], *map(list, glossary)]
    notes = slide.notes_slide.notes_text_frame.text
    assert all(f"{term}: {means}" in notes for term, means in glossary)
