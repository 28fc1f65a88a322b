"""The blocks a chapter is made of, in the order the author writes them.

Each block is one list item, named by its main key: `- text:` prose, `- points:` a
list, `- sections:` numbered subsections, `- highlights:` numbered cards,
`- members:` a grid of names, `- agreements:` documents signed, `- quote:` a
quotation, `- event:` an upcoming event, `- programme:` sessions, `- actions:`
follow-up with owners and due days, `- decisions:` decisions taken, `- risks:` a
risk register, `- resolutions:` motions put to a vote, `- table:` a table of
data, `- chart:` a chart (the last two in `figures.py`), `- document:` an
outcome document, `- picture:` a picture (the last two in `outcomes.py`). A block may
carry a few more keys beside its main one (a list's `lead:` and `closing:`, a
quotation's `by:`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal, Union, get_args

from pydantic import BaseModel, BeforeValidator, Discriminator, Field, PrivateAttr, Tag

from .figures import ChartBlock, TableBlock
from .localize import Pattern, number
from .meeting import DateText, Day, PartyItem, names, printed_date
from .outcomes import DocumentBlock, PictureBlock
from .status import Status, mark, overdue
from .text import Messaged, Prose, Strict, Text, Title


class Body(Strict):
    """Prose, then a list with its lead-in, then closing prose: the common shape of a topic."""

    text: Prose | None = None
    """Prose before the points; paragraphs separated by a blank line."""
    lead: Text | None = None
    """The line that introduces the points, e.g. 'Both sides agreed to:'."""
    points: list[Text] = []
    """The bullet points."""
    closing: Prose | None = None
    """Prose after the points."""


class Titled(Strict):
    """Something with a heading."""

    title: Title
    """The heading."""


class Highlight(Body, Titled):
    """One highlight of the meeting: a numbered card."""


class ProseBlock(Messaged):
    """Paragraphs of prose."""

    text: Prose
    """One or more paragraphs separated by a blank line."""


class ListBlock(Messaged):
    """A list of points with its lead-in and closing prose."""

    lead: Text | None = None
    """The line that introduces the points."""
    points: list[Text] = Field(min_length=1)
    """The bullet points."""
    closing: Prose | None = None
    """Prose after the points."""


class HighlightsBlock(Messaged):
    """The meeting's highlights, as numbered cards (one slide each)."""

    highlights: list[Highlight] = Field(min_length=1)
    """The highlights, in order."""


class MembersBlock(Messaged):
    """Members or participants, printed as a grid."""

    members: list[PartyItem] = Field(min_length=1)
    """The members, in the order to print them, each a name or {party: China, by: Premier Li Qiang}."""
    lead: Text | None = None
    """The line that introduces them, e.g. 'Current full members include:'."""

    @property
    def names(self) -> list[str]:
        """The members' names, without who represented them."""
        return names(self.members)


class Agreement(Strict):
    """A document signed or adopted."""

    title: Text
    """Its title, e.g. 'Memorandum of Understanding on Energy Cooperation'."""
    signatories: list[Text] = []
    """Who signed it."""
    date: DateText | None = None
    """When it was signed: a day ('2025-07-04') or a range, printed as the brief's language writes dates;
    any other text as written."""
    note: Text | None = None
    """A short note: what it does, its status."""


class Marked(Strict):
    """A cell's word after a mark that says the same in shapes ('●●○', then 'medium'): never colour alone."""

    mark: str
    """The mark, e.g. '●●○'."""
    text: str
    """The word, in the brief's language."""


Cell = str | list[str] | Marked | None
"""A printed cell: text, a list of texts (one a line), a marked word, or nothing."""

LEVEL_MARKS = {"low": "●○○", "medium": "●●○", "high": "●●●"}
"""The mark before each level's word: as many filled dots as the level is high."""


class Records(Messaged):
    """A block printed as a table: one row per record, one column per field some record fills."""

    COLUMNS: ClassVar[tuple[tuple[str, str], ...]]
    """(field, label) of each possible column, in order; the first is always shown."""
    DATES: ClassVar[tuple[str, ...]] = ()
    """The fields that hold a date, printed as the brief's language writes dates."""
    COUNTS: ClassVar[tuple[str, ...]] = ()
    """The fields that hold a whole number, printed in the language's numerals and aligned right."""
    LEVELS: ClassVar[tuple[str, ...]] = ()
    """The fields that hold a level (low, medium, high), printed as the catalogue's word after its mark."""
    WORDS: ClassVar[dict[str, str]] = {}
    """Fields that hold one of a few words, printed from the catalogue: field → the label keys' prefix."""
    STATUS: ClassVar[tuple[str, ...]] = ()
    """The fields that hold a status, printed as its mark (`status.Mark`)."""
    TITLE: ClassVar[str | None] = None
    """The label that names the block, for a slide with no title of its own (e.g. 'Agreements signed')."""

    @property
    def records(self) -> list[BaseModel]:
        """The records: the list under the block's main key (`agreements:`, `programme:`)."""
        return getattr(self, kind_of(self))

    def columns(self) -> list[tuple[str, str]]:
        """The (field, label) of the columns to print: the first, and those some record fills (a 0 fills one)."""
        return [c for k, c in enumerate(self.COLUMNS)
                if k == 0 or any(self._value(r, c[0]) not in (None, "", []) for r in self.records)]

    def aligns(self) -> list[str]:
        """Each column's alignment: right for counts, left (the start) for the rest."""
        return ["right" if field in self.COUNTS else "left" for field, _ in self.columns()]

    def cells(self, record: BaseModel, language: str, label: Callable[[str], str]) -> list[Cell]:
        """A record's values for the columns, in order, as printed in `language` (`label` gives a key's word)."""
        return [self.cell(field, self._value(record, field), language, label) for field, _ in self.columns()]

    def cell(self, field: str, value: Any, language: str, label: Callable[[str], str]) -> Cell:
        """One value as printed: a date as the language writes it, a count in its numerals, a level or
        a word from the catalogue, a status as its mark; text as written."""
        if value is None:
            return None
        if field in self.DATES:
            return printed_date(value, language)
        if field in self.COUNTS:
            return number(value, Pattern(grouped=True), language)
        if field in self.LEVELS:
            return Marked(mark=LEVEL_MARKS[value], text=label(f"level_{value}"))
        if field in self.WORDS:
            return label(f"{self.WORDS[field]}_{value}")
        return value

    def _value(self, record: BaseModel, field: str) -> Any:
        """A record's value for a column: a status as its mark."""
        value = getattr(record, field)
        return mark(value) if field in self.STATUS and value else value


class AgreementsBlock(Records):
    """Agreements and documents signed, as a table."""

    COLUMNS = (("title", "document"), ("signatories", "signatories"), ("date", "date"), ("note", "note"))
    DATES = ("date",)
    TITLE = "agreements_signed"

    agreements: list[Agreement] = Field(min_length=1)
    """The documents, in order."""
    lead: Text | None = None
    """The line that introduces them."""


class QuoteBlock(Messaged):
    """A quotation or statement."""

    quote: Prose
    """The words quoted."""
    by: Text | None = None
    """Who said or issued it, e.g. 'Joint declaration, paragraph 4'."""


class EventBlock(Body, Messaged):
    """An upcoming event and what is expected of it (its points)."""

    event: Title
    """The event, e.g. 'SCO Summit 2025'."""
    date: DateText | None = None
    """When it takes place: a day ('2025-09-01') or a range ('2025-08-31/2025-09-01'), printed as the
    brief's language writes dates; any other text as written ('Autumn 2025')."""

    def printed_date(self, language: str) -> str | None:
        """The date as `language` writes it."""
        return printed_date(self.date, language)


class Session(Strict):
    """One item of a programme."""

    when: DateText | None = None
    """When, e.g. '09:30' or 'Day 1, morning' as written; a day ('2025-07-04') is printed as the brief's
    language writes dates."""
    what: Text
    """The session or item, e.g. 'Working session I: Energy transitions'."""
    chair: Text | None = None
    """Who chairs or leads it."""
    note: Text | None = None
    """A short note, e.g. the venue or the format."""


class ProgrammeBlock(Records):
    """A programme or the working sessions, as a table."""

    COLUMNS = (("when", "when"), ("what", "session"), ("chair", "session_chair"), ("note", "note"))
    DATES = ("when",)

    programme: list[Session] = Field(min_length=1)
    """The sessions, in order."""
    lead: Text | None = None
    """The line that introduces them."""


class Action(Strict):
    """One follow-up action: what is to be done, by whom, by when."""

    what: Text
    """What is to be done, e.g. 'Draft the energy memorandum'."""
    owner: Text | None = None
    """Who does it, e.g. 'Ministry of Energy'."""
    due: Day | None = None
    """The day it is due, written YYYY-MM-DD ('2025-09-30'); printed as the brief's language writes dates."""
    status: Status | None = None
    """open (the default), done or at risk (or another status word: on track, off track, red, amber,
    green). An action due before the meeting's date and not done is marked overdue."""


class ActionsBlock(Records):
    """Follow-up actions, as a table sorted by due day (undated last): what, owner, due, status."""

    COLUMNS = (("what", "action"), ("owner", "owner"), ("due", "due"), ("status", "status"))
    DATES = ("due",)
    STATUS = ("status",)
    TITLE = "actions"

    actions: list[Action] = Field(min_length=1)
    """The actions; printed in order of their due days, those without one last."""
    lead: Text | None = None
    """The line that introduces them, e.g. 'Agreed follow-up:'."""
    _as_of: dt.date | None = PrivateAttr(default=None)
    """The day the brief is written for (its meeting's first day): actions due before it are overdue."""

    @property
    def records(self) -> list[Action]:
        """The actions by due day, undated last, in the written order among equals."""
        return sorted(self.actions, key=lambda a: (a.due is None, a.due or ""))

    def overdue(self, action: Action) -> bool:
        """Whether `action` was due before the meeting's first day and is not done."""
        return (self._as_of is not None and action.due is not None and action.status != "done"
                and dt.date.fromisoformat(action.due) < self._as_of)

    def columns(self) -> list[tuple[str, str]]:
        """The columns some action fills; the status when an action has one or is overdue."""
        shown = super().columns()
        marked = any(a.status or self.overdue(a) for a in self.actions)
        return shown if marked else [c for c in shown if c[0] != "status"]

    def _value(self, record: BaseModel, field: str) -> Any:
        if field == "status" and isinstance(record, Action):
            return overdue(record.status) if self.overdue(record) else mark(record.status or "open")
        return super()._value(record, field)


class Decision(Strict):
    """One decision taken."""

    what: Text
    """What was decided, e.g. 'Approve the FY2026 budget'."""
    by: Text | None = None
    """Who decided it, e.g. 'The board'."""
    date: DateText | None = None
    """When it was decided: a day ('2026-03-12') or a range, printed as the brief's language writes dates;
    any other text as written."""
    note: Text | None = None
    """A short note: a condition, a vote, what follows."""


class DecisionsBlock(Records):
    """Decisions taken, as a table: what, by whom, when, a note."""

    COLUMNS = (("what", "decision"), ("by", "decided_by"), ("date", "date"), ("note", "note"))
    DATES = ("date",)
    TITLE = "decisions"

    decisions: list[Decision] = Field(min_length=1)
    """The decisions, in order."""
    lead: Text | None = None
    """The line that introduces them."""


LevelWord = Literal["low", "medium", "high"]
ResultWord = Literal["adopted", "rejected", "withdrawn", "deferred"]
LEVEL_WORDS, RESULT_WORDS = get_args(LevelWord), get_args(ResultWord)


def _word(value: Any) -> Any:
    """A level or a result written in any case ('High' is 'high'); any other value as written, for its message."""
    word = value.strip().lower() if isinstance(value, str) else value
    return word if word in LEVEL_WORDS + RESULT_WORDS else value


Level = Annotated[LevelWord, BeforeValidator(_word)]
"""How likely or how grave: low, medium or high."""


class Risk(Strict):
    """One risk: what may happen, who watches it, how likely and how grave it is, what is done about it."""

    risk: Text
    """What may happen, e.g. 'The supplier delays the turbines'."""
    owner: Text | None = None
    """Who watches it and acts on it, e.g. 'COO'."""
    likelihood: Level
    """How likely it is: low, medium or high."""
    impact: Level
    """How grave it would be: low, medium or high."""
    mitigation: Text | None = None
    """What is done to make it less likely or less grave, e.g. 'Qualify a second supplier'."""


class RisksBlock(Records):
    """A risk register, as a table: each level printed as a word after a mark of one to three dots."""

    COLUMNS = (("risk", "risk"), ("owner", "risk_owner"), ("likelihood", "likelihood"), ("impact", "impact"),
               ("mitigation", "mitigation"))
    LEVELS = ("likelihood", "impact")
    TITLE = "risks"

    risks: list[Risk] = Field(min_length=1)
    """The risks, in the order to print them."""
    lead: Text | None = None
    """The line that introduces them."""


MAX_COUNT = 999_999_999
"""The largest number of votes."""


def _count(value: Any) -> Any:
    """A number of votes as written: a whole number, 0 or more."""
    text = str(value).strip()
    if isinstance(value, bool) or not re.fullmatch(r"[-+]?\d+", text):
        raise ValueError(f"'{text}' is not a number of votes; write a whole number in digits, e.g. 9")
    if int(text) < 0:
        raise ValueError(f"{text} votes: a number of votes is 0 or more")
    if int(text) > MAX_COUNT:
        raise ValueError(f"{text} votes: at most {MAX_COUNT:,} are counted")
    return int(text)


Count = Annotated[int, Field(ge=0, le=MAX_COUNT), BeforeValidator(_count)]
"""A number of votes: a whole number, 0 or more."""

Result = Annotated[ResultWord, BeforeValidator(_word)]
"""What became of a resolution."""


class Resolution(Strict):
    """A resolution or motion put to the meeting, its votes and what became of it."""

    title: Text
    """What was put to the vote, e.g. 'Approve the 2025 accounts'."""
    votes_for: Count | None = Field(None, alias="for")
    """The votes for it."""
    against: Count | None = None
    """The votes against it."""
    abstaining: Count | None = None
    """The members who abstained."""
    result: Result | None = None
    """What became of it: adopted, rejected, withdrawn or deferred (printed in the brief's language)."""
    note: Text | None = None
    """A short note, e.g. 'by show of hands' or 'a two-thirds majority was needed'."""


class ResolutionsBlock(Records):
    """Resolutions put to a vote, as a table: the votes in columns of their own, the result as a word."""

    COLUMNS = (("title", "resolution"), ("votes_for", "votes_for"), ("against", "votes_against"),
               ("abstaining", "abstaining"), ("result", "result"), ("note", "note"))
    COUNTS = ("votes_for", "against", "abstaining")
    WORDS = {"result": "result"}
    TITLE = "resolutions"

    resolutions: list[Resolution] = Field(min_length=1)
    """The resolutions, in order."""
    lead: Text | None = None
    """The line that introduces them."""


class Section(Body, Titled):
    """A numbered subsection: its own prose and list, then any blocks but subsections."""

    blocks: list[LeafBlock] = []
    """More content after the points, in order."""
    status: Status | None = None
    """The subsection's status (on track, at risk, off track, done, open, red, amber, green), printed
    beside its heading as a mark and its word."""


class SectionsBlock(Messaged):
    """Numbered subsections (3.1, 3.2, …)."""

    sections: list[Section] = Field(min_length=1)
    """The subsections, in order."""


KINDS: dict[str, type[BaseModel]] = {
    "table": TableBlock, "chart": ChartBlock, "event": EventBlock, "quote": QuoteBlock, "members": MembersBlock, "agreements": AgreementsBlock,
    "programme": ProgrammeBlock, "actions": ActionsBlock, "decisions": DecisionsBlock, "risks": RisksBlock,
    "resolutions": ResolutionsBlock, "highlights": HighlightsBlock, "sections": SectionsBlock,
    "document": DocumentBlock, "picture": PictureBlock, "points": ListBlock, "text": ProseBlock,
}
"""Each block kind by its main key, in the order a block's keys are looked at."""


_READING_ORDER = ("text", "points", "sections", "highlights", "members", "agreements", "quote", "event",
                  "programme", "actions", "decisions", "risks", "resolutions", "table", "chart", "document", "picture")
"""The kinds as the error messages list them: the most common first."""


def kind_of(value: Any) -> str | None:
    """The kind of a block: the first main key it has (an event's `points` are the event's)."""
    if isinstance(value, BaseModel):
        return next((k for k, cls in KINDS.items() if type(value) is cls), None)
    if isinstance(value, dict):
        return next((k for k in KINDS if k in value), None)
    return None


def _union(kinds: dict[str, type[BaseModel]]) -> Any:
    members = tuple(Annotated[cls, Tag(key)] for key, cls in kinds.items())
    listed = ", ".join(k for k in _READING_ORDER if k in kinds)
    return Annotated[Union[members], Discriminator(  # noqa: UP007 - a runtime tuple of types
        kind_of, custom_error_type="block_kind",
        custom_error_message="not a block", custom_error_context={"kinds": listed})]


LeafBlock = _union({k: v for k, v in KINDS.items() if k != "sections"})
"""A block inside a subsection: any kind but subsections."""
Block = _union(KINDS)
"""A block of a chapter."""

Section.model_rebuild()
