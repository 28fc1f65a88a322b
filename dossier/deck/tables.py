"""Fit a table of records (a header row, then rows of cells) into a box, and split it across slides.

Column widths follow the text, as a browser's automatic table layout does: every
column gets at least its longest word, the rest of the width goes to the columns
in proportion to how much more their text would like. Rows are as tall as their
tallest cell. A table too tall for its box continues on the next slide with its
header repeated.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fit import Box, Measurer, Para, height, shorten, sizes, truncate

PAD_X, PAD_Y = 7.2, 3.6
"""A cell's inner margins in points (the deck writes the same)."""


@dataclass(frozen=True)
class RowsFit:
    """A table's size, column widths and row heights (header first), in points."""

    size: float
    widths: tuple[float, ...]
    heights: tuple[float, ...]

    @property
    def height(self) -> float:
        return sum(self.heights)


Row = list[Para]


def _longest_word(para: Para, measurer: Measurer, size: float) -> float:
    units = para.units(measurer)
    longest = current = 0.0
    for char, unit in zip(para.text, units):
        current = 0.0 if char == " " else current + unit
        longest = max(longest, current)
    return longest * size * para.scale * 1.06


def _natural(para: Para, measurer: Measurer, size: float) -> float:
    return sum(para.units(measurer)) * size * para.scale * 1.06


def widths(rows: list[Row], measurer: Measurer, width: float, size: float) -> tuple[float, ...] | None:
    """Column widths that fill `width`, or None when even the longest words do not fit."""
    cols = len(rows[0])
    least = [max(_longest_word(r[c], measurer, size) for r in rows) + 2 * PAD_X for c in range(cols)]
    want = [max(_natural(r[c], measurer, size) for r in rows) + 2 * PAD_X for c in range(cols)]
    if sum(least) > width:
        return None
    if sum(want) <= width:  # everything on one line: share out what is left evenly
        spare = (width - sum(want)) / cols
        return tuple(w + spare for w in want)
    extra = [w - m for w, m in zip(want, least)]
    spare = width - sum(least)
    total = sum(extra) or 1.0
    return tuple(m + spare * e / total for m, e in zip(least, extra))


def row_height(row: Row, measurer: Measurer, col_widths: tuple[float, ...], size: float) -> float:
    """The height of a row: its tallest cell."""
    return max(height([cell], measurer, w - 2 * PAD_X, size) for cell, w in zip(row, col_widths)) + 2 * PAD_Y


def layout(header: Row, rows: list[Row], measurer: Measurer, width: float, size: float) -> RowsFit | None:
    """The table at `size` over `width`, or None when its words do not fit across."""
    col_widths = widths([header, *rows], measurer, width, size)
    if col_widths is None:
        return None
    heights = tuple(row_height(r, measurer, col_widths, size) for r in [header, *rows])
    return RowsFit(size, col_widths, heights)


def fit_rows(header: Row, rows: list[Row], measurer: Measurer, box: Box, largest: float,
             smallest: float) -> RowsFit | None:
    """The largest size at which the whole table fits the box, or None."""
    for size in sizes(largest, smallest):
        grid = layout(header, rows, measurer, box.width, size)
        if grid is not None and grid.height <= box.height:
            return grid
    return None


def paginate_rows(header: Row, rows: list[Row], measurer: Measurer, box: Box, largest: float,
                  smallest: float) -> list[tuple[list[Row], RowsFit]]:
    """The rows in as few tables as fit, each with the header, each as large as it can be.

    A row too tall for a box of its own even at `smallest` has its cells cut to fit
    (the caller keeps the full text in the notes).
    """
    grid = fit_rows(header, rows, measurer, box, largest, smallest)
    if grid is not None:
        return [(rows, grid)]
    pages: list[tuple[list[Row], RowsFit]] = []
    rest = list(rows)
    while rest:
        count = 0
        for n in range(1, len(rest) + 1):  # the most rows that fit at the smallest size
            grid = layout(header, rest[:n], measurer, box.width, smallest)
            if grid is None or grid.height > box.height:
                break
            count = n
        if count == 0:  # one row taller than a whole slide: cut its cells
            chunk, rest = [_cut(header, rest[0], measurer, box, smallest)], rest[1:]
        else:
            chunk, rest = rest[:count], rest[count:]
        grid = fit_rows(header, chunk, measurer, box, largest, smallest) or _even(header, chunk, measurer, box, smallest)
        pages.append((chunk, grid))
    return pages


def _even(header: Row, rows: list[Row], measurer: Measurer, box: Box, size: float) -> RowsFit:
    """Equal columns (long words break), for a table whose words are too long for its width."""
    col_widths = (box.width / len(header),) * len(header)
    return RowsFit(size, col_widths, tuple(row_height(r, measurer, col_widths, size) for r in [header, *rows]))


def _cut(header: Row, row: Row, measurer: Measurer, box: Box, size: float) -> Row:
    """The row with each cell cut, with '…', to the room a slide leaves under the header."""
    grid = layout(header, [row], measurer, box.width, size) or _even(header, [row], measurer, box, size)
    room = box.height - grid.heights[0] - 2 * PAD_Y
    cut: Row = []
    for cell, w in zip(row, grid.widths):
        kept, _ = truncate([cell], measurer, Box(w - 2 * PAD_X, room), size)
        cut.append(kept[0] if kept else shorten(cell, 0) if cell.text else cell)
    return cut
