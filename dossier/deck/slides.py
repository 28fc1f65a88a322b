"""The slide builder: adds slides of each kind to a presentation, fitting every text to its box.

Every text is measured with the font's real metrics (deck.fit) and written with
explicit sizes and autofit off (deck.textframes), so what was measured is what
renders: lists shrink step by step to the theme's floor and then continue on a
slide titled "… (cont.)"; titles shrink to their floor, then grow their box
downwards as far as the slide allows. Text that does not fit even so — a title of
a thousand characters, a cover or footer too long for its box — is cut at a word
with "…", and the full text goes to the top of that slide's speaker notes.
"""

from __future__ import annotations

import functools
import io
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn

from ..errors import RenderError, TemplateError
from ..load import images
from ..style.labels import Labels, primary
from ..model.markup import Run, to_plain, to_runs
from ..model import Brief, paragraphs
from ..style.theme import Theme
from .fit import Measurer, Para, TableFit, fit, fit_table, height, paginate, paginate_table, truncate
from .status import mark_cells
from .tables import bound, paginate_rows
from .geometry import EMU_PER_INCH, EMU_PER_PT, INSET_X, INSET_Y, Rect, inches, rect_of, text_height_emu
from .layouts import BODY_TYPES, TITLE_TYPES
from .textframes import Ink, Styled, TableRules, TextWriter, colored, on_primary

BULLET_INDENT = 0.32 * 72
"""A bullet's hanging indent, in points."""
ENTRY_INDENT = 0.5 * 72
"""The column of an entry's number (`entry`), in points: its titles start there."""
FIGURE_SPACE = "\u2007"
COVER_MIN = 6.0
"""The smallest size of the lines under a cover's title (they shrink below the body floor)."""
FOOTER_SIZES = (10.0, 5.0)
"""The largest and smallest footer size."""
TITLE_SCALE = {"title": 1.25, "closing": 1.25, "section": 1.12}
"""A role's title size relative to the theme's `deck_title`."""
FOOTER_ZONE = inches(0.8)
"""Kept free at the bottom of a slide for the footer when a text grows downwards."""
COVER_ROLES = ("title", "section", "closing")
"""The slides on the primary colour in Dossier's master."""
TITLE_GAP = inches(0.12)
"""Between a title that grew downwards and the body under it."""


@dataclass(frozen=True)
class TitlePlan:
    """How a title will be written: its box, size and paragraph, and the full text when cut."""

    rect: Rect
    size: float
    para: Para
    full: str | None = None


@dataclass(frozen=True)
class Fitted:
    """A block sized (and, if nothing else worked, cut) for its box."""

    paras: list[Para]
    size: float
    cut: tuple[str, ...] = ()
    """The full text of each paragraph that was cut or dropped."""



class Slides:
    """Adds slides of each kind to a presentation, fitting every text to its box."""

    def __init__(self, brief: Brief, theme: Theme, prs, layouts: Mapping[str, Any], labels: Labels,
                 inks: Mapping[Ink, Any] | None = None):
        """`inks`: the accent's text colours (`TextWriter`), by default the master's accent."""
        self.brief, self.prs, self.layouts, self.t, self.theme = brief, prs, layouts, labels, theme
        # A language's own font (Nastaliq for Urdu) is measured and written first for the
        # scripts the heading font lacks.
        own = theme.fonts.languages.get(primary(brief.meeting.language))
        scripts = [own, *theme.fonts.fallback] if own else theme.fonts.fallback
        self.m = Measurer(theme.fonts.heading, scripts)
        self.writer = TextWriter(theme.fonts.heading.deck_name, scripts[0].deck_name if scripts else None,
                                 brief.meeting.language, rtl=labels.rtl, exact=self.m if own else None,
                                 inks=inks, rules=TableRules(theme.colors.primary, theme.colors.rule))
        self.sz = theme.sizes
        self.W, self.H = int(prs.slide_width), int(prs.slide_height)
        meeting = brief.meeting
        self.footer = to_plain(meeting.title)
        self.classification = to_plain(meeting.classification) if meeting.classification else None
        # The same on every slide of a layout: worked out once per deck.
        self._footer_places: dict[tuple, tuple[Rect, Any]] = {}
        self._footer_fit = functools.cache(self._fit_footer)
        self.kicker: str | None = None
        """The small line above the titles of the slides being added (`kicked`)."""
        self.title_tops: dict[int, tuple[Rect, int]] = {}
        """Each slide's title placeholder and the top of its title's lines, by slide id: what is above is free
        (the kicker's strip, a status badge's)."""
        self._note_paras: dict[str, Any] = {}
        """Each notes paragraph written so far, by its text: a copy of its XML, to copy again."""
        self._notes_made: dict[tuple[str, ...], Any] = {}
        """Each slide's notes written so far, by their texts: copies of their paragraphs in one element."""

    def themed(self, paras: list[Para]) -> list[Para]:
        """Kickers and lead-ins at the theme's sizes, relative to the body's (`Para.scale`); entries'
        numbers flush right."""
        scales = {"kicker": self.sz.kicker / self.sz.deck_body, "lead": self.sz.lead / self.sz.deck_body}
        return _flush_right([replace(p, scale=scales[p.kind]) if p.kind in scales else p for p in paras],
                            self.writer.rtl)

    def cont(self, title: tuple[Run, ...]) -> tuple[Run, ...]:
        """The title of a continuation slide."""
        return (*title, Run(" " + self.t("continued")))

    # -- fitting

    def fit_block(self, paras: list[Para], rect: Rect, largest: float, smallest: float) -> Fitted:
        """The largest size from `largest` to `smallest` at which the block fits; else cut it."""
        size = fit(paras, self.m, rect.inner(), largest, smallest)
        if size is not None:
            return Fitted(paras, size)
        kept, cut = truncate(paras, self.m, rect.inner(), smallest)
        return Fitted(kept, smallest, tuple(paras[i].text for i in cut))

    # -- slides and notes

    def slide(self, role: str, notes: list[str]):
        slide = self.prs.slides.add_slide(self.layouts[role])
        if self.classification:
            self._classification(slide, role)
        texts = [n for n in notes if n and n.strip()] or [to_plain(self.brief.meeting.title)]
        self._write_notes(slide.notes_slide.notes_text_frame, texts)
        return slide

    def _write_notes(self, frame, texts: list[str]) -> None:
        """`texts` as the notes' paragraphs. Notes written before are copied as the XML they were written
        as, not written again: a '(cont.)' slide's notes repeat its first slide's, so a deck of n slides
        would write n² paragraphs."""
        body, first = frame._txBody, frame.paragraphs[0]._p
        fresh = _is_empty(first)  # as python-pptx makes a notes page: one paragraph, empty
        made = self._notes_made.get(key := tuple(texts)) if fresh else None
        if made is not None:
            body.remove(first)
            body.extend(made.__copy__())  # lxml copies deep
            return
        for i, text in enumerate(texts):
            written = self._note_paras.get(text) if fresh or i else None
            if written is not None:
                if i:
                    body.append(written.__copy__())
                else:
                    body.replace(first, written.__copy__())
                continue
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            self.writer.direction(p, None)
            self.writer.runs(p, to_runs(text), None, links=False)
            if fresh or i:  # what a new, empty paragraph became: the same for this text on any slide
                self._note_paras[text] = p._p.__copy__()
        if fresh:
            self._notes_made[key] = made = etree.Element(body.tag)
            made.extend(p.__copy__() for p in body.iterchildren(qn("a:p")))

    def note(self, slide, text: str, *, first: bool = True) -> None:
        """Put a text cut on the slide into its notes, at the top (or the end), unless it is there."""
        frame = slide.notes_slide.notes_text_frame
        if any(p.text.strip() == text.strip() for p in frame.paragraphs):
            return
        p = frame.add_paragraph()
        if first:
            frame.paragraphs[0]._p.addprevious(p._p)
        self.writer.direction(p, None)
        self.writer.runs(p, (Run(text),), None, links=False)

    def _delete(self, slide) -> None:
        """Take back the slide just added (its notes go with it)."""
        ids = self.prs.slides._sldIdLst
        for entry in list(ids):
            if self.prs.part.related_part(entry.rId) is slide.part:
                self.prs.part.drop_rel(entry.rId)
                ids.remove(entry)

    def cleanup(self, slide) -> None:
        """Drop placeholders left empty, so no 'Click to add text' remains."""
        for shape in list(slide.placeholders):
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                shape._element.getparent().remove(shape._element)

    # -- titles

    def _title_shape(self, slide):
        title = next((s for s in slide.placeholders if s.placeholder_format.type in TITLE_TYPES), None)
        if title is None:  # cannot happen: resolve_layouts checks it
            raise TemplateError("a layout without a title placeholder")
        return title

    def plan_title(self, slide, runs: tuple[Run, ...], role: str, *, below: int | None = None,
                   above: int | None = None) -> TitlePlan:
        """Fit a title into its placeholder, without writing it.

        `below`: a y the title must start under (a logo above it). When even the floor
        size needs more room than the placeholder has, the box grows downwards, at most
        to the middle of the body below it (or to `above`, when that is higher); what does
        not fit there is cut with '…'.
        """
        rect = rect_of(self._title_shape(slide))
        if self.classification:
            below = max(below or 0, self._banner_rect(True).bottom)
        if self.kicker and role == "content":  # the kicker stands above the title, in its box
            below = max(below or rect.y, rect.y) + self._kicker_height
        if below is not None and rect.y < below < rect.bottom:
            rect = rect.from_top(below)
        para = Para(runs, bold=True)
        largest = self.sz.deck_title * TITLE_SCALE.get(role, 1.0)
        floor = self.sz.deck_title_min
        size = fit([para], self.m, rect.inner(), largest, floor)
        if size is not None:
            return TitlePlan(rect, size, para)
        limit = self._title_limit(slide, rect) if above is None else min(above, self._title_limit(slide, rect))
        room = rect.with_height(max(rect.h, limit - rect.y))
        fitted = self.fit_block([para], room, floor, floor)
        kept = fitted.paras or [Para((Run("…"),), bold=True)]
        need = text_height_emu(height(kept, self.m, room.inner().width, floor))
        full = "".join(r.text for r in runs) if fitted.cut else None
        return TitlePlan(rect.with_height(min(max(need, rect.h), room.h)), floor, kept[0], full)

    def _title_limit(self, slide, title: Rect) -> int:
        """How far down a title may grow: to the middle of the body below it, above the footer."""
        bottom = self.H - FOOTER_ZONE
        below = [r for r in (rect_of(s) for s in self._bodies(slide)) if r is not None and r.bottom > title.bottom]
        middle = min((r.y + r.h // 2 for r in below), default=(title.bottom + bottom) // 2)
        return max(title.bottom, min(middle, bottom))

    def place_title(self, slide, plan: TitlePlan) -> Rect:
        shape = self._title_shape(slide)
        home = rect_of(shape)
        lines = text_height_emu(height([plan.para], self.m, plan.rect.inner().width, plan.size))
        if self.kicker and home.y < plan.rect.y:  # just above the title's lines
            plan = replace(plan, rect=plan.rect.from_top(max(plan.rect.y, plan.rect.bottom - lines)))
            self._kicker_box(slide, Rect(home.x, plan.rect.y - self._kicker_height, home.w, self._kicker_height))
        self.title_tops[slide.slide_id] = (home, max(plan.rect.y, plan.rect.bottom - lines))
        _place(shape, plan.rect)
        self.writer.write(shape.text_frame, [plan.para], plan.size, anchor=None)
        if plan.full is not None:
            self.note(slide, plan.full)
        return plan.rect

    def title(self, slide, runs: tuple[Run, ...], role: str, *, below: int | None = None) -> Rect:
        """Fit and write the title; return the box it finally occupies."""
        return self.place_title(slide, self.plan_title(slide, runs, role, below=below))

    # -- kickers

    @contextmanager
    def kicked(self, text: str | None):
        """Slides added inside carry `text` as a kicker, a small line above their titles."""
        self.kicker = text
        try:
            yield
        finally:
            self.kicker = None

    @property
    def kicker_size(self) -> float:
        return self.sz.kicker

    def _kicker_para(self) -> Para:
        return Para((Styled(self.kicker.upper(), bold=True, color=Ink.ACCENT),), kind="kicker")

    @property
    def _kicker_height(self) -> int:
        """The kicker's height over a title box: one line of it (a kicker too long for the line is cut)."""
        return text_height_emu(height([self._kicker_para()], self.m, 1e6, self.kicker_size)) + INSET_Y

    def _kicker_box(self, slide, rect: Rect) -> None:
        box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
        box.name = "Kicker"
        fitted = self.fit_block([self._kicker_para()], rect, self.kicker_size, self.kicker_size)
        self.write_block(slide, box, rect, fitted, anchor=MSO_ANCHOR.TOP)

    # -- bodies

    def _bodies(self, slide) -> list:
        """The body placeholders in reading order: from the left, or from the right in a right-to-left brief."""
        bodies = [s for s in slide.placeholders if s.placeholder_format.type in BODY_TYPES
                  or s.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE]
        side = -1 if self.writer.rtl else 1
        return sorted(bodies, key=lambda s: (side * int(s.left or 0), int(s.top or 0)))

    def body_rect(self, slide, title: Rect, index: int = 0) -> tuple[Any, Rect]:
        """The body placeholder `index` (in reading order) and its box below the title."""
        bodies = self._bodies(slide)
        shape = bodies[index] if index < len(bodies) else None
        rect = rect_of(shape)
        if rect is None:  # a layout without one: below the title, full width
            top = title.bottom + inches(0.2)
            rect = Rect(title.x, top, title.w, self.H - top - FOOTER_ZONE)
            if index:  # the second column: on the right, or on the left in a right-to-left brief
                half = (title.w - inches(0.4)) // 2
                rect = self.mirrored(Rect(title.x + half + inches(0.4), top, half, rect.h))
        if rect.y < title.bottom + TITLE_GAP and rect.bottom > title.bottom:  # a title that grew
            rect = rect.from_top(title.bottom + TITLE_GAP)
        return shape, rect

    def _shared_body(self, slide, first: TitlePlan, cont: TitlePlan, index: int = 0) -> Rect:
        """The body box of a run of slides: under the taller of the first and the '(cont.)' title."""
        taller = cont if cont.rect.bottom > first.rect.bottom else first
        return self.body_rect(slide, taller.rect, index)[1]

    def text_shape(self, slide, shape, rect: Rect):
        """A text box at `rect`: the placeholder when it takes text, else a new text box."""
        if shape is None or not shape.has_text_frame:
            if shape is not None:
                shape._element.getparent().remove(shape._element)
            shape = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
        _place(shape, rect)
        return shape

    def write_block(self, slide, shape, rect: Rect, fitted: Fitted, **options) -> None:
        shape = self.text_shape(slide, shape, rect)
        self.writer.write(shape.text_frame, fitted.paras, fitted.size, **options)
        for text in reversed(fitted.cut):
            self.note(slide, text)

    # -- footers

    def footer_and_number(self, slide, number: int) -> None:
        layout = slide.slide_layout
        self._footer_shape(slide, layout, PP_PLACEHOLDER.FOOTER, self.footer, PP_ALIGN.LEFT, None)
        self._footer_shape(slide, layout, PP_PLACEHOLDER.SLIDE_NUMBER, str(number), PP_ALIGN.RIGHT, number)

    def _footer_shape(self, slide, layout, kind, text: str, align, number: int | None) -> None:
        rect, color = self._footer_place(layout, kind, number is not None)
        box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
        box.name = "Slide Number" if number is not None else "Footer"
        fitted = self._footer_fit(text, rect)
        if not fitted.paras:  # not even '…' fits: an empty box, the text in the notes
            fitted = Fitted([Para((Run(""),))], FOOTER_SIZES[1], (text,))
        self.writer.write(box.text_frame, fitted.paras, fitted.size, anchor=MSO_ANCHOR.MIDDLE,
                          align=align, color=color, field=number is not None)
        for cut in fitted.cut:
            self.note(slide, cut, first=False)

    def _footer_place(self, layout, kind, is_number: bool) -> tuple[Rect, Any]:
        key = (layout.part.partname, kind, is_number)
        if key not in self._footer_places:
            rect, color = self._find_footer_place(layout, kind, is_number)
            rect = self.mirrored(rect)
            if self.classification and not is_number:  # beside the classification, which is centred
                rect = _beside(rect, self._banner_rect(False, rect))
            self._footer_places[key] = (rect, color)
        return self._footer_places[key]

    def mirrored(self, rect: Rect) -> Rect:
        """The box on the other side of the slide, for a right-to-left brief (else as it is)."""
        return Rect(self.W - rect.x - rect.w, rect.y, rect.w, rect.h) if self.writer.rtl else rect

    def _find_footer_place(self, layout, kind, is_number: bool) -> tuple[Rect, Any]:
        """Where a layout puts its footer or slide number, and in which colour."""
        ph = next((p for p in layout.placeholders if p.placeholder_format.type == kind), None)
        if ph is not None and ph.width:
            return rect_of(ph), _ph_color(ph)
        w = int(self.W * (0.08 if is_number else 0.7))
        x = self.W - w - inches(0.45) if is_number else inches(0.45)
        rect = Rect(x, self.H - inches(0.5), w, inches(0.35))
        return rect, (MSO_THEME_COLOR.TEXT_1 if ph is None else _ph_color(ph))

    # -- the classification

    def _banner_rect(self, top: bool, footer: Rect | None = None) -> Rect:
        """The classification's centred box: at the top of the slide, or in the footer's band
        (`footer`, else at the bottom of the slide)."""
        size = self.sz.classification
        para = Para((Run(self.classification, bold=True),), bold=True)
        line = text_height_emu(height([para], self.m, 1e6, size))
        width = sum(para.units(self.m)) * size * EMU_PER_PT * 1.1 + 2 * INSET_X
        w = int(min(width, self.W / 3))
        y = inches(0.04) if top else (footer.y + (footer.h - line) // 2 if footer else self.H - line - inches(0.08))
        return Rect((self.W - w) // 2, y, w, line)

    def _classification(self, slide, role: str) -> None:
        """The classification, bold and centred, at the top and the bottom of the slide."""
        layout = slide.slide_layout
        footer, color = self._find_footer_place(layout, PP_PLACEHOLDER.FOOTER, False)
        if role in COVER_ROLES and color in (None, MSO_THEME_COLOR.TEXT_1):  # no footer colour given on the band
            color = RGBColor(0xFF, 0xFF, 0xFF)
        size = self.sz.classification
        for top in (True, False):
            rect = self._banner_rect(top, footer)
            box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
            box.name = "Classification"
            fitted = self.fit_block([Para((Run(self.classification),), bold=True)], rect, size, min(size, 6.0))
            self.writer.write(box.text_frame, fitted.paras, fitted.size, anchor=MSO_ANCHOR.MIDDLE,
                              align=PP_ALIGN.CENTER, color=color)
            for cut in fitted.cut:
                self.note(slide, cut, first=False)

    def _fit_footer(self, text: str, rect: Rect) -> Fitted:
        return self.fit_block([Para((Run(text),))], rect, *FOOTER_SIZES)

    # -- pictures and tables

    def logo(self, slide, logo) -> int:
        """The brief's logo in the top right corner, on a white card; returns the card's bottom."""
        path = Path(logo.src)
        if not path.is_file():
            raise RenderError(f"the logo '{logo.src}' is not a file (load the brief with dossier.load.load)")
        w, h = _logo_size(path, inches(2.2), inches(1.0))
        pad = inches(0.12)
        x = self.mirrored(Rect(self.W - inches(0.6) - w - pad, 0, w, h)).x
        y = inches(0.45)
        card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, x - pad, y - pad, w + 2 * pad, h + 2 * pad)
        card.name = "Logo Card"
        card.adjustments[0] = 0.08
        card.fill.solid()
        card.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        card.line.fill.background()
        card.shadow.inherit = False
        picture = slide.shapes.add_picture(io.BytesIO(images.clean(path)[0]), x, y, w, h)
        picture.name = "Logo"
        picture._element.nvPicPr.cNvPr.set("descr", to_plain(logo.alt))
        return y + h + pad + inches(0.2)

    def _fit_table(self, items: list[Para], rect: Rect, max_cols: int) -> TableFit | None:
        return fit_table(items, self.m, rect.points(), self.sz.table, self.sz.table_min, max_cols=max_cols)

    @property
    def lead_size(self) -> float:
        """A table's or figure's lead-in line."""
        return self.sz.lead

    def _lead_height(self, lead: Para | None, rect: Rect) -> int:
        """The room a table's lead-in line takes above it, with a gap (at most a third of the region)."""
        if lead is None:
            return 0
        need = height([lead], self.m, rect.inner().width, self.lead_size) * EMU_PER_PT + 2 * INSET_Y
        return int(min(need + 0.08 * EMU_PER_INCH, rect.h / 3))

    def _lead(self, slide, shape, lead: Para | None, rect: Rect) -> None:
        if lead is None:
            if shape is not None:
                shape._element.getparent().remove(shape._element)
            return
        self.write_block(slide, shape, rect, self.fit_block([lead], rect, self.lead_size,
                                                            min(self.lead_size, self.sz.deck_body_min)))

    def _split_for_lead(self, lead: Para | None, rect: Rect) -> tuple[Rect, Rect]:
        """A region cut into the lead-in's box and the table's box below it, from the top."""
        lead_h = self._lead_height(lead, rect)
        return rect.with_height(lead_h), Rect(rect.x, rect.y + lead_h, rect.w, rect.h - lead_h)

    # -- slide kinds

    def content(self, title: tuple[Run, ...], paras: list[Para], notes: list[str],
                largest: float | None = None, middle: bool = False) -> None:
        """One or more slides with a list, continued on '(cont.)' slides when needed.

        The list is set at the theme's body size (or `largest`, when smaller) and shrinks
        only when it would overflow; it never grows to fill its box, and starts at the top
        (or, `middle`, in the middle of its box: a short statement).
        """
        largest = self.sz.deck_body if largest is None else min(largest, self.sz.deck_body)
        paras = self.themed(paras)
        slide = self.slide("content", notes)
        first = self._list_title(slide, title, paras)
        _, rect = self.body_rect(slide, first.rect)
        pages = paginate(paras, self.m, rect.inner(), largest, self.sz.deck_body_min)
        if len(pages) > 1:  # the '(cont.)' title may take another line
            rect = self._shared_body(slide, first, self.plan_title(slide, self.cont(title), "content"))
            pages = paginate(paras, self.m, rect.inner(), largest, self.sz.deck_body_min)
        for k, (chunk, size) in enumerate(pages):
            if k:
                slide = self.slide("content", [self.t("continued_note"), *notes])
            t = self.place_title(slide, first if k == 0 else self.plan_title(slide, self.cont(title), "content"))
            shape, own = self.body_rect(slide, t)
            if chunk:  # paginated for `rect`, no taller than this slide's own box
                self.write_block(slide, shape, own, Fitted(chunk, size),
                                 **({"anchor": MSO_ANCHOR.MIDDLE} if middle else {}))
            self.cleanup(slide)

    def _list_title(self, slide, title: tuple[Run, ...], paras: list[Para]) -> TitlePlan:
        """A list's title, grown downwards no further than leaves the list room at the floor size.

        A list that fits a slide under the title's own box is never split for a long title:
        the title is cut with '…' instead (its full text goes to the notes).
        """
        plan = self.plan_title(slide, title, "content")
        floor = self.sz.deck_body_min
        if not paras or fit(paras, self.m, self.body_rect(slide, plan.rect)[1].inner(), floor, floor) is not None:
            return plan
        whole = self.body_rect(slide, rect_of(self._title_shape(slide)))[1]
        need = text_height_emu(height(paras, self.m, whole.inner().width, floor))
        if need > whole.h:  # longer than a slide: it continues on '(cont.)' slides
            return plan
        return self.plan_title(slide, title, "content", above=whole.bottom - need - TITLE_GAP)

    def two(self, title: tuple[Run, ...], left: list[Para], right_lead: Para | None,
            items: list[Para], notes: list[str]) -> None:
        """Points on the left, a table of short items on the right, on one slide.

        When either half does not fit there, the points get their own slide(s) and
        the table continues full width on '(cont.)' slides.
        """
        left = self.themed(left)
        slide = self.slide("two_content", notes)
        t = self.title(slide, title, "content")
        lshape, lrect = self.body_rect(slide, t, 0)
        rshape, rrect = self.body_rect(slide, t, 1)
        left_size = fit(left, self.m, lrect.inner(), self.sz.deck_body, self.sz.deck_body_min) if left else 0
        lead_rect, table_rect = self._split_for_lead(right_lead, rrect)
        grid = self._fit_table(items, table_rect, max_cols=3)
        if left_size is None or grid is None:
            self._delete(slide)
            if left:
                self.content(title, left, notes)
            self.table_slides(title, right_lead, items, notes, continued=bool(left))
            return
        if left:
            self.write_block(slide, lshape, lrect, Fitted(left, left_size))
        lead_rect, table_rect = self._split_for_lead(right_lead, rrect)
        self._lead(slide, rshape, right_lead, lead_rect)
        self.writer.table(slide, items, grid, table_rect)
        self.cleanup(slide)

    def table_slides(self, title: tuple[Run, ...], lead: Para | None, items: list[Para],
                     notes: list[str], *, continued: bool = False) -> None:
        """A table of short items over the full width, continued on '(cont.)' slides.

        `continued`: the first of these slides already continues an earlier one.
        """
        slide = self.slide("content", notes)
        first = self.plan_title(slide, self.cont(title) if continued else title, "content")
        _, rect = self.body_rect(slide, first.rect)
        pages = self._table_pages(items, lead, rect)
        if len(pages) > 1 and not continued:
            rect = self._shared_body(slide, first, self.plan_title(slide, self.cont(title), "content"))
            pages = self._table_pages(items, lead, rect)
        for k, (chunk, grid) in enumerate(pages):
            if k:
                slide = self.slide("content", notes)
            t = self.place_title(slide, first if k == 0 else self.plan_title(slide, self.cont(title), "content"))
            shape, own = self.body_rect(slide, t)
            lead_rect, table_rect = self._split_for_lead(lead, own)
            self._lead(slide, shape, lead, lead_rect)
            self.writer.table(slide, chunk, grid, table_rect)
            self.cleanup(slide)

    def _table_pages(self, items: list[Para], lead: Para | None, rect: Rect) -> list[tuple[list[Para], TableFit]]:
        _, table_rect = self._split_for_lead(lead, rect)
        return paginate_table(items, self.m, table_rect.points(), self.sz.table, self.sz.table_min, max_cols=6)

    def rows(self, title: tuple[Run, ...], lead: Para | None, header: list[Para], rows: list[list[Para]],
             notes: list[str], *, aligns: list | None = None, source: Para | None = None,
             total: bool = False) -> None:
        """A table of records with a header row, continued (header repeated) on '(cont.)' slides.

        `aligns`: each column's alignment; `source`: a line under the table on each of its slides;
        `total`: the last row is a total (bold, a rule above it). The header is set bold at the
        table's size; numbers and dates keep their words together (`tables.bound`).
        """
        header = [replace(h, bold=True, scale=1.0) for h in header]
        rows = [[bound(cell) for cell in row] for row in rows]
        if total and rows:
            rows[-1] = [replace(cell, bold=True) for cell in rows[-1]]
        slide = self.slide("content", notes)
        first = self.plan_title(slide, title, "content")
        _, rect = self.body_rect(slide, first.rect)
        rect = self._split_for_source(source, rect)[0]
        pages = self._rows_pages(header, rows, lead, rect)
        if len(pages) > 1:
            rect = self._shared_body(slide, first, self.plan_title(slide, self.cont(title), "content"))
            pages = self._rows_pages(header, rows, lead, self._split_for_source(source, rect)[0])
        for k, (chunk, grid) in enumerate(pages):
            if k:
                slide = self.slide("content", [self.t("continued_note"), *notes])
            t = self.place_title(slide, first if k == 0 else self.plan_title(slide, self.cont(title), "content"))
            shape, own = self.body_rect(slide, t)
            own, source_rect = self._split_for_source(source, own)
            lead_rect, table_rect = self._split_for_lead(lead, own)
            self._lead(slide, shape, lead, lead_rect)
            self.writer.rows_table(slide, header, chunk, grid, table_rect, aligns=aligns,
                                   total=total and k == len(pages) - 1)
            mark_cells(self, slide, chunk, grid, table_rect)
            if source is not None:
                self._source(slide, source, source_rect.from_top(table_rect.y + int(grid.height * EMU_PER_PT)))
            self.cleanup(slide)

    def figure(self, title: tuple[Run, ...], caption: Para, source: Para | None, notes: list[str],
               draw: Callable[[Any, Rect], None]) -> None:
        """A figure on a slide of its own: its caption above, `draw(slide, box)` filling the box, its source below."""
        slide = self.slide("content", notes)
        t = self.title(slide, title, "content")
        shape, rect = self.body_rect(slide, t)
        rest, source_rect = self._split_for_source(source, rect)
        caption_rect, box = self._split_for_lead(caption, rest)
        self._lead(slide, shape, caption, caption_rect)
        draw(slide, box)
        if source is not None:
            self._source(slide, source, source_rect)
        self.cleanup(slide)

    @property
    def source_size(self) -> float:
        return self.sz.kicker

    def _split_for_source(self, source: Para | None, rect: Rect) -> tuple[Rect, Rect]:
        """A region cut into the box above and a strip at its bottom for a source line (none without one)."""
        if source is None:
            return rect, rect.from_top(rect.bottom)
        need = text_height_emu(height([source], self.m, rect.inner().width, self.source_size))
        need = min(need, rect.h // 4)
        return rect.with_height(rect.h - need), rect.from_top(rect.bottom - need)

    def _source(self, slide, source: Para, rect: Rect) -> None:
        box = slide.shapes.add_textbox(rect.x, rect.y, rect.w, rect.h)
        box.name = "Source"
        self.write_block(slide, box, rect, self.fit_block([source], rect, self.source_size, min(self.source_size, 9)))

    def _rows_pages(self, header: list[Para], rows: list[list[Para]], lead: Para | None, rect: Rect):
        _, table_rect = self._split_for_lead(lead, rect)
        return paginate_rows(header, rows, self.m, table_rect.points(), self.sz.table, self.sz.table_min)

    def quote(self, title: tuple[Run, ...], words: list[Para], by: Para | None, notes: list[str]) -> None:
        """A quotation, large, with its attribution under it; continued when it is long."""
        self.content(title, words + ([by] if by else []), notes)

    def section(self, title: tuple[Run, ...], text: str | None, notes: list[str]) -> None:
        """A divider: a large title and, when it fits, its introduction (always in the notes)."""
        slide = self.slide("section", notes)
        t = self.title(slide, on_primary(title), "section")
        shape, rect = self.body_rect(slide, t)
        if text and shape is not None:
            paras = [Para(to_runs(p), space_before=0.5) for p in paragraphs(text)]
            size = fit(paras, self.m, rect.inner(), self.sz.deck_body, self.sz.deck_body_min)
            if size is not None:  # too long for a divider: it is in the notes
                self.write_block(slide, shape, rect, Fitted(paras, size))
        self.cleanup(slide)

    def cover(self, role: str, title: tuple[Run, ...], lines: list[Para], notes: list[str],
              logo=None) -> None:
        """A title or closing slide: a large title and a few lines under it, shrunk (or cut) to fit."""
        slide = self.slide(role, notes)
        below = self.logo(slide, logo) if logo is not None else None
        t = self.title(slide, on_primary(title), role, below=below)
        shape, rect = self.body_rect(slide, t)
        if lines:
            size = fit(lines, self.m, rect.inner(), self.sz.deck_body, self.sz.deck_body_min)
            fitted = Fitted(lines, size) if size is not None else \
                self.fit_block(lines, rect, self.sz.deck_body_min, COVER_MIN)
            if fitted.paras:
                self.write_block(slide, shape, rect, fitted)
            else:
                for text in reversed(fitted.cut):
                    self.note(slide, text)
        self.cleanup(slide)


def _beside(rect: Rect, middle: Rect) -> Rect:
    """The wider part of `rect` left free by `middle`, with a gap (all of it when they do not meet)."""
    gap = inches(0.2)
    if rect.x >= middle.x + middle.w or rect.x + rect.w <= middle.x:
        return rect
    left = middle.x - gap - rect.x
    right = rect.x + rect.w - (middle.x + middle.w + gap)
    if left >= right:
        return Rect(rect.x, rect.y, max(left, 0), rect.h)
    return Rect(middle.x + middle.w + gap, rect.y, right, rect.h)


def _is_empty(p) -> bool:
    """Whether an `a:p` is as `add_paragraph` makes it: no attributes, no children."""
    return len(p) == 0 and not p.attrib


def _place(shape, rect: Rect) -> None:
    shape.left, shape.top, shape.width, shape.height = rect.x, rect.y, rect.w, rect.h


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



# ---------------------------------------------------------------- paragraphs


def numbered(number: str, title: str) -> tuple[Run, ...]:
    """A title with its number in the accent colour: '3.1  Trade'."""
    return (Styled(number, bold=True, color=Ink.ACCENT), Run("  "), *to_runs(title))


def entry(number: str, title: str) -> Para:
    """A numbered line of a list such as the agenda: its number in a column of its own, then a tab to
    the hanging indent, where every title starts (`Slides.content` sets the numbers flush right)."""
    runs = (Styled(number, bold=True, color=Ink.ACCENT), Run("\t"), *to_runs(title))
    return Para(runs, indent=ENTRY_INDENT, space_before=0.5, kind="entry")


def _flush_right(paras: list[Para], rtl: bool) -> list[Para]:
    """The entries' numbers padded with figure spaces (a digit's width) to the longest: '9' under '10'
    ends where '10' ends. Right to left, the tab becomes two en spaces and the indent goes (LibreOffice
    ignores a tab to the hanging indent there); the titles still line up, the numbers being as wide."""
    longest = max((len(p.runs[0].text) for p in paras if p.kind == "entry"), default=0)

    def padded(p: Para) -> Para:
        number, tab, *title = p.runs
        number = replace(number, text=FIGURE_SPACE * (longest - len(number.text)) + number.text)
        if rtl:
            return replace(p, runs=(number, replace(tab, text="\u2002\u2002"), *title), indent=0.0, _units=None)
        return replace(p, runs=(number, tab, *title), _units=None)

    return [padded(p) if p.kind == "entry" else p for p in paras]


def kicker(text: str) -> Para:
    """The small line in capitals above a slide's content."""
    return Para((Styled(text.upper(), bold=True, color=Ink.ACCENT),), scale=0.7, kind="kicker")


def lead(text: str) -> Para:
    """A list's lead-in line."""
    return Para(colored(to_runs(text), MSO_THEME_COLOR.TEXT_2), space_before=0.6, bold=True, kind="lead")


def bullet(text: str) -> Para:
    return Para(to_runs(text), indent=BULLET_INDENT, space_before=0.45, kind="bullet")


def prose(text: str) -> Para:
    return Para(to_runs(text), space_before=0.6, kind="prose")
