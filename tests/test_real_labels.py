"""models/eval/real_labels.csv: our hand labels of the real exports (ids only, no texts)."""

import csv
import hashlib
import importlib.util
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "models" / "eval" / "real_labels.csv"
FILES = {
    "civicactions_nebula_trello.json",
    "gocd_test_drive_trello.json",
    "sidelinehd_apps_trello.json",
    "jsai2021_trello.json",
    "cned_adapt_jira_export_fr.csv",
    "lipu_jira_cloud_export_es.csv",
    "planeso_jira_export.csv",
    "pxi_product_jira_export.csv",
    "kanalyzer_one_done_issue_changelog.json",
    "kanalyzer_two_issues_changelog.json",
}


def rows():
    with LABELS.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_only_ids_and_labels_are_stored():
    with LABELS.open(newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["file", "item_id", "label", "split"]
    data = rows()
    assert len(data) >= 600
    assert {r["file"] for r in data} == FILES
    assert {r["label"] for r in data} == {"strategic", "tactical"}
    assert len({(r["file"], r["item_id"]) for r in data}) == len(data)
    assert max(len(r["item_id"]) for r in data) <= 40  # an id, not a title


def test_split_is_the_hash_of_file_and_id():
    data = rows()
    for r in data:
        first = hashlib.sha256(f"{r['file']}:{r['item_id']}".encode()).digest()[0]
        assert r["split"] == ("dev" if first % 2 == 0 else "test")
    counts = Counter((r["split"], r["label"]) for r in data)
    assert counts["dev", "strategic"] and counts["test", "strategic"]


def test_benchmark_without_the_data_says_so(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location(
        "bench_real_boards", ROOT / "benchmarks" / "bench_real_boards.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--data", str(tmp_path / "none")]) == 0
    assert "no real data" in capsys.readouterr().out
