"""Issue 10, finding 6: a hand-inserted row no longer bricks the read commands, tampering with
the log no longer passes as genuine (`themes check` names it, read commands warn)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from fakes import curated_project, tamper
from typer.testing import CliRunner

from themes.cli.app import app
from themes.core.errors import CheckFailedError

runner = CliRunner()
TRANSCRIPT_TEXT = "really matters to us here"  # in every participant turn of write_study
WARNING = "the decision log cannot be trusted"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return curated_project(tmp_path_factory.mktemp("cli-check"))


@pytest.fixture
def p(base, tmp_path) -> str:
    return str(shutil.copytree(base, tmp_path / "p"))


def ok(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def read_commands(p: str, tmp: str) -> list[list[str]]:
    return [
        ["list", "-p", p],
        ["history", "-p", p],
        ["report", "-p", p, "--format", "md", "--out", f"{tmp}/r.md"],
        ["report", "-p", p, "--out", f"{tmp}/r.html"],
        ["export", "-p", p, "--what", "themes"],
        ["export", "-p", p, "--what", "segments", "--out", f"{tmp}/s.csv"],
        ["compare", "1", "3", "-p", p],
        ["suggest-merges", "-p", p],
    ]


def test_check_passes_on_a_healthy_project_and_read_commands_do_not_warn(p, tmp_path) -> None:
    result = ok("check", "--project", p)
    assert "Every check holds." in result.stdout and "FAILED" not in result.stdout
    for args in read_commands(p, str(tmp_path)):
        assert WARNING not in ok(*args).stderr, args


@pytest.mark.parametrize("payload", ["{}", "this is not JSON"])
def test_a_hand_inserted_row_is_reported_not_a_crash(p, tmp_path, payload) -> None:
    tamper(p).execute(
        "INSERT INTO events (run_id, created_at, analyst, kind, payload) "
        "VALUES (1, '2026-01-01T00:00:00', 'someone', 'undo', ?)",
        (payload,),
    )
    for args in read_commands(p, str(tmp_path)):
        result = ok(*args)
        warnings = [line for line in result.stderr.splitlines() if WARNING in line]
        assert len(warnings) == 1, (args, result.stderr)
        assert "1 invalid event(s) are not replayed (6)" in warnings[0]
        assert "themes check --project" in warnings[0]
    history = ok("history", "-p", p).stdout
    assert "#6 2026-01-01T00:00:00 someone: invalid 'undo' event [invalid:" in history
    assert "invalid:" in (tmp_path / "r.md").read_text(encoding="utf-8")
    result = runner.invoke(app, ["check", "-p", p])
    assert isinstance(result.exception, CheckFailedError) and result.exception.exit_code == 6
    assert "event 6 has no hash: it was added outside themes" in result.stdout
    assert "event 6 (run 1) is not a valid 'undo' event" in result.stdout
    assert "trigger events_append_only_update is missing" in result.stdout


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (
            'UPDATE events SET payload=\'{"name": "Other", "theme": 3}\' WHERE id=3',
            "event 3 was changed",
        ),
        ("DELETE FROM events WHERE id=3", "the log is broken before event 4"),
        ("DELETE FROM events WHERE id=5", "latest event(s) that themes recorded are missing"),
        ("UPDATE events SET id=id+100 WHERE id=2", "event 102 was changed"),
    ],
    ids=["edited", "deleted", "latest-deleted", "reordered"],
)
def test_tampering_is_named_by_check_and_warned_by_read_commands(p, tmp_path, change, named):
    tamper(p).execute(change)
    result = runner.invoke(app, ["check", "--project", p])
    assert isinstance(result.exception, CheckFailedError), result.output
    assert named in result.stdout
    assert "FAILED chain: the decision log's hash chain" in result.stdout
    assert TRANSCRIPT_TEXT not in result.output
    for args in read_commands(p, str(tmp_path))[:3]:
        result = ok(*args)
        assert "does not verify against its hash chain" in result.stderr, args


def test_check_exits_6_from_the_command_line(p) -> None:
    tamper(p).execute("UPDATE events SET analyst='eve' WHERE id=1")
    done = subprocess.run(
        [sys.executable, "-c", "from themes.cli.app import main; main()", "check", "-p", p],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 6, done.stderr
    assert "event 1 was changed" in done.stdout and "checks failed" in done.stderr
