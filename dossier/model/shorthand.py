"""The shape people write first: a part at the top of a brief that stands for a chapter.

`conclusion: …` at the top level is a chapter titled "Conclusion" in the brief's language, holding
that text (a list: those points; a mapping: a chapter's fields); `highlights: […]` is a chapter
"Highlights" holding that highlights block. They take their places among `chapters:` in the order
written. The loader (`dossier.load.shorthand`) writes them out, titled from the label of the same name.
"""

from __future__ import annotations

PARTS: dict[str, str] = {
    "background": "A chapter 'Background': its text, a list of points, or a chapter's fields (text, lead, points, closing).",
    "outlook": "A chapter 'Outlook': its text, a list of points, or a chapter's fields.",
    "conclusion": "A chapter 'Conclusion': its text, a list of points, or a chapter's fields.",
    "next_steps": "A chapter 'Next steps': its text, a list of points, or a chapter's fields.",
}
"""Top-level parts of prose, each a chapter titled by the label of its name."""

BLOCKS: dict[str, str] = {
    "highlights": "A chapter 'Highlights' holding these highlights, as numbered cards.",
    "agreements": "A chapter 'Agreements' holding this table of documents signed.",
    "programme": "A chapter 'Programme' holding these sessions.",
    "members": "A chapter 'Members' holding this grid of names.",
}
"""Top-level blocks, each a chapter titled by the label of its name that holds the block."""

SHORTHAND = {**PARTS, **BLOCKS}
"""Every top-level key that stands for a chapter, with what it means."""
