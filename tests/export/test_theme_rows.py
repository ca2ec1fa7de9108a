"""The themes export keeps its structure: the analyst's notes in their own columns, one column
per metadata value a theme spreads over (no JSON inside a cell)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fakes import FakeEmbedder, write_study

from themes.core.config import load_config
from themes.curation import decisions as decide
from themes.curation.view import load_view
from themes.discovery.pipeline import run
from themes.export.tables import spread_columns, theme_rows, write_rows
from themes.store.project import Project

CONFIG = load_config(overrides=["cluster.min_cluster_size=4", "cluster.attach_threshold=0.3"])


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    root = tmp_path_factory.mktemp("rows")
    write_study(root / "study")
    run(root / "study", root / "p", CONFIG, embedder=FakeEmbedder())
    with Project.open(root / "p") as store:
        decide.rename(store, 1, "Housing worries", analyst="ann")
        decide.define(store, 1, "Homes and rent", include="bills", exclude="work housing")
        decide.memo(store, "1", "check against VOL2", analyst="bob")
        yield load_view(store)


def test_theme_rows_carry_the_analysts_notes(view) -> None:
    row = next(r for r in theme_rows(view) if r["theme_id"] == 1)
    assert row["name"] == "Housing worries" and row["definition"] == "Homes and rent"
    assert (row["include"], row["exclude"]) == ("bills", "work housing")
    assert len(row["memos"]) == 1 and row["memos"][0].startswith("check against VOL2 (bob, ")
    assert "spread" not in row


def test_spreads_are_columns(view) -> None:
    columns = spread_columns(view)
    # write_study names participants VOL1PW01, VOL2PW02...: org_context, site and role
    assert "spread_org_context_voluntary" in columns and "spread_site_1" in columns
    assert columns["spread_role_peer_worker"] == ("role", "peer worker")
    rows = theme_rows(view)
    assert all(list(r) == list(rows[0]) for r in rows)  # the same columns in every row
    for r, t in zip(rows, view.themes, strict=True):
        assert r["spread_org_context_voluntary"] == t.spread["org_context"]["voluntary"] == t.size
        assert r["spread_site_1"] + r["spread_site_2"] == t.size


def test_csv_and_jsonl_have_no_json_in_cells(view) -> None:
    buffer = io.StringIO()
    write_rows(theme_rows(view), "csv", buffer)
    record = next(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert not any(v.startswith(("{", "[")) for v in record.values())
    assert record["spread_org_context_voluntary"].isdigit()
    buffer = io.StringIO()
    write_rows(theme_rows(view), "jsonl", buffer)
    first = json.loads(buffer.getvalue().splitlines()[0])
    assert isinstance(first["memos"], list) and isinstance(first["spread_site_1"], int)
