"""A company master, checked and cleaned before python-pptx reads it.

`clean_master` reads the zip directory first (member sizes and their total are
bounded before any member is read), then walks the package from its root
relationships and writes a new package of only the parts a deck can use:

- no macros (vbaProject, macro-enabled content types), ActiveX controls or OLE objects;
- no relationship to anything outside the file (a picture, a video, an OLE link), except
  text hyperlinks to https: and mailto: addresses, as in a brief's text: others are dropped
  (their text stays), and so is every click action but a jump within the deck or to a link
  (none runs a macro, a program or an OLE verb), read from the parsed XML as PowerPoint reads it;
- no DOCTYPE or entity in any XML part, no SVG picture that refers outside itself,
  no picture of absurd size;
- no sample slides, thumbnail, custom XML or other part nothing in a deck refers to;
- a slide size, and a sane one.

Every refusal is a TemplateError that names the master and the part.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from ..errors import TemplateError

MAX_FILE_BYTES = 50 * 2**20
"""The largest master file, and the most its parts may expand to, together."""
MAX_PARTS = 5000
MAX_PIXELS = 40_000_000
EMU_PER_INCH = 914400
SLIDE_MIN = (4.0, 2.25)
SLIDE_MAX = 56.0
"""Slide sizes in inches: the smallest Dossier lays out, and the largest PowerPoint allows."""

_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_XLINK = "http://www.w3.org/1999/xlink"
_REL = f"{{{_PKG}}}Relationship"

_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
}
_FORBIDDEN_TYPES = ("vbaProject", "vbaProjectSignature", "oleObject", "control", "activeXControl",
                    "activeXControlBinary", "wordVbaData", "keyMapCustomizations")
"""Relationship types (their last segment) a master may not carry: macros, ActiveX and OLE."""
_FORBIDDEN_CONTENT = re.compile(r"macroEnabled|vbaProject|activeX|oleObject|ms-office\.vba", re.IGNORECASE)
_UNUSED_TYPES = ("thumbnail", "custom-properties", "customXml", "commentAuthors", "origin", "slide",
                 "printerSettings")
"""Relationship types whose parts no deck needs: they are left out (sample slides, thumbnails, custom XML …)."""
_LINKS = re.compile(r"^(?:https://|mailto:)", re.IGNORECASE)
_LINK_ELEMENTS = ("hlinkClick", "hlinkHover", "hlinkMouseOver")
_ACTIONS = re.compile(r"ppaction://(?:hlinkshowjump|hlinksldjump|hlinkpres|hlinkfile|customshow|noaction|media)"
                      r"(?:\?[^\s]*)?", re.IGNORECASE)
"""The click actions a master may keep (a jump to a slide or a show, a link, media); every other
(`ppaction://macro`, `program`, `ole` and whatever else) is removed from every part."""
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def clean_master(path: Path, source: str) -> bytes:
    """The master at `path` as a clean .pptx package in memory; `source` names it in messages."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise TemplateError(f"{source}: the master is larger than {MAX_FILE_BYTES // 2**20} MB")
        with zipfile.ZipFile(path) as package:
            return _Cleaner(package, source).run()
    except FileNotFoundError:
        raise TemplateError(f"{source}: no such master deck") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, RuntimeError,
            zlib.error) as error:  # RuntimeError: an encrypted member
        raise TemplateError(f"{source}: not a PowerPoint file (a damaged or foreign zip: {error})") from None
    except OSError as error:
        raise TemplateError(f"{source}: cannot be read: {error.strerror or error}") from None


def _without_actions(root: etree._Element) -> bool:
    """Remove the links whose click action is not one a master may keep; whether any was removed.

    The attribute is read parsed, so `ppaction&#x3a;//program` is `ppaction://program`."""
    removed = [element for element in root.iter(*(f"{{*}}{e}" for e in _LINK_ELEMENTS))
               if (action := element.get("action")) and not _ACTIONS.fullmatch(action)]
    for element in removed:
        element.getparent().remove(element)
    return bool(removed)


class _Cleaner:
    """One pass over one master package."""

    def __init__(self, package: zipfile.ZipFile, source: str):
        self.zip, self.source = package, source
        self.names = self._directory()
        self.out: dict[str, bytes] = {}

    def fail(self, message: str) -> TemplateError:
        return TemplateError(f"{self.source}: {message}")

    def _directory(self) -> set[str]:
        """The members' names, after checking their declared sizes: nothing is read yet."""
        infos = self.zip.infolist()
        if len(infos) > MAX_PARTS:
            raise self.fail(f"has {len(infos)} parts; a master has at most {MAX_PARTS}")
        names: set[str] = set()
        total = 0
        for info in infos:
            if info.filename in names:
                raise self.fail(f"holds the part {info.filename} twice; save the master again")
            names.add(info.filename)
            total += info.file_size
            if info.file_size > MAX_FILE_BYTES or total > MAX_FILE_BYTES:
                raise self.fail(f"expands to more than {MAX_FILE_BYTES // 2**20} MB (a zip bomb, or pictures "
                                f"far larger than a master needs; {info.filename} alone is "
                                f"{info.file_size / 2**20:,.0f} MB)")
            if _FORBIDDEN_CONTENT.search(info.filename):
                raise self.fail(f"carries macros, ActiveX controls or OLE objects ({info.filename}); Dossier "
                                "takes none of them: save the master as a plain .pptx or .potx without them")
        return names

    def read(self, name: str) -> bytes:
        if name not in self.names:
            raise self.fail(f"the part {name} is missing; save the master again from PowerPoint")
        return self.zip.read(name)

    def xml(self, name: str, data: bytes | None = None) -> etree._Element:
        """A part parsed safely: no DTD, no entities, no network."""
        data = self.read(name) if data is None else data
        if re.search(rb"<!(?:DOCTYPE|ENTITY)", data, re.IGNORECASE) or b"\x00<\x00!" in data:
            raise self.fail(f"{name} declares a DOCTYPE or entities, which no PowerPoint file needs and "
                            "Dossier refuses; save the master again from PowerPoint")
        try:
            tree = etree.parse(io.BytesIO(data), _PARSER)
        except etree.XMLSyntaxError as error:
            raise self.fail(f"{name} is not well-formed XML ({error}); save the master again") from None
        if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
            raise self.fail(f"{name} declares a DOCTYPE or entities; save the master again from PowerPoint")
        return tree.getroot()

    # -- the walk

    def run(self) -> bytes:
        types = self._content_types()
        pending = [""]  # the package root
        seen = {""}
        while pending:
            part = pending.pop()
            for target in self._relationships(part, types):
                if target not in seen:
                    seen.add(target)
                    pending.append(target)
        for part in sorted(seen - {""}):
            self._copy(part, types.get(part, ""))
        self.out["[Content_Types].xml"] = self._relabelled(self.read("[Content_Types].xml"))
        return self._zip()

    def _content_types(self) -> dict[str, str]:
        """Each part's content type, from [Content_Types].xml; macro types are refused here."""
        root = self.xml("[Content_Types].xml")
        defaults = {e.get("Extension", "").lower(): e.get("ContentType", "") for e in root.iter(f"{{{_CT}}}Default")}
        types = {name: defaults.get(name.rsplit(".", 1)[-1].lower(), "") for name in self.names}
        for e in root.iter(f"{{{_CT}}}Override"):
            types[e.get("PartName", "").lstrip("/")] = e.get("ContentType", "")
        for name, kind in [*types.items(), *((f"*.{k}", v) for k, v in defaults.items())]:
            if _FORBIDDEN_CONTENT.search(kind):
                raise self.fail(f"carries macros or ActiveX ({name}: {kind}); Dossier takes no "
                                "macro-enabled master: save it as a plain .pptx or .potx")
        return types

    def _relationships(self, part: str, types: dict[str, str]) -> list[str]:
        """Check and clean `part`'s relationships; return the internal parts they lead to."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{base}.rels")
        if rels not in self.names:
            if part == "":
                raise self.fail("is not a PowerPoint file (it has no _rels/.rels)")
            return []
        root = self.xml(rels)
        targets, dropped_links = [], set()
        for rel in list(root.iter(_REL)):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            where = part or "the package"
            if kind in _FORBIDDEN_TYPES:
                raise self.fail(f"{where} carries an OLE object, ActiveX control or macro ({kind}); "
                                "Dossier takes no such master: remove it and save the master again")
            if rel.get("TargetMode") == "External":
                if kind == "hyperlink":
                    if not _LINKS.match(target.strip()):
                        dropped_links.add(rel.get("Id"))
                        root.remove(rel)
                    continue
                raise self.fail(f"{where} refers to an outside file for its {kind} ({target[:80]}); "
                                "PowerPoint would fetch it whenever the deck is opened: embed the "
                                f"{kind} in the master or remove it")
            if kind in _UNUSED_TYPES and (part == "" or types.get(part) in _MAIN_TYPES):
                root.remove(rel)
                continue
            name = self._resolve(folder, target, where)
            if kind == "officeDocument" and types.get(name) not in _MAIN_TYPES:
                raise self.fail(f"is not a presentation or template ({types.get(name) or 'no main part'})")
            targets.append(name)
        if part and dropped_links:
            self.out[part] = self._unlinked(part, dropped_links)
        self.out[rels] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return targets

    def _resolve(self, folder: str, target: str, where: str) -> str:
        target = unquote(target.split("#", 1)[0])
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        if name.startswith("../") or name not in self.names:
            raise self.fail(f"{where} points at a part that is not in the file ({target[:80]}); "
                            "save the master again from PowerPoint")
        return name

    def _unlinked(self, part: str, ids: set[str]) -> bytes:
        """The part without the hyperlinks whose targets were dropped (their text stays)."""
        root = self.xml(part)
        for element in list(root.iter(*(f"{{*}}{e}" for e in _LINK_ELEMENTS))):
            if element.get(f"{{{_R}}}id") in ids:
                element.getparent().remove(element)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # -- the parts

    def _copy(self, part: str, kind: str) -> None:
        data = self.out.get(part) or self.read(part)  # a part whose hyperlinks were dropped is already here
        if kind in _MAIN_TYPES:
            data = self._presentation(part, data)
        elif kind == "image/svg+xml" or part.lower().endswith(".svg"):
            self._check_svg(part, data)
        elif kind.startswith("image/"):
            self._check_picture(part, data)
        elif kind.endswith("xml") or part.endswith((".xml", ".rels", ".vml")):
            root = self.xml(part, data)
            if _without_actions(root):
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        self.out[part] = data

    def _presentation(self, part: str, data: bytes) -> bytes:
        """The main part without its sample slides, custom shows and click actions; its slide size checked."""
        root = self.xml(part, data)
        _without_actions(root)  # its default text style may carry a link
        for name in ("sldIdLst", "custShowLst"):
            for element in root.findall(f"{{{_P}}}{name}"):
                for child in list(element):
                    element.remove(child)
        size = root.find(f"{{{_P}}}sldSz")
        if size is None:
            raise self.fail("has no slide size (no <p:sldSz> in ppt/presentation.xml); open it in "
                            "PowerPoint, set Design → Slide Size, and save it again")
        try:
            width, height = (int(size.get(a, "")) / EMU_PER_INCH for a in ("cx", "cy"))
        except ValueError:
            raise self.fail("has a slide size that is not a number; set Design → Slide Size again") from None
        if width < SLIDE_MIN[0] or height < SLIDE_MIN[1] or max(width, height) > SLIDE_MAX:
            raise self.fail(f"has slides of {width:.2f} × {height:.2f} in; Dossier lays out slides from "
                            f"{SLIDE_MIN[0]:g} × {SLIDE_MIN[1]:g} in to {SLIDE_MAX:g} in on a side")
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _check_svg(self, part: str, data: bytes) -> None:
        """An SVG picture may refer only to itself: no outside images, stylesheets or scripts."""
        root = self.xml(part, data)
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            local = etree.QName(element).localname
            texts = [*element.attrib.items()] + ([("style", element.text or "")] if local == "style" else [])
            for attribute, value in texts:
                attribute = etree.QName(attribute).localname if attribute.startswith("{") else attribute
                outside = (attribute == "href" and not value.strip().startswith("#")) or re.search(
                    r"url\(\s*['\"]?\s*(?!#)|@import", value, re.IGNORECASE)
                if local == "script" or outside:
                    raise self.fail(f"{part} is an SVG picture that refers to something outside it "
                                    f"({value.strip()[:60]!r}); use a PNG instead")

    def _check_picture(self, part: str, data: bytes) -> None:
        from PIL import Image

        try:
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
        except Exception:  # a format Pillow does not know (EMF, say): not decoded here, left as it is
            return
        if width * height > MAX_PIXELS:
            raise self.fail(f"{part} is a picture of {width}×{height} pixels; the limit is "
                            f"{MAX_PIXELS // 1_000_000} megapixels: scale it down")

    def _relabelled(self, data: bytes) -> bytes:
        """[Content_Types].xml with a template's main part labelled as a presentation's."""
        return data.replace(b"presentationml.template.main+xml", b"presentationml.presentation.main+xml")

    def _zip(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for name in sorted(self.out, key=lambda n: (n != "[Content_Types].xml", n)):
                package.writestr(name, self.out[name])
        return out.getvalue()
