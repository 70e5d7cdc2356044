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
                                      [--fresh11 FOLDER] ... [--fresh15 FOLDER] [--all-fresh]
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
  fresh10-test); ``--fresh11`` … ``--fresh15`` session 33's five sets' dev halves likewise (never a
  test half). ``--all-fresh``: every fresh set whose folder is present (``research.halves``:
  /work/freshdata, /work/freshdata2, …), dev halves only; a ``--freshN FOLDER`` given names that
  set's folder instead. The last lines sum what was found (strategic by the labels) and the false
  strategic calls over the draws and the halves scored: over every half, then over the old halves
  (real dev, fresh-dev … fresh10-dev) and the new ones (fresh11-dev … fresh15-dev) apart.
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
    folders: dict[str, Path] | None = None,
) -> dict[str, object]:
    """One draw: real dev numbers, the synthetic dev macro-F1, and for each fresh set of
    ``folders`` (``{"fresh": /work/freshdata, "fresh2": ..., ...}``, keys of :data:`FRESH_SETS`)
    that set's **dev** half's numbers as ``<set>_*`` (``fresh_*``, ``fresh2_*``, ...). A model
    already saved at ``out`` is reused (``--keep``: rule changes need no retraining)."""
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
    for prefix, folder in (folders or {}).items():
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


#: the fresh sets labelled in session 33 (fresh11 … fresh15); the sets before them are "old"
NEW_SETS = ("fresh11", "fresh12", "fresh13", "fresh14", "fresh15")


def fresh_folders(args: argparse.Namespace) -> dict[str, Path]:
    """``{set: folder}`` of the fresh sets a run scores: each ``--freshN FOLDER`` given and, with
    ``--all-fresh``, every other set whose folder (``research.halves.fresh_folder``) is present."""
    folders: dict[str, Path] = {}
    for prefix in FRESH_SETS:
        given = getattr(args, prefix)
        if given is not None:
            folders[prefix] = given
        elif args.all_fresh and halves.fresh_folder(prefix).is_dir():
            folders[prefix] = halves.fresh_folder(prefix)
    return folders


def found_lines(results: list[dict[str, object]], prefixes: list[str]) -> list[str]:
    """The summary lines: found (strategic by the labels) and false strategic calls summed over
    the draws and every half scored (real dev always), then over the old halves (real dev and the
    fresh sets before fresh11) and the new ones (fresh11 …) apart when both were scored."""

    def total(keys: list[str]) -> tuple[int, int]:
        right, called = (
            int(x) for x in _sum_pairs(str(r[k]) for r in results for k in keys).split("/")
        )
        return right, called - right

    old = ["called"] + [f"{p}_called" for p in prefixes if p not in NEW_SETS]
    new = [f"{p}_called" for p in prefixes if p in NEW_SETS]
    found, false = total(old + new)
    lines = [
        f"over {len(results)} draws and the halves scored: found (strategic by the labels) "
        f"{found}, false strategic calls {false}"
    ]
    if new:
        for name, keys in (("old halves", old), ("new halves", new)):
            found, false = total(keys)
            lines.append(
                f"over {len(results)} draws, {name} ({len(keys)}): found {found}, "
                f"false strategic calls {false}"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="12,1,2,3", help="template-corpus draws (12: shipped)")
    parser.add_argument("--neutral-lists", action="store_true")
    parser.add_argument("--extra", type=Path, default=None)
    parser.add_argument("--show", action="store_true", help="per-file lines and dev errors")
    for prefix in FRESH_SETS:
        parser.add_argument(
            f"--{prefix}",
            type=Path,
            default=None,
            help=f"folder of fresh set {prefix}: score its {FRESH_SETS[prefix][1]} half too",
        )
    parser.add_argument(
        "--all-fresh",
        action="store_true",
        help="score every fresh set's dev half whose folder is present (/work/freshdata*)",
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
    folders = fresh_folders(args)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(args.keep or tmp)
        where.mkdir(parents=True, exist_ok=True)
        for seed in (int(s) for s in args.seeds.split(",")):
            results.append(run_one(seed, args.extra, where / f"m{seed}.json", args.show, folders))
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
    for prefix in folders:
        fmean = {k: statistics.mean(r[f"{prefix}_{k}"] for r in results) for k in keys[:-1]}
        print(
            f"mean over {len(results)} draws: {FRESH_SETS[prefix][1]} macro-F1 "
            f"{fmean['real_f1']:.3f}  accuracy {fmean['accuracy']:.3f}  ECE {fmean['ece']:.3f}  "
            f"share error mean {fmean['share_mean']:.2f} / max {fmean['share_max']:.2f} pts "
            f"(worst draw {max(r[f'{prefix}_share_max'] for r in results):.1f})  "
            f"surest {_sum_pairs(r[f'{prefix}_surest'] for r in results)}  "
            f"called strategic (right/called) {_sum_pairs(r[f'{prefix}_called'] for r in results)}"
        )
    for line in found_lines(results, list(folders)):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
