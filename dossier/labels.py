"""Every word Dossier itself prints, in one place, for both outputs."""

from __future__ import annotations

LABELS = {
    "briefing_note": "Briefing note",
    "kind": "Kind",
    "date": "Date",
    "place": "Place",
    "host": "Host",
    "chair": "Chair",
    "forum": "Forum",
    "parties": "Parties",
    "party_count": "{n} parties",
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
"""English, for now the only language; the message catalogues will take their place."""


def label(key: str, **values: object) -> str:
    """The label `key`, with `{name}` fields filled in."""
    return LABELS[key].format(**values)
