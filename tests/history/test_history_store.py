"""The history file: versioned schema, migrations, all-or-nothing writes, crash safety."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timezone

import pytest

from formcheck.history import SessionRecord, list_sessions, save_records
from formcheck.history.store import (
    SCHEMA_VERSION,
    HistoryError,
    connect,
    default_db_path,
    migrate,
    schema_version,
    transaction,
)


def _session(day: int, clip: str = "clip.mp4", side: str = "left") -> SessionRecord:
    return SessionRecord(
        performed_at=datetime(2026, 11, day, 8, 0, tzinfo=timezone.utc),
        clip=clip,
        exercise="couch-stretch",
        side=side,
        peak_hip_extension_deg=10.0 + day,
        mistakes=("back_arch",),
        hold_times_s=(22.5, 25.0),
    )


def test_a_new_history_file_records_the_current_schema_version_in_its_meta_table(tmp_path):
    connection = connect(tmp_path / "h.sqlite3")
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
    connection.close()
    assert int(row[0]) == SCHEMA_VERSION >= 1
    assert journal == "wal"


def test_a_file_written_by_a_newer_formcheck_is_refused_with_a_clear_error(tmp_path):
    path = tmp_path / "h.sqlite3"
    connect(path).close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    raw.commit()
    raw.close()
    with pytest.raises(HistoryError, match="schema version 999"):
        connect(path)


def test_a_file_that_is_not_a_database_is_refused_with_a_clear_error(tmp_path):
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(HistoryError, match="is not a SQLite database"):
        connect(path)


def test_migrations_run_in_order_and_only_the_missing_ones(tmp_path):
    steps = ((1, "CREATE TABLE a (x INTEGER)"), (2, "ALTER TABLE a ADD COLUMN y INTEGER"))
    raw = sqlite3.connect(tmp_path / "m.sqlite3", isolation_level=None)
    assert migrate(raw, steps[:1]) == 1
    raw.execute("INSERT INTO a (x) VALUES (7)")
    assert migrate(raw, steps) == 2
    assert migrate(raw, steps) == 2  # nothing left to do: re-running must not fail
    assert raw.execute("SELECT x, y FROM a").fetchall() == [(7, None)]
    assert schema_version(raw) == 2


def test_sessions_round_trip_with_their_figures_and_lists(tmp_path):
    db = tmp_path / "h.sqlite3"
    save_records([_session(3), _session(1, clip="b.mp4")], db)
    sessions = list_sessions(db)
    assert [s.clip for s in sessions] == ["b.mp4", "clip.mp4"]  # oldest first
    assert sessions[1].peak_hip_extension_deg == 13.0
    assert sessions[1].hold_times_s == (22.5, 25.0)
    assert sessions[1].mistakes == ("back_arch",)
    assert sessions[1].performed_at == datetime(2026, 11, 3, 8, 0, tzinfo=timezone.utc)


def test_an_error_inside_a_write_leaves_nothing_of_it_behind(tmp_path):
    db = tmp_path / "h.sqlite3"
    save_records([_session(1)], db)
    connection = connect(db)
    with pytest.raises(RuntimeError), transaction(connection):
        connection.execute(
            "INSERT INTO sessions (performed_at, saved_at, clip, hold_times_s, mistakes, fingerprint) "
            "VALUES ('2026-11-02T00:00:00+00:00', 'x', 'half.mp4', '[]', '[]', 'f')"
        )
        raise RuntimeError("crash in the middle of a write")
    connection.close()
    assert [s.clip for s in list_sessions(db)] == ["clip.mp4"]


def test_a_writer_killed_mid_transaction_leaves_an_intact_file_with_the_previous_sessions(tmp_path):
    db = tmp_path / "h.sqlite3"
    save_records([_session(1), _session(2, clip="b.mp4")], db)
    script = textwrap.dedent(
        f"""
        import os, signal
        from formcheck.history.store import connect
        connection = connect({str(db)!r})
        connection.execute("BEGIN IMMEDIATE")
        for i in range(500):
            connection.execute(
                "INSERT INTO sessions (performed_at, saved_at, clip, hold_times_s, mistakes, fingerprint) "
                "VALUES ('2026-11-05T00:00:00+00:00', 'x', 'killed.mp4', '[]', '[]', ?)", (str(i),))
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert result.returncode == -9
    connection = connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    assert [s.clip for s in list_sessions(db)] == ["clip.mp4", "b.mp4"]


def test_the_history_path_follows_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("FORMCHECK_HISTORY", str(tmp_path / "elsewhere.sqlite3"))
    assert default_db_path() == tmp_path / "elsewhere.sqlite3"
    save_records([_session(4)])
    assert (tmp_path / "elsewhere.sqlite3").exists()
    assert len(list_sessions()) == 1


def test_an_unusable_history_file_is_a_user_error_with_its_own_exit_code(tmp_path):
    from typer.testing import CliRunner

    from formcheck.cli import history as history_cli

    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"not a database" * 100)
    result = CliRunner().invoke(history_cli.app, ["--db", str(path)])
    assert result.exit_code == 13
    assert "is not a SQLite database" in result.output
