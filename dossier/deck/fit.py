"""Fit text into boxes by measuring it with the real font metrics.

Widths come from the font file (cmap + hmtx advance widths over unitsPerEm);
line height from its ascender, descender and line gap, as PowerPoint and
LibreOffice compute single spacing. Text wraps greedily at spaces like
PowerPoint; a word longer than a line breaks between characters. Everything is
measured in points, with a safety margin for differences between renderers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont

from ..model.markup import Run
from ..style.theme import Font

WIDTH_SAFETY = 1.05
"""Measured widths are multiplied by this before they are compared with a line."""
HEIGHT_SAFETY = 1.04
"""Measured heights are multiplied by this before they are compared with a box."""


@dataclass(frozen=True)
class Metrics:
    """The metrics of one font file, in units of the em (size 1)."""

    advances: dict[int, float]
    line: float
    default: float

    def width(self, char: str) -> float | None:
        return self.advances.get(ord(char))


@lru_cache(maxsize=None)
def metrics(path: Path) -> Metrics:
    """Read one font file once per process."""
    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # Carlito's 'head.created' makes fontTools chatty
    try:
        font = TTFont(str(path), lazy=True)
        font["head"]
    finally:
        quiet.setLevel(level)
    upm = font["head"].unitsPerEm
    hmtx = font["hmtx"].metrics
    cmap = font.getBestCmap() or {}
    advances = {code: hmtx[glyph][0] / upm for code, glyph in cmap.items() if glyph in hmtx}
    hhea, os2 = font["hhea"], font["OS/2"]
    hhea_line = (hhea.ascent - hhea.descent + hhea.lineGap) / upm
    win_line = (os2.usWinAscent + os2.usWinDescent) / upm
    typo_line = (os2.sTypoAscender - os2.sTypoDescender + os2.sTypoLineGap) / upm
    notdef = hmtx.get(".notdef", (upm, 0))[0] / upm
    font.close()
    return Metrics(advances, max(hhea_line, win_line, typo_line), max(notdef, 0.6))


class Measurer:
    """Measures runs in one family (with fallbacks for characters it lacks).

    Each answer is remembered: a deck measures the same texts at many sizes and widths (every
    size a block is tried at, every grid its cards are tried in)."""

    def __init__(self, font: Font, fallbacks: list[Font] | tuple[Font, ...] = ()):
        self.font = font
        self.fallbacks = tuple(fallbacks)
        self._factors: dict[str, float] = {}
        self._units: dict[tuple[str, bool, bool], list[float]] = {}
        self._lines: dict[tuple[str, tuple[float, ...]], dict[float, list[tuple[int, int]]]] = {}

    def line_factor(self, text: str) -> float:
        """Single spacing in ems for a text: the tallest of the fonts its characters use."""
        factor = self._factors.get(text)
        if factor is None:
            factor = self._factors[text] = self._line_factor(text)
        return factor

    def units(self, text: str, bold: bool, italic: bool) -> list[float]:
        """The advance width of each character in ems (a list not to be changed: it is remembered)."""
        key = (text, bold, italic)
        found = self._units.get(key)
        if found is None:
            found = self._units[key] = self._measure(text, bold, italic)
        return found

    def lines(self, text: str, units: list[float], width: float) -> list[tuple[int, int]]:
        """`wrap(text, units, width)`, remembered (a list not to be changed)."""
        widths = self._lines.get(key := (text, tuple(units)))
        if widths is None:
            widths = self._lines[key] = {}
        found = widths.get(width)
        if found is None:
            found = widths[width] = wrap(text, units, width)
        return found

    def _line_factor(self, text: str) -> float:
        main = metrics(self.font.file())
        factor = main.line
        for char in set(text):
            if main.width(char) is None:
                for fallback in self.fallbacks:
                    found = metrics(fallback.file())
                    if found.width(char) is not None:
                        factor = max(factor, found.line)
                        break
        return factor

    def _measure(self, text: str, bold: bool, italic: bool) -> list[float]:
        main = metrics(self.font.file(bold, italic))
        out = []
        for char in text:
            width = main.width(char)
            if width is None:
                for fallback in self.fallbacks:
                    width = metrics(fallback.file(bold, italic)).width(char)
                    if width is not None:
                        break
            if width is None:
                width = 0.0 if char in "\u200b\u200c\u200d\u2060\ufeff" else max(main.default, 1.0)
            out.append(width)
        return out


@dataclass
class Para:
    """A paragraph to measure: runs plus the spacing the deck will write.

    Lengths are points except `scale`, `space_before` and `line_spacing`, which are
    relative: the paragraph's size is `scale` × the block's size, its space before
    `space_before` × its size, its line pitch `line_spacing` × single spacing.
    """

    runs: tuple[Run, ...]
    indent: float = 0.0
    """Left margin of every line (marL), in points."""
    scale: float = 1.0
    space_before: float = 0.0
    line_spacing: float = 1.0
    bold: bool = False
    kind: str = "prose"
    number: int = 0
    """For a numbered paragraph: its number in the list."""
    mark: Any = None
    """A status's `Mark` drawn as a shape before the text, in the room its leading spaces leave (`deck.status`)."""
    _units: list[float] | None = field(default=None, repr=False)
    _line: float | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    def line(self, measurer: Measurer, size: float) -> float:
        """Single line spacing in points at `size` for this paragraph's characters."""
        if self._line is None:
            self._line = measurer.line_factor(self.text)
        return self._line * size

    def units(self, measurer: Measurer) -> list[float]:
        if self._units is None:
            units: list[float] = []
            for run in self.runs:
                units += measurer.units(run.text, self.bold or run.bold, run.italic)
            self._units = units
        return self._units


def wrap(text: str, units: list[float], width: float) -> list[tuple[int, int]]:
    """Greedy line breaks: (start, end) character offsets of each line.

    `width` is in ems (the line width divided by the size); spaces at a break
    are dropped, as PowerPoint does; a word wider than a line breaks between
    characters. An empty text is one empty line.
    """
    units = [u * WIDTH_SAFETY for u in units]
    n = len(text)
    lines: list[tuple[int, int]] = []
    i = 0
    while i < n:
        while i < n and text[i] == " " and lines:
            i += 1  # spaces that start a wrapped line are swallowed
        if i >= n:
            break
        start = i
        used = 0.0
        last_break = -1  # index of the space after the last complete word
        j = i
        while j < n:
            w = units[j]
            if text[j] == " ":
                last_break = j
                used += w
                j += 1
                continue
            if used + w > width and j > start:
                break
            used += w
            j += 1
        if j >= n:
            end = n
            while end > start + 1 and text[end - 1] == " ":
                end -= 1  # trailing spaces hang past the margin, as in PowerPoint
            lines.append((start, end))
            break
        if last_break > start:
            end = last_break
            while end > start and text[end - 1] == " ":
                end -= 1
            lines.append((start, end))
            i = last_break + 1
        else:  # one word wider than the line: break it
            lines.append((start, j))
            i = j
    return lines or [(0, 0)]


@dataclass(frozen=True)
class Box:
    """A text box's usable size in points (after insets)."""

    width: float
    height: float


def para_lines(para: Para, measurer: Measurer, width: float, size: float) -> list[tuple[int, int]]:
    psize = size * para.scale
    avail = (width - para.indent) / psize
    return measurer.lines(para.text, para.units(measurer), max(avail, 0.01))


def para_height(para: Para, measurer: Measurer, width: float, size: float, first: bool) -> float:
    psize = size * para.scale
    lines = len(para_lines(para, measurer, width, size))
    before = 0.0 if first else para.space_before * psize
    return before + lines * para.line(measurer, psize) * para.line_spacing


def height(paras: list[Para], measurer: Measurer, width: float, size: float) -> float:
    """The height of a block of paragraphs at `size`, with the safety margin.

    Space before the first paragraph is not counted: the deck writes none.
    """
    return HEIGHT_SAFETY * sum(
        para_height(p, measurer, width, size, i == 0) for i, p in enumerate(paras)
    )


def sizes(largest: float, smallest: float, step: float = 1.0) -> list[float]:
    """Candidate sizes from `largest` down to `smallest` (inclusive)."""
    out, size = [], largest
    while size > smallest + 1e-6:
        out.append(size)
        size = round(size - step, 2)
    out.append(smallest)
    return out


def fit(paras: list[Para], measurer: Measurer, box: Box, largest: float, smallest: float) -> float | None:
    """The largest size at which the block fits in the box, or None."""
    for size in sizes(largest, smallest):
        if height(paras, measurer, box.width, size) <= box.height:
            return size
    return None


def split_para(para: Para, measurer: Measurer, box: Box, size: float) -> list[Para]:
    """Cut a paragraph too tall for any box into pieces that each fit, at line breaks."""
    lines = para_lines(para, measurer, box.width, size)
    line_h = para.line(measurer, size * para.scale) * para.line_spacing * HEIGHT_SAFETY
    per_box = max(1, int(box.height // line_h))
    pieces: list[Para] = []
    for k in range(0, len(lines), per_box):
        start, end = lines[k][0], lines[min(k + per_box, len(lines)) - 1][1]
        runs = _slice_runs(para.runs, start, end)
        kind = para.kind if k == 0 else para.kind + "-cont"
        pieces.append(replace(para, runs=runs, kind=kind, _units=None, _line=None))
    return pieces


def _slice_runs(runs: tuple[Run, ...], start: int, end: int) -> tuple[Run, ...]:
    out: list[Run] = []
    pos = 0
    for run in runs:
        a, b = max(start, pos), min(end, pos + len(run.text))
        if a < b:
            out.append(replace(run, text=run.text[a - pos:b - pos]))
        pos += len(run.text)
    return tuple(out)


def paginate(paras: list[Para], measurer: Measurer, box: Box, largest: float,
             smallest: float) -> list[tuple[list[Para], float]]:
    """Fit a block on as few boxes as possible, at the largest size that allows it.

    First the whole block at sizes from `largest` down to `smallest`; when even
    the floor is too big, the block is split between paragraphs (a lead-in line
    stays with what follows it) onto the fewest boxes, all at one size — the
    largest size that needs no more boxes than the floor does.
    """
    if not paras:
        return [([], largest)]
    size = fit(paras, measurer, box, largest, smallest)
    if size is not None:
        return [(paras, size)]
    expanded: list[Para] = []
    for para in paras:
        if height([para], measurer, box.width, smallest) > box.height:
            expanded += split_para(para, measurer, box, smallest)
        else:
            expanded.append(para)
    floor = _pack(expanded, measurer, box, smallest)
    for size in sizes(largest, smallest):
        chunks = _pack(expanded, measurer, box, size)
        if chunks is not None and len(chunks) <= len(floor):
            return [(chunk, size) for chunk in _balance(chunks, expanded, measurer, box, size)]
    return [(chunk, smallest) for chunk in floor]


def _pack(paras: list[Para], measurer: Measurer, box: Box, size: float) -> list[list[Para]] | None:
    chunks: list[list[Para]] = [[]]
    for para in paras:
        trial = chunks[-1] + [para]
        if height(trial, measurer, box.width, size) <= box.height:
            chunks[-1] = trial
            continue
        if not chunks[-1]:
            return None  # one paragraph alone does not fit at this size
        # keep a lead-in with the first point it introduces
        if chunks[-1][-1].kind == "lead" and len(chunks[-1]) > 1:
            lead = chunks[-1].pop()
            chunks.append([lead, para])
        else:
            chunks.append([para])
        if height(chunks[-1], measurer, box.width, size) > box.height:
            return None
    return chunks


def _balance(chunks: list[list[Para]], paras: list[Para], measurer: Measurer, box: Box,
             size: float) -> list[list[Para]]:
    """Spread paragraphs evenly over the same number of boxes when that still fits."""
    n = len(chunks)
    if n < 2:
        return chunks
    per = -(-len(paras) // n)
    even = [paras[k:k + per] for k in range(0, len(paras), per)]
    if len(even) == n and all(height(c, measurer, box.width, size) <= box.height for c in even) \
            and all(c[-1].kind != "lead" for c in even):
        return even
    return chunks


@dataclass(frozen=True)
class TableFit:
    """A grid for a list of short items: columns, size and row heights in points."""

    cols: int
    rows: int
    size: float
    col_width: float
    row_heights: tuple[float, ...]

    @property
    def height(self) -> float:
        return sum(self.row_heights)


def table_grid(items: list[Para], measurer: Measurer, width: float, size: float, cols: int,
               pad_x: float, pad_y: float) -> TableFit:
    """Lay items out column by column in `cols` equal columns; rows as tall as their text."""
    rows = -(-len(items) // cols)
    col_width = width / cols
    inner = col_width - 2 * pad_x
    heights = []
    for r in range(rows):
        tallest = 0.0
        for c in range(cols):
            k = c * rows + r
            if k < len(items):
                tallest = max(tallest, height([items[k]], measurer, inner, size))
        heights.append(tallest + 2 * pad_y)
    return TableFit(cols, rows, size, col_width, tuple(heights))


def fit_table(items: list[Para], measurer: Measurer, box: Box, largest: float, smallest: float,
              *, max_cols: int = 4, pad_x: float = 7.2, pad_y: float = 3.6) -> TableFit | None:
    """The grid at which every cell fits in the box.

    Preferred: every cell on one line (the largest size, then the fewest columns);
    failing that, cells may wrap (again the largest size, then the fewest columns).
    """
    for single in (True, False):
        for size in sizes(largest, smallest):
            for cols in range(1, min(max_cols, len(items)) + 1):
                inner = box.width / cols - 2 * pad_x
                if single and any(len(para_lines(p, measurer, inner, size)) > 1 for p in items):
                    continue
                grid = table_grid(items, measurer, box.width, size, cols, pad_x, pad_y)
                if grid.height <= box.height:
                    return grid
    return None


def paginate_table(items: list[Para], measurer: Measurer, box: Box, largest: float,
                   smallest: float, *, max_cols: int = 4, pad_x: float = 7.2,
                   pad_y: float = 3.6) -> list[tuple[list[Para], TableFit]]:
    """Fit the items in one table, or in the fewest tables of at most `max_cols` columns."""
    grid = fit_table(items, measurer, box, largest, smallest, max_cols=max_cols, pad_x=pad_x, pad_y=pad_y)
    if grid is not None:
        return [(items, grid)]
    cols = max(1, min(max_cols, len(items)))

    def fits(chunk: list[Para]) -> bool:
        return table_grid(chunk, measurer, box.width, smallest, min(cols, len(chunk)), pad_x, pad_y).height <= box.height

    chunks: list[list[Para]] = []
    rest = list(items)
    while rest:  # the fewest tables: each takes the most items that fit
        count = next((n for n in range(len(rest), 0, -1) if fits(rest[:n])), 1)
        chunks.append(rest[:count])
        rest = rest[count:]
    per = -(-len(items) // len(chunks))  # then as even as they fit: 7 + 7, not 11 + 3
    even = [items[k:k + per] for k in range(0, len(items), per)]
    if len(even) == len(chunks) and all(fits(chunk) for chunk in even):
        chunks = even
    return [(chunk, fit_table(chunk, measurer, box, largest, smallest, max_cols=cols, pad_x=pad_x, pad_y=pad_y)
             or table_grid(chunk, measurer, box.width, smallest, min(cols, len(chunk)), pad_x, pad_y))
            for chunk in chunks]


ELLIPSIS = "…"


def shorten(para: Para, keep: int) -> Para:
    """The paragraph's first `keep` characters, trailing spaces dropped, then '…'."""
    runs = list(_slice_runs(para.runs, 0, keep))
    while runs and not runs[-1].text.rstrip():
        runs.pop()
    if runs:
        runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip() + ELLIPSIS)
    else:
        first = para.runs[0] if para.runs else Run("")
        runs = [replace(first, text=ELLIPSIS)]
    return replace(para, runs=tuple(runs), _units=None, _line=None)


def _cuts(text: str) -> list[int]:
    """Where a text may be cut, shortest first: before each space, or (one long word) anywhere."""
    words = [i for i in range(1, len(text)) if text[i] == " " and text[i - 1] != " "]
    return [0, *(words or range(1, len(text)))]


def truncate(paras: list[Para], measurer: Measurer, box: Box, size: float) -> tuple[list[Para], list[int]]:
    """Make a block fit the box at `size` by cutting text, with '…', at word boundaries.

    The tallest paragraph is cut first, as little as needed; a paragraph that does not
    fit even as '…' alone is dropped and the next tallest is cut. Returns the block and
    the indexes (in `paras`) of the paragraphs that were cut or dropped. An empty block
    means nothing fits at all.
    """
    block = list(enumerate(paras))

    def fits(items) -> bool:
        return height([p for _, p in items], measurer, box.width, size) <= box.height

    changed: list[int] = []
    while block and not fits(block):
        k = max(range(len(block)),
                key=lambda j: para_height(block[j][1], measurer, box.width, size, True))
        index, para = block[k]
        changed.append(index)
        original = paras[index]
        cuts = _cuts(original.text)

        def trial(cut: int, block=block, k=k, index=index, original=original):
            return block[:k] + [(index, shorten(original, cut))] + block[k + 1:]

        if not fits(trial(0)):
            if para.text == ELLIPSIS or len(para_lines(para, measurer, box.width, size)) <= 1:
                del block[k]
            else:
                block[k] = (index, shorten(original, 0))
            continue
        lo, hi = 0, len(cuts) - 1  # cuts[lo] fits; find the last that does
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(trial(cuts[mid])):
                lo = mid
            else:
                hi = mid - 1
        block = trial(cuts[lo])
    return [p for _, p in block], sorted(set(changed))
