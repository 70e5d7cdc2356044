"""Process-wide helpers every package (connectors, models, analyzer) may use: the cyclic-GC
switch for bulk work (:mod:`.gc_pause`).

Imports nothing of the project.
"""
