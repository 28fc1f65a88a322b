"""Conventions: dates in the brief's locale (English the British way unless the brief or theme says
otherwise), the language's quotation marks and apostrophes, French spacing in Dossier's own words,
and a table column of one value printed once above the table."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pptx import Presentation
from pypdf import PdfReader

from conftest import deck_text
from dossier.build import Options, build_one, check
from dossier.model.figures import TableBlock
from dossier.model.localize import days, quotes
from dossier.model.markup import to_html, to_plain, to_runs, written_in
from dossier.style.labels import Labels
from dossier.style.theme import TEMPLATES

# ---------- dates ----------

MARCH_10, MARCH_12, APRIL_2, JANUARY_3 = dt.date(2026, 3, 10), dt.date(2026, 3, 12), dt.date(2026, 4, 2), dt.date(2027, 1, 3)


@pytest.mark.parametrize("language, written", [
    ("en-GB", ["10 March 2026", "10–12 March 2026", "10 March\u2009–\u20092 April 2026",
               "10 March 2026\u2009–\u20093 January 2027"]),
    ("en-US", ["March 10, 2026", "March 10–12, 2026", "March 10\u2009–\u2009April 2, 2026",
               "March 10, 2026\u2009–\u2009January 3, 2027"]),
    ("fr", ["10 mars 2026", "10–12 mars 2026", "10 mars\u2009–\u20092 avril 2026", "10 mars 2026\u2009–\u20093 janvier 2027"]),
    ("de", ["10. März 2026", "10.–12. März 2026", "10. März\u2009–\u20092. April 2026",
            "10. März 2026\u2009–\u20093. Januar 2027"]),
    ("ru", ["10 марта 2026\u202fг.", "10—12 марта 2026\u202fг.", "10 марта — 2 апреля 2026\u202fг.",
            "10 марта 2026\u202fг. — 3 января 2027\u202fг."]),
    ("zh", ["2026年3月10日", "2026年3月10日–12日", "2026年3月10日\u2009–\u20094月2日", "2026年3月10日\u2009–\u20092027年1月3日"]),
])
def test_a_day_and_ranges_across_days_months_and_years(language, written):
    """The month in full where the language's long dates have it, days of one month closed up round their dash."""
    assert [days(MARCH_10, end, language) for end in (MARCH_10, MARCH_12, APRIL_2, JANUARY_3)] == written


# ---------- a brief in each language, built ----------

TEXT = {
    "en": ("Test meeting", 'The Minister said "it\'s settled", and [the "Northern" plan](https://example.org/a\'b"c) '
                           'stands; `code "x"` stays.', "Trade by partner", "Partner", "Year", "Exports", "Signed",
           "Figures \"as reported\"", "Total"),
    "fr": ("Réunion d'essai", 'Le ministre a dit "c\'est réglé", et [le plan "Nord"](https://example.org/a\'b"c) '
                              'tient ; `code "x"` reste.', "Échanges par partenaire", "Partenaire", "Année",
           "Exportations", "Signé", "Chiffres \"déclarés\"", "Total"),
    "ru": ("Тестовая встреча", 'Министр сказал "это решено", и [план "Север"](https://example.org/a\'b"c) '
                               'в силе; `code "x"` остаётся.', "Торговля по партнёрам", "Партнёр", "Год", "Экспорт",
           "Подписано", "Данные \"как сообщалось\"", "Итого"),
    "ar": ("اجتماع تجريبي", 'قال الوزير "تمت التسوية"، و[الخطة "الشمالية"](https://example.org/a\'b"c) '
                            'قائمة؛ `code "x"` يبقى.', "التجارة حسب الشريك", "الشريك", "السنة", "الصادرات",
           "وُقّع", "أرقام \"كما أُعلنت\"", "المجموع"),
}
"""Per language: title, summary (a quotation, an apostrophe in English and French, a link whose address
holds quotes, a code span), table caption and headings, a signed date's heading, a source, a total."""

QUOTED = {
    "en": ("The Minister said “it’s settled”", "the “Northern” plan", "Figures “as reported”"),
    "fr": ("Le ministre a dit «\u202fc’est réglé\u202f»", "le plan «\u202fNord\u202f»", "Chiffres «\u202fdéclarés\u202f»"),
    "ru": ("Министр сказал «это решено»", "план «Север»", "Данные «как сообщалось»"),
    "ar": ("قال الوزير ”تمت التسوية“", "الخطة ”الشمالية“", "أرقام ”كما أُعلنت“"),
}


def brief_yaml(language: str) -> str:
    title, summary, caption, partner, year, exports, signed, source, total = TEXT[language]
    return f"""meeting:
  title: {json.dumps(title, ensure_ascii=False)}
  date: 2026-03-10/2026-03-12
  language: {language}
summary: {json.dumps(summary, ensure_ascii=False)}
chapters:
  - title: "{caption}"
    blocks:
      - table: "{caption}"
        columns: ["{partner}", "{year}", "{exports}", "{signed}"]
        rows:
          - [Aurelia, "2025", "1,234.5", 2026-03-11]
          - [Borealis, "2025", "987", 2026-03-11]
          - [Caldera, "2025", "12.5", 2026-03-12]
          - ["{total}", "", "2,234", ""]
        source: {json.dumps(source, ensure_ascii=False)}
      - agreements:
          - {{title: Memorandum, date: 2026-03-11}}
      - programme:
          - {{when: 2026-03-12, what: Talks}}
      - event: Joint commission
        date: 2026-04-02
"""


def built(tmp_path: Path, language: str, name: str, theme: Path | None = None, written: str | None = None
          ) -> dict[str, Path]:
    source = tmp_path / f"{name}.yaml"
    source.write_text(written or brief_yaml(language), encoding="utf-8")
    result = build_one(source, Options(out=tmp_path, formats=("pdf", "pptx", "html"), theme=theme))
    assert not result.problems, result.problems
    return {fmt: tmp_path / f"{name}.{fmt}" for fmt in ("pdf", "pptx", "html")}


def spaced(text: str) -> str:
    """`text` with each run of ASCII white space as one space (a no-break space is kept)."""
    return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()


def pdf_words(path: Path) -> str:
    """The PDF's text (pypdf keeps its narrow no-break spaces; right-to-left lines come in visual order)."""
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return spaced(text.replace("\u2010\n", ""))


def html_words(path: Path) -> str:
    body = re.sub(r"(?s)<(style|script)\b.*?</\1>|<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return spaced(html.unescape(body))


def slides_and_notes(path: Path) -> tuple[str, str]:
    prs = Presentation(str(path))
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide)
    return spaced(" ".join(deck_text(path))), spaced(notes)


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> dict[str, Path]:
    return built(tmp_path_factory.mktemp("en"), "en", "english")


def test_every_english_date_is_written_the_british_way(english):
    """The cover, the table, the agreements, the programme and the event: one way, the theme's en-GB."""
    for text in (pdf_words(english["pdf"]), html_words(english["html"]), " ".join(slides_and_notes(english["pptx"]))):
        for date in ("10–12 March 2026", "11 March 2026", "12 March 2026", "2 April 2026"):
            assert date.casefold() in text.casefold()  # a kicker is set in capitals
        assert not re.search(r"(?i)(Mar|March|Apr|April) \d{1,2}(?!\d)", text) and "2026-03" not in text
    assert 'lang="en-GB"' in english["html"].read_text(encoding="utf-8")


def test_a_brief_or_a_theme_may_write_english_dates_the_american_way(tmp_path):
    american = built(tmp_path, "en-US", "american", written=brief_yaml("en").replace("language: en", "language: en-US"))
    theme = tmp_path / "theme.yaml"
    theme.write_text((TEMPLATES / "theme.yaml").read_text(encoding="utf-8").replace("  en: en-GB", "  en: en-US"))
    themed = built(tmp_path, "en", "themed", theme=theme)
    for outputs in (american, themed):
        text = pdf_words(outputs["pdf"]).casefold()
        assert "march 10–12, 2026" in text and "march 11, 2026" in text and "april 2, 2026" in text
        assert "10–12 march" not in text


@pytest.mark.parametrize("entry, message", [
    ("en: en-XX", r"theme\.yaml:\d+:7: locales\.en: 'en-XX' is not a locale Dossier knows; write a language and a region"),
    ("fr: en-GB", r"theme\.yaml:\d+:7: locales\.fr: 'en-GB' is not a locale of 'fr'; write a locale of that language, e\.g\. fr-FR"),
    ("en-GB: en-GB", r"theme\.yaml:\d+:3: locales\['en-GB'\]: 'en-GB' is not a language alone"),
])
def test_a_themes_locale_is_checked_where_it_is_written(tmp_path, entry, message):
    theme = tmp_path / "theme.yaml"
    theme.write_text((TEMPLATES / "theme.yaml").read_text(encoding="utf-8").replace("  en: en-GB", f"  {entry}"))
    source = tmp_path / "brief.yaml"
    source.write_text(brief_yaml("en"), encoding="utf-8")
    checked = check([source], theme=theme)[0].problems
    result = build_one(source, Options(out=tmp_path, formats=("html",), theme=theme))
    assert len(checked) == 1 and re.search(message, checked[0]), checked
    assert result.problems == checked and not (tmp_path / "brief.html").exists()


# ---------- quotation marks ----------


@pytest.mark.parametrize("language", ["en", "fr", "ru", "ar"])
def test_straight_quotes_become_the_languages_own_in_both_outputs(tmp_path, language):
    outputs = built(tmp_path, language, f"quotes-{language}")
    slides, notes = slides_and_notes(outputs["pptx"])
    page = html_words(outputs["html"])
    for text in (slides, notes, page):
        for quoted in QUOTED[language]:
            assert quoted in text, (quoted, text[:300])
        assert 'code "x"' in text  # a code span keeps its quotes
    pdf = pdf_words(outputs["pdf"])
    marks = quotes(language)
    assert marks[0].strip() in pdf and marks[1].strip() in pdf and pdf.count('"') == 2 and "'" not in pdf
    if language != "ar":  # Arabic lines are read back in visual order
        assert all(quoted in pdf for quoted in QUOTED[language]) and 'code "x"' in pdf
    links = [run.hyperlink.address for slide in Presentation(str(outputs["pptx"])).slides for shape in slide.shapes
             if shape.has_text_frame for p in shape.text_frame.paragraphs for run in p.runs if run.hyperlink.address]
    assert links == ["https://example.org/a'b%22c"]  # the address as written (quoted for a URL), not typeset
    assert "https://example.org/a'b%22c" in outputs["html"].read_text(encoding="utf-8")


def test_quotes_are_set_in_the_text_only_and_only_while_a_brief_renders():
    text = 'He said "it\'s [the \'plan\'](https://x.org/a\'b) `"as is"`" and \\"this\\".'
    assert to_plain(text) == "He said \"it's the 'plan' \"as is\"\" and \"this\"."
    with written_in("de"):
        assert to_plain(text) == "He said „it’s the ‚plan‘ \"as is\"“ and \"this\"."
        assert 'href="https://x.org/a\'b"' in to_html(text)
        assert to_runs("_'Ja'_")[0].text == "‚Ja‘" and to_runs("_'Ja'_")[0].italic
    assert to_plain("'Ja'") == "'Ja'"


# ---------- French spacing in Dossier's own words ----------


def test_french_labels_set_a_narrow_no_break_space_before_high_punctuation():
    with (TEMPLATES / "locale" / "fr.po").open("rb") as file:
        catalog = read_po(file, locale="fr")
    for message in (m for m in catalog if m.id):
        for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
            for match in re.finditer(r"[:;!?»]", text or ""):
                assert match.start() and text[match.start() - 1] == "\u202f", (message.id, text)
            for match in re.finditer("«", text or ""):
                assert text[match.end():match.end() + 1] == "\u202f", (message.id, text)
    assert Labels("fr").pair("Source", "X") == "Source\u202f: X" and Labels("en").pair("Source", "X") == "Source: X"
    assert Labels("fr").around("Source") == ("Source\u202f: ", "")


def test_the_french_source_line_spaces_its_colon(tmp_path):
    outputs = built(tmp_path, "fr", "source-fr")
    slides, notes = slides_and_notes(outputs["pptx"])
    for text in (pdf_words(outputs["pdf"]), html_words(outputs["html"]), slides, notes):
        assert "Source\u202f: Chiffres" in text and "Année\u202f: 2025" in text


# ---------- a column of one value ----------


def table(rows: list[list[str]], total: bool | None = None) -> TableBlock:
    return TableBlock.model_validate({"table": "T", "columns": ["Partner", "Year", {"heading": "Exports", "unit": "USD m"}],
                                      "rows": rows, "total": total})


def test_a_column_of_one_value_moves_into_the_lead_in():
    shown = table([["A", "2025", "1,200.5"], ["B", "2025", "3"], ["C", "2025", "4"]]).shown("fr")
    assert [c.heading for c in shown.columns] == ["Partner", "Exports"] and shown.headings == ["Partner", "Exports (USD m)"]
    assert shown.aligns == ["left", "right"] and shown.rows[0] == ["A", "1\u202f200,5"]
    assert shown.constants == [("Year", "2025")]
    same_exports = table([["A", "2025", "7"], ["B", "2024", "7"], ["C", "2025", "7"]]).shown("en")
    assert same_exports.constants == [("Exports (USD m)", "7")] and len(same_exports.rows[0]) == 2
    with_total = table([["A", "2025", "1"], ["B", "2025", "2"], ["C", "2025", "3"], ["Total", "", "6"]])
    assert with_total.constant_columns() == [1] and with_total.shown("en").rows[-1] == ["Total", "6"]


@pytest.mark.parametrize("rows", [
    [["A", "2025", "1"], ["B", "2025", "2"]],  # two rows: a table of two rows keeps its columns
    [["A", "2025", "1"], ["A", "2024", "2"], ["A", "2025", "3"]],  # the first column stays, whatever it holds
    [["A", "", "1"], ["B", "", "2"], ["C", "", "3"]],  # an empty column is not a value
    [["A", "2025", "1"], ["B", "2025", "2"], ["Total", "2024", "3"]],  # the total row differs
])
def test_a_column_stays_when_it_varies_or_the_table_is_short(rows):
    assert table(rows).constant_columns() == []


def test_both_outputs_print_a_constant_column_once_above_the_table(english):
    words = pdf_words(english["pdf"])
    assert words.count("Year: 2025") == 1 and "Year" not in words.replace("Year: 2025", "")
    assert words.index("Trade by partner Year: 2025") < words.index("Partner Exports Signed")
    prs = Presentation(str(english["pptx"]))
    tables = [shape.table for slide in prs.slides for shape in slide.shapes if shape.has_table]
    header = [cell.text for cell in tables[0].rows[0].cells]
    assert header == ["Partner", "Exports", "Signed"]
    slides, _ = slides_and_notes(english["pptx"])
    # the caption titles the table's slide, and the column of one value leads into it
    assert "Trade by partner" in slides and "Year: 2025" in slides and "2025" not in " ".join(
        cell.text for row in list(tables[0].rows)[1:] for cell in row.cells)


def test_french_text_gets_narrow_no_break_spaces_before_its_high_punctuation():
    from dossier.model.markup import to_plain, written_in

    with written_in("fr"):
        text = to_plain("Thèmes abordés : le climat ; « oui » ! Voir [le site](https://x.fr) : ok")
    assert text == "Thèmes abordés\u202f: le climat\u202f; «\u202foui\u202f»\u202f! Voir le site\u202f: ok"
    with written_in("en"):
        assert to_plain("Topics : x") == "Topics : x"
