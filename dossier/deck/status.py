"""Status marks on slides: a small shape that says the status without colour, then its words.

The words are text, in the tone's colour darkened until it reads (`Colors.status_text`); the
shape is an autoshape drawn in the room the text's leading no-break spaces leave (a table cell's,
or a badge's at the top of a slide), so no font needs the geometric glyphs.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

from ..model.markup import Run
from ..model.status import Mark, mark
from .fit import HEIGHT_SAFETY, Para, height
from .geometry import EMU_PER_PT, INSET_X, INSET_Y, Rect, text_height_emu
from .tables import PAD_X, PAD_Y, RowsFit
from .textframes import Styled

SIDE = 0.72
"""The shape's side, in ems of its text."""
GAP = 0.4
"""Between the shape and its words, in ems."""
CENTRE = 0.64
"""The shape's centre below the top of its line, in ems: about the middle of a capital."""
NBSP = "\u00a0"
_SHAPES = {"circle": MSO_SHAPE.OVAL, "ring": MSO_SHAPE.OVAL, "square": MSO_SHAPE.RECTANGLE,
           "diamond": MSO_SHAPE.DIAMOND, "triangle": MSO_SHAPE.ISOSCELES_TRIANGLE}


def words(d, m: Mark) -> str:
    """A mark's words in the brief's language: 'Overdue · At risk'."""
    return " · ".join(d.t(key) for key in m.labels)


def para(d, m: Mark, *, bold: bool = True) -> Para:
    """A status as a paragraph: room for its shape, then its words in its tone's colour."""
    space = d.m.units(NBSP, bold, False)[0] or 0.25
    room = NBSP * math.ceil((SIDE + GAP) / space)
    color = RGBColor.from_string(d.theme.colors.status_text(m.tone))
    return Para((Run(room), Styled(words(d, m), bold=bold, color=color)), mark=m)


def line(d, word: str) -> Para:
    """A status as a line of words alone, in its tone's colour (where no shape can be drawn: a column's head)."""
    m = mark(word)
    return Para((Styled(words(d, m), bold=True, color=RGBColor.from_string(d.theme.colors.status_text(m.tone))),),
                scale=0.8, space_before=0.3)


def cell(d, value) -> Para | None:
    """A table cell's status paragraph, or None when `value` is not a mark."""
    return para(d, value, bold=False) if isinstance(value, Mark) else None


def draw(d, slide, m: Mark, x: int, top: int, size: float) -> None:
    """The shape of `m` for text at `size`, its start edge at `x` (its far edge, right to left), its line's top at `top`."""
    side = int(SIDE * size * EMU_PER_PT)
    left = x - side if d.writer.rtl else x
    y = top + int(CENTRE * size * EMU_PER_PT) - side // 2
    color = RGBColor.from_string(getattr(d.theme.colors.status, m.tone))
    if m.shape == "check":
        shape = _check(slide, left, y, side)
        shape.fill.background()
        shape.line.color.rgb = color
        shape.line.width = int(side * 0.2)
    else:
        shape = slide.shapes.add_shape(_SHAPES[m.shape], left, y, side, side)
        if m.shape == "ring":
            shape.fill.background()
            shape.line.color.rgb = color
            shape.line.width = int(side * 0.18)
        else:
            shape.fill.solid()
            shape.fill.fore_color.rgb = color
            shape.line.fill.background()
        if m.shape == "diamond":
            shape.width = shape.height = int(side * 1.1)
            shape.left, shape.top = left - int(side * 0.05), y - int(side * 0.05)
    shape.name = "Status " + m.tone.replace("_", " ")
    shape.shadow.inherit = False


def _check(slide, x: int, y: int, side: int):
    """A check mark: two strokes."""
    builder = slide.shapes.build_freeform(x + int(side * 0.05), y + int(side * 0.55))
    builder.add_line_segments([(x + int(side * 0.38), y + int(side * 0.88)), (x + int(side * 0.95), y + int(side * 0.12))],
                              close=False)
    return builder.convert_to_shape()


def mark_cells(d, slide, rows: list[list[Para]], grid: RowsFit, rect: Rect) -> None:
    """The shapes of the status cells of a table the writer drew at `rect` (header row first, then `rows`)."""
    top = rect.y + int(grid.heights[0] * EMU_PER_PT)
    for row, tall in zip(rows, grid.heights[1:]):
        for c, item in enumerate(row):
            if item.mark is None:
                continue
            width = grid.widths[c]
            before = sum(grid.widths[c + 1:]) if d.writer.rtl else sum(grid.widths[:c])
            text = height([replace(item, space_before=0.0)], d.m, width - 2 * PAD_X, grid.size) / HEIGHT_SAFETY
            line = top + int((PAD_Y + (tall - 2 * PAD_Y - text) / 2) * EMU_PER_PT)
            start = rect.x + int((before + width - PAD_X) * EMU_PER_PT) if d.writer.rtl else \
                rect.x + int((before + PAD_X) * EMU_PER_PT)
            draw(d, slide, item.mark, start, line, grid.size * item.scale)
        top += int(tall * EMU_PER_PT)


BADGE = "Status"
"""The name of a status badge's text box."""


@contextmanager
def statused(d, word: str | None) -> Iterator[None]:
    """The content slides added inside, that carry no status yet, get `word` as a badge above their titles
    (a chapter's status on its slides, a subsection's on its own)."""
    first = len(d.prs.slides)
    yield
    if not word:
        return
    covers = [d.layouts[role].part for role in ("title", "section", "closing") if role in d.layouts]
    for slide in list(d.prs.slides)[first:]:
        if (slide.slide_id in d.title_tops and slide.slide_layout.part not in covers
                and not any(shape.name == BADGE for shape in slide.shapes)):
            badge(d, slide, word)


def badge(d, slide, word: str) -> None:
    """A status at the end of the strip above a slide's title (the kicker's, at its start): its shape and words."""
    m = mark(word)
    p = para(d, m)
    size = d.sz.kicker
    home, top = d.title_tops[slide.slide_id]
    wide = int((sum(p.units(d.m)) * 1.2 + 1) * size * EMU_PER_PT) + 2 * INSET_X  # room to spare: one line
    tall = text_height_emu(height([p], d.m, 1e6, size))
    w = min(wide, home.w)
    x = home.x if d.writer.rtl else home.x + home.w - w
    y = max(home.y, top - tall)
    box = slide.shapes.add_textbox(x, y, w, tall)
    box.name = BADGE
    d.writer.write(box.text_frame, [p], size, anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT)
    box.text_frame.word_wrap = False
    start = x + w - INSET_X if d.writer.rtl else x + INSET_X
    draw(d, slide, m, start, y + INSET_Y, size)
