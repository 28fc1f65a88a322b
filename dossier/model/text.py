"""Text in a brief: one-line texts, headings and prose, all free of control characters."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def _printable(value: str) -> str:
    """Refuse control characters, which neither a PDF nor a PPTX can hold."""
    if match := _FORBIDDEN.search(value):
        char = match.group()
        name = unicodedata.name(char, "control character")
        raise ValueError(
            f"contains the control character U+{ord(char):04X} ({name}) at character "
            f"{match.start() + 1}; delete it (it is often pasted in invisibly)"
        )
    return value


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_printable)
]
"""One line of text, with optional inline markup."""

Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), AfterValidator(_printable)
]
"""A heading: one line of text of at most 300 characters, with optional inline markup."""

Prose = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_printable)
]
"""One or more paragraphs separated by a blank line, with optional inline markup."""


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, docstrings document fields."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


def paragraphs(prose: str | None) -> list[str]:
    """Split prose into its paragraphs (blank-line separated), joining wrapped lines."""
    if not prose:
        return []
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", prose) if p.strip()]
