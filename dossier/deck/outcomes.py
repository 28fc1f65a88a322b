"""The slides of an outcome document and of a picture in the body.

A document gets a slide of its facts (kind and date, how it was adopted, its size, its link) and its
quoted paragraphs when they fit there, measured; otherwise the quoted paragraphs go in the notes,
which always hold every fact. A picture gets a slide of its own: fitted without distortion inside the
content area, its caption under it and its credit smaller, its alternative text on the shape.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import PP_ALIGN

from ..errors import RenderError
from ..load import images
from ..model import DocumentBlock, PictureBlock, paragraphs
from ..model.markup import Run, allowed_link, to_plain, to_runs
from .fit import Para, fit, height
from .geometry import Rect, inches, text_height_emu
from .slides import Fitted, Slides, kicker, prose
from .textframes import colored

CAPTION_SHARE = 4
"""The caption and credit under a picture take at most 1/CAPTION_SHARE of the content area."""


def document_facts(d: Slides, block: DocumentBlock) -> list[str]:
    """The document's facts, one line each, as the slide and the notes give them."""
    size = [d.t("paragraph_count", n=block.paragraphs) if block.paragraphs else None,
            d.t("article_count", n=block.articles) if block.articles else None]
    return [x for x in (block.adopted and d.t.pair(d.t("adopted"), block.adopted),
                        block.signed_by and d.t.pair(d.t("signed_by"), ", ".join(block.signed_by)),
                        " · ".join(s for s in size if s)) if x]


def _quoted(d: Slides, number: str, text: str) -> Para:
    """A quoted paragraph: its number in bold, its words in italics."""
    words = tuple(replace(r, italic=True) for r in to_runs(text))
    return Para((Run(d.t("paragraph_number", number=to_plain(number)) + "  ", bold=True), *words),
                space_before=0.6, kind="prose")


def document(d: Slides, block: DocumentBlock, title, context, story) -> None:
    """The document's slide: its facts, then its quoted paragraphs when they fit (else in the notes)."""
    language = d.brief.meeting.language
    named = _same(title, block.document)
    head = [*([kicker(k)] if (k := block.kicker(language)) else []),
            *([] if named else [Para(to_runs(block.document), bold=True, space_before=0.3)])]
    facts = [Para(to_runs(f), space_before=0.4, kind="prose") for f in document_facts(d, block)]
    if block.url and allowed_link(block.url):
        before, after = d.t.around(d.t("full_text"))
        facts.append(Para(colored((Run(before), Run(block.url, href=block.url), *([Run(after)] if after else [])),
                              MSO_THEME_COLOR.TEXT_2), scale=0.8, space_before=0.4, kind="prose"))
    quoted = [para for q in block.quoted for para in _quoted_paras(d, q)]
    note = [prose(block.note)] if block.note else []
    notes = [*([k] if k else []), block.document, *document_facts(d, block),
             *([d.t.pair(d.t("full_text"), block.url)] if block.url else []),
             *(d.t.pair(d.t("paragraph_number", number=to_plain(q.number)), p) for q in block.quoted
               for p in paragraphs(q.text)), *([block.note] if block.note else [])]
    slide = d.slide("content", notes)
    t = d.title(slide, title, "content")
    shape, rect = d.body_rect(slide, t)
    whole = d.themed([*head, *facts, *quoted, *note])
    size = fit(whole, d.m, rect.inner(), d.sz.deck_body, d.sz.deck_body_min)
    fitted = Fitted(whole, size) if size is not None else \
        d.fit_block(d.themed([*head, *facts, *note]), rect, d.sz.deck_body, d.sz.deck_body_min)
    d.write_block(slide, shape, rect, fitted)
    d.cleanup(slide)


def _quoted_paras(d: Slides, q) -> list[Para]:
    """A quoted paragraph on the slide: its number before its first paragraph, its other paragraphs after."""
    first, *rest = paragraphs(q.text)
    return [_quoted(d, q.number, first),
            *(Para(tuple(replace(r, italic=True) for r in to_runs(p)), space_before=0.4, kind="prose") for p in rest)]


def picture(d: Slides, block: PictureBlock, title, context, story) -> None:
    """The picture's slide: the picture as large as the content area allows at its own proportions,
    centred with its caption and credit under it."""
    path = Path(block.picture)
    if not path.is_file():
        raise RenderError(f"the picture '{block.picture}' is not a file (load the brief with dossier.load.load)")
    data, _ = images.clean(path)
    slide = d.slide("content", [block.alt, *(x for x in (block.caption, block.credit) if x)])
    t = d.title(slide, title, "content")
    shape, rect = d.body_rect(slide, t)
    titled = block.caption and _same(title, block.caption)
    under = [*([Para(to_runs(block.caption), kind="prose")] if block.caption and not titled else []),
             *([Para(colored(to_runs(block.credit), MSO_THEME_COLOR.TEXT_2), scale=0.75, space_before=0.2,
                     kind="prose")] if block.credit else [])]
    gap = inches(0.12) if under else 0
    need = min(text_height_emu(height(under, d.m, rect.inner().width, d.lead_size)), rect.h // CAPTION_SHARE) \
        if under else 0
    w, h = _pixels(data)
    scale = min(rect.w / w, (rect.h - need - gap) / h)
    pw, ph = int(w * scale), int(h * scale)
    top = rect.y + (rect.h - ph - gap - need) // 2
    shape_ = slide.shapes.add_picture(io.BytesIO(data), rect.x + (rect.w - pw) // 2, top, pw, ph)
    shape_.name = "Picture"
    shape_._element.nvPicPr.cNvPr.set("descr", to_plain(block.alt))
    if under:
        box = Rect(rect.x, top + ph + gap, rect.w, need)
        d.write_block(slide, shape, box, d.fit_block(under, box, d.lead_size, min(d.lead_size, d.sz.deck_body_min)),
                      align=PP_ALIGN.CENTER)
    d.cleanup(slide)


def _same(title: tuple[Run, ...], text: str) -> bool:
    """Whether the slide's title is `text` (then the body does not repeat it)."""
    return " ".join(to_plain("".join(r.text for r in title)).split()) == " ".join(to_plain(text).split())


def _pixels(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size
