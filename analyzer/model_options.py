"""The options of the classifier's commands (``classify``, ``evaluate``) and the checks every
command shares: ``--threshold`` and ``--model``. Validated once at the edge, like
:mod:`analyzer.options` (which re-exports them); a bad value is an :class:`OptionError`.

Apart from :mod:`analyzer.options` so that it imports nothing of the analysis: ``classify``
starts without loading the balance, the flags, the roles and the timeline (session 25).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from analyzer.errors import OptionError
from models.interface import DEFAULT_THRESHOLD

_MODEL_EXPECTED = "a model file (JSON) written by `backlog-analyzer train --output FILE`"


#: ``classify``'s (and ``evaluate``'s) output formats.
CLASSIFY_FORMATS = ("text", "json", "jsonl")


@dataclass(frozen=True, slots=True)
class ClassifyOptions:
    """What ``classify`` (or ``evaluate``) is asked for; build it with :meth:`build` (validated).

    ``threshold`` is scan's ``--threshold``, with its default: below it an item is ``uncertain``
    and its reason says so, as in a scan's report (session 19); ``format`` is lower case."""

    threshold: float = DEFAULT_THRESHOLD
    format: str = "text"

    @classmethod
    def build(
        cls, *, threshold: float = DEFAULT_THRESHOLD, format: str = "text"
    ) -> ClassifyOptions:
        """Validate each value in the order the command line reports them (OptionError)."""
        check_threshold(threshold)
        name = format.lower()
        if name not in CLASSIFY_FORMATS:
            raise OptionError(
                f"unknown format {format!r}; choose one of {', '.join(CLASSIFY_FORMATS)}"
            )
        return cls(threshold, name)


def check_model(model: Path | None) -> None:
    """A --model that is a folder or not there fails at once, with what is expected instead."""
    if model is None:
        return
    if model.is_dir():
        raise OptionError(f"{model}: is a directory; --model expects {_MODEL_EXPECTED}")
    if not model.exists():
        raise OptionError(
            f"{model}: no such model file; --model expects {_MODEL_EXPECTED} (or omit it)"
        )
    if not model.is_file():
        raise OptionError(f"{model}: not a regular file; --model expects {_MODEL_EXPECTED}")


def check_threshold(threshold: float) -> float:
    """``--threshold`` of every command that takes it (scan, report, classify, evaluate)."""
    problem = threshold_problem(threshold)
    if problem:
        raise OptionError(f"--threshold {problem}")
    return threshold


def threshold_problem(threshold: float) -> str | None:
    """What is wrong with a confidence threshold (the CLI's ``--threshold``, the library's
    ``threshold``), or None: it must lie in [0, 1], in hundredths."""
    if not 0.0 <= threshold <= 1.0:
        return f"must be between 0 and 1, got {threshold:g}{_as_share(threshold)}"
    return finer_than_hundredths(threshold)


def _as_share(threshold: float) -> str:
    """The share a whole percentage (``--threshold 60``) means, as a hint: "; for 60 % give 0.6"."""
    if 1.0 < threshold <= 100.0 and threshold == int(threshold):
        return f"; a share, not a percentage: for {threshold:g} % give {threshold / 100:g}"
    return ""


def finer_than_hundredths(threshold: float) -> str | None:
    """What is wrong with a threshold in [0, 1] finer than a hundredth, or None (session 19).

    Reports show the threshold and every confidence to the hundredth (a percentage to a tenth of
    one): 0.605 would print as 0.60, which an item sure at 0.605 and one uncertain at 0.6049
    would both read. A threshold in hundredths keeps the rule a reader can check: an item at or
    above it never reads below it, one below it never reads at it
    (``models._reason_terms.shown_below``)."""
    hundredths = threshold * 100
    if abs(hundredths - round(hundredths)) <= 1e-9:
        return None
    low, high = math.floor(hundredths) / 100, math.ceil(hundredths) / 100
    return (
        f"{threshold!r}: at most two decimals, as reports show it and every confidence; "
        f"use {low:.2f} or {high:.2f}"
    )
