"""Report formats: one small interface, one module per format (the idea of pip-audit's ``_format``).

A format turns a finished :class:`~analyzer.report.Report` into text; it never recomputes numbers.
The interface is :mod:`analyzer.formats.interface`. To add a format, write a module with a
``ReportFormat`` subclass and list it in ``_BUILTIN`` below; the ``scan`` command's
``--format`` choices and output-suffix detection come from :data:`FORMATS`.

May import :mod:`analyzer.report` and ``analyzer.portfolio`` (what it renders), the types of
``analyzer.flags`` and ``models.interface`` (the labels); never the pipeline, the CLI or connectors.
"""

from __future__ import annotations

from pathlib import Path

from analyzer.formats.html import HtmlFormat
from analyzer.formats.interface import ReportFormat, UnknownFormatError
from analyzer.formats.items_csv import ItemsCsvFormat
from analyzer.formats.items_jsonl import ItemsJsonLinesFormat
from analyzer.formats.json import JsonFormat
from analyzer.formats.markdown import MarkdownFormat
from analyzer.formats.table import TableFormat

_BUILTIN: tuple[type[ReportFormat], ...] = (
    TableFormat,
    JsonFormat,
    MarkdownFormat,
    HtmlFormat,
    ItemsCsvFormat,
    ItemsJsonLinesFormat,
)

#: name -> format class, in the order ``--help`` lists them.
FORMATS: dict[str, type[ReportFormat]] = {cls.name: cls for cls in _BUILTIN}


#: Short names people type for a format (the suffix they know it by).
ALIASES: dict[str, str] = {"md": "markdown", "htm": "html", "text": "table", "txt": "table"}


def get_format(name: str, *, width: int = 100, color: bool = False) -> ReportFormat:
    key = name.strip().lower()
    cls = FORMATS.get(ALIASES.get(key, key))
    if cls is None:
        known = ", ".join(FORMATS)
        raise UnknownFormatError(f"unknown report format {name!r}; choose one of: {known}")
    return cls(width=width, color=color)


def format_for_path(path: str | Path) -> str | None:
    """The format a file name asks for by its suffix (``report.md`` -> markdown), if any."""
    suffix = Path(path).suffix.lower()
    for name, cls in FORMATS.items():
        if suffix and suffix in cls.suffixes:
            return name
    return None


__all__ = [
    "FORMATS",
    "HtmlFormat",
    "JsonFormat",
    "MarkdownFormat",
    "ReportFormat",
    "TableFormat",
    "UnknownFormatError",
    "format_for_path",
    "get_format",
]
