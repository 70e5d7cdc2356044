"""Why are strategic items in status lists read tactical 0.99, and would a cap say it better?

Session 13 (issue 12, point 4, the other way round: a status list says when, not what). Measured
on the **dev** halves only (real ``dev``, ``fresh-dev``, ``fresh2-dev``, ``fresh3-dev``; never a
test half), each board scanned as ``scan`` scans it (its EM prior, its own words damped).

Two modes:

- ``--show-misses``: per dev item read tactical that is strategic by the labels, what pushes
  it (logit units of the calibrated probability, toward tactical > 0): the list (``column:``),
  label, issue type/level/form tokens, the words, and the board prior's shift; and the items
  read tactical grouped by (status list, title names direction work) with their strategic share
  and mean confidence.
- ``--variant NAME=VALUE[,NAME=VALUE]`` (repeat; the first is the baseline): per model (bundled,
  or each draw of a ``real_dev_sweep --keep`` folder) and dev half, macro-F1 (``uncertain``
  wrong), ECE (10 bins, as the benchmark), Brier score and log loss of the true label,
  called strategic (right), ``uncertain`` and the items whose confidence moved. Names:
  constants of ``models.rules`` (e.g. ``ONE_WORD_CAP``, ``BOARD_PRIOR_FLOOR``) and the
  unshipped levers below.

The levers (measured, none shipped; see models/HISTORY.md, "Session 13: status-list confidence"):

- ``PLACED_TACTICAL_CAP`` (1.0: off): in a board scan, an item read tactical surer than this,
  not held by a direction rule, whose title holds a direction word the model leans strategic on
  (``PLACED_NEEDS_TITLE`` 1; 0: any title) and whose words lean strategic altogether (their
  summed push toward tactical at most ``PLACED_WORDS_LEAN``, 0.0), in any list
  (``PLACED_NEEDS_STAGE`` 0; 1: a delivery stage's, ``rules._STAGE``), is held at this tactical
  confidence: tactical by where it sits. Below the 0.6 threshold it is ``uncertain``.
- ``LIST_PUSH_CAP`` (inf: off): each item's push toward tactical through status-list tokens
  (``STATUS_TOKENS``) at most this; ``TYPE_PUSH_CAP`` likewise for issue type and level tokens.
  In the model's scores, so the board's EM reads them too.

    python -m research.status_confidence [--model PATH | --keep FOLDER] [--show-misses]
        [--real ../shared/realdata] [--fresh /work/freshdata] [--fresh2 /work/freshdata2]
        [--fresh3 /work/freshdata3] [--variant PLACED_TACTICAL_CAP=1.0 --variant ...]

Items are named by file and id only.
"""

from __future__ import annotations

import argparse
import inspect
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import benchmarks.bench_real_boards as bench  # noqa: E402
import models.classifier as classifier  # noqa: E402
import models.rules as rules  # noqa: E402
from analyzer.pipeline import scan_board  # noqa: E402
from models._rules_applied import _board_weighted  # noqa: E402
from models.calibration import calibrated  # noqa: E402
from models.classifier import load_model  # noqa: E402
from models.evaluate import expected_calibration_error  # noqa: E402
from models.language import fold_accents  # noqa: E402
from research.halves import FRESH_SETS  # noqa: E402

#: (labels, dev half) of the halves measured in session 13
SETS = {
    "real": (bench.LABELS_CSV, "dev"),
    **{name: FRESH_SETS[name] for name in ("fresh", "fresh2", "fresh3")},
}
#: The list tokens that say where an item is in its life (when, not what): what
#: ``LIST_PUSH_CAP`` limits (not "test"/"testing" lists, which may be user testing, nor
#: now/next/later, a roadmap's horizons).
STATUS_TOKENS = frozenset(
    {
        "done",
        "terminado",
        "termine",
        "fertig",
        "concluido",
        "erledigen",
        "backlog",
        "doing",
        "progress",
        "hacer",
        "faire",
        "fazer",
        "curso",
        "cour",
        "andamento",
        "arbeit",
        "ready",
        "review",
        "qa",
        "sprint",
    }
)
#: The levers' settings (module state, set by :func:`patched`); the defaults are off.
LEVERS: dict[str, float] = {
    "PLACED_TACTICAL_CAP": 1.0,
    "PLACED_WORDS_LEAN": 0.0,
    "PLACED_NEEDS_TITLE": 1.0,
    "PLACED_NEEDS_STAGE": 0.0,
    "LIST_PUSH_CAP": math.inf,
    "TYPE_PUSH_CAP": math.inf,
}
_DECISION = classifier.LinearRoleModel.decision
_TITLE_CHECKED = classifier.LinearRoleModel._title_checked
_TITLE_CHECKED_PARAMETERS = inspect.signature(_TITLE_CHECKED)


def _folded(text: str | None) -> str:
    return rules._SEPARATORS.sub(" ", fold_accents(text or "").lower())


def stage_list(column: str | None) -> bool:
    """The list is named after a delivery stage (``rules._STAGE``: Done, Terminado, Backlog…)."""
    return bool(rules._STAGE.search(_folded(column)))


def title_direction(title: str | None) -> bool:
    """The title names direction work (an engineering strategy's "strategy" aside), or
    research (``rules.title_names_research``)."""
    said = rules._ENGINEERING_STRATEGY.sub(" ", _folded(title))
    return bool(rules._DIRECTION.search(said)) or rules.title_names_research(title)


def _tactical_coef(model) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Each feature's weight toward tactical (the two-label score is labels[1]'s)."""
    return model.coef[0] if model.labels.index("strategic") == 0 else -model.coef[0]


def _capped_decision(self, matrix):  # type: ignore[no-untyped-def]
    """The model's scores with each row's push toward tactical through status-list tokens
    (``LIST_PUSH_CAP``) and issue type/level tokens (``TYPE_PUSH_CAP``) at most the caps."""
    scores = _DECISION(self, matrix)
    if len(self.labels) != 2:
        return scores
    tactical, a = _tactical_coef(self), self.calibration.a
    toward_tactical = self.labels.index("strategic") == 0
    for key, prefixes in (("LIST_PUSH_CAP", ("column:",)), ("TYPE_PUSH_CAP", ("type:", "level:"))):
        cap = LEVERS[key]
        if cap == math.inf:
            continue
        mask = np.zeros(len(tactical))
        for name, col in self.vocabulary.items():
            if name.startswith(prefixes) and (
                key != "LIST_PUSH_CAP" or name[len("column:") :] in STATUS_TOKENS
            ):
                mask[col] = 1.0
        push = a * np.asarray(matrix @ (tactical * mask)).reshape(-1)
        excess = np.maximum(push - cap, 0.0) / a
        scores = scores - excess if toward_tactical else scores + excess
    return scores


def placed_rows(model, docs, proba, matrix) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The rows ``PLACED_TACTICAL_CAP`` holds (see the module's docstring), ascending."""
    k = model.labels.index("strategic")
    floor = 1.0 - LEVERS["PLACED_TACTICAL_CAP"]
    # A row the direction rules held sits at their cap exactly: its confidence is theirs.
    sure = (proba[:, k] < floor) & (proba[:, k] != rules.NO_DIRECTION_STRATEGIC_CAP)
    at = np.flatnonzero(sure)
    if LEVERS["PLACED_NEEDS_STAGE"]:
        at = np.array([i for i in at.tolist() if stage_list(docs[i].column)], dtype=np.int64)
    if LEVERS["PLACED_NEEDS_TITLE"] and len(at):
        named = (model._direction > 0) & (model._evidence[1] > 0)
        titles = model._title_matrix(docs, at.tolist(), None)
        hit = np.zeros(len(at), dtype=bool)
        hit[np.repeat(np.arange(len(at)), np.diff(titles.indptr))[named[titles.indices]]] = True
        at = at[hit]
    if not len(at):
        return at
    sub = matrix[at]
    words = sub.data * _tactical_coef(model)[sub.indices] * ~model._structure_columns()[sub.indices]
    lean = model.calibration.a * np.bincount(
        np.repeat(np.arange(len(at)), np.diff(sub.indptr)), weights=words, minlength=len(at)
    )
    return at[lean <= LEVERS["PLACED_WORDS_LEAN"]]


def _placed_title_checked(self, docs, proba, *args, **kwargs):  # type: ignore[no-untyped-def]
    """The title rules, then (in a board scan: ``direction`` given) ``PLACED_TACTICAL_CAP``.
    The private method's arguments pass through as given and are read by name (a renamed
    ``prior`` or ``direction`` fails here, loudly, instead of reading the wrong argument)."""
    said = _TITLE_CHECKED_PARAMETERS.bind(self, docs, proba, *args, **kwargs)
    said.apply_defaults()
    prior, direction = said.arguments["prior"], said.arguments["direction"]
    proba = _TITLE_CHECKED(self, docs, proba, *args, **kwargs)
    if direction is None or self._evidence is None or self._direction is None:
        return proba
    matrix = _board_weighted(self.transform(docs), prior)
    rows = placed_rows(self, docs, proba, matrix)
    if not len(rows):
        return proba
    k, floor = self.labels.index("strategic"), 1.0 - LEVERS["PLACED_TACTICAL_CAP"]
    proba = proba.copy()
    proba[rows, k] = floor
    proba[rows, 1 - k] = 1.0 - floor
    return proba


def patched(values: dict[str, float]) -> dict[str, float]:
    """Set the levers (``LEVERS``) and constants of models.rules (and models.classifier's
    copies) for a run; return the old values (pass them back to undo)."""
    old: dict[str, float] = {}
    for name, value in values.items():
        if name in LEVERS:
            old[name], LEVERS[name] = LEVERS[name], value
            continue
        if not hasattr(rules, name):
            raise SystemExit(f"models.rules has no {name}")
        old[name] = getattr(rules, name)
        for module in (rules, classifier):
            if hasattr(module, name):
                setattr(module, name, type(getattr(rules, name))(value))
    capped = LEVERS["LIST_PUSH_CAP"] != math.inf or LEVERS["TYPE_PUSH_CAP"] != math.inf
    classifier.LinearRoleModel.decision = _capped_decision if capped else _DECISION
    placed = LEVERS["PLACED_TACTICAL_CAP"] < 1.0
    classifier.LinearRoleModel._title_checked = _placed_title_checked if placed else _TITLE_CHECKED
    return old


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def pushes(model, data: Path, labels_csv: Path, split: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """One dict per labelled item of ``split``: its labels, probabilities and pushes."""
    labels = bench.read_labels(labels_csv)
    names = model._feature_names()
    a, coef = model.calibration.a, _tactical_coef(model)
    structure = ("column:", "label:", "type:", "level:", "form:")
    out = []
    for name, _path, board in bench.labelled_boards(data, labels):
        docs = board.items
        want = [i for i, d in enumerate(docs) if labels[name].get(d.id, ("", ""))[1] == split]
        if not want:
            continue
        prior = model.estimate_prior(docs)
        weighted = _board_weighted(model.transform(docs), prior)
        scores = model.decision(weighted)
        own = calibrated(scores, model.calibration)[:, 0]
        final = model.predict_proba(docs, prior=prior)[:, 0]
        shift = -(_logit(prior["strategic"]) - _logit(model.model_prior["strategic"]))
        for i in want:
            doc = docs[i]
            lo, hi = weighted.indptr[i], weighted.indptr[i + 1]
            parts: dict[str, float] = defaultdict(float)
            top = []
            for col, val in zip(weighted.indices[lo:hi], weighted.data[lo:hi], strict=True):
                push = a * val * coef[col]
                kind = names[col].split(":", 1)[0] + ":" if ":" in names[col] else "words"
                parts[kind if kind in structure else "words"] += push
                top.append((push, names[col]))
            top.sort(key=lambda x: -abs(x[0]))
            out.append(
                {
                    "split": split,
                    "file": name,
                    "id": doc.id,
                    "true": labels[name][doc.id][0],
                    "p_final": float(final[i]),
                    "p_own": float(own[i]),
                    "prior": prior["strategic"],
                    "shift": shift,
                    "parts": dict(parts),
                    "top": top[:8],
                    "stage": stage_list(doc.column),
                    "title_dir": title_direction(doc.title),
                }
            )
    return out


def scan_half(model, data: Path, labels_csv: Path, split: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    """(true, final label, predicted label, confidence, file, id) per labelled item of ``split``,
    scanned as ``bench_real_boards.py`` scans (the same reader, pipeline and threshold)."""
    labels = bench.read_labels(labels_csv)
    out = []
    for name, path, board in bench.labelled_boards(data, labels):
        report = scan_board(board, model, threshold=0.6, origin=str(path))
        for r in report.items:
            known = labels[name].get(r.id)
            if known is None or known[1] != split:
                continue
            out.append((known[0], r.label, r.predicted_label or r.label, r.confidence, name, r.id))
    return out


def half_numbers(rows: list[tuple]) -> dict[str, float]:
    """macro-F1 (``uncertain`` wrong), ECE, Brier and log loss of the true label, called
    strategic and right, ``uncertain``."""
    pairs = [(t, f) for t, f, *_ in rows]
    conf = np.array([r[3] for r in rows])
    correct = np.array([p == t for t, _, p, *_ in rows], dtype=float)
    p_true = np.where(correct > 0, conf, 1.0 - conf)  # two labels
    called = [t for t, f in pairs if f == "strategic"]
    return {
        "f1": bench.macro_f1(pairs),
        "ece": expected_calibration_error(conf, correct),
        "brier": float(np.mean((1.0 - p_true) ** 2)),
        "nll": float(-np.mean(np.log(np.clip(p_true, 1e-6, 1.0)))),
        "called": len(called),
        "right": sum(t == "strategic" for t in called),
        "uncertain": sum(f == "uncertain" for _, f in pairs),
    }


def _halves(args) -> list[tuple[str, Path]]:  # type: ignore[no-untyped-def]
    chosen = (("real", args.real), ("fresh", args.fresh), ("fresh2", args.fresh2))
    chosen += (("fresh3", args.fresh3),)
    return [(key, folder) for key, folder in chosen if folder is not None and folder.is_dir()]


def show_misses(model, args) -> int:  # type: ignore[no-untyped-def]
    every = []
    for key, folder in _halves(args):
        every += pushes(model, folder, *SETS[key])
    groups: dict[tuple, list] = defaultdict(list)
    for r in every:
        if r["p_final"] < 0.5:
            groups[(r["split"], r["stage"], r["title_dir"])].append(r)
    print("read tactical, by (half, status list, title names direction): n, strategic, confidence")
    for key in sorted(groups):
        g = groups[key]
        strat = sum(r["true"] == "strategic" for r in g)
        conf = sum(1 - r["p_final"] for r in g) / len(g)
        print(
            f"  {key[0]:10} stage={key[1]!s:5} title={key[2]!s:5} n={len(g):4d} "
            f"strategic {strat:3d}  mean tactical confidence {conf:.3f}"
        )
    for r in every:
        if r["true"] == "strategic" and r["p_final"] < 0.5:
            parts = "  ".join(f"{k}{v:+.2f}" for k, v in sorted(r["parts"].items()))
            top = ", ".join(f"{f}{c:+.2f}" for c, f in r["top"])
            print(
                f"{r['split']} {r['file']} {r['id']} strategic {r['p_final']:.3f} (own prior, "
                f"no rules {r['p_own']:.3f}) prior {r['prior']:.3f} (shift {r['shift']:+.2f}) "
                f"stage={r['stage']} title={r['title_dir']}\n    {parts}\n    {top}"
            )
    return 0


def run_variants(args) -> int:  # type: ignore[no-untyped-def]
    variants = [
        {k: float(x) for k, x in (kv.split("=") for kv in v.split(","))} for v in args.variant
    ]
    if args.keep:
        found = sorted(args.keep.glob("m*.json"), key=lambda p: int(p.stem[1:]))
        models = [(p.stem, p) for p in found]
    else:
        models = [("bundled", Path(args.model) if args.model else None)]
    totals: dict[tuple[int, str], list[dict[str, float]]] = defaultdict(list)
    for label, path in models:
        model = load_model(path) if path else load_model()
        for key, folder in _halves(args):
            labels_csv, split = SETS[key]
            base: dict[tuple[str, str], float] | None = None
            for index, variant in enumerate(variants):
                old = patched(variant)
                try:
                    rows = scan_half(model, folder, labels_csv, split)
                finally:
                    patched(old)
                got = half_numbers(rows)
                if base is None:
                    base = {(r[4], r[5]): r[3] for r in rows}
                moved = [r for r in rows if abs(base[(r[4], r[5])] - r[3]) > 1e-9]
                got["moved"] = len(moved)
                got["moved_strategic"] = sum(r[0] == "strategic" for r in moved)
                totals[(index, split)].append(got)
                print(
                    f"{label} {split} v{index}: F1 {got['f1']:.3f} ECE {got['ece']:.4f} Brier "
                    f"{got['brier']:.5f} NLL {got['nll']:.4f} called {got['called']} "
                    f"({got['right']}) uncertain {got['uncertain']} moved {got['moved']} "
                    f"({got['moved_strategic']} strategic)",
                    flush=True,
                )
    print(f"means over {len(models)} model(s) (called, uncertain, moved: summed):")
    for (index, split), got in sorted(totals.items()):
        n = len(got)

        def mean(key: str, got: list = got, n: int = n) -> float:
            return sum(g[key] for g in got) / n

        def total(key: str, got: list = got) -> int:
            return int(sum(g[key] for g in got))

        print(
            f"  v{index} {args.variant[index]}  {split}: F1 {mean('f1'):.4f} ECE "
            f"{mean('ece'):.4f}  Brier {mean('brier'):.5f}  NLL {mean('nll'):.4f}  called "
            f"{total('called')} ({total('right')})  uncertain {total('uncertain')}  moved "
            f"{total('moved')} ({total('moved_strategic')} strategic)"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model file (default: the bundled one)")
    parser.add_argument("--keep", type=Path, default=None, help="a real_dev_sweep --keep folder")
    parser.add_argument("--real", type=Path, default=bench.DEFAULT_DATA)
    parser.add_argument("--fresh", type=Path, default=None)
    parser.add_argument("--fresh2", type=Path, default=None)
    parser.add_argument("--fresh3", type=Path, default=None)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--variant", action="append", default=[], help="NAME=VALUE[,NAME=VALUE]")
    args = parser.parse_args(argv)
    if args.variant:
        return run_variants(args)
    return show_misses(load_model(Path(args.model)) if args.model else load_model(), args)


if __name__ == "__main__":
    raise SystemExit(main())
