"""The typer application and the one place that turns known errors into a line and an exit code."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from connectors.interface import SourceError
from models.interface import ModelError

app = typer.Typer(
    name="backlog-analyzer",
    help="Learn who really does product work on a Jira project or a Trello board.",
    no_args_is_help=True,
    add_completion=False,
    # Rich tracebacks print local variables, and a local can hold a token.
    pretty_exceptions_enable=False,
)

_state = {"debug": False}


def debug_enabled() -> bool:
    return _state["debug"]


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback on errors."),
) -> None:
    _state["debug"] = debug


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise."""
    typer.echo(f"backlog-analyzer: error: {message}", err=True)
    return typer.Exit(code)


def _debug_exit(code: int) -> typer.Exit:
    """``--debug``: the traceback (without local variables, which can hold a token) on stderr,
    and the same exit code as without ``--debug``."""
    traceback.print_exc(file=sys.stderr)
    return typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Known errors become one line on stderr and an exit code; ``--debug`` adds the traceback."""
    try:
        yield
    except (SourceError, ModelError) as exc:
        code = getattr(exc, "exit_code", 2)
        if debug_enabled():
            raise _debug_exit(code) from None
        raise fail(str(exc), code) from None
    except KeyboardInterrupt:
        if debug_enabled():
            raise _debug_exit(130) from None
        raise fail(
            "interrupted; everything fetched so far is kept, re-run to resume", 130
        ) from None
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(0) from None
