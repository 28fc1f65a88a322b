"""The zoo's risks and resolutions (issue 22, part 7): a chapter of each language's words, with a risk
register and resolutions put to a vote (one with no result: its votes alone; one with no votes)."""

from __future__ import annotations

import re
from pathlib import Path

from pptx import Presentation
from pptx.enum.text import PP_ALIGN

from dossier.model import Marked, ResolutionsBlock, RisksBlock
from dossier.model.blocks import LEVEL_MARKS
from dossier.model.markup import to_plain
from dossier.style.labels import Labels

WORDS: dict[str, dict] = {
    "en": dict(chapter="Risks and Votes", owner="Chief Operating Officer",
               risks=["Delays in the supply of turbines", "Higher steel prices"],
               mitigation="Qualify a second supplier",
               resolutions=["Approve the accounts for 2025", "Sell the old office building", "Merge the two funds",
                            "Raise the fees"], note="Put off to the next meeting"),
    "fr": dict(chapter="Risques et votes", owner="Directeur des opérations",
               risks=["Retards de livraison des turbines", "Hausse du prix de l'acier"],
               mitigation="Qualifier un second fournisseur",
               resolutions=["Approuver les comptes 2025", "Vendre l'ancien immeuble de bureaux",
                            "Fusionner les deux fonds", "Relever les cotisations"],
               note="Renvoyé à la prochaine réunion"),
    "de": dict(chapter="Risiken und Abstimmungen", owner="Leiterin des Betriebs",
               risks=["Verzögerte Lieferung der Turbinen", "Höhere Stahlpreise"],
               mitigation="Einen zweiten Lieferanten zulassen",
               resolutions=["Den Jahresabschluss 2025 billigen", "Das alte Bürogebäude verkaufen",
                            "Die beiden Fonds zusammenlegen", "Die Beiträge erhöhen"],
               note="Auf die nächste Sitzung verschoben"),
    "es": dict(chapter="Riesgos y votaciones", owner="Director de Operaciones",
               risks=["Retrasos en el suministro de turbinas", "Subida del precio del acero"],
               mitigation="Homologar un segundo proveedor",
               resolutions=["Aprobar las cuentas de 2025", "Vender el antiguo edificio de oficinas",
                            "Fusionar los dos fondos", "Subir las cuotas"], note="Aplazado a la próxima reunión"),
    "ru": dict(chapter="Риски и голосования", owner="Операционный директор",
               risks=["Задержка поставки турбин", "Рост цен на сталь"], mitigation="Найти второго поставщика",
               resolutions=["Утвердить отчётность за 2025 год", "Продать старое офисное здание",
                            "Объединить два фонда", "Повысить взносы"], note="Перенесено на следующее заседание"),
    "ar": dict(chapter="المخاطر والتصويت", owner="مدير العمليات",
               risks=["تأخر توريد التوربينات", "ارتفاع أسعار الصلب"], mitigation="اعتماد مورد ثان",
               resolutions=["اعتماد حسابات عام 2025", "بيع مبنى المكاتب القديم", "دمج الصندوقين", "رفع الرسوم"],
               note="أرجئ إلى الاجتماع المقبل"),
    "ur": dict(chapter="خطرات اور رائے شماری", owner="ڈائریکٹر آپریشنز",
               risks=["ٹربائنوں کی فراہمی میں تاخیر", "اسٹیل کی قیمتوں میں اضافہ"], mitigation="دوسرا سپلائر منظور کرنا",
               resolutions=["2025 کے حسابات کی منظوری", "پرانی دفتری عمارت کی فروخت", "دونوں فنڈز کا انضمام",
                            "فیس میں اضافہ"], note="اگلے اجلاس تک مؤخر"),
}

LEVELS = [("high", "medium"), ("medium", "low")]
"""Each risk's likelihood and impact."""
VOTES = [(12, 0, 1, "adopted"), (1250, 2400, 35, "rejected"), (5, 4, None, None), (None, None, None, "deferred")]
"""Each resolution's votes for, against and abstaining, and its result (None: not given)."""


def chapter(language: str) -> dict:
    """The chapter of risks and resolutions in `language`."""
    w = WORDS[language]
    risks = [{"risk": w["risks"][0], "owner": w["owner"], "likelihood": LEVELS[0][0], "impact": LEVELS[0][1],
              "mitigation": w["mitigation"]},
             {"risk": w["risks"][1], "likelihood": LEVELS[1][0], "impact": LEVELS[1][1]}]
    resolutions = []
    for title, (yes, no, abstaining, result) in zip(w["resolutions"], VOTES):
        given = {"for": yes, "against": no, "abstaining": abstaining, "result": result,
                 "note": w["note"] if result == "deferred" else None}
        resolutions.append({"title": title, **{k: v for k, v in given.items() if v is not None}})
    return {"title": w["chapter"], "blocks": [{"risks": risks}, {"resolutions": resolutions}]}


FOR_SECOND = {"en": "1,250", "fr": "1 250", "de": "1.250", "es": "1.250", "ru": "1 250", "ar": "1,250", "ur": "1,250"}
"""The second resolution's 1250 votes for, as each language writes them (Arabic
and Urdu briefs keep Latin digits; spaces as plain spaces)."""


def check(brief, paths: dict[str, Path], texts: dict[str, str], language: str) -> None:
    """Both tables in every output of the zoo's brief in `language`: the deck's native tables cell by cell (the
    votes aligned right), the words in the notes, and in the PDF (but Urdu's, whose Nastaliq does not extract)
    and the HTML the column labels, the levels after their dots, the results and the votes as the language
    writes numbers (the dots hidden from screen readers in the HTML, whose word says it). `paths`: the
    outputs by format; `texts`: each output's text with every space a plain one."""
    label = Labels(language)
    blocks = [b for b in brief.blocks() if isinstance(b, (RisksBlock, ResolutionsBlock))]
    assert [type(b) for b in blocks] == [RisksBlock, ResolutionsBlock]
    risks, resolutions = blocks
    assert [c for _, c in resolutions.columns()] == ["resolution", "votes_for", "votes_against", "abstaining",
                                                    "result", "note"]
    tables = {tuple(c.text for c in t.rows[0].cells): t for t in _tables(paths["pptx"])}
    for block in blocks:
        header = [label(name) for _, name in block.columns()]
        rows = [[_plain(_text(v)) for v in block.cells(r, language, label)] for r in block.records]
        table = tables[tuple(header[::-1] if language in RTL else header)]
        cells = [[_plain(c.text) for c in row.cells] for row in list(table.rows)[1:]]
        assert cells == [row[::-1] if language in RTL else row for row in rows], language
        for k, align in enumerate(block.aligns()):  # right to left, text is set from the right too
            column = len(header) - 1 - k if language in RTL else k
            right = {row.cells[column].text_frame.paragraphs[0].alignment == PP_ALIGN.RIGHT
                     for row in list(table.rows)[1:] if row.cells[column].text}
            assert right == ({True} if align == "right" or language in RTL else {False}), (language, k)
    levels = {(mark, label(f"level_{level}")) for level, mark in LEVEL_MARKS.items()}
    shown = [_text(c) for r in risks.risks for c in risks.cells(r, language, label)[2:4]]
    assert {tuple(c.split(" ", 1)) for c in shown} == levels  # each level once in the zoo: all three shown
    words = [_plain(w) for w in (*(label(name) for b in blocks for _, name in b.columns()),
                                 label("result_adopted"), label("result_rejected"), label("result_deferred"))]
    assert FOR_SECOND[language] in texts["html"] and FOR_SECOND[language] in texts["pdf"]
    for word in words:
        assert word in texts["html"], (language, "html", word)
    pdf = " ".join(texts["pdf"].split())  # a header wraps inside its cell
    for word in [*words, *map(_plain, shown)]:
        assert language == "ur" or word in pdf, (language, "pdf", word)
        assert word in texts["slides"], (language, "slides", word)
    page = paths["html"].read_text(encoding="utf-8")
    for mark, word in levels:
        assert f'<span class="mark" aria-hidden="true">{mark}</span>\u00a0{word}' in page, (language, word)
        assert _plain(label.pair(label("likelihood"), word)) in texts["notes"] or \
            _plain(label.pair(label("impact"), word)) in texts["notes"], (language, word)


RTL = {"ar", "ur"}


def _tables(deck: Path) -> list:
    return [sh.table for s in Presentation(str(deck)).slides for sh in s.shapes if sh.has_table]


def _text(value) -> str:
    """A cell as the deck prints it."""
    if isinstance(value, Marked):
        return f"{value.mark} {value.text}"
    return to_plain(value) if value else ""


def _plain(text: str) -> str:
    """Text with every kind of space a plain one and straight apostrophes, as the outputs' texts are compared."""
    return re.sub(r"[\u00a0\u202f\u2009]", " ", text).replace("\u2019", "'")
