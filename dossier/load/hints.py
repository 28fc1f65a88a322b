"""What a person probably meant: words they reach for, the shape a list expects, text cut at a comma."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel

SYNONYMS: dict[str, tuple[str, ...]] = {
    "location": ("place",), "city": ("place",), "country": ("party", "place"), "where": ("place",),
    "site": ("venue",), "presidency": ("chair",), "chairman": ("chair",), "chairperson": ("chair",),
    "organisation": ("forum",), "organization": ("forum",), "countries": ("parties", "members"),
    "participants": ("parties", "members", "people"), "delegation": ("delegations",),
    "when": ("date",), "dates": ("date",), "type": ("kind",), "headline": ("title",), "heading": ("title",),
    "name": ("title", "party"), "title": ("role",), "position": ("role",), "function": ("role",),
    "job": ("role",), "intro": ("text",), "body": ("text",), "paragraphs": ("text",), "prose": ("text",),
    "conclusion": ("closing",), "bullets": ("points",), "items": ("points",), "list": ("points",),
    "introduction": ("lead",), "quotation": ("quote",), "statement": ("quote",), "declaration": ("quote",),
    "attribution": ("by",), "author": ("by",), "program": ("programme",), "agenda": ("programme",),
    "schedule": ("programme",), "sessions": ("programme",), "documents": ("agreements",),
    "treaties": ("agreements",), "signed_by": ("signatories",), "signers": ("signatories",),
    "subsections": ("sections",), "topics": ("sections",), "chapter": ("chapters",), "sections": ("chapters",),
    "names": ("people",), "members": ("people",), "upcoming": ("event",), "events": ("event",),
}
"""Words people reach for, and the fields they mean, best first (offered only where that field is allowed)."""

CHAPTER_WORDS = {"conclusion", "conclusions", "outlook", "background", "introduction", "recommendations",
                 "overview", "context", "analysis", "next_steps", "talking_points", "objectives", "issues"}
"""Parts of a brief that people write as a field of their own, where Dossier has a chapter."""


def close(key: str, allowed: list[str]) -> str | None:
    """The allowed field `key` most likely means: a synonym, a close spelling, or a misspelt synonym."""
    key = key.lower()
    meant = _meaning(key, allowed)
    if meant:
        return meant
    spelt = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
    if spelt:
        return spelt[0]
    synonym = difflib.get_close_matches(key, list(SYNONYMS), n=1, cutoff=0.8)
    return _meaning(synonym[0], allowed) if synonym else None


def _meaning(synonym: str, allowed: list[str]) -> str | None:
    return next((field for field in SYNONYMS.get(synonym, ()) if field in allowed), None)


def chapter_form(key: str, value: Any = None) -> str:
    """How to write `key` (say 'recommendations') as the chapter it is, in a line to paste: its text, or
    its points when `value` is a list."""
    title = key.replace("_", " ").strip().capitalize() or "Conclusion"
    content = "points: [ … ]" if isinstance(value, list) else "text: …"
    return f"a part with a heading of its own is a chapter: under 'chapters:', add - {{title: {title}, {content}}}"


def is_chapter_word(key: str) -> bool:
    return key.lower() in CHAPTER_WORDS


def could_be_a_heading(key: str) -> bool:
    """Whether a key reads as a heading a person wrote (words, not symbols or numbers)."""
    return len(key) <= 40 and bool(re.fullmatch(r"[^\W\d_][\w ]*", key))


def example(annotation: Any, depth: int = 0) -> str:
    """A list item of this type, in one line of YAML: '{party: …, people: [{name: …, role: …}]}'."""
    model = unwrap(annotation)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return "…"
    fields = model.model_fields
    shown = [n for n, f in fields.items() if f.is_required()]
    shown += [n for n in fields if n not in shown][: max(0, 2 - len(shown))]
    parts = []
    for name in shown:
        inner = fields[name].annotation
        listed = typing.get_origin(unwrap_optional(inner)) is list
        value = example(inner, depth + 1) if depth < 1 else "…"
        parts.append(f"{name}: [{value}]" if listed else f"{name}: {value}")
    return "{" + ", ".join(parts) + "}"


def unwrap_optional(annotation: Any) -> Any:
    """Strip Optional[...] and Annotated[...], keeping a list a list."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


def unwrap(annotation: Any) -> Any:
    """Strip Optional[...], list[...] and Annotated[...] down to the model inside (a block union stays)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            inner = typing.get_args(annotation)[0]
            if typing.get_origin(inner) in (typing.Union, types.UnionType) and \
                    type(None) not in typing.get_args(inner):
                return annotation  # a block union: resolved by the tag that follows in the location
            annotation = inner
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        elif origin is list:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def split_at_comma(before: str, after: str, gap: str) -> bool:
    """Whether two items of a [ … ] list look like one text cut at the comma between them.

    Either a decimal comma (`1,5`: a digit, a comma and a digit, no space), or a sentence going on
    (`Trade rose, but slowly`: the first item starts with a capital, the second with a small letter,
    and one of them has more than one word). Scripts without case (Arabic) are never suspected.
    """
    if not before or not after:
        return False
    if gap == "," and before[-1].isdigit() and after[0].isdigit():
        return True
    return before[0].isupper() and after[0].islower() and (" " in before or " " in after)
