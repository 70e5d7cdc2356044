"""Turn an :class:`ItemDoc` into the list of features the linear model reads.

Plain Python on purpose: the same function runs at training and at prediction time, so the shipped
JSON artifact needs nothing but this module and numpy to reproduce the training features exactly.

Features:
- words and word bigrams of the title and description (lower-cased, digits folded to ``0``),
- metadata tokens: ``type:epic``, ``level:1``, ``column:roadmap``, ``label:discovery``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from models.interface import ItemDoc

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_DIGITS = re.compile(r"[0-9]+")
_MARKUP = re.compile(r"<[^>]{0,200}>|&[a-z]+;|\[[^\]]{0,80}\|[^\]]{0,300}\]")

# Trello/Jira spellings of the same issue type.
_TYPE_ALIASES = {
    "subtask": "sub-task",
    "sub task": "sub-task",
    "technical debt": "tech-debt",
    "tech debt": "tech-debt",
    "techdebt": "tech-debt",
    "user story": "story",
    "defect": "bug",
}

META_PREFIXES = ("type:", "level:", "column:", "label:")


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """How text becomes features; stored in the artifact so prediction matches training."""

    ngram_max: int = 2
    description_chars: int = 600  # longer descriptions add little but cost time
    use_metadata: bool = True

    def to_json(self) -> dict:
        return {
            "ngram_max": self.ngram_max,
            "description_chars": self.description_chars,
            "use_metadata": self.use_metadata,
        }

    @classmethod
    def from_json(cls, data: dict) -> FeatureConfig:
        return cls(
            ngram_max=int(data["ngram_max"]),
            description_chars=int(data["description_chars"]),
            use_metadata=bool(data["use_metadata"]),
        )


def normalise_type(value: str) -> str:
    text = " ".join(value.lower().replace("_", " ").split())
    return _TYPE_ALIASES.get(text, text.replace(" ", "-"))


def words(text: str) -> list[str]:
    return _WORD.findall(_DIGITS.sub("0", text.lower()))


def _clean(text: str) -> str:
    return _MARKUP.sub(" ", text) if "<" in text or "&" in text or "|" in text else text


def doc_text(doc: ItemDoc, config: FeatureConfig) -> str:
    desc = doc.description or ""
    if desc:
        desc = _clean(desc[: config.description_chars])
    return f"{doc.title or ''} {desc}" if desc else (doc.title or "")


@lru_cache(maxsize=4096)
def _type_feature(value: str) -> str:
    return "type:" + normalise_type(value)


def meta_features(doc: ItemDoc) -> list[str]:
    out: list[str] = []
    if doc.type:
        out.append(_type_feature(doc.type))
    if doc.hierarchy_level is not None:
        out.append(f"level:{doc.hierarchy_level}")
    if doc.column:
        out.extend("column:" + w for w in words(doc.column))
    for label in doc.labels or ():
        out.extend("label:" + w for w in words(label))
    return out


def features(doc: ItemDoc, config: FeatureConfig) -> list[str]:
    toks = words(doc_text(doc, config))
    feats = list(toks)
    if config.ngram_max >= 2 and len(toks) > 1:
        feats.extend([a + " " + b for a, b in zip(toks, toks[1:], strict=False)])
    if config.use_metadata:
        feats.extend(meta_features(doc))
    return feats


def describe_feature(feature: str) -> str:
    """A feature as a person reads it: ``type:bug`` → ``type=bug``, words quoted."""
    for prefix in META_PREFIXES:
        if feature.startswith(prefix):
            return f"{prefix[:-1]}={feature[len(prefix) :]}"
    return f"'{feature}'"
