"""benchmarks/distinct_titles.py: a generated Jira CSV copied with every title distinct."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


generate = _load("generate")
distinct_titles = _load("distinct_titles")


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_every_title_becomes_distinct_and_nothing_else_changes(tmp_path):
    source = tmp_path / "gen.csv"
    with source.open("w", newline="", encoding="utf-8") as out:
        generate.write_jira_csv(out, 300, seed=0)
    target = tmp_path / "distinct.csv"
    assert distinct_titles.write_distinct(source, target) == 300
    before, after = _rows(source), _rows(target)
    header = before[0]
    summary, key = header.index("Summary"), header.index("Issue key")
    assert after[0] == header
    titles_before = {row[summary] for row in before[1:]}
    assert len(titles_before) < 300  # the generated file repeats titles
    assert len({row[summary] for row in after[1:]}) == 300
    for old, new in zip(before[1:], after[1:], strict=True):
        assert new[summary] == f"{old[summary]} ({old[key]})"
        assert new[:summary] + new[summary + 1 :] == old[:summary] + old[summary + 1 :]


def test_a_file_without_the_columns_is_one_line(tmp_path):
    source = tmp_path / "other.csv"
    source.write_text("Title,Key\nx,1\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="no 'Summary' and 'Issue key' columns"):
        distinct_titles.write_distinct(source, tmp_path / "out.csv")


def test_the_scale_bench_makes_its_distinct_copy_once_beside_the_file(tmp_path):
    bench = _load("bench_csv_scale")
    source = tmp_path / "jira-csv-40-s0-v1.csv"
    with source.open("w", newline="", encoding="utf-8") as out:
        generate.write_jira_csv(out, 40, seed=0)
    copy = bench.distinct_copy(source)
    assert copy == tmp_path / "jira-csv-40-s0-v1-distinct.csv"
    summary = _rows(copy)[0].index("Summary")
    assert len({row[summary] for row in _rows(copy)[1:]}) == 40
    copy.write_text("kept", encoding="utf-8")  # made once: an existing copy is taken as it is
    assert bench.distinct_copy(source) == copy and copy.read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == [copy.name, source.name]


def test_the_copy_leaves_the_process_csv_limit_as_it_was(tmp_path):
    """The field size limit is the process' (the Jira CSV reader sets it and falls back to the
    csv module below it): a copy raises it for itself only (session 23: a lowered limit turned
    the reader's fast path off for every later test)."""
    source = tmp_path / "in.csv"
    source.write_text("Summary,Issue key\nA title,BEN-1\n", encoding="utf-8")
    from connectors.exports.jira_csv import _CELL_LIMIT

    csv.field_size_limit(_CELL_LIMIT)  # as the reader leaves it
    distinct_titles.write_distinct(source, tmp_path / "out.csv")
    assert csv.field_size_limit() == _CELL_LIMIT
    assert _rows(tmp_path / "out.csv")[1] == ["A title (BEN-1)", "BEN-1"]
