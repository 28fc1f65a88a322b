"""Fit a table of records (a header row, then rows of cells) into a box, and split it across slides.

Column widths follow the text, as a browser's automatic table layout does: every
column gets at least its longest word, the rest of the width goes to the columns
in proportion to how much more their text would like. Rows are as tall as their
tallest cell, and a short row is raised to a common height (up to two lines) when
its box has room, so a short table reads as a table rather than a strip. A table too
tall for its box continues on the next slides with its header repeated: the rows
spread evenly over them, all at one size and with the same columns.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .fit import Box, Measurer, Para, height, shorten, sizes, truncate

PAD_X, PAD_Y = 7.2, 3.6
"""A cell's inner margins in points (the deck writes the same)."""
MIN_ROW_LINES = 2.0
"""A body row's height, in lines of its size, that a table with room to spare raises its short rows to."""


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


NBSP = "\u00a0"
BOUND_LONGEST = 24
"""The most characters a group of words held together by `bound` may have."""


def bound(para: Para) -> Para:
    """The cell with each number held to its neighbouring words by no-break spaces, so '11 March 2026'
    or 'USD 1.2 billion' never breaks across lines (a group of at most `BOUND_LONGEST` characters)."""
    text = para.text
    starts = [0, *(i + 1 for i, ch in enumerate(text) if ch == " ")]
    words = [text[a:b - 1] if b else text[a:] for a, b in zip(starts, [*starts[1:], 0])]
    binds, group = set(), len(words[0])
    for k in range(1, len(words)):
        joined = group + 1 + len(words[k])
        if words[k - 1] and words[k] and any(ch.isdigit() for ch in words[k - 1] + words[k]) \
                and joined <= BOUND_LONGEST:
            binds.add(starts[k] - 1)
            group = joined
        else:
            group = len(words[k])
    if not binds:
        return para
    runs, pos = [], 0
    for run in para.runs:
        chars = [NBSP if pos + i in binds else ch for i, ch in enumerate(run.text)]
        runs.append(replace(run, text="".join(chars)))
        pos += len(run.text)
    return replace(para, runs=tuple(runs), _units=None, _line=None)


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

    Continued tables share one size and one set of columns, their rows spread evenly.
    A row too tall for a box of its own even at `smallest` has its cells cut to fit
    (the caller keeps the full text in the notes). Short rows are raised, on every slide to one height.
    """
    grid = fit_rows(header, rows, measurer, box, largest, smallest)
    pages = [(rows, grid)] if grid is not None else (
        _shared_pages(header, rows, measurer, box, largest, smallest)
        or _own_pages(header, rows, measurer, box, largest, smallest))
    floor = min(_floor(grid, measurer, box.height) for _, grid in pages)  # one row height on every slide
    return [(chunk, replace(grid, heights=(grid.heights[0], *(max(h, floor) for h in grid.heights[1:]))))
            for chunk, grid in pages]


def _floor(grid: RowsFit, measurer: Measurer, room: float) -> float:
    """The height short body rows may be raised to: at most `MIN_ROW_LINES` lines, as far as `room` allows."""
    head, body = grid.heights[0], grid.heights[1:]

    def total(floor: float) -> float:
        return head + sum(max(h, floor) for h in body)

    if not body or total(min(body)) > room:
        return 0.0
    low, high = min(body), MIN_ROW_LINES * measurer.line_factor("") * grid.size + 2 * PAD_Y
    if total(high) > room:  # the tallest floor that fits, to a hundredth of a point
        while high - low > 0.01:
            middle = (low + high) / 2
            low, high = (middle, high) if total(middle) <= room else (low, middle)
        high = low
    return high


def _shared_pages(header: Row, rows: list[Row], measurer: Measurer, box: Box, largest: float,
                  smallest: float) -> list[tuple[list[Row], RowsFit]] | None:
    """The rows spread evenly over the fewest tables with the same columns, at the largest size all allow.

    None when the columns cannot be shared: words too long for the width, or a row too tall for a slide.
    """
    floor = _layout_all(header, rows, measurer, box, smallest)
    if floor is None:
        return None
    chunks = _even_chunks(rows, floor, box)
    for size in sizes(largest, smallest)[:-1]:
        grid = _layout_all(header, rows, measurer, box, size)
        if grid is not None and all(_height(grid, chunk) <= box.height for chunk in chunks):
            break
    else:
        grid = floor
    return [([rows[k] for k in chunk], _page(grid, chunk)) for chunk in chunks]


def _layout_all(header: Row, rows: list[Row], measurer: Measurer, box: Box, size: float) -> RowsFit | None:
    """The whole table at `size` over the box's width, when every row fits under the header on a slide."""
    grid = layout(header, rows, measurer, box.width, size)
    if grid is None or grid.heights[0] + max(grid.heights[1:]) > box.height:
        return None
    return grid


def _height(grid: RowsFit, chunk: range) -> float:
    return grid.heights[0] + sum(grid.heights[1 + k] for k in chunk)


def _page(grid: RowsFit, chunk: range) -> RowsFit:
    return RowsFit(grid.size, grid.widths, (grid.heights[0], *(grid.heights[1 + k] for k in chunk)))


def _even_chunks(rows: list[Row], grid: RowsFit, box: Box) -> list[range]:
    """The rows' indexes in as few tables as fit at `grid`, as even in number as their heights allow."""
    n, room = len(rows), box.height - grid.heights[0]
    reach, end, used = [], 0, 0.0  # reach[k]: the end of the longest table that starts at row k
    for start in range(n):
        while end < n and used + grid.heights[1 + end] <= room:
            used += grid.heights[1 + end]
            end += 1
        reach.append(end)
        used -= grid.heights[1 + start]

    def chunks(pages: int) -> list[range]:
        """Each table takes its share of the rows left (all of them, for one page), as far as it reaches."""
        out, start = [], 0
        while start < n:
            share = -(-(n - start) // max(pages - len(out), 1))
            out.append(range(start, min(start + share, reach[start])))
            start = out[-1].stop
        return out

    greedy = chunks(1)
    even = chunks(len(greedy))
    return even if len(even) == len(greedy) else greedy


def _own_pages(header: Row, rows: list[Row], measurer: Measurer, box: Box, largest: float,
               smallest: float) -> list[tuple[list[Row], RowsFit]]:
    """Each table packed and sized on its own: for words too long for the width, or rows taller than a slide."""
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
