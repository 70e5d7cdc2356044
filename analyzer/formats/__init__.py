"""Report formats: one small interface, one module per format (the idea of pip-audit's ``_format``).

A format turns a finished :class:`~analyzer.report.Report` into text; it never recomputes numbers.
The interface is :mod:`analyzer.formats.interface`. To add a format, write a module with a
``ReportFormat`` subclass and list it in ``_BUILTIN`` below; the ``scan`` command's
``--format`` choices and output-suffix detection come from :data:`FORMATS` and :data:`SUFFIXES`.

A format's module is imported when the format is first asked for (:data:`FORMATS` looks its
class up by name): the command line's start-up, its ``--help`` and ``classify`` load none of them
(session 25: the HTML page, the terminal table's rich and the flags they show cost ≈ 0.2 s).

May import :mod:`analyzer.report` and ``analyzer.portfolio`` (what it renders), the types of
``analyzer.flags`` and ``models.interface`` (the labels); never the pipeline, the CLI or connectors.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from analyzer.errors import UnknownFormatError

if TYPE_CHECKING:
    from analyzer.formats.interface import ReportFormat


class _Builtin(NamedTuple):
    module: str
    cls: str
    suffixes: tuple[str, ...]  # the class's own ``suffixes`` (a test holds them equal)


_BUILTIN: dict[str, _Builtin] = {
    "table": _Builtin("analyzer.formats.table", "TableFormat", (".txt",)),
    "json": _Builtin("analyzer.formats.json", "JsonFormat", (".json",)),
    "markdown": _Builtin("analyzer.formats.markdown", "MarkdownFormat", (".md", ".markdown")),
    "html": _Builtin("analyzer.formats.html", "HtmlFormat", (".html", ".htm")),
    "csv": _Builtin("analyzer.formats.items_csv", "ItemsCsvFormat", (".csv",)),
    "jsonl": _Builtin(
        "analyzer.formats.items_jsonl", "ItemsJsonLinesFormat", (".jsonl", ".ndjson")
    ),
}


class _Formats(Mapping[str, "type[ReportFormat]"]):
    """name -> format class, in the order ``--help`` lists them; a class's module is imported
    when it is looked up."""

    def __getitem__(self, name: str) -> type[ReportFormat]:
        builtin = _BUILTIN[name]
        return getattr(import_module(builtin.module), builtin.cls)

    def __iter__(self) -> Iterator[str]:
        return iter(_BUILTIN)

    def __len__(self) -> int:
        return len(_BUILTIN)


#: name -> format class, in the order ``--help`` lists them.
FORMATS: Mapping[str, type[ReportFormat]] = _Formats()
#: name -> the file suffixes that select the format for ``--output`` (no module imported).
SUFFIXES: dict[str, tuple[str, ...]] = {name: b.suffixes for name, b in _BUILTIN.items()}


#: Short names people type for a format (the suffix they know it by).
ALIASES: dict[str, str] = {"md": "markdown", "htm": "html", "text": "table", "txt": "table"}


def get_format(name: str, *, width: int = 100, color: bool = False) -> ReportFormat:
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        known = ", ".join(FORMATS)
        raise UnknownFormatError(f"unknown report format {name!r}; choose one of: {known}")
    return FORMATS[key](width=width, color=color)


def format_for_path(path: str | Path) -> str | None:
    """The format a file name asks for by its suffix (``report.md`` -> markdown), if any."""
    suffix = Path(path).suffix.lower()
    for name, suffixes in SUFFIXES.items():
        if suffix and suffix in suffixes:
            return name
    return None


#: The names this package exported when it imported every format, each imported on first use.
_LAZY = {b.cls: b.module for b in _BUILTIN.values()} | {
    "ReportFormat": "analyzer.formats.interface"
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FORMATS",
    "SUFFIXES",
    "HtmlFormat",
    "JsonFormat",
    "MarkdownFormat",
    "ReportFormat",
    "TableFormat",
    "UnknownFormatError",
    "format_for_path",
    "get_format",
]
