"""Figures: tables and charts from data, native in both outputs.

The illustrative example in examples/ builds to a deck with native charts (their data
in embedded workbooks) and native tables, and to a PDF that draws its charts as vectors
with their labels as text; the numbers in both are the YAML's (and the CSV files').
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest

from dossier.style.labels import Labels
from pptx import Presentation
from pptx.oxml.ns import qn

from conftest import EXAMPLE, ROOT, assert_valid_deck
from dossier.build import Options, build_one
from dossier.errors import InvalidInput
from dossier.load import load
from dossier.model.markup import to_plain, written_in
from dossier.model import ChartBlock, TableBlock
from test_deck import _check_deck, needs_lo, rendered_pages

FIGURES = ROOT / "examples" / "aurelia-borealis-figures.yaml"
KINDS = {"column", "stacked column", "bar", "stacked bar", "line", "pie", "doughnut"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The example built twice, to PDF, deck and HTML: {'pdf', 'pptx', 'html', 'pdf2', 'pptx2'}."""
    paths = {}
    for run in ("", "2"):
        out = tmp_path_factory.mktemp(f"figures{run}")
        result = build_one(FIGURES, Options(out=out, formats=("pdf", "pptx", "html"), force=True))
        assert not result.failed, result.problems
        for fmt in ("pdf", "pptx", "html"):
            paths[fmt + run] = out / f"{FIGURES.stem}.{fmt}"
    return paths


@pytest.fixture(scope="module")
def example():
    return load(FIGURES)


def charts(brief) -> list[ChartBlock]:
    return [b for b in brief.blocks() if isinstance(b, ChartBlock)]


def tables(brief) -> list[TableBlock]:
    return [b for b in brief.blocks() if isinstance(b, TableBlock)]


def deck_charts(path: Path) -> list:
    return [sh.chart for s in Presentation(str(path)).slides for sh in s.shapes if sh.has_chart]


def deck_tables(path: Path) -> list:
    return [sh.table for s in Presentation(str(path)).slides for sh in s.shapes
            if getattr(sh, "has_table", False) and sh.has_table]


# ---------- the example ----------


def test_the_example_has_every_kind_of_chart_and_says_its_figures_are_illustrative(example):
    assert FIGURES.read_text(encoding="utf-8").startswith("# Illustrative brief")
    assert "illustrative" in example.meeting.title.lower() and "Illustrative" in example.meeting.subtitle
    assert {c.kind for c in charts(example)} == KINDS and tables(example)
    assert all("Illustrative" in b.source for b in [*charts(example), *tables(example)])
    assert any(c.csv for c in charts(example)) and any(t.csv for t in tables(example))


def test_the_brief_lists_every_file_it_reads(example):
    assert [Path(f).name for f in example.files()] == ["trade.csv", "projects.csv"]
    assert load(EXAMPLE).files() == []


# ---------- the deck ----------


def test_the_deck_has_native_charts_with_the_yamls_numbers(built, example):
    found = deck_charts(built["pptx"])
    assert len(found) == len(charts(example)) == 7
    for chart, block in zip(found, charts(example)):
        plot = chart.plots[0]
        assert list(plot.categories) == [to_plain(c) for c in block.categories]
        assert [s.name for s in plot.series] == [s.name for s in block.series]
        assert [list(s.values) for s in plot.series] == [s.values for s in block.series]


def test_every_chart_embeds_its_workbook_with_the_same_numbers(built, example):
    for chart, block in zip(deck_charts(built["pptx"]), charts(example)):
        xlsx = chart.part.chart_workbook.xlsx_part.blob
        with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
            sheet = book.read("xl/worksheets/sheet1.xml").decode()
            strings = book.read("xl/sharedStrings.xml").decode()
            assert "<dcterms:created" in book.read("docProps/core.xml").decode()
            assert "2000-01-01" in book.read("docProps/core.xml").decode()  # never the clock's
        numbers = [float(v) for row, v in re.findall(r"<c r=\"[B-Z](\d+)\"[^>]*><v>([^<]+)</v>", sheet)
                   if row != "1"]  # row 1 holds the series' names
        assert sorted(numbers) == sorted(v for s in block.series for v in s.values)
        for name in [*block.categories, *(s.name for s in block.series)]:
            assert to_plain(name).replace("&", "&amp;") in strings


def test_chart_axis_ids_are_positive(built):
    for chart in deck_charts(built["pptx"]):
        ids = re.findall(r'<c:(?:axId|crossAx) val="(-?\d+)"', chart.part.blob.decode())
        assert all(int(i) > 0 for i in ids), ids


def test_the_deck_has_native_tables_with_the_data(built, example):
    # numbers are held to their words by no-break spaces ('Terminal 4', '11 March 2026')
    shown = [[c.text.replace("\u00a0", " ") for c in row.cells] for t in deck_tables(built["pptx"]) for row in t.rows]
    for block in tables(example):
        assert block.headings() in shown
        for row in block.printed_rows("en"):  # thousands grouped: '1,450'
            assert [to_plain(c) for c in row] in shown


def test_a_long_table_continues_with_its_header_repeated(built, example):
    projects = next(t for t in tables(example) if t.csv)
    parts = [t for t in deck_tables(built["pptx"]) if t.cell(0, 0).text == projects.headings()[0]]
    assert len(parts) >= 2
    assert sum(len(t.rows) - 1 for t in parts) == len(projects.rows)
    assert all([c.text for c in t.rows[0].cells] == projects.headings() for t in parts)


def test_numbers_align_right_in_the_deck(built):
    table = next(t for t in deck_tables(built["pptx"]) if t.cell(0, 0).text == "Product group")
    assert table.cell(1, 1).text_frame.paragraphs[0].alignment == 3  # PP_ALIGN.RIGHT
    assert table.cell(1, 0).text_frame.paragraphs[0].alignment is None  # the stub, left


def test_charts_carry_their_alternative_text(built, example):
    frames = [sh for s in Presentation(str(built["pptx"])).slides for sh in s.shapes if sh.has_chart]
    for frame, block in zip(frames, charts(example)):
        with written_in("en-GB"):  # as the brief renders: its apostrophes set
            assert frame._element.nvGraphicFramePr.cNvPr.get("descr") == to_plain(block.alt_text(Labels('en')))
    pledges = next(b for b in charts(example) if b.kind == "bar")
    assert pledges.alt_text(Labels('en')) == pledges.alt  # the author's own
    line = next(b for b in charts(example) if b.kind == "line")
    assert line.alt_text(Labels('en')) == ("Line chart: Electricity exchanged over the interconnector, 2025 (TWh). "
                               "Borealis to Aurelia: Q1 1.9, Q2 1.1, Q3 0.6, Q4 1.7. "
                               "Aurelia to Borealis: Q1 0.4, Q2 1.2, Q3 1.6, Q4 0.5.")


def test_the_deck_opens_cleanly_by_the_open_xml_rules(built):
    assert_valid_deck(built["pptx"])


def test_python_pptx_alone_writes_axis_ids_the_schema_refuses(tmp_path):
    """Why the ids are renumbered: without it, a chart fails openxml-audit."""
    from openxml_audit import validate_pptx
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE

    prs = Presentation()
    data = CategoryChartData()
    data.categories = ["a", "b"]
    data.add_series("s", (1, 2))
    prs.slides.add_slide(prs.slide_layouts[6]).shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, 0, 0, 100, 100, data)
    prs.save(tmp_path / ".raw.pptx")  # a dot: the autouse check leaves it alone
    assert validate_pptx(tmp_path / ".raw.pptx").error_count > 0


# ---------- the PDF ----------


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_pdf_draws_charts_as_vectors_with_labels_as_text(built, example):
    images = subprocess.run(["pdfimages", "-list", str(built["pdf"])], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert images == []  # no bitmap anywhere: the charts are vector drawings
    text = pdf_text(built["pdf"])
    for block in charts(example):  # categories on the axis or in the legend, series named in the legend
        for name in [*block.categories, *(s.name for s in block.series if len(block.series) > 1)]:
            assert to_plain(name) in text, name
    column = next(b for b in charts(example) if b.kind == "column")
    for value in column.series[0].values:  # its data labels, as the YAML (the CSV) gives them
        assert re.search(rf"(?m)^{column.number(value)}$", text), value


def test_the_pdf_tags_each_chart_as_a_figure_with_its_alternative_text(built, example):
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt")))
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
                walk(kid)

    walk(pypdf.PdfReader(built["pdf"]).trailer["/Root"]["/StructTreeRoot"])
    with written_in("en-GB"):  # as the brief renders: its apostrophes set
        assert found == [to_plain(c.alt_text(Labels('en'))) for c in charts(example)]


def test_the_pdf_tables_have_the_data_and_scoped_headers(built, example):
    text = " ".join(pdf_text(built["pdf"]).split())
    page = built["html"].read_text(encoding="utf-8")
    for block in tables(example):
        assert f"<caption>{to_plain(block.table)}</caption>" in page
        for column in block.columns:
            assert f'<th scope="col" class="' in page and to_plain(column.heading) in text
        for row in block.printed_rows("en"):
            assert all(to_plain(cell) in text for cell in row)
    assert '<td class="right">214</td>' in page and '<td class="left">Machinery and equipment</td>' in page


def test_outputs_are_byte_reproducible(built):
    assert built["pdf"].read_bytes() == built["pdf2"].read_bytes()
    assert built["pptx"].read_bytes() == built["pptx2"].read_bytes()


def test_a_brief_without_figures_does_not_import_matplotlib(tmp_path):
    script = ("import sys; from pathlib import Path; from dossier import deck, pdf; from dossier.load import load; "
              "from dossier.style.theme import load_theme; brief, theme = load(sys.argv[1]), load_theme(); "
              "out = Path(sys.argv[2]); out.mkdir(); pdf.render(brief, theme, out / 'x.pdf'); "
              "deck.render(brief, theme, out / 'x.pptx'); print('matplotlib' in sys.modules)")
    imported = {}
    for source in (EXAMPLE, FIGURES):
        run = subprocess.run([sys.executable, "-c", script, str(source), str(tmp_path / source.stem)],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        imported[source.stem] = run.stdout.strip()
    assert imported == {EXAMPLE.stem: "False", FIGURES.stem: "True"}


def test_editing_a_csv_file_rebuilds_the_brief(tmp_path):
    folder = tmp_path / "briefs"
    shutil.copytree(FIGURES.parent, folder)
    source, options = folder / FIGURES.name, Options(out=tmp_path / "out", formats=("pptx",))
    assert build_one(source, options).built
    assert build_one(source, options).skipped
    (folder / "trade.csv").write_text((folder / "trade.csv").read_text().replace("671", "672"))
    assert build_one(source, options).built


# ---------- LibreOffice ----------


@needs_lo
def test_libreoffice_renders_chart_and_table_slides_inside_the_slide(built, tmp_path):
    from dossier.deck.preview import to_pdf

    prs = Presentation(str(built["pptx"]))
    (pdf,) = to_pdf([built["pptx"]], tmp_path)
    pages = rendered_pages(pdf)
    _check_deck(prs, pages, "figures")
    for k, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (k, shape.name)
            assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height
    chart_pages = [k for k, s in enumerate(prs.slides) if any(sh.has_chart for sh in s.shapes)]
    assert len(chart_pages) == 7
    for k in chart_pages:  # LibreOffice drew each chart's category labels, as text
        words = {w[4] for w in pages[k][2]}
        chart = next(sh.chart for sh in prs.slides[k].shapes if sh.has_chart)
        assert {w for c in chart.plots[0].categories for w in c.split()} <= words, k


# ---------- mistakes ----------


def problems(tmp_path: Path, brief: str, files: dict[str, str] | None = None) -> list[str]:
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(brief, encoding="utf-8")
    with pytest.raises(InvalidInput) as error:
        load(tmp_path / "b.yaml")
    return [str(p).replace(str(tmp_path) + "/", "") for p in error.value.problems]


HEAD = "meeting:\n  title: T\nchapters:\n  - title: Trade\n    blocks:\n"


def test_each_bad_number_gets_its_own_message(tmp_path):
    brief = HEAD + ("      - chart: Trade\n        categories: [a, b, c, d]\n        series:\n"
                    "          - name: Exports\n            values: [1, 2, x, '1,2.5']\n"
                    "          - name: Imports\n            values: [1, 12%, 3, 4]\n")
    assert problems(tmp_path, brief) == [
        "b.yaml:10:28: chapters[0].blocks[0].series[0].values[2]: 'x' is not a number",
        "b.yaml:10:31: chapters[0].blocks[0].series[0].values[3]: '1,2.5' is not a number; write it with '.' "
        "for decimals and no thousands separators, e.g. 1234.5",
        "b.yaml:12:25: chapters[0].blocks[0].series[1].values[1]: '12%' is not a number; write the number "
        "alone and set 'unit: %'",
    ]


def test_a_series_as_long_as_the_categories(tmp_path):
    brief = HEAD + ("      - chart: Trade\n        categories: [a, b, c]\n        series:\n"
                    "          - {name: Exports, values: [1, 2, 3]}\n          - {name: Imports, values: [1, 2]}\n")
    assert problems(tmp_path, brief) == [
        "b.yaml:10:37: chapters[0].blocks[0].series[1].values: 2 value(s) for 3 categories; give one value per "
        "category, in their order"]


def test_a_table_row_as_wide_as_the_columns(tmp_path):
    brief = HEAD + "      - table: T\n        columns: [Year, Value]\n        rows:\n          - [2021, 1]\n" \
                   "          - [2022]\n"
    assert problems(tmp_path, brief) == [
        "b.yaml:10:13: chapters[0].blocks[0].rows[1]: has 1 cell(s) for 2 column(s); give one cell per column "
        "(an empty one as '')"]


def test_csv_problems_point_into_the_csv_file(tmp_path):
    brief = HEAD + "      - chart: Trade\n        csv: trade.csv\n"
    assert problems(tmp_path, brief, {"trade.csv": "Year,Exports\n2021,1\n2022,\"1,5\"\n2023,x\n"}) == [
        "trade.csv:3:6: chapters[0].blocks[0].series[0].values[1]: '1,5' is not a number; write it with '.' for "
        "decimals and no thousands separators, e.g. 1234.5",
        "trade.csv:4:6: chapters[0].blocks[0].series[0].values[2]: 'x' is not a number"]
    assert problems(tmp_path, brief, {"trade.csv": "Year,Exports\n2021,1\n2022\n"}) == [
        "trade.csv:3:1: this line has 1 cell(s), the header has 2; give every line the same number of cells"]
    assert problems(tmp_path, brief, {"trade.csv": "Year,Exports\n2021,\"1\n"}) == [
        "trade.csv:2:6: the quote opened here is not closed on this line; close it (a cell cannot span lines)"]


def test_a_csv_file_follows_the_rules_of_pictures(tmp_path):
    (tmp_path / "inner").mkdir()
    outside = HEAD + "      - table: T\n        csv: ../x.csv\n"
    (tmp_path / "inner" / "b.yaml").write_text(outside)
    with pytest.raises(InvalidInput) as error:
        load(tmp_path / "inner" / "b.yaml")
    assert "csv: '../x.csv' is outside the brief's folder" in str(error.value)
    for src, message in (("https://example.org/x.csv", "is a URL; Dossier fetches nothing"),
                         ("missing.csv", "does not exist or is not a regular file")):
        found = problems(tmp_path, HEAD + f"      - table: T\n        csv: {src}\n")
        assert len(found) == 1 and found[0].startswith(f"b.yaml:7:14: chapters[0].blocks[0].csv: '{src}' {message}")
    both = HEAD + "      - table: T\n        csv: t.csv\n        rows: [[1]]\n"
    assert problems(tmp_path, both, {"t.csv": "A\n1\n"}) == [
        "b.yaml:7:14: chapters[0].blocks[0].csv: give the data either in 'rows:' or in 'csv:', not both"]


def test_a_pie_shows_one_series(tmp_path):
    brief = HEAD + ("      - chart: Shares\n        kind: pie\n        categories: [a, b]\n        series:\n"
                    "          - {name: x, values: [1, 2]}\n          - {name: y, values: [3, 4]}\n")
    assert problems(tmp_path, brief) == [
        "b.yaml:10:11: chapters[0].blocks[0].series: a pie chart shows one series, not 2; use a column chart "
        "to compare series"]


# ---------- hostile chart data: text stays text, and charts stay small enough to draw ----------

HOSTILE = ROOT / "tests" / "cases" / "chart-text.yaml"
FORMULAS = ROOT / "tests" / "cases" / "projects" / "chart-formulas-csv" / "data" / "brief.yaml"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    """The hostile chart texts, from YAML and from CSV, built to PDF and deck: {'yaml.pdf', 'csv.pptx', …}."""
    paths = {}
    for key, source in (("yaml", HOSTILE), ("csv", FORMULAS)):
        out = tmp_path_factory.mktemp(key)
        result = build_one(source, Options(out=out, formats=("pdf", "pptx"), force=True))
        assert not result.failed, result.problems
        paths.update({f"{key}.{fmt}": out / f"{source.stem}.{fmt}" for fmt in ("pdf", "pptx")})
    return paths


def workbooks(deck: Path) -> list[dict[str, str]]:
    """Every workbook embedded in the deck, as {member: text}."""
    found = []
    with zipfile.ZipFile(deck) as package:
        for name in (n for n in package.namelist() if n.endswith(".xlsx")):
            with zipfile.ZipFile(io.BytesIO(package.read(name))) as book:
                found.append({m: book.read(m).decode() for m in book.namelist()})
    return found


@pytest.mark.parametrize("key", ["yaml", "csv"])
def test_a_workbook_holds_every_text_as_a_string_never_a_formula_or_a_link(hostile, key):
    books = workbooks(hostile[f"{key}.pptx"])
    assert len(books) == 2
    for book in books:
        for member, xml in book.items():
            assert not re.search(r"<(\w+:)?f[ >]", xml), member
            assert not re.search(r"<(\w+:)?hyperlink[ >]|relationships/hyperlink", xml), member
    strings = "".join(b["xl/sharedStrings.xml"] for b in books)
    for text in ("=cmd|’ /C calc’!A0", "{=1+1}", "$\\undefinedcommand$", "https://example.org/x"):  # quotes typeset
        assert f"<t>{text}</t>" in strings, text
    assert '<t>=HYPERLINK(“http' in strings  # its quotes typeset, as the chart's labels are


def test_chart_text_is_printed_as_written_never_as_maths(hostile):
    for key in ("yaml", "csv"):
        text = pdf_text(hostile[f"{key}.pdf"])
        assert "costs $5 and $6" in text and "$\\undefinedcommand$" in text, key
    text = pdf_text(hostile["yaml.pdf"])
    for shown in ("$x^2$", "=1+1 (1)", "@SUM(A1:A2) (2)"):  # a series in the legend, a pie's slices
        assert shown in text, shown


def test_every_text_matplotlib_lays_out_is_plain(tmp_path):
    """Categories, series, unit, pie legend: each reaches the chart's labels as written, with no maths drawn."""
    from dossier.pdf.charts import _draw
    from dossier.style.theme import load_theme

    brief = load(HOSTILE)
    for chart in charts(brief):
        _, labels = _draw(chart.model_dump_json(), load_theme().model_dump_json(), "en", False)
        shown = "\n".join(label.text for label in labels)
        texts = [*chart.categories, *(s.name for s in chart.series if len(chart.series) > 1), chart.unit or ""]
        for text in filter(None, texts):
            assert text in shown, text


def test_a_chart_at_its_limits_draws_without_a_squeezed_layout():
    import warnings

    from dossier.model.figures import MAX_SERIES, MAX_SLICES
    from dossier.pdf.charts import NARROW_MM, _draw
    from dossier.style.theme import load_theme

    theme = load_theme().model_dump_json()
    pie = ChartBlock(chart="Shares", kind="pie", categories=[f"Partner {k}" for k in range(MAX_SLICES)],
                     series=[{"name": "Share", "values": ["1"] * MAX_SLICES}])
    wide = ChartBlock(chart="Wide", categories=["2024", "2025"],
                      series=[{"name": f"Series {k}", "values": ["1", "2"]} for k in range(MAX_SERIES)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns when the legend leaves the plot no room
        for chart in (pie, wide):
            for width in (170.0, NARROW_MM):
                assert "<svg" in _draw(chart.model_dump_json(), theme, "en", False, width)[0]


def test_charts_and_tables_at_their_limits_are_allowed():
    from dossier.model.figures import MAX_COLUMNS, MAX_POINTS, MAX_ROWS, MAX_SERIES, MAX_SLICES, MAX_VALUES

    def chart(kind: str, m: int, n: int) -> ChartBlock:
        return ChartBlock(chart="C", kind=kind, categories=[f"c{k}" for k in range(n)],
                          series=[{"name": f"s{j}", "values": ["1"] * n} for j in range(m)])

    assert chart("pie", 1, MAX_SLICES) and chart("line", MAX_VALUES // MAX_POINTS, MAX_POINTS)
    assert chart("column", MAX_SERIES, MAX_VALUES // MAX_SERIES)
    assert TableBlock(table="T", columns=[f"c{k}" for k in range(MAX_COLUMNS)],
                      rows=[["1"] * MAX_COLUMNS for _ in range(MAX_ROWS)])


def test_a_csv_file_of_twenty_thousand_series_is_refused_at_its_header(tmp_path):
    wide = "Year," + ",".join(f"s{k}" for k in range(20000)) + "\n" + \
        "".join(f"{2000 + r}," + ",".join("1" for _ in range(20000)) + "\n" for r in range(40))
    assert len(wide) > 1_600_000
    column = len("Year,") + len("".join(f"s{k}," for k in range(60))) + 1
    assert problems(tmp_path, HEAD + "      - chart: Wide\n        csv: wide.csv\n", {"wide.csv": wide}) == [
        f"wide.csv:1:{column}: chapters[0].blocks[0].series[60]: this chart has 20000 series, and a chart "
        "shows at most 60; split it into several charts, or give the figures as a table"]


def test_a_table_of_two_megabytes_is_refused_at_its_first_row_too_many(tmp_path):
    rows = "".join(f"Partner {r},{r},{2 * r},{3 * r}\n" for r in range(60000))
    assert 1_800_000 < len(rows) < 2 * 1024 * 1024
    assert problems(tmp_path, HEAD + "      - table: Every partner\n        csv: t.csv\n",
                    {"t.csv": "Partner,Exports,Imports,Balance\n" + rows}) == [
        "t.csv:502:1: chapters[0].blocks[0].rows[500]: this table has 60000 rows, and a table has at most 500; "
        "keep the rows the meeting needs, or split it into several tables"]


@pytest.mark.parametrize("written, printed", [("0", "1235"), ("0.0", "1234.5"), ("#,##0", "1,235"),
                                              ("#,##0.0000", "1,234.5000")])
def test_every_number_format_prints_in_both_outputs(written, printed):
    """Halves round away from zero, as the deck's spreadsheet format does."""
    chart = ChartBlock(chart="C", format=written, categories=["a"], series=[{"name": "s", "values": ["1234.5"]}])
    assert chart.excel_format() == f'[$-409]{written};[$-409]"\u2212"{written}'
    assert chart.number(1234.5) == printed


def test_the_schema_anchors_the_number_format():
    from dossier.model.schema import json_schema

    [pattern] = [t["pattern"] for t in json_schema()["$defs"]["ChartBlock"]["properties"]["format"]["anyOf"]
                 if "pattern" in t]
    assert [bool(re.search(pattern, f)) for f in ("0.0", "#,##0.00", "0,0", "0.0 USD")] == [True, True, False, False]


# ---------- the house style (issue 21) ----------


def test_a_pie_of_more_than_four_slices_is_drawn_as_a_sorted_bar_unless_kept(tmp_path):
    values = ["3", "12", "5", "1", "8"]
    pie = ChartBlock(chart="C", kind="pie", categories=list("abcde"), series=[{"name": "s", "values": values}])
    drawn = pie.drawn()
    assert (drawn.kind, drawn.categories, drawn.series[0].values) == ("bar", list("becad"), [12, 8, 5, 3, 1])
    assert pie.alt_text(Labels("en")).startswith("Bar chart: C.")
    assert pie.model_copy(update={"keep_pie": True}).drawn().kind == "pie"
    four = ChartBlock(chart="C", kind="doughnut", categories=list("abcd"), series=[{"name": "s", "values": values[:4]}])
    assert four.drawn() is four


def test_values_or_gridlines_not_both_by_default():
    few = ChartBlock(chart="C", categories=["a", "b"], series=[{"name": "s", "values": ["1", "2"]}])
    many = ChartBlock(chart="C", categories=[str(k) for k in range(13)], series=[{"name": "s", "values": ["1"] * 13}])
    assert few.labelled and not few.gridded(True) and not many.labelled and many.gridded(False)
    asked = few.model_copy(update={"labels": False})
    assert not asked.labelled and asked.gridded(False)
    both = few.model_copy(update={"gridlines": True})
    assert both.labelled and both.gridded(True)


def test_the_axis_ends_on_a_round_number_above_the_largest_total():
    stacked = ChartBlock(chart="C", kind="stacked column", categories=["a", "b"],
                         series=[{"name": "x", "values": ["690", "560"]}, {"name": "y", "values": ["430", "545"]}])
    assert stacked.totals() == [1120, 1105] and stacked.scale().maximum == 1200
    shares = ChartBlock(chart="C", kind="column", unit="%", categories=["a", "b"],
                        series=[{"name": "x", "values": ["96", "40"]}])
    assert shares.scale().maximum == 100  # a share never runs to 110 %
    whole = ChartBlock(chart="C", kind="stacked bar", unit="%", categories=["a", "b"],
                       series=[{"name": "x", "values": ["60", "70"]}, {"name": "y", "values": ["40", "30"]}])
    assert whole.totals() is None  # every column is 100 %: no totals


def test_thousands_are_grouped_by_default_in_the_brief_language():
    chart = ChartBlock(chart="C", categories=["a", "b"], series=[{"name": "s", "values": ["1450", "880"]}])
    assert chart.number(1450) == "1,450" and chart.number(1450, "fr") == "1\u202f450"
    assert "1,000" in [number_of(t, chart) for t in chart.scale().ticks()]  # ticks grouped too
    assert chart.excel_format().startswith("[$-409]#,##0;")


def number_of(value: float, chart: ChartBlock) -> str:
    from dossier.model.localize import number

    return number(value, chart.scale().tick, "en")


def test_line_labels_never_collide():
    chart = ChartBlock(chart="C", kind="line", categories=["Q1", "Q2"],
                       series=[{"name": "a", "values": ["1.9", "1.1"]}, {"name": "b", "values": ["0.4", "1.2"]}])
    assert chart.point_labels(0.04) == [["above", "below"], ["above", "above"]]
    crowded = ChartBlock(chart="C", kind="line", categories=[str(k) for k in range(12)],
                         series=[{"name": n, "values": ["1"] * 11 + [v]} for n, v in zip("abc", ["5", "5.1", "5.2"])])
    places = crowded.point_labels(0.04)
    assert all(p[:-1] == [None] * 11 for p in places)  # gridlines: only the lines' ends are labelled
    assert sorted(filter(None, (p[-1] for p in places))) == ["above", "below"]  # the middle one gives way


def test_the_example_charts_in_the_house_style(built, example):
    """PDF: stacked totals printed, the unit horizontal over the plot; the deck: values or gridlines, not both,
    the unit's title unrotated, small segments' labels moved beside their column, not deleted."""
    text = pdf_text(built["pdf"])
    for total in ("585", "960", "1,120", "1,105"):
        assert re.search(rf"(?m)^{total}$", text), total
    assert re.search(r"(?m)^1,450$", text)  # the bar chart's label, grouped (the table prints its CSV as written)
    page = built["html"].read_text(encoding="utf-8")
    assert not re.search(r'class="t [^"]*rotated', page)  # no unit runs up an axis
    found = deck_charts(built["pptx"])
    for chart in found:
        xml = chart.part.blob.decode()
        if "<c:valAx>" not in xml:
            continue
        labelled = "<c:showVal val=\"1\"/>" in xml
        assert labelled != ("<c:majorGridlines>" in xml), chart.chart_type
        if "<c:valAx>" in xml and "EUR million" in xml:
            assert 'rot="0"' in xml[xml.index("<c:valAx>"):]
    stacked = next(c for c in found if "<c:grouping val=\"stacked\"/>" in c.part.blob.decode()
                   and 'barDir val="col"' in c.part.blob.decode())
    xml = stacked.part.blob.decode()
    assert "<c:lineChart>" in xml and all(f"<c:v>{t}</c:v>" in xml for t in ("585.0", "1120.0"))
    digital = next(s for s in stacked._chartSpace.iter(qn("c:ser")) if "Digital" in s.xml)
    assert "<c:delete val=\"1\"/>" not in digital.xml and "<c:manualLayout>" in digital.xml


@pytest.mark.parametrize("language, amount", [("en", "1,450"), ("fr", "1\u202f450")])
def test_table_numbers_are_grouped_but_years_are_not(language, amount):
    table = TableBlock.model_validate({"table": "Pledges", "columns": ["Project", "EUR m", "Start"],
                                       "rows": [["Cable", "1450", "2027"], ["Port", "320", "2026"]]})
    rows = table.printed_rows(language)
    assert rows[0][1].replace("\xa0", "\u202f") == amount and rows[1][1] == "320"
    assert [row[2] for row in rows] == ["2027", "2026"]
