"""benchmarks/bench_classify_stream.py: its inputs (repeated, distinct, a user's file)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


stream = _load("bench_classify_stream")


def test_distinct_titles_are_the_same_draws_made_distinct(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(stream, "HERE", tmp_path)
    repeated = stream.titles(300).read_text(encoding="utf-8").splitlines()
    distinct = stream.titles(300, distinct=True).read_text(encoding="utf-8").splitlines()
    assert len(set(repeated)) < 300  # the evaluation texts drawn again and again
    assert len(set(distinct)) == 300
    assert distinct == [f"{title} (BENCH-{n})" for n, title in enumerate(repeated, 1)]
    assert sorted(path.name for path in (tmp_path / ".data").iterdir()) == [
        "titles-300-distinct.txt",
        "titles-300.txt",
    ]


def test_a_users_file_is_classified_and_counted(tmp_path, capsys) -> None:
    lines = tmp_path / "mine.txt"
    lines.write_text("Q3 roadmap draft\nFix login button\nWrite acceptance criteria\n")
    assert stream.main(["--file", str(lines), "--formats", "jsonl"]) == 0
    row = capsys.readouterr().out.splitlines()[-1]
    assert row.startswith("| jsonl | 3 |")
