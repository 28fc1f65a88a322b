"""Fuzzing: any document, any mutation of the example, ends in a brief or in clean file:line:col errors."""

import re

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE
from dossier.build import Options, build_one
from dossier.errors import InvalidInput
from dossier.load import load
from dossier.model import Brief

PROBLEM = re.compile(r"^.+:\d+:\d+: .+$")
EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=40), st.sampled_from(["NO", "on", "2025-07-04", "22:30", "0000-00-00"]))
keys = st.one_of(st.sampled_from(["meeting", "title", "parties", "forum", "summary", "chapters", "blocks",
                                  "highlights", "points", "sections", "members", "quote", "by", "event",
                                  "programme", "agreements", "text", "lead", "closing"]), st.text(max_size=10))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                          st.dictionaries(keys, inner, max_size=6)),
                         max_leaves=30)


def outcome(path) -> Brief | list[str]:
    """The brief, or the problems as printed; anything else (a traceback) fails the test."""
    try:
        return load(path)
    except InvalidInput as error:
        lines = [str(p) for p in error.problems]
        assert lines, "an error without problems"
        for line in lines:
            assert PROBLEM.match(line), line
            assert "\n" not in line
        return lines


@FUZZ
@given(documents)
@example(document={"highlights": "0\n"})  # found by this test: a shorthand's hint quoted a newline
def test_random_documents(tmp_path, document):
    path = tmp_path / "random.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    outcome(path)


@st.composite
def mutations(draw) -> str:
    lines = EXAMPLE_TEXT.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert", "truncate"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
        elif kind == "dedent":
            lines[i] = lines[i].lstrip(" ")
        elif kind == "insert":
            at = draw(st.integers(0, len(lines[i])))
            junk = draw(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=5)
                        | st.sampled_from([":", "- ", "\t", "\"", "'", "&a", "*a", "!!python/name:os.system", "{", "["]))
            lines[i] = lines[i][:at] + junk + lines[i][at:]
        else:
            lines = lines[:i]
        if not lines:
            break
    return "".join(lines)


@FUZZ
@given(mutations())
def test_mutations_of_the_example(tmp_path, text):
    path = tmp_path / "mutated.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    outcome(path)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations())
def test_mutations_build_or_fail_cleanly(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "mutated.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = build_one(path, Options(out=folder / "out"))
    if result.failed:
        assert all(PROBLEM.match(p) for p in result.problems), result.problems
        assert not any("internal error" in p for p in result.problems), result.problems
    else:
        assert {p.suffix for p in result.built} == {".pdf", ".pptx"}
