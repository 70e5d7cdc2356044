"""The benchmarks' generated store: named by its schema, and never migrated in place by a tree of
a newer schema (benchmarks/generate.py, benchmarks/bench_csv_scale.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import connectors.store as store_mod
from connectors.store import SCHEMA_VERSION
from tests.fakes.old_store import old_schema

ROOT = Path(__file__).resolve().parents[1]


def _module(name: str):
    """A benchmark script as a module (registered: its dataclasses look their module up)."""
    spec = importlib.util.spec_from_file_location(
        f"_bench_{name}", ROOT / "benchmarks" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _schema_1_store(path: Path) -> None:
    raw = old_schema(path, 1)
    raw.commit()
    raw.close()


def test_the_store_file_names_the_schema_its_code_writes():
    generate = _module("generate")
    assert generate.file_name("store", 100, 3) == f"store-100-s3-v2-schema{SCHEMA_VERSION}.sqlite"
    assert generate.file_name("jira-csv", 100) == "jira-csv-100-s0-v1.csv"  # exports unchanged


def test_a_generated_store_holds_the_current_schema(tmp_path):
    generate, bench = _module("generate"), _module("bench_csv_scale")
    path = generate.export_file("store", 12, directory=tmp_path)
    assert path.name == generate.file_name("store", 12)
    assert bench.file_schema(path) == SCHEMA_VERSION
    with store_mod.Store(path) as store:
        (source,) = store.sources()
        assert len(store.load_board(source.id).items) == 12


def test_a_tree_of_a_newer_schema_reads_a_migrated_copy_and_leaves_the_file(tmp_path):
    bench = _module("bench_csv_scale")
    old = tmp_path / "old.sqlite"
    _schema_1_store(old)
    before = old.read_bytes()
    copies = tmp_path / "copies"
    copies.mkdir()
    copy = bench.store_for(ROOT, old, copies)  # the schema asked of the tree, as the bench does
    assert copy.parent == copies
    assert bench.file_schema(copy) == SCHEMA_VERSION  # migrated before the clock
    assert old.read_bytes() == before and bench.file_schema(old) == 1
    assert bench.store_for(ROOT, old, copies, SCHEMA_VERSION) == copy  # made once a run


def test_a_store_of_the_same_or_a_newer_schema_is_read_in_place(tmp_path):
    bench = _module("bench_csv_scale")
    path = tmp_path / "s.sqlite"
    with store_mod.Store(path):
        pass
    assert bench.store_for(ROOT, path, tmp_path, SCHEMA_VERSION) == path
    assert bench.store_for(ROOT, path, tmp_path, SCHEMA_VERSION - 1) == path  # it refuses, unharmed
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".sqlite") == ["s.sqlite"]
