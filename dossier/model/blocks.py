"""The blocks a chapter is made of, in the order the author writes them.

Each block is one list item, named by its main key: `- text:` prose, `- points:` a
list, `- sections:` numbered subsections, `- highlights:` numbered cards,
`- members:` a grid of names, `- agreements:` documents signed, `- quote:` a
quotation, `- event:` an upcoming event, `- programme:` sessions, `- table:` a
table of data, `- chart:` a chart (the last two in `figures.py`), `- document:` an
outcome document, `- picture:` a picture (the last two in `outcomes.py`). A block may
carry a few more keys beside its main one (a list's `lead:` and `closing:`, a
quotation's `by:`).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Union

from pydantic import BaseModel, Discriminator, Field, Tag

from .figures import ChartBlock, TableBlock
from .meeting import DateText, printed_date
from .outcomes import DocumentBlock, PictureBlock
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

    members: list[Text] = Field(min_length=1)
    """The names, in the order to print them."""
    lead: Text | None = None
    """The line that introduces them, e.g. 'Current full members include:'."""


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


class Records(Messaged):
    """A block printed as a table: one row per record, one column per field some record fills."""

    COLUMNS: ClassVar[tuple[tuple[str, str], ...]]
    """(field, label) of each possible column, in order; the first is always shown."""
    DATES: ClassVar[tuple[str, ...]]
    """The fields that hold a date."""

    @property
    def records(self) -> list[BaseModel]:
        """The records: the list under the block's main key (`agreements:`, `programme:`)."""
        return getattr(self, kind_of(self))

    def columns(self) -> list[tuple[str, str]]:
        """The (field, label) of the columns to print: the first, and those some record fills."""
        return [c for k, c in enumerate(self.COLUMNS) if k == 0 or any(getattr(r, c[0]) for r in self.records)]

    def cells(self, record: BaseModel, language: str) -> list[str | list[str] | None]:
        """A record's values for the columns, in order: dates as `language` writes them."""
        return [printed_date(getattr(record, field), language) if field in self.DATES else getattr(record, field)
                for field, _ in self.columns()]


class AgreementsBlock(Records):
    """Agreements and documents signed, as a table."""

    COLUMNS = (("title", "document"), ("signatories", "signatories"), ("date", "date"), ("note", "note"))
    DATES = ("date",)

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

    COLUMNS = (("when", "when"), ("what", "session"), ("chair", "chair"), ("note", "note"))
    DATES = ("when",)

    programme: list[Session] = Field(min_length=1)
    """The sessions, in order."""
    lead: Text | None = None
    """The line that introduces them."""


class Section(Body, Titled):
    """A numbered subsection: its own prose and list, then any blocks but subsections."""

    blocks: list[LeafBlock] = []
    """More content after the points, in order."""


class SectionsBlock(Messaged):
    """Numbered subsections (3.1, 3.2, …)."""

    sections: list[Section] = Field(min_length=1)
    """The subsections, in order."""


KINDS: dict[str, type[BaseModel]] = {
    "table": TableBlock, "chart": ChartBlock, "event": EventBlock, "quote": QuoteBlock, "members": MembersBlock, "agreements": AgreementsBlock,
    "programme": ProgrammeBlock, "highlights": HighlightsBlock, "sections": SectionsBlock,
    "document": DocumentBlock, "picture": PictureBlock, "points": ListBlock, "text": ProseBlock,
}
"""Each block kind by its main key, in the order a block's keys are looked at."""


_READING_ORDER = ("text", "points", "sections", "highlights", "members", "agreements", "quote", "event",
                  "programme", "table", "chart", "document", "picture")
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
