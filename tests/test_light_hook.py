"""The pre-commit hook's environment: dossier-briefs-core alone (no renderers), reporting what the full tool reports."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

HEAVY = ("weasyprint", "pptx", "matplotlib")
BAD = """\
meeting:
  title: Talks
  date: 2026-13-01
summary: We met about the EAEU.
chapters:
  - title: Sales
    status: sideways
    blocks:
      - picture: picture.png
        alt: Not a picture
"""
WARNED = """\
meeting: {title: Talks, date: 2026-03-01}
summary: We met about the EAEU.
glossary:
  - {term: MoU, means: Memorandum of Understanding}
"""


def _run(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, env=env)


@pytest.fixture(scope="module")
def hook(tmp_path_factory) -> tuple[Path, Path, dict]:
    """A briefs repository with the hook installed by pre-commit from a copy of this checkout's
    sources (committed in a scratch repository, as pre-commit clones a `rev`): the project, the
    hook's environment and pre-commit's process environment."""
    work = tmp_path_factory.mktemp("hook")
    repo = work / "repo"
    repo.mkdir()
    for name in ("dossier", "templates"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", "_version.py"))
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, repo / name)
    git = ("git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false")
    _run("git", "init", "-q", cwd=repo)
    _run("git", "add", ".", cwd=repo)
    _run(*git, "commit", "-qm", "sources", cwd=repo)
    rev = _run("git", "rev-parse", "HEAD", cwd=repo).stdout.strip()
    project = work / "briefs"
    (project / "data").mkdir(parents=True)
    _run("git", "init", "-q", cwd=project)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks: [{{id: dossier-check}}]\n")
    environ = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    environ["PRE_COMMIT_HOME"] = str(work / "cache")
    pre_commit = Path(sys.executable).parent / "pre-commit"
    installed = _run(str(pre_commit), "install-hooks", cwd=project, env=environ)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    [venv] = (work / "cache").glob("repo*/py_env-*")
    return project, venv, environ


def test_the_hooks_environment_has_no_renderer(hook):
    _, venv, _ = hook
    python = str(venv / "bin" / "python")
    code = "import importlib.util as u; print(*(m for m in %r if u.find_spec(m)))" % (HEAVY,)
    assert _run(python, "-c", code, cwd=venv).stdout.split() == []
    assert _run(python, "-c", "import dossier.cli, fontTools, PIL, babel", cwd=venv).returncode == 0
    size = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file() and not f.is_symlink())
    assert size < 150 * 2**20, f"{size / 2**20:.0f} MB"  # the full tool's environment: about 310 MB


def test_the_hook_reports_what_the_full_tool_reports(hook):
    project, venv, environ = hook
    (project / "data" / "bad.yaml").write_text(BAD)
    (project / "data" / "warned.yaml").write_text(WARNED)
    (project / "data" / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    files = ("data/bad.yaml", "data/warned.yaml")
    full = _run(sys.executable, "-m", "dossier", "check", *files, cwd=project)
    light = _run(str(venv / "bin" / "dossier"), "check", *files, cwd=project, env=environ)
    assert (light.returncode, light.stdout, light.stderr) == (full.returncode, full.stdout, full.stderr)
    assert full.returncode == 1 and "13-01" in full.stderr and "sideways" in full.stderr
    assert "picture.png" in full.stderr and "EAEU" in full.stderr  # Pillow's and the glossary's checks ran

    _run("git", "add", ".", cwd=project)
    hooked = _run(str(Path(sys.executable).parent / "pre-commit"), "run", "dossier-check", "--files", *files,
                  cwd=project, env=environ)
    assert hooked.returncode == 1
    for line in (full.stdout + full.stderr).splitlines():
        assert line in hooked.stdout


def test_the_core_alone_says_what_it_cannot_do(hook):
    """A build or a preview asks for the renderers; a check with a master of one's own says it went unchecked."""
    project, venv, environ = hook
    (project / "data" / "ok.yaml").write_text(WARNED.replace("EAEU", "Eurasian union"))
    dossier = str(venv / "bin" / "dossier")
    built = _run(dossier, "build", "data/ok.yaml", "--out", "out", cwd=project, env=environ)
    assert built.returncode == 1 and "install dossier-briefs" in built.stdout + built.stderr
    assert "Traceback" not in built.stderr and not (project / "out" / "ok.pdf").exists()
    served = _run(dossier, "serve", "data/ok.yaml", "--no-open", cwd=project, env=environ)
    assert served.returncode == 1 and "install dossier-briefs" in served.stderr and "Traceback" not in served.stderr
    shutil.copy(ROOT / "templates" / "deck.pptx", project / "company.pptx")
    checked = _run(dossier, "check", "data/ok.yaml", "--deck-template", "company.pptx", cwd=project, env=environ)
    assert checked.returncode == 0 and "company.pptx: the deck's master was not checked" in checked.stderr
    plain = _run(dossier, "check", "data/ok.yaml", cwd=project, env=environ)
    assert plain.returncode == 0 and "master" not in plain.stdout + plain.stderr
