"""The brief's page: templates/brief.html.j2 rendered in a Jinja sandbox, without WeasyPrint.

A project's templates are untrusted: they render in `ImmutableSandboxedEnvironment` (no
attribute starting with `_`, no changing the data, no Python's internals), may include or
import only other templates (`*.j2` files inside the templates folder, nothing hidden), and
every error they cause is one message naming the template and its line. The PDF, the HTML
edition and `check` all render through `render`.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import traceback
import types
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path, PurePath

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup
from pydantic import BaseModel

import dossier

from ..errors import DossierError, TemplateError, display_path
from ..load import images
from ..model import Brief, ChartBlock, EventBlock, PictureBlock, QuoteBlock, Story, kind_of, paragraphs
from ..model.localize import in_locale, quotes, separator
from ..model.status import mark
from ..model.markup import citing, echoing, to_html, to_plain
from ..model.story import Heading
from ..style.labels import Labels

PAGE = "brief.html.j2"


class TemplateLoader(jinja2.BaseLoader):
    """Templates from the templates folder in use: `*.j2` files inside it, no hidden part."""

    def get_source(self, environment, template: str):
        folder = dossier.TEMPLATES
        parts = template.replace("\\", "/").split("/")
        if (not template.endswith(".j2") or template.startswith("/")
                or any(part.startswith(".") or not part for part in parts)):
            raise jinja2.TemplateNotFound(template, f"{template!r} is not a template: a template may include, "
                                          "import or extend only .j2 files inside templates/")
        path = folder.joinpath(*parts)
        if not path.resolve().is_relative_to(folder.resolve()) or not path.is_file():
            raise jinja2.TemplateNotFound(template, f"no template {template!r} in templates/")
        source = path.read_text(encoding="utf-8")
        mtime = path.stat().st_mtime_ns
        return source, str(path), lambda: path.is_file() and path.stat().st_mtime_ns == mtime


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, narrowed to data.

    A template reads attributes only of the brief's and the theme's models (never pydantic's own
    `model_…` machinery), of the labels, the story, text, numbers, lists and mappings, and of
    Jinja's own loop and macro objects; and no call may hand it a path, a file, a module or a
    class, whose methods could read, write or run anything.
    """

    def is_safe_attribute(self, obj: object, attr: str, value: object) -> bool:
        return (super().is_safe_attribute(obj, attr, value) and not attr.startswith("model_")
                and isinstance(obj, _DATA))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, _UNSAFE):
            raise SecurityError(f"a call returned a {type(result).__name__}, which a template may not hold")
        return result


_DATA = (BaseModel, str, int, float, list, tuple, dict, dt.date, Markup, Labels, Story, Heading,
         jinja2.runtime.LoopContext, jinja2.runtime.Macro, jinja2.runtime.BlockReference,
         jinja2.runtime.TemplateReference, jinja2.environment.TemplateModule, jinja2.utils.Namespace,
         jinja2.utils.Cycler, jinja2.utils.Joiner)
"""What a template may read attributes of."""
_UNSAFE = (PurePath, io.IOBase, types.ModuleType, type)
"""What no call may return to a template."""


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The sandboxed environment, made once per process (it caches the compiled templates)."""
    env = Sandbox(
        loader=TemplateLoader(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = to_html
    env.filters["plain"] = to_plain
    env.filters["data_url"] = _picture_data_url
    env.globals.update(paragraphs=paragraphs, kind_of=kind_of, mark=mark, echoing=echoing, bookmark=_bookmark)
    return env


@jinja2.pass_context
def _picture_data_url(context: jinja2.runtime.Context, path: str) -> str:
    """One of the brief's pictures (which the loader checked), inlined: rendering reads no file by URL."""
    if path not in context["brief"].files():
        raise jinja2.TemplateRuntimeError(f"data_url: {str(path)[:80]!r} is not one of the brief's pictures")
    images.check(Path(path), Path(path).name)
    data, kind = images.clean(Path(path))
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def _bookmark(heading: Heading, number: str | None = None) -> Markup:
    """A heading's bookmark in the PDF: its number (or `number`, 'Annex A') and its title alone, without the
    notes it cites or the status printed after it."""
    if not isinstance(heading, Heading):
        return Markup("")
    return Markup(' data-bookmark="{}"').format(f"{number or heading.number} {to_plain(heading.title, cites=False)}")


def _since(brief: Brief, labels: Labels) -> dict | None:
    """The "Changes since …" section, as the template shows it (`brief.since`, else None): its heading, its
    line (how many; none; or new), and the changes grouped by kind, each change's parts apart, so the
    template marks each user text (isolated: `bdi`) and each word-level deletion and insertion on its own.
    Every word is the catalogue's (`Since.shown`); the places are its titles, joined as `change_in` and
    `change_from` join them."""
    since = brief.since
    if since is None:
        return None
    language = brief.meeting.language
    opening, closing = quotes(language)[:2]

    def around(key: str) -> tuple[str, str]:
        before, _, after = labels.text(key).partition("{where}")
        return before, after

    numbers = _numbers(Story(brief))

    def place(titles: tuple[str, ...]) -> list[tuple[str, str]]:
        """Each title of a place with its heading's number in this brief ('' for one it no longer has)."""
        return [(numbers.get(titles[:n], ""), title) for n, title in enumerate(titles, 1)]

    groups = []
    for word, found in since.shown(labels, language):
        items = []
        for s in found:
            change = s.change
            own = change.kind != "removed" and change.subject in ("chapter", "annex", "subsection", "highlight")
            items.append({
                "kind": change.kind, "subject": s.subject, "name": s.name, "field": s.field,
                "number": numbers.get((*change.where, change.name), "") if own else "",
                "where": place(change.where), "was": place(change.was), "old": s.old, "new": s.new,
                "words": [(w.op, w.text) for w in s.words],
                # What follows the name: the changed value(s), unless the value is the name itself.
                "value": _value(change),
                # old → new kept on one line when both are short (figures, dates)
                "short": len(s.old or "") + len(s.new or "") <= SHORT_VALUES})
        groups.append({"kind": found[0].change.kind, "word": word, "changes": items})
    heading = since.heading(labels, language)
    colon = labels.text("pair").partition("{name}")[2].partition("{value}")[0]  # ': ', ' : ' in French
    return {"heading": heading, "line": since.line(labels, language), "groups": groups,
            "quotes": (opening, closing), "arrow": "←" if labels.rtl else "→",
            "in": around("change_in"), "from": around("change_from"),
            "deleted": labels("change_deleted"), "inserted": labels("change_inserted"),
            "colon": colon, "mark": colon.rstrip() + "\u00a0"}  # '[deleted: ' never ends a line


SHORT_VALUES = 40
"""The most characters of an old and a new value together that the changes section keeps on one line."""


def _numbers(story: Story) -> dict[tuple[str, ...], str]:
    """Each heading's number ('3.1', an annex's letter), by the titles of its chapter, subsection… and its own."""
    out: dict[tuple[str, ...], str] = {}

    def walk(heading: Heading, path: tuple[str, ...]) -> None:
        path = (*path, heading.title)
        out.setdefault(path, heading.number)
        for child in heading.children:
            walk(child, path)

    for heading in (*story.chapters, *story.annexes):
        walk(heading, ())
    return out


def _value(change) -> str:
    """Which values a change shows after its name: 'both' (old → new), 'old', 'new' or ''."""
    if change.kind in ("changed", "retitled"):
        return "both" if change.old and change.new else "old" if change.old else "new" if change.new else ""
    if change.kind == "removed":
        return "old" if change.old and change.old != change.name else ""
    if change.new and change.new != change.name:
        return "new"
    return ""


def _facts(brief: Brief) -> list[tuple[str, object]]:
    """The cover's facts: the kind of meeting and the organisation stand in the kicker, many parties in a grid
    of their own."""
    m = brief.meeting
    return [(key, value) for key, value in m.facts()
            if key not in ("kind", "organisation") and not (key == "parties" and m.many_parties)]


BESIDE_MOST = 900
"""The longest summary (in characters) set beside the key messages or highlights: a longer one runs full
width, where it may break across pages (a float cannot)."""
SHEET_MOST = 6
"""The most highlights, and people of a delegation, the principal's sheet lists (then "and N more")."""
FIT_STEPS = (95, 90, 85, 80, 75, 70)
"""The sizes (percent of the column) a chart may be drawn at to stay on its page (brief.css: .fit-N)."""


def _sheet(brief: Brief) -> dict:
    """What the principal's sheet shows besides the bottom line: the first quotation, the first upcoming
    event, and who's who (each delegation's first people, in the data's order; for a meeting of an
    organisation, the attendees present, by their organisation)."""
    found = brief.blocks()
    quote = next((b for b in found if isinstance(b, QuoteBlock)), None)
    event = next((b for b in found if isinstance(b, EventBlock)), None)
    m = brief.meeting
    groups = [(d.party, d.people) for d in m.delegations]
    if not groups:
        by: dict[str | None, list] = {}
        for a in m.present:
            by.setdefault(a.organisation or m.organisation, []).append(a)
        groups = list(by.items())
    people = [{"party": party, "people": found[:SHEET_MOST], "more": max(0, len(found) - SHEET_MOST)}
              for party, found in groups]
    beside = bool(brief.summary) and len(brief.summary) <= BESIDE_MOST
    return {"quote": quote, "event": event, "people": people, "most": SHEET_MOST, "beside": beside}


def _figures(brief: Brief, fit: dict[int, int]) -> tuple[Callable[[object], str], Callable[[object], str]]:
    """`figure_id(chart)`, its anchor ('figure-1', in reading order), and `figure_fit(chart)`, the class
    that draws it at `fit[n]` percent of the column ('' for its full size); pictures likewise."""
    numbers = {id(b): n for n, b in enumerate((b for b in brief.blocks() if isinstance(b, (ChartBlock, PictureBlock))),
                                              1)}

    def figure_id(block: object) -> str:
        return f"figure-{numbers.get(id(block), 0)}"

    def figure_fit(block: object) -> str:
        size = fit.get(numbers.get(id(block), 0))
        return f"fit-{size}" if size in FIT_STEPS else ""

    return figure_id, figure_fit


@in_locale
def render(brief: Brief, theme, labels, styles: str | None, chart_html: Callable[..., str], *,
           contents: bool = True, fit: dict[int, int] | None = None, compact: int = 0) -> str:
    """The page, as the templates write it (not yet cleaned: see `dossier.page.sanitize`).

    `chart_html(chart, theme, labels, screen)` draws a chart; `styles` goes into the page's <style> element
    (the HTML edition, for a screen: charts are drawn for a phone's column too). `contents`: whether to
    print the contents (a brief of one chapter and no delegations has none anyway); `fit`: the charts
    (numbered in reading order) drawn smaller to stay on their page, and at what percent; `compact`: how
    much of the principal's sheet to leave out so that it stays on page 1 (1: the quotation and who's
    who, 2: the next event too; the chapters print them all). Citations
    print their numbers; the notes follow their first citation (the theme's `pdf.notes: foot`, in the
    PDF) or stand in a list (`notes`) after the chapters.
    Raises TemplateError naming the template and line for anything a template does wrong.
    """
    story = Story(brief)
    figure_id, figure_fit = _figures(brief, fit or {})
    foot = styles is None and theme.pdf.notes == "foot"
    try:
        with citing(brief.citations.number, brief.citations.names(brief.meeting.language),
                    _footnotes(brief) if foot else None):
            return environment().get_template(PAGE).render(
                brief=brief, m=brief.meeting, theme=theme, story=story, facts=_facts(brief),
                contents=contents and (len(story.chapters) > 1 or bool(story.annexes or brief.meeting.delegations or brief.meeting.attendees)),
                sheet=_sheet(brief), compact=compact, figure_id=figure_id, figure_fit=figure_fit,
                label=labels, chart_html=_checked(chart_html), screen=styles is not None,
                keywords=[to_plain(k).replace(",", " ") for k in brief.meeting.keywords],
                styles=Markup(styles) if styles else None, notes=[] if foot else brief.citations.notes,
                sources=brief.citations.sources, comma=separator(brief.meeting.language),
                since=_since(brief, labels),
            ).lstrip()
    except DossierError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever a template provokes is told as its mistake
        raise template_error(error) from None


def _footnotes(brief: Brief) -> Callable[[int], str]:
    """The foot note of each number, as the page sets it after the note's first citation: its number,
    linked back to that citation, and the source's short reference."""
    sources = dict(brief.citations.notes)

    def footnote(n: int) -> str:
        reference = to_html(sources[n].reference(brief.meeting.language), cites=False)
        return (f'<span class="footnote" id="note-{n}"><a class="note-number" href="#cite-{n}">{n}</a> '
                f'{reference}</span>')

    return footnote


def _checked(chart_html: Callable[..., str]) -> Callable[..., str]:
    """`chart_html` as templates call it: `chart_html(chart, theme, label, screen)`, its arguments checked."""
    from ..style.theme import Theme

    def draw(chart: object, theme: object, labels: object, screen: object = False) -> str:
        if not (isinstance(chart, ChartBlock) and isinstance(theme, Theme) and isinstance(labels, Labels)
                and isinstance(screen, bool)):
            raise jinja2.TemplateRuntimeError("chart_html takes a chart block, the theme, the labels and "
                                              "whether the page is for a screen: chart_html(b, theme, label, screen)")
        return chart_html(chart, theme, labels, screen)

    return draw


def compile_page() -> None:
    """Compile the page and the templates it names, reporting a syntax error as `render` would."""
    try:
        environment().get_template(PAGE)
    except Exception as error:  # noqa: BLE001
        raise template_error(error) from None


def template_error(error: BaseException) -> TemplateError:
    """A template's mistake as one message: the template's path in the project, its line, what to do."""
    where = _where(error)
    if isinstance(error, jinja2.exceptions.SecurityError):
        what = f"{str(error).rstrip('.')}; a template may use the brief's fields and Dossier's filters, not Python's internals"
    elif isinstance(error, jinja2.TemplateNotFound):
        what = error.message or f"no template {error.name!r} in templates/"
    elif isinstance(error, jinja2.TemplateError):
        what = str(error)
    else:
        what = f"{type(error).__name__}: {error}"
    return TemplateError(f"{where}: {what}" if where else f"templates/{PAGE}: {what}")


def _where(error: BaseException) -> str | None:
    """The template file and line where `error` arose: Jinja's syntax error says; otherwise the
    innermost template in the traceback (Jinja rewrites its frames to the templates' lines)."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return f"{display_path(Path(error.filename))}:{error.lineno}"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    return f"{display_path(Path(frames[-1].filename))}:{frames[-1].lineno}" if frames else None
