"""Session 16: words the model never saw in German and Dutch items — compound splitting, character
n-grams and inflections, over the eight template draws of ``research.real_dev_sweep`` (dev halves
only; every ``*-test`` half is left to the lead).

German and Dutch join nouns into one word (*Teilprojekten*, *Innovationsprojektes*,
*Projektschnittstellen*), so a new compound or an inflected form of a known word is a word the
model never saw, no evidence at all. Each ``--variant`` is installed in this process before the
sweep runs (the shipped code is not edited; models/HISTORY.md, "Session 16: words the model never
saw", has what each measured — none won)::

    python -m research.compound_words --variant split -- --seeds 12,1,2,3,4,5,6,7 \\
        --fresh /work/freshdata ... --fresh6 /work/freshdata6 --keep DIR

- ``split``: at predict time, an unknown word of an item in a compounding language
  (``--languages``, default de,nl) is read as the model's own words it is made of
  (:class:`CompoundSplitter`: greedy longest known opening, a linking ``s``/``es``/``n``/``en``,
  the rest split the same way, the last part may carry an inflection), or as a known word plus
  an inflection (*Projekts*); a word that does not split wholly into known words is left whole.
  The parts are features of the item beside its words (never bigrams); training is unchanged
  (every training word is known), so kept models (``--keep``) serve;
- ``split-only``: compounds only, no whole word read as an inflected known word;
- ``inflect``: inflections only (no compound split);
- ``head``: ``split``, and a word that does not split wholly read as its longest known last part;
- ``opening``: ``split``, and an unknown word of ``MIN_OPENING`` letters or more that opens known
  compounds (then a link and a part) read as those compounds (*Wirtschaftlichkeit* as
  *Wirtschaftlichkeitsanalyse* and *Wirtschaftlichkeitsbetrachtung*);
- ``chars``: character n-grams (``--chars 4,5``) of the words of items in those languages, in
  training and at predict time (a new model per draw: no ``--keep`` of another variant's models).

``--min-stem N``: the shortest known word an inflection may follow (4; 5 keeps "daten" from
reading as an inflected English "date"). ``--unknown`` lists instead, on every dev half, the
items whose words vote for a read language other than English: per half and language the items,
words and unknown words, each strategic item the bundled model misses with its unknown words,
and every split the splitter makes (``--variant`` settings apply).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import models.classifier as classifier  # noqa: E402
import models.model_config as model_config  # noqa: E402
from models.features import doc_parts, doc_text, words  # noqa: E402
from models.interface import ItemDoc  # noqa: E402
from models.language import READ, item_language  # noqa: E402
from research import halves, real_dev_sweep  # noqa: E402

#: The shortest part: shorter known words split too many words by chance.
MIN_PART = 4
#: What may join two parts: nothing, or a linking element (German -s-, -es-, -n-, -en-; Dutch
#: -s-, -en-).
LINKS = ("", "s", "es", "n", "en")
#: Inflections a last part (or a whole unknown word) may carry after a known word.
ENDINGS = ("s", "es", "n", "en", "e", "er", "ern")
#: The shortest unknown word the ``opening`` variant reads as the known compounds it opens
#: (then a link and a known word, or known words).
MIN_OPENING = 8
#: Unknown words longer than this are not split (a URL or identifier run together).
MAX_WORD = 60


class CompoundSplitter:
    """Splits unknown words into known words (``known``: the words a part may be; shorter than
    ``MIN_PART`` letters or not all letters, never). ``split``: compounds are split;
    ``inflected``: a whole word may be a known word plus an inflection (``ENDINGS``, after a
    known word of ``min_stem`` letters or more); ``head``: a word that does not split wholly
    is read as its longest known last part; ``opening``: one of ``MIN_OPENING`` letters or more
    as the known compounds it opens. Each word's split is computed once."""

    def __init__(
        self,
        known: object,
        *,
        split: bool = True,
        inflected: bool = True,
        head: bool = False,
        opening: bool = False,
        min_stem: int = MIN_PART,
        cache_limit: int = 50_000,
    ) -> None:
        self._known = frozenset(w for w in known if len(w) >= MIN_PART and w.isalpha())  # type: ignore[attr-defined]
        self._split_compounds, self._inflected, self._head = split, inflected, head
        self._stem = min_stem
        # opening -> the known compounds it opens (then a link and a part of MIN_PART letters)
        self._openings: dict[str, tuple[str, ...]] = {}
        if opening:
            found: dict[str, list[str]] = {}
            for word in sorted(self._known):
                for cut in range(MIN_OPENING, len(word) - MIN_PART + 1):
                    for link in LINKS:
                        rest = word[cut + len(link) :]
                        if (
                            word.startswith(link, cut)
                            and len(rest) >= MIN_PART
                            and self._split(rest, {}) is not None
                        ):
                            found.setdefault(word[:cut], []).append(word)
            self._openings = {k: tuple(dict.fromkeys(v)) for k, v in found.items()}
        self._cache: dict[str, tuple[str, ...]] = {}
        self._limit = cache_limit

    def parts(self, word: str) -> tuple[str, ...]:
        """The known words ``word`` is made of, or ``()`` when it is known itself, too short,
        too long, not all letters, or does not split wholly into known words."""
        got = self._cache.get(word)
        if got is None:
            got = ()
            if word not in self._known and MIN_PART <= len(word) <= MAX_WORD and word.isalpha():
                got = self._split(word, {}) or ()
                if len(got) == 1 and not self._inflected:
                    got = ()
                if not got and self._openings:
                    got = self._openings.get(word, ())
                if not got and self._head:
                    got = next(
                        (
                            (last,)
                            for cut in range(1, len(word) - MIN_PART + 1)
                            if (last := self._last(word[cut:])) is not None
                        ),
                        (),
                    )
            if len(self._cache) >= self._limit:
                self._cache.clear()
            self._cache[word] = got
        return got

    def _last(self, word: str) -> str | None:
        """``word`` as a known word, or a known word plus an inflection."""
        if word in self._known:
            return word
        for ending in ENDINGS:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= self._stem and stem in self._known:
                return stem
        return None

    def _split(self, word: str, memo: dict[str, tuple[str, ...] | None]) -> tuple[str, ...] | None:
        """Greedy: the longest known opening first, backing off to shorter ones."""
        if word in memo:
            return memo[word]
        last = self._last(word)
        found: tuple[str, ...] | None = (last,) if last is not None else None
        if found is None and self._split_compounds:
            for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
                head = word[:cut]
                if head not in self._known:
                    continue
                rest = word[cut:]
                for link in LINKS:
                    if rest.startswith(link) and len(rest) - len(link) >= MIN_PART:
                        tail = self._split(rest[len(link) :], memo)
                        if tail is not None:
                            found = (head, *tail)
                            break
                if found is not None:
                    break
        memo[word] = found
        return found


@dataclass
class Settings:
    """What the installed variants read: the splitter's options (None: no split), the languages
    whose items are read so, and the character n-gram sizes (None: none)."""

    splitter: dict[str, object] | None = None
    languages: frozenset[str] = field(default_factory=lambda: frozenset({"de", "nl"}))
    chars: tuple[int, int] | None = None


SETTINGS = Settings()
_SPLITTERS: dict[int, tuple[object, CompoundSplitter]] = {}  # id(model) -> (model, splitter)


def part_words(model: classifier.LinearRoleModel) -> list[str]:
    """The model's words a part may be: single words, no function word of any read language,
    no metadata token or character n-gram."""
    stop = classifier.STOP_WORDS.union(*classifier.STOP_WORDS_BY_LANGUAGE.values())
    return [w for w in model.vocabulary if w.isalpha() and w not in stop]


def splitter_for(model: classifier.LinearRoleModel) -> CompoundSplitter | None:
    """The model's splitter under ``SETTINGS`` (built once per model), None when no split."""
    if SETTINGS.splitter is None:
        return None
    held = _SPLITTERS.get(id(model))
    if held is None or held[0] is not model:
        held = _SPLITTERS[id(model)] = (
            model,
            CompoundSplitter(part_words(model), **SETTINGS.splitter),
        )  # type: ignore[arg-type]
    return held[1]


def extra_features(
    model: classifier.LinearRoleModel, tokens: list[str], language: str | None
) -> list[str]:
    """The features a variant adds to an item's ``tokens`` (its words, in order) in its
    ``language``: the parts of its unknown words (neither a feature nor a function word) and
    the character n-grams of its words (not function words)."""
    if language not in SETTINGS.languages:
        return []
    out: list[str] = []
    splitter = splitter_for(model)
    if splitter is not None:
        vocabulary, extra = model.vocabulary, model._extra_ids
        out.extend(
            part
            for token in tokens
            if token not in vocabulary and token not in extra
            for part in splitter.parts(token)
        )
    if SETTINGS.chars:
        out.extend(char_grams(tokens, classifier.stop_words(language), SETTINGS.chars))
    return out


def char_grams(tokens: list[str], stop: frozenset[str], sizes: tuple[int, int]) -> list[str]:
    """The character n-grams (``sizes``: shortest, longest) of the words of ``tokens`` not in
    ``stop``, each word padded with a space at both ends, as ``model_config.analyse`` makes them."""
    lo, hi = sizes
    out: list[str] = []
    for token in tokens:
        if token in stop:
            continue
        padded = f" {token} "
        for n in range(lo, min(hi, len(padded)) + 1):
            out.extend(
                model_config.CHAR_PREFIX + padded[i : i + n] for i in range(len(padded) - n + 1)
            )
    return out


_PAIRS = classifier.LinearRoleModel._pairs
_ANALYSE = model_config.analyse


def _pairs(self, docs, titles=False, languages=None):  # type: ignore[no-untyped-def]
    """The shipped ``_pairs``, plus each doc's added features (and its title's, on the bytes
    path's title pairs): the doc is read again word by word when its language is one read so."""
    rows, cols, title_pairs = _PAIRS(self, docs, titles=titles, languages=languages)
    if self.config.char_ngrams or not self.config.words:
        return rows, cols, title_pairs
    langs = list(languages) if languages is not None else self._item_languages(docs)
    vget, fc = self.vocabulary.get, self.config.features
    add_rows: list[int] = []
    add_cols: list[int] = []
    in_title: list[bool] = []
    for row, (doc, language) in enumerate(zip(docs, langs, strict=True)):
        if language not in SETTINGS.languages:
            continue
        for text, is_title in zip(doc_parts(doc, fc), (True, False), strict=True):
            found = [
                j for j in map(vget, extra_features(self, words(text), language)) if j is not None
            ]
            add_rows.extend([row] * len(found))
            add_cols.extend(found)
            in_title.extend([is_title] * len(found))
    if not add_cols:
        return rows, cols, title_pairs
    new_rows = np.asarray(add_rows, dtype=np.int64)
    new_cols = np.asarray(add_cols, dtype=np.int64)
    if title_pairs is not None:
        mask = np.asarray(in_title, dtype=bool)
        title_pairs = title_pairs._replace(
            rows=np.concatenate([title_pairs.rows, new_rows[mask]]),
            cols=np.concatenate([title_pairs.cols, new_cols[mask]]),
        )
    return np.concatenate([rows, new_rows]), np.concatenate([cols, new_cols]), title_pairs


def _analyse(doc: ItemDoc, config: classifier.ModelConfig, language: str | None = "detect"):  # type: ignore[no-untyped-def]
    """The shipped ``analyse`` (training), plus the character n-grams of the ``chars`` variant."""
    feats = _ANALYSE(doc, config, language)
    if SETTINGS.chars and config.words and not config.char_ngrams:
        tokens = words(doc_text(doc, config.features))
        if language == "detect":
            language = item_language(tokens)
        if language in SETTINGS.languages:
            feats.extend(char_grams(tokens, classifier.stop_words(language), SETTINGS.chars))
    return feats


def install(
    *,
    split: bool = True,
    inflected: bool = True,
    head: bool = False,
    opening: bool = False,
    min_stem: int = MIN_PART,
    chars: tuple[int, int] | None = None,
    with_split: bool = True,
    languages: frozenset[str] | None = None,
) -> None:
    """Installs the added features in this process (``with_split``: the splitter, with its
    options; ``chars``: character n-grams in training and prediction)."""
    SETTINGS.splitter = (
        {
            "split": split,
            "inflected": inflected,
            "head": head,
            "opening": opening,
            "min_stem": min_stem,
        }
        if with_split
        else None
    )
    SETTINGS.chars = chars
    if languages is not None:
        SETTINGS.languages = frozenset(languages)
    _SPLITTERS.clear()
    classifier.LinearRoleModel._pairs = _pairs  # type: ignore[method-assign]
    model_config.analyse = _analyse  # the one-doc path reads the module's name when called


VARIANTS = {
    "split": {},
    "split-only": {"inflected": False},
    "inflect": {"split": False},
    "head": {"head": True},
    "opening": {"opening": True},
    "chars": {"with_split": False},
}


def unknown_report(data: list[tuple[str, str, str]]) -> None:
    """Step 1: on each dev half, the items in a read language other than English, their unknown
    words, the strategic items the bundled model misses, and the splits (``SETTINGS``)."""
    import benchmarks.bench_real_boards as bench
    from analyzer.pipeline import scan_board

    model = classifier.load_model()
    splitter = splitter_for(model) or CompoundSplitter(part_words(model))
    totals: Counter = Counter()
    splits: Counter = Counter()
    for folder, labels, split in data:
        marks = bench.read_labels(ROOT / labels)
        for name, path, board in bench.labelled_boards(Path(folder), marks):
            results = {r.id: r for r in scan_board(board, model, origin=str(path)).items}
            for item in board.items:
                known = marks[name].get(item.id)
                if not known or known[1] != split:
                    continue
                tokens = words(doc_text(ItemDoc.from_item(item), model.config.features))
                language = item_language(tokens)
                if language in (None, "en"):
                    continue
                unknown = [
                    t for t in tokens if t not in model.vocabulary and t not in model._extra_ids
                ]
                key = (split, language)
                totals[key + ("items",)] += 1
                totals[key + ("words",)] += len(tokens)
                totals[key + ("unknown",)] += len(unknown)
                totals[key + ("strategic",)] += known[0] == "strategic"
                got = results[item.id]
                if known[0] == "strategic" and got.label != "strategic":
                    totals[key + ("missed",)] += 1
                    print(
                        f"{split} {name} {item.id} {language} strategic, read {got.label} "
                        f"{got.confidence:.2f}; unknown: {', '.join(unknown[:20])}"
                    )
                for token in unknown:
                    parts = splitter.parts(token) if language in SETTINGS.languages else ()
                    if parts:
                        splits[(language, token, "+".join(parts))] += 1
    for split, language in sorted({k[:2] for k in totals}):
        key = (split, language)
        print(
            f"{split} {language}: items {totals[key + ('items',)]}, words "
            f"{totals[key + ('words',)]}, unknown {totals[key + ('unknown',)]}, strategic "
            f"{totals[key + ('strategic',)]}, missed {totals[key + ('missed',)]}"
        )
    print(f"splits ({sum(splits.values())} occurrences, {len(splits)} words):")
    for (language, token, parts), count in sorted(splits.items()):
        print(f"  {language} {token} -> {parts} ({count})")


#: every dev half: (folder, labels, split), from ``research.halves`` (fresh7's too)
DEV_HALVES = [(str(data), str(labels), half) for half, data, labels in halves.HALVES]


def main(argv: list[str] | None = None) -> int:
    argv, rest = halves.split_rest(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=sorted(VARIANTS), default=None)
    parser.add_argument("--languages", default="de,nl", help="comma-separated read languages")
    parser.add_argument("--min-stem", type=int, default=MIN_PART)
    parser.add_argument("--chars", default="4,5", help="n-gram sizes of the chars variant")
    parser.add_argument("--unknown", action="store_true", help="step 1: the dev halves' words")
    args = parser.parse_args(argv)
    languages = frozenset(args.languages.split(","))
    if not languages <= set(READ):
        parser.error(f"--languages: read languages are {', '.join(READ)}")
    if args.variant is not None:
        options = dict(VARIANTS[args.variant])
        lo, _, hi = args.chars.partition(",")
        chars = (int(lo), int(hi or lo)) if args.variant == "chars" else None
        install(min_stem=args.min_stem, chars=chars, languages=languages, **options)  # type: ignore[arg-type]
    else:
        SETTINGS.languages = languages
    if args.unknown:
        unknown_report(DEV_HALVES)
        return 0
    return real_dev_sweep.main(rest)


if __name__ == "__main__":
    raise SystemExit(main())
