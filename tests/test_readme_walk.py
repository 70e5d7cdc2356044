"""What a new user following README.md met (session 35's walk through every command block): an
--output that may not be written, and `report --source` given a Jira project's name."""

from __future__ import annotations

import errno
import re
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.output import write_output
from connectors.interface import SourceError
from tests.cli_helpers import one_error_line
from tests.fakes import jira_cli
from tests.fakes.jira_cli import run as jira_run

FIXTURES = Path(__file__).parent / "fixtures"
BOARD = FIXTURES / "trello_board_basic.json"

# the fake Jira and the CLI against it (tests/fakes/jira_cli.py), as tests/test_live_cli.py
fake, env = jira_cli.fake, jira_cli.env

pytestmark = pytest.mark.usefixtures("keyword_model")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_a_read_only_report_file_is_refused_not_replaced(tmp_path: Path) -> None:
    # The report is written beside the file and renamed over it, which needs only the folder's
    # permission: a file the user made read-only was silently replaced (exit 0).
    out = tmp_path / "report.html"
    out.write_text("the report I keep\n")
    out.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    with pytest.raises(SourceError, match="the file is read-only; make it writable or pick"):
        write_output(out, "new report\n")
    assert out.read_text() == "the report I keep\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_scan_into_a_read_only_file_is_one_line_exit_2(cli_home: Path) -> None:
    out = cli_home / "report.md"
    out.write_text("kept\n")
    out.chmod(0o444)
    result = run("scan", BOARD, "-o", out)
    assert result.exit_code == 2
    assert "report.md: the file is read-only" in one_error_line(result)
    assert out.read_text() == "kept\n"


def test_a_folder_not_writable_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    # As root the suite cannot meet a folder it may not write to: the refusal is simulated.
    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("analyzer.output.tempfile.mkstemp", refused)
    with pytest.raises(SourceError) as caught:
        write_output(tmp_path / "r.json", "{}\n")
    assert str(caught.value) == (
        f"{tmp_path / 'r.json'}: cannot write the report (Permission denied); pick another "
        "--output, in a folder you may write to"
    )


def test_report_source_takes_a_jira_projects_name(env, fake) -> None:
    # `report --help`: "a project/board name or key". A fetched project is stored as
    # "DEMO (Demo Onboarding)": its key and that whole label selected it, its name did not.
    assert jira_run("fetch", "jira", "--project", "DEMO").exit_code == 0
    for selector in ("DEMO", "Demo Onboarding", "demo onboarding", "DEMO (Demo Onboarding)"):
        result = jira_run("report", "--source", selector, "--format", "json")
        assert result.exit_code == 0, (selector, result.output)
        assert "DEMO-2" in result.stdout


def test_a_model_that_may_not_be_written_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    from models.artifact import save_model
    from models.classifier import load_model
    from models.interface import ModelError

    model = load_model()

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "write_text", refused)
    with pytest.raises(ModelError) as caught:
        save_model(model, tmp_path / "m.json")
    assert str(caught.value) == (
        f"{tmp_path / 'm.json'}: cannot write the model (Permission denied); pick another --output"
    )


def test_a_store_that_may_not_be_created_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    from connectors.store import Store, StoreError

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("connectors.store.core.os.open", refused)
    with pytest.raises(StoreError) as caught:
        Store(tmp_path / "s.sqlite")
    assert str(caught.value) == (
        f"cannot create the store {tmp_path / 's.sqlite'}: Permission denied; pass --db a file "
        "in a folder you may write to"
    )


def _shell_commands(page: Path) -> list[str]:
    blocks = re.findall(r"^```sh\n(.*?)^```", page.read_text(encoding="utf-8"), re.M | re.S)
    return [
        line.split("  #")[0]
        for block in blocks
        for line in block.splitlines()
        if "backlog-analyzer " in line and not line.lstrip().startswith("#")
    ]


def test_readme_shell_blocks_can_be_pasted() -> None:
    # A `[--db PATH]` synopsis inside a ```sh block fails when pasted ("Got unexpected extra
    # argument(s)"): options a line does not use go in its comment. README's tour and the
    # reference pages it links to (docs/*.md, session 35) alike.
    root = Path(__file__).resolve().parents[1]
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    commands = {page.name: _shell_commands(page) for page in pages}
    assert len(commands["README.md"]) > 20
    assert sum(len(found) for found in commands.values()) > 60
    assert {
        name: [c for c in found if re.search(r"\s\[", c)] for name, found in commands.items()
    } == {name: [] for name in commands}


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("scan", "jira", "export.csv"), "leave out 'jira' (backlog-analyzer scan export.csv)"),
        (("scan", "trello", "board.json"), "leave out 'trello' (backlog-analyzer scan board.json)"),
        (("review", "jira", "export.csv"), "to review an export, leave out 'jira'"),
    ],
)
def test_an_export_given_as_a_live_target_is_one_line(cli_home: Path, monkeypatch, args, said):
    # `scan jira export.csv` went on to the live source: "no Jira server: pass --server URL, set
    # JIRA_SERVER, …" (or, with JIRA_SERVER set, "no project EXPORT.CSV"), sending a user who
    # only meant to scan a file off to configure a server.
    for name in ("JIRA_SERVER", "JIRA_EMAIL", "JIRA_API_TOKEN", "JIRA_PAT"):
        monkeypatch.delenv(name, raising=False)
    (cli_home / args[2]).write_bytes(BOARD.read_bytes())
    result = run(*args)
    assert result.exit_code == 2
    line = one_error_line(result)
    assert f"{args[2]} is a file: " in line and said in line


ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("roles.toml", None, "is a roles file (TOML), not an export — give it with --roles"),
        ("fixes.csv", "item,label\nPROJ-1,strategic\n", "is a corrections file (item,label)"),
        (
            "review.csv",
            "\ufeffitem,label,title,model_label,confidence,reason,list,status,type,url\r\n",
            "give it with --corrections",
        ),
        ("labelled.csv", "text,label\nRoadmap,strategic\n", "backlog-analyzer evaluate FILE"),
        ("mine.json", None, "is a backlog-analyzer model, not an export — give it with --model"),
    ],
)
def test_the_tools_own_file_as_the_export_names_its_option(cli_home: Path, name, text, said):
    # `scan board.json backlog-analyzer.toml` (a roles file without --roles) was told to "export
    # the board as JSON from Trello …"; a worksheet was read as a Jira CSV lacking issue keys.
    path = cli_home / name
    if name == "roles.toml":
        path.write_bytes((ROOT / "examples" / "backlog-analyzer.toml").read_bytes())
    elif name == "mine.json":
        path.write_text('{"format": "backlog-analyzer/role-model", "labels": []}\n')
    else:
        path.write_text(text, encoding="utf-8")
    for args in (("scan", path), ("scan", BOARD, path), ("import", path)):
        result = run(*args)
        assert result.exit_code == 2, args
        assert said in one_error_line(result), args


def test_a_roles_table_inside_an_exports_text_is_no_roles_file() -> None:
    from connectors.exports.own_files import own_file_problem

    csv_text = 'Summary,Issue key,Description\nA,P-1,"notes\n[people]\nend"\n'
    assert own_file_problem(csv_text) is None
    assert own_file_problem("# comment\n\n[people] # who\n") is not None


def _anchors(page: Path) -> set[str]:
    """A Markdown page's heading anchors as GitHub makes them (repeats get -1, -2, …)."""
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    seen: dict[str, int] = {}
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.*)$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return anchors


def test_readme_and_docs_links_resolve() -> None:
    # Session 35 moved README's reference into docs/*.md: every relative link of README and of
    # those pages names a file that exists, and every #anchor a heading of it.
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            dest = (page.parent / path).resolve() if path else page
            if not dest.exists() or (anchor and anchor not in _anchors(dest)):
                broken.append(f"{page.name}: {target}")
    assert broken == []
