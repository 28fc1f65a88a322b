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

from ..load import images
from ..errors import DossierError, TemplateError, display_path
from ..model.markup import to_html, to_plain
from ..style.labels import Labels
from ..model import Brief, ChartBlock, Story, kind_of, paragraphs
from ..model.story import Heading

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
    """The page, as the templates write it (not yet cleaned: see `dossier.page.sanitize`).

    `chart_html(chart, theme, labels, screen)` draws a chart; `styles` goes into the page's <style> element
    (the HTML edition, for a screen: charts are drawn for a phone's column too).
    Raises TemplateError naming the template and line for anything a template does wrong.
    """
    try:
        return environment().get_template(PAGE).render(
            brief=brief, m=brief.meeting, theme=theme, story=Story(brief), facts=_facts(brief),
            label=labels, chart_html=_checked(chart_html), screen=styles is not None,
            keywords=[to_plain(k).replace(",", " ") for k in brief.meeting.keywords],
            styles=Markup(styles) if styles else None,
        ).lstrip()
    except DossierError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever a template provokes is told as its mistake
        raise template_error(error) from None


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
