"""The strategic/tactical model's domain rules: evidence before confidence, the board's prior.

A linear model's probability is not enough to call an item strategic on a real board (mostly
delivery work whose nouns carry no role). These rules, applied after calibration, say when it
may be (:func:`evidence_capped`, :func:`description_capped`, in a board scan
:func:`direction_held` and :func:`title_direction_rows`) and which share of strategic items
a board is read with (:func:`board_prior`) and which of its words are its own common vocabulary
(:func:`board_word_weights`). :mod:`models.classifier` computes the evidence
(its words', list's and labels' push toward strategic) and applies them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from models import _title_screen
from models.language import NOT_EVIDENCE, fold_accents

# Evidence before confidence (the default strategic/tactical model only; see ``evidence_capped``).
#: An item is strategic only with at least this much push toward strategic from its words.
MIN_STRATEGIC_EVIDENCE = 0.3
#: ... else its strategic probability is held below one half (tactical or uncertain).
NO_EVIDENCE_STRATEGIC_CAP = 0.45
#: A strategic item with a description needs its title alone to push toward strategic by this
#: much; else its strategic probability is held at ``DESCRIPTION_ONLY_CAP`` (still strategic,
#: but never among the board's surest: a delivery card's long description reads as direction).
MIN_TITLE_EVIDENCE = 0.15
DESCRIPTION_ONLY_CAP = 0.7
#: In a board scan, an item whose evidence names no direction work (see ``direction_capped``)
#: is held at this strategic probability at most: it is delivery work (session 7: every cap
#: from 0.3 down gives the same labels, a lower one a lower ECE; 0.15 then). Session 10: 0.02,
#: what such items are: of the items held on the real dev and fresh-dev halves, 4 of 340 and
#: 3 of 257 are strategic by our labels (1.2 %); at 0.15 the 0.85 they were read tactical with
#: was the largest calibration gap of both halves.
NO_DIRECTION_STRATEGIC_CAP = 0.02
#: What the reason of an item held at that cap says before its terms (session 11): the cap, not
#: the terms listed, decided its label (the rows :func:`direction_held` and
#: :func:`title_direction_rows` return).
#: Session 18: every rule's head has one shape, what the rule did and, in brackets, why
#: ("held as delivery work (…)", "read without its issue type and list (…)", "read with its
#: parent's title (…)"), then "; terms: " and the terms.
HELD_REASON = (
    "held as delivery work (it names no direction work such as a strategy, roadmap or "
    "research); terms: "
)
#: ... and for an item the title rules held (:func:`title_direction_rows`; session 12): its
#: description may name direction work, in passing — its title names none.
TITLE_HELD_REASON = (
    "held as delivery work (its title names no direction work such as a strategy, roadmap or "
    "research); terms: "
)
#: ... and for an item the evidence rules held at ``NO_EVIDENCE_STRATEGIC_CAP`` (session 18):
#: the model read it strategic on its type, list or labels (:func:`evidence_capped`,
#: :func:`list_only_capped`) while its own words carry too little evidence. Without this head
#: its reason said "tactical 0.55: …" with the few terms that push toward tactical, as if the
#: model leaned that way on them.
THIN_REASON = "held back from strategic (its own words give too little evidence); terms: "
#: Session 12: a strategic item whose title, list and labels name no direction work while its
#: description does is strategic by its description's direction words alone. Pushing less than
#: this toward strategic through them, the description names direction work in passing (a plan,
#: a business rule, the sales team a report goes to): held as delivery work. Pushing more, it
#: stays strategic at ``DESCRIPTION_ONLY_CAP``, never among the board's surest.
MIN_DESCRIPTION_DIRECTION = 0.3
#: ... and a push through direction words of at most this is none (session 10): a direction
#: word that carries no weight in the item — "proposal" once in a 3 000-character description
#: of a form change, pushing 0.001 — names no direction work. (Chosen on the real dev and
#: fresh-dev halves: 0.02 and 0.05 change no dev label; 0.11 loses true strategic dev items.)
MIN_DIRECTION_PUSH = 0.05
#: ... and so is one below this share of the item's whole push toward strategic (session 14):
#: a direction word in passing while the item is strategic on words that name no direction work
#: — a report card strategic on "sales" and "product" with "growth" once (a tenth of its push).
#: (Chosen on the five dev halves over eight draws: 0.1 holds four false calls and no found
#: item; 0.15 and up lose found items.)
MIN_DIRECTION_SHARE = 0.1
#: An item with at most one known word gets no label surer than this (a domain noun alone).
ONE_WORD_CAP = 0.8
#: Session 14: without a board (``classify``, ``evaluate``), an item the direction rule would
#: hold in a scan — its words name no direction work, or only in passing — is strategic at most
#: this: as sure as one known word can make an item, never sure (1.0: off). Labels are unchanged
#: (the cap is above the threshold); synthetic dev ECE 0.085 → 0.080, macro-F1 unchanged.
NO_DIRECTION_CLASSIFY_CAP = ONE_WORD_CAP
#: Session 14 (issue 12): in a board scan, an item whose own words carry no strategic evidence
#: is strategic by its list's or labels' name alone — a participant's card titled with a name in
#: an "Idea Sketches" list was strategic at ``ONE_WORD_CAP`` on ``column:idea`` alone. Such an
#: item is held at ``LIST_ONLY_STRATEGIC_CAP`` (below the threshold: ``uncertain``).
#: ``LIST_ONLY_RULE`` 1: the item has no word the model knows and at most ``LIST_ONLY_MAX_WORDS``
#: words in its title and description (a name, a bare noun; a persona's sentence of unknown words
#: in a "Personas" list keeps its list's evidence); 2: no known word, any length; 3: also when
#: its words alone (list and labels aside) push toward strategic by less than
#: ``MIN_STRATEGIC_EVIDENCE``; 0: off. See models/HISTORY.md, "Session 14: a list name alone".
LIST_ONLY_RULE = 1
LIST_ONLY_MAX_WORDS = 2
LIST_ONLY_STRATEGIC_CAP = NO_EVIDENCE_STRATEGIC_CAP
#: Session 15: the board prior's EM (:func:`board_prior`'s ``caps``) holds such items at
#: ``LIST_ONLY_STRATEGIC_CAP`` too, as the scan does (1), or counts them at up to ``ONE_WORD_CAP``
#: (0: as before session 15). See models/HISTORY.md, "Session 15: surest lists and the prior".
LIST_ONLY_IN_PRIOR = 1
#: Board prior re-estimation (EM, Saerens et al. 2002): MAP with this many pseudo-items at
#: ``BOARD_PRIOR_CENTER`` strategic, on at most ``BOARD_PRIOR_SAMPLE`` items of the board.
#: Session 8: 5, was 50 — 50 pulled a 120-item board with a quarter of strategic items to
#: about 19 % (real dev: share error mean 0.78 -> 0.60, max 4.5 -> 2.4 pts over 8 draws); a
#: 5-item board still sits between its own share and the centre.
BOARD_PRIOR_CENTER = 0.10
BOARD_PRIOR_STRENGTH = 5.0
BOARD_PRIOR_SAMPLE = 5_000
BOARD_PRIOR_FLOOR = 0.005
#: Session 18: on a board of at least ``BOARD_PRIOR_DIRECTION_MIN_ITEMS`` items, the EM's share is
#: never below ``BOARD_PRIOR_DIRECTION_RATIO`` times the share of its items whose title, list or
#: labels name direction work (:func:`direction_prior_floor`): when the model lacks a team's
#: words for that work, the EM runs down toward its floor and holds the very items it would need
#: (a data team's Jira of 939 items read at 2.3 % while 11 % of its items are placed as direction
#: work: four strategic dev items found on 8 draws of 8 at 5.6 %). On smaller boards that share
#: rests on a few cards and raised the prior onto their false calls (a 63- and a 126-item board).
#: models/HISTORY.md, "Session 18: the board prior". 0: off.
BOARD_PRIOR_DIRECTION_RATIO = 0.5
BOARD_PRIOR_DIRECTION_MIN_ITEMS = 500
#: A board's own common words (session 6): a word or bigram on more than ``BOARD_WORDS_COMMON``
#: of a board's items is that board's domain vocabulary ("pipeline" on a CI tool's board, a
#: system's name on every card) and says little about any one item's role: its weight in the
#: item is multiplied by (``BOARD_WORDS_COMMON`` / its share) ** ``BOARD_WORDS_POWER``. Only on
#: boards of at least ``BOARD_WORDS_MIN_ITEMS`` items; list, label, type and form tokens keep
#: their weight.
BOARD_WORDS_COMMON = 0.05
BOARD_WORDS_POWER = 2.0
BOARD_WORDS_MIN_ITEMS = 50
#: Session 13: the words of research by talking to customers or users (:func:`spared_columns`:
#: interviews, questionnaires, surveys) on at most this share of a board's items keep their
#: weight: a product team whose work is market validation says "interviews" on a fifth of its
#: cards, and damping took the weight out of the words that name that work. On more of the
#: items they are the board's domain (a survey tool's "survey"), damped as any common word.
BOARD_WORDS_SPARED_UP_TO = 0.25
#: Session 14: in a board scan, an item whose title names research work
#: (:func:`title_names_research`), whose words alone would make it strategic and that is not read
#: strategic at ``RESEARCH_TITLE_KEEP_ABOVE`` is read again without its issue type, level and
#: (``RESEARCH_TITLE_LIST_ASIDE`` 1) status list (:func:`research_rows`, :func:`set_aside`); the
#: new reading is kept only when it is strategic at ``RESEARCH_TITLE_KEEP_ABOVE`` or surer (0.7,
#: the report's surest floor: on the dev halves over eight draws 0.6 found the same items with 5
#: more false calls). ``RESEARCH_TITLE_REREAD`` 1: on, 0: off. See models/HISTORY.md, "Session 14:
#: recall".
RESEARCH_TITLE_REREAD = 1
RESEARCH_TITLE_LIST_ASIDE = 1
RESEARCH_TITLE_KEEP_ABOVE = 0.7
#: Session 15: which titles :func:`research_rows` checks. 0 (shipped): every candidate's
#: (:func:`title_names_research` skips an ASCII title without a research word piece in one
#: search), so a title naming research in words the model never saw ("Project charter + scope
#: statement": 'charter' is no feature) is read again when its other words carry the evidence;
#: 1 (session 14): only titles holding a *feature* with a research word piece (the classifier's
#: ``pieces``: a research word the model never saw was thought to carry no evidence). On the six
#: dev halves over eight draws 0 found 8 more items for no more false calls (models/HISTORY.md,
#: "Session 15: recall").
RESEARCH_TITLE_KNOWN_PIECE = 0
#: Session 17: the research-title re-read also reads again a title naming direction work in
#: plain English words (:func:`title_names_direction`: a strategy, a roadmap, segmentation,
#: focus groups, pain points, current state, maturity …). A product or data team that tracks its
#: direction work as Jira Stories in To Do and Done lists has it held tactical by the type and
#: the list (the training data has no strategic Story). On the eight dev halves over eight
#: template draws it found 29 more items for no more false calls (models/HISTORY.md, "Session
#: 17: direction work tracked as Stories"). 1: on, 0: off (a lever only).
TITLE_DIRECTION_REREAD = 1
#: What the reason of an item whose reading again was kept says before its terms: its type and
#: list no longer count, and why (``RESEARCH_TITLE_LIST_ASIDE`` 0 keeps the list: a lever only):
#: its title names research work (:func:`title_names_research`) ...
RESEARCH_REASON = "read without its issue type and list (its title names research work); terms: "
#: ... or, not research, direction work (:func:`title_names_direction`; session 18: the reason
#: said "research or direction work" for both).
DIRECTION_REREAD_REASON = (
    "read without its issue type and list (its title names direction work); terms: "
)
#: The heads of a kept second reading (``analyzer.balance`` reads them: the surest lists).
REREAD_REASONS = (RESEARCH_REASON, DIRECTION_REREAD_REASON)


def evidence_capped(
    proba: np.ndarray, strategic: int, evidence: np.ndarray, known_words: np.ndarray
) -> np.ndarray:
    """Evidence before confidence, for the strategic/tactical model.

    - Strategic needs positive evidence: with less than ``MIN_STRATEGIC_EVIDENCE`` push toward
      strategic from the item's words, its strategic probability is held at
      ``NO_EVIDENCE_STRATEGIC_CAP`` at most (so it is tactical, or uncertain below the
      threshold) — the intercept or the issue type alone never make an item strategic.
    - One known word (a domain noun such as "teams" or "clientes") never gives a label surer
      than ``ONE_WORD_CAP``.
    """
    tactical = 1 - strategic
    p = proba[:, strategic].copy()
    thin = evidence < MIN_STRATEGIC_EVIDENCE
    if thin.any():
        p[thin] = np.minimum(p[thin], NO_EVIDENCE_STRATEGIC_CAP)
    one = known_words <= 1
    if one.any():
        p[one] = np.clip(p[one], 1.0 - ONE_WORD_CAP, ONE_WORD_CAP)
    out = np.empty_like(proba)
    out[:, strategic] = p
    out[:, tactical] = 1.0 - p
    return out


def list_only_capped(
    proba: np.ndarray,
    strategic: int,
    known_words: np.ndarray,
    docs: Sequence[Any],
    own: np.ndarray | None = None,
) -> np.ndarray:
    """In a board scan: an item strategic by its list's or labels' name alone (see
    ``LIST_ONLY_RULE``; ``own``: each row's words' push toward strategic with list and labels
    aside, for rule 3) is strategic at most ``LIST_ONLY_STRATEGIC_CAP``. A copy; ``proba``
    itself when no row changes."""
    rule = LIST_ONLY_RULE
    if not rule:
        return proba
    bare = known_words <= 0
    if rule >= 3 and own is not None:
        bare |= own < MIN_STRATEGIC_EVIDENCE
    bare &= proba[:, strategic] > LIST_ONLY_STRATEGIC_CAP
    rows = np.flatnonzero(bare)
    if rule == 1 and len(rows):
        rows = rows[[_few_words(docs[i], LIST_ONLY_MAX_WORDS) for i in rows.tolist()]]
    if not len(rows):
        return proba
    out = proba.copy()
    out[rows, strategic] = LIST_ONLY_STRATEGIC_CAP
    out[rows, 1 - strategic] = 1.0 - LIST_ONLY_STRATEGIC_CAP
    return out


#: Session 34: an item with no title and no description (only blanks) has nothing to read: the
#: model's reading of it is its prior, its list and its issue type, none of which is evidence
#: here (a list's name alone holds a strategic reading, ``LIST_ONLY_RULE``; an issue type is no
#: push), and the direction rule held such a card in a delivery list "tactical 0.98" on nothing.
#: It is ``uncertain`` at any threshold, its reason saying why (:func:`no_text_rows`).
#: No item of the 145 real and fresh exports the readers take has no text (29 892 items;
#: session 31's two sources of them were reader bugs): the rule is for a tool's odd file.
NO_TEXT_REASON = "uncertain: no title or description to read"


def no_text_rows(known_words: np.ndarray, docs: Sequence[Any]) -> np.ndarray:
    """The rows whose item has no title and no description (only blanks), ascending; only the
    rows with no word the model knows (``known_words``) are looked at."""
    rows = np.flatnonzero(known_words <= 0)
    if not len(rows):
        return rows
    blank = [
        not (getattr(docs[i], "title", None) or "").strip()
        and not (getattr(docs[i], "description", None) or "").strip()
        for i in rows.tolist()
    ]
    return rows[np.asarray(blank, dtype=bool)]


_WORD = re.compile(r"[^\W\d_]+")


def _few_words(doc: Any, most: int) -> bool:
    """Whether an item's title and description hold at most ``most`` words (letters only)."""
    text = f"{getattr(doc, 'title', None) or ''} {getattr(doc, 'description', None) or ''}"
    return all(count <= most for count, _ in enumerate(_WORD.finditer(text), 1))


def board_prior(
    p: np.ndarray,
    model_prior: float,
    center: float | None = None,
    strength: float | None = None,
    iterations: int = 100,
    caps: np.ndarray | None = None,
) -> float:
    """EM re-estimate of the strategic share of a board from the model's strategic
    probabilities ``p`` (made under ``model_prior``): each step shifts the probabilities to the
    current share and takes their mean, with ``strength`` pseudo-items at ``center`` (by
    default ``BOARD_PRIOR_STRENGTH`` at ``BOARD_PRIOR_CENTER``). ``caps``: the most each item
    may be strategic (the evidence rules' holds), applied after the shift as a scan applies
    them after the board's prior (session 9: applied before it, an item held at 0.45 under the
    model's 40 % counted as strategic evidence at every step)."""
    center = BOARD_PRIOR_CENTER if center is None else center
    strength = BOARD_PRIOR_STRENGTH if strength is None else strength
    share = model_prior
    n = len(p)
    for _ in range(iterations):
        up, down = share / model_prior, (1.0 - share) / (1.0 - model_prior)
        adjusted = up * p / (up * p + down * (1.0 - p))
        if caps is not None:
            adjusted = np.minimum(adjusted, caps)
        new = max((float(adjusted.sum()) + strength * center) / (n + strength), BOARD_PRIOR_FLOOR)
        if abs(new - share) < 1e-7:
            return new
        share = new
    return share


def prior_sample(items: Sequence[Any]) -> Sequence[Any]:
    """The items of a board its prior is read on: at most ``BOARD_PRIOR_SAMPLE`` (about), evenly
    spaced (every item of a board of fewer than twice as many)."""
    return items[:: max(1, len(items) // BOARD_PRIOR_SAMPLE)]


def direction_share(sample: Sequence[Any]) -> float:
    """The share of ``sample`` (items or docs) whose title, list or labels name direction work
    (:func:`places_direction`); 0.0 for none. Read on a board's :func:`prior_sample` by the
    prior's floor (:func:`direction_prior_floor`) and the report's surest lists
    (``analyzer.balance.direction_share``): a scan reads it once, as the prior is estimated, and
    hands it on (session 18, issue 16)."""
    if not sample:
        return 0.0
    # A board's lists and labels repeat: each (list, labels) is judged once here, and a title
    # only when they name no direction work (session 24; places_direction's answer).
    listed: dict[tuple[str | None, tuple[str, ...]], bool] = {}
    seen = 0
    for doc in sample:
        where = (getattr(doc, "column", None), tuple(getattr(doc, "labels", None) or ()))
        named = listed.get(where)
        if named is None:
            named = listed[where] = _listed_direction(*where)
        seen += named or _title_places(getattr(doc, "title", None))
    return seen / len(sample)


def direction_prior_floor(sample: Sequence[Any], size: int, share: float | None = None) -> float:
    """The least strategic share a board of ``size`` items is read at, from ``sample`` (its items
    the prior reads): ``BOARD_PRIOR_DIRECTION_RATIO`` times the share of them whose title, list
    or labels name direction work (:func:`direction_share`; ``share``: that share, already read
    on ``sample``) on a board of at least ``BOARD_PRIOR_DIRECTION_MIN_ITEMS`` items, else 0.0."""
    if not BOARD_PRIOR_DIRECTION_RATIO or size < BOARD_PRIOR_DIRECTION_MIN_ITEMS or not sample:
        return 0.0
    share = direction_share(sample) if share is None else share
    return min(BOARD_PRIOR_DIRECTION_RATIO * share, 0.99)


def description_capped(
    proba: np.ndarray,
    strategic: int,
    rows: np.ndarray,
    title_evidence: np.ndarray,
    described: Sequence[int] | np.ndarray = (),
) -> np.ndarray:
    """A description alone never puts an item among the board's surest: of the strategic
    ``rows`` (items with a description), those whose title alone pushes toward strategic by less
    than ``MIN_TITLE_EVIDENCE`` are held at ``DESCRIPTION_ONLY_CAP`` (still strategic), and so
    are the ``described`` rows (in a board scan, those whose direction work only their
    description names: :func:`title_direction_rows`)."""
    weak = np.asarray(rows)[title_evidence < MIN_TITLE_EVIDENCE]
    if len(described):
        weak = np.union1d(weak, np.asarray(described, dtype=np.int64))
    if not len(weak):
        return proba
    out = proba.copy()
    out[weak, strategic] = np.minimum(out[weak, strategic], DESCRIPTION_ONLY_CAP)
    out[weak, 1 - strategic] = 1.0 - out[weak, strategic]
    return out


def board_word_weights(
    counts: np.ndarray, items: int, structure: np.ndarray, spared: np.ndarray | None = None
) -> np.ndarray | None:
    """Per feature column, its weight on a board whose ``items`` (sampled) items hold each
    column ``counts`` times (in how many items): 1, or less for the board's common words (see
    ``BOARD_WORDS_COMMON``); ``structure`` marks the columns that are never damped, ``spared``
    those damped only above ``BOARD_WORDS_SPARED_UP_TO`` (:func:`spared_columns`). None when
    the board is too small to say or has no common word."""
    if items < BOARD_WORDS_MIN_ITEMS:
        return None
    share = counts / items
    common = (share > BOARD_WORDS_COMMON) & ~structure
    if spared is not None:
        common &= ~(spared & (share <= BOARD_WORDS_SPARED_UP_TO))
    if not common.any():
        return None
    weights = np.ones(len(counts))
    weights[common] = (BOARD_WORDS_COMMON / share[common]) ** BOARD_WORDS_POWER
    return weights


# Direction work (session 7). In a board scan an item is strategic only when its evidence
# names direction work (``direction_capped``), and the report lists a sure strategic item among
# the board's surest only when its reason's terms or its list do (``names_direction``): one of
# them is a word of this vocabulary, accents folded, in the five languages read. It was
# written from the definition of strategic work the real labels use (vision, strategy,
# roadmap, market and customer research, pricing, business case, success metrics, surveys,
# launch, problem statement, personas, ideas, plans, priorities, experiments, partners), then
# widened with the direction concepts of the synthetic dev set's strategic items (segments,
# monetisation, build vs buy, sunsetting, value proposition, churn, vendors, decisions…) so
# that strategic items worded otherwise keep their label. A delivery card whose sure words
# are its domain's nouns ("software", an application's name) names none. Words that are
# everyday or delivery words in one of the languages are left out ("marche" — it works,
# "recherche"/"pesquisa" — search, "priority", "problem" alone, "size"); "persona" (a person,
# in Spanish) counts only in a list name. Session 9: a Spanish or Portuguese "propuesta" /
# "proposta" alone is the everyday word for a drafted document (a template, a campaign, a
# maintenance model proposed; every such real dev item is delivery work), so only a value
# proposition counts there; English and French proposals and propositions still do.
# Session 10: a price alone ("price", "prix", "precio", "Preis", "preço") is the everyday word
# for a field, a list or a rounding in every shop and ERP board (an SAP consultancy's board was
# read 8 % strategic on "prix" alone): only pricing — a price model, policy, strategy, point or
# quote, "tarification", "Preisgestaltung", "precificação" — names direction work.
# Likewise "business" alone ("business rules", "business hours", a form's "business details"
# section; "negocio", "affaires", "Geschäft"): only a business case, model, plan, goal, value,
# outcome, unit, opportunity or strategy does.
# Session 12: a set of use cases ("use cases", "Anwendungsfälle"; "casos de uso", "cas d'usage"
# as a list's name — the item's bigram holds a function word) is direction work: who uses the
# product and why. One "use case" is not: a clean-architecture class ("the CreateOrder use
# case") is delivery work.
# Session 12: a vendor alone is the everyday word for the supplier of a part — a bill of
# materials' vendor part number, an approved vendor list, a vendor item (three of an avionics
# PCB board's five false strategic calls on the fresh2-dev half were sure on 'vendor' alone):
# only choosing one — a vendor selection, evaluation, assessment, comparison, choice,
# shortlist — does.
# Session 16: likewise "packaging" alone is the box a part ships in (an avionics board's "add
# vendor item that doesn't include packaging" was strategic 0.99 on 'packaging' on all eight
# draws of the fresh2-dev half, first among the board's surest): only a product's packaging
# into tiers or editions — pricing and packaging, packaging tiers, a new packaging — does.
# Likewise "sales" alone: in an IT or CRM board it is a team, a case queue or a field ("Sales Ops
# cases", a "Dim Sales Product" filter, a sales representative on an account; three of an IT
# change-request board's six fresh2-dev false calls): only working with sales on direction
# does — sales leadership, enablement, the sales team, targets, channels, forecasts, helping or
# aligning sales.
_DIRECTION_WORDS = r"""
    strateg\w* estrateg\w* vision\w* visao roadmaps? road\smaps? hoja\s(?:de\s)?ruta
    feuille\s(?:de\s)?route
    markets? market\w+ mercados? marktforschung markt\w* etudes?\s(?:de\s)?marche
    pricing priced tarification\w* preisgestaltung precificacao price\s(?:points?|quotes?)
    (?:fijacion|politica|modelo|estrategia)\sde\sprecios (?:politique|modele|strategie)\sde\sprix
    (?:politica|modelo|estrategia)\sde\sprecos preismodell\w* preisstrategie\w*
    business\scases? casos?\s(?:de\s)?negocio rois? okrs? kpis? nps metrics? metricas? indicadores?
    indicateurs? kennzahl\w* goals? objectives? objetivos? objectifs? ziele? metas?
    surveys? encuestas? enquetes? umfragen? pesquisa\snps pesquisas?\s(?:de\s)?mercado
    research\w* marktanalyse investigacion\s(?:de\s)?mercado
    interviews? entrevistas? entretiens? usability usabilidad usabilidade utilisabilite
    user\stest\w* users?\stest\w* nutzertest\w* comprehension
    problem\sstatements? hypothes\w* hipotesis hipoteses? experiment\w*
    discovery descubrimiento decouverte descoberta ideas? ideation idees? ideen ideias?
    competit\w* competencia competidor\w* concurren\w* concorren\w* wettbewerb\w*
    positioning posicionamiento positionnement positionierung posicionamento
    launch\w* lanzamiento\w* lancement\w* markteinfuhrung lancamento\w* pilots? piloto\w*
    plan plans planning planned planes planeacion planificacion planeamiento planejamento
    planung planification
    prioriti[sz]\w* priorizar priorizacion prioriser priorisation priorisier\w* priorizacao
    investments? inversion\w* investissements? investition\w* investimentos?
    partnerships? alianzas? partenariats? partnerschaft\w* parcerias? adoption adopcion adocao
    segments? segmentation segmentos? tam monetis\w* monetiz\w* build\s(?:vs\s)?buy
    sunset\w* value\spropositions? propos(?:als?|e|ed|es|ing|itions?|er)
    propuestas?\s(?:de\s)?valor propostas?\s(?:de\s)?valor retention retencion
    retencao churn\w* attrition abwanderung benchmark\w* opportunit\w* oportunidad\w*
    oportunidades? opportunites? chancen bets? themes? tiers? editions?
    narratives? advisory resellers? productis\w* productiz\w* forecast\w* industry trends?
    tendencias? tendances? analysts? decide\w* decision\w* decidir decider entscheid\w*
    business\s(?:models?|plans?|goals?|value|outcomes?|units?|development|strateg\w*|opportunit\w*)
    modelos?\s(?:de\s)?negocios? plan\s(?:de\s)?negocios? modele\s(?:d\s)?affaires
    geschaftsmodell\w* revenue\w* ingresos receitas?
    revenus? umsatz\w* growth crecimiento croissance wachstum crescimento profit\w*
    rentabilidad rentabilite rentabilidade margins? journeys? jtbd north\sstar mission\w*
    offsites? stakeholders? executives? exec leadership investors? funding acquisitions?
    expansion negotiat\w* deals? marketing brand\w* messaging go\sto\smarket gtm
    demand waitlists? freemium retire\w* regulat\w* procurement outcomes? partner\w*
    vendors?\s(?:selection|evaluation|assessment|comparison|choice|shortlists?) long\sterm
    pricing\spackaging packaging\spricing packaging\s(?:tiers?|editions?|review|strateg\w*|model\w*)
    (?:new|plan|tier|feature|offer)\spackaging
    sales\s(?:leadership|enablement|team|targets?|channels?|forecasts?) (?:help|align)\ssales
    use\scases casos\s(?:de\s)?uso cas\s(?:d\s)?(?:usage|utilisation) anwendungsf(?:a|ae)lle
"""
# Session 8: kinds of direction work a strategic item may name in its own words (evaluation
# criteria, principles, budgets, user needs, insights, feasibility, ideation … in the five
# languages) — but not as a list's name: a "Criteria" or "Playbook" list holds delivery
# conditions ("runs in a container", "open licence") as much as direction work.
_ITEM_DIRECTION_WORDS = r"""
    criteria criterios criteres kriterien playbooks? principles? principios principes prinzipien
    grundsatze budgets? presupuestos? orcamentos? pain\spoints? user\sneeds customer\sneeds
    insights? audiences? target\sgroups? zielgruppen? publico\sobjetivo public\scible
    publico\salvo feasibility viabilidad faisabilite machbarkeit\w* viabilidade assumptions?
    supuestos? ideacion ideacao ideenfindung brainstorm\w* enunciado\sdel\sproblema
    declaracao\sdo\sproblema problem\sspace
"""
# Session 15 (fresh6-dev): the chapters of a German project proposal and business case
# (problem, justification, goal, scope exclusion, cost-effectiveness, payback, value analysis,
# outlook) and discovery work of a programme (focus groups, current-state maps, maturity targets)
# as an item's own words, never as a list's name. Not "personas" (Spanish for "people": a
# Spanish "register people" card would be strategic; it stays a list's word only).
_DISCOVERY_WORDS = r"""
    problemstellung\w* problembeschreibung\w* projektbegrundung\w* begrundung ausgangslage
    projektziel\w* zielsetzung\w* projektabgrenzung abgrenzung projektumfang
    wirtschaftlichkeit\w* amortisation\w* nutzwertanalyse\w* kosten\snutzen\w* projektkosten
    kostenaufstellung\w* ausblick fokusgruppe\w* reifegrad\w*
    focus\sgroups? current\sstate maturity
"""
# Session 17: German joins a direction word to what it is about, so the model's German words
# *Produktvision*, *Produktstrategie*, *Wachstumsstrategie*, *Quartalsziele*, *Kundeninterviews*,
# *Preishypothese* matched no direction word above ("vision", "strateg…" open a word) and a card
# named by one alone was held as delivery work. Only the kinds of strategy that are direction
# work (not *Teststrategie*, *Backupstrategie*). And the verb "to plan" in the four other
# languages (*planen*, *planear*, *planificar*, *planifier*, *planejar*), as English "plan" is:
# "what must we plan?" was held. As an item's words only: a German "Zu planen" list is a stage
# of delivery, not direction work.
_COMPOUND_AND_VERB_WORDS = r"""
    planen planear planificar planifier planejar
    (?:produkt|unternehmens|geschafts|wachstums|marketing|vertriebs|markt|preis|digital|marken)strategie\w*
    (?:produkt|unternehmens|marken)vision\w* (?:quartals|jahres|unternehmens|produkt)ziele?
    \w+interviews? \w*befragung\w* konkurren\w* zielgruppen\w* \w+hypothesen? \w+forschung
    forschung\w* metriken ist(?:analyse|aufnahme|zustand)\w* soll(?:konzept|zustand)\w*
    \w+roadmaps?
"""


def factored_alternation(alternatives: Sequence[str]) -> str:
    """``"|".join(alternatives)`` (regex fragments, none with a ``|`` outside a group) with the
    alternatives' shared leading letters factored out (``plan(?:s|ning)|pain\\spoints?``…),
    the ones that start with no plain letter after them: the same strings match. Python's
    ``re`` tries each alternative of a flat alternation at every word it reads; factored, only
    those that start with the letter it reads (session 23: ``_DIRECTION``'s 307 words, 11.7 →
    4.1 µs a title)."""
    tree: dict[str, Any] = {}
    rest: list[str] = []
    for alternative in alternatives:
        lead = 0  # plain letters or digits not under a quantifier
        while (
            lead < len(alternative)
            and alternative[lead] in _PLAIN
            and alternative[lead + 1 : lead + 2] not in ("?", "*", "+", "{")
        ):
            lead += 1
        if not lead:
            rest.append(alternative)
            continue
        node = tree
        for char in alternative[:lead]:
            node = node.setdefault(char, {})
        node.setdefault("", []).append(alternative[lead:])

    def pattern(node: dict[str, Any]) -> str:
        branches = [
            *node.get("", ()),
            *(char + pattern(node[char]) for char in sorted(node) if char),
        ]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return "|".join([*(char + pattern(tree[char]) for char in sorted(tree)), *rest])


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_DIRECTION_ALTERNATIVES = (
    _DIRECTION_WORDS + _ITEM_DIRECTION_WORDS + _DISCOVERY_WORDS + _COMPOUND_AND_VERB_WORDS
).split()
_DIRECTION = re.compile(r"\b(?:" + factored_alternation(_DIRECTION_ALTERNATIVES) + r")\b")
#: What a list's or label's name must say to name direction work.
_LIST_DIRECTION = re.compile(r"\b(?:" + factored_alternation(_DIRECTION_WORDS.split()) + r")\b")
# Session 11: a list named after a bid — an RFQ, RFP, tender, bid, "licitación", "appel
# d'offres", "Ausschreibung" — holds the bid's documents (price quote, approach, budget): direction
# work. Only as a list's name, never as an item's word (a tender's evaluation criteria cards are
# delivery conditions; "bid" is an auction button), nor a list of the tender's criteria.
_LIST_ONLY_DIRECTION = re.compile(
    r"\bpersonas?\b"
    r"|^(?!.*\b(?:criteria|criterios|criteres|kriterien)\b).*\b(?:rfps?|rfqs?|tenders?|bids?|"
    r"licitacion\w*|licitacao\w*|appels?\sd\soffres?|ausschreibung\w*)\b"
)
_SEPARATORS = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=1 << 14)
def normalised(text: str) -> str:
    """``text`` as the rules search it: accents folded, lower case, each run of other characters
    one space. Remembered (the last 16 384): a board scan's rules ask up to six tests of one
    title (the four title holds, the research and direction re-read) and each would fold and
    split it anew (session 24: on 100k distinct titles, 42 600 of the 106 000 asks passed their
    word pieces or were not ASCII, for 29 000 distinct titles); a board's lists and labels
    repeat. An ASCII text is split as bytes (the same string in half the time of the regex)."""
    if not text.isascii():
        return _SEPARATORS.sub(" ", fold_accents(text).lower())
    spaced = text.encode("ascii").translate(_LOWER_OR_SPACE)
    words = spaced.split()
    if not words:
        return " " if spaced else ""
    said = b" ".join(words).decode("ascii")
    if spaced[0] == 32:  # the text starts, or ends, with characters of no word: one space
        said = " " + said
    return said + " " if spaced[-1] == 32 else said


#: ASCII letters in lower case and digits as they are, every other byte a space.
_LOWER_OR_SPACE = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256)
)


# Session 12 (late): research and validation work named in a title's own words, words the
# model may not know or reads as delivery on its own ('suppliers', a questionnaire, a
# stakeholder matrix, a project charter): choosing suppliers, interviewing customers or users
# and writing the guide or questionnaire for it, profiling competitors, validating a market,
# mapping stakeholders, chartering or pitching a project. Read on the title only (folded,
# lower case, five languages), and only to spare an item the model already calls strategic
# from the direction rules' hold: never a push of its own. Not "proposal" (a "Proposal form"
# is an app's form; "Desarrollar propuesta" a delivery proposal: two false calls on the dev
# halves), nor a bare "pitch" (a sports board's pitcher and pitch counts): only pitching a
# project, product or idea.
#: Research by talking to people (interviews, questionnaires, surveys; five languages, folded):
#: a research title names it (``_TITLE_RESEARCH``) and the board's damping spares it
#: (``_SPARED_RESEARCH``).
_TALKING_RESEARCH = (
    r"interview\w*|\w+interviews?|entrevist\w+|entretiens?|questionnaires?|cuestionarios?|"
    r"questionarios?|fragebogen\w*|surveys?|encuestas?|enquetes?|umfragen?"
)
# Session 17: an as-is or target analysis — the German *Ist-Analyse*, *Ist-Aufnahme*,
# *Ist-Zustand*, *Soll-Konzept*, *Soll-Zustand* (hyphenated, spaced or joined), the Spanish
# *análisis de la situación actual*, the Portuguese *análise da situação atual*, the French
# *analyse de l'existant*, an as-is or current-state analysis — is discovery work. In German the
# "Ist" of *Ist-Analyse* is the function word "is": an item never reads it as evidence, so the
# model sees only 'analyse' and the direction hold took such a card for delivery work. The
# title names it instead (a spare, never a push: "Ist" and "Soll" stay no feature and never
# show in a reason). Not *Ist-Stunden* or a *Soll-Wert* (a time sheet's hours, a form's value),
# nor *état des lieux* (a rental's move-in inspection on a property board).
AS_IS_ANALYSIS = (
    r"(?:ist|soll)\s?(?:analysen?|aufnahmen?|zustand|zustandes|konzepte?s?|situation)|"
    r"analisis\s(?:de\s)?(?:la\s)?situacion\sactual|analise\s(?:da\s)?situacao\satual|"
    r"analyse\s(?:de\s)?(?:l\s)?existant|as\sis\s(?:analysis|assessment)|"
    r"current\sstate\s(?:analysis|assessment)"
)
_TITLE_RESEARCH = re.compile(
    r"\b(?:" + _TALKING_RESEARCH + "|"
    r"competit\w*|competidor\w*|concurren\w*|concorren\w*|wettbewerb\w*|rivals?|benchmark\w*|"
    r"(?:evaluat|assess|select|compar|shortlist|choos|identif)\w*(?:\s\w+){0,4}\s"
    r"(?:suppliers?|vendors?)|(?:suppliers?|vendors?)\s(?:selection|evaluation|assessment|"
    r"comparison|choice|shortlists?|risks?)|"
    r"(?:evaluacion|seleccion|evaluar|seleccionar|comparar|comparacion)\s(?:de\s)?(?:los\s)?"
    r"proveedores|(?:evaluation|selection|choix|comparaison)\s(?:des?\s)?fournisseurs|"
    r"lieferanten(?:auswahl|bewertung|vergleich)\w*|(?:avaliacao|selecao|avaliar|selecionar|"
    r"comparar|comparacao)\s(?:de\s|dos\s)?fornecedores|"
    r"market\w*\s(?:validation|reports?|study|studies|analysis|research|sizing)|"
    r"(?:estudio|analisis|investigacion|informe|estudo|analise|pesquisa|relatorio)\s(?:de\s)?"
    r"mercado|etudes?\s(?:de\s)?marche|analyse\s(?:de\s|du\s)?marche|markt(?:analyse|forschung|"
    r"studie)\w*|validat\w*\s(?:(?:the|of|our)\s)?(?:demand|market|problem|idea|concept|"
    r"hypothes\w*)|validacion\s(?:de\s)?(?:la\s)?(?:idea|mercado|problema|demanda)|"
    r"validacao\s(?:de\s|do\s|da\s)?(?:ideia|mercado|problema|demanda)|"
    r"(?:customer|user|client|usuario|cliente|kunden|nutzer)s?\s(?:research|discovery|needs)|"
    r"stakeholders?|stakeholder\w+|(?:matriz|mapa|analisis|analise|registro)\s(?:de\s)?(?:los\s|"
    r"las\s)?(?:partes\s)?interesad[oa]s|partes\sinteressadas|parties\sprenantes|"
    r"interessengruppen|anspruchsgruppen|project\scharter|acta\s(?:de\s)?constitucion|"
    r"termo\s(?:de\s)?abertura|charte\s(?:de\s|du\s)?projet|projektauftrag|"
    r"pitch\sdecks?|(?:elevator|project|product|investor|startup|business)\spitch(?:es)?|"
    r"pitch(?:ing)?\s(?:(?:the|our|a|an|o|do|da|el|del|de|le|du|den)\s)?(?:project|product|"
    r"idea|proposal|concept|business|startup|projeto|proyecto|projet|produto|producto|produit|"
    r"investors?|sponsors?|stakeholders?)|(?:apresentar|preparar|presentar|preparer|presenter)"
    r"\s(?:o\s|el\s|le\s)?pitch|" + AS_IS_ANALYSIS + r")\b"
)


# A word piece every match of _TITLE_RESEARCH holds (its normalised title's letters, no
# separator inside): an ASCII title with none of them cannot match, and most titles a scan asks
# about hold none (14 000 of a 100 000-item export's titles are asked; folding each cost 0.1 CPU
# s per 100 000 items). Non-ASCII titles take the full path (folding may make a piece).
TITLE_RESEARCH_PIECES = (
    "interview",
    "entrevist",
    "entretien",
    "questionnaire",
    "cuestionario",
    "questionario",
    "fragebogen",
    "survey",
    "encuesta",
    "enquete",
    "umfrage",
    "competi",
    "concurren",
    "concorren",
    "wettbewerb",
    "rival",
    "benchmark",
    "supplier",
    "vendor",
    "proveedor",
    "fournisseur",
    "lieferant",
    "fornecedor",
    "market",
    "mercado",
    "marche",
    "markt",
    "valida",
    "research",
    "discovery",
    "needs",
    "stakeholder",
    "interesad",
    "interessad",
    "prenantes",
    "interessengruppen",
    "anspruchsgruppen",
    "charte",
    "constitucion",
    "abertura",
    "projektauftrag",
    "pitch",
    # AS_IS_ANALYSIS (session 17)
    "analyse",
    "aufnahme",
    "zustand",
    "konzept",
    "situation",
    "situacion",
    "situacao",
    "existant",
    "assessment",
    "analysis",
)


def literal_trie(pieces: Sequence[str]) -> str:
    """A regex that a text holds a match of exactly when it holds one of ``pieces`` (plain
    letters), the alternatives factored by their shared starts (``c(?:harte|o(?:mpeti|…))``):
    Python's ``re`` tries every alternative of a flat alternation at each position of the
    text, but only the branch of the letter it reads here (a search over 42 000 titles: 0.149
    → 0.068 CPU s). A piece that starts a longer one ends the branch (it matches first)."""
    tree: dict[str, dict] = {}
    for piece in pieces:
        node = tree
        for char in piece:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        if "" in node:
            return ""
        if not node:
            return "(?!)"  # no pieces: nothing matches
        branches = [re.escape(char) + pattern(node[char]) for char in sorted(node)]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(tree)


_TITLE_RESEARCH_PIECES = re.compile(literal_trie(TITLE_RESEARCH_PIECES))


def title_names_research(title: str | None) -> bool:
    """Whether an item's title names research or validation work in its own words
    (``_TITLE_RESEARCH``)."""
    return _title_says(title, _TITLE_RESEARCH_PIECES, _TITLE_RESEARCH)


def _title_says(title: str | None, pieces: re.Pattern[str], pattern: TitleTest) -> bool:
    """Whether ``pattern`` matches the folded, lower-case ``title``; a title without any of the
    word ``pieces`` every match holds cannot match (the one search most titles take: an ASCII
    title's in its lower case, without folding it)."""
    if not title:
        return False
    if title.isascii():
        if not pieces.search(title.lower()):
            return False
        return bool(pattern.search(normalised(title)))
    said = normalised(title)
    # (session 20) every match holds a piece in the folded title: one search of the pieces
    # spares the full pattern's for most non-ASCII titles too (a sixth of real boards' titles)
    return pieces.search(said) is not None and bool(pattern.search(said))


# Session 17: direction work named in a title's plain English words, for the re-read without
# type and list only (:func:`research_rows`): never a push of its own, never a spare from the
# direction rules' hold (that asks :func:`title_names_research`). Nouns that name the work itself,
# not the broad direction vocabulary of ``_DIRECTION`` ("plan", "goals", "metrics", "decision" —
# measured with them: 15 more false calls on the dev halves' bundled scans, most of them Spanish
# and Portuguese planning cards). Not the nouns a delivery title uses for a screen or a
# component: "pricing" (a pricing page, tiers in the billing system), "vision" (a vision API),
# "positioning" (a tooltip's), "north star" (a metric's dashboard), "strategic" (strategic
# accounts) — on the generated 100k Jira export they turned 604 delivery items strategic for no
# dev item found; nor "personas" (Spanish for "people").
_TITLE_DIRECTION = re.compile(
    r"\b(?:strateg(?:y|ies)|roadmaps?|road\smaps?|segmentation|focus\sgroups?|business\scases?|"
    r"go\sto\smarket|value\spropositions?|okrs?|pain\spoints?|current\sstate|maturity)\b"
)
# A word piece every match of _TITLE_DIRECTION holds (its lower-case title's letters): an ASCII
# title with none of them cannot match (the one search most titles take, as for research titles).
TITLE_DIRECTION_PIECES = (
    "strateg",
    "road",
    "segmentation",
    "focus",
    "business",
    "market",
    "proposition",
    "okr",
    "pain",
    "state",
    "maturity",
)
_TITLE_DIRECTION_PIECES = re.compile(literal_trie(TITLE_DIRECTION_PIECES))


def _title_names_direction(title: str | None) -> bool:
    """Whether an item's title names direction work in plain English words
    (``_TITLE_DIRECTION``: a strategy, a roadmap, segmentation, focus groups …)."""
    return _title_says(title, _TITLE_DIRECTION_PIECES, _TITLE_DIRECTION)


#: :func:`_title_names_direction`, its answers remembered per title (the last 8 192, as
#: :func:`models.language.fold_accents` remembers its folds): a board's titles repeat across its
#: batches (the generated 100k Jira export: 573 titles), and the ones the re-read asks about
#: name "strategy" or "roadmap", so they pass the ASCII pre-check and take the full search
#: (session 17, issue 16: :func:`research_rows` 0.17 -> 0.09 CPU s on it).
title_names_direction = functools.lru_cache(maxsize=8192)(_title_names_direction)


#: The most titles a :class:`ResearchTitles` holds (it starts over then): a whole scan's, a few
#: MiB at most.
RESEARCH_TITLES_KEPT = 1 << 15


class ResearchTitles(dict):
    """:func:`title_names_research` of each title asked, remembered (title -> answer): one
    batch's rules ask it of the same titles up to three times (the direction hold, the title
    hold, the research re-read), and the second reading's titles are the batch's (session 15);
    a board's titles repeat across its batches (session 18: one for a whole scan). One per
    batch or scan (:func:`research_remembered`): ``names[title]``."""

    __slots__ = ()

    def __missing__(self, title: str | None) -> bool:
        if len(self) >= RESEARCH_TITLES_KEPT:
            self.clear()
        named = self[title] = title_names_research(title)
        return named


_REMEMBERED: ContextVar[ResearchTitles | None] = ContextVar("research_titles", default=None)


@contextmanager
def research_remembered() -> Iterator[ResearchTitles]:
    """Within it (one batch of a classifier, or a whole scan's batches:
    :func:`analyzer.pipeline.classify_items`), the rules' research-title answers are
    remembered, title by title (:class:`ResearchTitles`), in this thread or task only; inside
    another, the outer one's are (a scan's batches share them). The rules' own arguments stay
    as they were (subclasses and research scripts replace the methods that call them)."""
    outer = _REMEMBERED.get()
    if outer is not None:
        yield outer
        return
    names = ResearchTitles()
    token = _REMEMBERED.set(names)
    try:
        yield names
    finally:
        _REMEMBERED.reset(token)


def _research_names() -> Callable[[str | None], bool]:
    """:func:`title_names_research`, or the remembered answers' look-up inside
    :func:`research_remembered`."""
    names = _REMEMBERED.get()
    return title_names_research if names is None else names.__getitem__


#: The same, for the classifier (its reasons say which reading was kept: research or direction).
research_names = _research_names


# The words the board's damping spares (session 13): research by talking to people —
# interviews, questionnaires, surveys (``_TALKING_RESEARCH``, also in ``_TITLE_RESEARCH``).
# Not the other research words: competitors, stakeholders and market words are a product's
# domain on a marketing-analytics board (the second fresh set's Brand Growth: its features are
# named after competitors), where sparing them raised its board prior 3.0 -> 4.2 % and found
# nothing.
_SPARED_RESEARCH = re.compile(r"\b(?:" + _TALKING_RESEARCH + r")\b")


def spared_columns(names: Sequence[str]) -> np.ndarray:
    """Per feature name, whether it is a word or bigram of research by talking to people
    (``_SPARED_RESEARCH``: 'interviews', 'survey', 'interview guide', 'cuestionario'…); list,
    label, type, level and form features never are. The board's damping spares them up to
    ``BOARD_WORDS_SPARED_UP_TO``."""
    return np.fromiter(
        (":" not in name and bool(_SPARED_RESEARCH.search(name)) for name in names),
        bool,
        len(names),
    )


def direction_columns(names: Sequence[str]) -> np.ndarray:
    """Per feature name, 1.0 when it names direction work (a word or bigram of ``_DIRECTION``,
    or a list/label feature whose name is one or says personas), else 0.0."""
    out = np.zeros(len(names))
    for index, name in enumerate(names):
        if name.startswith(("column:", "label:")):
            where = name.split(":", 1)[1]
            hit = _LIST_DIRECTION.search(where) or _LIST_ONLY_DIRECTION.search(where)
        elif ":" in name:
            hit = None  # issue type, level, form: never direction by themselves
        else:
            hit = _DIRECTION.search(name)
        out[index] = 1.0 if hit else 0.0
    return out


def direction_capped(
    proba: np.ndarray,
    strategic: int,
    direction: np.ndarray,
    docs: Sequence[Any],
    listed: np.ndarray | None = None,
    total: np.ndarray | None = None,
) -> np.ndarray:
    """In a board scan, strategic needs direction work among its evidence: an item whose push
    toward strategic comes through no word or list feature of ``_DIRECTION`` (``direction`` is
    that push per row; at most ``MIN_DIRECTION_PUSH``, or with ``total`` — each row's whole
    push toward strategic — less than ``MIN_DIRECTION_SHARE`` of it, counts as none), and whose
    own list and labels (``docs[i].column``, ``.labels``: a list the model never saw) name none
    either, is delivery work: its strategic probability is held at
    ``NO_DIRECTION_STRATEGIC_CAP`` — a card sure by its domain's nouns ("software", an
    application's name) is tactical.

    A list named after a stage of delivery as well as after direction work ("Backlog / Ideas",
    see ``mixed_list``) is a pile of both: its name is no evidence, so an item there needs a
    direction word of its own; so does a card labelled as delivery work (``delivery_labelled``,
    session 18) whatever its list (``listed``: the part of ``direction`` that came through
    list/label features, per row, subtracted for such items).

    Whole arrays (session 8): the rows are chosen by numpy and a list's or label set's verdict
    is looked up once per process (:func:`_place_named`), not once per batch;
    its readable per-item reference is in tests/test_direction_rules_vectorised.py."""
    held = direction_held(proba, strategic, direction, docs, listed, total)
    return held_at_cap(proba, held, strategic)


def direction_held(
    proba: np.ndarray,
    strategic: int,
    direction: np.ndarray,
    docs: Sequence[Any],
    listed: np.ndarray | None = None,
    total: np.ndarray | None = None,
) -> np.ndarray:
    """The rows :func:`direction_capped` holds, ascending (the scan's reasons name the rule for
    them, ``HELD_REASON``). ``total``: each row's whole push toward strategic; with it, a row
    whose direction push is less than ``MIN_DIRECTION_SHARE`` of it counts as naming none."""
    if listed is not None:
        at = np.flatnonzero(listed > 0.0)
        if len(at):
            mixed = np.fromiter(
                (
                    _mixed(docs[i].column) or delivery_labelled(tuple(docs[i].labels or ()))
                    for i in at.tolist()
                ),
                dtype=bool,
                count=len(at),
            )
            if mixed.any():
                direction = direction.copy()
                direction[at[mixed]] -= listed[at[mixed]]
    floor = max(MIN_DIRECTION_PUSH, 1e-12)
    weak = direction <= floor
    if total is not None and MIN_DIRECTION_SHARE > 0:
        weak |= direction < MIN_DIRECTION_SHARE * total
    bare = np.flatnonzero(weak & (proba[:, strategic] > NO_DIRECTION_STRATEGIC_CAP))
    if not len(bare):
        return bare
    aware = listed is not None
    names = _research_names()
    named = np.fromiter(
        (
            _place_named(docs[i].column, tuple(docs[i].labels or ()), aware)
            or names(getattr(docs[i], "title", None))
            for i in bare.tolist()
        ),
        dtype=bool,
        count=len(bare),
    )
    return bare[~named]


def direction_read_alike(
    low: np.ndarray,
    high: np.ndarray,
    listed: np.ndarray,
    total: np.ndarray | None,
    returned: bool,
) -> np.ndarray:
    """Per row, whether every direction push from ``low`` to ``high`` (each row's) is judged
    alike by the rules that read it (session 25): :func:`direction_held` (its floor, and its
    share of ``total``; the push as it is and less ``listed``, a mixed list's) and, with
    ``returned`` (a board scan hands ``direction - listed`` on), :func:`title_direction_rows`'
    ``MIN_DESCRIPTION_DIRECTION``. Each threshold with a margin of 1e-9 either side; a row
    whose bounds are not finite is not alike. The title holds are asked only of the rows that
    are not (``LinearRoleModel._ruled``): a hold only lowers, or raises, a push within them."""
    between = np.zeros(len(low), dtype=bool)
    floor = max(MIN_DIRECTION_PUSH, 1e-12)  # (direction_held's)
    for shift in (0.0, listed):
        between |= _straddled(low - shift, high - shift, floor)
        if total is not None and MIN_DIRECTION_SHARE > 0:
            between |= _straddled(low - shift, high - shift, MIN_DIRECTION_SHARE * total)
    if returned:
        between |= _straddled(low - listed, high - listed, MIN_DESCRIPTION_DIRECTION)
    between |= ~(np.isfinite(low) & np.isfinite(high) & np.isfinite(listed))
    if total is not None:
        between |= ~np.isfinite(total)
    return ~between


def _straddled(low: np.ndarray, high: np.ndarray, threshold: float | np.ndarray) -> np.ndarray:
    """Per row, whether ``threshold`` lies between ``low`` and ``high``, 1e-9 either side."""
    return (low - 1e-9 <= threshold) & (high + 1e-9 >= threshold)


@functools.lru_cache(maxsize=1 << 16)
def _mixed(column: str | None) -> bool:
    """:func:`mixed_list`, remembered (a board has few distinct lists)."""
    return mixed_list(column)


@functools.lru_cache(maxsize=1 << 16)
def _place_named(column: str | None, labels: tuple[str, ...], mixed_aware: bool) -> bool:
    """Whether a list and label set name direction work (:func:`names_direction`); with
    ``mixed_aware`` a mixed list's name (:func:`mixed_list`) is no evidence, nor the list of a
    card labelled as delivery work (:func:`delivery_labelled`). Remembered: a board has few
    distinct lists and label sets, and the verdict depends on them alone."""
    if mixed_aware and (_mixed(column) or delivery_labelled(labels)):
        column = None
    return names_direction(_as_labels(labels), column)


# Session 18: a card its team labelled as a kind of delivery work — a feature request, a bug, a
# defect, an enhancement, a hotfix (five languages, folded) — is delivery work wherever it sits:
# its list's name is no evidence for it, as a mixed list's is not (``direction_held``), so it
# needs a direction word of its own. fresh-dev: a feature request filed in a list named after
# the usability test it came from was strategic 0.99 on the list's name on all eight draws; of
# the dev halves' 27 cards with such a label it is the only one read strategic, and none is
# strategic by our labels.
_DELIVERY_KIND = re.compile(
    r"\b(?:feature\srequests?|bugs?|bugfix\w*|hotfix\w*|defects?|enhancements?|errores|"
    r"bogues?|anomalies|fehler|defeitos?|erros?)\b"
)


@functools.lru_cache(maxsize=1 << 16)
def delivery_labelled(labels: tuple[str, ...]) -> bool:
    """Whether a card's labels name a kind of delivery work (``_DELIVERY_KIND``)."""
    said = _SEPARATORS.sub(" ", fold_accents(" ".join(labels)).lower())
    return bool(labels) and bool(_DELIVERY_KIND.search(said))


# Names of delivery stages (a list that says where an item is in its life), five languages,
# accents folded: a list named after one of them *and* after direction work is a mixed pile.
# Session 10: "ready", "waiting", "passed", UAT, "in development"/"in review" and their es/fr/
# de/pt forms too — a "Ready for user testing" list holds delivery cards waiting for their
# acceptance test, not usability research, so its "user testing" is no evidence either.
# Session 11: "old" and "obsolete" too — an "OLD: Planning" list is a pile of past work, like
# an archive (a Spark team's old planning list held delivery tasks read strategic).
_STAGE_WORDS = r"""
    backlogs? to\sdo todo doing done in\sprogress qa icebox archived?
    closed finished completed? pendientes? por\shacer haciendo hecho terminados? en\scurso
    completados? a\sfaire en\scours fait termines? afaire offen erledigt in\sarbeit fertig
    abgeschlossen a\sfazer fazendo feito concluidos? pendentes? em\sandamento sprint\w*
    ready waiting passed uat in\sdevelopment in\sreview listos?\spara listas?\spara
    old obsolete obsoletos? obsoletas? veraltet\w*
    pret\w*\spour bereit pronto\spara prontos\spara
"""
_STAGE = re.compile(r"\b(?:" + "|".join(_STAGE_WORDS.split()) + r")\b")


def no_direction_capped(
    proba: np.ndarray,
    strategic: int,
    direction: np.ndarray,
    docs: Sequence[Any],
    listed: np.ndarray | None = None,
    total: np.ndarray | None = None,
) -> np.ndarray:
    """Without a board (``classify``, ``evaluate``): an item :func:`direction_held` would hold
    in a scan (same arguments) is strategic at most ``NO_DIRECTION_CLASSIFY_CAP`` — words that
    name no direction work carry no sure strategic label. Only the rows surer than the cap are
    judged (a copy; ``proba`` itself when none changes). 1.0: off."""
    cap = NO_DIRECTION_CLASSIFY_CAP
    sure = proba[:, strategic] > cap
    if cap >= 1.0 or not sure.any():
        return proba
    probe = np.where(sure[:, None], proba, 0.0)  # the other rows are left out of the judging
    rows = direction_held(probe, strategic, direction, docs, listed, total)
    if not len(rows):
        return proba
    out = proba.copy()
    out[rows, strategic] = cap
    out[rows, 1 - strategic] = 1.0 - cap
    return out


def most_raised_to() -> float:
    """The most strategic any rule of a board scan's reading sets a row it raises (session 25):
    :func:`evidence_capped`'s one-word clip (``1 - ONE_WORD_CAP``) and :func:`held_at_cap`
    (``NO_DIRECTION_STRATEGIC_CAP``); every other rule only lowers a row's strategic
    probability (:func:`list_only_capped`, :func:`description_capped` and the evidence cap).
    A row the calibration puts under ``RESEARCH_TITLE_KEEP_ABOVE`` stays under it when this is
    too: ``LinearRoleModel._rereads_may_keep`` reads it. A new rule that raises a row must be
    named here (``tests/test_s25_title_asks.py`` compares with every row read again)."""
    return max(1.0 - ONE_WORD_CAP, NO_DIRECTION_STRATEGIC_CAP)


def held_at_cap(proba: np.ndarray, held: Sequence[int] | np.ndarray, strategic: int) -> np.ndarray:
    """``proba`` with the ``held`` rows at ``NO_DIRECTION_STRATEGIC_CAP`` strategic (a copy;
    ``proba`` itself when none is held)."""
    if not len(held):
        return proba
    out = proba.copy()
    out[held, strategic] = NO_DIRECTION_STRATEGIC_CAP
    out[held, 1 - strategic] = 1.0 - NO_DIRECTION_STRATEGIC_CAP
    return out


def mixed_list(column: str | None) -> bool:
    """Whether a list is named after a delivery stage and after direction work at once
    ("Backlog/Future Work/Ideas"): its name says neither role."""
    if not column:
        return False
    where = _SEPARATORS.sub(" ", fold_accents(column).lower())
    named = _LIST_DIRECTION.search(where) or _LIST_ONLY_DIRECTION.search(where)
    return bool(named and _STAGE.search(where))


def title_direction_capped(
    proba: np.ndarray,
    strategic: int,
    rows: np.ndarray,
    title_evidence: np.ndarray,
    title_direction: np.ndarray,
    docs: Sequence[Any],
) -> np.ndarray:
    """In a board scan, an item strategic by its description rather than its title (its title
    pushes less than ``MIN_TITLE_EVIDENCE``) whose title, list and labels name no direction
    work is delivery work: a delivery card's long description mentions markets and plans in
    passing. Held at ``NO_DIRECTION_STRATEGIC_CAP``. An item without a title is left alone (its
    description is all it says). Whole arrays, like :func:`direction_capped`;
    its readable per-item reference is in tests/test_direction_rules_vectorised.py."""
    held, _ = title_direction_rows(rows, title_evidence, title_direction, docs)
    return held_at_cap(proba, held, strategic)


def title_direction_rows(
    rows: np.ndarray,
    title_evidence: np.ndarray,
    title_direction: np.ndarray,
    docs: Sequence[Any],
    direction: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Of the strategic ``rows`` with a description (their titles' push toward strategic
    ``title_evidence``, and through direction words ``title_direction``), those whose title,
    list and labels name no direction work (an item without a title is left alone): the rows
    to hold as delivery work — the title pushes less than ``MIN_TITLE_EVIDENCE``
    (:func:`title_direction_capped`), or (session 12, with ``direction``: each row's push
    through direction words, the item's words only) the description names direction work in
    passing, less than ``MIN_DESCRIPTION_DIRECTION`` — and the rows strategic by their
    description's direction words, to keep below the surest (``DESCRIPTION_ONLY_CAP``,
    :func:`description_capped`). Both ascending."""
    rows = np.asarray(rows, dtype=np.int64)
    unnamed = np.asarray(title_direction) <= 0.0
    weak = np.asarray(title_evidence) < MIN_TITLE_EVIDENCE
    if direction is None:
        unnamed &= weak
    at = np.flatnonzero(unnamed)
    if not len(at):
        return at, at
    names = _research_names()
    kept = np.fromiter(
        (
            bool(docs[i].title)
            and not _place_named(docs[i].column, tuple(docs[i].labels or ()), True)
            and not names(docs[i].title)
            for i in rows[at].tolist()
        ),
        dtype=bool,
        count=len(at),
    )
    at = at[kept]
    if direction is None:
        return rows[at], rows[at][:0]
    hold = weak[at] | (np.asarray(direction)[rows[at]] < MIN_DESCRIPTION_DIRECTION)
    return np.sort(rows[at][hold]), np.sort(rows[at][~hold])


# An engineering strategy — a test, caching, branching, migration, deployment… strategy — is
# delivery work (session 8: a team task about a test strategy was among a board's surest
# strategic items on 'strategy'). Folded, lower case, five languages.
_ENGINEERING_STRATEGY = re.compile(
    r"\b(?:(?:automated\s)?tests?|testing|qa|caching|cache|branching|branch|merge|migration|"
    r"deployment|deploy|release|rollback|backup|retry|rollout|indexing|logging|scaling|"
    r"sharding|versioning|naming|error\shandling)\sstrateg\w*"
    r"|\b(?:e?strateg\w*)\s(?:de|of|for|du|des|da|do)\s(?:la\s|las\s|les\s|os\s|as\s)?"
    r"(?:tests?|testes|pruebas|testing|cache|cach[eé]|migracion|migration|migracao|despliegue|"
    r"deploiement|implantacao|ramas|branches|branching|sauvegarde|backups?|respaldo|versionado|"
    r"versionnage|versionamento)\b"
)
_STRATEGY_TERM = re.compile(r"\be?strat[eé]g")
#: Every match of _ENGINEERING_STRATEGY holds it (a hold's ``pieces``, see ``TitleHold``).
ENGINEERING_STRATEGY_PIECES = ("strateg",)


# A view is not a vision (session 16): a screen's or a dashboard's view named next to a screen
# word — Portuguese "Aba Visão …" (a tab), "Tela Visão Geral", a "vision tab" — is delivery work
# (fresh7-dev's only false call on all eight draws was a dashboard tab "Visão …" on 'visao').
# Folded, lower case; the screen word just before or just after the view word. Not "page"
# (pagina, Seite): a product's "vision page" is a wiki page holding the vision (lead's review).
_SCREEN = (
    r"(?:tabs?|abas?|pestanas?|onglets?|reiter|screens?|telas?|pantallas?|ecrans?|dashboards?|"
    r"panels?|paineis|painel|menu)"
)
_VIEW = r"(?:visao|vision|visiones|visoes|vue|ansicht)"
_SCREEN_VIEW = re.compile(
    rf"\b{_SCREEN}\s(?:(?:de|da|do|of|du|der)\s)?{_VIEW}\b|\b{_VIEW}\s{_SCREEN}\b"
)
_VIEW_TERM = re.compile(r"\bvis(?:ao|ion\w*|oes)\b")
#: Every match of _SCREEN_VIEW holds one (its view word, ``_VIEW``).
SCREEN_VIEW_PIECES = ("visao", "vision", "visoes", "vue", "ansicht")


# Session 18: prices named as data to check — an item's or a till's price, prices that must match
# another system's, a price mismatch or rounding error — are delivery work (fresh8-dev: a retail
# pilot's card checking an item's price in its app against the till system's was strategic 0.91
# on 'pricing' alone on all eight draws). Folded, lower case, five languages: a price word after
# a word naming what is priced (item, SKU, article, line, till, basket, invoice, order …), or with
# a word of checking two sources against each other (match, mismatch, discrepancy, sync,
# reconcile, wrong, rounding …) anywhere in the title. Not a product's, plan's or tier's pricing,
# nor pricing validated with customers: of the 7 767 export titles outside the test halves it
# names that card alone.
_PRICE = r"(?:pricing|prices?|precios?|prix|preise?|precos?|preis)"
_PRICE_CHECK = (
    r"(?:match\w*|mismatch\w*|discrepanc\w*|inconsisten\w*|consisten\w*|sync\w*|reconcil\w*|"
    r"wrong|incorrect\w*|rounding|coincid\w*|abgleich\w*|correspond\w*|concord\w*|errone\w*|"
    r"falsch\w*)"
)
_PRICE_DATA = re.compile(
    r"\b(?:items?|skus?|articles?|artikel\w*|articulos?|artigos?|line|unit|shelf|till|pos|"
    r"barcodes?|basket|cart|checkout|invoices?|facturas?|factures?|rechnung\w*|order|pedidos?|"
    rf"commandes?)\s{_PRICE}\b|\b(?:artikel|stuck|einzel|regal|kassen|verkaufs)preis\w*"
    rf"|\b{_PRICE}\b.*\b{_PRICE_CHECK}\b|\b{_PRICE_CHECK}\b.*\b{_PRICE}\b"
)
_PRICE_TERM = re.compile(r"\b(?:pric\w*|precios?|prix|preis\w*|precos?)\b")
#: Every match of _PRICE_DATA holds one (its price word, ``_PRICE``, or a German ``…preis``).
PRICE_DATA_PIECES = ("pric", "precio", "prix", "preis", "preco")


# Session 18: the verb "to plan" (session 17: *planen*, *planear*, *planificar*, *planifier*,
# *planejar*, and an English title opening with "Plan") names direction work by what is planned.
# With an object that names none — "Umzug des Servers planen" (a server move), "Release 2.4
# planen", "Plan the datacenter cutover" — it is delivery work: the verb's push is cleared and the
# item held unless another word names direction work. Kept: an object that is direction work
# ("Produktstrategie planen", "Markteinführung planen"), a period of time ("Quartal planen",
# "Plan the year"), and a plan with no object ("Was müssen wir planen?", whose card says what in
# its description). A content word is one of three letters or more that is no function word.
_PLAN_VERBS = frozenset(["planen", "planear", "planificar", "planifier", "planejar"])
_PLAN_PERIOD = re.compile(
    r"\b(?:years?|quarters?|half|months?|jahr\w*|halbjahr\w*|quartal\w*|monat\w*|anos?|"
    r"trimestres?|semestres?|mes|meses|annees?|mois)\b"
)


class _PlanWithoutDirectionObject:
    """A title test (``TitleHold.title``): a plan verb whose object names no direction work."""

    pattern = "a plan verb with an object that names no direction work"

    def search(self, folded: str) -> bool:
        tokens = folded.split()
        verbs = _PLAN_VERBS | ({"plan"} if tokens[:1] == ["plan"] else set())
        if not verbs.intersection(tokens):
            return False
        rest = " ".join(t for t in tokens if t not in verbs)
        if _DIRECTION.search(rest) or _PLAN_PERIOD.search(rest):
            return False
        return any(len(t) > 2 and t.isalpha() and t not in NOT_EVIDENCE for t in rest.split())


_PLAN_OBJECT = _PlanWithoutDirectionObject()
_PLAN_TERM = re.compile(r"^(?:planen|planear|planificar|planifier|planejar|plan)$")
#: Every title _PLAN_OBJECT holds has one of its verbs, and each holds "plan".
PLAN_OBJECT_PIECES = ("plan",)


#: Titles each title hold remembers its answer for (it then starts over).
TITLE_HOLDS_KEPT = 1 << 15


class TitleTest(Protocol):
    """What a title hold searches a folded, lower-case title with (a compiled pattern is one)."""

    def search(self, folded: str) -> object: ...


@dataclass(frozen=True)
class TitleHold:
    """A title that names delivery work with a direction word (session 16, issue 12): in a board
    scan the push of the words it ``clears`` is taken out of the item's direction push
    (``LinearRoleModel``'s direction rules), and those words out of its reason's terms
    (:func:`names_direction`). ``title`` is searched in the folded, lower-case title (a compiled
    pattern, or any :class:`TitleTest`: session 18's plan verb reads the title's words)."""

    name: str
    title: TitleTest
    clears: re.Pattern[str]
    #: Optional: word pieces (plain letters, ``literal_trie``), one of which every folded title
    #: the hold holds contains (then so does an ASCII title's lower case). A title without any
    #: is not held, an ASCII one without being folded, a folded one without its test's search
    #: (session 20). None: every title is searched.
    pieces: re.Pattern[str] | None = field(default=None, compare=False)
    # title -> whether it is held: a scan asks again for each of its rows (session 19: keyed by
    # the title alone; a cache keyed by the compiled pattern too hashed its whole code each ask)
    _held: dict[str, bool] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def holds(self, title: str | None) -> bool:
        """Whether ``title`` is held (remembered per title, the last ``TITLE_HOLDS_KEPT``)."""
        if not title:
            return False
        held = self._held.get(title)
        if held is None:
            if len(self._held) >= TITLE_HOLDS_KEPT:
                self._held.clear()
            # A board's titles rarely repeat (the generated exports' few hundred do): most of
            # a real board's asks end at the pieces' one search (session 20).
            if self.pieces is not None:
                held = _title_says(title, self.pieces, self.title)
            else:
                held = bool(self.title.search(normalised(title)))
            self._held[title] = held
        return held

    def columns(self, names: Sequence[str]) -> np.ndarray:
        """Per feature name, 1.0 when it is a word or bigram that names direction work through a
        word the hold clears ('strategy', 'test strategy'; 'visao', 'product vision'), else 0.0:
        the part of an item's direction push a held title takes back."""
        named = (":" not in n and self.clears.search(n) and _DIRECTION.search(n) for n in names)
        return np.fromiter((1.0 if hit else 0.0 for hit in named), np.float64, len(names))

    def cleared(self, terms: Sequence[str]) -> list[str]:
        """``terms`` without the words the hold clears."""
        return [t for t in terms if not self.clears.search(fold_accents(t).lower())]


#: The title holds, one row each. A hold taken out of the table is off: its words count as
#: direction work again (tests and research measure a hold that way). An engineering strategy
#: (session 16: a team task to "develop an automated test strategy" was strategic 0.85-0.96 on
#: 'strategy' on all eight draws of the real dev half; its "strategy" was already no direction
#: work for the surest list since session 8); a view next to a screen word; session 18: prices
#: named as data to check, a plan verb whose object names no direction work.
TITLE_HOLDS = (
    TitleHold(
        "engineering strategy",
        _ENGINEERING_STRATEGY,
        _STRATEGY_TERM,
        re.compile(literal_trie(ENGINEERING_STRATEGY_PIECES)),
    ),
    TitleHold(
        "screen view", _SCREEN_VIEW, _VIEW_TERM, re.compile(literal_trie(SCREEN_VIEW_PIECES))
    ),
    TitleHold("price data", _PRICE_DATA, _PRICE_TERM, re.compile(literal_trie(PRICE_DATA_PIECES))),
    TitleHold(
        "plan without a direction object",
        _PLAN_OBJECT,
        _PLAN_TERM,
        re.compile(literal_trie(PLAN_OBJECT_PIECES)),
    ),
)


def title_hold(name: str) -> TitleHold:
    """The row of :data:`TITLE_HOLDS` called ``name`` (KeyError when there is none)."""
    for hold in TITLE_HOLDS:
        if hold.name == name:
            return hold
    raise KeyError(name)


def names_direction(terms: Sequence[str], column: str | None, title: str | None = None) -> bool:
    """Whether an item's reason terms or its list name direction work (see ``_DIRECTION``; a
    term that is a list or label, ``column:criteria``, is judged as a list's name). With the
    item's ``title``: the words a title hold clears (:data:`TITLE_HOLDS`: an engineering
    strategy's "strategy", a screen's view) are no direction work."""
    for hold in TITLE_HOLDS:
        if hold.holds(title):
            terms = hold.cleared(terms)
    named = [t for t in terms if t.startswith(("column:", "label:"))]
    words = [t for t in terms if not t.startswith(("column:", "label:"))]
    said = _SEPARATORS.sub(" ", fold_accents(" ".join(words)).lower())
    if _DIRECTION.search(said):
        return True
    if named:
        listed = _SEPARATORS.sub(" ", fold_accents(" ".join(named)).lower())
        if _LIST_DIRECTION.search(listed):
            return True
    if not column:
        return False
    where = _SEPARATORS.sub(" ", fold_accents(column).lower())
    return bool(_LIST_DIRECTION.search(where) or _LIST_ONLY_DIRECTION.search(where))


def shows_direction(terms: Sequence[str], column: str | None, title: str | None) -> bool:
    """Whether a sure strategic item may be among the board's surest: its reason's terms or
    list name direction work (:func:`names_direction`) *and* a reader sees it named where they
    look — its title (an engineering strategy's "strategy" aside), its list or its labels (as
    names) — not in its description alone (session 8: a playbook card about assigning a
    leader was sure on 'business' and 'product' from its description). An item without a
    title is judged by its terms."""
    if not names_direction(terms, column, title):
        return False
    if not title:
        return True
    labels = [t[len("label:") :] for t in terms if t.startswith("label:")]
    return places_direction(title, column, labels)


def places_direction(title: str | None, column: str | None, labels: Sequence[str]) -> bool:
    """Whether an item's title (an engineering strategy's "strategy" aside), its list or its
    labels (as names, the list vocabulary) name direction work: where a reader sees it."""
    return _title_places(title) or _listed_direction(column, labels)


def _title_places(title: str | None) -> bool:
    """:func:`places_direction`'s title part: its words (an engineering strategy's aside; only
    a title holding its piece can hold one: session 25, the board prior's 5 000 titles)."""
    said = normalised(title or "")
    if any(piece in said for piece in ENGINEERING_STRATEGY_PIECES):
        said = _ENGINEERING_STRATEGY.sub(" ", said)
    return bool(_DIRECTION.search(said))


def _listed_direction(column: str | None, labels: Sequence[str]) -> bool:
    """:func:`places_direction`'s list and labels part (the list vocabulary)."""
    where = normalised(column or "")
    if _LIST_DIRECTION.search(where) or _LIST_ONLY_DIRECTION.search(where):
        return True
    return bool(_LIST_DIRECTION.search(normalised(" ".join(labels))))


def _title_places_direction(title: str | None) -> bool:
    return places_direction(title, None, ())


#: :func:`places_direction` of a title alone (no list, no labels), its answers remembered per
#: title (the last 8 192): an epic's stories ask it once each in every batch
#: (:func:`analyzer.parent_links.is_child`), and a board's titles repeat (session 17, issue 16).
title_places_direction = functools.lru_cache(maxsize=8192)(_title_places_direction)


def _as_labels(labels: Sequence[str]) -> tuple[str, ...]:
    """A card's labels as ``label:`` terms: judged as names, like its list (see
    ``names_direction``)."""
    return tuple("label:" + label for label in labels)


# Session 14 (issue 12, recall of real product-management work): a product team's research cards
# — "conduct a pilot interview", "review the interview guide", "update the questionnaire" — are
# tracked as Jira sub-tasks and tasks and end in a Done list, and the model reads those tokens as
# a push toward delivery work (up to five logits on a thin card), more than its few words carry.
# When the title names research in its own words, the type and list say how the work was
# tracked and when it ended, not what it is.
def research_rows(
    proba: np.ndarray,
    strategic: int,
    evidence: np.ndarray,
    docs: Sequence[Any],
    pieces: np.ndarray | None = None,
    reachable: np.ndarray | None = None,
) -> np.ndarray:
    """The rows of a board scan's batch to read again without their issue type, level and (with
    ``RESEARCH_TITLE_LIST_ASIDE``) status list (:func:`set_aside`), ascending: not read
    strategic at ``RESEARCH_TITLE_KEEP_ABOVE`` (tactical, ``uncertain`` or barely strategic),
    their words alone push toward strategic by at least ``MIN_STRATEGIC_EVIDENCE``
    (``evidence``: else the evidence rule would hold the new reading anyway), they have a type,
    level or list to set aside, and their title names research work
    (:func:`title_names_research`) or, with ``TITLE_DIRECTION_REREAD`` (session 17), direction
    work in plain English words (:func:`title_names_direction`). ``pieces`` (per row,
    optional): whether the row's
    title holds a feature with a research word piece (:func:`research_piece_columns`) — with
    ``RESEARCH_TITLE_KNOWN_PIECE`` on (session 14), a title is checked only then; off (session
    15), a research word the model never saw does not keep a title whose other words carry the
    evidence from being read again. None while ``RESEARCH_TITLE_REREAD`` is off.
    ``reachable`` (per row, optional): whether the row's second reading can be kept at all
    (session 25: ``LinearRoleModel._rereads_may_keep``); the others' titles are not asked."""
    if not RESEARCH_TITLE_REREAD:
        return np.zeros(0, dtype=np.int64)
    aside_list = bool(RESEARCH_TITLE_LIST_ASIDE)
    keep_above = RESEARCH_TITLE_KEEP_ABOVE
    maybe = (proba[:, strategic] < keep_above) & (evidence >= MIN_STRATEGIC_EVIDENCE)
    if pieces is not None and RESEARCH_TITLE_KNOWN_PIECE:
        maybe &= pieces
    if reachable is not None:
        maybe &= reachable
    asked = np.flatnonzero(maybe).tolist()
    names = _research_names()
    direction = bool(TITLE_DIRECTION_REREAD)
    # Most titles hold no word piece of either test: one search of the batch's titles drops
    # them before any is asked by itself (session 23).
    titles = [docs[i].title for i in asked]
    sets = (
        (TITLE_RESEARCH_PIECES, TITLE_DIRECTION_PIECES) if direction else (TITLE_RESEARCH_PIECES,)
    )
    screened = _title_screen.may_hold(titles, *sets)
    if screened is None:
        screened = [np.ones(len(asked), dtype=bool)] * len(sets)
    research = screened[0].tolist()
    named = screened[1].tolist() if direction else [False] * len(asked)
    rows = [
        asked[j]
        for j in np.flatnonzero(np.logical_or.reduce(screened)).tolist()
        if (
            docs[asked[j]].type
            or docs[asked[j]].hierarchy_level is not None
            or (aside_list and getattr(docs[asked[j]], "column", None))
        )
        and ((research[j] and names(titles[j])) or (named[j] and title_names_direction(titles[j])))
    ]
    return np.array(rows, dtype=np.int64)


def research_piece_columns(names: Sequence[str]) -> np.ndarray:
    """Per feature name, 1.0 when it is a word or bigram holding a research word piece
    (``TITLE_RESEARCH_PIECES``: every match of :func:`title_names_research` holds one), else
    0.0 (list, label, type, level and form tokens too)."""
    out = np.zeros(len(names))
    for index, name in enumerate(names):
        if ":" not in name and _TITLE_RESEARCH_PIECES.search(name):
            out[index] = 1.0
    return out


def set_aside(doc: Any) -> Any:
    """What the classifier reads of ``doc`` (an ``ItemDoc`` or an item) without its issue type
    and level and, with ``RESEARCH_TITLE_LIST_ASIDE``, without its status list."""
    from models.interface import ItemDoc

    return ItemDoc(
        title=doc.title,
        description=doc.description or "",
        type=None,
        labels=tuple(doc.labels or ()),
        column=None if RESEARCH_TITLE_LIST_ASIDE else doc.column,
        hierarchy_level=None,
    )
