"""Generate Dossier's own master deck, `templates/deck.pptx`.

python-pptx cannot author layouts, so this starts from python-pptx's default
template and rewrites the XML: a 16:9 slide, the theme's colours and fonts
(written as "Calibri", measured with the metric-compatible Carlito), and the
named layouts the deck uses — "Title", "Section", "Content", "Two Content",
"Title Only", "Closing" and "Blank".

Regenerate with `python -m dossier.deck.master` (it writes templates/deck.pptx).
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml

from .geometry import EMU_PER_INCH
from .package import set_core_properties, to_bytes
from ..style.theme import TEMPLATES, Theme, load_theme

SLIDE_W = 12192000  # 13.333 in
SLIDE_H = 6858000  # 7.5 in

_NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)


def _in(value: float) -> int:
    return round(value * EMU_PER_INCH)


# Geometry shared by the layouts (inches). The deck measures the placeholders
# it finds, so these numbers live here only.
MARGIN = 0.6
TITLE_TOP, TITLE_H = 0.2, 1.55  # four lines of a 300-character title at the floor size
RULE_Y = 1.83
BODY_TOP, BODY_BOTTOM = 2.0, 6.65
FOOT_TOP, FOOT_H = 6.85, 0.4
WIDTH = 13.333 - 2 * MARGIN
GUTTER = 0.4


class _Ids:
    def __init__(self) -> None:
        self.next = 2

    def __call__(self) -> int:
        self.next += 1
        return self.next - 1


def _xfrm(x: float, y: float, w: float, h: float) -> str:
    return f'<a:xfrm><a:off x="{_in(x)}" y="{_in(y)}"/><a:ext cx="{_in(w)}" cy="{_in(h)}"/></a:xfrm>'


def _ph(ids: _Ids, name: str, ph: str, box: tuple[float, float, float, float], *,
        anchor: str = "t", lst: str = "", text: str = "", geometry: bool = False) -> str:
    pid = ids()
    geom = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>' if geometry else ""
    body = (f'<a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
            f'rtlCol="0" anchor="{anchor}"><a:noAutofit/></a:bodyPr>')
    para = text or '<a:p><a:endParaRPr lang="en-US"/></a:p>'
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{pid}" name="{name} {pid - 1}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>'
        f'<p:spPr>{_xfrm(*box)}{geom}</p:spPr>'
        f'<p:txBody>{body}<a:lstStyle>{lst}</a:lstStyle>{para}</p:txBody></p:sp>'
    )


def _rect(ids: _Ids, name: str, box: tuple[float, float, float, float], color: str) -> str:
    pid = ids()
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{pid}" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr>{_xfrm(*box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr>'
        f'<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>'
    )


def _lvl(color: str, size: int, *, bold: bool = False, algn: str = "l") -> str:
    b = ' b="1"' if bold else ""
    return (f'<a:lvl1pPr marL="0" indent="0" algn="{algn}"><a:buNone/>'
            f'<a:defRPr sz="{size}"{b}><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></a:defRPr></a:lvl1pPr>')


def _footers(ids: _Ids, color: str) -> str:
    lst = _lvl(color, 1000)
    num = _lvl(color, 1000, algn="r")
    return (
        _ph(ids, "Footer Placeholder", '<p:ph type="ftr" sz="quarter" idx="11"/>',
            (MARGIN, FOOT_TOP, WIDTH - 1.2, FOOT_H), anchor="ctr", lst=lst)
        + _ph(ids, "Slide Number Placeholder", '<p:ph type="sldNum" sz="quarter" idx="12"/>',
              (MARGIN + WIDTH - 1.0, FOOT_TOP, 1.0, FOOT_H), anchor="ctr", lst=num,
              text='<a:p><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum">'
                   '<a:rPr lang="en-US"/><a:t>‹#›</a:t></a:fld><a:endParaRPr lang="en-US"/></a:p>')
    )


def _tree(shapes: str) -> str:
    return (
        '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
        f'<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>{shapes}</p:spTree>'
    )


def _bg(color: str) -> str:
    return f'<p:bg><p:bgPr><a:solidFill><a:srgbClr val="{color}"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>'


def _layout(kind: str, name: str, bg: str, shapes: str) -> str:
    return (
        f'<p:sldLayout {_NS} type="{kind}" preserve="1"><p:cSld name="{name}">{bg}{_tree(shapes)}</p:cSld>'
        '<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>'
    )


def _layouts(theme: Theme) -> list[tuple[str, str]]:
    c = theme.colors
    light = "FFFFFF"
    out: list[tuple[str, str]] = []

    def title_ph(ids: _Ids, box, anchor="b", color=c.primary, size=int(theme.sizes.deck_title * 100)):
        return _ph(ids, "Title", '<p:ph type="title"/>', box, anchor=anchor, lst=_lvl(color, size, bold=True))

    def rules(ids: _Ids) -> str:
        return (_rect(ids, "Rule", (MARGIN, RULE_Y, WIDTH, 0.015), c.rule)
                + _rect(ids, "Accent Bar", (MARGIN, RULE_Y - 0.025, 1.1, 0.065), c.accent))

    body_box = (MARGIN, BODY_TOP, WIDTH, BODY_BOTTOM - BODY_TOP)
    title_box = (MARGIN, TITLE_TOP, WIDTH, TITLE_H)

    def navy(kind: str, name: str, title_ph: str, title_y: float, title_h: float, size: int, bar_y: float,
             text_name: str, text_ph: str, text_h: float, footers: bool) -> tuple[str, str]:
        """A navy slide: a gold side band, a large title, a gold bar, a line of text under it."""
        ids = _Ids()
        shapes = (_rect(ids, "Side Band", (0, 0, 0.22, 7.5), c.accent)
                  + _ph(ids, "Title", title_ph, (1.0, title_y, 11.4, title_h), anchor="b",
                        lst=_lvl(light, size, bold=True))
                  + _rect(ids, "Accent Bar", (1.1, bar_y, 1.4, 0.07), c.accent)
                  + _ph(ids, text_name, text_ph, (1.0, bar_y + 0.25, 11.4, text_h), lst=_lvl(c.rule, 2000))
                  + (_footers(ids, c.rule) if footers else ""))
        return name, _layout(kind, name, _bg(c.primary), shapes)

    title_size = int(theme.sizes.deck_title * 125)
    out.append(navy("title", "Title", '<p:ph type="ctrTitle"/>', 0.7, 3.0, title_size, 3.9,
                    "Subtitle", '<p:ph type="subTitle" idx="1"/>', 2.85, footers=False))
    out.append(navy("secHead", "Section", '<p:ph type="title"/>', 1.2, 2.6, int(theme.sizes.deck_title * 112),
                    4.0, "Text", '<p:ph type="body" idx="1"/>', 2.3, footers=True))

    ids = _Ids()
    out.append(("Content", _layout("obj", "Content", "",
        title_ph(ids, title_box) + rules(ids)
        + _ph(ids, "Content", '<p:ph idx="1"/>', body_box)
        + _footers(ids, c.muted))))

    ids = _Ids()
    half = (WIDTH - GUTTER) / 2
    out.append(("Two Content", _layout("twoObj", "Two Content", "",
        title_ph(ids, title_box) + rules(ids)
        + _ph(ids, "Content", '<p:ph sz="half" idx="1"/>', (MARGIN, BODY_TOP, half, BODY_BOTTOM - BODY_TOP))
        + _ph(ids, "Content", '<p:ph sz="half" idx="2"/>',
              (MARGIN + half + GUTTER, BODY_TOP, half, BODY_BOTTOM - BODY_TOP))
        + _footers(ids, c.muted))))

    ids = _Ids()
    out.append(("Title Only", _layout("titleOnly", "Title Only", "",
        title_ph(ids, title_box) + rules(ids) + _footers(ids, c.muted))))

    out.append(navy("obj", "Closing", '<p:ph type="title"/>', 1.4, 2.2, title_size, 3.8,
                    "Text", '<p:ph type="body" idx="1"/>', 2.4, footers=True))

    ids = _Ids()
    out.append(("Blank", _layout("blank", "Blank", "", _footers(ids, c.muted))))
    return out


def _master(theme: Theme, layout_ids: str) -> str:
    c = theme.colors
    ids = _Ids()
    title = int(theme.sizes.deck_title * 100)
    body = int(theme.sizes.deck_body * 100)
    shapes = (
        _ph(ids, "Title Placeholder", '<p:ph type="title"/>', (MARGIN, TITLE_TOP, WIDTH, TITLE_H),
            anchor="b", geometry=True)
        + _ph(ids, "Text Placeholder", '<p:ph type="body" idx="1"/>',
              (MARGIN, BODY_TOP, WIDTH, BODY_BOTTOM - BODY_TOP), geometry=True)
        + _ph(ids, "Date Placeholder", '<p:ph type="dt" sz="half" idx="2"/>',
              (MARGIN + WIDTH - 3.2, FOOT_TOP, 2.0, FOOT_H), anchor="ctr", geometry=True,
              lst=_lvl(c.muted, 1000, algn="r"))
        + _ph(ids, "Footer Placeholder", '<p:ph type="ftr" sz="quarter" idx="3"/>',
              (MARGIN, FOOT_TOP, WIDTH - 1.2, FOOT_H), anchor="ctr", geometry=True,
              lst=_lvl(c.muted, 1000))
        + _ph(ids, "Slide Number Placeholder", '<p:ph type="sldNum" sz="quarter" idx="4"/>',
              (MARGIN + WIDTH - 1.0, FOOT_TOP, 1.0, FOOT_H), anchor="ctr", geometry=True,
              lst=_lvl(c.muted, 1000, algn="r"))
    )

    def level(n: int) -> str:
        mar = 0 if n == 1 else 320040 * (n - 1)
        size = body if n <= 2 else body - 200
        return (f'<a:lvl{n}pPr marL="{mar + 320040}" indent="-320040" algn="l" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">'
                '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts val="900"/></a:spcBef>'
                f'<a:buClr><a:srgbClr val="{c.accent}"/></a:buClr><a:buFont typeface="Arial"/><a:buChar char="•"/>'
                f'<a:defRPr sz="{size}" kern="1200"><a:solidFill><a:srgbClr val="{c.text}"/></a:solidFill>'
                '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl' f'{n}pPr>')

    def other(n: int) -> str:
        return (f'<a:lvl{n}pPr marL="{457200 * (n - 1)}" algn="l" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">'
                f'<a:defRPr sz="1800" kern="1200"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill>'
                '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl' f'{n}pPr>')

    styles = (
        '<p:txStyles><p:titleStyle><a:lvl1pPr algn="l" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">'
        '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/>'
        f'<a:defRPr sz="{title}" b="1" kern="1200"><a:solidFill><a:srgbClr val="{c.primary}"/></a:solidFill>'
        '<a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/></a:defRPr></a:lvl1pPr></p:titleStyle>'
        f'<p:bodyStyle>{"".join(level(n) for n in range(1, 10))}</p:bodyStyle>'
        f'<p:otherStyle><a:defPPr><a:defRPr lang="en-US"/></a:defPPr>{"".join(other(n) for n in range(1, 10))}</p:otherStyle>'
        '</p:txStyles>'
    )
    return (
        f'<p:sldMaster {_NS}><p:cSld>{_bg("FFFFFF")}{_tree(shapes)}</p:cSld>'
        '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" '
        'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
        f'{layout_ids}{styles}</p:sldMaster>'
    )


def _retheme(xml: bytes, theme: Theme) -> bytes:
    root = etree.fromstring(xml)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    c = theme.colors
    scheme = {
        "dk1": c.text, "lt1": "FFFFFF", "dk2": c.primary, "lt2": c.tint,
        "accent1": c.primary, "accent2": c.accent, "accent3": c.muted, "accent4": c.rule,
        "accent5": "3C6E9F", "accent6": "7A8F6A", "hlink": "2F5E8F", "folHlink": c.muted,
    }
    clr = root.find(f".//{a}clrScheme")
    clr.set("name", "Dossier")
    for child in clr:
        name = child.tag.replace(a, "")
        for sub in list(child):
            child.remove(sub)
        etree.SubElement(child, f"{a}srgbClr", val=scheme[name])
    fonts = root.find(f".//{a}fontScheme")
    fonts.set("name", "Dossier")
    for part, font in (("majorFont", theme.fonts.heading), ("minorFont", theme.fonts.body)):
        fonts.find(f"{a}{part}/{a}latin").set("typeface", font.deck_name)
    root.find(f".//{a}themeElements").getparent().set("name", "Dossier")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build(theme: Theme | None = None) -> bytes:
    """The master deck as bytes."""
    theme = theme or load_theme()
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    size = prs.part._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}sldSz")
    size.attrib.pop("type", None)  # not "screen4x3": a 16:9 widescreen size has no type
    master = prs.slide_master
    layouts = list(prs.slide_layouts)
    designs = _layouts(theme)
    # Keep as many of the default layout parts as we need; rewrite each one.
    keep = layouts[: len(designs)]
    lst = master._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}sldLayoutIdLst")
    for layout in layouts[len(designs):]:
        for entry in list(lst):
            rid = entry.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            if master.part.related_part(rid) is layout.part:
                lst.remove(entry)
                master.part.drop_rel(rid)
    for layout, (_, xml) in zip(keep, designs):
        layout.part._element = parse_xml(xml.encode())
    layout_ids = etree.tostring(lst).decode()
    master.part._element = parse_xml(_master(theme, layout_ids).encode())
    theme_part = master.part.part_related_by(RT.THEME)
    theme_part._blob = _retheme(theme_part.blob, theme)
    # No thumbnail of python-pptx's default, no printer settings, neutral properties.
    pkg = prs.part.package
    for rid, rel in list(pkg._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg._rels.pop(rid)
    for rid, rel in list(prs.part.rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            prs.part.drop_rel(rid)
    set_core_properties(prs, title="Dossier master", author="Dossier", last_modified_by="Dossier",
                        comments="", subject="", keywords="", category="", revision=1)
    return to_bytes(prs)  # deterministic bytes, like the decks


def main(argv: list[str] | None = None) -> int:
    target = Path((argv or sys.argv[1:] or [str(TEMPLATES / "deck.pptx")])[0])
    target.write_bytes(build())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
