"""A reason's terms as a person writes them (issue 12, point 5; session 14).

The model's metadata features are tokens (``type:sub-task``, ``column:idea``, ``label:ux``); a
reason says ``issue type Sub-task``, ``in list/column 'Ideas'``, ``label 'UX'``. Where the item
is at hand, its own names are shown as it writes them (the list "Ideas" the token ``column:idea``
was read from, the type "Subtarea" read as ``type:sub-task``); without it, the token's words.
Words stay quoted (``'roadmap'``). The features themselves (a report's ``terms``) do not change.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

#: Canonical issue types as a Jira board names them (``type:new-feature`` → "New Feature").
TYPE_NAMES = {
    "bug": "Bug",
    "task": "Task",
    "sub-task": "Sub-task",
    "epic": "Epic",
    "story": "Story",
    "improvement": "Improvement",
    "new-feature": "New Feature",
    "initiative": "Initiative",
    "theme": "Theme",
    "tech-debt": "Tech debt",
    "spike": "Spike",
    "maintenance": "Maintenance",
}
#: Jira's hierarchy levels (``connectors.mapping.issue_types.LEVELS``) in words.
LEVEL_NAMES = {-1: "sub-task", 0: "standard", 1: "epic"}
NAME_CHARS = 60  # a longer list, label or type name is cut ("…")

#: How a reason without terms says so ...
NO_TERMS = "no strong terms"
#: ... and how the rules' held heads (``models.rules.HELD_REASON``, ``TITLE_HELD_REASON``) end.
TERMS_LEAD = "terms: "


def bare_head(head: str) -> str:
    """A reason's head as a reason without terms starts: a held head ends "…; terms: ", and
    "terms: no strong terms" reads as nonsense, so it ends "…; " (then ``NO_TERMS``)."""
    return head.removesuffix(TERMS_LEAD)


#: Session 18: words a reason never shows as a term of their own (a word pair holding one still
#: shows: 'build vs'), though the model keeps them as features — no label or confidence moves.
#: On the real exports they showed as the whole of a term and told a reader nothing: the German
#: preposition-article contractions ('beim'; 'im', 'zum' … are function words already), the
#: modals' forms the function-word lists miss (Spanish 'puede' beside 'kann', 'peut', 'can'),
#: cardinal numbers ('one': "strategic 0.65: 'investment', 'functional', 'one'"), adverbs of
#: time and degree ('already', 'now', 'still' — what took 'one''s place in two reasons) and
#: 'vs', 'etc' (kept as features: "build vs buy", ``models.language``). Accents folded, as
#: features are. Session 19, judged again with counts on the 66 real exports (all on tactical
#: items; a reader learns nothing of the work from them): a wish or need ('want' 99, 'need' 89,
#: 'veux' 9, 'quiero' 7, 'quero' 4 — the modals' kin, hidden in the other languages already;
#: a story says "written as a user story"), 'make sure' 34 and its halves ('sure' 41, 'make'
#: 41), 'used' 45, 'off' 21, and halves of French set phrases ('cours' 24 of "en cours",
#: 'mise' 21 of "mise à jour"). No label, confidence or top list moved on the exports.
_NEVER_SHOWN = """
    beim ans aufs durchs furs ubers unters vors hinters ums
    puede pueden podemos podria debe deben deberia
    pode podem podemos poderia deve devem deveria
    peuvent pourrait doivent devrait
    konnte konnten sollte sollten musste mussten mochte mochten darf durfen
    one two three four five six seven eight nine ten
    dos tres cuatro cinco deux trois quatre cinq zwei drei vier funf dois duas
    already now still just even ever soon quite rather almost maybe perhaps
    ahora maintenant jetzt bereits agora
    vs versus etc
    want wants wanted need needs needed quiero queremos quero veux voulons
    necesito necesita necesitamos preciso precisa precisamos besoin brauchen braucht
    make sure used off mise cours
"""
#: ... and the word pairs ("make sure": a pair holding a word above still shows otherwise).
NEVER_SHOWN = frozenset(_NEVER_SHOWN.split()) | {"make sure"}

#: How the reason of an item the report calls ``uncertain`` starts, before the model's label and
#: confidence (session 18): "uncertain, leaning tactical 0.55: 'goal', …".
UNSURE_LEAD = "uncertain, leaning "


#: How a confidence that rounds to 1.00 but is below 1 reads (session 25): "1.00" reads as certain,
#: and the reports' shares never read "100%" unless they are
#: (``_backlog_analyzer_runtime.percent``). One step inside, as they do. (No "<0.01" beside
#: it: a confidence is its label's share, the largest.)
NEARLY_CERTAIN = ">0.99"


def confidence_text(confidence: float) -> str:
    """``confidence`` to two decimals as a reason and ``classify`` show it: ``0.87`` -> ``"0.87"``,
    ``0.996`` -> ``">0.99"``; exactly 1 reads ``"1.00"``."""
    text = f"{confidence:.2f}"
    return NEARLY_CERTAIN if text == "1.00" and confidence < 1.0 else text


def shown_below(confidence: float, threshold: float, places: int = 2) -> float:
    """``confidence`` as a report shows it to ``places`` decimals (a percentage with one:
    ``places=3``) when the item is ``uncertain`` (below ``threshold``): rounded, unless rounding
    would reach the threshold — then cut to the step below it, so the number never contradicts
    the word (session 19: 0.5999 at threshold 0.60 reads "0.59", "59.9%", not "0.60", "60.0%").
    An item at or above the threshold, or any other, keeps its confidence as it is."""
    scale = 10**places
    # A confidence within 1e-6 of a rounding tie counts as reaching: cut, it reads as the
    # tie's lower side, which is all that rounding it could show below the threshold.
    if not confidence < threshold <= math.floor(confidence * scale + 0.5 + 1e-6) / scale:
        return confidence
    cut = math.floor(confidence * scale)
    while cut > 0 and cut / scale >= threshold:  # confidence * scale rounded up to a whole
        cut -= 1
    return cut / scale


def held_without_terms(
    valid: np.ndarray, codes: np.ndarray, labels: int, heads: int | None = None
) -> np.ndarray:
    """Per row (``valid``: which of its term columns hold a term; ``codes``: its head codes,
    ``models.reasons._head_codes``, for ``labels`` labels; ``heads``: how many heads the
    table holds, its second half led by ``UNSURE_LEAD``), whether a rule held it and it has
    no terms: its reason's head is :func:`bare_head`'s, not one the head tables hold (the batch
    forms leave the row to its reference reason)."""
    if heads is not None:
        codes = np.where(codes >= heads // 2, codes - heads // 2, codes)
    return ~valid.any(axis=1) & (codes >= 101 * labels)


# Kinds of feature a reason may name with the item's own words (``kind_of``).
PLAIN, TYPE, COLUMN, LABEL = 0, 1, 2, 3


def _type_name(canonical: str) -> str:
    known = TYPE_NAMES.get(canonical)
    if known:
        return known
    spaced = canonical.replace("-", " ")
    return spaced[:1].upper() + spaced[1:]


def _level_name(value: str) -> str:
    try:
        level = int(value)
    except ValueError:
        return f"hierarchy level {value}"
    name = LEVEL_NAMES.get(level, "above epic" if level > 1 else None)
    return f"hierarchy level {level} ({name})" if name else f"hierarchy level {level}"


def describe_feature(feature: str) -> str:
    """A feature as a reason shows it without the item: ``type:sub-task`` → ``issue type
    Sub-task``, ``column:idea`` → ``list/column word 'idea'``, ``label:ux`` → ``label 'ux'``,
    ``level:1`` → ``hierarchy level 1 (epic)``, ``form:story`` → ``written as a user story``;
    a word or word pair quoted (``'roadmap'``)."""
    kind, _, value = feature.partition(":")
    if not value or " " in kind:
        return f"'{feature}'"
    if kind == "type":
        return f"issue type {_type_name(value)}"
    if kind == "column":
        return f"list/column word '{value}'"
    if kind == "label":
        return f"label '{value}'"
    if kind == "level":
        return _level_name(value)
    if kind == "form" and value == "story":
        return "written as a user story"
    return f"'{feature}'"


def kind_of(feature: str) -> int:
    """Whether a reason names ``feature`` with the item's own words: ``TYPE``, ``COLUMN``,
    ``LABEL``, else ``PLAIN``."""
    if feature.startswith("type:"):
        return TYPE
    if feature.startswith("column:"):
        return COLUMN
    if feature.startswith("label:"):
        return LABEL
    return PLAIN


def _cut(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"


def item_term(
    feature: str, kind: int, doc: Any, name_words: Callable[[str], list[str]]
) -> str | None:
    """``feature`` as the item ``doc`` names it (its type, its list, the label the word is
    from), or None when the item does not hold it (then :func:`describe_feature` says it).
    ``name_words``: a list or label name's words as the model's features hold them."""
    if kind == TYPE:
        value = getattr(doc, "type", None)
        return f"issue type {_cut(value)}" if value and value.strip() else None
    word = feature.partition(":")[2]
    if kind == COLUMN:
        value = getattr(doc, "column", None)
        if value and word in name_words(value):
            return f"in list/column '{_cut(value)}'"
        return None
    if kind == LABEL:
        for label in getattr(doc, "labels", None) or ():
            if label and word in name_words(label):
                return f"label '{_cut(label)}'"
    return None
