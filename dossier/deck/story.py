"""The deck's story: slides follow the brief's chapters and blocks, one builder per block kind.

Titles carry the story's numbers (3, 3.1), so a heading numbered 3.1 in the PDF is
3.1 on its slide, a subsection's or a highlight's alike. Points go on the slides; prose goes in the speaker notes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pptx.enum.dml import MSO_THEME_COLOR

from ..model.markup import Run, to_plain, to_runs
from ..model.status import mark
from ..model import (Body, Brief, Mark, Marked, Party, Chapter, ChartBlock, EventBlock, TableBlock, HighlightsBlock, ListBlock,
                     MembersBlock, ProseBlock, QuoteBlock, Records, SectionsBlock, Story, kind_of, paragraphs)
from ..model.localize import listed
from . import changes, outcomes, status
from .fit import Para
from .sources import source_line, sources_slide
from .slides import Slides, bullet, entry, kicker, lead, numbered, prose
from .textframes import colored

def build(d: Slides, brief: Brief) -> None:
    """The slides in order, compact or one per item as the theme's `deck.density` says; then footers
    and numbers on every slide but the title slide."""
    if d.theme.deck.density == "compact":
        from .compact import build as compact

        compact(d, brief)
    else:
        _full(d, brief)
    for number, slide in enumerate(d.prs.slides, 1):
        if number > 1:
            d.footer_and_number(slide, number)
            source_line(d, slide, brief)


def _full(d: Slides, brief: Brief) -> None:
    """One slide per item: the summary after the agenda, a divider per structured chapter."""
    story = Story(brief)
    _title_slide(d, brief)
    if brief.meeting.many_parties:
        _parties(d, brief)
    if len(story.chapters) + len(story.annexes) > 1:
        _agenda(d, brief, story)
    if brief.summary:
        with status.statused(d, brief.status):
            _prose_slide(d, to_runs(d.t("summary")), paragraphs(brief.summary))
    changes.slides(d, brief)  # with --since: what changed since, right after the summary
    for chapter in brief.chapters:
        with status.statused(d, chapter.status):
            _chapter(d, chapter, story)
    if brief.annexes:
        annexes_divider(d, story, to_runs(d.t("annexes")))
        for annex in brief.annexes:
            with status.statused(d, annex.status):
                _chapter(d, annex, story)
    if brief.meeting.delegations:
        _delegations(d, brief)
    if brief.meeting.attendees:
        _attendees(d, brief)
    if brief.glossary:
        _glossary(d, brief)
    if brief.sources:
        sources_slide(d, brief)
    _closing(d, brief)


# ---------------------------------------------------------------- the brief's own slides


def _title_slide(d: Slides, brief: Brief) -> None:
    m = brief.meeting
    lines: list[Para] = []
    if m.subtitle:
        lines.append(Para(to_runs(m.subtitle), scale=1.0))
    who = _party_line(d, brief)
    if who:
        lines.append(Para((Run(who, bold=True),), scale=0.9, space_before=1.0))
    if also := _also_line(d, brief):
        lines.append(Para((Run(also),), scale=0.8, space_before=0.3))
    frame = "  ·  ".join(to_plain(x) for x in (m.kind, m.forum) if x)
    if frame:
        lines.append(Para((Run(frame),), scale=0.9, space_before=0.3))
    where = ", ".join(to_plain(x) for x in (m.venue, m.place) if x)
    tail = "  ·  ".join(x for x in (m.printed_date, where, m.classification and to_plain(m.classification)) if x)
    if tail:
        lines.append(Para((Run(tail),), scale=0.8, space_before=0.3))
    if brief.status:
        lines.append(Para((Run(d.t.pair(d.t("status"), status.words(d, mark(brief.status)))),), scale=0.8,
                          space_before=0.3))
    facts = [*_facts(d, brief), *([d.t.pair(d.t("status"), status.words(d, mark(brief.status)))] if brief.status else [])]
    d.cover("title", to_runs(m.title), lines, [m.title, *([m.subtitle] if m.subtitle else []), *facts,
                                               *paragraphs(brief.summary)[:1]], logo=m.logo)


def _party_line(d: Slides, brief: Brief) -> str:
    """Who meets, for the title and closing slides: the parties (counted when many), or the organisation."""
    m = brief.meeting
    if m.many_parties:
        return d.t("party_count", n=len(m.parties))
    if m.parties:
        return "  ·  ".join(to_plain(party(d, p)) for p in m.parties)
    return to_plain(m.organisation) if m.organisation else ""


def _also_line(d: Slides, brief: Brief) -> str:
    """Joint hosts and chairs, the guests and the organisations present, for the title slide:
    'Host: France and Germany · Guests: Laos · Organisations: ASEAN' (one host or chair stays in the notes)."""
    m = brief.meeting
    shown = (("host", m.host if len(m.host) > 1 else []), ("chair", m.chair if len(m.chair) > 1 else []),
             ("guests", m.guests), ("organisations", m.organisations))
    return "  ·  ".join(d.t.pair(d.t(key), to_plain(_fact(d, value))) for key, value in shown if value)


def party(d: Slides, p: Party) -> str:
    """A party as one line: 'China (Premier Li Qiang)'."""
    return d.t("party_by", party=p.party, by=p.by) if p.by else p.party


def _fact(d: Slides, value) -> str:
    """A fact's value as one line: text, or names and parties as the language writes a list."""
    if isinstance(value, str):
        return value
    return listed([party(d, x) if isinstance(x, Party) else x for x in value], d.brief.meeting.language)


def _facts(d: Slides, brief: Brief) -> list[str]:
    """The meeting's facts for the title slide's notes, one line each."""
    return [d.t.pair(d.t(key), _fact(d, value)) for key, value in brief.meeting.facts()]


def _parties(d: Slides, brief: Brief) -> None:
    parties = brief.meeting.parties
    d.table_slides(to_runs(d.t("parties")), lead(d.t("party_count", n=len(parties))),
                   [Para(to_runs(party(d, p))) for p in parties], [_fact(d, parties) + "."])


def _agenda(d: Slides, brief: Brief, story: Story) -> None:
    """The chapters, numbered as in the PDF's contents, then the annexes under their label, lettered."""
    items = [entry(h.number, h.title) for h in story.chapters]
    if story.annexes:
        items += [lead(d.t("annexes")), *(entry(h.number, h.title) for h in story.annexes)]
    items += [entry("", d.t(key)) for key in ("delegations", "attendees") if getattr(brief.meeting, key)]
    d.content(to_runs(d.t("agenda")), items,
              [d.t("agenda_note"), *[f"{h.number}. {to_plain(h.title)}" for h in story.chapters],
               *([d.t("annexes")] if story.annexes else []),
               *[f"{h.number}. {to_plain(h.title)}" for h in story.annexes]])


def annexes_divider(d: Slides, story: Story, title: tuple[Run, ...]) -> None:
    """The divider before the annexes: 'Annexes', and each annex's letter and title."""
    listed = [f"{h.number}  {to_plain(h.title)}" for h in story.annexes]
    d.section(title, "\n\n".join(listed), [d.t("annexes"), *listed])


def number(d: Slides, h) -> str:
    """A chapter's number as a title shows it: '3', or 'Annex A' for an annex."""
    return d.t("annex", letter=h.number) if h.annex else h.number


def _prose_slide(d: Slides, title: tuple[Run, ...], texts: list[str], notes: list[str] | None = None) -> None:
    """A slide of a few paragraphs, a little larger than a list."""
    d.content(title, [prose(p) for p in texts], notes if notes is not None else texts,
              largest=d.sz.deck_body * 1.2)


def _glossary(d: Slides, brief: Brief) -> None:
    """The glossary as a native table: each term, and what it stands for."""
    rows = [[_cell(t.term, bold=True), _cell(t.means)] for t in brief.glossary]
    d.rows(to_runs(d.t("glossary")), None, [_head(d.t("term")), _head(d.t("means"))], rows,
           [d.t.pair(to_plain(t.term), to_plain(t.means)) for t in brief.glossary])


def _delegations(d: Slides, brief: Brief) -> None:
    header = [_head(d.t("party")), _head(d.t("name")), _head(d.t("role"))]
    rows, notes = [], []
    for delegation in brief.meeting.delegations:
        for k, person in enumerate(delegation.people):
            rows.append([_cell(delegation.party if k == 0 else "", bold=True), _cell(person.name),
                         _cell(person.role or "")])
        notes.append(d.t.pair(delegation.party, "; ".join(
            f"{p.name}{', ' + p.role if p.role else ''}" for p in delegation.people)) + ".")
    d.rows(to_runs(d.t("delegations")), None, header, rows, notes)


_SAID = {"present": "present", "guest": "guest", "apologies": "sent_apologies"}
"""The label of each attendance, as one attendee's cell."""


def _attendees(d: Slides, brief: Brief) -> None:
    """The attendees as a native table: name, role, organisation, and attendance when someone is not simply
    present (apologies last)."""
    m = brief.meeting
    people = m.present + m.apologies
    columns = [("name", "attendee_name"), ("role", "attendee_role"), ("organisation", "attendee_organisation")]
    columns = [c for k, c in enumerate(columns) if k == 0 or any(getattr(a, c[0]) for a in people)]
    marked = any(a.attendance != "present" for a in people)
    header = [_head(d.t(name)) for _, name in columns] + ([_head(d.t("attendance"))] if marked else [])
    rows, notes = [], []
    for a in people:
        said = d.t(_SAID[a.attendance])
        rows.append([_cell(getattr(a, field) or "", bold=k == 0) for k, (field, _) in enumerate(columns)]
                    + ([_cell(said)] if marked else []))
        notes.append(", ".join(x for x in (a.name, a.role, a.organisation) if x)
                     + (f" ({said})" if a.attendance != "present" else "") + ".")
    d.rows(to_runs(d.t("attendees")), None, header, rows, notes)


def _closing(d: Slides, brief: Brief) -> None:
    m = brief.meeting
    lines = [Para(to_runs(m.title), scale=0.9)]
    if who := _party_line(d, brief):
        lines.append(Para((Run(who, bold=True),), scale=0.8, space_before=0.6))
    d.cover("closing", to_runs(d.t("closing")), lines, [d.t("closing_note")])


# ---------------------------------------------------------------- chapters and blocks


def _chapter(d: Slides, chapter: Chapter, story: Story) -> None:
    """A chapter: a divider, its own prose and points, its blocks.

    The divider opens a chapter that holds subsections or highlights, or whose opening prose
    leads into its blocks. Every slide of the chapter but those of its subsections and
    highlights carries its numbered title.
    """
    h = story.heading(chapter)
    title = numbered(number(d, h), chapter.title)
    blocks = list(chapter.blocks)
    structured = any(isinstance(b, (SectionsBlock, HighlightsBlock)) for b in blocks)
    if structured or (blocks and chapter.text and not chapter.points):
        outline = [f"{c.number}. {to_plain(c.title)}" for c in h.children]
        d.section(title, chapter.text, [*(paragraphs(chapter.text) or [chapter.title]), *outline])
        own = chapter.model_copy(update={"text": None})
    else:
        own = chapter
    if own.points and blocks and isinstance(blocks[0], MembersBlock):
        _list_and_members(d, title, _topic_paras(own), _notes(own), blocks.pop(0))
    elif own.text or own.points or own.closing:
        _body(d, title, own, None)
    elif not blocks:
        d.section(title, None, [chapter.title])
    _blocks(d, blocks, title, to_plain(chapter.title), story)


def _blocks(d: Slides, blocks: list, title: tuple[Run, ...], context: str, story: Story) -> None:
    """Each block on its slides; a list followed by members shares one slide with them."""
    k = 0
    while k < len(blocks):
        block, after = blocks[k], blocks[k + 1] if k + 1 < len(blocks) else None
        if isinstance(block, ListBlock) and isinstance(after, MembersBlock):
            _list_and_members(d, title, _topic_paras(block), _notes(block), after)
            k += 2
            continue
        BUILDERS[kind_of(block)](d, block, title, context, story)
        k += 1


def _body(d: Slides, title: tuple[Run, ...], topic: Body, kick: str | None) -> None:
    d.content(title, ([kicker(kick)] if kick else []) + _topic_paras(topic), _notes(topic))


def _text(d: Slides, block: ProseBlock, title, context, story) -> None:
    _prose_slide(d, title, paragraphs(block.text))


def _points(d: Slides, block: ListBlock, title, context, story) -> None:
    _body(d, title, block, None)


def _sections(d: Slides, block: SectionsBlock, title, context, story) -> None:
    for section in block.sections:
        with status.statused(d, section.status):
            h = story.heading(section)
            own = numbered(h.number, section.title)
            inner = section.blocks
            if inner and isinstance(inner[0], MembersBlock) and section.points:
                _list_and_members(d, own, [kicker(context), *_topic_paras(section)], _notes(section), inner[0])
                inner = inner[1:]
            elif section.text or section.points or section.closing or not inner:
                _body(d, own, section, context)
            _blocks(d, inner, own, to_plain(section.title), story)


def _highlights(d: Slides, block: HighlightsBlock, title, context, story) -> None:
    """A slide per highlight, numbered as its card in the PDF (3.2), under its chapter's title as subsections are."""
    for highlight in block.highlights:
        _body(d, numbered(story.heading(highlight).number, highlight.title), highlight, context)


def _members(d: Slides, block: MembersBlock, title, context, story) -> None:
    d.table_slides(title, lead(block.lead) if block.lead else None, [Para(to_runs(party(d, p))) for p in block.members],
                   [*([block.lead] if block.lead else []), to_plain(_fact(d, block.members)) + "."])


def _list_and_members(d: Slides, title, left: list[Para], notes: list[str], members: MembersBlock) -> None:
    d.two(title, left, lead(members.lead) if members.lead else None,
          [Para(to_runs(party(d, p))) for p in members.members],
          [*notes, *([members.lead] if members.lead else []), to_plain(_fact(d, members.members)) + "."])


def _records(d: Slides, block: Records, title, context, story) -> None:
    """Agreements, programmes, risks, resolutions: a table, one column per field some record fills (a level's
    word after its dots; in the notes, the word alone)."""
    columns = block.columns()
    header = [_head(d.t(name)) for _, name in columns]
    language = d.brief.meeting.language
    cells = [block.cells(r, language, d.t) for r in block.records]
    rows = [[status.cell(d, value) or _cell(_joined(d, value, marked=True), bold=k == 0) for k, value in enumerate(values)]
            for values in cells]
    notes = [*([block.lead] if block.lead else []),
             *("; ".join(d.t.pair(d.t(name), _joined(d, value)) for (_, name), value in zip(columns, values) if value)
               for values in cells)]
    d.rows(title, lead(block.lead) if block.lead else None, header, rows, notes, aligns=block.aligns())


def _table(d: Slides, block: TableBlock, title, context, story, caption: bool = True) -> None:
    """A table of data: its caption as the lead-in (unless it is the title), a column of one value in the
    lead-in too, numbers aligned right, its source under it."""
    shown = block.shown(d.brief.meeting.language)
    header = [_head(h) for h in shown.headings]
    rows = [[status.cell(d, cell) or _cell(cell) for cell in row] for row in shown.rows]
    constants = [d.t.pair(h, value) for h, value in shown.constants]
    notes = [block.table, *constants, *("; ".join(d.t.pair(h, _joined(d, cell)) for h, cell in zip(shown.headings, row)
                                                  if cell) for row in shown.rows), *_figure_notes(d, block)]
    intro = [block.table] if caption else []
    d.rows(title, lead("  ·  ".join([*intro, *constants])) if intro or constants else None, header, rows, notes,
           aligns=shown.aligns, source=_source(d, block), total=block.total_row)


def _chart(d: Slides, block: ChartBlock, title, context, story, caption: bool = True) -> None:
    """A native chart, its data in an embedded workbook, under its caption (unless it is the title)."""
    from .charts import add_chart

    language = d.brief.meeting.language
    alt = block.alt_text(d.t, language)

    def draw(slide, box) -> None:
        add_chart(slide, block, box, d.theme.colors, d.theme.fonts.heading.deck_name, d.sz.deck_body_min * 0.9,
                  lambda text, size: sum(d.m.units(text, False, False)) * size * 1.06, alt, language,
                  rtl=d.writer.rtl)

    d.figure(title, lead(block.chart) if caption else None, _source(d, block),
             [block.chart, alt, *_figure_notes(d, block)], draw)


def _source(d: Slides, block) -> Para | None:
    if not block.source:
        return None
    before, after = d.t.around(d.t("source"))
    return Para(colored((Run(before), *to_runs(block.source), *([Run(after)] if after else [])), MSO_THEME_COLOR.TEXT_2),
                kind="prose")


def _figure_notes(d: Slides, block) -> list[str]:
    return [*([d.t.pair(d.t("source"), block.source)] if block.source else []),
            *paragraphs(getattr(block, "notes", None))]


def _quote(d: Slides, block: QuoteBlock, title, context, story) -> None:
    words = [Para(tuple(replace(r, italic=True) for r in to_runs(p)), space_before=0.5, kind="prose")
             for p in paragraphs(block.quote)]
    by = Para(colored((Run("— " + to_plain(block.by)),), MSO_THEME_COLOR.TEXT_2), scale=0.8,
              space_before=0.8, kind="prose") if block.by else None
    d.quote(title, words, by, [*paragraphs(block.quote), *([f"— {block.by}"] if block.by else [])])


def _event(d: Slides, block: EventBlock, title, context, story) -> None:
    when = block.printed_date(d.brief.meeting.language)
    kick = " · ".join([d.t("upcoming"), to_plain(block.event), *([to_plain(when)] if when else [])])
    _body(d, title, block, kick)


BUILDERS: dict[str, Callable] = {
    "text": _text, "points": _points, "sections": _sections, "highlights": _highlights, "members": _members,
    "agreements": _records, "programme": _records, "actions": _records, "decisions": _records,
    "risks": _records, "resolutions": _records, "quote": _quote, "event": _event,
    "table": _table, "chart": _chart, "document": outcomes.document, "picture": outcomes.picture,
}
"""One slide builder per block kind."""


# ---------------------------------------------------------------- paragraphs


def _topic_paras(topic) -> list[Para]:
    """A topic on a slide: its lead-in and points, or (without points) its prose."""
    if topic.points:
        return ([lead(topic.lead)] if topic.lead else []) + [bullet(p) for p in topic.points]
    texts = [*paragraphs(getattr(topic, "text", None)), *paragraphs(topic.closing)]
    return [prose(t) for t in texts or ([topic.lead] if topic.lead else [])]


def _notes(topic) -> list[str]:
    """A topic in the speaker notes: its prose, lead-in, points and closing."""
    out = [*paragraphs(getattr(topic, "text", None))]
    if topic.lead:
        out.append(topic.lead)
    out += [f"• {p}" for p in topic.points]
    out += paragraphs(topic.closing)
    return out


def _head(text: str) -> Para:
    return Para(to_runs(text), bold=True, scale=0.8)


def _cell(text: str, bold: bool = False) -> Para:
    """A table cell; an empty one holds no run (LibreOffice sets an empty run's row taller than measured)."""
    return Para(to_runs(text) if text else (), bold=bold)


def _joined(d: Slides, value, marked: bool = False) -> str:
    """A cell's value as one text: a list's items joined, a status as its words; a level's word after its dots
    when `marked` (a space between them: in a narrow column the word goes under its mark rather than break, as it
    would if a font the slide falls back to for the dots, which an Arabic face lacks, set them wider than measured)."""
    if isinstance(value, Mark):
        return status.words(d, value)
    if isinstance(value, Marked):
        return f"{value.mark} {value.text}" if marked else value.text
    return ", ".join(value) if isinstance(value, list) else (value or "")
