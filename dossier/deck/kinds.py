"""The compact deck's slide kinds: figures at a glance, cards in a grid, two columns, a timeline.

Each lays its boxes out under the slide's title, fits all their texts at one size with
the deck's measurer, and mirrors the boxes for a right-to-left brief, so that the first
card, column or figure stands at the right.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR

from ..model.markup import Run
from .fit import Para, fit, height, sizes
from .geometry import Rect, inches, rect_of, text_height_emu
from .layouts import BODY_TYPES
from .slides import Slides
from .textframes import Ink, Styled

GAP = inches(0.2)
"""Between two cards, columns or figures."""
BAR = inches(0.06)
"""The accent bar over a card or a figure."""
GRIDS = {1: ((2, 1),), 2: ((2, 1),), 3: ((3, 1), (2, 2)), 4: ((2, 2), (2, 1))}
"""Columns × rows to try for a number of cards, the fewest slides and then the largest type winning;
more cards try (3, 2), (2, 3), (2, 2) and (3, 1)."""
CARD_SPARE = inches(0.6)
"""The most room a card takes below its text."""
DOT = inches(0.2)
"""A timeline's dot."""


@dataclass(frozen=True)
class Card:
    """A box of text: its heading (a number and a title) and the lines under it."""

    heading: tuple[Run, ...]
    lines: tuple[Para, ...]

    def paras(self) -> list[Para]:
        return [Para(self.heading, bold=True), *self.lines]


def layout_bodies(d: Slides, role: str) -> list[Rect]:
    """The body boxes of a layout in reading order (for planning, before a slide exists)."""
    shapes = [s for s in d.layouts[role].placeholders if s.placeholder_format.type in BODY_TYPES]
    side = -1 if d.writer.rtl else 1
    return [rect_of(s) for s in sorted(shapes, key=lambda s: (side * int(s.left or 0), int(s.top or 0)))
            if rect_of(s) is not None]


def common_size(d: Slides, blocks: list[list[Para]], rects: list[Rect]) -> float | None:
    """The largest size from the body size down to its floor at which every block fits its box."""
    sizes = [fit(paras, d.m, rect.inner(), d.sz.deck_body, d.sz.deck_body_min) for paras, rect in zip(blocks, rects)]
    return None if None in sizes else min(sizes)


def _cells(d: Slides, area: Rect, cols: int, rows: int, heights: list[int] | None = None) -> list[Rect]:
    """The cells of a grid over `area`, in reading order (from the right in a right-to-left brief);
    `heights`: each row's, by default even shares."""
    w = (area.w - (cols - 1) * GAP) // cols
    heights = heights or [(area.h - (rows - 1) * GAP) // rows] * rows
    tops = [area.y + sum(heights[:r]) + r * GAP for r in range(rows)]
    return [d.mirrored(Rect(area.x + c * (w + GAP), tops[r], w, heights[r])) for r in range(rows) for c in range(cols)]


def _grid_area(area: Rect) -> Rect:
    """The cards' region: the body box, a bar's height lower (the bars stand above the cards)."""
    return area.from_top(area.y + 2 * BAR)


def _grid_fit(d: Slides, cards: list[Card], area: Rect, cols: int,
              largest: float | None = None) -> tuple[float, list[int]] | None:
    """The largest size, from the body size (or `largest`) to its floor, at which the cards fit `cols`
    columns over `area`, each row as tall as its tallest card; and the rows' heights, sharing the spare room."""
    width = _cells(d, area, cols, 1)[0].inner().width
    rows = [[c.paras() for c in cards[k:k + cols]] for k in range(0, len(cards), cols)]
    room = area.h - (len(rows) - 1) * GAP
    for size in sizes(largest or d.sz.deck_body, d.sz.deck_body_min):
        need = [max(text_height_emu(height(p, d.m, width, size)) for p in row) for row in rows]
        if sum(need) <= room:
            return size, [h + min((room - sum(need)) // len(rows), CARD_SPARE) for h in need]
    return None


def grid_plan(d: Slides, cards: list[Card]) -> tuple[int, int] | None:
    """The grid (columns, rows per slide) in which every slide's cards fit, or None."""
    area = layout_bodies(d, "content")
    if not area:
        return None
    best: tuple[tuple[int, float], tuple[int, int]] | None = None
    for cols, rows in GRIDS.get(len(cards), ((3, 2), (2, 3), (2, 2), (3, 1))):
        pages = _pages(cards, cols * rows)
        fits = [_grid_fit(d, page, _grid_area(area[0]), cols) for page in pages]
        if all(fits):
            score = (len(pages), -min(f[0] for f in fits))  # the fewest slides, then the largest type
            if best is None or score < best[0]:
                best = (score, (cols, rows))
    return best[1] if best else None


def _pages(cards: list[Card], per: int) -> list[list[Card]]:
    """The cards shared evenly over as few slides as hold `per` each: 5 in fours are 3 + 2, not 4 + 1."""
    count = ceil(len(cards) / per)
    each = ceil(len(cards) / count)
    return [cards[k:k + each] for k in range(0, len(cards), each)]


def cards(d: Slides, title: tuple[Run, ...], cards: list[Card], grid: tuple[int, int], notes: list[str],
          details: list[list[str]]) -> None:
    """Cards in a grid, a page of them per slide ('(cont.)' after the first). Each slide's notes hold the
    detail of its own cards (`details`, one list per card), after `notes` on the first slide."""
    cols, rows = grid
    pages = _pages(cards, cols * rows)
    planned = layout_bodies(d, "content")
    fits = [_grid_fit(d, chunk, _grid_area(planned[0]), cols) if planned else None for chunk in pages]
    common = min((f[0] for f in fits if f), default=d.sz.deck_body_min)  # one size on every slide of them
    first = 0
    for page, chunk in enumerate(pages):
        own = [line for card in details[first:first + len(chunk)] for line in card]
        first += len(chunk)
        slide = d.slide("content", [*notes, *own] if page == 0 else [d.t("continued_note"), *own])
        t = d.title(slide, title if page == 0 else d.cont(title), "content")
        _, area = d.body_rect(slide, t)
        area = _grid_area(area)
        size, heights = _grid_fit(d, chunk, area, cols, common) or (d.sz.deck_body_min, None)
        cells = _cells(d, area, cols, ceil(len(chunk) / cols), heights)
        for card, cell in zip(chunk, cells):
            _bar(d, slide, Rect(cell.x, cell.y - 2 * BAR, cell.w, BAR), "Card Bar")
            box = _panel(d, slide, cell, "Card")
            d.write_block(slide, box, cell, d.fit_block(card.paras(), cell, size, size), anchor=MSO_ANCHOR.TOP)
        d.cleanup(slide)


def column_rects(d: Slides, title: Rect | None, slide=None, count: int = 2) -> list[Rect]:
    """`count` columns over the two-content layout's bodies, in reading order (from the right in a
    right-to-left brief): its own two boxes, or three cut from the room they span with their gutter."""
    if slide is not None:
        rects = [d.body_rect(slide, title, k)[1] for k in (0, 1)]
    else:
        rects = layout_bodies(d, "two_content")
    if count == 2:
        return rects
    largest = sorted(rects, key=lambda r: r.w * r.h)[-2:]  # a comparison layout heads its bodies with boxes
    left, right = sorted(largest, key=lambda r: r.x)
    gap = max(right.x - (left.x + left.w), GAP)
    top, bottom = max(left.y, right.y), min(left.bottom, right.bottom)
    area = Rect(left.x, top, right.x + right.w - left.x, bottom - top)
    w = (area.w - (count - 1) * gap) // count
    return [d.mirrored(Rect(area.x + c * (w + gap), area.y, w, area.h)) for c in range(count)]


def columns(d: Slides, title: tuple[Run, ...], texts: list[list[Para]], notes: list[str]) -> None:
    """Two or three short texts side by side (short subsections), set at one size; what cannot fit is cut
    to the notes."""
    slide = d.slide("two_content", notes)
    t = d.title(slide, title, "content")
    bodies = [d.body_rect(slide, t, k)[0] for k in (0, 1)]
    rects = column_rects(d, t, slide, len(texts))
    size = common_size(d, texts, rects) or d.sz.deck_body_min
    for k, (rect, paras) in enumerate(zip(rects, texts)):
        shape = d.text_shape(slide, bodies[k] if len(texts) == 2 else None, rect)
        shape.name = "Column"
        d.write_block(slide, shape, rect, d.fit_block(paras, rect, size, size), anchor=MSO_ANCHOR.TOP)
    d.cleanup(slide)


def glance(d: Slides, title: tuple[Run, ...], figures: list[tuple[str, str]], notes: list[str]) -> None:
    """Three or four large figures in a row, each with its caption under it."""
    slide = d.slide("content", notes)
    t = d.title(slide, title, "content")
    _, area = d.body_rect(slide, t)
    top = area.from_top(area.y + max(inches(0.4), area.h // 5))
    cells = _cells(d, top, len(figures), 1)
    values = [Para((Styled(value, bold=True, color=Ink.ACCENT),), bold=True) for value, _ in figures]
    value_h = inches(1.2)
    floor = min(d.sz.deck_title_min, d.sz.figure)
    size = min(fit([v], d.m, c.with_height(value_h).inner(), d.sz.figure, floor) or floor
               for v, c in zip(values, cells))
    captions = [[Para((Run(caption),))] for _, caption in figures]
    below = [c.from_top(c.y + value_h) for c in cells]
    caption_size = common_size(d, captions, below) or d.sz.deck_body_min
    for value, caption, cell, under in zip(values, captions, cells, below):
        start = cell.x + cell.w - inches(1.0) if d.writer.rtl else cell.x + inches(0.1)  # at the reading side
        _bar(d, slide, Rect(start, cell.y - 2 * BAR, inches(0.9), BAR), "Figure Bar")
        box = slide.shapes.add_textbox(cell.x, cell.y, cell.w, value_h)
        box.name = "Figure"
        d.write_block(slide, box, cell.with_height(value_h), d.fit_block([value], cell, size, size),
                      anchor=MSO_ANCHOR.BOTTOM)
        box = slide.shapes.add_textbox(under.x, under.y, under.w, under.h)
        box.name = "Figure Caption"
        d.write_block(slide, box, under, d.fit_block(caption, under, caption_size, caption_size),
                      anchor=MSO_ANCHOR.TOP)
    d.cleanup(slide)


def timeline_fits(d: Slides, items: list[tuple[Para, list[Para]]], lead: Para | None = None) -> bool:
    """Whether a timeline of these items fits one slide at the floor size or above."""
    area = layout_bodies(d, "content")
    if not area or not 2 <= len(items) <= 6:
        return False
    _, dates, texts = _timeline_cells(d, area[0], len(items), lead)
    return (common_size(d, [[w] for w, _ in items], dates) is not None
            and common_size(d, [t for _, t in items], texts) is not None)


def _timeline_cells(d: Slides, area: Rect, n: int, lead: Para | None) -> tuple[Rect, list[Rect], list[Rect]]:
    """The lead-in's box, and each item's date box above the line and text box below it; the line a
    third of the way down the room the lead-in leaves."""
    lead_rect, rest = d._split_for_lead(lead, area)
    cells = _cells(d, rest, n, 1)
    line = rest.y + max(inches(1.0), rest.h // 3)
    return (lead_rect, [c.with_height(line - c.y - DOT) for c in cells],
            [c.from_top(line + DOT) for c in cells])


def timeline(d: Slides, title: tuple[Run, ...], items: list[tuple[Para, list[Para]]], notes: list[str],
             lead: Para | None = None) -> None:
    """Dated items along a line, in order: the date above the line, the item and its detail below;
    the lead-in above them."""
    slide = d.slide("content", notes)
    t = d.title(slide, title, "content")
    shape, area = d.body_rect(slide, t)
    lead_rect, dates, texts = _timeline_cells(d, area, len(items), lead)
    d._lead(slide, shape, lead, lead_rect)
    line = dates[0].bottom + DOT
    _bar(d, slide, Rect(area.x, line - BAR // 2, area.w, BAR), "Timeline")
    date_size = common_size(d, [[w] for w, _ in items], dates) or d.sz.deck_body_min
    text_size = common_size(d, [x for _, x in items], texts) or d.sz.deck_body_min
    for (when, text), top, bottom in zip(items, dates, texts):
        edge = bottom.x + bottom.w - DOT - inches(0.1) if d.writer.rtl else bottom.x + inches(0.1)
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, edge, line - DOT // 2, DOT, DOT)
        dot.name = "Timeline Dot"
        _fill(dot, d.theme.colors.accent)
        box = slide.shapes.add_textbox(top.x, top.y, top.w, top.h)
        box.name = "Date"
        d.write_block(slide, box, top, d.fit_block([when], top, date_size, date_size), anchor=MSO_ANCHOR.BOTTOM)
        box = slide.shapes.add_textbox(bottom.x, bottom.y, bottom.w, bottom.h)
        box.name = "Timeline Item"
        d.write_block(slide, box, bottom, d.fit_block(text, bottom, text_size, text_size), anchor=MSO_ANCHOR.TOP)
    d.cleanup(slide)


def _panel(d: Slides, slide, rect: Rect, name: str):
    """A text box filled with the theme's tint."""
    box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
    box.name = name
    box.fill.solid()
    box.fill.fore_color.rgb = RGBColor.from_string(d.theme.colors.tint)
    return box


def _bar(d: Slides, slide, rect: Rect, name: str) -> None:
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, rect.x, rect.y, rect.w, rect.h)
    bar.name = name
    _fill(bar, d.theme.colors.accent)


def _fill(shape, color: str) -> None:
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(color)
    shape.line.fill.background()
    shape.shadow.inherit = False
