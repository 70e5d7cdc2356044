"""One module per group of CLI commands; each registers itself on ``analyzer.app.app``."""

from analyzer.commands import classify, live, scan, trello  # noqa: F401
