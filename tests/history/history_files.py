"""Factories for history files formcheck must refuse, sessions, and a process that holds a lock."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest

from formcheck.history import SessionRecord
from formcheck.history.store import connect


def session(day: int, clip: str = "clip.mp4", side: str = "left", peak: float | None = None) -> SessionRecord:
    return SessionRecord(
        performed_at=datetime(2026, 11, day, 8, 0, tzinfo=timezone.utc),
        clip=clip,
        exercise="couch-stretch",
        side=side,
        peak_hip_extension_deg=10.0 + day if peak is None else peak,
        mistakes=("back_arch",),
        hold_times_s=(22.5, 25.0),
        fingerprint=f"{clip}:{day}:{side}",
    )


def _formcheck_file(path: Path, sql: str) -> None:
    """A real formcheck history (WAL mode, as formcheck leaves it), then changed by ``sql``."""
    connection = connect(path)
    connection.execute(sql)
    connection.close()


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not sqlite at all\x00\xff" * 200)


def _sqlite_header_then_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad\xbe\xef" * 1024)


def _future_schema(path: Path) -> None:
    _formcheck_file(path, "UPDATE meta SET value = '999' WHERE key = 'schema_version'")


def _future_schema_in_rollback_journal_mode(path: Path) -> None:
    """As a newer formcheck (or a copy made with the sqlite3 shell) may leave it: not in WAL mode."""
    raw = sqlite3.connect(path)
    raw.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES ('schema_version', '2');"
        "CREATE TABLE sessions (id INTEGER PRIMARY KEY, performed_at TEXT, new_figure REAL);"
    )
    raw.close()


def _non_integer_version(path: Path) -> None:
    _formcheck_file(path, "UPDATE meta SET value = 'one' WHERE key = 'schema_version'")


def _fractional_version(path: Path) -> None:
    _formcheck_file(path, "UPDATE meta SET value = 1.5 WHERE key = 'schema_version'")


def _no_version_row(path: Path) -> None:
    _formcheck_file(path, "DELETE FROM meta")


def _no_sessions_table(path: Path) -> None:
    _formcheck_file(path, "DROP TABLE sessions")


def _sessions_table_lacks_a_column(path: Path) -> None:
    _formcheck_file(path, "ALTER TABLE sessions DROP COLUMN thomas_result")


def _another_programs_database(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE contacts (name TEXT)")
    raw.execute("INSERT INTO contacts VALUES ('Ada')")
    raw.commit()
    raw.close()


# (factory, words the one-line error must contain)
REFUSED_FILES = [
    pytest.param(_garbage, "is not a SQLite database", id="garbage-bytes"),
    pytest.param(_sqlite_header_then_garbage, "history database", id="sqlite-header-then-garbage"),
    pytest.param(_future_schema, "schema version 999, newer than this formcheck knows", id="future-schema"),
    pytest.param(
        _future_schema_in_rollback_journal_mode, "schema version 2, newer", id="future-schema-not-wal"
    ),
    pytest.param(
        _non_integer_version, "schema version 'one' is not a whole number", id="non-integer-version"
    ),
    pytest.param(_fractional_version, "schema version '1.5' is not a whole number", id="fractional-version"),
    pytest.param(_no_version_row, "no schema version", id="no-version-row"),
    pytest.param(_no_sessions_table, "has no sessions table", id="missing-table"),
    pytest.param(_sessions_table_lacks_a_column, "lacks thomas_result", id="missing-column"),
    pytest.param(_another_programs_database, "SQLite database of something else", id="another-programs-db"),
]


def folder_snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the folder with its bytes and modification time (ns)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir()) if p.is_file()}


@contextmanager
def locked_by_another_process(path: Path) -> Iterator[None]:
    """Another Python process holds ``BEGIN EXCLUSIVE`` on the file until the block ends."""
    script = textwrap.dedent(
        f"""
        import sqlite3, sys
        connection = sqlite3.connect({str(path)!r}, isolation_level=None)
        connection.execute("BEGIN EXCLUSIVE")
        print("locked", flush=True)
        sys.stdin.read()  # until the test closes our stdin
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == "locked"
        yield
    finally:
        process.stdin.close()
        process.wait(timeout=30)
