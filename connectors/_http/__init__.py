"""Private HTTP plumbing shared by the live sources: the one request pacer (:mod:`.pacing`), the
one retry policy (:mod:`.retry`) and page prefetching (:mod:`.prefetch`).

May import ``connectors.interface`` and ``connectors.credentials`` (to redact); nothing else of
the project.
"""
