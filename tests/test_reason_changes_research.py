"""research.reason_changes: one line per item of a scan, and what changed between two dumps
(by file name and id only)."""

from __future__ import annotations

import json
from pathlib import Path

from research.reason_changes import compare, dump, exports

FIXTURES = Path(__file__).parent / "fixtures"


def test_dump_writes_one_line_per_item_with_terms_and_language(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "board.csv").write_bytes((FIXTURES / "jira_export_de.csv").read_bytes())
    (folder / "notes.txt").write_text("not an export")
    assert [p.name for p in exports([folder])] == ["board.csv"]
    out = tmp_path / "dump.jsonl"
    dump(out, [folder], None)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and {r["file"] for r in rows} == {"board.csv"}
    for row in rows:
        assert set(row) == {"file", "id", "label", "confidence", "terms", "reason", "language"}
        assert isinstance(row["terms"], list)
    assert "de" in {r["language"] for r in rows}  # a German export's items read as German


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_compare_counts_changed_terms_reasons_and_labels(tmp_path, capsys):
    def row(item, label, terms, reason):
        return {
            "file": "b.csv",
            "id": item,
            "label": label,
            "confidence": 0.9,
            "terms": terms,
            "reason": reason,
            "language": "en",
        }

    before = _write(
        tmp_path / "before.jsonl",
        [row("1", "tactical", ["bug"], "r1"), row("2", "tactical", ["x"], "r2")],
    )
    after = _write(
        tmp_path / "after.jsonl",
        [row("1", "tactical", ["bug"], "r1 changed"), row("2", "strategic", ["door"], "r2b")],
    )
    compare(before, after, show=5)
    out = capsys.readouterr().out
    assert "items 2  reasons changed 2" in out
    assert "terms changed 1  labels changed 1" in out
    assert "'tactical->strategic': 1" in out
    assert "b.csv 2 [en] tactical 0.9 ['x'] -> strategic 0.9 ['door']" in out
