"""Three of python-pptx's hot paths, done once instead of at every call, for the time of a render.

- `BaseOxmlElement.xpath` hands lxml its expression as a string, so lxml compiles it again
  at each of the ~8,000 calls a deck makes (python-docx #342). Here each expression is
  compiled once into an `etree.XPath`, kept per thread (an XPath object is not for sharing
  between threads).
- `qn`, which turns `a:p` into `{http://…}p`, builds two objects at each of ~37,000 calls
  from the element classes; here each answer is remembered.
- A placeholder's inherited position: python-pptx finds the layout placeholder a slide's
  placeholder inherits from (and the master placeholder a layout's inherits from) by walking
  the layout's (the master's) shapes at each read of `left`, `top`, `width` or `height`. Here
  each is found once per render, and its position still read from its XML at every call.

Same expressions, namespaces, results and placeholders, and the same bytes: the first two took
about 40% off a deck's time, the third about 7% more off the example's (200 to 185 ms of CPU).
Outside `applied()`, python-pptx is left exactly as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from lxml import etree
from pptx.oxml import xmlchemy
from pptx.oxml.ns import _nsmap, qn
from pptx.shapes.placeholder import LayoutPlaceholder, _BaseSlidePlaceholder

_local = threading.local()


def _xpath(self, xpath_str: str):
    """`BaseOxmlElement.xpath`, with the expression compiled once per thread."""
    compiled = getattr(_local, "compiled", None)
    if compiled is None:
        compiled = _local.compiled = {}
    try:
        query = compiled[xpath_str]
    except KeyError:
        query = compiled[xpath_str] = etree.XPath(xpath_str, namespaces=_nsmap)
    return query(self)


_SLIDE_BASE = _BaseSlidePlaceholder.__dict__["_base_placeholder"]
_LAYOUT_BASE = LayoutPlaceholder.__dict__["_base_placeholder"]


def _remembered(find: property, key: Callable[[Any], Hashable]) -> property:
    """A `_base_placeholder` property that asks python-pptx's `find` once per `key(shape)` in this thread's render.

    The key holds the slide or layout part (or element) itself, so an id is never reused while it is remembered."""

    def base(self):
        bases = getattr(_local, "bases", None)
        if bases is None:  # another thread, outside a render
            return find.fget(self)
        k = key(self)
        try:
            return bases[k]
        except KeyError:
            found = bases[k] = find.fget(self)
            return found

    return property(base, doc=find.__doc__)


@contextmanager
def applied() -> Iterator[None]:
    """python-pptx with compiled XPath queries, remembered qualified names and placeholders' bases, in this block."""
    original_xpath, original_qn = xmlchemy.BaseOxmlElement.__dict__["xpath"], xmlchemy.qn
    xmlchemy.BaseOxmlElement.xpath, xmlchemy.qn = _xpath, cache(qn)
    _local.bases = {}
    _BaseSlidePlaceholder._base_placeholder = _remembered(_SLIDE_BASE, lambda s: (s.part, s._element.ph_idx))
    LayoutPlaceholder._base_placeholder = _remembered(_LAYOUT_BASE, lambda s: s._element)
    try:
        yield
    finally:
        xmlchemy.BaseOxmlElement.xpath, xmlchemy.qn = original_xpath, original_qn
        _BaseSlidePlaceholder._base_placeholder, LayoutPlaceholder._base_placeholder = _SLIDE_BASE, _LAYOUT_BASE
        _local.bases = None
