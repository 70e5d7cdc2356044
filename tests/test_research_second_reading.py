"""The research titles' second reading (session 15, issue 16): probabilities only, from the
batch's own feature occurrences, and the reasons' work done once, by the batch, for the rows it
keeps. Held to the session-14 path (a full ``_batch`` of the set-aside docs, its arrays copied
over the first reading's), written out here as the reference."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from scipy import sparse

import models.rules as rules
from models._fastpath import rows_replaced
from models._reason_terms import confidence_text
from models._rules_applied import _board_weighted
from models.interface import ItemDoc
from models.reasons import _READ_AGAIN, _head_codes
from tests.test_research_titles import _research_board


def _board(odd: bool = False) -> list[ItemDoc]:
    """A board whose research titles are read again, most kept (strategic) and some not
    (``Add a survey field…``, ``Update the survey export script``); ``odd``: a description
    holding the batch's separator byte, so the batch's words are read text by text."""
    docs = [ItemDoc.from_item(item) for item in _research_board()]
    docs += [
        ItemDoc("Competitor benchmark of pricing pages", type="Task", column="Done"),
        ItemDoc(
            "Stakeholder interviews for the onboarding flow",
            description="Talk to five customers about onboarding",
            type="Sub-task",
            hierarchy_level=-1,
            column="In Progress",
        ),
        ItemDoc("Update the survey export script", type="Bug", column="Done"),
        ItemDoc(
            "Vendor evaluation for payment providers",
            type="Story",
            column="Backlog",
            labels=("research", "Q3 roadmap"),
        ),
        ItemDoc("As a user I want to fill the questionnaire online", type="Story", column="Done"),
        ItemDoc("Entrevistas con usuarios del piloto", type="Subtarea", hierarchy_level=-1),
        ItemDoc("Encuesta de satisfacción", description="Preguntas “abiertas”", column="Hecho"),
    ]
    if odd:
        docs.append(ItemDoc("Survey the pilot users", description="a\x01b", type="Task"))
    return docs


def _reference(model, docs, prior, monkeypatch):
    """Session 14's path: the first reading in full, then the research rows (as the scan found
    them) read in full again without their type, level and list, and the kept rows' arrays
    copied over. Returns the batch's arrays and the rows read again and kept."""
    found: list[np.ndarray] = []
    research_rows = rules.research_rows

    def spy(*args, **kwargs):
        rows = research_rows(*args, **kwargs)
        found.append(rows)
        return rows

    monkeypatch.setattr(rules, "research_rows", spy)
    model.predict(docs, prior=prior)  # (the rows the scan reads again)
    monkeypatch.setattr(rules, "research_rows", research_rows)
    (rows,) = found
    monkeypatch.setattr(rules, "RESEARCH_TITLE_REREAD", 0)
    first, _ = model._batch(docs, prior)
    again, _ = model._batch([rules.set_aside(docs[i]) for i in rows.tolist()], prior)
    monkeypatch.undo()
    k = model.labels.index("strategic")
    keep = np.flatnonzero(again.proba[:, k] >= rules.RESEARCH_TITLE_KEEP_ABOVE)
    arrays = {name: getattr(first, name).copy() for name in ("proba", "chosen", "best", "nearest")}
    at = rows[keep]
    for name in arrays:
        arrays[name][at] = getattr(again, name)[keep]
    codes = first.codes.copy()
    codes[at] = _head_codes(arrays["best"][at], arrays["proba"][at], np.full(len(at), _READ_AGAIN))
    arrays["codes"] = codes
    return arrays, rows, at


@pytest.mark.parametrize("odd", [False, True])
@pytest.mark.parametrize("list_aside", [1, 0])
def test_kept_readings_equal_the_full_second_reading(model, monkeypatch, odd, list_aside):
    monkeypatch.setattr(rules, "RESEARCH_TITLE_LIST_ASIDE", list_aside)
    docs = _board(odd)
    prior = model.estimate_prior(docs)
    want, rows, kept = _reference(model, docs, prior, monkeypatch)
    monkeypatch.setattr(rules, "RESEARCH_TITLE_LIST_ASIDE", list_aside)
    assert len(kept) >= 3 and len(rows) - len(kept) >= 2  # some kept, some not
    batch, titles = model._batch(docs, prior)
    assert (titles is None) == odd  # the odd byte: the words read text by text
    for name, value in want.items():
        assert np.array_equal(getattr(batch, name), value), name
    predictions = model.predict(docs, prior=prior)
    for row in kept.tolist():
        assert predictions[row].reason.startswith(
            f"strategic {confidence_text(predictions[row].confidence)}: "
        )
        assert rules.RESEARCH_REASON in predictions[row].reason
    assert [p.reason for p in predictions] == batch.reasons_and_term_lists(range(len(docs)))[0]


def test_rows_not_kept_get_no_reasons_work(model, monkeypatch):
    """The second reading finds probabilities only: top terms, nearest phrase and the quoted
    phrase check run once per batch, over the batch's own rows, the kept rows' words (their
    second reading's TF-IDF rows) in place of their first's."""
    docs = _board()
    prior = model.estimate_prior(docs)
    _, rows, kept = _reference(model, docs, prior, monkeypatch)
    # (the nearest phrase's search takes the batch's matrix in _searched: session 18)
    calls: dict[str, list[sparse.csr_matrix]] = {"_searched": [], "_top_terms": []}
    calls["_quoted_phrases"] = []
    for name, seen in calls.items():
        method = getattr(type(model), name)

        def spied(self, matrix, *args, _method=method, _seen=seen, **kwargs):
            _seen.append(matrix)
            return _method(self, matrix, *args, **kwargs)

        monkeypatch.setattr(type(model), name, spied)
    second: list[int] = []
    reading = type(model)._second_reading

    def counted(self, aside, *args):
        second.append(len(aside))
        return reading(self, aside, *args)

    monkeypatch.setattr(type(model), "_second_reading", counted)
    model.predict(docs, prior=prior)
    assert second == [len(rows)]  # research rows were read again, some not kept
    assert 0 < len(kept) < len(rows)
    assert [len(seen) for seen in calls.values()] == [1, 1, 1]
    first = _board_weighted(model.transform(docs), prior).toarray()
    for seen in calls.values():
        used = seen[0].toarray()
        assert used.shape[0] == len(docs)
        for row in range(len(docs)):
            doc = rules.set_aside(docs[row]) if row in kept else docs[row]
            want = _board_weighted(model.transform([doc]), prior).toarray()[0]
            assert np.array_equal(used[row], want), row
            if row in kept:  # (the type and list tokens are gone)
                assert not np.array_equal(used[row], first[row])


def test_the_second_reading_takes_the_batch_pairs_bit_for_bit(model, monkeypatch):
    """The set-aside docs' TF-IDF rows from the batch's feature occurrences equal their own
    transform, and their probabilities a full reading's."""
    docs = _board()
    prior = model.estimate_prior(docs)
    rows_, cols, titles = model._pairs(docs, titles=True)
    for list_aside in (1, 0):
        monkeypatch.setattr(rules, "RESEARCH_TITLE_LIST_ASIDE", list_aside)
        rows = np.array([0, 8, 9, 13, 15, 16, 17, len(docs) - 1])  # 16: a user story
        aside = [rules.set_aside(docs[i]) for i in rows.tolist()]
        for pairs_titles in (titles, None):
            proba, matrix = model._second_reading(
                aside, prior, rows, (rows_, cols, len(docs)), pairs_titles
            )
            want = _board_weighted(model.transform(aside), prior)
            assert np.array_equal(matrix.indptr, want.indptr)
            assert np.array_equal(matrix.indices, want.indices)
            assert np.array_equal(matrix.data, want.data)
            monkeypatch.setattr(rules, "RESEARCH_TITLE_REREAD", 0)
            full, _ = model._batch(aside, prior)
            monkeypatch.setattr(rules, "RESEARCH_TITLE_REREAD", 1)
            assert np.array_equal(proba, full.proba)


def _reference_replaced(matrix, at, new, which):
    order = np.arange(matrix.shape[0])
    order[at] = matrix.shape[0] + np.arange(len(at))
    return sparse.vstack([matrix, new[which]]).tocsr()[order]


@pytest.mark.parametrize("seed", range(6))
def test_rows_replaced_equals_stacking_and_picking(seed):
    rng = np.random.default_rng(seed)
    n, m, width = int(rng.integers(1, 40)), int(rng.integers(1, 12)), 30
    matrix = sparse.random(n, width, density=0.2, format="csr", random_state=seed)
    new = sparse.random(m, width, density=0.3, format="csr", random_state=seed + 100)
    count = int(rng.integers(0, min(n, m) + 1))
    at = np.sort(rng.choice(n, count, replace=False))
    if seed == 0 and n > 1:  # the first and last rows
        at, count = np.array([0, n - 1]), 2
    which = np.sort(rng.choice(m, count, replace=False))
    got = rows_replaced(matrix, at, new, which)
    want = _reference_replaced(matrix, at, new, which)
    assert got.shape == matrix.shape
    assert np.array_equal(got.indptr, want.indptr)
    assert np.array_equal(got.indices, want.indices)
    assert np.array_equal(got.data, want.data)


def test_rows_replaced_with_empty_rows_both_ways():
    matrix = sparse.csr_matrix(np.array([[1.0, 0, 2], [0, 0, 0], [3, 0, 0], [0, 4, 5]]))
    new = sparse.csr_matrix(np.array([[0.0, 0, 0], [0, 7, 0], [8, 0, 9]]))
    got = rows_replaced(matrix, np.array([0, 1, 3]), new, np.array([0, 1, 2]))
    assert got.toarray().tolist() == [[0, 0, 0], [0, 7, 0], [3, 0, 0], [8, 0, 9]]
    same = rows_replaced(matrix, np.array([], dtype=np.int64), new, np.array([], dtype=np.int64))
    assert same.toarray().tolist() == matrix.toarray().tolist()


def _research_reads(monkeypatch) -> list[object]:
    """Every title ``rules.title_names_research`` reads from now on, in order (it answers as
    before)."""
    asked: list[object] = []
    names = rules.title_names_research

    def counted(title):
        asked.append(title)
        return names(title)

    monkeypatch.setattr(rules, "title_names_research", counted)
    return asked


def test_research_titles_remember_each_answer(monkeypatch):
    names = rules.title_names_research
    asked = _research_reads(monkeypatch)
    titles = ["Customer interviews", None, "", "Fix the login", "Encuesta de satisfacción"]
    memo = rules.ResearchTitles()
    first = [memo[t] for t in titles]
    assert first == [names(t) for t in titles] == [True, False, False, False, True]
    assert [memo[t] for t in reversed(titles)] == first[::-1]
    assert asked == titles  # each title read once


def test_research_answers_are_remembered_only_inside_a_batch(monkeypatch):
    asked = _research_reads(monkeypatch)
    docs = [ItemDoc("Customer interviews", type="Task"), ItemDoc("Fix the login", type="Bug")]
    proba = np.array([[0.9, 0.1], [0.9, 0.1]])
    weak = np.zeros(2)
    for _ in range(2):
        assert rules.direction_held(proba, 0, weak, docs).tolist() == [1]
    assert len(asked) == 4  # read anew each time
    with rules.research_remembered() as remembered:
        for _ in range(2):
            assert rules.direction_held(proba, 0, weak, docs).tolist() == [1]
            held, _ = rules.title_direction_rows(np.arange(2), weak, weak, docs, weak)
            assert held.tolist() == [1]
        assert dict(remembered) == {"Customer interviews": True, "Fix the login": False}
    assert len(asked) == 6
    rules.direction_held(proba, 0, weak, docs)
    assert len(asked) == 8  # forgotten after the batch


def test_a_batch_reads_each_title_for_research_once(model, monkeypatch):
    """The direction hold, the title hold and the research re-read ask the batch's one
    :class:`ResearchTitles`: no title is read twice, and the readings are those of rules that
    read each title anew."""
    docs = _board()
    docs += [
        ItemDoc(d.title, description="Plan the roadmap and the market", type="Task") for d in docs
    ]
    prior = model.estimate_prior(docs)
    names = rules.title_names_research
    monkeypatch.setattr(rules.ResearchTitles, "__missing__", lambda self, t: names(t))  # no memo
    anew = model._batch(docs, prior)[0]
    monkeypatch.undo()
    asked = _research_reads(monkeypatch)
    batch = model._batch(docs, prior)[0]
    assert len(asked) == len(set(asked)) > 5
    for name in ("proba", "chosen", "best", "nearest", "codes"):
        assert np.array_equal(getattr(batch, name), getattr(anew, name)), name


def test_a_model_whose_words_give_no_pairs_reads_the_docs_anew(model, monkeypatch):
    """A subclass's ``_transform_with_titles`` that hands back no feature occurrences: the
    second reading transforms the set-aside docs itself, to the same batch."""
    docs = _board()
    prior = model.estimate_prior(docs)
    want = model._batch(docs, prior)[0]
    plain = type(model)._transform_with_titles
    monkeypatch.setattr(
        type(model), "_transform_with_titles", lambda self, d, *_, **__: plain(self, d)
    )
    again: list[int] = []
    reading = type(model)._second_reading
    parameters = inspect.signature(reading)

    def counted(self, *args, **kwargs):
        # by name, not position: a reordered signature fails here (KeyError), not silently
        again.append(parameters.bind(self, *args, **kwargs).arguments["pairs"] is None)
        return reading(self, *args, **kwargs)

    monkeypatch.setattr(type(model), "_second_reading", counted)
    got = model._batch(docs, prior)[0]
    assert again == [True]
    for name in ("proba", "chosen", "best", "nearest", "codes"):
        assert np.array_equal(getattr(got, name), getattr(want, name)), name


def test_a_scan_reads_each_title_for_research_once_across_its_batches(model, monkeypatch):
    """Session 18: ``classify_items`` remembers the research-title answers for the whole scan
    (its batches' titles repeat), and its predictions are those of batches that each read
    every title anew."""
    from analyzer.pipeline import classify_items

    items = _research_board() * 4
    names = rules.title_names_research
    monkeypatch.setattr(rules.ResearchTitles, "__missing__", lambda self, t: names(t))  # no memo
    anew = classify_items(items, model, batch_size=7)
    monkeypatch.undo()
    asked = _research_reads(monkeypatch)
    got = classify_items(items, model, batch_size=7)
    assert [(p.label, p.confidence, p.reason) for p in got] == [
        (p.label, p.confidence, p.reason) for p in anew
    ]
    assert len(asked) == len(set(asked)) > 3  # once per title, though 4 copies in 7-item batches
    asked.clear()
    classify_items(items, model, batch_size=7)
    assert len(asked) == len(set(asked)) > 3  # the next scan reads them anew


def test_research_titles_nest_and_start_over_when_full(monkeypatch):
    monkeypatch.setattr(rules, "RESEARCH_TITLES_KEPT", 2)
    with rules.research_remembered() as outer:
        with rules.research_remembered() as inner:
            assert inner is outer
            assert inner["Customer interviews"] is True and inner["Fix the login"] is False
        assert len(outer) == 2
        assert outer["Encuesta de satisfacción"] is True  # full: it started over
        assert dict(outer) == {"Encuesta de satisfacción": True}
    with rules.research_remembered() as fresh:
        assert fresh is not outer and not fresh
