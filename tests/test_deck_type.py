"""The deck's type, tables and right to left (issue 21, items 4, 7, 8, 9): sizes that hold still,
text at the top, one table style, balanced splits, numbers held to their words, grids from the right."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn

from dossier import deck as deckmod
from dossier.deck.fit import Box, Measurer, Para, paginate_table, table_grid
from dossier.deck.geometry import inches
from dossier.deck.tables import NBSP, bound
from dossier.load import load
from dossier.model.markup import Run
from dossier.model import Brief

ROOT = Path(__file__).resolve().parent.parent
BRIEFS = {"example": ROOT / "data" / "pakistan-russia-sco.yaml",
          "figures": ROOT / "examples" / "aurelia-borealis-figures.yaml",
          "arabic": ROOT / "tests" / "fixtures" / "languages" / "gcc-ministerial-ar.yaml"}
COVERS = ("Title", "Section", "Closing")


@pytest.fixture(scope="module")
def decks(tmp_path_factory, theme) -> dict[str, Presentation]:
    folder = tmp_path_factory.mktemp("type")
    out = {}
    for name, path in BRIEFS.items():
        deckmod.render(load(path), theme, folder / f"{name}.pptx")
        out[name] = Presentation(str(folder / f"{name}.pptx"))
    return out


def _frames(slide):
    """(shape, text frame, in a table) for every text on the slide."""
    for shape in slide.shapes:
        if shape.has_text_frame:
            yield shape, shape.text_frame, False
        elif getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    yield shape, cell.text_frame, True


def _is_cover(slide) -> bool:
    return slide.slide_layout.name in COVERS


@pytest.mark.parametrize("name", ["example", "figures"])
def test_no_body_text_outgrows_the_theme_size(decks, theme, name):
    """Every run of every slide but the covers' titles: at most the theme's size for what it is
    (body or lead-in, table), and a table never under its 14 pt floor."""
    sz = theme.sizes
    seen = set()
    for slide in decks[name].slides:
        title = slide.shapes.title
        for shape, frame, in_table in _frames(slide):
            if title is not None and shape.shape_id == title.shape_id:
                continue
            for p in frame.paragraphs:
                for r in p.runs:
                    size = r.font.size.pt
                    seen.add(size)
                    if in_table:
                        assert sz.table_min <= size <= sz.table, (slide.slide_id, r.text)
                    elif shape.name == "Figure":  # a large figure at a glance: display type
                        assert size <= sz.figure, (slide.slide_id, r.text, size)
                    elif title is not None and title.text == "Bottom line":  # the key messages, larger
                        assert size <= sz.key_message, (slide.slide_id, r.text, size)
                    else:
                        assert size <= max(sz.deck_body, sz.lead), (slide.slide_id, shape.name, r.text, size)
    assert sz.deck_body in seen  # most text is set at the body size itself, not shrunk


@pytest.mark.parametrize("name", ["example", "figures"])
def test_lists_and_paragraphs_are_set_at_one_size_and_start_at_the_top(decks, theme, name):
    """Body text is never scaled up to fill its box, and never centred in it, but on covers and dividers."""
    sizes = set()
    for slide in decks[name].slides:
        if _is_cover(slide) or slide.shapes.title.text == "Bottom line":  # the key messages are larger
            continue
        for shape in slide.placeholders:
            if shape.name.startswith("Content") and shape.has_text_frame and shape.text_frame.text.strip():
                assert shape.text_frame.vertical_anchor in (MSO_ANCHOR.TOP, None)
                sizes |= {r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs
                          if not r.font.bold or r.text.strip() != r.text.upper()}  # not a kicker
    assert max(sizes) == theme.sizes.deck_body


def _lines(cell) -> dict[str, tuple[str | None, int]]:
    """A cell's rules: side → (colour or None for none, width in EMU)."""
    tcPr = cell._tc.tcPr
    out = {}
    for side in ("lnL", "lnR", "lnT", "lnB"):
        line = tcPr.find(qn(f"a:{side}"))
        color = line.find(f"{qn('a:solidFill')}/{qn('a:srgbClr')}")
        out[side] = (None if color is None else color.get("val"), int(line.get("w")))
    return out


def test_one_table_style_rules_not_fills(decks, theme):
    """A rule under the header and over the total row, thin rules between rows, no fills or stripes."""
    c = theme.colors
    tables = [s for slide in decks["figures"].slides for s in slide.shapes if s.has_table and s.name == "Table"]
    assert tables
    totals = 0
    for shape in tables:
        rows = list(shape.table.rows)
        for r, row in enumerate(rows):
            for cell in row.cells:
                assert cell._tc.tcPr.find(qn("a:noFill")) is not None
                lines = _lines(cell)
                assert lines["lnL"][0] is None and lines["lnR"][0] is None
                if r == 0:
                    assert lines["lnT"][0] is None and lines["lnB"][0] == c.primary
                    assert all(run.font.bold for p in cell.text_frame.paragraphs for run in p.runs)
                elif r > 1:
                    assert lines["lnT"][0] in (c.rule, c.primary)
        last = rows[-1].cells[0]
        if last.text_frame.text.strip().casefold().startswith("total"):
            totals += 1
            assert _lines(last)["lnT"] == (c.primary, _lines(rows[0].cells[0])["lnB"][1])
            assert all(run.font.bold for cell in rows[-1].cells for p in cell.text_frame.paragraphs for run in p.runs)
        elif len(rows) > 2:
            assert _lines(last)["lnT"][0] == c.rule
    assert totals == 1  # the figures example's product table ends with '**Total**'


def test_a_grid_splits_into_even_tables(theme):
    """Items that need two tables take 7 + 7, not the most the first can hold and the rest."""
    m = Measurer(theme.fonts.heading)
    items = [Para((Run(f"Member state number {k}"),)) for k in range(14)]
    one = table_grid(items[:1], m, 200, 14, 1, 7.2, 3.6).row_heights[0]
    pages = paginate_table(items, m, Box(200, one * 11 + 1), 18, 14, max_cols=1)  # room for 11 rows
    assert [len(chunk) for chunk, _ in pages] == [7, 7]


def test_numbers_hold_to_their_words():
    for text, kept in [("11 March 2026", "11\u00a0March\u00a02026"), ("Mar 10 – 12, 2026", "Mar\u00a010\u00a0–\u00a012,\u00a02026"),
                       ("Ports and shipping", "Ports and shipping")]:
        assert bound(Para((Run(text),))).text == kept
    long = bound(Para((Run("Agreement signed on 11 March 2026 in the capital"),))).text
    assert "11\u00a0March\u00a02026" in long and "Agreement signed" in long


def test_a_date_column_never_breaks_a_date(tmp_path, theme):
    brief = Brief.model_validate({"meeting": {"title": "Talks"}, "chapters": [{"title": "Agreements", "blocks": [
        {"agreements": [{"title": f"Agreement number {k} on a subject of some length", "signatories": ["A. Berg"],
                         "date": "11 March 2026"} for k in range(3)]}]}]})
    deckmod.render(brief, theme, tmp_path / "deck.pptx")
    cells = [cell.text_frame.text for slide in Presentation(str(tmp_path / "deck.pptx")).slides
             for s in slide.shapes if s.has_table for row in s.table.rows for cell in row.cells]
    assert f"11{NBSP}March{NBSP}2026" in cells


def test_right_to_left_grids_and_tables_start_at_the_right(decks):
    """In an Arabic brief the first member, and a table's first column, stand at the right."""
    prs = decks["arabic"]
    brief = load(BRIEFS["arabic"])
    first = brief.meeting.party_names[0]
    grids = [s for slide in prs.slides for s in slide.shapes if s.has_table and s.name == "Members"]
    assert grids
    for grid in grids:
        table = grid.table
        cols = len(table.columns)
        assert table._tbl.tblPr.get("rtl") is None  # placed, not flagged: LibreOffice ignores the flag
        texts = [table.cell(0, c).text_frame.text for c in range(cols)]
        assert texts[-1].strip()  # the right-hand column is the first one, never empty
    parties = next(g for g in grids if any(first in cell.text_frame.text for row in g.table.rows for cell in row.cells))
    assert parties.table.cell(0, len(parties.table.columns) - 1).text_frame.text == first
    table = next(s for slide in prs.slides for s in slide.shapes if s.has_table and s.name == "Table")
    widths = [c.width for c in table.table.columns]
    assert widths[-1] == max(widths)  # the document's title, the widest column, on the right


def test_classification_pushes_the_title_down_not_over_it(tmp_path, theme):
    brief = Brief.model_validate({"meeting": {"title": "Talks " * 30, "classification": "SECRET"},
                                  "summary": "Short."})
    deckmod.render(brief, theme, tmp_path / "deck.pptx")
    for slide in Presentation(str(tmp_path / "deck.pptx")).slides:
        top = min((s for s in slide.shapes if s.name == "Classification"), key=lambda s: s.top)
        assert top.top < inches(0.1) and slide.shapes.title.top >= top.top + top.height
