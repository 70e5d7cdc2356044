"""Report formats: one small interface, one module per format (the idea of pip-audit's ``_format``).

A format turns a finished :class:`~analyzer.report.Report` into text; it never recomputes numbers.
To add one, write a module with a ``ReportFormat`` subclass and list it in ``_BUILTIN`` below; the
``scan`` command's ``--format`` choices and output-suffix detection come from :data:`FORMATS`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import IO, ClassVar

from analyzer.report import Report


class ReportFormat(ABC):
    """Renders a report. ``width``/``color`` matter to terminal formats; the others ignore them."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]] = ()  # file suffixes that select this format for --output
    description: ClassVar[str] = ""

    def __init__(self, *, width: int = 100, color: bool = False) -> None:
        self.width = width
        self.color = color

    @abstractmethod
    def render(self, report: Report) -> str:
        """The whole report as text, ending with a newline."""

    def write(self, report: Report, stream: IO[str]) -> None:
        """Write :meth:`render`'s text to ``stream``; a format that can stream (JSON) writes it
        piece by piece instead, never holding the whole text (a 1M-item JSON report is ~1 GB)."""
        stream.write(self.render(report))


class UnknownFormatError(ValueError):
    """A format name no module provides. ``str()`` is one line listing the known ones."""


from analyzer.formats.html import HtmlFormat  # noqa: E402  (modules import ReportFormat above)
from analyzer.formats.json import JsonFormat  # noqa: E402
from analyzer.formats.markdown import MarkdownFormat  # noqa: E402
from analyzer.formats.table import TableFormat  # noqa: E402

_BUILTIN: tuple[type[ReportFormat], ...] = (TableFormat, JsonFormat, MarkdownFormat, HtmlFormat)

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
