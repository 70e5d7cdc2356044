"""What the variant scripts share (session 19): a script's ``--variant NAME`` options installed
before ``research.real_dev_sweep`` runs, and the vocabularies of ``models.rules`` a variant widens
in this process (no edit of the shipped code).

- :func:`install_chosen`: parse a script's own arguments (before ``--``) with a repeatable
  ``--variant`` (one of its ``VARIANTS``), install each named variant in order, and hand back
  the arguments after ``--`` (the sweep's). ``research.s17_langs``, ``s18_wording``,
  ``s18_langs``, ``session16_lang``, ``recall15``, ``s18_false_calls`` and ``s18_misses`` used to
  repeat it; :func:`sweep` is the whole ``main`` of a script without options of its own.
- :func:`install_valued`: a ``NAME=VALUE`` variant (``research.s18_prior``, ``s19_shares``).
- :func:`widen_direction`, :func:`widen_title_research`, :func:`widen_title_direction`: an
  item's direction words (``rules._DIRECTION``) and a title's research or direction nouns
  (``rules._TITLE_RESEARCH``, ``rules._TITLE_DIRECTION`` and their word pieces) with more words,
  the answers the rules remember of the shipped words forgotten.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models.rules as rules  # noqa: E402
from research import halves  # noqa: E402


def install_chosen(
    variants: Mapping[str, Callable[[], None]],
    parser: argparse.ArgumentParser,
    argv: list[str] | None,
) -> tuple[argparse.Namespace, list[str]]:
    """``(arguments, rest)``: ``parser``'s arguments (with ``--variant NAME`` added: repeatable,
    one of ``variants``) read from ``argv`` before ``--`` (``sys.argv[1:]`` when None), each
    variant named installed in order, and ``rest`` the arguments after ``--``."""
    own, rest = halves.split_rest(argv)
    parser.add_argument("--variant", action="append", choices=sorted(variants), default=[])
    args = parser.parse_args(own)
    for name in args.variant:
        variants[name]()
    return args, rest


def sweep(
    variants: Mapping[str, Callable[[], None]], description: str, argv: list[str] | None
) -> int:
    """A variant script's whole ``main``: the variants named in ``argv`` installed
    (:func:`install_chosen`), then ``research.real_dev_sweep`` run with the arguments after
    ``--``; its exit status."""
    from research import real_dev_sweep

    parser = argparse.ArgumentParser(description=description)
    return real_dev_sweep.main(install_chosen(variants, parser, argv)[1])


def install_valued(variants: Mapping[str, Callable[[str], None]], spec: str) -> None:
    """Install variant ``NAME`` or ``NAME=VALUE`` of ``variants`` (each takes the text after
    ``=``, empty when none); an unknown name exits with a one-line error."""
    name, _, value = spec.partition("=")
    if name not in variants:
        raise SystemExit(f"unknown variant {name!r}; one of {', '.join(sorted(variants))}")
    variants[name](value)


@contextlib.contextmanager
def levers_on(
    levers: Mapping[str, Callable[[], AbstractContextManager[object]]], names: list[str]
) -> Iterator[None]:
    """The context-manager levers of ``levers`` called ``names`` on, in order, and off again on
    the way out; an unknown name exits with a one-line error (``research.s20_goals``,
    ``s20_typed``)."""
    with contextlib.ExitStack() as stack:
        for name in names:
            if name not in levers:
                raise SystemExit(f"unknown variant {name!r}; one of {', '.join(levers)}")
            stack.enter_context(levers[name]())
        yield


def _widened(pattern: re.Pattern[str], alternation: str) -> re.Pattern[str]:
    """``pattern`` (``\\b(?:...)\\b``) with ``alternation`` as more of its choices."""
    return re.compile(pattern.pattern[:-3] + "|" + alternation + r")\b")


def widen_direction(words: str) -> None:
    """``rules._DIRECTION`` with ``words`` (space-separated patterns) as an item's words too."""
    rules._DIRECTION = _widened(rules._DIRECTION, "|".join(words.split()))
    rules.title_places_direction.cache_clear()  # its answers were the shipped words'


def widen_title_research(alternation: str, pieces: tuple[str, ...]) -> None:
    """``rules._TITLE_RESEARCH`` with ``alternation`` (one regex alternation) and the word
    ``pieces`` its matches hold."""
    rules._TITLE_RESEARCH = _widened(rules._TITLE_RESEARCH, alternation)
    rules.TITLE_RESEARCH_PIECES = tuple(rules.TITLE_RESEARCH_PIECES) + pieces
    rules._TITLE_RESEARCH_PIECES = re.compile(rules.literal_trie(rules.TITLE_RESEARCH_PIECES))


def widen_title_direction(alternation: str, pieces: tuple[str, ...]) -> None:
    """``rules._TITLE_DIRECTION`` with ``alternation`` (one regex alternation) and the word
    ``pieces`` its matches hold."""
    rules._TITLE_DIRECTION = _widened(rules._TITLE_DIRECTION, alternation)
    rules.TITLE_DIRECTION_PIECES = tuple(rules.TITLE_DIRECTION_PIECES) + pieces
    rules._TITLE_DIRECTION_PIECES = re.compile(rules.literal_trie(rules.TITLE_DIRECTION_PIECES))
    rules.title_names_direction.cache_clear()  # its answers were the shipped words'
