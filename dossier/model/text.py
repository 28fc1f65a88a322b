"""Text in a brief: one-line texts, headings and prose, all free of control characters."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


MAX_MARKS = 30
"""Combining marks allowed on one character: Unicode's stream-safe limit (UAX #15). Real
scripts stack a few; thousands (a 'Zalgo' text) cost text layout time in the square of their number."""


def _printable(value: str) -> str:
    """Refuse control characters, which neither a PDF nor a PPTX can hold, and storms of combining marks."""
    if match := _FORBIDDEN.search(value):
        char = match.group()
        name = unicodedata.name(char, "control character")
        raise ValueError(
            f"contains the control character U+{ord(char):04X} ({name}) at character "
            f"{match.start() + 1}; delete it (it is often pasted in invisibly)"
        )
    if not value.isascii() and (match := _mark_storm().search(value)):
        run = _mark_run().match(value, match.start()).end() - match.start()
        raise ValueError(
            f"has {run} combining marks in a row at character {match.start() + 1}; at most {MAX_MARKS} "
            "may stack on one letter: delete the extra marks"
        )
    return value


@lru_cache(maxsize=1)
def _marks() -> str:
    """A regex character class of every combining mark (categories M*), plus the zero-width joiners."""
    ranges: list[list[int]] = []
    for plane in (range(0x300, 0x20000), range(0xE0000, 0xE1000)):  # marks live in planes 0, 1 and 14
        for code in plane:
            if unicodedata.category(chr(code))[0] == "M" or code in (0x200C, 0x200D):
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1][1] = code
                else:
                    ranges.append([code, code])
    return "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]"


@lru_cache(maxsize=1)
def _mark_storm() -> re.Pattern:
    return re.compile(f"{_marks()}{{{MAX_MARKS + 1}}}")


@lru_cache(maxsize=1)
def _mark_run() -> re.Pattern:
    return re.compile(f"{_marks()}+")


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_printable)
]
"""One line of text, with optional inline markup."""

Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), AfterValidator(_printable)
]
"""A heading: one line of text of at most 300 characters, with optional inline markup."""

Prose = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_printable)
]
"""One or more paragraphs separated by a blank line, with optional inline markup."""


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, docstrings document fields (see `schema`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def paragraphs(prose: str | None) -> list[str]:
    """Split prose into its paragraphs (blank-line separated), joining wrapped lines."""
    if not prose:
        return []
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", prose) if p.strip()]


class Messaged(Strict):
    """A block that may state its point: the message a slide's title makes."""

    message: Text | None = None
    """The point this block makes, in one line, e.g. 'Trade has doubled since 2021': the deck's slide
    title for it (the chapter's number and name become a small kicker above)."""
