"""The theme: colours, fonts and sizes shared by the PDF brief and the deck."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from . import TEMPLATES
from .model.brief import Overrides
from .model.text import Strict

Hex = Annotated[str, StringConstraints(pattern=r"^[0-9A-Fa-f]{6}$")]
"""An RGB colour as six hex digits, without '#'."""


def _font_file(name: str) -> str:
    """A font file must be a file inside templates/: nothing else is read."""
    path = (TEMPLATES / name).resolve()
    if not path.is_relative_to(TEMPLATES.resolve()):
        raise ValueError(f"'{name}' is outside templates/; put the font in templates/fonts/")
    if not path.is_file():
        raise ValueError(f"'{name}' is not a file in templates/")
    return name


FontFile = Annotated[str, AfterValidator(_font_file)]
"""A font file's path, relative to templates/."""

Size = Annotated[float, Field(gt=0, le=200)]
"""A type size in points."""

Role = Literal["title", "section", "content", "two_content", "closing"]
"""A kind of slide the deck needs a layout for."""


class Colors(Strict):
    """The palette both outputs use."""

    primary: Hex
    """Titles, rules, the title slide."""
    accent: Hex
    """Numbers and highlights."""
    text: Hex
    """Body text."""
    muted: Hex
    """Secondary text: footers, labels."""
    rule: Hex
    """Lines and borders."""
    tint: Hex
    """Card and table backgrounds."""


class Font(Strict):
    """A font family and its files."""

    family: str
    """The family name used in the PDF's CSS."""
    deck_name: str
    """The family name written into the deck (a metric-compatible name)."""
    regular: FontFile
    """The upright file; also used for a style whose file is not given."""
    bold: FontFile | None = None
    """The bold file."""
    italic: FontFile | None = None
    """The italic file."""
    bold_italic: FontFile | None = None
    """The bold italic file."""

    def file(self, bold: bool = False, italic: bool = False) -> Path:
        """The best file for a style, falling back to regular."""
        name = {
            (False, False): self.regular,
            (True, False): self.bold,
            (False, True): self.italic,
            (True, True): self.bold_italic,
        }[(bold, italic)]
        return TEMPLATES / (name or self.regular)


class Fonts(Strict):
    """The fonts of headings, body text, and scripts those lack (e.g. Arabic for Urdu)."""

    heading: Font
    """Headings in the PDF; all text in the deck."""
    body: Font
    """Body text in the PDF."""
    fallback: list[Font] = []
    """Fonts for characters the others lack, in order."""
    languages: dict[str, Font] = {}
    """A font set first for briefs in a language (its primary subtag), e.g. ur: Noto Nastaliq Urdu."""


class Sizes(Strict):
    """Type sizes in points."""

    pdf_body: Size
    """The PDF's body text."""
    deck_title: Size
    """Slide titles."""
    deck_title_min: Size
    """The floor a long title may shrink to."""
    deck_body: Size
    """Slide bullets."""
    deck_body_min: Size
    """The floor before a list continues on a new slide."""

    @model_validator(mode="after")
    def _floors_below_sizes(self) -> Sizes:
        for size, floor in (("deck_title", "deck_title_min"), ("deck_body", "deck_body_min")):
            if getattr(self, floor) > getattr(self, size):
                raise ValueError(f"{floor} ({getattr(self, floor):g}) is larger than {size} "
                                 f"({getattr(self, size):g}); a floor must not exceed its size")
        return self


class Theme(Strict):
    """Colours, fonts and sizes for both outputs."""

    colors: Colors
    """The palette."""
    fonts: Fonts
    """The fonts, shipped in templates/fonts/."""
    sizes: Sizes
    """Type sizes."""
    labels: Overrides = {}
    """Dossier's own words renamed in every brief, e.g. {briefing_note: Note for the Minister}."""
    layouts: dict[Role, str] = {}
    """For a company master (--deck-template): a slide role → the name of its layout, e.g.
    {content: 'Title and Text', section: 'Divider'}."""


def load_theme(path: Path | None = None) -> Theme:
    """Read and validate a theme file (by default, Dossier's own); raise `InvalidInput` on problems."""
    from .load import load_model

    return load_model(path or TEMPLATES / "theme.yaml", Theme)
