"""The zoo's people and parties (issue 22, part 8), in every language: joint hosts and co-chairs, a party
and a member with who represented them, guests, organisations, and attendees (present, a guest, apologies)."""

from __future__ import annotations

WORDS: dict[str, dict] = {
    "en": dict(by="Prime Minister", guest="Dravia", organisations=["United Nations", "Northern Council"],
               attendees=["Ida Rask", "Ole Brun", "Eva Lind"], secretary="Secretary of the talks"),
    "fr": dict(by="Premier ministre", guest="Dravie", organisations=["Nations unies", "Conseil du Nord"],
               attendees=["Ida Rask", "Ole Brun", "Eva Lind"], secretary="Secrétaire des entretiens"),
    "de": dict(by="Premierminister", guest="Dravien", organisations=["Vereinte Nationen", "Nordischer Rat"],
               attendees=["Ida Rask", "Ole Brun", "Eva Lind"], secretary="Sekretärin der Gespräche"),
    "es": dict(by="Primer ministro", guest="Dravia", organisations=["Naciones Unidas", "Consejo del Norte"],
               attendees=["Ida Rask", "Ole Brun", "Eva Lind"], secretary="Secretaria de las conversaciones"),
    "ru": dict(by="Премьер-министр", guest="Дравия", organisations=["Организация Объединённых Наций", "Северный совет"],
               attendees=["Ида Раск", "Уле Брун", "Эва Линд"], secretary="Секретарь переговоров"),
    "ar": dict(by="رئيس الوزراء", guest="درافيا", organisations=["الأمم المتحدة", "مجلس الشمال"],
               attendees=["إيدا راسك", "أولي برون", "إيفا ليند"], secretary="أمينة المحادثات"),
    "ur": dict(by="وزیر اعظم", guest="ڈراویا", organisations=["اقوام متحدہ", "شمالی کونسل"],
               attendees=["ایدا راسک", "اولے برون", "ایوا لنڈ"], secretary="مذاکرات کی سیکرٹری"),
}


def meeting(language: str, parties: list[str], people: list[str]) -> dict:
    """The meeting's fields for the zoo: two hosts and two chairs, the first party with who represented it,
    a guest, two organisations and three attendees."""
    w = WORDS[language]
    a, b = parties[:2]
    present, guest, apologies = w["attendees"]
    return {
        "host": [a, b], "chair": people, "parties": [{"party": a, "by": w["by"]}, b],
        "guests": [w["guest"]], "organisations": w["organisations"],
        "attendees": [{"name": present, "role": w["secretary"]},
                      {"name": guest, "organisation": w["organisations"][1], "attendance": "guest"},
                      {"name": apologies, "attendance": "apologies"}],
    }


def member(language: str, party: str) -> dict:
    """A member of the zoo's members block, with who represented it."""
    return {"party": party, "by": WORDS[language]["by"]}


def expected(language: str, output: str) -> list[str]:
    """What an output ('pdf', 'html', 'deck') of the zoo's brief must show of its people: who represented the
    first party, the guest, the organisations, the attendees, and the labels of each (apologies: the PDF's
    heading, the deck's cell)."""
    from dossier.style.labels import Labels

    w, label = WORDS[language], Labels(language)
    return [w["by"], w["guest"], *w["organisations"], *w["attendees"], w["secretary"],
            *(label(key) for key in ("guests", "organisations", "attendees")),
            label("sent_apologies" if output == "deck" else "apologies")]
