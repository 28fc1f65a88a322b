"""Dossier as an installed tool: the wheel, a fresh environment, `dossier init`, check and build."""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml
from pptx import Presentation
from pypdf import PdfReader

from conftest import ROOT

STARTER_TITLE = "Example Meeting of Country A and Country B"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (the checkout stays clean) without downloading."""
    work = tmp_path_factory.mktemp("wheel")
    for name in ("dossier", "templates"):
        shutil.copytree(ROOT / name, work / "src" / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, work / "src" / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(work / "dist"), str(work / "src")],
                   check=True, capture_output=True, timeout=300)
    [built] = (work / "dist").glob("dossier_briefs_core-*.whl")
    return built


@pytest.fixture(scope="module")
def env(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment outside the repository with only the wheel installed in it.

    Dossier's dependencies come from this test run's environment (a path file), so nothing is downloaded.
    """
    venv = tmp_path_factory.mktemp("env") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    return venv


def dossier(env: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the installed `dossier` command; outside the checkout, so nothing of it can be used."""
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(env / "bin" / "dossier"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**environ, "PATH": f"{env / 'bin'}:{environ.get('PATH', '')}"})


@pytest.fixture(scope="module")
def briefs(env, tmp_path_factory) -> Path:
    """`dossier init briefs`, then `dossier check` and `dossier build`, in an empty folder."""
    empty = tmp_path_factory.mktemp("empty")
    init = dossier(env, "init", "briefs", cwd=empty)
    assert init.returncode == 0, init.stderr
    folder = empty / "briefs"
    checked = dossier(env, "check", cwd=folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = dossier(env, "build", cwd=folder)
    assert built.returncode == 0, built.stdout + built.stderr
    return folder


def test_the_wheel_carries_every_module_template_font_licence_and_scaffold_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {f"{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "dossier").rglob("*.py")}
    templates = {f"dossier/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "templates").rglob("*") if p.is_file()}
    scaffold = {p.relative_to(ROOT).as_posix() for p in (ROOT / "dossier" / "project" / "scaffold" / "files").iterdir()}
    assets = {p.relative_to(ROOT).as_posix() for p in (ROOT / "dossier" / "serve" / "static").iterdir()}
    assert {"dossier/templates/fonts/LICENSE-Carlito.txt", "dossier/templates/deck.pptx"} <= templates
    assert {"dossier/serve/static/app.js", "dossier/serve/static/app.css"} <= assets
    assert modules | templates | scaffold | assets <= names
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt")))
    assert b"dossier = dossier.__main__:run" in entry_points


def test_the_installed_package_is_used_not_the_checkout(env, tmp_path):
    where = subprocess.run([env / "bin" / "python", "-c", "import dossier; print(dossier.TEMPLATES)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(env) and Path(where, "brief.html.j2").is_file()
    module = subprocess.run([env / "bin" / "python", "-m", "dossier", "--version"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert module.returncode == 0 and module.stdout.startswith("Dossier ")


def test_init_then_build_gives_the_starter_brief_as_pdf_and_deck(briefs):
    assert {p.name for p in (briefs / "output").iterdir()} >= {"example.pdf", "example.pptx"}
    pdf = " ".join(page.extract_text() for page in PdfReader(briefs / "output" / "example.pdf").pages)
    assert STARTER_TITLE in " ".join(pdf.split())
    deck = Presentation(str(briefs / "output" / "example.pptx"))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert any(STARTER_TITLE in " ".join(t.split()) for t in texts)


def test_the_project_files_defaults_take_effect_and_the_command_line_wins(env, briefs, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(briefs, project, ignore=shutil.ignore_patterns("output"))
    settings = project / "dossier.yaml"
    settings.write_text(settings.read_text().replace("formats: [pdf, pptx]", "formats: [html]")
                        .replace("output: output", "output: built"))
    # Run from a folder inside the project: the project file is found upwards.
    built = dossier(env, cwd=project / "data")
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (project / "built").glob("example.*")) == ["example.html"]
    assert dossier(env, "--format", "pdf", cwd=project).returncode == 0
    assert (project / "built" / "example.pdf").is_file() and not (project / "built" / "example.pptx").exists()


def test_a_template_in_the_project_replaces_dossiers_own_and_the_others_fall_back(env, briefs, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(briefs, project, ignore=shutil.ignore_patterns("output"))
    packaged = ROOT / "templates"
    (project / "templates").mkdir()
    html = (packaged / "brief.html.j2").read_text()
    assert "<body" in html
    (project / "templates" / "brief.html.j2").write_text(html.replace("<body", "<!-- our own template --><body", 1))
    theme = (packaged / "theme.yaml").read_text()
    (project / "templates" / "theme.yaml").write_text(theme.replace('primary: "1F3A5F"', 'primary: "8B1A1A"'))
    built = dossier(env, "--format", "html,pdf", cwd=project)
    assert built.returncode == 0, built.stderr
    page = (project / "output" / "example.html").read_text()
    assert "<!-- our own template -->" in page  # the project's template
    assert "#8B1A1A" in page  # the project's theme, whose fonts (not in the project) come from Dossier
    assert (project / "output" / "example.pdf").is_file()
    # An edit to a project template rebuilds: it is one of the outputs' inputs.
    (project / "templates" / "brief.html.j2").write_text(html.replace("<body", "<!-- edited --><body", 1))
    again = dossier(env, "--format", "html", cwd=project)
    assert "1 built" in again.stdout and "<!-- edited -->" in (project / "output" / "example.html").read_text()


def test_serve_in_a_fresh_project_serves_the_starter_brief(env, briefs):
    """`dossier serve` from the installed wheel: the address, then the starter's HTML view, then Ctrl-C."""
    import http.client
    import json
    import signal

    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "DISPLAY")}
    server = subprocess.Popen([str(env / "bin" / "dossier"), "serve", "--port", "0", "--no-slides"], cwd=briefs,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ)
    try:
        url = next(line.strip() for line in server.stdout if line.startswith("http://"))
        host = url.removeprefix("http://").split("/")[0]
        events = http.client.HTTPConnection(host, timeout=120)
        events.request("GET", "/events")
        stream = events.getresponse()

        def get(path: str) -> bytes:
            connection = http.client.HTTPConnection(host, timeout=30)
            connection.request("GET", path)
            return connection.getresponse().read()
        while not json.loads(get("/b/example/state"))["views"]["html"]["version"]:
            stream.fp.readline()  # wait for the push channel's next word
        assert STARTER_TITLE in get("/b/example/edition.html").decode()
        events.close()
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0 and "Traceback" not in err, err
    assert url == f"http://{host}/b/example/" and "Stopped the preview." in out


def test_init_never_overwrites_a_file(env, tmp_path):
    (tmp_path / "README.md").write_text("ours\n")
    result = dossier(env, "init", cwd=tmp_path)
    assert result.returncode == 0
    assert "README.md already exists; left as it is" in result.stdout
    assert (tmp_path / "README.md").read_text() == "ours\n"
    assert (tmp_path / "data" / "example.yaml").is_file()
    again = dossier(env, "init", cwd=tmp_path)
    assert again.returncode == 0 and "wrote" not in again.stdout


def action_step(env: Path, step_id: str, inputs: dict[str, str], cwd: Path, github: dict[str, str]):
    """Run one of action.yml's shell steps as GitHub would: bash -eo pipefail, inputs through `env:`."""
    [step] = [s for s in yaml.safe_load((ROOT / "action.yml").read_text())["runs"]["steps"] if s.get("id") == step_id]
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    environ |= github | {"PATH": f"{env / 'bin'}:{environ.get('PATH', '')}"}
    for name, value in step.get("env", {}).items():
        environ[name] = inputs[re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", value)[1]]
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd,
                          env=environ, capture_output=True, text=True, timeout=300)


def test_the_actions_steps_check_build_and_write_the_job_summary(env, briefs, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(briefs, project, ignore=shutil.ignore_patterns("output"))
    github = {name: str(tmp_path / name) for name in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY")} | {
        "RUNNER_TEMP": str(tmp_path)}
    inputs = {"files": "", "formats": "html", "shard": "1/1", "options": "--force -j 1", "artifact": "briefs",
              "since": ""}
    for step in ("where", "check", "build"):
        result = action_step(env, step, inputs, project, github)
        assert result.returncode == 0, result.stdout + result.stderr
    written = Path(github["GITHUB_OUTPUT"]).read_text()
    outputs = dict((name, value) for name, _, value in
                   re.findall(r"^(\w+)<<(dossier-[0-9a-f]{32})\n(.*?)\n\2$", written, re.M | re.S))
    assert outputs == {"output": "output", "artifact": "briefs-1-of-1"}
    assert [p.name for p in (project / "output").glob("example.*")] == ["example.html"]
    summary = Path(github["GITHUB_STEP_SUMMARY"]).read_text()
    assert "| `data/example.yaml` | built `example.html` |" in summary and "Dossier: check" not in summary

    (project / "data" / "broken.yaml").write_text("meeting:\n  titel: x\n")
    failed = action_step(env, "check", inputs, project, github)
    assert failed.returncode == 1
    summary = Path(github["GITHUB_STEP_SUMMARY"]).read_text()
    assert "| `data/broken.yaml` | **failed**: " in summary and "did you mean 'title'?" in summary


def test_the_pre_commit_hooks_command_checks_the_files_it_is_given(env, briefs, tmp_path):
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (tmp_path / "broken.yaml").write_text("summary: x\n")
    good = dossier(env, *hook["entry"].split()[1:], "data/example.yaml", cwd=briefs)
    bad = dossier(env, *hook["entry"].split()[1:], "data/example.yaml", str(tmp_path / "broken.yaml"), cwd=briefs)
    assert good.returncode == 0 and "1 valid" in good.stdout
    assert bad.returncode == 1 and "broken.yaml:1:1: meeting: field required" in bad.stderr
