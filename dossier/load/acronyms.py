"""Acronyms a brief uses and its glossary does not spell out: `check`'s warnings.

An acronym is a word in capitals of two letters or more (EAEU, SCO), or one capital and digits (G20,
COP28), of at most `LONGEST` characters; Roman numerals (II, XIV) are not. A term of the glossary
covers every acronym in it ('SCO RATS' covers both).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

Loc = tuple[str | int, ...]

LONGEST = 8
"""The longest acronym looked for: longer words in capitals are emphasis or a classification."""
SKIPPED = frozenset({"glossary", "labels", "classification", "language", "src", "csv", "format", "align", "url",
                     "alt"})
"""Fields whose text is not the brief's prose: names of files, codes, Dossier's own words."""
_WORD = re.compile(r"\w+")
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


def is_acronym(word: str) -> bool:
    letters = sum(c.isalpha() for c in word)
    return (2 <= len(word) <= LONGEST and word[0].isalpha() and word.upper() == word and word.lower() != word
            and (letters >= 2 or word[letters:].isdigit()) and not _ROMAN.fullmatch(word))


def acronyms(text: str) -> Iterator[str]:
    """The acronyms in `text`, in order."""
    return (w for w in _WORD.findall(text) if is_acronym(w))


def undefined(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(place, acronym) for the first use of each acronym of `data` (a brief as written, in reading
    order) that its glossary does not spell out; none for a brief without a glossary."""
    glossary = data.get("glossary") if isinstance(data, dict) else None
    if not isinstance(glossary, list) or not glossary:
        return
    known = {a for t in glossary if isinstance(t, dict) and isinstance(t.get("term"), str) for a in acronyms(t["term"])}
    for place, text in _texts(data, loc):
        for word in acronyms(text):
            if word not in known:
                known.add(word)
                yield place, word


def _texts(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, list):
        for k, item in enumerate(data):
            yield from _texts(item, loc + (k,))
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in SKIPPED:
                yield from _texts(value, loc + (key,))
