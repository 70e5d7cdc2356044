"""Private HTTP plumbing shared by the live sources: the one request pacer (:mod:`.pacing`), the
one retry policy (:mod:`.retry`), page prefetching (:mod:`.prefetch`) and several fetches at once
with the store and progress on the caller's thread (:mod:`.several`).

May import ``connectors.interface`` and ``connectors.credentials`` (to redact); nothing else of
the project.
"""
