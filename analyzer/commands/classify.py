"""``classify``, ``train`` and ``evaluate``: the role classifier from the command line."""

from __future__ import annotations

import codecs
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from analyzer.app import app, user_errors
from analyzer.errors import OptionError
from analyzer.model_options import ClassifyOptions
from analyzer.modeling import (
    TrainRequest,
    classify_json_lines,
    classify_stream,
    evaluate_corrections,
    evaluate_file,
    extract_doc_phrases,
    iter_item_lines,
    train_model,
)
from models._reason_terms import confidence_text, shown_below
from models.interface import DEFAULT_THRESHOLD

ModelOption = Annotated[
    Path | None,
    typer.Option(
        "--model",
        metavar="PATH",
        help="A model trained with `backlog-analyzer train` (default: the bundled one).",
        show_default=False,
    ),
]
ThresholdOption = Annotated[
    float,
    typer.Option(
        "--threshold",
        "-t",
        help="Predictions whose confidence is below this are labelled uncertain (0 to 1, in "
        "hundredths).",
    ),
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="text | json | jsonl (one JSON object per line; every format is streamed).",
    ),
]
#: ``evaluate`` writes one summary of the whole file: no per-line (jsonl) form of it.
EVALUATE_FORMATS = ("text", "json")
EvaluateFormatOption = Annotated[
    str,
    typer.Option("--format", "-f", metavar="FORMAT", help=" | ".join(EVALUATE_FORMATS) + "."),
]


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def read_lines(path: str) -> Iterator[str]:
    """Non-blank lines of a text file (``-`` = standard input), stripped, as they are read."""
    if path != "-":
        return iter_item_lines(path)
    if _stdin_is_terminal():  # else it would sit there silently, waiting for input
        typer.echo("Type one item per line, then Ctrl-D (Ctrl-Z Enter on Windows):", err=True)
    return iter_item_lines("standard input", sys.stdin.buffer)


#: Control characters (C0 but tab, DEL, C1) shown as ``\x1b`` instead of reaching the terminal.
_VISIBLE = {c: f"\\x{c:02x}" for c in [*range(0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0)]}


def _write_results(results: Iterator, threshold: float) -> None:
    """``--format text``: each result as it comes (a million lines never sit in memory), in
    blocks of lines; an uncertain item's confidence never rounded up to ``threshold``, one
    below 1 never read "1.00" (:func:`confidence_text`: ">0.99", as its reason says)."""
    out, block = sys.stdout, []
    results = iter(results)
    head = next(results)  # a problem with the input is said before anything is written
    for text, p in itertools.chain([head], results):
        shown = text.translate(_VISIBLE)
        confidence = p.confidence
        if confidence < threshold:
            confidence = shown_below(confidence, threshold)
        number = confidence_text(confidence)
        # the label padded to 10, but ">0.99" takes a space of it: the numbers end in one column
        block.append(f"{p.final_label(threshold):<{14 - len(number)}} {number}  {shown}\n")
        block.append(f"    {p.reason.translate(_VISIBLE)}\n")
        if len(block) >= 2048:
            out.write("".join(block))
            block = []
    out.write("".join(block))


def _write_json(batches: Iterator[list[str]], format_name: str) -> None:
    """JSON Lines, or one JSON array, a batch of lines at a time (each batch's text is written
    as it is joined: no copy of it with the separator added)."""
    out = sys.stdout
    batches = iter(batches)
    first = next(batches)  # a problem with the input is said before anything is written
    put = _joiner(out)
    if format_name == "jsonl":
        for lines in itertools.chain([first], batches):
            put(lines, "\n")
            out.write("\n")
        return
    out.write("[\n  ")
    put(first, ",\n  ")
    for lines in batches:
        out.write(",\n  ")
        put(lines, ",\n  ")
    out.write("\n]\n")


def _joiner(out: TextIO) -> Callable[[list[str], str], None]:
    """``put(lines, sep)``: write ``sep.join(lines)`` to ``out``.

    On a UTF-8 stream each line is encoded on its own and the bytes go to its buffer: one
    character outside the BMP (an emoji) made the joined text of its whole batch four bytes a
    character, which encoding then walked (session 25: 5.9 % of ``classify --file``'s
    instructions on 100k distinct titles). The same bytes as the text layer writes — its
    ``errors`` (``backslashreplace`` on the CLI's stdout), a line-buffered stream flushed per
    batch — so only where no newline translation applies (``os.linesep`` is ``\\n``); any other
    encoding (``PYTHONIOENCODING=ascii``) or stream without a buffer takes the text path."""
    encoding = getattr(out, "encoding", None)
    buffer = getattr(out, "buffer", None)
    if buffer is None or not encoding or os.linesep != "\n" or not _is_utf8(encoding):
        return lambda lines, sep: out.write(sep.join(lines))
    errors = out.errors or "strict"
    flush = out.line_buffering

    def put(lines: list[str], sep: str) -> None:
        out.flush()  # what the text layer holds (a separator) goes first
        buffer.write(sep.encode("utf-8", errors).join([s.encode("utf-8", errors) for s in lines]))
        if flush:
            buffer.flush()

    return put


def _is_utf8(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


@app.command()
def classify(
    texts: Annotated[
        list[str] | None,
        typer.Argument(metavar="TEXT", help="Item texts to classify.", show_default=False),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            metavar="PATH",
            help="Read items from PATH, one per line ('-' reads standard input).",
            show_default=False,
        ),
    ] = None,
    item_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            help="Issue type of every item (Epic, Story, Bug, ...); it sways the label.",
            show_default=False,
        ),
    ] = None,
    format_name: FormatOption = "text",
    model: ModelOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
) -> None:
    """Classify item texts as strategic (PM) or tactical (PO), with confidence and reason."""
    with user_errors():
        options = ClassifyOptions.build(threshold=threshold, format=format_name)
        items = itertools.chain(texts or [], read_lines(file) if file is not None else [])
        if options.format == "text":
            results = classify_stream(
                items, threshold=options.threshold, item_type=item_type, model=model
            )
            _write_results(results, options.threshold)
        else:
            lines = classify_json_lines(items, options.threshold, item_type=item_type, model=model)
            _write_json(lines, options.format)


@app.command()
def train(
    phrases: Annotated[
        Path | None,
        typer.Option(
            "--phrases",
            metavar="CSV",
            help="Your labelled phrases: CSV with text,label (optional id,source,section). "
            "Default: the bundled phrases and ticket examples.",
            show_default=False,
        ),
    ] = None,
    tickets: Annotated[
        Path | None,
        typer.Option(
            "--tickets",
            metavar="CSV",
            help="Extra ticket-shaped examples: CSV with title,label (optional description, "
            "type, column, phrase_id).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Where to write the model. Default: ./role_model.json (the bundled model is "
            "rebuilt only by the maintainers' `python -m models.train`).",
            show_default=False,
        ),
    ] = None,
    labels: Annotated[
        str | None,
        typer.Option(
            "--labels",
            metavar="A,B,...",
            help="Labels to learn (rows with other labels are skipped). Default: every label "
            "in --phrases; strategic,tactical for the bundled data.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same model).")] = 0,
    docs: Annotated[
        list[Path] | None,
        typer.Option(
            "--docs",
            metavar="FILE...",
            help="Role articles (Markdown, HTML or text) to learn from: a heading naming a role, "
            "then its responsibilities as bullets or sentences.",
            show_default=False,
        ),
    ] = None,
    more_docs: Annotated[
        list[Path] | None, typer.Argument(metavar="--docs FILE", hidden=True, show_default=False)
    ] = None,
    taxonomy: Annotated[
        Path | None,
        typer.Option(
            "--taxonomy",
            metavar="TOML",
            help="Roles, their names in articles and their labels (default: strategic/tactical); "
            "more than two labels trains a model that predicts all of them.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print the phrases --docs extracts and stop."),
    ] = False,
    corrections: Annotated[
        Path | None,
        typer.Option(
            "--corrections",
            metavar="CSV",
            help="Your team's labels for some items (item,label[,title,description,type]): "
            "learn from them, e.g. with --base bundled --board EXPORT.",
            show_default=False,
        ),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            metavar="bundled",
            help="With --corrections: start from the bundled phrases and tickets (the default "
            "when --phrases is not given).",
            show_default=False,
        ),
    ] = None,
    board: Annotated[
        Path | None,
        typer.Option(
            "--board",
            metavar="EXPORT",
            help="With --corrections: the export whose items the keys name (their title, "
            "description, type and list are learned).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Train the role classifier and save it as a JSON model file."""
    from analyzer.report import counted  # not imported for `classify` (session 25)

    with user_errors():
        if more_docs and not docs:
            raise OptionError("unexpected file arguments; put --docs before the article files")
        request = TrainRequest.build(
            phrases=phrases,
            tickets=tickets,
            labels=labels,
            seed=seed,
            docs=(*(docs or []), *(more_docs or [])),
            taxonomy=taxonomy,
            corrections=corrections,
            board=board,
            base=base,
            dry_run=dry_run,
        )
        found = extract_doc_phrases(request)
        if found is not None:
            typer.echo("\n".join(found.lines()) if dry_run else found.summary())
            if dry_run:
                return
        target = output or Path("role_model.json")
        from analyzer.output import check_output_file

        check_output_file(target)  # before the training, as a report's -o refuses it
        model = train_model(request, found)
        model.save(target)

        info = model.info
        # the corrections adapt the trained model, so its counts alone would not show them
        adapted = info.get("adapted_to_corrections")
        corrected = ""
        if adapted:
            corrected = f", adapted to {counted(adapted, 'corrected item', 'corrected items')}"
        typer.echo(
            f"Trained on {info['phrases']:,} phrases and {info['tickets']:,} ticket examples "
            f"(labels: {', '.join(model.labels)}; cross-validated accuracy "
            f"{info['cv_accuracy']:.3f}){corrected}; wrote {target}"
        )
        if adapted:
            learned = info.get("corrections_read_as_labelled")
            typer.echo(_what_adapting_did(adapted, learned, corrections))


def _what_adapting_did(adapted: int, learned: int | None, file: Path | None) -> str:
    """What ``train --corrections`` changed, as measured, so that "reads 0 of them" is not read as
    training having failed and the adapted model is not taken for one that learned the board."""
    lines = []
    if learned is not None:
        read = f"all {adapted}" if learned == adapted else f"{learned} of the {adapted}"
        lines.append(
            "  Each correction moves the model one bounded step toward its label (a card it was "
            f"sure of needs more than one): on their own it now reads {read} as you labelled "
            f"them. By design: scan --corrections {file} gives every corrected item your label "
            "in a report, whatever the model reads."
        )
    # measured by benchmarks/bench_adapt.py (models/HISTORY.md, session 28); the numbers live in
    # docs/classifier.md, not here, so that a retrained model does not leave a stale figure
    lines.append(
        "  The adapted model carries the corrections' words to other items but learns little "
        'about the rest of a board (docs/classifier.md: "What train --corrections does, and '
        'does not").'
    )
    return "\n".join(lines)


def _not_corrections(file: Path) -> None:
    """A corrections file (item,label) given without --board: say how to score it, instead of
    "missing column text"."""
    try:
        with file.open(encoding="utf-8-sig", errors="replace") as handle:
            header = {name.strip().lower() for name in handle.readline(4096).split(",")}
    except OSError:
        return  # evaluate_file says what is wrong with the path
    if "text" not in header and "label" in header and header & {"item", "key", "id"}:
        raise OptionError(
            f"{file}: a corrections file (item,label) names items, not their text; give the "
            f"export they are on: evaluate {file} --board EXPORT"
        )


@app.command()
def evaluate(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A labelled CSV: text,label (optional type, description, column, labels); "
            "with --board, a corrections file: item,label.",
            show_default=False,
        ),
    ],
    format_name: EvaluateFormatOption = "text",
    model: ModelOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    split: Annotated[
        str | None,
        typer.Option(
            "--split",
            metavar="NAME",
            help="Only rows whose split column equals NAME (e.g. test).",
            show_default=False,
        ),
    ] = None,
    board: Annotated[
        Path | None,
        typer.Option(
            "--board",
            metavar="EXPORT",
            help="FILE is a corrections file (item,label, as for scan --corrections): score the "
            "model on those items of this export.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Measure the classifier on a labelled CSV: P/R/F1, macro-F1, confusion, ECE, coverage."""
    with user_errors():
        from models.evaluate import render_text

        if format_name.lower() == "jsonl":  # it printed the text summary, unsaid
            raise OptionError(
                "evaluate --format jsonl: evaluate writes one summary, as text or json; "
                "per-item JSON Lines come from classify --format jsonl"
            )
        if format_name.lower() not in EVALUATE_FORMATS:
            raise OptionError(
                f"unknown format {format_name!r}; choose one of {', '.join(EVALUATE_FORMATS)}"
            )
        format_name = ClassifyOptions.build(threshold=threshold, format=format_name).format
        if board is not None:
            if split is not None:
                raise OptionError("--split applies to a text,label CSV, not with --board")
            result = evaluate_corrections(file, board, model, threshold)
        else:
            _not_corrections(file)
            result = evaluate_file(file, model, threshold, split=split)
        if format_name == "json":
            typer.echo(json.dumps(result.to_json(), indent=2))
        else:
            typer.echo(render_text(result), nl=False)
