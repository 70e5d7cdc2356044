"""One module per group of CLI commands; each registers itself on ``analyzer.app.app``.

Each command parses, makes one library call, renders and exits; shared typer options are in
:mod:`._options`, progress bars and report output in :mod:`._render`. May import all of
``analyzer``; nothing but :mod:`analyzer.cli` imports this package.
"""

from analyzer.commands import classify, live, scan, trello  # noqa: F401
