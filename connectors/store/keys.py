"""What identifies a stored thing: an activity's key, a comment read twice, a safe origin."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from connectors.interface import Activity
from connectors.store.codec import _iso


def safe_origin(origin: str | None) -> str | None:
    """``origin`` fit to store: URLs lose user info, query and fragment; known secrets masked."""
    if origin is None:
        return None
    from urllib.parse import urlsplit, urlunsplit

    from connectors.credentials import redact

    parts = urlsplit(origin)
    if parts.scheme in ("http", "https") and parts.hostname:
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        origin = urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    return redact(origin)


def activity_key(activity: Activity) -> str:
    """The activity's source id, else a stable hash of its content (so a re-read is not a copy)."""
    if activity.id:
        return str(activity.id)
    parts = [
        activity.item_id,
        activity.actor_id or "",
        str(activity.kind),
        _iso(activity.timestamp) or "",
        activity.field or "",
        activity.old or "",
        activity.new or "",
        activity.text or "",
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]
    return f"h:{digest}"


#: One comment read from two exports: same item, author and text within a day (a CSV has the
#: time to the minute, and in the exporting user's time zone).
_SAME_COMMENT_SECONDS = 86_400


def _comment_key(activity: Activity) -> tuple[str, str, str]:
    text = "".join(ch for ch in (activity.text or "").lower() if ch.isalnum())[:80]
    return activity.item_id, activity.actor_id or "", text


def _epoch(activity: Activity) -> float:
    when = activity.timestamp
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


def utc_us(moment: datetime) -> int:
    """Microseconds since 1970 in UTC (a naive time taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH_UTC) // timedelta(microseconds=1)
