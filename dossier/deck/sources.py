"""The deck's sources: a small line at the foot of each slide that cites, and a table of every source.

A citation is written as a superscript run ('[1]', `TextWriter.runs`); once the slides are made, each
slide's superscripts name the notes its source line lists, their full references going into its notes.
"""

from __future__ import annotations

import re

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn

from ..model import Brief
from ..model.markup import Run, to_plain, to_runs
from ..model.localize import separator
from ..model.sources import Source
from .fit import Para
from .geometry import EMU_PER_PT, INSET_Y, Rect, rect_of
from .slides import Slides
from .textframes import SUPERSCRIPT

SIZES = (9.0, 5.0)
"""The source line's largest and smallest size, in points (the smallest as the footer's: a tall script fits the strip)."""


def full_reference(d: Slides, source: Source) -> str:
    """A source in full, as plain text: who, what, when, its address and when it was read."""
    language = d.brief.meeting.language
    accessed = d.t("accessed", date=source.printed_accessed(language))
    return separator(language).join(to_plain(part) for part in source.full(language, accessed))


def sources_slide(d: Slides, brief: Brief) -> None:
    """Every source as a native table (no., source, date), continued like the others; in full in the notes."""
    language = brief.meeting.language
    header = [Para(to_runs(d.t(key)), bold=True, scale=0.8) for key in ("number", "source", "date")]
    rows = [[Para((Run(str(n)),) if n else ()), Para(to_runs(s.name(language))),
             Para(to_runs(printed_date) if (printed_date := s.printed_date(language)) else ())]
            for n, s in brief.citations.sources]
    notes = [f"{n}. {full_reference(d, s)}" if n else full_reference(d, s) for n, s in brief.citations.sources]
    d.rows(to_runs(d.t("sources")), None, header, rows, notes)


def cited_on(slide) -> list[int]:
    """The note numbers a slide's (or a notes page's) own text cites (its superscript runs), in order."""
    found: set[int] = set()
    for rPr in slide.shapes._spTree.iter(qn("a:rPr")):
        if rPr.get("baseline") == SUPERSCRIPT:
            found.update(int(n) for n in re.findall(r"\d+", rPr.getparent().findtext(qn("a:t")) or ""))
    return sorted(found)


def source_line(d: Slides, slide, brief: Brief) -> None:
    """The line naming the sources a slide cites, small, just above its footer (cut with '…' when it is
    too long); the full references of what the slide and its notes cite go at the end of its notes."""
    notes = dict(brief.citations.notes)
    for n in sorted({*cited_on(slide), *cited_on(slide.notes_slide)}):
        if n in notes:
            d.note(slide, f"{n}. {full_reference(d, notes[n])}", first=False)
    numbers = cited_on(slide)
    if not numbers:
        return
    language = brief.meeting.language
    text = "; ".join(f"[{n}] {to_plain(notes[n].name(language))}" for n in numbers if n in notes)
    para = Para((Run(d.t.pair(d.t("sources"), text)),))
    layout = slide.slide_layout
    footer, color = d._footer_place(layout, PP_PLACEHOLDER.FOOTER, False)
    need = int(para.line(d.m, SIZES[0]) * EMU_PER_PT) + 1  # one line, as tall as the script needs
    top = max(_body_bottom(layout, footer.y), footer.y - need)  # between the body and the footer
    x = min(footer.x, d.W - footer.x - footer.w)
    rect = Rect(x, top, d.W - 2 * x, footer.y - top)
    box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
    box.name = "Sources"
    fitted = d.fit_block([para], Rect(rect.x, rect.y, rect.w, rect.h + 2 * INSET_Y), *SIZES)
    d.writer.write(box.text_frame, fitted.paras, fitted.size, anchor=MSO_ANCHOR.BOTTOM, color=color,
                   align=PP_ALIGN.LEFT)  # at the start of the line: the writer mirrors it right to left
    box.text_frame.margin_top = box.text_frame.margin_bottom = 0  # the line alone fills the strip


def _body_bottom(layout, footer_top: int) -> int:
    """Where the layout's content ends above its footer (0 when it has no content placeholder)."""
    bottoms = [r.bottom for ph in layout.placeholders
               if ph.placeholder_format.type not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER,
                                                     PP_PLACEHOLDER.DATE)
               and (r := rect_of(ph)) is not None and r.bottom <= footer_top]
    return max(bottoms, default=0)
