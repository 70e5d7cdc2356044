"""What a change does to the reasons people read, on every real export (session 15).

``dump``: scan each export under the given folders as ``scan`` does (the bundled model, or
``--model``) and write one JSON line per item: file name, item id, label, confidence, the
reason's terms and the item's language (``models.language.item_language`` of the words the
model reads). Run it once on the code before a change and once after (``PYTHONPATH`` the
worktree each time). ``compare``: per file, how many items' reasons, terms and labels changed,
and which (by file name and id only: the exports' texts are not ours to copy), with the terms
before and after. Reads the exports; never writes into them.

    python research/reason_changes.py dump OUT.jsonl FOLDER [FOLDER ...] [--model PATH]
    python research/reason_changes.py compare BEFORE.jsonl AFTER.jsonl [--show N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzer.pipeline import read_board, scan_board  # noqa: E402
from models.classifier import load_model  # noqa: E402
from models.features import FeatureConfig, doc_text, words  # noqa: E402
from models.interface import ItemDoc  # noqa: E402

try:  # (the code before session 15 has no item_language: its dump says None)
    from models.language import item_language
except ImportError:  # pragma: no cover
    item_language = None  # type: ignore[assignment]
try:  # (session 16: a link's words do not vote)
    from models.language import link_free
except ImportError:  # pragma: no cover

    def link_free(text: str) -> str:
        return text


SUFFIXES = (".csv", ".json")


def exports(folders: list[Path]) -> list[Path]:
    return sorted(
        (p for folder in folders for p in folder.rglob("*") if p.suffix in SUFFIXES),
        key=lambda p: p.name,
    )


def dump(out: Path, folders: list[Path], model_path: str | None) -> None:
    model = load_model(model_path) if model_path else load_model()
    config = FeatureConfig()
    with out.open("w", encoding="utf-8") as handle:
        for path in exports(folders):
            board = read_board(path, activity_details=False)
            report = scan_board(board, model, threshold=0.6, origin=str(path))
            by_id = {item.id: item for item in board.items}
            for result in report.items:
                item = by_id.get(result.id)
                doc = ItemDoc(item.title or "", item.description or "") if item else ItemDoc("")
                row = {
                    "file": path.name,
                    "id": result.id,
                    "label": result.label,
                    "confidence": round(result.confidence, 3),
                    "terms": list(result.terms),
                    "reason": result.reason,
                    "language": item_language(words(link_free(doc_text(doc, config))))
                    if item_language
                    else None,
                }
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read(path: Path) -> dict[tuple[str, str], dict]:
    rows = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            rows[(row["file"], row["id"])] = row
    return rows


def compare(before: Path, after: Path, show: int) -> None:
    old, new = _read(before), _read(after)
    per_file: dict[str, Counter] = defaultdict(Counter)
    changed: list[tuple[str, str, dict, dict]] = []
    languages: Counter = Counter()
    for key, a in old.items():
        b = new.get(key)
        if b is None:
            continue
        counts = per_file[key[0]]
        counts["items"] += 1
        languages[b["language"]] += 1
        if a["reason"] != b["reason"]:
            counts["reason"] += 1
        if a["terms"] != b["terms"]:
            counts["terms"] += 1
            changed.append((key[0], key[1], a, b))
        if a["label"] != b["label"]:
            counts["label"] += 1
            counts[f"{a['label']}->{b['label']}"] += 1
    total: Counter = sum(per_file.values(), Counter())
    print(f"files {len(per_file)}  items {total['items']}  reasons changed {total['reason']}  ")
    print(f"terms changed {total['terms']}  labels changed {total['label']}")
    print("item languages:", dict(languages.most_common()))
    moves = {k: v for k, v in total.items() if "->" in k}
    print("label moves:", moves)
    for name, counts in sorted(per_file.items()):
        if counts["terms"] or counts["label"]:
            print(f"  {name}: items {counts['items']}  terms {counts['terms']}  ", end="")
            print(f"labels {counts['label']}")
    for name, item_id, a, b in changed[:show]:
        print(
            f"{name} {item_id} [{b['language']}] {a['label']} {a['confidence']} {a['terms']} -> "
            f"{b['label']} {b['confidence']} {b['terms']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("folders", type=Path, nargs="+")
    d.add_argument("--model", default=None)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=40)
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.out, args.folders, args.model)
    else:
        compare(args.before, args.after, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
