"""Deny-by-default URL fetching for WeasyPrint: data: URLs and files in templates/ or data/ only."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .. import DATA
from ..theme import TEMPLATES

_ALLOWED_ROOTS = (TEMPLATES.resolve(), DATA.resolve())


class RefusedURL(FatalURLFetchingError):
    """A URL the brief may not load; stops the rendering, reported as a `RenderError`."""


class SafeFetcher(URLFetcher):
    """Deny by default: only data: URLs and files inside templates/ or data/."""

    def __init__(self, **kwargs):
        super().__init__(timeout=1, allowed_protocols=("data", "file"), allow_redirects=False, **kwargs)

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(root) for root in _ALLOWED_ROOTS) and path.is_file():
                return super().fetch(path.as_uri(), headers)
        elif scheme == "data":
            return super().fetch(url, headers)
        raise RefusedURL(f"refused to load {url!r}: only data: URLs and files in templates/ or data/ are allowed")
