"""The defaults the command line's ``--help`` shows, in a module that imports nothing: the
commands declare their options at start-up without loading the analysis they describe (session
25: ``classify`` loaded the balance and the roles for them). :mod:`analyzer.balance` and
:mod:`analyzer.roles`, where they belong, take them from here."""

#: How many surest strategic and tactical items a report lists (``--top``).
DEFAULT_TOP = 10
#: The report's "surest" items of a label are the most confident ones *above* this confidence:
#: an item at 0.7 or below is a guess wrong three times in ten (and the strategic/tactical
#: model holds a card strategic by its description alone at exactly 0.7, ``DESCRIPTION_ONLY_CAP``,
#: so that it is never among the surest).
SUREST_ABOVE = 0.7
#: The roles file a scan reads from the working directory when ``--roles`` is not given.
DEFAULT_ROLES_FILE = "backlog-analyzer.toml"
#: How many items a review worksheet asks about unless told (`review -n`): a person's half hour.
DEFAULT_REVIEW_COUNT = 30
