"""Labels are checked as they will be used; their text reaches CSS only as CSS strings; a project's
catalogues are read from the templates in use, checked, and never served stale."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

import dossier
from conftest import ROOT
from dossier.errors import InvalidInput, TemplateError
from dossier.style.labels import Labels, checked_label, label_problem, missing_catalogue
from dossier.pdf.styles import _pieces

PROJECTS = Path(__file__).parent / "cases" / "projects"
DOSSIER = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "dossier"
ATTACK = "Page {page} of {pages}{{x</style><script>alert(1)</script><style>}}"


# ---------- a label's text ----------


@pytest.mark.parametrize("text, problem", [
    ("Page {page} / {total}", "{total} is not known here (this label can use: {page}, {pages})"),
    ("Page {page:>900000000} of {pages}", "{page:>900000000}: a placeholder takes no format; write {page}"),
    ("Page {page!r} of {pages}", "{page!r}: a placeholder takes no conversion; write {page}"),
    ("Page {page.__class__} of {pages}", "{page.__class__}: a placeholder is a name alone; write {page}"),
    ("Page {page[0]}", "{page[0]}: a placeholder is a name alone; write {page}"),
    ("Page {} of {pages}", "{} is not known here (this label can use: {page}, {pages})"),
    ("Page {{ of {pages", "a '{' is not closed; write {{ for a brace itself"),
    ("Page } of {pages}", "a '}' has no '{' before it; write }} for a brace itself"),
])
def test_a_label_may_use_its_placeholders_only_as_plain_names(text, problem):
    assert label_problem(text, {"page", "pages"}) == problem
    with pytest.raises(ValueError, match="placeholder|brace|known"):
        checked_label("page", text)


def test_a_sound_label_is_kept_as_written_and_a_catalogue_must_use_every_placeholder():
    assert checked_label("page", "Page {{ of {pages}") == "Page {{ of {pages}"
    assert checked_label("page", "Page {page}") == "Page {page}"  # a renamed label may leave one out
    assert label_problem("Page {page}", {"page", "pages"}, required=True) == \
        "{pages} is missing (the text must use: {page}, {pages})"


def test_a_label_with_no_placeholders_says_so():
    assert label_problem("Agenda {n}", set()) == \
        "{n} is not known here (this label has no placeholders; write {{ and }} for a brace)"


# ---------- the page label in CSS ----------


def test_the_page_label_reaches_css_as_strings_and_two_counters():
    css = " ".join(_pieces(ATTACK))
    assert css.startswith('"Page " counter(page) " of " counter(pages) "\\7b "')
    assert "<" not in css and "counter(x" not in css and css.count("counter(") == 2
    with pytest.raises(TemplateError, match=r"cannot show \{x\}"):
        _pieces("Page {x}")


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    """A brief whose page label tries to end the HTML edition's <style>, and one with a literal brace."""
    from dossier.build import Options, build_one

    folder = tmp_path_factory.mktemp("attack")
    for name, label in (("attack", ATTACK), ("brace", "Page {{ of {pages}")):
        (folder / f"{name}.yaml").write_text(
            f"meeting:\n  title: Talks\nsummary: Short.\nlabels:\n  page: '{label}'\n", encoding="utf-8")
        result = build_one(folder / f"{name}.yaml", Options(out=folder / "out", formats=("pdf", "html")))
        assert not result.failed, result.problems
    return folder / "out"


def test_a_page_label_cannot_put_script_in_the_html_edition(attacked):
    page = (attacked / "attack.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and page.count("</style>") == page.count("<style")


def test_literal_braces_in_the_page_label_print_as_braces(attacked):
    assert "Page { of 1" in pypdf.PdfReader(attacked / "brace.pdf").pages[0].extract_text()
    text = pypdf.PdfReader(attacked / "attack.pdf").pages[0].extract_text()
    assert "Page 1 of 1{x</style><script>alert(1)</script><style>}" in text


# ---------- catalogues ----------

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')


@pytest.fixture
def templates(tmp_path, monkeypatch):
    """A templates folder in use, as the project overlay makes one; returns its catalogue fr.po."""
    folder = tmp_path / "merged" / "templates"
    (folder / "locale").mkdir(parents=True)
    monkeypatch.setattr(dossier, "TEMPLATES", folder)
    return folder / "locale" / "fr.po"


def test_the_catalogue_is_read_from_the_templates_in_use_and_never_stale(templates):
    templates.write_text(HEADER + 'msgid "Summary"\nmsgstr "Synthèse du projet"\n', encoding="utf-8")
    assert Labels("fr")("summary") == "Synthèse du projet"
    assert Labels("fr")("contents") == "Contents"  # what the project leaves out stays English
    templates.write_text(HEADER + 'msgid "Summary"\nmsgstr "Résumé, revu"\n', encoding="utf-8")
    os.utime(templates, ns=(1, 1))  # a new time, even on a coarse clock
    assert Labels("fr")("summary") == "Résumé, revu"


def test_dossier_s_own_catalogue_serves_when_the_folder_changes_back(templates, monkeypatch):
    templates.write_text(HEADER + 'msgid "Summary"\nmsgstr "Synthèse du projet"\n', encoding="utf-8")
    assert Labels("fr")("summary") == "Synthèse du projet"
    monkeypatch.setattr(dossier, "TEMPLATES", dossier.PACKAGED_TEMPLATES)
    assert Labels("fr")("summary") == "Synthèse"


@pytest.mark.parametrize("body, message", [
    ('msgid "Summary"\nmgsstr "Synthèse"\n',
     'templates/locale/fr.po:7:1: unknown or misformatted keyword; write each entry as msgid "…" then msgstr "…"'),
    ('msgid "Summary"\nmsgstr[x] "Synthèse"\n', "templates/locale/fr.po:7:1: cannot be read:"),
    ('msgid "Page {page} of {pages}"\nmsgstr "Page {page}"\n',
     "templates/locale/fr.po:7:1: page: {pages} is missing (the text must use: {page}, {pages})"),
    ('msgid "{n} party"\nmsgid_plural "{n} parties"\nmsgstr[0] "{n} partie"\nmsgstr[1] "{n:>9999999}"\n',
     "templates/locale/fr.po:9:1: party_count: {n:>9999999}: a placeholder takes no format; write {n}"),
    ('msgid "Summary"\nmsgstr "{x}"\n',
     "templates/locale/fr.po:7:1: summary: {x} is not known here (this label has no placeholders"),
])
def test_a_broken_catalogue_is_an_error_at_its_line(templates, body, message):
    templates.write_text(HEADER + body, encoding="utf-8")
    for use in (Labels, missing_catalogue):  # the build, and check
        with pytest.raises(InvalidInput) as error:
            use("fr")
        assert str(error.value).startswith(message), str(error.value)


def test_a_catalogue_cannot_ask_for_a_billion_plural_forms(templates):
    templates.write_text(HEADER.replace("nplurals=2", "nplurals=900000000")
                         + 'msgid "{n} party"\nmsgid_plural "{n} parties"\nmsgstr[0] "{n}"\nmsgstr[1] "{n}"\n',
                         encoding="utf-8")
    with pytest.raises(InvalidInput, match="fr.po:6:1: its Plural-Forms header gives nplurals=900000000"):
        Labels("fr")


@pytest.mark.parametrize("rule, message", [
    ("(n % 0)", "its Plural-Forms expression cannot be used: integer modulo by zero"),
    ("(n + 5)", "its Plural-Forms expression gives form 1005, but nplurals=2"),
    ("(n > 1) + __import__('os')", "its Plural-Forms expression cannot be used"),
])
def test_a_catalogue_s_plural_rule_must_choose_one_of_its_forms(templates, rule, message):
    templates.write_text(HEADER.replace("(n > 1)", rule) + 'msgid "Summary"\nmsgstr "Synthèse"\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match=re.escape(message)):
        Labels("fr")


def test_a_catalogue_is_read_as_utf8_whatever_charset_it_declares(templates):
    templates.write_text(HEADER.replace("UTF-8", "no-such-charset") + 'msgid "Summary"\nmsgstr "Synthèse"\n',
                         encoding="utf-8")
    assert Labels("fr")("summary") == "Synthèse"


def test_a_catalogue_must_be_utf8_and_small(templates):
    templates.write_bytes(HEADER.encode() + b'msgid "Summary"\nmsgstr "Synth\xe8se"\n')
    with pytest.raises(InvalidInput, match="fr.po:7:1: is not UTF-8 text"):
        Labels("fr")
    templates.write_text(HEADER + "#" * 1_000_001, encoding="utf-8")
    with pytest.raises(InvalidInput, match="a catalogue has at most 1,000,000"):
        Labels("fr")


# ---------- a project's catalogue, end to end ----------


def dossier_cli(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(DOSSIER), *args], cwd=folder, capture_output=True, text=True, timeout=300)


def test_a_project_catalogue_is_honoured(tmp_path):
    project = shutil.copytree(PROJECTS / "catalogue-honoured", tmp_path / "project")
    assert dossier_cli(project, "check").returncode == 0
    built = dossier_cli(project, "build", "--format", "pdf")
    assert built.returncode == 0, built.stderr
    text = pypdf.PdfReader(project / "output" / "talks.pdf").pages[0].extract_text()
    assert "Synthèse du projet" in text and "Feuille 1 sur 1" in text


def test_check_and_build_refuse_a_hostile_project_catalogue_with_the_same_words(tmp_path):
    project = shutil.copytree(PROJECTS / "catalogue-hostile", tmp_path / "project")
    expected = (project / "expected").read_text(encoding="utf-8").splitlines()
    for command in (("check",), ("build", "--format", "pdf")):
        result = dossier_cli(project, *command)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert [line for line in result.stderr.splitlines() if line.startswith("templates/")] == expected
    assert not (project / "output" / "talks.pdf").exists()
