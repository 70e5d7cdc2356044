"""Hostile and odd input (issue 15): each case ends in a report (bad records skipped and counted,
with their reason) or one line on stderr with exit 2 — never an internal error, a hang, a raw
escape sequence or a secret. The numbers in the section titles are the issue's."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from ownership_boards import KeywordModel
from typer.testing import CliRunner

import analyzer.pipeline
from analyzer.cli import app
from analyzer.roles import RolesFileError, parse_roles_file
from connectors import credentials as cr
from connectors.small_files import SMALL_FILE_LIMIT, SmallFileError, read_small_text

FIXTURES = Path(__file__).parent / "fixtures"
BOARD = FIXTURES / "trello_board_basic.json"


@pytest.fixture(autouse=True)
def keyword_model(monkeypatch):
    """Reports are classified by the tests' keyword model (the bundled one is tested elsewhere)."""
    real = analyzer.pipeline.load_role_model

    def load(model=None):
        return real(model) if model is not None else (KeywordModel(), "keyword-test")

    monkeypatch.setattr(analyzer.pipeline, "load_role_model", load)


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("BACKLOG_ANALYZER_DB", str(tmp_path / "default-store.sqlite"))
    monkeypatch.setenv("BACKLOG_ANALYZER_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args, color: bool = False):
    """The CLI in this process; ``color=True`` keeps escape sequences as a terminal gets them."""
    return CliRunner().invoke(app, [str(a) for a in args], color=color)


def one_error_line(result) -> str:
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("backlog-analyzer: error: "), lines[0]
    return lines[0]


# -- 6. --roles: a size limit, no FIFO or device ------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_roles_from_a_device_is_refused_without_reading_it(env):
    result = run("scan", BOARD, "--roles", "/dev/zero")
    assert result.exit_code == 2
    assert "is not a regular file" in one_error_line(result)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_roles_from_a_fifo_without_writer_does_not_hang(env):
    fifo = env / "roles.fifo"
    os.mkfifo(fifo)
    result = run("scan", BOARD, "--roles", fifo)
    assert result.exit_code == 2
    assert "is not a regular file" in one_error_line(result)


def test_a_huge_roles_file_is_refused(env):
    big = env / "big.toml"
    big.write_bytes(b"# " + b"x" * SMALL_FILE_LIMIT + b"\n")
    with pytest.raises(RolesFileError, match="is larger than"):
        parse_roles_file(big)


# -- 12. a roles file with a UTF-8 BOM, in UTF-16; a UTF-16 credentials file ---------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_roles_file_with_a_bom_is_read(env, encoding):
    path = env / "roles.toml"
    path.write_bytes('[people]\n"Tomás Ortega" = "po"\n'.encode(encoding))
    roles = parse_roles_file(path)
    assert roles.people == {"tomás ortega": ["po"]}
    result = run("scan", BOARD, "--roles", path, "-f", "json")
    assert result.exit_code == 0, result.stderr


def test_utf16_credentials_file_is_read(tmp_path):
    path = tmp_path / "credentials.toml"
    path.write_bytes(
        codecs.BOM_UTF16_LE + '[jira]\nserver = "https://x.example"\n'.encode("utf-16-le")
    )
    path.chmod(0o600)
    warnings: list[str] = []
    config = cr.load_config(path, warn=warnings.append)
    assert warnings == [] and config["jira"]["server"] == "https://x.example"


def test_undecodable_credentials_file_is_a_warning(tmp_path):
    path = tmp_path / "credentials.toml"
    path.write_bytes(b"[jira]\nserver = '\xff\xfe\xfd'\n")
    path.chmod(0o600)
    warnings: list[str] = []
    assert cr.load_config(path, warn=warnings.append) == {}
    assert len(warnings) == 1 and "not a text file" in warnings[0]


def test_read_small_text_refuses_what_is_not_a_small_regular_file(tmp_path):
    with pytest.raises(SmallFileError) as missing:
        read_small_text(tmp_path / "nope")
    assert missing.value.missing
    with pytest.raises(SmallFileError, match="is a directory"):
        read_small_text(tmp_path)
    (tmp_path / "f").write_bytes(b"x" * 11)
    with pytest.raises(SmallFileError, match="larger than"):
        read_small_text(tmp_path / "f", limit=10)
    assert read_small_text(tmp_path / "f", limit=11) == "x" * 11
