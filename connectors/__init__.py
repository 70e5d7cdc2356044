"""Where items come from, in families (the shape of pip-audit's ``_dependency_source``):

- :mod:`connectors.interface` — the domain types (``Item``, ``Activity``, ``Person``, ``Board``),
  the ``Connector`` interface and the source errors;
- :mod:`connectors.exports` — export files (Trello JSON, Jira JSON, Jira CSV) behind one
  ``ExportFormat`` interface that owns format detection;
- :mod:`connectors.live` — live Jira and Trello into the store, behind one ``LiveSource``
  interface (check a target, fetch what changed, load), registered by name;
- :mod:`connectors.mapping` — service shapes → domain objects, shared by exports and live;
- :mod:`connectors.store` — the local SQLite store; :mod:`connectors.merge` — several boards
  as one; :mod:`connectors.credentials` — live credentials and ``redact``;
- ``connectors._http`` — private plumbing of the live sources: the one pacer, the one retry
  policy, prefetching.

Every long step reports through one protocol, :class:`connectors.interface.Progress`:
``on_progress(stage, done, total, text)``.

May import ``_backlog_analyzer_runtime`` and third-party libraries; never ``models`` or
``analyzer``.
"""
