"""What a complete Jira fetch keeps of the site for the next incremental one: :class:`SiteMemo`.

An incremental run of a project asks five requests, three of them the same every time: the server
info (Cloud or Server: which API, which way in), the account (the credentials checked, the time
zone JQL dates are read in) and the field list (which custom fields to ask for). The server info
and the field list are kept with the source (``Store.finish_sync``'s ``after``, the sync state's
cursor until the next sync begins) and used for ``MAX_AGE``; the account is still asked every run,
as it checks the credentials and a changed time zone would shift the ``updated >=`` window.

Nothing secret is kept: the deployment, whether the way in was an email and token (not which),
and of each field its id, name, custom type and JQL names. A ``--full`` run, a memo older than
``MAX_AGE``, one kept for the other way in (a token given instead of a PAT), or one that does not
read asks the site again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["MAX_AGE", "SiteMemo"]

#: How long the kept server info and field list are used (a field made since is asked for from
#: the next refresh on).
MAX_AGE = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class SiteMemo:
    """A site's deployment ("Cloud" or "Server"), its way in (``basic``: email and API token,
    else a PAT), its field list (trimmed to what the fetch reads) and when they were asked."""

    deployment: str
    basic: bool
    fields: list[dict[str, Any]]
    asked_at: datetime

    @classmethod
    def of(cls, deployment: str, basic: bool, fields: Any, asked_at: datetime) -> SiteMemo:
        """The memo of what connecting learned (the field list trimmed)."""
        return cls(deployment, basic, _trimmed(fields), asked_at)

    def kept(self) -> dict[str, Any]:
        """As JSON for the store."""
        return {
            "site": {
                "deployment": self.deployment,
                "basic": self.basic,
                "fields": self.fields,
                "asked_at": self.asked_at.isoformat(),
            }
        }

    @classmethod
    def read(cls, kept: Any, *, basic: bool, now: datetime | None = None) -> SiteMemo | None:
        """The memo a complete fetch kept, when it can be used now with this way in; else None."""
        site = kept.get("site") if isinstance(kept, dict) else None
        if not isinstance(site, dict):
            return None
        deployment, fields = site.get("deployment"), site.get("fields")
        if deployment not in ("Cloud", "Server") or site.get("basic") is not basic:
            return None
        if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
            return None
        try:
            asked_at = datetime.fromisoformat(str(site.get("asked_at")))
        except ValueError:
            return None
        if asked_at.tzinfo is None:
            return None
        age = (now or datetime.now(UTC)) - asked_at
        if not timedelta(0) <= age < MAX_AGE:
            return None
        return cls(deployment, basic, fields, asked_at)


def _trimmed(fields: Any) -> list[dict[str, Any]]:
    """Of each field what ``JiraSite`` reads: id, name, custom type, JQL clause names."""
    out = []
    for f in fields if isinstance(fields, list) else []:
        if not isinstance(f, dict) or "id" not in f:
            continue
        kept: dict[str, Any] = {"id": f["id"]}
        if f.get("name") is not None:
            kept["name"] = f["name"]
        schema = f.get("schema")
        if isinstance(schema, dict) and schema.get("custom"):
            kept["schema"] = {"custom": schema["custom"]}
        if f.get("clauseNames"):
            kept["clauseNames"] = list(f["clauseNames"])
        out.append(kept)
    return out
