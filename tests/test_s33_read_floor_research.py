"""research.s33_read_floor: each variant's child reads a small Jira CSV by the scan's polars path
and counts its rows (the split's batches, or the items the read made — none made in
``no-items``), so a renamed reader function breaks this test, not the measurement."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "research" / "s33_read_floor.py"
HEADER = "Summary,Issue key,Issue id,Issue Type,Status,Created,Updated,Description"
ROWS = (
    "Fix login,PROJ-1,10001,Bug,Done,23/Nov/26 10:15 AM,24/Nov/26 9:00 AM,The login fails",
    "Plan roadmap,PROJ-2,10002,Story,To Do,23/Nov/26 11:15 AM,,Strategy “quarter” work",
    "Tidy docs,PROJ-3,10003,Task,Done,22/Nov/26 9:05 PM,24/Nov/26 9:30 AM,",
)


def test_each_variant_reads_every_row(tmp_path: Path) -> None:
    export = tmp_path / "jira.csv"
    export.write_text("\n".join((HEADER, *ROWS)) + "\n", encoding="utf-8")
    for variant in ("stages", "no-items"):
        command = [sys.executable, str(SCRIPT), str(export), "--child", variant]
        line = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        name, user, system, peak, rows = line.split("\t")
        assert name == variant and rows.strip() == "3"
        assert float(user) > 0 and float(system) >= 0 and int(peak) > 0
