"""The classifier's fast path: words looked up in a batch's bytes, and pushes ranked per row.

Private to :mod:`models.classifier`; everything here is numpy over a whole batch, and
``tests/test_classifier_speed_equivalence.py`` holds it to a plain one-item-at-a-time reference.
Nothing here decides a label: the rules are in :mod:`models.rules`.
"""

from __future__ import annotations

import codecs
import re
import threading
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Any

import numpy as np
from scipy import sparse

from models.features import _ELIDED, _MARKUP, _WORD, fold, words
from models.language import _ANY_OTHER_SCRIPT

_GRID_LIMIT = 2**22  # cells of the (rows × features) grid that ranks pushes; else lexsort


_KEEP = b"abcdefghijklmnopqrstuvwxyz0123456789'"
# Every byte that is not a word character becomes a space; every digit becomes 0.
_TABLE = bytes(c if c in _KEEP else 32 for c in range(256)).translate(
    bytes.maketrans(b"123456789", b"000000000")
)
_ZERO_RUNS = re.compile(rb"00+")


def fast_words(text: str) -> list[str]:
    """Exactly :func:`models.features.words`, about four times faster for ASCII-ish text.

    Lower-case, bytes-translate every non-word character to a space and every digit to ``0``,
    collapse runs of ``0`` (``[0-9]+`` → ``0``), split; tokens with an apostrophe go through the
    original pattern. Text with the typographic apostrophe takes the original path.
    """
    lowered = text.lower()
    if "’" in lowered:
        return words(text)
    lowered = fold(lowered)
    raw = lowered.encode("ascii", "replace").translate(_TABLE)
    if b"00" in raw:
        raw = _ZERO_RUNS.sub(b"0", raw)
    toks = raw.decode("ascii").split()
    if "'" in lowered:
        toks = [x for tok in toks for x in ((tok,) if "'" not in tok else _WORD.findall(tok))]
    return toks


# Batch tokenising: all texts of a batch are joined with a separator token and go through one
# lower/encode/translate/split. The typographic apostrophe travels as byte 2 (kept by the table),
# so it stays part of a word exactly as in ``features.words``.
_SEP = "\x01"  # a token of its own after every text; words never contain it
_TYPO = "\x02"  # stands for "’" inside the bytes
_BATCH_TABLE = bytes(  # also A-Z to a-z
    c if c in (1, 2) else c + 32 if 65 <= c <= 90 else _TABLE[c] for c in range(256)
)
_ELIDED_BYTES = _ELIDED.encode()
_WORD_BYTES = re.compile(  # features._WORD, "’" as byte 2
    rb"(?<![a-z0-9'\x02])(?:" + _ELIDED_BYTES + rb")(?=['\x02][a-z])|[a-z0-9]+(?:['\x02][a-z]+)?"
)
# "team's": one word as it stands ("l'ecran" is two: an elision and a word)
_ONE_WORD = re.compile(rb"(?!(?:" + _ELIDED_BYTES + rb")['\x02])[a-z0-9]+['\x02][a-z]+")


_ALNUM = np.zeros(256, dtype=np.bool_)
_ALNUM[list(b"abcdefghijklmnopqrstuvwxyz0123456789")] = True
_LETTER = np.zeros(256, dtype=np.bool_)
_LETTER[list(b"abcdefghijklmnopqrstuvwxyz")] = True


def _split_apostrophes(raw: bytes) -> bytes:
    """Space-separated chunks with an apostrophe re-split the way the word pattern splits them
    (``rock'n'roll`` → ``rock'n roll``, ``'quoted'`` → ``quoted``).

    The word pattern keeps an apostrophe only between a letter or digit and a letter; a chunk
    with no such apostrophe is its runs of letters and digits, so its apostrophes become spaces
    (numpy, all at once). Only the chunks with one go through the pattern (``_split_chunks``,
    which reads them from ``raw`` as they were).
    """
    codes = np.frombuffer(raw, dtype=np.uint8)
    marks = codes == 39
    if b"\x02" in raw:
        marks |= codes == 2
    marks = np.flatnonzero(marks)
    if not len(marks):
        return raw
    before = codes[marks - 1]  # a mark at 0 reads the last byte: the separator, no letter
    after = codes[np.minimum(marks + 1, len(codes) - 1)]
    inside = _ALNUM[before] & _LETTER[after]
    out = codes.copy()
    out[marks[~inside]] = 32
    if not inside.any():
        return out.tobytes()
    return _split_chunks(out.tobytes(), marks[inside].tolist(), raw)


def _split_chunks(spaced: bytes, marks: list[int], raw: bytes) -> bytes:
    """``spaced`` (``raw`` with the apostrophes the pattern never keeps made spaces) with each
    chunk of ``raw`` holding one of the apostrophes at ``marks`` (ascending) re-split by the
    word pattern: ``don't`` stays as it is, ``l'ecran`` is ``l ecran``. A chunk that stays
    whole holds one apostrophe, the one at its mark, so ``spaced`` has it as ``raw`` does."""
    pieces: list[bytes] = []
    done = 0  # spaced[:done] is in pieces
    end = -1  # the end of the chunk last looked at
    one_word, rfind, find = _ONE_WORD.fullmatch, raw.rfind, raw.find
    for mark in marks:
        if mark < end:
            continue  # in the chunk just looked at
        start = rfind(b" ", 0, mark) + 1
        end = find(b" ", mark)
        end = len(raw) if end < 0 else end
        if not one_word(raw, start, end):  # "don't" stays as it is; the rest is re-split
            pieces += (spaced[done:start], b" ".join(_WORD_BYTES.findall(raw, start, end)))
            done = end
    if not pieces:
        return spaced
    pieces.append(spaced[done:])
    return b"".join(pieces)


def _zero_runs_cut(raw: bytes) -> bytes:
    """``_ZERO_RUNS.sub(b"0", raw)``: every run of ``0`` bytes cut to one (numpy, one pass)."""
    codes = np.frombuffer(raw, dtype=np.uint8)
    zero = codes == 48
    # the places of the zeros after a zero (a fraction of a per cent of the bytes) deleted:
    # half the time of a mask over every byte (session 19)
    return np.delete(codes, np.flatnonzero(zero[1:] & zero[:-1]) + 1).tobytes()


def _batch_bytes(
    texts: Sequence[str], wide: Sequence[int] | None = None, scripts: list[int] | None = None
) -> bytes | None:
    """The batch as one bytes string: each text's words (lower-cased, digits folded, every
    other character a space, apostrophe chunks re-split, ``’`` as byte 2) then ``_SEP``, all
    separated by spaces; None when a text itself holds the separator or the stand-in byte (those
    batches go text by text). Splitting it at spaces gives :func:`batch_words`.

    ``wide``: the positions of every text that may not be all ASCII (ascending; the caller
    already knows them, :func:`doc_texts`), or None to look at each text. ``scripts``: a list
    the positions of the texts holding a letter of a script other than Latin (the language
    check's quick test, ``models.language``) are added to, ascending."""
    if not texts:
        return None
    # ASCII text is lower-cased by the translate table; only the rest needs str.lower (which
    # may turn a non-ASCII letter into an ASCII one, as features.words sees it) and its accents
    # folded. Those texts are made ASCII together ("’" as the stand-in byte, any other non-ASCII
    # character "?"), so the joined batch is ASCII: a quarter of the bytes to join and encode.
    if wide is None:
        wide = [i for i, text in enumerate(texts) if not text.isascii()]
    else:  # (a row's title or description alone may be: its other text is ASCII as it is)
        wide = [i for i in wide if not texts[i].isascii()]
    parts = list(texts)
    typographic = 0  # "’" made stand-in bytes
    if wide:
        found: list[int] | None = [] if scripts is not None else None
        made = _ascii_made([texts[i] for i in wide], found)
        if made is None:
            return None
        typographic, ascii_texts = made
        for i, text in zip(wide, ascii_texts, strict=True):
            parts[i] = text
        if scripts is not None and found:
            scripts.extend(wide[k] for k in found)
    joined = (" \x01 ".join(parts) + " \x01").encode("ascii")
    raw = joined.translate(_BATCH_TABLE)
    # A text holding the separator or the stand-in byte itself: the batch goes text by text.
    # The table keeps bytes 1 and 2 and makes every other byte 3 or more, and the batch holds
    # at least its separators and stand-ins: one count of both is equal only when each is.
    if np.count_nonzero(np.frombuffer(raw, dtype=np.uint8) < 3) != len(texts) + typographic:
        return None
    if b"00" in raw:
        raw = _zero_runs_cut(raw)
    if b"'" in raw or typographic:
        raw = _split_apostrophes(raw)
    return BatchBytes(raw, joined)


class BatchBytes(bytes):
    """:func:`_batch_bytes`' bytes, which can also tell the places of the batch's texts that may
    hold a link (:meth:`linked`), from the texts joined before they were made words."""

    def __new__(cls, raw: bytes, joined: bytes) -> BatchBytes:
        made = super().__new__(cls, raw)
        made._joined = joined
        return made

    def linked(self) -> list[int]:
        """The places, ascending, of the texts that hold "http", "www." or "@"
        (:func:`models.language.has_links`), or may: the texts were joined with their ASCII
        characters as they are (each run of other characters made ASCII), so a text holding
        one holds it there too (a run made ASCII may make one more: that text is only read
        again). Three byte searches of the joined batch instead of a polars column of its texts
        (session 24: ``classify --file`` of 100k distinct titles 6.434 -> 6.249 G instructions,
        3 %)."""
        joined, starts = self._joined, []
        find = joined.find
        for mark in _LINK_MARKS:
            at = find(mark)
            while at >= 0:
                starts.append(at)
                at = find(mark, find(b"\x01", at))  # on from that text's end
        if not starts:
            return []
        ends = np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) == 1)
        return np.unique(np.searchsorted(ends, starts)).tolist()


#: What :func:`models.language.has_links` looks for in a text (all ASCII).
_LINK_MARKS = (b"http", b"www.", b"@")


def _ascii_made(texts: list[str], scripts: list[int] | None = None) -> tuple[int, list[str]] | None:
    """Each text with its non-ASCII characters as ``_batch_bytes`` reads them (lower-cased,
    accents folded, ``’`` as the stand-in byte, any other ``?``; ASCII letters are left to the
    translate table), and the number of ``’`` made stand-in bytes; None when a text holds the
    separator (the batch goes text by text). ``scripts``: a list the indices of the texts that
    hold a letter of another script (``_ANY_OTHER_SCRIPT``) are added to, ascending.

    The texts are joined by the separator and encoded as ASCII once: each run of non-ASCII
    characters goes to :func:`_ascii_run` (the same run worked out once), so the ASCII bulk of
    these texts is not lower-cased, folded and re-encoded in Python-visible passes."""
    block = _SEP.join(texts)
    typographic = block.count("’")
    places: list[int] = []
    _SCRIPT_PLACES.places = places if scripts is not None else None
    try:
        made = block.encode("ascii", _FOLD_ERRORS)
    finally:
        _SCRIPT_PLACES.places = None
    # A text holding the separator splits in more parts (the handler never writes it): told
    # here rather than by counting the block's characters first (≈ 15M a 100k scan, often at
    # four bytes each: an emoji in the block is enough).
    parts = made.decode("ascii").split(_SEP)
    if len(parts) != len(texts):
        return None
    if places and scripts is not None:
        seps = list(accumulate(len(text) + 1 for text in texts))  # each text's end (separator)
        for at in places:
            k = bisect_right(seps, at)
            if not scripts or scripts[-1] != k:
                scripts.append(k)
    return typographic, parts


_FOLD_ERRORS = "backlog_analyzer.fold"
_RUNS: dict[str, tuple[str, bool]] = {}  # a run of non-ASCII characters -> what it reads as
_RUNS_LIMIT = 1 << 14
_SCRIPT_PLACES = threading.local()  # .places: where the runs holding another script start


def _ascii_run(error: UnicodeEncodeError) -> tuple[str, int]:
    """The ASCII for a run of non-ASCII characters (an encode error handler): ``fold(lower())``,
    ``’`` as the stand-in byte, every other non-ASCII character ``?``. Per character this is
    what the whole text lower-cased and folded gives: ``str.lower``'s one context rule (a
    final sigma) picks between two Greek letters, both ``?`` here. A run holding a letter of
    another script has its start noted (when ``_ascii_made`` asks for them)."""
    run = error.object[error.start : error.end]
    found = _RUNS.get(run)
    if found is None:
        if len(_RUNS) > _RUNS_LIMIT:
            _RUNS.clear()
        out = fold(run.lower()).replace("’", _TYPO).encode("ascii", "replace").decode("ascii")
        found = _RUNS[run] = (out, _ANY_OTHER_SCRIPT.search(run) is not None)
    if found[1]:
        places = getattr(_SCRIPT_PLACES, "places", None)
        if places is not None:
            places.append(error.start)
    return found[0], error.end


codecs.register_error(_FOLD_ERRORS, _ascii_run)


def doc_texts(docs: Sequence[Any], chars: int) -> tuple[list[str], list[int], list[int]]:
    """Each doc's title and cut, cleaned description (:func:`models.features.doc_parts`), one
    after the other; the rows whose title or description (whole) is not all ASCII; and the rows
    whose cut description the cleaning changed (markup taken out): one loop over the batch
    (``str.isascii`` reads a flag)."""
    texts: list[str] = []
    wide: list[int] = []
    cleaned: list[int] = []
    append, markup = texts.append, _MARKUP.sub  # _clean inlined: a call per item is a fifth
    for row, doc in enumerate(docs):
        title, description = doc.title or "", doc.description or ""
        if not (title.isascii() and description.isascii()):
            wide.append(row)
        append(title)
        if description:
            cut = description[:chars]
            if "<" in cut or "&" in cut or "|" in cut:
                description = markup(" ", cut)
                if description is not cut:
                    cleaned.append(row)
            else:
                description = cut
        append(description)
    return texts, wide, cleaned


def batch_words(texts: Sequence[str]) -> list[str]:
    """``features.words`` of every text, in order, each text's words followed by ``_SEP``.

    One pass over the joined batch instead of one per text (:func:`_batch_bytes`); texts that
    themselves contain the separator or stand-in characters take the per-text path
    (:func:`fast_words`).
    """
    if not texts:
        return []
    raw = _batch_bytes(texts)
    if raw is None:
        out: list[str] = []
        for text in texts:
            out.extend(fast_words(text))
            out.append(_SEP)
        return out
    text = raw.decode("ascii")
    if _TYPO in text:
        text = text.replace(_TYPO, "’")
    return text.split()


_C1, _C2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)
_WORD_BYTES_MAX = 16  # words up to this long are looked up as two integers; longer ones by name
_WORD_TABLE_BITS_MAX = 24  # 16 M slots (256 MB of keys): a larger vocabulary uses strings
_WORD_ALPHABET = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789'\x02")
MARK = -3  # the id of a marked word (WordTable.build's ``marks``)
STORY_MARK = -4  # the id of a word that may open a user story (``marks`` can give it)


class WordTable:
    """Word ids straight from :func:`_batch_bytes`'s bytes, without making a string per word.

    Each word (up to 16 bytes) is read as two 64-bit integers (its bytes, zero-padded: no word
    byte is 0, so two words never give the same pair) and found in an open-addressing table
    of the vocabulary's words (linear probing, all probes of a batch at once); a longer word is
    decoded and looked up by name. The separator word maps to -2, a word not in the vocabulary
    to -1: the ids ``batch_words`` + a vocabulary look-up give (tested).
    """

    def __init__(self, bits: int, keys: np.ndarray, ids: np.ndarray, probes: int, long: dict):
        self.shift = np.uint64(64 - bits)
        self.key_low = np.ascontiguousarray(keys[:, 0])  # (0, 0) in an empty slot
        self.key_high = np.ascontiguousarray(keys[:, 1])
        self.ids_at = ids  # (2 ** bits,) int64
        self.probes = probes  # the longest probe sequence of any vocabulary word
        self.long = long  # words longer than _WORD_BYTES_MAX -> id
        self.mask = (1 << bits) - 1
        self.marks = bool((ids <= MARK).any()) or any(v <= MARK for v in long.values())
        low = np.zeros(_WORD_BYTES_MAX + 1, dtype=np.uint64)
        high = np.zeros(_WORD_BYTES_MAX + 1, dtype=np.uint64)
        for n in range(_WORD_BYTES_MAX + 1):
            kept = np.frombuffer((b"\xff" * n).ljust(_WORD_BYTES_MAX, b"\0"), dtype=np.uint64)
            low[n], high[n] = kept
        self.low, self.high = low, high  # per length: which bytes of the two integers are the word

    @classmethod
    def build(
        cls, vocabulary: dict[str, int], marks: Iterable[str] | dict[str, int] = ()
    ) -> WordTable | None:
        """The table of the vocabulary's single words (bigrams and metadata never match a
        word); None for a vocabulary too large for it. ``marks``: words that are not features
        but whose places :meth:`ids` can tell (``MARK``, or per word its mark: ``MARK`` or
        ``STORY_MARK``)."""
        words: dict[bytes, int] = {b"\x01": -2}
        long: dict[str, int] = {}
        if not isinstance(marks, dict):
            marks = dict.fromkeys(marks, MARK)
        vocabulary = {**marks, **vocabulary}  # a feature stays a feature
        for feature, index in vocabulary.items():
            raw = feature.replace("’", "\x02").encode("ascii", "replace")
            if not raw or not set(raw) <= _WORD_ALPHABET:
                continue  # not a word a batch can hold
            if len(raw) > _WORD_BYTES_MAX:
                long[feature] = index
            else:
                words[raw] = index
        bits = max(12, (len(words) * 8 - 1).bit_length())  # at most 1/8 full: short probes
        if bits > _WORD_TABLE_BITS_MAX:
            return None
        size = 1 << bits
        keys = np.zeros((size, 2), dtype=np.uint64)
        ids = np.full(size, -1, dtype=np.int64)
        pairs = np.frombuffer(b"".join(w.ljust(_WORD_BYTES_MAX, b"\0") for w in words), np.uint64)
        pairs = pairs.reshape(-1, 2)
        home = cls._slots(pairs[:, 0], pairs[:, 1], np.uint64(64 - bits))
        probes = 0
        for (low, high), index, slot in zip(
            pairs.tolist(), words.values(), home.tolist(), strict=True
        ):
            steps = 0
            while keys[slot, 0] or keys[slot, 1]:
                slot, steps = (slot + 1) & (size - 1), steps + 1
            keys[slot] = (low, high)
            ids[slot] = index
            probes = max(probes, steps)
        return cls(bits, keys, ids, probes, long)

    @staticmethod
    def _slots(low: np.ndarray, high: np.ndarray, shift: np.uint64) -> np.ndarray:
        with np.errstate(over="ignore"):
            mixed = low * _C1
            mixed += high * _C2
        return (mixed >> shift).astype(np.intp)

    def ids(self, raw: bytes, marked: bool = False) -> np.ndarray:
        """The id of every space-separated word of ``raw``, in order; a marked word is -1 (not
        a feature), or its mark (``MARK``, ``STORY_MARK``) with ``marked``."""
        codes = np.frombuffer(raw, dtype=np.uint8)
        inside = np.zeros(len(codes) + 2, dtype=np.bool_)
        np.not_equal(codes, 32, out=inside[1:-1])
        bounds = np.flatnonzero(inside[1:] != inside[:-1])
        starts, lengths = bounds[0::2], bounds[1::2] - bounds[0::2]
        # Every word's first 16 bytes as two integers (a 16-byte window starting at the word).
        padded = raw + bytes(_WORD_BYTES_MAX)
        windows = np.ndarray(
            (len(codes),), dtype=f"V{_WORD_BYTES_MAX}", buffer=padded, strides=(1,)
        )
        pairs = windows[starts].view(np.uint64)
        kept = np.minimum(lengths, _WORD_BYTES_MAX)
        low, high = pairs[0::2] & self.low[kept], pairs[1::2] & self.high[kept]
        slot = self._slots(low, high, self.shift)
        key_low, key_high, ids_at = self.key_low, self.key_high, self.ids_at
        found = ids_at[slot]
        hit = (key_low[slot] == low) & (key_high[slot] == high)
        out = np.where(hit, found, -1)
        pending = np.flatnonzero(~hit & (found != -1))  # an empty slot (-1) ends the search
        for _ in range(self.probes):
            if not len(pending):
                break
            at = (slot[pending] + 1) & self.mask
            slot[pending] = at
            found = ids_at[at]
            hit = (key_low[at] == low[pending]) & (key_high[at] == high[pending])
            out[pending[hit]] = found[hit]
            pending = pending[~hit & (found != -1)]
        for j in np.flatnonzero(lengths > _WORD_BYTES_MAX).tolist():
            word = raw[starts[j] : starts[j] + lengths[j]].decode("ascii").replace(_TYPO, "’")
            out[j] = self.long.get(word, -1)
        if not marked and self.marks:
            out[out <= MARK] = -1
        return out


def _ranked(rows: np.ndarray, cols: np.ndarray, push: np.ndarray, n: int, spare: int) -> np.ndarray:
    """(n, spare): per row, the columns of its ``spare`` strongest pushes, strongest first, the
    first column on ties (``rows`` ascending, and within a row ``cols`` ascending); -1 pads.

    Each row's pushes go into one row of a grid and a stable sort along the rows ranks them;
    a grid too large (a doc with thousands of features) takes one lexsort instead."""
    counts = np.bincount(rows, minlength=n)
    position = np.arange(len(rows)) - (np.cumsum(counts) - counts)[rows]
    width = int(counts.max())
    candidates = np.full((n, spare), -1, dtype=np.int64)
    if n * width <= _GRID_LIMIT:
        grid = np.full((n, width), np.inf)
        grid[rows, position] = -push
        order = np.argsort(grid, axis=1, kind="stable")[:, :spare]
        found = np.full((n, width), -1, dtype=np.int64)
        found[rows, position] = cols
        ranked = np.take_along_axis(found, order, axis=1)
        candidates[:, : ranked.shape[1]] = ranked
        return candidates
    order = np.lexsort((-push, rows))  # stable: the first column on ties
    rows, cols = rows[order], cols[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, np.arange(n))[rows]
    keep = rank < spare
    candidates[rows[keep], rank[keep]] = cols[keep]
    return candidates


def chosen_terms(candidates: np.ndarray, parts: np.ndarray, count: int) -> np.ndarray:
    """(n, count): per row, its ranked ``candidates`` (columns, -1 pads, :func:`_ranked`) taken
    greedily, skipping a column that shares a word id (``parts[column]``, -1 pads) with one
    already taken, up to ``count``; -1 pads.

    A row whose first ``count`` candidates share no word takes them as they are (≈ 95 % of a
    generated board's rows: one check of their pairs for all rows at once); only the others
    walk the ranks (:func:`_greedy_terms`, session 17)."""
    first = candidates[:, :count]
    covers = parts.take(first, axis=0)  # (n, count, width); a -1 pad reads a column: masked
    covers[first < 0] = -1
    clash = np.zeros(len(first), dtype=np.bool_)
    ranks = first.shape[1]
    for a in range(ranks):
        mine = covers[:, a, :, None]
        known = mine >= 0
        for b in range(a + 1, ranks):
            clash |= ((mine == covers[:, b, None, :]) & known).any(axis=(1, 2))
    chosen = np.full((len(first), count), -1, dtype=np.int64)
    chosen[:, :ranks] = first
    rest = np.flatnonzero(clash)
    if len(rest):
        chosen[rest] = _greedy_terms(candidates.take(rest, axis=0), parts, count)
    return chosen


def _greedy_terms(candidates: np.ndarray, parts: np.ndarray, count: int) -> np.ndarray:
    """:func:`chosen_terms` by walking the ranks of all rows at once: at each rank, the rows
    still short of ``count`` take their candidate unless it shares a word with one taken."""
    n, spare = candidates.shape
    width = parts.shape[1]
    chosen = np.full((n, count), -1, dtype=np.int64)
    taken = np.full((n, count * width), -2, dtype=np.int64)
    counts = np.zeros(n, dtype=np.int64)
    for c in range(spare):
        col = candidates[:, c]
        live = np.flatnonzero((col >= 0) & (counts < count))
        if not len(live):
            break
        col = col[live]
        covers = parts[col]  # (m, width) word ids, -1 pads
        clash = ((covers[:, :, None] == taken[live, None, :]) & (covers[:, :, None] >= 0)).any(
            axis=(1, 2)
        )
        live, col, covers = live[~clash], col[~clash], covers[~clash]
        slot = counts[live]
        chosen[live, slot] = col
        taken[live[:, None], slot[:, None] * width + np.arange(width)] = covers
        counts[live] += 1
    return chosen


def _rows_for(groups: Sequence[Sequence[object]]) -> np.ndarray:
    lengths = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    return np.repeat(np.arange(len(groups), dtype=np.int64), lengths)


def other_script_rows(texts: Sequence[str], rows: Sequence[int]) -> list[int]:
    """The ``rows`` (one per text, in order) whose text holds a letter of a script other than
    Latin (``models.language``'s quick test), found by one search over the joined texts that
    moves on to the next text at each hit: a batch's few non-ASCII texts with an em dash or an
    accent cost one scan, not one call each."""
    joined = "\n".join(texts)
    ends = list(accumulate(len(text) + 1 for text in texts))  # each text's end, its newline
    out: list[int] = []
    search, at = _ANY_OTHER_SCRIPT.search, 0
    while (found := search(joined, at)) is not None:
        k = bisect_right(ends, found.start())
        out.append(rows[k])
        at = ends[k]
    return out


try:  # the kernel behind scipy's sparse @ sparse, called without its counting pass
    from scipy.sparse._sparsetools import csr_matmat as _csr_matmat
except ImportError:  # pragma: no cover - another scipy: the public product
    _csr_matmat = None
#: Entries of a product (rows × columns) up to which :func:`csr_product` sizes its arrays by
#: its shape alone (4M: 48 MiB at most, never all written).
_PRODUCT_SHAPE_SIZED = 1 << 22


def csr_product(
    a: sparse.csr_matrix, b: sparse.csr_matrix
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``a @ b`` (CSR) as (indptr, indices, data): scipy's own kernel, the same sums bit for bit,
    without the pass that counts the product's entries first (half its time). Its arrays are
    sized by ``a``'s rows × ``b``'s columns (no pass over ``a``'s entries) or, above
    ``_PRODUCT_SHAPE_SIZED`` of those, by the least of that and a bound read from ``a``'s
    entries (each entry of the product comes from at least one pair of entries of ``a`` and
    ``b``), then cut; its indices are 32-bit when they fit (no 64-bit copies of ``a``'s).
    Other dtypes, or two different ones, take scipy's product. (Session 19: one kernel for
    the phrases' few columns and the nearest example's search, which had a copy of their own.)"""
    m, n = a.shape[0], b.shape[1]
    if _csr_matmat is None or a.dtype != b.dtype or a.dtype not in (np.float32, np.float64):
        product = sparse.csr_matrix(a @ b)
        return product.indptr, product.indices, product.data
    size = m * n
    if size > _PRODUCT_SHAPE_SIZED:  # e.g. every row of a big batch against every example
        size = min(size, int(np.diff(b.indptr).take(a.indices).sum()))
    index = np.int32 if max(a.nnz, b.nnz, size, a.shape[1], n) < 2**31 else np.int64
    indptr = np.empty(m + 1, dtype=index)
    indices = np.empty(size, dtype=index)
    data = np.empty(size, dtype=a.dtype)
    _csr_matmat(
        m,
        n,
        a.indptr.astype(index, copy=False),
        a.indices.astype(index, copy=False),
        a.data,
        b.indptr.astype(index, copy=False),
        b.indices.astype(index, copy=False),
        b.data,
        indptr,
        indices,
        data,
    )
    nnz = int(indptr[-1])
    return indptr, indices[:nnz], data[:nnz]


def sparse_first_max(a: sparse.csr_matrix, b: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``a @ b``: the column of its largest value (the first on ties, 0 for a row of
    zeros) and that value, as ``argmax`` of the dense product gives them, read from the stored
    values: where a row's largest stored value is positive, it beats the zeros left out and the
    first column holding it is the answer; other rows (none, when every value is >= 0 and none
    is NaN) are made dense one by one."""
    indptr, indices, data = csr_product(a, b)
    m = a.shape[0]
    counts = np.diff(indptr)
    pick = np.zeros(m, dtype=np.int64)
    value = np.zeros(m, dtype=np.float32)
    filled = np.flatnonzero(counts)
    if len(filled):
        starts = indptr[filled]
        top = np.maximum.reduceat(data, starts)
        # The places holding their row's largest value (about one a row), and each one's row:
        # the least column among a row's is the first largest of the dense product.
        at = np.flatnonzero(data == np.repeat(top, counts[filled]))
        owner = np.searchsorted(starts, at, side="right") - 1
        first = np.flatnonzero(np.diff(owner, prepend=-1))
        pick[filled[owner[first]]] = np.minimum.reduceat(indices.take(at), first)
        value[filled] = top
        odd = top <= 0
        if len(first) < len(filled):  # a largest value equal to none of its row's (NaN)
            odd[np.setdiff1d(np.arange(len(filled)), owner[first])] = True
        for row in filled[odd].tolist():
            dense = np.zeros(b.shape[1], dtype=data.dtype)
            dense[indices[indptr[row] : indptr[row + 1]]] = data[indptr[row] : indptr[row + 1]]
            pick[row] = dense.argmax()
            value[row] = dense[pick[row]]
    return pick, value


def row_sums(matrix: sparse.csr_matrix, vector: np.ndarray) -> np.ndarray:
    """Per row of ``matrix`` (CSR), its stored values times ``vector`` at their columns, added
    one by one in the row's stored order from 0.0: ``np.bincount(rows, weights=matrix.data *
    vector[matrix.indices], minlength=n)`` bit for bit (each product rounded, then added in
    turn: scipy's ``csr_matvec`` loop; tested), in one pass over the entries instead of a
    gather, a product and a scatter (session 15)."""
    return np.asarray(matrix @ vector, dtype=np.float64)


def rows_replaced(
    matrix: sparse.csr_matrix, at: np.ndarray, new: sparse.csr_matrix, which: np.ndarray
) -> sparse.csr_matrix:
    """``matrix`` (CSR) with its rows ``at`` (ascending, distinct) replaced by the rows
    ``which`` of ``new`` (as many, the same columns), each row's entries as they are stored:
    the stored arrays' runs between replaced rows are joined once (a few rows are replaced in
    a batch of thousands; no ``vstack`` and fancy index, several passes over all of it)."""
    old, fresh = matrix.indptr, new.indptr
    lengths = np.diff(old)
    lengths[at] = fresh[which + 1] - fresh[which]
    indptr = np.zeros(len(old), dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    data: list[np.ndarray] = []
    indices: list[np.ndarray] = []
    od, oi, nd, ni = matrix.data, matrix.indices, new.data, new.indices
    done = 0  # the old entries up to here are taken
    runs = old[at].tolist(), old[at + 1].tolist(), fresh[which].tolist(), fresh[which + 1].tolist()
    for start, end, first, last in zip(*runs, strict=True):
        data += (od[done:start], nd[first:last])
        indices += (oi[done:start], ni[first:last])
        done = end
    data.append(od[done:])
    indices.append(oi[done:])
    return sparse.csr_matrix(
        (np.concatenate(data), np.concatenate(indices), indptr), shape=matrix.shape
    )
