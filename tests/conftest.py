"""Shared fixtures: the project's paths, the example brief, the theme and a recording server."""

import compileall
import http.server
import os
import re
import threading
import time
from pathlib import Path

import pytest

from dossier.load import load
from dossier.model import Brief
from dossier.style.theme import Theme, load_theme

os.environ.pop("GITHUB_ACTIONS", None)  # the suite in GitHub's runners prints no annotations but its own tests'

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "pakistan-russia-sco.yaml"
SOURCE = Path(__file__).resolve().parent / "fixtures" / "source.txt"


def pytest_configure(config) -> None:
    """Byte-compile Dossier's modules once, before any worker starts, as `pip install` leaves them.

    The suite starts hundreds of `python -m dossier` processes; where PYTHONDONTWRITEBYTECODE is set
    (many CI images) each of them compiled every module it imports anew: about 0.1 s of CPU a build."""
    if not hasattr(config, "workerinput"):  # the controlling process, or a run without xdist
        compileall.compile_dir(ROOT / "dossier", quiet=1)


@pytest.fixture(scope="session")
def brief() -> Brief:
    """The example brief, loaded and validated."""
    return load(EXAMPLE)


@pytest.fixture(scope="session")
def theme() -> Theme:
    """Dossier's own theme."""
    return load_theme()


class Recorder:
    """A server on loopback that records the path of every request it gets."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def requests(self, window: float = 2.0) -> list[str]:
        """The requests received, after waiting up to `window` seconds for a late one to arrive."""
        deadline = time.monotonic() + window
        while not self.hits and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.hits)


@pytest.fixture
def recording_server():
    """A Recorder serving on loopback for the test's duration."""
    recorder = Recorder()
    threading.Thread(target=recorder.server.serve_forever, daemon=True).start()
    yield recorder
    recorder.server.shutdown()
    recorder.server.server_close()


def processes_naming(text: str, within: float = 0) -> list[str]:
    """The command lines of the running processes (zombies aside) that hold `text`, once none is left
    or `within` seconds have passed."""
    deadline = time.monotonic() + within
    while (found := _processes_naming(text)) and time.monotonic() < deadline:
        time.sleep(0.02)
    return found


def _processes_naming(text: str) -> list[str]:
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in command and state not in "ZX":
            found.append(command)
    return found


def pdf_text(path: Path) -> str:
    """A PDF's text, page after page, without the running footer (the title, then "Page N of M"),
    with words hyphenated at a line's end joined again and white space collapsed."""
    from pypdf import PdfReader

    pdf = PdfReader(path)
    footer = rf"(\n{re.escape(pdf.metadata.title)})?\s+Page \d+ of \d+\s*$"
    pages = [re.sub(footer, "", page.extract_text()) for page in pdf.pages]
    return " ".join("\n".join(pages).replace("\u2010\n", "").split())


def deck_text(path: Path) -> list[str]:
    """The text of each slide of a deck, its shapes' text frames joined by newlines."""
    from pptx import Presentation

    return ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
            for slide in Presentation(str(path)).slides]


def topics(brief: Brief) -> list:
    """Everything in a brief that has the topic shape (text, lead, points, closing), in order."""
    from dossier.model import Body

    found: list = []

    def visit(item) -> None:
        if isinstance(item, Body):
            found.append(item)
        for name in ("blocks", "sections", "highlights"):
            for child in getattr(item, name, None) or []:
                visit(child)

    for chapter in brief.chapters:
        visit(chapter)
    return found


def every_point(brief: Brief) -> list[str]:
    """Every bullet point and member name of a brief."""
    from dossier.model import ListBlock, MembersBlock

    points = [p for t in topics(brief) for p in t.points]
    for block in brief.blocks():
        if isinstance(block, ListBlock):
            points += block.points
        elif isinstance(block, MembersBlock):
            points += [x for p in block.members for x in (p.party, p.by) if x]
    return points


def every_paragraph(brief: Brief) -> list[str]:
    """Every paragraph of prose: the summary, texts, closings and quotations."""
    from dossier.model.markup import to_plain
    from dossier.model import ListBlock, ProseBlock, QuoteBlock, paragraphs

    texts = [brief.summary, *(t.text for t in topics(brief)), *(t.closing for t in topics(brief))]
    for block in brief.blocks():
        texts += [getattr(block, "text", None) if isinstance(block, ProseBlock) else None,
                  block.closing if isinstance(block, ListBlock) else None,
                  block.quote if isinstance(block, QuoteBlock) else None]
    return [to_plain(p) for t in texts for p in paragraphs(t)]


def highlights(data: dict) -> list:
    """The example's highlights, in its data as a dict."""
    return data["chapters"][2]["blocks"][0]["highlights"]


def members(data: dict) -> list:
    """The example's member states, in its data as a dict."""
    return data["chapters"][1]["blocks"][0]["members"]


def assert_valid_deck(path: Path) -> None:
    """The deck opens cleanly by the Open XML SDK's rules (the openxml-audit package): 0 errors."""
    from openxml_audit import validate_pptx

    result = validate_pptx(path)
    errors = [f"{e.part}: {e.description}" if hasattr(e, "part") else str(e) for e in result.errors]
    assert result.error_count == 0, errors[:10]


@pytest.fixture(autouse=True)
def _every_deck_a_test_builds_is_valid(request):
    """After each test, every deck it left in its tmp_path must pass the Open XML rules."""
    folder = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    yield
    for deck in folder.rglob("*.pptx") if folder else ():
        if not deck.name.startswith(("broken", ".")) and _made_by_dossier(deck):
            assert_valid_deck(deck)


def _made_by_dossier(deck: Path) -> bool:
    """A deck Dossier wrote (not a hostile master a test made), by its application property."""
    import zipfile

    try:
        with zipfile.ZipFile(deck) as package:
            return b"<Application>Dossier</Application>" in package.read("docProps/app.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


WEAK = {"primary": "3D6A99", "accent": "F2C94C", "tint": "E4EAF1"}
"""A user's palette whose accent, a light yellow, is 1.6:1 on white: the theme derives its text colours."""


def themed(folder: Path, **colors: str) -> Path:
    """Dossier's theme file with some colours replaced, written into `folder`."""
    text = (ROOT / "templates" / "theme.yaml").read_text(encoding="utf-8")
    for name, color in colors.items():
        text = re.sub(rf'(?m)^(  {name}: )"[0-9A-F]{{6}}"', rf'\g<1>"{color}"', text)
    path = folder / "theme.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def without_stray_capitals(text: str) -> str:
    """Text without the Latin capital LibreOffice 7.4's PDF export maps a glyph of bold Arabic to
    ('التجUارة', drawn right): a flaw of its ToUnicode table, not of the slide."""
    return re.sub(r"(?<=[\u0600-\u06ff])[A-Z]|[A-Z](?=[\u0600-\u06ff])", "", text)


def commit_version(root: Path, files: dict[str, str | bytes], day: str = "2026-11-30") -> Path:
    """Write `files` (path inside `root` → text or bytes) and commit them in `root`'s git repository
    (made if need be), committed on `day`; return `root`. Then write the next version over them."""
    import subprocess

    root.mkdir(parents=True, exist_ok=True)
    if not (root / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    stamp = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": "Test",
           "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org"}
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", f"version of {day}"], check=True, env=env)
    return root
