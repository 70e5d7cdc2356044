"""research.phrase_similarity: its model records the phrase search and decides as shipped (the
bundled model is given to the scan, no class is patched). Our own sample board only."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from analyzer.formats import get_format
from analyzer.pipeline import scan_file
from models.classifier import LinearRoleModel, load_model
from research.phrase_similarity import RecordingModel, main

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "trello_sample_board.json"
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def test_the_recording_model_records_and_reports_as_shipped():
    rows: list[dict] = []
    model = RecordingModel.bundled(rows)
    render = get_format("json").render
    recorded, shipped = scan_file(SAMPLE, model, generated_at=WHEN), scan_file(SAMPLE)
    assert recorded.model == "RecordingModel"  # the report names its model; all else the same
    shipped = replace(shipped, generated_at=WHEN, model=recorded.model)
    assert render(recorded) == render(shipped)
    assert rows and all(r["title"] and r["phrase"] for r in rows)
    assert {r["label"] for r in rows} <= set(model.labels)
    assert type(load_model()) is LinearRoleModel  # the process's bundled model is not touched


def test_main_prints_the_distribution(tmp_path, capsys):
    (tmp_path / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 files, ") and "similarity quantiles" in out
