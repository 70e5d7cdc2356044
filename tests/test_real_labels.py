"""models/eval/real_labels.csv: our hand labels of the real exports (ids only, no texts)."""

import csv
import hashlib
import importlib.util
from collections import Counter
from pathlib import Path

import pytest

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


def _bench():
    """benchmarks/bench_real_boards.py as a module (benchmarks/ is no package)."""
    spec = importlib.util.spec_from_file_location(
        "bench_real_boards", ROOT / "benchmarks" / "bench_real_boards.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sample_board(tmp_path: Path) -> tuple[Path, list[str]]:
    """A data folder holding the bundled Trello sample as ``board.json``, and its items' ids as
    a scan reads them."""
    from analyzer.pipeline import read_board

    data = tmp_path / "data"
    data.mkdir()
    board = data / "board.json"
    board.write_bytes((ROOT / "examples" / "trello_sample_board.json").read_bytes())
    return data, [item.id for item in read_board(board, activity_details=False).items]


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
    module = _bench()
    assert module.main(["--data", str(tmp_path / "none")]) == 0
    assert "no real data" in capsys.readouterr().out


def test_benchmark_dev_run_never_shows_a_test_items_label(tmp_path, capsys):
    """With --split dev the report's surest-strategic list (which mixes both halves) shows the
    labels of dev items only and counts the others."""
    module = _bench()
    data, ids = _sample_board(tmp_path)
    # Test items all "strategic", dev items all "tactical": a leak would print "strategic".
    labels = {
        "board.json": {
            item_id: ("strategic", "test") if i % 2 else ("tactical", "dev")
            for i, item_id in enumerate(ids)
        }
    }
    module.read_labels = lambda: labels
    assert module.main(["--data", str(data), "--split", "all"]) == 0
    line = capsys.readouterr().out.splitlines()[-1]
    assert "board.json" in line and "strategic" in line  # the list does hold test items
    assert module.main(["--data", str(data), "--split", "dev"]) == 0
    line = capsys.readouterr().out.splitlines()[-1]
    assert "board.json" in line and "strategic" not in line
    assert "of the other half, labels not shown" in line


def _fresh_split():
    spec = importlib.util.spec_from_file_location(
        "fresh_split", ROOT / "models" / "eval" / "fresh_split.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: the fresh held-out sets: labels file, sources file, set name, salt, fewest rows
FRESH_SETS = [
    (
        ROOT / "models" / "eval" / f"{name}_labels.csv",
        sources,
        name,
        f"backlog-analyzer/{name}/v1",
        most,
    )
    for name, sources, most in (
        ("fresh", "FRESH_SOURCES.md", 400),
        ("fresh2", "FRESH2_SOURCES.md", 400),
        ("fresh3", "FRESH3_SOURCES.md", 400),
        ("fresh4", "FRESH4_SOURCES.md", 400),
        ("fresh5", "FRESH5_SOURCES.md", 150),  # session 14's: smaller, rich in strategic work
        ("fresh6", "FRESH6_SOURCES.md", 400),  # session 15's: every item of three boards
        ("fresh7", "FRESH7_SOURCES.md", 500),  # session 16's: every item of five boards
        ("fresh8", "FRESH8_SOURCES.md", 300),  # session 17's: every item of three boards
        ("fresh9", "FRESH9_SOURCES.md", 600),  # session 19's: seven boards, one sampled
        ("fresh10", "FRESH10_SOURCES.md", 200),  # session 21's: one public roadmap board
        # session 33's: the exports of sessions 29-31's five hunts, one set per hunt folder
        ("fresh11", "FRESH11_SOURCES.md", 700),
        ("fresh12", "FRESH12_SOURCES.md", 900),
        ("fresh13", "FRESH13_SOURCES.md", 1200),
        ("fresh14", "FRESH14_SOURCES.md", 250),
        ("fresh15", "FRESH15_SOURCES.md", 450),
    )
]
fresh_sets = pytest.mark.parametrize(
    "labels, sources, name, salt, fewest", FRESH_SETS, ids=[s[2] for s in FRESH_SETS]
)


def _fresh_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_splitter_knows_every_fresh_set_and_no_other():
    """One splitter deals every set: its list of sets is the sets stored here, each with its
    labels file beside it; an unknown set is refused in one line."""
    module = _fresh_split()
    assert tuple(name for _, _, name, _, _ in FRESH_SETS) == module.SETS
    for labels, _, name, salt, _ in FRESH_SETS:
        assert module.labels_path(name) == labels
        assert module.salt_of(name) == salt
    with pytest.raises(ValueError, match="unknown fresh set 'fresh16'"):
        module.assign_splits([], "fresh16")
    with pytest.raises(SystemExit) as stop:
        module.main(["--set", "fresh16", "--check"])
    assert stop.value.code == 2


@fresh_sets
def test_fresh_labels_store_only_ids_labels_and_languages(labels, sources, name, salt, fewest):
    """Each fresh held-out set (sessions 10 to 33): ids, labels, the split and a rough
    language only; every file it names is listed in its sources file (so others can fetch the
    same export), and no file is one of the ten real exports or of an earlier set."""
    with labels.open(newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["file", "item_id", "label", "split", "lang"]
    data = _fresh_rows(labels)
    assert len(data) >= fewest
    assert {r["label"] for r in data} == {"strategic", "tactical"}
    assert {r["split"] for r in data} == {f"{name}-dev", f"{name}-test"}
    assert {r["lang"] for r in data} <= {
        *("en", "de", "es", "fr", "pt", "it", "ja", "nl", "ru"),
        "id",  # fresh9: an Indonesian developer's Jira
        *("ro", "fi", "vi"),  # fresh11-fresh15: Romanian, Finnish and Vietnamese boards
    }
    assert len({(r["file"], r["item_id"]) for r in data}) == len(data)
    assert max(len(r["item_id"]) for r in data) <= 40  # an id, not a title
    assert not {r["file"] for r in data} & FILES  # none of the ten looked at before
    text = (ROOT / "models" / "eval" / sources).read_text(encoding="utf-8")
    assert all(f"| {name} |" in text for name in {r["file"] for r in data})


def test_the_fresh_sets_share_no_file():
    files = [{r["file"] for r in _fresh_rows(labels)} for labels, *_ in FRESH_SETS]
    for n, these in enumerate(files):
        for those in files[n + 1 :]:
            assert not these & those


@fresh_sets
def test_fresh_split_is_the_salted_hash_dealt_alternately_by_file_and_label(
    labels, sources, name, salt, fewest
):
    """NAME-dev / NAME-test: within each (file, label) stratum, in sorted stratum order, rows
    ordered by the set's salted SHA-256 of file:id are dealt alternately, the turn carrying
    over; so each file and the whole set differ between the halves by at most one row, and each
    label by at most one row per file (an odd-sized stratum's extra row can fall on either side)."""
    data = _fresh_rows(labels)
    strata: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in data:
        strata.setdefault((r["file"], r["label"]), []).append(r)
    turn = 0
    for key in sorted(strata):
        ordered = sorted(
            strata[key],
            key=lambda r: hashlib.sha256(
                f"{salt}\x00{r['file']}:{r['item_id']}".encode()
            ).hexdigest(),
        )
        for r in ordered:
            assert r["split"] == (f"{name}-dev" if turn % 2 == 0 else f"{name}-test"), key
            turn += 1
    files = {r["file"] for r in data}
    for field, most in (("file", 1), ("label", len(files))):
        counts = Counter((r[field], r["split"]) for r in data)
        for value in {r[field] for r in data}:
            assert abs(counts[value, f"{name}-dev"] - counts[value, f"{name}-test"]) <= most
    halves = Counter(r["split"] for r in data)
    assert abs(halves[f"{name}-dev"] - halves[f"{name}-test"]) <= 1
    module = _fresh_split()
    assert module.main(["--set", name, "--check"]) == 0
    shuffled = [dict(r, split=name) for r in reversed(data)]
    assert [r["split"] for r in reversed(data)] == module.assign_splits(shuffled, name)


@fresh_sets
def test_fresh_split_check_says_when_the_file_is_not_dealt(
    tmp_path, capsys, labels, sources, name, salt, fewest
):
    module = _fresh_split()
    path = tmp_path / "fresh.csv"
    path.write_text(
        "file,item_id,label,split,lang\n"
        "a.json,1,tactical,fresh,en\n"
        "a.json,2,tactical,fresh,en\n"
        "b.csv,3,strategic,fresh,en\n",
        encoding="utf-8",
    )
    assert module.main(["--set", name, str(path), "--check"]) == 1
    assert f"differ from fresh_split.py --set {name}" in capsys.readouterr().out
    assert module.main([str(path), "--set", name]) == 0  # --set anywhere on the line
    assert module.main(["--set", name, str(path), "--check"]) == 0
    assert path.read_bytes().count(b"\r") == 0  # the same line ending as the files in the repo
    with path.open(newline="", encoding="utf-8") as handle:
        splits = Counter(r["split"] for r in csv.DictReader(handle))
    assert splits == {f"{name}-dev": 2, f"{name}-test": 1}


def test_without_set_the_splitter_deals_the_first_fresh_set(tmp_path):
    """``fresh_split.py`` alone (no --set) is the first set's splitter, as it always was."""
    module = _fresh_split()
    path = tmp_path / "fresh.csv"
    path.write_text(
        "file,item_id,label,split,lang\na.json,1,tactical,x,en\na.json,2,tactical,x,en\n",
        encoding="utf-8",
    )
    assert module.main([str(path)]) == 0
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["split"] for r in rows) == ["fresh-dev", "fresh-test"]
    assert [r["split"] for r in rows] == module.assign_splits(rows, "fresh")
    assert module.main(["--check"]) == 0  # the stored first set, by default


def test_each_fresh_set_is_dealt_with_its_own_salt():
    """The same rows are not dealt alike by any two sets: each set has its own order."""
    rows = [
        {"file": "a.json", "item_id": str(n), "label": "tactical", "split": "", "lang": "en"}
        for n in range(40)
    ]
    module = _fresh_split()
    dealt = [
        [s.removeprefix(f"{name}-") for s in module.assign_splits(rows, name)]
        for _, _, name, _, _ in FRESH_SETS
    ]
    for n, halves in enumerate(dealt):
        assert Counter(halves) == {"dev": 20, "test": 20}
        assert all(halves != other for other in dealt[n + 1 :])


def _bench_module():
    module = _bench()
    return module


def test_benchmark_scores_another_labels_file(tmp_path, capsys):
    """--labels scores another labelled set (e.g. the fresh held-out boards) with the same code:
    its own split is scored, a file it does not name is not read, an unlabelled item is not
    counted; without --labels the default labels are read (their file names are not here)."""
    module = _bench_module()
    data = tmp_path / "data"
    (data / "jira").mkdir(parents=True)
    (data / "jira" / "kennels.csv").write_bytes(
        (ROOT / "tests" / "fixtures" / "bench_fresh_jira.csv").read_bytes()
    )
    (data / "jira" / "other.csv").write_bytes(b"not an export\n")  # named by no label
    labels = tmp_path / "fresh.csv"
    labels.write_text(
        "file,item_id,label,split,lang\n"
        "kennels.csv,9101,strategic,fresh,en\n"
        "kennels.csv,9103,tactical,fresh,en\n"
        "kennels.csv,9104,tactical,fresh,en\n",  # 9102 left unlabelled
        encoding="utf-8",
    )
    assert module.main(["--data", str(data), "--labels", str(labels)]) == 0
    out = capsys.readouterr().out
    assert "[fresh] items 3  strategic 1  macro-F1 " in out
    assert "[dev]" not in out and "[test]" not in out
    # An unlabelled item among the report's surest is said so, not taken for another half's.
    assert "other half" not in out
    assert "kennels.csv" in out and "other.csv" not in out
    assert module.main(["--data", str(data), "--labels", str(labels), "--split", "fresh"]) == 0
    assert "[fresh] items 3" in capsys.readouterr().out
    # The fresh set's halves: each asked alone, or both as one with --split fresh; a
    # fresh-dev run never shows a fresh-test item's label.
    labels.write_text(
        "file,item_id,label,split,lang\n"
        "kennels.csv,9101,strategic,fresh-test,en\n"
        "kennels.csv,9102,strategic,fresh-test,en\n"
        "kennels.csv,9103,tactical,fresh-dev,en\n"
        "kennels.csv,9104,tactical,fresh-dev,en\n",
        encoding="utf-8",
    )
    common = ["--data", str(data), "--labels", str(labels)]
    assert module.main([*common, "--split", "fresh-dev"]) == 0
    out = capsys.readouterr().out
    assert "[fresh-dev] items 2  strategic 0  " in out and "[fresh-test]" not in out
    assert "strategic 1" not in out.splitlines()[-1] and "strategic 2" not in out.splitlines()[-1]
    assert module.main([*common, "--split", "fresh-test"]) == 0
    assert "[fresh-test] items 2  strategic 2  " in capsys.readouterr().out
    assert module.main([*common, "--split", "fresh"]) == 0
    assert "[fresh] items 4  strategic 2  " in capsys.readouterr().out
    assert module.main(common) == 0  # all: both halves, each on its own
    out = capsys.readouterr().out
    assert "[fresh-dev] items 2" in out and "[fresh-test] items 2" in out
    # The second fresh set (session 11) is dealt and scored the same way under its own name.
    labels.write_text(
        "file,item_id,label,split,lang\n"
        "kennels.csv,9101,strategic,fresh2-test,en\n"
        "kennels.csv,9102,strategic,fresh2-test,en\n"
        "kennels.csv,9103,tactical,fresh2-dev,en\n"
        "kennels.csv,9104,tactical,fresh2-dev,en\n",
        encoding="utf-8",
    )
    assert module.main([*common, "--split", "fresh2-dev"]) == 0
    out = capsys.readouterr().out
    assert "[fresh2-dev] items 2  strategic 0  " in out and "[fresh2-test]" not in out
    assert "strategic 1" not in out.splitlines()[-1] and "strategic 2" not in out.splitlines()[-1]
    assert module.main([*common, "--split", "fresh2"]) == 0
    assert "[fresh2] items 4  strategic 2  " in capsys.readouterr().out
    assert module.main(common) == 0
    out = capsys.readouterr().out
    assert "[fresh2-dev] items 2" in out and "[fresh2-test] items 2" in out
    assert module.main(["--data", str(data)]) == 0  # the default labels: none of their files
    out = capsys.readouterr().out
    assert "civicactions_nebula_trello.json: not found under" in out and "[fresh]" not in out


def test_all_splits_lists_dev_and_test_first():
    module = _bench_module()
    labels = {"a": {"1": ("tactical", "test"), "2": ("tactical", "fresh")}, "b": {}}
    assert module.all_splits(labels) == ("test", "fresh")
    labels["b"]["3"] = ("strategic", "dev")
    assert module.all_splits(labels) == ("dev", "test", "fresh")


@pytest.mark.parametrize(
    "name", ["fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10"]
)
def test_benchmark_scores_the_third_to_tenth_fresh_sets(tmp_path, capsys, name):
    """Session 12's set (fresh3-dev / fresh3-test), session 13's (fresh4-…), session 14's
    (fresh5-…), session 15's (fresh6-…), session 16's (fresh7-…), session 17's (fresh8-…),
    session 19's (fresh9-…) and session 21's (fresh10-…) are
    scored like the others under their own names: each half alone, both as one with --split
    NAME, each on its own by default; a NAME-test run never shows a test item's label, nor lists
    its errors."""
    module = _bench_module()
    data = tmp_path / "data"
    (data / "jira").mkdir(parents=True)
    (data / "jira" / "ferreteria_es_jira.csv").write_bytes(
        (ROOT / "tests" / "fixtures" / "bench_fresh3_jira_es.csv").read_bytes()
    )
    labels = tmp_path / f"{name}.csv"
    labels.write_text(
        "file,item_id,label,split,lang\n"
        f"ferreteria_es_jira.csv,7201,strategic,{name}-dev,es\n"
        f"ferreteria_es_jira.csv,7202,strategic,{name}-test,es\n"
        f"ferreteria_es_jira.csv,7203,tactical,{name}-test,es\n"
        f"ferreteria_es_jira.csv,7204,tactical,{name}-test,es\n",
        encoding="utf-8",
    )
    common = ["--data", str(data), "--labels", str(labels)]
    assert module.main([*common, "--split", f"{name}-dev"]) == 0
    out = capsys.readouterr().out
    assert f"[{name}-dev] items 1  strategic 1  " in out and f"[{name}-test]" not in out
    assert "tactical" not in out.splitlines()[-1]  # only the test half's items are tactical
    assert module.main([*common, "--split", f"{name}-test", "--errors"]) == 0
    out = capsys.readouterr().out
    assert f"[{name}-test] items 3  strategic 1  " in out and f"[{name}-dev]" not in out
    assert " error " not in out  # the test half's items are never listed
    assert module.main([*common, "--split", name]) == 0
    assert f"[{name}] items 4  strategic 2  " in capsys.readouterr().out
    assert module.main(common) == 0
    out = capsys.readouterr().out
    assert f"[{name}-dev] items 1" in out and f"[{name}-test] items 3" in out


def test_benchmark_estimates_each_boards_prior_once(tmp_path, capsys, monkeypatch):
    """The benchmark judges the report's surest items by the prior the scan read the board at
    (heard from ``scan_board``), not by a second estimate of it."""
    module = _bench_module()
    data = tmp_path / "data"
    (data / "jira").mkdir(parents=True)
    (data / "jira" / "kennels.csv").write_bytes(
        (ROOT / "tests" / "fixtures" / "bench_fresh_jira.csv").read_bytes()
    )
    labels = tmp_path / "fresh.csv"
    labels.write_text(
        "file,item_id,label,split,lang\n"
        "kennels.csv,9101,strategic,fresh-dev,en\n"
        "kennels.csv,9103,tactical,fresh-dev,en\n",
        encoding="utf-8",
    )
    model = module.load_model()
    estimate = model.estimate_prior
    calls: list[int] = []

    def counted(docs):
        calls.append(len(docs))
        return estimate(docs)

    monkeypatch.setattr(model, "estimate_prior", counted)
    monkeypatch.setattr(module, "load_model", lambda *args: model)
    assert module.main(["--data", str(data), "--labels", str(labels), "--split", "fresh-dev"]) == 0
    assert "[fresh-dev] items 2" in capsys.readouterr().out
    assert len(calls) == 1  # one board, one estimate


def test_macro_f1_from_counts_is_the_benchmarks_macro_f1():
    import random

    bench = _bench()
    rng = random.Random(7)
    for _ in range(50):
        pairs = [
            (
                rng.choice(["strategic", "tactical"]),
                rng.choice(["strategic", "tactical", "uncertain"]),
            )
            for _ in range(rng.randint(1, 40))
        ]
        assert (
            abs(float(bench._macro_f1_of_counts(bench._counts(pairs))) - bench.macro_f1(pairs))
            < 1e-12
        )


def test_macro_f1_interval_brackets_the_half_and_is_wider_by_files():
    bench = _bench()
    perfect = {"a.json": [("strategic", "strategic"), ("tactical", "tactical")] * 5}
    assert bench.macro_f1_interval(perfect, by="items", draws=200) == (1.0, 1.0)
    # Two boards: one where strategic items are found, one where they are missed; resampling
    # whole boards draws halves of only the second (macro-F1 0.5), items rarely do.
    found = [("strategic", "strategic")] * 4 + [("tactical", "tactical")] * 40
    missed = [("strategic", "tactical")] * 4 + [("tactical", "tactical")] * 40
    half = {"found.json": found, "missed.json": missed}
    point = bench.macro_f1(found + missed)
    by_items = bench.macro_f1_interval(half, by="items", draws=2000)
    by_files = bench.macro_f1_interval(half, by="files", draws=2000)
    assert by_items[0] < point < by_items[1]
    assert by_files[0] < 0.5 < by_items[0]  # 0.476: a half of the second board alone
    with pytest.raises(ValueError):
        bench.macro_f1_interval(half, by="boards")


def test_benchmark_prints_the_interval_when_asked(tmp_path, capsys):
    bench = _bench()
    data, ids = _sample_board(tmp_path)
    bench.read_labels = lambda: {"board.json": {i: ("tactical", "dev") for i in ids}}
    assert bench.main(["--data", str(data), "--split", "dev"]) == 0
    assert "interval" not in capsys.readouterr().out
    assert bench.main(["--data", str(data), "--split", "dev", "--bootstrap", "100"]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if "interval" in x]
    assert len(lines) == 1 and "over 100 resamples" in lines[0]
    assert "of the items" in lines[0] and "of the files" in lines[0]


def test_held_out_benchmark_pools_the_halves_it_finds(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location(
        "bench_held_out", ROOT / "benchmarks" / "bench_held_out.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data, ids = _sample_board(tmp_path)
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "file,item_id,label,split\n"
        + "".join(
            f"board.json,{i},{'strategic' if n % 3 == 0 else 'tactical'},"
            f"{'test' if n % 2 else 'dev'}\n"
            for n, i in enumerate(ids)
        ),
        encoding="utf-8",
    )
    module.halves = lambda real, fresh_root, half: [
        ("real", data, labels, half),
        ("fresh", tmp_path / "missing", labels, f"fresh-{half}"),
    ]
    assert module.main(["--bootstrap", "50"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any("[fresh-test]" in x and "not here; left out" in x for x in out)
    tested = sum(n % 2 == 1 for n in range(len(ids)))
    assert any(x.startswith(f"[test] items {tested} ") for x in out)
    assert out[-1].startswith(f"pooled, 1 test halves, 1 files: items {tested} ")
    assert "interval over 50 resamples" in out[-1]
    assert "files within 10 pts of the true strategic share " in out[-1]
    assert "surest strategic items right " in out[-1]
    module.halves = lambda real, fresh_root, half: []
    assert module.main([]) == 0
    assert "nothing to measure" in capsys.readouterr().out
