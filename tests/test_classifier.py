"""The role classifier: held-out accuracy, reasons, item type, artifact round-trip, safe loading."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from sklearn.model_selection import GroupShuffleSplit

from models._reason_terms import confidence_text
from models.artifact_check import artifact_differences
from models.classifier import ARTIFACT, FORMAT, LinearRoleModel, load_model
from models.evaluate import read_labelled
from models.features import words
from models.interface import ItemDoc, ModelError
from models.train import (
    DEFAULT_LABELS,
    PHRASES_CSV,
    TICKETS_CSV,
    Phrase,
    build_training_set,
    make_pipeline,
    read_default_tickets,
    read_phrases,
    read_tickets,
    train_default,
    train_model,
)

FIXTURES = Path(__file__).parent / "fixtures"
# 0.75 until session 14: German "die" was strategic evidence then, and two of the held-out
# split's German strategic tickets were right through it alone (0.754 -> 0.738 without it).
HELD_OUT_FLOOR = 0.73
EVAL_CSV = Path(__file__).parents[1] / "models" / "eval" / "items.csv"


@pytest.fixture(scope="module")
def bundled() -> LinearRoleModel:
    return load_model()


@pytest.fixture(scope="module")
def small() -> LinearRoleModel:
    return train_model(read_phrases(FIXTURES / "model_phrases.csv"), labels=DEFAULT_LABELS)


def test_held_out_split_of_phrases_and_tickets():
    """Train on 75 % of the phrase groups (a phrase and its tickets), predict the rest."""
    phrases, tickets = read_phrases(PHRASES_CSV), read_tickets(TICKETS_CSV)
    ts = build_training_set(phrases, tickets, DEFAULT_LABELS)
    split = GroupShuffleSplit(n_splits=1, test_size=0.25, random_state=0)
    train_idx, test_idx = next(split.split(ts.docs, ts.y, ts.groups))
    held_out_phrases = {ts.phrases[int(g[1:])].id for g in ts.groups[test_idx] if g[0] == "p"}
    model = train_model(
        [p for p in phrases if p.id not in held_out_phrases],
        labels=DEFAULT_LABELS,
        tickets=[t for t in tickets if t.phrase_id not in held_out_phrases],
    )
    docs = [ts.docs[i] for i in test_idx]
    predicted = [p.label for p in model.predict(docs)]
    accuracy = float(np.mean([a == b for a, b in zip(predicted, ts.y[test_idx], strict=True)]))
    print(f"\nheld-out accuracy on {len(docs)} phrases+tickets: {accuracy:.3f}")
    assert len(docs) > 50
    assert accuracy >= HELD_OUT_FLOOR


def test_prediction_shape_and_probabilities(bundled):
    preds = bundled.predict([ItemDoc("Draft the pricing strategy"), ItemDoc("Fix login bug")])
    assert [p.label for p in preds] == ["strategic", "tactical"]
    for p in preds:
        assert set(p.scores) == {"strategic", "tactical"}
        assert sum(p.scores.values()) == pytest.approx(1.0)
        assert p.confidence == pytest.approx(p.scores[p.label]) and p.confidence >= 0.5
    assert bundled.predict([]) == []


def test_reason_names_terms_and_nearest_phrase_with_provenance(bundled):
    (p,) = bundled.predict([ItemDoc("Update the product roadmap for next year")])
    assert p.label == "strategic"
    assert "roadmap" in p.top_terms
    assert p.nearest_phrase and p.nearest_source and " § " in p.nearest_source
    assert p.reason.startswith(f"strategic {confidence_text(p.confidence)}: ")
    assert "'roadmap'" in p.reason
    assert f"nearest phrase: '{p.nearest_phrase}'" in p.reason
    # The reason names the seed article by its title, and the section.
    from models.source_phrases import (
        SEED_TITLES,
    )

    title = SEED_TITLES[p.nearest_source[:3]]
    section = p.nearest_source.split(" § ", 1)[1]
    assert f"(“{title}”, § {section})" in p.reason
    assert "000 §" not in p.reason and ".txt" not in p.reason
    phrase = next(x for x in bundled.phrases if x.text == p.nearest_phrase)
    assert phrase.label == "strategic"  # the nearest phrase supports the label given


def test_reason_terms_skip_function_words_and_repeats(bundled):
    (p,) = bundled.predict([ItemDoc("Write the acceptance criteria for the export story")])
    assert p.label == "tactical"
    assert not {"the", "for", "the export"} & set(p.top_terms)
    words = [w for term in p.top_terms for w in term.split()]
    assert len(words) == len(set(words))


def test_no_known_words_gives_no_phrase(bundled):
    (p,) = bundled.predict([ItemDoc("zzqx wobbleflap")])
    assert p.top_terms == [] and p.nearest_phrase is None
    # read strategic at the intercept, held back by the evidence rule (its reason says so)
    assert p.reason == (
        "tactical 0.55: held back from strategic (its own words give too little evidence); "
        "no strong terms (the model has learned none of its words)"
    )


def test_item_type_sways_the_label(bundled):
    def strategic(kind: str | None) -> float:
        # Words with some strategic evidence, a direction word among them: without any, the
        # evidence rule holds every type at the same cap (and without a direction word, the
        # no-direction cap of session 14 does) and the type's sway cannot show.
        text = "Customer reporting improvements plan"
        return bundled.predict([ItemDoc(text, type=kind)])[0].scores["strategic"]

    assert strategic("Epic") > strategic(None) > strategic("Sub-task")
    assert strategic("Initiative") > strategic("Bug")
    (bug,) = bundled.predict([ItemDoc("Customer reporting improvements", type="Bug")])
    assert "issue type Bug" in bug.reason and "type:bug" in bug.top_terms


def test_export_matches_the_scikit_learn_pipeline():
    phrases = read_phrases(FIXTURES / "model_phrases.csv")
    ts = build_training_set(phrases, (), DEFAULT_LABELS)
    model = train_model(phrases, labels=DEFAULT_LABELS)
    pipeline = make_pipeline(model.config, 0).fit(ts.docs, ts.y)
    docs = [ItemDoc("market research on pricing"), ItemDoc("stories for the sprint", type="Bug")]
    expected = pipeline.decision_function(docs)
    assert np.allclose(model.decision(model.transform(docs)), expected)


#: Items whose predictions pin the bundled model down, whatever floating-point noise does to the
#: last digits of its numbers: both labels, metadata, another language, an empty text.
PINNED = [
    ItemDoc("Q3 roadmap draft"),
    ItemDoc("Competitor pricing research for the team plan", type="Epic"),
    ItemDoc("Checkout: 500 on expired coupon", type="Bug"),
    ItemDoc("Write acceptance criteria for the login story", type="Story"),
    ItemDoc("Refine the backlog before sprint planning", column="Doing"),
    ItemDoc("Définir la stratégie produit"),
    ItemDoc(""),
]


@pytest.fixture(scope="module")
def retrained() -> LinearRoleModel:
    return train_default()


def test_training_is_reproducible(retrained):
    again = train_default()
    assert artifact_differences(retrained.to_json(), again.to_json(), rtol=1e-9) == []


def test_the_bundled_artifact_is_current(retrained, bundled):
    """Structure, vocabulary and texts exactly, numbers to a relative tolerance: a patch release
    of numpy/scipy/scikit-learn moves the last digits, not the model."""
    shipped = json.loads(ARTIFACT.read_text(encoding="utf-8"))
    differences = artifact_differences(shipped, retrained.to_json())
    assert differences == [], "maintainers: run `python -m models.train` to rebuild the artifact"
    fresh, ours = retrained.predict_proba(PINNED), bundled.predict_proba(PINNED)
    assert np.allclose(fresh, ours, rtol=0, atol=1e-4)
    assert [p.label for p in retrained.predict(PINNED)] == [
        p.label for p in bundled.predict(PINNED)
    ]


def test_artifact_differences_ignores_float_noise_and_names_real_changes():
    shipped = json.loads(ARTIFACT.read_text(encoding="utf-8"))
    noisy = json.loads(json.dumps(shipped))
    noisy["calibration"]["a"] = shipped["calibration"]["a"] * (1 + 6e-10)  # seen across versions
    noisy["coef"][0] = [c * (1 + 1e-9) for c in shipped["coef"][0]]
    assert artifact_differences(shipped, noisy) == []

    changed = json.loads(json.dumps(shipped))
    changed["coef"][0][3] += 0.5
    changed["vocabulary"][0] = "not-a-feature"
    changed["calibration"]["a"] *= 1.01
    del changed["info"]
    lines = artifact_differences(shipped, changed)
    assert any(line.startswith("$.coef[0]: 1 of ") for line in lines)
    assert any(line.startswith("$.vocabulary[0]: ") for line in lines)
    assert any(line.startswith("$.calibration.a: ") for line in lines)
    assert any("keys differ" in line and "info" in line for line in lines)
    assert all(len(line) < 300 for line in lines)  # short lines, never a diff of two blobs


def test_artifact_differences_caps_its_output():
    lines = artifact_differences(list(range(0, 50)), [str(i) for i in range(50)], limit=5)
    assert len(lines) == 6 and lines[-1] == "… and more"


def test_models_train_check_says_whether_the_artifact_is_current(tmp_path, capsys):
    from models.train import main

    stale = tmp_path / "stale.json"
    data = json.loads(ARTIFACT.read_text(encoding="utf-8"))
    data["intercept"][0] += 1.0
    stale.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--check", "--output", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().out
    assert stale.read_text(encoding="utf-8") == json.dumps(data)  # --check never writes
    assert main(["--check"]) == 0
    assert capsys.readouterr().out.strip().endswith(": current")


def test_artifact_round_trip(small, tmp_path):
    path = tmp_path / "m.json"
    small.save(path)
    loaded = LinearRoleModel.load(path)
    docs = [ItemDoc("pricing research", type="Epic"), ItemDoc("triage bugs", description="x")]
    assert np.allclose(small.predict_proba(docs), loaded.predict_proba(docs))
    assert [p.reason for p in small.predict(docs)] == [p.reason for p in loaded.predict(docs)]
    again = tmp_path / "again.json"
    loaded.save(again)
    assert again.read_bytes() == path.read_bytes(), "saving a loaded model changed it"
    assert load_model(path).labels == ("strategic", "tactical")


def test_bundled_model_is_loaded_once(bundled):
    assert load_model() is bundled


def test_more_than_two_labels_for_custom_taxonomies(tmp_path):
    model = train_model(read_phrases(FIXTURES / "model_phrases.csv"), seed=3)
    assert model.labels == ("marketing", "strategic", "tactical")
    assert model.calibration.kind == "temperature"
    (p,) = model.predict([ItemDoc("Battlecards and messaging for the sales team")])
    assert p.label == "marketing" and sum(p.scores.values()) == pytest.approx(1.0)
    model.save(tmp_path / "three.json")
    assert LinearRoleModel.load(tmp_path / "three.json").labels == model.labels


def test_train_model_accepts_dicts_and_objects():
    class Row:
        def __init__(self, text: str, label: str) -> None:
            self.text, self.label = text, label

    rows = [
        {"text": "market research", "label": "strategic"},
        {"text": "pricing strategy", "label": "strategic", "source": "a.txt", "section": "PM"},
        Row("write user stories", "tactical"),
        Phrase("groom the backlog", "tactical"),
    ]
    model = train_model(rows, seed=1)
    assert model.labels == ("strategic", "tactical")
    assert model.phrases[1].provenance == "a.txt § PM"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"text": "a", "label": "x"}, {"text": "b", "label": "x"}], "at least two labels"),
        ([{"text": "a", "label": "x"}, {"text": "b", "label": "y"}], "at least 2 examples"),
        ([{"text": "", "label": "x"}], "needs text and label"),
    ],
)
def test_train_model_rejects_unusable_phrases(rows, message):
    with pytest.raises(ModelError, match=message):
        train_model(rows)


# --- files that are not models -------------------------------------------------------------


def _valid(small) -> dict:
    return small.to_json()


def _damage(small, **changes) -> dict:
    data = _valid(small)
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"# hello\nnot json", "not JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not JSON"),
        (b"", "not JSON"),
        (b"[1, 2, 3]", "format marker"),
        (b'{"issues": []}', "format marker"),
    ],
)
def test_not_a_model_file(tmp_path, content, expected):
    path = tmp_path / "model.json"
    path.write_bytes(content)
    with pytest.raises(ModelError, match=expected) as info:
        load_model(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)


def test_fixture_that_is_not_a_model():
    with pytest.raises(ModelError, match="not a backlog-analyzer model"):
        load_model(FIXTURES / "model_not_a_model.json")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"format_version": 99}, "version 99 is not supported"),
        ({"labels": ["only"]}, "two or more"),
        ({"idf": [1.0]}, "idf must hold"),
        ({"coef": [[0.0]]}, "coef must hold"),
        ({"intercept": ["x"]}, "not a finite number"),
        ({"calibration": {"kind": "magic"}}, "unknown calibration"),
        ({"calibration": {"kind": "temperature", "t": 1.0}}, "does not match"),
        ({"vocabulary": "abc"}, "vocabulary must be a list"),
        ({"config": {"features": {}}}, "missing field"),
        ({"examples": [{"title": "x", "phrase": 10**6}]}, "does not exist"),
    ],
)
def test_damaged_model_file(small, tmp_path, change, expected):
    path = tmp_path / "model.json"
    path.write_text(json.dumps(_damage(small, **change)), encoding="utf-8")
    with pytest.raises(ModelError, match=expected) as info:
        load_model(path)
    assert "\n" not in str(info.value)


def test_nan_weights_are_rejected(small, tmp_path):
    data = _valid(small)
    data["idf"][0] = float("nan")
    path = tmp_path / "nan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match="finite"):
        load_model(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ModelError, match="no such model file"):
        load_model(tmp_path / "nope.json")
    with pytest.raises(ModelError, match="is a directory"):
        load_model(tmp_path)


def test_saved_model_is_plain_json(small, tmp_path):
    path = tmp_path / "m.json"
    small.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT
    assert {"vocabulary", "idf", "coef", "intercept", "calibration", "phrases", "config"} <= set(
        data
    )


# --- phrase files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad_header.csv", None, "missing column"),
        ("empty_label.csv", None, "line 3: empty label"),
        ("empty.csv", b"", "empty file"),
        ("binary.csv", b"text,label\n\x00\x01\x02", "binary"),
        ("latin1.csv", "text,label\ncaf\xe9,strategic\n".encode("latin-1"), "not a UTF-8"),
        ("ragged.csv", b"text,label\na,strategic,extra\n", "more fields"),
        ("header_only.csv", b"text,label\n", "no phrases"),
    ],
)
def test_malformed_phrases(tmp_path, name, content, expected):
    path = FIXTURES / f"model_{name}"
    if content is not None:
        path = tmp_path / name
        path.write_bytes(content)
    with pytest.raises(ModelError, match=expected) as info:
        read_phrases(path)
    assert "\n" not in str(info.value)


def test_phrase_file_missing_or_directory(tmp_path):
    with pytest.raises(ModelError, match="no such file"):
        read_phrases(tmp_path / "none.csv")
    with pytest.raises(ModelError, match="is a directory"):
        read_phrases(tmp_path)


def test_bundled_phrases_have_provenance_and_other_roles():
    phrases = read_phrases(PHRASES_CSV)
    assert all(p.source and p.section for p in phrases)
    labels = {p.label for p in phrases}
    assert {"strategic", "tactical"} <= labels and len(labels) > 2  # other roles kept as data
    ids = {p.id for p in phrases}
    assert all(t.phrase_id in ids for t in read_tickets(TICKETS_CSV))


def test_training_data_stays_apart_from_the_eval_set():
    """No training phrase or ticket may (nearly) repeat an item of models/eval/items.csv."""

    def key(text: str) -> frozenset[str]:
        return frozenset(words(text))

    eval_keys = [key(it.doc.title) for it in read_labelled(EVAL_CSV)]
    texts = [p.text for p in read_phrases(PHRASES_CSV)] + [
        t.title for t in read_tickets(TICKETS_CSV)
    ]
    close = []
    for text in texts:
        k = key(text)
        for e in eval_keys:
            if k and e and len(k & e) / len(k | e) >= 0.8:
                close.append(text)
    assert close == []


def test_batched_features_equal_one_doc_at_a_time(bundled):
    """The batched look-up (words of all docs in one list) matches scikit-learn's vectoriser
    doc by doc, including empty docs and word pairs that straddle two docs."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from models.model_config import make_analyzer

    docs = [
        ItemDoc("roadmap pricing", "pricing roadmap <b>roadmap</b>", "Epic"),
        ItemDoc(""),
        ItemDoc("acceptance", labels=("Discovery",), column="Sprint Backlog"),
        ItemDoc("criteria for the sprint review", hierarchy_level=1),
        ItemDoc("12 bugs in the export 3 times", type="Sub-task"),
    ]
    batch = bundled.transform(docs).toarray()
    single = np.vstack([bundled.transform([d]).toarray() for d in docs])
    assert np.allclose(batch, single)
    reference = TfidfVectorizer(analyzer=make_analyzer(bundled.config), sublinear_tf=True)
    reference.vocabulary_ = bundled.vocabulary
    reference.idf_ = bundled.idf
    assert np.allclose(batch, reference.transform(docs).toarray())
    assert not batch[1].any()


def test_prior_shifts_the_calibration_to_the_prior():
    phrases, tickets = read_phrases(PHRASES_CSV), read_default_tickets()
    balanced = train_model(phrases, labels=DEFAULT_LABELS, tickets=tickets)
    shifted = train_default()
    assert shifted.info["prior"] == {"strategic": 0.4, "tactical": 0.6}
    assert shifted.calibration.a == balanced.calibration.a
    ts = build_training_set(phrases, tickets, DEFAULT_LABELS)
    tactical_share = float((ts.y == "tactical").mean())
    # labels[1] is tactical: the intercept moves by logit(0.6) - logit(training share).
    expected = math.log(0.6 / 0.4) - math.log(tactical_share / (1 - tactical_share))
    assert shifted.calibration.b - balanced.calibration.b == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("labels", "prior", "message"),
    [
        (None, {"marketing": 0.2, "strategic": 0.4, "tactical": 0.4}, "two labels only"),
        (DEFAULT_LABELS, {"strategic": 0.4}, "between 0 and 1"),
        (DEFAULT_LABELS, {"strategic": 1.0, "tactical": 0.0}, "between 0 and 1"),
    ],
)
def test_bad_prior(labels, prior, message):
    with pytest.raises(ModelError, match=message):
        train_model(read_phrases(FIXTURES / "model_phrases.csv"), labels=labels, prior=prior)


def test_reason_hides_digit_folded_terms_and_finds_a_role_phrase(bundled):
    (p,) = bundled.predict([ItemDoc("Interview 5 churned customers in Q3")])
    assert p.label == "strategic"
    assert not any("0" in term for term in p.top_terms)
    (story,) = bundled.predict([ItemDoc("Write acceptance criteria for the SSO story")])
    assert "acceptance criteria" in story.nearest_phrase  # role words, not the topic, match


def test_character_ngram_model_round_trips_and_still_finds_a_phrase(tmp_path):
    from dataclasses import replace

    from models.train import DEFAULT_CONFIG

    config = replace(DEFAULT_CONFIG, words=False, char_ngrams=(3, 5), classifier="logreg")
    model = train_model(
        read_phrases(FIXTURES / "model_phrases.csv"), labels=DEFAULT_LABELS, config=config
    )
    assert all(f.startswith("#") for f in model.vocabulary)
    model.save(tmp_path / "chars.json")
    loaded = LinearRoleModel.load(tmp_path / "chars.json")
    assert loaded.config.char_ngrams == (3, 5) and not loaded.config.words
    (p,) = loaded.predict([ItemDoc("Interviewing customers about the market")])
    assert p.label == "strategic" and p.nearest_phrase is not None
    assert p.top_terms == []  # character n-grams are never shown as terms


def test_fast_words_is_exactly_features_words():
    """The batched prediction path tokenises with fast_words; training uses features.words."""
    import random

    from models.classifier import fast_words

    rng = random.Random(7)
    alphabet = list("abcXYZ0189 '’-_.,:;!?\t\n") + ["é", "ß", "İ", "K", "ﬁ", "🚀", "\u00a0", "00"]
    samples = ["", "Don't stop", "rock'n'roll 12 3x4 v2.1", "abc’s Q3 100%", "'quoted' ''"]
    samples += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(5000)
    ]
    for text in samples:
        assert fast_words(text) == words(text), text
