"""The zoo's actions, decisions and statuses (issue 22, parts 2 and 7): the words per language, the parts
added to each language's brief, and the check that each output prints them in that language."""

from __future__ import annotations

from dossier.style.labels import Labels

WORDS: dict[str, dict] = {
    "en": dict(actions=["Draft the energy memorandum", "Survey the route of the cable", "Name the head of the joint office",
                        "Publish the tariff schedule"], owner="Ministry of Energy",
               decisions=["Open the joint office in Valdora"], by="Both ministers",
               table="Projects", columns=["Project", "Status"], projects=["Power line", "Port", "Railway"]),
    "fr": dict(actions=["Rédiger le mémorandum énergétique", "Étudier le tracé du câble",
                        "Nommer le chef du bureau commun", "Publier le barème tarifaire"], owner="Ministère de l'Énergie",
               decisions=["Ouvrir le bureau commun à Valdora"], by="Les deux ministres",
               table="Projets", columns=["Projet", "Avancement"], projects=["Ligne électrique", "Port", "Chemin de fer"]),
    "de": dict(actions=["Die Absichtserklärung zur Energie entwerfen", "Die Kabeltrasse vermessen",
                        "Die Leitung des gemeinsamen Büros benennen", "Den Zolltarif veröffentlichen"],
               owner="Energieministerium", decisions=["Das gemeinsame Büro in Valdora eröffnen"],
               by="Beide Minister", table="Projekte", columns=["Projekt", "Stand"],
               projects=["Stromleitung", "Hafen", "Eisenbahn"]),
    "es": dict(actions=["Redactar el memorando sobre energía", "Estudiar el trazado del cable",
                        "Nombrar al jefe de la oficina conjunta", "Publicar el arancel"], owner="Ministerio de Energía",
               decisions=["Abrir la oficina conjunta en Valdora"], by="Ambos ministros",
               table="Proyectos", columns=["Proyecto", "Situación"], projects=["Línea eléctrica", "Puerto", "Ferrocarril"]),
    "ru": dict(actions=["Подготовить меморандум об энергетике", "Изучить трассу кабеля",
                        "Назначить руководителя совместного бюро", "Опубликовать тарифы"],
               owner="Министерство энергетики", decisions=["Открыть совместное бюро в Вальдоре"], by="Оба министра",
               table="Проекты", columns=["Проект", "Ход работ"], projects=["Линия электропередачи", "Порт", "Железная дорога"]),
    "ar": dict(actions=["صياغة مذكرة الطاقة", "مسح مسار الكابل", "تعيين رئيس المكتب المشترك", "نشر جدول التعريفات"],
               owner="وزارة الطاقة", decisions=["افتتاح المكتب المشترك في فالدورا"], by="الوزيران",
               table="المشاريع", columns=["المشروع", "سير العمل"], projects=["خط الكهرباء", "الميناء", "السكك الحديدية"]),
    "ur": dict(actions=["توانائی کی یادداشت کا مسودہ", "کیبل کے راستے کا سروے", "مشترکہ دفتر کے سربراہ کا تقرر",
                        "محصولات کی فہرست کی اشاعت"], owner="وزارت توانائی", decisions=["والدورا میں مشترکہ دفتر کھولنا"],
               by="دونوں وزرا", table="منصوبے", columns=["منصوبہ", "پیش رفت"], projects=["بجلی کی لائن", "بندرگاہ", "ریلوے"]),
}

STATUS_KEYS = ("status_on_track", "status_at_risk", "status_off_track", "status_done", "status_open", "status_amber",
               "overdue", "action", "owner", "due", "decision", "decided_by")
"""The labels the zoo's parts print: every status its brief uses, overdue, and the tables' headings."""


def add(brief: dict, language: str) -> dict:
    """`brief` with the parts: the brief's status, a chapter's and a subsection's, and in the third chapter an
    actions block (one overdue, one at risk, one done, one undated), a decisions block and a status column."""
    w = WORDS[language]
    brief["status"] = "on track"
    brief["chapters"][0]["status"] = "at risk"
    brief["chapters"][1]["blocks"][0]["sections"][0]["status"] = "off track"
    brief["chapters"][2]["blocks"] += [
        {"actions": [{"what": w["actions"][0], "owner": w["owner"], "due": "2026-04-30", "status": "at risk"},
                     {"what": w["actions"][1], "owner": w["owner"], "due": "2026-02-15"},
                     {"what": w["actions"][2]},
                     {"what": w["actions"][3], "due": "2026-01-20", "status": "done"}]},
        {"decisions": [{"what": w["decisions"][0], "by": w["by"], "date": "2026-03-11"}]},
        {"table": w["table"], "columns": [w["columns"][0], {"heading": w["columns"][1], "status": True}],
         "rows": [[w["projects"][0], "on track"], [w["projects"][1], "amber"], [w["projects"][2], "done"]]},
    ]
    return brief


def expected(language: str) -> list[str]:
    """The words each output must print: the labels in the language, and the actions in the order of their days."""
    labels = Labels(language)
    w = WORDS[language]
    return [*(labels(key) for key in STATUS_KEYS), w["actions"][3], w["actions"][1], w["actions"][0], w["actions"][2]]
