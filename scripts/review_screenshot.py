"""Make docs/review.png, the README's picture of `uebersetzer review`.

The demo article is translated with the pseudo engine (so the machine's work is visibly
machine work), an editor's review of the first sentences is made through the workspace's
own API, and headless Debian chromium photographs the article view.

    PYTHONPATH=src python scripts/review_screenshot.py [docs/review.png]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from selenium import webdriver

from uebersetzer.review_app import address, create_app, start_server

ROOT = Path(__file__).resolve().parent.parent
EDITS = {  # entry id -> what the editor wrote (approved)
    0: "New talks in Geneva: government relies on diplomacy",
    1: "The federal government wants to resume the stalled negotiations on the agreement.",
    2: "The president meets the minister in Berlin.",
}


def main(target: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="review-shot-"))
    try:
        shutil.copy(ROOT / "examples" / "gipfel.de.txt", work / "gipfel.de.txt")
        (work / "glossary.yaml").write_text("- {source: Berlin}\n- {source: Genf, target: {en: Geneva}}\n")
        subprocess.run([sys.executable, "-m", "uebersetzer", "translate", "gipfel.de.txt", "--to", "en", "--engine",
                        "pseudo", "--glossary", "glossary.yaml", "--out", "locales", "--quiet"], cwd=work, check=True)
        out = work / "locales"
        app = create_app(out, [], "screenshot", None)
        client = app.test_client()
        headers = {"X-Review-Token": "screenshot"}
        revision = client.get("/api/catalogs/en/gipfel.de.po", headers=headers).json["revision"]
        for entry_id, text in EDITS.items():
            revision = client.put(f"/api/catalogs/en/gipfel.de.po/entries/{entry_id}", headers=headers,
                                  json={"msgstr": text, "fuzzy": False, "revision": revision}).json["revision"]
        client.put("/api/catalogs/en/gipfel.de.po/entries/4", headers=headers,
                   json={"comment": "Desk style: 'restraint', not 'reluctance'", "revision": revision})
        server = start_server(app, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900", "--lang=en",
                         "--hide-scrollbars"):
            options.add_argument(argument)
        driver = webdriver.Chrome(options=options,
                                  service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")))
        try:
            driver.get(address(server, "screenshot") + "#/a/en/gipfel.de.po")  # the fragment outlives the redirect
            driver.implicitly_wait(5)
            driver.find_element("css selector", '.sheet .sentence[data-id="4"] .edit textarea').click()
            driver.execute_script("window.scrollTo(0, 0)")
            target.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(target))
        finally:
            driver.quit()
            server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "review.png")
