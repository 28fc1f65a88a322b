"""Sources and citations: notes numbered by first citation, errors where a citation goes wrong, and the
notes, links and sources in the PDF (foot or end notes), the HTML edition and the deck."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from pptx import Presentation

from conftest import assert_valid_deck, pdf_text
from dossier import deck, pdf
from dossier.load import load
from dossier.model.markup import citing, to_html, to_plain
from dossier.style.theme import Pdf

BRIEF = """\
meeting:
  title: Talks in Tianjin
  date: 2025-09-01
  delegations:
    - party: Pakistan
      people: [{name: Shehbaz Sharif, role: "Prime Minister [@dawn]"}]
summary: The leaders met in Tianjin [@tass] and spoke of trade [@imf; @tass].
chapters:
  - title: Trade
    text: Trade rose by a quarter.
    blocks:
      - table: Trade in goods
        columns: [Year, Value]
        rows: [["2024", "412"], ["2025", "530"]]
        source: [imf]
  - title: Energy
    points: ["The pipeline is studied [@wb]", Nothing else]
sources:
  - id: tass
    title: Putin and Sharif meet in Tianjin
    publisher: TASS
    date: 2025-09-01
    url: https://tass.com/politics/1234567
    accessed: 2025-09-02
  - {id: imf, title: World Economic Outlook, publisher: IMF, date: 2024-10-22}
  - {id: wb, title: Pipelines of the north, author: J. Smith, publisher: World Bank}
  - {id: dawn, title: The delegation, publisher: Dawn}
  - {id: unused, title: Nobody cites this, publisher: Nobody}
"""


@pytest.fixture(scope="module")
def cited(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sources") / "cited.yaml"
    path.write_text(BRIEF, encoding="utf-8")
    return path


def test_notes_are_numbered_by_first_citation_in_reading_order(cited):
    """The summary first, then the chapters, then the delegations (printed after them); a list of ids
    in a table's source cites as the text does; a source nobody cites has no number but is listed."""
    brief = load(cited)
    assert brief.citations.number == {"tass": 1, "imf": 2, "wb": 3, "dawn": 4}
    assert [(n, s.id) for n, s in brief.citations.sources] == [(1, "tass"), (2, "imf"), (3, "wb"), (4, "dawn"),
                                                              (None, "unused")]
    with citing(brief.citations.number, brief.citations.names("en")):
        assert to_plain(brief.summary) == "The leaders met in Tianjin[1] and spoke of trade[2, 1]."
        # a text of citations alone names its sources
        assert to_plain(brief.chapters[0].blocks[0].source) == "IMF, World Economic Outlook[2]"
        assert to_html("Trade [@wb]", cites=False) == "Trade"
        assert to_html("Trade [@wb]") == 'Trade<sup class="cite"><a href="#note-3" id="cite-3">3</a></sup>'
        assert to_plain("a \\[@wb]") == "a [@wb]"  # escaped: as written


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_unknown_id_is_an_error_at_its_line_and_column(tmp_path, command):
    path = tmp_path / "x.yaml"
    path.write_text(BRIEF.replace("[@imf; @tass]", "[@imf; @tas]").replace("source: [imf]", "source: [imf, wbb]"),
                    encoding="utf-8")
    out = ["--out", str(tmp_path / "out")] if command == "build" else []  # check writes nothing, takes no --out
    run = subprocess.run([sys.executable, "-m", "dossier", command, str(path), *out],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    lines = [line for line in (run.stdout + run.stderr).splitlines() if line.startswith("x.yaml:")]
    assert lines == [
        "x.yaml:7:71: summary: cites 'tas', which is not one of the sources; did you mean 'tass'? "
        "the sources are: tass, imf, wb, dawn, unused",
        "x.yaml:15:23: chapters[0].blocks[0].source: cites 'wbb', which is not one of the sources; did you mean "
        "'wb'? the sources are: tass, imf, wb, dawn, unused"]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("x.*"))


def _links(path: Path) -> list[tuple[int, str]]:
    """Each in-document link of the PDF: (page, destination), in page order."""
    return [(k, str(a["/Dest"])) for k, page in enumerate(pypdf.PdfReader(path).pages, 1)
            for a in (x.get_object() for x in page.get("/Annots", [])) if "/Dest" in a]


def test_foot_notes_link_both_ways_and_the_sources_follow_in_full(cited, theme, tmp_path):
    path = tmp_path / "cited.pdf"
    pdf.render(load(cited), theme, path, variant="pdf/ua-1")
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages]
    text = " ".join(" ".join(pdf_text(path).split()).split())
    assert "1 TASS, Putin and Sharif meet in Tianjin, 1 September 2025" in pages[0]  # at the foot of page 1
    assert "2 IMF, World Economic Outlook, 22 October 2024" in pages[0]
    assert "Sources" in text and "https://tass.com/politics/1234567,accessed2September2025" in text.replace(" ", "")
    assert "Nobody, Nobody cites this" in text and "[@" not in text
    links = dict.fromkeys(dest for _, dest in _links(path))
    assert {"note-1", "cite-1", "note-2", "cite-2", "note-3", "cite-3", "note-4", "cite-4"} <= set(links)
    outline = [item.title for item in pypdf.PdfReader(path).outline if not isinstance(item, list)]
    assert "Sources" in outline and all("[" not in title for title in outline)
    reader = pypdf.PdfReader(path)  # PDF/UA: every link annotation is tagged
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert all("/StructParent" in a.get_object() for page in reader.pages for a in page.get("/Annots", []))


def test_end_notes_stand_in_a_list_after_the_chapters(cited, theme, tmp_path):
    path = tmp_path / "end.pdf"
    pdf.render(load(cited), theme.model_copy(update={"pdf": Pdf(notes="end")}), path)
    text = " ".join(pdf_text(path).split())
    notes = text.index("Notes 1 TASS, Putin and Sharif meet in Tianjin, 1 September 2025")
    assert notes < text.index("Sources 1 TASS")
    assert {"note-1", "cite-1"} <= {dest for _, dest in _links(path)}


def test_the_html_edition_lists_the_notes_with_back_links(cited, theme):
    html = pdf.render_html(load(cited), theme)
    assert '<li id="note-1"><span class="num">1</span> <span class="reference">TASS, Putin and Sharif meet' in html
    assert '<a class="back" href="#cite-1" aria-label="Back to the text">↩</a>' in html
    assert html.count('id="cite-1"') == 1 and 'class="footnote"' not in html
    assert '<a class="url" href="https://tass.com/politics/1234567">' in html


def test_the_deck_has_source_lines_and_a_sources_slide(cited, theme, tmp_path):
    path = tmp_path / "cited.pptx"
    deck.render(load(cited), theme, path)
    prs = Presentation(str(path))
    lines = {k: s.text_frame.text for k, slide in enumerate(prs.slides, 1) for s in slide.shapes
             if s.name == "Sources"}
    assert any(line == "Sources: [2] IMF, World Economic Outlook" for line in lines.values()), lines
    titles = [s.shapes.title.text_frame.text if s.shapes.title else "" for s in prs.slides]
    for k, slide in enumerate(prs.slides, 1):  # a slide that cites nothing has no source line
        shown = " ".join([s.text_frame.text for s in slide.shapes if s.has_text_frame and s.name != "Sources"]
                         + [c.text for s in slide.shapes if s.has_table for row in s.table.rows for c in row.cells])
        assert (k in lines) == ("[" in shown and "]" in shown), (k, titles[k - 1])
    sources = prs.slides[titles.index("Sources")]
    table = next(shape.table for shape in sources.shapes if shape.has_table)
    assert [[c.text.replace("\xa0", " ") for c in row.cells] for row in table.rows] == [
        ["No.", "Source", "Date"], ["1", "TASS, Putin and Sharif meet in Tianjin", "1 September 2025"],
        ["2", "IMF, World Economic Outlook", "22 October 2024"], ["3", "J. Smith, World Bank, Pipelines of the north", ""],
        ["4", "Dawn, The delegation", ""], ["", "Nobody, Nobody cites this", ""]]
    notes = sources.notes_slide.notes_text_frame.text
    assert ("1. TASS, Putin and Sharif meet in Tianjin, 1 September 2025, https://tass.com/politics/1234567, "
            "accessed 2 September 2025") in notes
    assert_valid_deck(path)


def test_a_bad_address_or_id_is_an_error(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(BRIEF.replace("https://tass.com", "http://tass.com").replace("id: wb", "id: w b"),
                    encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "dossier", "check", str(path)], capture_output=True, text=True,
                         cwd=tmp_path, timeout=300)
    out = run.stdout + run.stderr
    assert "x.yaml:23:10: sources[0].url: 'http://tass.com/politics/1234567' is not an https:// address" in out
    assert "x.yaml:26:10: sources[2].id: 'w b' is not an id" in out
    assert run.returncode == 1 and "Traceback" not in out
