"""Hostile and oversized input: nothing fetched, no traceback, bounded time.

Renders run in child processes killed at their deadline (see tests/test_hardening.py for more).
"""

import re
import subprocess
import sys
import time

from pptx import Presentation

from conftest import ROOT, deck_text, pdf_text
from dossier.build import Options, build_one
from dossier.load import load

VALID = ROOT / "tests" / "cases" / "valid.yaml"


def test_links_and_paths_in_text_fetch_nothing(tmp_path, recording_server):
    url = recording_server.url
    text = VALID.read_text().replace(
        "summary: A summary.",
        f'summary: "See [the site]({url}/link.png), ![img]({url}/img.png), <img src=\\"{url}/raw.png\\">, '
        f'[passwd](file:///etc/passwd), [up](../../secret.png), [dev](/dev/urandom) and '
        f'<link rel=stylesheet href=\\"{url}/x.css\\">"')
    path = tmp_path / "links.yaml"
    path.write_text(text)
    result = build_one(path, Options(out=tmp_path / "out", formats=("pdf", "pptx", "html")))
    assert not result.failed, result.problems
    assert recording_server.requests() == []


def test_missing_pango_is_a_message_not_a_trace(tmp_path):
    script = f"""
import sys
class NoPango:
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
sys.meta_path.insert(0, NoPango())
from dossier.cli import main
sys.exit(main([{str(VALID)!r}, "--format", "pdf", "--out", {str(tmp_path)!r}]))
"""
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "Install Pango" in run.stderr and "apt-get install libpango-1.0-0" in run.stderr
    assert "Traceback" not in run.stderr
    assert not list(tmp_path.glob("*.pdf"))


def with_highlights(folder, count: int):
    """valid.yaml with `count` highlights of two points each in place of its first one."""
    many = "".join(f"          - title: Highlight {i}\n            points: [first {i}, second {i}]\n" for i in range(count))
    path = folder / f"highlights-{count}.yaml"
    path.write_text(VALID.read_text().replace("          - title: First\n", many))
    assert len(load(path).chapters[2].blocks[0].highlights) == count + 1
    return path


def with_summary(folder, sentences: int):
    """valid.yaml whose summary is one paragraph of `sentences` sentences (43 characters each)."""
    path = folder / f"summary-{sentences}.yaml"
    path.write_text(VALID.read_text().replace("summary: A summary.", "summary: " + SENTENCE * sentences))
    return path


SENTENCE = "Pakistan and Russia discussed cooperation. "


def assert_stopped(result, limit: str) -> None:
    """The build failed, with the stop message alone."""
    assert result.failed and result.problems, "the build was not stopped"
    assert all(f"took longer than {limit} s and was stopped" in p for p in result.problems), result.problems


MANY = 100
"""Highlights enough for 26 slides of cards and numbers of three digits on them (3.100, 3.101)."""


def test_many_highlights_build_whole(tmp_path):
    """Every highlight on a card of the deck (3.1 to 3.101, numbered within their chapter) and in the PDF."""
    result = build_one(with_highlights(tmp_path, MANY), Options(out=tmp_path / "out", timeout=300))
    assert not result.failed, result.problems
    text = pdf_text(tmp_path / "out" / f"highlights-{MANY}.pdf")
    assert all(f"Highlight {i} first {i} second {i}" in text for i in range(MANY))
    slides = deck_text(tmp_path / "out" / f"highlights-{MANY}.pptx")
    cards = [line for slide in slides for line in slide.splitlines() if re.match(r"3\.\d+  ", line)]
    assert cards == [f"3.{i + 1}  Highlight {i}" for i in range(MANY)] + [f"3.{MANY + 1}  Second"]


def test_two_thousand_highlights_are_stopped_at_a_tiny_time_limit(tmp_path):
    started = time.perf_counter()
    result = build_one(with_highlights(tmp_path, 2000), Options(out=tmp_path / "out", timeout=0.2))
    assert time.perf_counter() - started < 30
    assert_stopped(result, "0.2")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_long_paragraph_builds_whole(tmp_path):
    """100 KB in one paragraph: every sentence in the PDF, and in the notes of the deck's bottom line."""
    result = build_one(with_summary(tmp_path, 2400), Options(out=tmp_path / "out", timeout=300))
    assert not result.failed, result.problems
    assert pdf_text(tmp_path / "out" / "summary-2400.pdf").count(SENTENCE.strip()) == 2400
    deck = Presentation(str(tmp_path / "out" / "summary-2400.pptx"))
    bottom_line = deck.slides[1]
    assert bottom_line.shapes.title.text == "Bottom line"
    assert bottom_line.notes_slide.notes_text_frame.text.count(SENTENCE.strip()) == 2400


def test_a_megabyte_paragraph_is_stopped_at_a_tiny_time_limit(tmp_path):
    started = time.perf_counter()
    result = build_one(with_summary(tmp_path, 24_000), Options(out=tmp_path / "out", timeout=0.2))
    assert time.perf_counter() - started < 30
    assert_stopped(result, "0.2")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
