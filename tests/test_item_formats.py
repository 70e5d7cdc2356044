"""Item-level exports for analysts: CSV (safe in spreadsheet apps) and JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from ownership_boards import KeywordModel, drift_board
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.formats import get_format
from analyzer.formats._item_rows import COLUMNS
from analyzer.formats.items_csv import safe_cell
from analyzer.pipeline import scan_board
from connectors.mapping.clean import printable

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "jira_sample_export.json"
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture(scope="module")
def report():
    board = drift_board("jira").board
    for item, title in zip(board.items, HOSTILE, strict=False):
        item.title = title
    board.items[len(HOSTILE)].title = 'comma, "quote"\nnew line'
    return scan_board(board, KeywordModel(), window="month")


def test_csv_has_one_row_per_item_with_the_documented_columns(report):
    rows = list(csv.reader(io.StringIO(get_format("csv").render(report), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 1 + len(report.items)
    by_id = {row[COLUMNS.index("id")]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}
    for item in report.items:
        row = by_id[item.id]
        assert row["label"] == item.label and row["board"] == report.source.name
        assert float(row["confidence"]) == pytest.approx(item.confidence, abs=1e-4)
        assert row["closed"] in ("true", "false")
    assert any(row[COLUMNS.index("title")] == 'comma, "quote"\nnew line' for row in rows)


def test_csv_cells_never_start_a_formula(report):
    rows = list(csv.reader(io.StringIO(get_format("csv").render(report), newline="")))
    titles = [row[COLUMNS.index("title")] for row in rows[1:]]
    for hostile in HOSTILE:
        # (a lone CR never reaches a format: the pipeline makes board text printable, CR → LF)
        assert "'" + hostile in titles or printable(hostile) in titles
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
    assert safe_cell(-0.5) == -0.5 and safe_cell(None) == "" and safe_cell(["a", "=b"]) == "a; =b"
    assert safe_cell(["=a", "b"]) == "'=a; b" and safe_cell(True) == "true"


def test_jsonl_is_one_object_per_item(report):
    lines = get_format("jsonl").render(report).splitlines()
    assert len(lines) == len(report.items)
    rows = [json.loads(line) for line in lines]
    assert all(tuple(row) == COLUMNS for row in rows)
    assert {row["id"] for row in rows} == {item.id for item in report.items}
    assert all(isinstance(row["top_terms"], list) for row in rows)
    assert HOSTILE[0] in {row["title"] for row in rows}  # JSON is data, not a spreadsheet


def test_streamed_write_equals_render(report):
    for name in ("csv", "jsonl"):
        out = io.StringIO()
        get_format(name).write(report, out)
        assert out.getvalue() == get_format(name).render(report)


def test_scan_writes_csv_and_jsonl_by_suffix(tmp_path):
    for suffix in ("csv", "jsonl"):
        out = tmp_path / f"items.{suffix}"
        result = CliRunner().invoke(app, ["scan", str(SAMPLE), "-o", str(out)])
        assert result.exit_code in (0, 1), result.output
        text = out.read_text(encoding="utf-8")
        count = len(json.loads(SAMPLE.read_text(encoding="utf-8"))["issues"])
        lines = text.splitlines() if suffix == "jsonl" else list(csv.reader(io.StringIO(text)))[1:]
        assert len(lines) == count
