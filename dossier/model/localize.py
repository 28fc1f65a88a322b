"""Numbers and dates as the brief's language writes them, read from Babel (CLDR).

A number is printed by a locale-independent pattern, the `format:` language of charts:
'0', '0.0', '#,##0', '#,##0.00' (up to 4 decimals), and '0%' inside Dossier for a chart
whose unit is '%'. '.' stands for the decimal mark and ',' for the group separator, and both
become the language's marks:
French prints `1 234,5` (a narrow no-break space), `−14,7` and `12 %`. The minus sign
is the true minus (U+2212), with the bidirectional mark the language puts before it.
Digits stay Latin in every language, as in the brief's own text.

A day or range of days is printed as the language writes dates ('19 mars 2022', '10–12 March 2026'
in British English), the month in full. English alone ('en') is written in the theme's locale for it
(`Theme.locales`: British English by default); a brief that says 'en-US' is written the American way.

Quotation marks are the language's (CLDR's delimiters): “ ” in English, « » in French and Russian,
„ “ in German; `quotes` gives them to `dossier.markup`, which sets the author's straight quotes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, wraps
from typing import TypeVar

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal

R = TypeVar("R")

MAX_DECIMALS = 4
FORMAT = rf"(#,##0|0)(?:\.(0{{1,{MAX_DECIMALS}}}))?"
"""A chart's `format:`: '0' or '#,##0' (thousands grouped), then up to 4 decimals."""
PATTERN = re.compile(FORMAT + "(%)?")
"""A format with an optional percent sign, which a chart takes from 'unit: %'."""
MINUS = "\u2212"

LCID = {
    "ar": 0x0401, "bg": 0x0402, "ca": 0x0403, "zh": 0x0804, "cs": 0x0405, "da": 0x0406, "de": 0x0407,
    "el": 0x0408, "en": 0x0409, "es": 0x0C0A, "fi": 0x040B, "fr": 0x040C, "he": 0x040D, "hu": 0x040E,
    "it": 0x0410, "ja": 0x0411, "ko": 0x0412, "nl": 0x0413, "nb": 0x0414, "no": 0x0414, "pl": 0x0415,
    "pt": 0x0816, "ro": 0x0418, "ru": 0x0419, "hr": 0x041A, "sk": 0x041B, "sv": 0x041D, "th": 0x041E,
    "tr": 0x041F, "ur": 0x0420, "id": 0x0421, "uk": 0x0422, "fa": 0x0429, "vi": 0x042A, "hi": 0x0439,
    "kk": 0x043F, "bn": 0x0445, "ta": 0x0449, "ms": 0x043E, "sr": 0x241A, "lt": 0x0427, "lv": 0x0426,
    "et": 0x0425, "sl": 0x0424, "uz": 0x0443, "az": 0x042C, "hy": 0x042B, "ka": 0x0437, "mn": 0x0450,
    "en-GB": 0x0809, "en-AU": 0x0C09, "en-CA": 0x1009, "en-IN": 0x4009, "fr-BE": 0x080C, "fr-CA": 0x0C0C,
    "fr-CH": 0x100C, "de-AT": 0x0C07, "de-CH": 0x0807, "es-MX": 0x080A, "es-AR": 0x2C0A, "pt-BR": 0x0416,
    "zh-TW": 0x0404, "zh-HK": 0x0C04, "ar-EG": 0x0C01, "ar-AE": 0x3801, "it-CH": 0x0810, "nl-BE": 0x0813,
}
"""Windows locale ids, which a spreadsheet number format names as '[$-40C]': the language first, then a region."""


@dataclass(frozen=True)
class Pattern:
    """A parsed number pattern: whether to group thousands, how many decimals, whether a percent sign follows."""

    grouped: bool = False
    decimals: int = 0
    percent: bool = False

    @classmethod
    def parse(cls, text: str) -> Pattern:
        """The pattern `text` ('#,##0.0'); a ValueError when it is not one."""
        match = PATTERN.fullmatch(text)
        if not match:
            raise ValueError(f"{text!r} is not a number pattern")
        return cls(match[1] == "#,##0", len(match[2] or ""), bool(match[3]))

    def __str__(self) -> str:
        return ("#,##0" if self.grouped else "0") + ("." + "0" * self.decimals if self.decimals else "") \
            + ("%" if self.percent else "")


@lru_cache(maxsize=32)
def locale(language: str) -> Locale:
    """Babel's locale for a BCP 47 tag ('fr', 'en-GB'); English for a tag Babel does not know."""
    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale("en")


_MARKS = "\u200e\u200f\u061c"
"""The invisible direction marks CLDR puts around some languages' signs (Arabic's '‎%‎')."""


@lru_cache(maxsize=32)
def _symbols(language: str) -> tuple[str, str, str, str]:
    """The language's minus and plus signs, and what stands before and after a percentage's digits."""
    loc = locale(language)
    symbols = loc.number_symbols["latn"]
    shape = loc.percent_formats[None].pattern.split(";")[0]  # '#,##0\xa0%', '%#,##0'
    digits = re.search(r"[#0,.]+", shape)
    percent = symbols["percentSign"].strip(_MARKS)  # '%' keeps to its digits in any direction: no marks needed
    before, after = (part.replace("%", percent) for part in (shape[:digits.start()], shape[digits.end():]))
    return symbols["minusSign"].replace("-", MINUS), symbols["plusSign"], before, after


def number(value: float, pattern: Pattern, language: str, *, plus: bool = False) -> str:
    """`value` printed by `pattern` in `language`: '1 234,5', '−14,7', '12 %' in French.

    `plus` writes a '+' before a positive value (as a table cell '+41' has it).
    """
    digits = format_decimal(_rounded(abs(value), pattern.decimals), format=str(Pattern(pattern.grouped, pattern.decimals)),
                            locale=locale(language))
    minus, plus_sign, before, after = _symbols(language)
    nonzero = any(c in "123456789" for c in digits)
    sign = minus if value < 0 and nonzero else plus_sign if plus and nonzero else ""
    return sign + (before + digits + after if pattern.percent else digits)


def _rounded(value: float, decimals: int) -> Decimal:
    """`value` rounded half away from zero, as spreadsheets (the deck's charts) round: 880.25 → 880.3."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def excel_code(pattern: Pattern, language: str) -> str:
    """`pattern` as a spreadsheet number format for the language: '[$-40C]#,##0.0;[$-40C]"−"#,##0.0'.

    The locale id makes LibreOffice print the language's marks whatever the reader's settings
    (PowerPoint takes them from the reader's system). A language that writes '.' and ',' with
    Latin digits (English, Arabic, Urdu) is tagged en-US: LibreOffice's Arabic locales write
    Arabic marks. The minus and percent signs are written as text.
    """
    minus, _, before, after = _symbols(language)
    base = str(Pattern(pattern.grouped, pattern.decimals))
    if pattern.percent:
        base = _quoted(before) + base + _quoted(after)
    symbols = locale(language).number_symbols["latn"]
    own = (symbols["decimal"], symbols["group"]) != (".", ",")
    lcid = (LCID.get(language) or LCID.get(language.split("-")[0])) if own else LCID["en"]
    tag = f"[$-{lcid:X}]" if lcid else ""
    return f"{tag}{base};{tag}{_quoted(minus)}{base}"


def _quoted(text: str) -> str:
    return f'"{text}"' if text else ""


def known_locale(tag: str) -> str:
    """`tag` ('en-GB') when Babel (CLDR) knows it as a locale; a ValueError that says what to write otherwise."""
    try:
        Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"'{tag}' is not a locale Dossier knows; write a language and a region as "
                         "BCP 47 does, e.g. en-GB, en-US, fr-CA") from None
    return tag


def listed(items: list[str], language: str) -> str:
    """Names in a row as `language` writes a list: 'France and Germany', 'France et Allemagne', 'فرنسا وألمانيا'."""
    from babel.lists import format_list

    return format_list(items, style="standard", locale=locale(language))


def days(start: dt.date, end: dt.date, language: str) -> str:
    """A day ('10 March 2026') or a range of days ('10–12 March 2026', '30 March – 2 April 2026') as
    `language` writes it, the month in full: CLDR's interval for the largest field that differs."""
    loc = locale(language)
    if start == end:
        return format_date(start, "long", locale=loc)
    differs = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    first, second = _interval(loc, differs)
    return format_date(start, first, locale=loc) + format_date(end, second, locale=loc)


def _interval(loc: Locale, differs: str) -> tuple[str, str]:
    """The two patterns of a range of days whose `differs` field (y, M or d) changes, months in full
    where the language's own long dates have them so.

    Days of one month close up round their dash ('10–12 March'), as CLDR writes them for most languages.
    """
    formats = loc.interval_formats
    skeleton = formats.get("yMMMMd") or formats.get("yMMMd")
    if skeleton is None or differs not in skeleton:
        long = loc.date_formats["long"].pattern
        dash = formats.get(None, "{0} – {1}").split("{0}")[1].split("{1}")[0]
        return long + _quoted_literal(dash), long
    first, second = skeleton[differs]
    if "MMMM" in loc.date_formats["long"].pattern:  # a language whose dates name the month in full
        first, second = (re.sub(r"(?<![ML])([ML])\1{2}(?![ML])", r"\1\1\1\1", part) for part in (first, second))
    if differs == "d":
        first = re.sub(r"\s+([–—-])\s*$", r"\1", first)
    return first, second


def _quoted_literal(text: str) -> str:
    """`text` as a literal inside a CLDR date pattern."""
    return "'" + text.replace("'", "''") + "'" if text else ""


QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"),
    "fr": ("«\u202f", "\u202f»", "“", "”"),
    "fr-CH": ("«", "»", "‹", "›"),
    "de": ("„", "“", "‚", "‘"),
    "de-CH": ("«", "»", "‹", "›"),
    "ru": ("«", "»", "„", "“"),
    "uk": ("«", "»", "„", "“"),
    "es": ("“", "”", "‘", "’"),
    "it": ("«", "»", "“", "”"),
    "pt": ("“", "”", "‘", "’"),
    "pl": ("„", "”", "«", "»"),
    "nl": ("‘", "’", "“", "”"),
    "sv": ("”", "”", "’", "’"),
    "ar": ("”", "“", "’", "‘"),
    "ur": ("“", "”", "‘", "’"),
    "fa": ("«", "»", "‹", "›"),
    "he": ("”", "”", "’", "’"),
    "zh": ("“", "”", "‘", "’"),
    "ja": ("「", "」", "『", "』"),
}
"""The quotation marks of a language (CLDR's delimiters): double open and close, then single open and
close. French sets a narrow no-break space inside its guillemets, and “ ” inside them."""


SEPARATORS = {"ar": "، ", "ur": "، ", "fa": "، ", "ps": "، ", "ja": "、", "zh": "、"}
"""Between the parts of a reference, where a language does not write ', '."""


def separator(language: str) -> str:
    """What a language writes between the parts of a list or a reference: ', ' (Arabic script '، ')."""
    return SEPARATORS.get(language.split("-")[0].lower(), ", ")


def quotes(language: str) -> tuple[str, str, str, str]:
    """The quotation marks `language` writes: its own region's, else its language's, else English's."""
    parts = language.split("-")
    for n in range(len(parts), 0, -1):
        if found := QUOTES.get("-".join(parts[:n])):
            return found
    return QUOTES["en"]


def localized(brief, theme):
    """`brief` in the locale its theme writes it (`Theme.locale_of`): a brief in 'en' becomes 'en-GB'."""
    meeting = brief.meeting
    language = theme.locale_of(meeting.language)
    if language == meeting.language:
        return brief
    return brief.model_copy(update={"meeting": meeting.model_copy(update={"language": language})})


def in_locale(render: Callable[..., R]) -> Callable[..., R]:
    """`render(brief, theme, …)`, given the brief `localized` by its theme, its text set in that
    language's quotation marks (`markup.written_in`), its citations printing their note numbers
    (`markup.citing`)."""
    from .markup import citing, written_in

    @wraps(render)
    def rendered(brief, theme, *args, **kwargs) -> R:
        brief = localized(brief, theme)
        with written_in(brief.meeting.language), citing(brief.citations.number,
                                                        brief.citations.names(brief.meeting.language)):
            return render(brief, theme, *args, **kwargs)

    return rendered


ALPHABETS: dict[str, tuple[str, ...]] = {
    "ru": tuple("АБВГДЕЖИКЛМНПРСТУФХЦШЩЭЮЯ"),
    "ar": ("أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق", "ر", "ش",
           "ت", "ث", "خ", "ذ", "ض", "ظ", "غ"),
    "ur": ("الف", "ب", "ج", "د", "ہ", "و", "ز", "ح", "ط", "ی", "ک", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق", "ر", "ش",
           "ت", "ث", "خ", "ذ", "ض", "ظ", "غ"),
}
"""The letters that number annexes, in order, where a language does not use A, B, C: Russian as GOST 2.105
and 7.32 letter appendices (the Cyrillic capitals without Ё, З, Й, О, Ч, Ь, Ы, Ъ); Arabic in the abjad order
(أ ب ج د هـ و ز …) of lettered items in Arabic documents, هـ with its tatweel so it reads as a letter; Urdu in
the same order with Urdu's forms (الف, ہ, ی, ک), as the Urdu text of Pakistan's laws letters its clauses."""
LATIN_LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def letter(n: int, language: str) -> str:
    """The `n`th letter (from 1) that numbers annexes in `language`: 'A', 'Б', 'ج'; after the last
    letter, two (Z, AA, AB…), as spreadsheets name their columns."""
    letters = ALPHABETS.get(language.split("-")[0].lower(), LATIN_LETTERS)
    out = ""
    while n > 0:
        n, k = divmod(n - 1, len(letters))
        out = letters[k] + out
    return out
