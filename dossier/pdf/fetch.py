"""Deny-by-default URL fetching for WeasyPrint: what `dossier.page.sanitize.refused_resource` allows, only."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher

from ..page.sanitize import refused_resource


class RefusedURL(FatalURLFetchingError):
    """A URL the brief may not load; stops the rendering, reported as a `RenderError`."""


class SafeFetcher(URLFetcher):
    """Deny by default: only data: URLs and files inside templates/ or data/, nothing hidden."""

    def __init__(self, **kwargs):
        super().__init__(timeout=1, allowed_protocols=("data", "file"), allow_redirects=False, **kwargs)

    def fetch(self, url: str, headers=None):
        if why := refused_resource(url):
            raise RefusedURL(why)
        if urlsplit(url).scheme.lower() == "file":  # the file itself, links resolved, as it was checked
            url = Path(unquote(urlsplit(url).path)).resolve().as_uri()
        return super().fetch(url, headers)
