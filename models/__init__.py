"""The role classifier: training phrases, training, the shipped artifact, prediction.

:mod:`.interface` holds what goes in and out (``ItemDoc``, ``Prediction``, ``RoleModel``,
``ModelError``); :mod:`.classifier` the linear model and ``load_model``; :mod:`.train` and
:mod:`.evaluate` training and metrics; ``data/`` and ``artifacts/`` the package data. May import
``connectors.interface`` (the domain types) and ``_backlog_analyzer_runtime``; never
``analyzer``. Model-selection research lives outside, in ``research/``.
"""
