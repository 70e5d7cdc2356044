"""Where items come from: export readers, live Jira and Trello, and the local store."""
