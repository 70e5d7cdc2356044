"""The role classifier: training phrases, training, the shipped artifact, prediction.

:mod:`.interface` holds what goes in and out (``ItemDoc``, ``Prediction``, ``RoleModel``,
``ModelError``); :mod:`.classifier` the linear model and ``load_model``, with its evidence rules
in :mod:`.rules`, its fast path in the private :mod:`._fastpath` and its file format (JSON, never
pickle) in :mod:`.artifact`; :mod:`.train` and
:mod:`.evaluate` training and metrics; ``data/`` and ``artifacts/`` the package data. May import
``connectors.interface`` (the domain types), ``connectors.mapping.issue_types`` (the one table
of issue-type names) and ``_backlog_analyzer_runtime``; never ``analyzer``. Model-selection
research lives outside, in ``research/``.
"""
