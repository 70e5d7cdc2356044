"""``classify``, ``train`` and ``evaluate``: the role classifier from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from analyzer.app import app, fail, user_errors
from analyzer.options import check_model
from models.interface import DEFAULT_THRESHOLD, ItemDoc, ModelError, Prediction, RoleModel

MAX_INPUT_BYTES = 100 * 1024 * 1024
OUTPUT_FORMATS = ("text", "json")

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
        help="Predictions whose confidence is below this are labelled uncertain (0 to 1).",
    ),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text | json")]


def _load(model: Path | None) -> RoleModel:
    from models.classifier import load_model  # scikit-learn/scipy: only when a command needs it

    check_model(model)
    return load_model(model)


def _check(threshold: float, format_name: str) -> str:
    if not 0.0 <= threshold <= 1.0:
        raise fail(f"--threshold must be between 0 and 1, got {threshold:g}")
    name = format_name.lower()
    if name not in OUTPUT_FORMATS:
        raise fail(f"unknown format {format_name!r}; choose one of {', '.join(OUTPUT_FORMATS)}")
    return name


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def read_lines(path: str) -> list[str]:
    """Non-blank lines of a text file (``-`` = standard input), stripped."""
    if path == "-":
        if _stdin_is_terminal():  # else it would sit there silently, waiting for input
            typer.echo("Type one item per line, then Ctrl-D (Ctrl-Z Enter on Windows):", err=True)
        text = sys.stdin.read()
    else:
        file = Path(path)
        try:
            if file.is_dir():
                raise ModelError(f"{file}: is a directory; give a text file with one item per line")
            if file.stat().st_size > MAX_INPUT_BYTES:
                raise ModelError(f"{file}: too large; split it into smaller files")
            raw = file.read_bytes()
        except FileNotFoundError:
            raise ModelError(f"{file}: no such file") from None
        except OSError as error:
            raise ModelError(f"{file}: cannot read it ({error.strerror or error})") from None
        if b"\x00" in raw:
            raise ModelError(f"{file}: a binary file; give a text file with one item per line")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ModelError(f"{file}: not UTF-8 text; save it as UTF-8") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def prediction_json(text: str, prediction: Prediction, threshold: float) -> dict:
    return {
        "text": text,
        "label": prediction.final_label(threshold),
        "predicted": prediction.label,
        "confidence": round(prediction.confidence, 4),
        "reason": prediction.reason,
        "scores": {k: round(v, 4) for k, v in prediction.scores.items()},
        "top_terms": prediction.top_terms,
        "nearest_phrase": prediction.nearest_phrase,
        "nearest_source": prediction.nearest_source,
    }


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
        format_name = _check(threshold, format_name)
        items = [t.strip() for t in texts or [] if t.strip()]
        if file is not None:
            items += read_lines(file)
        if not items:
            raise fail("nothing to classify: give TEXT arguments or --file PATH ('-' for stdin)")
        role_model = _load(model)
        predictions = role_model.predict([ItemDoc(title=t, type=item_type) for t in items])
        if format_name == "json":
            rows = [
                prediction_json(t, p, threshold) for t, p in zip(items, predictions, strict=True)
            ]
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for text, p in zip(items, predictions, strict=True):
            typer.echo(f"{p.final_label(threshold):<10} {p.confidence:.2f}  {text}")
            typer.echo(f"    {p.reason}")


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
        list[Path] | None, typer.Argument(metavar="FILE", hidden=True, show_default=False)
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
) -> None:
    """Train the role classifier and save it as a JSON model file."""
    with user_errors():
        from models.doc_phrases import dry_run_lines, extract_files, summary, training_phrases
        from models.taxonomy import load_taxonomy

        if more_docs and not docs:
            raise fail("unexpected file arguments; put --docs before the article files")
        files = [*(docs or []), *(more_docs or [])]
        if dry_run and not files:
            raise fail("--dry-run shows the phrases --docs extracts; give --docs FILE...")
        doc_rows: list = []
        roles = load_taxonomy(taxonomy) if files or taxonomy else None
        if files:
            found = extract_files(files, roles)
            if dry_run:
                typer.echo("\n".join([*dry_run_lines(found), summary(found)]))
                return
            typer.echo(summary(found))
            doc_rows = training_phrases(found)
        from models.train import (
            DEFAULT_LABELS,
            DEFAULT_PRIOR,
            PHRASES_CSV,
            TICKETS_CSV,
            read_phrases,
            read_tickets,
            train_model,
        )

        wanted = (
            tuple(x.strip().lower() for x in labels.split(",") if x.strip()) if labels else None
        )
        wanted = wanted or (roles.labels if roles else None)
        prior = None  # the bundled data's label shares apply to the bundled data only
        if files:
            rows = [*(read_phrases(phrases) if phrases else []), *doc_rows]
            extra = read_tickets(tickets) if tickets else []
        elif phrases is None:
            rows = read_phrases(PHRASES_CSV)
            extra = read_tickets(tickets or TICKETS_CSV)
            wanted = wanted or DEFAULT_LABELS
            prior = DEFAULT_PRIOR if set(wanted) == set(DEFAULT_LABELS) else None
        else:
            rows = read_phrases(phrases)
            extra = read_tickets(tickets) if tickets else []
        target = output or Path("role_model.json")
        if target.is_dir():
            raise fail(f"{target}: is a directory; give a file name for --output")
        model = train_model(rows, seed=seed, labels=wanted, tickets=extra, prior=prior)
        model.save(target)
        info = model.info
        typer.echo(
            f"Trained on {info['phrases']} phrases and {info['tickets']} ticket examples "
            f"(labels: {', '.join(model.labels)}; cross-validated accuracy "
            f"{info['cv_accuracy']:.3f}); wrote {target}"
        )


@app.command()
def evaluate(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A labelled CSV: text,label (optional type, description, column, labels).",
            show_default=False,
        ),
    ],
    format_name: FormatOption = "text",
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
) -> None:
    """Measure the classifier on a labelled CSV: P/R/F1, macro-F1, confusion, ECE, coverage."""
    with user_errors():
        from models.evaluate import evaluate as run_evaluation
        from models.evaluate import read_labelled, render_text

        format_name = _check(threshold, format_name)
        items = read_labelled(file, split=split)
        result = run_evaluation(_load(model), items, threshold)
        if format_name == "json":
            typer.echo(json.dumps(result.to_json(), indent=2))
        else:
            typer.echo(render_text(result), nl=False)
