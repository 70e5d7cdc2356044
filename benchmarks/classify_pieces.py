"""Where a scan's classify stage goes, piece by piece, in instructions (a benchmark, issue 16).

``count_instructions.py`` counts the whole stage; callgrind alone names only C functions (the
interpreter, numpy's kernels, ``sre``), not the Python method they ran for. Here each piece —
a Python method or function of the stage (the words read, the word table, the rules, the
research re-read, the reasons, the board prior, the descriptions' forgetting …) — is run
inside a C function of its own (``piece_NNN``, one per call path, from a small library
compiled with ``gcc`` into a temporary folder), so callgrind's inclusive cost of that symbol
is the piece's instructions, its callees included. The scan runs as ``scan FILE`` runs it
(``scan_file``: the read, ``classify_items`` with ``as_columns`` and the forgetting after each
batch); counting is on for ``classify_items`` only. The tree printed gives each path's
instructions, its share of the stage and its own (less its pieces')::

    python benchmarks/classify_pieces.py /tmp/distinct-20k.csv --tree /work/main

Each wrapped call costs a few thousand instructions of its own (a ``ctypes`` call and
callback), counted in its caller: wrap per-batch methods, not per-item ones. ``--keep DIR``
keeps the callgrind output and the path of each symbol; ``callgrind_annotate
--toggle-collect`` on one ``piece_NNN`` (run valgrind by hand with ``--toggle-collect``) then
says which C functions that piece ran. Needs ``valgrind`` (with its headers) and ``gcc``;
≈ 1 min for 20k items, 4–5 min for 100k (session 34).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "POLARS_MAX_THREADS"):
    os.environ.setdefault(_var, "1")

_PIECES = 256  # call paths the library can tell apart

#: (module, owner or None, attribute): the pieces wrapped, each named by its attribute.
WRAPPED = (
    ("analyzer.pipeline", None, "forget_descriptions_of"),
    ("analyzer.pipeline", None, "board_prior_of"),
    ("models._scan_predictions", "ScanPredictions", "predict"),
    *(
        ("models.classifier", "LinearRoleModel", name)
        for name in (
            "predict_batch",
            "_batch",
            "_transform_with_titles",
            "_pairs",
            "_split_pairs",
            "_tfidf",
            "_own_words_out",
            "_meta_columns",
            "_story_rows",
            "_ruled",
            "_word_evidence",
            "_list_only",
            "_holds_may_move",
            "_title_holds_taken",
            "decision",
            "_title_checked",
            "_title_rules",
            "_research_read_again",
            "_second_reading",
            "_top_terms",
            "_searched",
            "_phrase_candidates",
            "_nearest",
            "_quoted_phrases",
            "_unread_rows",
            "estimate_prior",
        )
    ),
    ("models._reading", None, "doc_texts"),
    ("models._reading", None, "_batch_bytes"),
    ("models._reading", None, "link_votes"),
    ("models._fastpath", "WordTable", "ids"),
    ("models._rules_applied", None, "direction_held"),
    ("models._rules_applied", None, "calibrated"),
    ("models._rules_applied", None, "_board_weighted"),
    ("models.rules", None, "research_rows"),
)


def _library(folder: Path) -> Path:
    """The pieces' library: ``enter(k, callback)`` calls ``callback`` inside ``piece_k`` (a plain
    C call, so callgrind sees the symbol entered); ``on``/``off`` start and stop counting."""
    lines = ["#include <valgrind/callgrind.h>", "typedef void (*cb_t)(void);"]
    lines += [
        f'__attribute__((noinline)) void piece_{k:03d}(cb_t cb) {{ cb(); __asm__ volatile(""); }}'
        for k in range(_PIECES)
    ]
    lines.append(
        "static void (*table[])(cb_t) = {"
        + ",".join(f"piece_{k:03d}" for k in range(_PIECES))
        + "};"
    )
    lines.append("void enter(int k, cb_t cb) { table[k](cb); }")
    lines.append("void on(void) { CALLGRIND_START_INSTRUMENTATION; }")
    lines.append("void off(void) { CALLGRIND_STOP_INSTRUMENTATION; }")
    source, library = folder / "pieces.c", folder / "libpieces.so"
    source.write_text("\n".join(lines) + "\n")
    subprocess.run(
        ["gcc", "-O1", "-shared", "-fPIC", "-o", str(library), str(source)],
        check=True,
        capture_output=True,
    )
    return library


def child(path: str, library: str, paths_out: str) -> None:
    """In the counted process: wrap the pieces, scan ``path`` (counting on for
    ``classify_items`` only), then write each symbol's call path to ``paths_out``."""
    import ctypes
    import importlib
    import inspect

    sys.path.insert(0, os.getcwd())
    lib = ctypes.CDLL(library)
    callback = ctypes.CFUNCTYPE(None)
    ids: dict[tuple[str, ...], int] = {}
    stack: list[str] = []

    def wrap(function, name: str):
        def wrapper(*args, **kwargs):
            key = (*stack, name)
            k = ids.setdefault(key, len(ids))
            if k >= _PIECES:
                return function(*args, **kwargs)
            box: list[tuple[bool, object]] = []

            def run() -> None:
                stack.append(name)
                try:
                    box.append((True, function(*args, **kwargs)))
                except BaseException as error:  # handed back to the caller below
                    box.append((False, error))
                finally:
                    stack.pop()

            lib.enter(k, callback(run))
            done, value = box[0]
            if done:
                return value
            raise value  # type: ignore[misc]

        return wrapper

    for module_name, owner_name, attribute in WRAPPED:
        module = importlib.import_module(module_name)
        owner = module if owner_name is None else getattr(module, owner_name)
        raw = inspect.getattr_static(owner, attribute, None)
        if raw is None:
            continue
        name = (
            attribute
            if owner_name is None or attribute.startswith("_")
            else f"{owner_name}.{attribute}"
        )
        if isinstance(raw, staticmethod):
            setattr(owner, attribute, staticmethod(wrap(raw.__func__, name)))
        else:
            setattr(owner, attribute, wrap(getattr(owner, attribute), name))

    import gc

    import analyzer.pipeline as pipeline

    classify = pipeline.classify_items

    def stage(*args, **kwargs):
        gc.collect()
        lib.on()
        try:
            return classify(*args, **kwargs)
        finally:
            lib.off()

    pipeline.classify_items = wrap(stage, "stage")
    pipeline.scan_file(path)
    Path(paths_out).write_text(
        json.dumps({f"piece_{k:03d}": list(key) for key, k in ids.items() if k < _PIECES})
    )


def tree_lines(annotated: str, paths: dict[str, list[str]]) -> list[str]:
    """The pieces as a tree (``callgrind_annotate --inclusive=yes`` output, each symbol's
    path): instructions, share of the stage, and own instructions (less its pieces')."""
    inclusive: dict[str, int] = {}
    for line in annotated.splitlines():
        found = re.match(r"\s*([\d,]+) \([^)]*\)\s+\S*:(piece_\d{3})\b", line)
        if found:
            inclusive[found.group(2)] = int(found.group(1).replace(",", ""))
    totals = re.search(r"([\d,]+) \(100.0%\)\s+PROGRAM TOTALS", annotated)
    costs = {tuple(path): inclusive.get(symbol, 0) for symbol, path in paths.items()}
    root = ("stage",)
    # (the stage's own symbol is entered before counting starts: the totals are its cost)
    costs[root] = int(totals.group(1).replace(",", "")) if totals else costs.get(root, 0)
    total = costs[root] or 1
    out: list[str] = []

    def show(path: tuple[str, ...], depth: int) -> None:
        kids = sorted(
            (p for p in costs if len(p) == len(path) + 1 and p[: len(path)] == path),
            key=lambda p: -costs[p],
        )
        own = costs[path] - sum(costs[p] for p in kids)
        out.append(
            f"{'  ' * depth}{path[-1]:<{40 - 2 * depth}} {costs[path] / 1e6:10.1f} M "
            f"{100 * costs[path] / total:5.1f} %   own {own / 1e6:9.1f} M "
            f"{100 * own / total:5.1f} %"
        )
        for kid in kids:
            show(kid, depth + 1)

    show(root, 0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="an export (Jira CSV/JSON, Trello JSON)")
    parser.add_argument("--tree", type=Path, default=Path.cwd(), help="the checkout counted")
    parser.add_argument("--keep", type=Path, help="a folder to keep the callgrind output in")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.file, *args.child)
        return
    for tool in ("valgrind", "callgrind_annotate", "gcc"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (Debian: apt install valgrind gcc)")
    tree = args.tree.resolve()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        try:
            library = _library(folder)
        except subprocess.CalledProcessError as error:
            raise SystemExit(f"gcc could not build the pieces' library: {error.stderr!r}") from None
        counted, paths = folder / "stage.callgrind", folder / "paths.json"
        argv = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={counted}",
            sys.executable,
            str(Path(__file__).resolve()),
            str(Path(args.file).resolve()),
            "--child",
            str(library),
            str(paths),
        ]
        env = {**os.environ, "PYTHONPATH": str(tree)}
        done = subprocess.run(argv, cwd=tree, env=env, stderr=subprocess.DEVNULL, check=False)
        if done.returncode or not paths.exists():
            raise SystemExit(f"{tree}: the counted scan failed ({done.returncode})")
        annotated = subprocess.run(
            ["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(counted)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        named = json.loads(paths.read_text())
        print("\n".join(tree_lines(annotated, named)))
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(counted, args.keep / "stage.callgrind")
            shutil.copy(paths, args.keep / "paths.json")


if __name__ == "__main__":
    main()
