"""The brief's story, computed once for both outputs: numbered chapters and subsections.

The PDF's headings, contents and bookmarks and the deck's agenda, slide titles
and kickers all read the same numbers, so 3.1 in the PDF is 3.1 on its slide.
"""

from __future__ import annotations

from dataclasses import dataclass

from .blocks import SectionsBlock
from .brief import Brief, Chapter


@dataclass(frozen=True)
class Heading:
    """A numbered heading: '3' for a chapter, '3.1' for its first subsection."""

    id: str
    """The anchor in the PDF and HTML, e.g. 'chapter-3-1'."""
    number: str
    title: str
    """The author's title, with inline markup."""
    level: int
    """1 for a chapter, 2 for a subsection."""
    children: tuple[Heading, ...] = ()


class Story:
    """The numbered headings of a brief, and a lookup from a chapter or subsection to its heading."""

    def __init__(self, brief: Brief):
        self._by_object: dict[int, Heading] = {}
        self._keep = []  # the objects looked up by id(), kept alive with the story
        self.chapters: tuple[Heading, ...] = tuple(
            self._chapter(chapter, str(n)) for n, chapter in enumerate(brief.chapters, 1))

    def _chapter(self, chapter: Chapter, number: str) -> Heading:
        sections = [s for block in chapter.blocks if isinstance(block, SectionsBlock) for s in block.sections]
        children = tuple(self._add(s, Heading(f"chapter-{number}-{k}", f"{number}.{k}", s.title, 2))
                         for k, s in enumerate(sections, 1))
        return self._add(chapter, Heading(f"chapter-{number}", number, chapter.title, 1, children))

    def _add(self, item: object, heading: Heading) -> Heading:
        self._by_object[id(item)] = heading
        self._keep.append(item)
        return heading

    def heading(self, item: object) -> Heading:
        """The heading of a chapter or subsection of this brief."""
        return self._by_object[id(item)]
