"""Session 14: the research-title re-read (``models.rules.research_rows``) with a wider cue.

The shipped rule reads again, without its issue type, level and status list, an item whose title
names research work as :func:`models.rules.title_names_research` reads it (interviews,
questionnaires, surveys, competitors, market validation, stakeholders, a charter…). This script
measures the wider cue that lost (models/HISTORY.md, "Session 14: recall"): a bare research word
in the title too — research, investigación, pesquisa, recherche, Forschung, onderzoek — over the
eight template draws of ``research.real_dev_sweep``, dev halves only::

    python -m research.research_titles --bare -- --seeds 12,1,2,3,4,5,6,7 --fresh /work/freshdata \\
        --fresh2 /work/freshdata2 --fresh3 /work/freshdata3 --fresh4 /work/freshdata4 --keep DIR

(everything after ``--`` goes to ``real_dev_sweep``; its ``--patch RESEARCH_TITLE_LIST_ASIDE=0``
or ``RESEARCH_TITLE_KEEP_ABOVE=0.6`` measure the shipped rule's other variants).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models.rules as rules  # noqa: E402
from models.language import fold_accents  # noqa: E402

#: A bare research word (five languages and Dutch, folded): the wider cue, measured and lost.
BARE_RESEARCH = re.compile(
    r"\b(?:research\w*|investigacion\w*|pesquisa\w*|recherches?|forschung\w*|onderzoek\w*|"
    r"\w+onderzoek)\b"
)
_SHIPPED = rules.title_names_research


def names_research_or_bare(title: str | None) -> bool:
    """The shipped cue, or a bare research word in the title."""
    if _SHIPPED(title):
        return True
    return bool(BARE_RESEARCH.search(rules._SEPARATORS.sub(" ", fold_accents(title or "").lower())))


def install_bare() -> None:
    """Read research titles with the wider cue. The re-read's candidates are first narrowed to
    rows whose title holds a research word piece; the bare words' rows must pass too, so the
    piece filter is switched off (``research_rows`` checks every candidate's title)."""
    shipped_rows = rules.research_rows

    def rows(proba, strategic, evidence, docs, pieces=None, reachable=None):  # type: ignore[no-untyped-def]
        rules.title_names_research = names_research_or_bare
        try:
            return shipped_rows(proba, strategic, evidence, docs, None, reachable)
        finally:
            rules.title_names_research = _SHIPPED

    rules.research_rows = rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bare", action="store_true", help="a bare research word is a cue too")
    parser.add_argument("sweep", nargs=argparse.REMAINDER, help="real_dev_sweep's arguments")
    args = parser.parse_args(argv)
    if args.bare:
        install_bare()
    from research import real_dev_sweep

    sweep = args.sweep[1:] if args.sweep[:1] == ["--"] else args.sweep
    return real_dev_sweep.main(sweep)


if __name__ == "__main__":
    raise SystemExit(main())
