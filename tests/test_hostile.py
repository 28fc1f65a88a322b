"""Hostile and oversized input: nothing fetched, no traceback, bounded time.

Renders run in child processes killed at their deadline (see tests/test_hardening.py for more).
"""

import http.server
import subprocess
import sys
import threading
import time

import pytest

from conftest import ROOT
from dossier.build import Options, build_one
from dossier.load import load

VALID = ROOT / "tests" / "cases" / "valid.yaml"


@pytest.fixture
def recording_server():
    """A server on loopback that records every request it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def test_links_and_paths_in_text_fetch_nothing(tmp_path, recording_server):
    url, hits = recording_server
    text = VALID.read_text().replace(
        "summary: A summary.",
        f'summary: "See [the site]({url}/link.png), ![img]({url}/img.png), <img src=\\"{url}/raw.png\\">, '
        f'[passwd](file:///etc/passwd), [up](../../secret.png), [dev](/dev/urandom) and '
        f'<link rel=stylesheet href=\\"{url}/x.css\\">"')
    path = tmp_path / "links.yaml"
    path.write_text(text)
    result = build_one(path, Options(out=tmp_path / "out", formats=("pdf", "pptx", "html")))
    assert not result.failed, result.problems
    time.sleep(0.2)
    assert hits == []


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


def test_two_thousand_highlights_build_or_stop_within_the_time_limit(tmp_path):
    many = "".join(f"          - title: Highlight {i}\n            points: [first {i}, second {i}]\n" for i in range(2000))
    path = tmp_path / "many.yaml"
    path.write_text(VALID.read_text().replace("          - title: First\n", many))
    assert len(load(path).chapters[2].blocks[0].highlights) == 2001
    started = time.perf_counter()
    result = build_one(path, Options(out=tmp_path / "out", timeout=8))
    assert time.perf_counter() - started < 40
    if result.failed:
        assert all("took longer than 8 s" in p for p in result.problems), result.problems
    assert not list((tmp_path / "out").glob(".*.dossier-tmp"))


def test_a_megabyte_paragraph_builds_or_stops_within_the_time_limit(tmp_path):
    paragraph = "Pakistan and Russia discussed cooperation. " * 24_000
    path = tmp_path / "long.yaml"
    path.write_text(VALID.read_text().replace("summary: A summary.", f"summary: {paragraph}"))
    started = time.perf_counter()
    result = build_one(path, Options(out=tmp_path / "out", timeout=8))
    assert time.perf_counter() - started < 40
    if result.failed:
        assert all("took longer than 8 s" in p for p in result.problems), result.problems
