"""A brief: the meeting, a summary, and chapters in the author's order with the author's titles."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field, PrivateAttr, model_validator, with_config
from typing_extensions import NotRequired, TypedDict

from .words import MESSAGES, WHERE, checked_label
from .blocks import ActionsBlock, Block, Body, SectionsBlock, Titled
from .figures import ChartBlock, TableBlock
from .meeting import Meeting
from .outcomes import PictureBlock
from .status import Status
from .sources import Citations, Source, citations
from .text import Prose, Strict, Text

if TYPE_CHECKING:
    from .changes import Since

def _renamed(key: str) -> object:
    """One entry of `labels:`: text, checked as the label will use it, documented with Dossier's own words
    and where they appear."""
    message = MESSAGES[key]
    english = " / ".join(message) if isinstance(message, tuple) else message
    return NotRequired[Annotated[Text, AfterValidator(partial(checked_label, key)),
                                 Field(description=f"Dossier's text: {english}. Appears in {WHERE[key]}.")]]


Overrides = with_config(ConfigDict(extra="forbid"))(TypedDict("Overrides", {key: _renamed(key) for key in MESSAGES}))
"""Dossier's own words renamed: a label's name → its text, e.g. {briefing_note: Note for the Minister};
each is checked on its own and reported at its own line."""


class Chapter(Body, Titled):
    """A numbered chapter: its own prose and list, then its blocks in order."""

    blocks: list[Block] = []
    """The chapter's content after its own prose and points: each item one block, named by its main
    key (text, points, sections, highlights, members, agreements, quote, event, programme, actions, decisions,
    risks, resolutions, table, chart, document, picture)."""
    status: Status | None = None
    """The chapter's status (on track, at risk, off track, done, open, red, amber, green), printed beside its
    heading and on its slides as a mark and its word."""


class Term(Strict):
    """One entry of the glossary: an acronym or term, and what it stands for."""

    term: Text
    """The acronym or term as the text writes it, e.g. 'SCO'."""
    means: Text
    """What it stands for or means, e.g. 'Shanghai Cooperation Organization'."""


EXAMPLE = {
    "meeting": {"title": "Germany–France Intergovernmental Consultations (illustrative)",
                "kind": "Intergovernmental consultations", "date": "2026-03-12",
                "place": "Paris, France", "parties": ["France", "Germany"]},
    "summary": "An illustrative brief: both governments review their joint agenda.",
    "chapters": [
        {"title": "Highlights", "blocks": [{"highlights": [
            {"title": "Energy", "lead": "Both sides agreed to:", "points": ["link their grids"]}]}]},
        {"title": "Outlook", "blocks": [{"event": "Next consultations", "date": "2027"}]},
    ],
}


class Brief(Strict, json_schema_extra={"examples": [EXAMPLE]}):
    """A meeting brief, rendered as a PDF brief and a slide deck. Only `meeting.title` is required."""

    meeting: Meeting
    """What met, when and where, and how the brief is labelled."""
    summary: Prose | None = None
    """The brief's summary, put up front."""
    key_messages: list[Text] = Field(default=[], max_length=5)
    """The bottom line: three to five lines the principal must take away, each one sentence. The PDF's
    first page and the deck's second slide open with them."""
    status: Status | None = None
    """The status of the whole matter (on track, at risk, off track, done, open, red, amber, green): on the
    principal's sheet and the deck's first slides, as a mark and its word."""
    chapters: list[Chapter] = []
    """The body, numbered 1, 2, 3… in this order, each with its own title. A top-level `highlights:`,
    `background:`, `outlook:`, `conclusion:`, `next_steps:`, `agreements:`, `programme:` or `members:`
    is a chapter too, titled in the brief's language, in the order written."""
    annexes: list[Chapter] = []
    """Material after the main text (a full member list, a chronology): chapters lettered A, B, C… in the
    brief's script, their subsections A.1, A.2; printed after the chapters, with their own contents entries."""
    glossary: list[Term] = []
    """The acronyms and terms the brief uses, spelled out, in the order to print them: a glossary at the
    end of the PDF and of the deck."""
    sources: list[Source] = []
    """Where the brief's facts come from; any text cites one as `[@id]`, several as `[@a; @b]`: numbered
    notes in both outputs, and a list of sources at the end."""
    labels: Overrides = {}
    """Dossier's own words renamed for this brief, e.g. {briefing_note: Note for the Minister}; the
    names are listed in the schema. `{n}`, `{i}`, `{page}`, `{pages}` are filled in where a label has them."""

    @model_validator(mode="after")
    def _dated_actions(self) -> Brief:
        """Each actions block learns the meeting's first day, before which a due action is overdue."""
        when = self.meeting.when
        for block in self.blocks():
            if isinstance(block, ActionsBlock):
                block._as_of = when.start if when else None
        return self

    _citations: Citations = PrivateAttr()

    @model_validator(mode="after")
    def _cited(self) -> Brief:
        """Every citation names a source, and each source has its own id: the notes are numbered once."""
        self._citations = citations(self)
        return self

    _since: Any = PrivateAttr(default=None)

    @property
    def since(self) -> Since | None:
        """What changed since an earlier version (`build --since REV`), shown after the summary; None
        unless asked for."""
        return self._since

    def compared_with(self, since: Since) -> Brief:
        """This brief, showing what changed `since` an earlier version."""
        self._since = since
        return self

    @property
    def citations(self) -> Citations:
        """The notes: each cited source's number, in the order of first citation."""
        return self._citations

    def blocks(self) -> list:
        """Every block of the brief in reading order, those inside subsections after their `sections:` block."""
        out: list = []
        for chapter in [*self.chapters, *self.annexes]:
            for block in chapter.blocks:
                out.append(block)
                if isinstance(block, SectionsBlock):
                    out += [b for section in block.sections for b in section.blocks]
        return out

    def files(self) -> list[str]:
        """Every file the brief reads besides itself, in order: its logo, then the CSV files of its figures
        and its pictures, as the blocks come."""
        found = [self.meeting.logo.src] if self.meeting.logo else []
        found += [b.csv if isinstance(b, (TableBlock, ChartBlock)) else b.picture for b in self.blocks()
                  if (isinstance(b, (TableBlock, ChartBlock)) and b.csv) or isinstance(b, PictureBlock)]
        return list(dict.fromkeys(found))
