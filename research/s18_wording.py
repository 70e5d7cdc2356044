"""Session 18 (issue 12): the words a team uses for direction work that the model lacks — a
consulting team's long-horizon vision work ("the future potential" of a business, ideas for a
steering committee, a target state, a business case updated) and a volunteer team's everyday
wording (announcing the idea, following up with the people who gave feedback, what donations
pay for). Measured over the eight template draws of ``research.real_dev_sweep`` on the dev
halves only (every ``*-test`` half is left to the lead).

Two kinds of lever, alone or together:

- tickets in our own words across several domains, ``--extra
  research/data/s18_wording_tickets.csv`` (each with the phrase it illustrates: the seed file and
  section are the phrase's), which the sweep trains into each draw (retrain; compare with a
  control run that adds one unrelated bug ticket);
- ``--variant NAME``: a vocabulary of ``models.rules`` widened in this process before the sweep
  runs (no edit of the shipped code): rules of the scan, so ``--keep DIR`` reuses the draws'
  models of the same tickets.

Everything after ``--`` goes to ``real_dev_sweep``::

    python -m research.s18_wording --variant direction -- --keep DIR --extra CSV \\
        --seeds 12,1,2,3,4,5,6,7 --fresh /work/freshdata ... --fresh8 /work/freshdata8

Variants:

- ``direction``: a steering committee (*SteerCo*, a steering group), a business's future,
  growth or market potential, a target or future state and a target operating model are
  direction words of an item (``rules._DIRECTION``), so the direction hold no longer takes an
  item that names only them for delivery work;
- ``title``: the same nouns name direction work in a title (``rules._TITLE_DIRECTION``), so the
  direction re-read reads such an item again without its issue type and list;
- ``feedback``: "feedback" and "announcement" are direction words of an item (a volunteer
  team's feedback round and the announcement of its idea) — broad words, measured apart.

Measured, none shipped (models/HISTORY.md, "Session 18: how a team words its direction work"):
against a control retrain, the tickets (``s18_wording_tickets_v1.csv``, then the narrower
``s18_wording_tickets.csv``) found fewer items on other boards and none of the two boards'; the
rules moved one reading on one draw. The consulting board is held by its EM prior (≈ 1 %):
read near its true share, the second ticket set and the rules find 4 of its 6 dev items.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from research.variants import sweep, widen_direction, widen_title_direction  # noqa: E402

#: direction nouns of a team's long-horizon work (folded, lower case, separators as spaces)
DIRECTION_NOUNS = r"""
    steerco steering\scommittees? steering\sgroups?
    (?:future|growth|market|business)\spotentials?
    (?:future|target)\sstates? target\soperating\smodels?
"""
#: the same as one alternation for titles, and a word piece each match holds
TITLE_NOUNS = (
    r"steerco|steering\scommittees?|steering\sgroups?|"
    r"(?:future|growth|market|business)\spotentials?|(?:future|target)\sstates?|"
    r"target\soperating\smodels?"
)
TITLE_PIECES = ("steer", "potential", "state", "operating")
FEEDBACK_WORDS = r"feedback announcements?"


VARIANTS = {
    "direction": lambda: widen_direction(DIRECTION_NOUNS),
    "title": lambda: widen_title_direction(TITLE_NOUNS, TITLE_PIECES),
    "feedback": lambda: widen_direction(FEEDBACK_WORDS),
}


def main(argv: list[str] | None = None) -> int:
    return sweep(VARIANTS, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
