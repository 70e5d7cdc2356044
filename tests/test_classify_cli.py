"""``classify``, ``train`` and ``evaluate`` through the CLI (typer's CliRunner)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from analyzer.cli import app
from models.classifier import load_model

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, list(args), input=stdin)


def one_error_line(result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("backlog-analyzer: error: ")
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0]


def test_classify_texts_prints_label_confidence_reason():
    result = run("classify", "Draft the product vision for 2027", "Fix typo on the login page")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("strategic ") and lines[0].endswith(
        "Draft the product vision for 2027"
    )
    number = r"(?:>0\.99|[01]\.\d\d)"  # ">0.99": below 1, rounding to 1.00 (session 25)
    assert re.match(rf"strategic {number}: ", lines[1].strip()) and "nearest phrase" in lines[1]
    assert lines[2].startswith("tactical ") and re.match(rf"tactical {number}: ", lines[3].strip())


def test_classify_file_one_item_per_line(tmp_path):
    path = tmp_path / "items.txt"
    path.write_text(
        "Competitor pricing analysis\n\n  Write acceptance criteria  \n", encoding="utf-8"
    )
    result = run("classify", "--file", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["text"] for r in rows] == ["Competitor pricing analysis", "Write acceptance criteria"]
    assert [r["label"] for r in rows] == ["strategic", "tactical"]


def test_classify_stdin_json_fields():
    result = run("classify", "--file", "-", "-f", "json", stdin="Q3 roadmap draft\n")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert {
        "text",
        "label",
        "confidence",
        "reason",
        "scores",
        "top_terms",
        "nearest_phrase",
        "nearest_source",
        "predicted",
    } <= set(row)
    assert row["label"] == "strategic" and 0.5 <= row["confidence"] <= 1.0
    assert row["reason"].startswith("strategic ")


def test_classify_threshold_makes_uncertain():
    result = run("classify", "Reporting improvements", "-t", "1.0", "-f", "json")
    (row,) = json.loads(result.stdout)
    assert row["label"] == "uncertain" and row["predicted"] in ("strategic", "tactical")


def test_classify_type_option_sways_the_label():
    def strategic(kind: str) -> float:
        (row,) = json.loads(
            run("classify", "Reporting improvements", "--type", kind, "-f", "json").stdout
        )
        return row["scores"]["strategic"]

    assert strategic("Epic") > strategic("Sub-task")


def test_classify_errors(tmp_path):
    one_error_line(run("classify"), "nothing to classify")
    one_error_line(run("classify", "--file", str(tmp_path / "none.txt")), "no such file")
    one_error_line(run("classify", "--file", str(tmp_path)), "is a directory")
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\x02")
    one_error_line(run("classify", "--file", str(binary)), "binary")
    one_error_line(
        run("classify", "x", "--model", str(FIXTURES / "model_not_a_model.json")),
        "not a backlog-analyzer model",
    )
    one_error_line(run("classify", "x", "--threshold", "2"), "--threshold")
    one_error_line(run("classify", "x", "--format", "xml"), "unknown format")


def test_train_on_user_phrases_then_classify_with_it(tmp_path):
    out = tmp_path / "mine.json"
    result = run(
        "train",
        "--phrases",
        str(FIXTURES / "model_phrases.csv"),
        "--labels",
        "strategic,tactical",
        "-o",
        str(out),
        "--seed",
        "2",
    )
    assert result.exit_code == 0, result.output
    assert "16 phrases" in result.stdout and str(out) in result.stdout
    assert load_model(out).labels == ("strategic", "tactical")
    classified = run("classify", "interview customers", "--model", str(out), "-f", "json")
    assert json.loads(classified.stdout)[0]["predicted"] == "strategic"


def test_train_default_output_is_cwd_for_user_phrases(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("train", "--phrases", str(FIXTURES / "model_phrases.csv"))
    assert result.exit_code == 0, result.output
    assert load_model(tmp_path / "role_model.json").labels == ("marketing", "strategic", "tactical")


def test_train_malformed_phrases_is_one_line(tmp_path):
    one_error_line(
        run(
            "train",
            "--phrases",
            str(FIXTURES / "model_bad_header.csv"),
            "-o",
            str(tmp_path / "m.json"),
        ),
        "model_bad_header.csv",
        "missing column",
    )
    one_error_line(
        run(
            "train",
            "--phrases",
            str(FIXTURES / "model_empty_label.csv"),
            "-o",
            str(tmp_path / "m.json"),
        ),
        "empty label",
    )
    one_error_line(run("train", "--phrases", str(tmp_path / "none.csv")), "no such file")
    assert not (tmp_path / "m.json").exists()


def test_evaluate_text_and_json():
    path = str(FIXTURES / "model_labelled.csv")
    text = run("evaluate", path)
    assert text.exit_code == 0, text.output
    for needle in (
        "6 items",
        "macro-F1",
        "ECE",
        "coverage at confidence >= 0.6",
        "confusion matrix",
        "strategic",
        "precision",
    ):
        assert needle in text.stdout
    data = json.loads(run("evaluate", path, "--format", "json").stdout)
    assert data["n"] == 6 and data["labels"] == ["strategic", "tactical"]
    assert sum(map(sum, data["confusion"])) == 6
    assert {m["label"] for m in data["per_label"]} == {"strategic", "tactical"}


def test_evaluate_errors(tmp_path):
    one_error_line(run("evaluate", str(FIXTURES / "model_bad_header.csv")), "missing column")
    bad = tmp_path / "odd.csv"
    bad.write_text("text,label\nsomething,marketing\n", encoding="utf-8")
    one_error_line(run("evaluate", str(bad)), "marketing", "not ones the model knows")
    one_error_line(
        run("evaluate", str(FIXTURES / "model_labelled.csv"), "--split", "test"), "no split column"
    )
    # One summary of the file: jsonl is classify's, and printed the text summary unsaid.
    jsonl = run("evaluate", str(FIXTURES / "model_labelled.csv"), "--format", "jsonl")
    one_error_line(jsonl, "evaluate --format jsonl", "text or json", "classify --format jsonl")
    assert not jsonl.stdout
    assert "text | json." in run("evaluate", "--help").stdout
    csv = run("evaluate", str(FIXTURES / "model_labelled.csv"), "--format", "csv")
    one_error_line(csv, "unknown format 'csv'; choose one of text, json")
    assert "jsonl" not in csv.stderr


def test_train_on_the_bundled_data_gives_the_bundled_artifact(tmp_path):
    from models.artifact_check import artifact_differences
    from models.classifier import ARTIFACT

    out = tmp_path / "bundled.json"
    result = run("train", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "95 phrases" in result.stdout
    shipped = json.loads(ARTIFACT.read_text(encoding="utf-8"))
    assert artifact_differences(shipped, json.loads(out.read_text(encoding="utf-8"))) == []


def test_train_without_output_never_touches_the_bundled_artifact(tmp_path, monkeypatch):
    """A user's `train` writes ./role_model.json; rebuilding the bundled model is the
    maintainers' explicit `python -m models.train`."""
    from models.classifier import ARTIFACT

    before = (ARTIFACT.stat().st_mtime_ns, ARTIFACT.stat().st_size)
    monkeypatch.chdir(tmp_path)
    result = run("train")
    assert result.exit_code == 0, result.output
    assert (ARTIFACT.stat().st_mtime_ns, ARTIFACT.stat().st_size) == before
    assert (tmp_path / "role_model.json").is_file()
    assert "wrote role_model.json" in result.stdout
    assert load_model(tmp_path / "role_model.json").labels == ("strategic", "tactical")


def test_train_with_extra_tickets(tmp_path):
    out = tmp_path / "m.json"
    result = run(
        "train",
        "--phrases",
        str(FIXTURES / "model_phrases.csv"),
        "--tickets",
        str(FIXTURES / "model_tickets.csv"),
        "--labels",
        "strategic,tactical",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "16 phrases and 4 ticket examples" in result.stdout
    model = load_model(out)
    assert any(doc.type == "Bug" for doc, _ in model.examples)
    one_error_line(
        run("train", "--tickets", str(FIXTURES / "model_phrases.csv"), "-o", str(out)),
        "missing column(s) title",
    )
