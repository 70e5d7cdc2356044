"""Checks shared by the tests that drive the CLI in this process."""

from __future__ import annotations


def one_error_line(result) -> str:
    """The one ``backlog-analyzer: error: …`` line a failed command printed, with no traceback."""
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("backlog-analyzer: error: "), lines[0]
    return lines[0]
