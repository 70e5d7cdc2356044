"""One module per group of CLI commands; each registers itself on ``analyzer.app.app``.

Each command parses, makes one library call, renders and exits; shared typer options are in
:mod:`._options`, progress bars and report output in :mod:`._render`. A command imports the
library it calls inside its function: every module here is imported at start-up to register its
commands, and ``classify`` or ``--help`` should not load the analysis, the stores or the report
formats (session 25: ≈ 0.2 s of ``classify``'s 0.7). May import all of
``analyzer``; nothing but :mod:`analyzer.cli` imports this package.
"""

from analyzer.commands import classify, live, review, scan, trello  # noqa: F401
