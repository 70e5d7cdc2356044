"""Is a model artifact the one its training data and code give? Checked as floating point allows.

Retraining on another machine, or with numpy/scipy/scikit-learn a patch release apart, moves the
last digits of the fitted numbers (a Platt slope of 5.93594590695921 instead of
5.935945903388324). So two artifacts are "the same" when their structure, labels, vocabulary, texts
and integers are equal and every float agrees to a relative tolerance, measured against the scale
of the array it sits in (a coefficient of 1e-12 next to ones of 3.0 is noise, not a change).
Differences come back as a few short lines, never as a diff of the two files.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

#: Relative tolerance for fitted numbers. Floating-point noise between library versions is about
#: 1e-9; retraining on changed data or code moves numbers by far more than 1e-5.
RTOL = 1e-5
MAX_LINES = 12


def artifact_differences(
    expected: Any, actual: Any, *, rtol: float = RTOL, limit: int = MAX_LINES
) -> list[str]:
    """At most ``limit`` short lines saying where two JSON documents differ; ``[]`` when they
    agree (floats to ``rtol``, everything else exactly)."""
    found: list[str] = []
    _compare(expected, actual, "$", rtol, found, limit + 1)
    if len(found) > limit:
        found = [*found[:limit], "… and more"]
    return found


def _compare(a: Any, b: Any, path: str, rtol: float, found: list[str], limit: int) -> None:
    if len(found) >= limit:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            gone, new = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
            found.append(f"{path}: keys differ (only expected: {gone[:5]}, only actual: {new[:5]})")
        for key in a.keys() & b.keys():
            _compare(a[key], b[key], f"{path}.{key}", rtol, found, limit)
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            found.append(f"{path}: {len(a)} entries expected, {len(b)} found")
            return
        if a and _all_numbers(a) and _all_numbers(b):
            _compare_numbers(a, b, path, rtol, found)
            return
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _compare(x, y, f"{path}[{i}]", rtol, found, limit)
        return
    if _is_float_pair(a, b):
        if not _close(float(a), float(b), rtol, max(abs(float(a)), abs(float(b)))):
            found.append(f"{path}: {a!r} expected, {b!r} found")
        return
    if type(a) is not type(b) or a != b:
        found.append(f"{path}: {_short(a)} expected, {_short(b)} found")


def _compare_numbers(
    a: Sequence[float], b: Sequence[float], path: str, rtol: float, found: list[str]
) -> None:
    if any(isinstance(x, float) for x in a) or any(isinstance(y, float) for y in b):
        scale = max(max(abs(float(x)) for x in a), max(abs(float(y)) for y in b))
        bad = [
            i for i, (x, y) in enumerate(zip(a, b, strict=True)) if not _close(x, y, rtol, scale)
        ]
    else:  # integers (indices, counts): exactly
        bad = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if bad:
        i = bad[0]
        found.append(
            f"{path}: {len(bad)} of {len(a)} numbers differ, first [{i}]: "
            f"{a[i]!r} expected, {b[i]!r} found"
        )


def _close(x: float, y: float, rtol: float, scale: float) -> bool:
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return abs(x - y) <= rtol * max(abs(x), abs(y), scale * 1e-3)


def _all_numbers(values: list) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _is_float_pair(a: Any, b: Any) -> bool:
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (a, b))
    return numbers and (isinstance(a, float) or isinstance(b, float))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}…"
