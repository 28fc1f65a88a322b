"""The zoo's annexes and top-level shorthand (issue 22, parts 6 and 9): two annexes, the first with two
subsections, and a top-level `conclusion:`, in every language; and the check of them in the outputs."""

from __future__ import annotations

import pypdf
from pptx import Presentation

from dossier.load import load
from dossier.model.localize import letter
from dossier.style.labels import Labels

WORDS: dict[str, dict] = {
    "en": dict(annexes=["Members of the Commission", "Chronology"], sections=["Founding members", "New members"],
               text="The commission has three members.", conclusion="Both sides will meet again next year."),
    "fr": dict(annexes=["Membres de la Commission", "Chronologie"], sections=["Membres fondateurs", "Nouveaux membres"],
               text="La commission compte trois membres.", conclusion="Les deux parties se retrouveront l'an prochain."),
    "de": dict(annexes=["Mitglieder der Kommission", "Chronik"], sections=["Gründungsmitglieder", "Neue Mitglieder"],
               text="Die Kommission hat drei Mitglieder.", conclusion="Beide Seiten treffen sich im nächsten Jahr wieder."),
    "es": dict(annexes=["Miembros de la Comisión", "Cronología"], sections=["Miembros fundadores", "Nuevos miembros"],
               text="La comisión tiene tres miembros.", conclusion="Ambas partes volverán a reunirse el próximo año."),
    "ru": dict(annexes=["Члены Комиссии", "Хронология"], sections=["Члены-основатели", "Новые члены"],
               text="В комиссию входят три члена.", conclusion="Стороны встретятся снова в следующем году."),
    "ar": dict(annexes=["أعضاء اللجنة", "التسلسل الزمني"], sections=["الأعضاء المؤسسون", "الأعضاء الجدد"],
               text="تضم اللجنة ثلاثة أعضاء.", conclusion="سيجتمع الجانبان مجددا في العام المقبل."),
    "ur": dict(annexes=["کمیشن کے اراکین", "تاریخی ترتیب"], sections=["بانی اراکین", "نئے اراکین"],
               text="کمیشن کے تین اراکین ہیں۔", conclusion="دونوں فریق اگلے سال دوبارہ ملیں گے۔"),
}
LETTERS = {"en": ("A", "B"), "fr": ("A", "B"), "de": ("A", "B"), "es": ("A", "B"), "ru": ("А", "Б"),
           "ar": ("أ", "ب"), "ur": ("الف", "ب")}
"""The first two annex letters each language should print."""


def fields(language: str, parties: list[str]) -> dict:
    """The top-level fields the zoo's brief gets: a `conclusion:` (a chapter) and two annexes."""
    w = WORDS[language]
    return {
        "conclusion": w["conclusion"],
        "annexes": [
            {"title": w["annexes"][0], "text": w["text"], "blocks": [{"sections": [
                {"title": w["sections"][0], "points": parties[:2]}, {"title": w["sections"][1], "points": parties[2:]}]}]},
            {"title": w["annexes"][1], "text": w["text"]},
        ],
    }


def _bookmarks(pdf) -> list[str]:
    found: list[str] = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else found.append(" ".join(item.title.split()))

    walk(pypdf.PdfReader(pdf).outline)
    return found


def _slide_titles(deck) -> list[str]:
    return [" ".join(s.shapes.title.text_frame.text.split()) for s in Presentation(str(deck)).slides
            if s.shapes.title is not None]


def check(paths: dict, language: str) -> None:
    """The annexes lettered in the language's script, after the chapters, in the PDF's bookmarks, the HTML's
    contents and the deck's titles; the conclusion a chapter with the catalogue's title, in each."""
    labels, w = Labels(language), WORDS[language]
    a, b = LETTERS[language]
    assert (letter(1, language), letter(2, language)) == (a, b)
    chapters = len(load(paths["yaml"]).chapters)
    marks = _bookmarks(paths["pdf"])
    wanted = [f"{chapters} {labels('conclusion')}", f"{labels('annex', letter=a)} {w['annexes'][0]}",
              f"{a}.1 {w['sections'][0]}", f"{a}.2 {w['sections'][1]}", f"{labels('annex', letter=b)} {w['annexes'][1]}"]
    assert [m for m in marks if m in wanted] == wanted, marks
    html = paths["html"].read_text(encoding="utf-8")
    nav = html[html.index('<nav class="toc"'):html.index("</nav>")]
    part = nav.index(labels("annexes"))
    assert nav.index(labels("conclusion")) < part < nav.index(w["annexes"][0]) \
        < nav.index(w["annexes"][1]), nav
    titles = _slide_titles(paths["pptx"])
    found = [t for t in titles if t.startswith((labels("annex", letter=a), labels("annex", letter=b), f"{a}.1",
                                                labels("annexes"), f"{chapters} {labels('conclusion')}"))]
    assert found[0] == f"{chapters} {labels('conclusion')}" and labels("annexes") in found, titles
    assert any(t.startswith(labels("annex", letter=a)) and w["annexes"][0] in t for t in found), titles
    assert any(t.startswith(labels("annex", letter=b)) and w["annexes"][1] in t for t in found), titles


def test_annexes_and_a_top_level_conclusion_in_every_language(zoo, language):
    """Collected by test_zoo (which imports it), where the `zoo` fixture lives."""
    from test_zoo import built

    check(built(zoo, language), language)
