"""Chart text is the page's text, and right-to-left charts are mirrored, in the PDF, the HTML and the deck.

The Arabic fixture (tests/fixtures/languages/gulf-charts-ar.yaml, illustrative) has a chart of
each kind. Its PDF must carry the chart labels as text set by Pango in the theme's Arabic font,
extracted in logical order; its charts run from the right with the value axis on the right; the
deck's axes run maxMin; the HTML edition keeps chart text at 11 px or more on a phone.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from conftest import ROOT, assert_valid_deck
from dossier.load import load
from dossier.model.markup import to_plain
from dossier.model import ChartBlock

ARABIC = ROOT / "tests" / "fixtures" / "languages" / "gulf-charts-ar.yaml"
ENGLISH = """\
meeting:
  title: Trade talks
chapters:
  - title: Trade
    blocks:
      - chart: Trade by partner
        kind: column
        categories: [Aurelia, Borealis, Caldera]
        series:
          - {name: Exports, values: [3, 5, 8]}
          - {name: Imports, values: [4, 2, 6]}
        unit: EUR million
      - chart: Largest projects
        kind: bar
        categories: [Cable, Port]
        series:
          - {name: Pledged, values: [9, 4]}
"""


def _build(path: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), str(path), "--format", "all", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def arabic(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("arabic")
    result = _build(ARABIC, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return {"result": result, **{fmt: out / f"{ARABIC.stem}.{fmt}" for fmt in ("pdf", "pptx", "html")}}


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("english")
    brief = out / "talks.yaml"
    brief.write_text(ENGLISH, encoding="utf-8")
    result = _build(brief, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return {"result": result, **{fmt: out / f"talks.{fmt}" for fmt in ("pdf", "pptx", "html")}}


def _charts(path: Path) -> list[ChartBlock]:
    return [b for b in load(path).blocks() if isinstance(b, ChartBlock)]


def _words(pdf: Path, page: int) -> list[tuple[str, float, float]]:
    """The words of a page with the middle of each box (x, y), as pdftotext -bbox reads them."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(w, (float(x0) + float(x1)) / 2, (float(y0) + float(y1)) / 2) for x0, y0, x1, y1, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml)]


def _at(words, text: str) -> tuple[float, float]:
    """Where a word stands (pdftotext -bbox gives right-to-left words in visual order, so either way round)."""
    return next((x, y) for w, x, y in words if w in (text, text[::-1]))


def _below(words, text: str) -> list[tuple[str, float, float]]:
    """The words under the first one that is `text` (a chart's caption), in reading order."""
    top = _at(words, text)[1]
    return [w for w in words if w[2] > top]


def _page_of(pdf: Path, text: str) -> int:
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    return next(k for k, page in enumerate(pages, 1) if text in page)


# ---------- the PDF: text the page's engine sets ----------

def test_the_build_is_quiet(arabic, english):
    """No library's warning (matplotlib's missing glyphs, findfont) reaches the user."""
    for built in (arabic, english):
        assert built["result"].stderr == "", built["result"].stderr


def _bare(text: str) -> str:
    """Text without its vowel marks (pdftotext puts a damma before its letter, on the page as in charts)."""
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def test_arabic_chart_text_extracts_in_logical_order(arabic):
    text = subprocess.run(["pdftotext", str(arabic["pdf"]), "-"], capture_output=True, text=True, check=True).stdout
    lines = {_bare(line.strip("\u202a\u202b\u202c ")) for line in text.splitlines()}
    for chart in _charts(ARABIC):
        names = [*chart.categories, *(s.name for s in chart.series if len(chart.series) > 1)]
        if chart.unit and not chart.percent and chart.kind not in ("pie", "doughnut"):
            names.append(chart.unit)
        for name in (_bare(to_plain(name)) for name in names):
            if chart.kind in ("pie", "doughnut"):  # in the legend, with its value
                assert any(line.startswith(name + " (") for line in lines), name
            else:
                assert name in lines, name
    assert "رطق" not in text and "تارداصلا" not in text  # قطر and الصادرات written backwards


def test_arabic_chart_text_is_set_in_the_themes_arabic_font(arabic):
    fonts = subprocess.run(["pdffonts", str(arabic["pdf"])], capture_output=True, text=True, check=True).stdout
    names = {line.split()[0].split("+", 1)[1] for line in fonts.splitlines()[2:]}
    assert "Noto-Naskh-Arabic" in names
    assert names <= {"Noto-Naskh-Arabic", "Noto-Naskh-Arabic-Bold", "Carlito", "Carlito-Bold", "Noto-Serif",
                     "Noto-Serif-Bold"}, names  # nothing matplotlib or fontconfig picked (DejaVu…)


def test_arabic_labels_are_joined_as_on_the_page(arabic):
    """A shaped word is one run of glyphs: pdftotext finds it whole, with no letter boxed on its own."""
    page = _page_of(arabic["pdf"], "البحرين")
    words = [w for w, _, _ in _words(arabic["pdf"], page)]
    assert "البحرين"[::-1] in words or "البحرين" in words
    assert "ن" not in words and "ي" not in words


# ---------- right to left: mirrored ----------

def test_an_rtl_pdf_column_chart_runs_from_the_right_with_its_values_on_the_right(arabic):
    column = next(c for c in _charts(ARABIC) if c.kind == "column")
    words = _below(_words(arabic["pdf"], _page_of(arabic["pdf"], column.chart.split()[1])), column.chart.split()[1])
    first, last = _at(words, column.categories[0]), _at(words, column.categories[-1])
    assert first[0] > last[0]  # قطر on the right, البحرين on the left
    tick = _at(words, "400")
    assert tick[0] > first[0]  # the value axis stands right of every category
    legend = [_at(words, s.name) for s in column.series]
    assert legend[0][0] > legend[1][0]  # the legend is read from the right


def test_an_rtl_pdf_bar_chart_grows_leftwards_from_labels_on_the_right(arabic):
    bar = next(c for c in _charts(ARABIC) if c.kind == "bar")
    page = _page_of(arabic["pdf"], bar.chart.split()[-1])
    words = _below(_words(arabic["pdf"], page), bar.chart.split()[-1])
    label = _at(words, bar.categories[-1].split()[-1])
    zero, largest = _at(words, "0"), _at(words, bar.number(bar.series[0].values[0]))
    assert largest[0] < zero[0] < label[0]


def _orientation(axis) -> str:
    found = axis.find(qn("c:scaling")).find(qn("c:orientation"))
    return "minMax" if found is None else found.get("val")  # the schema's default


def test_an_rtl_deck_runs_its_category_axes_from_the_right(arabic):
    seen = set()
    for slide in Presentation(str(arabic["pptx"])).slides:
        for shape in slide.shapes:
            if not shape.has_chart or shape.chart.chart_type is None:
                continue
            chart = shape.chart
            space = chart._chartSpace
            cat, val = space.find(".//" + qn("c:catAx")), space.find(".//" + qn("c:valAx"))
            if cat is None:  # a pie
                assert chart.legend._element.find(qn("c:legendPos")).get("val") == "l"  # read first
                continue
            orientation = {"cat": _orientation(cat), "val": _orientation(val)}
            horizontal = space.find(".//" + qn("c:barDir")) is not None and \
                space.find(".//" + qn("c:barDir")).get("val") == "bar"
            # bars: categories top to bottom (maxMin) and values from the right (maxMin); others: categories maxMin
            assert orientation == ({"cat": "maxMin", "val": "maxMin"} if horizontal else
                                   {"cat": "maxMin", "val": "minMax"}), orientation
            seen.add("bar" if horizontal else "other")
    assert seen == {"bar", "other"}
    assert_valid_deck(arabic["pptx"])


def test_an_rtl_pdf_caption_and_source_stand_at_the_right(arabic):
    column = next(c for c in _charts(ARABIC) if c.kind == "column")
    words = _words(arabic["pdf"], _page_of(arabic["pdf"], column.chart.split()[1]))
    caption, source = _at(words, column.chart.split()[1]), _at(words, "المصدر:")
    assert caption[0] > 450 and source[0] > 450  # flush with the right margin of the A4 page (595 pt wide)


# ---------- English: unchanged in kind ----------

def test_an_english_chart_runs_left_to_right_with_its_values_on_the_left(english):
    words = _below(_words(english["pdf"], _page_of(english["pdf"], "Caldera")), "partner")
    aurelia, caldera, tick = _at(words, "Aurelia"), _at(words, "Caldera"), _at(words, "0")
    assert tick[0] < aurelia[0] < caldera[0]
    exports, imports = _at(words, "Exports"), _at(words, "Imports")
    assert exports[0] < imports[0]
    for slide in Presentation(str(english["pptx"])).slides:
        for shape in slide.shapes:
            if shape.has_chart:
                for ax in shape.chart._chartSpace.iter(qn("c:catAx")):
                    bar = shape.chart._chartSpace.find(".//" + qn("c:barDir")).get("val") == "bar"
                    assert _orientation(ax) == ("maxMin" if bar else "minMax")


def test_chart_labels_are_page_text_over_a_drawing_without_text(english):
    html = english["html"].read_text(encoding="utf-8")
    assert html.count('<div class="plot wide">') == 2 and html.count('<div class="plot narrow">') == 2
    assert re.search(r'<span class="t axis [a-z]+" style="[^"]*">Caldera</span>', html)
    import base64

    for svg in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html):
        assert "<text" not in base64.b64decode(svg).decode()


# ---------- the HTML edition on a phone ----------

PROBE = """<script>
window.addEventListener("load", () => {
  const sizes = [...document.querySelectorAll(".plot .t")].filter(e => e.offsetParent !== null)
    .map(e => parseFloat(getComputedStyle(e).fontSize));
  const plots = [...document.querySelectorAll(".plot")].filter(e => e.offsetParent !== null);
  const over = plots.filter(p => p.getBoundingClientRect().right > document.documentElement.clientWidth + 1);
  parent.postMessage(`probe ${sizes.length} ${Math.min(...sizes)} ${plots.length} ${over.length} `
    + `${document.documentElement.scrollWidth} ${document.documentElement.clientWidth}`, "*");
});
</script>"""
PHONE = """<!DOCTYPE html><title>waiting</title>
<script>window.addEventListener("message", e => { document.title = e.data; });</script>
<iframe src="page.html" style="width: 390px; height: 2000px; border: 0"></iframe>"""


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs chromium (apt-get install chromium)")
@pytest.mark.parametrize("name", ["arabic", "english"])
def test_on_a_phone_charts_fit_the_column_and_their_text_stays_readable(name, request, tmp_path):
    """In a 390 px wide window, every chart shows one drawing within the column, its labels at 11 px or more."""
    built = request.getfixturevalue(name)
    (tmp_path / "page.html").write_text(built["html"].read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                                        encoding="utf-8")
    (tmp_path / "phone.html").write_text(PHONE, encoding="utf-8")
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--window-size=800,2000",
                          "--virtual-time-budget=5000", "--dump-dom", (tmp_path / "phone.html").as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    found = re.search(r"<title>probe (\d+) ([\d.]+) (\d+) (\d+) (\d+) (\d+)", dom)
    assert found, dom[:300]
    labels, smallest, plots, over, scroll, width = map(float, found.groups())
    assert 370 <= width <= 390  # 390 less a scroll bar
    assert labels > 10 and smallest >= 11  # every visible label at 11 px or more
    assert plots == len(_charts(ARABIC) if name == "arabic" else [1, 2])  # one drawing per chart
    assert over == 0 and scroll <= width  # inside the column; the page does not scroll sideways
