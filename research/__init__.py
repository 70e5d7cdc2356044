"""Model-selection research, not shipped: the candidate table (:mod:`.compare`) and the
embedding comparison (:mod:`.compare_embeddings`). Run from the repository root, e.g.
``python -m research.compare``.

May import ``models`` and ``benchmarks``; nothing shipped imports this package.
"""
