"""Session 19 (issue 12): an item in a language the model does not read is ``uncertain`` at
any threshold (``-t 0.5``, ``-t 0.3``), in a scan, ``classify`` and the library: its label is no
reading of the item, and its even confidence (0.50 with two labels) no evidence. A threshold at
or below 0.5 is accepted (the bound is 1/k of the model's k labels, which the options do not
know; nothing the model reads is then uncertain). Boards and titles of our own.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.formats import get_format
from analyzer.modeling import classify_json_lines, classify_stream, classify_texts
from analyzer.options import ClassifyOptions, ScanOptions
from analyzer.parent_links import led_by_direction
from analyzer.pipeline import scan_file
from models.evaluate import LabelledItem, evaluate
from models.interface import ItemDoc, Prediction


def run(*args: str):
    return CliRunner().invoke(app, list(args))


BOARD_CSV = """Summary,Issue key,Issue id,Issue Type,Status,Created
Fix the login crash on the settings page,P-1,1,Task,To Do,23/Nov/25 10:15 AM
Define the product vision and roadmap for next year,P-2,2,Epic,To Do,23/Nov/25 10:15 AM
ログイン画面のエラーを修正する,P-3,3,Task,To Do,23/Nov/25 10:15 AM
来年の製品ロードマップを決める,P-4,4,Epic,To Do,23/Nov/25 10:15 AM
修复登录页面的错误,P-5,5,Task,To Do,23/Nov/25 10:15 AM
制定明年的产品路线图,P-6,6,Epic,To Do,23/Nov/25 10:15 AM
"""
UNREAD = {"P-3": "Japanese", "P-4": "Japanese", "P-5": "Chinese", "P-6": "Chinese"}


@pytest.fixture(scope="module")
def board_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("unread") / "board.csv"
    path.write_text(BOARD_CSV, encoding="utf-8")
    return path


@pytest.mark.parametrize("threshold", [0.5, 0.3, 0.0])
def test_a_threshold_at_or_below_the_even_split_is_taken(board_path, threshold):
    assert ScanOptions.build(threshold=threshold).threshold == threshold
    assert ClassifyOptions.build(threshold=threshold).threshold == threshold
    result = run("classify", "Fix the login crash", "-t", str(threshold))
    assert result.exit_code == 0 and result.stdout.startswith("tactical "), result.output


# --- items the model does not read -------------------------------------------------------------


@pytest.mark.parametrize("threshold", [0.5, 0.3, 0.0])
def test_a_scan_calls_items_the_model_does_not_read_uncertain_at_any_threshold(
    board_path, threshold
):
    report = scan_file(str(board_path), threshold=threshold)
    by_key = {i.key: i for i in report.items}
    for key, language in UNREAD.items():
        item = by_key[key]
        assert item.label == "uncertain", (key, item.label)
        assert item.reason == f"uncertain: written in {language}, which the model does not read"
    assert by_key["P-1"].label == "tactical" and by_key["P-2"].label == "strategic"
    assert report.summary.items.uncertain == len(UNREAD)
    rows = json.loads(get_format("json").render(report))["items"]
    assert {r["key"] for r in rows if r["label"] == "uncertain"} == set(UNREAD)


def test_the_scan_command_says_so_too(board_path, tmp_path):
    out = tmp_path / "report.json"
    result = run("scan", str(board_path), "-t", "0.3", "--format", "json", "--output", str(out))
    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text(encoding="utf-8"))["items"]
    assert {r["key"] for r in rows if r["label"] == "uncertain"} == set(UNREAD)


def test_the_every_item_below_note_holds_with_items_the_model_does_not_read(board_path, tmp_path):
    """Every item uncertain: the note says "below the threshold" of the items the model read
    only (the others are uncertain at any threshold, a lower one leaves them so), and nothing
    when it read none."""
    english = tmp_path / "english.csv"
    english.write_text("\n".join(BOARD_CSV.splitlines()[:3]) + "\n", encoding="utf-8")
    unread_only = tmp_path / "unread.csv"
    lines = BOARD_CSV.splitlines()
    unread_only.write_text("\n".join([lines[0], *lines[3:]]) + "\n", encoding="utf-8")
    plain = "Every item is below the confidence threshold (1.00); try a lower --threshold."
    read = "Every item the model read is below the confidence threshold (1.00); try a lower"
    assert plain in scan_file(str(english), threshold=1.0).notes  # as it was
    notes = scan_file(str(board_path), threshold=1.0).notes
    assert plain not in notes and any(n.startswith(read) for n in notes)
    for threshold in (1.0, 0.3):
        notes = scan_file(str(unread_only), threshold=threshold).notes
        assert not any(n.startswith("Every item") for n in notes), notes
        assert any("which the model does not read; they count as uncertain" in n for n in notes)


TEXTS = [
    "Fix the login crash on the settings page",
    "ログイン画面のエラーを修正する",
    "来年の製品ロードマップを決める",
    "修复登录页面的错误",
    "制定明年的产品路线图",
]


@pytest.mark.parametrize("threshold", ["0.5", "0.3"])
def test_classify_calls_items_the_model_does_not_read_uncertain_at_any_threshold(threshold):
    for fmt in ("json", "jsonl"):
        out = run("classify", *TEXTS, "-f", fmt, "-t", threshold).stdout
        rows = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
        assert [r["label"] for r in rows] == ["tactical"] + ["uncertain"] * 4
        assert all(r["reason"].startswith("uncertain: written in ") for r in rows[1:])
        assert all(r["confidence"] == 0.5 for r in rows[1:])  # JSON numbers as they are
    lines = run("classify", *TEXTS, "-t", threshold).stdout.splitlines()
    heads = [line.split()[0] for line in lines[::2]]
    assert heads == ["tactical"] + ["uncertain"] * 4


def test_the_library_calls_items_the_model_does_not_read_uncertain_at_any_threshold(model):
    for threshold in (0.5, 0.3, 0.0):
        said = classify_texts(TEXTS, model=model, threshold=threshold)
        assert [p.final_label(threshold) for _, p in said] == ["tactical"] + ["uncertain"] * 4
        streamed = classify_stream(TEXTS, model=model, threshold=threshold)
        assert [p.final_label(threshold) for _, p in streamed] == ["tactical"] + ["uncertain"] * 4
        batches = classify_json_lines(TEXTS, threshold, model=model)
        assert [json.loads(x)["label"] for b in batches for x in b] == ["tactical"] + [
            "uncertain"
        ] * 4
    # the model's own label stays what it leaned to ("predicted"), not a label to use
    (p,) = model.predict([ItemDoc(TEXTS[1])])
    assert p.label in model.labels and p.final_label(0.0) == "uncertain"


def test_a_parent_the_model_does_not_read_leads_no_child(model):
    parents = [SimpleNamespace(id="1", key="P-1"), SimpleNamespace(id="2", key="P-2")]
    unread = model.unread_prediction("ja", "strategic")
    read = Prediction("strategic", 0.55, "strategic 0.55: 'roadmap'")
    assert led_by_direction(parents, [0, 1], [unread, read], 0.5) == frozenset({"2", "P-2"})
    assert led_by_direction(parents, [0, 1], [unread, read], 0.6) == frozenset()


def test_evaluate_never_counts_an_unread_item_as_covered(model):
    items = [
        LabelledItem(ItemDoc("Fix the login crash on the settings page"), "tactical"),
        LabelledItem(ItemDoc("ログイン画面のエラーを修正する"), "tactical"),
    ]
    assert evaluate(model, items, threshold=0.3).coverage == 0.5
    assert evaluate(model, items, threshold=0.6).coverage == 0.5
