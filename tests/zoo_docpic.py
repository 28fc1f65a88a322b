"""The zoo's outcome document and picture (issue 22, parts 3 and 4): their words in each language, the
blocks that `zoo_brief` adds, and the small PNG beside the briefs."""

from __future__ import annotations

from pathlib import Path

PICTURE = "zoo-signing.png"
"""The zoo's picture, written beside the briefs (`write_picture`)."""

WORDS: dict[str, dict] = {
    "en": dict(document="Joint Declaration of Valdora", kind="Joint declaration", adopted="By both ministers",
               quoted=["Both sides will open a joint office.", "The power line will be built by 2030."],
               note="The declaration is public.", alt="The two ministers sign the declaration",
               caption="Signing of the declaration", credit="Photo: Ministry of Trade"),
    "fr": dict(document="Déclaration commune de Valdora", kind="Déclaration commune", adopted="Par les deux ministres",
               quoted=["Les deux parties ouvriront un bureau commun.", "La ligne électrique sera construite d'ici 2030."],
               note="La déclaration est publique.", alt="Les deux ministres signent la déclaration",
               caption="Signature de la déclaration", credit="Photo : ministère du Commerce"),
    "de": dict(document="Gemeinsame Erklärung von Valdora", kind="Gemeinsame Erklärung",
               adopted="Von beiden Ministern",
               quoted=["Beide Seiten eröffnen ein gemeinsames Büro.", "Die Stromleitung wird bis 2030 gebaut."],
               note="Die Erklärung ist öffentlich.", alt="Die beiden Minister unterzeichnen die Erklärung",
               caption="Unterzeichnung der Erklärung", credit="Foto: Handelsministerium"),
    "es": dict(document="Declaración conjunta de Valdora", kind="Declaración conjunta",
               adopted="Por ambos ministros",
               quoted=["Ambas partes abrirán una oficina conjunta.", "La línea eléctrica se construirá antes de 2030."],
               note="La declaración es pública.", alt="Los dos ministros firman la declaración",
               caption="Firma de la declaración", credit="Foto: Ministerio de Comercio"),
    "ru": dict(document="Совместная декларация Вальдоры", kind="Совместная декларация", adopted="Обоими министрами",
               quoted=["Стороны откроют совместное бюро.", "Линия электропередачи будет построена к 2030 году."],
               note="Декларация опубликована.", alt="Два министра подписывают декларацию",
               caption="Подписание декларации", credit="Фото: Министерство торговли"),
    "ar": dict(document="إعلان فالدورا المشترك", kind="إعلان مشترك", adopted="من الوزيرين",
               quoted=["يفتح الطرفان مكتبا مشتركا.", "يُبنى خط الكهرباء بحلول عام 2030."],
               note="الإعلان منشور.", alt="الوزيران يوقعان الإعلان",
               caption="توقيع الإعلان", credit="صورة: وزارة التجارة"),
    "ur": dict(document="والدورا کا مشترکہ اعلامیہ", kind="مشترکہ اعلامیہ", adopted="دونوں وزرا کی جانب سے",
               quoted=["دونوں فریق ایک مشترکہ دفتر کھولیں گے۔", "بجلی کی لائن 2030 تک تعمیر ہوگی۔"],
               note="اعلامیہ شائع ہو چکا ہے۔", alt="دونوں وزرا اعلامیے پر دستخط کر رہے ہیں",
               caption="اعلامیے پر دستخط", credit="تصویر: وزارت تجارت"),
}
LATIN_SCRIPT = {"en", "fr", "de", "es"}
"""The languages whose zoo may print a Latin address (the others' outputs hold no Latin word)."""


def blocks(language: str, parties: list[str]) -> list[dict]:
    """A document (85 paragraphs, two quoted) and a picture, in `language`."""
    w = WORDS[language]
    document = {"document": w["document"], "kind": w["kind"], "adopted": w["adopted"], "signed_by": parties[:2],
                "date": "2026-03-11", "paragraphs": "85",
                "quoted": [{"number": "4", "text": w["quoted"][0]}, {"number": "12", "text": w["quoted"][1]}],
                "note": w["note"]}
    if language in LATIN_SCRIPT:
        document["url"] = "https://example.org/valdora-declaration"
    return [document, {"picture": PICTURE, "alt": w["alt"], "caption": w["caption"], "credit": w["credit"]}]


def write_picture(folder: Path) -> Path:
    """A small PNG (a sun over a field, 3:2) beside the zoo's briefs."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 400), (40, 90, 140))
    draw = ImageDraw.Draw(image)
    draw.ellipse((200, 60, 400, 260), fill=(230, 180, 60))
    draw.rectangle((0, 320, 600, 400), fill=(30, 90, 50))
    image.save(path := folder / PICTURE)
    return path
