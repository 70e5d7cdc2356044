"""The typer options several commands share, declared once (``scan`` and ``report`` take the
same analysis options; every store command takes ``--db``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from analyzer.defaults import DEFAULT_ROLES_FILE, DEFAULT_TOP, SUREST_ABOVE
from analyzer.formats import FORMATS, SUFFIXES
from models.interface import DEFAULT_THRESHOLD

__all__ = [
    "DEFAULT_THRESHOLD",
    "DEFAULT_TOP",
    "DbOption",
    "AnonymiseOption",
    "FailOnOption",
    "FormatOption",
    "CorrectionsOption",
    "ModelOption",
    "OutputOption",
    "RolesOption",
    "ThresholdOption",
    "TopOption",
    "WindowOption",
]

#: Each format's suffixes, for the help (``-o items.csv`` picks csv: the help said so of none).
_SUFFIXES = [suffix for suffixes in SUFFIXES.values() for suffix in suffixes]

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"{' | '.join(FORMATS)}. Default: from --output's suffix "
        f"({', '.join(_SUFFIXES)}; another suffix needs --format), else table.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to FILE instead of the terminal ('-': standard output).",
        show_default=False,
    ),
]
ThresholdOption = Annotated[
    float,
    typer.Option(
        "--threshold",
        "-t",
        help="Items whose confidence is below this count as uncertain (0 to 1, in hundredths).",
    ),
]
CorrectionsOption = Annotated[
    Path | None,
    typer.Option(
        "--corrections",
        metavar="CSV",
        help="Your team's labels for some items: CSV with item (key or id) and label columns. "
        "Those items take your label and the report says how many were corrected.",
        show_default=False,
    ),
]

ModelOption = Annotated[
    Path | None,
    typer.Option(
        "--model",
        metavar="PATH",
        help="A model trained with `backlog-analyzer train` (default: the bundled one).",
        show_default=False,
    ),
]
TopOption = Annotated[
    int,
    typer.Option(
        "--top",
        help=f"How many top strategic and tactical items to show (surer than {SUREST_ABOVE}).",
    ),
]
RolesOption = Annotated[
    Path | None,
    typer.Option(
        "--roles",
        metavar="FILE",
        help=f"Roles file (TOML) mapping people to pm, po or custom roles. Default: "
        f"./{DEFAULT_ROLES_FILE} when present; otherwise roles are inferred from activity.",
        show_default=False,
    ),
]
WindowOption = Annotated[
    str,
    typer.Option(
        "--window",
        "-w",
        metavar="WINDOW",
        help="Time window for balance over time and drift: week | month | quarter | sprint "
        "| Nd (e.g. 14d) | auto (sprints when the board has them, else month).",
    ),
]
FailOnOption = Annotated[
    str | None,
    typer.Option(
        "--fail-on",
        metavar="SEVERITY",
        help="Exit 1 when a flag at or above this severity is raised: error | warning | "
        "note (info). For CI.",
        show_default=False,
    ),
]
#: ``--anonymise``: people replaced by stable pseudonyms in every format (analyzer.anonymise).
AnonymiseOption = Annotated[
    bool,
    typer.Option(
        "--anonymise",
        "--anonymize",
        help="Replace people by stable pseudonyms (Person K7QD) and drop e-mail addresses and "
        "account ids, in every format, so the report can be shared outside the team.",
    ),
]
#: ``--db PATH``: the store file; shared by every command that touches the store.
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="The local store (SQLite). Default: $BACKLOG_ANALYZER_DB, else store.sqlite in "
        "the user data directory.",
        show_default=False,
    ),
]
