"""Session 18 (issue 12): the five languages on the dev halves — what an item whose language is
not known loses, and direction vocabulary and training tickets a language lacks, measured over
the eight template draws of ``research.real_dev_sweep`` (dev halves only; every ``*-test`` half
is left to the lead).

Each ``--variant`` changes ``models.classifier`` or ``models.rules`` in this process before the
sweep runs (the sweep trains and scans in process), so no shipped code is edited; everything
after ``--`` goes to ``real_dev_sweep``::

    python -m research.s18_langs --variant unknown-en -- --keep DIR \\
        --seeds 12,1,2,3,4,5,6,7 --fresh /work/freshdata ... --fresh8 /work/freshdata8

``--unknown`` instead counts, over every dev half's items, the items whose language is not known
(``models.language.item_language`` None) by label, and those holding a word an English item
would count and an item of unknown language does not; ``--titles`` lists the dev items whose
title the installed title-direction vocabulary names and the shipped one did not (file name, id
and label only, no text); ``--reasons`` prints each dev item whose reason (the bundled model's
scan) shows a word its own language's function words keep out (none, on main).

- ``unknown-en``: an item whose function words name no language (or tie) is read as English
  (only English function words left out) — the upper bound of what an unknown language costs a
  short English title: the words every read language's function words keep out of it.
- ``title-direction-langs``: the title re-read's plain direction nouns (``rules._TITLE_DIRECTION``,
  English only) in Spanish, Portuguese, French and German too (``TITLE_DIRECTION_LANGS``).
- ``lacking-words``: item direction words English has and the other four languages lacked
  (``LACKING_WORDS``: pain points, a value proposition, churning, the long term, a steering
  committee, German plan compounds).
- ``template-blank``: a description repeated word for word on three or more of a board's items
  is its template and is not read (adnpro's task template was thought to hold its usability
  cards; it does not).

The tickets ``research/data/s18_lang_tickets.csv`` (our own words; both labels in Spanish,
Portuguese, French and German) go to ``real_dev_sweep --extra`` (retrained, against a control of
one English bug ticket). Nothing here is shipped: every variant measured the same as main, the
tickets no better than the control (models/HISTORY.md, "Session 18: the five languages — an
unknown language, vocabulary and tickets").
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import models._reading as reading  # noqa: E402
import models.classifier as classifier  # noqa: E402
import models.languages_read as languages_read  # noqa: E402
import models.model_config as model_config  # noqa: E402
import models.rules as rules  # noqa: E402
from connectors.interface import Item  # noqa: E402
from research import halves, real_dev_sweep  # noqa: E402
from research.variants import install_chosen, widen_direction, widen_title_direction  # noqa: E402

#: ``rules._TITLE_DIRECTION``'s English nouns in the other four languages (folded, lower case):
#: a strategy, a roadmap, segmentation, focus groups, a business case, going to market, a value
#: proposition, pain points, maturity (not the current state: *estado actual* is an order's
#: status). German strategies only of the kinds ``rules._COMPOUND_AND_VERB_WORDS`` counts (not
#: *Teststrategie*, *Backupstrategie*).
TITLE_DIRECTION_LANGS = (
    r"estrategias?|hojas?\s(?:de\s)?ruta|segmentacion|segmentacao|grupos?\sfocal(?:es)?|"
    r"grupos?\sfocais|casos?\s(?:de\s)?negocios?|propuestas?\s(?:de\s)?valor|"
    r"propostas?\s(?:de\s)?valor|puntos\s(?:de\s)?dolor|pontos\s(?:de\s)?dor|"
    r"madurez|maturidade|"
    r"salida\sal\smercado|entrada\sno\smercado|"
    r"strategies?|feuilles?\s(?:de\s)?route|groupes?\s(?:de\s)?discussion|"
    r"propositions?\s(?:de\s)?valeur|points?\s(?:de\s)?(?:douleur|friction)|"
    r"maturite|mise\ssur\sle\smarche|"
    r"(?:produkt|unternehmens|geschafts|wachstums|marketing|vertriebs|markt|preis|digital|marken)?"
    r"strategien?|segmentierung|fokusgruppen?|wertversprechen|nutzenversprechen|"
    r"schmerzpunkte|reifegrad\w*|markteintritt\w*"
)
TITLE_DIRECTION_LANGS_PIECES = (
    "estrateg",
    "ruta",
    "segmenta",
    "focal",
    "negocio",
    "valor",
    "dolor",
    "dor",
    "madurez",
    "maturidade",
    "mercado",
    "strategi",
    "route",
    "discussion",
    "valeur",
    "douleur",
    "friction",
    "maturite",
    "marche",
    "segmentierung",
    "fokusgrupp",
    "versprechen",
    "schmerzpunkte",
    "reifegrad",
    "markteintritt",
)

_SHIPPED_DIRECTION = rules._TITLE_DIRECTION
_ROW_LANGUAGES = reading.row_languages
_ITEM_LANGUAGE = model_config.item_language


def _unknown_en() -> None:
    """Items of no known language read as English, in the batch and the one-item paths."""

    def rows(*args, **kwargs) -> np.ndarray:  # type: ignore[no-untyped-def]
        out = _ROW_LANGUAGES(*args, **kwargs)
        out[out == languages_read._UNKNOWN] = languages_read._EN
        return out

    reading.row_languages = rows  # type: ignore[assignment]
    model_config.item_language = lambda tokens: _ITEM_LANGUAGE(tokens) or "en"  # type: ignore[assignment]


#: ``lacking-words``: direction words of an item that English has and another language lacked
#: (folded): pain points, a value proposition, churning, the long term, leadership and a
#: steering committee, German plan compounds (an annual, quarterly, project or product plan).
LACKING_WORDS = r"""
    schmerzpunkte? puntos\s(?:de\s)?dolor pontos\s(?:de\s)?dor points?\s(?:de\s)?douleur
    wertversprechen\w* nutzenversprechen\w* propuestas?\s(?:de\s)?valor abwander\w*
    langfristig\w* largo\splazo longo\sprazo long\sterme lenkungskreis\w* lenkungsausschuss\w*
    geschaftsleitung\w* geschaftsfuhrung\w* diretoria comite\s(?:de\s)?direction
    comite\sdirectivo junta\sdirectiva
    (?:jahres|quartals|projekt|produkt|geschafts|massnahmen|kommunikations)plan\w*
"""


def _lacking_words() -> None:
    """``LACKING_WORDS`` as direction words of an item (never of a list)."""
    widen_direction(LACKING_WORDS)


def _title_direction_langs() -> None:
    """``rules._TITLE_DIRECTION`` (the title re-read's plain direction nouns) in the other four
    languages too."""
    widen_title_direction(TITLE_DIRECTION_LANGS, TITLE_DIRECTION_LANGS_PIECES)


#: ``template-blank``: a description repeated word for word on at least this many of a board's
#: items (and ``TEMPLATE_SHARE`` of them) is the board's template, not the item's own words.
TEMPLATE_ITEMS = 3
TEMPLATE_SHARE = 0.0


def _template_blank() -> None:
    """Every board the benchmark reads has its template descriptions (the same text on
    ``TEMPLATE_ITEMS`` items or more) blanked: an unfilled template says nothing of the item."""
    from collections import Counter

    import benchmarks.bench_real_boards as bench

    boards = bench.labelled_boards

    def blanked(*args, **kwargs):  # type: ignore[no-untyped-def]
        for name, path, board in boards(*args, **kwargs):
            said = Counter((item.description or "").strip() for item in board.items)
            least = max(TEMPLATE_ITEMS, TEMPLATE_SHARE * len(board.items))
            for item in board.items:
                text = (item.description or "").strip()
                if text and said[text] >= least:
                    item.description = ""
            yield name, path, board

    bench.labelled_boards = blanked


VARIANTS = {
    "lacking-words": _lacking_words,
    "template-blank": _template_blank,
    "unknown-en": _unknown_en,
    "title-direction-langs": _title_direction_langs,
}


def _dev_items(half: str, data: Path, labels_csv: Path) -> Iterator[tuple[str, str, str, Item]]:
    """``(file name, ref, label, item)`` of each labelled item of dev half ``half`` (``ref``: the
    id its label is filed under), as a scan reads its board."""
    import benchmarks.bench_real_boards as bench

    labels = bench.read_labels(labels_csv)
    for name, _path, board in bench.labelled_boards(data, labels):
        for item in board.items:
            ref = item.id if item.id in labels[name] else item.key
            found = labels[name].get(ref)
            if found is not None and found[1] == half:
                yield name, ref, found[0], item


def unknown_counts() -> int:
    """Print, per dev half, the items of no known language by label, and each one holding a
    word that only an unknown language keeps out; return how many hold one."""
    from collections import Counter

    from models.features import words
    from models.language import item_language, link_free

    lost = classifier.STOP_WORDS - classifier.STOP_WORDS_BY_LANGUAGE["en"]
    held = 0
    for half, data, labels_csv in halves.HALVES:
        if not data.is_dir():
            continue
        counts: Counter[tuple[str, str]] = Counter()
        for name, ref, label, item in _dev_items(half, data, labels_csv):
            tokens = words(link_free(f"{item.title} {item.description or ''}"))
            language = item_language(tokens) or "?"
            counts[(language, label)] += 1
            kept_out = sorted(lost.intersection(tokens))
            if language == "?" and kept_out:
                held += 1
                print(f"  {half} {name} {ref} {label} {' '.join(kept_out)}")
        line = ", ".join(f"{lang} {label} {n}" for (lang, label), n in sorted(counts.items()))
        print(f"{half}: {line}")
    return held


def dev_titles() -> int:
    """Print the dev halves' items whose title the installed title-direction vocabulary names
    and the shipped one did not (half, file name, id, label; no title), and return how many."""
    hits = 0
    for half, data, labels_csv in halves.HALVES:
        if not data.is_dir():
            continue
        for name, ref, label, item in _dev_items(half, data, labels_csv):
            said = rules._SEPARATORS.sub(" ", rules.fold_accents(item.title or "").lower())
            if rules.title_names_direction(item.title) and not _SHIPPED_DIRECTION.search(said):
                hits += 1
                print(f"  {half} {name} {ref} {label}")
    return hits


#: A reason's quoted terms (a word or a bigram), not its list's name nor its nearest phrase.
_TERM = re.compile(r"(?<!column )(?<!list )'([^']+)'")


def function_words_in(reason: str, language: str | None) -> list[str]:
    """The words of ``reason``'s terms (quoted words and bigrams, not a list's name nor a
    nearest phrase) that an item in ``language`` (``item_language``; None: every read one)
    never counts as evidence: none, if the rule holds."""
    from models.language import not_evidence

    kept_out = not_evidence(language)
    terms = [t for t in _TERM.findall(reason) if len(t.split()) <= 2]
    return [word for term in terms for word in term.split() if word in kept_out]


def reason_audit() -> int:
    """Print each dev item whose reason shows a function word of its own language (half, file,
    id, the word) over the bundled model's scans; return how many items were read."""
    from models.features import words
    from models.language import item_language, link_free

    model = halves.load(None)
    read = 0
    for half, data, labels_csv in halves.HALVES:
        if not data.is_dir():
            continue
        for board in halves.scanned_boards(model, data, labels_csv):
            texts = {i.id: f"{i.title} {i.description or ''}" for i in board.board.items}
            for item in board.report.items:  # type: ignore[attr-defined]
                found = board.labels.get(item.id) or board.labels.get(item.key or "")
                if found is None or found[1] != half:
                    continue
                read += 1
                language = item_language(words(link_free(texts.get(item.id, ""))))
                for word in function_words_in(item.reason, language):
                    print(f"  {half} {board.name} {item.id} {language or '?'} {word}")
    return read


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unknown", action="store_true")
    parser.add_argument("--titles", action="store_true")
    parser.add_argument("--reasons", action="store_true")
    args, rest = install_chosen(VARIANTS, parser, argv)
    if args.reasons:
        print(f"dev items whose reasons were read: {reason_audit()}")
        return 0
    if args.titles:
        print(f"dev titles newly named: {dev_titles()}")
        return 0
    if args.unknown:
        print(f"unknown-language items holding a word only that keeps out: {unknown_counts()}")
        return 0
    return real_dev_sweep.main(rest)


if __name__ == "__main__":
    sys.exit(main())
