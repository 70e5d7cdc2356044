"""What one function is called with during one scan of an export: the benchmarks that time a piece
of the classify stage (``bench_nearest_split``, ``bench_word_lookup``) take its inputs from a real
scan this way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def calls_in_scan(path: Path, owner: Any, name: str, keep: Callable[..., Any]) -> list[Any]:
    """``keep(*args, **kwargs)`` of every call of ``owner.name`` (a module's function or a class's
    method) during one ``scan_file`` of ``path``, in order; each call still runs as it would."""
    import analyzer.pipeline as pipeline

    seen: list[Any] = []
    real = getattr(owner, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(keep(*args, **kwargs))
        return real(*args, **kwargs)

    setattr(owner, name, spy)
    try:
        pipeline.scan_file(path, on_progress=lambda *_: None)
    finally:
        setattr(owner, name, real)
    return seen
