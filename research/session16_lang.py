"""Session 16 (issue 12): the item-language decision and the parent-title reading, over the eight
template draws of ``research.real_dev_sweep`` (dev halves only; every ``*-test`` half is left to
the lead).

Each ``--variant`` is installed in this process before the sweep runs (module constants; the
sweep trains and scans in process), so a variant needs no edit of the shipped code. Everything
after ``--`` goes to ``real_dev_sweep``::

    python -m research.session16_lang --variant min2-none -- --seeds 12,1,2,3,4,5,6,7 \\
        --fresh /work/freshdata ... --fresh6 /work/freshdata6

Language variants change what training reads too: run them without ``--keep`` (each draw is
retrained). Parent-title variants are rules of the scan: ``--keep DIR`` reuses the draws' models.
models/HISTORY.md ("Session 16: an item's language, list names, the parent-title reading") has
what each measured.

- ``min2-none``: a language needs two function-word votes; one vote reads as not known;
- ``min2-en``: likewise, one vote reads as English;
- ``tie-en``: a tie that English is in reads as English (else not known, as shipped);
- ``parent-title-off``: no reading of a sub-task with its parent's title (session 14);
- ``parent-any-child``: the parent-title reading for any sub-task, its own title naming a
  piece of research work or not, whatever its own terms (session 15, before
  ``PARENT_TITLE_PIECE_ONLY`` and ``PARENT_TITLE_OWN_TERMS``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import analyzer.parent_links as parent_links  # noqa: E402
import models.language as language  # noqa: E402
from research.variants import sweep  # noqa: E402


def _min2(thin: str | None):
    def install() -> None:
        language.MIN_VOTES = 2
        language.THIN_LANGUAGE = thin

    return install


def install_tie_en() -> None:
    language.TIE_TO_ENGLISH = True


def install_parent_title_off() -> None:
    parent_links.PARENT_TITLE_KEEP_ABOVE = 0


def install_parent_any_child() -> None:
    parent_links.PARENT_TITLE_PIECE_ONLY = 0
    parent_links.PARENT_TITLE_OWN_TERMS = 0


VARIANTS = {
    "min2-none": _min2(None),
    "min2-en": _min2("en"),
    "tie-en": install_tie_en,
    "parent-title-off": install_parent_title_off,
    "parent-any-child": install_parent_any_child,
}


def main(argv: list[str] | None = None) -> int:
    return sweep(VARIANTS, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
