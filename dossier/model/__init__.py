"""The typed model of a brief: one `Brief` per data file.

Every field is documented here once; the same text becomes the JSON Schema
(`python build.py schema`) that editors use to complete and check the YAML.
Text fields accept inline markup: `**bold**`, `_emphasis_`, `[text](url)`.
Prose fields hold one or more paragraphs separated by a blank line.
"""

from __future__ import annotations

from typing import Annotated, NamedTuple

from pydantic import Field, StringConstraints

from .text import Prose, Strict, Text, Title, paragraphs

__all__ = ["Brief", "Chapter", "Strict", "chapters", "paragraphs"]

class Image(Strict):
    """A PNG or JPEG picture from the brief's own folder."""

    src: Text
    """The file's path, relative to the data file and inside its folder, e.g. 'emblem.png'."""
    alt: Text
    """What the picture shows, for readers who cannot see it."""


class Meeting(Strict):
    """Who met, where, and how the brief is labelled."""

    title: Title
    """The brief's title, e.g. 'Pakistan–Russia Meeting at the SCO'."""
    subtitle: Title | None = None
    """A line under the title."""
    parties: list[Text] = Field(min_length=2)
    """The parties that met, in the order they are named."""
    forum: Text
    """The forum or organisation in whose frame the meeting took place."""
    date: Text | None = None
    """When the meeting took place, as it should be printed (text, not a parsed date)."""
    classification: Text | None = None
    """A handling mark such as 'UNCLASSIFIED'; printed on every page and slide when set."""
    author: Text | None = None
    """Who prepared the brief."""
    logo: Image | None = None
    """An emblem or logo for the title page and the title slide."""
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    """The brief's language as a BCP 47 tag, e.g. 'en' or 'en-GB'."""


class Topic(Strict):
    """A titled block: prose, an optional list of points with its lead-in, closing prose."""

    title: Title
    """The topic's heading."""
    text: Prose | None = None
    """Prose before the points."""
    lead: Text | None = None
    """The line that introduces the points, e.g. 'Both countries emphasized:'."""
    points: list[Text] = []
    """The bullet points."""
    closing: Prose | None = None
    """Prose after the points."""


class Organization(Topic):
    """The forum as an organisation: what it focuses on and who its members are."""

    members_lead: Text | None = None
    """The line that introduces the members, e.g. 'Current full members include:'."""
    members: list[Text] = []
    """The member states, in the source's order."""


class Background(Strict):
    """What a reader needs to know before the meeting itself."""

    relationship: Topic
    """The relationship between the parties."""
    organization: Organization
    """The forum: what it is and who belongs to it."""
    benefits: Topic
    """What the forum offers the party the brief is written for."""


class Section(Strict):
    """A thematic section with numbered subsections."""

    title: Title
    """The section's heading."""
    text: Prose | None = None
    """Prose that opens the section."""
    topics: list[Topic] = []
    """The numbered subsections."""


class Outlook(Strict):
    """What comes next: upcoming events and longer-term prospects."""

    events: list[Topic] = []
    """Upcoming events; each event's points are its expected outcomes."""
    prospects: Section | None = None
    """Areas where cooperation is expected to deepen."""


class Brief(Strict):
    """A diplomatic meeting brief, rendered as a PDF brief and a slide deck."""

    meeting: Meeting
    """Metadata: title, parties, forum, date, classification."""
    summary: Prose
    """The brief's summary, put up front."""
    background: Background
    """Context before the meeting's content."""
    highlights_intro: Text | None = None
    """The line that introduces the highlights."""
    highlights: list[Topic] = Field(min_length=1)
    """The meeting's numbered highlights."""
    sections: list[Section] = []
    """Thematic sections (economy, energy and connectivity, security, …)."""
    foreign_policy: Topic | None = None
    """The meeting's impact on foreign policy."""
    outlook: Outlook | None = None
    """Upcoming events and future prospects."""
    conclusion: Prose
    """The closing assessment."""


class Chapter(NamedTuple):
    """A numbered top-level chapter of the brief, shared by the contents, the agenda and the body."""

    id: str
    number: int
    title: str


def chapters(brief: Brief) -> list[Chapter]:
    """The numbered top-level chapters, in order: the body and the contents share them."""
    items = [("background", "Background"), ("highlights", "Highlights of the Meeting")]
    items += [(f"section-{i}", s.title) for i, s in enumerate(brief.sections, 1)]
    if brief.foreign_policy:
        items.append(("foreign-policy", brief.foreign_policy.title))
    if brief.outlook and (brief.outlook.events or brief.outlook.prospects):
        items.append(("outlook", "Outlook"))
    items.append(("conclusion", "Conclusion"))
    return [Chapter(key, n, title) for n, (key, title) in enumerate(items, 1)]
