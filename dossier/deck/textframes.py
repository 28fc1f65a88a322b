"""Writing measured paragraphs into python-pptx text frames and tables.

Sizes are written explicitly on every run and paragraph end, autofit is off and the
insets are the ones dossier.fit measured with, so what was measured is what renders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum
from typing import Iterable

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.text import CT_RegularTextRun
from pptx.text.text import _Run
from pptx.oxml.simpletypes import ST_TextSpacingPercentOrPercentString, ST_TextSpacingPoint
from pptx.util import Length, Pt

from .fit import Measurer, Para, TableFit
from .tables import RowsFit
from .geometry import EMU_PER_PT, INSET_X, INSET_Y, Rect
from ..model.markup import Run

_PPR_ORDER = ["a:lnSpc", "a:spcBef", "a:spcAft", "a:buClrTx", "a:buClr", "a:buSzTx", "a:buSzPct",
              "a:buSzPts", "a:buFontTx", "a:buFont", "a:buNone", "a:buAutoNum", "a:buChar",
              "a:buBlip", "a:tabLst", "a:defRPr", "a:extLst"]
_PPR_RANK = {qn(t): k for k, t in enumerate(_PPR_ORDER)}
_ALIGN = {"center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
HANGING = ("bullet", "number", "entry")
SUPERSCRIPT = "30000"
"""The baseline shift of a citation's numbers (30% of the size, as PowerPoint's superscript)."""
"""Paragraph kinds whose first line hangs left of the others."""
_R, _RPR, _T, _END_PARA, _LATIN, _CS, _SOLID_FILL, _SCHEME_CLR, _SRGB_CLR = (qn(t) for t in (
    "a:r", "a:rPr", "a:t", "a:endParaRPr", "a:latin", "a:cs", "a:solidFill", "a:schemeClr", "a:srgbClr"))
_LN_SPC, _SPC_BEF, _SPC_AFT, _SPC_PTS, _SPC_PCT = (qn(t) for t in (
    "a:lnSpc", "a:spcBef", "a:spcAft", "a:spcPts", "a:spcPct"))
_SPACINGS = (_LN_SPC, _SPC_BEF, _SPC_AFT)
_escape_ctrl_chars = CT_RegularTextRun._escape_ctrl_chars
_BULLET_TAGS = ("a:buClr", "a:buSzPct", "a:buFont", "a:buChar", "a:buAutoNum", "a:buNone")


class Ink(Enum):
    """The accent as a text colour: the writer sets the colour that reads on the background."""

    ACCENT = "accent"
    """On the slide."""
    ACCENT_ON_PRIMARY = "accent on primary"
    """On a cover or divider in the primary colour."""


@dataclass(frozen=True)
class Styled(Run):
    """A run with an optional theme colour for the deck."""

    color: MSO_THEME_COLOR | Ink | None = None


def on_primary(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """`runs` for a background in the primary colour: the accent as text there."""
    return tuple(replace(r, color=Ink.ACCENT_ON_PRIMARY) if isinstance(r, Styled) and r.color is Ink.ACCENT else r
                 for r in runs)


def colored(runs: tuple[Run, ...], color) -> tuple[Run, ...]:
    return tuple(Styled(r.text, r.bold, r.italic, r.href, r.cite, color) for r in runs)  # cite kept: not the colour


def half_points(size: float) -> float:
    """PowerPoint stores hundredths of a point; the deck keeps half points."""
    return round(size * 2) / 2


@dataclass(frozen=True)
class TableRules:
    """The one table style of both outputs: no fills, a rule under the header and above a total row
    (`strong`), thin rules between rows (`thin`); colours as hex, widths in points."""

    strong: str
    thin: str
    strong_width: float = 1.25
    thin_width: float = 0.5


NO_STYLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
"""PowerPoint's built-in table style "No Style, No Grid": the cells' own rules are all there is."""


class TextWriter:
    """Writes paragraphs in one font family and language."""

    def __init__(self, font: str, cs_font: str | None, lang: str, *, rtl: bool = False,
                 exact: Measurer | None = None, inks: Mapping[Ink, RGBColor | MSO_THEME_COLOR] | None = None,
                 rules: TableRules = TableRules("1F3A5F", "C7CFD8")):
        """`exact`: write each line's pitch in points as this measurer measures it, rather than as
        a multiple of the font's own (for scripts such as Nastaliq whose glyphs overrun it).
        `inks`: the colour of each `Ink` (by default, the master's accent). `rules`: the tables' rules."""
        self.font, self.cs_font, self.lang, self.rtl, self.exact = font, cs_font, lang, rtl, exact
        self.inks = inks or dict.fromkeys(Ink, MSO_THEME_COLOR.ACCENT_2)
        self.rules = rules

    def write(self, frame, paras: list[Para], size: float, *, anchor=MSO_ANCHOR.TOP,
              align=None, color=None, field: bool = False) -> None:
        """Replace a frame's text with `paras` at `size` (each paragraph × its scale)."""
        frame.clear()
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = INSET_X
        frame.margin_top = frame.margin_bottom = INSET_Y
        if anchor is not None:
            frame.vertical_anchor = anchor
        for i, para in enumerate(paras):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            psize = half_points(size * para.scale)
            self._paragraph_format(p, para, psize, first=i == 0, align=align)
            if field:
                self._slide_number(p, para.runs[0].text, psize, color)
            else:
                self.runs(p, para.runs, psize, bold=para.bold, color=color)
            end = p._p.get_or_add_endParaRPr()
            end.set("lang", self.lang)
            end.set("sz", str(int(psize * 100)))

    def _paragraph_format(self, p, para: Para, size: float, *, first: bool, align) -> None:
        pPr = p._p.get_or_add_pPr()
        pPr.set("marL", str(int(para.indent * EMU_PER_PT)))
        pPr.set("indent", str(-int(para.indent * EMU_PER_PT)) if para.kind in HANGING else "0")
        self.direction(p, align)
        _spacing(pPr, Pt(para.line(self.exact, size) * para.line_spacing) if self.exact else para.line_spacing,
                 Pt(0) if first else Pt(round(para.space_before * size, 1)))
        _bullet(pPr, para, first=first)

    def direction(self, p, align) -> None:
        """Right to left: the paragraph marked rtl and set from the right, left and right swapped."""
        if self.rtl:
            p._p.get_or_add_pPr().set("rtl", "1")
            align = {PP_ALIGN.LEFT: PP_ALIGN.RIGHT, PP_ALIGN.RIGHT: PP_ALIGN.LEFT}.get(align, align or PP_ALIGN.RIGHT)
        if align is not None:
            p.alignment = align

    def runs(self, p, runs: Iterable[Run], size: float | None, *, bold: bool = False,
             color=None, links: bool = True) -> None:
        """Append runs to a paragraph; `size` None leaves size and font to the placeholder.

        Each run's XML is written as python-pptx's `add_run` and font properties write it (same
        elements, attributes and order), without a proxy object and a search per property."""
        end = p._p.find(_END_PARA)
        sz = None if size is None else str(Pt(size).centipoints)
        for run in runs:
            r = etree.SubElement(p._p, _R)  # python-pptx's element class, as the paragraph's document gives it
            if end is not None:
                end.addprevious(r)
            rPr = etree.SubElement(r, _RPR)
            if sz is not None:
                rPr.set("sz", sz)
            if bold or run.bold:
                rPr.set("b", "1")
            if run.italic:
                rPr.set("i", "1")
            rPr.set("lang", self.lang)
            rcolor = getattr(run, "color", None) or color
            if isinstance(rcolor, Ink):
                rcolor = self.inks[rcolor]
            if isinstance(rcolor, MSO_THEME_COLOR):
                etree.SubElement(etree.SubElement(rPr, _SOLID_FILL), _SCHEME_CLR, val=rcolor.xml_value)
            elif isinstance(rcolor, RGBColor):
                etree.SubElement(etree.SubElement(rPr, _SOLID_FILL), _SRGB_CLR, val=str(rcolor))
            if sz is not None:
                etree.SubElement(rPr, _LATIN, typeface=self.font)
                if self.cs_font:  # complex scripts (Arabic, …) in the fallback family that was measured
                    etree.SubElement(rPr, _CS, typeface=self.cs_font)
            if getattr(run, "strike", False):  # a deleted run of a word-level diff (deck.changes)
                rPr.set("strike", "sngStrike")
            if getattr(run, "underline", False):  # an inserted one
                rPr.set("u", "sng")
            if run.cite:  # a citation's note numbers, raised (`sources.cited_on` finds them)
                rPr.set("baseline", SUPERSCRIPT)
            etree.SubElement(r, _T).text = _escape_ctrl_chars(run.text)
            # markup only lets web, mail and in-document links through; the last mean nothing here
            if links and run.href and not run.href.startswith("#"):
                _Run(r, p).hyperlink.address = run.href

    def _slide_number(self, p, text: str, size: float, color) -> None:
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

    def table(self, slide, items: list[Para], grid: TableFit, rect: Rect, *, name: str = "Members") -> None:
        """A grid of short items, filled column by column, as `grid` measured it: thin rules between rows."""
        frame = slide.shapes.add_table(grid.rows, grid.cols, rect.x, rect.y,
                                       int(grid.col_width * grid.cols * EMU_PER_PT),
                                       int(grid.height * EMU_PER_PT))
        frame.name = name
        table = self._plain(frame.table)
        for c in range(grid.cols):
            table.columns[c].width = int(grid.col_width * EMU_PER_PT)
        for r in range(grid.rows):
            table.rows[r].height = int(grid.row_heights[r] * EMU_PER_PT) + 1
            for c in range(grid.cols):
                k = c * grid.rows + r
                cell = table.cell(r, self._column(c, grid.cols))
                self._cell(cell, items[k] if k < len(items) else None, grid.size)
                self._rules(cell, None, self._thin)

    def rows_table(self, slide, header: list[Para], rows: list[list[Para]], grid: RowsFit, rect: Rect, *,
                   aligns: list | None = None, total: bool = False) -> None:
        """A table of records, as `grid` measured it: a bold header over a rule, thin rules between
        the rows and, with `total`, a rule over the last row. No fills, no stripes.

        Cells are centred in their rows: a row raised to the table's common height shows no gap under its text.
        `aligns`: each column's alignment ('left', 'center', 'right'), left when not given.
        """
        frame = slide.shapes.add_table(len(rows) + 1, len(header), rect.x, rect.y,
                                       int(sum(grid.widths) * EMU_PER_PT), int(grid.height * EMU_PER_PT))
        frame.name = "Table"
        table = self._plain(frame.table)
        table.first_row = True
        for c, width in enumerate(grid.widths):
            table.columns[self._column(c, len(grid.widths))].width = int(width * EMU_PER_PT)
        last = len(rows) if total else -1
        edges = [None, self._strong, *([self._thin] * len(rows))]  # edges[r]: the rule over row r
        if total:
            edges[last] = self._strong
        for r, row in enumerate([header, *rows]):
            table.rows[r].height = int(grid.heights[r] * EMU_PER_PT) + 1
            for c, item in enumerate(row):
                cell = table.cell(r, self._column(c, len(row)))
                self._cell(cell, item, grid.size, color=MSO_THEME_COLOR.TEXT_2 if r == 0 else MSO_THEME_COLOR.TEXT_1)
                self._rules(cell, edges[r], edges[r + 1] if r + 1 < len(edges) else self._thin)
                if aligns and aligns[c] != "left":
                    cell.text_frame.paragraphs[0].alignment = _ALIGN[aligns[c]]

    @property
    def _strong(self) -> tuple[str, float]:
        return self.rules.strong, self.rules.strong_width

    @property
    def _thin(self) -> tuple[str, float]:
        return self.rules.thin, self.rules.thin_width

    def _column(self, c: int, cols: int) -> int:
        """Where column `c` goes: the first on the right in a right-to-left brief.

        The columns are placed so rather than marked `rtl` on the table, which LibreOffice
        honours or not depending on the table's style."""
        return cols - 1 - c if self.rtl else c

    def _plain(self, table):
        """A table with no style of its own (no banding, fills or grid)."""
        tblPr = table._tbl.tblPr
        table.first_row = table.horz_banding = False
        style = tblPr.find(qn("a:tableStyleId"))
        if style is None:
            style = etree.SubElement(tblPr, qn("a:tableStyleId"))
        style.text = NO_STYLE
        return table

    @staticmethod
    def _rules(cell, top: tuple[str, float] | None, bottom: tuple[str, float] | None) -> None:
        """The cell's rules: none at the sides, `top` and `bottom` as (colour, width) or none."""
        tcPr = cell._tc.get_or_add_tcPr()
        for tag in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
            for old in tcPr.findall(qn(tag)):
                tcPr.remove(old)
        for k, (tag, rule) in enumerate((("a:lnL", None), ("a:lnR", None), ("a:lnT", top), ("a:lnB", bottom))):
            line = etree.Element(qn(tag), w=str(int((rule[1] if rule else 0) * EMU_PER_PT)))
            if rule is None:
                etree.SubElement(line, qn("a:noFill"))
            else:
                fill = etree.SubElement(line, qn("a:solidFill"))
                etree.SubElement(fill, qn("a:srgbClr"), val=rule[0])
            tcPr.insert(k, line)

    def _cell(self, cell, item: Para | None, size: float, *, color=MSO_THEME_COLOR.TEXT_1,
              anchor=MSO_ANCHOR.MIDDLE) -> None:
        cell.fill.background()
        cell.margin_left = cell.margin_right = Pt(7.2)
        cell.margin_top = cell.margin_bottom = Pt(3.6)
        cell.vertical_anchor = anchor
        frame = cell.text_frame
        frame.word_wrap = True
        p = frame.paragraphs[0]
        self.direction(p, None)
        p.line_spacing = 1.0
        p.space_before = p.space_after = Pt(0)
        if item is not None:
            self.runs(p, item.runs, half_points(size * item.scale), bold=item.bold, color=color)
        end = p._p.get_or_add_endParaRPr()
        end.set("sz", str(int(half_points(size) * 100)))


def _spacing(pPr, line: float | Length, before: Length) -> None:
    """The paragraph's line spacing (lines, or a pitch), space before and no space after, as python-pptx's
    `line_spacing`, `space_before` and `space_after` write them (its own conversions and checks)."""
    for tag in _SPACINGS:
        for el in pPr.findall(tag):
            pPr.remove(el)
    ln = etree.SubElement(pPr, _LN_SPC)  # in the paragraph's document, then moved to its place
    if isinstance(line, Length):
        etree.SubElement(ln, _SPC_PTS, val=ST_TextSpacingPoint.to_xml(line))
    else:
        etree.SubElement(ln, _SPC_PCT, val=ST_TextSpacingPercentOrPercentString.to_xml(line))
    spacings = (ln, etree.SubElement(pPr, _SPC_BEF), etree.SubElement(pPr, _SPC_AFT))
    etree.SubElement(spacings[1], _SPC_PTS, val=ST_TextSpacingPoint.to_xml(before))
    etree.SubElement(spacings[2], _SPC_PTS, val="0")
    for k, el in enumerate(spacings):  # first in schema order; `_bullet` sorts the rest after them
        pPr.insert(k, el)


def _bullet(pPr, para: Para, *, first: bool = False) -> None:
    """The paragraph's bullet: a coloured dot, a number (continuing a list), or none."""
    for tag in _BULLET_TAGS:
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
    for el in sorted(pPr, key=lambda el: _PPR_RANK.get(el.tag, 99)):
        pPr.append(el)
