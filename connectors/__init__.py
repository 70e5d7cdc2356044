"""Where items come from, in families (the shape of pip-audit's ``_dependency_source``):

- :mod:`connectors.interface` — the domain types (``Item``, ``Activity``, ``Person``, ``Board``),
  the ``Connector`` interface and the source errors;
- :mod:`connectors.exports` — export files (Trello JSON, Jira JSON, Jira CSV) behind one
  ``ExportFormat`` interface that owns format detection;
- :mod:`connectors.live` — live Jira and Trello into the store;
- :mod:`connectors.mapping` — service shapes → domain objects, shared by exports and live;
- :mod:`connectors.store` — the local SQLite store; :mod:`connectors.credentials` — live
  credentials and ``redact``;
- ``connectors._http`` — private retry and prefetch plumbing of the live sources.

May import ``_runtime`` and third-party libraries; never ``models`` or ``analyzer``.
"""
