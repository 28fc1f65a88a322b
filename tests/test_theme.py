"""The theme's colours read: every text colour, on every background it is set on, reaches WCAG AA.

The accent stays for rules, bars and fills; text in the accent takes a colour the theme derives
from it (its hue kept), for our theme and a user's alike. `check` warns about a user's own text
colours that do not read.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pypdf import PdfReader
from pypdf.generic import ContentStream

from conftest import EXAMPLE, ROOT, WEAK, themed
from dossier import deck, pdf
from dossier.style.contrast import AA, AA_LARGE, WHITE, _oklch, on_fill, ratio, readable
from dossier.load import load
from dossier.model.figures import palette
from dossier.style.theme import Colors, load_theme

FIGURES = ROOT / "examples" / "aurelia-borealis-figures.yaml"
def derived(c: Colors) -> list[tuple[str, str, str]]:
    """(what, text colour, background) for every colour the theme derives for text, where it is set."""
    return [("accent text on the page", c.accent_text, WHITE), ("accent text on the tint", c.accent_text, c.tint),
            ("accent text on the band", c.accent_on_primary, c.primary),
            ("the subtitle on the band", c.soft_on_primary, c.primary),
            *((f"a label on series colour {fill}", on_fill(fill, c.text), fill) for fill in palette(c, 12))]


def test_our_theme_reads_everywhere(theme):
    """Our own colours and the derived ones reach 4.5:1 wherever they are text."""
    c = theme.colors
    own = [(f"{name} on {where}", getattr(c, name), bg) for name in ("text", "muted", "primary")
           for where, bg in (("the page", WHITE), ("the tint", c.tint))]
    pairs = [*own, ("the title on the band", WHITE, c.primary), *derived(c)]
    weak = [f"{what}: {fg} on {bg} is {ratio(fg, bg):.2f}:1" for what, fg, bg in pairs if ratio(fg, bg) < AA]
    assert not weak
    assert (c.accent_text, c.accent_on_primary) == ("8B690B", "C29E4E")  # the house gold, darker and lighter
    assert ratio(c.accent, WHITE) < AA  # the reason for them: the gold itself is 3.1:1 on white


def test_a_weak_user_theme_gets_text_colours_that_read(tmp_path):
    """A light yellow accent on a mid-blue band: the derived colours still reach 4.5:1, in the accent's hue."""
    c = load_theme(themed(tmp_path, **WEAK)).colors
    assert ratio(c.accent, WHITE) < AA_LARGE
    weak = [f"{what}: {fg} on {bg} is {ratio(fg, bg):.2f}:1" for what, fg, bg in derived(c) if ratio(fg, bg) < AA]
    assert not weak
    for text in (c.accent_text, c.accent_on_primary):
        assert abs(_oklch(text)[2] - _oklch(c.accent)[2]) < 0.05  # the same hue, another lightness
    assert _oklch(c.accent_text)[0] < _oklch(c.accent)[0]


def test_a_colour_that_reads_is_kept_and_an_impossible_one_comes_closest():
    assert readable("1E2328", (WHITE,)) == "1E2328"
    assert ratio(readable("777777", ("808080",)), "808080") >= AA  # a grey on mid-grey: a dark grey
    best = readable("B08D3C", (WHITE, "000000"), target=7)  # nothing reads at 7:1 on both white and black
    assert min(ratio(best, WHITE), ratio(best, "000000")) > 4.5
    assert on_fill("808080", "1E2328") == "000000"  # neither the text colour nor white reaches 4.5:1 there


def test_the_page_and_the_deck_set_the_accent_text_not_the_accent(tmp_path, theme):
    """The PDF's text is never in the raw accent; the deck's numbers and kickers take the derived colours."""
    brief, c = load(EXAMPLE), theme.colors
    pdf.render(brief, theme, tmp_path / "brief.pdf")
    colours = text_colours(tmp_path / "brief.pdf")
    assert c.accent_text in colours and c.accent_on_primary in colours
    assert c.accent not in colours
    deck.render(load(FIGURES), theme, tmp_path / "brief.pptx")  # its long chapters have dividers
    found = deck_text_colours(tmp_path / "brief.pptx")
    assert {(fg, bg) for fg, bg, _, _ in found} >= {(c.accent_text, WHITE), (c.accent_on_primary, c.primary)}
    assert c.accent not in {fg for fg, _, _, _ in found}


@pytest.mark.parametrize("colors", [{}, WEAK], ids=["ours", "a user's"])
def test_every_explicit_text_colour_on_the_deck_reads(colors, tmp_path):
    """Each run the deck colours itself reaches 4.5:1 on its slide (3:1 at 18 pt, or 14 pt bold)."""
    theme = load_theme(themed(tmp_path, **colors))
    deck.render(load(EXAMPLE), theme, tmp_path / "brief.pptx")
    weak = [f"{fg} on {bg} at {size:g} pt: {ratio(fg, bg):.2f}:1"
            for fg, bg, size, bold in deck_text_colours(tmp_path / "brief.pptx")
            if ratio(fg, bg) < (AA_LARGE if size >= (14 if bold else 18) else AA)]
    assert not weak


def test_chart_labels_read_on_their_fills(tmp_path, theme):
    """The deck's labels inside stacked columns and pie slices are in a colour that reads on the fill."""
    deck.render(load(FIGURES), theme, tmp_path / "figures.pptx")
    pairs = []
    for slide in Presentation(tmp_path / "figures.pptx").slides:
        for chart in (s.chart for s in slide.shapes if s.has_chart):
            plot = chart.plots[0]
            if chart.chart_type.name.startswith("PIE") or chart.chart_type.name.startswith("DOUGHNUT"):
                for k in range(len(plot.categories)):
                    point = plot.series[0].points[k]
                    pairs.append((str(point.data_label.font.color.rgb), str(point.format.fill.fore_color.rgb)))
            elif "STACKED" in chart.chart_type.name:
                pairs += [(str(s.data_labels.font.color.rgb), str(s.format.fill.fore_color.rgb)) for s in plot.series
                          if s._element.find(qn("c:dLbls")) is not None]
    assert len(pairs) >= 5
    assert [(fg, bg) for fg, bg in pairs if ratio(fg, bg) < AA] == []


def test_check_warns_about_a_user_theme_whose_text_does_not_read(tmp_path):
    """A warning, not an error: the theme file, the field's line and column, the colour, and one that reads."""
    path = themed(tmp_path, muted="A0A8B0")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", str(EXAMPLE), "--theme", str(path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(lines) == 1, result.stderr
    assert re.match(r"warning: \S*theme\.yaml:7:10: colors\.muted: 'A0A8B0' has a contrast of 2\.\d\d:1 on the tint "
                    r"'EEF2F6' \(2\.\d\d:1 on white\); text under 18 pt needs 4\.5:1 \(WCAG AA\)\..* '[0-9A-F]{6}', "
                    r"the same hue darker, reaches it$", lines[0]), lines[0]
    ours = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", str(EXAMPLE), "--theme",
                           str(themed(tmp_path))], capture_output=True, text=True, timeout=300)
    assert ours.returncode == 0 and "warning" not in ours.stderr, ours.stderr


def text_colours(path: Path) -> set[str]:
    """The fill colours the PDF's text is drawn in."""
    reader, found = PdfReader(path), set()
    for page in reader.pages:
        fill = (0, 0, 0)
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"rg", b"sc", b"scn") and len(operands) == 3:
                fill = tuple(round(float(x) * 255) for x in operands)
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                found.add("%02X%02X%02X" % fill)
    return found


def deck_text_colours(path: Path) -> list[tuple[str, str, float, bool]]:
    """(colour, slide background, size in pt, bold) of every run the deck colours itself, as RGB or as one of
    the master's theme colours, in a text box or placeholder; the background is the layout's (our
    master's covers and dividers), else white."""
    prs, found = Presentation(path), []
    scheme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob).find(f".//{qn('a:clrScheme')}")
    named = {child.tag.split("}")[1]: child[0].get("val") for child in scheme}
    named.update(tx1=named["dk1"], tx2=named["dk2"], bg1=named["lt1"], bg2=named["lt2"])
    for slide in prs.slides:
        fill = slide.slide_layout._element.find("/".join(qn(t) for t in ("p:cSld", "p:bg", "p:bgPr", "a:solidFill",
                                                                          "a:srgbClr")))
        background = WHITE if fill is None else fill.get("val")
        for shape in (s for s in slide.shapes if s.has_text_frame):
            for r in shape._element.iter(qn("a:r")):
                color = r.find(f"{qn('a:rPr')}/{qn('a:solidFill')}/*")
                if color is not None:
                    val = color.get("val")
                    rPr = r.find(qn("a:rPr"))
                    found.append((named[val] if color.tag == qn("a:schemeClr") else val, background,
                                  int(rPr.get("sz")) / 100, rPr.get("b") == "1"))
    return found
