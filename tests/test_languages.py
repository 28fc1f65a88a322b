"""Every language, both directions: catalogues, renamed labels, and the example wholly in
Russian and in Urdu, right to left, in all three outputs."""

from __future__ import annotations

import html.parser
import re
from collections import Counter
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from lxml import etree
from pptx import Presentation

from conftest import ROOT, assert_valid_deck
from dossier.build import Options, build_one
from dossier.style.labels import MESSAGES, Labels, context, placeholders, template
from dossier.style.theme import TEMPLATES

LANGUAGES = Path(__file__).parent / "fixtures" / "languages"
LOCALE = TEMPLATES / "locale"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


# ---------- the catalogues ----------


def test_seven_languages_ship_and_the_template_is_in_step():
    assert {p.stem for p in LOCALE.glob("*.po")} >= {"fr", "es", "de", "ru", "ar", "ur"}
    assert (LOCALE / "dossier.pot").read_text(encoding="utf-8") == template()


@pytest.mark.parametrize("po", sorted(LOCALE.glob("*.po")), ids=lambda p: p.stem)
def test_a_catalogue_translates_every_label_with_its_placeholders(po):
    from babel.messages.pofile import read_po

    with po.open("rb") as file:
        catalog = read_po(file, locale=po.stem)
    for key, message in MESSAGES.items():
        entry = catalog.get(message, context=context(key))
        assert entry is not None, (po.stem, key)
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert forms and all(forms), (po.stem, key)
        for form in forms:
            assert set(re.findall(r"\{(\w+)\}", form)) <= placeholders(key), (po.stem, key, form)
    labels = Labels(po.stem)
    assert labels("page", page=3, pages=9) != "Page 3 of 9" and "3" in labels("page", page=3, pages=9)


def test_plural_forms_follow_the_language():
    ru = Labels("ru")
    one, few, many = (ru("party_count", n=n) for n in (21, 22, 25))
    assert len({one.split()[1], few.split()[1], many.split()[1]}) == 3
    assert Labels("en")("party_count", n=1) == "1 party" and Labels("en")("party_count", n=2) == "2 parties"
    assert Labels("fr-CA")("summary") == Labels("fr")("summary") != "Summary"  # the closest catalogue


# ---------- the example wholly in Russian and in Urdu ----------


@pytest.fixture(scope="module", params=["ru", "ur"])
def built(request, tmp_path_factory):
    source = LANGUAGES / f"pakistan-russia-sco-{request.param}.yaml"
    out = tmp_path_factory.mktemp(request.param)
    result = build_one(source, Options(out=out, formats=("pdf", "pptx", "html")))
    assert not result.failed and not result.warnings, result.problems
    stem = out / source.stem
    return request.param, stem.with_suffix(".pdf"), stem.with_suffix(".pptx"), stem.with_suffix(".html")


class _Text(html.parser.HTMLParser):
    """The visible text of a page: no tags, no stylesheet."""

    def __init__(self):
        super().__init__()
        self.parts, self._style = [], False

    def handle_starttag(self, tag, attrs):
        self._style = self._style or tag == "style"

    def handle_endtag(self, tag):
        self._style = self._style and tag != "style"

    def handle_data(self, data):
        if not self._style:
            self.parts.append(data)


def deck_text(path: Path) -> tuple[str, str]:
    prs = Presentation(str(path))
    shown = [p.text for s in prs.slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs]
    shown += [c.text for s in prs.slides for sh in s.shapes if getattr(sh, "has_table", False) and sh.has_table
              for row in sh.table.rows for c in row.cells]
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    return "\n".join(shown), "\n".join(notes)


LATIN = re.compile(r"[A-Za-z]+")


def test_no_english_word_in_any_output(built):
    language, pdf, pptx, page = built
    pdf_text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    shown, notes = deck_text(pptx)
    for name, text in (("pdf", pdf_text), ("html", " ".join(parser.parts)), ("slides", shown), ("notes", notes)):
        assert len(text) > 2000, name
        assert LATIN.findall(text) == [], (language, name)
    outline = " ".join(str(item.title) for item in pypdf.PdfReader(pdf).outline if not isinstance(item, list))
    assert not LATIN.findall(outline)
    properties = Presentation(str(pptx)).core_properties
    assert not LATIN.findall(properties.category) and properties.language == language


def test_the_direction_follows_the_language(built):
    language, _, pptx, page = built
    rtl = language == "ur"
    assert f'dir="{"rtl" if rtl else "ltr"}"' in page.read_text(encoding="utf-8")
    prs = Presentation(str(pptx))
    paragraphs = [p for s in prs.slides for part in (s, s.notes_slide) for p in part._element.iter(f"{A}p")
                  if "".join(p.itertext()).strip()]
    assert len(paragraphs) > 150
    marked = [p for p in paragraphs if p.find(f"{A}pPr") is not None and p.find(f"{A}pPr").get("rtl") == "1"]
    assert len(marked) == (len(paragraphs) if rtl else 0)
    tables = [t for s in prs.slides for t in s._element.iter(f"{A}tblPr")]
    # right to left, a table's columns are placed from the right rather than flagged rtl, which LibreOffice
    # honours or not by the table's style (tests/test_deck_type.py checks where the first column stands)
    assert tables and not any(t.get("rtl") for t in tables)
    layout_langs = {e.get("lang") for part in (prs.slide_master, *prs.slide_layouts)
                    for e in part._element.iter(f"{A}defRPr", f"{A}rPr", f"{A}endParaRPr") if e.get("lang")}
    assert layout_langs <= {language}


def test_the_urdu_pdf_is_flush_right_and_set_in_nastaliq(built):
    language, pdf, _, _ = built
    if language != "ur":
        pytest.skip("Urdu only")
    layout = subprocess.run(["pdftotext", "-bbox-layout", "-f", "2", "-l", "3", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    lines = [(float(a), float(c)) for a, c in re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', layout)]
    # the body's column: its right edge is where most lines end (headings and tables run wider)
    left, right = min(x0 for x0, _ in lines), Counter(round(x1) for _, x1 in lines).most_common(1)[0][0]
    # lines that do not fill the measure (pdftotext also reports loose Nastaliq glyphs: ignored)
    short = [(x0, x1) for x0, x1 in lines if 40 < x1 - x0 < 0.8 * (right - left)]
    at_right = sum(x1 > right - 30 for _, x1 in short)  # at the margin, or indented only by a bullet
    at_left = sum(x0 < left + 30 for x0, _ in short)
    assert len(short) > 30 and at_right > 3 * at_left, (at_right, at_left)  # LTR pages: the other way round
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Nastaliq-Urdu" in fonts


def test_dates_are_written_in_the_language(tmp_path):
    source = tmp_path / "ru.yaml"
    source.write_text("meeting:\n  title: Переговоры\n  date: 2025-07-04\n  language: ru\n", encoding="utf-8")
    result = build_one(source, Options(out=tmp_path, formats=("pdf", "pptx")))
    assert not result.failed, result.problems
    assert "июля" in pypdf.PdfReader(tmp_path / "ru.pdf").pages[0].extract_text()
    assert "июля" in " ".join(sh.text_frame.text for sh in Presentation(str(tmp_path / "ru.pptx")).slides[0].shapes
                              if sh.has_text_frame)


def test_the_language_decks_are_valid_and_reproducible(built, tmp_path):
    language, pdf, pptx, _ = built
    assert_valid_deck(pptx)
    again = build_one(LANGUAGES / f"pakistan-russia-sco-{language}.yaml",
                      Options(out=tmp_path, formats=("pdf", "pptx")))
    assert not again.failed
    assert (tmp_path / pdf.name).read_bytes() == pdf.read_bytes()
    assert (tmp_path / pptx.name).read_bytes() == pptx.read_bytes()


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice not installed")
def test_libreoffice_renders_every_word_inside_its_box(built, tmp_path):
    from test_deck import _PAGE, _WORD, _check_deck, _check_glyphs
    from dossier.deck.preview import to_pdf

    language, _, pptx, _ = built
    rendered = to_pdf([pptx], tmp_path)[0]
    xml = subprocess.run(["pdftotext", "-bbox", str(rendered), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = [(float(w), float(h), [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in _WORD.findall(body)])
             for w, h, body in _PAGE.findall(xml)]
    prs = Presentation(str(pptx))
    if language == "ru":
        _check_deck(prs, pages, language)
        return
    _check_glyphs(prs, pages, language)  # Nastaliq comes out of pdftotext as loose glyphs


# ---------- other languages, renamed labels, missing fonts ----------


def test_a_language_without_a_catalogue_builds_in_english_with_one_warning(tmp_path):
    source = tmp_path / "lt.yaml"
    source.write_text("meeting:\n  title: Derybos\n  language: lt\nsummary: Trumpai.\n", encoding="utf-8")
    for command in (("check", str(source)), (str(source), "--out", str(tmp_path / "out"))):
        result = run(*command)
        assert result.returncode == 0, result.stderr
        assert result.stderr.count("warning:") == 1 and "no catalogue for the language 'lt'" in result.stderr
        assert f"warning: {source}:3:13: meeting.language: there is no catalogue" in result.stderr, result.stderr
    assert "Bottom line" in pypdf.PdfReader(tmp_path / "out" / "lt.pdf").pages[0].extract_text()


def test_a_script_no_font_has_is_an_error_naming_it_and_the_theme_setting(tmp_path):
    source = tmp_path / "hi.yaml"
    source.write_text("meeting:\n  title: Talks\n  language: hi\nsummary: The वार्ता went well.\n", encoding="utf-8")
    said = []
    for command in (("check", str(source)), (str(source), "--out", str(tmp_path / "out"))):
        result = run(*command)
        assert result.returncode == 1
        assert "Devanagari letters" in result.stderr and "fonts.fallback" in result.stderr
        assert "Traceback" not in result.stderr
        said += [line for line in result.stderr.splitlines() if "Devanagari" in line]
    assert len(said) == 2 and said[0] == said[1] and said[0].startswith(f"{source}:4:14: the brief uses Devanagari letters (such as"), said
    assert not (tmp_path / "out" / "hi.pdf").exists()


def test_a_missing_letter_the_file_writes_as_an_escape_is_shown_with_its_field(tmp_path):
    source = tmp_path / "kn.yaml"
    source.write_text('meeting:\n  title: "Talks \\u0C95"\n', encoding="utf-8")
    result = run("check", str(source))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{source}:1:1: meeting.title: the brief uses Kannada letters"), result.stderr


def test_a_theme_and_a_brief_can_rename_any_label(tmp_path):
    theme = tmp_path / "theme.yaml"
    theme.write_text((TEMPLATES / "theme.yaml").read_text(encoding="utf-8")
                     + "labels:\n  briefing_note: Note for the Minister\n  summary: In short\n  bottom_line: In short\n",
                     encoding="utf-8")
    source = tmp_path / "talks.yaml"
    source.write_text("meeting:\n  title: Talks\nsummary: What matters.\nlabels:\n  summary: Key points\n  bottom_line: Key points\n"
                      "  closing: Over to you\n", encoding="utf-8")
    result = run(str(source), "--out", str(tmp_path / "out"), "--theme", str(theme), "--format", "pdf,pptx")
    assert result.returncode == 0, result.stderr
    text = pypdf.PdfReader(tmp_path / "out" / "talks.pdf").pages[0].extract_text()
    assert "Note for the Minister".upper() in text.upper() and "Key points" in text and "In short" not in text
    titles = [s.shapes.title.text_frame.text for s in Presentation(str(tmp_path / "out" / "talks.pptx")).slides]
    assert "Key points" in titles and "Over to you" in titles  # the summary is on the bottom line


def test_a_renamed_label_may_use_only_its_own_placeholders(tmp_path):
    source = tmp_path / "talks.yaml"
    source.write_text("meeting:\n  title: Talks\nlabels:\n  page: Page {page} / {total}\n", encoding="utf-8")
    result = run("check", str(source))
    assert result.returncode == 1
    assert "{total} is not known here (this label can use: {page}, {pages})" in result.stderr
