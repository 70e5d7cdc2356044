"""Process-wide helpers every package (connectors, models, analyzer) may use: the cyclic-GC
switch for bulk work (:mod:`.gc_pause`), the memo dicts that judge a field's few values once
(:mod:`.memo`), the command line's one BLAS thread (:mod:`.blas_threads`), how
every text shows a share as a percentage (:mod:`.percent`).

Private to backlog-analyzer; the name carries the distribution's so that, installed at the top of
site-packages, it cannot clash with another distribution's package. Imports nothing of the project.
"""
