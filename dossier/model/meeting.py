"""The meeting itself: what kind, when, where, who — every fact optional but the title."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from .text import Strict, Text, Title

Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
"""A BCP 47 language tag such as 'en', 'en-GB', 'ru' or 'ur'."""

MANY_PARTIES = 4
"""More parties than this are printed as a grid (PDF) and counted, then listed on a slide of their own (deck)."""

_ISO = r"\d{4}-\d{2}-\d{2}"
_RANGE = re.compile(rf"^({_ISO})\s*(?:/|–|—|\bto\b|\.\.)\s*({_ISO})$")


class When(Strict):
    """A date as written, and the day or days it names when it is an ISO date or range."""

    text: str
    start: dt.date | None = None
    end: dt.date | None = None

    def printed(self, language: str) -> str:
        """The date as the brief's language writes it ('4 July 2025'); free text as written."""
        if self.start is None or self.end is None:
            return self.text
        from .localize import days

        return days(self.start, self.end, language)


def parse_when(text: str) -> When:
    """'2025-07-04', '2025-07-03/2025-07-05' (or '… to …') become dates; other text is kept as written."""
    if re.fullmatch(_ISO, text):
        day = _day(text)
        return When(text=text, start=day, end=day)
    if match := _RANGE.match(text):
        start, end = _day(match[1]), _day(match[2])
        if end < start:
            raise ValueError(f"the range ends ({end}) before it starts ({start}); swap the two dates")
        return When(text=text, start=start, end=end)
    return When(text=text)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real day; write it as YYYY-MM-DD") from None


def printed_date(text: str | None, language: str) -> str | None:
    """A date field as the brief prints it: an ISO day or range as `language` writes dates, other text as written."""
    return parse_when(text).printed(language) if text else text


def _real_dates(text: str) -> str:
    parse_when(text)
    return text


DateText = Annotated[Text, AfterValidator(_real_dates)]
"""A date: a day ('2025-07-04') or a range ('2025-07-03/2025-07-05'), printed as the brief's language
writes dates; any other text is printed as written ('Spring 2026')."""


def _one_day(text: str) -> str:
    if not re.fullmatch(_ISO, text):
        raise ValueError(f"'{text}' is not a day; write it as YYYY-MM-DD, e.g. 2025-09-30")
    _day(text)
    return text


Day = Annotated[Text, AfterValidator(_one_day), WithJsonSchema({"type": "string", "format": "date"})]
"""A day, written YYYY-MM-DD ('2025-09-30'), printed as the brief's language writes dates."""


class Image(Strict):
    """A PNG or JPEG picture from the brief's own folder."""

    src: Text
    """The file's path, relative to the data file and inside its folder, e.g. 'emblem.png'."""
    alt: Text
    """What the picture shows, for readers who cannot see it."""


class Person(Strict):
    """Someone in a delegation."""

    name: Text
    """The person's name, e.g. 'Sergey Lavrov'."""
    role: Text | None = None
    """Their office or role, e.g. 'Minister of Foreign Affairs'."""


class Party(Strict):
    """A party, and who represented it."""

    party: Text
    """The party, e.g. 'China'."""
    by: Text | None = None
    """Who represented it, e.g. 'Premier Li Qiang'."""


def _as_party(value: object) -> object:
    """A name becomes {party: name}; a mapping of one unknown key ('Russia: observer') is text cut at its
    ': ', and is refused as text so that the message says to quote it."""
    if isinstance(value, str):
        return {"party": value}
    if isinstance(value, dict) and len(value) == 1 and not value.keys() & Party.model_fields.keys():
        raise PydanticCustomError("string_type", "Input should be a valid string")
    return value


PartyItem = Annotated[Party, BeforeValidator(_as_party, json_schema_input_type=Text | Party)]
"""A party: its name alone ('Russia'), or {party: China, by: Premier Li Qiang}."""


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


OneOrMore = Annotated[list[Text], BeforeValidator(_as_list, json_schema_input_type=Text | list[Text])]
"""One text, or several as a list."""


def names(parties: list[Party]) -> list[str]:
    """The parties' names, in order."""
    return [p.party for p in parties]


class Attendee(Strict):
    """Someone at a meeting that is not between states, or who sent apologies."""

    name: Text
    """The person's name, e.g. 'Dana Okafor'."""
    role: Text | None = None
    """Their office or role, e.g. 'Chief Revenue Officer'."""
    organisation: Text | None = None
    """Their organisation, when it is not the meeting's own, e.g. 'Acme'."""
    attendance: Literal["present", "apologies", "guest"] = "present"
    """present (the default), apologies (sent apologies, not there) or guest (invited, not a member)."""


class Delegation(Strict):
    """One party's delegation."""

    party: Text
    """The party the delegation represents, e.g. 'Russia'."""
    people: list[Person]
    """Its members, head of delegation first."""


class Meeting(Strict):
    """What met, when and where, and how the brief is labelled. Only the title is required."""

    title: Title
    """The brief's title, e.g. 'Pakistan–Russia Meeting at the SCO'."""
    subtitle: Title | None = None
    """A line under the title."""
    kind: Text | None = None
    """The kind of meeting, e.g. 'Official visit', 'Leaders' summit', 'Ministerial meeting', 'Talks'."""
    date: DateText | None = None
    """When: a day ('2025-07-04') or a range ('2025-07-03/2025-07-05'), printed in the brief's language;
    any other text is printed as written ('Spring 2026')."""
    place: Text | None = None
    """Where: city and country, e.g. 'Astana, Kazakhstan'."""
    venue: Text | None = None
    """The building or site, e.g. 'Palace of Independence'."""
    host: OneOrMore = []
    """The host, e.g. 'Government of Kazakhstan'; joint hosts as a list, e.g. [France, Germany]."""
    chair: OneOrMore = []
    """Who chairs or holds the presidency, e.g. 'Brazil (G20 presidency)'; co-chairs as a list."""
    forum: Text | None = None
    """The forum or organisation in whose frame the meeting takes place, if any."""
    parties: list[PartyItem] = []
    """The parties that meet, in the order they are named, each a name or {party: China, by: Premier Li
    Qiang}; many are printed as a grid."""
    guests: list[PartyItem] = []
    """Parties invited that are not members, written as the parties are."""
    organisations: list[PartyItem] = []
    """International organisations present, e.g. [United Nations, ASEAN], written as the parties are."""
    delegations: list[Delegation] = []
    """Who comes, per party, with their roles."""
    organisation: Text | None = None
    """For a meeting that is not between states: whose meeting it is, e.g. 'Acme Corporation'. Its
    cover and title slide name it, and its people are `attendees`, not parties and delegations."""
    attendees: list[Attendee] = []
    """For a meeting of an organisation: who attends (or sent apologies), in the order to print them."""
    classification: Text | None = None
    """A handling mark such as 'UNCLASSIFIED'; printed on every page and slide when set."""
    author: Text | None = None
    """Who prepared the brief."""
    logo: Image | None = None
    """An emblem or logo for the title page and the title slide."""
    language: Language = "en"
    """The brief's language as a BCP 47 tag, e.g. 'en' or 'en-GB'."""

    @property
    def when(self) -> When | None:
        """The date, parsed."""
        return parse_when(self.date) if self.date else None

    @property
    def printed_date(self) -> str | None:
        """The date as the brief prints it, in its language."""
        return printed_date(self.date, self.language)

    @property
    def many_parties(self) -> bool:
        return len(self.parties) > MANY_PARTIES

    @property
    def party_names(self) -> list[str]:
        """The parties' names, without who represented them."""
        return names(self.parties)

    @property
    def present(self) -> list[Attendee]:
        """The attendees who are there, guests included."""
        return [a for a in self.attendees if a.attendance != "apologies"]

    @property
    def apologies(self) -> list[Attendee]:
        """The attendees who sent apologies."""
        return [a for a in self.attendees if a.attendance == "apologies"]

    def facts(self) -> list[tuple[str, str | list[str] | list[Party]]]:
        """The facts the brief gives, as (label key, value), in the order both outputs print them: a value
        is text, texts (joint hosts) or parties."""
        where = ", ".join(x for x in (self.venue, self.place) if x)
        facts = [("kind", self.kind), ("organisation", self.organisation), ("date", self.printed_date),
                 ("place", where), ("host", self.host), ("chair", self.chair), ("forum", self.forum),
                 ("parties", self.parties), ("guests", self.guests), ("organisations", self.organisations),
                 ("prepared_by", self.author), ("classification", self.classification)]
        return [(key, value) for key, value in facts if value]

    @property
    def keywords(self) -> list[str]:
        """The outputs' keywords: the organisation or the parties, the forum and the kind of meeting."""
        return [x for x in (self.organisation, *self.party_names, self.forum, self.kind) if x]
