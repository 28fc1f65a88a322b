"""The deck as an outline: each slide's title, its text and tables, and its speaker notes.

Read back from the deck the build wrote, so the outline is the deck itself, slide for slide,
not a second layout of the brief.
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

_CHROME = {PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE}
_CHROME_NAMES = {"Footer", "Slide Number"}
"""The boxes the deck writes for its footer and slide number (`dossier.deck.slides`)."""
_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}


def outline(deck: Path) -> list[dict]:
    """One entry per slide: `title`, `lines` (`[level, text]`, tables a line per row) and `notes`."""
    slides = []
    for slide in Presentation(str(deck)).slides:
        title, lines = "", []
        for shape in _reading_order(slide.shapes):
            kind = shape.placeholder_format.type if shape.is_placeholder else None
            if kind in _CHROME or shape.name in _CHROME_NAMES:
                continue
            if kind in _TITLES and shape.has_text_frame:
                title = title or _text(shape.text_frame.text)
                continue
            if shape.has_text_frame:
                lines += [[p.level, text] for p in shape.text_frame.paragraphs if (text := _text(p.text))]
            elif getattr(shape, "has_table", False) and shape.has_table:
                lines += [[0, " · ".join(_text(c.text) for c in row.cells if _text(c.text))]
                          for row in shape.table.rows]
            elif getattr(shape, "has_chart", False) and shape.has_chart:
                chart = shape.chart
                lines.append([0, "▮ " + (_text(chart.chart_title.text_frame.text) if chart.has_title else "chart")])
        notes = _text(slide.notes_slide.notes_text_frame.text) if slide.has_notes_slide else ""
        slides.append({"title": title, "lines": lines, "notes": notes})
    return slides


def _reading_order(shapes) -> list:
    """Shapes top to bottom, then left to right (groups opened)."""
    flat = []
    for shape in shapes:
        flat += _reading_order(shape.shapes) if shape.shape_type == 6 else [shape]  # MSO_SHAPE_TYPE.GROUP
    return sorted(flat, key=lambda s: (int(s.top or 0) // 10000, int(s.left or 0)))


def _text(text: str) -> str:
    """One line: the vertical tabs python-pptx gives for line breaks become spaces."""
    return " ".join(text.replace("\v", " ").split())
