"""The zoo's sources: two per language, cited from the summary, a subsection's point and the table's source
(as a list of ids), and what each output must then show: numbered notes linked both ways, the sources in
full, a source line on the slides that cite and a Sources slide."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
from pptx import Presentation

from dossier.model.localize import separator
from dossier.model.meeting import printed_date
from dossier.style.labels import Labels
from dossier.style.theme import load_theme

SOURCES: dict[str, list[tuple[str, str]]] = {
    "en": [("Trade report 2025", "Ministry of Trade"), ("Energy outlook", "Northern Energy Agency")],
    "fr": [("Rapport sur le commerce 2025", "Ministère du Commerce"),
           ("Perspectives énergétiques", "Agence nordique de l'énergie")],
    "de": [("Handelsbericht 2025", "Handelsministerium"), ("Energieausblick", "Nordische Energieagentur")],
    "es": [("Informe comercial 2025", "Ministerio de Comercio"),
           ("Perspectivas energéticas", "Agencia Nórdica de la Energía")],
    "ru": [("Доклад о торговле за 2025 год", "Министерство торговли"),
           ("Энергетический прогноз", "Северное энергетическое агентство")],
    "ar": [("تقرير التجارة لعام 2025", "وزارة التجارة"), ("آفاق الطاقة", "وكالة الطاقة الشمالية")],
    "ur": [("تجارتی رپورٹ 2025", "وزارت تجارت"), ("توانائی کا جائزہ", "شمالی توانائی ایجنسی")],
}
URL = "https://example.org/trade-report-2025"
"""The first source's address, in the briefs written in Latin letters (the others hold no Latin word)."""


def with_sources(brief: dict, language: str) -> dict:
    """The zoo's brief with its sources, cited: 'zoo-energy' first (the summary), then 'zoo-trade'."""
    (trade, ministry), (energy, agency) = SOURCES[language]
    first = {"id": "zoo-trade", "title": trade, "publisher": ministry, "date": "2026-01-15"}
    if language in ("en", "fr", "de", "es"):
        first |= {"url": URL, "accessed": "2026-02-01"}
    brief["sources"] = [first, {"id": "zoo-energy", "title": energy, "publisher": agency}]
    brief["summary"] += " [@zoo-energy]"
    section = brief["chapters"][1]["blocks"][0]["sections"][0]
    section["points"] = [section["points"][0] + " [@zoo-trade; @zoo-energy]", *section["points"][1:]]
    table = next(b for b in brief["chapters"][3]["blocks"] if "table" in b)
    table["source"] = ["zoo-trade"]
    return brief


def flat(text: str) -> str:
    """Text with its spaces (no-break ones too) single and plain, straight apostrophes, no direction marks."""
    text = re.sub(r"[\u200e\u200f\u061c\u202a-\u202e]", "", text).replace("’", "'")
    return " ".join(re.sub(r"[\u00a0\u202f\u2009]", " ", text).split())


def bare(text: str) -> str:
    """Text without spaces and commas, to compare what pdftotext reads of right-to-left text."""
    return re.sub(r"[\s,،]", "", flat(text))


def check_sources(paths: dict[str, Path], language: str, pdf_text: str) -> None:
    """Each output of a zoo brief shows its notes and sources as `with_sources` cited them."""
    labels = Labels(language)
    locale = localized_language(language)
    (trade, ministry), (energy, agency) = SOURCES[language]
    c = separator(language)
    pdf = flat(pdf_text)
    # the PDF: the notes at the foot of their pages, numbered by first citation, then the sources in full
    # (pdftotext sets an Arabic comma's space on its other side, and moves numbers: compared without them)
    # (Nastaliq's shared glyphs do not extract as text: an Urdu PDF is checked by its links alone)
    if language == "ar":
        assert bare(f"1 {agency}") in bare(pdf) and bare(f"2 {ministry}") in bare(pdf)
    elif language != "ur":
        assert f"1 {agency}{c}{energy}" in pdf and f"2 {ministry}{c}{trade}" in pdf
    assert (language == "ur" or flat(labels("sources")) in pdf) and "[@" not in pdf
    if language in ("en", "fr", "de", "es"):
        accessed = flat(labels("accessed", date=printed_date("2026-02-01", locale)))
        assert URL in pdf.replace(" ", "") and accessed in pdf
    links = {(a["/Dest"] if "/Dest" in a else "") for page in pypdf.PdfReader(paths["pdf"]).pages
             for a in (x.get_object() for x in page.get("/Annots", [])) if a.get("/Subtype") == "/Link"}
    assert {"note-1", "note-2", "cite-1", "cite-2"} <= {str(d) for d in links}
    # the HTML edition: the notes listed, each linked back to its first citation
    html = paths["html"].read_text(encoding="utf-8")
    assert 'id="cite-1"' in html and 'id="note-2"' in html
    assert f'<a class="back" href="#cite-1" aria-label="{labels("back_to_text")}">' in html
    # the deck: the source line on the slides that cite, a Sources slide with a native table
    prs = Presentation(str(paths["pptx"]))
    lines = [flat(s.text_frame.text) for slide in prs.slides for s in slide.shapes if s.name == "Sources"]
    assert any(line.startswith(flat(labels.pair(labels("sources"), f"[1] {agency}{c}{energy}"))) for line in lines)
    table_slide = next(s for s in prs.slides if s.shapes.title is not None
                       and s.shapes.title.text_frame.text == labels("sources"))
    table = next(shape.table for shape in table_slide.shapes if shape.has_table)
    order = -1 if labels.rtl else 1  # a right-to-left table's columns run from the right
    assert [c.text for c in table.rows[0].cells][::order] == [labels(k) for k in ("number", "source", "date")]
    assert [flat(c.text) for c in table.rows[1].cells][::order][:2] == ["1", flat(f"{agency}{c}{energy}")]
    assert flat(f"2. {ministry}{c}{trade}") in flat(table_slide.notes_slide.notes_text_frame.text)


def localized_language(language: str) -> str:
    """The locale the default theme writes `language` in ('en' → 'en-GB')."""
    return load_theme().locale_of(language)
