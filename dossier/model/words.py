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
    "action": "Action",
    "owner": "Owner",
    "due": "Due",
    "status": "Status",
    "overdue": "Overdue",
    "decision": "Decision",
    "decided_by": "Decided by",
    "actions": "Actions",
    "decisions": "Decisions",
    "status_on_track": "On track",
    "status_at_risk": "At risk",
    "status_off_track": "Off track",
    "status_done": "Done",
    "status_open": "Open",
    "status_red": "Red",
    "status_amber": "Amber",
    "status_green": "Green",
    "risks": "Risks",
    "risk": "Risk",
    "risk_owner": "Risk owner",
    "likelihood": "Likelihood",
    "impact": "Impact",
    "mitigation": "Mitigation",
    "level_low": "Low",
    "level_medium": "Medium",
    "level_high": "High",
    "resolutions": "Resolutions",
    "resolution": "Resolution",
    "votes_for": "For",
    "votes_against": "Against",
    "abstaining": "Abstentions",
    "result": "Result",
    "result_adopted": "Adopted",
    "result_rejected": "Rejected",
    "result_withdrawn": "Withdrawn",
    "result_deferred": "Deferred",
    "session_chair": "Chair",
    "party_by": "{party} ({by})",
    "guests": "Guests",
    "organisations": "Organisations",
    "organisation": "Organisation",
    "attendees": "Attendees",
    "apologies": "Apologies",
    "attendee_name": "Name",
    "attendee_role": "Role",
    "attendee_organisation": "Organisation",
    "attendance": "Attendance",
    "present": "Present",
    "guest": "Guest",
    "sent_apologies": "Apologies",
}

CHANGE_SUBJECTS: dict[str, str] = {
    "meeting": "Meeting", "summary": "Summary", "key message": "Key message", "status": "Status",
    "chapter": "Chapter", "annex": "Annex", "glossary term": "Glossary term", "source": "Source",
    "text": "Text", "lead": "Lead", "point": "Point", "closing": "Closing line", "paragraph": "Paragraph",
    "subsection": "Subsection", "highlight": "Highlight", "member": "Member", "quote": "Quotation",
    "agreement": "Agreement", "session": "Session", "action": "Action", "decision": "Decision", "risk": "Risk",
    "resolution": "Resolution", "event": "Event", "document": "Document", "picture": "Picture", "table": "Table",
    "chart": "Chart", "table column": "Table column", "table row": "Table row", "table cell": "Table cell",
    "chart category": "Chart category", "chart series": "Chart series", "chart value": "Chart value",
}
"""What a change is of (`model.changes.Change.subject`), in English; each is the label `subject_<name>`."""

CHANGE_FIELDS: dict[str, str] = {
    "abstaining": "abstentions", "accessed": "accessed", "adopted": "adopted", "against": "votes against",
    "alt": "text alternative", "articles": "articles", "attendees": "attendees", "author": "author", "by": "by",
    "caption": "caption", "chair": "chair", "classification": "classification", "credit": "credit", "date": "date",
    "delegations": "delegations", "document": "document", "due": "due", "format": "number format", "forum": "forum",
    "guests": "guests", "host": "host", "impact": "impact", "kind": "kind", "language": "language",
    "likelihood": "likelihood", "logo": "logo", "means": "meaning", "message": "slide message",
    "mitigation": "mitigation", "note": "note",
    "notes": "notes", "organisation": "organisation", "organisations": "organisations", "owner": "owner",
    "paragraphs": "paragraphs", "parties": "parties", "picture": "picture file", "place": "place",
    "publisher": "publisher", "quoted": "quoted paragraphs", "result": "result", "signatories": "signatories",
    "signed_by": "signed by", "source": "source", "status": "status", "subtitle": "subtitle", "title": "title",
    "total": "total", "unit": "unit", "url": "address", "venue": "venue", "votes_for": "votes for", "when": "time",
}
"""The fields whose change is named on its own ('Meeting date: …'), in English; each is the label `field_<name>`."""

MESSAGES |= {
    "changes_since": "Changes since {date}",
    "changes_none": "No changes since {date}.",
    "changes_new": "This brief is new since {date}.",
    "changes_unreadable": "The version of {date} does not load, so what changed since cannot be shown.",
    "change_count": ("{n} change", "{n} changes"),
    "change_added": "Added",
    "change_removed": "Removed",
    "change_retitled": "Retitled",
    "change_changed": "Changed",
    "change_moved": "Moved",
    "change_in": "in {where}",
    "change_from": "from {where}",
    "change_deleted": "deleted",
    "change_inserted": "inserted",
    **{f"subject_{key.replace(' ', '_')}": text for key, text in CHANGE_SUBJECTS.items()},
    **{f"field_{key}": text for key, text in CHANGE_FIELDS.items()},
}

WHERE: dict[str, str] = {
    "sources": "the Sources section (PDF, HTML) and slide, the contents, and the deck's source line",
    "notes": "the Notes section of end notes (PDF with `pdf.notes: end`, the HTML edition), the contents",
    "accessed": "a source's entry in the Sources section and slide, after its URL",
    "back_to_text": "the accessible name of a note's link back to its citation (PDF, HTML)",
    "number": "the Sources slide's first column: each source's note number",
    "briefing_note": "the kicker above the title on the cover",
    "kind": "the cover's facts: the kind of meeting",
    "date": "the cover's facts, and the date column of agreements and decisions tables",
    "place": "the cover's facts: the venue and place",
    "host": "the cover's facts: who hosts the meeting",
    "chair": "the cover's facts: who chairs the meeting",
    "forum": "the cover's facts: the forum of the meeting",
    "parties": "the cover's facts and grid of parties, the deck's parties slide, the 'at a glance' figure",
    "party_count": "the title slide and the parties slide when the parties are many",
    "prepared_by": "the cover's facts: who prepared the brief",
    "classification": "the cover's facts: the handling mark",
    "summary": "the summary slide of a full deck",
    "contents": "the PDF's table of contents",
    "delegations": "the delegations section and its slide, the contents and the agenda",
    "glossary": "the glossary section and its slide, the contents",
    "term": "the glossary table's first column",
    "means": "the glossary table's second column",
    "name": "the delegations table's name column (deck)",
    "role": "the delegations table's role column (deck)",
    "party": "the delegations table's party column (deck)",
    "highlight_of": "a highlight slide's kicker in a full deck",
    "upcoming": "the next event on the principal's sheet, an event slide's kicker",
    "bottom_line": "the heading of the bottom line on the PDF's first page and slide 2",
    "highlight_count": "the list of highlights on the principal's sheet and slide 2",
    "and_more": "the principal's sheet and slide 2, after the highlights or people left out",
    "who_is_who": "the principal's sheet: who's who",
    "document": "the agreements table's first column",
    "signatories": "the agreements table's signatories column",
    "note": "the note column of agreements and programme tables",
    "when": "the programme table's first column",
    "session": "the programme table's session column",
    "agenda": "the deck's agenda slide",
    "continued": "the title of a slide that continues the one before",
    "continued_note": "the speaker notes of a slide that continues the one before",
    "closing": "the closing slide's title",
    "closing_note": "the closing slide's speaker notes",
    "agenda_note": "the agenda slide's speaker notes",
    "page": "the foot of every PDF page",
    "category": "the PDF's and the deck's document properties (category)",
    "source": "the line under a table or chart",
    "pair": "every label set before its value ('Source: …')",
    "chart_column": "a column chart's alternative text",
    "chart_stacked_column": "a stacked column chart's alternative text",
    "chart_bar": "a bar chart's alternative text",
    "chart_stacked_bar": "a stacked bar chart's alternative text",
    "chart_line": "a line chart's alternative text",
    "chart_pie": "a pie chart's alternative text",
    "chart_doughnut": "a doughnut chart's alternative text",
    "at_a_glance": "the deck's 'at a glance' slide",
    "agreements_signed": "the 'at a glance' figure and the title of an agreements slide",
    "session_chair": "the programme table's chair column",
    "party_by": "a party and who represented it, on the cover, the title slide and the parties slide",
    "guests": "the cover's facts and the title slide: the guests invited",
    "organisations": "the cover's facts and the title slide: the international organisations present",
    "organisation": "the cover's facts: whose meeting it is, for a meeting of an organisation",
    "attendees": "the attendees section and its slide, the contents and the agenda",
    "apologies": "the attendees section: who sent apologies",
    "attendee_name": "the attendees table's name column (deck)",
    "attendee_role": "the attendees table's role column (deck)",
    "attendee_organisation": "the attendees table's organisation column (deck)",
    "attendance": "the attendees table's attendance column (deck)",
    "present": "the attendees table (deck): an attendee who is present",
    "guest": "the attendees section and table: an attendee who is a guest",
    "sent_apologies": "the attendees table (deck): an attendee who sent apologies",
    "annex": "an annex's heading, its contents entry and its slides ('Annex A')",
    "annexes": "the contents and the agenda slide, above the annexes",
    "highlights": "the title of a chapter written as a top-level 'highlights:'",
    "background": "the title of a chapter written as a top-level 'background:'",
    "outlook": "the title of a chapter written as a top-level 'outlook:'",
    "conclusion": "the title of a chapter written as a top-level 'conclusion:'",
    "next_steps": "the title of a chapter written as a top-level 'next_steps:'",
    "agreements": "the title of a chapter written as a top-level 'agreements:'",
    "programme": "the title of a chapter written as a top-level 'programme:'",
    "members": "the title of a chapter written as a top-level 'members:'",
    "adopted": "an outcome document's card and slide: how it was adopted",
    "signed_by": "an outcome document's card and slide: who signed it",
    "paragraph_count": "an outcome document's card and slide: its number of paragraphs",
    "article_count": "an outcome document's card and slide: its number of articles",
    "paragraph_number": "an outcome document's quoted paragraphs ('¶ 12')",
    "full_text": "an outcome document's card and slide: the link to its full text",
    "action": "the actions table's first column",
    "owner": "the actions table's owner column",
    "due": "the actions table's due column",
    "status": "the actions table's status column",
    "overdue": "an action not done by its due day, in the actions table",
    "decision": "the decisions table's first column",
    "decided_by": "the decisions table's 'by' column",
    "actions": "an actions slide's title",
    "decisions": "a decisions slide's title",
    "status_on_track": "a status mark's word: on track",
    "status_at_risk": "a status mark's word: at risk",
    "status_off_track": "a status mark's word: off track",
    "status_done": "a status mark's word: done",
    "status_open": "a status mark's word: open",
    "status_red": "a status mark's word: red",
    "status_amber": "a status mark's word: amber",
    "status_green": "a status mark's word: green",
    "risks": "a risks slide's title",
    "risk": "the risks table's first column",
    "risk_owner": "the risks table's owner column",
    "likelihood": "the risks table's likelihood column",
    "impact": "the risks table's impact column",
    "mitigation": "the risks table's mitigation column",
    "level_low": "a risk's likelihood or impact: low",
    "level_medium": "a risk's likelihood or impact: medium",
    "level_high": "a risk's likelihood or impact: high",
    "resolutions": "a resolutions slide's title",
    "resolution": "the resolutions table's first column",
    "votes_for": "the resolutions table: votes for",
    "votes_against": "the resolutions table: votes against",
    "abstaining": "the resolutions table: abstentions",
    "result": "the resolutions table's result column",
    "result_adopted": "a resolution's result: adopted",
    "result_rejected": "a resolution's result: rejected",
    "result_withdrawn": "a resolution's result: withdrawn",
    "result_deferred": "a resolution's result: deferred",
    "changes_since": "the heading of the 'Changes since' section and slide (`build --since`), with the revision's day",
    "changes_none": "the 'Changes since' section and slide when nothing changed",
    "changes_new": "the 'Changes since' section and slide when the earlier revision had no such brief",
    "changes_unreadable": "the 'Changes since' section and slide when the brief's earlier version does not load",
    "change_count": "the 'Changes since' section's first line and slide: how many changes",
    "change_added": "the 'Changes since' section and slide: the group of what was added",
    "change_removed": "the 'Changes since' section and slide: the group of what was removed",
    "change_retitled": "the 'Changes since' section and slide: the group of what was retitled",
    "change_changed": "the 'Changes since' section and slide: the group of what changed",
    "change_moved": "the 'Changes since' section and slide: the group of what moved",
    "change_in": "the 'Changes since' section and slide: where a change is (chapter › subsection)",
    "change_from": "the 'Changes since' section and slide: where a moved item was",
    "change_deleted": "the 'Changes since' section: the spoken name of deleted text (PDF tags, HTML)",
    "change_inserted": "the 'Changes since' section: the spoken name of inserted text (PDF tags, HTML)",
    **{f"subject_{key.replace(' ', '_')}": "the 'Changes since' section and slide: what a change is of"
       for key in CHANGE_SUBJECTS},
    **{f"field_{key}": "the 'Changes since' section and slide: the field that changed" for key in CHANGE_FIELDS},
}
"""Where each label appears, for the schema's description of `labels:` (every key of MESSAGES has one)."""


def context(key: str) -> str | None:
    """The key itself when its English text is an earlier key's too ('session_chair' and 'chair' are both
    'Chair'): the catalogues tell the two apart by this context (msgctxt), so each use has its own words."""
    message = MESSAGES[key]
    for other, text in MESSAGES.items():
        if other == key:
            return None
        if text == message:
            return key
    return None


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
