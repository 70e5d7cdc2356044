"""The command line's BLAS on one thread, unless the user chose otherwise.

The classifier's matrix products are small (a batch against the model's rows), so a second BLAS
thread finishes nothing sooner; OpenBLAS's idle threads spin between calls instead. Measured on a
2-core machine, ``classify --file`` on 1M distinct titles: 19.6 CPU s unpinned against 10.1
pinned, the same wall time (10.3 s and 10.2 s); a scan of 100k items 5.2 against 4.6 CPU s. On a
machine with more cores the spinning costs more. A library user's process is left alone: only
the CLI calls this, before numpy is imported (a BLAS library reads these at load).
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

#: What the user may have set to choose BLAS's threads: any of them set, none is changed.
CHOSEN = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
#: What is set to one otherwise: OpenBLAS (numpy's and scipy's wheels), MKL, Apple's Accelerate.
SET = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")


def one_blas_thread(environ: MutableMapping[str, str] = os.environ) -> bool:
    """Set the BLAS libraries' thread counts to one when the user set none; True if it did."""
    if any(environ.get(name) for name in CHOSEN):
        return False
    for name in SET:
        environ[name] = "1"
    return True
