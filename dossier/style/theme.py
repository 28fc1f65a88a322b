"""The theme: colours, fonts and sizes shared by the PDF brief and the deck."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .. import TEMPLATES
from .contrast import AA, AA_LARGE, WHITE, luminance, ratio, readable
from ..errors import Problem
from ..model.localize import known_locale
from ..model.brief import Overrides
from ..model.text import Strict

MAX_FONT_BYTES = 32 * 2**20
"""The largest font file a theme may name."""


Hex = Annotated[str, StringConstraints(pattern=r"^[0-9A-Fa-f]{6}$")]
"""An RGB colour as six hex digits, without '#'."""


def _family(value: str) -> str:
    """A family name is a name, never CSS: letters, digits, spaces and hyphens."""
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9 -]{0,62}[A-Za-z0-9])?", value):
        raise ValueError(f"{value[:40]!r} is not a font family name; use at most 64 letters, digits, "
                         "spaces and hyphens, e.g. Noto Serif")
    return value


Family = Annotated[str, AfterValidator(_family)]
"""A font family's name, such as `Noto Serif`."""


def _font_file(name: str) -> str:
    """A font file must be a TrueType or OpenType font inside templates/: nothing else is read."""
    path = (TEMPLATES / name).resolve()
    if not path.is_relative_to(TEMPLATES.resolve()):
        raise ValueError(f"'{name}' is outside templates/; put the font in templates/fonts/")
    if not path.is_file():
        raise ValueError(f"'{name}' is not a file in templates/")
    stat = path.stat()
    if stat.st_size > MAX_FONT_BYTES:
        raise ValueError(f"'{name}' is larger than {MAX_FONT_BYTES // 2**20} MB; no font file is that large")
    if problem := _examined(path, stat.st_size, stat.st_mtime_ns)[0]:
        raise ValueError(f"'{name}' {problem}")
    return name


def characters(path: Path) -> frozenset[int]:
    """The characters a font file has (read when the theme was checked, once per process and version)."""
    path = Path(path).resolve()
    stat = path.stat()
    return _examined(path, stat.st_size, stat.st_mtime_ns)[1]


@lru_cache(maxsize=64)
def _examined(path: Path, size: int, mtime_ns: int) -> tuple[str | None, frozenset[int]]:
    """Why a file is not a usable font (or None), and the characters it has; `size` and `mtime_ns`
    make an edited file be checked again."""
    from fontTools.ttLib import TTFont

    # Fonts often carry old 'created' stamps that fontTools warns about; they are harmless.
    logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
    try:
        with TTFont(str(path), lazy=True) as font:
            if font.sfntVersion not in ("\0\1\0\0", "OTTO", "true"):
                return "is not a TrueType or OpenType font (.ttf or .otf)", frozenset()
            missing = [t for t in ("cmap", "head", "hhea", "hmtx", "maxp", "OS/2") if t not in font]
            if missing:
                return f"is not a complete font: it has no {', '.join(missing)} table", frozenset()
            # Glyphs by number: reading a font's glyph names (or making them up from its cmap)
            # would double the time this takes, and nothing here needs them.
            font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
            cmap = font.getBestCmap()
            if not cmap:
                return "is a font without a Unicode character map; it cannot set text", frozenset()
            font["head"], font["hhea"], font["hmtx"]  # noqa: B018 - parse them now, not mid-render
    except Exception as error:  # fontTools raises many kinds of errors on bad files
        return f"is not a font file (fontTools cannot read it: {str(error)[:100] or type(error).__name__})", frozenset()
    return None, frozenset(cmap)


FontFile = Annotated[str, AfterValidator(_font_file)]
"""A font file's path, relative to templates/."""


def _size(low: float, high: float):
    """A size in points between `low` and `high`: what the renderers can lay out."""

    def check(value: float) -> float:
        if not low <= value <= high:
            raise ValueError(f"{value:g} pt cannot be laid out; give a size from {low:g} to {high:g} pt")
        return value

    return Annotated[float, Field(gt=0), AfterValidator(check)]


PdfSize, TitleSize, TitleFloor, BodySize, BodyFloor = _size(6, 24), _size(12, 96), _size(8, 48), _size(8, 72), _size(6, 32)
SmallSize = _size(6, 32)
"""Bounds found by laying out stress briefs on 16:9 and 4:3 masters: larger floors can leave a
single line taller than its box; a PDF size near zero divides by zero in WeasyPrint."""

Role = Literal["title", "section", "content", "two_content", "closing"]
"""A kind of slide the deck needs a layout for."""


SOFT = "D7DEE6"
"""The pale blue-grey of secondary text on the cover band."""


class StatusColors(Strict):
    """The colour of each status's mark; its word is printed in the same hue, darkened until it reads (WCAG AA)."""

    on_track: Hex = "2E7D32"
    """On track and green: a filled circle."""
    at_risk: Hex = "B86E00"
    """At risk and amber: a triangle."""
    off_track: Hex = "C62828"
    """Off track and red: a square; overdue: a diamond."""
    done: Hex = "1F3A5F"
    """Done: a check."""
    open: Hex = "5B6770"
    """Open: a ring."""


class Colors(Strict):
    """The palette both outputs use."""

    primary: Hex
    """Titles, rules, the title slide."""
    accent: Hex
    """Rules, bars and fills; numbers and labels in a colour derived from it (`accent_text`)."""
    text: Hex
    """Body text."""
    muted: Hex
    """Secondary text: footers, labels."""
    rule: Hex
    """Lines and borders."""
    tint: Hex
    """Card and table backgrounds."""
    status: StatusColors = StatusColors()
    """The status marks' colours: {on_track, at_risk, off_track, done, open}."""

    def status_text(self, tone: str) -> str:
        """A status's word on the page and the tint: its mark's colour, darkened (its hue kept) until it
        reads, WCAG AA."""
        return readable(getattr(self.status, tone), (WHITE, self.tint))

    @property
    def accent_text(self) -> str:
        """The accent as text on the page and the tint: darkened (its hue kept) until it reads, WCAG AA.
        The accent itself stays for rules, bars and fills."""
        return readable(self.accent, (WHITE, self.tint))

    @property
    def accent_on_primary(self) -> str:
        """The accent as text on the primary colour (the cover band): lightened until it reads, WCAG AA."""
        return self.accent_on(self.primary)

    @property
    def soft_on_primary(self) -> str:
        """Secondary text on the primary colour (the cover's subtitle): a pale blue-grey, lightened
        (or darkened) until it reads, WCAG AA."""
        return readable(SOFT, (self.primary,))

    def accent_on(self, background: str) -> str:
        """The accent as text on `background`, lighter or darker (its hue kept) until it reads, WCAG AA."""
        return readable(self.accent, (background,))

    def weak_text(self) -> list[tuple[str, str]]:
        """(field, why) for each text colour of the theme's own that does not reach WCAG AA on the
        page or the tint, with a colour of its hue that does."""
        weak = []
        for name in ("text", "muted", "primary"):
            color = getattr(self, name)
            (worst, on), (other, also) = sorted((ratio(color, bg), where) for bg, where in (
                (WHITE, "white"), (self.tint, f"the tint '{self.tint}'")))
            if worst < AA:
                better = readable(color, (WHITE, self.tint))
                way = "darker" if luminance(better) < luminance(color) else "lighter"
                weak.append((name, f"'{color}' has a contrast of {worst:.2f}:1 on {on} ({other:.2f}:1 on {also}); "
                                   f"text under 18 pt needs {AA:g}:1 (WCAG AA). It builds, but may be hard to read: "
                                   f"'{better}', the same hue {way}, reaches it"))
        for tone in StatusColors.model_fields:
            color = getattr(self.status, tone)
            if (worst := min(ratio(color, WHITE), ratio(color, self.tint))) < AA_LARGE:
                weak.append((f"status.{tone}", f"'{color}' has a contrast of {worst:.2f}:1 on the page; a mark needs "
                                               f"{AA_LARGE:g}:1 (WCAG non-text contrast). It builds, but the mark "
                                               f"may be hard to see: '{readable(color, (WHITE, self.tint), AA_LARGE)}' "
                                               "reaches it"))
        return weak


class Font(Strict):
    """A font family and its files."""

    family: Family
    """The family name used in the PDF's CSS: letters, digits, spaces and hyphens."""
    deck_name: Family
    """The family name written into the deck (a metric-compatible name)."""
    regular: FontFile
    """The upright file; also used for a style whose file is not given."""
    bold: FontFile | None = None
    """The bold file."""
    italic: FontFile | None = None
    """The italic file."""
    bold_italic: FontFile | None = None
    """The bold italic file."""

    def file(self, bold: bool = False, italic: bool = False) -> Path:
        """The best file for a style, falling back to regular."""
        name = {
            (False, False): self.regular,
            (True, False): self.bold,
            (False, True): self.italic,
            (True, True): self.bold_italic,
        }[(bold, italic)]
        return TEMPLATES / (name or self.regular)


class Fonts(Strict):
    """The fonts of headings, body text, and scripts those lack (e.g. Arabic for Urdu)."""

    heading: Font
    """Headings in the PDF; all text in the deck."""
    body: Font
    """Body text in the PDF."""
    fallback: list[Font] = []
    """Fonts for characters the others lack, in order."""
    languages: dict[str, Font] = {}
    """A font set first for briefs in a language (its primary subtag), e.g. ur: Noto Nastaliq Urdu."""


class Sizes(Strict):
    """Type sizes in points, each within what the renderers can lay out on a page or slide."""

    pdf_body: PdfSize
    """The PDF's body text (6 to 24 pt)."""
    deck_title: TitleSize
    """Slide titles (12 to 96 pt)."""
    deck_title_min: TitleFloor
    """The floor a long title may shrink to (8 to 48 pt)."""
    deck_body: BodySize
    """Slide bullets (8 to 72 pt)."""
    deck_body_min: BodyFloor
    """The floor before a list continues on a new slide (6 to 32 pt)."""
    deck_lead: BodySize | None = None
    """A list's lead-in line, bold (8 to 72 pt; by default `deck_body`)."""
    deck_kicker: SmallSize | None = None
    """The small line in capitals above a slide's content, and a figure's source (6 to 32 pt;
    by default 0.6 × `deck_body`)."""
    deck_table: BodySize | None = None
    """Table text (8 to 72 pt; by default 0.9 × `deck_body`)."""
    deck_table_min: BodyFloor | None = None
    """The floor before a table continues on a new slide (6 to 32 pt; by default `deck_body_min`)."""
    deck_classification: SmallSize | None = None
    """The classification, bold and centred at the top and bottom of every slide (6 to 32 pt;
    by default `deck_body_min`)."""
    deck_key_message: BodySize | None = None
    """The bottom line's key messages (8 to 72 pt; by default 1.2 × `deck_body`)."""
    deck_figure: TitleSize | None = None
    """A large figure at a glance (12 to 96 pt; by default 54 pt, or `deck_title` when larger)."""

    @model_validator(mode="after")
    def _floors_below_sizes(self) -> Sizes:
        for size, floor in (("deck_title", "deck_title_min"), ("deck_body", "deck_body_min"),
                            ("table", "table_min")):
            if getattr(self, floor) > getattr(self, size):
                raise ValueError(f"{_field(floor)} ({getattr(self, floor):g}) is larger than {_field(size)} "
                                 f"({getattr(self, size):g}); a floor must not exceed its size")
        return self

    # The deck's sizes with their defaults filled in: a slide's text is set at these and
    # shrinks (to the floors) only when it would overflow; it never grows to fill its box.

    @property
    def lead(self) -> float:
        return self.deck_lead or self.deck_body

    @property
    def key_message(self) -> float:
        return self.deck_key_message or round(self.deck_body * 1.2, 1)

    @property
    def figure(self) -> float:
        return self.deck_figure or max(54.0, self.deck_title)

    @property
    def kicker(self) -> float:
        return self.deck_kicker or round(self.deck_body * 0.6, 1)

    @property
    def table(self) -> float:
        return self.deck_table or round(self.deck_body * 0.9, 1)

    @property
    def table_min(self) -> float:
        return self.deck_table_min or self.deck_body_min

    @property
    def classification(self) -> float:
        return self.deck_classification or self.deck_body_min


def _field(name: str) -> str:
    """A size's field name in the theme file (`table` is `deck_table`)."""
    return name if name.startswith("deck_") else f"deck_{name}"


def _language_alone(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}", value):
        raise ValueError(f"'{value[:40]}' is not a language alone; write its two or three lower-case "
                         "letters (BCP 47), e.g. en or fr, and the region in the locale: en: en-GB")
    return value


LanguageCode = Annotated[str, AfterValidator(_language_alone)]
"""A language alone, as its primary subtag: 'en', 'fr'."""

LocaleTag = Annotated[str, AfterValidator(known_locale)]
"""A locale CLDR knows, as a BCP 47 tag: 'en-GB', 'fr-CA'."""

LOCALES = {"en": "en-GB"}
"""The locales a theme writes unless it says otherwise: English dates the British way."""


class Deck(Strict):
    """How the deck tells the story."""

    density: Literal["compact", "full"] = "compact"
    """compact: the bottom line, highlights as cards, short subsections side by side, dividers only for
    long chapters, figures at a glance and timelines; full: one slide per item, as before."""


class Pdf(Strict):
    """How the PDF brief is laid out."""

    notes: Literal["foot", "end"] = "foot"
    """Where the notes of citations stand: foot (at the foot of the page of their first citation) or end
    (a list of notes after the chapters). The HTML edition always lists them at the end."""


class Theme(Strict):
    """Colours, fonts and sizes for both outputs."""

    colors: Colors
    """The palette."""
    fonts: Fonts
    """The fonts, shipped in templates/fonts/."""
    sizes: Sizes
    """Type sizes."""
    deck: Deck = Deck()
    """How the deck tells the story: `density: compact` (the default) or `full`."""
    pdf: Pdf = Pdf()
    """How the PDF is laid out: `notes: foot` (the default) or `end`."""
    labels: Overrides = {}
    """Dossier's own words renamed in every brief, e.g. {briefing_note: Note for the Minister}."""
    layouts: dict[Role, str] = {}
    """For a company master (--deck-template): a slide role → the name of its layout, e.g.
    {content: 'Title and Text', section: 'Divider'}."""
    locales: dict[LanguageCode, LocaleTag] = LOCALES
    """The locale in which a brief whose `meeting.language` names a language alone writes its dates,
    numbers and quotes: {en: en-GB} (the default) writes '10–12 March 2026', {en: en-US} 'March 10–12,
    2026'. A brief that names a region (`language: en-US`) keeps it."""

    @field_validator("locales")
    @classmethod
    def _locales_of_their_language(cls, locales: dict[str, str]) -> dict[str, str]:
        for language, tag in locales.items():
            if tag.split("-")[0].lower() != language:
                raise PydanticCustomError("located", "{message}", {"at": (language,), "message": (
                    f"'{tag}' is not a locale of '{language}'; write a locale of that language, e.g. "
                    f"{language}-{'GB' if language == 'en' else language.upper()}")})
        return locales

    def locale_of(self, language: str) -> str:
        """The locale a brief in `language` is written in: the theme's for a language alone ('en' →
        'en-GB'), the brief's own when it names a region ('en-US')."""
        return self.locales.get(language) or LOCALES.get(language, language)


def load_theme(path: Path | None = None, warnings: list[Problem] | None = None) -> Theme:
    """Read and validate a theme file (by default, Dossier's own); raise `InvalidInput` on problems.

    `warnings`, when given, receives each text colour that builds but does not read (WCAG AA), and
    each font a deck names but can neither carry nor expect Office to have.
    """
    from ..load import load_model
    from .glyphs import deck_advice

    return load_model(path or TEMPLATES / "theme.yaml", Theme, warnings=warnings,
                      advise=lambda theme: [*((("colors", *name.split(".")), why) for name, why in theme.colors.weak_text()),
                                            *deck_advice(theme)])
