"""Session 25 (issue 12): the strategic seed words expanded offline — does teaching the model the
distilled table's neighbours of the strategic phrases' words find more strategic items on the
**dev** halves (real ``dev``, ``fresh-dev`` … ``fresh10-dev``; never a ``*-test`` half)?

``research/data/s25_seed_neighbours.csv`` lists, for 45 product-management words of the strategic
seed phrases (:data:`SEEDS`, from ``models/data/phrases.csv``; 37 have one), their nearest
neighbours among the commonest English words in session 24's distilled all-MiniLM-L6-v2 table
(d=256, cosine ≥ 0.6, at most ten, English frequency ≥ 1e-6; ``research/s24_distil.py``;
``--neighbours TABLE`` prints them), each reviewed by hand: ``kept`` when it names the seed's
product-management sense, ``no`` with why when it names delivery work, another sense or anything
at all (a sprint *goal*, an *issue*, a *vendor* library, people *retiring*, *eyesight*). Kept, it
is a small data list: no table at run time.

Used as **training vocabulary**: for each kept neighbour (``--only-new``: only those the bundled
model has no feature for), one strategic ticket — the first strategic seed phrase naming its seed
word, the seed replaced by the neighbour (:func:`substitution_tickets`) — added to the shipped
recipe (bundled data, and each of the eight template draws of ``research.real_dev_sweep``). Every
variant model scans every dev half as ``scan`` does; printed: found and false strategic calls
summed over the models, and macro-F1 per half (mean over the models), against the recipe
without the block. ``--ceiling`` only counts how many dev items of each group (misses, found,
false calls, right tactical calls; bundled model) hold a kept neighbour at all.

    python -m research.s25_seed_words [--only-new] [--seeds 12,1,…] [--cache DIR] [--ceiling]
    python -m research.s25_seed_words --title-rule      # lever 2: the rule's words
    python -m research.s25_seed_words --neighbours /tmp/s24-distil/table.npz   # the candidates

Prints item ids only, never a title.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from research.s25_seed_similarity import score  # noqa: E402

NEIGHBOURS = ROOT / "research" / "data" / "s25_seed_neighbours.csv"
WORD = re.compile(r"[a-z]+")
#: the strategic seed phrases' product-management content words whose neighbours were looked up
_SEED_TEXT = (
    "adoption analysis competition competitor executives financial goals industry initiative "
    "investments launch lifecycle market marketing metrics objectives opportunities partners "
    "performance problem problems research retirement return rival roadmap sales satisfaction "
    "stakeholder stakeholders strategy study success suppliers threats timeline trends unmet "
    "vendors vision business customer customers feedback priorities"
)
SEEDS = _SEED_TEXT.split()


def nearest(
    words: Sequence[str],
    rows: np.ndarray,
    freq: np.ndarray,
    seeds: Iterable[str],
    least: float = 0.6,
    most: int = 10,
    common: float = 1e-6,
) -> dict[str, list[tuple[str, float]]]:
    """seed -> its nearest table words (cosine of the unit rows at least ``least``, at most
    ``most``): alphabetic ASCII words of four letters or more with an English frequency of at
    least ``common``, the seed itself left out; a seed not in the table gets none."""
    unit = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    index = {w: i for i, w in enumerate(words)}
    fit = np.array(
        [
            w.isascii() and w.isalpha() and len(w) >= 4 and f >= common
            for w, f in zip(words, freq, strict=True)
        ]
    )
    out: dict[str, list[tuple[str, float]]] = {}
    for seed in seeds:
        if seed not in index:
            out[seed] = []
            continue
        cos = np.where(fit, unit @ unit[index[seed]], -1.0)
        cos[index[seed]] = -1.0
        best = np.argsort(-cos, kind="stable")[:most]
        out[seed] = [(words[j], float(cos[j])) for j in best if cos[j] >= least]
    return out


def read_neighbours(path: Path = NEIGHBOURS) -> dict[str, list[str]]:
    """seed word -> its kept neighbours, in file order."""
    out: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["kept"] == "yes":
                out[row["seed"]].append(row["neighbour"])
    return dict(out)


def substitution_tickets(
    phrases: Iterable[object], neighbours: Mapping[str, list[str]], skip: Iterable[str] = ()
) -> list[dict[str, str]]:
    """One strategic ticket per kept neighbour not in ``skip``: the first strategic phrase
    (``text``, ``label``, ``id``) naming its seed as a whole word, the seed replaced by it."""
    strategic = [p for p in phrases if p.label == "strategic"]  # type: ignore[attr-defined]
    skipped = set(skip)
    rows = []
    for seed, words in neighbours.items():
        pattern = re.compile(rf"\b{re.escape(seed)}\b", re.I)
        phrase = next((p for p in strategic if pattern.search(p.text)), None)  # type: ignore[attr-defined]
        if phrase is None:
            continue
        for word in words:
            if word in skipped:
                continue
            rows.append(
                {
                    "title": pattern.sub(word, phrase.text, count=1),  # type: ignore[attr-defined]
                    "description": "",
                    "label": "strategic",
                    "type": "",
                    "column": "",
                    "phrase_id": phrase.id,  # type: ignore[attr-defined]
                }
            )
    return rows


def write_tickets(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _group(r: dict) -> str:
    if r["true"] == "strategic":
        return "found" if r["label"] == "strategic" else "miss"
    return "false" if r["label"] == "strategic" else "right"


def ceiling(rows: list[dict], words: set[str]) -> Counter[str]:
    """How many items of each group hold one of ``words`` (needs the dev texts)."""
    from research.s25_seed_similarity import item_texts

    texts = item_texts()
    held: Counter[str] = Counter()
    for r in rows:
        if set(WORD.findall(texts[(r["file"], r["id"])].lower())) & words:
            held[_group(r)] += 1
    return held


def totals(rows: list[dict]) -> dict:
    """found (strategic items called strategic), false calls and macro-F1 per half (mean over
    the models) of a set of scans: :func:`score` of the scans' labels against none called."""
    return score([{**r, "label": "tactical", "was": r["label"]} for r in rows], lambda r: r["was"])


#: Lever 2 (the list as a rule's vocabulary): kept neighbours and seeds that name direction work
#: in a title, added to the session-17 title-direction re-read's words (``models.rules``'
#: ``_TITLE_DIRECTION``) — not the words that rule leaves out on purpose ("goals", "metrics",
#: "vision", "strategic") nor any a delivery title uses alone (launch, market, partner, finance).
TITLE_WORDS = (
    "competitor",
    "competitors",
    "competition",
    "competitive",
    "competitiveness",
    "compete",
    "competes",
    "rivals",
    "rivalry",
    "investor",
    "investors",
    "investment",
    "investments",
    "partnership",
    "partnerships",
    "stakeholder",
    "stakeholders",
    "industries",
    "initiatives",
    "marketers",
    "advertising",
    "opportunities",
    "threats",
    "consumers",
    "timelines",
    "strategically",
    "executives",
    "ceos",
    "financials",
    "satisfaction",
    "dissatisfaction",
)


def widened_title_test(words: Iterable[str] = TITLE_WORDS):  # type: ignore[no-untyped-def]
    """``models.rules.title_names_direction`` that also says yes to a title naming one of
    ``words`` (folded, lower case, whole words), and the word pieces its screen needs."""
    import models.rules as rules
    from models.language import fold_accents

    shipped = rules.title_names_direction
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")\b")

    def names(title: str | None) -> bool:
        return shipped(title) or bool(title and pattern.search(fold_accents(title).lower()))

    return names, (*rules.TITLE_DIRECTION_PIECES, *words)


def main(argv: list[str] | None = None) -> int:
    from models import train
    from research.halves import model_names
    from research.real_dev_sweep import train_draw
    from research.s25_seed_similarity import scan_rows

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="12,1,2,3,4,5,6,7")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/s25-recall/cache"))
    parser.add_argument("--only-new", action="store_true")
    parser.add_argument("--ceiling", action="store_true")
    parser.add_argument("--title-rule", action="store_true", help="lever 2: the rule's words")
    parser.add_argument("--neighbours", type=Path, default=None, help="a distilled table (.npz)")
    args = parser.parse_args(argv)
    if args.neighbours is not None:
        table = np.load(args.neighbours)
        found = nearest(
            list(table["words"]), table["rows"].astype(np.float64), table["freq"], SEEDS
        )
        for seed, near in found.items():
            print(f"{seed}: " + ", ".join(f"{w} {c:.2f}" for w, c in near))
        return 0
    neighbours = read_neighbours()
    base_rows: list[dict] = []
    for name, _ in model_names(args.seeds, bundled=True):
        cached = args.cache / f"rows-{name}.json"
        if not cached.exists():
            print(f"{cached}: run research.s25_seed_similarity first (the scans without a block)")
            return 0
        base_rows += json.loads(cached.read_text())
    from models.classifier import load_model

    vocabulary = load_model().vocabulary
    kept = {w for words in neighbours.values() for w in words}
    if args.ceiling:
        rows = [r for r in base_rows if r["model"] == "bundled"]
        print(f"kept neighbours {len(kept)}, the bundled model lacks {len(kept - set(vocabulary))}")
        print("items holding a kept neighbour:", dict(ceiling(rows, kept)))
        print("… one the model lacks:", dict(ceiling(rows, kept - set(vocabulary))))
        return 0
    skip = set(vocabulary) if args.only_new else set()
    block = substitution_tickets(train.read_phrases(train.PHRASES_CSV), neighbours, skip)
    tag = "title" if args.title_rule else "new" if args.only_new else "all"
    extra = args.cache / f"s25-words-{tag}.csv"
    if args.title_rule:
        import models.rules as rules

        rules.title_names_direction, rules.TITLE_DIRECTION_PIECES = widened_title_test()
        print(f"title re-read words: + {len(TITLE_WORDS)}")
    else:
        write_tickets(block, extra)
        print(f"block: {len(block)} strategic tickets -> {extra}")
    what_for = {"title": "title words", "new": "block (new words)", "all": "block (all kept)"}
    variant_rows: list[dict] = []
    for name, seed in model_names(args.seeds, bundled=True):
        cached = args.cache / f"rows-{tag}-{name}.json"
        if args.title_rule and not cached.exists():
            path = None if seed is None else args.cache / f"m{seed}.json"
            cached.write_text(json.dumps(scan_rows(path, name)))
        elif not cached.exists():
            path = args.cache / f"{tag}-{name}.json"
            if seed is None:
                model = train.train_model(
                    train.read_phrases(train.PHRASES_CSV),
                    seed=train.DEFAULT_SEED,
                    labels=train.DEFAULT_LABELS,
                    tickets=train.read_default_tickets() + train.read_tickets(extra),
                    config=train.DEFAULT_CONFIG,
                    prior=train.DEFAULT_PRIOR,
                )
            else:
                model = train_draw(seed, extra)
            model.save(path)
            cached.write_text(json.dumps(scan_rows(path, name)))
        variant_rows += json.loads(cached.read_text())
    for scope, keep in (("bundled", lambda r: r["model"] == "bundled"), ("all", lambda r: True)):
        for what, rows in (("recipe", base_rows), (f"+ {what_for[tag]}", variant_rows)):
            s = totals([r for r in rows if keep(r)])
            per = " ".join(f"{h}:{v:.3f}" for h, v in sorted(s["f1"].items()))
            print(
                f"{scope} {what}: found {s['found']}, false calls {s['false']}, real dev "
                f"{s['real']:.3f}, fresh mean {s['fresh']:.3f} | {per}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
