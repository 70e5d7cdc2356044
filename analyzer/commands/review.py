"""``backlog-analyzer review``: a corrections worksheet, the items of a board most worth a look.

A command of its own rather than ``scan --review-sheet``: it writes another thing (a CSV for a
person to fill, not a report) with its own size (``-n``), and none of the report's options
(format, top, roles, window, fail-on) mean anything to it. It takes scan's sources — an export,
a live source with its target — and, without one, the local store as ``report`` reads it. The
work is :func:`analyzer.review.review_source`; the CSV is :func:`analyzer.review.render_sheet`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from analyzer.app import INTERRUPTED_FETCH, app, exit_code_for, safe_line, user_errors
from analyzer.commands._options import (
    DEFAULT_THRESHOLD,
    DbOption,
    ModelOption,
    ThresholdOption,
)
from analyzer.commands._render import STDOUT, ScanProgress, note, warn_and_exit
from analyzer.defaults import DEFAULT_REVIEW_COUNT
from analyzer.errors import OptionError

if TYPE_CHECKING:
    from analyzer.review import ReviewSheet

# The library is imported inside the command (session 25): every command registers at start-up.


@app.command()
def review(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="SOURCE",
            help="An export file (Trello board JSON, Jira CSV or Jira JSON), or 'jira' or "
            "'trello' to fetch a live source first, as for scan. Without it: the local store's "
            "boards (--db, --source), as `report` reads them.",
            show_default=False,
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="TARGET",
            help="With a live source: the Jira project key (or a JQL query), or the Trello "
            "board's id, short link or URL.",
            show_default=False,
        ),
    ] = None,
    count: Annotated[
        int,
        typer.Option("--count", "-n", help="How many items to ask about."),
    ] = DEFAULT_REVIEW_COUNT,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the worksheet to FILE (UTF-8 with a BOM, as Excel reads it) instead of "
            "the terminal ('-': standard output).",
            show_default=False,
        ),
    ] = None,
    corrections: Annotated[
        Path | None,
        typer.Option(
            "--corrections",
            metavar="CSV",
            help="The items your team labelled already (a filled worksheet, or any file scan "
            "--corrections reads): they are not asked again.",
            show_default=False,
        ),
    ] = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    model: ModelOption = None,
    db: DbOption = None,
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            metavar="URL",
            help="review jira: the Jira base URL (default: $JIRA_SERVER).",
            show_default=False,
        ),
    ] = None,
    selectors: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            "-s",
            metavar="NAME",
            help="Without SOURCE: only these boards of the store, as for `report --source`.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a corrections worksheet: the items of one board most worth a person's look.

    Fill its label column (strategic or tactical; leave the others empty), then give it to
    `scan --corrections` (the report takes your labels) or `train --corrections ... --base
    bundled --board EXPORT` (a model nudged toward them; it learns little about the rest of a
    board: see docs/classifier.md). A second round:
    `review BOARD --corrections done.csv` asks about other items.
    """
    from analyzer.live import is_live_source
    from analyzer.options import ScanOptions
    from analyzer.review import PartialReview, review_source

    output = None if output == STDOUT else output
    live = source is not None and is_live_source(source)
    unfetched: PartialReview | None = None
    with user_errors(INTERRUPTED_FETCH if live else "interrupted"):
        _check_sources(source, target, live, output, db, server, selectors)
        options = ScanOptions.build(threshold=threshold, model=model, corrections=corrections)
        with ScanProgress() as on_progress:
            try:
                sheet = review_source(
                    source,
                    target,
                    options,
                    count=count,
                    db=db,
                    server=server,
                    selectors=selectors,
                    on_progress=on_progress,
                    on_note=note,
                )
            except PartialReview as partial:  # the others' sheet, then a line each
                sheet, unfetched = partial.sheet, partial
        _show_sheet(sheet, output)
    if unfetched is not None:
        raise warn_and_exit(unfetched.lines(), exit_code_for(unfetched))


def _show_sheet(sheet: ReviewSheet, output: Path | None) -> None:
    """The worksheet on standard output, or to ``output`` with a line saying what it holds."""
    from analyzer.review import render_sheet

    text = render_sheet(sheet)
    if output is None:
        typer.echo(text, nl=False)
        return
    from analyzer.output import write_output
    from analyzer.report import counted

    write_output(output, "\ufeff" + text)  # the BOM: Excel reads the file as UTF-8
    already = f", {sheet.already} labelled already" if sheet.already else ""
    typer.echo(
        f"Wrote a worksheet of {counted(len(sheet.rows), 'item', 'items')} (of "
        f"{sheet.items} on the board{already}) to {safe_line(output)}; fill its label "
        "column, then give it to scan --corrections or train --corrections"
    )


def _check_sources(
    source: str | None,
    target: str | None,
    live: bool,
    output: Path | None,
    db: Path | None,
    server: str | None,
    selectors: list[str] | None,
) -> None:
    """Every argument that does not fit the source, as one OptionError line, before any option
    value is looked at."""
    from analyzer.live import check_target_not_a_file
    from analyzer.local_store import check_not_the_store, same_file

    if live:
        check_target_not_a_file("review", source, target)
        if selectors:
            raise OptionError("--source is for the local store; a live source takes a TARGET")
        if output is not None:
            check_not_the_store(output, db)
        return
    if source is None:
        if server is not None:
            raise OptionError("--server is only for live sources (jira, trello)")
        if output is not None:
            check_not_the_store(output, db)
        return
    if target is not None:
        raise OptionError(
            f"unexpected extra argument {target!r}: a worksheet is of one board; review the "
            "boards one at a time"
        )
    for name, value in (("--server", server), ("--db", db), ("--source", selectors)):
        if value:
            raise OptionError(f"{name} is not for an export file; review FILE reads the file")
    if output is not None and same_file(output, source):
        raise OptionError(f"{output}: --output would overwrite the export being reviewed")
