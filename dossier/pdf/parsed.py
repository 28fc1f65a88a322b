"""A WeasyPrint document made from a page's tree, parsed once (see `dossier.page.sanitize.clean_page`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import cssselect2
from weasyprint import HTML, _find_base_url  # the base URL found as HTML.__init__ finds it
from weasyprint.urls import URLFetcher


class ParsedHTML(HTML):
    """`HTML(string=text, …)` for a `root` already parsed from `text` as WeasyPrint parses it: the same
    attributes, set as `HTML.__init__` sets them, without parsing the text again."""

    def __init__(self, root: ET.Element, base_url: str, url_fetcher: URLFetcher, media_type: str = "print"):
        self.base_url = _find_base_url(root, base_url)
        self.url_fetcher = url_fetcher
        self.media_type = media_type
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element
