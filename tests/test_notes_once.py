"""Markdown and table reports show each note once: a note that a section already says (roles-file
warnings, the window note, board drift, the skipped-records count) is left out of the Notes list,
as in HTML; JSON keeps every note."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_helpers import flat, run_ok

SKIPPING_BOARD = Path(__file__).parent / "fixtures" / "trello_board_with_archived_cards.json"
PREFIXES = ("Roles file: ", "Windows: ", "Board drift: ")


@pytest.fixture(autouse=True)
def env(keyword_model, cli_home):
    (cli_home / "roles.toml").write_text('[people]\n"Nobody Here" = "pm"\n', encoding="utf-8")
    return cli_home


def _core(note: str) -> str:
    for prefix in PREFIXES:
        if note.startswith(prefix):
            note = note[len(prefix) :]
    return note.rstrip(".")


@pytest.mark.parametrize("fmt", ["markdown", "table"])
@pytest.mark.parametrize(
    "extra", [[], ["--roles", "roles.toml", "--window", "sprint"]], ids=["inferred", "roles file"]
)
def test_each_note_once(fmt, extra):
    args = ["scan", SKIPPING_BOARD, *extra]
    notes = json.loads(run_ok(*args, "--format", "json"))["notes"]
    kinds = {n.split(":")[0] for n in notes}
    assert "Board drift" in kinds and any("were skipped" in n for n in notes)
    if extra:
        assert {"Roles file", "Windows"} <= kinds
    out = flat(run_ok(*args, "--format", fmt))
    assert "were skipped" not in out  # the Skipped section gives the count in its own words
    for note in notes:
        if "were skipped" in note:
            continue  # the Skipped section words it its own way (checked above)
        if fmt == "table" and note.startswith("No roles file"):
            continue  # the table's header only says "inferred": the note gives the advice
        core = flat(_core(note))
        if note.startswith("No roles file"):
            core = "a hint, not a verdict"
        assert out.count(core) == 1, (note, out)
