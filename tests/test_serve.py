"""`dossier serve`: the live preview, in Debian's Chromium (driven by Playwright) and over raw HTTP.

The browser tests run the real command on a copy of the example and watch the page follow
saves: an edit appears without a reload, a mistake shows the CLI's words over the last good
view and goes when fixed; axe-core finds no serious violation. The HTTP tests start the
server alone (no renders) to check what it refuses: a foreign Host, paths out of its folders,
links out, any method but GET and HEAD.

Playwright comes with the test extra; Chromium and axe-core with the README's test command.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE
from test_html import AXE, INSTALL, describe

from dossier.serve.http import Server
from dossier.serve.state import Brief, Hub

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SAVE_TIMEOUT = 60_000
"""Milliseconds a view may take to follow a save on a loaded, shared machine (the bench measures speed)."""


# -- the real command, in a browser -------------------------------------------------------------

class Preview:
    """`dossier serve` on a project holding a copy of the example, in a session of its own."""

    def __init__(self, folder: Path, *args: str, env: dict[str, str] | None = None):
        (folder / "data").mkdir(parents=True)
        self.brief = folder / "data" / EXAMPLE.name
        shutil.copyfile(EXAMPLE, self.brief)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dossier", "serve", "--port", "0", "--no-slides", *args], cwd=folder,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
            env={**os.environ, "DISPLAY": "", "WAYLAND_DISPLAY": "", **(env or {})})
        self.lines = []
        for line in self.process.stdout:
            self.lines.append(line)
            if line.startswith("http://"):
                break
        assert self.lines and self.lines[-1].startswith("http://"), "".join(self.lines) + self.process.stderr.read()
        self.url = self.lines[-1].strip()
        self.host = self.url.removeprefix("http://").split("/")[0]

    def edit(self, old: str, new: str) -> None:
        text = self.brief.read_text(encoding="utf-8")
        assert old in text
        self.brief.write_text(text.replace(old, new, 1), encoding="utf-8")

    def stop(self) -> tuple[int, str, str]:
        """Ctrl-C, as a terminal sends it; the exit code and what was printed after the address."""
        self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, out, err


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]' installs Playwright")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed; {INSTALL}")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    running = Preview(tmp_path_factory.mktemp("serve"))
    yield running
    if running.process.poll() is None:
        running.stop()


@pytest.fixture
def page(browser, preview):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    tab = context.new_page()
    tab.goto(preview.url)
    yield tab
    context.close()


TITLE = "Pakistan–Russia Meeting at the Shanghai Cooperation Organization"


def _views_ready(page) -> None:
    """Wait until every view has been shown and none is updating."""
    page.wait_for_function("() => document.body.dataset.html && document.body.dataset.pdf && document.body.dataset.deck"
                           " && document.querySelector('#status').textContent === 'up to date'", timeout=SAVE_TIMEOUT)


def test_the_address_is_printed_on_a_line_of_its_own(preview):
    assert preview.lines[-1].strip() == f"http://{preview.host}/b/{EXAMPLE.stem}/"
    assert preview.host.startswith("127.0.0.1:")


def test_a_briefs_page_shows_its_title_in_every_view(page):
    page.wait_for_function(f"() => document.querySelector('#title').textContent === {json.dumps(TITLE)}")
    edition = page.frame_locator("#edition")
    assert edition.locator("h1").first.inner_text(timeout=SAVE_TIMEOUT).strip() == TITLE
    _views_ready(page)
    page.get_by_role("tab", name="Deck").click()
    assert page.locator("#slides > li h2").first.inner_text().endswith(TITLE)
    page.get_by_role("tab", name="PDF").click()
    page.locator("#pages img").first.wait_for()
    assert page.locator("#pages img").count() >= 2


def test_a_saved_edit_appears_without_a_reload_and_keeps_the_scroll(page, preview):
    _views_ready(page)
    page.evaluate("() => { window.notReloaded = true; document.querySelector('#edition').contentWindow.scrollTo(0, 1200); }")
    version = int(page.evaluate("() => document.body.dataset.html"))
    preview.edit("  title: Pakistan–Russia Meeting", "  title: Revised Pakistan–Russia Meeting")
    page.wait_for_function(f"() => +document.body.dataset.html > {version}", timeout=SAVE_TIMEOUT)
    assert page.frame_locator("#edition").locator("h1").first.inner_text().startswith("Revised Pakistan–Russia")
    assert page.evaluate("() => window.notReloaded") is True
    assert page.evaluate("() => document.querySelector('#edition').contentWindow.scrollY") == 1200
    page.get_by_role("tab", name="Deck").click()
    page.wait_for_function("() => document.querySelector('#slides h2').textContent.includes('Revised')",
                           timeout=SAVE_TIMEOUT)
    preview.edit("  title: Revised Pakistan–Russia Meeting", "  title: Pakistan–Russia Meeting")
    page.wait_for_function(f"() => document.querySelector('#title').textContent === {json.dumps(TITLE)}",
                           timeout=SAVE_TIMEOUT)


def _cli_check(preview) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "dossier", "check"], cwd=preview.brief.parent.parent,
                          capture_output=True, text=True, timeout=120)
    return [line for line in done.stderr.splitlines() if line.startswith("data/")]


def test_a_saved_mistake_shows_the_clis_words_over_the_last_good_view_and_goes_when_fixed(page, preview):
    _views_ready(page)
    overlay = page.locator("#overlay")
    assert overlay.is_hidden()
    preview.edit("  parties: [Pakistan, Russia]", "  parties: [Pakistan, Russia]\n  location: Tianjin")
    overlay.wait_for(state="visible", timeout=SAVE_TIMEOUT)
    shown = page.locator("#problems li").all_inner_texts()
    assert shown == _cli_check(preview)
    assert shown[0].startswith(f"data/{EXAMPLE.name}:10:3: meeting.location: unknown field 'location'; did you mean")
    assert page.locator("#status").inner_text() == "1 problem"
    assert page.frame_locator("#edition").locator("h1").first.inner_text().strip() == TITLE  # the last good view
    preview.edit("\n  location: Tianjin", "")
    overlay.wait_for(state="hidden", timeout=SAVE_TIMEOUT)
    assert _cli_check(preview) == []


def test_a_yaml_mistake_is_shown_with_its_line_and_column(page, preview):
    _views_ready(page)
    preview.edit("  forum: Shanghai", "  forum: Talks: Shanghai")
    page.locator("#overlay").wait_for(state="visible", timeout=SAVE_TIMEOUT)
    assert page.locator("#problems li").all_inner_texts() == _cli_check(preview)
    assert page.locator("#problems li").first.inner_text().startswith(f"data/{EXAMPLE.name}:10:15: ")
    preview.edit("  forum: Talks: Shanghai", "  forum: Shanghai")
    page.locator("#overlay").wait_for(state="hidden", timeout=SAVE_TIMEOUT)


AXE_RUN = ("() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({id: v.id, "
           "impact: v.impact, nodes: v.nodes.map(n => ({target: n.target, "
           "data: [...n.any, ...n.all, ...n.none].map(c => c.data).filter(Boolean)}))})))")


@pytest.fixture
def axe_page(browser, preview):
    """A page on which axe-core may run: the page's CSP refuses its inline script, rightly."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}; {INSTALL}")
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(preview.url)
    _views_ready(page)
    yield page
    context.close()


def _serious(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical")]


def test_the_page_passes_axe_with_no_serious_violation(axe_page, preview):
    found = []
    for view in ("HTML edition", "PDF", "Deck"):
        axe_page.get_by_role("tab", name=view).click()
        found += _serious(axe_page)
    axe_page.goto(f"http://{preview.host}/")
    found += _serious(axe_page)
    assert not found, "axe-core found\n" + "\n".join(map(describe, found))


def test_the_overlay_passes_axe_with_no_serious_violation(axe_page, preview):
    preview.edit("  forum: Shanghai", "  forum: Talks: Shanghai")
    axe_page.locator("#overlay").wait_for(state="visible", timeout=SAVE_TIMEOUT)
    found = _serious(axe_page)
    preview.edit("  forum: Talks: Shanghai", "  forum: Shanghai")
    axe_page.locator("#overlay").wait_for(state="hidden", timeout=SAVE_TIMEOUT)
    assert not found, "axe-core found\n" + "\n".join(map(describe, found))


def test_the_page_loads_nothing_from_elsewhere(browser, preview):
    context = browser.new_context()
    tab = context.new_page()
    requested, fonts = [], []
    tab.on("request", lambda request: requested.append(request.url))
    tab.on("response", lambda response: "/fonts/" in response.url and fonts.append(response.status))
    tab.goto(preview.url + "#pdf")
    _views_ready(tab)
    tab.get_by_role("tab", name="HTML edition").click()
    tab.frame_locator("#edition").locator("h1").first.wait_for()
    context.close()
    origin = f"http://{preview.host}/"
    assert requested and all(url.startswith(origin) for url in requested), [u for u in requested if not u.startswith(origin)]
    assert fonts and set(fonts) == {200}  # the theme's fonts, from this server


def test_the_index_lists_the_briefs(browser, preview):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"http://{preview.host}/")
    link = tab.get_by_role("link", name=TITLE)
    assert link.get_attribute("href") == f"/b/{EXAMPLE.stem}/"
    assert tab.locator("tbody tr").count() == 1
    assert tab.locator("tbody td").nth(3).inner_text() == "en"
    context.close()


def test_a_template_edit_reloads_the_view(browser, tmp_path):
    """Not only the brief: a save of a project's template (here its brief.css) re-renders the page too."""
    import dossier

    (tmp_path / "templates").mkdir()
    css = tmp_path / "templates" / "brief.css"
    shutil.copyfile(dossier.PACKAGED_TEMPLATES / "brief.css", css)
    running = Preview(tmp_path)
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(running.url)
        _views_ready(page)
        spacing = ("() => { const h1 = document.querySelector('#edition').contentDocument?.querySelector('h1');"
                   " return h1 ? getComputedStyle(h1).wordSpacing : null; }")
        assert page.evaluate(spacing) != "7px"
        css.write_text(css.read_text(encoding="utf-8") + "\nh1 { word-spacing: 7px; }\n", encoding="utf-8")
        page.wait_for_function(f"() => ({spacing})() === '7px'", timeout=SAVE_TIMEOUT)
        context.close()
    finally:
        running.stop()


def test_ctrl_c_stops_cleanly(tmp_path):
    running = Preview(tmp_path)
    code, out, err = running.stop()
    assert code == 0, err
    assert "Traceback" not in err + out
    assert out.strip().endswith("Stopped the preview.")


def test_another_host_warns(tmp_path):
    running = Preview(tmp_path, "--host", "0.0.0.0")
    code, out, err = running.stop()
    assert "warning: --host 0.0.0.0: the preview is open to other machines" in err
    assert code == 0 and "Traceback" not in err


@pytest.mark.parametrize("display, flags, opens", [(":0", (), True), ("", (), False), (":0", ("--no-open",), False)],
                         ids=["display", "no display", "--no-open"])
def test_the_browser_opens_only_with_a_display_and_without_no_open(tmp_path, display, flags, opens):
    """A stand-in browser ($BROWSER, which Python's webbrowser runs) records the address it is given."""
    opened = tmp_path / "opened"
    fake = tmp_path / "browser"
    fake.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    fake.chmod(0o755)
    running = Preview(tmp_path / "project", *flags, env={"DISPLAY": display, "BROWSER": f"{fake} %s"})
    try:
        if opens:
            deadline = time.monotonic() + 30
            while not opened.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert opened.read_text().strip() == running.url
    finally:
        code, _, err = running.stop()
    assert code == 0 and "Traceback" not in err
    assert opened.exists() == opens


# -- the server alone, over raw HTTP ------------------------------------------------------------

@pytest.fixture
def server(tmp_path):
    """The server with one brief and no renderer: a view in its folder, a secret beside the folder."""
    work = tmp_path / "work"
    (work / "html").mkdir(parents=True)
    (work / "html" / "brief.html").write_text("<!DOCTYPE html><title>the view</title>", encoding="utf-8")
    (work / "pdf").mkdir()
    (tmp_path / "secret.txt").write_text("SECRET-CANARY", encoding="utf-8")
    (work / "pdf" / "brief.pdf").symlink_to(tmp_path / "secret.txt")
    hub = Hub([Brief(tmp_path / "brief.yaml", "brief")])
    running = Server(("127.0.0.1", 0), hub, work, lambda: {})
    thread = threading.Thread(target=running.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield running
    hub.close()
    running.shutdown()
    running.server_close()


def request(server: Server, path: str, method: str = "GET", host: str | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host if host is not None else f"127.0.0.1:{server.server_address[1]}")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read() if path != "/events" or response.status != 200 else response.fp.readline()
    connection.close()
    return response.status, dict(response.getheaders()), body


def test_the_bound_host_is_served_with_a_content_security_policy(server):
    status, headers, body = request(server, "/b/brief/edition.html")
    assert status == 200 and b"the view" in body
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    status, headers, body = request(server, "/")
    assert status == 200
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "http" not in csp
    port = server.server_address[1]
    assert request(server, "/", host=f"localhost:{port}")[0] == 200


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1:1", "", "localhost.evil.example:{port}"])
def test_a_foreign_host_header_is_refused(server, host):
    status, _, body = request(server, "/b/brief/edition.html", host=host.format(port=server.server_address[1]))
    assert 400 <= status < 500 and b"the view" not in body


@pytest.mark.parametrize("path", [
    "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/..%2f..%2fetc%2fpasswd",
    "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e/__init__.py", "/b/brief/..%2f..%2fsecret.txt",
    "/b/brief/%2e%2e/%2e%2e/secret.txt", "/b/..%2Fbrief/edition.html", "/static//etc/passwd",
    "/b/brief/pages/1/..%2f..%2f..%2f..%2fsecret.txt", "/fonts/..%2f..%2f..%2fetc%2fpasswd", "/static/",
    "/b/brief/edition.html%00.png", "/b/brief/%5c..%5c..%5csecret.txt", "/static/app.js/", "/b/", "/b/other/",
])
def test_paths_out_of_the_servers_folders_are_not_served(server, path):
    status, _, body = request(server, path)
    assert status == 404
    assert b"root:" not in body and b"SECRET-CANARY" not in body


def test_a_link_out_of_the_servers_folder_is_not_followed(server):
    status, _, body = request(server, "/b/brief/brief.pdf")
    assert status == 404 and b"SECRET-CANARY" not in body


def test_the_servers_own_assets_are_served(server):
    for name, kind in (("app.js", "text/javascript"), ("app.css", "text/css")):
        status, headers, body = request(server, f"/static/{name}")
        assert status == 200 and headers["Content-Type"].startswith(kind) and body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/events", "/b/brief/state", "/"])
def test_the_push_channel_and_pages_are_read_only(server, method, path):
    status, headers, _ = request(server, path, method)
    assert status == 405 and headers["Allow"] == "GET, HEAD"


def test_the_push_channel_speaks_server_sent_events(server):
    status, headers, first = request(server, "/events")
    assert status == 200 and headers["Content-Type"].startswith("text/event-stream")
    assert first.startswith(b"retry:")


def test_a_brief_linked_out_of_the_project_is_refused_before_anything_is_served(tmp_path):
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (tmp_path / "outside.yaml").write_text("meeting: {title: SECRET-CANARY}\n", encoding="utf-8")
    (project / "data" / "x.yaml").symlink_to(tmp_path / "outside.yaml")
    done = subprocess.run([sys.executable, "-m", "dossier", "serve", "--no-open", "--port", "0"], cwd=project,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "data/x.yaml" in done.stderr and "http://" not in done.stdout and "Traceback" not in done.stderr
