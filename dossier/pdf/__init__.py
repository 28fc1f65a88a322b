"""The PDF brief and its HTML edition: one Jinja template (`dossier.page`), one stylesheet, WeasyPrint.

Everything that does not depend on the brief (the Jinja environment, the
fonts, the parsed stylesheets) is built once per process and reused.
The rendered page is cleaned (`dossier.page.sanitize`) before WeasyPrint or a reader sees it, and
nothing is fetched from outside templates/ and data/: see `SafeFetcher`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from .libraries import import_weasyprint

import_weasyprint()  # before anything else imports it: see `libraries`

from weasyprint import HTML  # noqa: E402
from markupsafe import Markup  # noqa: E402
from weasyprint.urls import FatalURLFetchingError  # noqa: E402

from .. import page, uncollected
from ..errors import RenderError
from ..style.glyphs import check_fonts
from ..style.labels import Labels, labels_for
from ..model.localize import in_locale
from ..model.markup import to_plain
from ..model import Brief
from ..page.sanitize import clean_html, clean_page
from ..build.prefill import FIRST_LAYOUT
from ..style.theme import TEMPLATES, Theme
from .fetch import SafeFetcher
from .parsed import ParsedHTML
from .styles import base_css, font_config, font_data_url, language_css, language_sheet, stylesheets, theme_css

PAGE_SIZES = ("A4", "Letter")
VARIANTS = (None, "pdf/a-3b", "pdf/ua-1")


def _chart_html(chart, theme: Theme, labels: Labels, screen: bool) -> Markup:
    """A chart: its shapes as SVG, its text the page's (matplotlib is imported only now, for a brief that has one)."""
    from .charts import chart_html

    return chart_html(chart, theme, labels.language, labels.rtl, to_plain(chart.alt_text(labels, labels.language)),
                      screen=screen)


def _html(brief: Brief, theme: Theme, labels: Labels, styles: str | None, **options) -> str:
    """The page, rendered in the sandbox and cleaned of anything active; `options`: see `page.render`."""
    return clean_html(page.render(brief, theme, labels, styles, _chart_html, **options))


def _tree(brief: Brief, theme: Theme, labels: Labels, **options) -> ET.Element:
    """The PDF's page as `_html` writes it, parsed (once) as WeasyPrint would parse that text."""
    return clean_page(page.render(brief, theme, labels, None, _chart_html, **options))[1]


CONTENTS_AFTER = 4
"""A brief whose body fits in this many pages (after the principal's sheet) has no contents."""
COMPACT_STEPS = 2
"""How many times the principal's sheet is made shorter to keep it on page 1 (see `page.render`'s `compact`)."""
FIT_PASSES = 2
"""How many times the layout is redone to keep charts on their page."""
GAP = 0.2
"""A page left emptier than this share of its height by a chart moved to the next page is a gap to close."""


@uncollected
@in_locale
def render(brief: Brief, theme: Theme, path: Path, *, page_size: str = "A4",
           variant: str | None = None, first: str | None = None) -> None:
    """Write the PDF brief to exactly `path`: tagged, reproducible, with bookmarks and metadata.

    `first`: the page of the first layout, filled already, and the fonts checked (by the build, see
    `dossier.build.prefill`).

    The layout is done again (a) with a shorter principal's sheet (twice at most) when it does not fit on page 1, (b) without the contents when the body fits in `CONTENTS_AFTER` pages,
    (c) with a chart drawn smaller where moving it whole to the next page left a gap (`FIT_PASSES`).
    """
    if page_size not in PAGE_SIZES:
        raise RenderError(f"unknown page size {page_size!r}; use one of {', '.join(PAGE_SIZES)}")
    if variant not in VARIANTS:
        raise RenderError(f"unknown PDF variant {variant!r}; use pdf/a-3b or pdf/ua-1")
    if first is None:  # else `prefill` checked them, where the brief was loaded
        check_fonts(brief, theme)
    labels = labels_for(brief, theme)
    sheets = [*stylesheets(theme.model_dump_json(), page_size), language_sheet(language_css(theme, labels))]
    options = dict(FIRST_LAYOUT, fit={})

    def layout(page: str | None = None):
        return _layout(page or _tree(brief, theme, labels, **options), sheets, variant)

    document = layout(first)
    while not _holds(document.pages[:1], "sheet-end") and options["compact"] < COMPACT_STEPS:
        options["compact"] += 1  # the principal's sheet is one page: leave out what the chapters print
        document = layout()
    if _holds(document.pages, "contents") and len(document.pages) <= 1 + CONTENTS_AFTER:
        options["contents"] = False
        document = layout()
    for _ in range(FIT_PASSES):
        smaller = fits(document)
        if not smaller:
            break
        options["fit"] = {**options["fit"], **smaller}
        document = layout()
    document.write_pdf(str(path), pdf_tags=True, pdf_variant=variant)


def _layout(html: str | ET.Element, sheets: list, variant: str | None):
    """The laid-out document (WeasyPrint's), not yet written; `html`: the page's text, or its tree (`_tree`)."""
    base, fetcher = TEMPLATES.as_uri() + "/", SafeFetcher()
    try:
        document = HTML(string=html, base_url=base, url_fetcher=fetcher) if isinstance(html, str) \
            else ParsedHTML(html, base, fetcher)
        return document.render(
            stylesheets=sheets, font_config=font_config(),
            # No pdf_identifier: computing one re-serialises the whole file (about 20% of the
            # render). The PDF/A variant asks WeasyPrint for one, a hash of the content.
            pdf_tags=True, pdf_variant=variant)
    except FatalURLFetchingError as error:
        raise RenderError(f"PDF not rendered: {error}") from None


def _holds(pages, anchor: str) -> bool:
    return any(anchor in p.anchors for p in pages)


def fits(document) -> dict[int, int]:
    """The charts (by number) that moved whole to the top of a page (with the heading or lines kept with
    them), leaving a gap of more than `GAP` at the foot of the page before, and the size (percent, one of `page.FIT_STEPS`) that would keep each
    on that page; none for a chart that would have to shrink below the smallest step."""
    out = {}
    for before, here in zip(document.pages[1:], document.pages[2:]):
        box = here._page_box
        top, bottom = box.content_box_y(), box.content_box_y() + box.height
        free = bottom - _foot(before._page_box)
        if free <= GAP * box.height:
            continue
        figures = _figures(box)
        if not figures:
            continue
        figure = figures[0]  # with what moved along with it (its heading, the lines kept with it)
        plot = next((b for b in figure.descendants() if b.element_tag == "img"), None)
        if plot is None or figure.position_y - top > box.height / 3:
            continue
        excess = figure.position_y + figure.margin_height() - top - free + 4  # px of slack for the rules
        scale = 100 * (1 - excess / plot.height) * (plot.width / figure.width)
        size = next((s for s in page.FIT_STEPS if s <= scale), None)
        if size is not None:
            out[int(figure.element.get("id").removeprefix("figure-"))] = size
    return out


def _figures(page_box) -> list:
    return [b for b in page_box.descendants() if getattr(b, "element_tag", None) == "figure"
            and (b.element.get("id") or "").startswith("figure-")]


def _foot(page_box) -> float:
    """Where the content of a page ends."""
    return max((b.position_y + b.margin_height() for b in page_box.children[0].descendants()
                if hasattr(b, "margin_height") and b.element_tag not in ("html", "body", "main", "section", "div")),
               default=0.0)


@in_locale
def render_html(brief: Brief, theme: Theme, font_url: Callable[[Path], str] | None = None) -> str:
    """The brief as one self-contained HTML page: styles inlined, fonts as data: URLs.

    The fonts are cut down to the characters the page uses, so the file stays small. With
    `font_url` (the live preview, which serves the fonts itself) each font is linked at the URL
    it gives instead: subsetting them takes seconds, the rest of the page a tenth of one.
    """
    check_fonts(brief, theme)
    labels = labels_for(brief, theme)
    html = _html(brief, theme, labels, _STYLES)  # rendered once: its charts are drawn once
    chars = "".join(sorted(set(html + html.upper() + base_css())))
    css = theme_css(theme, font_url or (lambda path: font_data_url(path, chars))) + base_css() \
        + language_css(theme, labels)
    if "</style" in css.lower():  # it would end the <style> element; the stylesheets' checks prevent it
        raise RenderError("the stylesheets contain '</style'; remove it")
    return html.replace(_STYLES, css, 1)


_STYLES = "/* the stylesheets */"
"""Where the HTML edition's stylesheets go, in its <head>, once the page's characters are known."""
