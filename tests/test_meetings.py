"""Other kinds of meeting: a state visit, a leaders' summit of 21 members, a ministerial meeting.

Each fixture builds to PDF, deck and HTML; every part of it reaches both the PDF and the
deck, and the PDF's headings and the slides' titles carry the same numbers.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from pptx import Presentation

from conftest import assert_valid_deck, every_paragraph, every_point, topics
from test_deck import _numbered_headings
from dossier.build import Options, build_one
from dossier.load import load
from dossier.model.localize import localized
from dossier.model.markup import citing, to_plain
from dossier.model import (AgreementsBlock, Brief, DocumentBlock, EventBlock, Marked, MembersBlock, PictureBlock,
                           ProgrammeBlock, QuoteBlock, Records, Story, paragraphs)
from dossier.style.labels import Labels
from dossier.model.meeting import printed_date
from dossier.style.theme import load_theme

MEETINGS = sorted((Path(__file__).parent / "fixtures" / "meetings").glob("*.yaml"))


def squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.replace("\u00ad", "")).lower()


@pytest.fixture(autouse=True)
def numbered_citations(request):
    """Citations in plain text as the outputs number them ('[1]'), for the brief of the test, if any."""
    if "meeting" not in request.fixturenames:
        yield
        return
    brief = request.getfixturevalue("meeting")[0]
    with citing(brief.citations.number, brief.citations.names(brief.meeting.language)):
        yield


@pytest.fixture(scope="module", params=MEETINGS, ids=[m.stem for m in MEETINGS])
def meeting(request, tmp_path_factory):
    """One fixture brief, built to all three formats: (brief, pdf, pptx, html)."""
    source = request.param
    out = tmp_path_factory.mktemp(source.stem)
    result = build_one(source, Options(out=out, formats=("pdf", "pptx", "html")))
    assert not result.failed, result.problems
    return load(source), out / f"{source.stem}.pdf", out / f"{source.stem}.pptx", out / f"{source.stem}.html"


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def deck_texts(path: Path) -> tuple[str, str]:
    """The text on the slides (tables included) and in the notes."""
    prs = Presentation(str(path))
    shown, notes = [], []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                shown.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                shown += [c.text for row in shape.table.rows for c in row.cells]
        notes.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(shown), "\n".join(notes)


def parts(brief: Brief) -> list[str]:
    """Every short text the brief gives: facts, headings, points, table cells, names; dates in the
    locale the theme writes the brief's language in ('en' as 'en-GB')."""
    brief = localized(brief, load_theme())
    m = brief.meeting
    found = [m.title, m.subtitle, m.kind, m.place, m.venue, *m.host, *m.chair, m.forum, m.author,
             m.classification, m.organisation, m.printed_date]
    found += [x for p in (*m.parties, *m.guests, *m.organisations) for x in (p.party, p.by)]
    found += [x for a in m.attendees for x in (a.name, a.role, a.organisation)]
    found += [x for d in m.delegations for x in (d.party, *(p.name for p in d.people),
                                                  *(p.role for p in d.people))]
    found += [t.lead for t in topics(brief)] + every_point(brief)

    def day(text: str | None) -> str | None:  # an ISO day is printed as the language writes dates
        return printed_date(text, m.language)

    labels = Labels(m.language)
    for block in brief.blocks():
        if isinstance(block, Records):  # agreements, programmes, actions, decisions, risks, resolutions
            found += [x for r in block.records for c in block.cells(r, m.language, labels) for x in _texts(c)]
        elif isinstance(block, DocumentBlock):
            found += [block.document, block.kind, block.adopted, *block.signed_by, day(block.date), block.note]
        elif isinstance(block, PictureBlock):
            found += [block.caption, block.credit]
        elif isinstance(block, QuoteBlock):
            found += [block.by]
        elif isinstance(block, EventBlock):
            found += [block.event, block.printed_date(m.language)]
        found.append(getattr(block, "lead", None))
    found += [x for annex in brief.annexes for x in (annex.title, annex.lead, *annex.points)]
    return [to_plain(x) for x in found if x]


def _texts(cell) -> list[str]:
    """A records cell's texts: a list's items, a level's word (a status prints its catalogue words)."""
    if isinstance(cell, list):
        return cell
    if isinstance(cell, Marked):
        return [cell.text]
    return [cell] if isinstance(cell, str) else []


def test_the_fixtures_say_they_are_illustrative():
    assert len(MEETINGS) == 9
    for path in MEETINGS:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# Illustrative brief"), path
        assert re.search("illustrativ|ilustrativ", load(path).meeting.subtitle, re.I), path


def test_each_fixture_is_its_own_kind_of_meeting():
    kinds = {path.stem: load(path) for path in MEETINGS}
    visit, summit, ministerial = kinds["state-visit"], kinds["leaders-summit"], kinds["water-ministerial"]
    assert visit.meeting.forum is None and visit.meeting.delegations
    assert any(isinstance(b, AgreementsBlock) for b in visit.blocks())
    assert len(summit.meeting.parties) >= 20 and any(isinstance(b, ProgrammeBlock) for b in summit.blocks())
    assert any(isinstance(b, ProgrammeBlock) for b in ministerial.blocks())
    assert any(isinstance(b, QuoteBlock) for b in ministerial.blocks())


def test_every_part_reaches_the_pdf_and_the_deck(meeting):
    brief, pdf, pptx, _ = meeting
    in_pdf = squash(pdf_text(pdf))
    shown, notes = deck_texts(pptx)
    in_deck = squash(shown + notes)
    wanted = parts(brief)
    assert len(wanted) > 20
    assert [p for p in wanted if squash(p) not in in_pdf] == []
    assert [p for p in wanted if squash(p) not in in_deck] == []


def test_every_paragraph_is_in_the_pdf_and_the_notes(meeting):
    brief, pdf, pptx, _ = meeting
    in_pdf = squash(pdf_text(pdf))
    in_notes = squash(deck_texts(pptx)[1])
    quotes = [p for b in brief.blocks() if isinstance(b, QuoteBlock) for p in paragraphs(b.quote)]
    wanted = every_paragraph(brief) + [to_plain(q) for q in quotes]
    assert [p for p in wanted if squash(p) not in in_pdf] == []
    assert [p for p in wanted if squash(p) not in in_notes] == []


def test_points_and_table_cells_are_on_the_slides(meeting):
    brief, _, pptx, _ = meeting
    shown = squash(deck_texts(pptx)[0])
    assert [p for p in every_point(brief) if squash(to_plain(p)) not in shown] == []


def test_numbers_match_between_the_pdf_outline_and_the_slide_titles(meeting):
    brief, pdf, pptx, _ = meeting
    outline: list[str] = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else outline.append(" ".join(item.title.split()))

    walk(pypdf.PdfReader(pdf).outline)
    titles = [" ".join(text.split()).casefold() for s in Presentation(str(pptx)).slides
              for text in _numbered_headings(s)]
    headings = [h for c in Story(brief).chapters for h in (c, *c.children)]
    assert headings
    for h in headings:
        assert f"{h.number} {to_plain(h.title)}" in outline
        assert any(t.startswith(f"{h.number} {to_plain(h.title)}".casefold()) for t in titles), h


def test_the_html_edition_carries_the_story(meeting):
    brief, _, _, html = meeting
    page = html.read_text(encoding="utf-8")
    language = brief.meeting.language
    assert f'lang="{"en-GB" if language == "en" else language}"' in page  # 'en', written in the theme's locale
    assert "<script" not in page
    for h in Story(brief).chapters:
        assert f'id="{h.id}"' in page and f'href="#{h.id}"' in page


def test_many_parties_are_counted_on_the_title_slide_and_listed_once(meeting):
    """Many parties: counted on the title slide, then listed on a slide after the bottom line, unless a
    members block of the brief names them all (then that is their one table)."""
    brief, pdf, pptx, _ = meeting
    slides = Presentation(str(pptx)).slides
    cover = " ".join(sh.text_frame.text for sh in slides[0].shapes if sh.has_text_frame)
    n = len(brief.meeting.parties)
    if n > 4:
        names = brief.meeting.party_names
        assert f"{n} parties" in cover and names[-1] not in cover
        members = [set(b.names) for b in brief.blocks() if isinstance(b, MembersBlock)]
        listed = [table_text(s) for s in slides if table_text(s)]
        assert sum(all(p in text for p in names) for text in listed) == 1
        parties_slide = slides[2].shapes.title.text_frame.text == "Parties"
        assert parties_slide != any(set(names) <= m for m in members)
        first_page = pdf_text(pdf).split("\f")[0]
        assert all(squash(p) in squash(first_page) for p in names)
        assert "Bottom line" in first_page and "Contents" not in first_page  # page 1 is the principal's sheet, grid and all
    else:
        assert all(p in cover for p in brief.meeting.party_names)


def test_every_deck_opens_cleanly_by_the_open_xml_rules(meeting):
    assert_valid_deck(meeting[2])


def test_a_brief_of_the_required_fields_alone_builds_in_every_format(tmp_path):
    source = tmp_path / "talks.yaml"
    source.write_text("meeting:\n  title: Talks\n", encoding="utf-8")
    result = build_one(source, Options(out=tmp_path / "out", formats=("pdf", "pptx", "html")))
    assert not result.failed, result.problems
    prs = Presentation(str(tmp_path / "out" / "talks.pptx"))
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert titles == ["Talks", "Questions and discussion"]  # no agenda, no summary, no chapters
    assert_valid_deck(tmp_path / "out" / "talks.pptx")


def table_text(slide) -> str:
    """The text of a slide's tables, cell after cell."""
    return " ".join(cell.text for shape in slide.shapes if shape.has_table
                    for row in shape.table.rows for cell in row.cells)


def test_the_pdf_ua_variant_of_the_fixture_with_every_part_passes_the_pdfua_subset(tmp_path):
    """Citations, notes, a picture, a document card and status marks, in the accessible variant: no error in
    the machine-checkable subset of PDF/UA-1 that `pdfua` (PyPI) checks."""
    source = next(m for m in MEETINGS if m.stem == "joint-council")
    result = build_one(source, Options(out=tmp_path, formats=("pdf",), pdf_variant="pdf/ua-1"))
    assert not result.failed, result.problems
    pdfua = Path(sys.executable).with_name("pdfua")
    checked = subprocess.run([str(pdfua), "check", "--min-severity", "error", str(tmp_path / "joint-council.pdf")],
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0 and "errors=0" in checked.stdout, checked.stdout
