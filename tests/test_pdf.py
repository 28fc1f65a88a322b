"""The PDF brief and the HTML edition: open what is produced and check its contents."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pypdf
import pytest
import tinyhtml5

from conftest import ROOT
from dossier import pdf
from dossier.build.prefill import FIRST_LAYOUT
from dossier.page.sanitize import clean_page
from dossier.pdf.parsed import ParsedHTML
from dossier.pdf import fetch
from dossier.errors import RenderError
from dossier.load import load
from dossier.model.markup import to_plain
from dossier.model import Brief, Party, Story

from conftest import every_paragraph, every_point, topics
from dossier.style.theme import TEMPLATES

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


# ---------- fixtures: each PDF is rendered once per session ----------


@pytest.fixture(scope="session")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="session")
def example_pdf(brief, theme, out) -> Path:
    path = out / "example.pdf"
    pdf.render(brief, theme, path)
    return path


@pytest.fixture(scope="session")
def reader(example_pdf) -> pypdf.PdfReader:
    return pypdf.PdfReader(example_pdf)


@pytest.fixture(scope="session")
def pages(example_pdf) -> list[str]:
    return page_texts(example_pdf)


INJECTIONS = ["<script>alert(1)</script>", "{{ 7*7 }}", "</div>"]
NAMES = ["Сергей Лавров", "اسحاق ڈار"]


@pytest.fixture(scope="session")
def special(brief) -> Brief:
    """The example with every optional field set, hostile text and non-Latin names."""
    meeting = brief.meeting.model_copy(update={
        "classification": "RESTRICTED", "date": "4 July 2025", "author": "Europe Desk",
        "parties": [*brief.meeting.parties, *(Party(party=name) for name in NAMES)],
    })
    last = brief.chapters[-1]
    last = last.model_copy(update={
        "text": last.text + "\n\nSee **the** _communiqué_ at [the SCO site](https://example.org/sco)."})
    return brief.model_copy(update={
        "meeting": meeting,
        "summary": brief.summary + "\n\n" + " ".join(INJECTIONS),
        "chapters": [*brief.chapters[:-1], last],
    })


@pytest.fixture(scope="session")
def special_pdf(special, theme, out) -> Path:
    path = out / "special.pdf"
    pdf.render(special, theme, path)
    return path


# ---------- helpers ----------


def page_texts(path: Path) -> list[str]:
    if not shutil.which("pdftotext"):
        return [page.extract_text() for page in pypdf.PdfReader(path).pages]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def norm(text: str) -> str:
    """Compare text regardless of line breaks, hyphenation and bidi marks."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s\u00ad\u2010\u2011\-\u202a-\u202e\u200e\u200f]+", "", text)


def fonts(path: Path) -> list[list[str]]:
    """The rows of `pdffonts`: name, type, encoding, emb, sub, uni, ..."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    return [line.split() for line in lines]


def assert_only_embedded_subsets(path: Path) -> None:
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts not installed")
    rows = fonts(path)
    assert rows, "no fonts found"
    for row in rows:
        assert row[-5:-3] == ["yes", "yes"], f"font not embedded as a subset: {row}"
        assert "+" in row[0]
        family = row[0].split("+", 1)[1]
        assert family.startswith(("Carlito", "Noto-Serif", "Noto-Naskh-Arabic")), row


def outline_titles(reader: pypdf.PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def headings(brief: Brief) -> list[str]:
    """Every heading the brief must have, in plain text: chapters and subsections with their numbers,
    highlights and events."""
    from dossier.model import EventBlock, HighlightsBlock

    story = Story(brief)
    found = ["Bottom line", *(f"{h.number} {to_plain(h.title)}" for c in story.chapters for h in (c, *c.children))]
    for block in brief.blocks():
        if isinstance(block, HighlightsBlock):
            found += [to_plain(h.title) for h in block.highlights]
        elif isinstance(block, EventBlock):
            found.append(to_plain(block.event))
    return found


# ---------- contents ----------


@needs_poppler
def test_every_point_and_member_appears(brief, pages):
    text = norm("".join(pages))
    items = every_point(brief)
    assert len(items) == 76
    missing = [item for item in items if norm(to_plain(item)) not in text]
    assert not missing


@needs_poppler
def test_every_paragraph_and_heading_appears(brief, pages, reader):
    # page 1 also in drawing order: the bottom line sets the summary beside the highlights, line by line
    text = norm("".join(pages) + reader.pages[0].extract_text())
    wanted = every_paragraph(brief) + [t.lead for t in topics(brief) if t.lead] + headings(brief)
    wanted += [brief.meeting.title, brief.meeting.subtitle, brief.meeting.forum, *brief.meeting.party_names]
    missing = [p for p in wanted if norm(to_plain(p)) not in text]
    assert not missing


def test_several_a4_pages(reader):
    assert len(reader.pages) > 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_outline_has_every_heading(brief, reader):
    titles = [norm(t) for t in outline_titles(reader)]
    for heading in headings(brief):
        assert any(t.endswith(norm(heading)) for t in titles), heading


def test_metadata(brief, reader):
    info = reader.metadata
    assert info.title == brief.meeting.title
    assert info.subject == brief.meeting.subtitle
    assert "Pakistan" in info["/Keywords"] and "Shanghai Cooperation Organization" in info["/Keywords"]
    assert "/Author" not in info  # the example names no author
    assert "/CreationDate" not in info and "/ModDate" not in info
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"  # the brief's 'en', in the theme's locale


def test_tagged(reader):
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)


def test_only_embedded_fonts(example_pdf):
    assert_only_embedded_subsets(example_pdf)


@needs_poppler
def test_contents_page_numbers_match(brief, example_pdf, reader):
    layout = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "2", str(example_pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    entries = {int(n): (title, int(page)) for n, title, page in
               re.findall(r"^\s*(\d+)\s+(\S.*?)\s{2,}(\d+)\s*$", layout, re.M)}
    listed = Story(brief).chapters
    assert len(entries) == len(listed)
    # where each chapter's heading is, from its bookmark (the contents now shares page 2 with the body)
    starts = {norm(item.title): reader.get_destination_page_number(item) + 1
              for item in reader.outline if not isinstance(item, list)}
    for chapter in listed:
        title, page = entries[int(chapter.number)]
        assert norm(title) == norm(to_plain(chapter.title))
        assert starts[norm(f"{chapter.number} {to_plain(chapter.title)}")] == page, chapter


# ---------- options ----------


def test_letter(brief, theme, out):
    path = out / "letter.pdf"
    pdf.render(brief, theme, path, page_size="Letter")
    box = pypdf.PdfReader(path).pages[0].mediabox
    assert (float(box.width), float(box.height)) == (612, 792)


@pytest.mark.parametrize("variant, marker", [("pdf/a-3b", b"pdfaid"), ("pdf/ua-1", b"pdfuaid")])
def test_variants(brief, theme, out, variant, marker):
    path = out / (variant.replace("/", "-") + ".pdf")
    pdf.render(brief, theme, path, variant=variant)
    reader = pypdf.PdfReader(path)
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert marker in metadata
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert len(reader.pages) > 1


def test_unknown_options_are_refused(brief, theme, out):
    with pytest.raises(RenderError, match="page size"):
        pdf.render(brief, theme, out / "x.pdf", page_size="A5")
    with pytest.raises(RenderError, match="variant"):
        pdf.render(brief, theme, out / "x.pdf", variant="pdf/x-4")
    assert not (out / "x.pdf").exists()


def test_reproducible_and_writes_only_the_target(brief, theme, example_pdf, tmp_path):
    path = tmp_path / "again.pdf"
    pdf.render(brief, theme, path)
    assert [p.name for p in tmp_path.iterdir()] == ["again.pdf"]
    assert path.read_bytes() == example_pdf.read_bytes()


# ---------- hostile and non-Latin text ----------


@needs_poppler
def test_injection_renders_literally(special_pdf):
    text = norm("".join(page_texts(special_pdf)))
    for injection in INJECTIONS:
        assert norm(injection) in text


@needs_poppler
def test_cyrillic_and_urdu_names(special_pdf):
    text = norm("".join(page_texts(special_pdf)))
    for name in NAMES:
        assert norm(name) in text
    assert_only_embedded_subsets(special_pdf)
    assert any("Naskh" in row[0] for row in fonts(special_pdf))


@needs_poppler
def test_classification_on_every_page_and_author(special_pdf):
    texts = page_texts(special_pdf)
    for number, text in enumerate(texts, 1):
        lines = [line for line in text.splitlines() if line.strip()]
        assert lines[0] == "RESTRICTED" or "RESTRICTED" in lines[:2], number
        assert "RESTRICTED" in lines[-2:], number
    assert pypdf.PdfReader(special_pdf).metadata["/Author"] == "Europe Desk"


def test_links_are_annotations_not_fetches(special_pdf):
    uris = [annotation.get_object().get("/A", {}).get("/URI")
            for page in pypdf.PdfReader(special_pdf).pages for annotation in page.get("/Annots", [])]
    assert "https://example.org/sco" in uris


def test_a_brief_of_required_fields_alone_prints_no_heading_for_absent_parts(theme, tmp_path):
    minimal = Brief.model_validate({"meeting": {"title": "Talks"}})
    pdf.render(minimal, theme, tmp_path / "minimal.pdf")
    reader = pypdf.PdfReader(tmp_path / "minimal.pdf")
    assert reader.metadata.title == "Talks" and "/Subject" not in reader.metadata
    assert len(reader.pages) == 1
    html = pdf.render_html(minimal, theme).split("</head>")[1]
    for absent in ("<h2", "Summary", "Contents", "Parties", "Forum", "<main", "<dl"):
        assert absent not in html


def test_a_short_brief_is_one_page_with_no_contents(theme, tmp_path):
    """With no contents to open page 2, the body follows the principal's sheet on page 1."""
    short = Brief.model_validate({
        "meeting": {"title": "Talks", "date": "2025-07-04"}, "summary": "What was agreed, in short.",
        "chapters": [{"title": "Highlights", "blocks": [{"highlights": [{"title": "Energy", "points": ["a grid"]}]}]}],
    })
    pdf.render(short, theme, tmp_path / "short.pdf")
    reader = pypdf.PdfReader(tmp_path / "short.pdf")
    assert len(reader.pages) == 1
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "4 July 2025" in text and "Highlights" in text and "1.1 Energy" in text and "Contents" not in text
    assert "Bottom line" in reader.pages[0].extract_text()


def test_injection_in_html_is_escaped(special, theme):
    html = pdf.render_html(special, theme)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html


# ---------- fetching ----------


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:1/x.png",
    "https://example.org/font.ttf",
    "file:///etc/passwd",
    (TEMPLATES / "fonts" / ".." / ".." / "pyproject.toml").as_uri(),
    TEMPLATES.as_uri() + "/../dossier/pdf/__init__.py",
    "file:///dev/zero",
    "ftp://example.org/x",
])
def test_fetcher_refuses(url):
    with pytest.raises(fetch.RefusedURL, match="refused"):
        fetch.SafeFetcher().fetch(url)


def test_fetcher_allows_templates_and_data_urls():
    font = fetch.SafeFetcher().fetch((TEMPLATES / "fonts" / "Carlito-Regular.ttf").as_uri())
    assert font.read(4) == b"\x00\x01\x00\x00"
    font.close()
    assert fetch.SafeFetcher().fetch("data:text/plain,hi").read() == b"hi"


@pytest.mark.parametrize("tag", [
    '<img src="http://127.0.0.1:1/x.png">',
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="../../../../etc/passwd">',
])
@pytest.mark.parametrize("parsed", [False, True], ids=["text", "tree"])
def test_refused_url_is_a_render_error(theme, tmp_path, tag, parsed):
    page = f"<p>x</p>{tag}"
    if parsed:  # a tree handed to WeasyPrint (see `_tree`) is fetched through the same fetcher
        page = tinyhtml5.parse(io.StringIO(page), namespace_html_elements=False)
    with pytest.raises(RenderError, match="refused"):
        pdf._layout(page, pdf.stylesheets(theme.model_dump_json(), "A4"), None)


@pytest.mark.parametrize("which", ["brief", "special"])
def test_the_checked_tree_is_the_tree_weasyprint_parses(which, request, theme):
    """`ParsedHTML` of `clean_page`'s tree is `HTML(string=…)` of its text: every attribute, the same tree."""
    brief = request.getfixturevalue(which)
    raw = pdf.page.render(brief, theme, pdf.labels_for(brief, theme), None, pdf._chart_html, **FIRST_LAYOUT)
    text, tree = clean_page(raw)
    fetcher, base = fetch.SafeFetcher(), TEMPLATES.as_uri() + "/"
    ours, theirs = ParsedHTML(tree, base, fetcher), pdf.HTML(string=text, base_url=base, url_fetcher=fetcher)
    assert vars(ours).keys() == vars(theirs).keys()
    assert (ours.base_url, ours.media_type, ours.url_fetcher) == (theirs.base_url, theirs.media_type, fetcher)
    assert ET.tostring(ours.etree_element) == ET.tostring(theirs.etree_element)
    assert text == pdf._html(brief, theme, pdf.labels_for(brief, theme), None, **FIRST_LAYOUT)


def test_a_page_from_its_tree_or_its_text_writes_the_same_pdf(brief, theme):
    """The build's first layout comes as text (`dossier.build.prefill`), the others as trees."""
    labels = pdf.labels_for(brief, theme)
    sheets = [*pdf.stylesheets(theme.model_dump_json(), "A4"), pdf.language_sheet(pdf.language_css(theme, labels))]
    text = pdf._html(brief, theme, labels, None, **FIRST_LAYOUT)
    tree = pdf._tree(brief, theme, labels, **FIRST_LAYOUT)
    assert (pdf._layout(tree, sheets, None).write_pdf(pdf_tags=True)
            == pdf._layout(text, sheets, None).write_pdf(pdf_tags=True))


# ---------- HTML edition ----------


def test_html_is_self_contained(brief, theme):
    html = pdf.render_html(brief, theme)
    assert html.count("<html") == 1 and "<style>" in html
    assert f"<title>{brief.meeting.title}</title>" in html
    assert all(ref.startswith("#") for ref in re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", html))
    assert all(ref.startswith("data:") for ref in re.findall(r"""url\(\s*["']?([^"')]*)""", html))
    assert not re.search(r"https?:|file:|@import", html)
    assert "@font-face" in html and "data:font/woff;base64," in html
    assert pdf.render_html(brief, theme) == html


def figures(node) -> list:
    """Every /Figure element of a structure tree, depth first."""
    node = node.get_object()
    found = [node] if node.get("/S") == "/Figure" else []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        if isinstance(kid.get_object(), dict):
            found += figures(kid)
    return found


def test_logo_is_embedded_with_alternative_text(theme, tmp_path):
    logo_brief = load(ROOT / "tests" / "cases" / "logo.yaml")
    pdf.render(logo_brief, theme, tmp_path / "logo.pdf")
    reader = pypdf.PdfReader(tmp_path / "logo.pdf")
    assert len(reader.pages[0].images) == 1
    alts = [f.get("/Alt") for f in figures(reader.trailer["/Root"]["/StructTreeRoot"])]
    assert alts == ["The emblem"]


# ---------- the page: measure, bottom line, sheet ----------


def body_lines(path: Path) -> list[str]:
    """The body's full lines from page 2 on: lines at the body's size (the most common height) that start
    at the column's start and reach its last 15% (a ragged-right line; a paragraph's short last line is out)."""
    import xml.etree.ElementTree as ET
    from collections import Counter

    xml = subprocess.run(["pdftotext", "-bbox-layout", "-f", "2", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    rows = [(round(float(r.get("yMax")) - float(r.get("yMin"))), round(float(r.get("xMin"))), float(r.get("xMax")),
             " ".join(w.text for w in r.findall("word"))) for r in ET.fromstring(xml).iter("line")]
    height = Counter(r[0] for r in rows).most_common(1)[0][0]
    body = [r for r in rows if r[0] == height]
    start = Counter(r[1] for r in body).most_common(1)[0][0]
    end = max(r[2] for r in body if r[1] == start)
    return [text for _, x0, x1, text in body if x0 == start and x1 >= start + 0.85 * (end - start)]


@needs_poppler
def test_body_lines_average_60_to_75_characters(example_pdf):
    lines = body_lines(example_pdf)
    assert len(lines) > 25
    average = sum(map(len, lines)) / len(lines)
    assert 60 <= average <= 75, average


@needs_poppler
def test_page_1_opens_with_the_bottom_line_and_the_contents_are_on_page_2(brief, pages, reader):
    first = [line for line in pages[0].splitlines() if line.strip()]
    assert "Bottom line" in first and "Contents" not in pages[0]
    drawn = norm(reader.pages[0].extract_text())  # in drawing order: the two columns of the bottom line apart
    assert norm("5 highlights:") in drawn
    for h in Story(brief).highlights:
        assert norm(to_plain(h.title)) in drawn
    assert "Contents" in pages[1]


@needs_poppler
def test_key_messages_stand_numbered_beside_the_summary(brief, theme, tmp_path):
    messages = ["Trade can double by 2030.", "The pipeline needs financing.", "Security ties are deepening."]
    path = tmp_path / "messages.pdf"
    pdf.render(brief.model_copy(update={"key_messages": messages}), theme, path)
    first = norm(pypdf.PdfReader(path).pages[0].extract_text())
    for n, line in enumerate(messages, 1):
        assert norm(f"{n} {line}") in first
    assert norm("SCO Summit 2025") in first  # the next event, on the principal's sheet


def test_the_html_glossary_marks_each_term_as_an_abbreviation(brief, theme):
    html = pdf.render_html(brief, theme)
    assert '<abbr title="Shanghai Cooperation Organization">SCO</abbr>' in html
    assert 'id="glossary"' in html


def test_a_sheet_too_tall_for_page_1_leaves_out_what_the_chapters_print_rather_than_spill(tmp_path, theme, monkeypatch):
    """In Urdu (Nastaliq is tall) the sheet without its quotation and who's who still did not fit: its next
    event went alone to page 2, which stood nearly empty before the contents. The next event, which the
    outlook chapter prints, is left out of the sheet then too."""
    brief = load(ROOT / "tests" / "fixtures" / "languages" / "pakistan-russia-sco-ur.yaml")
    laid: list = []
    layout = pdf._layout
    monkeypatch.setattr(pdf, "_layout", lambda *a: laid.append(layout(*a)) or laid[-1])
    pdf.render(brief, theme, tmp_path / "ur.pdf")
    first = [p.anchors for p in laid[-1].pages[:2]]
    assert "sheet-end" in first[0] and "contents" in first[1], first
    assert len(laid) == 3, "laid out with the whole sheet, without quotation and who's who, without the next event"
    english = load(ROOT / "data" / "pakistan-russia-sco.yaml")
    laid.clear()
    pdf.render(english, theme, tmp_path / "en.pdf")
    assert len(laid) == 1 and "sheet-end" in laid[0].pages[0].anchors, "the example's sheet fits whole"
