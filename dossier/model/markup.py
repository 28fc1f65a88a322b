"""Inline markup (`**bold**`, `_em_`, `[text](url)`, citations `[@id]`) for both outputs.

Raw HTML is never passed through: `<script>` in the data is text, in the PDF
and on the slides alike.

While a brief renders (`written_in` its language), the author's straight quotes and apostrophes
become the language's own ('l\'État' → 'l’État', "x" → « x » in French), in the text only: a link's
address, a code span and an escaped quote (\\") keep theirs.

While a brief renders (`citing` its notes), a citation `[@id]` or `[@a; @b]` prints its note numbers:
superscript links in the page, '[1]' in runs and plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from typing import Annotated

from markupsafe import Markup
from pydantic import AfterValidator
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from .localize import quotes, separator
from .text import Text

_LINK = re.compile(r"(?:https:|mailto:|#)", re.IGNORECASE)
INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
"""What browsers ignore inside a URL's scheme (`java\tscript:`)."""


def allowed_link(url: str) -> bool:
    """Whether a link may point at `url`: https, mailto or a place in the page (the cleaned page's policy too)."""
    return bool(_LINK.match(INVISIBLE.sub("", url)))


CITATION = re.compile(r"\[@([\w.:-]+)((?:\s*;\s*@[\w.:-]+)*)\](?!\()")
"""A citation in text: `[@tass-2025]`, or several as `[@a; @b]` (never a link's text, `[@x](https://…)`)."""


def cited_ids(citation: re.Match) -> list[str]:
    """The ids one citation names, in its order."""
    return [citation.group(1), *re.findall(r"@([\w.:-]+)", citation.group(2))]


@dataclass(eq=False)
class Citing:
    """The notes of the brief being rendered, and what the page has printed of them so far."""

    numbers: Mapping[str, int]
    """Each cited source's note number."""
    names: Mapping[int, str] = field(default_factory=dict)
    """Each note's source by name: a text that is nothing but citations names its sources ('Source: IMF,
    World Economic Outlook²')."""
    footnote: Callable[[int], str] | None = None
    """The HTML of note n, set after its first citation (a PDF's foot notes); None: the notes stand apart."""
    seen: set[int] = field(default_factory=set)
    """The notes whose first citation is printed (it carries the anchor the note links back to)."""
    key: tuple = ()
    """The numbers and names as a key of the runs' cache."""
    echo: bool = False
    """Whether the text printed now repeats text printed again later (the principal's sheet): its
    citations link to their notes but are not their first."""


_citing: ContextVar[Citing | None] = ContextVar("citing", default=None)


@contextmanager
def citing(numbers: Mapping[str, int], names: Mapping[int, str] | None = None,
           footnote: Callable[[int], str] | None = None) -> Iterator[Citing]:
    """Within this, citations print `numbers` (each source's note number); see `Citing`."""
    names = dict(names or {})
    state = Citing(numbers, names, footnote, key=(tuple(numbers.items()), tuple(names.items())))
    token = _citing.set(state)
    try:
        yield state
    finally:
        _citing.reset(token)


def echoing(on: bool) -> str:
    """From now on, the page's text repeats text printed again later (on) or not; '' (a template global)."""
    if (state := _citing.get()) is not None:
        state.echo = bool(on)
    return ""


def _cite(state, silent: bool) -> bool:
    """The inline rule of a citation: a `cite` token holding its ids; the space before it is dropped."""
    if state.src[state.pos] != "[" or not (match := CITATION.match(state.src, state.pos, state.posMax)):
        return False
    if not silent:
        state.pending = state.pending.rstrip()
        token = state.push("cite", "", 0)
        token.meta = {"ids": cited_ids(match)}
        token.content = match.group()
    state.pos = match.end()
    return True


def _numbers(ids: list[str], state: Citing) -> list[int]:
    return list(dict.fromkeys(state.numbers[i] for i in ids if i in state.numbers))


def _cite_html(self, tokens, idx: int, options, env) -> str:
    """A citation in the page: its numbers as superscript links to the notes; the first citation of a
    note is its anchor (and, for foot notes, followed by the note)."""
    state, token = _citing.get(), tokens[idx]
    if state is None:
        return escapeHtml(token.content)
    if not env.get("cites", True):
        return ""
    links, notes = [], ""
    numbers = _numbers(token.meta["ids"], state)
    for n in numbers:
        first = not state.echo and n not in state.seen
        if first:
            state.seen.add(n)
            notes += state.footnote(n) if state.footnote else ""
        anchor = f' id="cite-{n}"' if first else ""
        links.append(f'<a href="#note-{n}"{anchor}>{n}</a>')
    if _alone(tokens) and all(n in state.names for n in numbers):  # named: 'IMF, Outlook²; TASS, …¹'
        return "; ".join(f'{to_html(state.names[n], False)}<sup class="cite">{link}</sup>'
                         for n, link in zip(numbers, links)) + notes
    return f'<sup class="cite">{",".join(links)}</sup>{notes}'


def _alone(tokens) -> bool:
    """Whether a text is nothing but citations."""
    return all(t.type == "cite" or not t.content.strip() for t in tokens)


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
    md.inline.ruler.before("link", "cite", _cite)
    md.add_render_rule("cite", _cite_html)
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
    cite: tuple[int, ...] = ()
    """The note numbers this run prints ('[1, 2]'), when it is a citation."""


def to_html(text: str, cites: bool = True) -> Markup:
    """Render inline markup as safe HTML; `cites` False leaves citations out (a title inside a link)."""
    return Markup(_parser(_language.get()).renderInline(text, {"cites": cites}).strip())


def to_runs(text: str) -> tuple[Run, ...]:
    """Split inline markup into formatted runs, for the deck."""
    state = _citing.get()
    return _runs(text, _language.get(), None if state is None else state.key)


@lru_cache(maxsize=4096)
def _runs(text: str, language: str | None, notes: tuple | None) -> tuple[Run, ...]:
    numbers, names = (dict(notes[0]), dict(notes[1])) if notes else ({}, {})
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    tokens = _parser(language).parseInline(text)[0].children or []
    for token in tokens:
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
        elif kind == "cite":
            cite = tuple(dict.fromkeys(numbers[i] for i in token.meta["ids"] if i in numbers))
            if cite and _alone(tokens) and all(n in names for n in cite):  # named, as in the page
                for k, n in enumerate(cite):
                    runs += [*([Run("; ")] if k else []), *_runs(names[n], language, None), Run(f"[{n}]", cite=(n,))]
            else:
                runs.append(Run(f"[{separator(language or 'en').join(map(str, cite))}]", cite=cite) if cite
                            else Run(token.content))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bool(bold), bool(italic), href))
        elif token.content:
            runs.append(Run(token.content, bool(bold), bool(italic), href))
    return tuple(_merge(runs))


def to_plain(text: str, cites: bool = True) -> str:
    """The text without its markup, e.g. for speaker notes and metadata; `cites` False leaves citations out."""
    return "".join(run.text for run in to_runs(text) if cites or not run.cite)


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last and not (last.cite or run.cite) and (last.bold, last.italic, last.href) == (run.bold, run.italic, run.href):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.href)
        else:
            merged.append(run)
    return merged


def _https(url: str) -> str:
    """An author's `url:` field: an https:// address the link rules allow, with no space or invisible character."""
    if (not url.lower().startswith("https://") or len(url) <= len("https://") or INVISIBLE.search(url)
            or any(c.isspace() for c in url) or not allowed_link(url)):
        raise ValueError(f"'{url[:60]}' is not an https:// address; give the page's address starting with "
                         "https:// (or leave 'url:' out)")
    return url


Https = Annotated[Text, AfterValidator(_https)]
"""An https:// address an author gives (a source's, a document's): printed, and linked under the link rules."""
