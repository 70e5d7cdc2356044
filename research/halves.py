"""The dev halves the research scripts score, and the loaders they share (session 16).

A lever is judged on dev halves only: the real boards' ``dev`` half and each fresh set's
``NAME-dev`` half (``models.eval.fresh_split.SETS``: ``fresh`` … ``fresh15``). No ``*-test`` half
is listed here: the lead scores those once. The scripts used to repeat this table
(``research.surest_picks``, ``surest_boards``, ``real_dev_sweep``, ``list_only_lever``,
``list_history``, ``status_confidence``) and the loop that loads a model, reads a half's labels,
scans its boards and caches each model's scan (``surest_picks``, ``surest_boards``,
``surest_levers``); they take them from here.

- :data:`HALVES`: ``(half, data folder, labels CSV)`` of every dev half, oldest first;
  :func:`halves_through` the ones up to a given half (a script keeps the halves of its session).
- :data:`FRESH_SETS`: ``{prefix: (labels CSV, dev half)}`` of each fresh set (the sweep's
  ``--freshN`` options).
- :func:`with_real_data`: a script's arguments with ``--data``, or None (said in one line) when
  the real boards are not on this machine.
- :func:`scanned_boards`: each labelled board of a data folder scanned as ``scan`` scans it;
  :func:`read_exports` every export under some folders, read (``parent_gate``, ``s17_langs``).
- :func:`model_for`, :func:`model_names`, :func:`cached_scans`: the bundled model or a template
  draw of ``research.real_dev_sweep`` (trained once into a cache folder), and each model's scan of
  each half kept as JSON there.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import benchmarks.bench_real_boards as bench  # noqa: E402
from connectors.interface import Board  # noqa: E402
from models.eval.fresh_split import SETS, labels_path  # noqa: E402

#: where the fresh sets' exports are: /work/freshdata for ``fresh``, /work/freshdata2 for ``fresh2``
FRESH_PARENT = Path("/work")


def fresh_folder(name: str) -> Path:
    """The folder of fresh set ``name``'s exports (``fresh3`` -> /work/freshdata3)."""
    return FRESH_PARENT / f"freshdata{name[len('fresh') :]}"


#: (half, data folder, labels CSV) of every dev half, oldest first (never a *-test half)
HALVES: tuple[tuple[str, Path, Path], ...] = (
    ("dev", bench.DEFAULT_DATA, bench.LABELS_CSV),
    *((f"{name}-dev", fresh_folder(name), labels_path(name)) for name in SETS),
)
#: result-key prefix -> (labels CSV, dev half) of each fresh set
FRESH_SETS: dict[str, tuple[Path, str]] = {
    name: (labels_path(name), f"{name}-dev") for name in SETS
}


def split_rest(argv: list[str] | None) -> tuple[list[str], list[str]]:
    """A variant script's own arguments and, after ``--``, the ones it passes on to
    ``research.real_dev_sweep`` (``sys.argv[1:]`` when ``argv`` is None)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" not in argv:
        return argv, []
    at = argv.index("--")
    return argv[:at], argv[at + 1 :]


def with_real_data(
    parser: argparse.ArgumentParser, argv: list[str] | None, default: Path = bench.DEFAULT_DATA
) -> argparse.Namespace | None:
    """``parser``'s arguments, with ``--data`` (the real boards' folder, ``default``) added; None
    once it has said so in one line when that folder is not here: a run on a machine without the
    real data measures nothing (and exits 0)."""
    parser.add_argument("--data", type=Path, default=default)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"{args.data}: no real data here; nothing to measure")
        return None
    return args


def read_exports(folders: Iterable[Path], say_unread: bool = True) -> Iterator[tuple[Path, Board]]:
    """``(path, board)`` of each CSV and JSON export under ``folders`` (in path order, folder by
    folder; a missing folder has none), read as a scan reads it. A file no reader takes is passed
    over, said in one line when ``say_unread``."""
    from analyzer.pipeline import read_board

    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".csv", ".json")):
            try:
                board = read_board(path, activity_details=False)
            except Exception as exc:  # noqa: BLE001 - a research listing goes on
                if say_unread:
                    print(f"  {path.name}: not read ({type(exc).__name__})")
                continue
            yield path, board


def halves_through(last: str) -> tuple[tuple[str, Path, Path], ...]:
    """:data:`HALVES` up to and including ``last`` (e.g. ``fresh4-dev``)."""
    names = [half for half, _, _ in HALVES]
    return HALVES[: names.index(last) + 1]


def load(model_path: Path | None = None):  # type: ignore[no-untyped-def]  # -> RoleModel
    """The model saved at ``model_path``, or the bundled one."""
    from models.classifier import load_model

    return load_model(model_path) if model_path else load_model()


@dataclass
class Scanned:
    """One labelled board as ``scan`` read it."""

    name: str  # the export's file name (the labels' key)
    path: Path
    board: object  # connectors.model.Board
    report: object  # analyzer.report.Report
    labels: dict[str, tuple[str, str]]  # item id -> (label, half), both halves
    prior: float | None  # the strategic share the board was read at (its EM estimate)


def scanned_boards(model, data: Path, labels_csv: Path = bench.LABELS_CSV) -> Iterator[Scanned]:  # type: ignore[no-untyped-def]
    """Each labelled export under ``data`` (labels of ``labels_csv``) scanned by ``model``, in name
    order. The labels of both halves come with it: the caller keeps its dev half's items."""
    from analyzer.pipeline import scan_board

    labels = bench.read_labels(labels_csv)
    for name, path, board in bench.labelled_boards(data, labels):
        read_at: list[float | None] = []
        report = scan_board(board, model, origin=str(path), on_prior=read_at.append)
        yield Scanned(name, path, board, report, labels[name], read_at[0] if read_at else None)


def model_for(seed: int, cache: Path) -> Path:
    """Template draw ``seed`` of the shipped recipe, trained once into ``cache``."""
    from research.real_dev_sweep import train_draw

    path = cache / f"m{seed}.json"
    if not path.exists():
        train_draw(seed).save(path)
    return path


def model_names(seeds: str, bundled: bool, space: str = "") -> list[tuple[str, int | None]]:
    """``(name, seed)`` of the models a run compares: ``bundled`` (seed None) first when asked,
    then ``draw<space><seed>`` for each of the comma-separated ``seeds``."""
    names: list[tuple[str, int | None]] = [("bundled", None)] if bundled else []
    return names + [(f"draw{space}{s}", int(s)) for s in seeds.split(",") if s]


Scan = Callable[[Path | None, str, Path, Path], object]  # (model path, half, data, labels CSV)


def cached_scans(
    names: list[tuple[str, int | None]],
    halves: tuple[tuple[str, Path, Path], ...],
    cache: Path,
    scan: Scan,
    prefix: str = "",
    rescan: bool = False,
) -> dict[str, dict[str, object]]:
    """``{model name: {half: scan(model path, half, data, labels CSV)}}`` for each half whose
    data folder exists, kept as JSON in ``cache/<prefix><name without spaces>-<half>.json`` and
    read back from there (``rescan``: scanned again)."""
    runs: dict[str, dict[str, object]] = {}
    for name, seed in names:
        for half, data, labels_csv in halves:
            if not data.is_dir():
                continue
            cached = cache / f"{prefix}{name.replace(' ', '')}-{half}.json"
            if rescan or not cached.exists():
                model = None if seed is None else model_for(seed, cache)
                cached.write_text(json.dumps(scan(model, half, data, labels_csv)))
            runs.setdefault(name, {})[half] = json.loads(cached.read_text())
    return runs
