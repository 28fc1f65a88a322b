"""What changed between two versions of a brief, in the brief's own terms.

`compare(old, new)` walks two loaded `Brief` models, not two texts, and names what was added,
removed, retitled, changed and moved: the meeting's facts (date, place, parties…), the summary and key
messages, chapters, annexes, subsections and highlights by title, the points within them (a changed
point with a word-level diff), table cells ('Trade 2023: 530 → 541'), chart values, records
(agreements, programme, actions, decisions, risks, resolutions) by their first field, documents,
events, quotations, members, the glossary and the sources by id.

Matching survives a reorder and a retitle with small edits: items are paired first by equal titles,
then by similarity (`difflib.SequenceMatcher`'s ratio on the title and on the content, averaged, at
least `THRESHOLD`); a pair whose title differs is *retitled*, not removed and added. A matched item
whose place among its siblings changed (outside their longest run kept in order) is *moved*.

The results are typed (`Change`, `Word`, `Changes`) for renderers; `Changes.to_plain()` is a readable
summary and `Changes.to_dict()` the machine form. This module imports only the model below it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .blocks import (ActionsBlock, AgreementsBlock, DecisionsBlock, EventBlock, HighlightsBlock, ListBlock,
                     MembersBlock, ProgrammeBlock, ProseBlock, QuoteBlock, Records, ResolutionsBlock, RisksBlock,
                     SectionsBlock)
from .brief import Brief
from .figures import ChartBlock, TableBlock
from .localize import days
from .outcomes import DocumentBlock, PictureBlock

THRESHOLD = 0.6
"""The least similarity (0 to 1) at which two items with different titles are taken for one, retitled."""
TEXT_THRESHOLD = 0.5
"""The least similarity at which two points or paragraphs are taken for one, changed."""

KINDS = ("added", "removed", "retitled", "changed", "moved")
"""The kinds of change, in the order a summary lists them."""

RECORDS: dict[type, str] = {AgreementsBlock: "agreement", ProgrammeBlock: "session", ActionsBlock: "action",
                            DecisionsBlock: "decision", RisksBlock: "risk", ResolutionsBlock: "resolution"}
"""Each records block's kind, named by one record."""


@dataclass(frozen=True)
class Word:
    """One run of a word-level diff: kept ('='), deleted ('-') or inserted ('+')."""

    op: str
    text: str


@dataclass(frozen=True)
class Change:
    """One change, in the brief's terms."""

    kind: str
    """added, removed, retitled, changed or moved."""
    subject: str
    """What changed: 'meeting', 'chapter', 'annex', 'subsection', 'highlight', 'point', 'table cell',
    'chart value', 'agreement', 'source'…"""
    name: str
    """The item: its title or first field, a meeting fact's field, a cell's 'row column'."""
    where: tuple[str, ...] = ()
    """The titles of the chapter, subsection… it is in, outermost first."""
    old: str | None = None
    """Its old value (or old title, when retitled); None when added."""
    new: str | None = None
    """Its new value (or new title); None when removed."""
    words: tuple[Word, ...] = ()
    """A changed text, word by word."""
    field: str | None = None
    """The field of the item that changed ('date', 'owner'), when the change is one field's."""
    was: tuple[str, ...] = ()
    """Where a moved item was, when it moved to another chapter, subsection… (else empty)."""


@dataclass
class Changes:
    """Every change between two versions, in reading order."""

    changes: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def by_kind(self) -> dict[str, list[Change]]:
        """The changes grouped by kind, in `KINDS`' order; kinds with none left out."""
        groups = {kind: [c for c in self.changes if c.kind == kind] for kind in KINDS}
        return {kind: found for kind, found in groups.items() if found}

    def counts(self) -> dict[str, int]:
        return {kind: len(found) for kind, found in self.by_kind().items()}

    def to_plain(self) -> str:
        """A readable summary, grouped by kind; one line when nothing changed."""
        if not self.changes:
            return "No changes."
        out = []
        for kind, found in self.by_kind().items():
            out.append(f"{kind.capitalize()} ({len(found)}):")
            out += [f"  - {describe(c)}" for c in found]
        return "\n".join(out)

    def to_dict(self) -> dict[str, Any]:
        """The machine form: counts by kind, then every change with its word-level diff."""
        return {"counts": self.counts(), "changes": [
            {"kind": c.kind, "subject": c.subject, "name": c.name, "where": list(c.where), "field": c.field,
             "old": c.old, "new": c.new, "was": list(c.was), "words": [[w.op, w.text] for w in c.words]} for c in self.changes]}


@dataclass(frozen=True)
class Since:
    """What a brief shows of an earlier version of itself (`build --since REV`): which, of when, what changed."""

    revision: str
    """The revision as the person named it: 'HEAD', 'main', 'v1.2'."""
    commit: str
    """The commit it was."""
    date: dt.date
    """That commit's day: the section's heading says 'Changes since' it."""
    digest: str | None
    """The SHA-256 of the earlier version's text; None when that commit had no such brief."""
    changes: Changes
    """What changed since; none when the brief is new."""
    loads: bool = True
    """Whether that version loads: one that does not (a pull request may fix it) shows no changes, and says so."""

    @property
    def new(self) -> bool:
        """Whether the brief is new since the revision (it had no such file)."""
        return self.digest is None

    def heading(self, label: Callable[..., str], language: str) -> str:
        """'Changes since 30 November 2026', the day as `language` writes it."""
        return label("changes_since", date=days(self.date, self.date, language))

    def line(self, label: Callable[..., str], language: str) -> str:
        """The section's first line: how many changes; or that there are none, or that the brief is new."""
        day = days(self.date, self.date, language)
        if self.new:
            return label("changes_new", date=day)
        if not self.loads:
            return label("changes_unreadable", date=day)
        return label("change_count", n=len(self.changes)) if self.changes else label("changes_none", date=day)

    def shown(self, label: Callable[..., str], language: str) -> list[tuple[str, list[Shown]]]:
        """The changes as the brief shows them, grouped by kind: each group's word and its changes, every
        word of Dossier's from `label` (a brief's `Labels`), a day as `language` writes it."""
        return [(label(f"change_{kind}"), [_shown(c, label, language) for c in found])
                for kind, found in self.changes.by_kind().items()]


@dataclass(frozen=True)
class Shown:
    """One change, its words in the brief's language: 'Highlight “Energy” in 1 Highlights: old → new'."""

    change: Change
    """The change shown."""
    subject: str
    """What it is of, e.g. 'Highlight', 'Meeting'."""
    name: str
    """The item's own title or first field, as the brief writes it ('' for a point, a paragraph)."""
    field: str
    """The field that changed, e.g. 'date' ('' when the item itself changed)."""
    where: str
    """'in 1 Highlights › Energy', or ''."""
    was: str
    """For an item moved to another chapter: 'from 2 Outlook', else ''."""
    old: str | None
    new: str | None
    """The old and new values, a day ('2026-03-12') as the language writes it ('12 March 2026')."""
    words: tuple[Word, ...]
    """A changed text word by word, when it is long enough for that to help (more than two words)."""


def _shown(change: Change, label: Callable[..., str], language: str) -> Shown:
    def place(titles: tuple[str, ...], key: str) -> str:
        return label(key, where=" › ".join(titles)) if titles else ""

    def value(text: str | None) -> str | None:
        try:
            day = dt.date.fromisoformat(text or "")
        except ValueError:
            return text
        return days(day, day, language) if ISO_DAY.fullmatch(text or "") else text
    long = min(len((change.old or "").split()), len((change.new or "").split())) > 2
    return Shown(change, label(f"subject_{change.subject.replace(' ', '_')}"), change.name,
                 label(f"field_{change.field}") if change.field else "", place(change.where, "change_in"),
                 place(change.was, "change_from"), value(change.old), value(change.new),
                 change.words if long else ())


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
"""A value that is a day, as a brief writes it."""


def describe(change: Change, quote: Callable[[str], str] | None = None) -> str:
    """One change as a line: 'highlight “Energy” in 1 Highlights: …'. `quote` marks each user text
    (for Markdown, a code span); by default it is put in quotation marks."""
    q = quote or (lambda text: f"“{text}”")
    where = f" in {' › '.join(q(w) for w in change.where)}" if change.where else ""
    subject = change.subject + (f" {q(change.name)}" if change.name else "")
    if change.field:
        subject += f" {change.field}"
    if change.kind == "retitled":
        return f"{change.subject} {q(change.old or '')} → {q(change.new or '')}{where}"
    if change.kind == "changed":
        if change.words and quote is None and min(len((change.old or "").split()), len((change.new or "").split())) > 2:
            return f"{subject}{where}: {diff_text(change.words)}"
        return f"{subject}{where}: {q(change.old or '')} → {q(change.new or '')}"
    if change.kind == "moved" and change.was:
        text = f" {q(change.new)}" if change.new and change.new != change.name else ""
        return f"{subject}{text}{where}, from {' › '.join(q(w) for w in change.was)}"
    if change.kind == "moved" and change.new and change.new != change.name:
        return f"{subject}{where}: {q(change.new)}"
    if change.kind == "added" and change.new and change.new != change.name:
        return f"{subject}{where}: {q(change.new)}"
    if change.kind == "removed" and change.old and change.old != change.name:
        return f"{subject}{where}: {q(change.old)}"
    return f"{subject}{where}"


def diff_text(words: Iterable[Word]) -> str:
    """A word-level diff as text: deletions as [-…-], insertions as {+…+}."""
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return " ".join(marks[w.op].format(w.text) for w in words)


def word_diff(old: str, new: str) -> tuple[Word, ...]:
    """`old` → `new` word by word: runs of kept, deleted and inserted words."""
    a, b = old.split(), new.split()
    out: list[Word] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(Word("=", " ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(Word("-", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(Word("+", " ".join(b[j1:j2])))
    return tuple(out)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1 (`difflib.SequenceMatcher.ratio`)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# The items compared: a key (a title, a first field), the rest as text, and the object.

@dataclass
class _Item:
    key: str
    content: str
    value: Any
    shown: str = ""
    """What an added or removed item shows beside its key (a source's title)."""


def _score(a: _Item, b: _Item) -> float:
    title = similarity(a.key, b.key)
    if not a.content and not b.content:
        return title
    return (title + similarity(a.content, b.content)) / 2


def match(old: list[_Item], new: list[_Item], threshold: float = THRESHOLD
          ) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs (old index, new index) of the same items, then the old ones removed and the new ones added:
    equal keys first, in order; then the most similar pairs at or above `threshold`."""
    pairs: list[tuple[int, int]] = []
    free_old, free_new = list(range(len(old))), list(range(len(new)))
    for j in list(free_new):
        i = next((i for i in free_old if old[i].key == new[j].key), None)
        if i is not None:
            pairs.append((i, j))
            free_old.remove(i)
            free_new.remove(j)
    scored = sorted(((_score(old[i], new[j]), i, j) for i in free_old for j in free_new), key=lambda s: -s[0])
    for score, i, j in scored:
        if score >= threshold and i in free_old and j in free_new:
            pairs.append((i, j))
            free_old.remove(i)
            free_new.remove(j)
    return sorted(pairs, key=lambda p: p[1]), free_old, free_new


def _moved(pairs: list[tuple[int, int]]) -> set[int]:
    """The new indices of pairs out of the longest run of pairs kept in their old order."""
    olds = [i for i, _ in pairs]  # pairs are in new order
    if not olds:
        return set()
    best = [1] * len(olds)
    back = [-1] * len(olds)
    for k in range(len(olds)):
        for m in range(k):
            if olds[m] < olds[k] and best[m] + 1 > best[k]:
                best[k], back[k] = best[m] + 1, m
    k = max(range(len(olds)), key=best.__getitem__)
    kept = set()
    while k != -1:
        kept.add(k)
        k = back[k]
    return {pairs[k][1] for k in range(len(pairs)) if k not in kept}


def plain(value: Any) -> str:
    """Any value of the model as one line of text: a model's filled fields, a list's items, a number as
    written (530, not 530.0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, BaseModel):
        return ", ".join(filter(None, (plain(getattr(value, name)) for name in type(value).model_fields)))
    if isinstance(value, (list, tuple)):
        return "; ".join(filter(None, (plain(v) for v in value)))
    return " ".join(str(value).split())


@dataclass
class _Loose:
    """An item removed from one place or added to another: perhaps one item, moved."""

    change: Change
    item: _Item
    where: tuple[str, ...]
    inner: Callable[[Any, Any, tuple[str, ...]], None] | None
    text: bool


CROSS_TEXT_THRESHOLD = 0.9
"""The least similarity at which a point or paragraph removed in one place and added in another is
taken for one, moved (and perhaps edited)."""


class _Differ:
    def __init__(self) -> None:
        self.out: list[Change] = []
        self.removed: list[_Loose] = []
        self.added: list[_Loose] = []

    def add(self, kind: str, subject: str, name: str, where: tuple[str, ...], old: str | None = None,
            new: str | None = None, field: str | None = None, words: bool = False) -> None:
        self.out.append(Change(kind, subject, name, where, old, new,
                               word_diff(old or "", new or "") if words else (), field))

    # Lists of like items, matched.

    def items(self, subject: str, old: list[_Item], new: list[_Item], where: tuple[str, ...],
              inner: Callable[[Any, Any, tuple[str, ...]], None] | None = None, threshold: float = THRESHOLD,
              text: bool = False) -> None:
        """Match `old` and `new`; say what was added, removed, retitled, moved, and (`inner`) what changed
        inside each pair. With `text`, the items are texts: a changed one is one change with its words."""
        pairs, removed, added = match(old, new, threshold)
        moved = _moved(pairs)
        for i in removed:
            self.add("removed", subject, "" if text else old[i].key, where,
                     old=old[i].key if text else old[i].shown or None)
            self.removed.append(_Loose(self.out[-1], old[i], where, inner, text))
        for i, j in pairs:
            a, b = old[i], new[j]
            if a.key != b.key:
                if text:
                    self.add("changed", subject, "", where, a.key, b.key, words=True)
                else:
                    self.add("retitled", subject, b.key, where, a.key, b.key)
            if j in moved:
                self.add("moved", subject, "" if text else b.key, where, new=b.key if text else None)
            if inner:
                inner(a.value, b.value, where + (b.key,))
        for j in added:
            self.add("added", subject, "" if text else new[j].key, where,
                     new=new[j].key if text else new[j].shown or None)
            self.added.append(_Loose(self.out[-1], new[j], where, inner, text))

    def relink(self) -> None:
        """An item removed from one place and added to another of the same kind (a highlight moved to
        another chapter) becomes one move, with what changed in it, where it was added."""
        for subject in dict.fromkeys(loose.change.subject for loose in self.removed):
            gone = [x for x in self.removed if x.change.subject == subject]
            came = [x for x in self.added if x.change.subject == subject]
            threshold = CROSS_TEXT_THRESHOLD if gone[0].text else THRESHOLD
            pairs, _, _ = match([x.item for x in gone], [x.item for x in came], threshold)
            for i, j in pairs:
                a, b = gone[i], came[j]
                if a.where == b.where:
                    continue
                start = len(self.out)
                self.out.append(Change("moved", subject, "" if b.text else b.item.key, b.where,
                                       new=b.item.key if b.text else None, was=a.where))
                if a.item.key != b.item.key:
                    if b.text:
                        self.add("changed", subject, "", b.where, a.item.key, b.item.key, words=True)
                    else:
                        self.add("retitled", subject, b.item.key, b.where, a.item.key, b.item.key)
                if b.inner:
                    b.inner(a.item.value, b.item.value, b.where + (b.item.key,))
                spliced = self.out[start:]
                del self.out[start:]
                at = next(k for k, c in enumerate(self.out) if c is b.change)
                self.out[at:at + 1] = spliced
                self.out = [c for c in self.out if c is not a.change]

    def texts(self, subject: str, old: list[str], new: list[str], where: tuple[str, ...]) -> None:
        self.items(subject, [_Item(t, "", t) for t in old], [_Item(t, "", t) for t in new], where,
                   threshold=TEXT_THRESHOLD, text=True)

    def text(self, subject: str, name: str, old: str | None, new: str | None, where: tuple[str, ...],
             field: str | None = None) -> None:
        """One text field: added, removed, or changed word by word."""
        a, b = plain(old), plain(new)
        if a == b:
            return
        kind = "added" if not a else "removed" if not b else "changed"
        self.add(kind, subject, name, where, a or None, b or None, field, words=kind == "changed")

    def fields(self, subject: str, name: str, old: BaseModel, new: BaseModel, where: tuple[str, ...],
               skip: Iterable[str] = ()) -> None:
        """Each field of two models that differs, as a change of its own."""
        for f in type(new).model_fields:
            if f in skip:
                continue
            self.text(subject, name, getattr(old, f), getattr(new, f), where, field=f)

    # The brief.

    def brief(self, old: Brief, new: Brief) -> None:
        self.meeting(old, new)
        self.text("summary", "", old.summary, new.summary, ())
        self.texts("key message", old.key_messages, new.key_messages, ())
        self.text("status", "", old.status, new.status, ())
        self.items("chapter", [_chapter(c) for c in old.chapters], [_chapter(c) for c in new.chapters], (),
                   self.container)
        self.items("annex", [_chapter(c) for c in old.annexes], [_chapter(c) for c in new.annexes], (),
                   self.container)
        self.items("glossary term", [_Item(t.term, t.means, t) for t in old.glossary],
                   [_Item(t.term, t.means, t) for t in new.glossary], (),
                   lambda a, b, w: self.text("glossary term", b.term, a.means, b.means, w[:-1], "means"))
        self.items("source", [_Item(s.id, plain(s), s, s.title) for s in old.sources],
                   [_Item(s.id, plain(s), s, s.title) for s in new.sources], (),
                   lambda a, b, w: self.fields("source", b.id, a, b, w[:-1], skip=("id",)))

    def meeting(self, old: Brief, new: Brief) -> None:
        a, b = old.meeting, new.meeting
        for f in type(b).model_fields:
            self.text("meeting", "", getattr(a, f), getattr(b, f), (), field=f)

    def container(self, old: Any, new: Any, where: tuple[str, ...]) -> None:
        """A chapter, subsection or highlight: its own prose and points, status, then its blocks by kind."""
        self.text("text", "", getattr(old, "text", None), getattr(new, "text", None), where)
        self.text("lead", "", getattr(old, "lead", None), getattr(new, "lead", None), where)
        self.texts("point", _points(old), _points(new), where)
        self.text("closing", "", getattr(old, "closing", None), getattr(new, "closing", None), where)
        self.text("status", "", getattr(old, "status", None), getattr(new, "status", None), where)
        a, b = getattr(old, "blocks", []), getattr(new, "blocks", [])
        self.texts("paragraph", _of(a, ProseBlock, lambda x: [plain(x.text)]),
                   _of(b, ProseBlock, lambda x: [plain(x.text)]), where)
        self.items("subsection", _of(a, SectionsBlock, lambda x: [_chapter(s) for s in x.sections]),
                   _of(b, SectionsBlock, lambda x: [_chapter(s) for s in x.sections]), where, self.container)
        self.items("highlight", _of(a, HighlightsBlock, lambda x: [_chapter(h) for h in x.highlights]),
                   _of(b, HighlightsBlock, lambda x: [_chapter(h) for h in x.highlights]), where, self.container)
        self.texts("member", _of(a, MembersBlock, lambda x: [plain(m) for m in x.members]),
                   _of(b, MembersBlock, lambda x: [plain(m) for m in x.members]), where)
        self.texts("quote", _of(a, QuoteBlock, lambda x: [plain(x)]), _of(b, QuoteBlock, lambda x: [plain(x)]),
                   where)
        for kind, subject in RECORDS.items():
            self.items(subject, _of(a, kind, _records), _of(b, kind, _records), where,
                       lambda x, y, w, s=subject: self.fields(s, w[-1], x, y, w[:-1], skip=(_key(y),)))
        self.items("event", _of(a, EventBlock, lambda x: [_Item(x.event, plain(x), x)]),
                   _of(b, EventBlock, lambda x: [_Item(x.event, plain(x), x)]), where,
                   lambda x, y, w: self.event(x, y, w))
        self.items("document", _of(a, DocumentBlock, lambda x: [_Item(x.document, plain(x), x)]),
                   _of(b, DocumentBlock, lambda x: [_Item(x.document, plain(x), x)]), where,
                   lambda x, y, w: self.fields("document", w[-1], x, y, w[:-1], skip=("document",)))
        self.items("picture", _of(a, PictureBlock, lambda x: [_Item(x.alt, plain(x), x)]),
                   _of(b, PictureBlock, lambda x: [_Item(x.alt, plain(x), x)]), where,
                   lambda x, y, w: self.fields("picture", w[-1], x, y, w[:-1], skip=("alt",)))
        self.items("table", _of(a, TableBlock, lambda x: [_Item(x.table, plain(x.rows), x)]),
                   _of(b, TableBlock, lambda x: [_Item(x.table, plain(x.rows), x)]), where, self.table)
        self.items("chart", _of(a, ChartBlock, lambda x: [_Item(x.chart, plain(x.series), x)]),
                   _of(b, ChartBlock, lambda x: [_Item(x.chart, plain(x.series), x)]), where, self.chart)

    def event(self, old: EventBlock, new: EventBlock, where: tuple[str, ...]) -> None:
        self.text("event", where[-1], old.date, new.date, where[:-1], "date")
        self.container(old, new, where)

    def table(self, old: TableBlock, new: TableBlock, where: tuple[str, ...]) -> None:
        """Columns by heading, rows by their first cell, and each cell of a row and column in both."""
        heads_a, heads_b = [c.heading for c in old.columns], [c.heading for c in new.columns]
        self.texts("table column", heads_a, heads_b, where)
        rows_a = {plain(r[0]) if r else "": r for r in old.rows}
        rows_b = {plain(r[0]) if r else "": r for r in new.rows}
        self.items("table row", [_Item(k, plain(r), r) for k, r in rows_a.items()],
                   [_Item(k, plain(r), r) for k, r in rows_b.items()], where, threshold=1.0)
        for key, row in rows_b.items():
            if key not in rows_a:
                continue
            before = dict(zip(heads_a, rows_a[key]))
            for heading, cell in list(zip(heads_b, row))[1:]:
                if heading in before and plain(before[heading]) != plain(cell):
                    self.add("changed", "table cell", f"{key} {heading}", where, plain(before[heading]) or None,
                             plain(cell) or None)
        for f in ("source", "notes", "total"):
            self.text("table", where[-1], getattr(old, f), getattr(new, f), where[:-1], f)

    def chart(self, old: ChartBlock, new: ChartBlock, where: tuple[str, ...]) -> None:
        """Categories and series by name, and each value of a series and category in both."""
        self.texts("chart category", old.categories, new.categories, where)
        self.texts("chart series", [s.name for s in old.series], [s.name for s in new.series], where)
        before = {(s.name, c): v for s in old.series for c, v in zip(old.categories, s.values)}
        for s in new.series:
            for c, v in zip(new.categories, s.values):
                if (s.name, c) in before and plain(before[s.name, c]) != plain(v):
                    self.add("changed", "chart value", f"{s.name} {c}", where, plain(before[s.name, c]), plain(v))
        for f in ("kind", "unit", "format", "source", "alt"):
            self.text("chart", where[-1], getattr(old, f), getattr(new, f), where[:-1], f)


def _chapter(item: Any) -> _Item:
    """A chapter, subsection or highlight: its title, and the rest of it as text."""
    return _Item(item.title, plain(item.model_copy(update={"title": ""})), item)


def _points(item: Any) -> list[str]:
    """The points of a container: its own, then those of its lists."""
    own = [plain(p) for p in getattr(item, "points", [])]
    return own + _of(getattr(item, "blocks", []), ListBlock, lambda x: [plain(p) for p in x.points])


def _of(blocks: list, kind: type, items: Callable[[Any], list]) -> list:
    """The items of every block of `kind`, in order."""
    return [item for block in blocks if type(block) is kind for item in items(block)]


def _key(record: BaseModel) -> str:
    """The field a record is known by: its first (a session's `what`, its `when` being no name)."""
    return "what" if "what" in type(record).model_fields else next(iter(type(record).model_fields))


def _records(block: Records) -> list[_Item]:
    """A records block's records, each keyed by its first field (an agreement's title, an action's what)."""
    items = getattr(block, next(k for k in RECORDS_KEYS if hasattr(block, k)))
    return [_Item(plain(getattr(r, _key(r))), plain(r), r) for r in items]


RECORDS_KEYS = ("agreements", "programme", "actions", "decisions", "risks", "resolutions")


def compare(old: Brief, new: Brief) -> Changes:
    """What changed from `old` to `new`, in reading order: the meeting, the summary, the chapters and
    annexes (each with what is in it), the glossary, the sources."""
    differ = _Differ()
    differ.brief(old, new)
    differ.relink()
    return Changes(differ.out)

