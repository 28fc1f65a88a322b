"""The theme: colours, fonts and sizes shared by the PDF brief and the deck."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from . import TEMPLATES


Hex = str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Colors(_Strict):
    """RGB colours as six hex digits, without '#'."""

    primary: Hex = Field(pattern=r"^[0-9A-Fa-f]{6}$")
    accent: Hex = Field(pattern=r"^[0-9A-Fa-f]{6}$")
    text: Hex = Field(pattern=r"^[0-9A-Fa-f]{6}$")
    muted: Hex = Field(pattern=r"^[0-9A-Fa-f]{6}$")
    rule: Hex = Field(pattern=r"^[0-9A-Fa-f]{6}$")
    tint: Hex = Field(pattern=r"^[0-9A-Fa-f]{6}$")


class Font(_Strict):
    """A font family and its files, relative to templates/."""

    family: str
    """The family name used in the PDF's CSS."""
    deck_name: str
    """The family name written into the deck (a metric-compatible name)."""
    regular: str
    bold: str | None = None
    italic: str | None = None
    bold_italic: str | None = None

    def file(self, bold: bool = False, italic: bool = False) -> Path:
        """The best file for a style, falling back to regular."""
        name = {
            (False, False): self.regular,
            (True, False): self.bold,
            (False, True): self.italic,
            (True, True): self.bold_italic,
        }[(bold, italic)]
        return TEMPLATES / (name or self.regular)


class Fonts(_Strict):
    heading: Font
    body: Font
    fallback: list[Font] = []


class Sizes(_Strict):
    """Type sizes in points."""

    pdf_body: float
    deck_title: float
    deck_title_min: float
    deck_body: float
    deck_body_min: float


class Theme(_Strict):
    """Colours, fonts and sizes for both outputs."""

    colors: Colors
    fonts: Fonts
    sizes: Sizes
    layouts: dict[str, str] | None = None
    """For a company master (--deck-template): our slide role → its layout's name,
    e.g. {content: 'Title and Text', section: 'Divider'}. Roles: title, section,
    content, two_content, closing."""


def load_theme(path: Path | None = None) -> Theme:
    """Read and validate a theme file (by default, Dossier's own); raise `InvalidInput` on problems."""
    from .load import load_model

    return load_model(path or TEMPLATES / "theme.yaml", Theme)
