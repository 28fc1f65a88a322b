"""The PDF brief and its HTML edition: one Jinja template (`dossier.page`), one stylesheet, WeasyPrint.

Everything that does not depend on the brief (the Jinja environment, the
fonts, the parsed stylesheets) is built once per process and reused.
The rendered page is cleaned (`dossier.page.sanitize`) before WeasyPrint or a reader sees it, and
nothing is fetched from outside templates/ and data/: see `SafeFetcher`.
"""

from __future__ import annotations

from pathlib import Path

from .libraries import import_weasyprint

import_weasyprint()  # before anything else imports it: see `libraries`

from weasyprint import HTML  # noqa: E402
from markupsafe import Markup  # noqa: E402
from weasyprint.urls import FatalURLFetchingError  # noqa: E402

from .. import page
from ..errors import RenderError
from ..style.glyphs import check_fonts
from ..style.labels import Labels, labels_for
from ..model.markup import to_plain
from ..model import Brief
from ..page.sanitize import clean_html
from ..style.theme import TEMPLATES, Theme
from .fetch import SafeFetcher
from .styles import base_css, font_config, font_data_url, language_css, language_sheet, stylesheets, theme_css

PAGE_SIZES = ("A4", "Letter")
VARIANTS = (None, "pdf/a-3b", "pdf/ua-1")


def _chart_html(chart, theme: Theme, labels: Labels, screen: bool) -> Markup:
    """A chart: its shapes as SVG, its text the page's (matplotlib is imported only now, for a brief that has one)."""
    from .charts import chart_html

    return chart_html(chart, theme, labels.language, labels.rtl, to_plain(chart.alt_text(labels, labels.language)),
                      screen=screen)


def _html(brief: Brief, theme: Theme, labels: Labels, styles: str | None) -> str:
    """The page, rendered in the sandbox and cleaned of anything active."""
    return clean_html(page.render(brief, theme, labels, styles, _chart_html))


def render(brief: Brief, theme: Theme, path: Path, *, page_size: str = "A4",
           variant: str | None = None) -> None:
    """Write the PDF brief to exactly `path`: tagged, reproducible, with bookmarks and metadata."""
    if page_size not in PAGE_SIZES:
        raise RenderError(f"unknown page size {page_size!r}; use one of {', '.join(PAGE_SIZES)}")
    if variant not in VARIANTS:
        raise RenderError(f"unknown PDF variant {variant!r}; use pdf/a-3b or pdf/ua-1")
    check_fonts(brief, theme)
    labels = labels_for(brief, theme)
    html = _html(brief, theme, labels, None)
    _write_pdf(html, theme, Path(path), page_size, variant, language_css(theme, labels))


def _write_pdf(html: str, theme: Theme, path: Path, page_size: str, variant: str | None, language: str) -> None:
    """`language`: the brief's `language_css`."""
    try:
        sheets = [*stylesheets(theme.model_dump_json(), page_size), language_sheet(language)]
        document = HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=SafeFetcher())
        document.write_pdf(
            str(path), stylesheets=sheets, font_config=font_config(),
            # No pdf_identifier: computing one re-serialises the whole file (about 20% of the
            # render). The PDF/A variant asks WeasyPrint for one, a hash of the content.
            pdf_tags=True, pdf_variant=variant,
        )
    except FatalURLFetchingError as error:
        raise RenderError(f"PDF not rendered: {error}") from None


def render_html(brief: Brief, theme: Theme) -> str:
    """The brief as one self-contained HTML page: styles inlined, fonts as data: URLs.

    The fonts are cut down to the characters the page uses, so the file stays small.
    """
    check_fonts(brief, theme)
    labels = labels_for(brief, theme)
    html = _html(brief, theme, labels, _STYLES)  # rendered once: its charts are drawn once
    chars = "".join(sorted(set(html + html.upper() + base_css())))
    css = theme_css(theme, lambda path: font_data_url(path, chars)) + base_css() \
        + language_css(theme, labels)
    if "</style" in css.lower():  # it would end the <style> element; the stylesheets' checks prevent it
        raise RenderError("the stylesheets contain '</style'; remove it")
    return html.replace(_STYLES, css, 1)


_STYLES = "/* the stylesheets */"
"""Where the HTML edition's stylesheets go, in its <head>, once the page's characters are known."""
