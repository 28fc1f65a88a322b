"""The .pptx package: opening a master, properties, deterministic bytes, a structural check.

Everything here is about the file, not the slides: `open_master` reads a .pptx or
.potx that `sanitize` has checked and cleaned, `set_core_properties` writes metadata without clock dates, `app_properties`
the extended properties, `normalize_zip` fixes timestamps and entry order so the
same input gives the same bytes, and `problems` is the check every deck passes
before it is written. `PartNames` gives new parts their names in constant time, `SlideIds` new
slides their ids.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter

from ..errors import TemplateError, display_path
from .sanitize import clean_master

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
"""The timestamp of every entry of a package Dossier writes."""

_CLOCK_DATES = ("}created", "}modified", "}lastPrinted")
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


# ---------------------------------------------------------------- reading


def open_master(path: Path):
    """A Presentation from a .pptx or .potx master, checked and cleaned (see `sanitize`), without slides.

    Raises TemplateError when the file is missing, unsafe or unreadable.
    """
    path = Path(path)
    source = display_path(path)
    clean = clean_master(path, source)
    try:
        prs = Presentation(io.BytesIO(clean))
    except Exception as error:  # python-pptx raises a variety of errors on bad files
        raise TemplateError(f"{source}: not a PowerPoint file python-pptx can read ({error})") from None
    drop_slides(prs)
    PartNames.install(prs.part.package)
    NewTargets.install(prs.part.rels)
    SlideIds.install(prs)
    return prs


def drop_slides(prs) -> None:
    """A company master may carry sample slides: the deck starts empty."""
    ids = prs.slides._sldIdLst
    for entry in list(ids):
        prs.part.drop_rel(entry.rId)
        ids.remove(entry)


class PartNames:
    """python-pptx's `next_partname` in constant time, with the very names it would choose.

    python-pptx walks every part of the package to name each new notes page or chart, so a
    deck of n slides costs n² (python-pptx #644). This scans once per name pattern and then
    remembers the names it gave. Parts are only ever added while a deck is built (slides
    are dropped when the master is opened, before any name is given), so what it remembers
    is what a walk would find.
    """

    def __init__(self, package):
        self.package = package
        self.taken: dict[str, set[str]] = {}

    @classmethod
    def install(cls, package) -> None:
        """Name `package`'s new parts with a PartNames (the package's own method, shadowed)."""
        package.next_partname = cls(package).next_partname

    def next_partname(self, tmpl: str) -> PackURI:
        """The name python-pptx gives: the highest free `tmpl % n` with n at most one more than those taken."""
        prefix = tmpl[: (tmpl % 42).find("42")]
        taken = self.taken.get(prefix)
        if taken is None:  # the one walk over the package, for this pattern
            taken = self.taken[prefix] = {p.partname for p in self.package.iter_parts()
                                          if p.partname.startswith(prefix)}
        for n in range(len(taken) + 1, 0, -1):
            name = tmpl % n
            if name not in taken:
                taken.add(name)
                return PackURI(name)
        raise AssertionError("no free part name")  # pragma: no cover - n + 1 candidates, n taken


class SlideIds:
    """python-pptx's `add_slide` with the new slide's id found in constant time: the very id it would give.

    python-pptx reads every slide's id to number a new slide (the highest plus one), so a deck of n
    slides costs n². Once the master's own slides are dropped, slides are only appended with that id,
    or taken back: the ids rise along the list, and the highest is the last one's.
    """

    def __init__(self, slides):
        self.slides = slides

    @classmethod
    def install(cls, prs) -> None:
        """Add `prs`' slides with a SlideIds' `add_slide` (on its slides object only)."""
        slides = prs.slides
        slides.add_slide = cls(slides).add_slide

    def add_slide(self, slide_layout):
        """`Slides.add_slide`, as python-pptx does it, with the slide id it would give."""
        ids = self.slides._sldIdLst
        try:
            last = ids[-1]  # lxml finds the last child without walking the others
        except IndexError:
            last = None
        if last is not None and last.tag != _SLD_ID:  # pragma: no cover - the list holds slide ids only
            return type(self.slides).add_slide(self.slides, slide_layout)
        next_id = 256 if last is None else int(last.get("id")) + 1
        if next_id > _MAX_SLIDE_ID:  # python-pptx then looks for a free id from the bottom
            return type(self.slides).add_slide(self.slides, slide_layout)
        rId, slide = self.slides.part.add_slide(slide_layout)
        slide.shapes.clone_layout_placeholders(slide_layout)
        ids._add_sldId(id=next_id, rId=rId)
        return slide


_SLD_ID = "{http://schemas.openxmlformats.org/presentationml/2006/main}sldId"
_MAX_SLIDE_ID = 2147483647


class NewTargets:
    """The presentation's relationships, related to a new slide in constant time.

    python-pptx looks through every relationship of the presentation for one to the part
    being related before it adds one, so each slide costs as much as the slides before it.
    This remembers every part a relationship was added for: a part it has never seen (a
    slide just made) has none, and gets its relationship at once, by python-pptx's own code.
    """

    def __init__(self, rels):
        self.rels, self.add, self.get_or_add = rels, rels._add_relationship, rels.get_or_add
        self.targets = {id(rel.target_part): rel.target_part for rel in rels.values() if not rel.is_external}

    @classmethod
    def install(cls, rels) -> None:
        """Shadow `rels`' methods that add relationships with a NewTargets' (on this object only)."""
        fast = cls(rels)
        rels._add_relationship, rels.get_or_add = fast._add_relationship, fast._get_or_add

    def _add_relationship(self, reltype: str, target, is_external: bool = False) -> str:
        if not is_external:
            self.targets[id(target)] = target  # kept alive: an id is never reused while remembered
        return self.add(reltype, target, is_external)

    def _get_or_add(self, reltype: str, target) -> str:
        if id(target) not in self.targets:  # never related: no relationship to look for
            return self._add_relationship(reltype, target)
        return self.get_or_add(reltype, target)


# ---------------------------------------------------------------- properties


def set_core_properties(prs, *, stamp: bool = False, **fields) -> None:
    """Set core properties in the order given; no date comes from the clock.

    With `stamp` and SOURCE_DATE_EPOCH set, created and modified are that time.
    """
    props = prs.core_properties
    for name, value in fields.items():
        setattr(props, name, value)
    core = props._element
    for el in list(core):
        if el.tag.endswith(_CLOCK_DATES):
            core.remove(el)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if stamp and epoch.isdigit():
        props.created = props.modified = datetime.fromtimestamp(int(epoch), tz=timezone.utc).replace(tzinfo=None)


def app_properties(slides: int) -> bytes:
    """docProps/app.xml for a deck of `slides` slides, each with notes."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<TotalTime>0</TotalTime><Application>Dossier</Application><PresentationFormat>Custom</PresentationFormat>'
        f'<Slides>{slides}</Slides><Notes>{slides}</Notes><HiddenSlides>0</HiddenSlides><ScaleCrop>false</ScaleCrop>'
        '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>'
        '</Properties>').encode()


# ---------------------------------------------------------------- writing


def to_bytes(prs, replace: dict[str, bytes] | None = None) -> bytes:
    """The presentation saved and normalised (see `normalize_zip`), its parts compressed once."""
    entries = _Entries()
    _EntriesWriter(entries, prs.part.package._rels, tuple(prs.part.package.iter_parts()))._write()
    return _zip(entries, replace)


def normalize_zip(data: bytes, replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a package with fixed timestamps and a fixed entry order (and `replace`d parts)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    return _zip({name: src.read(name) for name in src.namelist()}, replace)


def _zip(entries: dict[str, bytes], replace: dict[str, bytes] | None) -> bytes:
    """A package of `entries` (member name: bytes), `[Content_Types].xml` and `_rels/.rels` first, then
    by name, each with the same fixed timestamp."""
    replace = replace or {}
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in entries]
    order = first + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in order:
            info = zipfile.ZipInfo(name, FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            dst.writestr(info, replace.get(name) or entries[name])
    return out.getvalue()


class _Entries(dict):
    """python-pptx's physical writer, keeping each member's bytes (by member name) instead of zipping them."""

    def __enter__(self) -> _Entries:
        return self

    def __exit__(self, *exc) -> None:
        pass

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self[pack_uri.membername] = blob


class _EntriesWriter(PackageWriter):
    """python-pptx's package writer (the same members and bytes `save` writes), into `_Entries`."""

    def __init__(self, entries: _Entries, pkg_rels, parts):
        super().__init__(None, pkg_rels, parts)
        self.entries = entries

    def _write(self) -> None:
        self._write_content_types_stream(self.entries)
        self._write_pkg_rels(self.entries)
        self._write_parts(self.entries)


# ---------------------------------------------------------------- checking


def problems(data: bytes) -> list[str]:
    """What is wrong with a .pptx package: dangling relationships, repeated shape ids, unreadable parts.

    Run on every deck before it is written: a broken package is never saved.
    """
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        found += _dangling_relationships(package, names)
        found += _repeated_shape_ids(package, names)
    try:
        Presentation(io.BytesIO(data))
    except Exception as error:  # whatever python-pptx cannot reopen, PowerPoint may not either
        found.append(f"python-pptx cannot reopen it: {error}")
    return found


def _dangling_relationships(package: zipfile.ZipFile, names: set[str]) -> list[str]:
    found = []
    for rels in sorted(n for n in names if n.endswith(".rels")):
        base = posixpath.dirname(posixpath.dirname(rels))
        for rel in etree.fromstring(package.read(rels)).iter(_REL):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(base, target))
            if path not in names:
                found.append(f"{rels}: relationship {rel.get('Id')} points at missing {path}")
    return found


def _repeated_shape_ids(package: zipfile.ZipFile, names: set[str]) -> list[str]:
    found = []
    for slide in sorted(n for n in names if n.startswith("ppt/slides/slide") and n.endswith(".xml")):
        ids = [e.get("id") for e in etree.fromstring(package.read(slide)).iter()
               if isinstance(e.tag, str) and e.tag.endswith("cNvPr")]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            found.append(f"{slide}: shape ids used twice: {', '.join(repeated)}")
    return found
