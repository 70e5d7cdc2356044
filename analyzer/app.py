"""The typer application and the one place that turns known errors into a line and an exit code."""

from __future__ import annotations

import contextlib
import errno
import inspect
import logging
import os
import re
import sys
import traceback
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from analyzer.errors import OptionError, ReportWriteError, UnknownFormatError
from connectors.credentials import CredentialsWarning
from connectors.interface import RemoteError, SourceError
from models.interface import ModelError

try:  # recent typer vendors click
    from typer._click import exceptions as _click_errors
except ImportError:  # pragma: no cover - typer on top of click
    from click import exceptions as _click_errors


class _App(typer.Typer):
    """The typer app, with usage errors (unknown option, missing argument, bad value) as one line
    on stderr and exit code 2, like every other error, instead of a usage box."""

    def __call__(self, *args, **kwargs):
        if kwargs.get("standalone_mode", True) is False:
            return super().__call__(*args, **kwargs)
        kwargs["standalone_mode"] = False
        _state["said"] = False
        _tolerant_streams()
        try:
            code = super().__call__(*args, **kwargs)
        except _click_errors.NoArgsIsHelpError as error:
            # No arguments: the help, which rich mode has printed already; plain mode has it here.
            if error.format_message().strip():
                typer.echo(error.format_message())
            sys.exit(error.exit_code)
        except _click_errors.ClickException as error:
            message = " ".join(error.format_message().split()).rstrip(".")
            ctx = getattr(error, "ctx", None)
            hint = f"; see '{ctx.command_path} --help'" if ctx is not None else ""
            if message.startswith("No such option: --debug"):
                hint = f"; --debug goes before the command: {self.info.name} --debug COMMAND ..."
            typer.echo(f"{self.info.name}: error: {safe_line(message)}{hint}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo(f"{self.info.name}: error: aborted", err=True)
            sys.exit(1)
        except SystemExit as stop:
            if _broken_pipe_exit(stop):  # help piped into `head`: 0, as for a report
                sys.exit(0)
            raise
        except KeyboardInterrupt:  # Ctrl-C while typer builds the commands, before parsing
            typer.echo(f"{self.info.name}: error: interrupted", err=True)
            sys.exit(130)
        except OSError as error:  # e.g. stdout on a full disk: not a bug, nothing to report
            if debug_enabled():
                raise
            reason = error.strerror or _without_secrets(" ".join(str(error).split()))
            if error.filename:
                reason = f"{_without_secrets(error.filename)}: {reason}"
            elif error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO):
                reason = f"cannot write: {reason}"
            typer.echo(f"{self.info.name}: error: {safe_line(reason)}", err=True)
            _drop_stdout()
            sys.exit(IO_ERROR)
        except Exception as error:  # a bug: one line (the traceback with --debug), not a wall
            if debug_enabled():
                raise
            where = f" ({_origin(error)})" if _origin(error) else ""
            reason = safe_line(" ".join(str(error).split()))[:200] or "no message"
            typer.echo(
                f"{self.info.name}: internal error: {type(error).__name__}{where}: {reason}; "
                f"this is a bug: re-run with --debug ({self.info.name} --debug COMMAND ...) and "
                "report the traceback",
                err=True,
            )
            sys.exit(INTERNAL_ERROR)
        if code == 130 and not _state["said"]:  # Ctrl-C outside user_errors(): typer's Exit(130)
            typer.echo(f"{self.info.name}: error: interrupted", err=True)
        sys.exit(code if isinstance(code, int) else 0)


@contextmanager
def _warnings_as_lines(name: str = "backlog-analyzer") -> Iterator[None]:
    """Warnings the library issues for the user (:class:`CredentialsWarning`) become one
    ``NAME: warning: ...`` line on stderr each time; other warnings are left to Python."""
    with warnings.catch_warnings():
        warnings.simplefilter("always", CredentialsWarning)
        shown = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):  # noqa: ANN001
            if issubclass(category, CredentialsWarning):
                typer.echo(f"{name}: warning: {safe_line(message)}", err=True)
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        yield


class _NoteLines(logging.Handler):
    """A record of the store (an upgrade that changes what a report reads: ``Store.
    upgrade_notes``) as a ``NAME: note: ...`` line on stderr, as the CLI tells store events."""

    def __init__(self, name: str) -> None:
        super().__init__(logging.INFO)
        self.name_shown = name

    def emit(self, record: logging.LogRecord) -> None:
        typer.echo(f"{self.name_shown}: note: {safe_line(record.getMessage())}", err=True)


@contextmanager
def _store_notes_as_lines(name: str = "backlog-analyzer") -> Iterator[None]:
    """The store's INFO records (``backlog_analyzer.store``) become note lines while a command
    runs (once, however deep the commands nest); a library user's logging is left alone."""
    logger = logging.getLogger("backlog_analyzer.store")
    if any(isinstance(handler, _NoteLines) for handler in logger.handlers):
        yield
        return
    with info_records_to(logger, _NoteLines(name)):
        yield


@contextmanager
def info_records_to(logger: logging.Logger, handler: logging.Handler) -> Iterator[None]:
    """``logger``'s INFO records go to ``handler`` alone while the block runs (not propagated to
    the root, so a library user's logging sees none of them); its level and handlers after."""
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def _tolerant_streams() -> None:
    """A terminal or pipe whose encoding lacks a character (``PYTHONIOENCODING=latin-1``, a
    non-UTF-8 locale) gets ``\\u2014`` instead of a crash half-way through the report."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


#: Exit code of an unexpected error (a bug), apart from 1 (flags) and 2/3 (input, remote).
INTERNAL_ERROR = 70
#: Exit code of an OSError nothing else reported, e.g. stdout on a full disk (not a bug).
IO_ERROR = 74


def _drop_stdout() -> None:
    """Anything stdout still holds is dropped, so the flush at exit does not fail again."""
    with contextlib.suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit


def _broken_pipe_exit(stop: SystemExit) -> bool:
    """Whether ``stop`` is rich's or typer's exit 1 for a closed stdout (a reader that left)."""
    if stop.code != 1:
        return False
    if type(sys.stdout).__name__ == "PacifyFlushWrapper":  # typer's EPIPE handler
        return True
    tb = stop.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code.co_name == "on_broken_pipe"  # rich Console


#: A secret-looking URL parameter's value; sentence punctuation after it (``...=abc).``) stays.
_SECRET_PARAM = re.compile(
    r"(?i)\b(key|token|api_?token|apikey|password|pat|secret|signature)=[^&\s'\"]+?"
    r"(?=[.,;:!?)\]>]*(?:[&\s'\"]|$))"
)


#: The user:password@ part of any URL in a message (``http://alice:SECRET@host``).
_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@'\"]+@")


def _without_secrets(text: object) -> str:
    """An unexpected error's text with known secrets, the user info of URLs and secret-looking
    URL parameters (``?key=...&token=...``, as the Trello client sends them) masked."""
    from connectors.credentials import redact

    return _URL_USERINFO.sub(r"\1***@", _SECRET_PARAM.sub(r"\1=***", redact(text)))


def safe_line(text: object) -> str:
    """A line for the terminal: no secret (see :func:`_without_secrets`), and no control
    character or escape sequence from a file name or board data (shown as ␛, ␇ ...)."""
    from connectors.mapping.clean import printable

    return printable(_without_secrets(text))


def _origin(error: BaseException) -> str:
    """``module.py:LINE`` where ``error`` was raised, for the one-line report of a bug."""
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return ""
    return f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}"


app = _App(
    name="backlog-analyzer",
    help="Learn who really does product work on a Jira project or a Trello board.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Rich tracebacks print local variables, and a local can hold a token.
    pretty_exceptions_enable=False,
)

_state = {"debug": False, "said": False}  # said: an error line was printed


def debug_enabled() -> bool:
    return _state["debug"]


def _version() -> str:
    import importlib.metadata  # ≈ 13 ms, for --version only

    try:
        return importlib.metadata.version("backlog-analyzer")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout that is not installed
        return "unknown (not installed)"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"backlog-analyzer {_version()}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback on errors."),
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        callback=_print_version,
        is_eager=True,
        help="Print the version and exit.",
    ),
) -> None:
    _state["debug"] = debug


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise."""
    typer.echo(f"backlog-analyzer: error: {safe_line(message)}", err=True)
    _state["said"] = True
    return typer.Exit(code)


def _debug_exit(code: int) -> typer.Exit:
    """``--debug``: the traceback (without local variables, which can hold a token) on stderr,
    and the same exit code as without ``--debug``."""
    traceback.print_exc(file=sys.stderr)
    _state["said"] = True
    return typer.Exit(code)


def _no_type_beside_flags() -> None:
    """Typer 0.29's rich help prints ``<bool>`` beside every flag (as if ``--full`` took a
    value) and ``<list[str]>`` beside arguments already named by a metavar: show neither."""
    try:
        from typer.core import TyperArgument, TyperOption
    except ImportError:  # pragma: no cover - another typer layout: leave its help alone
        return
    option_type = getattr(TyperOption, "display_type_rich", None)
    argument_type = getattr(TyperArgument, "display_type_rich", None)
    if option_type is None or argument_type is None or getattr(option_type, "_quiet", False):
        return

    def quiet_option(self, ctx):
        return None if self.is_flag else option_type(self, ctx)

    def quiet_argument(self, ctx):
        return None if self.metavar else argument_type(self, ctx)

    quiet_option._quiet = quiet_argument._quiet = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = quiet_option
    TyperArgument.display_type_rich = quiet_argument


_no_type_beside_flags()


def reflow_help(typer_app: typer.Typer) -> None:
    """Give every command the help of its docstring with each paragraph on one line: typer
    keeps a docstring's line breaks, so wrapped source lines show as ragged help text."""
    for info in typer_app.registered_commands:
        if info.help is None and info.callback is not None and info.callback.__doc__:
            paragraphs = inspect.cleandoc(info.callback.__doc__).split("\n\n")
            info.help = "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            reflow_help(group.typer_instance)


#: The one table from a known error to its exit code: the first row the error is an instance of
#: wins (subclasses before their bases). The message is the error's one-line ``str()``.
EXIT_CODES: tuple[tuple[type[Exception], int], ...] = (
    (RemoteError, 3),  # the service kept failing; what was fetched is kept
    (ReportWriteError, 74),  # disk full / I/O error while writing the report
    (SourceError, 2),  # bad input: a file, a store, credentials, a project or board
    (ModelError, 2),  # a model or training file that cannot be used
    (OptionError, 2),  # an option value that cannot be used
    (UnknownFormatError, 2),  # a report format nobody provides
)
KNOWN_ERRORS: tuple[type[Exception], ...] = tuple(cls for cls, _ in EXIT_CODES)


def exit_code_for(error: BaseException) -> int:
    return next(code for cls, code in EXIT_CODES if isinstance(error, cls))


#: The Ctrl-C line of commands that fetch into the store (where a re-run resumes).
INTERRUPTED_FETCH = "interrupted; everything fetched so far is kept, re-run to resume"


@contextmanager
def user_errors(interrupted: str = "interrupted") -> Iterator[None]:
    """Known errors become one line on stderr and an exit code; ``--debug`` adds the traceback.
    Warnings the library issues for the user become one line each, and so do the store's
    notes (an upgrade that changes what a report reads).

    ``interrupted`` is the line for Ctrl-C (exit 130), e.g. :data:`INTERRUPTED_FETCH`.
    """
    try:
        with _warnings_as_lines(), _store_notes_as_lines():
            yield
    except KNOWN_ERRORS as exc:
        code = exit_code_for(exc)
        if debug_enabled():
            raise _debug_exit(code) from None
        raise fail(str(exc), code) from None
    except KeyboardInterrupt:
        if debug_enabled():
            raise _debug_exit(130) from None
        raise fail(interrupted, 130) from None
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(0) from None
