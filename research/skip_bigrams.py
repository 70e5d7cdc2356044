"""Word pairs across function words ("pruebas de usabilidad" -> 'pruebas usabilidad'), measured.

Today a bigram holding a function word is no feature (``model_config.analyse``), so Spanish,
French and Portuguese multi-word terms ("plan de negocio", "étude de marché", "pesquisa de
mercado") and English "voice of the customer" give words only. This variant adds, for two
content words with one or two function words between them (``language.NOT_EVIDENCE``: the read
languages' function words and those shared with another language, "die", "war", "also",
"bent"), the pair of those two words as a bigram feature (the same string as an adjacent bigram:
'plan negocio'). Training uses the patched ``analyse``; prediction takes the per-doc path
(``models._reading.PER_DOC_FEATURES``: every item through ``analyse``, a title in its item's
language; the batch's fast path only pairs adjacent words), so the run is slow but exact.
Then ``research.real_dev_sweep`` runs with its own arguments (dev halves only):

    python -m research.skip_bigrams [--gap 2] -- --seeds 12,1,2,3,4,5,6,7 \
        --fresh /work/freshdata --fresh2 /work/freshdata2 --keep /tmp/skip

``--own-kind`` makes the pair a feature kind of its own ('plan … negocio', not merged with
the adjacent bigram 'plan negocio'). ``--gap 0`` runs the shipped features through the same
per-doc path (the paired baseline). ``--only WORDS`` skips only those function words.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models._reading as reading  # noqa: E402
import models.classifier as classifier  # noqa: E402
import models.model_config as model_config  # noqa: E402
from models.language import NOT_EVIDENCE  # noqa: E402
from research import halves  # noqa: E402

#: The words a pair may skip: the classifier's own list of words that are never evidence (since
#: session 14 it adds the function words shared with another language to the read languages'
#: lists, which this script used to rebuild by hand without them).
_FUNCTION = NOT_EVIDENCE
_ORIGINAL = model_config.analyse


def skip_pairs(
    toks: list[str],
    gap: int,
    stop: frozenset[str],
    join: str = " ",
    skip: frozenset[str] = _FUNCTION,
) -> list[str]:
    """'a b' for content words a, b with 1..``gap`` function words between them (only function
    words: any other word, a folded digit or a stop word that is no function word breaks it)."""
    out: list[str] = []
    n = len(toks)
    for i, a in enumerate(toks):
        if a in stop:
            continue
        j = i + 1
        while j < n and j - i - 1 < gap and toks[j] in skip:
            j += 1
        if j > i + 1 and j < n and toks[j] not in stop:
            out.append(a + join + toks[j])
    return out


def patch(gap: int, join: str = " ", skip: frozenset[str] = _FUNCTION) -> None:
    """Features with the skip pairs (``gap`` 0: the shipped ones), read one doc at a time."""
    if gap <= 0:
        analyse = _ORIGINAL
    else:

        def analyse(doc, config, *language):  # type: ignore[no-untyped-def]
            feats = _ORIGINAL(doc, config, *language)
            if config.words and config.features.ngram_max >= 2:
                toks = model_config.words(model_config.doc_text(doc, config.features))
                feats.extend(skip_pairs(toks, gap, classifier.STOP_WORDS, join, skip))
            return feats

    model_config.analyse = analyse
    reading.PER_DOC_FEATURES = True


def main(argv: list[str] | None = None) -> int:
    argv, rest = halves.split_rest(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gap", type=int, default=2, help="function words skipped at most")
    parser.add_argument(
        "--own-kind",
        action="store_true",
        help="a feature kind of its own ('plan … negocio'), not merged with adjacent bigrams",
    )
    parser.add_argument(
        "--only",
        default="",
        help="skip only these function words (space-separated), e.g. the genitive ones "
        "'de del da do das dos des du d der von of'",
    )
    args = parser.parse_args(argv)
    skip = frozenset(args.only.split()) if args.only else _FUNCTION
    patch(args.gap, " … " if args.own_kind else " ", skip)
    from research import real_dev_sweep

    return real_dev_sweep.main(rest)


if __name__ == "__main__":
    raise SystemExit(main())
