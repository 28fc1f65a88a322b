"""Status words ('on track', 'at risk', 'red'…) and the marks both outputs draw for them.

A status is one of `WORDS`, written in any case, with spaces, '-' or '_' between its words. Each
is printed as a mark — a shape that says it without colour (a filled circle, a triangle, a square,
a check, a ring; a diamond for 'overdue') — and its word from the catalogue; the theme gives each
tone its colour (`colors.status`). Records and tables (actions, risks, a table's status column), a
chapter's or subsection's heading and the whole brief share these marks.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator

from .text import Strict

StatusWord = Literal["on track", "at risk", "off track", "done", "open", "red", "amber", "green"]
WORDS: tuple[str, ...] = get_args(StatusWord)
"""The status words, in the order error messages list them."""

Tone = Literal["on_track", "at_risk", "off_track", "done", "open"]
"""A status's colour in the theme (`colors.status`): red, amber and green share off track's, at risk's and
on track's."""
Shape = Literal["circle", "triangle", "square", "check", "ring", "diamond"]


def written_status(value: Any) -> Any:
    """'On Track', 'on_track', 'ON-TRACK' → 'on track'; other values as they are (the Literal refuses them)."""
    return " ".join(re.split(r"[\s_-]+", value.strip().casefold())) if isinstance(value, str) else value


Status = Annotated[StatusWord, BeforeValidator(written_status)]
"""A status: on track, at risk, off track, done, open, red, amber or green."""


class Mark(Strict):
    """A status as printed: a shape in the tone's colour, then its words (label keys, joined by ' · ')."""

    tone: Tone
    shape: Shape
    labels: tuple[str, ...]
    """The keys of the words printed after the shape, e.g. ('status_at_risk',)."""


_SHAPES: dict[str, tuple[Tone, Shape]] = {
    "on track": ("on_track", "circle"), "green": ("on_track", "circle"),
    "at risk": ("at_risk", "triangle"), "amber": ("at_risk", "triangle"),
    "off track": ("off_track", "square"), "red": ("off_track", "square"),
    "done": ("done", "check"), "open": ("open", "ring"),
}


def label_key(word: str) -> str:
    """The label of a status word: 'at risk' → 'status_at_risk'."""
    return "status_" + word.replace(" ", "_")


def mark(word: str) -> Mark:
    """The mark of a status word."""
    tone, shape = _SHAPES[word]
    return Mark(tone=tone, shape=shape, labels=(label_key(word),))


def overdue(word: str | None) -> Mark:
    """The mark of an item past its due date: a diamond in off track's colour, 'Overdue', then its status
    unless that is open."""
    return Mark(tone="off_track", shape="diamond",
                labels=("overdue", *((label_key(word),) if word and word != "open" else ())))
