"""The deck carries its fonts, or names ones that ship with Office.

Decided once per brief (`plan`), from its letters: each font the deck names, for Latin text
(`a:latin`, the heading font) and for complex scripts (`a:cs`, the language's own font or
the first fallback), is either the theme's file, carried in the deck when its licence
allows (`embed`), or a font that ships with Office for the brief's script (Calibri for
Latin and Cyrillic, Arial for Arabic, Urdu Typesetting for Urdu…). A name that differs
from its file's family (the theme's `deck_name: Calibri` for Carlito, which has its
metrics) is a font Office has, and is kept.

Carried fonts are written as PowerPoint writes them: an `p:embeddedFontLst` in
presentation.xml whose `p:regular`/`p:bold`/… point at `ppt/fonts/fontN.fntdata` parts,
each an Embedded OpenType (EOT 2.1, uncompressed) wrapping the font, cut down to the rows
of Unicode (128 characters each) the deck's text touches, so that a word can be mended
in any letter of its script, unless that would keep more than half of the font anyway.
"""

from __future__ import annotations

import io
import logging
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml.ns import qn

from ..model import Brief
from ..style.glyphs import OFFICE_FALLBACK, OFFICE_FONTS, embedding, family, letters, office_fallback, subsettable
from ..style.labels import primary
from ..style.theme import Font, Theme, characters

STYLES = (("regular", False, False), ("bold", True, False), ("italic", False, True), ("boldItalic", True, True))
"""The `p:embeddedFont` children, with the style each holds."""

ROW = 7
"""Characters are kept by rows of 2**ROW code points: the letters of a script come whole."""


@dataclass(frozen=True)
class DeckFonts:
    """What a deck names and carries."""

    theme: Theme
    """The theme with each font's `deck_name` as the deck writes it (an Office font where the
    theme's cannot be carried)."""
    carried: tuple[Font, ...]
    """The theme's fonts the deck carries, under their `deck_name`."""


def plan(brief: Brief, theme: Theme) -> DeckFonts:
    """The deck's fonts for `brief`: the heading font for Latin text, the language's own font (or
    the first fallback) for complex scripts; each carried when the brief has letters it sets and
    its licence allows, else named when Office has it, else replaced by Office's font for the
    script of the brief's letters."""
    fonts, language = theme.fonts, brief.meeting.language
    text = letters(brief)
    heading = characters(fonts.heading.file())
    own = fonts.languages.get(primary(language))
    complex_font = own or (fonts.fallback[0] if fonts.fallback else None)
    carried: list[Font] = []

    def named(font: Font, chars: set[str], office: str) -> Font:
        if font.deck_name == family(font.file()) and not embedding(font.file()) and chars:
            carried.append(font)
            return font
        if font.deck_name in OFFICE_FONTS:
            return font
        return font.model_copy(update={"deck_name": office})

    latin = named(fonts.heading, set(text), OFFICE_FALLBACK["LATIN"])
    update = {"heading": latin}
    if complex_font is not None:
        chars = {c for c in text if ord(c) not in heading and ord(c) in characters(complex_font.file())}
        replaced = named(complex_font, chars, office_fallback(chars, language))
        if own:
            update["languages"] = {**fonts.languages, primary(language): replaced}
        else:
            update["fallback"] = [replaced, *fonts.fallback[1:]]
    return DeckFonts(theme.model_copy(update={"fonts": fonts.model_copy(update=update)}), tuple(carried))


# ---------------------------------------------------------------- carrying


def embed(prs, fonts: DeckFonts) -> None:
    """Carry `fonts.carried` in the presentation: a font part for each style the deck's text sets in
    it, cut down to what the text needs (see the module's docstring)."""
    if not fonts.carried:
        return
    used = _used(prs)
    entries = []
    for font in fonts.carried:
        text = "".join(used.get((font.deck_name, b, i), "") for _, b, i in STYLES)
        if not text:
            continue
        # the regular always: PowerPoint makes a style the theme has no file for from it
        styles = [(tag, bold, italic) for tag, bold, italic in STYLES
                  if tag == "regular" or (used.get((font.deck_name, bold, italic)) and _has(font, bold, italic))]
        parts = [(tag, _part(prs, font_data(font.file(bold, italic), text))) for tag, bold, italic in styles]
        entries.append((font, parts))
    if entries:
        _list(prs, entries)


def _has(font: Font, bold: bool, italic: bool) -> bool:
    """Whether the theme gives a file of its own for a style (else PowerPoint makes it from the regular)."""
    return not (bold or italic) or bool({(True, False): font.bold, (False, True): font.italic,
                                         (True, True): font.bold_italic}[(bold, italic)])


def _part(prs, data: bytes) -> str:
    """A new font part related to the presentation; its relationship's id."""
    package = prs.part.package
    part = Part(package.next_partname("/ppt/fonts/font%d.fntdata"), CT.X_FONTDATA, package, data)
    return prs.part.relate_to(part, RT.FONT)


_AFTER = tuple(qn(f"p:{tag}") for tag in ("smartTags", "notesSz", "sldSz"))


def _list(prs, entries: list[tuple[Font, list[tuple[str, str]]]]) -> None:
    """presentation.xml's `p:embeddedFontLst`, in its place in the schema's order."""
    root = prs.part._element
    root.set("embedTrueTypeFonts", "1")
    root.set("saveSubsetFonts", "1")
    lst = etree.Element(qn("p:embeddedFontLst"))
    for font, parts in entries:
        entry = etree.SubElement(lst, qn("p:embeddedFont"))
        etree.SubElement(entry, qn("p:font"), typeface=font.deck_name, panose=_panose(font.file()))
        for tag, rid in parts:
            etree.SubElement(entry, qn(f"p:{tag}"), {qn("r:id"): rid})
    anchor = next(e for tag in _AFTER for e in root.iterchildren(tag))
    anchor.addnext(lst)


_A_TEXT = qn("a:t")
_RUNS = (qn("a:r"), qn("a:fld"))
_TITLES = {"title", "ctrTitle"}


def _used(prs) -> dict[tuple[str, bool, bool], str]:
    """The text of every run on the slides, by (typeface named in its `a:latin` or `a:cs`, bold,
    italic). A title's runs are bold unless they say otherwise: the master's title style is."""
    used: dict[tuple[str, bool, bool], list[str]] = {}
    for slide in prs.slides:
        parts = [slide.part, *(rel.target_part for rel in slide.part.rels.values()
                               if rel.reltype == RT.CHART)]
        for part in parts:
            for run in part._element.iter(*_RUNS):
                rpr = run.find(qn("a:rPr"))
                if rpr is None:
                    continue
                title = _in_title(run)
                bold = rpr.get("b", "1" if title else "0") in ("1", "true")
                italic = rpr.get("i", "0") in ("1", "true")
                text = "".join(t.text or "" for t in run.iter(_A_TEXT))
                for slot in ("a:latin", "a:cs"):
                    face = rpr.find(qn(slot))
                    if face is not None:
                        used.setdefault((face.get("typeface"), bold, italic), []).append(text)
    return {key: "".join(texts) for key, texts in used.items()}


def _in_title(run) -> bool:
    shape = next(run.iterancestors(qn("p:sp")), None)
    ph = None if shape is None else shape.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
    return ph is not None and ph.get("type") in _TITLES


# ---------------------------------------------------------------- the font parts


def font_data(path: Path, text: str) -> bytes:
    """A `.fntdata` part: the font at `path` as Embedded OpenType, cut down to the rows of `text`."""
    rows = {ord(c) >> ROW for c in text} | {0x20 >> ROW, ord("0") >> ROW}
    return _font_data(Path(path).resolve(), frozenset(rows))


@lru_cache(maxsize=16)
def _font_data(path: Path, rows: frozenset[int]) -> bytes:
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    have = characters(path)
    keep = sorted(c for c in have if c >> ROW in rows)
    whole = path.read_bytes()
    if 2 * len(keep) > len(have) or not subsettable(path):
        return _eot(whole, subset=False)
    from fontTools import subset

    options = subset.Options(recalc_timestamp=False, layout_features=["*"], name_IDs=["*"],
                             name_languages=["*"], notdef_outline=True, glyph_names=False)
    with TTFont(io.BytesIO(whole), recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=keep)
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
    return _eot(out.getvalue(), subset=True)


EOT_VERSION = 0x00020001
EOT_MAGIC = 0x504C
DEFAULT_CHARSET = 1
TTEMBED_SUBSET = 0x1


def _eot(sfnt: bytes, *, subset: bool) -> bytes:
    """An Embedded OpenType file (W3C EOT 2.1, neither compressed nor XOR-ed) around a TrueType or
    OpenType font, as PowerPoint reads `.fntdata` parts; its flags say whether it is a `subset`."""
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(sfnt), lazy=True) as font:
        os2, head, names = font["OS/2"], font["head"], font["name"]
        strings = b"".join(
            struct.pack("<HH", 0, len(value)) + value for value in (
                (names.getDebugName(n) or "").encode("utf-16-le") for n in (1, 2, 5, 4))
        ) + struct.pack("<HH", 0, 0)  # Padding5 and an empty RootString: no site restriction
        fixed = (struct.pack("<II", EOT_VERSION, TTEMBED_SUBSET if subset else 0) + _panose_bytes(os2)
                 + struct.pack("<BBIHH", DEFAULT_CHARSET, 1 if os2.fsSelection & 1 else 0, _weight(os2),
                               os2.fsType, EOT_MAGIC)
                 + struct.pack("<4I", os2.ulUnicodeRange1, os2.ulUnicodeRange2, os2.ulUnicodeRange3,
                               os2.ulUnicodeRange4)
                 + struct.pack("<2I", getattr(os2, "ulCodePageRange1", 0), getattr(os2, "ulCodePageRange2", 0))
                 + struct.pack("<I", head.checkSumAdjustment) + bytes(16))
    header_size = 8 + len(fixed) + len(strings)
    return struct.pack("<II", header_size + len(sfnt), len(sfnt)) + fixed + strings + sfnt


def _weight(os2) -> int:
    """The weight PowerPoint installs the face at: at least 700 for a bold face (fsSelection bit 5),
    whatever its usWeightClass says (Noto Nastaliq Urdu Bold says 400)."""
    return max(os2.usWeightClass, 700) if os2.fsSelection & 0x20 else os2.usWeightClass


def _panose_bytes(os2) -> bytes:
    p = os2.panose
    return bytes([p.bFamilyType, p.bSerifStyle, p.bWeight, p.bProportion, p.bContrast, p.bStrokeVariation,
                  p.bArmStyle, p.bLetterForm, p.bMidline, p.bXHeight])


def _panose(path: Path) -> str:
    """The font's PANOSE classification as DrawingML writes it: ten bytes in hex."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return _panose_bytes(font["OS/2"]).hex().upper()
