"""The HTML edition in a real browser: Debian's Chromium runs axe-core on each page, and no
violation is serious or critical.

axe-core and Chromium come with the README's test command (`apt-get install chromium`,
`npm install --prefix .venv axe-core`); without them these tests fail, saying so.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import re
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, WEAK, themed
from dossier.load import load
from dossier.pdf import render_html
from dossier.style.theme import load_theme

AXE = Path(sys.prefix) / "node_modules" / "axe-core" / "axe.min.js"
INSTALL = ("install it as the README's test command does: `apt-get install chromium` and "
           "`npm install --silent --no-save --no-audit --no-fund --prefix .venv axe-core`")
PAGES = {  # the slowest to render (its fonts are the largest to subset) first
    "urdu": ROOT / "tests" / "fixtures" / "languages" / "pakistan-russia-sco-ur.yaml",
    "figures": ROOT / "examples" / "aurelia-borealis-figures.yaml",
    "example": EXAMPLE,
    "state-visit": ROOT / "tests" / "fixtures" / "meetings" / "state-visit.yaml",
    "state-visit-user-theme": ROOT / "tests" / "fixtures" / "meetings" / "state-visit.yaml",
}
RUN_AXE = """<script src="axe.min.js"></script>
<script>
window.addEventListener("load", () => {
  const report = text => {
    const pre = document.createElement("pre");
    pre.id = "axe-results";
    pre.textContent = text;
    document.body.appendChild(pre);
  };
  axe.run(document, {resultTypes: ["violations"]}).then(results => report(JSON.stringify(
    results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({
      target: n.target, impact: n.impact,
      data: [...n.any, ...n.all, ...n.none].map(c => c.data).filter(Boolean)}))})))),
    error => report(JSON.stringify({error: String(error)})));
});
</script>"""


def _tools() -> str:
    """Chromium's path; the test fails, saying how to install them, when Chromium or axe-core is missing."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail(f"Chromium is not installed; {INSTALL}")
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}; {INSTALL}")
    return chromium


def start_axe(page: str, folder: Path) -> subprocess.Popen:
    """Headless Chromium running axe-core on `page` (an HTML document), in `folder`."""
    chromium = _tools()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(AXE, folder / "axe.min.js")
    path = folder / "page.html"
    path.write_text(page.replace("</body>", RUN_AXE + "</body>", 1), encoding="utf-8")
    return subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                             "--virtual-time-budget=30000", "--dump-dom", path.as_uri()],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def violations(run: subprocess.Popen) -> list[dict]:
    """The violations axe-core wrote into the page Chromium dumped."""
    dom = run.communicate(timeout=120)[0]
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', dom, re.S)
    assert found, f"axe-core reported nothing; Chromium's page began: {dom[:300]!r}"
    results = json.loads(html.unescape(found.group(1)))
    assert not isinstance(results, dict), f"axe-core failed: {results['error']}"
    return results


def describe(violation: dict) -> str:
    """One line per node: the rule, where, and (for contrast) the colours and their ratio."""
    lines = []
    for node in violation["nodes"]:
        colours = "; ".join(f"{d['fgColor']} on {d['bgColor']}: {d['contrastRatio']}:1 "
                            f"(needs {d['expectedContrastRatio']}, {d['fontSize']} {d['fontWeight']})"
                            for d in node["data"] if isinstance(d, dict) and "contrastRatio" in d)
        lines.append(f"{violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))}"
                     + (f" — {colours}" if colours else ""))
    return "\n".join(lines)


def _render(path: Path, theme: Path | None) -> str:
    return render_html(load(path), load_theme(theme))


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, list[dict]]:
    """axe-core's violations on each page: two pages render at a time (their fonts are subset, which
    takes seconds), and each goes to Chromium as soon as it is ready."""
    _tools()
    folder, runs = tmp_path_factory.mktemp("axe"), {}
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        theme = themed(folder, **WEAK)
        pages = {pool.submit(_render, path, theme if "theme" in name else None): name for name, path in PAGES.items()}
        for done in as_completed(pages):
            runs[pages[done]] = start_axe(done.result(), folder / pages[done])
    return {name: violations(run) for name, run in runs.items()}


@pytest.mark.parametrize("name", PAGES)
def test_the_html_edition_passes_axe_with_no_serious_violation(name, reports):
    """axe-core, in Chromium, finds no serious or critical violation on the HTML edition."""
    serious = [v for v in reports[name] if v["impact"] in ("serious", "critical")]
    assert not serious, f"{name}: axe-core found\n" + "\n".join(map(describe, serious))


def test_axe_runs_and_reports_a_contrast_failure(tmp_path):
    """The harness reports what axe finds: pale grey text on white is a serious colour-contrast violation."""
    page = ('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>Contrast</h1>'
            '<p style="color: #BBBBBB; background: white">Too pale to read</p></main></body></html>')
    found = violations(start_axe(page, tmp_path))
    assert [(v["id"], v["impact"]) for v in found] == [("color-contrast", "serious")]
    assert "#bbbbbb on #ffffff: 1.9" in describe(found[0])
