"""Inline markup (`**bold**`, `_em_`, `[text](url)`) for both outputs.

Raw HTML is never passed through: `<script>` in the data is text, in the PDF
and on the slides alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup
from markdown_it import MarkdownIt


_md = MarkdownIt("zero", {"html": False, "typographer": False}).enable(
    ["emphasis", "link", "escape", "backticks"]
)
_LINK = re.compile(r"(?:https:|mailto:|#)", re.IGNORECASE)
INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
"""What browsers ignore inside a URL's scheme (`java\tscript:`)."""


def allowed_link(url: str) -> bool:
    """Whether a link may point at `url`: https, mailto or a place in the page (the cleaned page's policy too)."""
    return bool(_LINK.match(INVISIBLE.sub("", url)))


# Only https, mail and in-document links (`allowed_link`, as in the cleaned page): a
# relative path would point into the machine that built the brief, and other schemes (http:,
# file:, javascript:, data:) are never wanted.
_md.validateLink = allowed_link


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


def to_html(text: str) -> Markup:
    """Render inline markup as safe HTML."""
    return Markup(_md.renderInline(text).strip())


@lru_cache(maxsize=4096)
def to_runs(text: str) -> tuple[Run, ...]:
    """Split inline markup into formatted runs, for the deck."""
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    for token in _md.parseInline(text)[0].children or []:
        kind = token.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href = str(token.attrs.get("href", "")) or None
        elif kind == "link_close":
            href = None
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bool(bold), bool(italic), href))
        elif token.content:
            runs.append(Run(token.content, bool(bold), bool(italic), href))
    return tuple(_merge(runs))


def to_plain(text: str) -> str:
    """The text without its markup, e.g. for speaker notes and metadata."""
    return "".join(run.text for run in to_runs(text))


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.href) == (run.bold, run.italic, run.href):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.href)
        else:
            merged.append(run)
    return merged
