"""Errors of the analysis layer (the sources' and the model's are in ``connectors.interface`` and
``models.interface``). Every ``str()`` is one line, safe to print; which exit code each means is
the CLI's business (``analyzer.app.EXIT_CODES``).
"""

from __future__ import annotations


class OptionError(ValueError):
    """An option value that cannot be used (a threshold out of range, an unknown window ...)."""
