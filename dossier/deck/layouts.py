"""Which layout of a master each kind of slide uses.

A role (`title`, `section`, `content`, `two_content`, `closing`) gets, in order:
the layout the theme names for it (`Theme.layouts`), a layout whose name is one
of `LAYOUT_ALIASES[role]`, a layout with the right placeholders, or the layout of
a related role (`FALLBACK`). When a role is still without one, the error lists
the master's layouts and a `layouts:` block to paste into a theme file.
"""

from __future__ import annotations

from typing import Any, Mapping, get_args

from pptx.enum.shapes import PP_PLACEHOLDER

from ..errors import TemplateError
from ..style.theme import Role

ROLES: tuple[str, ...] = get_args(Role)
"""The slide roles the deck needs a layout for."""

LAYOUT_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "title slide", "title page", "cover", "cover slide", "titel", "titelfolie"),
    "section": ("section", "section header", "section title", "section break", "divider",
                "abschnittsüberschrift"),
    "content": ("content", "title and content", "title & content", "title, content",
                "text", "bullets", "titel und inhalt"),
    "two_content": ("two content", "two contents", "two columns", "two column", "comparison",
                    "title and two content", "zwei inhalte"),
    "closing": ("closing", "end", "end slide", "thank you", "final", "closing slide", "abschluss"),
}
"""Layout names tried for each role, case-insensitively, before placeholders are compared."""

FALLBACK = {"section": "title", "closing": "title", "two_content": "content"}
"""A role without a layout of its own borrows the layout of this one."""

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)


def placeholder_types(layout) -> list[PP_PLACEHOLDER]:
    return [ph.placeholder_format.type for ph in layout.placeholders]


def has_title(layout) -> bool:
    return any(t in TITLE_TYPES for t in placeholder_types(layout))


def fits_role(role: str, layout) -> bool:
    """Whether a layout's placeholders suit a role (used when no name matches)."""
    types = placeholder_types(layout)
    bodies = sum(t in BODY_TYPES for t in types)
    title = any(t in TITLE_TYPES for t in types)
    if role == "title":
        return PP_PLACEHOLDER.CENTER_TITLE in types or (title and PP_PLACEHOLDER.SUBTITLE in types)
    if role == "content":
        return title and bodies == 1
    if role == "two_content":
        return title and bodies == 2
    return False


class _Master:
    """A master's layouts, by name, and how to name them in a message."""

    def __init__(self, prs, source: str):
        self.layouts = list(prs.slide_layouts)
        self.by_name = {layout.name.strip().lower(): layout for layout in self.layouts}
        self.names = ", ".join(f'"{layout.name}"' for layout in self.layouts) or "none"
        self.source = source


def resolve_layouts(prs, mapping: Mapping[str, str] | None = None, *,
                    source: str = "the master") -> dict[str, Any]:
    """Pick a layout for every role: explicit mapping, then name, then placeholders.

    `mapping` is `Theme.layouts` (already validated). Raises TemplateError when a
    mapped layout does not exist, a role has no layout, or a chosen layout has no title.
    """
    master = _Master(prs, source)
    chosen = _mapped(master, mapping or {})
    for role in ROLES:
        if role not in chosen:
            found = _by_alias(master, role) or _by_placeholders(master, role)
            if found is not None:
                chosen[role] = found
    _borrow(chosen)
    _check_titles(master, chosen)
    missing = [r for r in ROLES if r not in chosen]
    if missing:
        raise _missing_error(master, missing)
    return chosen


def _mapped(master: _Master, mapping: Mapping[str, str]) -> dict[str, Any]:
    chosen: dict[str, Any] = {}
    for role, name in mapping.items():
        layout = master.by_name.get(name.strip().lower())
        if layout is None:
            raise TemplateError(f'{master.source} has no layout named "{name}" (layouts.{role}); '
                                f"its layouts are: {master.names}")
        chosen[role] = layout
    return chosen


def _by_alias(master: _Master, role: str):
    return next((master.by_name[a] for a in LAYOUT_ALIASES[role] if a in master.by_name), None)


def _by_placeholders(master: _Master, role: str):
    return next((layout for layout in master.layouts if fits_role(role, layout)), None)


def _borrow(chosen: dict[str, Any]) -> None:
    """Fill roles without a layout from related roles; at worst everything uses the content layout."""
    for role, fallback in FALLBACK.items():
        if role not in chosen and fallback in chosen:
            chosen[role] = chosen[fallback]
    if "title" not in chosen and "content" in chosen:
        for role in ("title", "section", "closing"):
            chosen.setdefault(role, chosen["content"])


def _check_titles(master: _Master, chosen: dict[str, Any]) -> None:
    for role in ROLES:
        layout = chosen.get(role)
        if layout is not None and not has_title(layout):
            raise TemplateError(
                f'the layout "{layout.name}" chosen for {role} slides has no title placeholder; '
                f"map another one under layouts: (its layouts are: {master.names})")


def _missing_error(master: _Master, missing: list[str]) -> TemplateError:
    example = "\n".join(f"  {r}: <one of: {master.names}>" for r in missing)
    return TemplateError(
        f"{master.source} has no layout for {', '.join(missing)} slides (looked for names such as "
        f"{', '.join(repr(LAYOUT_ALIASES[r][1]) for r in missing)}, then for a title with one "
        f"content placeholder). Its layouts are: {master.names}. Map them in the theme, e.g.\n"
        f"layouts:\n{example}")
