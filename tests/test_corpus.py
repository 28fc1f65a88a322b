"""The hostile project corpus: each folder of tests/cases/projects/ is a repository as a pull request left it.

Each case is copied into a temporary folder nested a few levels deep, with a fake `.git/config`
holding a CI token (the canary) and a folder beside the project holding another; then
`dossier check` and `dossier build --format all --force` run in it. Whatever the case, both
end with exit 0, 1 or 2 and agree with each other, print no traceback, and leave outputs that
hold no canary, no formula, no script and no active link; nothing changes outside the project,
and the folder `dossier where output` gives the Action to upload holds no symbolic link.
The case's `expected` file lists messages both commands must print (none: both succeed).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

CASES = ROOT / "tests" / "cases" / "projects"
CANARY = "DOSSIER-CANARY-5e1f0c"
GIT_CONFIG = f"""[remote "origin"]
\turl = https://github.com/example/briefs
[http "https://github.com/"]
\textraheader = AUTHORIZATION: basic {CANARY}
"""
SCHEMES = ("https:", "mailto:")


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir()) if CASES.is_dir() else []


def _dossier(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "dossier", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


def _tree(folder: Path, skip: Path) -> dict[str, tuple[int, int]]:
    """Every path under `folder` but `skip`, with its size and modification time."""
    found = {}
    for path in folder.rglob("*"):
        if path == skip or skip in path.parents:
            continue
        stat = path.lstat()
        found[str(path.relative_to(folder))] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.fixture
def planted(tmp_path):
    """A place for a project, four folders down, beside a secret; returns (project, sandbox)."""
    project = tmp_path / "a" / "b" / "c" / "project"
    (tmp_path / "a" / "outside").mkdir(parents=True)
    (tmp_path / "a" / "outside" / "secret.txt").write_text(f"token {CANARY}\n")
    return project, tmp_path


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_a_pull_request_owns_nothing(case, planted):
    project, sandbox = planted
    shutil.copytree(case, project, symlinks=True, ignore=shutil.ignore_patterns("expected"))
    (project / ".git").mkdir(exist_ok=True)
    (project / ".git" / "config").write_text(GIT_CONFIG)
    before = _tree(sandbox, skip=project)

    checked = _dossier(project, "check")
    built = _dossier(project, "build", "--format", "all", "--force", "-j", "1")

    for run in (checked, built):
        assert run.returncode in (0, 1, 2), run.stderr
        for bad in ("Traceback", "internal error", CANARY):
            assert bad not in run.stdout + run.stderr, run.stdout + run.stderr
    assert (checked.returncode == 0) == (built.returncode == 0), (checked.stderr, built.stderr)
    expected = case / "expected"
    lines = [line for line in expected.read_text().splitlines() if line.strip()] if expected.exists() else []
    for line in lines:
        assert line in checked.stderr.splitlines(), f"check did not say {line!r}:\n{checked.stderr}"
        assert line in built.stderr.splitlines(), f"build did not say {line!r}:\n{built.stderr}"
    if not lines:
        assert checked.returncode == built.returncode == 0, checked.stderr + built.stderr

    assert _tree(sandbox, skip=project) == before, "something outside the project changed"
    for output in (p for p in project.rglob("*") if p.is_file() and not p.is_symlink() and ".git" not in p.parts):
        _assert_inert(output)  # a link is the case's own; what it leads to is scanned where it is
    where = _dossier(project, "where", "output")
    if where.returncode == 0:  # the Action uploads this folder, following links: it may hold none
        uploaded = project / where.stdout.strip()
        assert not [p for p in uploaded.rglob("*") if p.is_symlink()], "a link in the uploaded folder"


def _assert_inert(path: Path) -> None:
    """An output holds no canary, no formula, no script and no active link."""
    if path.suffix == ".html":
        html = path.read_text(encoding="utf-8", errors="replace")
        assert CANARY not in html, path
        assert not re.search(r"<script|<iframe|<object|<embed", html, re.I), path
        _assert_inert_markup(html, path)
    elif path.suffix in (".pptx", ".xlsx"):
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                data = package.read(name)
                assert CANARY.encode() not in data, f"{path}!{name}"
                if name.endswith(".xlsx"):
                    _assert_inert_workbook(data, f"{path}!{name}")
    elif path.suffix == ".pdf":
        _assert_inert_pdf(path)
    elif path.suffix not in (".png", ".yaml", ".csv", ".po", ".j2", ".css", ".md", ".toml", ".ttf", ".otf"):
        assert CANARY.encode() not in path.read_bytes(), path


def _assert_inert_markup(html: str, path: Path) -> None:
    """No element that runs or embeds, no event handler, no script URL, in the tags a browser sees."""
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            assert tag not in ("script", "iframe", "object", "embed", "frame", "base"), f"{path}: <{tag}>"
            for name, value in attrs:
                assert not name.startswith("on"), f"{path}: <{tag} {name}>"
                assert "javascript:" not in re.sub(r"[\x00-\x20]", "", value or "").lower(), f"{path}: {value}"
            for name, value in attrs:  # nothing loaded from elsewhere: pictures are data: URLs or local files
                if name in ("src", "poster", "data", "background") or name.endswith("href") and tag not in ("a", "area"):
                    assert not (value or "").strip().lower().startswith(("http:", "https:", "//", "file:")), \
                        f"{path}: <{tag} {name}={value}>"
            if tag == "meta":
                assert dict(attrs).get("charset", "utf-8").lower() == "utf-8", f"{path}: {attrs}"

    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", html), f"{path}: a control character"
    Tags().feed(html)


def _assert_inert_workbook(data: bytes, name: str) -> None:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        for member in workbook.namelist():
            xml = workbook.read(member)
            assert CANARY.encode() not in xml, f"{name}!{member}"
            assert not re.search(rb"<(\w+:)?f[ >]", xml), f"a formula in {name}!{member}"


def _assert_inert_pdf(path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(path)
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert CANARY not in text, path
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in root.get("/Names", {}), f"{path} embeds a file"
    assert "/AF" not in root and "/OpenAction" not in root and "/AA" not in root, path
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            assert annotation.get("/Subtype") != "/FileAttachment", path
            action = annotation.get("/A")
            if action is None:
                continue
            action = action.get_object()
            assert action.get("/S") in ("/URI", "/GoTo"), f"{path}: a {action.get('/S')} action"
            if action.get("/S") == "/URI":
                assert str(action["/URI"]).startswith(SCHEMES), f"{path}: a link to {action['/URI']}"


SINGLE = sorted((ROOT / "tests" / "cases").glob("*.yaml"))


@pytest.mark.parametrize("case", SINGLE, ids=lambda p: p.stem)
def test_check_rejects_exactly_what_the_build_rejects_in_the_same_words(case, tmp_path):
    from dossier.build import FORMATS, Options, build_one, check

    [checked] = check([case])
    built = build_one(case, Options(out=tmp_path, formats=FORMATS, force=True))
    assert checked.problems == built.problems
    assert checked.warnings == built.warnings
