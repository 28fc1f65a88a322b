"""Inline markup (`**bold**`, `_em_`, `[text](url)`) for both outputs.

Raw HTML is never passed through: `<script>` in the data is text, in the PDF
and on the slides alike.

While a brief renders (`written_in` its language), the author's straight quotes and apostrophes
become the language's own ('l\'État' → 'l’État', "x" → « x » in French), in the text only: a link's
address, a code span and an escaped quote (\\") keep theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup
from markdown_it import MarkdownIt

from .localize import quotes

_LINK = re.compile(r"(?:https:|mailto:|#)", re.IGNORECASE)
INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
"""What browsers ignore inside a URL's scheme (`java\tscript:`)."""


def allowed_link(url: str) -> bool:
    """Whether a link may point at `url`: https, mailto or a place in the page (the cleaned page's policy too)."""
    return bool(_LINK.match(INVISIBLE.sub("", url)))


_language: ContextVar[str | None] = ContextVar("language", default=None)
"""The language of the brief being rendered, whose quotation marks the text takes (None: as written)."""


@contextmanager
def written_in(language: str) -> Iterator[None]:
    """Within this, text takes `language`'s quotation marks and apostrophe."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


@lru_cache(maxsize=16)
def _parser(language: str | None) -> MarkdownIt:
    """A parser of inline markup; with `language`, one that sets its quotation marks."""
    rules = ["emphasis", "link", "escape", "backticks", *(["smartquotes"] if language else [])]
    md = MarkdownIt("zero", {"html": False, "typographer": bool(language),
                             "quotes": list(quotes(language or "en"))}).enable(rules)
    # Only https, mail and in-document links (`allowed_link`, as in the cleaned page): a
    # relative path would point into the machine that built the brief, and other schemes (http:,
    # file:, javascript:, data:) are never wanted.
    md.validateLink = allowed_link
    if language and language.split("-")[0].lower() == "fr":
        md.core.ruler.push("french_spacing", _french_spacing)
    return md


_FRENCH_SPACE = re.compile(r"(?:(?<=\S)|^)[ \u00a0](?=[:;!?»])|(?<=«)[ \u00a0]")
"""The space the author typed before a French colon, semicolon, ! ? or », and after «."""


def _french_spacing(state) -> None:
    """French text: the spaces the author typed around : ; ! ? « » made narrow and unbreakable, so a
    colon never starts a line (the catalogues' own words are written so)."""
    for block in state.tokens:
        for token in block.children or []:
            if token.type == "text":
                token.content = _FRENCH_SPACE.sub("\u202f", token.content)


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


def to_html(text: str) -> Markup:
    """Render inline markup as safe HTML."""
    return Markup(_parser(_language.get()).renderInline(text).strip())


def to_runs(text: str) -> tuple[Run, ...]:
    """Split inline markup into formatted runs, for the deck."""
    return _runs(text, _language.get())


@lru_cache(maxsize=4096)
def _runs(text: str, language: str | None) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    for token in _parser(language).parseInline(text)[0].children or []:
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
