"""Session 25: the command line starts without importing the analysis, the stores or the report
formats (every command registers at start-up; ``classify "a title"`` spent ≈ 0.2 s of its 0.7
importing them), and the formats registry knows each format's suffixes without importing it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.formats import _BUILTIN, FORMATS, SUFFIXES

ROOT = Path(__file__).resolve().parent.parent

#: Modules the start-up used to import and ``classify`` never uses.
NOT_AT_START = (
    "analyzer.formats.html",
    "analyzer.formats.table",
    "analyzer.formats.json",
    "analyzer.flags",
    "analyzer.balance",
    "analyzer.roles",
    "analyzer.pipeline",
    "analyzer.local_store",
    "analyzer.live",
    "analyzer.options",
    "analyzer.report",
    "rich.progress",
    "importlib.metadata",
)


def _imported_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return set(done.stdout.split())


def test_the_cli_starts_without_the_analysis_or_the_formats():
    loaded = _imported_after("import analyzer.cli")
    assert "analyzer.commands.scan" in loaded and "analyzer.commands.classify" in loaded
    assert not loaded & set(NOT_AT_START), sorted(loaded & set(NOT_AT_START))


def test_a_format_is_imported_when_asked_for():
    loaded = _imported_after("from analyzer.formats import get_format; get_format('md')")
    assert "analyzer.formats.markdown" in loaded and "analyzer.formats.html" not in loaded


@pytest.mark.parametrize("name", list(_BUILTIN))
def test_the_registry_matches_each_format_class(name):
    cls = FORMATS[name]
    assert cls.name == name and cls.suffixes == SUFFIXES[name]
    assert cls.__name__ == _BUILTIN[name].cls


def test_the_old_names_still_import():
    from analyzer.formats import HtmlFormat, ReportFormat, TableFormat, UnknownFormatError
    from analyzer.formats.interface import UnknownFormatError as FromInterface

    assert issubclass(HtmlFormat, ReportFormat) and issubclass(TableFormat, ReportFormat)
    assert UnknownFormatError is FromInterface and issubclass(UnknownFormatError, ValueError)
