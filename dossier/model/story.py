"""The brief's story, computed once for both outputs: numbered chapters, subsections and highlights.

The PDF's headings, contents and bookmarks and the deck's agenda, slide titles
and kickers all read the same numbers, so 3.1 in the PDF is 3.1 on its slide.
A chapter's subsections and highlights are numbered in one sequence, in the
order they come (3.1, 3.2, …); highlights inside subsection 3.2 are 3.2.1, 3.2.2,
so no two headings of a brief carry the same number.

Annexes follow the chapters, lettered in the brief's script (`localize.letter`): A, B, C in Latin,
А, Б, В in Russian, أ, ب, ج in Arabic; their subsections are A.1, A.2.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from .blocks import HighlightsBlock, SectionsBlock
from .brief import Brief, Chapter
from .localize import letter


@dataclass(frozen=True)
class Heading:
    """A numbered heading: '3' for a chapter, '3.1' for its first subsection or highlight."""

    id: str
    """The anchor in the PDF and HTML, e.g. 'chapter-3-1'."""
    number: str
    title: str
    """The author's title, with inline markup."""
    level: int
    """1 for a chapter, 2 for a subsection or a chapter's highlight, 3 for a subsection's highlight."""
    children: tuple[Heading, ...] = ()
    annex: bool = False
    """Whether this is an annex's own heading, whose number is its letter ('Annex A' in print)."""


class Story:
    """The numbered headings of a brief, and a lookup from a chapter, subsection or highlight to its heading."""

    def __init__(self, brief: Brief):
        self._by_object: dict[int, Heading] = {}
        self._keep = []  # the objects looked up by id(), kept alive with the story
        self.highlights: list[Heading] = []
        """Every highlight's heading, in reading order: the bottom line lists their titles."""
        self.chapters: tuple[Heading, ...] = tuple(
            self._chapter(chapter, str(n), f"chapter-{n}") for n, chapter in enumerate(brief.chapters, 1))
        language = brief.meeting.language
        self.annexes: tuple[Heading, ...] = tuple(
            self._chapter(annex, letter(n, language), f"annex-{n}", annex=True) for n, annex in enumerate(brief.annexes, 1))
        """The annexes' headings, lettered: 'A', 'B' (or 'А', 'Б'; 'أ', 'ب'), their subsections 'A.1'."""

    def _chapter(self, chapter: Chapter, number: str, anchor: str, annex: bool = False) -> Heading:
        return self._add(chapter, Heading(anchor, number, chapter.title, 1,
                                          self._children(chapter.blocks, number, anchor, 2), annex))

    def _children(self, blocks: list, number: str, anchor: str, level: int) -> tuple[Heading, ...]:
        """The numbered headings among `blocks`: subsections and highlights, in one sequence."""
        numbers = count(1)
        out = []
        for block in blocks:
            if isinstance(block, SectionsBlock):
                for section in block.sections:
                    k = next(numbers)
                    n, a = f"{number}.{k}", f"{anchor}-{k}"
                    out.append(self._add(section, Heading(a, n, section.title, level,
                                                          self._children(section.blocks, n, a, level + 1))))
            elif isinstance(block, HighlightsBlock):
                for highlight in block.highlights:
                    k = next(numbers)
                    out.append(self._add(highlight, Heading(f"{anchor}-{k}", f"{number}.{k}", highlight.title, level)))
                    self.highlights.append(out[-1])
        return tuple(out)

    def _add(self, item: object, heading: Heading) -> Heading:
        self._by_object[id(item)] = heading
        self._keep.append(item)
        return heading

    def heading(self, item: object) -> Heading:
        """The heading of a chapter, subsection or highlight of this brief."""
        return self._by_object[id(item)]
