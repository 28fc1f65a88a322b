"""Whether the theme's fonts can set every letter of a brief, before anything is rendered, and
which font that ships with Office stands in for a script when the deck cannot carry its own.

A brief in a script that no bundled font covers (Devanagari, Han, Thai…) would come out
as empty boxes in the deck and in another face in the PDF; it is refused with the script's
name and the theme setting that adds a font for it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from collections import Counter
from collections.abc import Iterable, Iterator

from ..errors import MissingLetter
from .labels import primary
from ..model import Brief
from .theme import Theme, characters


def check_fonts(brief: Brief, theme: Theme) -> None:
    """Raise MissingLetter naming the first letter of the brief that none of the theme's fonts has."""
    fonts = theme.fonts
    own = fonts.languages.get(primary(brief.meeting.language))
    files = [font.file() for font in (fonts.heading, fonts.body, *fonts.fallback, *([own] if own else []))]
    covered = frozenset().union(*map(characters, files))
    for where, text in _texts(brief.model_dump(exclude={"meeting": {"logo"}}), ()):
        for char in text:
            if char.isalpha() and ord(char) not in covered:
                name = script(char).title()
                raise MissingLetter(
                    where, char, f"the brief uses {name} letters (such as '{char}') that none of the theme's "
                    f"fonts has; add a font that has them under fonts.fallback (or fonts.languages."
                    f"{primary(brief.meeting.language)}) in a theme file, and build with --theme")


def letters(brief: Brief) -> frozenset[str]:
    """Every character of the brief's text (its logo aside)."""
    return frozenset().union(*(text for _, text in _texts(brief.model_dump(exclude={"meeting": {"logo"}}), ())))


def script(char: str) -> str:
    """A letter's script as Unicode names it: 'LATIN', 'ARABIC', 'CYRILLIC'…"""
    return unicodedata.name(char, "UNKNOWN").split(" ")[0]


OFFICE_FONTS = frozenset({
    "Aptos", "Arial", "Calibri", "Cambria", "Candara", "Consolas", "Constantia", "Corbel", "Courier New",
    "Georgia", "Segoe UI", "Tahoma", "Times New Roman", "Trebuchet MS", "Verdana",
    "Sakkal Majalla", "Traditional Arabic", "Simplified Arabic", "Urdu Typesetting", "Mangal", "Vrinda",
    "Raavi", "Shruti", "Latha", "Gautami", "Tunga", "Kartika", "Sylfaen", "Nyala", "Leelawadee UI",
})
"""Fonts that come with Microsoft Office (and Windows): a deck may name them without carrying them."""

OFFICE_FALLBACK = {
    "LATIN": "Calibri", "CYRILLIC": "Calibri", "GREEK": "Calibri", "ARABIC": "Arial", "HEBREW": "Arial",
    "DEVANAGARI": "Mangal", "BENGALI": "Vrinda", "GURMUKHI": "Raavi", "GUJARATI": "Shruti", "TAMIL": "Latha",
    "TELUGU": "Gautami", "KANNADA": "Tunga", "MALAYALAM": "Kartika", "THAI": "Leelawadee UI",
    "GEORGIAN": "Sylfaen", "ARMENIAN": "Sylfaen", "ETHIOPIC": "Nyala",
}
"""For each script, a font that ships with Office and has its letters."""

OFFICE_BY_LANGUAGE = {("ur", "ARABIC"): "Urdu Typesetting"}
"""A language whose own style of a script has its own Office font (Urdu is set in Nastaliq)."""


def office_fallback(chars: Iterable[str], language: str) -> str:
    """The Office font for the script with the most of `chars`' letters ('Arial' when there are none)."""
    counts = Counter(script(c) for c in chars if c.isalpha())
    for name, _ in counts.most_common():
        if name in OFFICE_FALLBACK:
            return OFFICE_BY_LANGUAGE.get((primary(language), name), OFFICE_FALLBACK[name])
    return "Arial"


def family(path: Path) -> str:
    """The family name a font file gives itself (its typographic family, else its family)."""
    return _facts(Path(path).resolve())[0]


def embedding(path: Path) -> str | None:
    """Why the font file's licence (OS/2 fsType) keeps a deck from carrying it, or None when it may:
    an installable or editable font, not limited to bitmaps."""
    fs_type = _facts(Path(path).resolve())[1]
    if fs_type & 0x0200:
        return f"its licence allows embedding its bitmaps only (OS/2 fsType {fs_type:#06x})"
    usage = fs_type & 0x000F
    if usage == 0 or usage & 0x0008:
        return None
    kind = "for preview and print only, read-only" if usage & 0x0004 else "not at all (restricted)"
    return f"its licence allows embedding it {kind} (OS/2 fsType {fs_type:#06x})"


def subsettable(path: Path) -> bool:
    """Whether the font's licence allows embedding a subset of it (OS/2 fsType bit 8 unset)."""
    return not _facts(Path(path).resolve())[1] & 0x0100


@lru_cache(maxsize=64)
def _facts(path: Path) -> tuple[str, int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        names = font["name"]
        return (str(names.getDebugName(16) or names.getDebugName(1) or ""), int(font["OS/2"].fsType))


def deck_advice(theme: Theme) -> list[tuple[tuple, str]]:
    """(field, why) for each font the deck names but can neither carry nor expect Office to have: the
    deck names a font that ships with Office for its script instead."""
    fonts = theme.fonts
    advice = []
    named = [(("heading",), fonts.heading), *((("fallback", k), f) for k, f in enumerate(fonts.fallback[:1])),
             *((("languages", code), f) for code, f in fonts.languages.items())]
    for loc, font in named:
        if font.deck_name in OFFICE_FONTS:
            continue
        own = family(font.file())
        if font.deck_name != own:
            advice.append((("fonts", *loc, "deck_name"),
                           f"'{font.deck_name}' is neither the family of the font file, '{own}', which a deck "
                           "could carry, nor a font that ships with Office; decks name an Office font for "
                           "the script instead"))
            continue
        for style in ("regular", "bold"):
            if getattr(font, style) and (why := embedding(font.file(bold=style == "bold"))):
                advice.append((("fonts", *loc, style),
                               f"'{getattr(font, style)}': {why}, so a deck cannot carry it; decks name a font "
                               "that ships with Office for the script instead"))
    return advice


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
