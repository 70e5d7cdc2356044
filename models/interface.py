"""The role classifier's interface: what goes in (``ItemDoc``), what comes out (``Prediction``)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from connectors.interface import Item

STRATEGIC = "strategic"
TACTICAL = "tactical"
UNCERTAIN = "uncertain"
DEFAULT_THRESHOLD = 0.6


@dataclass(slots=True)
class ItemDoc:
    """The parts of an item the classifier reads."""

    title: str
    description: str = ""
    type: str | None = None
    labels: Sequence[str] = ()
    column: str | None = None  # Trello list name / board column
    hierarchy_level: int | None = None

    @classmethod
    def from_item(cls, item: Item) -> ItemDoc:
        return cls(
            title=item.title,
            description=item.description or "",
            type=item.type,
            labels=tuple(item.labels),
            column=item.column,
            hierarchy_level=item.hierarchy_level,
        )


@dataclass(slots=True)
class Prediction:
    label: str  # the most likely role label (never "uncertain"; see ``final_label``)
    confidence: float  # calibrated probability of ``label``
    reason: str  # one sentence a person can check
    scores: dict[str, float] = field(default_factory=dict)  # probability per label
    top_terms: list[str] = field(default_factory=list)  # strongest terms for ``label``
    nearest_phrase: str | None = None  # closest training phrase
    nearest_source: str | None = None  # its provenance: "seed file § section"

    def final_label(self, threshold: float = DEFAULT_THRESHOLD) -> str:
        return self.label if self.confidence >= threshold else UNCERTAIN


#: :attr:`RoleModel.description_chars` of the bundled model, for a scan to tell its reader before
#: the model is loaded (a test holds it to the bundled artifact).
BUNDLED_DESCRIPTION_CHARS = 600


class ModelError(Exception):
    """A model or training file that cannot be used. ``str()`` is one line, safe to print."""


class RoleModel(ABC):
    labels: tuple[str, ...]
    #: True when ``predict`` reads nothing but ItemDoc's attributes (None description and list
    #: labels allowed), so a scan passes its connectors ``Item`` objects as they are.
    reads_items: ClassVar[bool] = False

    @property
    def description_chars(self) -> int | None:
        """How many characters of a description ``predict`` reads (the rest never changes a
        prediction), or None: it may read all of them. A scan's reader keeps no more of a
        description that nothing else reads (``read_export``'s ``description_chars``)."""
        return None

    @abstractmethod
    def predict(self, docs: Sequence[ItemDoc]) -> list[Prediction]: ...

    @abstractmethod
    def save(self, path: Path) -> None: ...

    @classmethod
    @abstractmethod
    def load(cls, path: Path) -> RoleModel: ...
