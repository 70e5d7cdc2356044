"""Entry point: import every command module so it registers on the app, then run it."""

from __future__ import annotations

from analyzer import commands  # noqa: F401
from analyzer.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
