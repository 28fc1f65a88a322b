"""The PDF's stylesheets: the theme as CSS variables and @font-face rules, plus templates/brief.css.

Parsed once per process and theme; fonts are registered once.
"""

from __future__ import annotations

import base64
import io
import logging
from functools import lru_cache
from pathlib import Path

from weasyprint import CSS
from weasyprint.text.fonts import FontConfiguration

from ..errors import TemplateError
from ..theme import TEMPLATES, Theme
from .fetch import SafeFetcher


def theme_css(theme: Theme, font_url) -> str:
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
def base_css() -> str:
    """templates/brief.css, read once per process."""
    try:
        return (TEMPLATES / "brief.css").read_text(encoding="utf-8")
    except OSError as error:
        raise TemplateError(f"templates/brief.css cannot be read: {error.strerror}") from error


@lru_cache(maxsize=1)
def font_config():
    return FontConfiguration()


@lru_cache(maxsize=8)
def stylesheets(theme_json: str, page_size: str) -> list:
    """The parsed stylesheets for a theme and page size; fonts are registered once."""
    theme = Theme.model_validate_json(theme_json)
    fetcher, fonts = SafeFetcher(), font_config()
    base = (TEMPLATES / "brief.css").as_uri()
    return [
        CSS(string=theme_css(theme, Path.as_uri), base_url=base, url_fetcher=fetcher, font_config=fonts),
        CSS(string=base_css(), base_url=base, url_fetcher=fetcher, font_config=fonts),
        CSS(string=f"@page {{ size: {page_size}; }}", font_config=fonts),
    ]


@lru_cache(maxsize=64)
def font_data_url(path: Path, chars: str) -> str:
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
