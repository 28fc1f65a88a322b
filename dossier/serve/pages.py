"""The server's own pages: the index of briefs and a brief's page (its views are filled in by app.js).

Every value from a brief is escaped; the pages load only the server's own script and stylesheet.
"""

from __future__ import annotations

from html import escape

from .state import Brief

_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
"""


def index(briefs: list[dict]) -> str:
    """A table of the project's briefs: title (a link to its page), kind, date, language and status."""
    rows = "".join(
        f'<tr><td><a href="/b/{escape(b["name"])}/">{escape(b["meta"].get("title") or b["name"])}</a>'
        f'<div class="file">{escape(str(b["source"]))}</div></td>'
        + "".join(f'<td>{escape(b["meta"].get(key) or "—")}</td>' for key in ("kind", "date", "language")) +
        f'<td><span class="badge {_tone(b["status"])}">{escape(b["status"])}</span></td></tr>'
        for b in briefs)
    return _HEAD.format(title="Dossier: live preview") + f"""<body data-page="index">
<header class="bar"><span class="brand">Dossier</span><span class="where">live preview</span></header>
<main class="index">
<h1>Briefs</h1>
<p class="hint">Edit a brief and save it: its page follows within a second.</p>
<table>
<thead><tr><th scope="col">Brief</th><th scope="col">Kind</th><th scope="col">Date</th>
<th scope="col">Language</th><th scope="col">Status</th></tr></thead>
<tbody>{rows}</tbody>
</table>
</main>
</body>
</html>
"""


def _tone(status: str) -> str:
    return "bad" if "problem" in status else "busy" if status == "updating" else "good"


def brief(b: Brief) -> str:
    """A brief's page: a bar with its title and status, three views as tabs, and the overlay for mistakes."""
    name, title = escape(b.name), escape(b.meta.get("title") or b.name)
    tabs = "".join(
        f'<button type="button" role="tab" id="tab-{key}" aria-controls="view-{key}" aria-selected="false" '
        f'data-view="{key}">{label}<span class="stale" hidden> · updating</span></button>'
        for key, label in (("html", "HTML edition"), ("pdf", "PDF"), ("deck", "Deck")))
    return _HEAD.format(title=f"{title} · Dossier") + f"""<body data-page="brief" data-name="{name}">
<header class="bar">
<a class="brand" href="/">Dossier</a>
<h1 id="title">{title}</h1>
<span id="status" class="badge busy" role="status">loading</span>
</header>
<nav class="tabs" role="tablist" aria-label="Views">{tabs}</nav>
<main>
<section id="view-html" class="view" role="tabpanel" aria-labelledby="tab-html" hidden>
<iframe id="edition" title="HTML edition of the brief" sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>
</section>
<section id="view-pdf" class="view scroll" role="tabpanel" aria-labelledby="tab-pdf" tabindex="0" hidden>
<p class="actions"><a href="/b/{name}/brief.pdf">Open the PDF</a> <span id="pdf-note"></span></p>
<div id="pages" class="pages"></div>
</section>
<section id="view-deck" class="view scroll" role="tabpanel" aria-labelledby="tab-deck" tabindex="0" hidden>
<p class="actions"><a href="/b/{name}/deck.pptx">Download the deck</a> <span id="deck-note"></span></p>
<ol id="slides" class="slides"></ol>
</section>
</main>
<div id="overlay" class="overlay" role="alertdialog" aria-modal="false" aria-labelledby="overlay-title" hidden>
<h2 id="overlay-title">This save cannot be built</h2>
<p>Fix it and save again; the last version that built stays underneath.</p>
<ul id="problems"></ul>
</div>
</body>
</html>
"""


def not_found(what: str) -> str:
    return _HEAD.format(title="Not found · Dossier") + f"""<body data-page="none">
<header class="bar"><a class="brand" href="/">Dossier</a></header>
<main class="index"><h1>Not found</h1><p>{escape(what)}</p><p><a href="/">All briefs</a></p></main>
</body>
</html>
"""
