"""The compact deck (theme `deck.density: compact`): the bottom line first, titles that make the point,
and slide kinds chosen by content.

A slide's title is its block's `message:`, else its content's own title (a chart's or table's
caption, a subsection's), else its chapter's, else its list's lead-in; no title is used twice
(the chapter's '(cont.)' when all are taken). A slide not titled by its chapter carries the
chapter's number and name as a kicker above its title. Highlights become cards in a grid, short
subsections stand side by side, a programme or dated events of a few items a timeline; a chapter
gets a divider only when it has more than two slides. Every fact stays on a slide or in its notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..model.markup import Run, to_plain, to_runs
from ..model import (Brief, ChartBlock, DocumentBlock, EventBlock, HighlightsBlock, ListBlock, MembersBlock, PictureBlock,
                     ProgrammeBlock, ProseBlock, QuoteBlock, Records, SectionsBlock, Story, TableBlock, paragraphs)
from ..model.glance import glance
from . import changes, kinds, outcomes, status
from .fit import Para, fit
from .sources import sources_slide
from .slides import BULLET_INDENT, Slides, bullet, lead, numbered, prose
from . import story as full

Unit = Callable[[list[str]], None]
"""Something that adds one or more slides, given notes to put first (a chapter's introduction)."""


class Titles:
    """The deck's slide titles, each used once."""

    def __init__(self, d: Slides):
        self.d, self.used = d, set()

    def take(self, *candidates: tuple[Run, ...] | None, fallback: tuple[Run, ...]) -> tuple[Run, ...]:
        """The first candidate not yet used, else `fallback`'s '(cont.)'."""
        for runs in candidates:
            if runs and (key := _key(runs)) not in self.used:
                self.used.add(key)
                return runs
        return self.d.cont(fallback)


def _key(runs: tuple[Run, ...]) -> str:
    return " ".join(to_plain("".join(r.text for r in runs)).split()).casefold()


@dataclass(frozen=True)
class Place:
    """Where blocks stand: their chapter's title and kicker, and the title they fall back on."""

    chapter: tuple[Run, ...]
    kicker: str
    home: tuple[Run, ...]
    """The chapter's title, or a subsection's for the blocks inside it."""


AGENDA_FEWEST = 3
"""The fewest chapters worth an agenda slide (two are read from the next slides' titles)."""


def build(d: Slides, brief: Brief) -> None:
    story = Story(brief)
    titles = Titles(d)
    full._title_slide(d, brief)
    _bottom_line(d, brief, story)
    changes.slides(d, brief)  # with --since: what changed since, right after the bottom line
    if brief.meeting.many_parties and not _listed_as_members(brief):
        full._parties(d, brief)
    if figures := glance(brief):
        kinds.glance(d, to_runs(d.t("at_a_glance")),
                     [(to_plain(f.value), d.t(f.caption) if f.label else to_plain(f.caption)) for f in figures],
                     [d.t.pair(to_plain(f.value), d.t(f.caption) if f.label else to_plain(f.caption)) for f in figures])
    if len(story.chapters) + len(story.annexes) >= AGENDA_FEWEST:
        full._agenda(d, brief, story)
    for chapter in brief.chapters:
        with status.statused(d, chapter.status):
            _chapter(d, chapter, story, titles)
    if brief.annexes:
        name = to_runs(d.t("annexes"))
        full.annexes_divider(d, story, titles.take(name, fallback=name))
        for annex in brief.annexes:
            with status.statused(d, annex.status):
                _chapter(d, annex, story, titles)
    if brief.meeting.delegations:
        full._delegations(d, brief)
    if brief.meeting.attendees:
        full._attendees(d, brief)
    if brief.glossary:
        full._glossary(d, brief)
    if brief.sources:
        sources_slide(d, brief)
    full._closing(d, brief)


def _listed_as_members(brief: Brief) -> bool:
    """Whether a members block of the brief names every party: then the parties need no slide of their own."""
    parties = {to_plain(p) for p in brief.meeting.party_names}
    return any(isinstance(block, MembersBlock) and parties <= {to_plain(m) for m in block.names}
               for block in brief.blocks())


def _bottom_line(d: Slides, brief: Brief, story: Story) -> None:
    """Slide 2: the key messages, numbered, in larger type; or the summary and the highlights' titles."""
    summary = paragraphs(brief.summary)
    alone = False  # the summary alone, a statement: in the middle of the slide, not in its top third
    if brief.key_messages:
        scale = d.sz.key_message / d.sz.deck_body
        paras = [Para(to_runs(m), indent=BULLET_INDENT * 1.2, scale=scale, space_before=0.7, kind="number", number=k)
                 for k, m in enumerate(brief.key_messages, 1)]
        notes = [f"{k}. {m}" for k, m in enumerate(brief.key_messages, 1)] + summary
    else:
        found = story.highlights
        listed = [lead(d.t("highlight_count", n=len(found))), *(bullet(h.title) for h in found)] if found else []
        paras = [prose(summary[0]), *listed] if summary else listed
        if summary and listed and not _one_slide(d, paras):
            paras = listed  # the summary is in the notes
        elif summary and not listed:  # the summary alone is the bottom line: at the key messages' size
            large = [replace(prose(text), scale=d.sz.key_message / d.sz.deck_body) for text in summary]
            alone = _one_slide(d, large)
            paras = large if alone else [prose(text) for text in summary]
        notes = summary + ([d.t("highlight_count", n=len(found))] + [f"{h.number}. {h.title}" for h in found]
                           if found else [])
    if paras:
        with status.statused(d, brief.status):
            d.content(to_runs(d.t("bottom_line")), paras, notes, middle=alone)


def _one_slide(d: Slides, paras: list[Para]) -> bool:
    """Whether `paras` fit one content slide at the body's floor size or above."""
    body = kinds.layout_bodies(d, "content")
    return bool(body) and fit(paras, d.m, body[0].inner(), d.sz.deck_body, d.sz.deck_body_min) is not None


# ---------------------------------------------------------------- chapters


def _chapter(d: Slides, chapter, story: Story, titles: Titles) -> None:
    """A chapter's slides, after a divider when there are more than two of them."""
    h = story.heading(chapter)
    number = full.number(d, h)
    name = numbered(number, chapter.title)
    place = Place(name, f"{number}  {to_plain(chapter.title)}", name)
    blocks = list(chapter.blocks)
    units: list[Unit] = []
    intro = paragraphs(chapter.text)
    if chapter.points or chapter.closing or (chapter.text and not blocks):
        intro = []
        if chapter.points and blocks and isinstance(blocks[0], MembersBlock):
            units.append(_two(d, titles, place, chapter, blocks.pop(0)))
        else:
            units.append(_topic(d, titles, place, chapter))
    units += _units(d, blocks, story, titles, place)
    if len(units) > 2 or not units:
        outline = [f"{c.number}. {to_plain(c.title)}" for c in h.children]
        d.section(titles.take(name, fallback=name), chapter.text if intro else None,
                  [*(intro or [chapter.title]), *outline])
        intro = []
    for k, unit in enumerate(units):
        unit(intro if k == 0 else [])


def _units(d: Slides, blocks: list, story: Story, titles: Titles, place: Place) -> list[Unit]:
    """The slides of a run of blocks, in order."""
    units: list[Unit] = []
    k = 0
    while k < len(blocks):
        block, after = blocks[k], blocks[k + 1] if k + 1 < len(blocks) else None
        k += 1
        if isinstance(block, ListBlock) and isinstance(after, MembersBlock):
            units.append(_two(d, titles, place, block, after))
            k += 1
        elif isinstance(block, EventBlock):
            run = [block]
            while k < len(blocks) and isinstance(blocks[k], EventBlock):
                run.append(blocks[k])
                k += 1
            units += _events(d, titles, place, run)
        elif isinstance(block, SectionsBlock):
            units += _sections(d, block, story, titles, place)
        elif isinstance(block, HighlightsBlock):
            units.append(_highlights(d, block, story, titles, place))
        elif isinstance(block, ListBlock):
            units.append(_topic(d, titles, place, block))
        elif isinstance(block, ProseBlock) and not block.message and units:
            units[-1] = _then_notes(d, units[-1], paragraphs(block.text))
        else:
            units.append(_single(d, block, titles, place))
    return units


def _then_notes(d: Slides, unit: Unit, texts: list[str]) -> Unit:
    """`unit`, with prose that follows it at the end of its last slide's notes (prose goes in the notes)."""
    def then(extra: list[str]) -> None:
        unit(extra)
        for text in texts:
            d.note(d.prs.slides[len(d.prs.slides) - 1], text, first=False)
    return then


def _show(d: Slides, place: Place, title: tuple[Run, ...]):
    """The kicker for a slide titled `title`: the chapter's, unless the title is the chapter's own."""
    mine = _key(title) in (_key(place.chapter), _key(d.cont(place.chapter)))
    return d.kicked(None if mine else place.kicker)


def _lead_title(text: str | None) -> tuple[Run, ...] | None:
    """A lead-in as a title: without its closing colon."""
    return to_runs(re.sub(r"[\s:：]+$", "", text)) if text else None


def _topic(d: Slides, titles: Titles, place: Place, topic, heading: tuple[Run, ...] | None = None) -> Unit:
    """A topic's points (or prose) on its slides: a chapter's own, a subsection's, a list block."""
    def unit(extra: list[str]) -> None:
        title = titles.take(heading, getattr(topic, "message", None) and to_runs(topic.message),
                            place.home, _lead_title(topic.lead), fallback=place.home)
        paras = full._topic_paras(topic)
        if topic.points and topic.lead and _key(title) == _key(_lead_title(topic.lead)):
            paras = paras[1:]  # the lead-in is the title
        with _show(d, place, title):
            d.content(title, paras, [*extra, *full._notes(topic)])
    return unit


def _two(d: Slides, titles: Titles, place: Place, topic, members: MembersBlock) -> Unit:
    """A list and the members after it, on one slide."""
    def unit(extra: list[str]) -> None:
        title = titles.take(getattr(topic, "message", None) and to_runs(topic.message), place.home,
                            _lead_title(topic.lead), fallback=place.home)
        with _show(d, place, title):
            full._list_and_members(d, title, full._topic_paras(topic), [*extra, *full._notes(topic)], members)
    return unit


def _single(d: Slides, block, titles: Titles, place: Place) -> Unit:
    """A block on its slides, titled by its message, its own caption, its chapter, or its lead-in."""
    def unit(extra: list[str]) -> None:
        message = block.message and to_runs(block.message)
        caption = getattr(block, "table", None) or getattr(block, "chart", None) or getattr(block, "document", None) \
            or getattr(block, "caption", None)
        own = to_runs(caption) if caption else None
        named = to_runs(d.t(block.TITLE)) if isinstance(block, Records) and block.TITLE else None
        title = titles.take(message, own, place.home, _lead_title(getattr(block, "lead", None)), named,
                            fallback=place.home)
        with _show(d, place, title):
            if isinstance(block, MembersBlock):
                shown = block if _key(title) != _key(_lead_title(block.lead) or ()) else block.model_copy(
                    update={"lead": None})
                return _with_notes(d, extra, lambda: full._members(d, shown, title, None, None), block.lead)
            if isinstance(block, Records):
                return _records(d, block, title, extra)
            if isinstance(block, (TableBlock, ChartBlock)):
                return _figure(d, block, title, caption, extra)
            builder = {ProseBlock: full._text, QuoteBlock: full._quote, DocumentBlock: outcomes.document,
                       PictureBlock: outcomes.picture}[type(block)]
            _with_notes(d, extra, lambda: builder(d, block, title, None, None))
    return unit


def _with_notes(d: Slides, extra: list[str], build: Callable[[], None], *more: str | None) -> None:
    """Build slides, then put `extra` at the top of the first one's notes."""
    first = len(d.prs.slides)
    build()
    slide = d.prs.slides[first]
    for text in reversed([*extra, *(m for m in more if m)]):
        d.note(slide, text)


def _records(d: Slides, block: Records, title, extra: list[str]) -> None:
    """A programme of a few dated sessions as a timeline; else (and agreements) a table."""
    language = d.brief.meeting.language
    if isinstance(block, ProgrammeBlock) and all(s.when for s in block.programme):
        items = [(_when(block.cells(s, language, d.t)[0]),
                  [Para(to_runs(s.what), bold=True), *[prose(x) for x in (s.chair, s.note) if x]])
                 for s in block.programme]
        shown = lead(block.lead) if block.lead and _key(title) != _key(_lead_title(block.lead)) else None
        if kinds.timeline_fits(d, items, shown):
            notes = [*extra, *([block.lead] if block.lead else []),
                     *("; ".join(x for x in (block.cells(s, language, d.t)[0], s.what, s.chair, s.note) if x)
                       for s in block.programme)]
            kinds.timeline(d, title, items, notes, shown)
            return
    shown = block.model_copy(update={"lead": None}) if block.lead and _key(title) == _key(
        _lead_title(block.lead)) else block
    _with_notes(d, extra, lambda: full._records(d, shown, title, None, None), block.lead)


def _figure(d: Slides, block, title, caption: str, extra: list[str]) -> None:
    """A table or chart; its caption is the title, or (under a message) the line above it."""
    builder = full._table if isinstance(block, TableBlock) else full._chart
    shown = _key(title) != _key(to_runs(caption))
    _with_notes(d, extra, lambda: builder(d, block, title, None, None, caption=shown))


def _when(text: str | None) -> Para:
    return Para(to_runs(text or ""), bold=True)


def _events(d: Slides, titles: Titles, place: Place, events: list[EventBlock]) -> list[Unit]:
    """Dated events on a timeline when there are several; else each on its slide."""
    language = d.brief.meeting.language
    items = [(_when(e.printed_date(language)),
              [Para(to_runs(e.event), bold=True), *[bullet(p) for p in e.points]]) for e in events]
    if len(events) < 2 or not all(e.date for e in events) or not kinds.timeline_fits(d, items):
        return [_event(d, titles, place, e) for e in events]

    def unit(extra: list[str]) -> None:
        title = titles.take(events[0].message and to_runs(events[0].message), place.home,
                            to_runs(d.t("upcoming")), fallback=place.home)
        notes = [*extra]
        for e in events:
            notes += [" · ".join(x for x in (e.event, e.printed_date(language)) if x), *full._notes(e)]
        with _show(d, place, title):
            kinds.timeline(d, title, items, notes)
    return [unit]


def _event(d: Slides, titles: Titles, place: Place, event: EventBlock) -> Unit:
    def unit(extra: list[str]) -> None:
        title = titles.take(event.message and to_runs(event.message), place.home, to_runs(event.event),
                            fallback=place.home)
        with _show(d, place, title):
            _with_notes(d, extra, lambda: full._event(d, event, title, None, None))
    return unit


def _highlights(d: Slides, block: HighlightsBlock, story: Story, titles: Titles, place: Place) -> Unit:
    """Highlights as cards in a grid, continued when there are more; a slide each when no grid holds them."""
    numbers = [story.heading(h).number for h in block.highlights]
    cards = [kinds.Card(numbered(n, h.title), tuple(_card_lines(h))) for n, h in zip(numbers, block.highlights)]
    grid = kinds.grid_plan(d, cards)

    def unit(extra: list[str]) -> None:
        if grid is None:
            for k, (n, h) in enumerate(zip(numbers, block.highlights)):  # each slide with its own detail
                _topic(d, titles, place, h, heading=numbered(n, h.title))(extra if k == 0 else [])
            return
        title = titles.take(block.message and to_runs(block.message), place.home, fallback=place.home)
        details = [[f"{n}. {h.title}", *full._notes(h)] for n, h in zip(numbers, block.highlights)]
        with _show(d, place, title):
            kinds.cards(d, title, cards, grid, extra, details)
    return unit


def _card_lines(highlight) -> list[Para]:
    """A card's points, or else a line: its lead-in or the first sentence of its prose."""
    if highlight.points:
        return [bullet(p) for p in highlight.points]
    line = highlight.lead or next(iter(_sentences(highlight.text or highlight.closing or "")), None)
    return [prose(line)] if line else []


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?۔؟])\s+", " ".join(text.split())) if s]


def _sections(d: Slides, block: SectionsBlock, story: Story, titles: Titles, place: Place) -> list[Unit]:
    """Subsections: short ones side by side, two or three to a slide; one with blocks of its own on its
    slides, then its blocks."""
    units: list[Unit] = []
    short: list[tuple] = []  # consecutive subsections without blocks: (section, heading, column)

    def flush() -> None:
        for group in _groups(d, short):
            section, heading, _ = group[0]
            units.append(_side_by_side(d, titles, place, block, group) if len(group) > 1 else
                         _statused(d, section.status, _topic(d, titles, place, section, heading=heading)))
        short.clear()

    for section in block.sections:
        heading = numbered(story.heading(section).number, section.title)
        if not section.blocks:
            said = [status.line(d, section.status)] if section.status else []
            short.append((section, heading, [Para(heading, bold=True), *said, *full._topic_paras(section)]))
            continue
        flush()
        inner = Place(place.chapter, place.kicker, heading)
        own: list[Unit] = []
        if isinstance(section.blocks[0], MembersBlock) and section.points:
            own.append(_two_section(d, titles, inner, section, heading))
            own += _units(d, section.blocks[1:], story, titles, inner)
        else:
            if section.text or section.points or section.closing:
                own.append(_topic(d, titles, place, section, heading=heading))
            own += _units(d, section.blocks, story, titles, inner)
        units += [_statused(d, section.status, unit) for unit in own]
    flush()
    return units


def _statused(d: Slides, word: str | None, unit: Unit) -> Unit:
    """`unit`, its slides badged with a subsection's status."""
    def run(extra: list[str]) -> None:
        with status.statused(d, word):
            unit(extra)
    return run


def _groups(d: Slides, short: list[tuple]) -> list[list[tuple]]:
    """Short subsections in slides of two or three columns, balanced (4 → 2 + 2, 5 → 3 + 2), each group
    only if its columns fit at one size; what does not fit goes in smaller groups."""
    def fits(group: list[tuple]) -> bool:
        return kinds.common_size(d, [c for _, _, c in group], kinds.column_rects(d, None, None, len(group))) is not None

    out: list[list[tuple]] = []
    rest = list(short)
    while rest:
        size = min(3, len(rest)) if len(rest) != 4 else 2
        while size > 1 and not fits(rest[:size]):
            size -= 1
        out.append(rest[:size])
        rest = rest[size:]
    return out


def _two_section(d: Slides, titles: Titles, place: Place, section, heading) -> Unit:
    def unit(extra: list[str]) -> None:
        title = titles.take(heading, fallback=heading)
        with _show(d, place, title):
            full._list_and_members(d, title, full._topic_paras(section), [*extra, *full._notes(section)],
                                   section.blocks[0])
    return unit


def _side_by_side(d: Slides, titles: Titles, place: Place, block: SectionsBlock, group: list[tuple]) -> Unit:
    """Short subsections side by side under their chapter's title (or the block's message)."""
    def unit(extra: list[str]) -> None:
        title = titles.take(block.message and to_runs(block.message), place.home, fallback=place.home)
        notes = [*extra]
        for section, heading, _ in group:
            notes += [to_plain("".join(r.text for r in heading)), *full._notes(section)]
        with _show(d, place, title):
            kinds.columns(d, title, [column for _, _, column in group], notes)
    return unit
