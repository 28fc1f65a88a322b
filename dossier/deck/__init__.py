"""The editable PowerPoint deck: one `render()` call per brief.

The deck builds on Dossier's master (templates/deck.pptx) or on a company
master, whose layouts `layouts` picks; `story` lays the brief out as slides,
`slides` fits every text to its box, `fonts` carries the fonts it names, `package` opens,
saves and checks the file.
"""

from __future__ import annotations

from pathlib import Path

from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn

from . import fonts, package, speedups
from .. import uncollected
from ..errors import RenderError, display_path
from ..style.glyphs import check_fonts
from ..style.labels import Labels, labels_for
from ..model.localize import in_locale
from ..model.markup import to_plain
from ..model import Brief
from ..style.theme import TEMPLATES, Theme
from .layouts import resolve_layouts
from .slides import Slides
from .story import build
from .textframes import Ink

DEFAULT_TEMPLATE = TEMPLATES / "deck.pptx"


@in_locale
@uncollected
def render(brief: Brief, theme: Theme, path: Path, *, template: Path | None = None) -> None:
    """Write the deck for `brief` to exactly `path`.

    `template` is a .pptx/.potx whose layouts to use (Dossier's master when None).
    Its layouts are matched to slide roles by `theme.layouts`, then by name and
    placeholders (dossier.layouts).
    """
    check_fonts(brief, theme)
    with speedups.applied():
        data = _deck(brief, theme, template)
        broken = package.problems(data)
    if broken:
        raise RenderError("the deck failed its structural check, a bug in Dossier (please report it): "
                          + "; ".join(broken))
    Path(path).write_bytes(data)


def _deck(brief: Brief, theme: Theme, template: Path | None) -> bytes:
    """The deck's bytes."""
    prs, chosen = open_master(theme, template)
    labels = labels_for(brief, theme)
    _retag(prs, brief.meeting.language)
    if labels.rtl and template is None:
        _mirror_decorations(prs)
    inks = _inks(theme, chosen["section"]) if template is None else None
    carried = fonts.plan(brief, theme)  # the fonts the deck names: carried, or Office's
    build(Slides(brief, carried.theme, prs, chosen, labels, inks), brief)
    fonts.embed(prs, carried)
    _properties(prs, brief, labels)
    return package.to_bytes(prs, {"docProps/app.xml": package.app_properties(len(prs.slides))})


def open_master(theme: Theme, template: Path | None = None):
    """The master (Dossier's when `template` is None), checked and cleaned, and its layouts chosen
    for each slide role; raises TemplateError naming the file. `check` calls it too."""
    source_path = Path(template) if template is not None else DEFAULT_TEMPLATE
    prs = package.open_master(source_path)
    return prs, resolve_layouts(prs, theme.layouts, source=display_path(source_path))


def _inks(theme: Theme, section) -> dict[Ink, RGBColor]:
    """The accent as text on our master's white slides and on its covers and dividers (whose colour
    the section layout's background gives), each as the theme derives it to read."""
    band = section._element.find(_BACKGROUND)
    c = theme.colors
    return {Ink.ACCENT: RGBColor.from_string(c.accent_text),
            Ink.ACCENT_ON_PRIMARY: RGBColor.from_string(c.accent_on(c.primary if band is None else band.get("val")))}


_BACKGROUND = "/".join(qn(tag) for tag in ("p:cSld", "p:bg", "p:bgPr", "a:solidFill", "a:srgbClr"))


def _mirror_decorations(prs) -> None:
    """Our master's bands and accent bars moved to the other side, for a right-to-left brief
    (a company master's own decorations are left as its designer placed them)."""
    width = int(prs.slide_width)
    for layout in prs.slide_layouts:
        for shape in layout.shapes:
            if not shape.is_placeholder and shape.width is not None:
                shape.left = width - int(shape.left) - int(shape.width)


def _retag(prs, language: str) -> None:
    """The master's and layouts' text tagged with the brief's language, not the master's own."""
    for part in (prs.slide_master, *prs.slide_layouts):
        for element in part._element.iter(*_LANG_TAGS):
            if element.get("lang"):
                element.set("lang", language)


_LANG_TAGS = tuple(qn(tag) for tag in ("a:rPr", "a:defRPr", "a:endParaRPr"))


def _properties(prs, brief: Brief, labels: Labels) -> None:
    m = brief.meeting
    author = _meta(m.author) if m.author else "Dossier"
    package.set_core_properties(
        prs, stamp=True, title=_meta(m.title), author=author, last_modified_by=author,
        subject=_meta(m.subtitle or m.forum or m.kind or m.title),
        keywords=_meta("; ".join(to_plain(x) for x in m.keywords)),
        language=m.language, category=labels("category"), comments="", revision=1)


def _meta(text: str) -> str:
    """Plain text for a core property, which holds at most 255 characters."""
    plain = " ".join(to_plain(text).split())
    return plain if len(plain) <= 255 else plain[:254].rstrip() + "…"
