"""The report-format interface: one abstract ``ReportFormat`` and its error.

Each format module beside this one subclasses :class:`ReportFormat`; ``analyzer/formats/__init__``
registers them. This module imports no format module, so there is no import loop.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from typing import IO, TYPE_CHECKING, ClassVar

from analyzer.errors import UnknownFormatError as UnknownFormatError  # its home before s25
from analyzer.report import Report

if TYPE_CHECKING:
    from analyzer.portfolio import Portfolio


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

    def write_portfolio(self, portfolio: Portfolio, stream: IO[str]) -> None:
        """Several boards (:class:`~analyzer.portfolio.Portfolio`): a row per board, then each
        board's section. The layouts live in :mod:`analyzer.formats.portfolio`; a format may
        override this."""
        from analyzer.formats.portfolio import write_portfolio

        write_portfolio(self, portfolio, stream)


class Utf8Text(io.TextIOWrapper):
    """A text stream over ``buffer`` that writes UTF-8 and translates no newline (a report
    file: :func:`analyzer.output.write_output`), so a format may write UTF-8 bytes straight
    to its ``buffer`` (after a ``flush``) instead of a text to encode: the JSON report does."""

    def __init__(self, buffer: IO[bytes], errors: str = "strict") -> None:
        super().__init__(buffer, encoding="utf-8", errors=errors, newline="\n")  # type: ignore[arg-type]
