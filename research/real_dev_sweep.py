"""Model variants on the real boards' **dev** half, paired over several template-corpus draws.

One draw of ``research/delivery_corpus.py`` moves real dev macro-F1 by about ±0.016, so a variant
is compared with the shipped recipe on the same draws (``--seeds``): same phrases, hand-written
tickets and template seeds, one change. Prints, per draw, real dev macro-F1, accuracy, ECE, the
largest per-file share error, files within 10 points, the half's surest strategic items, and the
synthetic dev macro-F1; then the means. Never reads the test half (the benchmark runs with
``--split dev``). Needs ``../shared/realdata``.

    python -m research.real_dev_sweep [--seeds 12,1,2,3] [--neutral-lists] [--extra CSV]
                                      [--show] [--patch NAME=VALUE ...] [--fresh FOLDER]
                                      [--fresh2 FOLDER] [--fresh3 FOLDER] [--fresh4 FOLDER]
                                      [--fresh5 FOLDER] [--fresh6 FOLDER] [--fresh7 FOLDER]
                                      [--fresh8 FOLDER] [--fresh9 FOLDER] [--fresh10 FOLDER]
                                      [--damping NAME] [--keep FOLDER]

- ``--fresh FOLDER``: also score session 10's fresh boards' **fresh-dev** half (never fresh-test),
  e.g. ``--fresh /work/freshdata``; ``--fresh2 FOLDER`` likewise session 11's second fresh set's
  **fresh2-dev** half (never fresh2-test), e.g. ``--fresh2 /work/freshdata2``; ``--fresh3
  FOLDER`` session 12's third fresh set's **fresh3-dev** half (never fresh3-test), e.g.
  ``--fresh3 /work/freshdata3``; ``--fresh4 FOLDER`` session 13's fourth set's **fresh4-dev**
  half (never fresh4-test); ``--fresh5 FOLDER`` session 14's fifth set's **fresh5-dev** half
  (never fresh5-test); ``--fresh6 FOLDER`` session 15's sixth set's **fresh6-dev** half (never
  fresh6-test); ``--fresh7 FOLDER`` session 16's seventh set's **fresh7-dev** half (never
  fresh7-test); ``--fresh8 FOLDER`` session 17's eighth set's **fresh8-dev** half (never
  fresh8-test); ``--fresh9 FOLDER`` session 19's ninth set's **fresh9-dev** half (never
  fresh9-test); ``--fresh10 FOLDER`` session 21's tenth set's **fresh10-dev** half (never
  fresh10-test). The last line sums what was found (strategic by the labels)
  and the false strategic calls over the draws and the halves scored.
- ``--damping NAME``: a variant of the board's common-word damping (``research.board_damping``).
- ``--keep FOLDER``: keep each draw's trained model there and reuse it on the next run (a rule
  change needs no retraining; remove the folder when the training data or recipe change).

- ``--neutral-lists``: list names that say where an item is in its life (Done, Backlog, To Do,
  Archive and their es/fr/de/pt names, ``STATUS_LIST_WORDS``) are no feature at all.
- ``--extra CSV``: more training tickets (``title,description,label,type,column,phrase_id``),
  e.g. ``research/data/es_pt_tickets.csv`` (delivery and direction items in Spanish and
  Portuguese, our own words).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import benchmarks.bench_real_boards as bench  # noqa: E402
import models._reading as reading  # noqa: E402
import models.classifier as classifier  # noqa: E402
import models.features as features  # noqa: E402
import models.rules as rules  # noqa: E402
from models import train  # noqa: E402
from models.evaluate import evaluate, read_labelled  # noqa: E402
from research import board_damping, delivery_corpus, halves  # noqa: E402

#: result-key prefix, labels and dev split of each fresh set (their test halves are never run)
FRESH_SETS = halves.FRESH_SETS
(
    FRESH_LABELS,
    FRESH2_LABELS,
    FRESH3_LABELS,
    FRESH4_LABELS,
    FRESH5_LABELS,
    FRESH6_LABELS,
    FRESH7_LABELS,
    FRESH8_LABELS,
    FRESH9_LABELS,
    FRESH10_LABELS,
    FRESH11_LABELS,
    FRESH12_LABELS,
    FRESH13_LABELS,
    FRESH14_LABELS,
    FRESH15_LABELS,
) = (labels for labels, _ in FRESH_SETS.values())

_STATUS_WORDS = (
    "done backlog todo archive archived complete completed finished closed icebox "
    "terminado terminados hecho hechos completado completados finalizado finalizados cerrado "
    "cerrados pendiente pendientes hacer archivo archivado archivados "
    "termine terminee termines fait faits faire archives clos fermes "
    "erledigt erledigen fertig abgeschlossen archiv archiviert "
    "concluido concluidos feito feitos fazer pendente pendentes arquivo arquivado"
)
STATUS_LIST_WORDS = frozenset(_STATUS_WORDS.split())
_ORIGINAL = features.structure_features


def _neutral_structure(doc, singular_names=False):  # type: ignore[no-untyped-def]
    return [
        f
        for f in _ORIGINAL(doc, singular_names)
        if not (f.startswith("column:") and f[len("column:") :] in STATUS_LIST_WORDS)
    ]


def use_neutral_lists(on: bool) -> None:
    chosen = _neutral_structure if on else _ORIGINAL
    features.structure_features = chosen  # what features.meta_features calls (training)
    reading.structure_features = chosen  # what the batch path calls (prediction)


def _tickets(rows: list[dict[str, str]]) -> list[train.Ticket]:
    return [
        train.Ticket(
            title=r["title"],
            label=r["label"],
            description=r.get("description", ""),
            type=r.get("type") or None,
            column=r.get("column") or None,
            phrase_id=r.get("phrase_id", ""),
        )
        for r in rows
    ]


def train_draw(seed: int, extra: Path | None = None):  # type: ignore[no-untyped-def]
    """The shipped recipe trained on one template-corpus draw (plus ``extra`` tickets)."""
    tickets = train.read_tickets(train.TICKETS_CSV) + _tickets(delivery_corpus.rows(seed))
    if extra is not None:
        tickets += train.read_tickets(extra)
    return train.train_model(
        train.read_phrases(train.PHRASES_CSV),
        seed=train.DEFAULT_SEED,
        labels=train.DEFAULT_LABELS,
        tickets=tickets,
        config=train.DEFAULT_CONFIG,
        prior=train.DEFAULT_PRIOR,
    )


def _numbers(text: str, split: str) -> dict[str, object]:
    """The benchmark's printed numbers for one split."""
    head = re.search(
        rf"\[{split}\] items .*?macro-F1 ([\d.]+)\s+accuracy ([\d.]+)\s+ECE ([\d.]+)", text
    )
    tail = re.search(
        rf"\[{split}\] share error: mean ([\d.]+) pts, max ([\d.]+) pts, files within 10 pts "
        r"(\d+/\d+).*labels: (\d+/\d+)",
        text,
    )
    called = re.search(rf"\[{split}\] called strategic (\d+), strategic by the labels (\d+)", text)
    files = dict(re.findall(rf"\[{split}\]\s+(\S+)\s+n=.*?\(diff\s+([+-][\d.]+) pts\)", text))
    if head is None or tail is None or called is None:
        raise SystemExit(f"the real-board benchmark printed no {split} numbers (no data?)")
    return {
        "real_f1": float(head[1]),
        "accuracy": float(head[2]),
        "ece": float(head[3]),
        "share_mean": float(tail[1]),
        "share_max": float(tail[2]),
        "within": tail[3],
        "surest": tail[4],
        "called": f"{called[2]}/{called[1]}",
        "uncertain": float(re.search(rf"\[{split}\] items .*uncertain ([\d.]+)%", text)[1]),
        "diffs": {k.split("_")[0]: float(v) for k, v in files.items() if float(v) != 0.0},
    }


def run_one(
    seed: int,
    extra: Path | None,
    out: Path,
    show: bool,
    fresh: Path | None = None,
    fresh2: Path | None = None,
    fresh3: Path | None = None,
    fresh4: Path | None = None,
    fresh5: Path | None = None,
    fresh6: Path | None = None,
    fresh7: Path | None = None,
    fresh8: Path | None = None,
    fresh9: Path | None = None,
    fresh10: Path | None = None,
) -> dict[str, object]:
    """One draw: real dev numbers, the synthetic dev macro-F1, and with ``fresh`` (the folder of
    session 10's fresh boards) the fresh-dev half's numbers as ``fresh_*``, with ``fresh2``
    (session 11's) the fresh2-dev half's as ``fresh2_*``, with ``fresh3`` (session 12's) the
    fresh3-dev half's as ``fresh3_*``, with ``fresh4`` (session 13's) the fresh4-dev
    half's as ``fresh4_*``, with ``fresh5`` (session 14's) the fresh5-dev half's as
    ``fresh5_*``, with ``fresh6`` (session 15's) the fresh6-dev half's as ``fresh6_*``,
    with ``fresh7`` (session 16's) the fresh7-dev half's as ``fresh7_*``, with ``fresh8``
    (session 17's) the fresh8-dev half's as ``fresh8_*``, with ``fresh9`` (session 19's) the
    fresh9-dev half's as ``fresh9_*``, with ``fresh10`` (session 21's) the fresh10-dev half's as
    ``fresh10_*``. A
    model already saved at ``out`` is reused (``--keep``: rule changes need no retraining)."""
    if out.exists():
        model = classifier.LinearRoleModel.load(out)
    else:
        model = train_draw(seed, extra)
        model.save(out)
    synthetic = evaluate(model, read_labelled(ROOT / "models" / "eval" / "items.csv", "dev"))
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        bench.main(["--split", "dev", "--model", str(out)] + (["--errors"] if show else []))
    text = buf.getvalue()
    if show:
        print("\n".join(x for x in text.splitlines() if x.startswith(("[dev]", "  dev error"))))
    result: dict[str, object] = {"seed": seed, **_numbers(text, "dev")}
    result["synthetic_f1"] = synthetic.macro_f1
    sets = (
        ("fresh", fresh),
        ("fresh2", fresh2),
        ("fresh3", fresh3),
        ("fresh4", fresh4),
        ("fresh5", fresh5),
        ("fresh6", fresh6),
        ("fresh7", fresh7),
        ("fresh8", fresh8),
        ("fresh9", fresh9),
        ("fresh10", fresh10),
    )
    for prefix, folder in sets:
        if folder is None:
            continue
        labels, split = FRESH_SETS[prefix]
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            bench.main(
                ["--data", str(folder), "--labels", str(labels), "--split", split]
                + ["--model", str(out)]
                + (["--errors"] if show else [])
            )
        text = buf.getvalue()
        if show:
            print(
                "\n".join(
                    x for x in text.splitlines() if x.startswith((f"[{split}]", f"  {split} error"))
                )
            )
        result.update({f"{prefix}_{k}": v for k, v in _numbers(text, split).items()})
    return result


def _sum_pairs(pairs) -> str:  # type: ignore[no-untyped-def]
    """ "a/b" strings summed: "3/4", "1/2" -> "4/6"."""
    got = [tuple(int(x) for x in p.split("/")) for p in pairs]
    return f"{sum(a for a, _ in got)}/{sum(b for _, b in got)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="12,1,2,3", help="template-corpus draws (12: shipped)")
    parser.add_argument("--neutral-lists", action="store_true")
    parser.add_argument("--extra", type=Path, default=None)
    parser.add_argument("--show", action="store_true", help="per-file lines and dev errors")
    parser.add_argument(
        "--fresh",
        type=Path,
        default=None,
        help="folder of session 10's fresh boards: score their fresh-dev half too",
    )
    parser.add_argument(
        "--fresh2",
        type=Path,
        default=None,
        help="folder of session 11's second fresh set: score its fresh2-dev half too",
    )
    parser.add_argument(
        "--fresh3",
        type=Path,
        default=None,
        help="folder of session 12's third fresh set: score its fresh3-dev half too",
    )
    parser.add_argument(
        "--fresh4",
        type=Path,
        default=None,
        help="folder of session 13's fourth fresh set: score its fresh4-dev half too",
    )
    parser.add_argument(
        "--fresh5",
        type=Path,
        default=None,
        help="folder of session 14's fifth fresh set: score its fresh5-dev half too",
    )
    parser.add_argument(
        "--fresh6",
        type=Path,
        default=None,
        help="folder of session 15's sixth fresh set: score its fresh6-dev half too",
    )
    parser.add_argument(
        "--fresh7",
        type=Path,
        default=None,
        help="folder of session 16's seventh fresh set: score its fresh7-dev half too",
    )
    parser.add_argument(
        "--fresh8",
        type=Path,
        default=None,
        help="folder of session 17's eighth fresh set: score its fresh8-dev half too",
    )
    parser.add_argument(
        "--fresh9",
        type=Path,
        default=None,
        help="folder of session 19's ninth fresh set: score its fresh9-dev half too",
    )
    parser.add_argument(
        "--fresh10",
        type=Path,
        default=None,
        help="folder of session 21's tenth fresh set: score its fresh10-dev half too",
    )
    parser.add_argument(
        "--damping",
        default="shipped",
        help="a variant of the board's common-word damping (research.board_damping)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="folder to keep (and reuse) each draw's model in: rule changes need no retraining",
    )
    parser.add_argument(
        "--patch",
        action="append",
        default=[],
        help="NAME=VALUE: a constant of models.rules (and models.classifier's copy) set for the "
        "run, e.g. BOARD_PRIOR_STRENGTH=20",
    )
    args = parser.parse_args(argv)
    use_neutral_lists(args.neutral_lists)
    if args.damping != "shipped":
        board_damping.install(args.damping)
    for patch in args.patch:
        name, value = patch.split("=", 1)
        if not hasattr(rules, name):
            raise SystemExit(f"models.rules has no {name}")
        for module in (rules, classifier):
            if hasattr(module, name):
                setattr(module, name, type(getattr(rules, name))(value))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(args.keep or tmp)
        where.mkdir(parents=True, exist_ok=True)
        for seed in (int(s) for s in args.seeds.split(",")):
            results.append(
                run_one(
                    seed,
                    args.extra,
                    where / f"m{seed}.json",
                    args.show,
                    args.fresh,
                    args.fresh2,
                    args.fresh3,
                    args.fresh4,
                    args.fresh5,
                    args.fresh6,
                    args.fresh7,
                    args.fresh8,
                    args.fresh9,
                    args.fresh10,
                )
            )
            print(results[-1])
    keys = ("real_f1", "accuracy", "ece", "share_mean", "share_max", "synthetic_f1")
    mean = {k: statistics.mean(r[k] for r in results) for k in keys}
    print(
        f"mean over {len(results)} draws: real dev macro-F1 {mean['real_f1']:.3f}  "
        f"accuracy {mean['accuracy']:.3f}  ECE {mean['ece']:.3f}  share error mean "
        f"{mean['share_mean']:.2f} / max {mean['share_max']:.2f} pts (worst draw "
        f"{max(r['share_max'] for r in results):.1f})  synthetic dev macro-F1 "
        f"{mean['synthetic_f1']:.3f}  surest {_sum_pairs(r['surest'] for r in results)}  "
        f"called strategic (right/called) {_sum_pairs(r['called'] for r in results)}"
    )
    found, called = (int(x) for x in _sum_pairs(r["called"] for r in results).split("/"))
    scored = (
        ("fresh", args.fresh),
        ("fresh2", args.fresh2),
        ("fresh3", args.fresh3),
        ("fresh4", args.fresh4),
        ("fresh5", args.fresh5),
        ("fresh6", args.fresh6),
        ("fresh7", args.fresh7),
        ("fresh8", args.fresh8),
        ("fresh9", args.fresh9),
        ("fresh10", args.fresh10),
    )
    for prefix, folder in scored:
        if folder is None:
            continue
        right, all_ = (
            int(x) for x in _sum_pairs(r[f"{prefix}_called"] for r in results).split("/")
        )
        found, called = found + right, called + all_
        fmean = {k: statistics.mean(r[f"{prefix}_{k}"] for r in results) for k in keys[:-1]}
        print(
            f"mean over {len(results)} draws: {FRESH_SETS[prefix][1]} macro-F1 "
            f"{fmean['real_f1']:.3f}  accuracy {fmean['accuracy']:.3f}  ECE {fmean['ece']:.3f}  "
            f"share error mean {fmean['share_mean']:.2f} / max {fmean['share_max']:.2f} pts "
            f"(worst draw {max(r[f'{prefix}_share_max'] for r in results):.1f})  "
            f"surest {_sum_pairs(r[f'{prefix}_surest'] for r in results)}  "
            f"called strategic (right/called) {_sum_pairs(r[f'{prefix}_called'] for r in results)}"
        )
    print(
        f"over {len(results)} draws and the halves scored: found (strategic by the labels) "
        f"{found}, false strategic calls {called - found}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
