"""Changelog and comment paging of Jira issues: what a search hit truncated, asked for in full.

A search answers each issue with at most 100 changelog entries (Cloud) or a capped comment list;
:meth:`IssueHistory.complete` pages through the rest (Cloud: ``issue/{id}/changelog``; Server:
the issue with ``expand=changelog``; both: ``comments``) through the connector's one request
path (its retry policy and pacing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CHANGELOG_PAGE = 100
COMMENT_PAGE = 100


class IssueHistory:
    """Fills in one issue's truncated changelog and comments.

    ``call(fn, what)`` runs one request the way the connector does (retries, pacing, errors);
    ``say(what)`` tells the progress what is being asked.
    """

    def __init__(
        self,
        client: Any,  # jira.JIRA
        *,
        cloud: bool,
        call: Callable[[Callable[[], Any], str], Any],
        say: Callable[[str], None],
    ) -> None:
        self.client, self.cloud, self._call, self._say = client, cloud, call, say

    def complete(self, raw: dict[str, Any]) -> None:
        """Fill in the changelog and comments the search truncated."""
        issue_id = str(raw.get("id") or raw.get("key"))
        label = str(raw.get("key") or issue_id)
        changelog = raw.get("changelog")
        if isinstance(changelog, dict):
            histories = changelog.get("histories") or []
            total = int(changelog.get("total") or len(histories))
            if total > len(histories):
                self._say(f"{label}: changelog ({total} entries)")
                changelog["histories"] = self.histories(issue_id, label)
                changelog["total"] = len(changelog["histories"])
        fields = raw.get("fields")
        comment = fields.get("comment") if isinstance(fields, dict) else None
        if isinstance(comment, dict):
            comments = comment.get("comments") or []
            total = int(comment.get("total") or len(comments))
            if total > len(comments):
                self._say(f"{label}: comments ({total})")
                comment["comments"] = self.comments(issue_id, label)
                comment["total"] = len(comment["comments"])

    def histories(self, issue_id: str, label: str) -> list[dict[str, Any]]:
        client = self.client
        if not self.cloud:
            issue = self._call(
                lambda: client._get_json(
                    f"issue/{issue_id}", params={"expand": "changelog", "fields": "created"}
                ),
                f"the history of {label}",
            )
            return list((issue.get("changelog") or {}).get("histories") or [])
        histories: list[dict[str, Any]] = []
        while True:
            start = len(histories)
            page = self._call(
                lambda s=start: client._get_json(
                    f"issue/{issue_id}/changelog",
                    params={"startAt": s, "maxResults": CHANGELOG_PAGE},
                ),
                f"the history of {label}",
            )
            values = page.get("values") or []
            histories.extend(values)
            if not values or page.get("isLast") or len(histories) >= int(page.get("total") or 0):
                return histories

    def comments(self, issue_id: str, label: str) -> list[dict[str, Any]]:
        comments: list[dict[str, Any]] = []
        while True:
            start = len(comments)
            page = self._call(
                lambda s=start: self.client.comments(
                    issue_id, start_at=s, max_results=COMMENT_PAGE
                ),
                f"the comments of {label}",
            )
            comments.extend(c.raw for c in page)
            if len(page) < COMMENT_PAGE:
                return comments
