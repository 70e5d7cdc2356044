"""Parent links in a board scan: a sub-task of direction work is not delivery work by its type.

Session 13 (issue 12, point 4: the board's own structure — parent links — as evidence). The
model reads a Jira sub-task's issue type and level as a push toward delivery work (up to five
logits on a thin sub-task). When the sub-task's parent — named by key or id in
``Item.parent`` — is itself read strategic by the scan, that type says only that the work was
split, not what it is: a market-validation task's "interview guide" sub-task is direction work
too. Such a sub-task (hierarchy level -1), if the model does not read it strategic, is read
again without its issue type and level; its own words, list and labels then decide, and the
direction rules still apply (strategic still needs direction work named in its own words or
list). Only sub-tasks: an epic's stories and tasks are the deliverables of its direction (on
the bundled Jira sample, re-reading an epic's stories made a pricing-tier story strategic and
two stories ``uncertain``).

Measured on the dev halves only (models/HISTORY.md, "Session 13: list history"): the cue fires
on one board of the five sets' exports; there, over the eight template draws, 6 more strategic
items found (one sub-task, on six draws), no false call, the other halves unchanged. A past
list that names direction work (an item moved out of "Ideas" or "Planning") was measured too
and lost: 1 strategic of 30 such items.

Session 15: such a sub-task whose own words still read as delivery once its type is set aside
("Write up the findings", a form) is read once more as its title followed by its parent's
title ("Write up the findings: Interviews with shop owners"), without its type and list
(:func:`with_parent_title`); that reading is kept only when it is strategic at
``PARENT_TITLE_KEEP_ABOVE`` or surer, and its reason says it was read so
(``PARENT_TITLE_REASON``). Over the eight template draws on the six dev halves: 4 more found
(one K608 sub-task, on half the draws), no false call; the cue fires on that board only, so its
false-call risk is not measured (models/HISTORY.md, "Session 15: recall").

Session 16 measured it on boards of our own: under strategic interview, research and vision
tasks, 68 of 90 delivery chores read strategic with their parent's title. Only a sub-task whose
own title names a piece of research work (:func:`names_research_piece`) and whose own reading
names no other word as delivery evidence is read so now (``PARENT_TITLE_PIECE_ONLY``,
``PARENT_TITLE_OWN_TERMS``): chores 0 of 90, the research pieces as before (models/HISTORY.md,
"Session 16: an item's language, list names, the parent-title reading").

Session 17 measured wider gates for the parent-title reading on the dev halves (none moves a
dev label on any of eight draws: the cue fires on one board, whose refused dev sub-tasks read
tactical with their parent's title too) and on boards of our own (a sub-task whose own reading is
near the band, or whose title names direction work, finds more direction sub-tasks and brings back
delivery chores that name a direction word): the gate stays. What it changed: an epic's story or
task whose own title names direction work is read again as a sub-task is, under an epic the scan
reads strategic (``EPIC_CHILDREN_NAMED``; models/HISTORY.md, "Session 17: the parent-title gate").

Cost: one pass over the items' ``parent`` (nothing else when no sub-task has one), one pass to
find the items sub-tasks name as parents, their prediction (once, before the batches), and the
sub-tasks of strategic parents read again in their batch (those still not strategic once more,
with their parent's title).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from connectors.interface import Item
from models._reason_terms import NO_TERMS, TERMS_LEAD, bare_head
from models.interface import STRATEGIC, ItemDoc, Prediction
from models.language import fold_accents
from models.reasons import Reason
from models.rules import (
    HELD_REASON,
    REREAD_REASONS,
    THIN_REASON,
    TITLE_HELD_REASON,
    title_names_research,
    title_places_direction,
)

__all__ = [
    "is_child",
    "led_by_direction",
    "may_be_led",
    "names_research_piece",
    "parent_positions",
    "parent_titles",
    "read_again",
    "with_parent_title",
    "without_type",
]

#: A sub-task read again with its parent's title (:func:`with_parent_title`) keeps that reading
#: only when it is strategic at this or surer (0.6 and 0.7 gave the same dev numbers; 0.7 is the
#: research-title re-read's floor and the report's surest floor). 0: never read so.
PARENT_TITLE_KEEP_ABOVE = 0.7
#: Session 16: only a sub-task whose own title names a piece of research work (a summary, the
#: findings, a questionnaire, the questions, recruiting participants: ``_PIECE``) is read with
#: its parent's title. Any sub-task was (0): under a strategic interview task, 68 of 90 of our
#: own delivery chores ("Book a meeting room", "Deploy the landing page", "Fix typo in interview
#: notes") read strategic 0.71-1.00 that way (models/HISTORY.md, "Session 16").
PARENT_TITLE_PIECE_ONLY = 1
#: ... and only one whose own reading (without its type) names no other word as delivery
#: evidence: each word among its terms is a piece word too ("Fix typo in the interview guide"
#: reads tactical on 'guide', 'typo': 'typo' stops it; "Write up the summary" on 'summary'
#: alone goes on). 0: any terms.
PARENT_TITLE_OWN_TERMS = 1
#: Session 17: an epic's story or task (hierarchy level 0) whose own title names direction work
#: (:func:`models.rules.places_direction`: "Decide the pricing tiers", "Strategy for the
#: analytics platform") is read again as a sub-task is when the scan reads its epic strategic.
#: Any story of such an epic was once (session 13): on the bundled Jira sample two delivery
#: stories then read strategic 0.61 and 0.50; with the title condition none moves. 0: sub-tasks
#: only (models/HISTORY.md, "Session 17: the parent-title gate").
EPIC_CHILDREN_NAMED = 1
_NAME_TERMS = ("column:", "label:", "type:", "level:", "form:")
#: What the reason of a kept reading says before its terms (the parent's title, cut; session 18:
#: in the rules' one shape, what was done and, in brackets, why).
PARENT_TITLE_REASON = "read with its parent's title (a piece of {}); terms: "
_TITLE_SHOWN = 60
#: ... and the reason of a kept reading without its issue type (:func:`without_type`): why its
#: type no longer counts — its parent ("parent") or epic ("epic"), named by its key or its
#: title, cut, reads strategic (session 17, issue 12 point 5). Said so, not "a piece of strategic
#: work": the reading may still be tactical.
WITHOUT_TYPE_REASON = "read without its issue type (its {} {} reads strategic); terms: "
#: The held heads a reason may start with (``models.rules``), as a reason without terms cuts them.
_HELD_HEADS = (bare_head(HELD_REASON), bare_head(TITLE_HELD_REASON), bare_head(THIN_REASON))
#: ... and the research and direction re-reads' heads (the item was read without its type).
_REREAD_HEADS = tuple(bare_head(head) for head in REREAD_REASONS)
_KEY = re.compile(r"[A-Z][A-Z0-9_]*-\d+")


# What a piece of research work is called in its own title (folded, lower case; five
# languages): its write-up (summary, findings, insights, synthesis, conclusions, learnings,
# recommendations, report, results, analysis), its instrument (questions, a questionnaire, an
# interview guide or script, hypotheses) and recruiting its participants.
# Not the research itself ("interview", "survey": a chore names what it serves — "interview
# notes", "the survey page"), nor "validation" (a form's input validation), "notes", "script"
# alone (code), "data" or "participants" ("Pay the participants' gift cards").
_PIECE_WORDS = r"""
    summar\w* write\s?ups? findings? insights? synthes\w* conclusions? learnings? takeaways?
    recommendations? reports? results? analys\w* analyz\w* questions? questionnaires?
    interview\sguides? interview\sscripts? discussion\sguides? hypothes\w* debrief\w*
    recruit\w*
    resumen\w* hallazgos? conclusiones informes? resultados? analisis analizar preguntas?
    cuestionarios? guion\w* hipotesis aprendizajes? recomendaciones sintesis reclut\w*

    resumes? resumer syntheses? rapports? resultats? analyser enseignements? constats?
    recommandations? recrut\w*
    zusammenfassung\w* ergebnis\w* erkenntnis\w* bericht\w* auswertung\w* analyse\w* fragen
    fragebogen\w* leitfaden\w* hypothese\w* fazit empfehlung\w* rekrutier\w*
    resumo\w* descobertas? conclusoes relatorios? analise\w* analisar perguntas? questionarios?
    roteiro\w* hipoteses aprendizados? recomendacoes recrut\w*
"""
_PIECE = re.compile(r"\b(?:" + "|".join(_PIECE_WORDS.split()) + r")\b")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


# A term of the sub-task's own reading that is no delivery evidence either: the research it
# serves ('interview', 'survey', 'guide', 'validation', a competitor).
_RESEARCH_TERM = re.compile(r"\b(?:guides?|guias?|validat\w*|validac\w*|validier\w*)\b")


def names_research_piece(title: str | None) -> bool:
    """Whether a sub-task's own ``title`` names a piece of research work (``_PIECE``) or the
    research itself (:func:`models.rules.title_names_research`: interviews, a questionnaire,
    competitors, ...)."""
    if not title:
        return False
    said = _SEPARATORS.sub(" ", fold_accents(title).lower())
    return bool(_PIECE.search(said)) or title_names_research(title)


def _research_term(term: str) -> bool:
    said = _SEPARATORS.sub(" ", fold_accents(term).lower())
    return bool(_RESEARCH_TERM.search(said)) or names_research_piece(term)


def _only_piece_terms(prediction: Prediction) -> bool:
    """Whether every word among ``prediction``'s terms (lists, labels, type and form aside)
    names research work or a piece of it (:func:`names_research_piece`, ``_RESEARCH_TERM``)."""
    return all(
        _research_term(term) for term in prediction.top_terms if not term.startswith(_NAME_TERMS)
    )


def may_be_led(item: Item) -> bool:
    """Whether ``item``'s parent is read before the batches: the parent of a sub-task, or of an
    epic's story or task (``EPIC_CHILDREN_NAMED``)."""
    return item.hierarchy_level == -1 or (item.hierarchy_level == 0 and bool(EPIC_CHILDREN_NAMED))


def is_child(item: Item) -> bool:
    """Whether ``item``, under a parent the scan reads strategic, is read again: a sub-task, or
    an epic's story or task whose own title names direction work (``EPIC_CHILDREN_NAMED``)."""
    if item.hierarchy_level == -1:
        return True
    return (
        item.hierarchy_level == 0
        and bool(EPIC_CHILDREN_NAMED)
        and title_places_direction(item.title)
    )


def takes_parent_title(item: Item, own: Prediction) -> bool:
    """Whether sub-task ``item``, read ``own`` without its type and still not strategic, is read
    once more with its parent's title: its own title names a piece of research work
    (``PARENT_TITLE_PIECE_ONLY``) and its own terms name no delivery word
    (``PARENT_TITLE_OWN_TERMS``). Session 17 measured wider gates (models/HISTORY.md)."""
    return (not PARENT_TITLE_PIECE_ONLY or names_research_piece(item.title)) and (
        not PARENT_TITLE_OWN_TERMS or _only_piece_terms(own)
    )


def parent_positions(items: Sequence[Item]) -> list[int]:
    """The positions of the items a sub-task, or an epic's story or task (:func:`may_be_led`),
    of the board names as its parent (by key or id), ascending; empty when none names a parent
    (a Trello board, a board without sub-tasks or epics)."""
    named = {item.parent for item in items if item.parent and may_be_led(item)}
    if not named:
        return []
    return [at for at, item in enumerate(items) if item.id in named or item.key in named]


def led_by_direction(
    items: Sequence[Item],
    positions: Sequence[int],
    predictions: Sequence[Prediction],
    threshold: float,
) -> frozenset[str]:
    """The keys and ids of the parents (``items[positions[i]]``, read as ``predictions[i]``)
    the scan reads strategic: labelled so, at least ``threshold`` sure (``final_label``: a
    parent in a language the model does not read is uncertain at any threshold)."""
    out: set[str] = set()
    for at, prediction in zip(positions, predictions, strict=True):
        if prediction.final_label(threshold) == STRATEGIC:
            item = items[at]
            out.add(item.id)
            if item.key:
                out.add(item.key)
    return frozenset(out)


def parent_titles(
    items: Sequence[Item], positions: Sequence[int], led: frozenset[str]
) -> dict[str, str]:
    """The titles of the led parents (``items[positions[i]]`` whose id or key is in ``led``), by
    id and by key."""
    out: dict[str, str] = {}
    for at in positions:
        item = items[at]
        for name in (item.id, item.key):
            if name and name in led:
                out[name] = item.title or ""
    return out


def with_parent_title(item: Item, parent_title: str) -> ItemDoc:
    """What the classifier reads of ``item`` as a piece of its parent's work: its title followed
    by its parent's, its description and labels; no issue type, level or list."""
    return ItemDoc(
        title=f"{item.title}: {parent_title}" if parent_title else item.title,
        description=item.description or "",
        type=None,
        labels=tuple(item.labels),
        column=None,
        hierarchy_level=None,
    )


def without_type(item: Item) -> ItemDoc:
    """What the classifier reads of ``item``, without its issue type and hierarchy level."""
    return ItemDoc(
        title=item.title,
        description=item.description or "",
        type=None,
        labels=tuple(item.labels),
        column=item.column,
        hierarchy_level=None,
    )


def read_again(
    chunk: Sequence[Item],
    batch: list[Prediction],
    led: frozenset[str],
    predict,  # type: ignore[no-untyped-def]  # docs -> predictions (the model, the board's prior)
    titles: Mapping[str, str] | None = None,
) -> int:
    """Read again, in place, the children (:func:`is_child`: the sub-tasks, and the epic's
    stories and tasks whose titles name direction work) of ``chunk`` whose parent is in ``led``
    and whose prediction in ``batch`` is not strategic, without their issue type
    (:func:`without_type`); a sub-task takes that reading, an epic's story or task only when it
    is strategic, its reason saying so (``WITHOUT_TYPE_REASON``). With ``titles`` (the led
    parents' titles, :func:`parent_titles`),
    those still not strategic are read once more with their parent's title
    (:func:`with_parent_title`) when :func:`takes_parent_title`, and that reading is kept when it
    is strategic at ``PARENT_TITLE_KEEP_ABOVE`` or surer. Returns how many were read again (the
    first time)."""
    rows = [
        at
        for at, item in enumerate(chunk)
        if item.parent in led and is_child(item) and batch[at].label != STRATEGIC
    ]
    own: dict[int, Prediction] = {}  # each row's reading without its type
    if rows:
        for at, prediction in zip(
            rows, predict([without_type(chunk[at]) for at in rows]), strict=True
        ):
            own[at] = prediction
            # an epic's story keeps its reading unless it is strategic without its type: a
            # deliverable is not made less sure of being one (session 17)
            if chunk[at].hierarchy_level == -1 or prediction.label == STRATEGIC:
                batch[at] = _said_without_type(prediction, chunk[at], titles)
    if titles and PARENT_TITLE_KEEP_ABOVE:
        left = [
            at
            for at in rows
            if own[at].label != STRATEGIC
            and chunk[at].parent in titles
            and takes_parent_title(chunk[at], own[at])
        ]
        if left:
            docs = [with_parent_title(chunk[at], titles[chunk[at].parent]) for at in left]
            for at, prediction in zip(left, predict(docs), strict=True):
                if (
                    prediction.label == STRATEGIC
                    and prediction.confidence >= PARENT_TITLE_KEEP_ABOVE
                ):
                    batch[at] = _said(prediction, titles[chunk[at].parent])
    return len(rows)


def _said(prediction: Prediction, parent_title: str) -> Prediction:
    """``prediction`` whose reason says it was read with its parent's title, before its terms."""
    shown = _cut(parent_title)
    said = PARENT_TITLE_REASON.format(repr(shown))
    return replace(prediction, reason=_said_first(prediction.reason, said))


def _said_first(reason: str, said: str) -> str:
    """``reason`` with ``said`` first in its body, after its head ("strategic 0.87: "); a
    :class:`Reason` stays one (a report shows it beside the confidence without its number)."""
    if isinstance(reason, Reason):
        return reason.with_body(said + reason.body)
    head, sep, rest = reason.partition(": ")
    return f"{head}: {said}{rest}" if sep else said + reason


def _cut(title: str) -> str:
    return title if len(title) <= _TITLE_SHOWN else title[:_TITLE_SHOWN] + "…"


def _said_without_type(
    prediction: Prediction, item: Item, titles: Mapping[str, str] | None
) -> Prediction:
    """``prediction`` (``item`` read without its type) whose reason says so and why: its parent,
    or epic, is read strategic — named by its key (``PROJ-12``), else by its title, cut. A reason
    that already says the item was read without its type (``models.rules.RESEARCH_REASON``, the
    research-title rule) stays as it is: the surest list reads that head (``analyzer.balance``)."""
    reason = prediction.reason
    _, sep, rest = reason.partition(": ")
    if not sep or rest.startswith(_REREAD_HEADS):
        return prediction
    parent = item.parent or ""
    title = (titles or {}).get(parent, "")
    name = parent if _KEY.fullmatch(parent) or not title else repr(_cut(title))
    said = WITHOUT_TYPE_REASON.format("parent" if item.hierarchy_level == -1 else "epic", name)
    if rest.startswith(NO_TERMS):  # no terms: "…); no strong terms"
        said = bare_head(said)
    elif rest.startswith(_HELD_HEADS):  # "…), then held as delivery work (…); terms: …"
        said = said.removesuffix("; " + TERMS_LEAD) + ", then "
    return replace(prediction, reason=_said_first(reason, said))
