"""Every word Dossier itself prints, in the brief's language, from a gettext catalogue.

English is the source language: `MESSAGES` holds each label's English text, which is
its msgid; `templates/locale/<language>.po` holds a language's translations, read with
Babel (which also gives the language's plural rules). A theme file or a brief can
rename any label. `python -m dossier.labels` rewrites the template `dossier.pot`.
"""

from __future__ import annotations

import gettext
import io
import string
from functools import lru_cache
from pathlib import Path
from typing import Literal

from . import TEMPLATES

MESSAGES: dict[str, str | tuple[str, str]] = {
    "briefing_note": "Briefing note",
    "kind": "Kind",
    "date": "Date",
    "place": "Place",
    "host": "Host",
    "chair": "Chair",
    "forum": "Forum",
    "parties": "Parties",
    "party_count": ("{n} party", "{n} parties"),
    "prepared_by": "Prepared by",
    "classification": "Classification",
    "summary": "Summary",
    "contents": "Contents",
    "delegations": "Delegations",
    "name": "Name",
    "role": "Role",
    "party": "Party",
    "highlight_of": "Highlight {i} of {n}",
    "upcoming": "Upcoming",
    "document": "Document",
    "signatories": "Signatories",
    "note": "Note",
    "when": "When",
    "session": "Session",
    "agenda": "Agenda",
    "continued": "(cont.)",
    "continued_note": "(continued)",
    "closing": "Questions and discussion",
    "closing_note": "Invite questions and discussion.",
    "agenda_note": "This briefing covers:",
    "page": "Page {page} of {pages}",
    "category": "Meeting brief",
    "source": "Source",
    "chart_column": "Column chart",
    "chart_stacked_column": "Stacked column chart",
    "chart_bar": "Bar chart",
    "chart_stacked_bar": "Stacked bar chart",
    "chart_line": "Line chart",
    "chart_pie": "Pie chart",
    "chart_doughnut": "Doughnut chart",
}
"""Each label's key and its English text; a pair for a text with plural forms (chosen by {n})."""

KEYS = tuple(MESSAGES)
LabelKey = Literal[KEYS]  # type: ignore[valid-type]
"""The name of a label, for a theme's or a brief's `labels:`."""
LOCALE = "locale"
"""The catalogues' folder inside templates/."""

RTL_LANGUAGES = frozenset({"ar", "ur", "fa", "he", "ps", "sd", "ug", "yi", "dv", "ckb"})
"""Languages written right to left (their primary subtag)."""


class Labels:
    """The labels of one brief: its language's catalogue, then the theme's and the brief's own names."""

    def __init__(self, language: str, overrides: dict[str, str] | None = None):
        self.language = language
        self.catalogue = _catalogue(language)
        self.overrides = dict(overrides or {})

    def __call__(self, key: str, **values: object) -> str:
        """The label `key`, with its `{name}` fields filled in; `n` picks a plural form."""
        if key in self.overrides:
            return self.overrides[key].format(**values)
        message = MESSAGES[key]
        if isinstance(message, tuple):
            text = self.catalogue.ngettext(*message, int(values["n"]))  # type: ignore[arg-type]
        else:
            text = self.catalogue.gettext(message)
        return text.format(**values)

    @property
    def rtl(self) -> bool:
        """Whether the brief's language is written right to left."""
        return primary(self.language) in RTL_LANGUAGES


def labels_for(brief, theme) -> Labels:
    """A brief's labels: its language's catalogue, renamed by the theme, then by the brief."""
    return Labels(brief.meeting.language, {**theme.labels, **brief.labels})


def placeholders(key: str) -> set[str]:
    """The `{names}` a label's text may use."""
    message = MESSAGES[key]
    return _fields(*(message if isinstance(message, tuple) else (message,)))


def checked_overrides(overrides: dict[str, str]) -> dict[str, str]:
    """Renamed labels may use only their label's `{names}` (a validator for `labels:`)."""
    for key, text in overrides.items():
        try:
            used = _fields(text)
        except ValueError:
            raise ValueError(f"{key}: a brace is not closed; write {{{{ and }}}} for a brace itself") from None
        if extra := used - placeholders(key):
            allowed = ", ".join(f"{{{n}}}" for n in sorted(placeholders(key))) or "none"
            raise ValueError(f"{key}: {', '.join(f'{{{n}}}' for n in sorted(extra))} is not known here "
                             f"(this label can use: {allowed})")
    return overrides


def _fields(*texts: str) -> set[str]:
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def primary(language: str) -> str:
    """A language tag's primary subtag: 'ur' for 'ur-PK'."""
    return language.split("-")[0].lower()


def catalogue_path(language: str) -> Path | None:
    """The catalogue for a language tag, the most specific that exists ('pt-BR', then 'pt')."""
    parts = language.replace("_", "-").split("-")
    for n in range(len(parts), 0, -1):
        path = TEMPLATES / LOCALE / f"{'_'.join(parts[:n])}.po"
        if path.is_file():
            return path
    return None


def missing_catalogue(language: str) -> str | None:
    """A warning when a language other than English has no catalogue, else None."""
    if primary(language) == "en" or catalogue_path(language):
        return None
    return (f"there is no catalogue for the language '{language}': Dossier's own words are printed in "
            f"English (add templates/{LOCALE}/{primary(language)}.po, or rename labels under 'labels:')")


@lru_cache(maxsize=32)
def _catalogue(language: str) -> gettext.NullTranslations:
    """The language's translations; English (the msgids) when it has none."""
    path = catalogue_path(language)
    if path is None:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        catalog = read_po(file, locale=path.stem)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def template() -> str:
    """The catalogue template (dossier.pot): every msgid, with its key as a comment for translators."""
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for key, message in MESSAGES.items():
        out.append(f"#. {key}")
        if isinstance(message, tuple):
            out += [f"msgid {_quoted(message[0])}", f"msgid_plural {_quoted(message[1])}",
                    'msgstr[0] ""', 'msgstr[1] ""']
        else:
            out += [f"msgid {_quoted(message)}", 'msgstr ""']
        out.append("")
    return "\n".join(out)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":  # regenerate the template: python -m dossier.labels
    (TEMPLATES / LOCALE / "dossier.pot").write_text(template(), encoding="utf-8")
