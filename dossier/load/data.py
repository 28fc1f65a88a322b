"""Figures' data from a CSV file beside the brief: read with each cell's place, then put in the block.

The file follows the rules of pictures (inside the brief's folder, not a URL, a
regular file, at most `MAX_BYTES`). Every cell keeps its line and column, so a
bad number or a short row is reported in the CSV file, where it can be fixed.
Cells are text; the model parses numbers, as it does for numbers in the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import files
from ..errors import InvalidInput, Problem, display_path

MAX_BYTES = 2 * 1024 * 1024
"""The largest CSV file a brief may read (the model then bounds a figure's rows, columns and series)."""


@dataclass(frozen=True)
class Cell:
    """A cell's text and where it stands in its file (1-based)."""

    text: str
    file: str
    line: int
    column: int


Loc = tuple[str | int, ...]


def read(src: str, folder: Path) -> tuple[Path, list[list[Cell]]]:
    """The CSV file `src` names, as rows of cells: a header line, then at least one row, all as wide.

    Raises `files.FileProblem` for a file that may not be read, `InvalidInput` for one that is not
    good CSV.
    """
    path = files.local(src, folder, MAX_BYTES)
    name = display_path(path)
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InvalidInput([Problem(name, 1, 1, "is a binary file, not CSV text")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InvalidInput([Problem(name, line, 1, "is not UTF-8 text; save the file as UTF-8")]) from None
    rows, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                rows.append(_cells(line, name, number))
            except _Bad as bad:
                problems.append(bad.problem)
    if not problems and len(rows) < 2:
        problems.append(Problem(name, 1, 1, "needs a header line and at least one row of data"))
    for row in rows[1:] if not problems else ():
        if len(row) != len(rows[0]):
            problems.append(Problem(name, row[0].line, 1, f"this line has {len(row)} cell(s), the header has "
                                    f"{len(rows[0])}; give every line the same number of cells"))
    if problems:
        raise InvalidInput(problems)
    return path, rows


class _Bad(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _cells(line: str, name: str, number: int) -> list[Cell]:
    """One line's cells: comma-separated, a cell in double quotes may hold commas and doubled quotes."""
    cells, i, n = [], 0, len(line)
    while True:
        start = i
        if i < n and line[i] == '"':
            i, chars = i + 1, []
            while True:
                if i >= n:
                    raise _Bad(Problem(name, number, start + 1, "the quote opened here is not closed on this "
                                       "line; close it (a cell cannot span lines)"))
                if line[i] == '"':
                    if line[i + 1: i + 2] == '"':
                        chars.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                chars.append(line[i])
                i += 1
            if i < n and line[i] != ",":
                raise _Bad(Problem(name, number, i + 1, "text after a closing quote; put a comma before it"))
            text = "".join(chars)
        else:
            end = line.find(",", i)
            end = n if end < 0 else end
            text, i = line[i:end], end
        offset = len(text) - len(text.lstrip()) if not line[start: start + 1] == '"' else 0
        cells.append(Cell(text.strip(), name, number, start + 1 + offset))
        if i >= n:
            return cells
        i += 1


def inline(block: dict[str, Any], rows: list[list[Cell]]) -> tuple[dict[str, Any], dict[Loc, Cell]]:
    """The block with its data from the CSV rows, and where each value came from (by its place in the block).

    A table: the header gives the headings (unless the block has `columns:`), then the rows.
    A chart: the first column the categories, each other column a series named on the header line.
    """
    header, body = rows[0], rows[1:]
    places: dict[Loc, Cell] = {}
    out = dict(block)
    if "table" in block:
        if "columns" not in block:
            out["columns"] = [c.text for c in header]
            places.update({("columns", k): c for k, c in enumerate(header)})
        out["rows"] = [[c.text for c in row] for row in body]
        places.update({("rows", r, k): c for r, row in enumerate(body) for k, c in enumerate(row)})
        places.update({("rows", r): row[0] for r, row in enumerate(body)})
    else:
        out["categories"] = [row[0].text for row in body]
        places.update({("categories", r): row[0] for r, row in enumerate(body)})
        out["series"] = [{"name": head.text, "values": [row[k].text for row in body]}
                         for k, head in enumerate(header[1:], 1)]
        for s, head in enumerate(header[1:]):
            places[("series", s)] = places[("series", s, "name")] = head
            places.update({("series", s, "values", r): row[s + 1] for r, row in enumerate(body)})
    return out, places


def owns(block: dict[str, Any]) -> tuple[str, ...]:
    """The keys a CSV file fills in this block (they may not be written beside `csv:`)."""
    return ("rows",) if "table" in block else ("categories", "series")
