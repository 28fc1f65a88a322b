"""The PDF brief and its HTML edition: one Jinja template, one stylesheet, WeasyPrint.

Everything that does not depend on the brief (the Jinja environment, the
fonts, the parsed stylesheets) is built once per process and reused.
Nothing is fetched from outside templates/ and data/: see `SafeFetcher`.
"""

from __future__ import annotations

import base64
import io
import logging
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from . import images
from .errors import RenderError, TemplateError
from .markup import to_html, to_plain
from .model import Brief, chapters, paragraphs
from .theme import TEMPLATES, Theme

DATA = TEMPLATES.parent / "data"
PAGE_SIZES = ("A4", "Letter")
VARIANTS = (None, "pdf/a-3b", "pdf/ua-1")
_ALLOWED_ROOTS = (TEMPLATES.resolve(), DATA.resolve())


class RefusedURL(FatalURLFetchingError):
    """A URL the brief may not load; stops the rendering, reported as a `RenderError`."""


class SafeFetcher(URLFetcher):
    """Deny by default: only data: URLs and files inside templates/ or data/."""

    def __init__(self, **kwargs):
        super().__init__(timeout=1, allowed_protocols=("data", "file"), allow_redirects=False, **kwargs)

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(root) for root in _ALLOWED_ROOTS) and path.is_file():
                return super().fetch(path.as_uri(), headers)
        elif scheme == "data":
            return super().fetch(url, headers)
        raise RefusedURL(f"refused to load {url!r}: only data: URLs and files in templates/ or data/ are allowed")


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = to_html
    env.filters["plain"] = to_plain
    env.filters["data_url"] = _picture_data_url
    env.globals["paragraphs"] = paragraphs
    return env


def _picture_data_url(path: str) -> str:
    """A picture the loader has checked, inlined so that rendering reads no file by URL."""
    data = Path(path).read_bytes()
    return f"data:{images.check(Path(path), Path(path).name)};base64,{base64.b64encode(data).decode()}"


def _html(brief: Brief, styles: str | None) -> str:
    try:
        template = _env().get_template("brief.html.j2")
        return template.render(
            brief=brief, m=brief.meeting, chapters=chapters(brief),
            num={c.id: c.number for c in chapters(brief)},
            styles=Markup(styles) if styles else None,
        ).lstrip()
    except jinja2.TemplateError as error:
        raise TemplateError(f"templates/brief.html.j2: {error}") from error


def _theme_css(theme: Theme, font_url) -> str:
    """CSS variables and @font-face rules from the theme; `font_url(path)` locates a font file."""
    c, f = theme.colors, theme.fonts
    faces = [
        f'@font-face {{ font-family: "{font.family}"; src: url("{font_url(TEMPLATES / name)}");'
        f" font-weight: {weight}; font-style: {style}; }}"
        for font in (f.heading, f.body, *f.fallback)
        for attribute, weight, style in _FACES
        if (name := getattr(font, attribute))
    ]
    stack = ", ".join(f'"{x.family}"' for x in (f.body, *f.fallback))
    heading = ", ".join(f'"{x.family}"' for x in (f.heading, *f.fallback))
    variables = (
        f"--primary: #{c.primary}; --accent: #{c.accent}; --text: #{c.text}; --muted: #{c.muted};"
        f" --rule: #{c.rule}; --tint: #{c.tint}; --body-font: {stack}; --heading-font: {heading};"
        f" --body-size: {theme.sizes.pdf_body}pt;"
    )
    return "\n".join(faces) + f"\n:root {{ {variables} }}\n@page {{ {variables} }}\n"


_FACES = (("regular", 400, "normal"), ("bold", 700, "normal"),
          ("italic", 400, "italic"), ("bold_italic", 700, "italic"))


@lru_cache(maxsize=1)
def _css() -> str:
    """templates/brief.css, read once per process."""
    try:
        return (TEMPLATES / "brief.css").read_text(encoding="utf-8")
    except OSError as error:
        raise TemplateError(f"templates/brief.css cannot be read: {error.strerror}") from error


@lru_cache(maxsize=1)
def _font_config():
    return FontConfiguration()


@lru_cache(maxsize=8)
def _stylesheets(theme_json: str, page_size: str) -> list:
    """The parsed stylesheets for a theme and page size; fonts are registered once."""
    theme = Theme.model_validate_json(theme_json)
    fetcher, fonts = SafeFetcher(), _font_config()
    base = (TEMPLATES / "brief.css").as_uri()
    return [
        CSS(string=_theme_css(theme, Path.as_uri), base_url=base, url_fetcher=fetcher, font_config=fonts),
        CSS(string=_css(), base_url=base, url_fetcher=fetcher, font_config=fonts),
        CSS(string=f"@page {{ size: {page_size}; }}", font_config=fonts),
    ]


def render(brief: Brief, theme: Theme, path: Path, *, page_size: str = "A4",
           variant: str | None = None) -> None:
    """Write the PDF brief to exactly `path`: tagged, reproducible, with bookmarks and metadata."""
    if page_size not in PAGE_SIZES:
        raise RenderError(f"unknown page size {page_size!r}; use one of {', '.join(PAGE_SIZES)}")
    if variant not in VARIANTS:
        raise RenderError(f"unknown PDF variant {variant!r}; use pdf/a-3b or pdf/ua-1")
    _write_pdf(_html(brief, None), theme, Path(path), page_size, variant)


def _write_pdf(html: str, theme: Theme, path: Path, page_size: str, variant: str | None) -> None:
    try:
        stylesheets = _stylesheets(theme.model_dump_json(), page_size)
        document = HTML(string=html, base_url=TEMPLATES.as_uri() + "/", url_fetcher=SafeFetcher())
        document.write_pdf(
            str(path), stylesheets=stylesheets, font_config=_font_config(),
            # No pdf_identifier: computing one re-serialises the whole file (about 20% of the
            # render). The PDF/A variant asks WeasyPrint for one, a hash of the content.
            pdf_tags=True, pdf_variant=variant,
        )
    except FatalURLFetchingError as error:
        raise RenderError(f"PDF not rendered: {error}") from None
    except OSError as error:
        raise RenderError(f"cannot write {path}: {error.strerror or error}") from error


def render_html(brief: Brief, theme: Theme) -> str:
    """The brief as one self-contained HTML page: styles inlined, fonts as data: URLs.

    The fonts are cut down to the characters the page uses, so the file stays small.
    """
    text = _html(brief, None)
    chars = "".join(sorted(set(text + text.upper() + _css())))
    return _html(brief, _theme_css(theme, lambda path: _font_data_url(path, chars)) + _css())


@lru_cache(maxsize=64)
def _font_data_url(path: Path, chars: str) -> str:
    """A font file, subset to `chars`, as a WOFF data: URL."""
    from fontTools import subset

    # The bundled fonts carry old 'created' stamps that fontTools warns about; they are harmless.
    logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
    options = subset.Options(flavor="woff", layout_features=["*"], name_IDs=["*"], notdef_outline=True)
    font = subset.load_font(str(path), options, dontLoadGlyphNames=True)
    font.recalcTimestamp = False  # reproducible: keep the dates the font file has
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=map(ord, chars))
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return "data:font/woff;base64," + base64.b64encode(out.getvalue()).decode("ascii")
