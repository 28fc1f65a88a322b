"""Top-level parts written out as the chapters they stand for (`dossier.model.shorthand`).

`expand` returns the data in its long form, where each new place came from (so a problem inside
`highlights:` is reported where the author wrote it), and a message for each part that cannot be a
chapter, showing the chapter to paste instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model.shorthand import PARTS, SHORTHAND
from . import syntax

Loc = tuple[str | int, ...]

ITEMS = {"highlights": "{title: …, points: [ … ]}", "agreements": "{title: …, signatories: [ … ]}",
         "programme": "{when: …, what: …}", "members": "a name",
         "risks": "{risk: …, likelihood: …, impact: …}", "resolutions": "{title: …, for: …, against: …, result: …}"}
"""One item of each top-level block's list, as the messages show it."""


def expand(data: dict[str, Any], title: Callable[[str], str]) -> tuple[dict[str, Any], dict[Loc, Loc], list[tuple[Loc, str]]]:
    """`data` with its top-level parts as chapters, titled by `title(key)`, in the order written;
    {place in the result: place written} for what moved; and (place written, message) for each part
    that cannot be a chapter."""
    if not any(key in SHORTHAND for key in data) or not isinstance(data.get("chapters", []), list):
        return data, {}, []
    out: dict[str, Any] = {}
    chapters: list[Any] = []
    moved: dict[Loc, Loc] = {}
    problems: list[tuple[Loc, str]] = []
    for key, value in data.items():
        if key not in SHORTHAND and key != "chapters":
            out[key] = value
            continue
        out.setdefault("chapters", chapters)
        if key == "chapters":
            for k, chapter in enumerate(value):
                moved[("chapters", len(chapters))] = ("chapters", k)
                chapters.append(chapter)
            continue
        here: Loc = ("chapters", len(chapters))
        chapter = _chapter(key, value, title(key), here, moved)
        if isinstance(chapter, str):
            problems.append(((key,), chapter))
        else:
            moved[here] = (key,)
            chapters.append(chapter)
    return out, {new: old for new, old in moved.items() if new != old}, problems


def _chapter(key: str, value: Any, title: str, here: Loc, moved: dict[Loc, Loc]) -> dict[str, Any] | str:
    """The chapter `key: value` stands for, or what to write instead."""
    if key in PARTS:
        if isinstance(value, str) and value.strip():
            moved[here + ("text",)] = (key,)
            return {"title": title, "text": value}
        if isinstance(value, list) and value:
            moved[here + ("points",)] = (key,)
            return {"title": title, "points": value}
        if isinstance(value, dict) and value:
            return {"title": title, **value}
        return (f"'{key}:' is empty; write its text after it, or a list of points, or remove it "
                f"(it stands for the chapter - {{title: {title}, text: …}})")
    if isinstance(value, list) and value:
        moved.update({here + ("blocks",): (key,), here + ("blocks", 0): (key,), here + ("blocks", 0, key): (key,)})
        return {"title": title, "blocks": [{key: value}]}
    if isinstance(value, dict) and key in value:
        moved.update({here + ("blocks",): (key,), here + ("blocks", 0): (key,)})
        return {"title": title, "blocks": [value]}
    item = ITEMS[key]
    if isinstance(value, str) and value.strip():
        text = " ".join(value.split())  # one line: a message is one line
        text = text if len(text) <= 40 else text[:40].rstrip() + "…"
        return (f"a top-level '{key}:' is a list, each item on a line of its own: - {item}; for text under the "
                f"heading '{title}', add a chapter under 'chapters:': - {{title: {title}, text: {syntax.quoted(text)}}}")
    return (f"a top-level '{key}:' is a list, each item on a line of its own: - {item}; or add a chapter under "
            f"'chapters:': - {{title: {title}, blocks: [{{{key}: [{item}]}}]}}")


def original(loc: Loc, moved: dict[Loc, Loc]) -> Loc:
    """Where the author wrote what is now at `loc`: the longest moved place it starts with, put back."""
    for n in range(len(loc), 0, -1):
        if (old := moved.get(loc[:n])) is not None:
            return old + loc[n:]
    return loc
