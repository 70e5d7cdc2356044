"""Service shapes → domain objects: Jira REST issues (:mod:`.jira`), Trello board JSON
(:mod:`.trello`), Jira CSV column names per export language (:mod:`.jira_columns`) and the small
helpers both share (:mod:`.common`: markup to text, mentions, people).

Pure, no file or network I/O: the export readers and the live sources feed them the same dicts.
May import only ``connectors.interface``.
"""
