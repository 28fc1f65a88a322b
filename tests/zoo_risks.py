"""The zoo's risks and resolutions (issue 22, part 7): a chapter of each language's words, with a risk
register and resolutions put to a vote (one with no result: its votes alone; one with no votes)."""

from __future__ import annotations

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
