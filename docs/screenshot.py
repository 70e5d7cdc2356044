"""Redraw ``docs/report-screenshot.png``: the bundled Trello sample's HTML report at 1280 × 2200 px,
drawn by the command README shows above it (:data:`SCAN`).

Uses Playwright with the system's Chromium (as ``tests/test_html_browser.py`` does), never a
downloaded browser: ``python docs/screenshot.py [--chromium /usr/bin/chromium]``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The command README gives above the picture ("The HTML report"), from the repository's root:
#: the picture drawn without ``--roles`` read "the inferred PM" under a command declaring roles.
SCAN = ("scan", "examples/trello_sample_board.json", "--roles", "examples/backlog-analyzer.toml")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "report-screenshot.png")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "sample.html"
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from analyzer.cli import main; main()",
                *SCAN,
                "--format",
                "html",
                "--output",
                str(page_path),
            ],
            check=True,
            cwd=ROOT,
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=args.chromium, args=["--no-sandbox"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 2200})
            page.goto(page_path.as_uri())
            page.screenshot(path=str(args.output))
            browser.close()
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
