"""Errors of the analysis layer (the sources' and the model's are in ``connectors.interface`` and
``models.interface``). Every ``str()`` is one line, safe to print; which exit code each means is
the CLI's business (``analyzer.app.EXIT_CODES``).
"""

from __future__ import annotations

from connectors.interface import SourceError


class OptionError(ValueError):
    """An option value that cannot be used (a threshold out of range, an unknown window ...)."""


class UnknownFormatError(ValueError):
    """A report format name no module provides. ``str()`` is one line listing the known ones.
    (Here, not in ``analyzer.formats``, so the CLI maps it to its exit code without importing
    every format.)"""


class ReportWriteError(SourceError):
    """The report could not be written: the disk is full or an I/O error (not a bad path)."""
