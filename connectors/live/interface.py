"""The live-source interface: one service (Jira, Trello) behind fetch-then-load.

A :class:`LiveSource` checks a target the user typed (a project key, a JQL query, a board, a
workspace) before anything is opened, fetches what changed into the local store (crash-safe,
incremental), and loads what the store then holds of it as one :class:`Board`. Each source is one
module beside this one; ``connectors/live/__init__.py`` registers them by the word the user types.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar, Protocol

from connectors.interface import Board, Progress, RemoteError, SourceError


class FetchOutcome(Protocol):
    """What a fetch did, as the source reports it (``summary()`` is one line for the user;
    ``source_ids`` the stored boards it wrote, one per board or project fetched)."""

    @property
    def source_ids(self) -> list[int]: ...

    def summary(self) -> str: ...


class PartialFetch(RemoteError):
    """Several targets (boards, projects) were fetched at once and some failed.

    The others were fetched and stored all the same: ``outcome`` is what they fetched,
    ``failed`` holds ``(name, error)`` for each target that failed, ``noun`` what a target is
    ("Trello board"), ``fetched`` how many were fetched. The message is one line that names each
    failed target with its own one-line error.
    """

    def __init__(
        self, outcome: FetchOutcome, failed: list[tuple[str, SourceError]], noun: str, fetched: int
    ) -> None:
        said = "; ".join(f"{noun} {name!r}: {error}" for name, error in failed)
        kept = {0: "nothing was fetched", 1: f"the other {noun} was fetched and stored"}.get(
            fetched, f"the other {fetched} {noun}s were fetched and stored"
        )
        super().__init__(
            f"{len(failed)} of {len(failed) + fetched} {noun}s failed: {said} ({kept}; re-run "
            "to resume)"
        )
        self.outcome, self.failed, self.noun, self.fetched = outcome, failed, noun, fetched


class LiveSource(ABC):
    """One live service. ``fetch`` takes the fetcher's own keywords (``retry``, ``full`` ...)."""

    #: The word that names it on the command line (``scan jira PROJ``).
    name: ClassVar[str]
    #: How to get the same data without the network (said when the source is unavailable).
    offline: ClassVar[str]

    @abstractmethod
    def check(self, target: str | None, *, server: str | None = None) -> str:
        """The target, usable; else a SourceError (one line) before any store is opened."""

    @abstractmethod
    def fetch(
        self,
        store: Any,  # connectors.store.Store
        target: str,
        *,
        server: str | None = None,
        on_progress: Progress | None = None,
        **options: Any,
    ) -> FetchOutcome:
        """Fetch what changed for ``target`` into ``store``."""

    @abstractmethod
    def load(self, store: Any, outcome: FetchOutcome) -> Board:
        """What ``store`` holds of what ``outcome`` fetched, as one Board (analysis-ready)."""

    def fetch_and_load(
        self,
        store: Any,
        target: str | None,
        *,
        server: str | None = None,
        on_progress: Progress | None = None,
        **options: Any,
    ) -> Board:
        target = self.check(target, server=server)
        outcome = self.fetch(store, target, server=server, on_progress=on_progress, **options)
        return self.load(store, outcome)
