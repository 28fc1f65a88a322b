"""The zoo: one brief per language (en, fr, de, es, ru, ar, ur) with every block kind and a chart of
every kind, generated from one template, built once in one batch, and checked in every output.

The content is short illustrative text in each language (the subtitle says so); the four
newcomer briefs of issue 20 (tests/fixtures/) build in the same batch and must build quietly.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
import yaml
from pptx import Presentation
from pptx.oxml.ns import qn

import zoo_docpic
import zoo_risks
from conftest import ROOT, assert_valid_deck, without_stray_capitals
from dossier.style.labels import MESSAGES, Labels
from dossier.load import load
from dossier.model.localize import number
from dossier.model.markup import to_plain
from dossier.model import ChartBlock
from dossier.model.figures import printed_cell
from test_chart_text import _bare, _orientation, _page_of, _words
from test_deck import _check_deck, _check_glyphs, _numbered_headings, needs_lo, rendered_pages
from test_languages import LATIN, _Text, deck_text
from zoo_sources import check_sources, with_sources
import zoo_annexes
import zoo_actions
import zoo_people

FIXTURES = ROOT / "tests" / "fixtures"
NEWCOMERS = [FIXTURES / "meetings" / "japan-india-summit.yaml", FIXTURES / "meetings" / "g20-new-delhi.yaml",
             FIXTURES / "languages" / "conseil-franco-allemand-fr.yaml",
             FIXTURES / "languages" / "gcc-ministerial-ar.yaml"]
RTL = {"ar", "ur"}

# ---------------------------------------------------------------- the content, one row per language

WORDS: dict[str, dict] = {
    "en": dict(
        title="Talks between Aurelia and Borealis",
        subtitle="Illustrative brief for tests: the meeting, the text and the figures are invented",
        kind="Ministerial talks", place="Valdora", parties=["Aurelia", "Borealis", "Caldera"],
        people=["Marta Quell", "Piet Vos"], role="Minister of Trade",
        summary="The ministers reviewed trade, energy and transport, and agreed on the next steps.",
        chapters=["Purpose of the Talks", "Points Discussed", "Documents and Programme", "Figures"],
        text="The talks continue the work begun last year.", lead="Both sides agreed to:",
        points=["Meet again next year", "Open a joint office"],
        highlights=["A New Power Line", "Lower Tariffs"], highlight_point="Work starts next spring",
        sections=["Trade", "Energy"], section_text="Both sides want more trade in goods.",
        quote="We will build this bridge together.", by="Joint statement",
        agreements=["Agreement on Transport", "Memorandum on Energy"], note="In force on signature",
        sessions=["Restricted talks", "Plenary session"], event="Joint Commission",
        event_point="Approval of the route",
        table="Trade by product group", columns=["Product group", "Exports", "Change", "Share"],
        rows=["Machinery", "Chemicals", "**Total**"], unit="EUR million",
        charts=["Trade by year", "Investment by sector", "The largest projects", "Sources of electricity",
                "Employment rate", "Budget of the joint fund", "Modes of transport"],
        categories=["Energy", "Transport", "Trade"], series=["Exports", "Imports"], source="Invented figures"),
    "fr": dict(
        title="Entretiens entre l'Aurélie et la Boréalie",
        subtitle="Fiche illustrative pour les tests : la rencontre, le texte et les chiffres sont inventés",
        kind="Entretiens ministériels", place="Valdora", parties=["Aurélie", "Boréalie", "Caldérie"],
        people=["Marta Quell", "Piet Vos"], role="Ministre du Commerce",
        summary="Les ministres ont passé en revue les échanges, l'énergie et les transports, et arrêté la suite.",
        chapters=["Objet des entretiens", "Questions abordées", "Documents et programme", "Chiffres"],
        text="Les entretiens poursuivent le travail engagé l'an dernier.",
        lead="Les deux parties sont convenues de :", points=["Se retrouver l'an prochain", "Ouvrir un bureau commun"],
        highlights=["Une nouvelle ligne électrique", "Des droits de douane réduits"],
        highlight_point="Les travaux commencent au printemps prochain",
        sections=["Échanges", "Énergie"], section_text="Les deux parties veulent davantage d'échanges de biens.",
        quote="Nous bâtirons ce pont ensemble.", by="Déclaration commune",
        agreements=["Accord sur les transports", "Mémorandum sur l'énergie"], note="En vigueur dès la signature",
        sessions=["Entretien restreint", "Séance plénière"], event="Commission mixte",
        event_point="Approbation du tracé",
        table="Échanges par groupe de produits", columns=["Groupe de produits", "Exportations", "Variation", "Part"],
        rows=["Machines", "Chimie", "**Ensemble**"], unit="millions d'euros",
        charts=["Échanges annuels", "Investissement par secteur", "Les plus grands projets",
                "Sources d'électricité", "Taux d'emploi", "Budget du fonds commun", "Modes de transport"],
        categories=["Énergie", "Transports", "Échanges"], series=["Exportations", "Importations"],
        source="Chiffres inventés"),
    "de": dict(
        title="Gespräche zwischen Aurelien und Borealien",
        subtitle="Beispielhafte Unterlage für Tests: Treffen, Text und Zahlen sind erfunden",
        kind="Ministergespräche", place="Valdora", parties=["Aurelien", "Borealien", "Calderien"],
        people=["Marta Quell", "Piet Vos"], role="Handelsministerin",
        summary="Die Minister berieten über Handel, Energie und Verkehr und vereinbarten die nächsten Schritte.",
        chapters=["Zweck der Gespräche", "Erörterte Fragen", "Dokumente und Programm", "Zahlen"],
        text="Die Gespräche setzen die im vergangenen Jahr begonnene Arbeit fort.",
        lead="Beide Seiten vereinbarten:", points=["Ein neues Treffen im nächsten Jahr", "Ein gemeinsames Büro"],
        highlights=["Eine neue Stromleitung", "Niedrigere Zölle"],
        highlight_point="Die Arbeiten beginnen im nächsten Frühjahr",
        sections=["Handel", "Energie"], section_text="Beide Seiten wollen mehr Warenhandel.",
        quote="Wir werden diese Brücke gemeinsam bauen.", by="Gemeinsame Erklärung",
        agreements=["Abkommen über den Verkehr", "Absichtserklärung zur Energie"],
        note="Mit der Unterzeichnung in Kraft", sessions=["Gespräch im kleinen Kreis", "Plenarsitzung"],
        event="Gemischte Kommission", event_point="Billigung der Trasse",
        table="Handel nach Warengruppen", columns=["Warengruppe", "Ausfuhren", "Veränderung", "Anteil"],
        rows=["Maschinen", "Chemie", "**Summe**"], unit="Mio. Euro",
        charts=["Jährlicher Handel", "Investitionen nach Sektor", "Die größten Projekte", "Stromquellen",
                "Beschäftigungsquote", "Haushalt des gemeinsamen Fonds", "Verkehrsträger"],
        categories=["Energie", "Verkehr", "Handel"], series=["Ausfuhren", "Einfuhren"], source="Erfundene Zahlen"),
    "es": dict(
        title="Conversaciones entre Aurelia y Borealia",
        subtitle="Nota ilustrativa para pruebas: la reunión, el texto y las cifras son inventados",
        kind="Conversaciones ministeriales", place="Valdora", parties=["Aurelia", "Borealia", "Caldera"],
        people=["Marta Quell", "Piet Vos"], role="Ministra de Comercio",
        summary="Los ministros examinaron el comercio, la energía y el transporte, y acordaron los próximos pasos.",
        chapters=["Objeto de las conversaciones", "Temas tratados", "Documentos y programa", "Cifras"],
        text="Las conversaciones continúan el trabajo iniciado el año pasado.", lead="Ambas partes acordaron:",
        points=["Reunirse de nuevo el próximo año", "Abrir una oficina conjunta"],
        highlights=["Una nueva línea eléctrica", "Aranceles más bajos"],
        highlight_point="Las obras empiezan la próxima primavera",
        sections=["Comercio", "Energía"], section_text="Ambas partes quieren más comercio de bienes.",
        quote="Construiremos juntos este puente.", by="Declaración conjunta",
        agreements=["Acuerdo sobre transporte", "Memorando sobre energía"], note="En vigor desde la firma",
        sessions=["Reunión restringida", "Sesión plenaria"], event="Comisión mixta",
        event_point="Aprobación del trazado",
        table="Comercio por grupo de productos", columns=["Grupo de productos", "Exportaciones", "Variación", "Cuota"],
        rows=["Maquinaria", "Química", "**Suma**"], unit="millones de euros",
        charts=["Comercio anual", "Inversión por sector", "Los mayores proyectos", "Fuentes de electricidad",
                "Tasa de empleo", "Presupuesto del fondo común", "Modos de transporte"],
        categories=["Energía", "Transporte", "Comercio"], series=["Exportaciones", "Importaciones"],
        source="Cifras inventadas"),
    "ru": dict(
        title="Переговоры Аурелии и Бореалиса",
        subtitle="Иллюстративная справка для тестов: встреча, текст и цифры вымышлены",
        kind="Переговоры министров", place="Вальдора", parties=["Аурелия", "Бореалис", "Кальдера"],
        people=["Марта Квелл", "Пит Вос"], role="Министр торговли",
        summary="Министры обсудили торговлю, энергетику и транспорт и согласовали дальнейшие шаги.",
        chapters=["Цель переговоров", "Обсуждённые вопросы", "Документы и программа", "Цифры"],
        text="Переговоры продолжают работу, начатую в прошлом году.", lead="Стороны договорились:",
        points=["Встретиться снова в следующем году", "Открыть совместное бюро"],
        highlights=["Новая линия электропередачи", "Снижение пошлин"],
        highlight_point="Работы начнутся следующей весной",
        sections=["Торговля", "Энергетика"], section_text="Обе стороны хотят расширить торговлю товарами.",
        quote="Мы построим этот мост вместе.", by="Совместное заявление",
        agreements=["Соглашение о транспорте", "Меморандум об энергетике"], note="Вступает в силу с подписанием",
        sessions=["Переговоры в узком составе", "Пленарное заседание"], event="Совместная комиссия",
        event_point="Утверждение маршрута",
        table="Торговля по группам товаров", columns=["Группа товаров", "Экспорт", "Изменение", "Доля"],
        rows=["Машины", "Химия", "**Итого**"], unit="млн евро",
        charts=["Годовая торговля", "Инвестиции по отраслям", "Крупнейшие проекты", "Источники электроэнергии",
                "Уровень занятости", "Бюджет общего фонда", "Виды транспорта"],
        categories=["Энергетика", "Транспорт", "Торговля"], series=["Экспорт", "Импорт"],
        source="Вымышленные цифры"),
    "ar": dict(
        title="محادثات بين أوريليا وبورياليس",
        subtitle="موجز توضيحي للاختبارات: الاجتماع والنص والأرقام مختلقة",
        kind="محادثات وزارية", place="فالدورا", parties=["أوريليا", "بورياليس", "كالديرا"],
        people=["مارتا كويل", "بيت فوس"], role="وزيرة التجارة",
        summary="استعرض الوزراء التجارة والطاقة والنقل، واتفقوا على الخطوات التالية.",
        chapters=["الغرض من المحادثات", "النقاط التي نوقشت", "الوثائق والبرنامج", "الأرقام"],
        text="تواصل المحادثات العمل الذي بدأ في العام الماضي.", lead="اتفق الجانبان على ما يلي:",
        points=["الاجتماع مجددا في العام المقبل", "فتح مكتب مشترك"],
        highlights=["خط كهرباء جديد", "رسوم جمركية أقل"], highlight_point="يبدأ العمل في الربيع المقبل",
        sections=["التجارة", "الطاقة"], section_text="يريد الجانبان مزيدا من التجارة في السلع.",
        quote="سنبني هذا الجسر معا.", by="البيان المشترك",
        agreements=["اتفاقية النقل", "مذكرة تفاهم بشأن الطاقة"], note="نافذة عند التوقيع",
        sessions=["محادثات مغلقة", "جلسة عامة"], event="اللجنة المشتركة", event_point="اعتماد المسار",
        table="التجارة حسب مجموعة المنتجات", columns=["مجموعة المنتجات", "الصادرات", "التغير", "الحصة"],
        rows=["الآلات", "الكيماويات", "**المجموع**"], unit="مليون يورو",
        charts=["التجارة السنوية", "الاستثمار حسب القطاع", "أكبر المشاريع", "مصادر الكهرباء", "معدل التوظيف",
                "ميزانية الصندوق المشترك", "وسائل النقل"],
        categories=["الطاقة", "النقل", "التجارة"], series=["الصادرات", "الواردات"], source="أرقام مختلقة"),
    "ur": dict(
        title="اوریلیا اور بوریالس کے مذاکرات",
        subtitle="آزمائشی موجز: ملاقات، متن اور اعداد سب فرضی ہیں",
        kind="وزارتی مذاکرات", place="والدورا", parties=["اوریلیا", "بوریالس", "کالڈیرا"],
        people=["مارتا کویل", "پیٹ ووس"], role="وزیر تجارت",
        summary="وزرا نے تجارت، توانائی اور نقل و حمل کا جائزہ لیا اور آئندہ اقدامات پر اتفاق کیا۔",
        chapters=["مذاکرات کا مقصد", "زیر بحث نکات", "دستاویزات اور پروگرام", "اعداد و شمار"],
        text="یہ مذاکرات گزشتہ سال شروع ہونے والے کام کو آگے بڑھاتے ہیں۔", lead="دونوں فریقوں نے اتفاق کیا:",
        points=["اگلے سال دوبارہ ملاقات", "ایک مشترکہ دفتر کا قیام"],
        highlights=["بجلی کی نئی لائن", "کم محصولات"], highlight_point="کام اگلی بہار میں شروع ہوگا",
        sections=["تجارت", "توانائی"], section_text="دونوں فریق اشیا کی تجارت بڑھانا چاہتے ہیں۔",
        quote="ہم یہ پل مل کر بنائیں گے۔", by="مشترکہ اعلامیہ",
        agreements=["نقل و حمل کا معاہدہ", "توانائی پر مفاہمتی یادداشت"], note="دستخط کے ساتھ نافذ",
        sessions=["محدود مذاکرات", "مکمل اجلاس"], event="مشترکہ کمیشن", event_point="راستے کی منظوری",
        table="مصنوعات کے گروپ کے لحاظ سے تجارت", columns=["مصنوعات کا گروپ", "برآمدات", "تبدیلی", "حصہ"],
        rows=["مشینری", "کیمیکلز", "**کل**"], unit="ملین یورو",
        charts=["سالانہ تجارت", "شعبہ وار سرمایہ کاری", "سب سے بڑے منصوبے", "بجلی کے ذرائع", "روزگار کی شرح",
                "مشترکہ فنڈ کا بجٹ", "نقل و حمل کے ذرائع"],
        categories=["توانائی", "نقل و حمل", "تجارت"], series=["برآمدات", "درآمدات"], source="فرضی اعداد"),
}
LANGUAGES = list(WORDS)

TABLE_CELLS = [["12,345.6", "-14.7", "12%"], ["1,234.5", "+2.5", "3.5%"], ["13,580.1", "-12.2", "15.5%"]]
"""The table's numbers, as the YAML writes them: each prints with the language's marks."""
WRITTEN = {"en": "12,345.6", "fr": "12 345,6", "de": "12.345,6", "es": "12.345,6", "ru": "12 345,6", "ar": "12,345.6",
           "ur": "12,345.6"}
"""The first cell, 12,345.6, as each language writes it (the spaces are no-break spaces)."""
YEARS = ["2022", "2023", "2024", "2025"]


def zoo_brief(language: str) -> dict:
    """The zoo's brief for one language: every block kind, and a chart of every kind."""
    w = WORDS[language]
    a, b, c = w["parties"]
    chart = dict(zip(("column", "stacked column", "bar", "stacked bar", "line", "pie", "doughnut"), w["charts"]))

    def figure(kind: str, categories: list[str], series: list[list[float]], **more) -> dict:
        return {"chart": chart[kind], "kind": kind, "categories": categories,
                "series": [{"name": name, "values": values} for name, values in zip(w["series"], series)],
                "source": w["source"], **more}

    brief = {
        "meeting": {
            "title": w["title"], "subtitle": w["subtitle"], "kind": w["kind"], "date": "2026-03-10/2026-03-11",
            "place": w["place"], "host": w["people"][1], "parties": [a, b], "language": language,
            "delegations": [{"party": a, "people": [{"name": w["people"][0], "role": w["role"]}]}],
            **zoo_people.meeting(language, w["parties"], w["people"]),
        },
        "summary": w["summary"],
        "chapters": [
            {"title": w["chapters"][0], "text": w["text"], "lead": w["lead"], "points": w["points"], "blocks": [
                {"highlights": [{"title": w["highlights"][0], "points": [w["highlight_point"]]},
                                {"title": w["highlights"][1], "text": w["text"]}]},
                {"members": [a, zoo_people.member(language, b), c]},
            ]},
            {"title": w["chapters"][1], "blocks": [
                {"sections": [{"title": w["sections"][0], "text": w["section_text"], "points": w["points"]},
                              {"title": w["sections"][1], "text": w["section_text"],
                               "blocks": [{"quote": w["quote"], "by": w["by"]}]}]},
                {"text": w["summary"]},
                {"lead": w["lead"], "points": [w["highlight_point"], w["event_point"]]},
            ]},
            {"title": w["chapters"][2], "blocks": [
                {"agreements": [{"title": w["agreements"][0], "signatories": w["people"], "date": "2026-03-11",
                                 "note": w["note"]},
                                {"title": w["agreements"][1], "signatories": w["people"], "date": "2026-03-11"}]},
                {"programme": [{"when": "2026-03-10", "what": w["sessions"][0], "chair": w["people"][1]},
                               {"when": "2026-03-11", "what": w["sessions"][1], "chair": w["people"][0]}]},
                {"quote": w["quote"], "by": w["by"]},
                {"event": w["event"], "date": "2026-09-15", "points": [w["event_point"]]},
                *zoo_docpic.blocks(language, [a, b]),
            ]},
            {"title": w["chapters"][3], "blocks": [
                {"table": w["table"],
                 "columns": [w["columns"][0], {"heading": w["columns"][1], "unit": w["unit"]},
                             {"heading": w["columns"][2], "unit": "%"}, w["columns"][3]],
                 "rows": [[row, *cells] for row, cells in zip(w["rows"], TABLE_CELLS)], "source": w["source"]},
                figure("column", YEARS[:3], [[412, 468, 530], [655, 702, 688]], unit=w["unit"], format="#,##0"),
                figure("stacked column", YEARS[2:], [[310.5, 820], [60, 240.5]], unit=w["unit"]),
                figure("bar", w["categories"], [[1450.5, 880.25, 610]], unit=w["unit"], format="#,##0.0"),
                figure("stacked bar", [a, b], [[62.5, 1.5], [37.5, 98.5]], unit="%"),
                figure("line", YEARS, [[64.2, 70.9, 68.1, 96], [58, 61.5, 66, 71.5]], unit="%", format="0.0"),
                figure("pie", w["categories"], [[18.5, 12, 1.5]], unit=w["unit"]),
                figure("doughnut", w["categories"], [[46.5, 33.5, 20]], unit="%"),
            ]},
            zoo_risks.chapter(language),
        ],
    }
    brief = zoo_actions.add(brief, language)
    return with_sources({**brief, **zoo_annexes.fields(language, [a, b, c])}, language)


class _Plain(yaml.SafeDumper):
    """YAML written out in full: a list used twice is written twice (Dossier refuses aliases)."""

    def ignore_aliases(self, data) -> bool:
        return True


def write_zoo(folder: Path) -> dict[str, Path]:
    """Every language's brief written into `folder`: {language: path}."""
    paths = {}
    zoo_docpic.write_picture(folder)
    for language in LANGUAGES:
        path = paths[language] = folder / f"zoo-{language}.yaml"
        text = yaml.dump(zoo_brief(language), Dumper=_Plain, allow_unicode=True, sort_keys=False, width=1000)
        path.write_text("# Illustrative brief generated by tests/test_zoo.py: invented content.\n" + text,
                        encoding="utf-8")
    return paths


# ---------------------------------------------------------------- one batch build, one LibreOffice run


@pytest.fixture(scope="session")
def zoo(tmp_path_factory) -> dict:
    """The zoo and the newcomers built in one batch (-j 2, all formats), and every deck rendered by LibreOffice:
    {'result': CompletedProcess, 'briefs': {name: yaml}, 'out': folder, 'rendered': {name: pdf} or None}."""
    folder = tmp_path_factory.mktemp("zoo")
    briefs = {**write_zoo(folder), **{p.stem: p for p in NEWCOMERS}}
    out = folder / "out"
    result = subprocess.run([sys.executable, "-m", "dossier", "build", *map(str, briefs.values()), "--format", "all",
                             "--out", str(out), "-j", "2"], capture_output=True, text=True, cwd=folder, timeout=600)
    rendered = None
    if result.returncode == 0 and not needs_lo.args[0]:  # LibreOffice and Poppler are there
        from dossier.deck.preview import to_pdf

        rendered = dict(zip(briefs, to_pdf([out / f"{path.stem}.pptx" for path in briefs.values()], folder / "lo")))
    return {"result": result, "briefs": briefs, "out": out, "rendered": rendered}


def built(zoo, name: str) -> dict[str, Path]:
    """One brief's outputs, once the batch has built: {'yaml', 'pdf', 'pptx', 'html'}."""
    assert zoo["result"].returncode == 0, zoo["result"].stdout + zoo["result"].stderr
    source = zoo["briefs"][name]
    return {"yaml": source, **{fmt: zoo["out"] / f"{source.stem}.{fmt}" for fmt in ("pdf", "pptx", "html")}}


def pdftotext(path: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def plain(text: str) -> str:
    """Text with every kind of space (no-break, narrow no-break) as a plain space, and no direction marks."""
    return re.sub(r"[\u00a0\u202f\u2009]", " ", re.sub(r"[\u200e\u200f\u061c\u202a-\u202e]", "", text))


def charts_of(path: Path) -> list[ChartBlock]:
    return [b for b in load(path).blocks() if isinstance(b, ChartBlock)]


def chart_parts(deck: Path) -> list:
    """The deck's native charts, in slide order."""
    return [shape.chart for slide in Presentation(str(deck)).slides for shape in slide.shapes if shape.has_chart]


by_language = pytest.mark.parametrize("language", LANGUAGES)


# ---------------------------------------------------------------- the checks


def test_the_batch_builds_quietly(zoo):
    """Every brief of the batch builds in three formats with nothing on stderr (no warning, no library's)."""
    result = zoo["result"]
    assert result.returncode == 0 and result.stderr == "", result.stdout + result.stderr


@pytest.mark.parametrize("source", NEWCOMERS, ids=lambda p: p.stem)
def test_a_newcomers_brief_builds_in_every_format_quietly_and_says_it_is_illustrative(zoo, source):
    paths = built(zoo, source.stem)
    assert all(paths[fmt].stat().st_size > 1000 for fmt in ("pdf", "pptx", "html"))
    assert source.name not in zoo["result"].stderr
    assert "illustrative" in source.read_text(encoding="utf-8").splitlines()[0].lower()
    subtitle = load(source).meeting.subtitle
    cover = " ".join(s.text_frame.text for s in Presentation(str(paths["pptx"])).slides[0].shapes if s.has_text_frame)
    assert subtitle and subtitle in " ".join(cover.split()) and subtitle in paths["html"].read_text(encoding="utf-8")
    assert_valid_deck(paths["pptx"])


@needs_lo
@by_language
def test_nothing_overflows_a_slide(zoo, language):
    """LibreOffice renders every word of every slide inside its own box.

    pdftotext gives an Arabic word's letters (and its brackets) in visual order: they are turned back.
    Nastaliq comes out as loose glyphs: in Urdu every glyph must lie inside a box with text or a chart."""
    prs, pages = Presentation(str(built(zoo, language)["pptx"])), rendered_pages(zoo["rendered"][language])
    if language == "ur":
        _check_glyphs(prs, pages, language)
        return
    if language in RTL:
        pages = [(w, h, [(*box, t if re.search(r"\d", t) else without_stray_capitals(t)[::-1])
                         for *box, t in words]) for w, h, words in pages]
    _check_deck(prs, pages, language)


def outputs_text(paths: dict[str, Path]) -> dict[str, str]:
    """The text a reader sees in each output: the PDF, the HTML page, the slides and the notes."""
    parser = _Text()
    parser.feed(paths["html"].read_text(encoding="utf-8"))
    shown, notes = deck_text(paths["pptx"])
    return {"pdf": pdftotext(paths["pdf"]), "html": " ".join(parser.parts), "slides": shown, "notes": notes}


def english_labels(language: str) -> list[str]:
    """Dossier's English words that none of the language's own labels uses ('Contents', 'Page', 'Highlight')."""
    theirs = Labels(language)
    own = " ".join(theirs.text(key, 2) if isinstance(m, tuple) else theirs.text(key) for key, m in MESSAGES.items())
    found = []
    for message in MESSAGES.values():
        english = message[1] if isinstance(message, tuple) else message
        for part in (p.strip(" ()") for p in re.split(r"\{\w+\}", english)):
            if len(part) >= 3 and not re.search(rf"\b{re.escape(part)}\b", own, re.I):
                found.append(part)
    return found


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_no_english_label_in_a_non_english_output(zoo, language):
    texts = outputs_text(built(zoo, language))
    for name, text in texts.items():
        assert len(text) > 500, name
        if language in ("ru", "ar", "ur"):  # no Latin word at all
            assert LATIN.findall(text) == [], (language, name)
        else:
            found = [w for w in english_labels(language) if re.search(rf"\b{re.escape(w)}\b", text, re.I)]
            assert found == [], (language, name)


def expected_numbers(source: Path, language: str) -> list[str]:
    """The table's numbers, and the bar chart's labels, as the language writes them (Babel's marks)."""
    cells = [printed_cell(cell, language) for row in TABLE_CELLS for cell in row]
    bar = next(c for c in charts_of(source) if c.kind == "bar")
    return cells + [bar.number(v, language) for v in bar.series[0].values]


@by_language
def test_numbers_are_written_as_the_language_writes_them(zoo, language):
    paths = built(zoo, language)
    wanted = expected_numbers(paths["yaml"], language)
    assert plain(wanted[0]) == WRITTEN[language]
    pdf, html = plain(pdftotext(paths["pdf"])), plain(paths["html"].read_text(encoding="utf-8"))
    cells = {plain(c.text) for s in Presentation(str(paths["pptx"])).slides for sh in s.shapes if sh.has_table
             for row in sh.table.rows for c in row.cells}
    for printed in map(plain, wanted):
        assert printed in pdf, (language, "pdf", printed)
        assert printed in html, (language, "html", printed)
    assert {plain(printed_cell(c, language)) for row in TABLE_CELLS for c in row} <= cells
    if language in ("fr", "de", "es", "ru"):  # the English marks are nowhere
        for english in ("12,345.6", "1,234.5", "1,450.5"):
            assert english not in pdf and english not in html, english
    codes = {c for chart in chart_parts(paths["pptx"]) for c in
             re.findall(r'formatCode="([^"]*)"', chart.part.blob.decode())}
    lcid = {"fr": "40C", "de": "407", "es": "C0A", "ru": "419"}.get(language, "409")
    assert codes and all(c.startswith(f"[$-{lcid}]") for c in codes), codes


@pytest.mark.parametrize("language", ["ar", pytest.param("ur", marks=pytest.mark.xfail(
    strict=True, reason="Noto Nastaliq Urdu shares glyphs between letters: the PDF's text does not extract"))])
def test_arabic_script_chart_text_extracts_in_logical_order(zoo, language):
    """Category, series and unit names, as pdftotext reads them: whole lines, in logical order."""
    paths = built(zoo, language)
    text = pdftotext(paths["pdf"])
    lines = {_bare(line.strip("\u202a\u202b\u202c ")) for line in text.splitlines()}
    charts = charts_of(paths["yaml"])
    assert len(charts) == 7
    for chart in charts:
        names = [*chart.categories, *(s.name for s in chart.series if len(chart.series) > 1)]
        for name in (_bare(to_plain(n)) for n in names):
            if chart.kind in ("pie", "doughnut"):  # in the legend, with its value
                assert any(line.startswith(name + " (") for line in lines), (chart.kind, name)
            else:
                assert name in lines, (chart.kind, name)
    for word in (_bare(w) for w in WORDS[language]["series"] + WORDS[language]["categories"]):
        assert word[::-1] not in text  # no word written backwards


@by_language
def test_rtl_charts_are_mirrored(zoo, language):
    """Right to left: in the PDF, the column chart's years run from the right with its values on the right; in the
    deck, category axes run maxMin (bars also their values). Left to right: the other way round, as drawn by default."""
    rtl = language in RTL
    paths = built(zoo, language)
    words = _words(paths["pdf"], _page_of(paths["pdf"], "2023"))  # the column chart: 2022–2024, values to 800
    first = next((x, y) for w, x, y in words if w == "2022")
    last = next(x for w, x, y in words if w == "2024" and abs(y - first[1]) < 2)
    top = next(x for w, x, y in words if w == "800")
    assert (top > first[0] > last) if rtl else (top < first[0] < last), (first, last, top)
    kinds = set()
    for chart in chart_parts(paths["pptx"]):
        space = chart._chartSpace
        cat, val = space.find(".//" + qn("c:catAx")), space.find(".//" + qn("c:valAx"))
        if cat is None:
            continue
        direction = space.find(".//" + qn("c:barDir"))
        bar = direction is not None and direction.get("val") == "bar"
        kinds.add("bar" if bar else "other")
        expected = {"cat": "maxMin", "val": "maxMin" if rtl else "minMax"} if bar else \
            {"cat": "maxMin" if rtl else "minMax", "val": "minMax"}
        assert {"cat": _orientation(cat), "val": _orientation(val)} == expected, chart.chart_type
    assert kinds == {"bar", "other"}


def pdf_headings(pdf: Path) -> dict[str, str]:
    """The PDF's numbered headings, from its bookmarks: {'3.1': 'Title'}."""
    found = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            elif match := re.fullmatch(r"(\d+(?:\.\d+)*)\s+(.*)", " ".join(item.title.split())):
                found[match[1]] = match[2]

    walk(pypdf.PdfReader(pdf).outline)
    return found


def slide_numbers(deck: Path, continued: str) -> dict[str, set[str]]:
    """The leading number of each slide title and the titles that carry it (a continuation's mark dropped)."""
    found: dict[str, set[str]] = {}
    for slide in Presentation(str(deck)).slides:
        for heading in _numbered_headings(slide):  # titles, kickers (in capitals), cards and columns
            if match := re.fullmatch(r"(\d+(?:\.\d+)*)\s+(.*)", " ".join(heading.split())):
                found.setdefault(match[1], set()).add(match[2].replace(continued, "").strip().casefold())
    return found


@pytest.mark.parametrize("name", [*LANGUAGES, *(p.stem for p in NEWCOMERS)])
def test_slide_numbers_never_clash(zoo, name):
    """A heading that is N in the PDF is N on its slide, and nothing else on the deck carries N."""
    paths = built(zoo, name)
    headings = pdf_headings(paths["pdf"])
    shown = slide_numbers(paths["pptx"], Labels(load(paths["yaml"]).meeting.language)("continued"))
    assert headings and set(shown) == set(headings), (sorted(shown), sorted(headings))
    for n, titles in shown.items():
        assert len(titles) == 1, (n, titles)
        [title] = titles
        assert headings[n].casefold().startswith(title.rstrip("…")), (n, title, headings[n])


def value_axes(deck: Path) -> list[tuple[float, float, float]]:
    """(min, max, major unit) of each native chart's value axis, in slide order (pies have none)."""
    axes = []
    for chart in chart_parts(deck):
        axis = chart._chartSpace.find(".//" + qn("c:valAx"))
        if axis is not None:
            scaling = axis.find(qn("c:scaling"))
            axes.append(tuple(float(e.get("val")) for e in (scaling.find(qn("c:min")), scaling.find(qn("c:max")),
                                                            axis.find(qn("c:majorUnit")))))
    return axes


@by_language
def test_the_axes_match_between_pdf_and_deck(zoo, language):
    """Each chart's value axis: the model's scale written into the deck (min, max, unit), and the same
    ticks printed in the PDF, one after the other, in the language's marks."""
    paths = built(zoo, language)
    charts = [c for c in charts_of(paths["yaml"]) if c.kind not in ("pie", "doughnut")]
    axes = value_axes(paths["pptx"])
    assert len(axes) == len(charts) == 5
    text = " ".join(plain(pdftotext(paths["pdf"], "-raw")).split())
    for chart, (low, high, unit) in zip(charts, axes):
        scale = chart.scale()
        assert (low, high, unit) == pytest.approx((scale.minimum, scale.maximum, scale.unit)), chart.kind
        ticks = [plain(number(low + k * unit, scale.tick, language)) for k in range(round((high - low) / unit) + 1)]
        assert len(ticks) >= 5 and re.search(rf"(?<![\d.,]){re.escape(' '.join(ticks))}(?![\d.,])", text), \
            (chart.kind, ticks)
    assert len({value_axis for value_axis in axes}) == len(axes)  # five scales: no chart passes on another's ticks


test_annexes_and_a_top_level_conclusion_in_every_language = by_language(
    zoo_annexes.test_annexes_and_a_top_level_conclusion_in_every_language)


@by_language
def test_the_document_and_the_picture_are_in_every_output(zoo, language):
    zoo_docpic.check(built(zoo, language), outputs_text(built(zoo, language)), language)


@by_language
def test_the_deck_opens_cleanly(zoo, language):
    assert_valid_deck(built(zoo, language)["pptx"])


@by_language
def test_actions_decisions_and_statuses_print_in_the_language(zoo, language):
    """Every status word, 'overdue' and the tables' headings in the language, in the PDF (but Urdu's, which does
    not extract), the HTML and the deck; the actions in the order of their due days (in the PDF as pdftotext
    reads left-to-right pages only); a shape beside each status in the deck's tables and on the badged slides."""
    paths = built(zoo, language)
    texts = outputs_text(paths)
    wanted = [" ".join(plain(w).split()) for w in zoo_actions.expected(language)]
    for name in ("html", "slides") if language == "ur" else ("pdf", "html", "slides"):
        text = " ".join(plain(texts[name]).split())
        missing = [w for w in wanted if w not in text]
        assert missing == [], (language, name, missing)
        if name == "html" or (name == "pdf" and language not in RTL):
            order = [text.index(w) for w in wanted[-4:]]
            assert order == sorted(order), (language, name)
    prs = Presentation(str(paths["pptx"]))
    marks = [sh.name for s in prs.slides for sh in s.shapes if sh.name.startswith("Status ")]
    badges = [s for s in prs.slides if any(sh.name == "Status" for sh in s.shapes)]
    assert {"Status on track", "Status at risk", "Status off track", "Status done", "Status open"} <= set(marks)
    assert len(badges) >= 3  # the bottom line, the first chapter's slides, the subsection's


@by_language
def test_people_and_parties_are_in_every_output(zoo, language):
    """Who represented a party, the guests, the organisations and the attendees, with their labels, in the
    PDF, the HTML and the deck (slides and notes), in the language's words. The PDF's labels are letter-spaced
    capitals, so it is read without spaces or case; Nastaliq's text is not extracted from it, as above."""
    def squashed(text: str) -> str:
        return "".join(plain(text).split()).casefold()

    texts = outputs_text(built(zoo, language))
    texts["deck"] = texts.pop("slides") + " " + texts.pop("notes")
    if language == "ur":
        del texts["pdf"]
    for name, text in texts.items():
        missing = [w for w in zoo_people.expected(language, name) if squashed(w) not in squashed(text)]
        assert missing == [], (language, name)


@by_language
def test_risks_and_resolutions_in_every_output(zoo, language):
    paths = built(zoo, language)
    zoo_risks.check(load(paths["yaml"]), paths, {k: plain(v) for k, v in outputs_text(paths).items()}, language)


@by_language
def test_sources_and_notes_in_every_output(zoo, language):
    paths = built(zoo, language)
    check_sources(paths, language, pdftotext(paths["pdf"]))
