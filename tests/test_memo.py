"""The memo dicts: a value computed once per key (Memo), dense codes (Codes)."""

from __future__ import annotations

from _backlog_analyzer_runtime.memo import Codes, Memo


def test_a_memo_computes_each_key_once():
    calls = []

    def compute(key):
        calls.append(key)
        return f"<{key}>"

    memo = Memo(compute)
    assert list(map(memo.__getitem__, ["a", None, "a", "b", None])) == [
        "<a>",
        "<None>",
        "<a>",
        "<b>",
        "<None>",
    ]
    assert calls == ["a", None, "b"] and dict(memo) == {"a": "<a>", None: "<None>", "b": "<b>"}


def test_codes_are_dense_in_order_of_first_appearance():
    for seed, values in (
        (["b", "a", "c"], ["b", "a", "c"]),
        (["b", "a", "b", "c", "a"], ["b", "a", "c"]),
    ):
        codes = Codes(iter(seed))
        assert codes.values_ == values and dict(codes) == {v: n for n, v in enumerate(values)}
        assert codes["new"] == len(values) and codes.values_[-1] == "new"
    assert dict(Codes(none=True)) == {None: -1} and Codes().values_ == []
    seed = ["x", "y"]
    Codes(seed)["z"]
    assert seed == ["x", "y"]  # the seed is never the codes' own list
