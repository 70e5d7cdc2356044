"""Give the pages of freed memory back to the system between a scan's stages (glibc only).

A scan frees its board's descriptions once the items are classified (hundreds of MB at 1M
items), but glibc keeps freed heap blocks mapped: the process stays that big while the analysis
then maps its arrays (tens of MB each, above malloc's mmap threshold) from fresh pages, so the
peak is the two added. ``malloc_trim(0)`` hands every whole free page back (it also releases
pages in the middle of the heap, not only its top); the next allocations take new pages as usual.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable

_TRIM: Callable[[int], int] | None | bool = False  # False: not looked up yet; None: no glibc


def _malloc_trim() -> Callable[[int], int] | None:
    global _TRIM
    if _TRIM is False:
        _TRIM = None
        name = ctypes.util.find_library("c")
        try:
            _TRIM = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
        except OSError:  # a libc that cannot be loaded: nothing to trim
            _TRIM = None
    return _TRIM  # type: ignore[return-value]


def release_free_memory() -> bool:
    """Return the freed heap's whole pages to the kernel; False where the C library has no
    ``malloc_trim`` (macOS, Windows, musl): nothing happens there."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
