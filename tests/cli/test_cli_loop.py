"""The analyst's loop at the command line: discard, bulk move and exclude (also from a file),
show, saturation in an order, compare and suggest-merges agreeing on a pair; and what the
curation commands do not load (scikit-learn, scipy, UMAP; numpy and pydantic where a
decision does not need them), checked in a fresh interpreter."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from themes.cli.app import app
from themes.core.errors import InputError
from themes.curation.view import load_view
from themes.store.project import Project

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def base(fake_study):
    return fake_study()


@pytest.fixture
def p(base, tmp_path, monkeypatch) -> str:
    shutil.copytree(base / "p", tmp_path / "p")
    monkeypatch.setenv("THEMES_ANALYST", "tester")
    return str(tmp_path / "p")


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def view_of(p: str):
    with Project.open(p) as store:
        return load_view(store)


def test_discard_sets_a_theme_aside_and_undo_brings_it_back(p) -> None:
    theme = view_of(p).themes[-1]
    out = invoke("discard", str(theme.id), "--memo", "restates the task", "-p", p)
    assert f"theme {theme.id} discarded" in out
    assert view_of(p).theme(theme.id) is None
    assert f"discard theme {theme.id}" in invoke("history", "-p", p)
    assert f"\n│ {theme.id:>2} │" not in invoke("list", "-p", p)
    invoke("undo", "--yes", "-p", p)
    assert view_of(p).theme(theme.id) is not None


def test_move_and_exclude_take_several_segments_or_a_file(p, tmp_path) -> None:
    view = view_of(p)
    a, b = view.themes[0], view.themes[1]
    segs = list(b.segment_ids[:3])
    out = invoke("move", *segs[:2], str(a.id), "-p", p)
    assert f"2 segments moved to theme {a.id}" in out
    listed = tmp_path / "ids.txt"
    listed.write_text(f"# one more\n{segs[2]}\n", encoding="utf-8")
    assert f"segment {segs[2]} moved" in invoke(
        "move", "--from-file", str(listed), str(a.id), "-p", p
    )
    assert all(view_of(p).assignments[s].theme_id == a.id for s in segs)
    assert "3 segments set aside" in invoke("exclude", *segs[:2], "-f", str(listed), "-p", p)
    assert {s.id for s in view_of(p).excluded()} == set(segs)
    assert len(view_of(p).events) == 3  # one event per command
    result = runner.invoke(app, ["exclude", "-p", p])
    assert result.exit_code == 2 and "name segment ids or give --from-file" in result.output


def test_show_lists_a_themes_segments(p) -> None:
    view = view_of(p)
    theme = max(view.themes, key=lambda t: t.size)
    out = invoke("show", str(theme.id), "-p", p)
    assert f"Theme {theme.id}: " in out and f"{theme.size} segments" in out
    first = view.segments[next(s for s in view.order if s in theme.segment_ids)]
    assert first.id in out and "prompt: " in out and first.speaker in out
    every = invoke("show", str(theme.id), "--all", "-p", p)
    assert all(s in every for s in theme.segment_ids)
    if theme.size > 20:
        assert f"{theme.size - 20} more segment(s)" in out


def test_saturation_in_id_or_field_order_with_a_csv(p, tmp_path) -> None:
    out = invoke("saturation", "--order", "site", "--csv", str(tmp_path / "s.csv"), "-p", p)
    assert "transcripts in site order" in out
    header = (tmp_path / "s.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "order_value" in header and "n_new_themes" in header and "not_counted" in header
    assert "in id order" in invoke("saturation", "--order", "id", "-p", p)
    result = runner.invoke(app, ["saturation", "--order", "date", "-p", p])
    assert isinstance(result.exception, InputError)
    assert "no transcript has a metadata field 'date'" in str(result.exception)


def test_compare_says_what_suggest_merges_says(p) -> None:
    out = invoke("suggest-merges", "--top", "3", "-p", p)
    row = re.search(r"│ (\d+)\s+│ (\d+)\s+│ (\d+)%\s+│ (merge|look closer|keep apart)", out)
    assert row is not None, out
    a, b, share, verdict = row.groups()
    compared = invoke("compare", a, b, "-p", p)
    assert f"Suggestion: {verdict}: {share}% of their segments' 10 nearest" in " ".join(
        compared.split()
    )


def test_run_keeps_the_configs_largest_seed() -> None:
    from themes.cli.run_cmd import MAX_SEED
    from themes.core.config import MAX_SEED as CONFIG_MAX_SEED

    assert MAX_SEED == CONFIG_MAX_SEED


def test_values_typer_would_refuse_get_typers_own_message(p) -> None:
    for args, said in [
        (["undo", "0", "-p", p], "greater than or equal to 1"),
        (["show", "one", "-p", p], "valid integer"),
        (["move", "--from-file", "/no/such/file", "3", "-p", p], "does not exist"),
    ]:
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and said in result.output, result.output


HEAVY = ("sklearn", "scipy", "umap", "pynndescent", "hdbscan", "torch", "numba")
LIGHT = ("numpy", "pydantic", "yaml")  # not needed to decide and record
PROBE = """
import json, sys
from themes.cli.app import app
from themes.core.errors import InputError
from themes.cli.exits import run
code = run(app, sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(m.split(".")[0] for m in sys.modules)}))
"""


def _loaded(args: list[str]) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True
    )
    last = proc.stdout.strip().splitlines()[-1]
    found = json.loads(last)
    assert found["code"] == 0, proc.stdout + proc.stderr
    return set(found["modules"])


def test_curation_commands_load_no_scikit_learn_scipy_or_umap(p, tmp_path) -> None:
    view = view_of(p)
    a, b = view.themes[0].id, view.themes[1].id
    seg = view.themes[2].segment_ids[0]
    invoke("merge", str(a), str(b), "--name", "Both", "-p", p)  # the cache is ready
    invoke("map", "set", str(b + 1), "trust", "--model", "gillard2014", "-p", p)  # model indexed
    decisions = [
        ["list"],
        ["show", str(a)],
        ["history"],
        ["rename", str(a), "Named"],
        ["define", str(a), "What it is"],
        ["memo", str(a), "a note"],
        ["move", seg, str(a)],
        ["exclude", view.themes[3].segment_ids[0]],
        ["merge", str(a), str(view.themes[3].id), "--name", "Three"],
        ["undo", "--yes"],
        ["discard", str(view.themes[4].id)],
        ["map", "set", str(a), "trust", "--model", "gillard2014"],
    ]
    for args in decisions:
        loaded = _loaded([*args, "-p", p])
        assert not loaded & set(HEAVY), (args, loaded & set(HEAVY))
        assert not loaded & set(LIGHT), (args, loaded & set(LIGHT))
    for args in (
        ["compare", str(a), str(view.themes[5].id)],
        ["suggest-merges"],
        ["split", str(a)],
    ):
        loaded = _loaded([*args, "-p", p])
        assert not loaded & set(HEAVY), (args, loaded & set(HEAVY))


def test_list_flags_echo_and_filler_themes_as_discovery_does() -> None:
    from dataclasses import replace

    from themes.cli.themes_cmd import set_aside_flag
    from themes.core.types import Theme
    from themes.discovery.describe import set_aside_flag as discoverys

    theme = Theme(1, "l", (), 1, (), (), 1, 1, 1.0, True, {}, 0.0, None)
    for echo, filler in [(0.0, 0.0), (0.7, 0.0), (0.0, 0.65), (0.3, 0.4), (0.2, 0.2)]:
        shares = replace(theme, echo_share=echo, filler_share=filler)
        assert set_aside_flag(shares, 0.6) == discoverys(shares, 0.6)


def test_each_command_is_run_by_the_module_that_registers_it() -> None:
    """`main` builds only the command's own module: the table says which registers what."""
    import typer.main

    from themes.cli import app as cli_app

    every = typer.main.get_command(cli_app.make_app())
    assert set(cli_app.COMMANDS) == set(every.commands)  # type: ignore[attr-defined]
    for name, module in cli_app.COMMANDS.items():
        one = typer.main.get_command(cli_app.make_app((module,)))
        assert name in one.commands  # type: ignore[attr-defined]
