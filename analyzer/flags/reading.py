"""How much of the board the model read, and when an absence it reports is not established.

An item in a language the model does not read (:mod:`models.language`: Japanese, Chinese, ...)
is ``uncertain`` whatever it says. A finding that asserts an ABSENCE from the model's labels —
no strategic work, nobody acting as PM or PO, no PM touching strategic work — checked only the
items the model read. When the unread items are more than :data:`UNREAD_LIMIT` of the board,
the items it could not read are the larger part of it and may hold exactly what is said to be
missing, so such a finding is lowered to INFO (``--fail-on error`` and ``warning`` never fail
on it) and says, in one sentence, what it saw and what is therefore not established
(:meth:`Reading.not_established`); the verdict says the same. Stories without acceptance
criteria are such an absence too: criteria are searched in the model's five languages only
(:mod:`analyzer.flags.items`), so on a board mostly written in another one they may be there
unseen. Findings that count what was seen (unassigned strategic items, stale items) are not
absences and stay as they are.

Why half: past it the model read fewer items than it could not read, so an absence among the
items it read says less about the board than the unread part could contradict; and boards do
not mix languages at random (a team writes code-level tasks in English and product work in its
own language), so the read part is not a fair sample of the rest. Below half, the verdict's own
rule (:data:`analyzer.verdict.UNCERTAIN_LIMIT`: from 30 % uncertain items on, the verdict is
tentative) already tells the reader to hold the verdict loosely, and the flags stand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from _backlog_analyzer_runtime.percent import percent
from models.language import languages_text, unread_counts

#: From more than this share of the board's items unread on, an absence is not established.
UNREAD_LIMIT = 0.5

#: What an absence of strategic work leaves open, as the finding and the verdict say it.
NO_STRATEGIC_SEEN = "No item the model read is strategic work"
ANYONE_DOES_STRATEGIC_WORK = "whether anyone does strategic work"
#: The same for an inferred owner ("PM": the roadmap, "PO": the backlog).
ANYONE_OWNS = {"PM": "whether anyone owns the roadmap", "PO": "whether anyone owns the backlog"}


#: Where the findings look for acceptance criteria (:func:`analyzer.flags.has_acceptance_criteria`),
#: as a finding says it after "have no acceptance criteria".
WHERE_CRITERIA_ARE_SOUGHT = (
    "in their title or description ('acceptance criteria', 'AC:', Given/When/Then), a checklist "
    "or a criteria field"
)

#: What a search for acceptance criteria that found none leaves open.
STORIES_HAVE_CRITERIA = "whether the stories have acceptance criteria"


def no_criteria_found(where: str) -> str:
    """What the search saw: ``"No acceptance criteria were found in 13 of 13 open stories"``."""
    return f"No acceptance criteria were found in {where}"


def nobody_acts_as(role_word: str) -> str:
    """What an inferred role's absence saw: ``"Nobody acts as PM on the items the model read"``."""
    return f"Nobody acts as {role_word} on the items the model read"


@dataclass(frozen=True, slots=True)
class Reading:
    """The board's ``total`` items and, per language code, how many the model does not read."""

    total: int = 0
    unread: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, codes: Iterable[str | None], total: int) -> Reading:
        """From each item's unread language (None: read), as a scan judges them."""
        return cls(total, unread_counts(codes))

    @property
    def unread_items(self) -> int:
        return sum(self.unread.values())

    @property
    def read_items(self) -> int:
        return self.total - self.unread_items

    def shows_absence(self) -> bool:
        """Can an absence among the items read stand for the board? Not when more than
        :data:`UNREAD_LIMIT` of its items are in languages the model does not read."""
        return self.unread_items <= UNREAD_LIMIT * self.total

    def none_of(self, items: int, the: str = "the") -> str:
        """``"None of the 83 items"``; with items the model does not read (too few to lower an
        absence: :meth:`shows_absence`), only those it read: ``"None of the 47 items the model
        read (the other 36 are in Dutch, which it does not read)"``."""
        unread = min(self.unread_items, items)
        if not unread:
            return f"None of {the} {items:,} items"
        return (
            f"None of the {items - unread:,} items the model read "
            f"({'the other one is' if unread == 1 else f'the other {unread:,} are'} in "
            f"{languages_text(self.unread)}, which it does not read)"
        )

    def read_only(self) -> str:
        """``"the model read only 13 of 67 items (81% are in Japanese, which it does not
        read)"``; when it read none, ``"the model read none of the 32 items (all are in
        Cyrillic script, which it does not read)"``."""
        if not self.read_items:
            languages = languages_text(self.unread)
            if self.total == 1:
                return (
                    f"the model did not read the one item (it is in {languages}, which it "
                    "does not read)"
                )
            return (
                f"the model read none of the {self.total:,} items (all are in {languages}, "
                "which it does not read)"
            )
        return (
            f"the model read only {self.read_items:,} of {self.total:,} items "
            f"({percent(self.unread_items / self.total)} are in {languages_text(self.unread)}"
            ", which it does not read)"
        )

    def not_established(self, seen: str, what: str) -> str:
        """One sentence: ``seen`` on the items read, how little was read (:meth:`read_only`),
        and that ``what`` is not established; without ``seen`` when it read none (nothing
        was seen: "Nobody acts as PM on the items the model read" of no item)."""
        if not self.read_items:
            read = self.read_only()
            return f"{read[:1].upper()}{read[1:]}: {what} is not established."
        return f"{seen}, but {self.read_only()}: {what} is not established."
