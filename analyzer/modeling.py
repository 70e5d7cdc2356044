"""The role classifier as the commands use it: classify texts, train a model, evaluate one.

Each is one call over :mod:`models` with the options checked once by the caller; errors are
typed (``ModelError``, ``OptionError``), nothing prints. Library use::

    from analyzer.modeling import classify_texts, evaluate_file

    for text, prediction in classify_texts(["Q3 pricing experiment", "Fix login 500"]):
        print(prediction.final_label(0.6), text)
"""

from __future__ import annotations

import contextlib
import io
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from _backlog_analyzer_runtime.gc_pause import collector_paused
from analyzer.errors import OptionError
from analyzer.model_options import check_model
from models.interface import DEFAULT_THRESHOLD, ItemDoc, ModelError, Prediction, RoleModel

if TYPE_CHECKING:
    from models._batch_reasons import BatchColumns


def load_checked_model(model: str | Path | None = None) -> RoleModel:
    """The model at ``model`` (None: the bundled one); a missing file or a folder is one line."""
    from models.classifier import load_model  # scikit-learn/scipy: only when a command needs it

    path = None if model is None else Path(model)
    check_model(path)
    return load_model(path)


def classify_texts(
    texts: Sequence[str],
    *,
    threshold: float | None = DEFAULT_THRESHOLD,
    item_type: str | None = None,
    model: RoleModel | str | Path | None = None,
) -> list[tuple[str, Prediction]]:
    """Each non-blank text (stripped) with its prediction; ``item_type`` sways the label.
    ``threshold``: the one ``final_label`` is read at — the reason of an item below it says
    "uncertain, leaning …", as in a scan's report (None: the model's reasons as they are)."""
    items = [t.strip() for t in texts if t.strip()]
    if not items:
        raise OptionError("nothing to classify: give TEXT arguments or --file PATH ('-' for stdin)")
    role_model = model if isinstance(model, RoleModel) else load_checked_model(model)
    return list(_predicted(role_model, items, item_type, threshold))


def _below(model: RoleModel, threshold: float | None) -> dict[str, float]:
    """``predict``'s ``unsure_below`` for a model that reads it (``reads_threshold``, as a scan
    asks ``analyzer.pipeline``), else nothing."""
    if threshold is None or getattr(model, "reads_threshold", False) is not True:
        return {}
    return {"unsure_below": threshold}


#: Longest line ``classify --file`` takes: an item title, not a file without line breaks.
MAX_LINE_BYTES = 1024 * 1024
#: Items classified per model call when streaming (memory stays flat, numpy stays vectorised).
STREAM_BATCH = 4096


def classify_stream(
    texts: Iterable[str],
    *,
    threshold: float | None = DEFAULT_THRESHOLD,
    item_type: str | None = None,
    model: RoleModel | str | Path | None = None,
    batch: int = STREAM_BATCH,
) -> Iterator[tuple[str, Prediction]]:
    """:func:`classify_texts` for any number of texts in constant memory: each non-blank text
    (stripped) with its prediction, ``batch`` texts per model call. Raises OptionError before
    yielding anything when there is no text at all."""
    for role_model, chunk in _chunks(texts, model, batch):
        yield from _predicted(role_model, chunk, item_type, threshold)


def classify_json_lines(
    texts: Iterable[str],
    threshold: float,
    *,
    item_type: str | None = None,
    model: RoleModel | str | Path | None = None,
    batch: int = STREAM_BATCH,
) -> Iterator[list[str]]:
    """:func:`classify_stream` written as JSON: per batch, each item's :func:`prediction_line`.

    A model that gives a batch's columns (``predict_columns``, the bundled linear model) has
    its lines written for the whole batch at once (:func:`prediction_lines`), the cyclic
    collector paused meanwhile (as a scan's classify stage pauses it): a batch's docs, lists
    and tuples are thousands of containers in no cycle, which it would only scan (session 24;
    on again before the lines are handed on)."""
    for role_model, chunk in _chunks(texts, model, batch):
        columns = getattr(role_model, "predict_columns", None)
        if columns is None:
            pairs = _predicted(role_model, chunk, item_type, threshold)
            yield [prediction_line(text, p, threshold) for text, p in pairs]
            continue
        with collector_paused():
            docs = _docs(chunk, item_type)
            said = columns(docs, **_below(role_model, threshold))
            lines = prediction_lines(chunk, said, threshold)
        yield lines


def _chunks(
    texts: Iterable[str], model: RoleModel | str | Path | None, batch: int
) -> Iterator[tuple[RoleModel, list[str]]]:
    """The non-blank texts (stripped), ``batch`` at a time, with the model (loaded once the
    first text is there). Raises OptionError before yielding anything when there is no text."""
    items = (t.strip() for t in texts)
    items = (t for t in items if t)
    first = next(items, None)
    if first is None:
        raise OptionError("nothing to classify: give TEXT arguments or --file PATH ('-' for stdin)")
    role_model = model if isinstance(model, RoleModel) else load_checked_model(model)
    chunk = [first]
    for text in items:
        chunk.append(text)
        if len(chunk) >= batch:
            yield role_model, chunk
            chunk = []
    if chunk:
        yield role_model, chunk


def _predicted(
    model: RoleModel, texts: list[str], item_type: str | None, threshold: float | None
) -> Iterator[tuple[str, Prediction]]:
    docs = _docs(texts, item_type)
    return zip(texts, model.predict(docs, **_below(model, threshold)), strict=True)


def _docs(texts: list[str], item_type: str | None) -> list[ItemDoc]:
    """``[ItemDoc(title=t, type=item_type) for t in texts]``, made by one C-level ``map`` (its
    fields by position: title, description, type): less than half the time a doc (session 24)."""
    if item_type is None:
        return list(map(ItemDoc, texts))
    return list(map(ItemDoc, texts, repeat(""), repeat(item_type)))


def iter_item_lines(path: str | Path, stream: BinaryIO | None = None) -> Iterator[str]:
    """The non-blank lines of a text file (or of ``stream``, e.g. standard input), stripped, read
    as they come: a pipe works, a million lines cost no more memory than ten. A binary file, text
    that is not UTF-8 or a line over 1 MiB stops it with one ModelError line."""
    file = Path(path)
    if stream is None:
        try:
            if file.is_dir():
                raise ModelError(f"{file}: is a directory; give a text file with one item per line")
            handle = open(file, "rb")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            raise ModelError(f"{file}: no such file") from None
        except OSError as error:
            raise ModelError(f"{file}: cannot read it ({error.strerror or error})") from None
    else:
        handle = stream
    try:
        yield from _block_lines(handle, file)
    finally:
        if stream is None:
            handle.close()


#: Bytes asked of the file at a time by :func:`_block_lines`.
_BLOCK = 1 << 18


def _block_lines(handle: BinaryIO, file: Path) -> Iterator[str]:
    """:func:`_each_line` a block of whole lines at a time: one decode, one ``splitlines`` per
    block instead of one per line. A block with anything to say (a NUL byte, text that is not
    UTF-8, more than 1 MiB) is read again line by line, which says it at the right line."""
    read = getattr(handle, "read1", handle.read)  # read1: what a pipe has, without waiting
    number, carry = 0, b""
    while True:
        try:
            block = read(_BLOCK)
        except OSError as error:
            raise ModelError(f"{file}: cannot read it ({error.strerror or error})") from None
        data = carry + block if block else carry
        if not data:
            return
        cut = data.rfind(b"\n") + 1 if block else len(data)
        if not cut:
            if len(data) <= MAX_LINE_BYTES:
                carry = data  # a line not yet whole
                continue
            cut = len(data)  # a line too long: said below
        chunk, carry = data[:cut], data[cut:]
        text = None
        if len(chunk) <= MAX_LINE_BYTES and b"\x00" not in chunk:
            with contextlib.suppress(UnicodeDecodeError):  # said line by line below
                text = chunk.decode("utf-8-sig" if number == 0 else "utf-8")
        if text is None:
            yield from _each_line(io.BytesIO(chunk), file, number)
        else:
            yield from [part for part in map(str.strip, text.splitlines()) if part]
        number += chunk.count(b"\n") + (not chunk.endswith(b"\n"))
        if not block:
            return


def _each_line(handle: BinaryIO, file: Path, number: int = 0) -> Iterator[str]:
    """The non-blank lines of ``handle`` (after ``number`` lines of the file), one at a time."""
    while True:
        try:
            raw = handle.readline(MAX_LINE_BYTES + 1)
        except OSError as error:
            raise ModelError(f"{file}: cannot read it ({error.strerror or error})") from None
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise ModelError(f"{file}: line {number} is longer than 1 MiB; give one item per line")
        if b"\x00" in raw:
            raise ModelError(f"{file}: a binary file; give a text file with one item per line")
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise ModelError(
                f"{file}: line {number} is not UTF-8 text; save the file as UTF-8"
            ) from None
        for part in line.splitlines():  # \r, \u2028 ... split as splitlines() does
            part = part.strip()
            if part:
                yield part


_STR = json.encoder.encode_basestring  # the ensure_ascii=False string encoder (C when built)


def prediction_line(text: str, prediction: Prediction, threshold: float) -> str:
    """``json.dumps(prediction_json(...), ensure_ascii=False)``, written from the fields with the
    C string encoder: the general encoder costs ~20 µs an item, a fifth of a streamed classify."""
    p = prediction
    confidence, scores = round(p.confidence, 4), {k: round(v, 4) for k, v in p.scores.items()}
    if not all(math.isfinite(v) for v in (confidence, *scores.values())):
        return json.dumps(prediction_json(text, p, threshold), ensure_ascii=False)
    s, phrase, source = _STR, p.nearest_phrase, p.nearest_source
    return (
        f'{{"text": {s(text)}, "label": {s(p.final_label(threshold))}, '
        f'"predicted": {s(p.label)}, "confidence": {confidence!r}, "reason": {s(p.reason)}, '
        f'"scores": {{{", ".join(f"{s(k)}: {v!r}" for k, v in scores.items())}}}, '
        f'"top_terms": [{", ".join(map(s, p.top_terms))}], '
        f'"nearest_phrase": {"null" if phrase is None else s(phrase)}, '
        f'"nearest_source": {"null" if source is None else s(source)}}}'
    )


def prediction_lines(texts: Sequence[str], columns: BatchColumns, threshold: float) -> list[str]:
    """:func:`prediction_line` of every text of a batch, from the batch's columns (each value
    made for the whole batch, see :mod:`models._batch_reasons`); the rows the columns cannot say
    exactly are written from their ``Prediction``."""
    # the keys travel with the values (BatchColumns.line_parts): ten pieces a line, not 21
    parts = (repeat('{"text": '), map(_STR, texts), *columns.line_parts(threshold))
    lines = list(map("".join, zip(*parts, strict=False)))  # stops at the texts' end
    for row in columns.fallback_rows():
        lines[row] = prediction_line(texts[row], columns.prediction(row), threshold)
    return lines


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


# --- train ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrainRequest:
    """What ``train`` learns from. ``docs``: role articles; ``taxonomy``: their roles/labels."""

    phrases: Path | None = None
    tickets: Path | None = None
    labels: tuple[str, ...] | None = None
    seed: int = 0
    docs: tuple[Path, ...] = ()
    taxonomy: Path | None = None
    corrections: Path | None = None  # a team's corrections (item key or id -> label)
    board: Path | None = None  # the export the corrections' keys refer to

    @classmethod
    def build(
        cls,
        *,
        phrases: Path | None = None,
        tickets: Path | None = None,
        labels: str | None = None,
        seed: int = 0,
        docs: tuple[Path, ...] = (),
        taxonomy: Path | None = None,
        corrections: Path | None = None,
        board: Path | None = None,
        base: str | None = None,
        dry_run: bool = False,
    ) -> TrainRequest:
        """The request ``train``'s options ask for, checked once: OptionError (one line naming
        the option) when they do not fit together."""
        if base is not None and base.strip().lower() != "bundled":
            raise OptionError(f"--base {base!r}: the only base is 'bundled'")
        if base is not None and phrases is not None:
            raise OptionError("--base bundled and --phrases exclude each other; give one")
        if board is not None and corrections is None:
            raise OptionError("--board names the items of --corrections; give --corrections CSV")
        if dry_run and not docs:
            raise OptionError("--dry-run shows the phrases --docs extracts; give --docs FILE...")
        return cls(
            phrases,
            tickets,
            cls.parse_labels(labels),
            seed,
            tuple(docs),
            taxonomy,
            corrections,
            board,
        )

    @staticmethod
    def parse_labels(text: str | None) -> tuple[str, ...] | None:
        """``--labels a,b`` -> ("a", "b"); blank or None -> None."""
        if not text:
            return None
        return tuple(x.strip().lower() for x in text.split(",") if x.strip()) or None


@dataclass(slots=True)
class DocPhrases:
    """What the role articles gave: the phrases found (and the taxonomy they were read with)."""

    found: list = field(default_factory=list)
    roles: object = None  # models.taxonomy's roles, loaded once

    def summary(self) -> str:
        from models.doc_phrases import summary

        return summary(self.found)

    def lines(self) -> list[str]:
        from models.doc_phrases import dry_run_lines

        return [*dry_run_lines(self.found), self.summary()]


def extract_doc_phrases(request: TrainRequest) -> DocPhrases | None:
    """The phrases ``request.docs`` holds (None without docs)."""
    if not request.docs:
        return None
    from models.doc_phrases import extract_files
    from models.taxonomy import load_taxonomy

    roles = load_taxonomy(request.taxonomy)
    return DocPhrases(extract_files(list(request.docs), roles), roles)


def train_model(request: TrainRequest, docs: DocPhrases | None = None):  # -> LinearRoleModel
    """Train the classifier on the bundled data, the user's phrases/tickets and/or articles."""
    from models.doc_phrases import training_phrases
    from models.taxonomy import load_taxonomy
    from models.train import (
        DEFAULT_LABELS,
        DEFAULT_PRIOR,
        PHRASES_CSV,
        adapt_model,
        read_default_tickets,
        read_phrases,
        read_tickets,
    )
    from models.train import train_model as fit

    if request.docs and docs is None:
        docs = extract_doc_phrases(request)
    if docs is not None:
        roles = docs.roles
    else:
        roles = load_taxonomy(request.taxonomy) if request.taxonomy else None
    wanted = request.labels or (roles.labels if roles else None)  # type: ignore[attr-defined]
    prior = None  # the bundled data's label shares apply to the bundled data only
    phrases, tickets = request.phrases, request.tickets
    if request.docs:
        rows = [*(read_phrases(phrases) if phrases else []), *training_phrases(docs.found)]
        extra = read_tickets(tickets) if tickets else []
    elif phrases is None:
        rows = read_phrases(PHRASES_CSV)
        extra = read_tickets(tickets) if tickets else read_default_tickets()
        wanted = wanted or DEFAULT_LABELS
        prior = DEFAULT_PRIOR if set(wanted) == set(DEFAULT_LABELS) else None
    else:
        rows = read_phrases(phrases)
        extra = read_tickets(tickets) if tickets else []
    fixes = None
    if request.corrections is not None:  # read (and checked) before the slow part
        fixes = correction_tickets(request, wanted or DEFAULT_LABELS)
    model = fit(rows, seed=request.seed, labels=wanted, tickets=extra, prior=prior)
    # The corrections adapt the trained model (small, local weight changes), not the training
    # data: retrained with them, a few corrected cards moved the reading of whole lists.
    return adapt_model(model, fixes) if fixes else model


def correction_tickets(request: TrainRequest, labels: Sequence[str]) -> list:
    """The corrections as training examples, read against ``request.board`` when given."""
    from analyzer.corrections import read_corrections, training_tickets

    corrections = read_corrections(request.corrections)  # type: ignore[arg-type]
    items = None
    if request.board is not None:
        from connectors.exports import read_export

        items = read_export(request.board, activity_details=False).items
    return training_tickets(corrections, items, labels)


# --- evaluate -----------------------------------------------------------------------------------


def evaluate_file(
    path: str | Path,
    model: RoleModel | str | Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    split: str | None = None,
):  # -> models.evaluate.Evaluation
    """Measure a model on a labelled CSV (only rows of ``split`` when given)."""
    from models.evaluate import evaluate, read_labelled

    items = read_labelled(Path(path), split=split)
    role_model = model if isinstance(model, RoleModel) else load_checked_model(model)
    return evaluate(role_model, items, threshold)


def evaluate_corrections(
    path: str | Path,
    board: str | Path,
    model: RoleModel | str | Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
):  # -> models.evaluate.Evaluation
    """Measure a model on a team's corrections file (item,label) against the items of the export
    ``board`` the keys name: the file ``scan --corrections`` and ``train --corrections`` read
    scores the bundled model, or one adapted to it, on that board."""
    from analyzer.corrections import read_corrections
    from analyzer.pipeline import read_board
    from models.evaluate import LabelledItem, evaluate

    corrections = read_corrections(path)
    role_model = model if isinstance(model, RoleModel) else load_checked_model(model)
    corrections = corrections.check_labels(role_model.labels)
    items = read_board(board, activity_details=False).items
    found = corrections.resolve(items)
    labelled = [LabelledItem(items[index], label) for index, label in sorted(found.items())]
    return evaluate(role_model, labelled, threshold)
