"""Whether the theme's fonts can set every letter of a brief, before anything is rendered.

A brief in a script that no bundled font covers (Devanagari, Han, Thai…) would come out
as empty boxes in the deck and in another face in the PDF; it is refused with the script's
name and the theme setting that adds a font for it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from ..errors import RenderError
from .labels import primary
from ..model import Brief
from .theme import Theme, characters


def check_fonts(brief: Brief, theme: Theme) -> None:
    """Raise RenderError naming the first letter of the brief that none of the theme's fonts has."""
    fonts = theme.fonts
    own = fonts.languages.get(primary(brief.meeting.language))
    files = [font.file() for font in (fonts.heading, fonts.body, *fonts.fallback, *([own] if own else []))]
    covered = frozenset().union(*map(characters, files))
    for where, text in _texts(brief.model_dump(exclude={"meeting": {"logo"}}), ()):
        for char in text:
            if char.isalpha() and ord(char) not in covered:
                script = unicodedata.name(char, "unknown").split(" ")[0].title()
                raise RenderError(
                    f"{where}: the brief uses {script} letters (such as '{char}') that none of the theme's "
                    f"fonts has; add a font that has them under fonts.fallback (or fonts.languages."
                    f"{primary(brief.meeting.language)}) in a theme file, and build with --theme")


def _texts(value: object, loc: tuple) -> Iterator[tuple[str, str]]:
    """Every string in the brief's data, with where it stands (`chapters[2].title`)."""
    if isinstance(value, str):
        yield "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip("."), value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for k, item in enumerate(value):
            yield from _texts(item, (*loc, k))
