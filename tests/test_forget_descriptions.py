"""A scan swaps classified descriptions for their acceptance-criteria evidence: same flags."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from analyzer.flags import acceptance_evidence, acceptance_evidences, has_acceptance_criteria
from analyzer.pipeline import read_board, scan_board, scan_file
from connectors.interface import Item
from tests.fakes.models import PredictOnlyModel

PIECES = [
    "Acceptance criteria: works",
    "acceptance  criterion",
    "AC: done when paid",
    "ac :",
    "Definition of Done",
    "- [ ] first box",
    "* [x] ticked",
    "  - [X] indented",
    "[ ] not at a line start",
    "Given a user\nWhen they pay\nThen it works",
    "given x when y then",
    "givenx when y then",
    "GIVEN A WHEN B THEN C",
    "given İ when ı then ſ",
    "BACKLOG: given the case",
    "then when given",
    "plain words",
    "",
    "\n",
    "  ",
    "ÉTÉ — café",
    # the other languages the model reads (written for these tests)
    "Criterios de aceptación: se guarda",
    "criterio de aceptacion",
    "CRITÈRES D'ACCEPTATION",
    "critère d’ acceptance",
    "Akzeptanzkriterien",
    "Abnahme-Kriterium",
    "Critérios de aceitação",
    "criterio de aceite",
    "Definición de terminado",
    "définition du fini",
    "DEFINIÇÃO DE PRONTO",
    "definicao de pronto",
    "Dado un usuario\nCuando paga\nEntonces funciona",
    "dado x quando y então z",
    "Étant donné un client quand il paie alors",
    "ETANT DONNEES x QUAND y ALORS z",
    "Gegeben sei x wenn y dann z",
    "angenommen",
    "dado",
    "cuando",
    "entonces",
    "quand",
    "lorsqu'il",
    "alors",
    "ENTÃO",
    "wenn",
    "dann",
    "de hecho",
    "aceptado",
    "crítica",
    # placeholders, alone and under a heading of criteria (no criteria: connectors.mapping.criteria)
    "Acceptance criteria: N/A",
    "AC: TBD",
    "- [ ] n/a",
    "N/A",
    "pendiente",
    "\n\n",
    "Criterios de aceptación:",
]


def test_the_evidence_keeps_the_answer_for_random_texts() -> None:
    rng = random.Random(11)
    for _ in range(4000):
        title = " ".join(rng.choice(PIECES) for _ in range(rng.randrange(3)))
        joiner = rng.choice([" ", "\n", ""])
        description = joiner.join(rng.choice(PIECES) for _ in range(rng.randrange(5)))
        item = Item(source="jira", id="1", title=title, description=description)
        kept = replace(item, description=acceptance_evidence(item))
        assert has_acceptance_criteria(kept) == has_acceptance_criteria(item), (title, description)
        assert len(kept.description) <= len(description) + len(title) + 1


def test_a_checklist_is_evidence_enough() -> None:
    item = Item(source="trello", id="1", title="t", description="long text", checklist_items=["a"])
    assert acceptance_evidence(item) == "" and has_acceptance_criteria(item)


SAMPLE = Path(__file__).parent.parent / "examples" / "jira_sample_export.json"


def test_scan_file_gives_the_report_scan_board_gives_and_keeps_callers_boards(tmp_path) -> None:
    from datetime import UTC, datetime

    from analyzer.formats import get_format

    when = datetime(2026, 1, 1, tzinfo=UTC)
    board = read_board(SAMPLE, activity_details=False)
    before = [item.description for item in board.items]
    assert any(len(d) > 100 for d in before)
    from_board = scan_board(board, generated_at=when, origin=str(SAMPLE))
    assert [item.description for item in board.items] == before  # a caller's board: untouched
    from_file = scan_file(SAMPLE, generated_at=when)
    render = get_format("json").render
    assert render(from_file) == render(from_board)


def test_scan_file_with_a_model_directory_says_so(tmp_path) -> None:
    import pytest

    from models.interface import ModelError

    with pytest.raises(ModelError, match="is a directory, not a model file"):
        scan_file(SAMPLE, model=tmp_path)
    with pytest.raises(ModelError, match="no such model file"):
        scan_file(SAMPLE, model=tmp_path / "missing.json")


HOSTILE = [
    *PIECES,
    "acceptance\x1ccriteria",  # Python's \s includes the information separators
    "AC\u3000:",
    "definition\u2028of\u00a0done",
    "\u3000\u2003- [x] wide indent",
    "\t\n  * [ ] after blank lines",
    "ﬁrst ÅC: ligature before",
    "acceptance crİteria",
    "given K when k then",
    "aſſeptance ac\u212a",
    "日本語 given 文字 when 字 then",
    "given " + "x" * 500 + " when y then",
    "a\ud800 lone surrogate AC:",
    "\x00 acceptance criteria \x1b[2J",
    "Given\rWhen\rThen",
    "crite\u0301rios de aceitac\u0327a\u0303o",  # decomposed accents: not recognised
    "critères d'\u3000\u2028acceptation",
    "DEFINİCIÓN de hecho",
    "ſtring dado x cuando y entonces",
    "gegeben\u00a0wenn\u2003dann",
    "Acceptatiecriteria: het totaal klopt",
    "ACCEPTATIE-CRITERIA",
    "Definitie van gereed",
    "definitie van klaar\u00a0",
    "Gegeven een klant\nAls hij betaalt\nDan krijgt hij een bon",
    "GEGEVEN x WANNEER y DAN z",
    "gegeven",
    "als x dan y",
]


def _hostile_items(
    rng: random.Random,
    count: int,
    pieces: Sequence[str] = HOSTILE,
    joiners: Sequence[str] = (" ", "\n", "", "\u3000", "é"),
    source: str = "trello",
) -> list[Item]:
    """``count`` items of 0-2 ``pieces`` in the title, 0-4 joined in the description (or no
    description), one in twenty with a checklist."""
    items = []
    for n in range(count):
        title = " ".join(rng.choice(pieces) for _ in range(rng.randrange(3)))
        joiner = rng.choice(joiners)
        description = joiner.join(rng.choice(pieces) for _ in range(rng.randrange(5)))
        checklist = ["box"] if rng.random() < 0.05 else []
        items.append(
            Item(
                source=source,
                id=str(n),
                title=title,
                description=rng.choice([description, description, None, ""]),
                checklist_items=checklist,
            )
        )
    return items


def test_the_bulk_evidence_is_the_per_item_evidence_on_hostile_texts(monkeypatch) -> None:
    """The reference is acceptance_evidence, item by item; chunks of 7 put many chunk edges and
    a chunk with a lone surrogate (read item by item) among clean ones."""
    import analyzer.flags.items as items_module

    monkeypatch.setattr(items_module, "EVIDENCE_CHUNK", 7)
    rng = random.Random(16)
    items = _hostile_items(rng, 3000)
    assert acceptance_evidences(items) == [acceptance_evidence(item) for item in items]
    clean = [item for item in items if "\ud800" not in f"{item.title}{item.description}"]
    monkeypatch.setattr(items_module, "EVIDENCE_CHUNK", 65_536)
    assert acceptance_evidences(clean) == [acceptance_evidence(item) for item in clean]
    assert acceptance_evidences([]) == []


def test_a_place_polars_finds_is_read_as_characters_whichever_way_polars_counts(
    monkeypatch,
) -> None:
    """polars' ``str.find`` counted UTF-8 bytes before 2.2 and counts characters since: the
    place is read right with the polars installed, and each way is read right when told so."""
    import polars as pl

    import analyzer.flags.items as items_module

    text = "東京 launch — Acceptance criteria: it ships"
    found = pl.Series([text]).str.find("Acceptance").item()
    assert items_module._chars(text, found) == text.index("Acceptance")
    at = text.index("Acceptance")
    for counts_bytes, offset in ((True, len(text[:at].encode())), (False, at)):
        monkeypatch.setattr(items_module, "_polars_finds_bytes", lambda c=counts_bytes: c)
        assert items_module._chars(text, offset) == at


def test_the_bulk_prefilter_counts_every_python_whitespace_as_whitespace() -> None:
    """_AC_SUPERSET's whitespace class must hold every character Python's \\s matches, or a
    text with criteria could be passed over."""
    import re

    import polars as pl

    from analyzer.flags.items import _AC_SUPERSET

    every = (chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    spaces = [c for c in every if re.fullmatch(r"\s", c)]
    texts = [f"acceptance{s}criteria" for s in spaces] + [f"AC{s}:" for s in spaces]
    texts += [f"criterios{s}de aceptación" for s in spaces]
    texts += [f"critères d'{s}acceptation" for s in spaces]
    assert pl.Series(texts).str.contains(_AC_SUPERSET).all()


def test_the_shortcuts_fold_the_patterns_letters_as_python_does() -> None:
    """Every character Python's pattern matches to one of its letters ignoring case (é to É,
    k to the Kelvin sign, ...) lower-cases to that letter, for the lower-cased prefilter, and
    polars' regex matches it too, but for the odd characters both shortcuts let through."""
    import re

    import polars as pl

    from analyzer.flags.items import _AC_ODD_CHARS, _AC_PATTERNS

    letters = "".join(sorted({c for c in _AC_PATTERNS.pattern if c.isalpha()}))
    assert "é" in letters and "ã" in letters and "ç" in letters
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    folded = set(re.findall(f"[{letters}]", every, re.IGNORECASE))
    odd = set(_AC_ODD_CHARS.pattern.strip("[]"))
    assert odd <= folded
    assert all(c.lower() in letters for c in folded - odd)
    in_rust = pl.Series(sorted(folded)).str.contains(f"^(?i:[{letters}])$").to_list()
    assert {c for c, found in zip(sorted(folded), in_rust, strict=True) if not found} <= odd


def test_report_from_the_store_forgets_its_own_boards_descriptions(tmp_path, monkeypatch) -> None:
    # report --db loads a board nobody else holds: its descriptions are freed once classified,
    # and the report is the one scan_board gives for the same stored board.
    from datetime import UTC, datetime

    from analyzer import local_store
    from analyzer.formats import get_format
    from analyzer.local_store import import_file, load_from_store, report_from_store

    db = tmp_path / "s.sqlite"
    import_file(SAMPLE, db)
    seen = []
    real = local_store._classify_and_analyse

    def spy(board, *args, **kwargs):
        seen.append((board, [item.description for item in board.items]))
        return real(board, *args, **kwargs)

    monkeypatch.setattr(local_store, "_classify_and_analyse", spy)
    stored = report_from_store(db, keep_history=False)
    ((board, before),) = seen
    assert any(len(d) > 100 for d in before)
    assert [item.description for item in board.items] == [
        acceptance_evidence(replace(item, description=text))
        for item, text in zip(board.items, before, strict=True)
    ]
    other = load_from_store(db)
    direct = scan_board(other, origin=other.origin)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    render = get_format("json").render
    assert render(replace(stored, generated_at=when)) == render(replace(direct, generated_at=when))


def test_descriptions_are_forgotten_batch_by_batch_after_the_model_read_them() -> None:
    """classify_items calls after_batch with each batch once it is predicted: the model reads
    every description whole, and a scan's forget_descriptions_of leaves only the evidence."""
    from analyzer.pipeline import classify_items, forget_descriptions_of
    from models.interface import Prediction

    seen: list[str] = []

    class Reader(PredictOnlyModel):
        labels = ("strategic", "tactical")

        def predict(self, docs):
            seen.extend(doc.description for doc in docs)
            return [Prediction("tactical", 0.9, "r") for _ in docs]

    items = _hostile_items(random.Random(5), 50)
    for item in items:
        item.description = item.description or ""
    whole = [item.description for item in items]
    expected = [acceptance_evidence(item) if item.description else "" for item in items]
    batches: list[list[str]] = []

    def after(chunk):
        batches.append([item.id for item in chunk])
        forget_descriptions_of(chunk)

    predictions = classify_items(items, Reader(), batch_size=7, after_batch=after)
    assert len(predictions) == 50 and seen == whole
    assert batches == [[str(n) for n in range(s, min(s + 7, 50))] for s in range(0, 50, 7)]
    assert [item.description for item in items] == expected


def test_the_unread_language_note_reads_the_descriptions_a_scan_forgets(tmp_path) -> None:
    """Items with an English title and a Japanese description are uncertain to the model; the
    note counts them from the text the model read, not from what is left after a scan forgets
    the descriptions (both ways to scan say the same)."""
    import json

    export = json.loads((SAMPLE.parent / "trello_sample_board.json").read_text(encoding="utf-8"))
    cards = export["cards"]
    for card in cards[: len(cards) // 2]:
        card["name"] = "Update the page"
        card["desc"] = "このページの文言を新しい説明に合わせて書き直し、画面の表示を確認する。" * 3
    path = tmp_path / "board.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    share = round(100 * (len(cards) // 2) / len(cards))
    said = f"{share}% of items are in Japanese, which the model does not read"
    from_file = [n for n in scan_file(path).notes if "does not read" in n]
    from_board = [n for n in scan_board(read_board(path)).notes if "does not read" in n]
    assert len(from_file) == 1 and from_file[0].startswith(said)
    assert from_board == from_file


SEAM_TITLES = ["Acceptance", "acceptance\u3000", "ends in AC", "AC ", "xac", "Definition", "the"]
SEAM_TITLES += ["definition of", "definition\u00a0of ", "list -", "star *\t", "Given a user"]
SEAM_TITLES += ["x\n  "]
SEAM_TITLES += ["given", "ſ", "- ", "", "plain title", "AC:", "- [ ] in the title"]
SEAM_TITLES += ["Criterios", "criterio de ", "Critères d'", "critères d’\u00a0", "critère"]
SEAM_TITLES += ["Définition de", "definição de", "Akzeptanz", "Étant", "Dado que", "x etant"]
SEAM_TITLES += ["Gegeben", "DEFINICIÓN DE", "critérios"]
SEAM_TITLES += ["Gegeven een klant", "Definitie van", "acceptatie"]
SEAM_DESCRIPTIONS = ["criteria: it works", "\ncriteria", ": done", "of done", "done", "[ ] box"]
SEAM_DESCRIPTIONS += ["[x] box", "when it rains then it pours", "\t- [x] y", "Then", "nothing", ""]
SEAM_DESCRIPTIONS += ["  * [ ] later", "text\nwhen x then y", "日本 when 字 then"]
SEAM_DESCRIPTIONS += ["de aceptación: x", "acceptation", "'acceptance", "de aceitação", "pronto"]
SEAM_DESCRIPTIONS += ["terminé", "donné x quand y alors z", "cuando x entonces y", "hecho"]
SEAM_DESCRIPTIONS += ["quando x então y", "kriterien", "du fini", "sei x wenn y dann z"]
SEAM_DESCRIPTIONS += ["gereed", "criteria: ok", "als x dan y", "wanneer x dan y"]


def test_the_bulk_evidence_finds_matches_across_the_title_and_description_seam(monkeypatch):
    """The bulk search reads titles and descriptions apart: a match that starts in the title
    and runs on into the description (``acceptance`` / ``criteria``, ``AC`` / ``:``, a checklist
    dash / box, Given / When, Then) is found as ``title + "\\n" + description`` has it."""
    import analyzer.flags.items as items_module

    monkeypatch.setattr(items_module, "EVIDENCE_CHUNK", 11)
    items = [
        Item(source="trello", id=f"{t}-{d}", title=title, description=description)
        for t, title in enumerate(SEAM_TITLES)
        for d, description in enumerate(SEAM_DESCRIPTIONS)
    ]
    expected = [acceptance_evidence(item) for item in items]
    assert acceptance_evidences(items) == expected
    seams = [e for e, item in zip(expected, items, strict=True) if "\n" in e and item.title]
    assert len(seams) > 15  # matches spanning the seam were there to find


def _random_items(seed: int, n: int) -> list[Item]:
    return _hostile_items(random.Random(seed), n, PIECES, ("\n", " ", ""), "jira")


def test_forgetting_gives_the_positions_holding_criteria_before_and_after() -> None:
    """The positions a scan keeps for the flags are has_acceptance_criteria's answer (the
    reference), on the items as read and as forgotten."""
    import numpy as np

    from analyzer.flags._facts import ItemFacts
    from analyzer.pipeline import forget_descriptions_of

    items = _random_items(5, 3000)
    before = [has_acceptance_criteria(item) for item in items]
    found = forget_descriptions_of(items)
    assert found == [i for i, has in enumerate(before) if has]
    assert [has_acceptance_criteria(item) for item in items] == before
    positions = np.array(random.Random(6).sample(range(len(items)), 900), dtype=np.int64)
    kept = ItemFacts(items, found).criteria(positions)
    searched = ItemFacts(items).criteria(positions)
    assert kept.dtype == searched.dtype == np.bool_
    assert kept.tolist() == searched.tolist() == [before[p] for p in positions.tolist()]
    assert ItemFacts(items, found).criteria(positions[:0]).tolist() == []


def test_the_known_without_criteria_are_typed_as_a_bool_array() -> None:
    """``without`` is :func:`without_criteria`'s answer: a bool array or None, not ``Any``."""
    import typing

    import numpy as np
    from numpy.typing import NDArray

    from analyzer.pipeline import forget_descriptions_of, without_criteria

    hints = typing.get_type_hints(forget_descriptions_of)
    assert hints["without"] == NDArray[np.bool_] | None
    assert typing.get_type_hints(without_criteria)["return"] == hints["without"]
