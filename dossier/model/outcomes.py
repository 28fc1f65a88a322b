"""An outcome document (`- document:`) and a picture in the body (`- picture:`).

A document is a declaration, communiqué, joint statement or treaty: how it was adopted, its size, a
link to its text and its key paragraphs quoted with their numbers. A picture is a PNG or JPEG beside
the brief (a photograph, a map), with the alternative text a reader without it hears.
"""

from __future__ import annotations


from pydantic import Field

from .markup import Https
from .meeting import DateText, printed_date
from .text import Messaged, Prose, Strict, Text, Title


class Quoted(Strict):
    """A paragraph or article of a document, quoted with its number."""

    number: Text
    """Its number in the document, as the document writes it, e.g. '4' or '12(b)'."""
    text: Prose
    """The words quoted."""


class DocumentBlock(Messaged):
    """An outcome document: a declaration, communiqué, joint statement or treaty, as a card."""

    document: Title
    """Its title, e.g. 'G20 Rio de Janeiro Leaders' Declaration'."""
    kind: Text | None = None
    """What kind of document it is, as you name it: 'Declaration', 'Communiqué', 'Joint statement', 'Treaty'…"""
    adopted: Text | None = None
    """How it was adopted, e.g. 'By consensus'."""
    signed_by: list[Text] = []
    """Who signed it."""
    date: DateText | None = None
    """When it was adopted or signed: a day ('2024-11-18'), printed as the brief's language writes dates;
    any other text as written."""
    paragraphs: int | None = Field(default=None, ge=1)
    """How many paragraphs it has."""
    articles: int | None = Field(default=None, ge=1)
    """How many articles it has."""
    url: Https | None = None
    """Where its text is published: an https:// address."""
    quoted: list[Quoted] = []
    """Its key paragraphs, each with its number, in order."""
    note: Text | None = None
    """A short note: what it means for us, what follows."""

    def kicker(self, language: str) -> str | None:
        """Its kind and date, the line above its title: 'Declaration · 18 November 2024'."""
        return " · ".join(x for x in (self.kind, printed_date(self.date, language)) if x) or None


class PictureBlock(Messaged):
    """A picture in the body: a photograph or a map, with its caption and credit."""

    picture: Text
    """The PNG or JPEG file, beside the brief (in its folder or below), e.g. 'signing.jpg'."""
    alt: Text
    """What the picture shows, for a reader who cannot see it (required), e.g. 'The two ministers sign the
    memorandum'."""
    caption: Text | None = None
    """The line under the picture, e.g. 'Signing of the memorandum, 4 July 2025'."""
    credit: Text | None = None
    """Who took or owns the picture, e.g. 'Photo: Ministry of Foreign Affairs'."""
