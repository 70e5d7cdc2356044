"""Automation accounts are not people: bots, apps and service accounts are set apart.

Jira rules, Marketplace apps, CI integrations and service accounts act on a board under accounts
of their own: "Automation for Jira" moves and closes items by the thousand, a GitLab bot comments
on every merge. Counted as people, they would do product or delivery work in the report — a
share of the balance, a role inferred from what they move or accept, drift, an owner of the
backlog. A scan takes them out of all of it (:func:`set_apart`): their activities are nobody's
work, they are not among the people; the items they created or are assigned to still count as
items. The report lists them (``Report.automation``) and says so once, in the verdict's "How
sure" line.

An account is automation when (:func:`why_automation`, :func:`find_automation`):

- the source says it is an app (Jira Cloud's ``accountType: "app"``; on Trello, Butler's own
  account: Butler acts as the member who made the rule, and the Trello readers give the actions
  it made (their ``appCreator``) to an app account "Butler", never to that member —
  :data:`connectors.mapping.trello.BUTLER_APP_ID`);
- its name says so (:data:`NAME_RULES`, each with why);
- the roles file declares it ``automation``. The roles file has the last word both ways: any
  other role declared for an account taken for automation makes it a person.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from analyzer.report import (
    BY_ACCOUNT_TYPE,
    BY_NAME,
    BY_ROLES_FILE,
    Automation,
    AutomationAccount,
)
from analyzer.roles import Roles, RolesFile, declared_roles
from analyzer.timeline import LabelledActivities
from connectors.interface import Person

#: Jira Cloud's ``accountType`` of "a system account used for Connect applications and OAuth to
#: represent external systems" (Atlassian's REST reference): an app, never a person
#: ("atlassian" is a person's account, "customer" a service desk customer: a person too).
APP_ACCOUNT_TYPE = "app"

#: The names that say an account is automation, matched on the display name with its spaces
#: made single (never on a user name: "annatalbot" is someone's handle).
NAME_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Atlassian's rule engine acts under one account of its own, whatever the rule does.
    (re.compile(r"(?:automation for jira|jira automation)", re.I), "Jira's automation"),
    # A Marketplace app acts under its listing's name: "Easy Clone for Jira Cloud", "AssetIT -
    # IT Asset Management for Jira", "… for Confluence". No person is called "… for Jira".
    (
        re.compile(r".+ for (?:jira|confluence)(?: cloud| server| data center)?", re.I),
        "a Marketplace app",
    ),
    # "bot" as a word of its own: "Gitlab Bot", "renovate-bot", "dependabot[bot]" (GitHub's
    # apps). Only a whole word: "Abbott", "Bottema", "Talbot" and "Robot Framework team" are not.
    (re.compile(r".*(?<![^\W\d_])bot(?![^\W\d_]).*", re.I), "a bot"),
    # An account name (lower case, no space, parts joined by "-" or "_") whose last part ends in
    # "bot": "jira-backportbot", "ci_releasebot". A person's display name has spaces or capitals.
    (re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*[-_][a-z0-9]*bot"), "a bot's account name"),
    # Trello's automation, Butler: an account named "Butler", that name exactly, nothing longer
    # (the Trello readers' own account for the actions Butler made is also an app's).
    (re.compile(r"butler", re.I), "Trello's automation"),
    # Service accounts are named "srv-…", "svc_…", "srv Jira" by IT: the prefix, then "-", "_"
    # or a space. (Not "admin", "atlassianadmin" or "IT Service Desk": people use those shared
    # accounts themselves, e.g. to import issues; their work is people's.)
    (re.compile(r"(?:srv|svc)[-_ ].*", re.I), "a service account"),
)


def automation_name(name: str | None) -> str | None:
    """Why ``name`` is an automation account's (:data:`NAME_RULES`), or None for a person's."""
    if not name:
        return None
    flat = " ".join(name.split())
    for pattern, why in NAME_RULES:
        if pattern.fullmatch(flat):
            return why
    return None


def why_automation(person: Person) -> str | None:
    """``"account type"`` or ``"name"`` when ``person`` is automation by what the source says
    of it; None otherwise (the roles file is :func:`find_automation`'s to read)."""
    if (person.account_type or "").strip().lower() == APP_ACCOUNT_TYPE:
        return BY_ACCOUNT_TYPE
    if automation_name(person.display_name) is not None:
        return BY_NAME
    return None


def find_automation(
    people: Mapping[str, Person], roles: RolesFile | Roles | None = None
) -> Automation:
    """The automation accounts among ``people`` (a board's, by id), in the board's order, with
    no activity counted yet (:func:`set_apart` counts it). ``roles``: the scan's roles file (or
    resolved roles): the accounts it declares ``automation`` are automation, those it declares
    in any other role are people."""
    persons: set[str] = set()
    declared: frozenset[str] = frozenset()
    resolved = declared_roles(people, roles)
    if resolved is not None:
        persons, declared = set(resolved.assignments), resolved.automation
    accounts = []
    for person_id, person in people.items():
        if person_id in declared:
            why: str | None = BY_ROLES_FILE
        elif person_id in persons:
            continue  # a person, as the roles file says
        else:
            why = why_automation(person)
        if why is not None:
            name = person.display_name or person_id
            accounts.append(AutomationAccount(person_id, name, why=why))
    return Automation(accounts)


def set_apart(
    table: LabelledActivities, automation: Automation
) -> tuple[LabelledActivities, Automation]:
    """``table`` without the automation accounts' rows (the same table when there is none),
    and ``automation`` with each account's activities counted (the board's own ones, as the
    report counts activities), busiest first. What is built on the table then never sees them:
    the balance by activity, the people, roles, windows, drift and flags."""
    if not automation.accounts:
        return table, automation
    ids = [account.id for account in automation.accounts]
    rest, done = table.without_actors(ids)
    for account, n in zip(automation.accounts, done, strict=True):
        account.activities = n
    automation.accounts.sort(key=lambda a: (-a.activities, a.name.lower(), a.id))
    automation.activities = sum(done)
    rest.left_out = frozenset(ids)
    rest.left_out_activities = automation.activities
    return rest, automation
