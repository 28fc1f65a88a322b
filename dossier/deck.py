"""The editable PowerPoint deck: one `render()` call per brief.

Every text is measured with the font's real metrics (dossier.fit) and written
with explicit sizes and autofit off, so what was measured is what renders:
lists shrink step by step to the theme's floor and then continue on a slide
titled "… (cont.)"; titles shrink, then wrap inside a box tall enough for the
floor. Bullets go on the slides, prose in the speaker notes.

The deck builds on Dossier's master (templates/deck.pptx) or on a company
master: slides are mapped to its layouts by name (see `LAYOUT_ALIASES` and
`parse_layout_mapping`) and then by their placeholders.
"""

from __future__ import annotations

import functools
import io
import os
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from . import deckcheck
from .errors import RenderError, TemplateError, display_path
from .fit import (EMU_PER_PT, Box, Measurer, Para, TableFit, fit, height, paginate,
                  paginate_table, sizes)
from .markup import Run, to_plain, to_runs
from .model import Brief, Organization, Section, Topic, paragraphs
from .theme import TEMPLATES, Theme

DEFAULT_TEMPLATE = TEMPLATES / "deck.pptx"

ROLES = ("title", "section", "content", "two_content", "closing")
"""The slide roles the deck needs a layout for."""

LAYOUT_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "title slide", "title page", "cover", "cover slide", "titel", "titelfolie"),
    "section": ("section", "section header", "section title", "section break", "divider",
                "abschnittsüberschrift"),
    "content": ("content", "title and content", "title & content", "title, content",
                "text", "bullets", "titel und inhalt"),
    "two_content": ("two content", "two contents", "two columns", "two column", "comparison",
                    "title and two content", "zwei inhalte"),
    "closing": ("closing", "end", "end slide", "thank you", "final", "closing slide", "abschluss"),
}
"""Layout names tried for each role, case-insensitively, before placeholders are compared."""

_FALLBACK = {"section": "title", "closing": "title", "two_content": "content"}

EMU_PER_INCH = 914400
SAFE_HREF = re.compile(r"^(https?://|mailto:)", re.I)
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Styled(Run):
    """A run with an optional theme colour for the deck."""

    color: MSO_THEME_COLOR | None = None


# ---------------------------------------------------------------- mapping


def parse_layout_mapping(data: dict[str, Any] | None) -> dict[str, str]:
    """Validate a `layouts:` mapping: our role → the name of a layout in the master.

    Keys are roles (`title`, `section`, `content`, `two_content`, `closing`; spaces,
    hyphens and case are ignored, so "Two Content" works); values are layout names
    as they appear in PowerPoint's Layout menu. Raises TemplateError on anything else.
    """
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TemplateError("layouts: must be a mapping of role: layout name, e.g. 'content: Title and Text'")
    out: dict[str, str] = {}
    for key, value in data.items():
        role = re.sub(r"[\s\-]+", "_", str(key).strip().lower())
        if role not in ROLES:
            raise TemplateError(f"layouts: unknown role '{key}'; the roles are {', '.join(ROLES)}")
        if not isinstance(value, str) or not value.strip():
            raise TemplateError(f"layouts.{key}: must be the name of a layout in the master deck")
        out[role] = value.strip()
    return out


def _ph_types(layout) -> list[PP_PLACEHOLDER]:
    return [ph.placeholder_format.type for ph in layout.placeholders]


_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)


def _shape_score(role: str, layout) -> bool:
    types = _ph_types(layout)
    bodies = sum(t in _BODY_TYPES for t in types)
    title = any(t in _TITLE_TYPES for t in types)
    if role == "title":
        return PP_PLACEHOLDER.CENTER_TITLE in types or (title and PP_PLACEHOLDER.SUBTITLE in types)
    if role == "content":
        return title and bodies == 1
    if role == "two_content":
        return title and bodies == 2
    return False


def resolve_layouts(prs, mapping: dict[str, str] | None = None, *, source: str = "the master"):
    """Pick a layout for every role: explicit mapping, then name, then placeholders."""
    mapping = mapping or {}
    layouts = list(prs.slide_layouts)
    by_name = {l.name.strip().lower(): l for l in layouts}
    names = ", ".join(f'"{l.name}"' for l in layouts) or "none"
    chosen: dict[str, Any] = {}
    for role, name in mapping.items():
        if name.strip().lower() not in by_name:
            raise TemplateError(
                f'{source} has no layout named "{name}" (layouts.{role}); its layouts are: {names}')
        chosen[role] = by_name[name.strip().lower()]
    for role in ROLES:
        if role in chosen:
            continue
        for alias in LAYOUT_ALIASES[role]:
            if alias in by_name:
                chosen[role] = by_name[alias]
                break
        else:
            match = next((l for l in layouts if _shape_score(role, l)), None)
            if match is not None:
                chosen[role] = match
    for role, fallback in _FALLBACK.items():
        if role not in chosen and fallback in chosen:
            chosen[role] = chosen[fallback]
    missing = [r for r in ROLES if r not in chosen]
    if "title" in missing and "content" not in missing:
        chosen["title"] = chosen["content"]
        for role in ("section", "closing"):
            chosen.setdefault(role, chosen["content"])
        missing = [r for r in ROLES if r not in chosen]
    for role in ROLES:
        layout = chosen.get(role)
        if layout is not None and not any(t in _TITLE_TYPES for t in _ph_types(layout)):
            raise TemplateError(
                f'the layout "{layout.name}" chosen for {role} slides has no title placeholder; '
                f"map another one under layouts: (its layouts are: {names})")
    if missing:
        example = "\n".join(f"  {r}: <one of: {names}>" for r in missing)
        raise TemplateError(
            f"{source} has no layout for {', '.join(missing)} slides (looked for names such as "
            f"{', '.join(repr(LAYOUT_ALIASES[r][1]) for r in missing)}, then for a title with one "
            f"content placeholder). Its layouts are: {names}. Map them in the theme, e.g.\n"
            f"layouts:\n{example}")
    return chosen


# ---------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    @property
    def bottom(self) -> int:
        return self.y + self.h


INSET_X = Emu(91440)
INSET_Y = Emu(45720)


def _inner(rect: Rect) -> Box:
    return Box((rect.w - 2 * INSET_X) / EMU_PER_PT, (rect.h - 2 * INSET_Y) / EMU_PER_PT)


def _rect(shape) -> Rect | None:
    if shape is None or shape.width is None:
        return None
    return Rect(int(shape.left), int(shape.top), int(shape.width), int(shape.height))


def _layout_ph(layout, types) -> list:
    return sorted((ph for ph in layout.placeholders if ph.placeholder_format.type in types),
                  key=lambda ph: (int(ph.left or 0), int(ph.top or 0)))


# ---------------------------------------------------------------- the deck


class _Deck:
    def __init__(self, brief: Brief, theme: Theme, prs, layouts: dict[str, Any], own: bool):
        self.brief, self.theme, self.prs, self.layouts, self.own = brief, theme, prs, layouts, own
        self.m = Measurer(theme.fonts.heading, theme.fonts.fallback)
        self.font = theme.fonts.heading.deck_name
        self.cs_font = theme.fonts.fallback[0].deck_name if theme.fonts.fallback else None
        self.lang = brief.meeting.language
        self.sz = theme.sizes
        self.W, self.H = int(prs.slide_width), int(prs.slide_height)
        meeting = brief.meeting
        self.footer = to_plain(meeting.title) + (f"  ·  {to_plain(meeting.classification)}"
                                                 if meeting.classification else "")
        # The same on every slide of a layout: worked out once per deck.
        self._footer_places: dict[tuple, tuple[Rect, Any]] = {}
        self._footer_size = functools.cache(self._fit_footer)

    # -- slides

    def slide(self, role: str, notes: list[str]):
        layout = self.layouts[role]
        slide = self.prs.slides.add_slide(layout)
        self._notes(slide, notes)
        return slide

    def _notes(self, slide, notes: list[str]) -> None:
        frame = slide.notes_slide.notes_text_frame
        texts = [n for n in notes if n and n.strip()] or [to_plain(self.brief.meeting.title)]
        for i, text in enumerate(texts):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            self._runs(p, to_runs(text), None, links=False)

    def _title_box(self, slide) -> tuple[Any, Rect]:
        title = next((s for s in slide.placeholders
                      if s.placeholder_format.type in _TITLE_TYPES), None)
        if title is None:  # cannot happen: resolve_layouts checks it
            raise TemplateError("a layout without a title placeholder")
        return title, _rect(title)

    def title(self, slide, runs: tuple[Run, ...], role: str, *, below: int | None = None) -> Rect:
        """Fit the title into its placeholder; return the box it finally occupies.

        `below`: a y the title must start under (a logo above it).
        """
        shape, rect = self._title_box(slide)
        if below is not None and rect.y < below < rect.bottom:
            rect = Rect(rect.x, below, rect.w, rect.bottom - below)
        largest = self.sz.deck_title * {"title": 1.25, "closing": 1.25, "section": 1.12}.get(role, 1.0)
        para = Para(runs, bold=True)
        size = fit([para], self.m, _inner(rect), largest, self.sz.deck_title_min)
        if size is None:
            # Even the floor needs more lines than the box holds: grow the box downwards.
            size = self.sz.deck_title_min
            need = height([para], self.m, _inner(rect).width, size) * EMU_PER_PT + 2 * INSET_Y
            rect = Rect(rect.x, rect.y, rect.w, int(need) + 1)
        self._place(shape, rect)
        self._write(shape.text_frame, [para], size, anchor=None)
        return rect

    def footer_and_number(self, slide, number: int) -> None:
        layout = slide.slide_layout
        self._footer_shape(slide, layout, PP_PLACEHOLDER.FOOTER, self.footer, PP_ALIGN.LEFT, None)
        self._footer_shape(slide, layout, PP_PLACEHOLDER.SLIDE_NUMBER, str(number), PP_ALIGN.RIGHT, number)

    def _footer_shape(self, slide, layout, kind, text: str, align, number: int | None) -> None:
        rect, color = self._footer_place(layout, kind, number is not None)
        box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
        box.name = "Slide Number" if number is not None else "Footer"
        para = Para((Run(text),))
        size = self._footer_size(text, rect)
        self._write(box.text_frame, [para], size, anchor=MSO_ANCHOR.MIDDLE, align=align,
                    color=color, field=number is not None)

    def _footer_place(self, layout, kind, is_number: bool) -> tuple[Rect, Any]:
        key = (layout.part.partname, kind, is_number)
        if key not in self._footer_places:
            self._footer_places[key] = self._find_footer_place(layout, kind, is_number)
        return self._footer_places[key]

    def _find_footer_place(self, layout, kind, is_number: bool) -> tuple[Rect, Any]:
        """Where a layout puts its footer or slide number, and in which colour."""
        ph = next((p for p in layout.placeholders if p.placeholder_format.type == kind), None)
        if ph is not None and ph.width:
            return _rect(ph), _ph_color(ph)
        w = int(self.W * (0.08 if is_number else 0.7))
        x = self.W - w - int(0.45 * EMU_PER_INCH) if is_number else int(0.45 * EMU_PER_INCH)
        rect = Rect(x, self.H - int(0.5 * EMU_PER_INCH), w, int(0.35 * EMU_PER_INCH))
        return rect, (MSO_THEME_COLOR.TEXT_1 if ph is None else _ph_color(ph))

    def _fit_footer(self, text: str, rect: Rect) -> float:
        return fit([Para((Run(text),))], self.m, _inner(rect), 10, 5) or 5

    # -- writing

    def _place(self, shape, rect: Rect) -> None:
        shape.left, shape.top, shape.width, shape.height = rect.x, rect.y, rect.w, rect.h

    def _write(self, frame, paras: list[Para], size: float, *, anchor=MSO_ANCHOR.TOP,
               align=None, color=None, field: bool = False) -> None:
        frame.clear()
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = INSET_X
        frame.margin_top = frame.margin_bottom = INSET_Y
        if anchor is not None:
            frame.vertical_anchor = anchor
        for i, para in enumerate(paras):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            psize = _pt(size * para.scale)
            pPr = p._p.get_or_add_pPr()
            pPr.set("marL", str(int(para.indent * EMU_PER_PT)))
            pPr.set("indent", str(-int(para.indent * EMU_PER_PT)) if para.kind in ("bullet", "number") else "0")
            if align is not None:
                p.alignment = align
            p.line_spacing = para.line_spacing
            p.space_before = Pt(0) if i == 0 else Pt(round(para.space_before * psize, 1))
            p.space_after = Pt(0)
            self._bullet(pPr, para, psize, first=i == 0)
            if field:
                self._field(p, para.runs[0].text, psize, color)
            else:
                self._runs(p, para.runs, psize, bold=para.bold, color=color)
            end = p._p.get_or_add_endParaRPr()
            end.set("lang", self.lang)
            end.set("sz", str(int(psize * 100)))

    def _bullet(self, pPr, para: Para, size: float, *, first: bool = False) -> None:
        for tag in ("a:buClr", "a:buSzPct", "a:buFont", "a:buChar", "a:buAutoNum", "a:buNone"):
            for el in pPr.findall(qn(tag)):
                pPr.remove(el)
        if para.kind == "bullet":
            clr = etree.SubElement(pPr, qn("a:buClr"))
            etree.SubElement(clr, qn("a:schemeClr"), val="accent2")
            etree.SubElement(pPr, qn("a:buFont"), typeface="Arial")
            etree.SubElement(pPr, qn("a:buChar"), char="•")
        elif para.kind == "number":
            clr = etree.SubElement(pPr, qn("a:buClr"))
            etree.SubElement(clr, qn("a:schemeClr"), val="accent2")
            etree.SubElement(pPr, qn("a:buFont"), typeface="+mj-lt")
            auto = etree.SubElement(pPr, qn("a:buAutoNum"), type="arabicPeriod")
            if first and para.number > 1:  # a list continued from the slide before
                auto.set("startAt", str(para.number))
        else:
            etree.SubElement(pPr, qn("a:buNone"))
        # pPr children must come in schema order: lnSpc, spcBef, spcAft, bu*
        order = ["a:lnSpc", "a:spcBef", "a:spcAft", "a:buClrTx", "a:buClr", "a:buSzTx", "a:buSzPct",
                 "a:buSzPts", "a:buFontTx", "a:buFont", "a:buNone", "a:buAutoNum", "a:buChar",
                 "a:buBlip", "a:tabLst", "a:defRPr", "a:extLst"]
        rank = {qn(t): k for k, t in enumerate(order)}
        children = sorted(pPr, key=lambda el: rank.get(el.tag, 99))
        for el in children:
            pPr.append(el)

    def _runs(self, p, runs: Iterable[Run], size: float | None, *, bold: bool = False,
              color=None, links: bool = True) -> None:
        for run in runs:
            r = p.add_run()
            r.text = run.text
            font = r.font
            if size is not None:
                font.size = Pt(size)
                font.name = self.font
            font.bold = True if (bold or run.bold) else None
            if run.italic:
                font.italic = True
            rcolor = getattr(run, "color", None) or color
            if isinstance(rcolor, MSO_THEME_COLOR):
                font.color.theme_color = rcolor
            elif isinstance(rcolor, RGBColor):
                font.color.rgb = rcolor
            rPr = r._r.get_or_add_rPr()
            rPr.set("lang", self.lang)
            if size is not None and self.cs_font:
                # complex scripts (Arabic, …) in the fallback family that was measured
                cs = rPr.find(qn("a:cs"))
                if cs is None:
                    cs = etree.Element(qn("a:cs"))
                    rPr.find(qn("a:latin")).addnext(cs)
                cs.set("typeface", self.cs_font)
            if links and run.href and SAFE_HREF.match(run.href):
                r.hyperlink.address = run.href

    def _field(self, p, text: str, size: float, color) -> None:
        fld = etree.Element(qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
        end = p._p.find(qn("a:endParaRPr"))
        if end is not None:
            end.addprevious(fld)
        else:
            p._p.append(fld)
        rPr = etree.SubElement(fld, qn("a:rPr"), lang=self.lang, sz=str(int(size * 100)))
        if isinstance(color, RGBColor):
            fill = etree.SubElement(rPr, qn("a:solidFill"))
            etree.SubElement(fill, qn("a:srgbClr"), val=str(color))
        etree.SubElement(rPr, qn("a:latin"), typeface=self.font)
        etree.SubElement(fld, qn("a:t")).text = text

    # -- blocks

    def body_rect(self, slide, title: Rect, index: int = 0) -> tuple[Any, Rect]:
        bodies = [s for s in slide.placeholders if s.placeholder_format.type in _BODY_TYPES
                  or s.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE]
        bodies.sort(key=lambda s: (int(s.left or 0), int(s.top or 0)))
        shape = bodies[index] if index < len(bodies) else None
        rect = _rect(shape) if shape is not None else None
        if rect is None:  # a layout without one: below the title, full width
            top = title.bottom + int(0.2 * EMU_PER_INCH)
            rect = Rect(title.x, top, title.w, self.H - top - int(0.8 * EMU_PER_INCH))
            if index:
                half = (title.w - int(0.4 * EMU_PER_INCH)) // 2
                rect = Rect(title.x + half + int(0.4 * EMU_PER_INCH), top, half, rect.h)
        gap = int(0.12 * EMU_PER_INCH)
        if rect.y < title.bottom + gap and rect.bottom > title.bottom:  # a title that grew
            rect = Rect(rect.x, title.bottom + gap, rect.w, rect.bottom - title.bottom - gap)
        return shape, rect

    def text_shape(self, slide, shape, rect: Rect):
        if shape is None or not shape.has_text_frame:
            if shape is not None:
                shape._element.getparent().remove(shape._element)
            shape = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
        self._place(shape, rect)
        return shape

    def logo(self, slide, logo) -> int:
        """The brief's logo in the top right corner, on a white card; returns the card's bottom."""
        path = Path(logo.src)
        if not path.is_file():
            raise RenderError(f"the logo '{logo.src}' is not a file (load the brief with dossier.load.load)")
        inch = EMU_PER_INCH
        w, h = _logo_size(path, int(2.2 * inch), int(1.0 * inch))
        pad = int(0.12 * inch)
        x = self.W - int(0.6 * inch) - w - pad
        y = int(0.45 * inch)
        from pptx.enum.shapes import MSO_SHAPE

        card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, x - pad, y - pad, w + 2 * pad, h + 2 * pad)
        card.name = "Logo Card"
        card.adjustments[0] = 0.08
        card.fill.solid()
        card.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        card.line.fill.background()
        card.shadow.inherit = False
        picture = slide.shapes.add_picture(str(path), x, y, w, h)
        picture.name = "Logo"
        picture._element.nvPicPr.cNvPr.set("descr", to_plain(logo.alt))
        return y + h + pad + int(0.2 * inch)

    def cleanup(self, slide) -> None:
        """Drop placeholders left empty, so no 'Click to add text' remains."""
        for shape in list(slide.placeholders):
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                shape._element.getparent().remove(shape._element)

    # -- slide kinds

    def content(self, title: tuple[Run, ...], paras: list[Para], notes: list[str],
                role: str = "content", largest: float | None = None) -> None:
        """One or more slides with a list, continued on '(cont.)' slides when needed."""
        if largest is None:  # a slide of prose carries few words: a little larger
            prose = paras and all(p.kind in ("prose", "kicker") for p in paras)
            largest = self.sz.deck_body * (1.2 if prose else 1.0)
        pages: list[tuple[list[Para], float]] | None = None
        first = True
        while True:
            slide = self.slide(role, notes if first else ["(continued)", *notes])
            t = self.title(slide, title if first else _cont(title), role)
            shape, rect = self.body_rect(slide, t)
            if pages is None:
                pages = paginate(paras, self.m, _inner(rect), largest, self.sz.deck_body_min)
            chunk, size = pages.pop(0)
            if chunk:
                shape = self.text_shape(slide, shape, rect)
                self._write(shape.text_frame, chunk, size)
            self.cleanup(slide)
            first = False
            if not pages:
                break

    def two(self, title: tuple[Run, ...], left: list[Para], right_lead: Para | None,
            items: list[Para], notes: list[str]) -> None:
        """Points on the left, a table of short items on the right, on one slide.

        When either half does not fit there, the points get their own slide(s) and
        the table continues full width on '(cont.)' slides.
        """
        slide = self.slide("two_content", notes)
        t = self.title(slide, title, "content")
        lshape, lrect = self.body_rect(slide, t, 0)
        rshape, rrect = self.body_rect(slide, t, 1)
        left_size = fit(left, self.m, _inner(lrect), self.sz.deck_body, self.sz.deck_body_min) if left else 0
        lead_h = self._lead_height(right_lead, rrect)
        table_rect = Rect(rrect.x, rrect.y + lead_h, rrect.w, rrect.h - lead_h)
        grid = self._fit_table(items, table_rect, max_cols=3)
        if left_size is None or grid is None:
            self._delete(slide)
            if left:
                self.content(title, left, notes)
            self.table_slides(_cont(title) if left else title, right_lead, items, notes)
            return
        if left:
            lshape = self.text_shape(slide, lshape, lrect)
            self._write(lshape.text_frame, left, left_size)
        self._lead(slide, rshape, right_lead, Rect(rrect.x, rrect.y, rrect.w, lead_h))
        self.table(slide, items, grid, table_rect)
        self.cleanup(slide)

    def table_slides(self, title: tuple[Run, ...], lead: Para | None, items: list[Para],
                     notes: list[str]) -> None:
        """A table of short items over the full width, continued on '(cont.)' slides."""
        pages = None
        first = True
        while True:
            slide = self.slide("content", notes)
            t = self.title(slide, title if first else _cont(title), "content")
            shape, rect = self.body_rect(slide, t)
            lead_h = self._lead_height(lead, rect)
            table_rect = Rect(rect.x, rect.y + lead_h, rect.w, rect.h - lead_h)
            if pages is None:
                pages = paginate_table(items, self.m, _pt_box(table_rect), self.sz.deck_body,
                                       self.sz.deck_body_min, max_cols=6)
            chunk, grid = pages.pop(0)
            self._lead(slide, shape, lead, Rect(rect.x, rect.y, rect.w, lead_h))
            self.table(slide, chunk, grid, table_rect)
            self.cleanup(slide)
            first = False
            if not pages:
                break

    def _fit_table(self, items: list[Para], rect: Rect, max_cols: int) -> TableFit | None:
        from .fit import fit_table

        return fit_table(items, self.m, _pt_box(rect), self.sz.deck_body, self.sz.deck_body_min,
                         max_cols=max_cols)

    def _lead_height(self, lead: Para | None, rect: Rect) -> int:
        if lead is None:
            return 0
        size = self.sz.deck_body_min + 2
        return int(height([lead], self.m, _inner(rect).width, size) * EMU_PER_PT
                   + 2 * INSET_Y + 0.08 * EMU_PER_INCH)

    def _lead(self, slide, shape, lead: Para | None, rect: Rect) -> None:
        if lead is None:
            if shape is not None:
                shape._element.getparent().remove(shape._element)
            return
        shape = self.text_shape(slide, shape, rect)
        self._write(shape.text_frame, [lead], self.sz.deck_body_min + 2)

    def _delete(self, slide) -> None:
        """Take back the slide just added (its notes go with it)."""
        ids = self.prs.slides._sldIdLst
        for entry in list(ids):
            if self.prs.part.related_part(entry.rId) is slide.part:
                self.prs.part.drop_rel(entry.rId)
                ids.remove(entry)

    def table(self, slide, items: list[Para], grid: TableFit, rect: Rect) -> None:
        frame = slide.shapes.add_table(grid.rows, grid.cols, rect.x, rect.y,
                                       int(grid.col_width * grid.cols * EMU_PER_PT),
                                       int(grid.height * EMU_PER_PT))
        frame.name = "Members"
        table = frame.table
        table.first_row = False
        table.horz_banding = False
        for c in range(grid.cols):
            table.columns[c].width = int(grid.col_width * EMU_PER_PT)
        for r in range(grid.rows):
            table.rows[r].height = int(grid.row_heights[r] * EMU_PER_PT) + 1
            for c in range(grid.cols):
                cell = table.cell(r, c)
                cell.fill.solid()
                cell.fill.fore_color.theme_color = MSO_THEME_COLOR.BACKGROUND_2 if r % 2 == 0 else MSO_THEME_COLOR.BACKGROUND_1
                cell.margin_left = cell.margin_right = Pt(7.2)
                cell.margin_top = cell.margin_bottom = Pt(3.6)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                k = c * grid.rows + r
                frame_ = cell.text_frame
                frame_.word_wrap = True
                p = frame_.paragraphs[0]
                p.line_spacing = 1.0
                p.space_before = p.space_after = Pt(0)
                if k < len(items):
                    self._runs(p, items[k].runs, _pt(grid.size), color=MSO_THEME_COLOR.TEXT_1)
                end = p._p.get_or_add_endParaRPr()
                end.set("sz", str(int(_pt(grid.size) * 100)))

    def section(self, title: tuple[Run, ...], text: str | None, notes: list[str]) -> None:
        slide = self.slide("section", notes)
        t = self.title(slide, title, "section")
        shape, rect = self.body_rect(slide, t)
        if text and shape is not None:
            paras = [Para(to_runs(p), space_before=0.5) for p in paragraphs(text)]
            size = fit(paras, self.m, _inner(rect), self.sz.deck_body, self.sz.deck_body_min)
            if size is not None:  # too long for a divider: it is in the notes
                shape = self.text_shape(slide, shape, rect)
                self._write(shape.text_frame, paras, size)
        self.cleanup(slide)

    def cover(self, role: str, title: tuple[Run, ...], lines: list[Para], notes: list[str],
              logo=None) -> None:
        slide = self.slide(role, notes)
        below = self.logo(slide, logo) if logo is not None else None
        t = self.title(slide, title, role, below=below)
        shape, rect = self.body_rect(slide, t)
        if lines:
            size = fit(lines, self.m, _inner(rect), self.sz.deck_body, self.sz.deck_body_min)
            if size is None:
                size = next((s for s in sizes(self.sz.deck_body_min, 6)
                             if height(lines, self.m, _inner(rect).width, s) <= _inner(rect).height), 6)
            shape = self.text_shape(slide, shape, rect)
            self._write(shape.text_frame, lines, size)
        self.cleanup(slide)


def _logo_size(path: Path, max_w: int, max_h: int) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        w, h = image.size
    scale = min(max_w / w, max_h / h)
    return int(w * scale), int(h * scale)


def _ph_color(ph):
    """The footer colour of a layout placeholder, when it is given as RGB on the layout."""
    try:
        for r in ph._element.iter(qn("a:defRPr")):
            srgb = r.find(f"{qn('a:solidFill')}/{qn('a:srgbClr')}")
            if srgb is not None:
                return RGBColor.from_string(srgb.get("val"))
    except Exception:  # pragma: no cover - a master we cannot read: inherit
        return None
    return None


def _pt_box(rect: Rect) -> Box:
    """A table's room in points: a table has no insets of its own."""
    return Box(rect.w / EMU_PER_PT, rect.h / EMU_PER_PT)


def _pt(size: float) -> float:
    return round(size * 2) / 2  # PowerPoint stores hundredths; keep half points


def _text(runs: tuple[Run, ...]) -> str:
    return "".join(r.text for r in runs)


def _cont(title: tuple[Run, ...]) -> tuple[Run, ...]:
    return (*title, Run(" (cont.)"))


def _numbered(number: str, title: str) -> tuple[Run, ...]:
    return (Styled(number, bold=True, color=MSO_THEME_COLOR.ACCENT_2), Run("  "), *to_runs(title))


BULLET_INDENT = 0.32 * 72  # points


def _bullets(topic: Topic, kicker: str | None = None) -> list[Para]:
    paras: list[Para] = []
    if kicker:
        paras.append(Para((Styled(kicker.upper(), bold=True, color=MSO_THEME_COLOR.ACCENT_2),),
                          scale=0.7, kind="kicker"))
    if topic.points:
        if topic.lead:
            paras.append(Para(_colored(to_runs(topic.lead), MSO_THEME_COLOR.TEXT_2),
                              space_before=0.6, bold=True, kind="lead"))
        for point in topic.points:
            paras.append(Para(to_runs(point), indent=BULLET_INDENT, space_before=0.45, kind="bullet"))
    else:
        for text in [*paragraphs(topic.text), *paragraphs(topic.closing)] or ([topic.lead] if topic.lead else []):
            paras.append(Para(to_runs(text), space_before=0.6, kind="prose"))
    return paras


def _colored(runs: tuple[Run, ...], color) -> tuple[Run, ...]:
    return tuple(Styled(r.text, r.bold, r.italic, r.href, color) for r in runs)


def _notes(topic: Topic) -> list[str]:
    out = [*paragraphs(topic.text)]
    if topic.lead:
        out.append(topic.lead)
    out += [f"• {p}" for p in topic.points]
    out += paragraphs(topic.closing)
    return out


# ---------------------------------------------------------------- render


def render(brief: Brief, theme: Theme, path: Path, *, template: Path | None = None,
           layouts: dict[str, str] | None = None) -> None:
    """Write the deck for `brief` to exactly `path`.

    `template` is a .pptx/.potx whose layouts to use (Dossier's master when None);
    `layouts` maps roles to its layout names (see `parse_layout_mapping`).
    """
    own = template is None
    source_path = Path(template) if template is not None else DEFAULT_TEMPLATE
    source = display_path(source_path)
    try:
        prs = Presentation(_open_master(source_path))
    except FileNotFoundError:
        raise TemplateError(f"{source}: no such master deck") from None
    except Exception as error:  # python-pptx raises a variety of errors on bad files
        raise TemplateError(f"{source}: not a PowerPoint file python-pptx can read ({error})") from None
    _drop_slides(prs)
    chosen = resolve_layouts(prs, parse_layout_mapping(layouts), source=source)
    _build(_Deck(brief, theme, prs, chosen, own), brief)
    _properties(prs, brief)
    out = io.BytesIO()
    prs.save(out)
    count = len(prs.slides)
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<TotalTime>0</TotalTime><Application>Dossier</Application><PresentationFormat>Custom</PresentationFormat>'
        f'<Slides>{count}</Slides><Notes>{count}</Notes><HiddenSlides>0</HiddenSlides><ScaleCrop>false</ScaleCrop>'
        '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>'
        '</Properties>').encode()
    data = normalize_zip(out.getvalue(), {"docProps/app.xml": app})
    if broken := deckcheck.problems(data):
        raise RenderError("the deck failed its structural check, a bug in Dossier (please report it): "
                          + "; ".join(broken))
    Path(path).write_bytes(data)


def _open_master(path: Path):
    """A .pptx path as is; a .potx template re-labelled as a presentation in memory."""
    if path.suffix.lower() != ".potx":
        return str(path)
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"presentationml.template.main+xml",
                                    b"presentationml.presentation.main+xml")
            dst.writestr(info, data)
    out.seek(0)
    return out


def _build(d: _Deck, brief: Brief) -> None:
    m = brief.meeting
    parties = "  ·  ".join(to_plain(p) for p in m.parties)
    lines: list[Para] = []
    if m.subtitle:
        lines.append(Para(to_runs(m.subtitle), scale=1.0))
    lines.append(Para((Run(parties, bold=True),), scale=0.9, space_before=1.0))
    lines.append(Para(to_runs(m.forum), scale=0.9, space_before=0.3))
    tail = "  ·  ".join(to_plain(x) for x in (m.date, m.classification) if x)
    if tail:
        lines.append(Para((Run(tail),), scale=0.8, space_before=0.3))
    d.cover("title", to_runs(m.title), lines, logo=m.logo, notes=
            [m.title, *( [m.subtitle] if m.subtitle else []),
             f"A brief on the meeting between {', '.join(m.parties)} in the frame of the {m.forum}"
             + (f", {m.date}." if m.date else "."),
             *([f"Handling: {m.classification}."] if m.classification else []),
             *paragraphs(brief.summary)[:1]])

    # Agenda
    bg = brief.background
    agenda = ["Summary", "Background", "Highlights of the meeting",
              *[s.title for s in brief.sections]]
    if brief.foreign_policy:
        agenda.append(brief.foreign_policy.title)
    if brief.outlook and (brief.outlook.events or brief.outlook.prospects):
        agenda.append("Outlook")
    agenda.append("Conclusion")
    d.content(to_runs("Agenda"),
              [Para(to_runs(a), indent=BULLET_INDENT * 1.3, space_before=0.5, kind="number", number=k)
               for k, a in enumerate(agenda, 1)],
              ["This briefing covers:", *[f"{i}. {to_plain(a)}" for i, a in enumerate(agenda, 1)]])

    prose = d.sz.deck_body * 1.2  # prose slides carry few words: a little larger
    d.content(to_runs("Summary"), [Para(to_runs(p), space_before=0.6) for p in paragraphs(brief.summary)],
              paragraphs(brief.summary), largest=prose)

    # Background
    d.content(to_runs(bg.relationship.title), _bullets(bg.relationship, "Background"), _notes(bg.relationship))
    org: Organization = bg.organization
    if org.members:
        lead = Para(_colored(to_runs(org.members_lead), MSO_THEME_COLOR.TEXT_2), bold=True) if org.members_lead else None
        d.two(to_runs(org.title), _bullets(org, "Background"), lead,
              [Para(to_runs(x)) for x in org.members],
              [*_notes(org), *([org.members_lead] if org.members_lead else []),
               ", ".join(to_plain(x) for x in org.members) + "."])
    else:
        d.content(to_runs(org.title), _bullets(org, "Background"), _notes(org))
    d.content(to_runs(bg.benefits.title), _bullets(bg.benefits, "Background"), _notes(bg.benefits))

    # Highlights
    n = len(brief.highlights)
    d.section(to_runs("Highlights of the meeting"), brief.highlights_intro,
              [brief.highlights_intro or "The meeting's highlights.",
               *[f"{i}. {to_plain(h.title)}" for i, h in enumerate(brief.highlights, 1)]])
    for i, h in enumerate(brief.highlights, 1):
        d.content(_numbered(str(i), h.title), _bullets(h, f"Highlight {i} of {n}"), _notes(h))

    for s_i, section in enumerate(brief.sections, 1):
        _section(d, section, str(s_i))

    if brief.foreign_policy:
        fp = brief.foreign_policy
        d.content(to_runs(fp.title), _bullets(fp, "Foreign policy"), _notes(fp))

    if brief.outlook:
        for event in brief.outlook.events:
            d.content(to_runs(event.title), _bullets(event, "Outlook"), _notes(event))
        if brief.outlook.prospects:
            _section(d, brief.outlook.prospects, None, kicker="Outlook")

    conclusion = paragraphs(brief.conclusion)
    d.content(to_runs("Conclusion"), [Para(to_runs(p), space_before=0.6) for p in conclusion], conclusion,
              largest=prose)

    d.cover("closing", to_runs("Questions and discussion"),
            [Para(to_runs(m.title), scale=0.9), Para((Run(parties, bold=True),), scale=0.8, space_before=0.6)],
            ["Invite questions and discussion.", *conclusion[-1:]])

    # Footers and numbers on every slide but the title slide.
    for number, slide in enumerate(d.prs.slides, 1):
        if number > 1:
            d.footer_and_number(slide, number)


def _section(d: _Deck, section: Section, number: str | None, kicker: str | None = None) -> None:
    head = _numbered(number, section.title) if number else to_runs(section.title)
    d.section(head, section.text,
              [*(paragraphs(section.text) or [section.title]),
               *[f"{number + '.' if number else ''}{k}. {to_plain(t.title)}" for k, t in enumerate(section.topics, 1)]])
    for k, topic in enumerate(section.topics, 1):
        label = f"{number}.{k}" if number else f"{k}"
        d.content(_numbered(label, topic.title), _bullets(topic, kicker or to_plain(section.title)), _notes(topic))


def _drop_slides(prs) -> None:
    """A company master may carry sample slides: the deck starts empty."""
    ids = prs.slides._sldIdLst
    for entry in list(ids):
        prs.part.drop_rel(entry.rId)
        ids.remove(entry)


def _properties(prs, brief: Brief) -> None:
    m = brief.meeting
    props = prs.core_properties
    props.title = _meta(m.title)
    props.author = _meta(m.author) if m.author else "Dossier"
    props.last_modified_by = props.author
    props.subject = _meta(m.subtitle) if m.subtitle else _meta(m.forum)
    props.keywords = _meta("; ".join([*(to_plain(p) for p in m.parties), to_plain(m.forum)]))
    props.language = m.language
    props.category = "Meeting brief"
    props.comments = ""
    props.revision = 1
    core = props._element
    for el in list(core):
        if el.tag.endswith("}created") or el.tag.endswith("}modified") or el.tag.endswith("}lastPrinted"):
            core.remove(el)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = datetime.fromtimestamp(int(epoch), tz=timezone.utc).replace(tzinfo=None)
        props.created = props.modified = when


def _meta(text: str) -> str:
    """Plain text for a core property, which holds at most 255 characters."""
    plain = " ".join(to_plain(text).split())
    return plain if len(plain) <= 255 else plain[:254].rstrip() + "…"


def normalize_zip(data: bytes, replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a package with fixed timestamps and a fixed entry order (and `replace`d parts)."""
    replace = replace or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    order = first + sorted(n for n in names if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in order:
            info = zipfile.ZipInfo(name, FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            dst.writestr(info, replace.get(name) or src.read(name))
    return out.getvalue()
