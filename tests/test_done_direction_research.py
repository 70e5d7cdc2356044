"""research.done_direction: a draw not cached yet is trained into the cache (session 34: the
script stopped with a traceback when /tmp/surest_levers held no draw). No real data is read: the
draw and the measurement are stood in for."""

from __future__ import annotations

from pathlib import Path

from research import done_direction


def test_a_draw_not_cached_is_made_there_then_measured(tmp_path, monkeypatch, capsys):
    made: list[tuple[int, Path]] = []

    def model_for(seed: int, cache: Path) -> Path:
        made.append((seed, cache))
        return cache / f"m{seed}.json"

    measured: list[Path | None] = []

    def run(path, floors, data):  # type: ignore[no-untyped-def]
        measured.append(path)
        return {-1.0: (0.9, 1.0, 2.0, [])}

    monkeypatch.setattr(done_direction.halves, "model_for", model_for)
    monkeypatch.setattr(done_direction, "run", run)
    cache = tmp_path / "draws"
    argv = ["--seeds", "12,1", "--cache", str(cache), "--data", str(tmp_path)]
    assert done_direction.main(argv) == 0
    assert made == [(12, cache), (1, cache)] and cache.is_dir()
    assert measured == [cache / "m12.json", cache / "m1.json"]
    assert "draw 12" in capsys.readouterr().out
