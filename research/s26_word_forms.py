"""Session 26: one word, one weight — the forms of a word read as one, in training and at predict
time, over the eight template draws of ``research.real_dev_sweep`` (dev halves only; every
``*-test`` half is left to the lead).

The training phrases and tickets are few, so each surface form of a word learns its own weight
from a handful of examples: session 23 found 'stakeholder' pushing toward strategic and
'stakeholders' toward delivery, 'usability test' a feature and 'usability tests' none. Here a
small suffix rule set per read language (the item's own language, ``language.item_language``)
reads a form as its **base** — the first form the rules give that is a word of the training
texts, followed to the end ("planning" → "plan", "stakeholders" → "stakeholder", "acciones" →
"accion", "funcoes" → "funcao", "Anforderungen" → "anforderung") — and a model is retrained per
draw with it. Session 16 read German and Dutch inflections at predict time only (training
unchanged); session 23 folded every word of five letters or more to a crude singular in every
language. Not this: the bases here are words the training texts hold, the rules are the item's
language's, and the base may be added beside the form instead of replacing it::

    python -m research.s26_word_forms --variant plural-en --mode fold -- --seeds 12,1,2,3,4,5,6,7 \\
        --fresh /work/freshdata ... --fresh10 /work/freshdata10

- ``--variant``: which rules, for which items (:data:`VARIANTS`): ``plural-en`` English plurals
  of English items; ``plural-en-any`` the same for items whose language is not known too;
  ``plural-en-every`` English plurals for every item, whatever its language (no per-language
  step: a shipped version would cost nothing at predict time);
  ``verbs-en`` English plurals and verb forms (-ing, -ed); ``plural-all`` every read language's
  plurals (en, es, fr, pt; de and nl -en/-n/-e/-s) for its own items; ``none`` nothing (the
  shipped features read one doc at a time: the control).
- ``--mode fold``: the form is read as its base (one feature; a reason shows the base);
  ``--mode add``: the form stays a feature and its base is added beside it (a reason shows
  either). Bigrams are made of the words as read (fold: bases; add: the forms).

Installed in this process (``model_config.analyse`` replaced, ``reading.PER_DOC_FEATURES`` on:
slow, one doc at a time; a shipped version would map each form to its base once, in the word
table, at load). The training texts' words (:data:`STATE`) are read by
``train.build_training_set``, so each draw's model and its scan use that draw's words: never
``--keep`` models across variants. A base feature counts as direction work
(``rules.direction_columns``) when the name does, or the name with a word given its English
plural "s" ("use case" as "use cases").
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models._reading as reading  # noqa: E402
import models.classifier as classifier  # noqa: E402
import models.model_config as model_config  # noqa: E402
import models.rules as rules  # noqa: E402
from models import train  # noqa: E402
from models.features import doc_text, meta_features, words  # noqa: E402
from models.interface import ItemDoc  # noqa: E402
from models.language import READ, has_links, item_language, link_free  # noqa: E402
from research import halves  # noqa: E402

#: The shortest base a rule may give ("news" is not "new", "uses" not "use").
MIN_BASE = 4

#: Per rule set, (ending, replacement, what the stem before the ending must not end with):
#: the candidates for a form, tried in order; the first that is a word of the training texts
#: (and ``MIN_BASE`` letters or more) is its base.
PLURAL_EN = (
    ("ies", "y", ()),  # stories -> story, priorities -> priority
    ("es", "", ()),  # processes -> process, searches -> search (only if the base is a word)
    ("s", "", ("s", "u", "i")),  # stakeholders -> stakeholder; not status, analysis, process
)
VERBS_EN = (
    ("ing", "", ()),  # testing -> test
    ("ing", "e", ()),  # pricing -> price
    ("ing", "-", ()),  # planning -> plan ("-": the doubled last letter dropped)
    ("ied", "y", ()),  # prioritied? (applied -> apply)
    ("ed", "", ()),  # tested -> test
    ("ed", "e", ()),  # priced -> price
    ("ed", "-", ()),  # planned -> plan
)
PLURAL_ROMANCE = (  # es, fr, pt: -s, -es, -x; pt -oes/-aes -> -ao, -ais -> -al, -ns -> -m
    ("oes", "ao", ()),  # funcoes -> funcao (accents folded: funções)
    ("aes", "ao", ()),
    ("ais", "al", ()),
    ("eis", "el", ()),
    ("ns", "m", ()),  # itens -> item
    ("aux", "al", ()),  # journaux -> journal
    ("s", "", ("s",)),  # clientes -> cliente, pruebas -> prueba
    ("es", "", ()),  # acciones -> accion, funcionalidades -> funcionalidad
    ("x", "", ()),  # nouveaux -> nouveau
)
PLURAL_GERMANIC = (  # de, nl: Anforderungen -> anforderung, Aufgaben -> aufgabe, Projekts, Ziele
    ("en", "", ()),
    ("n", "", ()),
    ("es", "", ()),
    ("s", "", ("s",)),
    ("e", "", ()),
)

#: variant -> (rule sets by item language; key None: items whose language is not known)
VARIANTS: dict[str, dict[str | None, tuple[tuple[str, str, tuple[str, ...]], ...]]] = {
    "none": {},
    "plural-en": {"en": PLURAL_EN},
    "plural-en-any": {"en": PLURAL_EN, None: PLURAL_EN},
    "verbs-en": {"en": PLURAL_EN + VERBS_EN},
    "verbs-en-any": {"en": PLURAL_EN + VERBS_EN, None: PLURAL_EN + VERBS_EN},
    "plural-en-every": {code: PLURAL_EN for code in (*READ, None)},
    "plural-all": {
        "en": PLURAL_EN,
        "es": PLURAL_ROMANCE,
        "fr": PLURAL_ROMANCE,
        "pt": PLURAL_ROMANCE,
        "de": PLURAL_GERMANIC,
        "nl": PLURAL_GERMANIC,
    },
}


@dataclass
class State:
    """What is installed: the rules by language, the mode, the training texts' words."""

    rules: dict = field(default_factory=dict)
    add: bool = False
    known: frozenset[str] = frozenset()
    cache: dict = field(default_factory=dict)


STATE = State()


def candidates(word: str, rule_set) -> list[str]:  # type: ignore[no-untyped-def]
    """The bases ``rule_set`` offers for ``word``, in order (none shorter than ``MIN_BASE``)."""
    out = []
    for ending, replacement, not_after in rule_set:
        if not word.endswith(ending) or len(word) <= len(ending):
            continue
        stem = word[: -len(ending)]
        if not_after and stem.endswith(not_after):
            continue
        if replacement == "-":
            if len(stem) < 2 or stem[-1] != stem[-2]:
                continue
            base = stem[:-1]
        else:
            base = stem + replacement
        if len(base) >= MIN_BASE and base != word:
            out.append(base)
    return out


def base_of(word: str, rule_set, known: frozenset[str]) -> str:  # type: ignore[no-untyped-def]
    """``word``'s base: the first candidate that is a word of ``known``, followed to the end
    ("settings" → "setting" → …), else ``word``."""
    seen = {word}
    while True:
        nxt = next((c for c in candidates(word, rule_set) if c in known), None)
        if nxt is None or nxt in seen:
            return word
        seen.add(nxt)
        word = nxt


def normalise(word: str, language: str | None) -> str:
    """``word`` as the installed rules read it in an item of ``language`` (cached)."""
    rule_set = STATE.rules.get(language)
    if not rule_set:
        return word
    key = (word, language)
    found = STATE.cache.get(key)
    if found is None:
        found = STATE.cache[key] = base_of(word, rule_set, STATE.known)
    return found


_ORIGINAL_ANALYSE = model_config.analyse
_ORIGINAL_BUILD = train.build_training_set
_ORIGINAL_DIRECTION = rules.direction_columns


def analyse(doc: ItemDoc, config, language=model_config._DETECT) -> list[str]:  # type: ignore[no-untyped-def]
    """:func:`models.classifier.analyse` (words and bigrams models) with the forms read by the
    installed rules: folded into their base, or the base added beside them (``STATE.add``)."""
    if not STATE.rules or config.char_ngrams or not config.words:
        return _ORIGINAL_ANALYSE(doc, config, language)
    text = doc_text(doc, config.features)
    toks = words(text)
    if language == model_config._DETECT:
        language = item_language(words(link_free(text)) if has_links(text) else toks)
    stop = classifier.stop_words(language)
    bases = [t if t in stop else normalise(t, language) for t in toks]
    read = toks if STATE.add else bases
    feats = [t for t in read if t not in stop]
    if STATE.add:
        feats.extend([b for t, b in zip(toks, bases, strict=True) if b != t and b not in stop])
    if config.features.ngram_max >= 2 and len(read) > 1:
        feats.extend(
            [
                a + " " + b
                for a, b in zip(read, read[1:], strict=False)
                if a not in stop and b not in stop
            ]
        )
    if config.features.use_metadata:
        feats.extend(meta_features(doc, config.features.list_singular))
    return feats


def training_words(docs, config) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """Every word of the training texts (title and cut description), as ``words`` reads them."""
    out: set[str] = set()
    for doc in docs:
        out.update(words(doc_text(doc, config.features)))
    return frozenset(out)


def _build(*args, **kwargs):  # type: ignore[no-untyped-def]
    ts = _ORIGINAL_BUILD(*args, **kwargs)
    STATE.known = training_words(ts.docs, train.DEFAULT_CONFIG)
    STATE.cache.clear()
    return ts


def direction_columns(names):  # type: ignore[no-untyped-def]
    """``rules.direction_columns``, and a word or bigram counts too when it does with one of its
    words in the English plural (a base "use case", "user need" as "use cases", "user needs")."""
    out = _ORIGINAL_DIRECTION(names)
    for index, name in enumerate(names):
        if out[index] or ":" in name:
            continue
        parts = name.split(" ")
        for plural in itertools.product((False, True), repeat=len(parts)):
            if any(plural):
                form = " ".join(p + "s" if s else p for p, s in zip(parts, plural, strict=True))
                if rules._DIRECTION.search(form):
                    out[index] = 1.0
                    break
    return out


def install(variant: str, add: bool = False) -> None:
    """Reads every doc through :func:`analyse` with ``variant``'s rules (``add``: the base beside
    the form), in training and prediction."""
    STATE.rules = dict(VARIANTS[variant])
    STATE.add = add
    STATE.cache.clear()
    model_config.analyse = analyse  # the one-doc path reads the module's name when called
    reading.PER_DOC_FEATURES = True
    train.build_training_set = _build  # train_model reads the module's name
    # (the control, ``none``, keeps the shipped direction columns: its scan is main's)
    classifier.direction_columns = direction_columns if STATE.rules else _ORIGINAL_DIRECTION


def main(argv: list[str] | None = None) -> int:
    argv, rest = halves.split_rest(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="plural-en")
    parser.add_argument("--mode", choices=("fold", "add"), default="fold")
    args = parser.parse_args(argv)
    install(args.variant, add=args.mode == "add")
    from research import real_dev_sweep

    return real_dev_sweep.main(rest)


if __name__ == "__main__":
    raise SystemExit(main())
