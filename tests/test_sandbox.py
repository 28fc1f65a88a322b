"""Untrusted templates: the Jinja sandbox, the template loader, the cleaned HTML, the URL policy,
and messages that name the project's own files. Whole hostile projects are in tests/cases/projects/."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
import tinyhtml5

import dossier
from dossier import page
from dossier.project import overlay
from dossier.errors import ORIGINS, TemplateError, display_path
from dossier.style.labels import labels_for
from dossier.page.sanitize import allowed_link, clean_html, css_problems, refused_resource

CASES = Path(__file__).parent / "cases" / "projects"


def no_chart(*_) -> str:
    return "data:image/svg+xml;base64,"


@pytest.fixture
def templates(tmp_path, monkeypatch):
    """A copy of Dossier's templates in use, to be made hostile; the compiled templates forgotten after."""
    folder = tmp_path / "templates"
    shutil.copytree(dossier.PACKAGED_TEMPLATES, folder, ignore=shutil.ignore_patterns("fonts", "*.pptx"))
    monkeypatch.setattr(dossier, "TEMPLATES", folder)
    page.environment.cache_clear()
    yield folder
    page.environment.cache_clear()


# ---------- the sandbox and the loader ----------


@pytest.mark.parametrize("expression, unsafe", [
    ("cycler.__init__.__globals__.os.popen('id').read()", "'__init__'"),
    ("''.__class__.__mro__[1].__subclasses__()", "'__class__'"),
    ("self._TemplateReference__context", "'_TemplateReference__context'"),
    ("lipsum.__globals__['os']", "'__globals__'"),
    ("joiner.__init__.__globals__", "'__init__'"),
    ("brief.__class__", "'__class__'"),
    ("brief.chapters.append(1)", "'append' of 'list'"),
    ("theme.__dict__", "'__dict__'"),
])
def test_a_template_cannot_reach_python(templates, brief, theme, expression, unsafe):
    (templates / "brief.html.j2").write_text(f"<p>\n{{{{ {expression} }}}}</p>\n")
    with pytest.raises(TemplateError) as error:
        page.render(brief, theme, labels_for(brief, theme), None, no_chart)
    message = str(error.value)
    assert message.startswith(f"{display_path(templates / 'brief.html.j2')}:2: access to attribute {unsafe}")
    assert message.endswith("is unsafe; a template may use the brief's fields and Dossier's filters, not Python's internals")


@pytest.mark.parametrize("expression, said", [
    ("config.items()", "'config' is undefined"),
    ("request.environ", "'request' is undefined"),
    ("1 / 0", "ZeroDivisionError: division by zero"),
])
def test_other_template_mistakes_are_one_message_with_the_line(templates, brief, theme, expression, said):
    (templates / "brief.html.j2").write_text(f"<p>{{{{ {expression} }}}}</p>\n")
    with pytest.raises(TemplateError, match=re.escape(f"brief.html.j2:1: {said}")):
        page.render(brief, theme, labels_for(brief, theme), None, no_chart)


@pytest.mark.parametrize("name", ["theme.yaml", "../../etc/passwd", "fonts/Carlito-Regular.ttf", "/etc/passwd",
                                  ".hidden.j2", "sub/.git/x.j2", "..\\brief.html.j2", "locale/dossier.pot"])
def test_a_template_includes_only_templates(templates, brief, theme, name):
    (templates / ".hidden.j2").write_text("secret")
    (templates / "brief.html.j2").write_text(f"<p>x</p>\n{{% include {name!r} %}}\n")
    with pytest.raises(TemplateError, match=re.escape(f"brief.html.j2:2: {name!r} is not a template")):
        page.render(brief, theme, labels_for(brief, theme), None, no_chart)


def test_a_template_includes_another_template_and_a_missing_one_is_named(templates, brief, theme):
    (templates / "parts").mkdir()
    (templates / "parts" / "note.html.j2").write_text("<p>{{ m.title | md }}</p>")
    (templates / "brief.html.j2").write_text("{% include 'parts/note.html.j2' %}")
    assert page.render(brief, theme, labels_for(brief, theme), None, no_chart).startswith("<p>Pakistan")
    (templates / "brief.html.j2").write_text("\n{% include 'parts/none.html.j2' %}")
    with pytest.raises(TemplateError, match="brief.html.j2:2: no template 'parts/none.html.j2' in templates/"):
        page.render(brief, theme, labels_for(brief, theme), None, no_chart)


def test_data_url_inlines_only_the_briefs_pictures(templates, brief, theme):
    (templates / "brief.html.j2").write_text("{{ 'pyproject.toml' | data_url }}")
    with pytest.raises(TemplateError, match="data_url: 'pyproject.toml' is not one of the brief's pictures"):
        page.render(brief, theme, labels_for(brief, theme), None, no_chart)


def test_check_renders_the_page_without_weasyprint():
    code = ("import sys; from pathlib import Path; from dossier.build import check; "
            "r = check([Path('data/pakistan-russia-sco.yaml')]); "
            "assert not r[0].failed, r[0].problems; assert 'weasyprint' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent, check=True)


# ---------- the cleaned HTML ----------


def _shape(html: str) -> list:
    """Each element's name, attributes and text, in order, as the HTML5 parser reads them (whitespace aside)."""
    import tinyhtml5

    return [(e.tag, sorted(e.attrib.items()), (e.text or "").strip(), (e.tail or "").strip())
            for e in tinyhtml5.parse(html, namespace_html_elements=False).iter() if isinstance(e.tag, str)]


def test_our_page_loses_nothing_in_cleaning(brief, theme):
    html = page.render(brief, theme, labels_for(brief, theme), None, no_chart)
    cleaned = clean_html(html)
    assert _shape(cleaned) == _shape(html)
    assert clean_html(cleaned) == cleaned


@pytest.mark.parametrize("markup, shown", [
    ("<select><img src=x onerror=alert(1)></select>", "<select></select>"),  # Chrome parses tags in a select
    ('<p title="\x1b$B"\x1b(B><img alt="><img src=x onerror=alert(1)>">', '<p title="$B">'),  # ISO-2022-JP
    ('<meta charset="iso-2022-jp"><p>x</p>', "<p>x</p>"),
    ('<svg><image href="https://host/t.png"/><use href="https://host/u.svg#a"/></svg>', "<svg><image></image><use></use></svg>"),
])
def test_the_page_is_written_out_as_it_was_checked(markup, shown):
    cleaned = clean_html(f"<!DOCTYPE html><html><head><title>t</title></head><body>{markup}</body></html>")
    assert cleaned.startswith('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>t</title></head>')
    assert shown in cleaned and "onerror" not in cleaned.replace("onerror=alert(1)&gt;", "")
    assert "\x1b" not in cleaned and "iso-2022" not in cleaned and "https://host" not in cleaned


@pytest.mark.parametrize("expression", [
    "theme.fonts.body.file().cwd()", "theme.fonts.body.file()", "brief.model_dump()", "label.catalogue.gettext('x')",
    "brief.model_copy(update={'x': 1})", "theme.fonts.body.file.__self__"])
def test_a_template_reaches_no_path_method_or_machinery(templates, brief, theme, expression):
    (templates / "brief.html.j2").write_text("{{ " + expression + " }}")
    with pytest.raises(TemplateError, match="templates/brief.html.j2:1: "):
        page.render(brief, theme, labels_for(brief, theme), None, no_chart)


HOSTILE = [
    '<a href="javascript:alert(1)">x</a>', '<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>',
    '<a href="file:///etc/passwd">x</a>', '<a href="smb://host/share">x</a>', '<a href="http://example.org">x</a>',
    '<a href="data:text/html,x">x</a>', '<a href="../secret.txt">x</a>', '<a href="//host/x">x</a>',
    '<link rel="attachment" href="x.txt">', '<a href="https://example.org" rel="attachment">x</a>',
    '<script>alert(1)</script>', '<iframe src="https://example.org"></iframe>', '<object data="x.pdf"></object>',
    '<embed src="x.svg">', '<frameset><frame src="x"></frameset>', '<base href="file:///">',
    '<form action="https://example.org"><input></form>', '<meta http-equiv="refresh" content="0;url=https://x">',
    '<p onclick="alert(1)" ONLOAD="x">x</p>', '<p style="background: url(javascript:alert(1))">x</p>',
    '<p style="background: url(http://127.0.0.1:9/t.png)">x</p>', '<style>p { background: url(https://t) }</style>',
    '<style>@import "http://127.0.0.1:9/x.css";</style>', '<img src="file:///etc/passwd" alt="x">',
    '<img src="https://example.org/t.png" alt="x" srcset="https://example.org/t.png 2x">',
    '<noscript><p title="</noscript><script>alert(1)</script>">x</p></noscript>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a><script>alert(1)</script></svg>',
    '<svg><foreignObject><iframe src="https://x"></iframe></foreignObject></svg>',
    '<template><script>alert(1)</script></template>', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<xmp></xmp><script>alert(1)</script>', '<!--><script>alert(1)</script>-->',
]


@pytest.mark.parametrize("markup", HOSTILE)
def test_nothing_active_survives(markup):
    cleaned = clean_html(f"<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>before</p>{markup}</body></html>")
    assert "before" in cleaned
    root = tinyhtml5.parse(cleaned, namespace_html_elements=False)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = element.tag.rsplit("}", 1)[-1].lower()
        assert name not in {"script", "iframe", "frame", "object", "embed", "base", "form", "link", "noscript"}
        assert not (name == "meta" and "http-equiv" in element.attrib)
        for key, value in element.attrib.items():
            key = key.rsplit("}", 1)[-1].lower()
            assert not key.startswith("on") and "javascript" not in value.lower() and key != "srcset"
            if key == "href":
                assert re.match(r"https:|mailto:|#", value)
            if key == "src":
                assert value.startswith("data:")
        if name == "style":
            assert "url(" not in (element.text or "") and "@import" not in (element.text or "")
    assert "alert" not in cleaned or "alert(1)</script>" not in cleaned


def test_text_and_allowed_links_stay():
    cleaned = clean_html('<p><a href="javascript:x()">kept text</a> <a href="mailto:a@b.org">mail</a>'
                         ' <a href="#s">here</a> &lt;script&gt;</p><script>x</script>after')
    assert "kept text" in cleaned and 'href="mailto:a@b.org"' in cleaned and 'href="#s"' in cleaned
    assert "&lt;script&gt;" in cleaned and "after" in cleaned and "<script" not in cleaned


@pytest.mark.parametrize("url, allowed", [
    ("https://example.org", True), ("HTTPS://example.org", True), ("mailto:a@b.org", True), ("#x", True),
    ("http://example.org", False), ("javascript:alert(1)", False), ("java\tscript:x", False),
    ("file:///etc/passwd", False), ("smb://host/x", False), ("data:text/html,x", False), ("x.html", False),
    ("", False), ("//host/x", False),
])
def test_links(url, allowed):
    assert allowed_link(url) is allowed


def test_a_briefs_links_follow_the_same_rule_in_both_outputs():
    from dossier.model.markup import to_html, to_runs

    assert "href" not in to_html("[a](http://x.org) [b](java\tscript:x)")
    assert [run.href for run in to_runs("[a](http://x.org) [b](https://x.org)") if run.href] == ["https://x.org"]


# ---------- what rendering may load ----------


def test_resources_inside_the_folders_only_and_nothing_hidden(templates):
    (templates / ".git").mkdir()
    (templates / ".git" / "config").write_text("[http] token")
    (templates / ".env").write_text("SECRET=1")
    assert refused_resource("data:image/png;base64,AAAA") is None
    assert refused_resource("brief.css") is None
    assert refused_resource((templates / "brief.css").as_uri()) is None
    for url in (".git/config", (templates / ".git" / "config").as_uri(), ".env", "fonts/../.env"):
        assert "hidden" in refused_resource(url)
    for url in ("http://127.0.0.1:9/x", "https://example.org/x.css", "file:///etc/passwd", "../outside.css",
                "file://host/share/x", "missing.css"):
        assert refused_resource(url).startswith(f"refused to load {url!r}")


def test_the_fetcher_refuses_hidden_files(templates):
    from dossier.pdf import fetch

    (templates / ".git").mkdir()
    (templates / ".git" / "config").write_text("[http] token")
    with pytest.raises(fetch.RefusedURL, match="hidden"):
        fetch.SafeFetcher().fetch((templates / ".git" / "config").as_uri())


def test_a_stylesheet_is_checked_with_lines_and_columns(templates):
    css = ('@import url(http://127.0.0.1:9/x.css);\n@import "https://example.org/y.css";\n'
           'p {\n  background: url("file:///etc/passwd");\n  color: red;\n}\n'
           '@font-face { src: url(theme.yaml) }\n'
           'q { background: url(data:image/png;base64,AAAA) }\n/* </style> */\n')
    found = [(line, column, why.split(":")[0]) for line, column, why in css_problems(css)]
    assert found == [(1, 1, "refused to load 'http"), (2, 1, "refused to load 'https"),
                     (4, 15, "refused to load 'file"), (9, 4, "'</style' may not appear in a stylesheet")]


# ---------- the PDF of a hostile template ----------


def test_a_hostile_templates_pdf_has_no_active_links_or_files(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(CASES / "template-active-links", project)
    run = subprocess.run([sys.executable, "-m", "dossier", "build", "--format", "pdf,html", "--force"],
                         cwd=project, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    reader = pypdf.PdfReader(project / "output" / "x.pdf")
    uris = [annotation.get_object()["/A"]["/URI"] for p in reader.pages for annotation in p.get("/Annots") or []
            if "/URI" in annotation.get_object().get("/A", {})]
    assert uris and all(re.match(r"https:|mailto:", uri) for uri in uris)
    root = reader.trailer["/Root"]
    assert "/AF" not in root and "/EmbeddedFiles" not in root.get("/Names", {})
    assert all("/FileAttachment" != a.get_object().get("/Subtype") for p in reader.pages for a in p.get("/Annots") or [])
    html = (project / "output" / "x.html").read_text()
    assert not re.search(r"<script|javascript:|file:|smb:|http:|\son\w+=", html, re.IGNORECASE)


# ---------- messages name the project's files ----------


@pytest.fixture
def merged(tmp_path, monkeypatch):
    monkeypatch.setattr(overlay, "_merged", None)
    own = tmp_path / "project" / "templates"
    own.mkdir(parents=True)
    (own / "theme.yaml").write_text("colors: {}\n")
    yield own, overlay.merge(own, dossier.PACKAGED_TEMPLATES)
    shutil.rmtree(overlay._merged.parent, ignore_errors=True)
    ORIGINS.clear()


def test_a_merged_file_is_named_by_the_file_it_came_from(merged, monkeypatch):
    own, folder = merged
    monkeypatch.chdir(own.parent)
    assert display_path(folder / "theme.yaml") == str(Path("templates") / "theme.yaml")
    assert display_path(folder / "brief.css") == display_path(dossier.PACKAGED_TEMPLATES / "brief.css")
    assert "dossier-" not in display_path(folder / "fonts" / "Carlito-Regular.ttf")
