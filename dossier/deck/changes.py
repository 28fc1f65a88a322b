"""The "Changes since …" slide(s) of a brief built with `--since REV` (issue 25).

Right after the summary (or the bottom line), one slide or more titled with the revision's day: the
count line, then the changes grouped by kind (added, removed, retitled, changed, moved), each one short
line: what it is, its name in the language's quotation marks, the field, and old → new for a short
value, or for a long text only its changed words with a little of what surrounds them, a deletion
struck through and an insertion underlined (not told by colour alone). The list is fitted and
continued on '(cont.)' slides like any other; a short list is set larger, so that it does not sit in
the top of the slide. The speaker notes hold the detail: where each change is, where a moved item
was, each value in full and a long text's changes word by word, its deletions and insertions named
by the catalogue's words. With no change, or a brief new since, the slide says so in one line, large.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR

from ..model import Brief
from ..model.changes import Change, Shown, Since, Word
from ..model.localize import quotes
from ..model.markup import Run, to_plain, to_runs
from .fit import Para, fit
from .kinds import layout_bodies
from .slides import BULLET_INDENT, Fitted, Slides, lead
from .textframes import Ink, Styled

SHORT = 60
"""The most characters of a value the slide shows whole ('530 → 541'); a longer one is cut with '…'
(or shown by its changed words), and is whole in the notes."""
CONTEXT = 3
"""The words kept on either side of a long text's changes on the slide."""


@dataclass(frozen=True)
class Marked(Styled):
    """A run of a word-level diff: struck through when deleted, underlined when inserted."""

    strike: bool = False
    underline: bool = False


def slides(d: Slides, brief: Brief) -> None:
    """The 'Changes since …' slide(s), when the brief was built with `--since`; else nothing."""
    since = brief.since
    if since is None:
        return
    language = brief.meeting.language
    title = to_runs(since.heading(d.t, language))
    line = since.line(d.t, language)
    if since.new or not since.changes:
        _one_line(d, title, line)
        return
    paras: list[Para] = [lead(line)]
    notes: list[str] = [since.heading(d.t, language), line]
    for kind, word, found in _groups(d, since, language):
        paras.append(replace(lead(word), runs=(Styled(word, bold=True, color=Ink.ACCENT),)))
        notes.append(word)
        for change, s in found:
            paras.append(Para(_line(d, kind, change, s, language), indent=BULLET_INDENT, space_before=0.45,
                              kind="bullet"))
            notes.append("• " + _note(d, kind, s, language))
    d.content(title, _larger(d, paras), notes)


def _groups(d: Slides, since: Since, language: str) -> list[tuple[str, str, list[tuple[Change, Shown]]]]:
    """Each kind with changes: its key, its word in the brief's language, and its changes, each with
    its words as the brief shows them."""
    return [(found[0].change.kind, word, [(s.change, s) for s in found])
            for word, found in since.shown(d.t, language)]


def _larger(d: Slides, paras: list[Para]) -> list[Para]:
    """The changes at the key messages' size when the whole list fits one slide so; else as they are."""
    scale = d.sz.key_message / d.sz.deck_body
    large = [replace(p, scale=p.scale * scale, _units=None) if p.kind == "bullet" else p for p in paras]
    body = layout_bodies(d, "content")
    if scale > 1 and body and fit(d.themed(large), d.m, body[0].inner(), d.sz.deck_body, d.sz.deck_body) is not None:
        return large
    return paras


def _one_line(d: Slides, title: tuple[Run, ...], line: str) -> None:
    """A slide of one line (nothing changed, or the brief is new): large, in the middle of the body."""
    slide = d.slide("content", [to_plain("".join(r.text for r in title)), line])
    t = d.title(slide, title, "content")
    shape, rect = d.body_rect(slide, t)
    para = Para(to_runs(line), kind="prose")
    largest = d.sz.key_message
    size = fit([para], d.m, rect.inner(), largest, d.sz.deck_body_min)
    fitted = Fitted([para], size) if size is not None else d.fit_block([para], rect, d.sz.deck_body_min,
                                                                        d.sz.deck_body_min)
    d.write_block(slide, shape, rect, fitted, anchor=MSO_ANCHOR.MIDDLE)
    d.cleanup(slide)


# ---------------------------------------------------------------- one change


def _quoted(language: str, text: str) -> str:
    open_, close, _, _ = quotes(language)
    return f"{open_}{text}{close}"


def _arrow(d: Slides) -> str:
    """old → new, pointing the way the language reads (← right to left)."""
    return " ← " if d.writer.rtl else " → "


def _short(text: str, limit: int = SHORT) -> str:
    """`text` cut at a word with '…' when longer than `limit` characters."""
    text = " ".join(to_plain(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,;:") + "…"


def _head(d: Slides, kind: str, s: Shown, language: str, *, where: bool, inner: str | None = None) -> str:
    """What changed: 'Highlight “Energy”', 'Meeting date', 'Point in “Energy”' (`where`: the full place)."""
    text = s.subject
    if s.name and kind != "retitled":
        text += " " + _quoted(language, to_plain(s.name))
    if s.field:
        text += " " + s.field
    if where:
        text += "".join(" " + x for x in (s.where, s.was) if x)
    elif not s.name and inner:  # a point, a paragraph: the item it is in
        text += " " + d.t("change_in", where=_quoted(language, to_plain(inner)))
    return text


def _value(kind: str, s: Shown) -> tuple[str | None, str | None]:
    """The old and new value a change shows (either None when it has none to show)."""
    if kind == "retitled" or kind == "changed":
        return s.old, s.new
    if kind == "added" and s.new and s.new != s.name:
        return None, s.new
    if kind == "removed" and s.old and s.old != s.name:
        return s.old, None
    if kind == "moved" and not s.name and s.new:
        return None, s.new
    return None, None


def _line(d: Slides, kind: str, change: Change, s: Shown, language: str) -> tuple[Run, ...]:
    """One change on the slide, as runs: what (a point with the title of the item it is in), then its
    short value or its changed words."""
    head = _head(d, kind, s, language, where=False, inner=change.where[-1] if change.where else None)
    if kind == "moved" and s.was:
        head += " " + s.was
    old, new = _value(kind, s)
    if old is None and new is None:
        return (Run(head),)
    before, after = d.t.around(head)
    runs: list[Run] = [Run(before)]
    if s.words and kind == "changed" and (len(s.old or "") > SHORT or len(s.new or "") > SHORT):
        runs += _diff_runs(s.words)
    elif old is not None and new is not None:
        runs += [Run(_quoted(language, _short(old))), Run(_arrow(d)), Run(_quoted(language, _short(new)))]
    else:
        runs.append(Run(_quoted(language, _short(old if new is None else new))))
    if after:
        runs.append(Run(after))
    return tuple(runs)


def _diff_runs(words: tuple[Word, ...]) -> list[Run]:
    """A long text's changes: deleted words struck through, inserted ones underlined, a few kept words
    around them, the rest left out with '…'."""
    out: list[Run] = []
    for k, w in enumerate(words):
        text = to_plain(w.text)
        if out:
            out.append(Run(" "))
        if w.op == "-":
            out.append(Marked(text, color=MSO_THEME_COLOR.TEXT_2, strike=True))
        elif w.op == "+":
            out.append(Marked(text, bold=True, color=Ink.ACCENT, underline=True))
        else:
            kept = text.split()
            first, last = k == 0, k == len(words) - 1
            if first and len(kept) > CONTEXT:
                text = "… " + " ".join(kept[-CONTEXT:])
            elif last and len(kept) > CONTEXT:
                text = " ".join(kept[:CONTEXT]) + " …"
            elif not first and not last and len(kept) > 2 * CONTEXT:
                text = " ".join(kept[:CONTEXT]) + " … " + " ".join(kept[-CONTEXT:])
            out.append(Run(text))
    return out


def _note(d: Slides, kind: str, s: Shown, language: str) -> str:
    """One change in the speaker notes, whole: where it is (and was), every value, a long text word by word
    with its deletions and insertions named."""
    head = _head(d, kind, s, language, where=True)
    old, new = _value(kind, s)
    if old is None and new is None:
        return head
    if s.words and kind == "changed":
        named = {"-": d.t("change_deleted"), "+": d.t("change_inserted")}
        value = " ".join(w.text if w.op == "=" else f"[{d.t.pair(named[w.op], _quoted(language, w.text))}]"
                         for w in s.words)
    elif old is not None and new is not None:
        value = _quoted(language, old) + _arrow(d) + _quoted(language, new)
    else:
        value = _quoted(language, old if new is None else new)
    return d.t.pair(head, value)
