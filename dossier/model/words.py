"""Dossier's own words in English, and the rules a renamed word keeps.

Every word Dossier prints is one entry of `MESSAGES`, its English text (the msgid of the
catalogues in `templates/locale/`, read by `dossier.style.labels`). A brief's or a theme's
`labels:` may rename any of them; `checked_label` checks the new text as it will be used.
"""

from __future__ import annotations

import re
import string

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
    "glossary": "Glossary",
    "term": "Term",
    "means": "Meaning",
    "sources": "Sources",
    "notes": "Notes",
    "accessed": "accessed {date}",
    "back_to_text": "Back to the text",
    "number": "No.",
    "name": "Name",
    "role": "Role",
    "party": "Party",
    "highlight_of": "Highlight {i} of {n}",
    "upcoming": "Upcoming",
    "bottom_line": "Bottom line",
    "highlight_count": ("{n} highlight:", "{n} highlights:"),
    "and_more": ("and {n} more", "and {n} more"),
    "who_is_who": "Who's who",
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
    "pair": "{name}: {value}",
    "chart_column": "Column chart",
    "chart_stacked_column": "Stacked column chart",
    "chart_bar": "Bar chart",
    "chart_stacked_bar": "Stacked bar chart",
    "chart_line": "Line chart",
    "chart_pie": "Pie chart",
    "chart_doughnut": "Doughnut chart",
    "at_a_glance": "At a glance",
    "agreements_signed": "Agreements signed",
    "annex": "Annex {letter}",
    "annexes": "Annexes",
    "highlights": "Highlights",
    "background": "Background",
    "outlook": "Outlook",
    "conclusion": "Conclusion",
    "next_steps": "Next steps",
    "agreements": "Agreements",
    "programme": "Programme",
    "members": "Members",
    "adopted": "Adopted",
    "signed_by": "Signed by",
    "paragraph_count": ("{n} paragraph", "{n} paragraphs"),
    "article_count": ("{n} article", "{n} articles"),
    "paragraph_number": "¶ {number}",
    "full_text": "Full text",
}


def placeholders(key: str) -> set[str]:
    """The `{names}` a label's text may use."""
    message = MESSAGES[key]
    return {name for text in (message if isinstance(message, tuple) else (message,))
            for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def checked_label(key: str, text: str) -> str:
    """A renamed label, checked as it will be used: only its own `{names}`, braces balanced
    (a validator for one entry of `labels:`; raises ValueError saying what to write)."""
    if problem := label_problem(text, placeholders(key)):
        raise ValueError(problem)
    text.format(**dict.fromkeys(placeholders(key), 1))  # filled in once, as a render will
    return text


def label_problem(text: str, allowed: set[str], required: bool = False) -> str | None:
    """What is wrong with a label's text, or None: each `{field}` must be one of `allowed`, a name
    alone (no format, conversion, attribute or index), and, when `required`, each must be there."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as error:
        if "Single '}'" in str(error):
            return "a '}' has no '{' before it; write }} for a brace itself"
        return "a '{' is not closed; write {{ for a brace itself"
    can_use = ", ".join(f"{{{n}}}" for n in sorted(allowed))
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        written = f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
        base = re.match(r"[^.\[]*", name).group()  # type: ignore[union-attr]
        if base not in allowed:
            return (f"{written} is not known here (this label can use: {can_use})" if allowed else
                    f"{written} is not known here (this label has no placeholders; write {{{{ and }}}} for a brace)")
        if base != name:
            return f"{written}: a placeholder is a name alone; write {{{base}}}"
        if conversion:
            return f"{written}: a placeholder takes no conversion; write {{{base}}}"
        if spec:
            return f"{written}: a placeholder takes no format; write {{{base}}}"
    if required and (missing := allowed - {name for _, name, _, _ in fields}):
        return f"{', '.join(f'{{{n}}}' for n in sorted(missing))} is missing (the text must use: {can_use})"
    return None
