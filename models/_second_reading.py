"""A board scan's second reading of research and direction titles (:class:`SecondReading`), a
part of :class:`models.classifier.LinearRoleModel`.

Session 14: an item whose title names research work (or, since session 18, direction work) and
that is not read surely strategic is read again without its issue type, level and status list
(:func:`models.rules.set_aside`: they say how the work was tracked and when it ended, not what
it is); the new reading replaces the first only when it is strategic and sure. The batch's own
feature occurrences are reused (no word is read twice), and a bound on what a second reading
can reach spares most titles the question (session 25).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

import models.rules as _rules  # session 14: its constants read when used (sweeps patch them)
from models._fastpath import row_sums, rows_replaced
from models._reading import _TitlePairs
from models._rules_applied import _board_weighted
from models.calibration import calibrated
from models.interface import ItemDoc
from models.reasons import _READ_AGAIN, _READ_AGAIN_DIRECTION

#: The fewest rows of a batch whose second readings are bounded before their titles are asked
#: (``LinearRoleModel._rereads_may_keep``): a smaller batch asks its few titles for less.
REREAD_BOUND_ROWS = 256
#: The methods the bound works a second reading out like (a subclass with its own: no bound).
_READINGS = ("decision", "_ruled", "_second_reading", "_title_checked", "_tfidf")


class SecondReading:
    """The second reading of a board scan's research and direction titles: a part of
    :class:`models.classifier.LinearRoleModel` (its ``_batch`` calls
    :meth:`_research_read_again` before the reasons' work)."""

    def _research_pieces(
        self, matrix: sparse.csr_matrix, titles: _TitlePairs | None = None
    ) -> np.ndarray:
        """Per row of ``matrix``, whether its title (from ``titles``, the batch's title pairs;
        else its whole text) holds a feature with a research word piece
        (:func:`models.rules.research_piece_columns`, computed once per model)."""
        mask = getattr(self, "_research_mask", None)
        if mask is None:
            mask = _rules.research_piece_columns(self._feature_names())
            self._research_mask = mask
        if titles is None:
            return np.asarray(matrix @ mask).reshape(-1) > 0.0
        hits = np.bincount(titles.rows, weights=mask[titles.cols], minlength=matrix.shape[0])
        return hits > 0.0

    def _research_read_again(
        self,
        docs: Sequence[ItemDoc],
        prior: object,
        evidence: np.ndarray,
        matrix: sparse.csr_matrix,
        titles: _TitlePairs | None,
        proba: np.ndarray,
        held: np.ndarray,
        pairs: tuple[np.ndarray, np.ndarray, int] | None,
    ) -> sparse.csr_matrix:
        """In a board scan, the rows whose title names research work and that are not read
        strategic at ``RESEARCH_TITLE_KEEP_ABOVE`` (:func:`models.rules.research_rows`) are read
        again without their issue type, level and status list (:func:`models.rules.set_aside`);
        a new reading replaces the row's only when it is strategic at
        ``RESEARCH_TITLE_KEEP_ABOVE`` or surer (session 14: the type and list say how the work
        was tracked and when it ended, not what it is): its probabilities in ``proba`` and
        ``held`` (``_READ_AGAIN``: the reason says so) in place, its words in the matrix
        returned (``matrix`` itself when none is kept). ``pairs``: the batch's (row, column)
        feature occurrences (:meth:`_pairs`) and its size, or None. The second reading is
        probabilities only (:meth:`_second_reading`): the reasons' work is
        done once, by the batch, for the rows kept (session 15)."""
        k = self._evidence[0] if self._evidence else 0
        pieces = (
            self._research_pieces(matrix, titles) if _rules.RESEARCH_TITLE_KNOWN_PIECE else None
        )
        reachable = self._rereads_may_keep(matrix, prior, k) if pairs is not None else None
        rows = _rules.research_rows(proba, k, evidence, docs, pieces, reachable)
        if not len(rows):
            return matrix
        aside = [_rules.set_aside(docs[i]) for i in rows.tolist()]
        again, read = self._second_reading(aside, prior, rows, pairs, titles)
        keep = np.flatnonzero(again[:, k] >= _rules.RESEARCH_TITLE_KEEP_ABOVE)
        if not len(keep):
            return matrix
        at = rows[keep]
        proba[at] = again[keep]
        # the reason says so (kept rows are strategic and surer than the caps: none held)
        # which reading: a title naming research work, else direction work (session 18)
        names = _rules.research_names()
        held[at] = [
            _READ_AGAIN if names(docs[i].title) else _READ_AGAIN_DIRECTION for i in at.tolist()
        ]
        return rows_replaced(matrix, at, read, keep)

    def _rereads_may_keep(
        self, matrix: sparse.csr_matrix, prior: object, k: int
    ) -> np.ndarray | None:
        """Per row of the batch's (board-weighted) ``matrix``, whether its second reading
        (:meth:`_second_reading`: its row without the set-aside columns, normalised again) can
        be strategic at ``RESEARCH_TITLE_KEEP_ABOVE``: its calibrated probability before the
        rules, worked out from the row as it is (the kept columns' push over the square root
        of their share of the row's squared norm), within 1e-6 of it or over, since no rule
        raises a row above :func:`models.rules.most_raised_to` (session 25). Only those rows'
        titles are asked (:func:`models.rules.research_rows`): on 100k distinct titles 31 760
        of the 60 394 rows that may be read again. None (every row may) for a batch of fewer
        than ``REREAD_BOUND_ROWS`` rows (its few titles cost less to ask than the bound), when a
        set-aside column has a board weight other than 1, the model is not a two-label Platt
        one, or a subclass reads or rules its rows its own way (its own ``decision``,
        ``_ruled`` or ``_second_reading``)."""
        keep = _rules.RESEARCH_TITLE_KEEP_ABOVE
        if matrix.shape[0] < REREAD_BOUND_ROWS:
            return None
        if len(self.labels) != 2 or self.calibration.kind != "platt":
            return None
        from models.classifier import LinearRoleModel  # the shipped class (it imports this one)

        own = type(self)
        if any(getattr(own, name) is not getattr(LinearRoleModel, name) for name in _READINGS):
            return None
        if _rules.most_raised_to() >= keep:
            return None
        aside = self._aside_columns()
        weights = getattr(prior, "weights", None)
        if weights is not None and not (weights[aside] == 1.0).all():
            return None
        kept_push = row_sums(matrix, np.where(aside, 0.0, self.coef[0]))
        squares = sparse.csr_matrix(
            (matrix.data * matrix.data, matrix.indices, matrix.indptr), shape=matrix.shape
        )
        left = 1.0 - row_sums(squares, aside.astype(np.float64))
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = kept_push / np.sqrt(left) + self.intercept[0]
        read = calibrated(scores, self._calibration_for(prior))[:, k]
        # (a row left with almost nothing, or not finite: may)
        return ~(read < keep - 1e-6) | ~(left > 1e-9)

    def _second_reading(
        self,
        docs: Sequence[ItemDoc],
        prior: object,
        rows: np.ndarray,
        pairs: tuple[np.ndarray, np.ndarray, int] | None,
        titles: _TitlePairs | None,
    ) -> tuple[np.ndarray, sparse.csr_matrix]:
        """The probabilities of ``docs`` (the batch's ``rows``, ascending, with their type,
        level and list set aside: :func:`models.rules.set_aside`) in a board scan, by the same
        rules as the batch's first reading, and their (board-weighted) TF-IDF rows; no top
        terms, nearest phrase nor reason (a reading not kept needs none).

        Their words are not read again: a doc set aside has its row's feature occurrences
        (``pairs``: the batch's rows and columns, and its size) less the type, level and (with
        ``RESEARCH_TITLE_LIST_ASIDE``) list tokens, and its title's (``titles``, the batch's)
        as they were: the same TF-IDF rows, bit for bit, as :meth:`transform` of ``docs``.
        Without ``pairs`` (a subclass's :meth:`_transform_with_titles` gave none) the docs are
        read anew."""
        if pairs is None:
            matrix, titles = self._transform_with_titles(docs)
        else:
            batch_rows, batch_cols, n = pairs
            place = np.full(n, -1, dtype=np.int64)
            place[rows] = np.arange(len(rows))
            at = place.take(batch_rows)
            mine = np.flatnonzero(at >= 0)
            cols = batch_cols.take(mine)
            kept = np.flatnonzero(~self._aside_columns().take(cols))
            matrix = self._tfidf(at.take(mine.take(kept)), cols.take(kept), len(rows))
        matrix = _board_weighted(matrix, prior)
        if pairs is not None and titles is not None:
            at = place.take(titles.rows)
            kept = np.flatnonzero(at >= 0)
            described = None if titles.described is None else titles.described[rows]
            titles = _TitlePairs(
                at.take(kept), titles.cols.take(kept), titles.hinted, [], None, described
            )
        proba, direction, _ = self._ruled(matrix, prior, docs)  # type: ignore[arg-type]
        proba = self._title_checked(docs, proba, prior, titles, direction)
        return proba, matrix

    def _aside_columns(self) -> np.ndarray:
        """Per column, whether :func:`models.rules.set_aside` takes it from a doc: an issue
        type or level token and, with ``RESEARCH_TITLE_LIST_ASIDE``, a list's."""
        cached = getattr(self, "_aside_masks", None)
        if cached is None:
            names = self._feature_names()
            cached = self._aside_masks = (
                np.fromiter((n.startswith(("type:", "level:")) for n in names), bool, len(names)),
                np.fromiter((n.startswith("column:") for n in names), bool, len(names)),
            )
        typed, listed = cached
        return typed | listed if _rules.RESEARCH_TITLE_LIST_ASIDE else typed
