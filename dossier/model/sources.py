"""Sources and citations: the brief's `sources:`, cited from any text as `[@id]` or `[@a; @b]`.

Notes are numbered once, in the order of each source's first citation as the brief is read (the
meeting, the summary, the key messages, the chapters, the delegations, the glossary); both outputs
print those numbers. A table's or chart's `source:` may also be a list of ids.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator
from pydantic_core import PydanticCustomError

from .markup import CITATION, Https, cited_ids
from .localize import separator
from .meeting import DateText, printed_date
from .text import Strict, Text

_ID = re.compile(r"[\w.:-]+")


def _source_id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ValueError(f"'{value}' is not an id: use letters, digits, '-', '_', '.' and ':' only, "
                         "e.g. tass-2025")
    return value


SourceId = Annotated[str, AfterValidator(_source_id)]
"""A source's id: letters, digits, '-', '_', '.' and ':'."""


class Source(Strict):
    """One source the brief cites: text cites it as `[@id]`."""

    id: SourceId
    """The name text cites it by, e.g. 'tass-2025' in `[@tass-2025]`: letters, digits, '-', '_', '.', ':'."""
    title: Text
    """The title of the article, report or document."""
    author: Text | None = None
    """Who wrote it."""
    publisher: Text | None = None
    """Who published it: an agency, a newspaper, a ministry."""
    date: DateText | None = None
    """When it was published, e.g. '2025-09-01'."""
    url: Https | None = None
    """Its https address, printed in full."""
    accessed: DateText | None = None
    """When the address was read, e.g. '2025-09-02'."""

    def printed_date(self, language: str) -> str | None:
        """When it was published, as `language` writes dates."""
        return printed_date(self.date, language)

    def printed_accessed(self, language: str) -> str | None:
        """When the address was read, as `language` writes dates."""
        return printed_date(self.accessed, language)

    def name(self, language: str) -> str:
        """Who and what: author, publisher and title."""
        return separator(language).join(x for x in (self.author, self.publisher, self.title) if x)

    def reference(self, language: str) -> str:
        """The short reference a note prints: author, publisher, title and date."""
        return separator(language).join(x for x in (self.name(language), self.printed_date(language)) if x)

    def full(self, language: str, accessed: str) -> list[str]:
        """The parts of the full reference: the short one, the address, and `accessed` (the label's text,
        filled in) when the brief says when the address was read."""
        return [self.reference(language), *([self.url] if self.url else []), *([accessed] if self.accessed else [])]


class Citations:
    """The notes of a brief: each cited source's number, in the order of first citation."""

    def __init__(self, sources: list[Source], order: list[str]):
        self.number: dict[str, int] = {sid: n for n, sid in enumerate(dict.fromkeys(order), 1)}
        """Each cited source's note number."""
        by_id = {s.id: s for s in sources}
        self.notes: list[tuple[int, Source]] = [(n, by_id[sid]) for sid, n in self.number.items()]
        """The notes in order: (number, source)."""
        self.sources: list[tuple[int | None, Source]] = [*self.notes, *((None, s) for s in sources
                                                                        if s.id not in self.number)]
        """Every source as the Sources section lists it: the cited ones by number, then the others."""

    def __eq__(self, other: object) -> bool:  # two loadings of one brief number its notes alike
        return isinstance(other, Citations) and (self.number, self.sources) == (other.number, other.sources)

    __hash__ = None  # type: ignore[assignment]

    def names(self, language: str) -> dict[int, str]:
        """Each note's source by name (`Source.name`), in `language`."""
        return {n: source.name(language) for n, source in self.notes}


Loc = tuple[str | int, ...]


def _texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every text in `value` with its place, in the model's order."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if not (loc == ("meeting",) and name == "delegations"):
                yield from _texts(getattr(value, name), loc + (name,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _texts(item, loc + (i,))


def reading(brief: BaseModel) -> Iterator[tuple[Loc, str]]:
    """Every text of a brief in reading order: the delegations after the chapters and annexes, before the
    glossary, as the outputs print them."""
    for name in type(brief).model_fields:
        if name == "glossary":
            yield from _texts(brief.meeting.delegations, ("meeting", "delegations"))
        if name not in ("sources", "labels"):
            yield from _texts(getattr(brief, name), (name,))


def citations(brief: BaseModel) -> Citations:
    """The brief's notes; raises one located error listing every duplicate id and unknown citation."""
    sources: list[Source] = brief.sources
    places: list[tuple[Loc, str, str]] = []
    first: dict[str, int] = {}
    for i, source in enumerate(sources):
        if source.id in first:
            places.append((("sources", i, "id"), f"the id '{source.id}' is already that of sources[{first[source.id]}]; "
                           "give each source its own id", source.id))
        first.setdefault(source.id, i)
    order: list[str] = []
    for loc, text in reading(brief):
        for citation in CITATION.finditer(text):
            for sid in cited_ids(citation):
                if sid in first:
                    order.append(sid)
                else:
                    places.append((loc, _unknown(sid, list(first)), "@" + sid))
    if places:
        raise PydanticCustomError("located_all", "{message}", {"message": places[0][1], "places": places})
    return Citations(sources, order)


def _unknown(sid: str, known: list[str]) -> str:
    if not known:
        return (f"cites '{sid}', but the brief has no sources: add one under 'sources:' "
                f"(- id: {sid}, title: …)")
    close = difflib.get_close_matches(sid, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"cites '{sid}', which is not one of the sources; {hint}the sources are: {', '.join(known)}"


def _as_citation(source: Any) -> Any:
    """A table's or chart's `source:` as text: a list of ids becomes the citation `[@a; @b]`."""
    if isinstance(source, list) and source and all(isinstance(s, str) for s in source):
        return "[" + "; ".join(f"@{_source_id(s.strip())}" for s in source) + "]"
    return source


SourceText = Annotated[Text, BeforeValidator(_as_citation, json_schema_input_type=Text | list[SourceId])]
"""Where figures come from: text, which may cite (`[@imf-2024]`), or a list of source ids ([tass-2025, imf-2024])."""
