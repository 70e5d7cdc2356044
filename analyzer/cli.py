"""Entry point: import every command module so it registers on the app, then run it."""

from __future__ import annotations

import sys

try:
    from analyzer import commands  # noqa: F401
    from analyzer.app import app
except KeyboardInterrupt:  # Ctrl-C while the command modules load: no traceback
    sys.stderr.write("backlog-analyzer: error: interrupted\n")
    raise SystemExit(130) from None

__all__ = ["app", "main"]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
