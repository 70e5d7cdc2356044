"""Turn an :class:`ItemDoc` into the list of features the linear model reads.

Plain Python on purpose: the same function runs at training and at prediction time, so the shipped
JSON artifact needs nothing but this module and numpy to reproduce the training features exactly.

Features:
- words and word bigrams of the title and description (lower-cased, digits folded to ``0``),
- metadata tokens: ``type:epic``, ``level:1``, ``column:roadmap``, ``label:discovery``, and
  ``form:story`` for a title that opens as a user story ("As a nurse, I want
  …", "Como cliente quiero …", "En tant qu'élève je veux …", "Als Fahrer möchte ich …", "Como
  aluno quero …", "Als bezoeker wil ik …").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from connectors.mapping.issue_types import canonical_type
from models._reason_terms import describe_feature  # noqa: F401  (a reason's terms; session 14)
from models.interface import ItemDoc
from models.language import NOT_EVIDENCE

# A word, or a French elided article/pronoun ("l'", "d'", "qu'", "j'", "n'" …) as a word of its
# own, so "l'écran" is "l" (a function word) and "ecran" (English "it's", "don't" stay whole).
ELISIONS = "l d j qu n s c m t jusqu lorsqu puisqu"
_ELIDED = "|".join(ELISIONS.split())
_WORD = re.compile(rf"(?<![a-z0-9'’])(?:{_ELIDED})(?=['’][a-z])|[a-z0-9]+(?:['’][a-z]+)?")
_DIGITS = re.compile(r"[0-9]+")
_MARKUP = re.compile(r"<[^>]{0,200}>|&[a-z]+;|\[[^\]]{0,80}\|[^\]]{0,300}\]")

# Accented Latin letters as the model reads them: "é" is "e", "ß" is "ss" (lower case in, lower
# case out; combining marks dropped). Non-Latin letters are left alone (they are not words).
FOLD = {
    code: "".join(
        c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c)
    )
    for code in range(0xC0, 0x250)
    if chr(code).islower() and unicodedata.normalize("NFKD", chr(code))[:1].isascii()
}
FOLD.update(
    {
        ord("ß"): "ss",
        ord("æ"): "ae",
        ord("œ"): "oe",
        ord("ø"): "o",
        ord("đ"): "d",
        ord("ł"): "l",
        ord("þ"): "th",
        ord("ð"): "d",
        ord("ı"): "i",
    }
)
FOLD.update({code: None for code in range(0x300, 0x370)})  # combining marks


_FOLD_CHARS = {chr(code): value or "" for code, value in FOLD.items()}
_ACCENTED = re.compile("[" + "".join(sorted(_FOLD_CHARS)) + "]")


def _folded(match: re.Match[str]) -> str:
    return _FOLD_CHARS[match.group()]


def fold(lowered: str) -> str:
    """Lower-case text with its Latin letters' accents folded (``tâche`` → ``tache``).

    A regex over the accented letters only: text with a dash or a typographic quote but no
    accent costs one scan (``str.translate`` with a table walks every character in Python)."""
    return lowered if lowered.isascii() else _ACCENTED.sub(_folded, lowered)


META_PREFIXES = ("type:", "level:", "column:", "label:", "form:")
STORY_FORM = "form:story"

# The function words of the read languages never name a list or a label ("Hoja de ruta" is
# column:hoja, column:ruta; not column:de).
_NAME_STOP = NOT_EVIDENCE

# A user story: "As a <role>[,] I want/need/would like …" in the six languages, at the start of
# the title (after an optional short tag such as "Spike:" or "[web]"). Checked on the folded,
# lower-cased first 200 characters, and only when the cheap prefilter finds the opening words.
_STORY_OPENING = re.compile(
    r"(?i)^\W{0,3}(?:[^:\]]{1,20}[:\]]\s*)?(?:as\s+an?|como|en\s+tant\s+qu|als)\b"
)
_STORY = re.compile(
    r"^\W{0,3}(?:[^:\]]{1,20}[:\]]\s*)?(?:"
    r"as\s+an?\s(?!result|consequence|rule|whole|matter)\S.{0,120}?\b(?:i|we)\s+(?:\w+\s+)?(?:want|need|would\s+(?:\w+\s+)?like|'d\s+like|wish|should\s+be\s+able"
    r"|must\s+be\s+able|can)\b"
    r"|como\s.{1,120}?\b(?:quiero|queremos|necesito|necesitamos|deseo|me\s+gustaria|quero"
    r"|preciso|precisamos|gostaria|desejo|posso|puedo|debo)\b"
    r"|en\s+tant\s+qu.{1,120}?\b(?:je\s+veux|je\s+souhaite|j'aimerais|je\s+voudrais"
    r"|nous\s+voulons|je\s+dois|je\s+peux|j'ai\s+besoin)\b"
    r"|als\s.{1,120}?\b(?:mochte|will|wollen|mochten|brauche|benotige|muss|kann)\s+(?:ich|wir)\b"
    r"|als\s.{1,120}?\b(?:ich|wir)\s+(?:mochte|will|wollen|mochten|brauche|benotige)\b"
    r"|als\s.{1,120}?\b(?:wil|willen|wilt|moet|moeten|kan|kunnen|zou)\s+(?:ik|we|wij)\b"
    r")"
)


# The words a story opens with (the alternatives of ``_STORY``): each is a word of its own in a
# story's title (after the start, a non-word character or whitespace; followed by whitespace), so
# a title whose words hold none of them is no story (the classifier checks only the others).
STORY_OPENINGS = frozenset({"as", "como", "en", "als"})


# The same opening without a tag: fails at the first letter of almost every title.
_PLAIN_OPENING = re.compile(r"(?i)\W{0,3}(?:as\s+an?|como|en\s+tant\s+qu|als)\b")


def story_form(text: str | None) -> bool:
    """Whether ``text`` (a title or a description) opens as a user story (see ``_STORY``)."""
    if not text:
        return False
    tagged = ":" in text[:24] or "]" in text[:24]
    if not (_STORY_OPENING if tagged else _PLAIN_OPENING).match(text):
        return False
    return _STORY.match(fold(text[:200].lower()).replace("’", "'")) is not None


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """How text becomes features; stored in the artifact so prediction matches training."""

    ngram_max: int = 2
    description_chars: int = 600  # longer descriptions add little but cost time
    use_metadata: bool = True
    #: List and label words in the singular ("Personas" and "Persona notes" share
    #: ``column:persona``; session 8). Off for models trained before it (absent from their file).
    list_singular: bool = False

    def to_json(self) -> dict:
        out = {
            "ngram_max": self.ngram_max,
            "description_chars": self.description_chars,
            "use_metadata": self.use_metadata,
        }
        if self.list_singular:
            out["list_singular"] = True
        return out

    @classmethod
    def from_json(cls, data: dict) -> FeatureConfig:
        return cls(
            ngram_max=int(data["ngram_max"]),
            description_chars=int(data["description_chars"]),
            use_metadata=bool(data["use_metadata"]),
            list_singular=bool(data.get("list_singular", False)),
        )


def normalise_type(value: str) -> str:
    """The canonical issue type (a French "Bogue" is ``bug``, a Spanish "Subtarea" ``sub-task``):
    the one table the readers and the findings use too (:mod:`connectors.mapping.issue_types`)."""
    return canonical_type(value, fold)


def words(text: str) -> list[str]:
    return _WORD.findall(_DIGITS.sub("0", fold(text.lower())))


def _clean(text: str) -> str:
    return _MARKUP.sub(" ", text) if "<" in text or "&" in text or "|" in text else text


def doc_text(doc: ItemDoc, config: FeatureConfig) -> str:
    title, desc = doc_parts(doc, config)
    return f"{title} {desc}" if desc else title


def doc_parts(doc: ItemDoc, config: FeatureConfig) -> tuple[str, str]:
    """The title and the (cut, cleaned) description :func:`doc_text` joins with a space: the
    words of the text are the title's words then the description's."""
    desc = doc.description or ""
    if desc:
        desc = _clean(desc[: config.description_chars])
    return doc.title or "", desc


@lru_cache(maxsize=4096)
def _type_feature(value: str) -> str:
    return "type:" + normalise_type(value)


def meta_features(doc: ItemDoc, singular_names: bool = False) -> list[str]:
    """The metadata tokens of ``doc``: its structure (:func:`structure_features`) and the
    ``form:story`` token of an item whose title opens as a user story. The title says what an
    item is; a description opening "As a …, I want …" is context (a problem statement or a
    persona card can be framed that way), so it does not make the item a story."""
    out = structure_features(doc, singular_names)
    if story_form(doc.title):
        out.append(STORY_FORM)
    return out


def singular(word: str) -> str:
    """A list or label word in the singular, crudely and the same in every language: a final
    "s" off a word of five letters or more ("personas" → "persona", "ideas" → "idea", not
    "progress")."""
    return word[:-1] if len(word) > 4 and word[-1] == "s" and word[-2] != "s" else word


def structure_features(doc: ItemDoc, singular_names: bool = False) -> list[str]:
    """Issue type, hierarchy level, list and labels as tokens (one item's place on the board);
    with ``singular_names`` the list's and labels' words in the singular (:func:`singular`)."""
    out: list[str] = []
    if doc.type:
        out.append(_type_feature(doc.type))
    if doc.hierarchy_level is not None:
        out.append(f"level:{doc.hierarchy_level}")
    one = singular if singular_names else str
    if doc.column:
        out.extend("column:" + one(w) for w in words(doc.column) if w not in _NAME_STOP)
    for label in doc.labels or ():
        out.extend("label:" + one(w) for w in words(label) if w not in _NAME_STOP)
    return out


def features(doc: ItemDoc, config: FeatureConfig) -> list[str]:
    toks = words(doc_text(doc, config))
    feats = list(toks)
    if config.ngram_max >= 2 and len(toks) > 1:
        feats.extend([a + " " + b for a, b in zip(toks, toks[1:], strict=False)])
    if config.use_metadata:
        feats.extend(meta_features(doc, config.list_singular))
    return feats


def name_words(name: str, singular_names: bool = False) -> list[str]:
    """The words of a list or label name as its ``column:`` / ``label:`` features hold them
    (function words left out; in the singular with ``singular_names``)."""
    one = singular if singular_names else str
    return [one(w) for w in words(name) if w not in _NAME_STOP]
