"""Credentials for live sources, from the environment or an owner-only config file, and ``redact``.

Sources, first one wins for each value:

1. the environment: ``JIRA_SERVER``, ``JIRA_EMAIL``, ``JIRA_API_TOKEN`` (Jira Cloud), ``JIRA_PAT``
   (Jira Server/Data Center personal access token), ``TRELLO_API_KEY``, ``TRELLO_TOKEN``;
2. a TOML file, ``$BACKLOG_ANALYZER_CONFIG`` or ``credentials.toml`` in the user config directory
   (``platformdirs.user_config_dir("backlog-analyzer")``)::

       [jira]
       server = "https://acme.atlassian.net"
       email = "me@acme.example"
       api_token = "..."
       # pat = "..."            # Server / Data Center

       [trello]
       api_key = "..."
       token = "..."

   The file is used only when no one but its owner can read it (``chmod 600``); otherwise it is
   ignored with a warning, as is a path that is a directory or cannot be read.

Every secret loaded here is remembered, and :func:`redact` replaces it (and its Basic-auth and
URL-encoded forms) with ``***`` in any text: error messages and logs go through it.
"""

from __future__ import annotations

import base64
import logging
import os
import stat
import tomllib
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

from connectors.small_files import SmallFileError, read_small_text

__all__ = [
    "CONFIG_ENV",
    "CredentialsWarning",
    "JiraCredentials",
    "TrelloCredentials",
    "config_path",
    "jira_credentials",
    "load_config",
    "protect_loggers",
    "redact",
    "register_secret",
    "trello_credentials",
]

APP_NAME = "backlog-analyzer"
CONFIG_ENV = "BACKLOG_ANALYZER_CONFIG"
MASK = "***"

#: Environment variables whose values are secrets (redacted even if never loaded through here).
SECRET_ENV = ("JIRA_API_TOKEN", "JIRA_PAT", "TRELLO_API_KEY", "TRELLO_TOKEN")
#: Shorter strings are not treated as secrets: redacting them would mangle ordinary text.
MIN_SECRET_LENGTH = 4

_secrets: set[str] = set()


class CredentialsWarning(UserWarning):
    """A credentials file that was ignored (and why; the environment is used instead), or a token
    about to go to a server over plain http. Issued through :mod:`warnings` unless the caller
    passes ``warn``; the CLI shows it as one line."""


def _issue_warning(message: str) -> None:
    warnings.warn(message, CredentialsWarning, stacklevel=3)


Warn = Callable[[str], None]


# -- redaction ------------------------------------------------------------------------------------


def register_secret(value: str | None, *, user: str | None = None) -> None:
    """Remember ``value`` as a secret (with ``user``, also its HTTP Basic ``user:value`` form)."""
    if not value or len(value) < MIN_SECRET_LENGTH:
        return
    _secrets.add(value)
    if user:
        _secrets.add(base64.b64encode(f"{user}:{value}".encode()).decode())


def _forms(secret: str) -> set[str]:
    return {secret, quote(secret, safe=""), quote_plus(secret)}


def redact(text: object) -> str:
    """``str(text)`` with every known secret replaced by ``***``."""
    out = str(text)
    secrets = set(_secrets)
    for name in SECRET_ENV:
        value = os.environ.get(name)
        if value and len(value) >= MIN_SECRET_LENGTH:
            secrets.add(value)
    # Longest first, so a secret containing another is masked whole.
    for secret in sorted({f for s in secrets for f in _forms(s)}, key=len, reverse=True):
        if secret in out:
            out = out.replace(secret, MASK)
    return out


class RedactingFilter(logging.Filter):
    """A logging filter that masks every known secret in the rendered message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


_FILTER = RedactingFilter()


def protect_loggers(*names: str) -> None:
    """Attach the redacting filter to these loggers (records logged through them directly)."""
    for name in names:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


# -- the config file ----------------------------------------------------------------------------


def config_path() -> Path:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME)) / "credentials.toml"


def _owner_only(path: Path) -> tuple[bool, str]:
    """Whether only the owner (the current user) can read ``path``, and why not."""
    if os.name != "posix":
        return True, ""
    st = path.stat()
    if st.st_uid != os.getuid():
        return False, "it belongs to another user"
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        return False, f"others can access it (mode {stat.S_IMODE(st.st_mode):o}); chmod 600 it"
    return True, ""


def load_config(path: Path | None = None, *, warn: Warn = _issue_warning) -> dict[str, Any]:
    """The config file's tables, or ``{}`` when it is missing, unsafe (warned) or unreadable."""
    path = path or config_path()
    try:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            return {}  # no file is the usual case: the environment is used alone
        if stat.S_ISDIR(mode):
            warn(
                f"ignoring the credentials file {path}: it is a directory; point {CONFIG_ENV} "
                "at a TOML file"
            )
            return {}
        if not stat.S_ISREG(mode):
            warn(f"ignoring the credentials file {path}: it is not a regular file")
            return {}
        safe, why = _owner_only(path)
        if not safe:
            warn(f"ignoring the credentials file {path}: {why}")
            return {}
        data = tomllib.loads(read_small_text(path))
    except SmallFileError as exc:  # too big, not UTF-8/UTF-16 text, swapped for a device
        warn(f"ignoring the credentials file {path}: it {exc.reason}")
        return {}
    except OSError as exc:
        warn(f"ignoring the credentials file {path}: cannot read it ({exc.strerror})")
        return {}
    except tomllib.TOMLDecodeError as exc:
        # The message quotes no content, only a position.
        warn(f"ignoring the credentials file {path}: not valid TOML ({exc})")
        return {}
    for table in ("jira", "trello"):
        section = data.get(table)
        if isinstance(section, dict):
            for key in ("api_token", "pat", "api_key", "token"):
                value = section.get(key)
                if isinstance(value, str):
                    register_secret(value)
    return data


def _pick(env: Mapping[str, str], name: str, section: Mapping[str, Any], key: str) -> str | None:
    value = env.get(name)
    if value:
        return value.strip()
    value = section.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _from_file(
    env: Mapping[str, str], section: Mapping[str, Any], names: Sequence[tuple[str, str]]
) -> frozenset[str]:
    """The variables of ``names`` whose value :func:`_pick` takes from the file."""
    return frozenset(
        name for name, key in names if not env.get(name) and _pick({}, name, section, key)
    )


def given_as(
    section: str, names: Sequence[tuple[str, str]], from_file: frozenset[str] = frozenset()
) -> str:
    """Where the values of ``names`` (each ``(variable, key)``) were given, for a "check …":
    their variables, or their keys in the file for those it gave (``from_file``): "JIRA_EMAIL and
    api_token under [jira] in PATH" (session 31: a token from the file was refused with "check
    JIRA_EMAIL and JIRA_API_TOKEN", variables the user had never set)."""
    variables = [name for name, _ in names if name not in from_file]
    keys = [key for name, key in names if name in from_file]
    parts = [" and ".join(variables)] if variables else []
    if keys:
        parts.append(f"{' and '.join(keys)} under [{section}] in {config_path()}")
    return " and ".join(parts)


def how_to_give(section: str, names: Sequence[tuple[str, str]]) -> str:
    """The two ways to give what is missing, each ``(variable, key)``: "set JIRA_EMAIL or put
    email under [jira] in PATH (chmod 600)"; two: "set A and B, or put a and b under …"."""
    variables = " and ".join(name for name, _ in names)
    keys = " and ".join(key for _, key in names)
    comma = "," if len(names) > 1 else ""
    return f"set {variables}{comma} or put {keys} under [{section}] in {config_path()} (chmod 600)"


# -- Jira ---------------------------------------------------------------------------------------

#: Jira Cloud's pair: the account's email and an API token (variable, key in the file).
JIRA_EMAIL = ("JIRA_EMAIL", "email")
JIRA_API_TOKEN = ("JIRA_API_TOKEN", "api_token")
JIRA_PAT = ("JIRA_PAT", "pat")
#: Trello's pair: the API key and a token (variable, key in the file).
TRELLO_PAIR = (("TRELLO_API_KEY", "api_key"), ("TRELLO_TOKEN", "token"))
JIRA_PAT_ALONE = "Server/Data Center takes a personal access token alone: JIRA_PAT, or pat"


@dataclass(frozen=True, slots=True)
class JiraCredentials:
    """What the Jira connector needs. ``repr`` never shows the secrets."""

    server: str | None = None
    email: str | None = None
    api_token: str | None = field(default=None, repr=False)
    pat: str | None = field(default=None, repr=False)
    #: The variables whose value came from the credentials file (:func:`given_as`).
    from_file: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    @property
    def has_basic(self) -> bool:
        return bool(self.email and self.api_token)

    @property
    def has_pat(self) -> bool:
        return bool(self.pat)

    def cloud_missing(self) -> list[tuple[str, str]]:
        """What Jira Cloud's pair lacks (:data:`JIRA_EMAIL`, :data:`JIRA_API_TOKEN`)."""
        return [
            pair
            for pair, v in ((JIRA_EMAIL, self.email), (JIRA_API_TOKEN, self.api_token))
            if not v
        ]

    def missing_text(self) -> str:
        """The one line when neither Cloud's pair nor a PAT is given: what is missing by name,
        and how to give it (session 28: a token without the email read "no Jira credentials:
        set JIRA_EMAIL and JIRA_API_TOKEN", not saying which one was missing)."""
        missing = self.cloud_missing()
        if len(missing) == 2:
            return (
                "no Jira credentials: set JIRA_EMAIL and JIRA_API_TOKEN (Jira Cloud) or JIRA_PAT "
                f"(Server/Data Center), or put email and api_token, or pat, under [jira] in "
                f"{config_path()} (chmod 600)"
            )
        ((name, _),) = missing
        given = "API token" if name == "JIRA_EMAIL" else "email"
        return (
            f"no {name}: Jira Cloud needs it with the {given} given; "
            f"{how_to_give('jira', missing)}; {JIRA_PAT_ALONE} under [jira]"
        )


def jira_credentials(
    server: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    config: Mapping[str, Any] | None = None,
    warn: Warn = _issue_warning,
) -> JiraCredentials:
    """Jira credentials from ``server`` (e.g. ``--server``), the environment, then the file."""
    env = os.environ if env is None else env
    if config is None:
        config = load_config(warn=warn)
    section = config.get("jira") if isinstance(config.get("jira"), dict) else {}
    creds = JiraCredentials(
        server=(server or _pick(env, "JIRA_SERVER", section, "server") or None),
        email=_pick(env, "JIRA_EMAIL", section, "email"),
        api_token=_pick(env, "JIRA_API_TOKEN", section, "api_token"),
        pat=_pick(env, "JIRA_PAT", section, "pat"),
        from_file=_from_file(env, section, (JIRA_EMAIL, JIRA_API_TOKEN, JIRA_PAT)),
    )
    register_secret(creds.api_token, user=creds.email)
    register_secret(creds.pat)
    return creds


# -- Trello -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrelloCredentials:
    api_key: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    from_file: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    @property
    def complete(self) -> bool:
        return bool(self.api_key and self.token)

    def missing_text(self) -> str:
        """The one line when the key, the token or both are missing, naming what is."""
        missing = [
            pair
            for pair, v in (
                (("TRELLO_API_KEY", "api_key"), self.api_key),
                (("TRELLO_TOKEN", "token"), self.token),
            )
            if not v
        ]
        where = "from https://trello.com/power-ups/admin"
        if len(missing) == 2:
            how = how_to_give("trello", missing)
            return f"no Trello credentials: {how}; a key and a token come {where}"
        ((name, _),) = missing
        given = "token" if name == "TRELLO_API_KEY" else "API key"
        what = "an API key" if name == "TRELLO_API_KEY" else "a token"
        return (
            f"no {name}: Trello needs it with the {given} given; "
            f"{how_to_give('trello', missing)}; {what} comes {where}"
        )


def trello_credentials(
    *,
    env: Mapping[str, str] | None = None,
    config: Mapping[str, Any] | None = None,
    warn: Warn = _issue_warning,
) -> TrelloCredentials:
    """Trello API key and token from the environment, then the file."""
    env = os.environ if env is None else env
    if config is None:
        config = load_config(warn=warn)
    section = config.get("trello") if isinstance(config.get("trello"), dict) else {}
    creds = TrelloCredentials(
        api_key=_pick(env, "TRELLO_API_KEY", section, "api_key"),
        token=_pick(env, "TRELLO_TOKEN", section, "token"),
        from_file=_from_file(env, section, TRELLO_PAIR),
    )
    register_secret(creds.api_key)
    register_secret(creds.token)
    return creds
