"""The scan pauses the cyclic garbage collector while it works and always switches it back on."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from analyzer.pipeline import bulk_work, scan_file
from connectors.interface import ExportFormatError

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def gc_enabled():
    was = gc.isenabled()
    gc.enable()
    yield
    if was:  # as found, whatever the test did (one disables it on purpose)
        gc.enable()
    else:
        gc.disable()


def test_bulk_work_pauses_and_restores_the_collector(gc_enabled):
    with bulk_work():
        assert not gc.isenabled()
        with bulk_work():  # nested: the inner block does not switch it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_bulk_work_restores_the_collector_after_an_error(gc_enabled):
    with pytest.raises(RuntimeError), bulk_work():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_bulk_work_leaves_a_disabled_collector_disabled(gc_enabled):
    gc.disable()
    with bulk_work():
        pass
    assert not gc.isenabled()


def test_scan_pauses_the_collector_while_reading_and_restores_it(gc_enabled):
    seen: dict[str, list[bool]] = {}
    scan_file(
        FIXTURES / "trello_board_basic.json",
        on_progress=lambda stage, *_: seen.setdefault(stage, []).append(gc.isenabled()),
    )
    assert seen["read"] and seen["classify"]
    # Paused while reading, loading the model (next to the board's young objects), classifying.
    assert not any(seen["read"] + seen["model"] + seen["classify"])
    assert gc.isenabled()


def test_scan_board_pauses_the_collector_from_the_model_on(gc_enabled):
    from analyzer.pipeline import read_board, scan_board

    board = read_board(FIXTURES / "trello_board_basic.json")
    assert gc.isenabled()
    seen: dict[str, list[bool]] = {}
    scan_board(
        board,
        on_progress=lambda stage, *_: seen.setdefault(stage, []).append(gc.isenabled()),
    )
    assert seen["model"] and seen["classify"] and not any(seen["model"] + seen["classify"])
    assert gc.isenabled()


def test_a_bad_export_leaves_the_collector_on(gc_enabled):
    with pytest.raises(ExportFormatError):
        scan_file(FIXTURES / "bad_truncated.json")
    assert gc.isenabled()


def test_a_bad_model_file_leaves_the_collector_on(gc_enabled):
    from models.interface import ModelError

    with pytest.raises(ModelError):
        scan_file(FIXTURES / "trello_board_basic.json", model=FIXTURES / "model_not_a_model.json")
    assert gc.isenabled()


def _generation_of(thing: object) -> int | None:
    return next(
        (gen for gen in range(3) if any(o is thing for o in gc.get_objects(generation=gen))),
        None,
    )


def test_what_bulk_work_made_goes_to_the_oldest_generation(gc_enabled):
    gc.collect()
    with bulk_work():
        made = [[n] for n in range(10)]
    assert _generation_of(made) == 2 and _generation_of(made[3]) == 2
    assert gc.get_freeze_count() == 0  # nothing left frozen
    young = [[]]
    assert _generation_of(young) == 0


def test_bulk_work_inside_a_paused_collector_moves_nothing(gc_enabled):
    gc.collect()
    gc.disable()
    with bulk_work():
        made = [[]]
    assert _generation_of(made) == 0


def test_bulk_work_leaves_objects_frozen_by_the_process_frozen(gc_enabled):
    kept = [[]]
    gc.freeze()
    try:
        with bulk_work():
            made = [[]]
        assert gc.get_freeze_count() > 0 and _generation_of(kept) is None
        assert _generation_of(made) == 0
    finally:
        gc.unfreeze()


def test_no_collection_walks_the_block_when_the_collector_comes_back_on(gc_enabled):
    """What the block made is moved before the collector is on again: the objects it counted
    start no collection of the youngest generation (which then held all of them) right after
    the block, nor with the next few objects made."""
    gc.collect()
    passes: list[int] = []
    record = lambda phase, info: phase == "start" and passes.append(info["generation"])  # noqa: E731
    with bulk_work():
        made = [[n] for n in range(20_000)]  # far more than the youngest generation's threshold
        gc.callbacks.append(record)
    try:
        after = [[n] for n in range(100)]  # (fewer than the threshold: no collection due)
    finally:
        gc.callbacks.remove(record)
    assert passes == [] and len(made) == 20_000 and len(after) == 100
    assert _generation_of(made[5]) == 2 and gc.get_freeze_count() == 0


def test_an_error_in_the_block_still_moves_what_it_made(gc_enabled):
    gc.collect()
    made: list[list[int]] = []
    with pytest.raises(RuntimeError), bulk_work():
        made.extend([n] for n in range(10))
        raise RuntimeError("boom")
    assert gc.isenabled() and gc.get_freeze_count() == 0 and _generation_of(made[2]) == 2


def test_a_freeze_count_the_interpreter_started_with_is_no_freeze_of_the_process(
    gc_enabled, monkeypatch
):
    """Python 3.12 starts with a freeze count of a few hundred that no freeze made: counted
    when the pipeline is imported, it does not turn the move off (on 3.12 it always was)."""
    import analyzer.pipeline as pipeline

    gc.collect()
    gc.freeze()  # (as 3.12's start-up count: there before the pipeline was imported)
    try:
        monkeypatch.setattr(pipeline, "_FROZEN_AT_IMPORT", gc.get_freeze_count())
        with bulk_work():
            made = [[n] for n in range(10)]
        assert _generation_of(made) == 2
    finally:
        gc.unfreeze()
