"""The project keeps the change models it maps and codes against, and machine codes as rows."""

from __future__ import annotations

import sqlite3

import pytest

from themes.core.errors import EventError, NotFoundError
from themes.store.change_models import MachineCode, content_hash
from themes.store.project import Project
from themes.store.schema import MIGRATIONS, apply

YAML = "name: M\nelements:\n  - {id: a, name: A}\n"


@pytest.fixture()
def project(tmp_path):
    with Project.open(tmp_path / "p", create=True) as p:
        p.conn.execute(
            "INSERT INTO runs (created_at, kind, fingerprint, config, model_id, versions, seed, "
            "folder, summary) VALUES ('t','run','f','{}','m','{}',1,'.','{}')"
        )
        yield p


def test_a_model_is_stored_once_under_the_hash_of_its_text(project) -> None:
    digest = project.save_change_model("first.yaml", YAML)
    assert digest == content_hash(YAML) and len(digest) == 64
    assert project.save_change_model("renamed.yaml", YAML) == digest  # same text, same model
    stored = project.change_model(digest)
    assert (stored.name, stored.content, stored.hash) == ("first.yaml", YAML, digest)
    assert stored.short_hash == digest[:12]
    other = project.save_change_model("second.yaml", YAML + "# edited\n")
    assert [m.hash for m in project.change_models()] == [digest, other]
    assert project.current_change_model().hash == other  # type: ignore[union-attr]
    project.save_change_model("first.yaml", YAML)  # used again: the current one again
    assert project.current_change_model().hash == digest  # type: ignore[union-attr]
    assert len(project.change_models()) == 2


def test_an_unknown_hash_says_what_to_do(project) -> None:
    assert project.current_change_model() is None
    with pytest.raises(NotFoundError, match="--model"):
        project.change_model("0" * 64)


def test_machine_codes_replace_a_run_and_model_as_a_whole(project) -> None:
    m1 = project.save_change_model("m1", YAML)
    m2 = project.save_change_model("m2", YAML + "#\n")
    rows = [MachineCode("P1:2", "a", 0.8, "zero-shot"), ("P1:3", "a", 0.61, "zero-shot")]
    assert project.save_codes(1, m1, rows) == 2
    project.save_codes(1, m2, [("P1:9", "a", 0.5, "trained")])
    assert project.codes(1, m1) == [
        MachineCode("P1:2", "a", 0.8, "zero-shot"),
        MachineCode("P1:3", "a", 0.61, "zero-shot"),
    ]
    project.save_codes(1, m1, [("P1:4", "a", 0.7, "trained")])
    assert project.codes(1, m1) == [MachineCode("P1:4", "a", 0.7, "trained")]
    assert project.codes(1, m2)[0].segment_id == "P1:9"  # another model's codes stay
    assert project.coded_models(1) == [m2, m1]  # in the order their codes were stored
    assert project.codes(2, m1) == []


def test_codes_are_columns_and_need_a_stored_model(project) -> None:
    m1 = project.save_change_model("m1", YAML)
    project.save_codes(1, m1, [("P1:2", "a", 0.8, "zero-shot")])
    row = project.conn.execute(
        "SELECT run_id, segment_id, element, score, method, model_hash FROM codes"
    ).fetchone()
    assert row == (1, "P1:2", "a", 0.8, "zero-shot", m1)
    with pytest.raises(NotFoundError):
        project.save_codes(1, "f" * 64, [("P1:2", "a", 0.8, "zero-shot")])


def test_a_failed_save_keeps_the_codes_there_were(project) -> None:
    m1 = project.save_change_model("m1", YAML)
    project.save_codes(1, m1, [("P1:2", "a", 0.8, "zero-shot")])
    with pytest.raises(sqlite3.IntegrityError):  # the same segment and element twice
        project.save_codes(1, m1, [("P1:5", "a", 0.8, "x"), ("P1:5", "a", 0.9, "x")])
    assert [c.segment_id for c in project.codes(1, m1)] == ["P1:2"]


def test_a_schema_3_project_gets_the_tables(tmp_path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    conn = sqlite3.connect(folder / "project.db", isolation_level=None)
    for version, migration in enumerate(MIGRATIONS[:3]):
        apply(conn, migration, version)
    conn.close()
    with Project.open(folder) as p:
        assert p.schema_problems() == []
        tables = {r[0] for r in p.conn.execute("SELECT name FROM sqlite_master")}
        assert {"change_models", "codes"} <= tables
        assert "m004_change_models" in {r[0] for r in p.conn.execute("SELECT name FROM migrations")}


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        ("map_set", {"theme": 1, "element": "a", "model": "abc"}),  # not a hash
        ("map_set", {"theme": 1, "element": "a b", "model": "0" * 64}),  # not an element id
        ("map_clear", {"theme": 1, "model": "0" * 64}),  # element missing (null for every one)
        ("code_set", {"segment": "P1:2", "element": "a", "model": "0" * 64, "score": 1.0}),
        ("code_clear", {"segment": "", "element": "a", "model": "0" * 64}),
    ],
)
def test_invalid_change_model_events_are_not_recorded(project, kind, payload) -> None:
    with pytest.raises(EventError, match="payload is invalid"):
        project.append_event(1, "ann", kind, payload)
    assert project.last_event_id() == 0
    ok = {"theme": 1, "element": None, "model": "0" * 64}
    assert project.append_event(1, "ann", "map_clear", ok) == 1
