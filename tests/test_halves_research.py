"""research.halves (session 16): the one table of dev halves and the loaders the research
scripts share (never a *-test half; tests never read the real data: a fixture board here)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from models.eval.fresh_split import SETS
from research import halves

FIXTURES = Path(__file__).parent / "fixtures"
BOARD = "trello_board_basic.json"  # cards ...c01 (success metrics), c02 (a story), c03


def test_the_halves_are_the_dev_halves_only_oldest_first():
    names = [half for half, _, _ in halves.HALVES]
    assert names == ["dev", *(f"{name}-dev" for name in SETS)]
    assert not any(name.endswith("-test") for name in names)
    dev = halves.HALVES[0]
    assert dev[2].name == "real_labels.csv"
    for half, data, labels in halves.HALVES[1:]:
        name = half.removesuffix("-dev")
        assert data == Path(f"/work/freshdata{name[len('fresh') :]}")
        assert labels.name == f"{name}_labels.csv" and labels.is_file()
        assert halves.FRESH_SETS[name] == (labels, half)


def test_a_script_keeps_the_halves_of_its_session():
    assert [h for h, _, _ in halves.halves_through("fresh4-dev")] == [
        "dev",
        "fresh-dev",
        "fresh2-dev",
        "fresh3-dev",
        "fresh4-dev",
    ]
    assert halves.halves_through("dev") == halves.HALVES[:1]
    with pytest.raises(ValueError):
        halves.halves_through("fresh-test")


def test_the_scripts_take_their_tables_from_here():
    from research import list_history, list_only_lever, real_dev_sweep, surest_boards, surest_picks

    assert halves.halves_through("fresh5-dev") == surest_picks.HALVES
    assert halves.halves_through("fresh4-dev") == surest_boards.HALVES
    assert real_dev_sweep.FRESH_SETS is halves.FRESH_SETS
    assert halves.FRESH_SETS["fresh6"][0] == real_dev_sweep.FRESH6_LABELS
    assert [s for _, _, s in list_only_lever.HALVES] == [h for h, _, _ in halves.HALVES]
    assert list_history.SETS["fresh4"] == halves.halves_through("fresh4-dev")[-1][1:] + (
        "fresh4-dev",
    )


def test_model_names_bundled_first_then_the_draws():
    assert halves.model_names("12,3", True) == [("bundled", None), ("draw12", 12), ("draw3", 3)]
    assert halves.model_names("", False) == []
    assert halves.model_names("7", False, space=" ") == [("draw 7", 7)]


def _data(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "boards"
    (data / "trello").mkdir(parents=True)
    shutil.copy(FIXTURES / BOARD, data / "trello" / BOARD)
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "file,item_id,label,split\n"
        f"{BOARD},65a0f0000000000000000c01,strategic,dev\n"
        f"{BOARD},65a0f0000000000000000c02,tactical,test\n"
        "missing.json,1,tactical,dev\n",
        encoding="utf-8",
    )
    return data, labels


def test_scanned_boards_reads_each_labelled_export_found_as_scan_does(tmp_path):
    data, labels = _data(tmp_path)
    (scanned,) = halves.scanned_boards(halves.load(), data, labels)  # missing.json: not found
    assert scanned.name == BOARD and scanned.path == data / "trello" / BOARD
    assert scanned.labels == {
        "65a0f0000000000000000c01": ("strategic", "dev"),
        "65a0f0000000000000000c02": ("tactical", "test"),
    }
    assert len(scanned.report.items) == len(scanned.board.items) == 3
    assert scanned.prior is not None and 0.0 < scanned.prior < 1.0  # the board's EM share


def test_cached_scans_scans_once_per_model_and_half_then_reads_the_cache(tmp_path):
    data, labels = _data(tmp_path)
    calls: list[tuple] = []

    def scan(model_path, half, folder, labels_csv):
        calls.append((model_path, half, folder, labels_csv))
        return {"half": half, "n": len(calls)}

    chosen = (("dev", data, labels), ("fresh-dev", tmp_path / "absent", labels))
    names = halves.model_names("", True)
    first = halves.cached_scans(names, chosen, tmp_path, scan, "p-")
    assert first == {"bundled": {"dev": {"half": "dev", "n": 1}}}  # no folder: no half
    assert calls == [(None, "dev", data, labels)]
    assert json.loads((tmp_path / "p-bundled-dev.json").read_text()) == {"half": "dev", "n": 1}
    assert halves.cached_scans(names, chosen, tmp_path, scan, "p-") == first  # from the cache
    assert len(calls) == 1
    again = halves.cached_scans(names, chosen, tmp_path, scan, "p-", rescan=True)
    assert again["bundled"]["dev"]["n"] == 2


def test_a_draw_is_trained_once_into_the_cache(tmp_path, monkeypatch):
    from research import real_dev_sweep

    trained: list[int] = []

    class Saved:
        def save(self, path):
            Path(path).write_text("{}")

    monkeypatch.setattr(real_dev_sweep, "train_draw", lambda seed: trained.append(seed) or Saved())
    assert halves.model_for(5, tmp_path) == tmp_path / "m5.json"
    assert halves.model_for(5, tmp_path) == tmp_path / "m5.json"
    assert trained == [5]


def test_split_rest_keeps_what_follows_the_double_dash_for_the_sweep():
    from research import halves

    assert halves.split_rest(["--variant", "a", "--", "--seeds", "1"]) == (
        ["--variant", "a"],
        ["--seeds", "1"],
    )
    assert halves.split_rest(["--variant", "a"]) == (["--variant", "a"], [])


def test_compound_words_step_one_reads_every_dev_half_of_halves():
    from research import compound_words, halves

    assert [half for _, _, half in compound_words.DEV_HALVES] == [h for h, _, _ in halves.HALVES]
    assert "fresh7-dev" in [half for _, _, half in compound_words.DEV_HALVES]
    assert "fresh8-dev" in [half for _, _, half in compound_words.DEV_HALVES]
    assert "fresh9-dev" in [half for _, _, half in compound_words.DEV_HALVES]
    assert "fresh10-dev" in [half for _, _, half in compound_words.DEV_HALVES]


def test_with_real_data_adds_data_and_says_when_it_is_not_here(tmp_path, capsys):
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--k", type=int, default=3)
    args = halves.with_real_data(parser, ["--data", str(tmp_path), "--k", "5"])
    assert (args.data, args.k) == (tmp_path, 5)
    missing = tmp_path / "none"
    parser = argparse.ArgumentParser()
    assert halves.with_real_data(parser, ["--data", str(missing)]) is None
    assert capsys.readouterr().out == f"{missing}: no real data here; nothing to measure\n"
    default = halves.with_real_data(argparse.ArgumentParser(), [], default=tmp_path)
    assert default.data == tmp_path


@pytest.mark.parametrize(
    "script",
    [
        "board_prior_em",
        "corrections_prior_sim",
        "corrections_sim",
        "done_direction",
        "static_embeddings",
        "surest_levers",
    ],
)
def test_a_script_without_the_real_data_measures_nothing(script, tmp_path, capsys):
    import importlib

    module = importlib.import_module(f"research.{script}")
    argv = ["--data", str(tmp_path / "none")]
    if script == "static_embeddings":
        argv += ["--table", str(tmp_path)]  # required; never read without the data
    assert module.main(argv) == 0
    assert "no real data here" in capsys.readouterr().out


def test_exports_are_read_in_path_order_and_the_unread_said_when_asked(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    shutil.copy(FIXTURES / BOARD, tmp_path / "sub" / "b.json")
    shutil.copy(FIXTURES / BOARD, tmp_path / "a.json")
    (tmp_path / "c.csv").write_text("not,an\nexport", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not read at all", encoding="utf-8")
    folders = [tmp_path / "absent", tmp_path]
    read = [
        (path.relative_to(tmp_path).as_posix(), len(board.items))
        for path, board in halves.read_exports(folders)
    ]
    assert [name for name, _ in read] == ["a.json", "sub/b.json"]
    assert all(n > 0 for _, n in read)
    assert capsys.readouterr().out.startswith("  c.csv: not read (")
    assert len(list(halves.read_exports(folders, say_unread=False))) == 2
    assert capsys.readouterr().out == ""
