"""Hardening: hostile themes, company masters, shared output folders, races and resource bombs.

Every master here is generated at test time from templates/deck.pptx. Every case ends with
exit code 0 or 1 and a clear message: no traceback, no "internal error", no request to the
local server, no write through a planted symlink.
"""

from __future__ import annotations

import io
import os
import re
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from conftest import ROOT, pdf_text
from dossier import TEMPLATES
from dossier.build import Options, build_one
from dossier.errors import InvalidInput
from dossier.style.theme import load_theme
from dossier.build.timelimit import Expired, OutOfMemory, run_limited
from dossier.build.write import atomic_path

VALID = ROOT / "tests" / "cases" / "valid.yaml"
THEME = TEMPLATES / "theme.yaml"
DECK = TEMPLATES / "deck.pptx"
MASTER = "ppt/slideMasters/slideMaster1.xml"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
BAD = ("Traceback", "internal error", "a bug in Dossier")


def run_cli(*args, timeout: float = 300) -> subprocess.CompletedProcess:
    """build.py with these arguments; it must end with 0 or 1 and no traceback."""
    run = subprocess.run([sys.executable, "build.py", *map(str, args)], cwd=ROOT, capture_output=True,
                         text=True, timeout=timeout)
    assert run.returncode in (0, 1), run.stderr
    assert not any(bad in run.stdout + run.stderr for bad in BAD), run.stderr
    return run


def clean(problems: list[str]) -> str:
    text = "\n".join(problems)
    assert not any(bad in text for bad in BAD), text
    return text


# ---------------------------------------------------------------- themes


def theme_file(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = THEME.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "theme.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    """The number of the first line of `path` that holds `text`."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def theme_problems(path: Path) -> list[str]:
    with pytest.raises(InvalidInput) as error:
        load_theme(path)
    return [str(p) for p in error.value.problems]


STYLE_BREAKOUT = 'Carlito"; }</style><script>fetch("http://127.0.0.1:9/xss")</script><style>x{a:"'
BLANK_PAGE = 'Carlito"; } body { display: none } x { a: "'


@pytest.mark.parametrize("family", [STYLE_BREAKOUT, BLANK_PAGE, "Carlito\\A", "Noto Serif;", "x" * 65])
def test_a_font_family_is_a_name_never_css(tmp_path, family):
    quoted = "'" + family.replace("'", "''") + "'"
    path = theme_file(tmp_path, ("family: Carlito", f"family: {quoted}"))
    [problem] = theme_problems(path)
    line = line_of(path, "family:")
    assert re.match(rf"{re.escape(str(path))}:{line}:13: fonts\.heading\.family: .* is not a font family name",
                    problem)


def test_theme_css_escapes_whatever_reaches_it(theme):
    """Defence in depth: even a theme built without validation cannot end a string, rule or element."""
    import tinycss2

    from dossier.pdf.styles import theme_css

    fonts = theme.fonts.model_copy(update={"heading": theme.fonts.heading.model_copy(
        update={"family": STYLE_BREAKOUT + "\n}\\"})})
    css = theme_css(theme.model_copy(update={"fonts": fonts}), lambda path: 'x")}</style>' + path.name)
    assert "</style>" not in css and "<" not in css
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    fonts_ = theme.fonts
    faces = sum(1 for f in (fonts_.heading, fonts_.body, *fonts_.fallback, *fonts_.languages.values())
                for name in (f.regular, f.bold, f.italic, f.bold_italic) if name)
    assert [r.type for r in rules] == ["at-rule"] * faces + ["qualified-rule", "at-rule"]
    declarations = tinycss2.parse_blocks_contents(rules[0].content, skip_whitespace=True)
    assert [d.name for d in declarations if d.type == "declaration"] == [
        "font-family", "src", "font-weight", "font-style"]
    family = next(d for d in declarations if d.type == "declaration" and d.name == "font-family")
    assert family.value[1].value == STYLE_BREAKOUT + "\n}\\"


@pytest.mark.parametrize("replacements, key, field", [
    ((("pdf_body: 11", "pdf_body: 0.0001"),), "pdf_body:", "sizes.pdf_body"),
    ((("deck_title: 32", "deck_title: 200"), ("deck_body: 20", "deck_body: 150")), "deck_title:", "sizes.deck_title"),
    ((("deck_body_min: 14", "deck_body_min: 40"), ("deck_body: 20", "deck_body: 40")), "deck_body_min:",
     "sizes.deck_body_min"),
    ((("deck_title_min: 20", "deck_title_min: inf"),), "deck_title_min:", "sizes.deck_title_min"),
])
def test_sizes_the_renderers_cannot_lay_out_are_refused_up_front(tmp_path, replacements, key, field):
    path = theme_file(tmp_path, *replacements)
    line = line_of(path, f"  {key}")
    problems = theme_problems(path)
    assert any(p.startswith(f"{path}:{line}:") and f"{field}: " in p and "cannot be laid out" in p
               for p in problems), problems


def test_the_largest_and_smallest_sizes_allowed_lay_out(tmp_path):
    for name, sizes in (("large", ("24", "96", "48", "72", "32")), ("small", ("6", "12", "8", "8", "6"))):
        folder = tmp_path / name
        folder.mkdir()
        path = theme_file(folder, ("pdf_body: 11", f"pdf_body: {sizes[0]}"),
                          ("deck_title: 32", f"deck_title: {sizes[1]}"),
                          ("deck_title_min: 20", f"deck_title_min: {sizes[2]}"),
                          ("deck_body: 20", f"deck_body: {sizes[3]}"),
                          ("deck_body_min: 14", f"deck_body_min: {sizes[4]}"))
        for template in (None, ROOT / "tests" / "masters" / "other.pptx"):
            result = build_one(VALID, Options(out=folder / "out", theme=path, deck_template=template, force=True))
            assert not result.failed, result.problems


@pytest.mark.parametrize("name, message", [
    ("brief.css", "is not a font file"),
    ("deck.pptx", "is not a font file"),
    ("fonts/LICENSE-Noto.txt", "is not a font file"),
])
def test_a_font_file_must_be_a_font(tmp_path, name, message):
    path = theme_file(tmp_path, ("regular: fonts/Carlito-Regular.ttf", f"regular: {name}"))
    [problem] = theme_problems(path)
    assert problem.startswith(f"{path}:{line_of(path, 'regular:')}:14: fonts.heading.regular: '{name}' {message}")


def test_a_bad_theme_fails_before_anything_is_written(tmp_path):
    path = theme_file(tmp_path, ("regular: fonts/Carlito-Regular.ttf", "regular: brief.css"))
    run = run_cli(VALID, "--theme", path, "--out", tmp_path / "out", "--format", "all", "-j", "1")
    assert run.returncode == 1 and "is not a font file" in run.stderr
    assert not list((tmp_path / "out").glob("valid.*"))


# ---------------------------------------------------------------- company masters


def make_master(tmp_path: Path, changes: dict, name: str = "company.pptx", source: Path = DECK) -> Path:
    """`source` with parts replaced (bytes), edited (a function of the old bytes) or removed (None)."""
    path = tmp_path / name
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        names = src.namelist()
        for part in names + [n for n in changes if n not in names]:
            change = changes.get(part, ...)
            if change is None:
                continue
            data = src.read(part) if part in names else b""
            out.writestr(part, data if change is ... else change(data) if callable(change) else change)
    return path


def add_rels(*rels: tuple[str, str, str, bool]):
    """An edit adding relationships (id, type, target, external) to a .rels part."""
    def edit(data: bytes) -> bytes:
        mode = ' TargetMode="External"'
        extra = "".join(f'<Relationship Id="{i}" Type="{REL}{t}" Target="{target}"{mode if external else ""}/>'
                        for i, t, target, external in rels)
        return data.replace(b"</Relationships>", extra.encode() + b"</Relationships>")
    return edit


def add_shapes(xml: str):
    return lambda data: data.replace(b"</p:spTree>", xml.encode() + b"</p:spTree>", 1)


def linked_picture(rid: str, attribute: str = "r:link") -> str:
    return (f'<p:pic><p:nvPicPr><p:cNvPr id="90" name="Linked"/><p:cNvPicPr/><p:nvPr userDrawn="1"/></p:nvPicPr>'
            f'<p:blipFill><a:blip {attribute}="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
            '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')


def linked_text(*rids: str) -> str:
    runs = "".join(f'<a:r><a:rPr lang="en-US"><a:hlinkClick r:id="{rid}"/></a:rPr><a:t>link {rid}</a:t></a:r>'
                   for rid in rids)
    return ('<p:sp><p:nvSpPr><p:cNvPr id="91" name="Links"/><p:cNvSpPr txBox="1"/><p:nvPr userDrawn="1"/>'
            '</p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>'
            f'<a:p>{runs}</a:p></p:txBody></p:sp>')


def deck_problems(tmp_path: Path, master: Path) -> str:
    """Build the deck on `master`; return its problems (it must fail) after checking nothing was written."""
    result = build_one(VALID, Options(out=tmp_path / "out", formats=("pptx",), deck_template=master))
    assert result.failed
    assert not list((tmp_path / "out").glob("valid.pptx")) and not list((tmp_path / "out").glob(".*"))
    return clean(result.problems)


def outside_links(deck: Path) -> list[str]:
    """Every external relationship in a deck that is not a web or mail hyperlink, and any macro part."""
    found = []
    with zipfile.ZipFile(deck) as package:
        for name in package.namelist():
            data = package.read(name)
            if "vba" in name.lower() or b"macroEnabled" in data or b"vbaProject" in data:
                found.append(name)
            if name.endswith(".rels"):
                for rel in re.findall(rb"<Relationship [^>]*>", data):
                    if b'TargetMode="External"' in rel and not re.search(
                            rb'Type="[^"]*/hyperlink" Target="(https://|mailto:)', rel, re.I):
                        found.append(f"{name}: {rel.decode()}")
    return found


@pytest.mark.parametrize("target", ["http://127.0.0.1:9/logo.png", "file:///etc/passwd", "\\\\server\\share\\x.png"])
def test_a_picture_linked_outside_the_master_is_refused(tmp_path, target):
    master = make_master(tmp_path, {
        MASTER_RELS: add_rels(("rId90", "image", target, True)),
        MASTER: add_shapes(linked_picture("rId90")),
    })
    problems = deck_problems(tmp_path, master)
    assert f"{MASTER} refers to an outside file for its image" in problems
    assert "embed the image in the master or remove it" in problems


@pytest.mark.parametrize("kind", ["oleObject", "video", "audio", "media", "attachedTemplate", "externalLinkPath"])
def test_other_outside_parts_of_a_master_are_refused(tmp_path, kind):
    layout = "ppt/slideLayouts/slideLayout3.xml"
    master = make_master(tmp_path, {
        "ppt/slideLayouts/_rels/slideLayout3.xml.rels": add_rels(("rId90", kind, "file:///etc/hostname", True)),
    })
    problems = deck_problems(tmp_path, master)
    assert layout in problems
    assert ("OLE object" if kind == "oleObject" else "refers to an outside file") in problems


LINKS = {"https://example.org/": True, "mailto:desk@example.org": True, "file:///etc/passwd": False,
         "javascript:alert(1)": False, "javascript&#x3a;alert(1)": False, "http://example.org/": False,
         "http&#58;//example.org/": False, "HTTPS://EXAMPLE.ORG/": True}
"""Hyperlink targets as written in a master's relationships (character references and all), and
whether they stay: https: and mailto: only, as in a brief's text."""


def test_text_hyperlinks_in_a_master_keep_https_and_mail_only(tmp_path):
    rels = [(f"rId{90 + i}", "hyperlink", target, True) for i, target in enumerate(LINKS)]
    master = make_master(tmp_path, {MASTER_RELS: add_rels(*rels), MASTER: add_shapes(linked_text(*(r[0] for r in rels)))})
    out = tmp_path / "out"
    result = build_one(VALID, Options(out=out, formats=("pptx",), deck_template=master))
    assert not result.failed, result.problems
    deck = out / "valid.pptx"
    assert outside_links(deck) == []
    with zipfile.ZipFile(deck) as package:
        rels_xml, xml = package.read(MASTER_RELS), package.read(MASTER).decode()
    targets = {rel.get("Target") for rel in etree.fromstring(rels_xml) if rel.get("TargetMode") == "External"}
    assert targets == {"https://example.org/", "mailto:desk@example.org", "HTTPS://EXAMPLE.ORG/"}
    assert all(f"link {rid}" in xml for rid, *_ in rels)  # the text stays, the link goes
    assert xml.count("hlinkClick") == sum(LINKS.values())


ACTIONS = {"ppaction://macro?name=AutoOpen": False, "ppaction&#58;//macro?name=AutoOpen": False,
           "ppaction://program": False, "ppaction&#x3a;//program": False, " ppaction://program": False,
           "PPACTION://OLE?verb=0": False, "&#x70;paction://ole?verb=0": False,
           "ppaction://hlinkshowjump?jump=nextslide": True, "ppaction&#x3a;//hlinkshowjump?jump=nextslide": True}
"""Click actions as written in a master's XML, and whether they stay: jumps do; macros, programs and
OLE verbs do not, however their characters are written."""


def clicks(actions) -> str:
    runs = "".join(f'<a:r><a:rPr lang="en-US"><a:hlinkClick r:id="" action="{action}"/></a:rPr><a:t>click {i}</a:t>'
                   "</a:r>" for i, action in enumerate(actions))
    return linked_text().replace("<a:p></a:p>", f"<a:p>{runs}</a:p>")


def kept_actions(package: bytes, part: str) -> list[str]:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(package)).read(part))
    return [e.get("action") for e in root.iter("{*}hlinkClick")]


@pytest.mark.parametrize("part", [MASTER, "ppt/slideLayouts/slideLayout2.xml", "ppt/presentation.xml"])
def test_click_actions_are_read_parsed_and_only_jumps_stay_in_every_part(tmp_path, part):
    from dossier.deck.sanitize import clean_master

    if part == "ppt/presentation.xml":  # the default text style: one action a level
        actions = iter(ACTIONS)
        edit = lambda data: re.sub(rb"</a:defRPr>", lambda m: (  # noqa: E731
            f'<a:hlinkClick r:id="" action="{next(actions)}"/></a:defRPr>'.encode()), data, count=len(ACTIONS))
    else:
        edit = add_shapes(clicks(ACTIONS))
    cleaned = clean_master(make_master(tmp_path, {part: edit}), "company.pptx")
    assert kept_actions(cleaned, part) == ["ppaction://hlinkshowjump?jump=nextslide"] * sum(ACTIONS.values())
    if part != "ppt/presentation.xml":
        assert all(f"click {i}" in zipfile.ZipFile(io.BytesIO(cleaned)).read(part).decode() for i in range(len(ACTIONS)))


def test_click_actions_that_run_programs_or_macros_are_removed_from_the_deck(tmp_path):
    master = make_master(tmp_path, {MASTER: add_shapes(clicks(ACTIONS))})
    out = tmp_path / "out"
    result = build_one(VALID, Options(out=out, formats=("pptx",), deck_template=master))
    assert not result.failed, result.problems
    xml = zipfile.ZipFile(out / "valid.pptx").read(MASTER)
    assert not re.search(rb"macro|program|ole\?", xml, re.I) and b"&#" not in xml
    assert xml.count(b"ppaction://hlinkshowjump") == 2 and b">click 0<" in xml


def test_a_macro_master_is_refused(tmp_path):
    vba = make_master(tmp_path, {
        "ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0macro",
        "ppt/_rels/presentation.xml.rels": add_rels(("rId99", "vbaProject", "vbaProject.bin", False)),
        "[Content_Types].xml": lambda d: d.replace(
            b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
    }, name="vba.pptx")
    problems = deck_problems(tmp_path, vba)
    assert "carries macros" in problems and "vbaProject.bin" in problems
    renamed = make_master(tmp_path, {"[Content_Types].xml": lambda d: d.replace(
        b"presentationml.presentation.main+xml", b"ms-powerpoint.presentation.macroEnabled.main+xml")},
        name="renamed.pptx")
    assert "carries macros or ActiveX (ppt/presentation.xml" in deck_problems(tmp_path, renamed)


@pytest.mark.parametrize("prologue", [
    b'<!DOCTYPE p:sldLayout [<!ENTITY e "Evil">]>',
    b'<!DOCTYPE p:sldLayout SYSTEM "file:///etc/passwd">',
    b'<!DOCTYPE p:sldLayout [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
])
def test_a_doctype_or_entity_in_a_master_is_refused(tmp_path, prologue):
    layout = "ppt/slideLayouts/slideLayout2.xml"
    master = make_master(tmp_path, {layout: lambda d: d.replace(b"?>", b"?>" + prologue, 1)})
    problems = deck_problems(tmp_path, master)
    assert f"{layout} declares a DOCTYPE or entities" in problems


def test_a_master_without_a_slide_size_or_with_tiny_slides_is_refused(tmp_path):
    presentation = "ppt/presentation.xml"
    none = make_master(tmp_path, {presentation: lambda d: re.sub(rb"<p:sldSz[^>]*/>", b"", d)}, name="none.pptx")
    assert "has no slide size (no <p:sldSz>" in deck_problems(tmp_path, none)
    tiny = make_master(tmp_path, {presentation: lambda d: re.sub(
        rb"<p:sldSz[^>]*/>", b'<p:sldSz cx="914400" cy="457200"/>', d)}, name="tiny.pptx")
    assert "has slides of 1.00 × 0.50 in" in deck_problems(tmp_path, tiny)


def test_parts_the_deck_does_not_use_are_left_out(tmp_path):
    from pptx import Presentation

    sample = tmp_path / "sample.pptx"
    prs = Presentation(str(DECK))
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.add_picture(str(ROOT / "tests" / "cases" / "emblem.png"), 0, 0)
    prs.save(str(sample))
    master = make_master(tmp_path, {
        "docProps/thumbnail.jpeg": b"\xff\xd8\xff thumbnail",
        "customXml/item1.xml": b"<secret>internal notes</secret>",
        "_rels/.rels": lambda d: d.replace(b"</Relationships>", (
            '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/thumbnail" Target="docProps/thumbnail.jpeg"/></Relationships>').encode()),
        "ppt/_rels/presentation.xml.rels": add_rels(("rId91", "customXml", "../customXml/item1.xml", False)),
        "ppt/unreferenced/leftover.bin": b"left over",
    }, source=sample)
    out = tmp_path / "out"
    result = build_one(VALID, Options(out=out, formats=("pptx",), deck_template=master))
    assert not result.failed, result.problems
    names = zipfile.ZipFile(out / "valid.pptx").namelist()
    assert not [n for n in names if n.startswith(("customXml", "ppt/media", "ppt/unreferenced"))
                or "thumbnail" in n], names


def zero_bomb(path: Path, megabytes: int) -> Path:
    """A master whose extra part is `megabytes` of zeros: about a thousandth of that on disk."""
    make_master(path.parent, {}, name=path.name)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package:
        with package.open("ppt/media/image1.png", "w", force_zip64=True) as member:
            chunk = bytes(2**20)
            for _ in range(megabytes):
                member.write(chunk)
    return path


def test_a_zip_bomb_master_is_refused_from_its_directory_and_stays_small(tmp_path):
    bomb = zero_bomb(tmp_path / "bomb.pptx", 1024)
    assert bomb.stat().st_size < 1.5 * 2**20
    script = ("import resource, subprocess, sys; run = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
              "print(run.returncode); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
              "print(run.stderr, file=sys.stderr)")
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", script, sys.executable, "build.py", VALID, "--format", "pptx",
                          "--deck-template", bomb, "--out", tmp_path / "out", "-j", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    code, peak_kb = map(int, run.stdout.split())
    assert code == 1 and "expands to more than 50 MB" in run.stderr and "ppt/media/image1.png" in run.stderr
    assert peak_kb < 700 * 1024, f"peak {peak_kb / 1024:.0f} MB"
    assert time.perf_counter() - started < 60
    assert not any(bad in run.stderr for bad in BAD)


def test_a_member_larger_than_the_directory_says_is_not_read_past_it(tmp_path):
    """The directory lies (a small size for a large member): reading stops at the size it gave."""
    padded = lambda data: data.replace(b"?>", b"?><!--" + b"x" * (3 * 2**20) + b"-->", 1)  # noqa: E731
    honest = make_master(tmp_path, {MASTER: padded}, name="honest.pptx")
    with zipfile.ZipFile(honest) as package:
        size = package.getinfo(MASTER).file_size.to_bytes(4, "little")
    data = bytearray(honest.read_bytes())
    assert data.count(size) == 2  # the local header and the directory entry
    liar = tmp_path / "liar.pptx"
    liar.write_bytes(bytes(data).replace(size, (1000).to_bytes(4, "little")))
    started = time.perf_counter()
    problems = deck_problems(tmp_path, liar)
    assert "not a PowerPoint file (a damaged or foreign zip" in problems
    assert time.perf_counter() - started < 10


def test_an_svg_picture_that_refers_outside_is_refused(tmp_path):
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
           b'<image xlink:href="http://127.0.0.1:9/x.png" width="10" height="10"/></svg>')
    master = make_master(tmp_path, {
        "ppt/media/icon.svg": svg,
        MASTER_RELS: add_rels(("rId90", "image", "../media/icon.svg", False)),
        MASTER: add_shapes(linked_picture("rId90", "r:embed")),
        "[Content_Types].xml": lambda d: d.replace(
            b"</Types>", b'<Default Extension="svg" ContentType="image/svg+xml"/></Types>'),
    })
    assert "ppt/media/icon.svg is an SVG picture that refers to something outside it" in deck_problems(tmp_path, master)


def test_no_request_reaches_the_server_through_build_and_preview(tmp_path, recording_server):
    url = recording_server.url
    refused = make_master(tmp_path, {
        MASTER_RELS: add_rels(("rId90", "image", f"{url}/picture.png", True),
                              ("rId91", "oleObject", f"{url}/object.xlsx", True)),
        MASTER: add_shapes(linked_picture("rId90")),
    }, name="refused.pptx")
    linked = make_master(tmp_path, {
        MASTER_RELS: add_rels(("rId91", "hyperlink", f"{url}/page.html", True),
                              ("rId92", "hyperlink", f"file:///etc/passwd", True)),
        MASTER: add_shapes(linked_text("rId91", "rId92")),
    }, name="linked.pptx")
    brief = tmp_path / "links.yaml"
    brief.write_text(VALID.read_text().replace(
        "summary: A summary.", f'summary: "See [the site]({url}/link.png) and ![img]({url}/img.png)"'))
    failed = run_cli(brief, "--format", "pptx", "--deck-template", refused, "--out", tmp_path / "a",
                     "--preview", "-j", "1")
    assert failed.returncode == 1 and "refers to an outside file for its image" in failed.stderr
    built = run_cli(brief, "--deck-template", linked, "--out", tmp_path / "b", "--preview", "-j", "1")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "b" / "links.png").is_file()
    assert outside_links(tmp_path / "b" / "links.pptx") == []
    assert recording_server.requests() == []


# ---------------------------------------------------------------- shared output folders


def test_symlinks_planted_in_the_output_folder_are_never_written_through(tmp_path):
    out, victim_folder = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    victim_folder.mkdir()
    victim = victim_folder / "private"
    victim.write_bytes(b"secret")
    victim.chmod(0o600)
    # the old predictable temporary names, for this process and the next ones
    for pid in range(os.getpid(), os.getpid() + 200):
        for name in ("valid.html", "valid.pdf"):
            (out / f".{name}.{pid}.dossier-tmp").symlink_to(victim)
    (out / "valid.pdf").symlink_to(victim)  # the target itself
    (out / ".dossier").symlink_to(victim_folder)  # the records' folder
    result = build_one(VALID, Options(out=out, formats=("pdf", "html")))
    assert not result.failed, result.problems
    assert victim.read_bytes() == b"secret" and stat.S_IMODE(victim.stat().st_mode) == 0o600
    assert sorted(p.name for p in victim_folder.iterdir()) == ["private"]
    for name in ("valid.pdf", "valid.html"):
        assert not (out / name).is_symlink() and (out / name).is_file()
    assert not (out / ".dossier").is_symlink()


def test_outputs_take_their_mode_from_the_umask(tmp_path):
    previous = os.umask(0o027)
    try:
        result = build_one(VALID, Options(out=tmp_path, formats=("html",)))
    finally:
        os.umask(previous)
    assert not result.failed, result.problems
    assert stat.S_IMODE((tmp_path / "valid.html").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / ".dossier" / "valid.html.json").stat().st_mode) == 0o640


def test_a_temporary_swapped_for_a_symlink_mid_write_is_not_written_through(tmp_path):
    target, victim = tmp_path / "x.pdf", tmp_path / "victim"
    victim.write_bytes(b"secret")
    with pytest.raises(OSError, match="replaced by someone else"):
        with atomic_path(target) as tmp:
            [planted] = tmp_path.glob(".x.pdf.*.dossier-tmp")
            planted.unlink()
            planted.symlink_to(victim)
            tmp.write_bytes(b"new output")
    assert victim.read_bytes() == b"secret"
    assert not target.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["victim"]


# ---------------------------------------------------------------- rebuild records


def test_an_edit_made_during_a_build_is_built_next_time(tmp_path, monkeypatch):
    import dossier.build

    data = tmp_path / "data"
    data.mkdir()
    for name in ("logo.yaml", "emblem.png"):
        (data / name).write_bytes((ROOT / "tests" / "cases" / name).read_bytes())
    source = data / "logo.yaml"
    options = Options(out=tmp_path / "out", formats=("html",))
    render = dossier.build._render

    def render_then_edit(*args):
        render(*args)  # the brief was loaded and rendered; now someone saves an edit
        source.write_text(source.read_text().replace("A summary.", "An edited summary."))

    monkeypatch.setattr(dossier.build, "_render", render_then_edit)
    assert build_one(source, options).built
    monkeypatch.setattr(dossier.build, "_render", render)
    again = build_one(source, options)
    assert again.built, "the edit made during the build was recorded as built"
    assert "An edited summary." in (tmp_path / "out" / "logo.html").read_text()
    assert build_one(source, options).skipped


def test_a_picture_edited_during_a_build_is_built_next_time(tmp_path, monkeypatch):
    import dossier.build
    from PIL import Image

    data = tmp_path / "data"
    data.mkdir()
    for name in ("logo.yaml", "emblem.png"):
        (data / name).write_bytes((ROOT / "tests" / "cases" / name).read_bytes())
    options = Options(out=tmp_path / "out", formats=("html",))
    render = dossier.build._render

    def render_then_edit(*args):
        render(*args)
        Image.new("RGB", (40, 40), "red").save(data / "emblem.png")

    monkeypatch.setattr(dossier.build, "_render", render_then_edit)
    assert build_one(data / "logo.yaml", options).built
    monkeypatch.setattr(dossier.build, "_render", render)
    assert build_one(data / "logo.yaml", options).built


# ---------------------------------------------------------------- bounded time and memory


def test_the_time_limit_holds_inside_code_that_ignores_signals():
    def stuck(report):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGINT, signal.SIGTERM})
        time.sleep(30)

    started = time.perf_counter()
    with pytest.raises(Expired):
        run_limited(stuck, seconds=1, memory_mb=None, describe=lambda e: [str(e)])
    assert time.perf_counter() - started < 5


def test_each_step_a_task_reports_gets_the_whole_time_limit():
    """Three steps of 1 s each fit a limit of 2.5 s per step, not of 2.5 s in all; one step of 4 s does not."""
    def three_steps(report):
        for step in range(3):
            time.sleep(1)
            report(step)

    steps = []
    run_limited(three_steps, seconds=2.5, memory_mb=None, describe=lambda e: [str(e)], on_progress=steps.append)
    assert steps == [0, 1, 2]
    with pytest.raises(Expired):
        run_limited(lambda report: time.sleep(4), seconds=2.5, memory_mb=None, describe=lambda e: [str(e)])


def test_the_memory_limit_stops_a_runaway_allocation():
    def greedy(report):
        hoard = []
        while True:
            hoard.append(bytearray(64 * 2**20))

    with pytest.raises(OutOfMemory) as error:
        run_limited(greedy, seconds=60, memory_mb=512, describe=lambda e: [str(e)])
    assert error.value.limit_mb == 512


def test_a_render_over_its_memory_limit_is_reported(tmp_path, monkeypatch):
    import dossier.build

    renderer = dossier.build._renderer

    def greedy(fmt):
        def render(*_):
            return [bytearray(64 * 2**20) for _ in range(64)]
        return render

    monkeypatch.setattr(dossier.build, "_renderer", greedy)
    result = build_one(VALID, Options(out=tmp_path, formats=("html",), memory=1024))
    monkeypatch.setattr(dossier.build, "_renderer", renderer)
    assert result.problems == ["tests/cases/valid.yaml: rendering ran out of its memory limit of 1024 MB and was "
                               "stopped; shorten the brief or raise --memory"]
    assert list(tmp_path.iterdir()) == []


def test_a_combining_mark_storm_is_stopped_at_validation(tmp_path):
    storm = tmp_path / "storm.yaml"
    storm.write_text(VALID.read_text().replace("summary: A summary.", "summary: Z" + "\u0301" * 200_000),
                     encoding="utf-8")
    started = time.perf_counter()
    run = run_cli(storm, "--timeout", 5, "--out", tmp_path / "out", "--format", "all", "-j", "1", timeout=60)
    assert time.perf_counter() - started < 30
    assert run.returncode == 1
    assert f"{storm}:5:10: summary: has 200000 combining marks in a row at character 2" in run.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("storm.*"))


def clusters(folder: Path, count: int) -> Path:
    """valid.yaml whose summary is `count` words of a Z and 30 combining marks: legal, each one."""
    path = folder / f"clusters-{count}.yaml"
    path.write_text(VALID.read_text().replace(
        "summary: A summary.", "summary: " + ("Z" + "\u0301" * 30 + " ") * count), encoding="utf-8")
    return path


def test_legal_clusters_build_whole(tmp_path):
    """30 marks per letter pass validation, and every mark reaches the PDF and the deck."""
    run = run_cli(clusters(tmp_path, 500), "--out", tmp_path, "--format", "pdf,pptx", "-j", "1")
    assert run.returncode == 0, run.stderr
    text = pdf_text(tmp_path / "clusters-500.pdf")
    assert text.count("Z") == 500 and text.count("\u0301") == 15_000
    bottom_line = Presentation(str(tmp_path / "clusters-500.pptx")).slides[1]  # on the slide, or in its notes
    shown = "".join(shape.text_frame.text for shape in bottom_line.shapes if shape.has_text_frame)
    summary = max(shown, bottom_line.notes_slide.notes_text_frame.text, key=lambda text: text.count("Z"))
    assert summary.count("Z") == 500 and summary.count("\u0301") == 15_000


def test_a_storm_of_legal_clusters_is_stopped_at_a_tiny_time_limit(tmp_path):
    """Whatever Pango makes of 6,500 clusters (about a minute), the deadline holds."""
    storm = clusters(tmp_path, 6_500)
    started = time.perf_counter()
    run = run_cli(storm, "--timeout", 0.5, "--out", tmp_path / "out", "--format", "pdf", "-j", "1", timeout=60)
    assert time.perf_counter() - started < 30
    assert run.returncode == 1
    assert re.search(f"^{re.escape(str(storm))}: (loading|rendering) took longer than 0.5 s and was stopped;",
                     run.stderr, re.M), run.stderr


def test_a_data_file_over_the_size_limit_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(VALID.read_text() + "# " + "x" * (3 * 2**20) + "\n")
    run = run_cli("check", big, "--max-data-size", 2)
    assert run.returncode == 1
    assert f"{big}:1:1: is larger than 2 MB, the limit for a data file" in run.stderr
    assert run_cli("check", big, "--max-data-size", 4).returncode == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")
def test_a_render_dies_with_its_killed_build(tmp_path):
    pid_file = tmp_path / "render.pid"
    script = f"""
import os, time
from dossier.build.timelimit import run_limited
def render(report):
    open({str(pid_file)!r}, "w").write(str(os.getpid()))
    time.sleep(60)
run_limited(render, seconds=120, memory_mb=None, describe=lambda e: [])
"""
    build = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    for _ in range(100):
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.1)
    build.kill()
    build.wait()
    render = int(pid_file.read_text())
    for _ in range(50):
        if not Path(f"/proc/{render}").exists() or " Z " in Path(f"/proc/{render}/stat").read_text():
            return
        time.sleep(0.1)
    os.kill(render, signal.SIGKILL)
    pytest.fail("the render went on after its build was killed")
