"""The "Changes since …" section of the PDF and the HTML edition (`dossier build --since HEAD`, issue 25).

Each test commits a version of a brief in a git repository (`commit_version`), writes the next version over
it, builds with `--since HEAD` as a person would, and reads what was made: the PDF's text (pdftotext and
pypdf), its bookmarks, the HTML edition's markup; the accessible variant goes through `pdfua`, and the HTML
edition through axe-core in Chromium.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from conftest import EXAMPLE, ROOT, commit_version
from dossier.load import load
from dossier.load.versions import revision
from dossier.style.labels import labels_for
from dossier.style.theme import load_theme

DAY = "2026-11-30"
HEADING = "Changes since 30 November 2026"
QUARTERLY = ROOT / "tests" / "fixtures" / "meetings" / "quarterly-review.yaml"
GULF = ROOT / "tests" / "fixtures" / "languages" / "gulf-charts-ar.yaml"


def edited(text: str, *edits: tuple[str, str]) -> str:
    """`text` with each (old, new) replaced once; each old must be there."""
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


EXAMPLE_EDITS = (
    # a highlight removed
    ("""          - title: Afghanistan and Regional Stability
            lead: "Both sides discussed the situation in Afghanistan, agreeing on:"
            points:
              - preventing the use of Afghan soil for terrorism
              - supporting regional connectivity projects
              - ensuring humanitarian assistance
""", ""),
    # a point's words changed
    ("- Exploring opportunities in energy, oil, and gas", "- Exploring new opportunities in energy and gas"),
    # a chapter added
    ("  - title: Conclusion", """  - title: Next Steps After the Meeting
    points:
      - A joint working group meets in Moscow before March
      - Officials draft a roadmap for energy trade

  - title: Conclusion"""),
)


def build(root: Path, name: str, *options: str) -> Path:
    """`dossier build data/NAME --since HEAD OPTIONS` in `root`; the output folder."""
    done = subprocess.run([sys.executable, "-m", "dossier", "build", f"data/{name}", "--since", "HEAD",
                           "--out", "out", *options], cwd=root, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "out"


def versions(root: Path, name: str, old: str, new: str) -> None:
    """`old` committed on DAY as data/NAME, `new` written over it."""
    commit_version(root, {f"data/{name}": old}, DAY)
    (root / "data" / name).write_text(new, encoding="utf-8")


def pdftotext(pdf: Path, *options: str) -> str:
    done = subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout


BIDI = "[\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def flat(text: str) -> str:
    """Text with every run of white space one space, and a line broken after a dash joined again: where a
    line breaks is no reader's concern."""
    text = re.sub(BIDI, "", text)  # pdftotext marks right-to-left runs with embeddings
    return re.sub(r"(?<=\w)– (?=\w)", "–", " ".join(text.split()))


def section(text: str, heading: str = HEADING) -> str:
    """The section's text in the PDF's text: from its heading to the contents (or the first chapter)."""
    start = text.index(heading)
    ends = [i for i in (text.find("Contents", start), text.find("1 Pakistan", start), text.find("1 Quarterly", start))
            if i > 0]
    return text[start:min(ends)] if ends else text[start:]


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    """The example, a highlight removed, a point reworded and a chapter added since HEAD: PDF and HTML."""
    root = tmp_path_factory.mktemp("example")
    old = EXAMPLE.read_text(encoding="utf-8")
    versions(root, "brief.yaml", old, edited(old, *EXAMPLE_EDITS))
    return build(root, "brief.yaml", "--format", "pdf", "--format", "html")


def test_the_pdf_names_what_changed_since_the_revision_after_the_summary(example):
    text = flat(pdftotext(example / "brief.pdf"))
    assert HEADING in text
    changes = flat(section(text))
    assert changes.startswith(f"{HEADING} 3 changes ADDED Chapter 10 “Next Steps After the Meeting”")
    # the highlight removed since HEAD is named, though the brief no longer has it, where it was
    assert "REMOVED Highlight “Afghanistan and Regional Stability” in 3 Highlights of the Pakistan–Russia SCO Meeting" \
        in changes
    assert "Afghanistan and Regional Stability" not in text.replace(changes, "")
    # the point's words: deleted and inserted told apart in the text, not by colour alone
    assert ("CHANGED Point in 3 Highlights of the Pakistan–Russia SCO Meeting › 3.2 Advancing Economic Cooperation: "
            "Exploring [inserted: new] opportunities in [deleted: energy, oil,] [inserted: energy] and gas") in changes
    # after the bottom line (page 1), before the contents and the first chapter
    pages = [flat(p) for p in pdftotext(example / "brief.pdf").split("\f")]
    assert HEADING not in pages[0] and "Bottom line" in pages[0]
    assert pages[1].startswith(HEADING)
    assert pages[1].index(HEADING) < pages[1].index("Contents") < pages[1].index("1 Pakistan–Russia Relations")


def test_pypdf_reads_the_marks_in_their_place(example):
    """The tagged text (what pypdf and a reader's assistive technology read) has the words in order."""
    page = flat(pypdf.PdfReader(example / "brief.pdf").pages[1].extract_text())
    assert "Exploring [inserted: new] opportunities in [deleted: energy, oil,] [inserted: energy] and gas" in page


def test_the_section_is_in_the_outline_and_the_contents(example):
    reader = pypdf.PdfReader(example / "brief.pdf")
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[:3] == ["Bottom line", HEADING, "1 Pakistan–Russia Relations: An Overview"]
    contents = flat(reader.pages[1].extract_text())
    assert f"Contents {HEADING} 2 1 Pakistan–Russia Relations: An Overview 2" in contents
    # the groups' headings are no bookmarks of their own
    assert not any(o.title in ("Added", "Removed", "Changed") for o in reader.outline if not isinstance(o, list))


def test_the_html_edition_marks_deletions_and_insertions(example):
    page = (example / "brief.html").read_text(encoding="utf-8")
    body = page[page.index('<section class="changes"'):]
    body = body[:body.index('<nav class="toc"')]
    assert f'<h2 id="changes-heading" data-bookmark="{HEADING}">{HEADING}</h2>' in body
    assert '<span class="change-mark">[deleted:\xa0</span><del>energy, oil,</del><span class="change-mark">]</span>' in body
    assert '<span class="change-mark">[inserted:\xa0</span><ins>new</ins><span class="change-mark">]</span>' in body
    assert '<bdi>Afghanistan and Regional Stability</bdi>' in body
    assert '<a href="#changes">' in page  # in the contents
    assert page.index('id="summary"') < page.index('id="changes"') < page.index('id="chapter-1"')


def test_table_cells_chart_values_and_records_old_and_new(tmp_path):
    old = QUARTERLY.read_text(encoding="utf-8")
    new = edited(old, ("[Nordics, 6.3, 6.6, at risk]", "[Nordics, 6.5, 6.6, at risk]"),
                 ("{name: Actual, values: [39.0, 38.4, 40.1, 41.2]}", "{name: Actual, values: [39.0, 38.4, 40.1, 41.6]}"))
    versions(tmp_path, "review.yaml", old, new)
    out = build(tmp_path, "review.yaml", "--format", "pdf", "--format", "html")
    text = flat(pdftotext(out / "review.pdf"))
    changes = text[text.index(HEADING):]
    assert "2 changes CHANGED" in changes
    assert ("Table cell “Nordics Revenue” in 2 Results by region › Revenue by region, Q3 2026: 6.3 → 6.5 "
            "Chart value “Actual Q3 2026” in 2 Results by region › Revenue by quarter: 41.2 → 41.6") in changes
    page = (out / "review.html").read_text(encoding="utf-8")
    assert ('<span class="change-values short"><bdi class="old">6.3</bdi> <span class="arrow">→</span> '
            '<bdi class="new">6.5</bdi></span>') in page


def test_an_arabic_brief_reads_right_to_left_its_arrows_pointing_from_old_to_new(tmp_path):
    old = GULF.read_text(encoding="utf-8")
    new = edited(old, ("{name: الصادرات, values: [412, 368, 230, 151]}", "{name: الصادرات, values: [430, 368, 230, 151]}"),
                 ("text: نمت التجارة بين الدول الأربع في كل عام منذ 2022.",
                  "text: نمت التجارة بين الدول الأربع بسرعة في كل عام منذ 2022."))
    versions(tmp_path, "gulf.yaml", old, new)
    out = build(tmp_path, "gulf.yaml", "--format", "pdf", "--format", "html")
    brief = load(tmp_path / "data" / "gulf.yaml", since=revision("HEAD", cwd=tmp_path))
    labels = labels_for(brief, load_theme(None))
    heading = brief.since.heading(labels, "ar")
    page = (out / "gulf.html").read_text(encoding="utf-8")
    body = page[page.index('<section class="changes"'):]
    body = body[:body.index("</section>\n</section>") if "</section>\n</section>" in body else None]
    assert '<html lang="ar" dir="rtl">' in page
    assert f">{heading}</h2>" in body
    assert '<bdi class="old">412</bdi> <span class="arrow">←</span> <bdi class="new">430</bdi>' in body
    assert "<bdi>التجارة</bdi>" in body  # the place's title isolated
    assert "→" not in body
    assert f'[{labels("change_inserted")}' in body and "<ins>بسرعة</ins>" in body
    text = flat(pdftotext(out / "gulf.pdf"))
    assert heading.replace(" ", "") in text.replace(" ", "")  # pdftotext moves a space at a change of direction
    changes = text[text.index("430") - 300:text.index("430") + 10]
    assert "بسرعة" in changes and "412" in changes and "←" in changes and "→" not in changes
    assert labels("change_inserted") in changes  # the insertion named in words, beside it


def test_no_change_is_one_line_and_a_new_brief_another(tmp_path):
    old = QUARTERLY.read_text(encoding="utf-8")
    versions(tmp_path, "review.yaml", old, old)
    (tmp_path / "data" / "fresh.yaml").write_text(old, encoding="utf-8")  # not in HEAD
    out = build(tmp_path, "review.yaml", "--format", "html")
    page = (out / "review.html").read_text(encoding="utf-8")
    body = page[page.index('<section class="changes quiet"'):]
    body = body[:body.index("</section>")]
    assert re.sub(r"\s+", " ", body).endswith(f'<p class="changes-line">No changes since 30 November 2026.</p> ')
    assert "<h3>" not in body and "<ul" not in body
    out = build(tmp_path, "fresh.yaml", "--format", "pdf")
    text = flat(pdftotext(out / "fresh.pdf"))
    assert f"{HEADING} This brief is new since 30 November 2026." in text


def test_a_long_list_keeps_its_headings_with_their_changes_and_leaves_no_page_half_empty(tmp_path):
    """Forty changes over two pages: no group's heading ends a page, and every page but the last of the
    section and the contents is filled."""
    old = EXAMPLE.read_text(encoding="utf-8")
    new = old
    for line in re.findall(r"^ {6,}- ([A-Z][^\n]{8,})$", old, re.M)[:40]:
        new = new.replace(f"- {line}\n", f"- {line}, as agreed\n", 1)
    versions(tmp_path, "brief.yaml", old, new)
    out = build(tmp_path, "brief.yaml", "--format", "pdf")
    pages = pdftotext(out / "brief.pdf").split("\f")
    holding = [n for n, p in enumerate(pages) if "as agreed" in p.split("Contents")[0] and n < 4]
    assert len(holding) >= 2, "the list should run over more than one page"
    for n in holding[:-1]:
        lines = [x for x in pages[n].splitlines() if x.strip() and "Page " not in x]
        body = lines[:-2]  # the running foot: the title, on two lines
        assert body[-1].strip() not in ("ADDED", "REMOVED", "CHANGED", "MOVED", "RETITLED"), body[-3:]
    reader = pypdf.PdfReader(out / "brief.pdf")
    for n in holding[:-1]:  # filled to its foot: the last line's text is in the page's lower fifth
        box = reader.pages[n].mediabox
        ys: list[float] = []
        reader.pages[n].extract_text(visitor_text=lambda t, cm, tm, font, size: ys.append(tm[5]) if t.strip() else None)
        body = [y for y in ys if y > 22 * 72 / 25.4 + 20]  # above the running foot
        assert min(body) < float(box.height) / 5, f"page {n + 1} ends at {min(body):.0f}pt"


def test_the_accessible_variant_passes_the_pdfua_checks(tmp_path):
    old = EXAMPLE.read_text(encoding="utf-8")
    versions(tmp_path, "brief.yaml", old, edited(old, *EXAMPLE_EDITS))
    out = build(tmp_path, "brief.yaml", "--format", "pdf", "--pdf-variant", "pdf/ua-1")
    pdfua = Path(sys.executable).with_name("pdfua")
    checked = subprocess.run([str(pdfua), "check", "--min-severity", "error", str(out / "brief.pdf")],
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0 and "errors=0" in checked.stdout, checked.stdout


def test_the_html_edition_with_the_section_passes_axe(example, tmp_path):
    from test_html import describe, start_axe, violations

    found = violations(start_axe((example / "brief.html").read_text(encoding="utf-8"), tmp_path))
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not serious, "axe-core found\n" + "\n".join(map(describe, serious))
