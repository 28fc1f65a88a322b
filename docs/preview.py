"""The README's pictures of the live preview: `dossier serve` on a copy of the example, in Chromium.

    python docs/preview.py          # writes docs/serve-preview.png and docs/serve-mistake.png

Needs what the tests need (Playwright from the test extra, Debian's Chromium).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "pakistan-russia-sco.yaml"
READY = ("() => document.body.dataset.html && document.body.dataset.pdf && document.body.dataset.deck"
         " && document.querySelector('#status').textContent === 'up to date'")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="dossier-preview-") as folder:
        (Path(folder) / "data").mkdir()
        brief = Path(folder) / "data" / EXAMPLE.name
        shutil.copyfile(EXAMPLE, brief)
        server = subprocess.Popen([sys.executable, "-m", "dossier", "serve", "--port", "0", "--no-open", "--no-slides"],
                                  cwd=folder, stdout=subprocess.PIPE, text=True, start_new_session=True)
        try:
            url = next(line.strip() for line in server.stdout if line.startswith("http://"))
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(url)
                page.wait_for_function(READY, timeout=120_000)
                page.frame_locator("#edition").locator("#highlights, h2").first.scroll_into_view_if_needed()
                page.screenshot(path=str(ROOT / "docs" / "serve-preview.png"))
                for view in sys.argv[1:]:  # also look at other views: python docs/preview.py PDF Deck
                    page.get_by_role("tab", name=view).click()
                    page.wait_for_timeout(500)
                    page.screenshot(path=f"/tmp/serve-{view.lower()}.png")
                page.get_by_role("tab", name="HTML edition").click()
                text = brief.read_text(encoding="utf-8")
                brief.write_text(text.replace("  forum: Shanghai", "  forum: SCO: Shanghai", 1), encoding="utf-8")
                page.locator("#overlay").wait_for(state="visible", timeout=120_000)
                page.screenshot(path=str(ROOT / "docs" / "serve-mistake.png"))
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(30)


if __name__ == "__main__":
    main()
