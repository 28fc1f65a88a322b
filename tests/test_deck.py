"""The deck: reopen what is written, check its contents, and check with LibreOffice that
every word of every slide is rendered inside its own box and on the page."""

from __future__ import annotations

import html
import io
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt

from dossier import deck as deckmod
from dossier.deck import package
from dossier.deck.layouts import TITLE_TYPES
from dossier.errors import RenderError, TemplateError
from dossier.model.markup import to_plain
from dossier.model import Brief, HighlightsBlock

from conftest import assert_valid_deck, every_paragraph, every_point, highlights, members, processes_naming

OTHER = Path(__file__).resolve().parent / "masters" / "other.pptx"
needs_lo = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                              reason="LibreOffice or poppler-utils not installed")

INJECTION = "<script>alert(1)</script> and {{ 7*7 }} stay literal"
LONG_WORD = "Supercalifragilisticexpialidocious" + "Antidisestablishmentarianism"[:26]  # 60 characters
assert len(LONG_WORD) == 60
TITLE_300 = ("Pakistan and Russia reaffirm their commitment to regional stability, energy security, "
             "trade expansion, counterterrorism cooperation and connectivity across Eurasia at the "
             "Shanghai Cooperation Organization summit, while discussing Afghanistan, banking "
             "integration, local currency settlement and long-term prospects for industrial growth")[:300]


# ---------- fixtures: every deck is rendered once per session ----------


def _variant(brief: Brief, change) -> Brief:
    data = brief.model_dump(exclude_none=True)
    change(data)
    return Brief.model_validate(data)


@pytest.fixture(scope="session")
def logo(tmp_path_factory) -> Path:
    from PIL import Image, ImageDraw

    path = tmp_path_factory.mktemp("logo") / "emblem.png"
    image = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 390, 190), fill=(31, 58, 95, 255))
    image.save(path)
    return path


@pytest.fixture(scope="session")
def briefs(brief, logo) -> dict[str, Brief]:
    def many_points(d):
        h = highlights(d)
        h[0]["lead"] = "Forty points that cannot fit on one slide:"
        h[0]["points"] = [
            f"Point {i}: " + " ".join(["cooperation on energy, trade and security"] * (1 + i % 3))
            for i in range(1, 41)]
        h[1]["points"].append(INJECTION)
        h[2]["points"].append("One point longer than a slide: " + " ".join(
            f"clause {i} on energy, trade, security and connectivity;" for i in range(300)))
        d["chapters"] = d["chapters"] * 3  # an agenda that continues, numbered on

    def long_title(d):
        d["meeting"]["title"] = TITLE_300
        d["meeting"]["classification"] = "RESTRICTED"
        d["meeting"]["date"] = "4 July 2025"
        d["meeting"]["logo"] = {"src": str(logo), "alt": "The emblem of the meeting"}
        highlights(d)[0]["title"] = TITLE_300
        d["chapters"][3]["title"] = TITLE_300

    def long_word(d):
        assert len(LONG_WORD) == 60
        highlights(d)[1]["points"][0] = f"A word of sixty characters: {LONG_WORD} ends here"
        highlights(d)[2]["title"] = f"Title with {LONG_WORD}"
        members(d)[0] = LONG_WORD

    def many_members(d):
        members(d)[:] = [f"Member state number {i}" + (" with a long official name" if i % 4 == 0 else "")
                         for i in range(1, 21)]

    return {
        "points": _variant(brief, many_points),
        "title": _variant(brief, long_title),
        "word": _variant(brief, long_word),
        "members": _variant(brief, many_members),
    }


TITLE_1700 = " ".join(f"clause{i} on energy and trade" for i in range(70))[:1700].rstrip()
SUBTITLE_600 = " ".join(f"subtitle part {i} on connectivity" for i in range(30))[:600].rstrip()


def _unchecked(brief: Brief, meeting: dict | None = None, highlight: dict | None = None,
               points: list[str] | None = None) -> Brief:
    """A variant the model would refuse (fields over 300 characters): built without validation."""
    update = {}
    if meeting:
        update["meeting"] = brief.meeting.model_copy(update=meeting)
    if highlight or points:
        chapter = brief.chapters[2]
        block = chapter.blocks[0]
        assert isinstance(block, HighlightsBlock)
        first = block.highlights[0].model_copy(update={**(highlight or {}), **({"points": points} if points else {})})
        block = block.model_copy(update={"highlights": [first, *block.highlights[1:]]})
        chapter = chapter.model_copy(update={"blocks": [block, *chapter.blocks[1:]]})
        update["chapters"] = [*brief.chapters[:2], chapter, *brief.chapters[3:]]
    return brief.model_copy(update=update)


def _cont_title(theme) -> str:
    """A highlight title that fills the content title box at the floor, so that ' (cont.)' adds a line."""
    from dossier.deck.fit import Measurer, Para, fit
    from dossier.deck.geometry import rect_of
    from dossier.model.markup import Run

    layout = next(l for l in Presentation(str(deckmod.DEFAULT_TEMPLATE)).slide_layouts if l.name == "Content")
    box = rect_of(layout.placeholders[0]).inner()
    m = Measurer(theme.fonts.heading, theme.fonts.fallback)
    floor = theme.sizes.deck_title_min
    words = []
    for k in range(400):
        words.append(f"word{k}")
        title = " ".join(words)
        alone = fit([Para((Run("3.1  " + title),), bold=True)], m, box, floor, floor)
        cont = fit([Para((Run("3.1  " + title + " (cont.)"),), bold=True)], m, box, floor, floor)
        if alone is not None and cont is None:
            return title
    raise AssertionError("no title found that ' (cont.)' pushes onto another line")


@pytest.fixture(scope="session")
def unchecked(brief, theme) -> dict[str, Brief]:
    many = [f"Point {i}: " + " ".join(["cooperation on energy, trade and security"] * 2) for i in range(30)]
    return {
        "huge": _unchecked(brief, meeting={"title": TITLE_1700}, highlight={"title": TITLE_1700}),
        "subtitle": _unchecked(brief, meeting={"subtitle": SUBTITLE_600}),
        "cont": _unchecked(brief, highlight={"title": _cont_title(theme)}, points=many),
    }


@pytest.fixture(scope="session")
def decks(tmp_path_factory, brief, briefs, unchecked, theme) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("decks")
    paths = {"example": out / "example.pptx", "again": out / "again.pptx", "other": out / "other.pptx"}
    deckmod.render(brief, theme, paths["example"])
    deckmod.render(brief, theme, paths["again"])
    deckmod.render(brief, theme, paths["other"], template=OTHER)
    for name, variant in {**briefs, **unchecked}.items():
        paths[name] = out / f"stress-{name}.pptx"
        deckmod.render(variant, theme, paths[name])
    return paths


@pytest.fixture(scope="session")
def prs(decks):
    return Presentation(str(decks["example"]))


def shape_texts(shape) -> list[str]:
    if shape.has_text_frame:
        return [p.text for p in shape.text_frame.paragraphs]
    if getattr(shape, "has_table", False) and shape.has_table:
        return [cell.text for row in shape.table.rows for cell in row.cells]
    return []


def slide_text(slide) -> str:
    return "\n".join(t for shape in slide.shapes for t in shape_texts(shape))


def all_text(prs) -> str:
    return "\n".join(slide_text(s) for s in prs.slides)


def notes_text(prs) -> str:
    return "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides)


def squash(text: str) -> str:
    return " ".join(text.split())


def prose_of(brief: Brief) -> list[str]:
    return every_paragraph(brief)


# ---------- the package ----------


def test_sixteen_by_nine(prs):
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))


def test_master_has_named_layouts():
    names = [l.name for l in Presentation(str(deckmod.DEFAULT_TEMPLATE)).slide_layouts]
    for name in ("Title", "Section", "Content", "Two Content", "Closing"):
        assert name in names


def test_every_point_is_on_a_slide(prs, brief):
    text = squash(all_text(prs))
    points = every_point(brief)
    assert len(points) == 76
    for point in points:
        assert squash(to_plain(point)) in text, point


def test_prose_is_in_the_notes(prs, brief):
    notes = squash(notes_text(prs))
    for para in prose_of(brief):
        assert squash(para) in notes, para[:60]


def test_every_slide_has_notes(prs):
    for k, slide in enumerate(prs.slides, 1):
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), k


def test_highlights_are_numbered_within_their_chapter(prs, brief):
    """The example's highlights are 3.1 to 3.5, as their cards in the PDF: cards in a grid on one slide,
    under their chapter's title."""
    chapter = brief.chapters[2]
    grid = [s for s in prs.slides if any(x.name == "Card" for x in s.shapes)]
    assert len(grid) == 1 and grid[0].shapes.title.text_frame.text == f"3  {to_plain(chapter.title)}"
    cards = [x.text_frame.paragraphs[0].text for x in grid[0].shapes if x.name == "Card"]
    assert cards == [f"3.{i}  {to_plain(h.title)}" for i, h in enumerate(chapter.blocks[0].highlights, 1)]
    assert "HIGHLIGHT 1 OF" not in all_text(prs)


MIXED = {"meeting": {"title": "Talks"}, "chapters": [
    {"title": "Opening", "points": ["One point"]},
    {"title": "Results", "blocks": [
        {"highlights": [{"title": "First result", "points": ["a"]}, {"title": "Second result", "points": ["b"]}]},
        {"sections": [{"title": "Debt", "points": ["c"], "blocks": [
            {"highlights": [{"title": "Zambia", "points": ["d"]}, {"title": "Ghana", "points": ["e"]}]}]},
            {"title": "Climate", "points": ["f"]}]},
        {"highlights": [{"title": "Third result", "points": ["g"]}]}]},
    {"title": "Outlook", "points": ["h"]}]}
"""A chapter with highlights, subsections and highlights inside a subsection: one sequence of numbers."""

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*/*.yaml"))


def _headings(story) -> dict[str, str]:
    """Every numbered heading of a story, as its slide title reads: '3.1  Title'."""
    out: dict[str, str] = {}

    def visit(h) -> None:
        out[h.number] = f"{h.number}  {to_plain(h.title)}"
        for child in h.children:
            visit(child)

    for chapter in story.chapters:
        visit(chapter)
    return out


def _numbered_headings(slide) -> list[str]:
    """Where a slide shows numbered headings: its title, its kicker (the chapter's, in capitals), and the
    first line of each card and column (a highlight, a subsection)."""
    out = [slide.shapes.title.text_frame.text] if slide.shapes.title is not None else []
    shown = [s.text_frame.paragraphs[0].text for s in slide.shapes if s.name in ("Kicker", "Card", "Column")]
    return out + [text for text in shown if not text.endswith("…")]  # a kicker cut to its line


@pytest.mark.parametrize("source", ["example", "mixed", *FIXTURES], ids=lambda s: getattr(s, "stem", s))
def test_no_two_slides_carry_one_number_for_different_headings(source, brief, theme, tmp_path):
    from dossier.style.labels import labels_for
    from dossier.load import load
    from dossier.model import Story

    if source == "example":
        subject = brief
    elif source == "mixed":
        subject = Brief.model_validate(MIXED)
    else:
        subject = load(source)
    deckmod.render(subject, theme, tmp_path / "deck.pptx")
    expected = _headings(Story(subject))
    cont = " " + re.escape(labels_for(subject, theme)("continued")) + "$"
    shown: dict[str, set[str]] = {}
    for slide in Presentation(str(tmp_path / "deck.pptx")).slides:
        for heading in _numbered_headings(slide):
            if found := re.match(r"(\d+(?:\.\d+)*)  ", heading):
                shown.setdefault(found[1], set()).add(re.sub(cont, "", heading).casefold())
    assert shown == {number: {title.casefold()} for number, title in expected.items()}
    if source == "mixed":
        assert list(expected) == ["1", "2", "2.1", "2.2", "2.3", "2.3.1", "2.3.2", "2.4", "2.5", "3"]


def test_footer_and_number_on_every_slide_but_the_title(prs, brief):
    slides = list(prs.slides)
    assert not any(s.name in ("Footer", "Slide Number") for s in slides[0].shapes)
    for number, slide in enumerate(slides[1:], 2):
        shapes = {s.name: s for s in slide.shapes}
        assert shapes["Slide Number"].text_frame.text == str(number)
        assert to_plain(brief.meeting.title) in shapes["Footer"].text_frame.text


def test_classification_centred_bold_and_larger_at_the_top_and_bottom_of_every_slide(decks, theme):
    """Issue 21: not 8 pt in a corner of the footer, but centred, bold, at the theme's size, above
    the title and in the footer's band, on every slide, the title slide too; the footer keeps clear of it."""
    prs = Presentation(str(decks["title"]))
    middle = prs.slide_width / 2
    for slide in prs.slides:
        marks = [s for s in slide.shapes if s.name == "Classification"]
        assert len(marks) == 2
        top, bottom = sorted(marks, key=lambda s: s.top)
        title = next(s for s in slide.placeholders if s.placeholder_format.type in TITLE_TYPES)
        assert top.top + top.height <= title.top and bottom.top > prs.slide_height * 0.85
        for mark in marks:
            assert abs(mark.left + mark.width / 2 - middle) < Emu(Pt(1))
            p = mark.text_frame.paragraphs[0]
            assert p.text == "RESTRICTED" and p.alignment == PP_ALIGN.CENTER
            assert all(r.font.bold and r.font.size.pt == theme.sizes.classification for r in p.runs)
        footer = next((s for s in slide.shapes if s.name == "Footer"), None)
        if footer is not None:
            assert "RESTRICTED" not in footer.text_frame.text
            assert footer.left + footer.width <= bottom.left or footer.left >= bottom.left + bottom.width


def test_every_deck_opens_cleanly_by_the_open_xml_rules(decks):
    for name, path in decks.items():
        assert_valid_deck(path)


def test_every_deck_passes_the_structural_check(decks):
    for name, path in decks.items():
        assert package.problems(path.read_bytes()) == [], name


def test_the_structural_check_finds_what_is_broken(decks):
    with zipfile.ZipFile(decks["example"]) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    slide = parts["ppt/slides/slide2.xml"].decode()
    first_id = re.search(r'<p:cNvPr id="(\d+)"', slide).group(1)
    parts["ppt/slides/slide2.xml"] = re.sub(r'(<p:cNvPr id=")\d+', rf"\g<1>{first_id}", slide).encode()
    del parts["ppt/notesSlides/notesSlide3.xml"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    found = package.problems(out.getvalue())
    assert any("slide2.xml: shape ids used twice" in p for p in found), found
    assert any("missing ppt/notesSlides/notesSlide3.xml" in p for p in found), found


def test_core_properties(prs, brief):
    props = prs.core_properties
    assert props.title == to_plain(brief.meeting.title)
    assert props.author and props.subject and props.keywords
    assert "Pakistan" in props.keywords
    assert props.language == "en-GB"  # the brief's 'en', in the theme's locale
    assert props.created is None and props.modified is None  # no clock dates


def test_source_date_epoch(tmp_path, brief, theme, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = tmp_path / "d.pptx"
    deckmod.render(brief, theme, path)
    assert Presentation(str(path)).core_properties.created.year == 2023


def test_two_renders_are_byte_identical(decks):
    assert decks["example"].read_bytes() == decks["again"].read_bytes()


def test_zip_has_fixed_timestamps(decks):
    with zipfile.ZipFile(decks["example"]) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"


def test_writes_exactly_the_path(tmp_path, brief, theme):
    target = tmp_path / "x.tmp"
    deckmod.render(brief, theme, target)
    assert [p.name for p in tmp_path.iterdir()] == ["x.tmp"]


def test_injection_is_literal(decks):
    text = all_text(Presentation(str(decks["points"])))
    assert INJECTION in text


def test_markup_becomes_runs(tmp_path, brief, theme):
    variant = _variant(brief, lambda d: highlights(d)[1]["points"].__setitem__(
        0, "**Bold** and _italic_ and [a link](https://example.org)"))
    path = tmp_path / "m.pptx"
    deckmod.render(variant, theme, path)
    runs = [r for s in Presentation(str(path)).slides for sh in s.shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for r in p.runs]
    assert any(r.text == "Bold" and r.font.bold for r in runs)
    assert any(r.text == "italic" and r.font.italic for r in runs)
    assert any(r.text == "a link" and r.hyperlink.address == "https://example.org" for r in runs)


def test_sizes_explicit_and_autofit_off(decks, theme):
    for slide in Presentation(str(decks["example"])).slides:
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            body = shape.text_frame._txBody.find("{http://schemas.openxmlformats.org/drawingml/2006/main}bodyPr")
            assert body.find("{http://schemas.openxmlformats.org/drawingml/2006/main}noAutofit") is not None
            for p in shape.text_frame.paragraphs:
                for r in p.runs:
                    assert r.font.size is not None


def _bullet_sizes(prs) -> list[float]:
    out = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    if p._p.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}buChar") is not None:
                        out += [r.font.size.pt for r in p.runs]
    return out


def test_forty_points_continue_at_or_above_the_floor(decks, theme):
    prs = Presentation(str(decks["points"]))
    titles = [s.shapes.title.text_frame.text for s in prs.slides if s.shapes.title is not None]
    cont = [t for t in titles if t.endswith("(cont.)")]
    assert cont, "40 points need continuation slides"
    assert min(_bullet_sizes(prs)) >= theme.sizes.deck_body_min
    text = squash(all_text(prs))
    for i in range(1, 41):
        assert f"Point {i}:" in text
    assert "clause 299 on energy" in text  # the point longer than a slide is cut at lines
    agenda = [s for s in prs.slides if s.shapes.title.text_frame.text.startswith("Agenda")]
    assert len(agenda) >= 2  # 30 chapters: the agenda continues, numbered on
    body = next(sh for sh in agenda[1].shapes if sh.has_text_frame and sh != agenda[1].shapes.title)
    assert int(body.text_frame.paragraphs[0].text.split()[0]) > 1


def test_long_title_floor(decks, theme):
    prs = Presentation(str(decks["title"]))
    for slide in prs.slides:
        for r in (r for p in slide.shapes.title.text_frame.paragraphs for r in p.runs):
            assert r.font.size.pt >= theme.sizes.deck_title_min
    assert squash(TITLE_300) in squash(all_text(prs))


def test_members_table(decks, brief):
    def tables(deck):  # the glossary's aside
        return [sh for s in Presentation(str(deck)).slides if s.shapes.title.text_frame.text != "Glossary"
                for sh in s.shapes if getattr(sh, "has_table", False) and sh.has_table]

    cells = [c.text for t in tables(decks["members"]) for row in t.table.rows for c in row.cells if c.text]
    assert len(cells) == 20
    assert len(tables(decks["example"])) == 1


# ---------- other masters ----------


def test_builds_on_another_master(decks, brief):
    prs = Presentation(str(decks["other"]))
    used = {s.slide_layout.name for s in prs.slides}
    assert {"Opening", "Body Text", "Side by Side"} <= used
    assert "Sample slide of the company master" not in all_text(prs)
    text = squash(all_text(prs))
    for point in brief.chapters[2].blocks[0].highlights[1].points:
        assert squash(to_plain(point)) in text


def test_explicit_layout_mapping(tmp_path, brief, theme):
    path = tmp_path / "mapped.pptx"
    mapped = theme.model_copy(update={"layouts": {"section": "Chapter", "two_content": "Compare"},
                                      "deck": theme.deck.model_copy(update={"density": "full"})})  # dividers
    deckmod.render(brief, mapped, path, template=OTHER)
    used = {s.slide_layout.name for s in Presentation(str(path)).slides}
    assert "Chapter" in used


def test_bad_mapping(tmp_path, brief, theme):
    from pydantic import ValidationError

    from dossier.style.theme import Theme

    with pytest.raises(ValidationError, match="agenda"):
        Theme.model_validate({**theme.model_dump(), "layouts": {"agenda": "Body Text"}})
    nope = theme.model_copy(update={"layouts": {"content": "Nope"}})
    with pytest.raises(TemplateError, match='"Body Text"') as error:
        deckmod.render(brief, nope, tmp_path / "x.pptx", template=OTHER)
    assert '"Nope" (layouts.content)' in str(error.value)
    assert not (tmp_path / "x.pptx").exists()


def test_missing_layout_lists_the_layouts(tmp_path, brief, theme):
    from masters.make import make_bare  # noqa: E402  (tests/ is on sys.path under pytest)

    bare = tmp_path / "bare.pptx"
    make_bare(bare)
    with pytest.raises(TemplateError) as error:
        deckmod.render(brief, theme, tmp_path / "x.pptx", template=bare)
    message = str(error.value)
    assert '"Title Only"' in message and '"Blank"' in message and "layouts:" in message
    assert not (tmp_path / "x.pptx").exists()


# ---------- rendered with LibreOffice ----------

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@pytest.fixture(scope="session")
def rendered(decks, tmp_path_factory) -> dict[str, list[tuple[float, float, list]]]:
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        pytest.skip("LibreOffice or poppler-utils not installed")
    from dossier.deck.preview import to_pdf

    names = ["example", "other", "points", "title", "word", "members", "huge"]
    out = tmp_path_factory.mktemp("pdf")
    pdfs = to_pdf([decks[n] for n in names], out)
    return {name: rendered_pages(pdf) for name, pdf in zip(names, pdfs)}


def rendered_pages(pdf: Path) -> list[tuple[float, float, list]]:
    """Each page of a PDF LibreOffice rendered: its width, height and words with their boxes."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [(float(w), float(h), [(float(a), float(b), float(c), float(d), html.unescape(t))
                                  for a, b, c, d, t in _WORD.findall(body)])
            for w, h, body in _PAGE.findall(xml)]


def _boxes(slide):
    """(x0, y0, x1, y1) in points and the text of every shape with text."""
    for shape in slide.shapes:
        texts = shape_texts(shape)
        if any(t.strip() for t in texts):
            x, y = shape.left / 12700, shape.top / 12700
            yield (x, y, x + shape.width / 12700, y + shape.height / 12700), "\n".join(texts)


def _composed(word: str, frags: list[str]) -> bool:
    """Whether a word broken across lines is made of fragments rendered in the box."""
    rest = word
    while rest:
        piece = max((f for f in frags if f and rest.startswith(f)), key=len, default=None)
        if piece is None:
            return any(rest in f for f in frags)
        rest = rest[len(piece):]
    return True


def _check_deck(prs, pages, name):
    slides = list(prs.slides)
    assert len(pages) == len(slides), name
    for k, (slide, (pw, ph, words)) in enumerate(zip(slides, pages), 1):
        scale = pw / (prs.slide_width / 12700)
        for a, b, c, d, t in words:
            assert a >= -0.5 and b >= -0.5 and c <= pw + 0.5 and d <= ph + 0.5, (name, k, t)
        for (x0, y0, x1, y1), text in _boxes(slide):
            # pdftotext's word boxes span the font's whole ascent and descent, so the
            # vertical test is on the word's centre; a line that overflows has its centre
            # a full line outside the box.
            tol = 2.0
            frags = [t.replace("\u00ad", "") for a, b, c, d, t in words
                     if a >= x0 * scale - tol and c <= x1 * scale + tol
                     and y0 * scale - tol <= (b + d) / 2 <= y1 * scale + tol]
            inside = "".join(frags)
            for word in text.split():
                word = re.sub("[\u200e\u200f\u061c]", "", word).strip("•")  # direction marks: invisible
                if word:
                    assert word in inside or _composed(word, frags), \
                        f"{name} slide {k}: '{word}' not rendered inside its box"


def _check_glyphs(prs, pages, name):
    """Every rendered glyph lies on its slide inside a box that holds text, or a chart's frame: for scripts
    (Nastaliq) that pdftotext gives as loose glyphs, whose words cannot be matched to their text."""
    assert len(pages) == len(prs.slides), name
    for k, (slide, (pw, ph, words)) in enumerate(zip(prs.slides, pages), 1):
        scale = pw / (prs.slide_width / 12700)
        frames = [box for box, _ in _boxes(slide)] + [
            (s.left / 12700, s.top / 12700, (s.left + s.width) / 12700, (s.top + s.height) / 12700)
            for s in slide.shapes if s.has_chart]
        boxes = [(x0 * scale, y0 * scale, x1 * scale, y1 * scale) for x0, y0, x1, y1 in frames]
        for a, b, c, d, t in words:
            cx, cy = (a + c) / 2, (b + d) / 2
            assert any(x0 - 2 <= cx <= x1 + 2 and y0 - 2 <= cy <= y1 + 2 for x0, y0, x1, y1 in boxes), \
                f"{name} slide {k}: '{t}' outside every text box"


@needs_lo
@pytest.mark.parametrize("name", ["example", "other", "points", "title", "word", "members", "huge"])
def test_rendered_words_inside_their_boxes(rendered, decks, name):
    _check_deck(Presentation(str(decks[name])), rendered[name], name)


def test_builds_on_a_potx_template(tmp_path, brief, theme, decks):
    """The deck is on the .potx's master (its size, layouts and theme), a presentation, and as long as on ours."""
    potx = tmp_path / "company.potx"
    with zipfile.ZipFile(OTHER) as src, zipfile.ZipFile(potx, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
            dst.writestr(info, data)
    deckmod.render(brief, theme, tmp_path / "d.pptx", template=potx)
    built, company, ours = (Presentation(str(p)) for p in (tmp_path / "d.pptx", OTHER, decks["example"]))
    assert (built.slide_width, built.slide_height) == (company.slide_width, company.slide_height) == (9144000, 6858000)
    assert [layout.name for layout in built.slide_layouts] == [layout.name for layout in company.slide_layouts]
    assert {slide.slide_layout.name for slide in built.slides} == {"Opening", "Body Text", "Side by Side"}
    with zipfile.ZipFile(tmp_path / "d.pptx") as deck_zip:
        assert b'name="Office Theme"' in deck_zip.read("ppt/theme/theme1.xml")
        assert b"presentationml.presentation.main+xml" in deck_zip.read("[Content_Types].xml")
    assert "Sample slide of the company master" not in all_text(built)
    # the narrower 4:3 slide may hold fewer cards or columns, so a slide or two more
    assert len(ours.slides) <= len(built.slides) <= len(ours.slides) + 2


def test_app_properties_count_the_slides(prs, decks):
    with zipfile.ZipFile(decks["example"]) as z:
        app = z.read("docProps/app.xml").decode()
    assert f"<Slides>{len(prs.slides)}</Slides>" in app


# ---------- the measuring ----------


def test_wrap_is_greedy_and_breaks_long_words(theme):
    from dossier.deck.fit import Measurer, wrap

    m = Measurer(theme.fonts.heading)
    text = "aaa bbb ccc"
    units = m.units(text, False, False)
    one = sum(m.units("aaa bbb", False, False)) * 1.06
    assert [text[a:b] for a, b in wrap(text, units, one)] == ["aaa bbb", "ccc"]
    word = "x" * 60
    lines = wrap(word, m.units(word, False, False), 10)
    assert "".join(word[a:b] for a, b in lines) == word and len(lines) > 1


def test_paginate_shrinks_before_it_splits(theme):
    from dossier.deck.fit import Box, Measurer, Para, paginate
    from dossier.model.markup import Run

    m = Measurer(theme.fonts.heading)
    paras = [Para((Run(f"point {i}"),), indent=23, space_before=0.45, kind="bullet") for i in range(12)]
    box = Box(600, 300)
    (chunk, size), = paginate(paras, m, box, 20, 14)
    assert 14 <= size < 20 and len(chunk) == 12
    pages = paginate(paras * 4, m, box, 20, 14)
    assert len(pages) > 1 and all(size >= 14 for _, size in pages)
    assert sum(len(c) for c, _ in pages) == 48


def test_paragraph_children_in_schema_order(decks):
    """PowerPoint repairs a file whose paragraph has anything after a:endParaRPr."""
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for name in ("example", "points"):
        for slide in Presentation(str(decks[name])).slides:
            for p in slide._element.iter(f"{a}p"):
                tags = [c.tag for c in p]
                if f"{a}endParaRPr" in tags:
                    assert tags[-1] == f"{a}endParaRPr", (name, tags)
                if f"{a}pPr" in tags:
                    assert tags[0] == f"{a}pPr"


# ---------- the contact sheet ----------


def test_contact_sheet_needs_soffice(tmp_path, decks, monkeypatch):
    from dossier.deck import preview
    from dossier.errors import RenderError

    monkeypatch.setattr(preview.shutil, "which", lambda name: None)
    with pytest.raises(RenderError, match="LibreOffice"):
        preview.contact_sheet(decks["example"], tmp_path / "sheet.png")


@needs_lo
def test_contact_sheet(tmp_path, decks, prs):
    from PIL import Image

    from dossier.deck.preview import contact_sheet

    png = tmp_path / "sheet.png"
    contact_sheet(decks["example"], png, columns=4, width=800)
    with Image.open(png) as image:
        assert image.width == 800
        rows = -(-len(prs.slides) // 4)
        assert image.height > rows * 100


def test_fallback_script_lines_are_measured_taller(theme):
    from dossier.deck.fit import Measurer, Para, height
    from dossier.model.markup import Run

    m = Measurer(theme.fonts.heading, theme.fonts.fallback)
    latin = Para((Run("Pakistan and Russia"),))
    arabic = Para((Run("باكستان وروسيا"),))
    assert height([arabic], m, 500, 20) > 1.3 * height([latin], m, 500, 20)


def test_wrap_properties(theme):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from dossier.deck.fit import WIDTH_SAFETY, Measurer, wrap

    m = Measurer(theme.fonts.heading)

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet="ab lmW–.", min_size=1, max_size=120), st.floats(0.5, 40))
    def check(text, width):
        units = m.units(text, False, False)
        lines = wrap(text, units, width)
        # nothing but spaces at the breaks is lost, and order is kept
        assert "".join(text[a:b] for a, b in lines).replace(" ", "") == text.replace(" ", "")
        for a, b in lines:
            if b - a > 1:  # a line of one character may be wider than the box
                assert sum(units[a:b]) * WIDTH_SAFETY <= width + 1e-9, (text, width, text[a:b])

    check()


def test_logo_on_the_title_slide_above_the_title(decks):
    slide = Presentation(str(decks["title"])).slides[0]
    pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1
    logo = pictures[0]
    assert logo._element.nvPicPr.cNvPr.get("descr") == "The emblem of the meeting"
    assert slide.shapes.title.top > logo.top + logo.height


# ---------- geometry: every text box on the slide, every text inside its box ----------


def _measured(shape, m) -> tuple[float, float]:
    """(measured text height, room) in points of a text shape, as written: sizes, margins, spacing."""
    from dossier.deck.fit import HEIGHT_SAFETY, Para, para_height
    from dossier.model.markup import Run

    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    frame = shape.text_frame
    width = (shape.width - frame.margin_left - frame.margin_right) / 12700
    room = (shape.height - frame.margin_top - frame.margin_bottom) / 12700
    total = 0.0
    for i, p in enumerate(frame.paragraphs):
        runs, size = [], 0.0
        for r in p._p:
            if r.tag in (f"{a}r", f"{a}fld"):
                rPr = r.find(f"{a}rPr")
                size = max(size, int(rPr.get("sz")) / 100)
                runs.append(Run(r.find(f"{a}t").text or "", bold=rPr.get("b") == "1", italic=rPr.get("i") == "1"))
        if not runs:
            continue
        pPr = p._p.find(f"{a}pPr")
        indent = int(pPr.get("marL", "0")) / 12700 if pPr is not None else 0.0
        before = p.space_before.pt if (i and p.space_before is not None) else 0.0
        para = Para(tuple(runs), indent=indent, space_before=before / size)
        total += para_height(para, m, width, size, first=i == 0)
    return total * HEIGHT_SAFETY, room


def check_geometry(path: Path, theme) -> None:
    """Every text shape lies within the slide, its text fits it, and text shapes do not overlap."""
    from dossier.deck.fit import Measurer

    prs = Presentation(str(path))
    m = Measurer(theme.fonts.heading, theme.fonts.fallback)
    for k, slide in enumerate(prs.slides, 1):
        boxes = []
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            x, y, w, h = int(shape.left), int(shape.top), int(shape.width), int(shape.height)
            where = f"{path.name} slide {k} {shape.name!r}"
            assert x >= 0 and y >= 0 and x + w <= prs.slide_width and y + h <= prs.slide_height, where
            need, room = _measured(shape, m)
            assert need <= room + 0.5, f"{where}: text {need:.1f} pt tall in {room:.1f} pt"
            boxes.append((x, y, x + w, y + h, shape.name))
        for i, (x0, y0, x1, y1, n) in enumerate(boxes):
            for (u0, v0, u1, v1, o) in boxes[i + 1:]:
                assert x1 <= u0 or u1 <= x0 or y1 <= v0 or v1 <= y0, f"{path.name} slide {k}: {n} overlaps {o}"


@pytest.mark.parametrize("name", ["example", "other", "points", "title", "word", "members",
                                  "huge", "subtitle", "cont"])
def test_geometry(decks, theme, name):
    check_geometry(decks[name], theme)


def _notes_of(slide) -> list[str]:
    return [p.text for p in slide.notes_slide.notes_text_frame.paragraphs]


def test_a_title_too_long_for_the_slide_is_cut_and_kept_in_the_notes(decks, theme):
    prs = Presentation(str(decks["huge"]))
    slides = list(prs.slides)
    cut = [s for s in slides if s.shapes.title.text_frame.text.endswith("…")]
    assert cut, "a 1,700-character title cannot fit at the floor size"
    for slide in cut:
        shown = slide.shapes.title.text_frame.text[:-1]
        full = _notes_of(slide)[0]
        assert full.endswith(TITLE_1700) and full.startswith(shown)
        assert full[len(shown)] == " "  # cut at a word boundary
        for r in (r for p in slide.shapes.title.text_frame.paragraphs for r in p.runs):
            assert r.font.size.pt >= theme.sizes.deck_title_min  # cut, never below the floor
    highlight = next(s for s in cut if s.shapes.title.text_frame.text.startswith("3.1  "))
    assert _notes_of(highlight)[0] == "3.1  " + TITLE_1700
    # the footer (the meeting's title) is cut too, and kept in the notes
    footers = [sh.text_frame.text for s in slides[1:] for sh in s.shapes if sh.name == "Footer"]
    assert all(f.endswith("…") for f in footers)
    assert all(TITLE_1700 in "\n".join(_notes_of(s)) for s in slides)


def test_a_long_subtitle_on_the_cover_fits(decks):
    slide = Presentation(str(decks["subtitle"])).slides[0]
    text = squash(slide_text(slide))
    assert "Pakistan" in text and "Shanghai Cooperation Organization" in text  # parties, forum
    assert SUBTITLE_600 in "\n".join(_notes_of(slide))


def test_continuation_slides_fit_under_a_taller_cont_title(decks, theme):
    prs = Presentation(str(decks["cont"]))
    titles = [s.shapes.title for s in prs.slides]
    first = next(t for t in titles if t.text_frame.text.startswith("3.1  word0"))
    cont = [t for t in titles if t.text_frame.text.startswith("3.1  word0") and t.text_frame.text.endswith("(cont.)")]
    assert cont, "30 long points continue on another slide"
    assert any(t.height > first.height for t in cont), "' (cont.)' takes one more line"
    text = squash(all_text(prs))
    for i in range(30):
        assert f"Point {i}:" in text


def test_truncate_cuts_at_words(theme):
    from dossier.deck.fit import Box, Measurer, Para, height, truncate
    from dossier.model.markup import Run

    m = Measurer(theme.fonts.heading)
    text = " ".join(f"word{i}" for i in range(200))
    paras, cut = truncate([Para((Run("short"),)), Para((Run(text),))], m, Box(300, 60), 12)
    assert cut == [1] and paras[0].text == "short"
    assert paras[1].text.endswith("…") and text.startswith(paras[1].text[:-1] + " ")
    assert height(paras, m, 300, 12) <= 60
    assert truncate([Para((Run(text),))], m, Box(300, 2), 12) == ([], [0])  # nothing fits


def test_the_master_is_reproducible():
    from dossier.deck import master

    assert master.build() == deckmod.DEFAULT_TEMPLATE.read_bytes()


def test_agenda_names_the_chapters_as_the_pdf_does(prs, brief):
    from dossier.model import Story

    agenda = next(s for s in prs.slides if s.shapes.title.text_frame.text == "Agenda")
    items = [p.text for sh in agenda.shapes if sh != agenda.shapes.title for p in sh.text_frame.paragraphs
             if sh.has_text_frame and sh.name not in ("Footer", "Slide Number")]
    chapters = Story(brief).chapters
    width = max(len(h.number) for h in chapters)  # numbers flush right: padded with figure spaces
    assert items == [f"{h.number:\u2007>{width}}\t{to_plain(h.title)}" for h in chapters]


def test_preview_errors_are_render_errors(tmp_path, decks, monkeypatch):
    from dossier.deck import preview

    def fail(command, **kwargs):
        if command[0] == "pdftoppm":
            return subprocess.CompletedProcess(command, 99, "", "Syntax Error: broken\n")
        raise subprocess.TimeoutExpired(command, kwargs.get("timeout"))

    monkeypatch.setattr(preview.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(preview, "run", fail)
    with pytest.raises(RenderError, match="within 7 s"):
        preview.contact_sheet(decks["example"], tmp_path / "sheet.png", timeout=7)
    monkeypatch.setattr(preview, "to_pdf", lambda decks, out, timeout: [out / "x.pdf"])
    with pytest.raises(RenderError, match="pdftoppm could not render.*broken"):
        preview.contact_sheet(decks["example"], tmp_path / "sheet.png")
    assert list(tmp_path.iterdir()) == []


def _parent_of_a_sleeper(mark: str) -> list[str]:
    """A command whose child starts a grandchild, both sleeping, both with `mark` on their command line."""
    grandchild = f"import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)', {mark!r}]); time.sleep(60)"
    return [sys.executable, "-c", grandchild, mark]


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="no /proc")
def test_a_preview_step_over_its_time_limit_leaves_nothing_running(tmp_path):
    """As LibreOffice's soffice starts soffice.bin: the grandchild ends with its child."""
    from dossier.deck import preview

    with pytest.raises(subprocess.TimeoutExpired):
        preview.run(_parent_of_a_sleeper(str(tmp_path)), timeout=1)
    assert processes_naming(str(tmp_path), within=1) == []


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="no /proc")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=lambda s: s.name)
def test_a_preview_step_dies_with_its_killed_build(tmp_path, signum):
    build = subprocess.Popen([sys.executable, "-c", f"from dossier.deck.preview import run; "
                              f"run({_parent_of_a_sleeper(str(tmp_path))!r}, timeout=60)"])
    deadline = time.monotonic() + 30
    while len(processes_naming(str(tmp_path))) < 3 and time.monotonic() < deadline:  # watcher, child, grandchild
        time.sleep(0.02)
    build.send_signal(signum)
    build.wait(timeout=10)
    assert processes_naming(str(tmp_path), within=1) == []


@needs_lo
def test_preview_writes_atomically(tmp_path, decks, monkeypatch):
    from dossier.deck import preview

    target = tmp_path / "sheet.png"
    target.write_bytes(b"the previous sheet")

    def broken_save(self, fp, *args, **kwargs):
        fp.write(b"half a png")
        raise OSError("disk full")

    monkeypatch.setattr(preview.Image.Image, "save", broken_save)
    with pytest.raises(RenderError, match="cannot write the contact sheet.*disk full"):
        preview.contact_sheet(decks["example"], target, width=400)
    assert target.read_bytes() == b"the previous sheet"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.png"]


# ---------- slides that use their space ----------


def _tables(path: Path) -> list:
    return [sh for s in Presentation(str(path)).slides for sh in s.shapes if sh.has_table]


def test_a_one_row_table_reads_as_a_table_at_the_top_of_its_box(tmp_path, theme):
    from dossier.deck.fit import metrics
    from dossier.deck.geometry import rect_of
    from dossier.deck.layouts import BODY_TYPES

    brief = Brief.model_validate({"meeting": {"title": "Talks"}, "chapters": [{"title": "Agreements", "blocks": [
        {"agreements": [{"title": "Agreement on Ports", "signatories": ["A. Berg", "C. Dahl"]}]}]}]})
    deckmod.render(brief, theme, tmp_path / "deck.pptx")
    (shape,) = _tables(tmp_path / "deck.pptx")
    header, row = shape.table.rows
    size = row.cells[0].text_frame.paragraphs[0].runs[0].font.size.pt
    assert row.height / 12700 >= 2 * metrics(theme.fonts.heading.file()).line * size  # two lines tall, not a strip
    assert all(cell.vertical_anchor == MSO_ANCHOR.MIDDLE for cell in row.cells)
    layout = shape.part.slide.slide_layout
    body = next(rect_of(p) for p in layout.placeholders if p.placeholder_format.type in BODY_TYPES)
    assert abs(shape.top - body.y) < 12700  # at the top, as every slide's text (issue 21), within a point


def test_a_list_that_fits_at_the_floor_is_never_split(tmp_path, theme):
    from dossier.deck.fit import Box, Measurer, Para, height, paginate
    from dossier.deck.slides import bullet, kicker, lead

    m = Measurer(theme.fonts.heading)
    paras = [kicker("Highlights"), lead("Both sides agreed to:"), *(bullet(f"point {i}") for i in range(4))]
    floor = theme.sizes.deck_body_min
    need = height(paras, m, 600, floor)
    assert paginate(paras, m, Box(600, need), 26, floor) == [(paras, floor)]
    assert len(paginate(paras, m, Box(600, need - 1), 26, floor)) == 2
    # in the deck: four points under a title of three lines, in the script with the tallest lines
    points = ["مقامی کرنسیوں میں تجارت", "آسان ادائیگی کا نظام", "بینکاری روابط", "توانائی کی فراہمی"]
    title = " ".join(["پاکستان اور روس کے درمیان اقتصادی تعاون اور علاقائی رابطہ کاری"] * 3)
    brief = Brief.model_validate({"meeting": {"title": "x", "language": "ur"}, "chapters": [
        {"title": "A", "points": ["a"]},
        {"title": "اہم نکات", "blocks": [{"highlights": [{"title": title, "lead": "دونوں ممالک نے اتفاق کیا:", "points": points}]}]}]})
    deckmod.render(brief, theme, tmp_path / "deck.pptx")
    holding = [s for s in Presentation(str(tmp_path / "deck.pptx")).slides
               if any(p in slide_text(s) for p in points)]
    assert len(holding) == 1 and all(p in slide_text(holding[0]) for p in points)


DELEGATIONS = {"meeting": {"title": "Talks", "delegations": [
    {"party": f"Party{p}", "people": [{"name": f"Name{p}x{k}", "role": "Minister of State" if k % 2 else "Envoy"}
                                      for k in range(4)]} for p in range(7)]}}
"""28 people: a delegations table over slides, most of its party cells empty."""


@needs_lo
def test_a_delegations_table_has_even_rows(tmp_path, theme):
    from dossier.deck.preview import to_pdf

    deckmod.render(Brief.model_validate(DELEGATIONS), theme, tmp_path / "deck.pptx")
    tables = _tables(tmp_path / "deck.pptx")
    assert len(tables) > 1
    heights = {(row.height, *(c.width for c in t.table.columns)) for t in tables for row in list(t.table.rows)[1:]}
    assert len(heights) == 1  # one row height and the same columns on every slide
    counts = [len(t.table.rows) - 1 for t in tables]
    assert max(counts) - min(counts) <= 1  # the rows spread evenly
    (pdf,) = to_pdf([tmp_path / "deck.pptx"], tmp_path / "pdf")
    for _, _, words in rendered_pages(pdf):
        tops = sorted(y for _, y, _, _, text in words if re.fullmatch(r"Name\d+x\d+", text))
        gaps = [b - a for a, b in zip(tops, tops[1:])]
        assert not gaps or max(gaps) - min(gaps) < 1, gaps  # as rendered: no row taller than the others
