"""Role-balance analysis, report rendering and the command line.

Library (no printing, typed errors): :mod:`.pipeline` (scan a file or a board), :mod:`.options`
(``ScanOptions``, validated once), :mod:`.live` (fetch live sources, scan them),
:mod:`.local_store` (import, report from the store), :mod:`.modeling` (classify, train,
evaluate), :mod:`.output` (format choice, atomic report files); the analysis itself
(:mod:`.balance`, :mod:`.timeline`, :mod:`.drift`, :mod:`.flags`, :mod:`.ownership`,
:mod:`.verdict`) into one :class:`~analyzer.report.Report`, rendered by :mod:`.formats`.
CLI: :mod:`.app` (the typer app and the error → exit code table) and :mod:`.commands`.

May import ``connectors``, ``models`` and ``_backlog_analyzer_runtime``; nothing imports it but
the CLI entry point, ``benchmarks`` and ``research``. Only :mod:`.app` and :mod:`.commands` may
print or exit.
"""
