"""What the speed work changed stays correct: part names, parallel formats, the library shortcut."""

import contextlib
import gc
import io
import subprocess
import sys
import zipfile

import pytest
import yaml
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.oxml.ns import qn
from pptx.util import Pt

from conftest import EXAMPLE, ROOT
from dossier import deck
from dossier.deck import package, speedups, textframes
from dossier.deck.fit import Measurer, wrap
from dossier.deck.slides import Slides
from dossier.deck.textframes import Ink, TextWriter
from dossier.load import load
from dossier.model.markup import to_runs
from dossier.style.theme import TEMPLATES


def _many_highlights(folder, count: int):
    path = folder / "many.yaml"
    path.write_text(yaml.safe_dump({"meeting": {"title": "Many"}, "chapters": [{"title": "H", "blocks": [
        {"highlights": [{"title": f"Highlight {i}", "points": [f"Point {i}.{j}" for j in range(3)]}
                        for i in range(count)]}]}]}), encoding="utf-8")
    return path


def _master_with_sample_slides(folder):
    """Dossier's master carrying three sample slides with notes, which a deck drops."""
    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    for i in range(3):
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        slide.notes_slide.notes_text_frame.text = f"sample {i}"
    path = folder / "samples.pptx"
    prs.save(str(path))
    return path


def _write_every_note(self, frame, texts: list[str]) -> None:
    """`Slides._write_notes` without copies: every paragraph written by python-pptx."""
    for i, text in enumerate(texts):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        self.writer.direction(p, None)
        self.writer.runs(p, to_runs(text), None, links=False)


def _links(folder):
    """A brief whose slide titles, key messages and points carry links, bold and italic."""
    path = folder / "links.yaml"
    path.write_text(yaml.safe_dump({
        "meeting": {"title": "Links [here](https://example.org/a)"},
        "key_messages": ["See [the record](https://example.org/r) and **bold [link](mailto:a@example.org)**, _italic_."],
        "chapters": [{"title": "H", "blocks": [{"highlights": [
            {"title": "A [linked](https://example.org/t) title", "points": ["A [link](https://example.org/p)", "Plain"]}]}]}]}),
        encoding="utf-8")
    return path


def _runs_by_properties(self, p, runs, size, *, bold=False, color=None, links=True) -> None:
    """`TextWriter.runs` through python-pptx's run and font properties, one by one."""
    for run in runs:
        r = p.add_run()
        r.text = run.text
        font = r.font
        if size is not None:
            font.size = Pt(size)
            font.name = self.font
        font.bold = True if (bold or run.bold) else None
        if run.italic:
            font.italic = True
        rcolor = getattr(run, "color", None) or color
        if isinstance(rcolor, Ink):
            rcolor = self.inks[rcolor]
        if isinstance(rcolor, MSO_THEME_COLOR):
            font.color.theme_color = rcolor
        elif isinstance(rcolor, RGBColor):
            font.color.rgb = rcolor
        rPr = r._r.get_or_add_rPr()
        rPr.set("lang", self.lang)
        if size is not None and self.cs_font:
            cs = rPr.find(qn("a:cs"))
            if cs is None:
                cs = etree.Element(qn("a:cs"))
                rPr.find(qn("a:latin")).addnext(cs)
            cs.set("typeface", self.cs_font)
        if getattr(run, "strike", False):
            rPr.set("strike", "sngStrike")
        if getattr(run, "underline", False):
            rPr.set("u", "sng")
        if run.cite:
            rPr.set("baseline", textframes.SUPERSCRIPT)
        if links and run.href and not run.href.startswith("#"):
            r.hyperlink.address = run.href


def _spacing_by_properties(pPr, line, before) -> None:
    """`textframes._spacing` through python-pptx's paragraph properties."""
    pPr.line_spacing, pPr.space_before, pPr.space_after = line, before, Pt(0)


def _saved_and_normalised(prs, replace=None) -> bytes:
    """`package.to_bytes` as python-pptx saves a package, then unzipped and zipped again."""
    out = io.BytesIO()
    prs.save(out)
    return package.normalize_zip(out.getvalue(), replace)


@pytest.mark.parametrize("case", ["example", "figures", "many", "sample slides", "urdu", "links"])
def test_the_shortcuts_give_python_pptx_own_bytes(tmp_path, monkeypatch, theme, case):
    """Part names, relationships, slide ids, notes copied, measures remembered, the package zipped once,
    placeholders' bases remembered, runs and spacing written straight into the XML: the same deck, byte
    for byte, as python-pptx and the measurer give without them."""
    source = {"example": EXAMPLE, "figures": ROOT / "examples" / "aurelia-borealis-figures.yaml",
              "many": None, "sample slides": EXAMPLE,
              "urdu": ROOT / "tests" / "fixtures" / "languages" / "pakistan-russia-sco-ur.yaml",
              }.get(case) or (_links(tmp_path) if case == "links" else _many_highlights(tmp_path, 60))
    template = _master_with_sample_slides(tmp_path) if case == "sample slides" else None
    brief = load(source)
    deck.render(brief, theme, tmp_path / "fast.pptx", template=template)
    monkeypatch.setattr(package.PartNames, "install", classmethod(lambda cls, pkg: None))
    monkeypatch.setattr(package.NewTargets, "install", classmethod(lambda cls, rels: None))
    monkeypatch.setattr(package.SlideIds, "install", classmethod(lambda cls, prs: None))
    monkeypatch.setattr(package, "to_bytes", _saved_and_normalised)
    monkeypatch.setattr(speedups, "applied", contextlib.nullcontext)
    monkeypatch.setattr(Slides, "_write_notes", _write_every_note)
    monkeypatch.setattr(TextWriter, "runs", _runs_by_properties)
    monkeypatch.setattr(textframes, "_spacing", _spacing_by_properties)
    monkeypatch.setattr(Measurer, "line_factor", Measurer._line_factor)
    monkeypatch.setattr(Measurer, "units", Measurer._measure)
    monkeypatch.setattr(Measurer, "lines", lambda self, text, units, width: wrap(text, units, width))
    deck.render(brief, theme, tmp_path / "stock.pptx", template=template)
    fast, stock = (tmp_path / "fast.pptx").read_bytes(), (tmp_path / "stock.pptx").read_bytes()
    assert fast == stock
    names = zipfile.ZipFile(io.BytesIO(fast)).namelist()
    assert any(n.startswith("ppt/notesSlides/notesSlide") for n in names)


def test_python_pptx_is_left_as_it_was_after_a_render(tmp_path, brief, theme):
    from pptx.oxml import xmlchemy
    from pptx.shapes.placeholder import LayoutPlaceholder, _BaseSlidePlaceholder

    def patched():
        return (xmlchemy.BaseOxmlElement.__dict__["xpath"], xmlchemy.qn,
                _BaseSlidePlaceholder.__dict__["_base_placeholder"], LayoutPlaceholder.__dict__["_base_placeholder"])

    before = patched()
    with pytest.raises(ZeroDivisionError), speedups.applied():
        assert all(now is not then for now, then in zip(patched(), before))
        1 / 0
    assert patched() == before
    deck.render(brief, theme, tmp_path / "deck.pptx")
    assert patched() == before


def test_a_placeholder_base_is_python_pptx_own_and_found_once_per_render():
    prs = package.open_master(TEMPLATES / "deck.pptx")
    layout = next(la for la in prs.slide_layouts if len(la.placeholders) > 1)
    with speedups.applied():
        slide = prs.slides.add_slide(layout)
        shapes = list(slide.placeholders)
        found = [s._base_placeholder for s in shapes]
        assert [b.element for b in found] == [layout.placeholders.get(idx=s.placeholder_format.idx).element
                                              for s in shapes]
        assert all(s._base_placeholder is b for s, b in zip(slide.placeholders, found))  # remembered
        assert [(s.left, s.top, s.width, s.height) for s in shapes] == [(b.left, b.top, b.width, b.height)
                                                                       for b in found]
    assert all(s._base_placeholder is not b for s, b in zip(shapes, found))  # outside a render: looked up anew


def test_slide_ids_are_python_pptx_own_after_a_slide_is_taken_back():
    prs = package.open_master(TEMPLATES / "deck.pptx")
    layout, ids = prs.slide_layouts[0], prs.slides._sldIdLst
    for _ in range(3):
        prs.slides.add_slide(layout)
    last = ids[-1]
    prs.part.drop_rel(last.rId)
    ids.remove(last)
    expected = ids._next_id  # python-pptx's own, from every id
    assert prs.slides.add_slide(layout).slide_id == expected == 258
    assert [int(i.get("id")) for i in ids] == [256, 257, 258]


def test_part_names_are_given_once_each():
    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    names = package.PartNames(prs.part.package)
    given = [names.next_partname("/ppt/notesSlides/notesSlide%d.xml") for _ in range(5)]
    assert given == [f"/ppt/notesSlides/notesSlide{n}.xml" for n in range(1, 6)]
    assert names.next_partname("/ppt/theme/theme%d.xml") not in {p.partname for p in prs.part.package.iter_parts()}


# ---------------------------------------------------------------- WeasyPrint's libraries

_LOAD_LIBRARIES = (
    "import importlib.util, sys\n"
    f"spec = importlib.util.spec_from_file_location('libraries', {str(ROOT / 'dossier' / 'pdf' / 'libraries.py')!r})\n"
    "libraries = importlib.util.module_from_spec(spec); spec.loader.exec_module(libraries)\n"
)


def _python(code: str) -> str:
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_the_linker_cache_answers_as_find_library_would():
    from dossier.pdf.libraries import find_in

    listing = (b"3 libs found in cache `/etc/ld.so.cache'\n"
               b"\tlibgobject-2.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libgobject-2.0.so.0\n"
               b"\tlibgobject-2.0.so.0 (libc6) => /lib/i386-linux-gnu/libgobject-2.0.so.0\n"
               b"\tlibharfbuzz.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libharfbuzz.so.0\n")
    import ctypes.util
    import os
    import struct

    if os.uname().machine != "x86_64" or struct.calcsize("l") != 8:
        pytest.skip("the listing is an x86-64 one")
    assert find_in(listing, "gobject-2.0") == "libgobject-2.0.so.0"
    assert find_in(listing, "harfbuzz") == "libharfbuzz.so.0"
    for alias in ("libgobject-2.0-0", "gobject-2.0-0", "harfbuzz-vector", "harfbuzz-0.0"):
        assert find_in(listing, alias) is None
    assert find_in(listing, "c") is None  # not in this listing; the real cache has it
    assert ctypes.util.find_library("c") is not None


def test_weasyprint_is_imported_with_one_ldconfig_and_no_compiler():
    out = _python(
        "import subprocess\n"
        "calls = []\n"
        "init = subprocess.Popen.__init__\n"
        "def spy(self, args, *a, **k):\n"
        "    calls.append(args[0]); init(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = spy\n"
        "import dossier.pdf, weasyprint.text.ffi as ffi\n"
        "assert ffi.pango is not None and ffi.harfbuzz is not None\n"
        "print(calls)\n")
    assert out.strip() == "['/sbin/ldconfig']"


def test_a_failing_shortcut_falls_back_to_the_normal_lookup():
    out = _python(
        _LOAD_LIBRARIES
        + "import contextlib, importlib.abc\n"
        "class Broken(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name == 'weasyprint.text.ffi':\n"
        "            raise OSError('cannot load library libgobject-2.0-0')\n"
        "@contextlib.contextmanager\n"
        "def broken():\n"
        "    sys.meta_path.insert(0, Broken())\n"
        "    try:\n"
        "        yield\n"
        "    finally:\n"
        "        sys.meta_path.pop(0)\n"
        "libraries.import_weasyprint(broken)\n"
        "from weasyprint import HTML\n"
        "print(len(HTML(string='<p>fallback</p>').write_pdf()) > 500)\n")
    assert out.strip() == "True"


def test_a_part_related_twice_keeps_its_one_relationship():
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs = package.open_master(TEMPLATES / "deck.pptx")
    master = prs.slide_master.part
    first = prs.part.relate_to(master, RT.SLIDE_MASTER)
    layout = prs.slide_layouts[0].part
    added = prs.part.relate_to(layout, RT.SLIDE_LAYOUT)
    assert prs.part.relate_to(layout, RT.SLIDE_LAYOUT) == added
    assert prs.part.relate_to(master, RT.SLIDE_MASTER) == first
    assert sum(rel.target_part is layout for rel in prs.part.rels.values()) == 1


@pytest.mark.parametrize("render", ["pdf", "deck"])
def test_a_render_runs_with_the_collector_paused_and_leaves_it_as_it_was(tmp_path, brief, theme, monkeypatch, render):
    from dossier import pdf

    module = pdf if render == "pdf" else deck
    seen: list[bool] = []
    real = module.check_fonts
    monkeypatch.setattr(module, "check_fonts", lambda *a: seen.append(gc.isenabled()) or real(*a))
    module.render(brief, theme, tmp_path / "a")
    assert seen == [False] and gc.isenabled()
    monkeypatch.setattr(module, "check_fonts", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        module.render(brief, theme, tmp_path / "b")
    assert gc.isenabled(), "a failed render gave the collector back"
    gc.disable()
    try:
        monkeypatch.setattr(module, "check_fonts", real)
        module.render(brief, theme, tmp_path / "c")
        assert not gc.isenabled(), "a command's process, which collects nothing, still collects nothing"
    finally:
        gc.enable()


def test_a_command_collects_no_garbage_but_serve_and_watch_do(tmp_path):
    probe = ("import gc, sys; from dossier import cli, serve; "
             "serve.serve = lambda *a, **k: print('serve', gc.isenabled()) or 0; "
             "cli._watch = lambda *a, **k: print('watch', gc.isenabled()) or 0; "
             "cli._build = lambda *a, **k: print('build', gc.isenabled()) or 0; "
             "from dossier.__main__ import run; run()")
    for args, said in ((["build", str(EXAMPLE)], "build False"), (["serve", str(EXAMPLE)], "serve True"),
                       (["build", "--watch", str(EXAMPLE)], "watch True")):
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=tmp_path)
        assert done.stdout.strip() == said, done.stderr
    assert gc.isenabled()
