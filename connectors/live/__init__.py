"""Live sources: Jira (:mod:`.jira`) and Trello (:mod:`.trello`) fetched into the local store.

Each module talks to its service through the real client library (``jira``, ``py-trello``) and
saves pages into :class:`connectors.store.Store`. May import ``connectors.interface``,
``connectors.mapping``, ``connectors.credentials``, ``connectors.store``, the private
``connectors._http`` plumbing and ``_runtime``; never the export readers, ``models`` or
``analyzer``.
"""
