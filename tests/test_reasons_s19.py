"""Session 19 (issue 12, point 5): an uncertain item's number never reads as its threshold, and
``classify`` reads items the way ``scan`` does.

- An item below the report's threshold whose confidence would round up to it (0.5999 at 0.60)
  shows the step below (``0.59``, ``59.9%``) in its reason and in every table; JSON numbers stay.
- ``classify`` takes scan's ``--threshold`` (same default) and its reasons say "uncertain,
  leaning …" exactly when its label is ``uncertain``, in every output format.
Boards, titles and models of our own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import numpy as np
import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.formats import get_format
from analyzer.modeling import classify_json_lines, classify_stream, classify_texts
from analyzer.options import ClassifyOptions, OptionError
from analyzer.pipeline import scan_file
from models._reason_terms import NEVER_SHOWN, UNSURE_LEAD, shown_below
from models.classifier import load_model
from models.interface import DEFAULT_THRESHOLD, ItemDoc, Prediction
from models.reasons import _HELD_THIN, _HELD_TIE, reason_text
from tests.fakes.models import PredictOnlyModel, two_term_batch

# --- the rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("confidence", "threshold", "places", "shown"),
    [
        (0.5999, 0.6, 2, "0.59"),  # would round to the threshold: the hundredth below
        (0.5951, 0.6, 2, "0.59"),
        (0.5949, 0.6, 2, "0.59"),  # rounds below it anyway
        (0.55, 0.6, 2, "0.55"),
        (0.6, 0.6, 2, "0.60"),  # at the threshold: not uncertain, as it is
        (0.93, 0.6, 2, "0.93"),
        (0.5999, 0.6, 3, "59.9%"),  # a percentage with one decimal
        (0.59951, 0.6, 3, "59.9%"),
        (0.5994, 0.6, 3, "59.9%"),
        (0.6049, 0.605, 2, "0.60"),  # a threshold finer than the shown step
        (0.9998, 0.99999, 2, "0.99"),
    ],
)
def test_an_uncertain_confidence_never_reads_as_its_threshold(confidence, threshold, places, shown):
    value = shown_below(confidence, threshold, places)
    text = f"{value * 100:.1f}%" if places == 3 else f"{value:.2f}"
    assert text == shown
    if confidence < threshold:
        assert float(text.rstrip("%")) / (100 if places == 3 else 1) < threshold


def test_every_batch_form_cuts_an_uncertain_confidence_rounding_up_to_the_threshold():
    # rounding up to 0.60: plain, held, held without terms at a rounding tie (0.595), strategic;
    # below it anyway; sure
    proba = [
        [0.4001, 0.5999],
        [0.4049, 0.5951],
        [0.405, 0.595],
        [0.59999, 0.40001],
        [0.45, 0.55],
        [0.3, 0.7],
    ]
    held = [0, _HELD_THIN, _HELD_THIN, 0, 0, 0]
    chosen = [[1, -1], [1, -1], [-1, -1], [0, -1], [1, -1], [1, -1]]
    batch = two_term_batch(proba, held, chosen)
    assert batch.codes[2] == _HELD_TIE + 1 - _HELD_THIN  # formatted one by one until marked
    batch.mark_below(0.6)
    batch.mark_below(0.6)  # marking twice changes nothing
    rows = list(range(len(proba)))
    said = [batch.reason(row) for row in rows]
    for row, reason in enumerate(said):
        k = int(np.argmax(proba[row]))
        terms = [["roadmap", "login"][c] for c in chosen[row] if c >= 0]
        expected = reason_text(
            ("strategic", "tactical")[k],
            proba[row][k],
            terms,
            None,
            held=held[row],
            unsure=row < 5,
            threshold=0.6,
        )
        assert reason == expected
    heads = [re.match(r"(?:uncertain, leaning )?\w+ (\d\.\d\d)", r).group(1) for r in said]
    assert heads == ["0.59", "0.59", "0.59", "0.59", "0.55", "0.70"]
    assert batch.reasons_and_term_lists(rows)[0] == said
    layout = ("[", ", ", "]", "[]")
    texts = batch.json_reasons_and_term_lists(rows, layout)[0]
    assert [json.loads(t) for t in texts] == said
    pieces = batch.utf8_reason_pieces(rows, layout)[:3]
    assert [json.loads(b"".join(p)) for p in zip(*pieces, strict=True)] == said


#: Titles of our own; one at least has a confidence that rounds up by a clear margin.
SOME = [
    "Tidy the onboarding copy",
    "Interview three customers about invoices",
    "Plan the pricing experiment",
    "Update the help page",
    "Research churn reasons",
    "Draft the partner programme",
    "Decide which markets to enter next",
]


def _rounding_up(model) -> tuple[str, float, float]:
    """A title whose confidence rounds up to its hundredth by more than 1e-4, the confidence,
    and that hundredth as a threshold: the item is just below it."""
    for text, p in zip(SOME, model.predict([ItemDoc(t) for t in SOME]), strict=True):
        if round(p.confidence, 2) > p.confidence + 1e-4:
            return text, p.confidence, round(p.confidence, 2)
    raise AssertionError("no title of SOME rounds up")  # pragma: no cover


def test_the_model_cuts_at_the_threshold_it_is_given(model):
    text, confidence, threshold = _rounding_up(model)
    (p,) = model.predict([ItemDoc(text)], unsure_below=threshold)
    assert p.reason.startswith(UNSURE_LEAD) and p.confidence == confidence
    shown = re.search(r" (\d\.\d\d): ", p.reason).group(1)
    assert float(shown) < threshold and shown == f"{threshold - 0.01:.2f}"
    columns = model.predict_columns([ItemDoc(text)], unsure_below=threshold)
    assert columns.fallback_rows() == []
    assert json.loads("".join(x[0] for x in columns.reason_parts())) == p.reason


# --- the reports -------------------------------------------------------------------------------


class _AlmostModel(PredictOnlyModel):
    """Every item tactical at 0.5999 (just below the default threshold), or 0.93."""

    labels = ("strategic", "tactical")

    def predict(self, docs: Sequence[ItemDoc]) -> list[Prediction]:
        out = []
        for doc in docs:
            sure = 0.93 if "crash" in doc.title else 0.5999
            reason = f"tactical {sure:.2f}: 'word'"
            out.append(
                Prediction("tactical", sure, reason, {"strategic": 1 - sure, "tactical": sure})
            )
        return out


BOARD_CSV = """Summary,Issue key,Issue id,Issue Type,Status,Created
Tidy the onboarding copy,P-1,1,Task,To Do,23/Nov/25 10:15 AM
Fix the login crash on the settings page,P-2,2,Task,To Do,23/Nov/25 10:15 AM
"""


@pytest.fixture(scope="module")
def almost_report(tmp_path_factory):
    path = tmp_path_factory.mktemp("almost") / "board.csv"
    path.write_text(BOARD_CSV, encoding="utf-8")
    return scan_file(str(path), model=_AlmostModel())


@pytest.mark.parametrize("name", ["markdown", "html"])
def test_tables_listing_an_uncertain_item_never_round_it_up_to_the_threshold(almost_report, name):
    labels = {i.key: i.label for i in almost_report.items}
    assert labels == {"P-1": "uncertain", "P-2": "tactical"}
    text = get_format(name).render(almost_report)
    assert "59.9%" in text and "60.0%" not in text
    assert "93.0%" in text  # a sure item as it is


def test_json_keeps_the_number(almost_report):
    items = {i["key"]: i for i in json.loads(get_format("json").render(almost_report))["items"]}
    assert items["P-1"]["confidence"] == 0.5999 and items["P-1"]["label"] == "uncertain"


# --- classify reads items the way scan does ----------------------------------------------------


TEXTS = [
    "Herstel de knop op de inlogpagina",  # no known word: below 0.6
    "Reporting improvements",
    "Fix the login crash on the settings page",
    "Define the product vision and roadmap for next year",
]


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_classify_options_take_scans_threshold_and_check_it_once():
    options = ClassifyOptions.build()
    assert (options.threshold, options.format) == (DEFAULT_THRESHOLD, "text")
    assert ClassifyOptions.build(threshold=0.7, format="JSONL").format == "jsonl"
    with pytest.raises(OptionError, match="--threshold"):
        ClassifyOptions.build(threshold=1.5)
    with pytest.raises(OptionError, match="--threshold"):
        ClassifyOptions.build(threshold=float("nan"))
    with pytest.raises(OptionError, match="unknown format 'xml'"):
        ClassifyOptions.build(format="xml")


@pytest.mark.parametrize("threshold", [None, "0.5", "0.9"])
def test_classify_says_uncertain_exactly_when_its_label_is(model, threshold):
    at = ["-t", threshold] if threshold else []
    t = float(threshold) if threshold else DEFAULT_THRESHOLD
    expected = model.predict([ItemDoc(x) for x in TEXTS], unsure_below=t)  # as a scan asks
    for fmt in ("json", "jsonl"):
        out = run("classify", *TEXTS, "-f", fmt, *at).stdout
        rows = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
        assert [r["reason"] for r in rows] == [p.reason for p in expected]
        for row in rows:
            assert row["reason"].startswith(UNSURE_LEAD) is (row["label"] == "uncertain")
    lines = run("classify", *TEXTS, *at).stdout.splitlines()
    assert [line.strip() for line in lines[1::2]] == [p.reason for p in expected]
    for head, reason in zip(lines[::2], lines[1::2], strict=True):
        assert reason.strip().startswith(UNSURE_LEAD) is head.startswith("uncertain ")
    assert any(r.strip().startswith(UNSURE_LEAD) for r in lines[1::2]) is (t > 0.5)


def test_classify_cuts_an_uncertain_confidence_as_the_reports_do(model):
    text, confidence, threshold = _rounding_up(model)
    head, reason = run("classify", text, "-t", str(threshold)).stdout.splitlines()
    shown = head.split()[1]
    assert head.startswith("uncertain ") and shown == f"{threshold - 0.01:.2f}"
    assert re.match(rf"{UNSURE_LEAD}\w+ {shown}: ", reason.strip())
    for fmt in ("json", "jsonl"):
        out = run("classify", text, "-t", str(threshold), "-f", fmt).stdout
        row = json.loads(out)[0] if fmt == "json" else json.loads(out)
        assert row["reason"] == reason.strip() and row["confidence"] == round(confidence, 4)


def test_the_library_calls_read_the_threshold_too(model):
    below = classify_texts(TEXTS[:1], model=model)[0][1]
    assert below.reason.startswith(UNSURE_LEAD)
    assert not classify_texts(TEXTS[:1], model=model, threshold=None)[0][1].reason.startswith(
        UNSURE_LEAD
    )
    streamed = [p.reason for _, p in classify_stream(TEXTS, model=model, threshold=0.9)]
    lines = [
        json.loads(x)["reason"] for b in classify_json_lines(TEXTS, 0.9, model=model) for x in b
    ]
    assert streamed == lines


# --- words no reason shows ---------------------------------------------------------------------

#: Titles of our own whose strongest tactical words include a wish, 'make sure', 'used', 'off'.
WISHES = [
    "As a customer I want to see my invoices on one page",
    "We need a cancel button on the booking form",
    "Make sure the export keeps the date column",
    "Field used for the discount is empty",
    "Turn off the reminder emails for closed accounts",
    "Mise à jour du formulaire de contact en cours",
]


def test_wishes_and_set_phrase_halves_are_no_terms_and_move_nothing():
    from models.classifier import ARTIFACT, LinearRoleModel

    hidden = load_model()
    every = LinearRoleModel.load(ARTIFACT)  # a second copy, every word shown
    every._shown_pushes = every._toward
    docs = [ItemDoc(t) for t in WISHES]
    said, plain = hidden.predict(docs), every.predict(docs)
    new = {"want", "need", "make sure", "used", "off", "cours"}
    assert new <= {t for p in plain for t in p.top_terms}  # they would be shown
    assert new | {"sure", "make", "mise", "veux", "quiero", "quero"} <= NEVER_SHOWN
    for p, q in zip(said, plain, strict=True):
        assert not new & set(p.top_terms), p.reason
        assert (p.label, p.confidence, p.scores) == (q.label, q.confidence, q.scores)
