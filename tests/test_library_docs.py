"""docs/library.md: every ``python`` block runs, in order, in one namespace (blocks whose first
line says ``# not run`` need a live server and are skipped)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "library.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks() -> list[str]:
    return [b for b in BLOCK.findall(PAGE.read_text(encoding="utf-8")) if "# not run" not in b]


def test_the_page_has_examples_for_every_library_call():
    text = "\n".join(blocks())
    for call in ("ScanOptions.build", "scan_file", "write_report", "import_file",
                 "report_from_store", "classify_texts", "evaluate_file"):  # fmt: skip
        assert call in text, call


def test_every_example_runs(tmp_path, monkeypatch, capsys):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BACKLOG_ANALYZER_DB", str(tmp_path / "default-store.sqlite"))
    namespace: dict = {"__name__": "library_docs"}
    for number, code in enumerate(blocks(), 1):
        exec(compile(code, f"{PAGE.name} block {number}", "exec"), namespace)  # noqa: S102
    out = capsys.readouterr().out
    assert "not a window" in out and "items from the store" in out
    assert (tmp_path / "report.html").stat().st_size > 0
