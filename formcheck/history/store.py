"""The local SQLite history of analysed sessions: opening, migrations, transactional writes, reads.

Every write runs inside one ``BEGIN IMMEDIATE ... COMMIT`` with the file in WAL mode and
``synchronous=FULL``: a process killed mid-write (or a power cut) leaves the previous, complete
state, never a half-written session or a corrupt file. The schema version lives in a ``meta`` table;
opening a file applies the missing migrations, in order, each in its own transaction.

A file is inspected read-only first (``inspect.py``); only one formcheck accepts is switched to WAL
or migrated, so a refused file is left exactly as it was. Every SQLite failure (locked by another
process for more than ``BUSY_TIMEOUT_S``, read-only, damaged, disk full) becomes one line with exit
code 13 (``failures.py``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from formcheck.errors import HistoryUnavailable
from formcheck.history import failures
from formcheck.history.failures import BUSY_TIMEOUT_S, label, sqlite_errors
from formcheck.history.inspect import check_folder_writable, inspect_history, make_folder, open_read_only
from formcheck.history.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SESSION_COLUMNS,
    check_sessions_table,
    check_version_known,
    newest_version,
    schema_version,
)
from formcheck.history.session import MalformedSession, SessionRecord, session_from_row, utc_iso

__all__ = [
    "BUSY_TIMEOUT_S",
    "DB_FILE_NAME",
    "HISTORY_ENV_VAR",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "HistoryError",
    "SessionRecord",
    "SessionsRead",
    "check_writable",
    "connect",
    "default_db_path",
    "insert_sessions",
    "migrate",
    "open_for_reading",
    "read_sessions",
    "schema_version",
    "transaction",
]

HISTORY_ENV_VAR = "FORMCHECK_HISTORY"
DB_FILE_NAME = "history.sqlite3"

# The history file cannot be used (newer schema, not a database, locked...): exit code 13.
HistoryError = HistoryUnavailable


def default_db_path() -> Path:
    """``$FORMCHECK_HISTORY`` when set, else ``history.sqlite3`` in the user's data folder."""
    override = os.environ.get(HISTORY_ENV_VAR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_data_path("formcheck", appauthor=False) / DB_FILE_NAME


def resolve_db_path(db_path: Path | str | None) -> Path:
    return Path(db_path).expanduser() if db_path is not None else default_db_path()


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All or nothing: the block's writes are committed together or rolled back."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def migrate(
    connection: sqlite3.Connection,
    migrations: Sequence[tuple[int, str]] = MIGRATIONS,
    path: Path | str | None = None,
) -> int:
    """Apply the steps newer than the file's version, one transaction each; return the new version."""
    current = schema_version(connection, path)
    check_version_known(current, path, newest_version(migrations))
    for version, sql in migrations:
        if version <= current:
            continue
        with transaction(connection):
            connection.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            for statement in sql.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(version),)
            )
        current = version
    return current


def connect(
    db_path: Path | str | None = None, *, migrations: Sequence[tuple[int, str]] = MIGRATIONS
) -> sqlite3.Connection:
    """Open for writing (creating the file when needed) and migrate; a refused file is not touched."""
    path = resolve_db_path(db_path)
    inspect_history(path, migrations)
    make_folder(path)
    with sqlite_errors(path):
        # isolation_level=None: no implicit transactions; every write goes through transaction().
        connection = sqlite3.connect(str(path), timeout=failures.BUSY_TIMEOUT_S, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            migrate(connection, migrations, path)
            if migrations is MIGRATIONS:
                check_sessions_table(connection, path)
        except BaseException:
            connection.close()
            raise
    return connection


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def open_for_reading(db_path: Path | str | None = None) -> sqlite3.Connection | None:
    """A connection to read sessions from; None when nothing was saved yet (no file is created).

    A writable file is opened as by :func:`connect` (so an older schema is migrated); a read-only
    one (a backup on read-only media, say) is read as it is when it needs no migration.
    """
    path = resolve_db_path(db_path)
    version = inspect_history(path)
    if not version:  # no file, or an empty database: no sessions
        return None
    if _writable(path):
        return connect(path)
    if version != SCHEMA_VERSION:
        raise HistoryUnavailable(
            f"{label(path)} is read-only and has schema version {version}; formcheck must upgrade it "
            f"to {SCHEMA_VERSION} once: make it writable"
        )
    with sqlite_errors(path):
        return open_read_only(path)


def check_writable(db_path: Path | str | None = None) -> Path:
    """Before an analysis whose sessions will be saved: the file is a usable formcheck history, it
    and its folder can be written, and no other process holds its write lock for more than
    ``BUSY_TIMEOUT_S``. Creates no file when there is none yet. Returns the path."""
    path = resolve_db_path(db_path)
    version = inspect_history(path)
    check_folder_writable(path)
    if version is None:
        return path
    with closing(connect(path)) as connection, sqlite_errors(path), transaction(connection):
        pass  # taking the write lock and releasing it is the test
    return path


def _insert_values(record: SessionRecord, saved_at: str) -> tuple:
    return (
        utc_iso(record.performed_at),
        saved_at,
        record.clip,
        record.exercise,
        record.side,
        record.verdict,
        record.duration_s,
        record.peak_hip_extension_deg,
        record.max_lumbar_arch_deg,
        record.lowest_thigh_to_horizontal_deg,
        record.thomas_angle_deg,
        record.thomas_result,
        json.dumps(list(record.hold_times_s)),
        json.dumps(list(record.mistakes)),
        record.fingerprint or f"manual:{record.clip}:{utc_iso(record.performed_at)}",
    )


def insert_sessions(
    connection: sqlite3.Connection, records: Sequence[SessionRecord], path: Path | str | None = None
) -> list[int | None]:
    """Insert in one transaction; a record whose fingerprint is already saved gives None."""
    saved_at = utc_iso(datetime.now(timezone.utc))
    placeholders = ", ".join("?" * len(SESSION_COLUMNS))
    ids: list[int | None] = []
    with sqlite_errors(path), transaction(connection):
        for record in records:
            cursor = connection.execute(
                f"INSERT OR IGNORE INTO sessions ({', '.join(SESSION_COLUMNS)}) VALUES ({placeholders})",
                _insert_values(record, saved_at),
            )
            ids.append(cursor.lastrowid if cursor.rowcount == 1 else None)
    return ids


@dataclass(frozen=True, slots=True)
class SessionsRead:
    """Sessions read back, oldest first, and why each malformed row was skipped."""

    sessions: list[SessionRecord]
    skipped: tuple[str, ...] = ()  # "row 7: performed_at is 'yesterday', not a date"


def read_sessions(
    connection: sqlite3.Connection,
    *,
    exercise: str | None = None,
    limit: int | None = None,
    path: Path | str | None = None,
) -> SessionsRead:
    """Sessions oldest first (the last ``limit`` when given); malformed rows are skipped, not guessed."""
    query = "SELECT * FROM sessions"
    params: list[object] = []
    if exercise is not None:
        query += " WHERE exercise = ?"
        params.append(exercise)
    query += " ORDER BY performed_at DESC, id DESC"
    if limit is not None:
        query += " LIMIT ?"
        params.append(int(limit))
    connection.row_factory = sqlite3.Row
    with sqlite_errors(path), closing(connection.execute(query, params)) as cursor:
        rows = cursor.fetchall()
    sessions: list[SessionRecord] = []
    skipped: list[str] = []
    for row in reversed(rows):
        try:
            sessions.append(session_from_row(row))
        except MalformedSession as error:
            skipped.append(f"row {row['id']}: {error}")
    return SessionsRead(sessions, tuple(skipped))
