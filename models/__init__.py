"""The role classifier: training phrases, training, the shipped artifact, prediction.

:mod:`.interface` holds what goes in and out (``ItemDoc``, ``Prediction``, ``RoleModel``,
``ModelError``); :mod:`.classifier` the linear model and ``load_model`` (its config and one
item's features in :mod:`.model_config`, its function words and language votes in
:mod:`.languages_read`, its calibration in :mod:`.calibration`, its phrases' sources in
:mod:`.source_phrases`, a reason's text in :mod:`.reasons`; the model's batch reading, rules,
second reading and terms and phrases in the private :mod:`._reading`, :mod:`._rules_applied`,
:mod:`._second_reading` and :mod:`._terms_phrases`), with its evidence rules in :mod:`.rules`,
its fast path in the private :mod:`._fastpath` and :mod:`._batch` and its file format (JSON,
never pickle) in :mod:`.artifact`; :mod:`.train` and
:mod:`.evaluate` training and metrics; ``data/`` and ``artifacts/`` the package data. May import
``connectors.interface`` (the domain types), ``connectors.mapping.issue_types`` (the one table
of issue-type names) and ``_backlog_analyzer_runtime``; never ``analyzer``. Model-selection
research lives outside, in ``research/``.
"""
