"""The batch-at-once JSON lines (``models/_batch_reasons.py``) are exactly the per-item lines:
``prediction_line`` over each ``Prediction`` that ``predict`` gives (the reference)."""

from __future__ import annotations

import csv
import random

import numpy as np
import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.modeling import (
    classify_json_lines,
    classify_stream,
    prediction_line,
    prediction_lines,
)
from models._batch_reasons import place_codes
from models.classifier import load_model
from models.interface import ItemDoc
from models.train import DEFAULT_LABELS, read_phrases, train_model
from tests.test_classifier_speed_equivalence import EVAL_CSV, FIXTURES, sample_docs

#: Several languages, no evidence at all, unread languages (uncertain), markup, quotes, escapes.
VARIED = [
    "Q3 roadmap draft for the pricing strategy",
    "Fix login 500 error on Safari",
    "Définir la stratégie produit et la vision pour 2027",
    "Corregir el error de inicio de sesión",
    "Produktstrategie und Roadmap für das nächste Jahr festlegen",
    "Atualizar a documentação da API",
    "ログイン画面のバグを修正する",  # Japanese: not read
    "Correggere il bug della pagina di accesso e aggiornare la documentazione",  # Italian
    "Рефакторинг модуля оплаты",  # Cyrillic: not read
    "zzqx",
    "the",
    "0",
    'Quotes " and \\ backslash, tab\there, escape \x1b[31m',
    "Émojis 🚀 and accents: café, Straße, team’s don't",
    "Line\u2028separator and \u0085 next line",
    "<b>Roadmap</b> & market research: customer interviews, OKRs",
]


def _eval_texts(count: int, seed: int) -> list[str]:
    with EVAL_CSV.open(newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    return random.Random(seed).sample(texts, min(count, len(texts)))


def assert_lines_equal_reference(model, texts, docs, thresholds=(0.0, 0.6, 0.95, 1.0)):
    columns = model.predict_columns(docs)
    predictions = model.predict(docs)
    for threshold in thresholds:
        fast = prediction_lines(texts, columns, threshold)
        assert len(fast) == len(texts)
        for text, prediction, line in zip(texts, predictions, fast, strict=True):
            assert line == prediction_line(text, prediction, threshold)  # one line: small diff


@pytest.fixture(scope="module")
def bundled():
    return load_model()


def test_bundled_model_lines_equal_the_per_item_lines(bundled):
    texts = VARIED + _eval_texts(600, seed=1)
    assert_lines_equal_reference(bundled, texts, [ItemDoc(title=t) for t in texts])
    for item_type in ("Epic", "Bug"):
        docs = [ItemDoc(title=t, type=item_type) for t in texts]
        assert_lines_equal_reference(bundled, texts, docs, thresholds=(0.6,))


def test_full_docs_with_descriptions_labels_and_columns(bundled):
    docs = sample_docs(400, seed=21)
    assert_lines_equal_reference(bundled, [d.title for d in docs], docs)


def test_uncertain_and_unread_items_are_in_the_batch(bundled):
    columns = bundled.predict_columns([ItemDoc(title=t) for t in VARIED])
    assert {6, 8} <= set(columns.unread) <= set(columns.fallback_rows())  # Japanese, Cyrillic
    lines = prediction_lines(VARIED, columns, 0.6)
    assert '"label": "uncertain"' in lines[6] and "does not read" in lines[6]
    assert "no strong terms" in lines[9]  # zzqx: no evidence at all


@pytest.mark.parametrize("labels", [None, DEFAULT_LABELS], ids=["three-labels", "two-labels"])
def test_custom_models_lines_equal_the_per_item_lines(labels):
    model = train_model(read_phrases(FIXTURES / "model_phrases.csv"), labels=labels)
    if labels is None:
        assert len(model.labels) >= 3
    texts = VARIED + _eval_texts(200, seed=4)
    assert_lines_equal_reference(model, texts, [ItemDoc(title=t) for t in texts])


def test_rows_the_tables_cannot_say_are_written_from_their_prediction(bundled):
    texts = _eval_texts(50, seed=2)
    docs = [ItemDoc(title=t) for t in texts]
    columns = bundled.predict_columns(docs)
    columns._exact[:] = False  # every row takes the per-item path
    predictions = bundled.predict(docs)
    assert columns.fallback_rows() == list(range(len(texts)))
    for text, p, line in zip(
        texts, predictions, prediction_lines(texts, columns, 0.6), strict=True
    ):
        assert line == prediction_line(text, p, 0.6)


def test_place_codes_are_what_round_writes():
    rng = np.random.default_rng(0)
    values = np.concatenate(
        [
            rng.random(20_000),
            np.arange(10_001) / 10_000,  # on the grid
            (np.arange(10_000) + 0.5) / 10_000,  # ties (or within 1e-6 of one)
            [0.0, 1.0, 1e-9, 1 - 1e-12, 0.00005, 0.99995],
        ]
    )
    codes, exact = place_codes(values)
    assert not exact[20_000 + 10_001 : 20_000 + 10_001 + 10_000].any()
    for value, code, ok in zip(values.tolist(), codes.tolist(), exact.tolist(), strict=True):
        if ok:
            assert repr(code / 10_000) == repr(round(value, 4)), value
    bad, ok = place_codes(np.array([np.nan, np.inf, -0.5, 1.5]))
    assert not ok.any()


def test_model_without_columns_gets_the_per_item_lines(bundled):
    class Plain:
        labels = bundled.labels

        def predict(self, docs):
            return bundled.predict(docs)

    from models.interface import RoleModel

    RoleModel.register(Plain)
    texts = VARIED[:5]
    batches = list(classify_json_lines(["", *texts], 0.6, model=Plain(), batch=2))
    assert [len(b) for b in batches] == [2, 2, 1]
    expected = [prediction_line(t, p, 0.6) for t, p in classify_stream(texts, model=bundled)]
    assert [line for b in batches for line in b] == expected


def test_the_command_writes_the_per_item_lines(tmp_path, bundled):
    texts = VARIED + _eval_texts(100, seed=3)
    path = tmp_path / "items.txt"
    path.write_text("\n".join(texts) + "\n", encoding="utf-8")
    items = [part.strip() for t in texts for part in t.splitlines() if part.strip()]
    pairs = classify_stream(items, model=bundled, threshold=0.7)
    expected = [prediction_line(t, p, 0.7) for t, p in pairs]
    args = ["classify", "--file", str(path), "-t", "0.7", "-f"]
    jsonl = CliRunner().invoke(app, [*args, "jsonl"])
    assert jsonl.exit_code == 0
    got = jsonl.stdout.splitlines()
    assert len(got) == len(expected)
    for line, want in zip(got, expected, strict=True):
        assert line == want
    array = CliRunner().invoke(app, [*args, "json"]).stdout
    assert array.startswith("[\n  ") and array.endswith("\n]\n")
    for line, want in zip(array[4:-3].split(",\n  "), expected, strict=True):
        assert line == want
