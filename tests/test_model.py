"""The model and its JSON Schema; inline markup."""

import json

import pytest
from pydantic import ValidationError

from dossier.model.markup import Run, to_html, to_plain, to_runs
from dossier.model import Brief, Story, paragraphs
from dossier.model.schema import json_schema


def test_schema_documents_every_field():
    schema = json_schema()
    assert schema["additionalProperties"] is False
    for name, model in schema["$defs"].items():
        for field, spec in model["properties"].items():
            assert spec.get("description"), f"{name}.{field} has no description"
    json.dumps(schema)


def test_model_refuses_unknown_fields(brief):
    data = brief.model_dump()
    data["meeting"]["venu"] = "x"
    with pytest.raises(ValidationError, match="venu"):
        Brief.model_validate(data)


def test_language_must_be_a_tag(brief):
    data = brief.model_dump()
    data["meeting"]["language"] = "English"
    with pytest.raises(ValidationError):
        Brief.model_validate(data)


def test_paragraphs_split_on_blank_lines_and_join_wrapped_lines():
    assert paragraphs("one\ntwo\n\n  three  \n") == ["one two", "three"]
    assert paragraphs(None) == []


def test_markup_to_html_escapes_raw_html():
    html = to_html("**a** _b_ [c](https://brief.org) <script>alert(1)</script> {{ 7*7 }}")
    assert "<strong>a</strong>" in html and "<em>b</em>" in html
    assert '<a href="https://brief.org">c</a>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html


def test_markup_to_runs():
    assert to_runs("x **bold** _it_ [l](https://e.org)") == (
        Run("x "), Run("bold", bold=True), Run(" "), Run("it", italic=True), Run(" "),
        Run("l", href="https://e.org"),
    )
    assert to_plain("**Pakistan**–_Russia_") == "Pakistan–Russia"


def test_markup_refuses_dangerous_links():
    assert "href" not in to_html("[x](javascript:alert(1))")
    assert "href" not in to_html("[x](file:///etc/passwd)")


def test_only_web_mail_and_fragment_links_are_links():
    html = to_html("[a](notes.md) [b](../x.pdf) [c](https://x.org) [d](mailto:a@b.c) [e](#top)")
    assert "notes.md" in html and 'href="notes.md"' not in html and 'href="../x.pdf"' not in html
    assert 'href="https://x.org"' in html and 'href="mailto:a@b.c"' in html and 'href="#top"' in html


def test_the_story_numbers_subsections_and_highlights_in_one_sequence():
    brief = Brief.model_validate({"meeting": {"title": "Talks"}, "chapters": [{"title": "Results", "blocks": [
        {"highlights": [{"title": "A"}, {"title": "B"}]},
        {"sections": [{"title": "C", "blocks": [{"highlights": [{"title": "D"}]}]}]},
        {"highlights": [{"title": "E"}]}]}]})
    story = Story(brief)
    blocks = brief.chapters[0].blocks
    assert [(h.number, h.title, h.level) for h in story.chapters[0].children] == [
        ("1.1", "A", 2), ("1.2", "B", 2), ("1.3", "C", 2), ("1.4", "E", 2)]
    inner = blocks[1].sections[0].blocks[0].highlights[0]
    assert (story.heading(inner).number, story.heading(inner).id) == ("1.3.1", "chapter-1-3-1")
    assert story.heading(blocks[2].highlights[0]) is story.chapters[0].children[3]
