"""Colour contrast as WCAG 2 measures it, and colours moved in lightness until they read.

Colours are six hex digits, without '#'. A colour is moved in OKLCH (a perceptual space): its
lightness changes, its hue stays, and its chroma only shrinks where sRGB cannot show it.
"""

from __future__ import annotations

import math
from functools import lru_cache

WHITE, BLACK = "FFFFFF", "000000"
AA = 4.5
"""WCAG AA for text under 18 pt (14 pt bold)."""
AA_LARGE = 3.0
"""WCAG AA for text of 18 pt (14 pt bold) or more."""


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _rgb(color: str) -> tuple[float, float, float]:
    r, g, b = (int(color[i: i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def luminance(color: str) -> float:
    """The colour's relative luminance, from 0 (black) to 1 (white)."""
    r, g, b = map(_linear, _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    """The contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def on_fill(fill: str, text: str) -> str:
    """The colour for a label on `fill`: the text colour or white, whichever reads better (black when
    neither reaches WCAG AA)."""
    best = max((text, WHITE), key=lambda ink: ratio(ink, fill))
    return best if ratio(best, fill) >= AA else max((best, BLACK), key=lambda ink: ratio(ink, fill))


@lru_cache(maxsize=64)
def readable(color: str, backgrounds: tuple[str, ...], target: float = AA) -> str:
    """`color` at the lightness nearest its own that reaches `target` on every background (darker
    first at an equal distance); if no lightness does, the one that comes closest."""
    def worst(candidate: str) -> float:
        return min(ratio(candidate, bg) for bg in backgrounds)

    if worst(color) >= target:
        return color.upper()
    lightness, chroma, hue = _oklch(color)
    best = color.upper()
    for step in range(1, 201):
        for moved in (lightness - step / 200, lightness + step / 200):
            if 0 <= moved <= 1:
                candidate = _from_oklch(moved, chroma, hue)
                if worst(candidate) >= target:
                    return candidate
                best = max(best, candidate, key=worst)
    return best


def _oklch(color: str) -> tuple[float, float, float]:
    r, g, b = map(_linear, _rgb(color))
    l_, m, s = (math.copysign(abs(x) ** (1 / 3), x) for x in (
        0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b,
        0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b,
        0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b))
    lab_l = 0.2104542553 * l_ + 0.7936177850 * m - 0.0040720468 * s
    a = 1.9779984951 * l_ - 2.4285922050 * m + 0.4505937099 * s
    b_ = 0.0259040371 * l_ + 0.7827717662 * m - 0.8086757660 * s
    return lab_l, math.hypot(a, b_), math.atan2(b_, a)


def _linear_rgb(lightness: float, chroma: float, hue: float) -> tuple[float, float, float]:
    a, b = chroma * math.cos(hue), chroma * math.sin(hue)
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (4.0767416621 * l_ - 3.3077115913 * m + 0.2309699292 * s,
            -1.2684380046 * l_ + 2.6097574011 * m - 0.3413193965 * s,
            -0.0041960863 * l_ - 0.7034186147 * m + 1.7076147010 * s)


def _from_oklch(lightness: float, chroma: float, hue: float) -> str:
    """The sRGB colour of an OKLCH point, its chroma reduced (hue and lightness kept) until sRGB has it."""
    def inside(c: float) -> bool:
        return all(-1e-6 <= x <= 1 + 1e-6 for x in _linear_rgb(lightness, c, hue))

    if not inside(chroma):
        low, high = 0.0, chroma
        for _ in range(20):
            middle = (low + high) / 2
            low, high = (middle, high) if inside(middle) else (low, middle)
        chroma = low
    return "".join(f"{round(255 * _gamma(min(max(x, 0.0), 1.0))):02X}" for x in _linear_rgb(lightness, chroma, hue))


def _gamma(x: float) -> float:
    return 12.92 * x if x <= 0.0031308 else 1.055 * x ** (1 / 2.4) - 0.055
