"""Numbers and dates in the brief's language, and one value axis for both outputs.

A French and a German brief (tests/fixtures/numbers/) with a table, every kind of chart,
agreements, a programme and an event are built to PDF, HTML and deck; each output is
opened and read for the language's numbers ('1 234,5', '−14,7', '12 %') and dates.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import ROOT, assert_valid_deck
from dossier.build import Options, build_one
from dossier.model.localize import Pattern, excel_code, number
from dossier.model import ChartBlock
from dossier.model.figures import printed_cell

FIXTURES = ROOT / "tests" / "fixtures" / "numbers"
FRENCH, GERMAN = FIXTURES / "fr-chiffres.yaml", FIXTURES / "de-zahlen.yaml"
NNBSP, NBSP, MINUS = "\u202f", "\u00a0", "\u2212"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Both briefs built to PDF, deck and HTML: {'fr': {'pdf': …, 'pptx': …, 'html': …}, 'de': …}."""
    out = tmp_path_factory.mktemp("numbers")
    paths = {}
    for language, brief in (("fr", FRENCH), ("de", GERMAN)):
        result = build_one(brief, Options(out=out, formats=("pdf", "pptx", "html"), force=True))
        assert not result.failed, result.problems
        paths[language] = {fmt: out / f"{brief.stem}.{fmt}" for fmt in ("pdf", "pptx", "html")}
    return paths


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def table_cells(deck: Path) -> list[str]:
    """The deck's table cells, with the no-break spaces that hold a date's words together read as spaces."""
    return [cell.text.replace("\xa0", " ") for slide in Presentation(str(deck)).slides for shape in slide.shapes if shape.has_table
            for row in shape.table.rows for cell in row.cells]


def chart_xml(deck: Path) -> list[str]:
    return [shape.chart.part.blob.decode() for slide in Presentation(str(deck)).slides for shape in slide.shapes
            if shape.has_chart]


# ---------------------------------------------------------------- the formatting itself


@pytest.mark.parametrize(("language", "value", "pattern", "printed"), [
    ("fr", 1234.5, "#,##0.0", f"1{NNBSP}234,5"), ("fr", -14.7, "0.0", f"{MINUS}14,7"), ("fr", 70.9, "0.0", "70,9"),
    ("fr", 12, "0%", f"12{NBSP}%"), ("de", 1234.5, "#,##0.0", "1.234,5"), ("de", -14.7, "0.0", f"{MINUS}14,7"),
    ("en", 1234.5, "#,##0.00", "1,234.50"), ("en", -0.04, "0.0", "0.0"), ("ur", 12, "0%", "12\u066a"),
    ("xx-unknown", 1234.5, "#,##0.0", "1,234.5"),
])
def test_a_number_is_printed_by_the_pattern_in_the_languages_marks(language, value, pattern, printed):
    assert number(value, Pattern.parse(pattern), language) == printed


@pytest.mark.parametrize(("cell", "french"), [
    ("1,204", f"1{NNBSP}204"), ("-3.5", f"{MINUS}3,5"), ("+41", "+41"), ("12%", f"12{NBSP}%"),
    ("**671.5**", "**671,5**"), ("2021", "2021"), ("Total", "Total"), ("70,9", "70,9"),
])
def test_a_table_cell_keeps_its_grouping_and_decimals_and_takes_the_languages_marks(cell, french):
    assert printed_cell(cell, "fr") == french


def test_a_spreadsheet_code_names_the_locale_whose_marks_the_language_writes():
    assert excel_code(Pattern.parse("#,##0.0"), "fr") == '[$-40C]#,##0.0;[$-40C]"−"#,##0.0'
    assert excel_code(Pattern(False, 1, True), "de") == '[$-407]0.0"\u00a0%";[$-407]"−"0.0"\u00a0%"'
    # Arabic with Latin digits writes '.' and ',': LibreOffice's Arabic locales would write '٫' and '٬'
    assert excel_code(Pattern.parse("0.0"), "ar").startswith("[$-409]0.0;")


# ---------------------------------------------------------------- one scale


def line(values: list[float], **more) -> ChartBlock:
    return ChartBlock(chart="C", kind="line", categories=[str(k) for k in range(len(values))],
                      series=[{"name": "s", "values": [str(v) for v in values]}], **more)


@pytest.mark.parametrize(("kind", "values", "expected"), [
    ("line", [64.2, 70.9, 68.1, 96], (60, 100, 10)),
    ("column", [64.2, 70.9, 68.1, 96], (0, 120, 20)),  # one unit more: the label above 96 needs room
    ("column", [412, 468, 530], (0, 600, 100)),
    ("bar", [-14.7, 3.2, 8], (-20, 15, 5)),
    ("line", [0.12, 0.15, 0.31], (0.1, 0.35, 0.05)),
    ("column", [0, 0], (0, 1.2, 0.2)),
])
def test_the_value_axis_is_computed_once_from_the_data(kind, values, expected):
    chart = ChartBlock(chart="C", kind=kind, categories=[str(k) for k in range(len(values))],
                       series=[{"name": "s", "values": [str(v) for v in values]}])
    scale = chart.scale()
    assert (scale.minimum, scale.maximum, scale.unit) == pytest.approx(expected)
    assert scale.ticks()[0] == scale.minimum and scale.ticks()[-1] == pytest.approx(scale.maximum)


def test_stacked_shares_end_at_a_hundred_percent():
    chart = ChartBlock(chart="C", kind="stacked bar", categories=["a", "b"], unit="%",
                       series=[{"name": "x", "values": ["62.5", "1.5"]}, {"name": "y", "values": ["37.5", "98.5"]}])
    assert (chart.scale().minimum, chart.scale().maximum) == (0, 100)


def test_tick_labels_use_the_charts_format_without_decimals_the_unit_does_not_need():
    chart = line([1.5, 2.5, 7.5], format="0.0")
    assert chart.number(1.5, "fr") == "1,5"
    assert [number(t, chart.scale().tick, "fr") for t in chart.scale().ticks()] == [str(k) for k in range(1, 10)]


def test_a_line_chart_has_the_same_scale_in_the_pdf_and_the_deck(built):
    """The French line chart (64.2 to 96 %): 60 % to 100 % by 10 in the PDF's tick labels and the deck's XML."""
    text = pdf_text(built["fr"]["pdf"])
    page = text[text.index("Taux d’emploi"):]  # the apostrophe set as the language writes it
    ticks = [f"{v}{NBSP}%" for v in (60, 70, 80, 90, 100)]
    assert all(re.search(rf"^{t.replace(NBSP, '.')}$", page, re.M) for t in ticks), page[:400]
    [xml] = [x for x in chart_xml(built["fr"]["pptx"]) if "<c:lineChart>" in x and "<c:barChart>" not in x]  # not a total line
    value_axis = xml[xml.index("<c:valAx>"):]
    assert '<c:max val="100.0"/>' in value_axis and '<c:min val="60.0"/>' in value_axis
    assert '<c:majorUnit val="10.0"/>' in value_axis
    assert f'formatCode="[$-40C]0&quot;{NBSP}%&quot;;' in value_axis


# ---------------------------------------------------------------- the outputs


def test_french_numbers_in_the_pdf(built):
    text = pdf_text(built["fr"]["pdf"])
    for printed in (f"1{NNBSP}234,5", f"{MINUS}14,7", "70,9", "+2,5", f"62,5{NBSP}%", f"1{NNBSP}000"):
        assert printed.replace(NNBSP, " ").replace(NBSP, " ") in text.replace(NNBSP, " ").replace(NBSP, " "), printed
    assert not re.search(r"\d\.\d|(?<![\w–])-\d", text), "an English number in the French PDF"


def test_french_numbers_in_the_html(built):
    html = built["fr"]["html"].read_text()
    for printed in (f"1{NNBSP}234,5", f"{MINUS}14,7", "70,9", f"{MINUS}12,2"):
        assert f">{printed}<" in html or f">{printed}</strong><" in html, printed
    assert "1,234.5" not in html and ">-14.7<" not in html


def test_french_numbers_in_the_decks_tables_and_charts(built):
    cells = table_cells(built["fr"]["pptx"])
    assert {f"1{NNBSP}234,5", f"{MINUS}14,7", "70,9", "+2,5", f"1{NNBSP}305,4", f"{MINUS}12,2"} <= set(cells)
    codes = {c for xml in chart_xml(built["fr"]["pptx"]) for c in re.findall(r'formatCode="([^"]*)"', xml)}
    assert codes and all(c.startswith("[$-40C]") for c in codes), codes
    assert '[$-40C]#,##0.0;[$-40C]&quot;−&quot;#,##0.0' in codes


def test_german_numbers_in_every_output(built):
    paths = built["de"]
    assert "1.234,5" in pdf_text(paths["pdf"]) and f"{MINUS}14,7" in pdf_text(paths["pdf"])
    assert ">1.234,5<" in paths["html"].read_text()
    assert {"1.234,5", f"{MINUS}14,7", "70,9"} <= set(table_cells(paths["pptx"]))
    codes = {c for xml in chart_xml(paths["pptx"]) for c in re.findall(r'formatCode="([^"]*)"', xml)}
    assert codes and all(c.startswith("[$-407]") for c in codes), codes


@pytest.mark.parametrize(("language", "dates"), [
    ("fr", ["19 mars 2022", "19–20 mars 2026", "19 mars 2026", "4 février 2027"]),
    ("de", ["19. März 2022", "19.–20. März 2026", "19. März 2026", "4. Februar 2027"]),
])
def test_iso_dates_in_agreements_programme_and_events_are_written_in_the_language(built, language, dates):
    paths = built[language]
    pdf, html, cells = pdf_text(paths["pdf"]), paths["html"].read_text(), table_cells(paths["pptx"])
    slides = " ".join(shape.text_frame.text for slide in Presentation(str(paths["pptx"])).slides
                      for shape in slide.shapes if shape.has_text_frame)
    def bare(text: str) -> str:  # the event's kicker is set in letter-spaced capitals
        return re.sub(r"\s", "", text).casefold()

    for date in dates:
        assert bare(date) in bare(pdf) and date in html, date
    # the agreements in a table; the programme on a timeline, with the event
    assert set(dates[:2]) <= set(cells) and all(bare(date) in bare(slides) for date in dates[2:])
    assert not re.search(r"\d{4}-\d{2}-\d{2}", pdf + html + " ".join(cells) + slides)
    assert "Jour 2, matin" in slides  # a date that is not ISO stays as written


def test_the_decks_open_cleanly(built):
    for paths in built.values():
        assert_valid_deck(paths["pptx"])


def test_an_iso_date_that_is_no_real_day_is_refused_in_an_agreement(tmp_path):
    from dossier.errors import InvalidInput
    from dossier.load import load

    path = tmp_path / "x.yaml"
    path.write_text("meeting: {title: T}\nchapters:\n  - title: A\n    blocks:\n      - agreements:\n"
                    "          - {title: Accord, date: 2022-02-30}\n")
    with pytest.raises(InvalidInput) as error:
        load(path)
    assert "'2022-02-30' is not a real day; write it as YYYY-MM-DD" in str(error.value)


def test_numbers_round_half_away_from_zero_as_the_decks_spreadsheet_does():
    from dossier.model.localize import Pattern, number

    assert [number(v, Pattern.parse("#,##0.0"), "en") for v in (880.25, 0.05, -2.25, 2.35)] == \
        ["880.3", "0.1", "\u22122.3", "2.4"]
