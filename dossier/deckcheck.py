"""Structural checks run on every deck before it is written: a broken package is never saved."""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CNVPR = "cNvPr"


def problems(data: bytes) -> list[str]:
    """What is wrong with a .pptx package: dangling relationships, repeated shape ids, unreadable parts."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
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
        for slide in sorted(n for n in names if n.startswith("ppt/slides/slide") and n.endswith(".xml")):
            ids = [e.get("id") for e in etree.fromstring(package.read(slide)).iter()
                   if isinstance(e.tag, str) and e.tag.endswith(_CNVPR)]
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            if repeated:
                found.append(f"{slide}: shape ids used twice: {', '.join(repeated)}")
    try:
        from pptx import Presentation

        Presentation(io.BytesIO(data))
    except Exception as error:  # whatever python-pptx cannot reopen, PowerPoint may not either
        found.append(f"python-pptx cannot reopen it: {error}")
    return found
