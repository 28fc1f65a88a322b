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


def check(paths: dict[str, Path], texts: dict[str, str], language: str) -> None:
    """The document's and the picture's words in every output (`texts`: the PDF, the HTML, the slides, the
    notes, as plain text), the picture in the PDF and on a slide with its alternative text."""
    import re
    import unicodedata

    import pypdf
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from dossier.style.labels import Labels
    from test_pdf import figures

    w, t = WORDS[language], Labels(language)

    def flat(text: str) -> str:
        """Text as compared: spaces plain, no direction or vowel marks, typographic apostrophes, any case."""
        text = re.sub(r"[\u00a0\u202f\u2009]", " ", re.sub(r"[\u200e\u200f\u061c\u202a-\u202e]", "", text))
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        return " ".join(text.replace("'", "’").casefold().split())

    words = [w["document"], w["kind"], w["adopted"], *w["quoted"], w["note"], w["caption"], w["credit"],
             t("paragraph_count", n=85), t.pair(t("adopted"), w["adopted"]).split(w["adopted"])[0].strip()]
    for name, text in texts.items():
        if name == "pdf" and language in ("ar", "ur"):
            if language == "ur":  # Poppler cannot map Nastaliq's glyphs back to letters: the HTML has the words
                continue
            found = set(re.findall(r"\d+|[^\W\d]+", flat(text)))  # Poppler orders numbers and stops visually: word by word
            missing = [x for x in words if not set(re.findall(r"\d+|[^\W\d]+", flat(x))) <= found]
        else:
            missing = [x for x in words if flat(x) not in flat(text)]
        assert missing == [], (language, name, missing)
    reader = pypdf.PdfReader(paths["pdf"])
    assert w["alt"] in [f.get("/Alt") for f in figures(reader.trailer["/Root"]["/StructTreeRoot"])]
    assert f'alt="{w["alt"]}"' in paths["html"].read_text(encoding="utf-8")
    prs = Presentation(str(paths["pptx"]))
    pictures = [p for s in prs.slides for p in s.shapes if p.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures] == [w["alt"]]
    assert abs(pictures[0].width / pictures[0].height - 1.5) < 0.01
