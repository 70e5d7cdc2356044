"""The scan with the bundled classifier (not the keyword model), end to end through the CLI."""

from __future__ import annotations

import json

from ownership_boards import drift_board, write_export
from test_report_schema import SCHEMA_PATH, validate
from typer.testing import CliRunner

from analyzer.cli import app


def test_scan_with_the_bundled_model_gives_a_valid_v2_report(tmp_path):
    export = write_export(drift_board("trello"), tmp_path)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["scan", str(export), "-o", str(out), "-w", "month"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert validate(data, schema, schema) == []
    assert data["model"] == "bundled" and len(data["items"]) == 16
    assert all(item["reason"] for item in data["items"])
    assert [w["window"] for w in data["windows"]] == [f"2024-0{m}" for m in range(1, 7)]
