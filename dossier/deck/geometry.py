"""Slide geometry: EMU units, rectangles on a slide and the room they leave for text."""

from __future__ import annotations

from dataclasses import dataclass

from .fit import Box

EMU_PER_INCH = 914400
EMU_PER_PT = 12700

INSET_X = 91440
"""The left and right inset of every text box the deck writes (0.1 in)."""
INSET_Y = 45720
"""The top and bottom inset (0.05 in)."""


def inches(value: float) -> int:
    """A length in inches as EMU."""
    return int(value * EMU_PER_INCH)


@dataclass(frozen=True)
class Rect:
    """A box on a slide, in EMU."""

    x: int
    y: int
    w: int
    h: int

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def inner(self) -> Box:
        """The room for text in points, inside the deck's insets."""
        return Box((self.w - 2 * INSET_X) / EMU_PER_PT, (self.h - 2 * INSET_Y) / EMU_PER_PT)

    def points(self) -> Box:
        """The whole box in points (a table has no insets of its own)."""
        return Box(self.w / EMU_PER_PT, self.h / EMU_PER_PT)

    def with_height(self, h: int) -> Rect:
        return Rect(self.x, self.y, self.w, h)

    def from_top(self, y: int) -> Rect:
        """The part of the box below `y` (the same bottom)."""
        return Rect(self.x, y, self.w, self.bottom - y)


def rect_of(shape) -> Rect | None:
    """A shape's (or placeholder's, possibly inherited) position, or None when it has none."""
    if shape is None or shape.width is None:
        return None
    return Rect(int(shape.left), int(shape.top), int(shape.width), int(shape.height))


def text_height_emu(points: float) -> int:
    """The EMU height of a box holding `points` of text between the deck's insets."""
    return int(points * EMU_PER_PT + 2 * INSET_Y) + 1
