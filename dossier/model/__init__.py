"""The typed model of a brief: one `Brief` per data file, and its story.

Every field is documented here once; the same text becomes the JSON Schema
(`python build.py schema`) that editors use to complete and check the YAML.
Text fields accept inline markup: `**bold**`, `_emphasis_`, `[text](url)`.
Prose fields hold one or more paragraphs separated by a blank line.
"""

from .blocks import (KINDS, AgreementsBlock, Body, EventBlock, Highlight, HighlightsBlock, ListBlock,
                     MembersBlock, ProgrammeBlock, ProseBlock, QuoteBlock, Records, Section, SectionsBlock,
                     kind_of)
from .brief import Brief, Chapter
from .figures import ChartBlock, Column, Series, TableBlock
from .outcomes import DocumentBlock, PictureBlock, Quoted
from .meeting import Delegation, Image, Meeting, Person, When
from .story import Heading, Story
from .text import Strict, paragraphs

__all__ = [
    "KINDS", "AgreementsBlock", "Body", "Brief", "Chapter", "ChartBlock", "Column", "Series", "TableBlock", "Delegation", "DocumentBlock", "EventBlock", "Heading",
    "Highlight", "HighlightsBlock", "Image", "ListBlock", "Meeting", "MembersBlock", "Person", "PictureBlock", "Quoted",
    "ProgrammeBlock", "ProseBlock", "QuoteBlock", "Records", "Section", "SectionsBlock", "Story", "Strict", "When",
    "kind_of", "paragraphs",
]
