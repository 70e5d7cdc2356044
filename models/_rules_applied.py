"""The domain rules on a batch's probabilities, as :class:`models.classifier.LinearRoleModel`
applies them after calibration (:class:`BatchRules`); the rules themselves, in domain terms, are
:mod:`models.rules`'.

Evidence before confidence: an item strategic by too few of its own words, by its list's name
alone, or (in a board scan) by no word, list or label naming direction work is held
(:meth:`BatchRules._ruled`), its title's own words must lean strategic too
(:meth:`BatchRules._title_checked`), and the title holds take the push of words its title
clears (an engineering strategy's 'strategy'). A scan first estimates the board's own prior
(:meth:`BatchRules.estimate_prior`): its strategic share and its common words' weights.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
from scipy import sparse

import models.rules as _rules  # session 14: its constants read when used (sweeps patch them)
from models._fastpath import row_sums
from models._reading import _TitlePairs
from models.calibration import BoardPrior, Calibration, _logit, calibrated
from models.features import META_PREFIXES, STORY_FORM
from models.interface import STRATEGIC, TACTICAL, ItemDoc, ModelError
from models.rules import (
    DESCRIPTION_ONLY_CAP,
    LIST_ONLY_IN_PRIOR,
    LIST_ONLY_RULE,
    NO_EVIDENCE_STRATEGIC_CAP,
    board_prior,
    board_word_weights,
    description_capped,
    direction_held,
    direction_prior_floor,
    direction_share,
    evidence_capped,
    held_at_cap,
    list_only_capped,
    no_direction_capped,
    prior_sample,
    spared_columns,
    title_direction_rows,
)


def _board_weighted(matrix: sparse.csr_matrix, prior: object) -> sparse.csr_matrix:
    """``matrix`` with each column scaled by the board's weight (when ``prior`` has some)."""
    weights = getattr(prior, "weights", None)
    if weights is None or not matrix.nnz:
        return matrix
    return sparse.csr_matrix(
        (matrix.data * weights[matrix.indices], matrix.indices, matrix.indptr), shape=matrix.shape
    )


def _held_back(read: np.ndarray, capped: np.ndarray) -> np.ndarray:
    """The rows read strategic above ``NO_EVIDENCE_STRATEGIC_CAP`` (``read``: the model's
    strategic probabilities) that the evidence rules held at it (``capped``), ascending."""
    cap = NO_EVIDENCE_STRATEGIC_CAP
    return np.flatnonzero((capped == cap) & (read > cap))


class BatchRules:
    """The rules applied to a batch's calibrated probabilities and the board's prior: a part of
    :class:`models.classifier.LinearRoleModel`, which holds the weights, calibration and the
    evidence and direction vectors they read."""

    def probabilities(
        self,
        matrix: sparse.csr_matrix,
        prior: dict[str, float] | None = None,
        docs: Sequence[ItemDoc] | None = None,
    ) -> np.ndarray:
        """Calibrated probabilities; ``prior``: the board's label shares (two labels; the
        calibration is Bayes-shifted from the model's own prior to it). The strategic/tactical
        model then applies its evidence rules (:func:`evidence_capped`; with a board's prior
        and its ``docs``, :func:`direction_capped` too)."""
        return self._ruled(matrix, prior, docs)[0]

    def _ruled(
        self,
        matrix: sparse.csr_matrix,
        prior: dict[str, float] | None = None,
        docs: Sequence[ItemDoc] | None = None,
        words: list[np.ndarray] | None = None,
        thin: list[np.ndarray] | None = None,
        blank: list[np.ndarray] | None = None,
    ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
        """:meth:`probabilities`, with (in a board scan) each row's push toward strategic
        through its words' direction features (the title rules read it; the title holds taken
        out of the rows strategic above ``NO_DIRECTION_STRATEGIC_CAP`` or
        ``DESCRIPTION_ONLY_CAP``, the only ones any rule reads it of) and the rows the direction
        rule held (their reasons say so); else None for both. ``words``: the rows' words' push
        toward strategic (:meth:`_word_evidence`) is appended to it; ``thin``:
        the rows the evidence rules held back from strategic (:func:`evidence_capped`,
        :func:`list_only_capped`: read strategic above ``NO_EVIDENCE_STRATEGIC_CAP``, held at
        it), for their reasons; ``blank``: the rows with no text to read
        (:func:`models.rules.no_text_rows`), whose predictions say so."""
        proba = calibrated(self.decision(matrix), self._calibration_for(prior))
        if self._evidence is None:
            return proba, None, None
        k, push = self._evidence[:2]
        evidence, known, rows, total = self._word_evidence(matrix)
        if words is not None:
            words.append(evidence)
        if blank is not None and docs is not None:
            blank.append(_rules.no_text_rows(known, docs))
        cols, data = matrix.indices, matrix.data
        read = proba[:, k]
        proba = evidence_capped(proba, k, evidence, known)
        if docs is None or self._direction is None:
            if thin is not None:
                thin.append(_held_back(read, proba[:, k]))
            return proba, None, None
        pushes = data * push[cols]
        weights = pushes * self._direction[cols]
        # the weights' sums over all columns and over the list and label columns (row_sums:
        # each weight times 1.0 or 0.0, added in turn: the bincounts' sums bit for bit)
        by_weight = sparse.csr_matrix((weights, cols, matrix.indptr), shape=matrix.shape)
        direction = row_sums(by_weight, self._ones())
        listed = row_sums(by_weight, self._structure_weights())
        # The title holds take a push out of the direction of the rows that read it (session
        # 24): without a board only the rows surer than NO_DIRECTION_CLASSIFY_CAP are judged
        # (no_direction_capped); in a scan a row strategic at NO_DIRECTION_STRATEGIC_CAP or less
        # is never held (direction_held), and one at DESCRIPTION_ONLY_CAP or less is no
        # candidate of the title rules, which read the direction returned (a row held only goes
        # down). The other rows' titles are not asked.
        if prior is None:  # no board: such an item stays strategic, never surer than one word
            if thin is not None:
                thin.append(_held_back(read, proba[:, k]))
            read_by = proba[:, k] > _rules.NO_DIRECTION_CLASSIFY_CAP
            read_by = self._holds_may_move(read_by, weights, matrix, direction, listed, total)
            direction = self._title_holds_taken(by_weight, direction, docs, read_by)
            return no_direction_capped(proba, k, direction, docs, listed, total), None, None
        proba = self._list_only(matrix, proba, known, docs, rows)
        if thin is not None:
            thin.append(_held_back(read, proba[:, k]))
        # (the lower of the two caps: sweeps set them)
        read_by = proba[:, k] > min(_rules.NO_DIRECTION_STRATEGIC_CAP, _rules.DESCRIPTION_ONLY_CAP)
        read_by = self._holds_may_move(read_by, weights, matrix, direction, listed, total, True)
        direction = self._title_holds_taken(by_weight, direction, docs, read_by)
        held = direction_held(proba, k, direction, docs, listed, total)
        return held_at_cap(proba, held, k), direction - listed, held

    def _list_only(
        self,
        matrix: sparse.csr_matrix,
        proba: np.ndarray,
        known: np.ndarray,
        docs: Sequence[ItemDoc],
        rows: np.ndarray,
    ) -> np.ndarray:
        """:func:`list_only_capped` on ``proba`` (``rows``: each stored entry's row), with the
        words' own evidence (list and label features aside) for ``LIST_ONLY_RULE`` 3."""
        own = None
        if LIST_ONLY_RULE >= 3:
            push = self._evidence[1]
            n, cols, data = matrix.shape[0], matrix.indices, matrix.data
            norms = np.sqrt(
                np.bincount(rows, weights=data * data * self._evidence[3][cols], minlength=n)
            )
            pushes = data * push[cols] * ~self._structure_columns()[cols]
            mine = np.bincount(rows, weights=pushes, minlength=n)
            own = np.divide(mine, norms, out=np.zeros(n), where=norms > 0)
        return list_only_capped(proba, self._evidence[0], known, docs, own)

    def _word_evidence(self, matrix: sparse.csr_matrix) -> tuple[np.ndarray, ...]:
        """Per row: the words' push toward strategic, as if the words were alone in the row (the
        metadata tokens share its L2 norm: an issue type must not dilute the words; a user story
        has none), the number of known words (unigram flags of the row's stored columns), each
        stored entry's row, and the row's whole push toward strategic (list and label features
        too: :func:`direction_held`'s ``total``)."""
        _, push, unigram, word = self._evidence
        n, cols, data, indptr = matrix.shape[0], matrix.indices, matrix.data, matrix.indptr
        rows = np.repeat(np.arange(n), np.diff(indptr))
        pushes = row_sums(matrix, push)
        norms = np.sqrt(
            row_sums(sparse.csr_matrix((data * data, cols, indptr), shape=matrix.shape), word)
        )
        evidence = np.divide(pushes, norms, out=np.zeros(n), where=norms > 0)
        ones = sparse.csr_matrix((np.ones(len(data)), cols, indptr), shape=matrix.shape)
        known = row_sums(ones, unigram)
        story = self.vocabulary.get(STORY_FORM)
        if story is not None:  # a user story is delivery work whatever its words
            evidence[rows[cols == story]] = 0.0
        return evidence, known, rows, pushes

    def _calibration_for(self, prior: dict[str, float] | None) -> Calibration:
        if prior is None:
            return self.calibration
        own = self.model_prior
        if own is None or self.calibration.kind != "platt":
            raise ModelError("a board prior needs a two-label model trained with a prior")
        pos = self.labels[1]
        if not 0.0 < prior[pos] < 1.0:
            raise ValueError(f"prior share of {pos} must be between 0 and 1")
        shift = _logit(prior[pos]) - _logit(own[pos])
        return dataclasses.replace(self.calibration, b=self.calibration.b + shift)

    @property
    def model_prior(self) -> dict[str, float] | None:
        """The label shares the calibration assumes (``info["prior"]``), if trained with one."""
        prior = self.info.get("prior")
        if len(self.labels) != 2 or not isinstance(prior, dict) or set(prior) != set(self.labels):
            return None
        return {label: float(prior[label]) for label in self.labels}

    def estimate_prior(self, docs: Sequence[ItemDoc]) -> BoardPrior | None:
        """The board's own strategic share, re-estimated by EM on the model's probabilities
        (Saerens, Latinne & Decaestecker 2002), as a MAP estimate with
        ``BOARD_PRIOR_STRENGTH`` pseudo-items at ``BOARD_PRIOR_CENTER`` so a small board stays
        near a realistic share; with it, the board's own common words
        (:func:`board_word_weights`), which weigh less in every item of the board, the EM
        included. At most ``BOARD_PRIOR_SAMPLE`` evenly spaced items are read. None for models
        without a strategic/tactical prior."""
        own = self.model_prior
        if own is None or self._evidence is None or not docs:
            return None
        sample = prior_sample(docs)
        chunks = [
            (sample[i : i + 2048], *self._transform_with_titles(sample[i : i + 2048]))
            for i in range(0, len(sample), 2048)
        ]
        counts = sum(np.bincount(m.indices, minlength=m.shape[1]) for _, m, _ in chunks)
        board = BoardPrior(
            {},
            board_word_weights(
                counts, len(sample), self._structure_columns(), self._spared_columns()
            ),
        )
        k = self._evidence[0]
        raw, caps = [], []
        for part, matrix, titles in chunks:  # the model's own prior, the board's words weighed
            weighted = _board_weighted(matrix, board)
            raw.append(calibrated(self.decision(weighted), self.calibration)[:, k])
            # The most each item may be strategic by the evidence and title rules, applied in
            # the EM after each step's shift as the scan applies them after the board's.
            evidence, known, at, _ = self._word_evidence(weighted)
            free = np.zeros((len(part), 2))
            free[:, k] = 1.0
            top = evidence_capped(free, k, evidence, known)
            if LIST_ONLY_IN_PRIOR:  # a card strategic by its list's name alone (session 15)
                top = self._list_only(weighted, top, known, part, at)
            caps.append(self._title_checked(part, top, board, titles)[:, k])
        share = board_prior(np.concatenate(raw), own[STRATEGIC], caps=np.concatenate(caps))
        board.direction = direction_share(sample)  # read once, the report's lists read it too
        share = max(share, direction_prior_floor(sample, len(docs), board.direction))  # session 18
        board.update({STRATEGIC: share, TACTICAL: 1.0 - share})
        return board

    def _structure_columns(self) -> np.ndarray:
        """Which feature columns are list/label/type/level/form tokens (never damped)."""
        cached = getattr(self, "_structure_mask", None)
        if cached is None:
            names = self._feature_names()
            cached = np.fromiter((n.startswith(META_PREFIXES) for n in names), bool, len(names))
            self._structure_mask = cached
        return cached

    def _holds_may_move(
        self,
        read_by: np.ndarray,
        weights: np.ndarray,
        matrix: sparse.csr_matrix,
        direction: np.ndarray,
        listed: np.ndarray,
        total: np.ndarray,
        returned: bool = False,
    ) -> np.ndarray:
        """``read_by`` less the rows whose direction push the title holds cannot move across a
        rule's threshold (session 25): together the holds take off, or put back, at most the
        row's hold words' pushes (``weights``: each stored entry's direction push, in
        ``matrix``'s places), and with every push in that reach the rules that read the row's
        direction judge it alike (:func:`models.rules.direction_read_alike`; ``returned``: a
        board scan, whose title rules read it too). Those rows' titles are not asked: on 100k
        distinct titles the holds' asks go from 66 864 to 14 068."""
        if not read_by.any():
            return read_by
        counts = self._hold_counts()
        if not counts.any():
            return read_by
        moved = sparse.csr_matrix(
            (np.abs(weights), matrix.indices, matrix.indptr), shape=matrix.shape
        )
        reach = row_sums(moved, counts)
        alike = _rules.direction_read_alike(
            direction - reach, direction + reach, listed, total, returned
        )
        return read_by & ~alike

    def _hold_counts(self) -> np.ndarray:
        """Per feature column, how many of :data:`models.rules.TITLE_HOLDS` clear its push
        (:meth:`models.rules.TitleHold.columns`), for the holds as the table stands."""
        holds = _rules.TITLE_HOLDS
        cached = self.__dict__.setdefault("_hold_count_vectors", {})
        counts = cached.get(holds)
        if counts is None:
            counts = np.zeros(len(self.idf))
            for hold in holds:
                counts += self._hold_columns(hold)
            cached[holds] = counts
        return counts

    def _hold_columns(self, hold: _rules.TitleHold) -> np.ndarray:
        """:meth:`models.rules.TitleHold.columns` of this model's features (cached per hold)."""
        vectors = self.__dict__.setdefault("_hold_vectors", {})
        marked = vectors.get(hold)
        if marked is None:
            marked = vectors[hold] = hold.columns(self._feature_names())
        return marked

    def _title_holds_taken(
        self,
        by_weight: sparse.csr_matrix,
        direction: np.ndarray,
        docs: Sequence[ItemDoc],
        read_by: np.ndarray,
    ) -> np.ndarray:
        """``direction`` after each of :data:`models.rules.TITLE_HOLDS` in turn
        (:meth:`_title_hold_taken`), in the rows ``read_by`` (a bool per row): the others'
        direction push is left as their words give it (their callers never read it)."""
        if not read_by.any():
            return direction
        for hold in _rules.TITLE_HOLDS:
            direction = self._title_hold_taken(by_weight, direction, docs, hold, read_by)
        return direction

    def _title_hold_taken(
        self,
        by_weight: sparse.csr_matrix,
        direction: np.ndarray,
        docs: Sequence[ItemDoc],
        hold: _rules.TitleHold,
        read_by: np.ndarray | None = None,
    ) -> np.ndarray:
        """``direction`` less the push of the words ``hold`` clears in the rows whose title it
        holds (session 16: an engineering strategy's 'strategy', a screen's view; see
        :data:`models.rules.TITLE_HOLDS`). Only rows with such a word's push are read (and
        ``read_by``, a bool per row: only those rows)."""
        pushed = row_sums(by_weight, self._hold_columns(hold))
        at = np.flatnonzero(pushed)
        if read_by is not None:
            at = at.compress(read_by.take(at))
        if not len(at):
            return direction
        mine = np.fromiter(
            (hold.holds(getattr(docs[i], "title", None)) for i in at.tolist()),
            dtype=bool,
            count=len(at),
        )
        if not mine.any():
            return direction
        out = direction.copy()
        out[at[mine]] -= pushed[at[mine]]
        return out

    def _ones(self) -> np.ndarray:
        """1.0 per feature column (a row's sum by :func:`row_sums`)."""
        cached = getattr(self, "_ones_vector", None)
        if cached is None:
            cached = self._ones_vector = np.ones(len(self.idf))
        return cached

    def _structure_weights(self) -> np.ndarray:
        """:meth:`_structure_columns` as 1.0 and 0.0 (a sum over them by :func:`row_sums`)."""
        cached = getattr(self, "_structure_vector", None)
        if cached is None:
            cached = self._structure_vector = self._structure_columns().astype(np.float64)
        return cached

    def _spared_columns(self) -> np.ndarray:
        """Which feature columns the board's damping spares up to ``BOARD_WORDS_SPARED_UP_TO``
        (interviews, questionnaires, surveys: :func:`spared_columns`)."""
        cached = getattr(self, "_spared_mask", None)
        if cached is None:
            cached = spared_columns(self._feature_names())
            self._spared_mask = cached
        return cached

    def _title_checked(
        self,
        docs: Sequence[ItemDoc],
        proba: np.ndarray,
        prior: object = None,
        titles: _TitlePairs | None = None,
        direction: np.ndarray | None = None,
        held: list[np.ndarray] | None = None,
    ) -> np.ndarray:
        """A strategic item with a description needs its title's own words to lean strategic
        too (``MIN_TITLE_EVIDENCE``): a delivery card's long description must not make it
        strategic. Only the strategic rows with a description are read again (titles alone;
        from ``titles``, :meth:`_transform_with_titles`'s pairs, when given). In a board scan
        (``direction``: :meth:`_ruled`'s words' direction push) the title must name direction
        work too (:meth:`_title_rules`); the rows held then are added to ``held``."""
        if self._evidence is None or not len(docs):
            return proba
        k = self._evidence[0]
        candidates = proba[:, k] > DESCRIPTION_ONLY_CAP
        if titles is not None and titles.described is not None:
            rows = np.flatnonzero(candidates & titles.described).tolist()
        else:
            rows = [i for i in np.flatnonzero(candidates).tolist() if docs[i].description]
        if not rows:
            return proba
        matrix = _board_weighted(self._title_matrix(docs, rows, titles), prior)
        n, cols, indptr = matrix.shape[0], matrix.indices, matrix.indptr
        at = np.repeat(np.arange(n), np.diff(indptr))
        _, push, _, word = self._evidence
        pushes = row_sums(matrix, push)
        squares = sparse.csr_matrix((matrix.data**2, cols, indptr), shape=matrix.shape)
        norms = np.sqrt(row_sums(squares, word))
        evidence = np.divide(pushes, norms, out=np.zeros(n), where=norms > 0)
        named = None
        if prior and self._direction is not None:  # a board scan (not its prior estimate)
            named = np.bincount(
                at, weights=matrix.data * push[cols] * self._direction[cols], minlength=n
            )
        return self._title_rules(docs, proba, rows, evidence, named, direction, held)

    def _title_rules(
        self,
        docs: Sequence[ItemDoc],
        proba: np.ndarray,
        rows: Sequence[int],
        evidence: np.ndarray,
        named: np.ndarray | None,
        direction: np.ndarray | None,
        held: list[np.ndarray] | None,
    ) -> np.ndarray:
        """The title rules on the strategic ``rows`` with a description, whose titles push
        ``evidence`` toward strategic (``named``: through direction words, in a board scan; else
        None): :func:`title_direction_rows` holds the rows whose title names no direction
        work (adding them to ``held``) and :func:`description_capped` keeps the others strategic
        by their description alone below the surest."""
        k, rows = self._evidence[0], np.asarray(rows, dtype=np.int64)
        described: np.ndarray | tuple[()] = ()
        if named is not None:
            hold, described = title_direction_rows(rows, evidence, named, docs, direction)
            if held is not None:
                held.append(hold)
            proba = held_at_cap(proba, hold, k)
        return description_capped(proba, k, rows, evidence, described)
