"""Session 33 (issue 12): ``research.real_dev_sweep`` scores every fresh set's dev half present
(``--all-fresh``) and sums what was found over the old halves and the new ones apart; the block of
tickets of our own for the new misses' kinds (``research/data/s33_kinds_tickets.csv``, measured
with ``--extra``, not shipped). Tests read no real export: folders here are empty fixtures."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from models import train
from models.features import normalise_type
from research import halves, real_dev_sweep

ROOT = Path(__file__).resolve().parents[1]
TICKETS = ROOT / "research" / "data" / "s33_kinds_tickets.csv"

#: the new misses' kinds and, per language, a noun each kind's tickets share across both labels
KIND_NOUNS = {
    "en": ("release", "licen", "pric", "schedule", "competitor", "name"),
    "es": ("versión", "licencia", "precios", "publica", "competidor", "nombre"),
}


def _args(argv: list[str]):  # type: ignore[no-untyped-def]
    parser = real_dev_sweep.argparse.ArgumentParser()
    for prefix in real_dev_sweep.FRESH_SETS:
        parser.add_argument(f"--{prefix}", type=Path, default=None)
    parser.add_argument("--all-fresh", action="store_true")
    return parser.parse_args(argv)


def test_all_fresh_takes_every_present_folder_and_a_given_folder_wins(tmp_path, monkeypatch):
    for n in ("", "3", "12"):
        (tmp_path / f"freshdata{n}").mkdir()
    monkeypatch.setattr(halves, "FRESH_PARENT", tmp_path)
    chosen = real_dev_sweep.fresh_folders(_args(["--all-fresh", "--fresh3", "/x"]))
    assert chosen == {
        "fresh": tmp_path / "freshdata",
        "fresh3": Path("/x"),
        "fresh12": tmp_path / "freshdata12",
    }
    # without --all-fresh only the sets named (the old options keep working)
    assert real_dev_sweep.fresh_folders(_args(["--fresh2", "/y"])) == {"fresh2": Path("/y")}
    assert real_dev_sweep.fresh_folders(_args([])) == {}


def test_every_fresh_set_has_its_option_and_only_dev_halves():
    args = _args([f"--{p}=/f{p}" for p in real_dev_sweep.FRESH_SETS])
    assert set(real_dev_sweep.fresh_folders(args)) == set(real_dev_sweep.FRESH_SETS)
    assert {"fresh10", "fresh11", "fresh15"} <= set(real_dev_sweep.FRESH_SETS)
    assert all(half.endswith("-dev") for _, half in real_dev_sweep.FRESH_SETS.values())
    assert set(real_dev_sweep.NEW_SETS) <= set(real_dev_sweep.FRESH_SETS)


def test_found_and_false_calls_are_summed_over_old_and_new_halves_apart():
    results = [
        {"called": "3/4", "fresh_called": "1/1", "fresh12_called": "2/5"},
        {"called": "2/2", "fresh_called": "0/1", "fresh12_called": "0/0"},
    ]
    lines = real_dev_sweep.found_lines(results, ["fresh", "fresh12"])
    assert lines == [
        "over 2 draws and the halves scored: found (strategic by the labels) 8, "
        "false strategic calls 5",
        "over 2 draws, old halves (2): found 6, false strategic calls 2",
        "over 2 draws, new halves (1): found 2, false strategic calls 3",
    ]
    # only old halves scored: the one line, as before
    assert real_dev_sweep.found_lines(results, ["fresh"]) == [
        "over 2 draws and the halves scored: found (strategic by the labels) 6, "
        "false strategic calls 2"
    ]


def test_the_block_holds_both_labels_in_five_languages_each_tied_to_a_phrase():
    tickets = train.read_tickets(TICKETS)
    phrases = {p.id: p for p in train.read_phrases(train.PHRASES_CSV)}
    assert Counter(t.label for t in tickets) == {"strategic": 60, "tactical": 35}
    assert all(phrases[t.phrase_id].label == t.label for t in tickets)
    # direction work filed as delivery items, without a list (session 20: lists carry false calls)
    assert not any(t.column for t in tickets)
    types = {normalise_type(t.type) for t in tickets if t.label == "strategic"}
    assert types <= {"story", "task"}
    assert {normalise_type(t.type) for t in tickets if t.label == "tactical"} <= {
        "bug",
        "task",
        "sub-task",
    }


def test_each_kinds_noun_is_taught_in_both_labels():
    tickets = train.read_tickets(TICKETS)
    for lang, nouns in KIND_NOUNS.items():
        for noun in nouns:
            labels = {t.label for t in tickets if noun in f"{t.title} {t.description}".lower()}
            assert labels == {"strategic", "tactical"}, (lang, noun)


def test_no_title_is_in_the_shipped_training_data():
    with (ROOT / "models" / "data" / "tickets.csv").open(encoding="utf-8") as f:
        shipped = {row["title"].lower() for row in csv.DictReader(f)}
    assert not shipped & {t.title.lower() for t in train.read_tickets(TICKETS)}


def test_the_requests_block_is_delivery_stories_sharing_the_kinds_nouns():
    """research/data/s33_requests_tickets.csv: feature requests (delivery) filed as stories in
    the five languages, with the kinds' nouns (licence, price, publishing, version, name,
    competitor), measured together with the kinds block (``--extra`` of the two joined)."""
    requests = train.read_tickets(ROOT / "research" / "data" / "s33_requests_tickets.csv")
    phrases = {p.id: p for p in train.read_phrases(train.PHRASES_CSV)}
    assert len(requests) == 30 and {t.label for t in requests} == {"tactical"}
    assert all(phrases[t.phrase_id].label == "tactical" for t in requests)
    assert {normalise_type(t.type) for t in requests} == {"story"} and not any(
        t.column for t in requests
    )
    kinds = {t.title.lower() for t in train.read_tickets(TICKETS)}
    assert not kinds & {t.title.lower() for t in requests}
