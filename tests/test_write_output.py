"""--output is written whole or not at all, also when a format streams its text in pieces."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import pytest

from analyzer.output import write_output
from connectors.interface import SourceError


def test_text_and_a_streaming_writer_give_the_same_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    write_output(a, "one\ntwo\n")

    def pieces(handle: IO[str]) -> None:
        for piece in ("one\n", "two\n"):
            handle.write(piece)

    write_output(b, pieces)
    assert a.read_bytes() == b.read_bytes() == b"one\ntwo\n"


def test_a_writer_failing_halfway_keeps_the_old_report_and_leaves_no_temp_file(
    tmp_path: Path,
) -> None:
    out = tmp_path / "report.json"
    out.write_text("old report\n")

    def broken(handle: IO[str]) -> None:
        handle.write("half of the new ")
        raise OSError(28, "No space left on device")

    with pytest.raises(SourceError, match="cannot write the report"):
        write_output(out, broken)
    assert out.read_text() == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_scan_output_file_is_the_formats_text(tmp_path: Path) -> None:
    # The CLI writes through the format's streaming ``write``; it must equal ``render``.
    from datetime import UTC, datetime

    from analyzer.formats import get_format
    from analyzer.pipeline import scan_file

    report = scan_file(
        Path(__file__).parent.parent / "examples" / "jira_sample_export.json",
        generated_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    for name in ("json", "markdown", "table", "html"):
        fmt = get_format(name, width=100)
        out = tmp_path / f"r.{name}"
        write_output(out, lambda handle, fmt=fmt: fmt.write(report, handle))
        assert out.read_text(encoding="utf-8") == fmt.render(report), name
