"""Entry point: import every command module so it registers on the app, then run it."""

from __future__ import annotations

import sys

from _backlog_analyzer_runtime.blas_threads import one_blas_thread

one_blas_thread()  # before anything imports numpy: a BLAS library reads it when it loads

try:
    from analyzer import commands  # noqa: F401
    from analyzer.app import app, reflow_help
except (KeyboardInterrupt, RuntimeError) as error:  # Ctrl-C while the commands load
    # (Ctrl-C inside a class body can surface as RuntimeError "Error calling __set_name__")
    if not isinstance(error, KeyboardInterrupt) and not isinstance(
        error.__cause__, KeyboardInterrupt
    ):
        raise
    sys.stderr.write("backlog-analyzer: error: interrupted\n")
    raise SystemExit(130) from None

reflow_help(app)

__all__ = ["app", "main"]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
