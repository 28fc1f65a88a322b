"""What rendered markup may link to and load, and the HTML cleaned to that.

One policy for every output: a link (`href`, `xlink:href`) may go to `https:`, `mailto:` or a
place in the page (`#…`); a resource (a picture, a stylesheet's `url()` or `@import`) may be a
data: URL or a file that `refused_resource` lets through (inside templates/ or data/, nothing
hidden). WeasyPrint's fetcher (`dossier.pdf.fetch`), the check of a project's stylesheet and
`clean_html` all ask these functions. Nothing here imports WeasyPrint.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import dossier

from ..errors import InvalidInput, Problem, RenderError, TemplateError, display_path
from ..load.files import hidden
from ..model.markup import INVISIBLE, allowed_link  # noqa: F401 - the one link policy, re-exported

_JAVASCRIPT = re.compile(r"javascript:|vbscript:|expression\(", re.IGNORECASE)
_LOADING = frozenset({"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade", "-webkit-cross-fade"})
"""CSS functions whose strings are URLs a browser loads."""


def base_url() -> str:
    """Where relative URLs in the page and its stylesheets point: the templates folder in use."""
    return dossier.TEMPLATES.as_uri() + "/"


def refused_resource(url: str) -> str | None:
    """Why rendering may not load `url` (relative to the templates), or None when it may.

    Allowed: data: URLs, and regular files inside templates/ or data/ with no hidden part
    (`.git/config` is refused even inside them).
    """
    parts = urlsplit(urljoin(base_url(), url.strip()))
    scheme = parts.scheme.lower()
    if scheme == "data":
        return None
    if scheme == "file" and parts.netloc in ("", "localhost"):
        path = Path(unquote(parts.path)).resolve()
        for root in (dossier.TEMPLATES.resolve(), dossier.DATA.resolve()):
            if path.is_relative_to(root):
                if hidden(path.relative_to(root)):
                    return f"refused to load {url!r}: it is a hidden file or in a hidden folder"
                return None if path.is_file() else f"refused to load {url!r}: no such file"
    return f"refused to load {url!r}: only data: URLs and files in templates/ or data/ are allowed"


def css_problems(css: str) -> list[tuple[int, int, str]]:
    """Each `@import` or `url()` in a stylesheet that rendering would refuse, as (line, column, why)."""
    import tinycss2

    found: list[tuple[int, int, str]] = []

    def urls_of(token) -> list | None:
        """What a token loads, as the tokens that name it: url(…), every string of a function that
        loads (image-set("…"), cross-fade("…", "…")…), an @import's target; None if it loads nothing."""
        if token.type == "url":
            return [token]
        if token.type == "function" and token.lower_name in _LOADING:
            arguments = token.arguments
        elif token.type == "at-rule" and token.lower_at_keyword == "import":
            arguments = token.prelude
        else:
            return None
        return [found for t in arguments
                for found in ([t] if t.type in ("string", "url") else urls_of(t) or [])]

    def walk(tokens) -> None:
        for token in tokens:
            if (urls := urls_of(token)) is not None:
                for url in urls:
                    if why := refused_resource(url.value):
                        found.append((token.source_line, token.source_column, why))
            elif isinstance(value := getattr(token, "value", None), str) and _JAVASCRIPT.search(value):
                found.append((token.source_line, token.source_column, "script is not allowed in a stylesheet"))
            else:
                for inner in ("prelude", "content", "arguments"):
                    walk(getattr(token, inner, None) or [])

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    for match in re.finditer(r"</style", css, re.IGNORECASE):  # it would end the HTML edition's <style>
        line = css.count("\n", 0, match.start()) + 1
        found.append((line, match.start() - css.rfind("\n", 0, match.start()), "'</style' may not appear in a stylesheet"))
    return sorted(found)


def read_css(path: Path) -> str:
    """A stylesheet of the templates folder, refused (every problem with its line and column)
    when it loads what rendering may not: the build and `check` both read brief.css through this."""
    name = display_path(path)
    try:
        css = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateError(f"{name} cannot be read: {getattr(error, 'strerror', None) or error}") from None
    if problems := css_problems(css):
        raise InvalidInput([Problem(name, line, column, why) for line, column, why in problems])
    return css


_DROP = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "link",
    "noscript", "noembed", "noframes", "xmp", "plaintext", "template", "portal", "foreignObject",
})
"""Elements removed with everything in them: they run code, embed or fetch, or parse differently."""
_RESOURCES = frozenset({"src", "poster", "background", "data", "lowsrc", "dynsrc"})
"""Attributes that load a file: allowed as `refused_resource` says."""
_NEVER = frozenset({"srcset", "ping", "action", "formaction", "manifest", "codebase", "archive"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
_XLINK = "{http://www.w3.org/1999/xlink}"


def clean_html(html: str) -> str:
    """The page without active content (see the module's rules), written out from the cleaned tree
    and checked again.

    It is parsed as WeasyPrint parses it (HTML5, with tinyhtml5), and always written out from that
    tree, never passed on as written: a browser that parses some markup otherwise (tags inside a
    <select>, a page declared in another character set) sees only what was checked. The page
    declares UTF-8, its real encoding, first thing in its <head>.
    """
    return clean_page(html)[0]


def clean_page(html: str) -> tuple[str, ET.Element]:
    """`clean_html`'s page, and the tree it was checked as: that text parsed exactly as WeasyPrint's
    `HTML(string=…)` parses it (tinyhtml5 reading a `StringIO`, HTML elements without a namespace),
    so the PDF lays out this tree instead of parsing the text a third time."""
    import tinyhtml5

    root = tinyhtml5.parse(html, namespace_html_elements=False)
    _clean(root)
    head = root.find("head")
    for meta in [m for m in head if isinstance(m.tag, str) and _local(m.tag) == "meta" and "charset" in m.attrib]:
        head.remove(meta)
    head.insert(0, ET.Element("meta", {"charset": "utf-8"}))
    cleaned = "<!DOCTYPE html>\n" + _serialise(root)
    checked = tinyhtml5.parse(StringIO(cleaned), namespace_html_elements=False)
    if _clean(checked):
        raise RenderError("the page's HTML could not be made safe; simplify the templates")
    return cleaned, checked


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _clean(element: ET.Element) -> bool:
    """Remove what is not allowed from `element`'s subtree; return whether anything was."""
    changed = False
    for child in list(element):
        if not isinstance(child.tag, str):  # a comment or processing instruction
            continue
        name = _local(child.tag)
        if (name in _DROP or name.lower() in _DROP
                or (name == "meta" and _foreign_meta(child))
                or (name == "style" and (css_problems(child.text or "") or "</style" in (child.text or "").lower()))):
            tail, index = child.tail, list(element).index(child)
            element.remove(child)
            if tail:  # the text after the element stays
                if index:
                    element[index - 1].tail = (element[index - 1].tail or "") + tail
                else:
                    element.text = (element.text or "") + tail
            changed = True
            continue
        for attribute, value in list(child.attrib.items()):
            if not _attribute_allowed(name, _local(attribute).lower(), value):
                del child.attrib[attribute]
                changed = True
        changed = _clean(child) or changed
    return changed


def _foreign_meta(meta: ET.Element) -> bool:
    """A <meta> that acts on the page (http-equiv: a refresh, a cookie) or declares another encoding."""
    attributes = {key.lower(): value for key, value in meta.attrib.items()}
    return "http-equiv" in attributes or attributes.get("charset", "utf-8").strip().lower() != "utf-8"


def _attribute_allowed(element: str, name: str, value: str) -> bool:
    """Whether `element` may keep its attribute `name` with `value`. An `href` is a link on <a> and
    <area>; on anything else (SVG's <image>, <use>, <feImage>) it loads a resource."""
    if (not _ATTRIBUTE.fullmatch(name) or name.startswith("on") or name in _NEVER
            or _JAVASCRIPT.search(INVISIBLE.sub("", value))):
        return False
    if name == "href" and element.lower() in ("a", "area"):
        return allowed_link(value)
    if name in _RESOURCES or name == "href":
        return refused_resource(value) is None
    if name == "rel":
        return "attachment" not in value.lower()
    if name == "style":
        return not css_problems(f"x{{{value}}}")
    return True


def _serialise(element: ET.Element) -> str:
    """An element as HTML: text and attribute values escaped; <style> kept as it is (checked)."""
    if not isinstance(element.tag, str):
        return f"<!--{(element.text or '').replace('--', '- -')}-->" + _escape(element.tail or "")
    name = _local(element.tag)
    attributes = "".join(
        f' {"xlink:" if key.startswith(_XLINK) else ""}{_local(key)}="{_escape(value, quote=True)}"'
        for key, value in element.attrib.items())
    if name in _VOID:
        inner = ""
        end = ""
    else:
        text = element.text or ""
        inner = (text if name == "style" else _escape(text)) + "".join(map(_serialise, element))
        end = f"</{name}>"
    return f"<{name}{attributes}>{inner}{end}" + _escape(element.tail or "")


_ATTRIBUTE = re.compile(r"[a-z_][a-z0-9_.:-]*")
"""An attribute's name as markup writes one (anything else was a parse of broken markup)."""
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters: no page needs them, and some switch a browser's decoder (ISO-2022-JP's ESC)."""


def _escape(text: str, quote: bool = False) -> str:
    text = _CONTROLS.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text
