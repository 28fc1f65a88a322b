"""The brief's page: templates/brief.html.j2 rendered in a Jinja sandbox, without WeasyPrint.

A project's templates are untrusted: they render in `ImmutableSandboxedEnvironment` (no
attribute starting with `_`, no changing the data, no Python's internals), may include or
import only other templates (`*.j2` files inside the templates folder, nothing hidden), and
every error they cause is one message naming the template and its line. The PDF, the HTML
edition and `check` all render through `render`.
"""

from __future__ import annotations

import base64
import traceback
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

import dossier

from . import images
from .errors import DossierError, TemplateError, display_path
from .markup import to_html, to_plain
from .model import Brief, Story, kind_of, paragraphs

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


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The sandboxed environment, made once per process (it caches the compiled templates)."""
    env = ImmutableSandboxedEnvironment(
        loader=TemplateLoader(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = to_html
    env.filters["plain"] = to_plain
    env.filters["data_url"] = _picture_data_url
    env.globals.update(paragraphs=paragraphs, kind_of=kind_of)
    return env


@jinja2.pass_context
def _picture_data_url(context: jinja2.runtime.Context, path: str) -> str:
    """One of the brief's pictures (which the loader checked), inlined: rendering reads no file by URL."""
    if path not in context["brief"].files():
        raise jinja2.TemplateRuntimeError(f"data_url: {str(path)[:80]!r} is not one of the brief's pictures")
    data = Path(path).read_bytes()
    return f"data:{images.check(Path(path), Path(path).name)};base64,{base64.b64encode(data).decode()}"


def _facts(brief: Brief) -> list[tuple[str, object]]:
    """The cover's facts: the kind of meeting stands in the kicker, many parties in a grid of their own."""
    m = brief.meeting
    return [(key, value) for key, value in m.facts()
            if key != "kind" and not (key == "parties" and m.many_parties)]


def render(brief: Brief, theme, labels, styles: str | None, chart_html: Callable[..., str]) -> str:
    """The page, as the templates write it (not yet cleaned: see `dossier.sanitize`).

    `chart_html(chart, theme, labels, screen)` draws a chart; `styles` goes into the page's <style> element
    (the HTML edition, for a screen: charts are drawn for a phone's column too).
    Raises TemplateError naming the template and line for anything a template does wrong.
    """
    try:
        return environment().get_template(PAGE).render(
            brief=brief, m=brief.meeting, theme=theme, story=Story(brief), facts=_facts(brief),
            label=labels, chart_html=chart_html, screen=styles is not None,
            keywords=[to_plain(k).replace(",", " ") for k in brief.meeting.keywords],
            styles=Markup(styles) if styles else None,
        ).lstrip()
    except DossierError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever a template provokes is told as its mistake
        raise template_error(error) from None


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
