"""The PDF's stylesheets: the theme as CSS variables and @font-face rules, plus templates/brief.css.

Parsed once per process and theme; fonts are registered once.
"""

from __future__ import annotations

import base64
import io
import logging
import math
import re
import string
from functools import lru_cache
from pathlib import Path

from weasyprint import CSS
from weasyprint.text.fonts import FontConfiguration

from ..errors import TemplateError, display_path
from ..style.labels import Labels, primary
from ..style.theme import TEMPLATES, Font, Theme
from ..page.sanitize import read_css
from .fetch import RefusedURL, SafeFetcher


def theme_css(theme: Theme, font_url) -> str:
    """CSS variables and @font-face rules from the theme; `font_url(path)` locates a font file.

    Every theme value goes through `_string`, `_color` or `_number`, so none can end a
    declaration, a rule or the `<style>` element the HTML edition puts it in.
    """
    c, f = theme.colors, theme.fonts
    # Every face, the languages' own included, is registered here, with the stylesheets a
    # worker parses before it forks: a face first registered in a render's child process
    # would be lost to the next child (WeasyPrint keeps the file, forgets the registration).
    faces = [face for font in (f.heading, f.body, *f.fallback, *f.languages.values())
             for face in _faces(font, font_url)]
    stack, heading = _stack(f.body, theme), _stack(f.heading, theme)
    colors = " ".join(f"--{name.replace('_', '-')}: {_color(getattr(c, name))};"
                      for name in ("primary", "accent", "text", "muted", "rule", "tint", "accent_text",
                                   "accent_on_primary", "soft_on_primary"))
    colors += "".join(f" --status-{tone.replace('_', '-')}: {_color(getattr(c.status, tone))};"
                      f" --status-{tone.replace('_', '-')}-text: {_color(c.status_text(tone))};"
                      for tone in type(c.status).model_fields)
    variables = (f"{colors} --body-font: {stack}; --heading-font: {heading};"
                 f" --body-size: {_number(theme.sizes.pdf_body)}pt;")
    return "".join(faces) + f":root {{ {variables} }}\n@page {{ {variables} }}\n"


_SAFE = re.compile(r"[A-Za-z0-9 ._,:/;=+%-]")


def _string(value: str) -> str:
    """A quoted CSS string; every other character is a hex escape (so no quote, `<` or newline ends it)."""
    return '"' + "".join(ch if _SAFE.fullmatch(ch) else f"\\{ord(ch):x} " for ch in value) + '"'


def _color(value: str) -> str:
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        raise TemplateError(f"the theme colour {value!r} is not six hex digits")
    return f"#{value}"


def _number(value: float) -> str:
    if not (isinstance(value, (int, float)) and math.isfinite(value)):
        raise TemplateError(f"the theme size {value!r} is not a number")
    return f"{value:.3f}".rstrip("0").rstrip(".")


_FACES = (("regular", 400, "normal"), ("bold", 700, "normal"),
          ("italic", 400, "italic"), ("bold_italic", 700, "italic"))


def _faces(font: Font, font_url) -> list[str]:
    """The @font-face rules of a font's files."""
    return [f"@font-face {{ font-family: {_string(font.family)}; src: url({_string(font_url(TEMPLATES / name))});"
            f" font-weight: {weight}; font-style: {style}; }}\n"
            for attribute, weight, style in _FACES if (name := getattr(font, attribute))]


def _stack(first: Font, theme: Theme) -> str:
    """A font-family list: `first`, then the theme's fallbacks."""
    return ", ".join(_string(x.family) for x in (first, *theme.fonts.fallback))


@lru_cache(maxsize=1)
def base_css() -> str:
    """templates/brief.css, read and checked once per process (see `dossier.page.sanitize.read_css`)."""
    return read_css(TEMPLATES / "brief.css")


@lru_cache(maxsize=1)
def font_config():
    return FontConfiguration()


def language_css(theme: Theme, labels: Labels) -> str:
    """The page's furniture in the brief's language and direction, and the language's own font.

    The classification stands centred, bold and larger at the top and the foot of every page (the
    cover band has its own); the running title at the start of the foot and 'Page X of Y' (as the
    catalogue words it) at its end: mirrored in right-to-left languages.
    """
    start, end = ("right", "left") if labels.rtl else ("left", "right")
    page = " ".join(_pieces(labels.text("page")))
    boxes = {"top-center": ("string(classification)", "mark"), f"bottom-{start}": ("string(doctitle)", "title"),
             "bottom-center": ("string(classification)", "mark"), f"bottom-{end}": (page, "folio")}
    rules = " ".join(f"@{box} {{ content: {content}; {_BOX_STYLES[role]} {_EDGES[box.split('-')[0]]} }}"
                     for box, (content, role) in boxes.items())
    css = (f"@page {{ {rules} }}\n"
           f"@page :first {{ @top-center {{ content: none; }} @bottom-{start} {{ content: none; }} }}\n")
    font = theme.fonts.languages.get(primary(labels.language))
    if font is not None:  # its faces are in theme_css
        css += (f":root {{ --body-font: {_string(font.family)}, {_stack(theme.fonts.body, theme)}; "
                f"--heading-font: {_string(font.family)}, {_stack(theme.fonts.heading, theme)}; }}\n")
    return css


_BOX_STYLES = {
    "title": "font: 7.5pt var(--heading-font); color: var(--muted); width: 30%; hyphens: manual;",
    "mark": "font: bold 10pt var(--heading-font); letter-spacing: 0.04em; color: var(--primary); text-align: center;"
            " width: 40%;",
    "folio": "font: 8pt var(--heading-font); color: var(--muted); white-space: nowrap;",
}
"""The running title, the classification mark and the page number, wherever they stand."""
_EDGES = {"top": "vertical-align: bottom; padding-bottom: 5mm;", "bottom": "vertical-align: top; padding-top: 5mm;"}


def _pieces(label: str) -> list[str]:
    """'Page {page} of {pages}', as written (not filled in), as CSS content: each literal text a CSS
    string, each field the counter of that name; only `page` and `pages` are counters."""
    pieces = []
    for literal, field, _, _ in string.Formatter().parse(label):
        if literal:
            pieces.append(_string(literal))
        if field is not None:
            if field not in ("page", "pages"):
                raise TemplateError(f"the page label cannot show {{{field}}}; use {{page}} and {{pages}}")
            pieces.append(f"counter({field})")
    return pieces


@lru_cache(maxsize=8)
def stylesheets(theme_json: str, page_size: str) -> list:
    """The parsed stylesheets for a theme and page size; fonts are registered once."""
    theme = Theme.model_validate_json(theme_json)
    return [_parsed(theme_css(theme, Path.as_uri)), base_sheet(),
            CSS(string=f"@page {{ size: {page_size}; }}", font_config=font_config())]


@lru_cache(maxsize=1)
def base_sheet():
    """templates/brief.css, parsed once per process: it needs no theme, so a worker parses it
    while the build loads the theme."""
    return _parsed(base_css())


def _parsed(css: str):
    try:
        return CSS(string=css, base_url=(TEMPLATES / "brief.css").as_uri(), url_fetcher=SafeFetcher(),
                   font_config=font_config())
    except RefusedURL as error:  # read_css refuses these first; this is the fetcher's own word
        raise TemplateError(f"{display_path(TEMPLATES / 'brief.css')}: {error}") from None


@lru_cache(maxsize=16)
def language_sheet(css: str):
    """A brief's `language_css`, parsed once per process; it comes after the others."""
    return _parsed(css)


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
