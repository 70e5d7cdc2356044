"""The analysis options, built and validated once at the edge (CLI or library caller).

:class:`ScanOptions` is frozen: once built, every layer below reads it and checks nothing again.
The roles file is parsed here, once; the window is parsed here, once. A bad value is an
:class:`OptionError` whose text is one line naming the option, as the command line spells it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from analyzer.balance import DEFAULT_TOP
from analyzer.corrections import Corrections, read_corrections
from analyzer.errors import OptionError
from analyzer.flags import SEVERITIES
from analyzer.model_options import (
    CLASSIFY_FORMATS,
    ClassifyOptions,
    check_model,
    check_threshold,
    finer_than_hundredths,
    threshold_problem,
)
from analyzer.roles import DEFAULT_ROLES_FILE, RolesFile, parse_roles_file
from analyzer.timeline import WindowSpec, parse_window
from models.interface import DEFAULT_THRESHOLD

__all__ = [
    "CLASSIFY_FORMATS",
    "MAX_WINDOW_DAYS",
    "ClassifyOptions",
    "OptionError",
    "ScanOptions",
    "check_model",
    "check_threshold",
    "check_window",
    "finer_than_hundredths",
    "threshold_problem",
]

#: The longest ``Nd`` window :func:`analyzer.timeline.parse_window` takes.
MAX_WINDOW_DAYS = 9999


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """What a scan or a report is asked for; build it with :meth:`build` (validated).

    ``roles`` is the parsed roles file, or None to infer roles from activity; ``model`` a model
    file, or None for the bundled one.
    """

    threshold: float = DEFAULT_THRESHOLD
    top: int = DEFAULT_TOP
    window: WindowSpec = WindowSpec("auto")
    roles: RolesFile | None = None
    model: Path | None = None
    fail_on: str | None = None
    corrections: Corrections | None = None  # the team's labels for some items

    @classmethod
    def build(
        cls,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        top: int = DEFAULT_TOP,
        window: str | WindowSpec = "auto",
        roles: str | Path | RolesFile | None = None,
        model: str | Path | None = None,
        fail_on: str | None = None,
        default_roles: bool = False,
        corrections: str | Path | Corrections | None = None,
    ) -> ScanOptions:
        """Validate every value (in the order the command line reports them) and parse the
        roles file; ``default_roles``: with no ``roles``, use ``./backlog-analyzer.toml`` when
        it is there. Raises :class:`OptionError`, or ``RolesFileError`` for a bad roles file."""
        check_threshold(threshold)
        if top < 0:
            raise OptionError(f"--top must be 0 or more, got {top}")
        spec = window if isinstance(window, WindowSpec) else check_window(window)
        severity = check_fail_on(fail_on)
        model_path = None if model is None else Path(model)
        check_model(model_path)
        if roles is None and default_roles:
            candidate = Path(DEFAULT_ROLES_FILE)
            roles = candidate if candidate.is_file() else None
        if roles is not None and not isinstance(roles, RolesFile):
            roles = parse_roles_file(roles)
        if corrections is not None and not isinstance(corrections, Corrections):
            corrections = read_corrections(corrections)  # a bad file fails before the long read
        return cls(threshold, top, spec, roles, model_path, severity, corrections)


def check_window(window: str) -> WindowSpec:
    """The parsed --window, or an OptionError saying what it accepts."""
    try:
        return parse_window(window)
    except ValueError:
        pass
    days = re.fullmatch(r"([+-]?\d+)\s*(d|days?)?", window.strip(), flags=re.IGNORECASE)
    if days is None:
        problem = "not a window"
    elif not 1 <= int(days.group(1)) <= MAX_WINDOW_DAYS:
        problem = "out of range"
    else:
        problem = f"add the unit: {int(days.group(1))}d"
    raise OptionError(
        f"--window {window!r}: {problem}; use week, month, quarter, sprint, auto or a number of "
        f"days from 1 to {MAX_WINDOW_DAYS} (e.g. 14d)"
    )


#: ``--fail-on`` in the words a person reads in a report (a note is ``info`` to a machine).
_FAIL_ON_WORDS = {"note": "info", "notes": "info"}


def check_fail_on(fail_on: str | None) -> str | None:
    """``--fail-on``'s severity as the flags name it: ``note`` (what the reports call it) is
    ``info``."""
    if fail_on is None:
        return None
    value = fail_on.strip().lower()
    value = _FAIL_ON_WORDS.get(value, value)
    if value not in SEVERITIES:
        raise OptionError(
            f"--fail-on must be one of error, warning, note (or info), got {fail_on!r}"
        )
    return value
